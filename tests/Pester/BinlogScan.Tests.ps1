# The one binlog scan behind Get-RostrvmBinlogEvent, Export-RostrvmBinlog and the restore planner,
# on a MIXED-format sandbox (statements logged as statements): a statement-logged accident is
# found by its table, the restore stops just before it and equals both the live state then and
# the plain client + mariadb-binlog --stop-position; the three readers agree on which
# transactions a range holds, for seeded random ranges by time and by position; transactions of
# other databases are counted apart.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Restore.Workload.psm1') -Force

    function Get-ChainFile {
        <# The sandbox's binlogs from $From (and up to $To), in order. #>
        param($Sandbox, [string] $From, [string] $To)
        (Get-ChildItem $Sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6,}$' -and $_.Name -ge $From -and (
            -not $To -or $_.Name -le $To) } | Sort-Object Name).FullName
    }

    function Get-ExportedTransaction {
        <# The GTIDs of the transactions an exported script replays whole: a statement or rows of it are written, and it commits. #>
        param([string[]] $Lines)
        $set = [System.Collections.Generic.List[string]]::new()
        $gtid = $null; $standalone = $false; $wrote = $false
        foreach ($line in $Lines) {
            if ($line -match '^# GTID (\S+)( trans)?') { $gtid = $Matches[1]; $standalone = -not $Matches[2]; $wrote = $false; continue }
            if ($line -like '# at *' -and $gtid) {
                $wrote = $true
                if ($standalone) { $set.Add($gtid); $gtid = $null }
                continue
            }
            if ($line -like 'COMMIT*' -and $gtid) { if ($wrote) { $set.Add($gtid) }; $gtid = $null }
        }
        , $set.ToArray()
    }

    $server = & (Join-Path (Get-TestRepoRoot) 'demo/Start-Sandbox.ps1') -Name 'binlogscan' -BinlogFormat Mixed
    $db = 'scan_src'
    $other = 'scan_other'
    Invoke-RestoreClient -Sandbox $server -Sql ("SET sql_log_bin=0; DROP DATABASE IF EXISTS $db; DROP DATABASE IF EXISTS $other; SET " +
        "sql_log_bin=1; CREATE DATABASE $db; CREATE DATABASE $other;")
    Invoke-RestoreClient -Sandbox $server -Database $db -Sql @'
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));
CREATE TABLE u (id INT PRIMARY KEY, n INT);
INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e'),(6,'f'),(7,'g'),(8,'h'),(9,'i'),(10,'j');
INSERT INTO u VALUES (1,0),(2,0),(3,0);
'@
    Invoke-RestoreClient -Sandbox $server -Database $other -Sql 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));'
    $config = New-TestRoot -Sandbox $server -Database $db -Settings @{ BinlogPath = $server.BinlogDirectory }
    $folder = Join-Path (Split-Path $config) 'backups'
    New-Item -ItemType Directory -Force -Path $folder | Out-Null
    $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder
    Invoke-RestoreClient -Sandbox $server -Database $db -Sql @'
UPDATE t JOIN u ON u.id = t.id SET t.v = CONCAT(t.v, '!'), u.n = u.n + 1;
INSERT INTO t VALUES (11, 'k');
DELETE FROM u WHERE id = 3;
# A table of this database named in full (changing nothing: a replay into another database would change this one).
UPDATE `scan_src`.`u` SET n = n WHERE id = 1;
'@
    # Three transactions of another database, one of them a DELETE FROM a table also called t.
    Invoke-RestoreClient -Sandbox $server -Database $other -Sql ("INSERT INTO t VALUES (1, 'x'); DELETE FROM t WHERE id > 0; INSERT INTO " +
        "t VALUES (2, 'y');")
    $beforeAccident = Get-RestoreChecksum -Sandbox $server -Database $db
    Invoke-RestoreClient -Sandbox $server -Database $db -Sql "/* nightly cleanup */ DELETE FROM t WHERE id > 5;"
    Invoke-RestoreClient -Sandbox $server -Database $db -Sql "INSERT INTO t VALUES (20, 'after');"
    $files = Get-ChainFile -Sandbox $server -From $backup.BinlogFile
}

AfterAll { & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name 'binlogscan' -Remove }

