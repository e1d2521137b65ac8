<#
.SYNOPSIS
    Rostrvm nightly maintenance: MIS extract and purge, log compression, recording archive,
    binlog copy and a storage report; then the morning report.
.DESCRIPTION
    Run by the scheduler at NightlyTime (default 02:00; Register-RostrvmMaintenanceTask puts it
    there). Every job runs even when one before it failed; the maintenance lock keeps two runs
    from overlapping; a transcript goes to the log folder; each job leaves one entry in the
    maintenance history (Get-RostrvmMaintenanceHistory). The exit code is 0 when every job
    succeeded, 1 when any failed, 2 when the run could not start.
    After the jobs, the morning report of this server (Test-RostrvmRecoverability, the storage
    report and 30 days of history, by Export-RostrvmReport) replaces RostrvmMorningReport.html in
    the log folder; it is not a job and does not change the exit code.
    When RecordingArchiveTime differs from NightlyTime the recording archive has its own task,
    which runs this script with -Job RecordingArchive.
.PARAMETER Now
    The moment this run is for; default the clock. Yesterday's MIS, the purge and archive limits
    and the log ages are all counted from it, so a given night's work can be run again.
.PARAMETER ConfigurationPath
    The settings file; default RostrvmMaintenance.json under $env:ROSTRVM_ROOT.
.PARAMETER Job
    Only these jobs: MisExport, MisPurge, LogCompression, RecordingArchive, BinlogCopy, StorageReport.
.PARAMETER WhatIf
    A dry run: every job runs with -WhatIf and says what it would do; nothing is changed and no
    history is written. Jobs whose command has no -WhatIf are left out, and say so.
.EXAMPLE
    ./Invoke-RostrvmNightlyMaintenance.ps1 -Now '2026-11-20 02:00'
    Runs the work of the night of 20 November: extracts the MIS of the 19th.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [datetime] $Now = (Get-Date),
    [string] $ConfigurationPath,
    [string[]] $Job
)
$ErrorActionPreference = 'Continue'
. (Join-Path $PSScriptRoot 'RostrvmMaintenanceScript.ps1')

$jobs = @(
    @{ Name = 'MisExport'; Command = 'Export-RostrvmMis'
        Action = { param($run) Export-RostrvmMis -ConfigurationPath $run.ConfigurationPath -Date $run.Now.Date.AddDays(-1) } }
    @{ Name = 'MisPurge'; Command = 'Invoke-RostrvmMisPurge'
        Action = { param($run) Invoke-RostrvmMisPurge -ConfigurationPath $run.ConfigurationPath -Now $run.Now -Confirm:$false } }
    @{ Name = 'LogCompression'; Command = 'Compress-RostrvmLog'
        Action = { param($run) Compress-RostrvmLog -ConfigurationPath $run.ConfigurationPath -Now $run.Now -Confirm:$false } }
    @{ Name = 'RecordingArchive'; Command = 'Move-RostrvmRecording'
        Action = { param($run) Move-RostrvmRecording -ConfigurationPath $run.ConfigurationPath -Now $run.Now -Confirm:$false } }
    @{ Name = 'BinlogCopy'; Command = 'Backup-RostrvmBinlog'
        Action = { param($run) Backup-RostrvmBinlog -ConfigurationPath $run.ConfigurationPath } }
    @{ Name = 'StorageReport'; Command = 'Get-RostrvmStorageReport'
        Action = { param($run) Get-RostrvmStorageReport -ConfigurationPath $run.ConfigurationPath } }
)

$settings = Get-RostrvmMaintenanceSettings -ConfigurationPath $ConfigurationPath
$Job = Select-RostrvmMaintenanceJob -Requested $Job -Known $jobs.Name
if (-not $Job) {
    $Job = $jobs.Name
    if ($settings.RecordingArchiveTime -and $settings.RecordingArchiveTime -ne $settings.NightlyTime) {
        # Its own task runs it at RecordingArchiveTime (this script with -Job RecordingArchive).
        $Job = $Job -ne 'RecordingArchive'
        Write-Host "The recording archive runs at its own time, $($settings.RecordingArchiveTime), not in this run."
    }
}
$report = {
    param($run)
    $path = Join-Path $settings.EffectiveLogPath 'RostrvmMorningReport.html'
    $objects = @(
        Test-RostrvmRecoverability -ConfigurationPath $settings.SettingsPath
        Get-RostrvmStorageReport -ConfigurationPath $settings.SettingsPath -WarningAction SilentlyContinue
        Get-RostrvmMaintenanceHistory -ConfigurationPath $settings.SettingsPath -Days 30
    )
    $file = $objects | Export-RostrvmReport -Path $path -ConfigurationPath $settings.SettingsPath -Confirm:$false
    Write-Host "Morning report: $($file.FullName)"
}
Invoke-RostrvmMaintenanceScript -Name Nightly -WhatIf:$WhatIfPreference -Job ($jobs |
    Where-Object { $_.Name -in $Job }) -Now $Now -Settings $settings -AfterRun $report
