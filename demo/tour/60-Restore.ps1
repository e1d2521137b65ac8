param($Sandbox, $ConfigurationPath)
# The 3 a.m. story: a bad statement deleted the users; restore to just before it, beside the live database.
$client = Get-Command mariadb -CommandType Application | Select-Object -First 1 -ExpandProperty Source
function Invoke-DemoSql([string] $Sql) {
    $Sql | & $client "--defaults-extra-file=$($Sandbox.OptionFile)" --protocol=TCP -B -N --database=rostrvm_920
}

Write-Host ''
Write-Host '--- A full backup to start from: Backup-RostrvmDatabase'
$backup = Backup-RostrvmDatabase -ConfigurationPath $ConfigurationPath
Write-Host ("    {0}  snapshot {1:yyyy-MM-dd HH:mm:ss} UTC at {2}:{3}" -f $backup.Name, $backup.SnapshotTimeUtc,
    $backup.BinlogFile, $backup.BinlogPosition)
Start-Sleep -Seconds 1
$beforeAccident = [DateTime]::UtcNow
Start-Sleep -Seconds 1
Write-Host '--- 03:00 the accident: DELETE FROM users (an import gone wrong)'
Invoke-DemoSql 'DELETE FROM users;'
Write-Host ("    users left: {0}" -f (Invoke-DemoSql 'SELECT COUNT(*) FROM users;'))

Write-Host '--- What a restore to just before it would do: Get-RostrvmRestorePlan'
$plan = Get-RostrvmRestorePlan -ConfigurationPath $ConfigurationPath -PointInTime $beforeAccident -TargetDatabase rostrvm_920_before
Write-Host ("    backup       {0}" -f (Split-Path $plan.BackupPath -Leaf))
Write-Host ("    binlogs      {0}" -f (($plan.Binlogs | ForEach-Object Name) -join ', '))
Write-Host ("    stop before  {0}" -f $plan.StopEvent)
Write-Host ("    first not applied: {0}" -f $plan.FirstNotApplied.Summary)
Write-Host ("    verdict      {0}" -f $plan.Verdict)

Write-Host '--- Restore it beside the live database (the live one is not touched): Restore-RostrvmDatabase -TargetDatabase'
$result = $plan | Restore-RostrvmDatabase -ConfigurationPath $ConfigurationPath -Force -NoBinlog
Write-Host ("    {0} events replayed in {1:N1} s; users in rostrvm_920_before: {2}" -f $result.EventsApplied, $result.Duration.TotalSeconds,
    ($result.Tables | Where-Object Table -eq 'users').Rows)

Write-Host ('--- Repair the live database: everything except the accident (-ExcludeTransaction), ' +
    'built in a staging database and swapped in with one RENAME')
$bad = $plan.FirstNotApplied
$repair = Restore-RostrvmDatabase -ConfigurationPath $ConfigurationPath -ExcludeTransaction ('{0}:{1}' -f $bad.File, $bad.Position) -Force
$how = if ($repair.Staged) { "staged in $($repair.StagingDatabase), swapped in" } else {
    "in place after the safety backup $(Split-Path $repair.SafetyBackup -Leaf)"
}
Write-Host ("    left out {0}; users now: {1}; {2}" -f $repair.Plan.Excluded[0], (Invoke-DemoSql 'SELECT COUNT(*) FROM users;'), $how)
Write-Host ("    GTIDs: {0}" -f $repair.GtidHandling)

Write-Host '--- A date in the future is refused with a reason, and nothing changes:'
$planParameters = @{
    ConfigurationPath = $ConfigurationPath; PointInTime = (Get-Date).AddDays(1)
    ErrorAction = 'SilentlyContinue'; ErrorVariable = 'refused'
}
Get-RostrvmRestorePlan @planParameters | Out-Null
Write-Host ("    {0}: {1}" -f $refused[0].FullyQualifiedErrorId, $refused[0].Exception.Message)
# Restored with -NoBinlog, so dropped unlogged too: the binary log never knew it.
'SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS rostrvm_920_before;' |
    & $client "--defaults-extra-file=$($Sandbox.OptionFile)" --protocol=TCP
