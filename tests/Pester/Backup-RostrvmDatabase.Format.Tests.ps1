BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'BackupTestHelpers.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest

    # Every value of a binary column as the server holds it: 'id hex(b) hex(vb) hex(fb)' per row, NULL as 'NULL'.
    function Get-BinaryRows([string] $Database) {
        @(Invoke-TestSql -Sandbox $sandbox -Database $Database -Query ("SELECT id, IFNULL(HEX(b),'NULL') AS b, " +
            "IFNULL(HEX(vb),'NULL') AS vb, IFNULL(HEX(fb),'NULL') AS fb, IFNULL(LENGTH(b),-1) AS n FROM blobs ORDER BY id") |
            ForEach-Object { "$($_.id) $($_.n) $($_.b) $($_.vb) $($_.fb)" })
    }
}

Describe 'A format-1 backup (row counts in the header, binary values as hex) written by the earlier writer' {
    BeforeAll {
        $config = New-TestRoot -Sandbox $sandbox -Database bk_v1
        $folder = Join-Path (Split-Path $config -Parent) 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $v1 = Join-Path $folder 'rostrvm_920_1.rbk'
        Copy-Item (Join-Path (Get-TestRepoRoot) 'tests/fixtures/backup-v1/rostrvm_920_1.rbk') $v1
        # The oracle: the same file loaded by the plain client.
        Remove-TestDatabase -Sandbox $sandbox -Name bk_v1_plain
        Invoke-TestSql -Sandbox $sandbox -Query 'CREATE DATABASE bk_v1_plain' | Out-Null
        Invoke-ClientFile -Sandbox $sandbox -Database bk_v1_plain -Path $v1
    }
    AfterAll { foreach ($db in 'bk_v1_plain', 'bk_v1') { Remove-TestDatabase -Sandbox $sandbox -Name $db } }

    It 'lists as complete with its header and counts, and verifies' {
        $listed = Get-RostrvmBackup -Path $folder
        $listed.Status | Should -Be 'Complete'
        $listed.Rows | Should -Be 8
        $listed.Tables | Should -Be 3
        $listed.BinlogFile | Should -Be 'rtmbinlog.000001'
        $listed.Views | Should -Be @('agent_names')
        (Get-RostrvmBackup -Path $v1 -Verify).Verified | Should -BeTrue
    }

    It 'passes Test-RostrvmBackup, every table read back as hex the way it was digested' {
        $result = Test-RostrvmBackup -Path $v1 -ConfigurationPath $config
        $result.Passed | Should -BeTrue
        @($result.Tables | ForEach-Object { "$($_.Table) $($_.ActualRows) $($_.ActualDigest)" }) |
            Should -Be @($result.Tables | ForEach-Object { "$($_.Table) $($_.ExpectedRows) $($_.ExpectedDigest)" })
        $result.Rows | Should -Be 8
    }

    It 'restores into a new database equal to what the plain client loads, every byte value of its binary columns included' {
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -Path $v1 -TargetDatabase bk_v1 -NoBinlog -Force -Confirm:$false
        $r | Should -Not -BeNullOrEmpty
        $expected = Get-DatabaseFingerprint -Sandbox $sandbox -Database bk_v1_plain
        $actual = Get-DatabaseFingerprint -Sandbox $sandbox -Database bk_v1
        $actual.Keys | Should -Be $expected.Keys
        foreach ($table in $expected.Keys) { "$table $($actual[$table])" | Should -Be "$table $($expected[$table])" }
        $rows = Get-BinaryRows bk_v1
        $rows[0] | Should -BeLike ('1 256 ' + (-join (0..255 | ForEach-Object { $_.ToString('X2') })) + ' *')
        $rows | Should -Be (Get-BinaryRows bk_v1_plain)
    }
}

