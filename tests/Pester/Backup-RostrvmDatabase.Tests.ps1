BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'BackupTestHelpers.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $modulePath = Get-TestModulePath

    function Get-Sha([string] $Path) { (Get-FileHash -Path $Path -Algorithm SHA256).Hash }

    # Rostrvm.Core lives in the module's own load context, beside the connector it loaded: found through its assembly.
    function Get-CoreType([string] $Name) {
        $core = [System.Runtime.Loader.AssemblyLoadContext]::All.Assemblies | Where-Object { $_.GetName().Name -eq 'Rostrvm.Core' } |
            Select-Object -First 1
        $core.GetType("Rostrvm.Core.$Name", $true)
    }

    # An open, unpooled connection of the module's own connector to a sandbox database (no TLS).
    function New-ModuleConnectorConnection($Sandbox, [string] $Database) {
        $core = (Get-CoreType 'Connection.ConnectorReadBuffer').Assembly
        $connector = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Assemblies |
            Where-Object { $_.GetName().Name -eq 'MySqlConnector' }
        $password = $Sandbox.Credential.GetNetworkCredential().Password
        $connectionString = "Server=127.0.0.1;Port=$($Sandbox.Port);User ID=$($Sandbox.Credential.UserName);Password=$password;" +
            "SslMode=None;Pooling=false;Database=$Database"
        $connection = [Activator]::CreateInstance($connector.GetType('MySqlConnector.MySqlConnection', $true), @($connectionString))
        try { $connection.Open() } catch { $connection.Dispose(); throw }
        $connection
    }

    function Assert-RoundTrip($Sandbox, [string] $Source, [string] $Backup, [string] $Target) {
        Remove-TestDatabase -Sandbox $Sandbox -Name $Target
        Invoke-TestSql -Sandbox $Sandbox -Query "CREATE DATABASE ``$Target``" | Out-Null
        Invoke-ClientFile -Sandbox $Sandbox -Database $Target -Path $Backup
        $expected = Get-DatabaseFingerprint -Sandbox $Sandbox -Database $Source
        $actual = Get-DatabaseFingerprint -Sandbox $Sandbox -Database $Target
        $actual.Keys | Should -Be $expected.Keys
        foreach ($table in $expected.Keys) { "$table $($actual[$table])" | Should -Be "$table $($expected[$table])" }
    }

    # A transfer workload: amounts move between accounts in transactions, the sum never changes.
    $transferSql = @'
DROP TABLE IF EXISTS accounts; DROP TABLE IF EXISTS transfer_control;
CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL, note VARCHAR(40)) ENGINE=InnoDB;
CREATE TABLE transfer_control (stop_now TINYINT NOT NULL, done INT NOT NULL) ENGINE=InnoDB;
INSERT INTO transfer_control VALUES (0, 0);
INSERT INTO accounts SELECT seq, 1000, CONCAT('acct ', seq) FROM seq_1_to_200;
DROP PROCEDURE IF EXISTS transfer_loop;
DELIMITER ;;
CREATE PROCEDURE transfer_loop()
BEGIN
  DECLARE a INT; DECLARE b INT; DECLARE x INT; DECLARE n INT DEFAULT 0;
  WHILE (SELECT stop_now FROM transfer_control) = 0 AND n < 200000 DO
    SET a = 1 + FLOOR(RAND() * 200); SET b = 1 + FLOOR(RAND() * 200); SET x = 1 + FLOOR(RAND() * 50); SET n = n + 1;
    START TRANSACTION;
    UPDATE accounts SET balance = balance - x WHERE id = a;
    UPDATE accounts SET balance = balance + x WHERE id = b;
    UPDATE transfer_control SET done = done + 1;
    COMMIT;
  END WHILE;
END ;;
DELIMITER ;
'@
}

