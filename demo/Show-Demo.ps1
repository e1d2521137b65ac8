<#
.SYNOPSIS
    The tour: what the Rostrvm module does, told against the private sandbox server.
.DESCRIPTION
    Creates the demo rostrvm_920 database and a rostrvm root with its settings, then runs each
    step of demo/tour in order. Each step receives the sandbox and the settings path.
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = if ([Console]::IsOutputRedirected) { 'PlainText' } else { 'Host' }
$repo = Split-Path $PSScriptRoot -Parent
$root = Join-Path $repo (Join-Path 'out' 'demo')
if (Test-Path $root) { Remove-Item $root -Recurse -Force }
New-Item -ItemType Directory -Force -Path $root | Out-Null

function Write-Chapter([string] $Text) { Write-Host ''; Write-Host "--- $Text" }

Write-Chapter 'A rostrvm server in a box: a private MariaDB with binary logging, and the demo database'
$demo = & (Join-Path $PSScriptRoot 'New-DemoDatabase.ps1') -Port $Sandbox.Port -Credential $Sandbox.Credential -Size Small -Force `
    -LogPath (Join-Path $root 'logs') -ScriptRoot $root
Write-Host ("rostrvm_920 on 127.0.0.1:{0}: MIS from {1:yyyy-MM-dd} to {2:yyyy-MM-dd}, recordings, emails, SMS and chat; {3} log files" -f `
    $Sandbox.Port, $demo.From, $demo.To.AddDays(-1), (Get-ChildItem (Join-Path $root 'logs')).Count)

Import-Module $ModulePath -Force
$configurationPath = Join-Path $root 'RostrvmMaintenance.json'
Set-RostrvmConfiguration -ConfigurationPath $configurationPath -Server 127.0.0.1 -Port $Sandbox.Port -OptionFile $Sandbox.OptionFile `
    -LogPath (Join-Path $root 'logs') -BinlogPath $Sandbox.BinlogDirectory
Write-Host "Settings written to $configurationPath (the credential comes from an owner-only option file)."

foreach ($step in Get-ChildItem (Join-Path $PSScriptRoot 'tour') -Filter *.ps1 | Sort-Object Name) {
    & $step.FullName -Sandbox $Sandbox -ConfigurationPath $configurationPath
}
Write-Host ''
Write-Host ("End of the tour. The morning report: {0}" -f (Join-Path $root 'morning.html'))
