<#
.SYNOPSIS
    Runs the Pester suite in this (fresh) process and writes a summary for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Filter
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force
$files = Get-ChildItem $PSScriptRoot -Filter *.Tests.ps1 | Sort-Object Name
if ($Filter) {
    $words = $Filter -split ','
    $files = $files | Where-Object { $name = $_.Name; $words | Where-Object { $name -like "*$_*" } }
}
$configuration = New-PesterConfiguration
$configuration.Run.Path = @($files.FullName)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath -Parent) 'pester.xml'
$configuration.TestResult.OutputFormat = 'NUnitXml'
if (-not $files) {
    @{ Passed = 0; Failed = 0; Skipped = 0 } | ConvertTo-Json | Set-Content $SummaryPath
    return
}
$result = Invoke-Pester -Configuration $configuration
# A container that failed to run (e.g. BeforeAll threw) counts as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount } | ConvertTo-Json | Set-Content $SummaryPath
