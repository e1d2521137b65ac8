# Undo-RostrvmTransaction against the real sandbox. The oracle is Restore-RostrvmDatabase
# -ExcludeTransaction (backup + replay of everything but the bad transaction): after the undo,
# every row not in conflict equals that restore, and the conflicts listed are exactly the rows
# that later transactions changed, each named with the GTID that changed it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Restore.Workload.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Undo.Workload.psm1') -Force
    $fqid = { param($id) "$id,Rostrvm.PowerShell.Commands.UndoRostrvmTransactionCommand" }

    function Invoke-Gtid {
        <# Runs SQL in one client session and returns the GTID of its last transaction. #>
        param([string] $Database, [string] $Sql)
        (Invoke-TestSql -Sandbox $sandbox -Database $Database -Query "$Sql SELECT @@last_gtid AS g;" | Select-Object -Last 1).g
    }

    function New-UndoRun {
        <# The schema and rows, a backup, the bad transaction, the later work; the binlogs from a fresh file on. #>
        param([int] $Seed, [string] $Conflicts = 'None')
        $db = "undo_src_$Seed"
        Invoke-RestoreClient -Sandbox $sandbox -Sql ("SET sql_log_bin=0; DROP DATABASE IF EXISTS $db; SET sql_log_bin=1; FLUSH BINARY " +
            "LOGS; CREATE DATABASE $db DEFAULT CHARACTER SET utf8mb4;")
        $first = (Get-BinlogCoordinate -Sandbox $sandbox).File
        $scenario = New-UndoScenario -Seed $Seed -Conflicts $Conflicts
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql ((Get-UndoWorkloadSchema) + $scenario.Initial)
        $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        $root = Split-Path $config
        New-Item -ItemType Directory -Force -Path (Join-Path $root 'backups') | Out-Null
        $null = Backup-RostrvmDatabase -ConfigurationPath $config -Path (Join-Path $root 'backups')
        $badGtid = Invoke-Gtid -Database $db -Sql $scenario.Bad
        $expected = @{}
        foreach ($step in $scenario.Later) {
            $gtid = Invoke-Gtid -Database $db -Sql $step.Sql
            if ($step.Touches -and -not $expected.ContainsKey($step.Touches)) { $expected[$step.Touches] = $gtid }
        }
        $files = @(Get-ChildItem $sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6}$' -and $_.Name -ge $first } |
            Sort-Object Name | ForEach-Object FullName)
        [pscustomobject]@{ Database = $db; Config = $config; BadGtid = $badGtid; Expected = $expected; Files = $files;
            Scenario = $scenario }
    }

    function Get-Sums([string] $Database) {
        <# CHECKSUM TABLE and row count of every table, as one comparable string. #>
        (Get-RestoreChecksum -Sandbox $sandbox -Database $Database).GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" } |
            Join-String -Separator '; '
    }

    function ConvertTo-ConflictId($Conflict) {
        <# table|key number, as the scenario names rows (id= for keyed tables, a= for the table without a key). #>
        $table = ($Conflict.Table -split '\.')[1]
        $null = $Conflict.Key -match '^(?:id|a)=(-?\d+)'
        "$table|$($Matches[1])"
    }
}

