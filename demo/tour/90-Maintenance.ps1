param($Sandbox, $ConfigurationPath)
$root = Split-Path $ConfigurationPath -Parent
$module = Split-Path (Get-Module Rostrvm).Path -Parent
Write-Host ''
Write-Host '--- Scheduled maintenance: the shipped nightly script, run for last night (-Now), one history entry per job'
$run = & (Join-Path $module 'scripts/Invoke-RostrvmNightlyMaintenance.ps1') -Now ([datetime]::Today.AddHours(2)) -ConfigurationPath $ConfigurationPath 6>$null 3>$null
Write-Host ("    exit code {0}: {1} job(s) succeeded, {2} failed; transcript {3}" -f $LASTEXITCODE, $run.Succeeded, $run.Failed, $run.TranscriptPath)
Write-Host '--- The morning check: Get-RostrvmMaintenanceHistory (last run of each job; -Failed -Days 7 for the week)'
Get-RostrvmMaintenanceHistory -ConfigurationPath $ConfigurationPath | Out-Host
Write-Host '--- On the scheduler at the configured times: Register-RostrvmMaintenanceTask (here as systemd units in a folder of the demo)'
$units = Join-Path $root 'systemd'
Register-RostrvmMaintenanceTask -ConfigurationPath $ConfigurationPath -Scheduler Systemd -Path $units -WarningAction SilentlyContinue | Out-Null
Get-RostrvmMaintenanceTask -Scheduler Systemd -Path $units | Out-Host
Write-Host ("    {0}: {1}" -f 'rostrvm-weekly.timer', ((Get-Content (Join-Path $units 'rostrvm-weekly.timer')) -match '^OnCalendar=')[0])
Write-Host '--- Many servers: Invoke-Command -HostName srv1, srv2 -ScriptBlock { Get-RostrvmMaintenanceHistory -Failed } gives one table for all'