Describe 'A statement-logged accident (MIXED format)' {
    It 'is found with -Table and -Operation Delete, and each statement names the tables it changes' {
        $deletes = @(Get-RostrvmBinlogEvent -Path $files -Table t -Operation Delete)
        $deletes.Count | Should -Be 2 -Because 'both databases deleted from a table t, as statements'
        @($deletes | ForEach-Object { $_.Tables }) | Sort-Object | Should -Be @("$other.t", "$db.t")
        @($deletes.Type | Select-Object -Unique) | Should -Be 'Query'

        $accident = @(Get-RostrvmBinlogEvent -Path $files -Table "$db.t" -Operation Delete)
        $accident.Count | Should -Be 1
        $accident[0].Sql | Should -BeLike '*DELETE FROM t WHERE id > 5*'
        $accident[0].Database | Should -Be $db
        $accident[0].Table | Should -Be 't'
        @(Get-RostrvmBinlogEvent -Path $files -Table "$db.u" -Operation Delete).Sql | Should -BeLike '*DELETE FROM u WHERE id = 3*'
        @(Get-RostrvmBinlogEvent -Path $files -Table "$db.u" -Operation Update | Where-Object Type -eq 'Query').Count |
            Should -Be 2 -Because 'the table is named in full by the second UPDATE'

        $update = @(Get-RostrvmBinlogEvent -Path $files -Transaction -Database $db -Operation Update)
        $update.Count | Should -Be 2
        $update[0].Tables | Should -Be @("$db.t", "$db.u") -Because 'the multi-table UPDATE assigns to both'
    }

    It ('Restore-RostrvmDatabase -StopBefore it equals the live state just before it, as the plain client and mariadb-binlog ' +
        '--stop-position give') {
        $accident = Get-RostrvmBinlogEvent -Path $files -Table "$db.t" -Operation Delete
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -StopBefore $accident -TargetDatabase scan_restored -Force -NoBinlog
        $r.Completed | Should -BeTrue
        @($r.Notes | Where-Object { $_ -match 'names .scan_src.\..u. in full' }).Count |
            Should -Be 1 -Because 'the replay into another database says which statement still changes the source'
        $ours = Get-RestoreChecksum -Sandbox $server -Database scan_restored
        @($ours.Keys) | Should -Be @($beforeAccident.Keys)
        foreach ($table in $beforeAccident.Keys) { $ours[$table] |
            Should -Be $beforeAccident[$table] -Because "table $table before the accident" }

        Invoke-ManualRestore -Sandbox $server -BackupFile $backup.Path -Source $db -Target scan_manual `
            -StopPosition "$($r.Plan.StopFile):$($r.Plan.StopPosition)"
        $manual = Get-RestoreChecksum -Sandbox $server -Database scan_manual
        foreach ($table in $beforeAccident.Keys) { $manual[$table] | Should -Be $ours[$table] -Because "table $table, restored by hand" }
        Remove-TestDatabase -Sandbox $server -Name scan_restored
        Remove-TestDatabase -Sandbox $server -Name scan_manual
    }

    It 'counts only the transactions of the database restored; the other database is skipped and counted apart' {
        $accident = Get-RostrvmBinlogEvent -Path $files -Table "$db.t" -Operation Delete
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -StopBefore $accident
        $plan.TransactionsToApply | Should -Be 4
        $plan.TransactionsOtherDatabases | Should -Be 3
        $plan.TransactionsScratchDatabases | Should -Be 0
        $plan.Verdict | Should -Match "4 transaction\(s\) of $db to replay.*skipped, other databases: 3"
        $plan.LastApplied.Summary |
            Should -Match 'UPDATE .scan_src.\..u. SET n = n' -Because ('the last transaction applied is the last one of the database ' +
                'restored')

        $r = Restore-RostrvmDatabase -ConfigurationPath $config -StopBefore $accident -TargetDatabase scan_counted -Force -NoBinlog
        $r.TransactionsApplied | Should -Be 4
        $r.TransactionsSkippedOtherDatabases | Should -Be 3
        $r.LastAppliedPosition | Should -Be $plan.LastApplied.EndPosition
        Remove-TestDatabase -Sandbox $server -Name scan_counted
    }
}

Describe 'Statement events name the tables they change (STATEMENT format)' {
    It 'reads the table of every statement shape as the server logged it' {
        $sdb = 'scan_shapes'
        Invoke-RestoreClient -Sandbox $server -Sql ("SET sql_log_bin=0; DROP DATABASE IF EXISTS $sdb; SET sql_log_bin=1; CREATE DATABASE " +
            "$sdb;")
        $start = Get-BinlogCoordinate -Sandbox $server
        $csv = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-shapes-' + [guid]::NewGuid().ToString('N') + '.csv')
        Set-Content -Path $csv -Value "10,100`n11,110"
        # Each statement with the tables it changes, in order (the multi-table UPDATE assigns to b only).
        $shapes = @(
            @('CREATE TABLE a (id INT PRIMARY KEY, v INT)', 'a'),
            @('CREATE TABLE b (id INT PRIMARY KEY, v INT)', 'b'),
            @('CREATE TABLE `we``ird` (id INT PRIMARY KEY)', 'we`ird'),
            @('INSERT INTO a VALUES (1,1),(2,2),(3,3),(4,4)', 'a'),
            @('INSERT INTO b SELECT * FROM a', 'b'),
            @('REPLACE INTO a VALUES (3, 30)', 'a'),
            @('INSERT /*!IGNORE*/ INTO `we``ird` VALUES (1)', 'we`ird'),
            @("LOAD DATA LOCAL INFILE '$csv' INTO TABLE a FIELDS TERMINATED BY ',' (id, v)", 'a'),
            @('UPDATE a JOIN b ON a.id = b.id SET b.v = a.v + 1', 'b'),
            @('DELETE a, b FROM a JOIN b ON a.id = b.id WHERE a.id = 1', 'a,b'),
            @('DELETE FROM b USING b, a WHERE b.id = a.id AND a.id = 2', 'b'),
            @('DELETE x FROM a AS x JOIN b ON b.id = x.id WHERE x.id = 3', 'a'),
            @('CREATE TABLE c AS SELECT * FROM a', 'c'),
            @('TRUNCATE TABLE c', 'c'),
            @('ALTER TABLE c ADD COLUMN w INT', 'c'),
            @('RENAME TABLE c TO d', 'c,d'),
            @('DROP TABLE d, b', 'd,b'))
        $sql = 'SET SESSION binlog_format = STATEMENT; ' + (($shapes | ForEach-Object { $_[0] }) -join '; ') + ';'
        try { Invoke-RestoreClient -Sandbox $server -Database $sdb -Sql $sql } finally { Remove-Item $csv }

        $events = @(Get-RostrvmBinlogEvent -Path (
            Get-ChainFile -Sandbox $server -From $start.File) -StartPosition $start.Position -Database $sdb -NoRows |
            Where-Object { $_.Type -like '*Query*' -and $_.Operation -notin 'Begin', 'Commit' })
        @($events.Type | Where-Object { $_ -match 'Rows' }).Count | Should -Be 0
        $expected = $shapes | ForEach-Object { (($_[1] -split ',') | ForEach-Object { "$sdb.$_" }) -join ',' }
        @($events | ForEach-Object { $_.Tables -join ',' }) | Should -Be @($expected)
        @(Get-RostrvmBinlogEvent -Path (
            Get-ChainFile -Sandbox $server -From $start.File) -StartPosition $start.Position -Table 'we`ird' -NoRows).Count | Should -Be 2
        Remove-TestDatabase -Sandbox $server -Name $sdb
    }
}