Describe 'Undo-RostrvmTransaction with later work on the same rows (seed <Seed>)' -ForEach @(@{ Seed = 41 }) {
    BeforeAll {
        $run = New-UndoRun -Seed $Seed -Conflicts Replayable
        Restore-RostrvmDatabase -ConfigurationPath $run.Config -TargetDatabase "$($run.Database)_ref" -ExcludeTransaction $run.BadGtid `
            -Force -NoBinlog | Out-Null
    }
    AfterAll {
        Remove-TestDatabase -Sandbox $sandbox -Name $run.Database
        Remove-TestDatabase -Sandbox $sandbox -Name "$($run.Database)_ref"
    }

    It '-WhatIf lists the counts and the conflicts and changes nothing' {
        $before = Get-Sums $run.Database
        # What if: goes to the host; a child pwsh shows it as output.
        $files = ($run.Files | ForEach-Object { "'$_'" }) -join ','
        $said = & ([System.Environment]::ProcessPath) (
            Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command ("Import-Module '$(Get-TestModulePath)'; " +
                "Undo-RostrvmTransaction -ConfigurationPath '$($run.Config)' -Transaction '$($run.BadGtid)' -Path $files -WhatIf") 2>&1 |
                    Out-String
        $said | Should -Match ([regex]::Escape("$($run.Database).acct: "))
        $said | Should -Match 'in conflict'
        $said | Should -Match 'conflict: .*changed by \d+-\d+-\d+'
        Get-Sums $run.Database | Should -Be $before
    }

    It 'refuses while rows are in conflict, names exactly the rows changed later and who changed them, and changes nothing' {
        $before = Get-Sums $run.Database
        $r = Undo-RostrvmTransaction -ConfigurationPath $run.Config -Transaction $run.BadGtid -Path $run.Files -Confirm:$false `
            -ErrorAction SilentlyContinue -ErrorVariable failure
        $failure[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoConflict')
        $r.Applied | Should -BeFalse
        $listed = @{}
        foreach ($c in $r.Conflicts) { $listed[(ConvertTo-ConflictId $c)] = $c.ChangedBy }
        @($listed.Keys | Sort-Object) | Should -Be @($run.Expected.Keys | Sort-Object)
        foreach ($k in $run.Expected.Keys) { $listed[$k] |
            Should -Be $run.Expected[$k] -Because "$k was changed by that later transaction" }
        @($r.Conflicts).Count | Should -Be $run.Expected.Count
        Get-Sums $run.Database | Should -Be $before
    }

    It 'with -SkipConflicts puts back every other row: equal to the restore without the transaction, in one logged transaction' {
        $r = Undo-RostrvmTransaction -ConfigurationPath $run.Config -Transaction $run.BadGtid -Path $run.Files -SkipConflicts `
            -Confirm:$false
        $r.Applied | Should -BeTrue
        $r.UndoGtid | Should -Match '^\d+-\d+-\d+$'
        @($r.Conflicts).Count | Should -Be $run.Expected.Count
        $r.RowsRestored | Should -BeGreaterThan 10
        @($r.Tables).Count | Should -Be 3
        $ours = Get-UndoRowDigest -Sandbox $sandbox -Database $run.Database -Exclude @($run.Expected.Keys)
        $ref = Get-UndoRowDigest -Sandbox $sandbox -Database "$($run.Database)_ref" -Exclude @($run.Expected.Keys)
        foreach ($t in $ref.Keys) { $ours[$t] |
            Should -Be $ref[$t] -Because "every row of $t outside the conflicts must equal the restore" }
        # The undo is itself in the binlog, as one transaction, for replicas to follow.
        $logged = Get-RostrvmBinlogEvent -Path (Get-ChildItem $sandbox.BinlogDirectory -Filter 'rtmbinlog.0*' | Sort-Object Name |
            Select-Object -Last 1).FullName -Transaction |
            Where-Object Gtid -eq $r.UndoGtid
        @($logged).Count | Should -Be 1
        $logged.RowCount | Should -Be $r.RowsRestored
        # The rows in conflict kept what the later work wrote.
        (Invoke-TestSql -Sandbox $sandbox -Database $run.Database -Query "SELECT COUNT(*) AS n FROM acct WHERE name = 'later-conflict'").n |
            Should -Be '2'
        (Invoke-TestSql -Sandbox $sandbox -Database $run.Database -Query "SELECT COUNT(*) AS n FROM doc WHERE note = 'later-conflict'").n |
            Should -Be '2'
    }
}

Describe 'Undo-RostrvmTransaction names every kind of conflict (seed <Seed>)' -ForEach @(@{ Seed = 44 }) {
    BeforeAll { $run = New-UndoRun -Seed $Seed -Conflicts All }
    AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name $run.Database }

    It ('lists rows inserted or updated and changed later, keys deleted and taken again, rows of the table without a key; -SkipConflicts ' +
        'leaves them as they are') {
        $r = Undo-RostrvmTransaction -ConfigurationPath $run.Config -Transaction $run.BadGtid -Path $run.Files -Confirm:$false `
            -ErrorAction SilentlyContinue -ErrorVariable failure
        $failure[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoConflict')
        $listed = @{}
        foreach ($c in $r.Conflicts) { $listed[(ConvertTo-ConflictId $c)] = $c.ChangedBy }
        @($listed.Keys | Sort-Object) | Should -Be @($run.Expected.Keys | Sort-Object)
        foreach ($k in $run.Expected.Keys) { $listed[$k] |
            Should -Be $run.Expected[$k] -Because "$k was changed by that later transaction" }
        @($r.Conflicts | Where-Object Operation -eq 'Delete').Count | Should -Be 2
        @($r.Conflicts | Where-Object Table -like '*.nokey').Count | Should -Be 2
        # The default views fit 80 columns and keep the GTIDs whole.
        $text = ($r | Out-String -Width 80) + ($r.Conflicts | Out-String -Width 80)
        @($text -split "`r?`n" | Where-Object Length -gt 80) | Should -BeNullOrEmpty
        $text | Should -Match ([regex]::Escape("Undone       : $($run.BadGtid)"))
        foreach ($c in $r.Conflicts) { $text | Should -Match ([regex]::Escape(" $($c.ChangedBy) ")) }
        $after = (Get-UndoRowDigest -Sandbox $sandbox -Database $run.Database).Values -join ';'
        $r2 = Undo-RostrvmTransaction -ConfigurationPath $run.Config -Transaction $run.BadGtid -Path $run.Files -SkipConflicts `
            -Confirm:$false
        $r2.Applied | Should -BeTrue
        (Invoke-TestSql -Sandbox $sandbox -Database $run.Database -Query ("SELECT (SELECT COUNT(*) FROM acct WHERE name = " +
            "'later-conflict') + (SELECT COUNT(*) FROM doc WHERE note = 'later-conflict') + (SELECT COUNT(*) FROM nokey WHERE b = " +
            "'later-conflict') AS n")).n | Should -Be '6'
        (Invoke-TestSql -Sandbox $sandbox -Database $run.Database -Query "SELECT COUNT(*) AS n FROM acct WHERE name LIKE '%again%'").n |
            Should -Be '1'
        (Get-UndoRowDigest -Sandbox $sandbox -Database $run.Database).Values -join ';' | Should -Not -Be $after
    }
}

Describe 'Undo-RostrvmTransaction without conflicts (seed <Seed>)' -ForEach @(@{ Seed = 42 }) {
    BeforeAll {
        $run = New-UndoRun -Seed $Seed
        Restore-RostrvmDatabase -ConfigurationPath $run.Config -TargetDatabase "$($run.Database)_ref" -ExcludeTransaction $run.BadGtid `
            -Force -NoBinlog | Out-Null
    }
    AfterAll {
        Remove-TestDatabase -Sandbox $sandbox -Name $run.Database
        Remove-TestDatabase -Sandbox $sandbox -Name "$($run.Database)_ref"
    }

    It 'writes a script (-ScriptOnly) that the plain client runs, leaving every table equal to the restore (CHECKSUM TABLE)' {
        $script = Join-Path ([System.IO.Path]::GetTempPath()) "undo-$Seed.sql"
        $before = Get-Sums $run.Database
        # Piped from Get-RostrvmBinlogEvent -Transaction.
        $r = Get-RostrvmBinlogEvent -Path $run.Files -Transaction | Where-Object Gtid -eq $run.BadGtid |
            Undo-RostrvmTransaction -ConfigurationPath $run.Config -ScriptOnly $script
        $r.Applied | Should -BeFalse
        $r.ScriptPath | Should -Be $script
        @($r.Conflicts).Count | Should -Be 0
        Get-Sums $run.Database | Should -Be $before
        Invoke-RestoreClient -Sandbox $sandbox -Sql (Get-Content -Raw $script)
        $ours = Get-RestoreChecksum -Sandbox $sandbox -Database $run.Database
        $ref = Get-RestoreChecksum -Sandbox $sandbox -Database "$($run.Database)_ref"
        foreach ($t in $ref.Keys) { $ours[$t] | Should -Be $ref[$t] -Because "table $t must equal the restore without the transaction" }
        Remove-Item $script
    }
}

Describe 'Undo-RostrvmTransaction refuses what the log cannot take back' {
    BeforeAll {
        $db = 'undo_refuse'
        Invoke-RestoreClient -Sandbox $sandbox -Sql "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db DEFAULT CHARACTER SET utf8mb4;"
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql ((Get-UndoWorkloadSchema) + (New-UndoScenario -Seed 43 -Rows 5).Initial)
        $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        $current = { @((Get-ChildItem $sandbox.BinlogDirectory -Filter 'rtmbinlog.0*' | Sort-Object Name |
            Select-Object -Last 1).FullName) }
    }
    AfterAll {
        Invoke-TestSql -Sandbox $sandbox -Query "SET GLOBAL binlog_row_image = 'FULL'" | Out-Null
        Remove-TestDatabase -Sandbox $sandbox -Name $db
    }

    It 'refuses a statement-logged transaction (UndoStatementLogged) and DDL (UndoDdlInTransaction), changing nothing' {
        $gtid = Invoke-Gtid -Database $db -Sql "SET SESSION binlog_format = 'STATEMENT'; UPDATE nokey SET b = 'stmt' WHERE a = 1;"
        $before = Get-Sums $db
        Undo-RostrvmTransaction -ConfigurationPath $config -Transaction $gtid -Path (
            & $current) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e1 | Out-Null
        $e1[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoStatementLogged')
        $e1[0].Exception.Message | Should -Match 'Restore-RostrvmDatabase -ExcludeTransaction'
        Get-Sums $db | Should -Be $before
        $ddl = Invoke-Gtid -Database $db -Sql 'CREATE TABLE ddl_probe (x INT);'
        Undo-RostrvmTransaction -ConfigurationPath $config -Transaction $ddl -Path (
            & $current) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e2 | Out-Null
        $e2[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoDdlInTransaction')
        (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db' AND " +
            "TABLE_NAME = 'ddl_probe'")).n | Should -Be '1'
    }

    It 'refuses while the server logs partial row images (BinlogRowImageNotFull), and a transaction logged so (UndoPartialRowImage)' {
        Invoke-TestSql -Sandbox $sandbox -Query "SET GLOBAL binlog_row_image = 'MINIMAL'" | Out-Null
        try {
            $gtid = Invoke-Gtid -Database $db -Sql "UPDATE acct SET name = 'minimal' WHERE id = 2;"
            Undo-RostrvmTransaction -ConfigurationPath $config -Transaction $gtid -Path (
                & $current) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e1 | Out-Null
            $e1[0].FullyQualifiedErrorId | Should -Be (& $fqid 'BinlogRowImageNotFull')
        }
        finally { Invoke-TestSql -Sandbox $sandbox -Query "SET GLOBAL binlog_row_image = 'FULL'" | Out-Null }
        Undo-RostrvmTransaction -ConfigurationPath $config -Transaction $gtid -Path (
            & $current) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e2 | Out-Null
        $e2[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoPartialRowImage')
        $e2[0].Exception.Message | Should -Match 'binlog_row_image=FULL'
        (Invoke-TestSql -Sandbox $sandbox -Database $db -Query 'SELECT name FROM acct WHERE id = 2').name | Should -Be 'minimal'
    }

    It 'says which transaction it cannot find (UndoTransactionNotFound)' {
        Undo-RostrvmTransaction -ConfigurationPath $config -Transaction '0-1-999999999' -Path (
            & $current) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e1 | Out-Null
        $e1[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoTransactionNotFound')
        $e1[0].Exception.Message | Should -Match '0-1-999999999'
    }
}

Describe 'Undo-RostrvmTransaction and what the binlog does not hold' {
    BeforeAll {
        $db = 'undo_cascade'
        Invoke-RestoreClient -Sandbox $sandbox `
            -Sql "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db DEFAULT CHARACTER SET utf8mb4; USE $db;
            CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB;
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT,
                FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE) ENGINE=InnoDB;
            CREATE TABLE counted (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB;
            CREATE TABLE tally (n INT) ENGINE=InnoDB; INSERT INTO tally VALUES (0);
            CREATE TRIGGER counted_ad AFTER DELETE ON counted FOR EACH ROW UPDATE tally SET n = n + 1;
            INSERT INTO parent VALUES (1, 'p'); INSERT INTO child VALUES (10, 1); INSERT INTO counted VALUES (1, 'Case');"
        $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        $current = { @((Get-ChildItem $sandbox.BinlogDirectory -Filter 'rtmbinlog.0*' | Sort-Object Name |
            Select-Object -Last 1).FullName) }
    }
    AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name $db }

    It 'refuses a table whose deletes cascade (UndoCascadingForeignKey): the cascade is not in the binlog' {
        $gtid = Invoke-Gtid -Database $db -Sql 'DELETE FROM parent WHERE id = 1;'
        Undo-RostrvmTransaction -ConfigurationPath $config -Transaction $gtid -Path (
            & $current) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e1 | Out-Null
        $e1[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoCascadingForeignKey')
        $e1[0].Exception.Message | Should -Match 'child'
        (Invoke-TestSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS n FROM parent').n | Should -Be '0'
    }

    It 'warns of triggers, and counts a change of letter case since as a conflict' {
        $gtid = Invoke-Gtid -Database $db -Sql "INSERT INTO counted VALUES (2, 'Word');"
        Invoke-TestSql -Sandbox $sandbox -Database $db -Query "UPDATE counted SET name = 'WORD' WHERE id = 2" | Out-Null
        $r = Undo-RostrvmTransaction -ConfigurationPath $config -Transaction $gtid -Path (
            & $current) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e1 -WarningVariable w
        $e1[0].FullyQualifiedErrorId | Should -Be (& $fqid 'UndoConflict')
        @($r.Conflicts).Count | Should -Be 1
        "$w" | Should -Match 'counted_ad'
        $r2 = Undo-RostrvmTransaction -ConfigurationPath $config -Transaction $gtid -Path (
            & $current) -Confirm:$false -SkipConflicts -WarningAction SilentlyContinue
        $r2.RowsRestored | Should -Be 0
        (Invoke-TestSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS n FROM counted').n | Should -Be '2'
    }
}
