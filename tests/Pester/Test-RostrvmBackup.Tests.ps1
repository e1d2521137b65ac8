BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $config = New-TestRoot -Sandbox $sandbox
    $folder = Join-Path (Split-Path $config -Parent) 'backups'
    $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Compress
    function Get-ScratchDatabases { @(
        Invoke-TestSql -Sandbox $sandbox -Query ("SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE " +
            "'rostrvm\_test\_%'")) }
}

Describe 'Test-RostrvmBackup' {
    It 'restores into a scratch database, matches every table, and drops the scratch database' {
        $result = Get-RostrvmBackup -ConfigurationPath $config | Test-RostrvmBackup -ConfigurationPath $config
        $result.Passed | Should -BeTrue
        $result.Tables | Should -HaveCount $backup.Tables
        foreach ($t in $result.Tables) {
            "$($t.Table) $($t.ActualRows) $($t.ActualDigest) $($t.CheckTable)" |
                Should -Be "$($t.Table) $($t.ExpectedRows) $($t.ExpectedDigest) OK"
        }
        $result.Rows | Should -Be $backup.Rows
        $result.ScratchDropped | Should -BeTrue
        Get-ScratchDatabases | Should -BeNullOrEmpty
        $result.LoadDuration | Should -BeGreaterThan ([TimeSpan]::Zero)
    }

    It 'a backup whose rows were changed fails and names the table' {
        # Same size, valid SQL, one value changed, completion line recomputed: only the row digest can tell.
        $plain = Join-Path $folder 'tampered.rbk'
        # Latin-1 maps every byte to one character and back: binary literals survive the edit.
        $latin1 = [System.Text.Encoding]::Latin1
        $gzip = [System.IO.Compression.GZipStream]::new([System.IO.File]::OpenRead($backup.Path),
            [System.IO.Compression.CompressionMode]::Decompress)
        $text = [System.IO.MemoryStream]::new()
        try { $gzip.CopyTo($text) } finally { $gzip.Dispose() }
        $lines = $latin1.GetString($text.ToArray()).TrimEnd("`n") -split "`n"
        $index = [Array]::FindIndex($lines, [Predicate[string]] { param($l) $l.StartsWith('INSERT INTO `queues`') })
        $lines[$index] = $lines[$index] -replace "\(1,'", "(1,'X"
        $body = (($lines | Select-Object -SkipLast 1) -join "`n") + "`n"
        $bytes = $latin1.GetBytes($body)
        $sha = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
        $completion = ($lines[-1].Substring(28) | ConvertFrom-Json)
        $completion.sha256 = $sha; $completion.bytes = $bytes.Length
        [System.IO.File]::WriteAllBytes($plain, $latin1.GetBytes($body + '-- rostrvm-backup-complete: ' +
            ($completion | ConvertTo-Json -Compress -Depth 5) + "`n"))
        $err = $null
        $result = Test-RostrvmBackup -Path $plain -ConfigurationPath $config -ErrorVariable err -ErrorAction SilentlyContinue
        $result.Passed | Should -BeFalse
        $result.FailedTables | Should -Be @('queues')
        $result.Problems[0] | Should -Match "queues.*digest"
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BackupTestFailed,*'
        Get-ScratchDatabases | Should -BeNullOrEmpty
        Remove-Item $plain
    }

    It 'refuses an incomplete backup without creating anything' {
        $cut = Join-Path $folder 'cut.rbk'
        & sh -c "gunzip -c '$($backup.Path)' | head -n 200 > '$cut'"
        $err = $null
        Test-RostrvmBackup -Path $cut -ConfigurationPath $config -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BackupIncomplete,*'
        Get-ScratchDatabases | Should -BeNullOrEmpty
        Remove-Item $cut
    }
}