Describe 'The query, the exporter and the planner read one scan' {
    BeforeAll {
        $rdb = 'scan_rand'
        Invoke-RestoreClient -Sandbox $server -Sql ("SET sql_log_bin=0; DROP DATABASE IF EXISTS $rdb; SET sql_log_bin=1; CREATE DATABASE " +
            "$rdb;")
        Invoke-RestoreClient -Sandbox $server -Database $rdb -Sql (Get-RestoreWorkloadSchema)
        $rconfig = New-TestRoot -Sandbox $server -Database $rdb -Settings @{ BinlogPath = $server.BinlogDirectory }
        $rfolder = Join-Path (Split-Path $rconfig) 'backups'
        New-Item -ItemType Directory -Force -Path $rfolder | Out-Null
        $load = New-RestoreLoadFile -Path (Join-Path (Split-Path $rconfig) 'load.csv') -Seed 17
        $segments = New-RestoreWorkload -Seed 17 -Segments 4 -Operations 8 -LoadFile $load
        $backups = [System.Collections.Generic.List[object]]::new()
        $times = [System.Collections.Generic.List[object]]::new()
        for ($i = 0; $i -lt $segments.Count; $i++) {
            if ($i -lt 2) { $backups.Add((Backup-RostrvmDatabase -ConfigurationPath $rconfig -Path $rfolder -Cycle 3)) }
            Invoke-RestoreClient -Sandbox $server -Database $rdb -Sql $segments[$i]
            Invoke-RestoreClient -Sandbox $server -Database $other -Sql "INSERT INTO t VALUES ($(100 + $i), 'noise');"
            $times.Add([pscustomobject]@{ After = $i; Time = (Wait-NextSecond) })
        }
    }

    It 'agrees on the transactions of seeded random ranges by time and by position' {
        $random = [System.Random]::new(26)
        $cases = 0; $replayed = 0; $skipped = 0
        for ($k = 0; $k -lt 8; $k++) {
            $b = $backups[$random.Next($backups.Count)]
            $index = $backups.IndexOf($b)
            $chain = Get-ChainFile -Sandbox $server -From $b.BinlogFile
            $range = @{ StartPosition = $b.BinlogPosition }
            $planArgs = @{ ConfigurationPath = $rconfig; Path = $b.Path }
            if ($k % 2 -eq 0) {
                $candidates = @($times | Where-Object After -ge $index)
                $stop = $candidates[$random.Next($candidates.Count)].Time
                $range.Stop = $stop
                $planArgs.PointInTime = $stop
                $paths = $chain
            }
            else {
                # Any event after the backup, inside a transaction or not.
                $events = @(Get-RostrvmBinlogEvent -Path $chain -StartPosition $b.BinlogPosition -NoRows -IncludeScratch | Where-Object {
                    $_.Type -ne 'Format_desc' })
                $at = $events[$random.Next(1, $events.Count)]
                $range.StopPosition = $at.Position
                $planArgs.StopPosition = '{0}:{1}' -f (Split-Path $at.File -Leaf), $at.Position
                $paths = Get-ChainFile -Sandbox $server -From $b.BinlogFile -To (Split-Path $at.File -Leaf)
            }
            $what = ("case $k from $($b.BinlogFile):$($b.BinlogPosition) to " +
                "$(if ($range.Stop) { $range.Stop.ToString('o') } else { $planArgs.StopPosition })")

            $queried = @(Get-RostrvmBinlogEvent -Path $paths @range -Database $rdb -Transaction -NoRows | Where-Object Complete)
            $all = @(Get-RostrvmBinlogEvent -Path $paths @range -Transaction -NoRows | Where-Object Complete)
            $exported = Get-ExportedTransaction -Lines @(Export-RostrvmBinlog -Path $paths @range -Database $rdb)
            $plan = Get-RostrvmRestorePlan @planArgs

            $plan.Reachable | Should -BeTrue -Because "$what : $($plan.Verdict)"
            ($exported -join ',') | Should -Be (@($queried |
                ForEach-Object Gtid) -join ',') -Because "$what : the exporter writes the transactions the query lists"
            $plan.TransactionsToApply | Should -Be $queried.Count -Because "$what : the planner replays them"
            $plan.TransactionsOtherDatabases | Should -Be ($all.Count - $queried.Count) -Because "$what : the rest are other databases'"
            if ($queried.Count -gt 0) { $plan.LastApplied.Gtid | Should -Be $queried[-1].Gtid -Because $what }
            $cases++; $replayed += $queried.Count; $skipped += $plan.TransactionsOtherDatabases
        }
        $cases | Should -Be 8
        $replayed | Should -BeGreaterThan 20 -Because 'the ranges hold real work'
        $skipped | Should -BeGreaterThan 0 -Because 'the ranges hold the other database''s transactions too'
    }

    It 'counts the transactions of scratch databases apart, in the plan, the result and the event query' {
        $scratch = 'rostrvm_test_20260101000000_scan01'
        Invoke-RestoreClient -Sandbox $server -Sql ("CREATE DATABASE $scratch; CREATE TABLE $scratch.t (id INT PRIMARY KEY); INSERT INTO " +
            "$scratch.t VALUES (1), (2);")
        $live = Get-RestoreChecksum -Sandbox $server -Database $rdb
        $end = Get-BinlogCoordinate -Sandbox $server
        $stop = '{0}:{1}' -f $end.File, $end.Position
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $rconfig -Path $backups[1].Path -StopPosition $stop
        $plan.Reachable | Should -BeTrue -Because $plan.Verdict
        $plan.TransactionsScratchDatabases | Should -Be 3
        $plan.Verdict | Should -Match 'skipped, other databases: 3; skipped, scratch databases \(backup tests\): 3'

        $r = Restore-RostrvmDatabase -ConfigurationPath $rconfig -Path $backups[1].Path -StopPosition $stop `
            -TargetDatabase scan_rand_copy -Force -NoBinlog
        $r.TransactionsApplied | Should -Be $plan.TransactionsToApply
        $r.TransactionsSkippedScratch | Should -Be 3
        $r.TransactionsSkippedOtherDatabases | Should -Be 3
        $ours = Get-RestoreChecksum -Sandbox $server -Database scan_rand_copy
        foreach ($table in $live.Keys) { $ours[$table] | Should -Be $live[$table] -Because "table $table" }
        Remove-TestDatabase -Sandbox $server -Name scan_rand_copy

        $chain = Get-ChainFile -Sandbox $server -From $backups[1].BinlogFile
        $null = Get-RostrvmBinlogEvent -Path $chain -StartPosition $backups[1].BinlogPosition -Transaction -WarningVariable warned `
            -WarningAction SilentlyContinue
        "$warned" | Should -BeLike '3 transaction(s) of scratch databases*'
        Remove-TestDatabase -Sandbox $server -Name $scratch
    }
}
