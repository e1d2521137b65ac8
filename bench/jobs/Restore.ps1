<#
    Restore benchmarks, each beside the tool an administrator would otherwise use, on the same data:
    - binlog replay: Restore-RostrvmDatabase's replay of N row inserts vs mariadb-binlog | mariadb
      (both from the same backup coordinates into a fresh database, both kept out of the binlog);
    - .rbk load: Restore-RostrvmDatabase -Path (two connections) vs mariadb < file.rbk.
    Ours runs in a child pwsh; its time is the core's own measure (ReplayDuration, LoadDuration),
    so PowerShell's start-up is not counted; peak memory is the child's.
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small', [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'BenchSupport.psm1') -Force
Set-BenchServer $Sandbox.Pid
$client = (Get-Command mariadb -CommandType Application | Select-Object -First 1).Source
$binlogTool = (Get-Command mariadb-binlog -CommandType Application | Select-Object -First 1).Source
$opt = "--defaults-extra-file=$($Sandbox.OptionFile)"
$pwsh = (Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
function Sql([string] $Text, [string] $Database) { $a = @($opt, '--protocol=TCP', '-B', '-N'); if ($Database) { $a += "--database=$Database" }; $Text | & $client @a }

$rows = switch ($Size) { 'Large' { 2000000 } 'Medium' { 1000000 } default { 100000 } }
$config = Join-Path $DataPath 'RostrvmMaintenance.json'
$backups = Join-Path $DataPath 'backups'
New-Item -ItemType Directory -Force -Path $backups | Out-Null
# SslMode None: the reference client connects without TLS here, so ours does too (same transport).
[ordered]@{ Root = $DataPath; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = 'bench_replay'; OptionFile = $Sandbox.OptionFile; BinlogPath = $Sandbox.BinlogDirectory; SslMode = 'None' } |
    ConvertTo-Json | Set-Content $config

function Invoke-Ours([string] $Arguments, [string] $Measure) {
    $script = Join-Path $DataPath 'ours.ps1'
    Set-Content $script "Import-Module '$ModulePath'; `$r = Restore-RostrvmDatabase -ConfigurationPath '$config' $Arguments -Force -NoBinlog -SkipSafetyBackup; [Console]::Out.WriteLine(`$r.$Measure.TotalSeconds)"
    $run = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList @('-NoProfile', '-File', $script)
    if ($run.ExitCode -ne 0) { throw "Restore-RostrvmDatabase failed: $($run.Error)" }
    [pscustomobject]@{
        Seconds = [double](($run.Output -split "`n" | Where-Object { $_ -match '^[\d.]+$' } | Select-Object -Last 1))
        PeakMemoryMB = $run.PeakMemoryMB; ServerCpuSeconds = $run.ServerCpuSeconds; ClientCpuSeconds = $run.ClientCpuSeconds
        ServerThreadCpuSeconds = $run.ServerThreadCpuSeconds
    }
}

# 1. Binlog replay: a small backup, then $rows row inserts (1000 per transaction) in ROW format.
Sql "SET SESSION binlog_format=ROW; DROP DATABASE IF EXISTS bench_replay; CREATE DATABASE bench_replay;
     CREATE TABLE bench_replay.calls (id INT AUTO_INCREMENT PRIMARY KEY, agent INT NOT NULL, queue VARCHAR(40), started DATETIME(3), seconds INT, note VARCHAR(120), KEY (agent), KEY (started));"
$backup = & $pwsh -NoProfile -Command "Import-Module '$ModulePath'; (Backup-RostrvmDatabase -ConfigurationPath '$config' -Path '$backups').Path"
$batches = [int]($rows / 1000)
$insert = "SET SESSION binlog_format=ROW;`n" + ((1..$batches | ForEach-Object {
    "INSERT INTO calls (agent, queue, started, seconds, note) SELECT seq % 97, CONCAT('queue-', seq % 13), NOW(3) - INTERVAL seq SECOND, seq % 600, REPEAT('x', 40 + seq % 60) FROM seq_1_to_1000;" }) -join "`n")
$insert | & $client $opt --protocol=TCP --database=bench_replay
$header = (Get-Content $backup -TotalCount 8 | Where-Object { $_ -like '-- rostrvm-backup: *' }) -replace '^-- rostrvm-backup: ', '' | ConvertFrom-Json
$start = [int]($header.binlogFile -replace '^.*\.', '')
$files = Get-ChildItem $Sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6}$' -and [int]($_.Name -replace '^.*\.', '') -ge $start } | Sort-Object Name
$bytes = ($files | Measure-Object Length -Sum).Sum - $header.binlogPosition
$paths = ($files | ForEach-Object { "'$($_.FullName)'" }) -join ' '
$replay = Invoke-Alternating -Repeat 3 -Ours { Invoke-Ours '-TargetDatabase bench_ours' 'ReplayDuration' } -Reference {
    Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS bench_ref; CREATE DATABASE bench_ref;"
    & bash -c "'$client' '$opt' --protocol=TCP --init-command='SET sql_log_bin=0' --database=bench_ref < '$backup'"
    Invoke-MeasuredProcess -FilePath bash -ArgumentList @('-c', "'$binlogTool' --disable-log-bin --database=bench_replay --rewrite-db='bench_replay->bench_ref' --start-position=$($header.binlogPosition) $paths | '$client' '$opt' --protocol=TCP --binary-mode --database=bench_ref")
}
$same = (Sql 'CHECKSUM TABLE bench_ours.calls EXTENDED' | ForEach-Object { ($_ -split "`t")[1] }) -eq (Sql 'CHECKSUM TABLE bench_ref.calls EXTENDED' | ForEach-Object { ($_ -split "`t")[1] })
[pscustomobject]@{ Job = 'Point-in-time replay'; Ours = $replay.Ours; Reference = $replay.Reference; ReferenceTool = 'mariadb-binlog | mariadb'
    PeakMemoryMB = $replay.PeakMemoryMB
    Notes = "$rows row inserts, $([Math]::Round($bytes / 1MB)) MB of binlog, one session; tables equal: $same; $(Format-CpuNote $replay) " +
        '(ours: the whole restore in a new pwsh)' }

