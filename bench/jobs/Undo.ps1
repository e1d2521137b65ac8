<#
    Flashback benchmark: undo of one bad 100,000-row DELETE from a table of the demo database
    (Undo-RostrvmTransaction, which puts the rows back in one logged transaction) beside what an
    administrator does without it: Restore-RostrvmDatabase -ExcludeTransaction (the database's
    backup loaded into a new database, then every binlog after it replayed except the bad one). Both run in a child pwsh and are timed
    as whole processes; the restore runs first (the undo changes the source it replays).
    Afterwards the undone table must equal the restored one (CHECKSUM TABLE).
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small',
    [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'BenchSupport.psm1') -Force
$client = (Get-Command mariadb -CommandType Application | Select-Object -First 1).Source
$opt = "--defaults-extra-file=$($Sandbox.OptionFile)"
$pwsh = (Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
function Sql([string] $Text, [string] $Database) {
    $a = @($opt, '--protocol=TCP', '-B', '-N'); if ($Database) { $a += "--database=$Database" }
    $Text | & $client @a
    if ($LASTEXITCODE -ne 0) { throw "mariadb failed on: $Text" }
}

$rows = 100000
$config = Join-Path $DataPath 'RostrvmMaintenance.json'
$backups = Join-Path $DataPath 'backups'
New-Item -ItemType Directory -Force -Path $backups | Out-Null
[ordered]@{
    Root = $DataPath; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = 'rostrvm_920'; OptionFile = $Sandbox.OptionFile
    BinlogPath = $Sandbox.BinlogDirectory; SslMode = 'None'
} |
    ConvertTo-Json | Set-Content $config

# The table and its rows (kept out of the binlog: the backup holds them), a backup, the bad DELETE, later work.
Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS bench_undo_ref; USE rostrvm_920; DROP TABLE IF EXISTS bench_undo_calls;
     CREATE TABLE bench_undo_calls (id INT PRIMARY KEY, agent INT NOT NULL, queue VARCHAR(40), started DATETIME(3), seconds INT,
         cost DECIMAL(10,4), note VARCHAR(120), KEY (agent), KEY (started));
     INSERT INTO bench_undo_calls SELECT seq, seq % 97, CONCAT('queue-', seq % 13), '2026-01-01' + INTERVAL seq SECOND, seq % 600,
         seq / 7, REPEAT('x', 40 + seq % 60) FROM seq_1_to_$rows;
     FLUSH BINARY LOGS;"
$first = (Sql 'SHOW MASTER STATUS' | ForEach-Object { ($_ -split "`t")[0] })
$null = & $pwsh -NoProfile -Command ("Import-Module '$ModulePath'; " +
    "(Backup-RostrvmDatabase -ConfigurationPath '$config' -Path '$backups').Path")
$bad = Sql "SET SESSION binlog_format=ROW; DELETE FROM bench_undo_calls; SELECT @@last_gtid;" -Database rostrvm_920 | Select-Object -Last 1
if (-not $bad) { throw 'The bad DELETE left no GTID.' }
Sql ("SET SESSION binlog_format=ROW; INSERT INTO bench_undo_calls SELECT $rows + seq, seq % 97, 'later', NOW(3), seq, 0, " +
    "'later work' FROM seq_1_to_1000;") -Database rostrvm_920
$files = @(Get-ChildItem $Sandbox.BinlogDirectory |
    Where-Object { $_.Name -match '^rtmbinlog\.\d{6}$' -and $_.Name -ge $first } | Sort-Object Name | ForEach-Object FullName)
$binlogMB = [Math]::Round((($files | ForEach-Object { (Get-Item $_).Length } | Measure-Object -Sum).Sum) / 1MB, 1)

$script = Join-Path $DataPath 'restore.ps1'
Set-Content $script ("Import-Module '$ModulePath'; " +
    "`$null = Restore-RostrvmDatabase -ConfigurationPath '$config' -TargetDatabase bench_undo_ref -ExcludeTransaction '$bad' " +
    "-Force -NoBinlog -SkipSafetyBackup")
$reference = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList @('-NoProfile', '-File', $script)
if ($reference.ExitCode -ne 0) { throw "Restore-RostrvmDatabase -ExcludeTransaction failed: $($reference.Error)" }
$paths = ($files | ForEach-Object { "'$_'" }) -join ', '
Set-Content $script ("Import-Module '$ModulePath'; " +
    "`$r = Undo-RostrvmTransaction -ConfigurationPath '$config' -Transaction '$bad' -Path $paths -Confirm:`$false; " +
    "[Console]::Out.WriteLine(`"`$(`$r.Applied) `$(`$r.RowsRestored)`")")
$ours = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList @('-NoProfile', '-File', $script)
if ($ours.ExitCode -ne 0 -or $ours.Output -notmatch "True $rows") { throw "Undo-RostrvmTransaction failed: $($ours.Output) $($ours.Error)" }
$same = (Sql 'CHECKSUM TABLE rostrvm_920.bench_undo_calls EXTENDED' | ForEach-Object { ($_ -split "`t")[1] }) -eq
    (Sql 'CHECKSUM TABLE bench_undo_ref.bench_undo_calls EXTENDED' | ForEach-Object { ($_ -split "`t")[1] })
$databaseMB = [Math]::Round(
    [double](Sql "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rostrvm_920'") / 1MB)
[pscustomobject]@{
    Job = 'Undo a 100,000-row DELETE'; Ours = $ours.Seconds; Reference = $reference.Seconds; ReferenceTool = 'Restore -ExcludeTransaction'
    PeakMemoryMB = $ours.PeakMemoryMB
    Notes = ("$rows rows deleted from a table of the $Size demo database ($databaseMB MB), 1000 rows of later work, " +
        "$binlogMB MB of binlog; whole pwsh processes; tables equal: $same") }

Sql 'SET sql_log_bin=0; DROP TABLE IF EXISTS rostrvm_920.bench_undo_calls; DROP DATABASE IF EXISTS bench_undo_ref;'
