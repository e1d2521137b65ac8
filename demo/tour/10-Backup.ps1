param($Sandbox, $ConfigurationPath)
Write-Host ''
Write-Host '--- Full backups: Backup-RostrvmDatabase writes the next .rbk of the cycle (consistent, with its binlog coordinates)'
$first = Backup-RostrvmDatabase -ConfigurationPath $ConfigurationPath
$second = Backup-RostrvmDatabase -ConfigurationPath $ConfigurationPath -Compress
Write-Host ("    {0}: {1:N0} rows in {2} tables, snapshot {3:yyyy-MM-dd HH:mm:ss} UTC at {4}:{5} (GTID {6}), {7:N1} s" -f `
    $first.Name, $first.Rows, $first.Tables, $first.SnapshotTimeUtc, $first.BinlogFile, $first.BinlogPosition, $first.Gtid, $first.Duration.TotalSeconds)
Write-Host ("    {0}: {1:N1} MB of SQL in {2:N1} MB of gzip" -f $second.Name, ($second.Bytes / 1MB), ($second.FileSize / 1MB))
$zip = $second | Backup-RostrvmScript -ConfigurationPath $ConfigurationPath -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
if ($zip) { Write-Host ("    scripts and macros beside it: {0} ({1} files)" -f (Split-Path $zip.Path -Leaf), $zip.Files) }

Write-Host '--- Get-RostrvmBackup reads only the header and the completion line of each file; -Verify rehashes them'
Get-RostrvmBackup -ConfigurationPath $ConfigurationPath -Verify | Out-Host

Write-Host '--- The file is plain SQL the mariadb/mysql client loads into any database name:'
$header = Get-Content $first.Path -TotalCount 3
$header | ForEach-Object { Write-Host "    $_" }
Write-Host ("    ... last line: {0}..." -f (Get-Content $first.Path -Tail 1).Substring(0, 60))

Write-Host '--- Test-RostrvmBackup proves the newest backup: restore into a scratch database, compare every table, drop it'
Get-RostrvmBackup -ConfigurationPath $ConfigurationPath | Where-Object Complete | Select-Object -First 1 |
    Test-RostrvmBackup -ConfigurationPath $ConfigurationPath | Out-Host
