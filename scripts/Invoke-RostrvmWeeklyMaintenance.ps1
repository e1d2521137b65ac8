<#
.SYNOPSIS
    Rostrvm weekly maintenance: full backup in the configured cycle, script and macro backup,
    a restore test of the new backup when the settings ask for it, binlog copy and retention.
.DESCRIPTION
    Run by the scheduler on WeeklyDay at WeeklyTime (default Sunday 03:00;
    Register-RostrvmMaintenanceTask puts it there). Every job runs even when one before it
    failed; the maintenance lock keeps two runs from overlapping; a transcript goes to the log
    folder; each job leaves one entry in the maintenance history. The exit code is 0 when every
    job succeeded, 1 when any failed, 2 when the run could not start.
.PARAMETER Now
    The moment this run is for; default the clock.
.PARAMETER ConfigurationPath
    The settings file; default RostrvmMaintenance.json under $env:ROSTRVM_ROOT.
.PARAMETER Job
    Only these jobs: FullBackup, ScriptBackup, BackupTest, BinlogCopy.
.PARAMETER WhatIf
    A dry run: every job runs with -WhatIf and says what it would do; nothing is changed and no
    history is written. Jobs whose command has no -WhatIf are left out, and say so.
.EXAMPLE
    ./Invoke-RostrvmWeeklyMaintenance.ps1
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
    @{ Name = 'FullBackup'; Command = 'Backup-RostrvmDatabase'
        Action = { param($run)
            # The cycle and compression are the settings' (BackupOptions.From).
            Backup-RostrvmDatabase -ConfigurationPath $run.ConfigurationPath -Confirm:$false } }
    @{ Name = 'ScriptBackup'; Command = 'Backup-RostrvmScript'
        Action = {
            param($run)
            # Beside this run's backup, same slot; if the backup failed, beside the newest complete one.
            $backup = $run.Output('FullBackup') | Select-Object -First 1
            if ($backup) { Backup-RostrvmScript -ConfigurationPath $run.ConfigurationPath -Slot $backup.Slot -Confirm:$false }
            else { Backup-RostrvmScript -ConfigurationPath $run.ConfigurationPath -Confirm:$false }
        } }
    @{ Name = 'BackupTest'; Command = 'Test-RostrvmBackup'
        Action = {
            param($run)
            $backup = $run.Output('FullBackup') | Select-Object -First 1
            if (-not $backup) { throw 'There is no new backup to test: the FullBackup job of this run failed (see its entry).' }
            # Only the public key is on the server: an encrypted backup is tested where its private key is.
            if ($backup.Path -like '*.gpg') {
                Write-Warning ("The new backup '$($backup.Path)' is encrypted and its private key is not on this server, " +
                    "so it is not tested here. Test it where the key is: Test-RostrvmBackup -Path <copy> -DecryptionKey <key>.")
                return
            }
            Test-RostrvmBackup -ConfigurationPath $run.ConfigurationPath -Path $backup.Path
        } }
    @{ Name = 'BinlogCopy'; Command = 'Backup-RostrvmBinlog'
        Action = { param($run) Backup-RostrvmBinlog -ConfigurationPath $run.ConfigurationPath } }
)

$settings = Get-RostrvmMaintenanceSettings -ConfigurationPath $ConfigurationPath
$Job = Select-RostrvmMaintenanceJob -Requested $Job -Known $jobs.Name
if (-not $Job) {
    $Job = $jobs.Name
    if (-not $settings.TestBackupAfterWeekly) { $Job = $Job -ne 'BackupTest' }
}
Invoke-RostrvmMaintenanceScript -Name Weekly -WhatIf:$WhatIfPreference -Job ($jobs |
    Where-Object { $_.Name -in $Job }) -Now $Now -Settings $settings