Describe 'Backup-RostrvmDatabase round trip (<Format> binlog)' -ForEach @(@{ Format = 'Row' }, @{ Format = 'Mixed' }) {
    BeforeAll {
        if ($Format -eq 'Row') { $server = $sandbox }
        else {
            $server = & (Join-Path (Get-TestRepoRoot) 'demo/Start-Sandbox.ps1') -Name backupmixed -BinlogFormat Mixed
            & (Join-Path (Get-TestRepoRoot) 'demo/New-DemoDatabase.ps1') -Port $server.Port -Credential $server.Credential -Size Small -Force | Out-Null
        }
        Copy-TestDatabase -Sandbox $server -Source rostrvm_920 -Target bk_rt
        $config = New-TestRoot -Sandbox $server -Database bk_rt
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -ThrottleLimit 2
        $compressed = Backup-RostrvmDatabase -ConfigurationPath $config -Compress -ThrottleLimit 2
    }
    AfterAll {
        if ($Format -ne 'Row') { & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name backupmixed -Remove }
        else { foreach ($db in 'bk_rt', 'bk_rt_copy', 'bk_rt_gz', 'bk_load') { Remove-TestDatabase -Sandbox $sandbox -Name $db } }
    }

    It 'writes a complete owner-only .rbk with the header and completion lines of DESIGN section 4' {
        $backup.Status | Should -Be 'Complete'
        $backup.Name | Should -Be 'rostrvm_920_1.rbk'
        [int](Get-Item $backup.Path).UnixFileMode | Should -Be 384 # 0600
        $lines = Get-Content $backup.Path -TotalCount 6
        ($lines | Where-Object { $_ -like '-- rostrvm-backup: {*' }) | Should -Not -BeNullOrEmpty
        (Get-Content $backup.Path -Tail 1) | Should -BeLike '-- rostrvm-backup-complete: {*'
        $body = Get-Content $backup.Path -Raw
        $body | Should -Not -Match '(?m)^(CREATE DATABASE|USE )'
        $body | Should -Match "SET TIME_ZONE='\+00:00'"
        $backup.BinlogFile | Should -Match '^rtmbinlog\.\d+$'
        $backup.BinlogPosition | Should -BeGreaterThan 0
        $backup.Gtid | Should -Match '^\d+-\d+-\d+'
    }

    It 'records the row count of every table on the completion line, and none in the header (format 2)' {
        $header = (Get-Content $backup.Path -TotalCount 6 | Where-Object { $_ -like '-- rostrvm-backup: {*' }).Substring(19) | ConvertFrom-Json
        $header.format | Should -Be 2
        @($header.tables | Where-Object { $_.PSObject.Properties['rows'] -or $_.PSObject.Properties['digest'] }) | Should -BeNullOrEmpty
        $counts = @(Get-BackupTableCount -Path $backup.Path)
        @($counts.name) | Should -Be @($header.tables.name)
        foreach ($table in $counts) {
            $count = (Invoke-TestSql -Sandbox $server -Database bk_rt -Query "SELECT COUNT(*) AS n FROM ``$($table.name)``").n
            "$($table.name) $($table.rows)" | Should -Be "$($table.name) $count"
        }
    }

    It 'loads with the plain client into another database name with equal CHECKSUM TABLE and row counts' {
        Assert-RoundTrip -Sandbox $server -Source bk_rt -Backup $backup.Path -Target bk_rt_copy
    }

    It 'loads the .rbk.gz through gunzip with the same result' {
        $compressed.Name | Should -Be 'rostrvm_920_2.rbk.gz'
        $compressed.FileSize | Should -BeLessThan ($backup.FileSize / 2)
        $compressed.Rows | Should -Be $backup.Rows
        $compressed.Status | Should -Be 'Complete'
        Assert-RoundTrip -Sandbox $server -Source bk_rt -Backup $compressed.Path -Target bk_rt_gz
    }

    It 'restores views, routines, triggers and events that work' {
        $views = Invoke-TestSql -Sandbox $server -Query "SELECT TABLE_NAME AS n FROM information_schema.VIEWS WHERE TABLE_SCHEMA='bk_rt_copy' ORDER BY 1"
        @($views.n) | Should -Be @((Invoke-TestSql -Sandbox $server -Query "SELECT TABLE_NAME AS n FROM information_schema.VIEWS WHERE TABLE_SCHEMA='bk_rt' ORDER BY 1").n)
        foreach ($view in $views.n) {
            (Invoke-TestSql -Sandbox $server -Database bk_rt_copy -Query "SELECT COUNT(*) AS n FROM ``$view``").n |
                Should -Be (Invoke-TestSql -Sandbox $server -Database bk_rt -Query "SELECT COUNT(*) AS n FROM ``$view``").n
        }
        (Invoke-TestSql -Sandbox $server -Database bk_rt_copy -Query 'SELECT fn_sla_met(1000, 20) AS v').v | Should -Be 1
        $stats = Invoke-TestSql -Sandbox $server -Database bk_rt_copy -Query 'CALL sp_queue_stats(1, CURDATE())'
        $stats | Should -Not -BeNullOrEmpty
        (Invoke-TestSql -Sandbox $server -Query "SELECT COUNT(*) AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA='bk_rt_copy'").n | Should -Be $backup.Events.Count
        $before = (Invoke-TestSql -Sandbox $server -Database bk_rt_copy -Query 'SELECT COUNT(*) AS n FROM audit_trail').n
        Invoke-TestSql -Sandbox $server -Database bk_rt_copy -Query "UPDATE users SET role = role WHERE id = (SELECT MIN(id) FROM users)" | Out-Null
        [int](Invoke-TestSql -Sandbox $server -Database bk_rt_copy -Query 'SELECT COUNT(*) AS n FROM audit_trail').n | Should -BeGreaterThan ([int]$before)
    }

    It 'is consistent while transfers run, and the binlog from its coordinates reaches the live state' {
        Remove-TestDatabase -Sandbox $server -Name bk_load
        Invoke-TestSql -Sandbox $server -Query 'CREATE DATABASE bk_load' | Out-Null
        $setup = Join-Path ([System.IO.Path]::GetTempPath()) "rostrvm-transfer-$Format.sql"
        Set-Content -Path $setup -Value $transferSql -Encoding utf8NoBOM
        Invoke-ClientFile -Sandbox $server -Database bk_load -Path $setup
        $loadConfig = New-TestRoot -Sandbox $server -Database bk_load
        $before = Get-MasterPosition -Sandbox $server
        $writer = Start-SqlSession -Sandbox $server -Database bk_load -Sql 'CALL transfer_loop();'
        try {
            Wait-Until -What 'the first transfers' { [int](Invoke-TestSql -Sandbox $server -Database bk_load -Query 'SELECT done FROM transfer_control').done -ge 50 }
            # Two connections: the snapshot they share is what is proven here. With Row, as it comes
            # (lock-free, or the lock on a busy moment); with Mixed, straight to the lock fallback.
            if ($Format -eq 'Mixed') { [AppContext]::SetData('Rostrvm.Backup.LockFreeSnapshotAttempts', 0) }
            try { $loaded = Backup-RostrvmDatabase -ConfigurationPath $loadConfig -ThrottleLimit 2 }
            finally { [AppContext]::SetData('Rostrvm.Backup.LockFreeSnapshotAttempts', $null) }
            Wait-Until -What 'more transfers after the backup' { [int](Invoke-TestSql -Sandbox $server -Database bk_load -Query 'SELECT done FROM transfer_control').done -ge 50 + 100 }
        }
        finally {
            Invoke-TestSql -Sandbox $server -Database bk_load -Query 'UPDATE transfer_control SET stop_now = 1' | Out-Null
            $writer.WaitForExit(60000) | Out-Null
        }
        $after = Get-MasterPosition -Sandbox $server
        if ($Format -eq 'Mixed') { $loaded.SnapshotMethod | Should -Be 'FlushTablesWithReadLock' }
        else { $loaded.SnapshotMethod | Should -BeIn @('ConsistentSnapshot', 'FlushTablesWithReadLock') }
        # The snapshot fell inside the workload: after its start, before its end.
        "$($loaded.BinlogFile):$($loaded.BinlogPosition)" | Should -Not -Be "$($before.File):$($before.Position)"
        $loaded.BinlogPosition | Should -BeLessThan ($(if ($loaded.BinlogFile -eq $after.File) { $after.Position } else { [long]::MaxValue }))
        $live = Get-DatabaseFingerprint -Sandbox $server -Database bk_load
        $liveDone = [int](Invoke-TestSql -Sandbox $server -Database bk_load -Query 'SELECT done FROM transfer_control').done

        # Restore into the same name (the binlog names bk_load), then replay from the recorded coordinates.
        Remove-TestDatabase -Sandbox $server -Name bk_load
        Invoke-TestSql -Sandbox $server -Query 'SET SESSION sql_log_bin = 0; CREATE DATABASE bk_load' | Out-Null
        Invoke-ClientFile -Sandbox $server -Database bk_load -Path $loaded.Path -InitCommand 'SET sql_log_bin=0'
        (Invoke-TestSql -Sandbox $server -Database bk_load -Query 'SELECT SUM(balance) AS s, COUNT(*) AS n FROM accounts') | ForEach-Object { "$($_.s)/$($_.n)" } | Should -Be '200000/200'
        $restoredDone = [int](Invoke-TestSql -Sandbox $server -Database bk_load -Query 'SELECT done FROM transfer_control').done
        $restoredDone | Should -BeGreaterThan 0
        $restoredDone | Should -BeLessThan $liveDone
        Invoke-BinlogReplay -Sandbox $server -Database bk_load -StartFile $loaded.BinlogFile -StartPosition $loaded.BinlogPosition -Stop $after
        $replayed = Get-DatabaseFingerprint -Sandbox $server -Database bk_load
        foreach ($table in $live.Keys) { "$table $($replayed[$table])" | Should -Be "$table $($live[$table])" }
    }
}

