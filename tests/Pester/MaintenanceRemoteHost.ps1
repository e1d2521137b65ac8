<#
.SYNOPSIS
    Makes one "server" for the remoting test, run inside its network namespace
    (ip netns exec <ns> pwsh -File MaintenanceRemoteHost.ps1 ...): its own sandbox MariaDB on the
    namespace's 127.0.0.1, the demo database loaded from a dump, a rostrvm root with settings and
    dated logs. Writes the sandbox's state as JSON to -StatePath.
#>
param(
    [Parameter(Mandatory)] [string] $Name,
    [Parameter(Mandatory)] [string] $SandboxRoot,
    [Parameter(Mandatory)] [string] $Dump,
    [Parameter(Mandatory)] [string] $HostRoot,
    [Parameter(Mandatory)] [datetime] $Now,
    [Parameter(Mandatory)] [string] $StatePath
)
$ErrorActionPreference = 'Stop'
$repo = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
Import-Module (Join-Path $repo 'demo/Sandbox.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
$sandbox = Start-RostrvmSandbox -Name $Name -Root $SandboxRoot
Invoke-SandboxClient -Sandbox $sandbox -Query 'DROP DATABASE IF EXISTS rostrvm_920; CREATE DATABASE rostrvm_920 DEFAULT CHARACTER SET utf8mb4;' | Out-Null
$client = Find-ServerTool 'mariadb'
& $client "--defaults-extra-file=$($sandbox.OptionFile)" --protocol=TCP --database=rostrvm_920 "--init-command=SET SESSION sql_log_bin=0" -e "source $Dump"
if ($LASTEXITCODE -ne 0) { throw "Loading the demo database into $Name failed." }
Invoke-SandboxClient -Sandbox $sandbox -Database rostrvm_920 -Query (Get-TestTrimSql -Keep $Now.Date.AddDays(-34)) | Out-Null
New-Item -ItemType Directory -Force -Path $HostRoot | Out-Null
[ordered]@{
    Root = $HostRoot; Server = '127.0.0.1'; Port = $sandbox.Port; Database = 'rostrvm_920'
    OptionFile = $sandbox.OptionFile; BinlogPath = $sandbox.BinlogDirectory
} | ConvertTo-Json | Set-Content (Join-Path $HostRoot 'RostrvmMaintenance.json') -Encoding utf8
New-TestLogFile -Directory (Join-Path $HostRoot 'logs') -Name 'CallDirector.log.1' -LastWrite $Now.AddDays(-20) | Out-Null
[ordered]@{ Name = $Name; Port = $sandbox.Port; Pid = $sandbox.Pid; Directory = $sandbox.Directory } | ConvertTo-Json | Set-Content $StatePath
