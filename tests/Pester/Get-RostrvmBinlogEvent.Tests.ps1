# Get-RostrvmBinlogEvent: events as objects, filters, transactions, decoded rows equal to the table.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Binlog.TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox
    $run = Invoke-BinlogWorkload -Sandbox $sandbox -Database binlog_events
}
AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name binlog_events }

Describe 'Get-RostrvmBinlogEvent' {
    It 'decodes every row image of the workload to the values now in the table' {
        $state = @{}
        Get-RostrvmBinlogEvent -Path $run.Files -Database binlog_events -Table every_type -ColumnNamesFromServer `
            -ConfigurationPath $settings |
            Where-Object Rows | ForEach-Object { $_.Rows } | ForEach-Object {
                if ($_.Operation -eq 'Delete') { $state.Remove([long]$_.Before.id) } else { $state[[long]$_.After.id] = $_.After }
            }
        $rows = Invoke-TestSql -Sandbox $sandbox -Database binlog_events -Query ("SELECT id, t_tiny, t_utiny, t_big, t_ubig, t_dec, " +
            "t_dec_wide, t_varchar, t_latin1, t_enum, t_set, DATE_FORMAT(t_datetime3, '%Y-%m-%d %H:%i:%s.%f') AS dt3, t_time, " +
            "HEX(t_blob) AS hex_blob, t_json FROM every_type ORDER BY id")
        $state.Count | Should -Be @($rows).Count
        foreach ($row in $rows) {
            $image = $state[[long]$row.id]
            "$($image.t_tiny)" | Should -Be "$($row.t_tiny)"
            "$($image.t_utiny)" | Should -Be "$($row.t_utiny)"
            "$($image.t_big)" | Should -Be "$($row.t_big)"
            "$($image.t_ubig)" | Should -Be "$($row.t_ubig)"
            if ($null -ne $row.t_dec) { $image.t_dec.ToString([cultureinfo]::InvariantCulture) | Should -Be $row.t_dec }
            if ($null -ne $row.t_dec_wide) { "$($image.t_dec_wide)" | Should -Be $row.t_dec_wide }
            "$($image.t_varchar)" | Should -Be "$($row.t_varchar)"
            "$($image.t_latin1)" | Should -Be "$($row.t_latin1)"
            "$($image.t_enum)" | Should -Be "$($row.t_enum)"
            "$($image.t_set)" | Should -Be "$($row.t_set)"
            if ($null -ne $row.dt3) { $image.t_datetime3.ToString('yyyy-MM-dd HH:mm:ss.ffffff') | Should -Be $row.dt3 }
            if ($null -ne $row.hex_blob) { [Convert]::ToHexString($image.t_blob) | Should -Be $row.hex_blob }
            "$($image.t_json)" | Should -Be "$($row.t_json)"
        }
    }

    It 'finds the exact time and statement of a delete with -Operation and -Table' {
        $e = @(Get-RostrvmBinlogEvent -Path $run.Files -Table every_type -Operation Delete)
        $e.Count | Should -Be 1
        $e[0].Sql | Should -Be 'DELETE FROM every_type WHERE id = 3'
        $e[0].Rows[0].Before['@1'] | Should -Be 3
        $e[0].Time | Should -Be $e[0].TimeUtc.ToLocalTime()
        $e[0].Database | Should -Be 'binlog_events'
    }

    It 'groups events into transactions with GTID and positions' {
        $t = @(Get-RostrvmBinlogEvent -Path $run.Files -Transaction -Database binlog_events -Operation Update)
        $t.Count | Should -BeGreaterThan 1
        $t | ForEach-Object { $_.Gtid | Should -Match '^0-1-\d+$'; $_.EndPosition | Should -BeGreaterThan $_.Position; $_.Complete |
            Should -BeTrue }
        ($t | Where-Object { $_.Tables -contains 'binlog_events.every_type' }).Count | Should -BeGreaterThan 0
    }

    It 'filters by position: only events between -StartPosition and -StopPosition' {
        $all = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -NoRows)
        $some = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -StartPosition $all[10].Position -StopPosition $all[20].Position -NoRows)
        $some.Position | Should -Be ($all[10..19].Position)
    }

    It '-StopPosition takes file:position, an event or a number (a position of the last file) alike' {
        $all = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -NoRows)
        $stop = $all[20]
        $byText = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -StopPosition "$(Split-Path $stop.File -Leaf):$($stop.Position)" -NoRows)
        $byEvent = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -StopPosition $stop -NoRows)
        $byNumber = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -StopPosition ([int]$stop.Position) -NoRows)
        $byText.Position | Should -Be ($all[0..19].Position)
        $byEvent.Position | Should -Be ($all[0..19].Position)
        $byNumber.Position | Should -Be ($all[0..19].Position)
    }

    It 'takes Get-RostrvmBinlog output from the pipeline' {
        $n = @(Get-RostrvmBinlog -Path $run.Files | Get-RostrvmBinlogEvent -NoRows).Count
        $n | Should -Be @(Get-RostrvmBinlogEvent -Path $run.Files -NoRows).Count
    }

    It 'reports a corrupt checksum as BinlogChecksumMismatch naming the file and position' {
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ('rtmbinlog-bad-' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.000001')
        $bytes = [System.IO.File]::ReadAllBytes($run.Files[0])
        $target = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -NoRows)[20]
        $bytes[$target.Position + 25] = $bytes[$target.Position + 25] -bxor 0xFF
        [System.IO.File]::WriteAllBytes($copy, $bytes)
        try {
            $got = @(Get-RostrvmBinlogEvent -Path $copy -NoRows -ErrorVariable err -ErrorAction SilentlyContinue)
            $err[0].FullyQualifiedErrorId | Should -Be 'BinlogChecksumMismatch,Rostrvm.PowerShell.Commands.GetRostrvmBinlogEventCommand'
            $err[0].Exception.Message | Should -BeLike "*$copy*position $($target.Position)*"
            $got.Count | Should -Be 20 -Because 'the events before the damage are returned, nothing after it'
        } finally { Remove-Item $copy }
    }

    It 'reports a file that vanished as BinlogNotFound' {
        { Get-RostrvmBinlogEvent -Path '/nonexistent/rtmbinlog.000009' -ErrorAction Stop } |
            Should -Throw -ErrorId 'BinlogNotFound,Rostrvm.PowerShell.Commands.GetRostrvmBinlogEventCommand'
    }
}

Describe 'Get-RostrvmBinlogEvent and scratch databases' {
    BeforeAll {
        # A backup test load that was logged (rostrvm_test_<timestamp>), beside ordinary work and one transaction mixing both.
        $scratchDb = 'rostrvm_test_20260101000000_pester'
        Invoke-SandboxClient -Sandbox $sandbox -Query "DROP DATABASE IF EXISTS binlog_scratch_keep; FLUSH BINARY LOGS" | Out-Null
        $file = Join-Path $sandbox.BinlogDirectory (Invoke-TestSql -Sandbox $sandbox -Query 'SHOW MASTER STATUS').File
        Invoke-SandboxClient -Sandbox $sandbox -Query @"
CREATE DATABASE $scratchDb; CREATE TABLE $scratchDb.t (id INT PRIMARY KEY, v VARCHAR(10));
CREATE DATABASE binlog_scratch_keep; CREATE TABLE binlog_scratch_keep.k (id INT PRIMARY KEY);
INSERT INTO $scratchDb.t VALUES (1, 'a'), (2, 'b');
INSERT INTO binlog_scratch_keep.k VALUES (1);
START TRANSACTION; INSERT INTO binlog_scratch_keep.k VALUES (2); INSERT INTO $scratchDb.t VALUES (3, 'c'); COMMIT;
USE binlog_scratch_keep; DROP DATABASE $scratchDb;
FLUSH BINARY LOGS;
"@ | Out-Null
        function Read-Scratch([hashtable] $Options = @{}) {
            Get-RostrvmBinlogEvent -Path $file -ConfigurationPath $settings @Options -WarningVariable w -WarningAction SilentlyContinue
            $script:readWarning = @($w)
        }
    }
    AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name binlog_scratch_keep }

    It 'leaves the scratch events out with their GTID and COMMIT events, and counts them in one warning' {
        $all = @(Read-Scratch @{ IncludeScratch = $true })
        @($all | Where-Object Database -eq $scratchDb) | Should -Not -BeNullOrEmpty
        $shown = @(Read-Scratch)
        @($shown | Where-Object { $_.Database -eq $scratchDb -or ($_.Operation -eq 'Ddl' -and $_.Sql -like "*$scratchDb*") }) |
            Should -HaveCount 0
        ($shown | Where-Object { $_.Database -eq 'binlog_scratch_keep' -and $_.Operation -eq 'Insert' } | ForEach-Object {
            $_.Rows.After['@1'] }) | Should -Be @(1, 2)
        foreach ($group in $shown | Where-Object TransactionFile | Group-Object TransactionPosition) {
            @($group.Group | Where-Object Type -ne 'MariaDB_Gtid') |
                Should -Not -BeNullOrEmpty -Because "no transaction is shown as a lone GTID event (at $($group.Name))"
        }
        $script:readWarning | Should -HaveCount 1
        $script:readWarning[0].Message |
            Should -Be ("$($all.Count - $shown.Count) event(s) of scratch databases (rostrvm_test_..., backup test loads) left out; " +
                "-IncludeScratch shows them.")
    }

    It 'shows them when -Database names the scratch database, without a warning' {
        ($(Read-Scratch @{ Database = $scratchDb; Operation = 'Insert' }) | ForEach-Object { $_.Rows } | ForEach-Object {
            $_.After['@1'] }) | Should -Be @(1, 2, 3)
        $script:readWarning | Should -BeNullOrEmpty
    }

    It 'with -Transaction, leaves out the transactions of scratch databases only' {
        $every = @(Read-Scratch @{ Transaction = $true; IncludeScratch = $true })
        $listed = @(Read-Scratch @{ Transaction = $true })
        # Left out: CREATE DATABASE, CREATE TABLE (named db.t from no default database), the INSERT, DROP DATABASE.
        $listed | ForEach-Object { ($_.Events | Where-Object Sql | Select-Object -First 1).Sql } |
            Should -Be @('CREATE DATABASE binlog_scratch_keep', 'CREATE TABLE binlog_scratch_keep.k (id INT PRIMARY KEY)',
                'INSERT INTO binlog_scratch_keep.k VALUES (1)', 'INSERT INTO binlog_scratch_keep.k VALUES (2)')
        $listed[-1].Databases | Should -Be @('binlog_scratch_keep',
            $scratchDb) -Because 'a transaction that also changes another database is listed'
        $every.Count | Should -Be ($listed.Count + 4)
        $script:readWarning[0].Message |
            Should -Be "4 transaction(s) of scratch databases (rostrvm_test_..., backup test loads) left out; -IncludeScratch shows them."
    }
}