Describe 'Backup-RostrvmDatabase with rows larger than a statement' {
    # Each such row gets a statement and a piece of its own, and only one is in memory at a time:
    # two workers on several key ranges of them take turns, and the file is still whole and in order.
    BeforeAll {
        Invoke-TestSql -Sandbox $sandbox -Query @"
DROP DATABASE IF EXISTS bk_large; CREATE DATABASE bk_large; USE bk_large;
CREATE TABLE bk_large.big (id INT PRIMARY KEY, body LONGBLOB, note TEXT) ENGINE=InnoDB;
INSERT INTO bk_large.big SELECT seq, IF(seq % 3 = 0, CONCAT('small ', seq), REPEAT(CHAR(seq), 1200000 + seq)), REPEAT('''', seq) FROM seq_1_to_60;
ANALYZE TABLE big;
"@ | Out-Null
        $config = New-TestRoot -Sandbox $sandbox -Database bk_large
        $large = Backup-RostrvmDatabase -ConfigurationPath $config -ThrottleLimit 2
    }
    AfterAll { foreach ($db in 'bk_large', 'bk_large_copy') { Remove-TestDatabase -Sandbox $sandbox -Name $db } }

    It 'reads several key ranges of them over two connections' {
        $header = (Get-Content $large.Path -TotalCount 6 | Where-Object { $_ -like '-- rostrvm-backup: {*' }).Substring(19) | ConvertFrom-Json
        ($header.tables | Where-Object name -eq 'big').chunks | Should -BeGreaterThan 1
        $large.Rows | Should -Be 60
    }

    It 'puts each of them in a statement of its own' {
        $statements = @(Get-Content $large.Path | Where-Object { $_ -like 'INSERT INTO*' })
        @($statements | Where-Object { $_.Length -gt 1MB -and $_ -match '\),\(' }) | Should -HaveCount 0
        @($statements | Where-Object { $_.Length -gt 1MB }) | Should -HaveCount 40
    }

    It 'loads with the plain client into an equal table and passes Test-RostrvmBackup' {
        Assert-RoundTrip -Sandbox $sandbox -Source bk_large -Backup $large.Path -Target bk_large_copy
        (Test-RostrvmBackup -Path $large.Path -ConfigurationPath $config).Passed | Should -BeTrue
    }
}

Describe 'Backup-RostrvmDatabase with rows past a protocol packet' {
    # A row above 16 MB comes as several packets, which the connector joins. Tables of such rows
    # are read into buffers readied for them, so a row costs no array of its size.
    BeforeAll {
        Invoke-TestSql -Sandbox $sandbox -Query @"
DROP DATABASE IF EXISTS bk_packets; CREATE DATABASE bk_packets; USE bk_packets;
CREATE TABLE bk_packets.big (id INT PRIMARY KEY, body LONGBLOB) ENGINE=InnoDB;
INSERT INTO bk_packets.big VALUES (1, REPEAT(0x27, 16777216)), (2, 'small'), (3, REPEAT(0x5C00, 10000000));
ANALYZE TABLE big;
"@ | Out-Null
        $config = New-TestRoot -Sandbox $sandbox -Database bk_packets
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -ThrottleLimit 2

        function Get-ConnectorAllocation([bool] $Reserve) {
            $buffer = Get-CoreType 'Connection.ConnectorReadBuffer'
            $connection = New-ModuleConnectorConnection -Sandbox $sandbox -Database bk_packets
            try {
                $ready = if ($Reserve) { $buffer::TryReserveLargeRows($connection, 32MB) } else { $buffer::TryEnlarge($connection, 1MB) }
                $ready | Should -BeTrue
                $command = $connection.CreateCommand()
                $command.CommandText = 'SELECT id, LENGTH(body), body FROM big ORDER BY id'
                $before = [GC]::GetAllocatedBytesForCurrentThread()
                $reader = $command.ExecuteReader()
                $lengths = while ($reader.Read()) { $reader.GetInt64(1) }
                $reader.Dispose()
                $lengths | Should -Be @(16777216, 5, 20000000)
                [GC]::GetAllocatedBytesForCurrentThread() - $before
            }
            finally { $connection.Dispose() }
        }
    }
    AfterAll { foreach ($db in 'bk_packets', 'bk_packets_copy') { Remove-TestDatabase -Sandbox $sandbox -Name $db } }

    It 'the shipped connector reads such rows without an array per row once readied' {
        Get-ConnectorAllocation -Reserve $false | Should -BeGreaterThan 48MB
        Get-ConnectorAllocation -Reserve $true | Should -BeLessThan 4MB
    }

    It 'loads with the plain client into an equal table and passes Test-RostrvmBackup' {
        $backup.Rows | Should -Be 3
        Assert-RoundTrip -Sandbox $sandbox -Source bk_packets -Backup $backup.Path -Target bk_packets_copy
        (Test-RostrvmBackup -Path $backup.Path -ConfigurationPath $config).Passed | Should -BeTrue
    }
}

Describe 'Backup-RostrvmDatabase without a shared snapshot' {
    # The last fallback: the workers could not share a snapshot without a lock and the account
    # may not take one (no RELOAD), so the whole dump goes over one connection, and says so.
    BeforeAll {
        Copy-TestDatabase -Sandbox $sandbox -Source rostrvm_920 -Target bk_single
        $password = 'NoReload-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        Invoke-TestSql -Sandbox $sandbox -Query ("CREATE USER IF NOT EXISTS 'bk_noreload'@'localhost' IDENTIFIED BY '$password'; CREATE USER IF NOT EXISTS 'bk_noreload'@'127.0.0.1' IDENTIFIED BY '$password'; " +
            "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON bk_single.* TO 'bk_noreload'@'localhost'; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON bk_single.* TO 'bk_noreload'@'127.0.0.1'; " +
            "GRANT SELECT ON mysql.proc TO 'bk_noreload'@'localhost', 'bk_noreload'@'127.0.0.1';") | Out-Null
        $config = New-TestRoot -Sandbox $sandbox -Database bk_single
        $credential = [pscredential]::new('bk_noreload', (ConvertTo-SecureString $password -AsPlainText -Force))
        [AppContext]::SetData('Rostrvm.Backup.LockFreeSnapshotAttempts', 0)
        try { $single = Backup-RostrvmDatabase -ConfigurationPath $config -Credential $credential -ThrottleLimit 2 -WarningVariable warned -WarningAction SilentlyContinue }
        finally { [AppContext]::SetData('Rostrvm.Backup.LockFreeSnapshotAttempts', $null) }
    }
    AfterAll {
        foreach ($db in 'bk_single', 'bk_single_copy') { Remove-TestDatabase -Sandbox $sandbox -Name $db }
        Invoke-TestSql -Sandbox $sandbox -Query "DROP USER IF EXISTS 'bk_noreload'@'localhost', 'bk_noreload'@'127.0.0.1'" | Out-Null
    }

    It 'warns that it dumps over one connection and records the method' {
        ($warned | Out-String) | Should -Match 'over one connection'
        $single.SnapshotMethod | Should -Be 'SingleConnection'
        $single.Complete | Should -BeTrue
    }

    It 'loads with the plain client into an equal database' {
        Assert-RoundTrip -Sandbox $sandbox -Source bk_single -Backup $single.Path -Target bk_single_copy
    }
}

Describe 'Backup-RostrvmDatabase reads rows from the wire and through the public API alike' {
    # Rows are normally formatted from their text-protocol payload (plain SELECT); with the
    # AppContext switch the dump casts every value AS BINARY and uses the connector's GetBytes.
    # Both must write the same bytes, so that either can test a backup made by the other.
    BeforeAll {
        $switch = 'Rostrvm.Connection.UsePublicRowApi'
        # FLOAT values with at most six significant digits: MariaDB sends FLOAT that way, so a
        # logical dump (mariadb-dump's too) of, say, 1.17549435e-38 would not load back equal.
        Invoke-TestSql -Sandbox $sandbox -Query @"
DROP DATABASE IF EXISTS bk_types; CREATE DATABASE bk_types DEFAULT CHARACTER SET utf8mb4;
CREATE TABLE bk_types.awkward (
  id INT PRIMARY KEY, z INT(6) ZEROFILL, d DECIMAL(10,4), f FLOAT, g DOUBLE, b BIT(5), y YEAR,
  tm TIME(3), ts TIMESTAMP(3) NULL, dt DATETIME(6) NULL, j JSON, l VARCHAR(20) CHARACTER SET latin1,
  u VARCHAR(20) CHARACTER SET ucs2, s SET('a','b'), e ENUM('x','y'), bn BINARY(4), bl MEDIUMBLOB, t MEDIUMTEXT, p POINT NULL
) ENGINE=InnoDB;
INSERT INTO bk_types.awkward VALUES
 (1, 42, 1.5, 0.1, 0.1, b'101', 2024, '-12:00:01.5', '2024-01-01 00:00:00.123', '0000-00-00 00:00:00', '{"a":"b\\"c"}', 'café', 'hé', 'a,b', 'y', 'ab', 0x00FF0A27, 'it''s\\a\nline\r\0\Z', POINT(1,2)),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (3, 0, -0.0001, 3.4e38, 1e-300, 0, 1999, '838:59:59', '1970-01-01 00:00:01', '9999-12-31 23:59:59.999999', '[]', '', '', '', 'x', '', '', REPEAT('y', 300), NULL),
 (4, 7, 0, 1.5e-30, 0.3333333333333333, 31, 2155, '00:00:00', NULL, NULL, NULL, 'x', 'x', 'b', 'x', 'x', REPEAT(0xAB, 70000), REPEAT('x', 70000), NULL);
-- Rows around the dump connections' 1 MB read buffer: two that fill it unevenly, one larger than it.
INSERT INTO bk_types.awkward (id, bl, t) VALUES (5, REPEAT(0x5A27, 300000), REPEAT('''', 100000)), (6, REPEAT(0x00, 700000), 'after'), (7, REPEAT(0xCD, 1500000), REPEAT('z', 1200000));
"@ | Out-Null
        $config = New-TestRoot -Sandbox $sandbox -Database bk_types
        $wire = Backup-RostrvmDatabase -ConfigurationPath $config -Cycle 2
        [AppContext]::SetSwitch($switch, $true)
        try { $public = Backup-RostrvmDatabase -ConfigurationPath $config -Cycle 2 }
        finally { [AppContext]::SetSwitch($switch, $false) }

        function Get-Body([string] $Path) { (Get-Content $Path) | Where-Object { $_ -notlike '-- *' } }
        function Get-TableEntries([string] $Path) {
            Get-BackupTableCount -Path $Path | ForEach-Object { "$($_.name) $($_.rows) $($_.digest)" }
        }
    }
    AfterAll {
        [AppContext]::SetSwitch($switch, $false)
        foreach ($db in 'bk_types', 'bk_types_copy') { Remove-TestDatabase -Sandbox $sandbox -Name $db }
    }

    It 'the shipped connector is read from the wire' {
        (Get-CoreType 'Connection.ConnectorRowPayload')::Available | Should -BeTrue
    }

    It 'writes the same rows, row counts and digests both ways' {
        Get-TableEntries $public.Path | Should -Be (Get-TableEntries $wire.Path)
        $wireBody = Get-Body $wire.Path
        $text = $wireBody -join "`n"
        $text.Length | Should -BeGreaterThan 210000
        $text | Should -BeLike "*,'it\'s\\a\nline\r\0\Z',*"
        $text | Should -BeLike "*,_binary'\0?\n\'',*"
        (Get-Body $public.Path) -join "`n" | Should -Be $text
    }

    It 'loads with the plain client into an equal table' {
        Assert-RoundTrip -Sandbox $sandbox -Source bk_types -Backup $wire.Path -Target bk_types_copy
    }

    It 'each backup passes Test-RostrvmBackup read the other way' {
        [AppContext]::SetSwitch($switch, $true)
        try { $viaPublic = Test-RostrvmBackup -Path $wire.Path -ConfigurationPath $config }
        finally { [AppContext]::SetSwitch($switch, $false) }
        $viaWire = Test-RostrvmBackup -Path $public.Path -ConfigurationPath $config
        $viaPublic.Passed | Should -BeTrue
        $viaWire.Passed | Should -BeTrue
        $viaWire.Rows | Should -Be 7
    }

    It 'the shipped connector takes the larger read buffer, and reads rows on both sides of it' {
        $connection = New-ModuleConnectorConnection -Sandbox $sandbox -Database bk_types
        try {
            (Get-CoreType 'Connection.ConnectorReadBuffer')::TryEnlarge($connection, 1MB) | Should -BeTrue
            $command = $connection.CreateCommand()
            $command.CommandText = 'SELECT id, LENGTH(bl), bl, t FROM awkward WHERE id >= 4 ORDER BY id'
            $reader = $command.ExecuteReader()
            $seen = while ($reader.Read()) { $blob = [byte[]]$reader.GetValue(2); '{0} {1} {2} {3}' -f $reader.GetInt32(0), $reader.GetInt64(1), $blob.Length, $reader.GetString(3).Length }
            $reader.Dispose()
            $seen | Should -Be @('4 70000 70000 70000', '5 600000 600000 100000', '6 700000 700000 5', '7 1500000 1500000 1200000')
        }
        finally { $connection.Dispose() }
    }
}

Describe 'Backup-RostrvmDatabase cycle and interruption' {
    BeforeAll {
        Copy-TestDatabase -Sandbox $sandbox -Source rostrvm_920 -Target bk_cycle
        $config = New-TestRoot -Sandbox $sandbox -Database bk_cycle
        $folder = Join-Path (Split-Path $config -Parent) 'backups'
    }
    AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name bk_cycle }

    It 'with Cycle 2, three backups leave slots 1 and 2 holding the two newest' {
        $first = Backup-RostrvmDatabase -ConfigurationPath $config -Cycle 2
        $second = Backup-RostrvmDatabase -ConfigurationPath $config -Cycle 2
        $third = Backup-RostrvmDatabase -ConfigurationPath $config -Cycle 2
        @($first.Slot, $second.Slot, $third.Slot) | Should -Be @(1, 2, 1)
        $listed = Get-RostrvmBackup -Path $folder
        @($listed.Name) | Should -Be @('rostrvm_920_1.rbk', 'rostrvm_920_2.rbk')
        @($listed.SnapshotTimeUtc) | Should -Be @($third.SnapshotTimeUtc, $second.SnapshotTimeUtc)
        $listed.Status | Should -Be @('Complete', 'Complete')
    }

    It 'a backup killed midway leaves both earlier backups intact and no final-named file without its completion line' {
        $before = Get-ChildItem $folder -Filter 'rostrvm_920_*.rbk' | ForEach-Object { @{ Name = $_.Name; Sha = Get-Sha $_.FullName } }
        # Hold the last table so the child's backup stops inside the dump, its temporary file open.
        $lock = Start-SqlSession -Sandbox $sandbox -Database bk_cycle -Sql 'LOCK TABLES voice_recordings WRITE; SELECT SLEEP(120);'
        $child = $null
        try {
            Wait-Until -What 'the table lock' { Invoke-TestSql -Sandbox $sandbox -Query "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(120)%'" }
            $child = Start-ChildPwsh -ModulePath $modulePath -Command "Backup-RostrvmDatabase -ConfigurationPath '$config' -Cycle 2"
            Wait-Until -TimeoutSeconds 90 -What 'the backup to wait inside the dump' {
                Invoke-TestSql -Sandbox $sandbox -Query "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table metadata lock%' AND INFO LIKE 'SELECT %voice_recordings%'"
            }
            @(Get-ChildItem $folder -Filter '*.rostrvm-partial').Count | Should -Be 1
            Stop-Process -Id $child.Id -Force
            $child.WaitForExit(30000) | Out-Null
        }
        finally {
            if ($child -and -not $child.HasExited) { Stop-Process -Id $child.Id -Force }
            $sleeper = Invoke-TestSql -Sandbox $sandbox -Query "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(120)%'"
            if ($sleeper) { Invoke-TestSql -Sandbox $sandbox -Query "KILL $($sleeper.ID)" | Out-Null }
            $lock.WaitForExit(30000) | Out-Null
        }
        $after = Get-ChildItem $folder -Filter 'rostrvm_920_*.rbk' | ForEach-Object { @{ Name = $_.Name; Sha = Get-Sha $_.FullName } }
        ($after | ForEach-Object { "$($_.Name) $($_.Sha)" }) | Should -Be ($before | ForEach-Object { "$($_.Name) $($_.Sha)" })
        (Get-RostrvmBackup -Path $folder).Status | Should -Be @('Complete', 'Complete')
        # The next run clears what the killed one left behind.
        $next = Backup-RostrvmDatabase -ConfigurationPath $config -Cycle 2
        $next.Status | Should -Be 'Complete'
        @(Get-ChildItem $folder -Filter '*.rostrvm-partial').Count | Should -Be 0
    }
}