Describe 'Test-RostrvmBackup and the binary log' {
    BeforeAll {
        function Get-BinlogPosition {
            $status = Invoke-TestSql -Sandbox $sandbox -Query 'SHOW MASTER STATUS'
            [pscustomobject]@{ File = $status.File; Position = [long]$status.Position }
        }
        function Get-EventSince([Parameter(Mandatory)] $Start, [switch] $IncludeScratch, [switch] $Transaction, [switch] $NoRows) {
            # Every event written since $Start, in every file from the one it was in; its warnings in $script:readWarning.
            $files = Get-ChildItem $sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6}$' -and
                $_.Name -ge $Start.File } | Sort-Object Name
            Get-RostrvmBinlogEvent -Path $files.FullName -StartPosition $Start.Position -IncludeScratch:$IncludeScratch `
                -Transaction:$Transaction -NoRows:$NoRows -ConfigurationPath $config -WarningVariable w -WarningAction SilentlyContinue
            $script:readWarning = @($w)
        }
        function Select-ScratchEvent([Parameter(ValueFromPipeline)] $Event, [string] $Name) {
            process { if ($Event.Database -eq $Name -or "$($Event.Sql)" -like "*$Name*") { $Event } }
        }
    }

    It 'keeps the load and the drop of the scratch database out of the binary log when the account may' {
        $start = Get-BinlogPosition
        $result = Test-RostrvmBackup -Path $backup.Path -ConfigurationPath $config -WarningVariable warned
        $result.Passed | Should -BeTrue
        $result.WrittenToBinlog | Should -BeFalse
        $result.MissingPrivilege | Should -BeNullOrEmpty
        $warned | Should -BeNullOrEmpty
        $events = @(Get-EventSince $start -IncludeScratch)
        @($events | Select-ScratchEvent -Name $result.ScratchDatabase) | Should -HaveCount 0
        @($events | Select-ScratchEvent -Name 'rostrvm_test_') | Should -HaveCount 0
    }

    It '-Binlog writes the whole load to the binary log, and Get-RostrvmBinlogEvent leaves it out unless asked' {
        $start = Get-BinlogPosition
        $result = Test-RostrvmBackup -Path $backup.Path -ConfigurationPath $config -Binlog
        $result.Passed | Should -BeTrue
        $result.WrittenToBinlog | Should -BeTrue
        $all = @(Get-EventSince $start -IncludeScratch)
        $scratch = @($all | Select-ScratchEvent -Name $result.ScratchDatabase)
        ($scratch | Where-Object Operation -eq 'Ddl' | Select-Object -First 1).Sql |
            Should -Be "CREATE DATABASE ``$($result.ScratchDatabase)`` DEFAULT CHARACTER SET utf8mb4"
        ($scratch | Where-Object Operation -eq 'Ddl' | Select-Object -Last 1).Sql |
            Should -Be "DROP DATABASE IF EXISTS ``$($result.ScratchDatabase)``"
        ($scratch | Where-Object Operation -eq 'Insert' | Measure-Object RowCount -Sum).Sum |
            Should -Be $result.Rows -Because 'every row loaded is in the binary log'

        $shown = @(Get-EventSince $start -NoRows)
        @($shown | Select-ScratchEvent -Name $result.ScratchDatabase) | Should -HaveCount 0
        @($shown | Where-Object { $_.TransactionFile -and $_.TransactionPosition -in $scratch.TransactionPosition }) |
            Should -HaveCount 0 -Because 'the GTID and COMMIT events of scratch transactions go with them'
        $left = $all.Count - $shown.Count
        $left | Should -BeGreaterThan $scratch.Count
        $script:readWarning[0].Message |
            Should -Be "$left event(s) of scratch databases (rostrvm_test_..., backup test loads) left out; -IncludeScratch shows them."

        $transactions = @(Get-EventSince $start -Transaction -IncludeScratch -NoRows | Where-Object {
            $_.Databases -contains $result.ScratchDatabase })
        @(Get-EventSince $start -Transaction -NoRows | Where-Object { $_.Databases -contains $result.ScratchDatabase }) |
            Should -HaveCount 0
        $script:readWarning[0].Message |
            Should -Be ("$($transactions.Count) transaction(s) of scratch databases (rostrvm_test_..., backup test loads) left out; " +
                "-IncludeScratch shows them.")
    }

    Context 'an account that may not set sql_log_bin' {
        BeforeAll {
            $password = 'NoBinlogAdmin-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
            # Exactly what a backup test needs on its scratch databases, without BINLOG ADMIN or SUPER.
            $grants = foreach ($h in 'localhost', '127.0.0.1') {
                "CREATE USER IF NOT EXISTS 'bt_nobinlog'@'$h' IDENTIFIED BY '$password';"
                ("GRANT CREATE, DROP, SELECT, INSERT, ALTER, CREATE VIEW, CREATE ROUTINE, ALTER ROUTINE, TRIGGER, EVENT ON " +
                    "``rostrvm\_test\_%``.* TO 'bt_nobinlog'@'$h';")
                "GRANT SET USER ON *.* TO 'bt_nobinlog'@'$h';"
            }
            $trusted = (Invoke-TestSql -Sandbox $sandbox -Query 'SELECT @@GLOBAL.log_bin_trust_function_creators AS v').v
            # Without SUPER, a logging server creates the backup's triggers and functions only when it trusts their creators.
            Invoke-TestSql -Sandbox $sandbox -Query (($grants -join ' ') + ' SET GLOBAL log_bin_trust_function_creators = 1;') | Out-Null
            $limited = [pscredential]::new('bt_nobinlog', (ConvertTo-SecureString $password -AsPlainText -Force))
        }
        AfterAll {
            Invoke-TestSql -Sandbox $sandbox -Query ("SET GLOBAL log_bin_trust_function_creators = $trusted; DROP USER IF EXISTS " +
                "'bt_nobinlog'@'localhost', 'bt_nobinlog'@'127.0.0.1'") | Out-Null
        }

        It 'logs the load, warns once naming the privilege, and Test-RostrvmConnection lists it' {
            $start = Get-BinlogPosition
            $results = @($backup.Path, $backup.Path |
                Test-RostrvmBackup -ConfigurationPath $config -Credential $limited -WarningVariable warned -WarningAction SilentlyContinue)
            $results | Should -HaveCount 2
            foreach ($r in $results) {
                "$($r.Passed) $($r.WrittenToBinlog) $($r.MissingPrivilege)" | Should -Be 'True True BINLOG ADMIN or SUPER'
                @(Get-EventSince $start -IncludeScratch -NoRows | Select-ScratchEvent -Name $r.ScratchDatabase) | Should -Not -BeNullOrEmpty
            }
            @($warned) | Should -HaveCount 1 -Because 'one warning per run, not per backup'
            $warned[0].Message | Should -BeLike '*lacks BINLOG ADMIN or SUPER*-Binlog*'
            Get-ScratchDatabases | Should -BeNullOrEmpty

            $report = Test-RostrvmConnection -ConfigurationPath $config -Credential $limited
            $report.MissingForBackupTest | Should -Be @('BINLOG ADMIN or SUPER')
            (Test-RostrvmConnection -ConfigurationPath $config).MissingForBackupTest | Should -BeNullOrEmpty
        }
    }
}