# 2. .rbk load: a backup of the demo database, loaded by us (two connections) and by the plain client.
[ordered]@{ Root = $DataPath; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = 'rostrvm_920'; OptionFile = $Sandbox.OptionFile; BinlogPath = $Sandbox.BinlogDirectory; SslMode = 'None' } |
    ConvertTo-Json | Set-Content $config
$demo = & $pwsh -NoProfile -Command "Import-Module '$ModulePath'; (Backup-RostrvmDatabase -ConfigurationPath '$config' -Path '$backups').Path"
$load = Invoke-Alternating -Repeat 3 -Ours { Invoke-Ours "-Path '$demo' -TargetDatabase bench_load_ours" 'LoadDuration' } -Reference {
    Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS bench_load_ref; CREATE DATABASE bench_load_ref;"
    Invoke-MeasuredProcess -FilePath bash -ArgumentList @('-c', "'$client' '$opt' --protocol=TCP --init-command='SET sql_log_bin=0' --database=bench_load_ref < '$demo'")
}
[pscustomobject]@{ Job = '.rbk load'; Ours = $load.Ours; Reference = $load.Reference; ReferenceTool = 'mariadb < file.rbk'
    PeakMemoryMB = $load.PeakMemoryMB
    Notes = "$([Math]::Round((Get-Item $demo).Length / 1MB, 1)) MB .rbk of the $Size demo database; BackupLoader with 2 connections; " +
        "$(Format-CpuNote $load) (ours: the whole restore in a new pwsh)" }

Sql 'SET sql_log_bin=0; DROP DATABASE IF EXISTS bench_replay; DROP DATABASE IF EXISTS bench_ours; DROP DATABASE IF EXISTS bench_ref; DROP DATABASE IF EXISTS bench_load_ours; DROP DATABASE IF EXISTS bench_load_ref;'