Describe 'Backup-RostrvmDatabase bad input changes nothing' {
    BeforeAll {
        Copy-TestDatabase -Sandbox $sandbox -Source rostrvm_920 -Target bk_bad
        $config = New-TestRoot -Sandbox $sandbox -Database bk_bad
        $folder = Join-Path (Split-Path $config -Parent) 'backups'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $mounts = @()
        function Invoke-Failing([hashtable] $Arguments) {
            $err = $null
            Backup-RostrvmDatabase -ConfigurationPath $config @Arguments -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0]
        }
    }
    AfterAll {
        foreach ($m in $mounts) { & umount $m 2>$null }
        Remove-TestDatabase -Sandbox $sandbox -Name bk_bad
        Invoke-TestSql -Sandbox $sandbox -Query "DROP USER IF EXISTS 'bk_limited'@'localhost', 'bk_limited'@'127.0.0.1'" | Out-Null
    }

    It 'server down: ServerUnreachable' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $e = Invoke-Failing @{ Port = $port }
        $e.FullyQualifiedErrorId | Should -BeLike 'ServerUnreachable,*'
        @(Get-ChildItem $folder).Count | Should -Be 0
    }

    It 'wrong credentials: AccessDenied, the password never in the message' {
        $bad = [pscredential]::new('rostrvm_admin', (ConvertTo-SecureString 'Wrong-Pa55word!' -AsPlainText -Force))
        $e = Invoke-Failing @{ Credential = $bad }
        $e.FullyQualifiedErrorId | Should -BeLike 'AccessDenied,*'
        $e.Exception.Message | Should -Not -Match 'Wrong-Pa55word'
        @(Get-ChildItem $folder).Count | Should -Be 0
    }

    It 'missing privileges: MissingPrivilege naming them' {
        $password = 'Limited-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        Invoke-TestSql -Sandbox $sandbox -Query ("CREATE USER IF NOT EXISTS 'bk_limited'@'localhost' IDENTIFIED BY '$password'; CREATE USER IF NOT EXISTS 'bk_limited'@'127.0.0.1' IDENTIFIED BY '$password'; " +
            "GRANT SELECT ON bk_bad.* TO 'bk_limited'@'localhost'; GRANT SELECT ON bk_bad.* TO 'bk_limited'@'127.0.0.1';") | Out-Null
        $e = Invoke-Failing @{ Credential = [pscredential]::new('bk_limited', (ConvertTo-SecureString $password -AsPlainText -Force)) }
        $e.FullyQualifiedErrorId | Should -BeLike 'MissingPrivilege,*'
        $e.Exception.Message | Should -Match 'SHOW VIEW'
        $e.Exception.Message | Should -Match 'TRIGGER'
        @(Get-ChildItem $folder).Count | Should -Be 0
    }

    It 'backup folder missing: created owner-only, as every job creates where it writes; not under -WhatIf' {
        $missing = Join-Path $folder 'no-such-folder/nightly'
        Backup-RostrvmDatabase -ConfigurationPath $config -Path $missing -WhatIf
        Test-Path (Join-Path $folder 'no-such-folder') | Should -BeFalse
        $b = Backup-RostrvmDatabase -ConfigurationPath $config -Path $missing
        $b.Complete | Should -BeTrue
        Split-Path $b.Path -Parent | Should -Be $missing
        (Get-Item $missing).UnixMode | Should -Be 'drwx------'
        Remove-Item (Join-Path $folder 'no-such-folder') -Recurse -Force
    }

    It 'backup folder not writable: BackupFolderNotWritable' {
        $readOnly = Join-Path (Split-Path $config -Parent) 'readonly'
        New-Item -ItemType Directory -Path $readOnly | Out-Null
        & mount -t tmpfs -o ro,size=1m tmpfs $readOnly
        $LASTEXITCODE | Should -Be 0
        $script:mounts += $readOnly
        $e = Invoke-Failing @{ Path = $readOnly }
        $e.FullyQualifiedErrorId | Should -BeLike 'BackupFolderNotWritable,*'
        @(Get-ChildItem $readOnly).Count | Should -Be 0
    }

    It 'disk full: DiskFull, the partial file removed and the earlier backup untouched' {
        $small = Join-Path (Split-Path $config -Parent) 'small'
        New-Item -ItemType Directory -Path $small | Out-Null
        & mount -t tmpfs -o size=2m tmpfs $small
        $LASTEXITCODE | Should -Be 0
        $script:mounts += $small
        Set-Content -Path (Join-Path $small 'rostrvm_920_1.rbk') -Value 'an earlier file' -NoNewline
        $e = Invoke-Failing @{ Path = $small }
        $e.FullyQualifiedErrorId | Should -BeLike 'DiskFull,*'
        @(Get-ChildItem $small).Name | Should -Be @('rostrvm_920_1.rbk')
        Get-Content (Join-Path $small 'rostrvm_920_1.rbk') -Raw | Should -Be 'an earlier file'
    }

    It 'a table altered during the dump: TableAlteredDuringBackup and no backup written' {
        # The session holds the table, waits until the backup is blocked on it, alters it, lets go.
        $sql = @'
LOCK TABLES voice_recordings WRITE;
DELIMITER //
BEGIN NOT ATOMIC
  DECLARE n INT DEFAULT 0;
  WHILE n < 900 AND (SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table metadata lock%' AND INFO LIKE 'SELECT %voice_recordings%') = 0 DO
    DO SLEEP(0.1); SET n = n + 1;
  END WHILE;
END //
DELIMITER ;
ALTER TABLE voice_recordings ADD COLUMN altered_during_backup INT NULL;
UNLOCK TABLES;
'@
        $session = Start-SqlSession -Sandbox $sandbox -Database bk_bad -Sql $sql
        try {
            # Only once the table is held (the session is in its loop, which shows as the block or
            # its SLEEP): a backup started earlier may read the table before the lock.
            Wait-Until -What 'the table lock' { Invoke-TestSql -Sandbox $sandbox -Query "SELECT ID FROM information_schema.PROCESSLIST WHERE (INFO LIKE '%SLEEP(0.1)%' OR INFO LIKE '%NOT ATOMIC%') AND ID <> CONNECTION_ID()" }
            $e = Invoke-Failing @{}
        }
        finally { $session.WaitForExit(60000) | Out-Null }
        $e.FullyQualifiedErrorId | Should -BeLike 'TableAlteredDuringBackup,*'
        $e.Exception.Message | Should -Match 'voice_recordings'
        @(Get-ChildItem $folder).Count | Should -Be 0
        (Invoke-TestSql -Sandbox $sandbox -Query "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='bk_bad' AND COLUMN_NAME='altered_during_backup'").n | Should -Be 1
    }
}