Describe 'Binary values in format 2: escaped _binary literals' {
    BeforeAll {
        Remove-TestDatabase -Sandbox $sandbox -Name bk_bin
        Invoke-TestSql -Sandbox $sandbox -Query ('CREATE DATABASE bk_bin; USE bk_bin; ' +
            'CREATE TABLE bk_bin.blobs (id INT PRIMARY KEY, b LONGBLOB NULL, ' +
            'vb VARBINARY(300) NULL, fb BINARY(4) NULL) ENGINE=InnoDB; ' +
            # One row per byte value alone, one with all 256 in order and reversed, then empty, NULL and padded values.
            'INSERT INTO bk_bin.blobs SELECT 1000 + seq, CHAR(seq), CHAR(seq, seq), CHAR(seq) FROM seq_0_to_255; ' +
            "INSERT INTO bk_bin.blobs SELECT 1, GROUP_CONCAT(CHAR(seq) ORDER BY seq SEPARATOR ''), " +
            "GROUP_CONCAT(CHAR(255 - seq) ORDER BY seq SEPARATOR ''), UNHEX('00FF5C27') FROM seq_0_to_255; " +
            "INSERT INTO bk_bin.blobs VALUES (2, '', '', ''), (3, NULL, NULL, NULL), " +
            "(4, UNHEX('E282AC'), UNHEX('C328'), UNHEX('0A0D1A22'))") |
            Out-Null
        $config = New-TestRoot -Sandbox $sandbox -Database bk_bin
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config
        $compressed = Backup-RostrvmDatabase -ConfigurationPath $config -Compress -ThrottleLimit 2 `
            -Path (Join-Path (Split-Path $config -Parent) 'gz')
        $source = Get-BinaryRows bk_bin
    }
    AfterAll {
        foreach ($db in 'bk_bin', 'bk_bin_plain', 'bk_bin_gz', 'bk_bin_ours', 'bk_bin_count') {
            Remove-TestDatabase -Sandbox $sandbox -Name $db
        }
    }

    It 'writes them as _binary literals with mysqldump''s escapes, not as hex' {
        $source.Count | Should -Be 260
        $body = [System.IO.File]::ReadAllBytes($backup.Path)
        $text = [System.Text.Encoding]::Latin1.GetString($body)
        $text | Should -Match "\(1026,_binary'\\Z',_binary'\\Z\\Z',_binary'\\Z\\0\\0\\0'\)"
        $text | Should -Match "\(1039,_binary'\\'',_binary'\\'\\'',_binary'\\'\\0\\0\\0'\)"
        $text | Should -Match "\(2,_binary'',_binary'',_binary'\\0\\0\\0\\0'\),\(3,NULL,NULL,NULL\)"
        $text | Should -Not -Match '0x[0-9A-F]{8}'
    }

    It 'loads byte for byte with the plain client, plain and through gunzip' {
        foreach ($case in @(@{ Db = 'bk_bin_plain'; Path = $backup.Path }, @{ Db = 'bk_bin_gz'; Path = $compressed.Path })) {
            Remove-TestDatabase -Sandbox $sandbox -Name $case.Db
            Invoke-TestSql -Sandbox $sandbox -Query "CREATE DATABASE $($case.Db)" | Out-Null
            Invoke-ClientFile -Sandbox $sandbox -Database $case.Db -Path $case.Path
            Get-BinaryRows $case.Db | Should -Be $source
        }
    }

    It 'loads byte for byte with our loader: Test-RostrvmBackup passes and the restore equals the source' {
        foreach ($file in $backup.Path, $compressed.Path) {
            $result = Test-RostrvmBackup -Path $file -ConfigurationPath $config
            $result.Passed | Should -BeTrue
            $result.Rows | Should -Be 260
        }
        Restore-RostrvmDatabase -ConfigurationPath $config -Path $backup.Path -TargetDatabase bk_bin_ours -NoBinlog -Force -Confirm:$false |
            Out-Null
        Get-BinaryRows bk_bin_ours | Should -Be $source
    }

    It 'the restore takes the row counts from the completion line: a count that differs is RestoreRowCountMismatch' {
        # The SHA-256 covers the bytes before the completion line, so only the count check can refuse this file.
        $lines = [System.IO.File]::ReadAllBytes($backup.Path)
        $cut = [Array]::LastIndexOf($lines, [byte]10, $lines.Length - 2) + 1
        $completion = [System.Text.Encoding]::UTF8.GetString($lines, $cut, $lines.Length - $cut).Substring(28) | ConvertFrom-Json
        $completion.perTable[0].rows = $completion.perTable[0].rows + 1
        $completion.rows = $completion.rows + 1
        $wrong = Join-Path (Split-Path $config -Parent) 'count/rostrvm_920_1.rbk'
        New-Item -ItemType Directory -Force -Path (Split-Path $wrong) | Out-Null
        $tail = [System.Text.Encoding]::UTF8.GetBytes('-- rostrvm-backup-complete: ' +
            ($completion | ConvertTo-Json -Compress -Depth 5) + "`n")
        [System.IO.File]::WriteAllBytes($wrong, [byte[]]($lines[0..($cut - 1)] + $tail))
        (Get-RostrvmBackup -Path $wrong -Verify).Verified | Should -BeTrue
        $err = $null
        try {
            Restore-RostrvmDatabase -ConfigurationPath $config -Path $wrong -TargetDatabase bk_bin_count -NoBinlog -Force -Confirm:$false `
                -ErrorAction Stop
        }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'RestoreRowCountMismatch,*'
        @(Invoke-TestSql -Sandbox $sandbox -Query ("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE " +
            "'bk\_bin\_count%'")) | Should -BeNullOrEmpty
    }
}
