# OpenPGP encryption of backups against real gpg and the real sandbox: what the module writes,
# gpg --decrypt opens byte for byte; what gpg's keys encrypt, the module restores.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'BackupTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'EncryptionTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MisTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $previousHome = $env:GNUPGHOME
    $keys = New-TestGpgHome -Passphrase 'correct horse 7'
    $keyA = New-TestSecret -KeyFile $keys.SecretA -Passphrase $keys.Passphrase

    Invoke-TestSql -Sandbox $sandbox -Query 'DROP DATABASE IF EXISTS enc_src; CREATE DATABASE enc_src DEFAULT CHARACTER SET utf8mb4' |
        Out-Null
    Invoke-TestSql -Sandbox $sandbox -Database enc_src -Query @'
CREATE TABLE enc_src.caller (id INT PRIMARY KEY, number VARCHAR(20), name VARCHAR(40), photo BLOB);
INSERT INTO enc_src.caller SELECT seq, CONCAT('+44 20 7946 ', seq), CONCAT('Agent Ågot ', seq), UNHEX(SHA2(seq, 256)) FROM seq_1_to_3000;
CREATE TABLE enc_src.note (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT);
INSERT INTO enc_src.note (body) SELECT REPEAT('personal data ', seq % 50) FROM seq_1_to_500;
'@ | Out-Null
    $config = New-TestRoot -Sandbox $sandbox -Database enc_src
    $root = Split-Path $config
    $folder = Join-Path $root 'backups'
    $encrypted = Backup-RostrvmDatabase -ConfigurationPath $config -EncryptFor $keys.PublicA -ThrottleLimit 1
}

AfterAll {
    foreach ($db in 'enc_src', 'enc_restored') { Remove-TestDatabase -Sandbox $sandbox -Name $db }
    Remove-TestGpgHome $keys
    $env:GNUPGHOME = $previousHome
}

Describe 'Backup-RostrvmDatabase -EncryptFor' {
    It 'writes only an .rbk.gpg, owner-only, no plain copy beside it' {
        $encrypted.Name | Should -Be 'rostrvm_920_1.rbk.gpg'
        $encrypted.Encrypted | Should -BeTrue
        @(Get-ChildItem $folder -File | ForEach-Object Name) | Should -Be @('rostrvm_920_1.rbk.gpg')
        (& stat -c '%a' $encrypted.Path) | Should -Be '600'
        # Not the SQL in clear: the callers' names are nowhere in the file.
        [System.IO.File]::ReadAllText($encrypted.Path).Contains('Agent') | Should -BeFalse
    }

    It 'is opened by gpg --decrypt into the complete, verified backup the module reads through the key' {
        $plain = Join-Path $root 'by-gpg.rbk'
        Invoke-GpgDecrypt -Keys $keys -Path $encrypted.Path -Output $plain | Should -Be 0
        $byGpg = Get-RostrvmBackup -ConfigurationPath $config -Path $plain -Verify
        $byGpg.Status | Should -Be 'Complete'
        $byGpg.Verified | Should -BeTrue
        $byUs = Get-RostrvmBackup -ConfigurationPath $config -Path $encrypted.Path -Verify -DecryptionKey $keyA
        $byUs.Status | Should -Be 'Complete'
        $byUs.Verified | Should -BeTrue
        $byUs.Sha256 | Should -Be $byGpg.Sha256
        $byUs.Rows | Should -Be 3500
        $encrypted.Sha256 | Should -Be $byGpg.Sha256
    }

    It 'is listed as Encrypted without a key, and never chosen for a restore' {
        $listed = Get-RostrvmBackup -ConfigurationPath $config
        $listed.Status | Should -Be 'Encrypted'
        $listed.Complete | Should -BeFalse
        Get-RostrvmRestorePlan -ConfigurationPath $config -Path $encrypted.Path -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BackupIncomplete,*'
        $err[0].Exception.Message | Should -BeLike '*-DecryptionKey*'
    }

    It 'restores through -DecryptionKey to the same tables, rows and checksums as the source' {
        Restore-RostrvmDatabase -ConfigurationPath $config -Path $encrypted.Path -TargetDatabase enc_restored -DecryptionKey $keyA `
            -NoBinlog -Force | Out-Null
        $expected = Get-DatabaseFingerprint -Sandbox $sandbox -Database enc_src
        $actual = Get-DatabaseFingerprint -Sandbox $sandbox -Database enc_restored
        $actual.Keys | Should -Be $expected.Keys
        foreach ($table in $expected.Keys) { "$table $($actual[$table])" | Should -Be "$table $($expected[$table])" }
    }

    It 'passes Test-RostrvmBackup with the key file and -DecryptionPassphrase' {
        $secure = ConvertTo-SecureString $keys.Passphrase -AsPlainText -Force
        $result = Test-RostrvmBackup -ConfigurationPath $config -Path $encrypted.Path -DecryptionKey $keys.SecretA `
            -DecryptionPassphrase $secure
        $result.Passed | Should -BeTrue
    }

    It 'encrypts for the EncryptionRecipient setting (a key id in the gpg keyring), compressed too, and gpg opens it' {
        Set-RostrvmConfiguration -ConfigurationPath $config -EncryptionRecipient 'a@rostrvm.test'
        $second = Backup-RostrvmDatabase -ConfigurationPath $config -Compress -ThrottleLimit 1
        $second.Name | Should -Be 'rostrvm_920_2.rbk.gz.gpg'
        $plain = Join-Path $root 'by-gpg.rbk.gz'
        Invoke-GpgDecrypt -Keys $keys -Path $second.Path -Output $plain | Should -Be 0
        $byGpg = Get-RostrvmBackup -ConfigurationPath $config -Path $plain -Verify
        $byGpg.Verified | Should -BeTrue
        $byGpg.Sha256 | Should -Be $second.Sha256
        # The cycle goes on over encrypted slots it cannot read: slot 1 (oldest) is replaced, never both.
        $third = Backup-RostrvmDatabase -ConfigurationPath $config -ThrottleLimit 1
        $third.Name | Should -Be 'rostrvm_920_1.rbk.gpg'
        @(Get-ChildItem $folder -File | ForEach-Object Name | Sort-Object) | Should -Be @('rostrvm_920_1.rbk.gpg',
            'rostrvm_920_2.rbk.gz.gpg')
        Set-RostrvmConfiguration -ConfigurationPath $config -EncryptionRecipient ''
    }

    It 'is DecryptionFailed with another key or a wrong passphrase, and restores nothing' {
        $keyB = New-TestSecret -KeyFile $keys.SecretB
        Test-RostrvmBackup -ConfigurationPath $config -Path $encrypted.Path -DecryptionKey $keyB -ErrorVariable err `
            -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DecryptionFailed,*'
        $wrong = New-TestSecret -KeyFile $keys.SecretA -Passphrase 'not it'
        { Restore-RostrvmDatabase -ConfigurationPath $config -Path $encrypted.Path -TargetDatabase enc_wrong -DecryptionKey $wrong `
            -NoBinlog -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'DecryptionFailed,*'
        @(Invoke-TestSql -Sandbox $sandbox `
            -Query "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'enc_wrong'").Count | Should -Be 0
    }

    It 'is BackupIncomplete when the encrypted file was cut short' {
        $cut = Join-Path $root 'cut'
        New-Item -ItemType Directory -Path $cut | Out-Null
        $bytes = [System.IO.File]::ReadAllBytes($encrypted.Path)
        $short = Join-Path $cut 'rostrvm_920_1.rbk.gpg'
        [System.IO.File]::WriteAllBytes($short, $bytes[0..([int]($bytes.Length * 0.6))])
        (Get-RostrvmBackup -ConfigurationPath $config -Path $short -DecryptionKey $keyA).Status | Should -Be 'Incomplete'
        { Restore-RostrvmDatabase -ConfigurationPath $config -Path $short -TargetDatabase enc_cut -DecryptionKey $keyA -NoBinlog `
            -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupIncomplete,*'
    }

    It 'refuses a private key file that others can read, and a recipient that is not a key' {
        $shared = Join-Path $root 'shared-key.asc'
        Copy-Item $keys.SecretA $shared
        & chmod 644 $shared
        { Get-RostrvmBackup -ConfigurationPath $config -Path $encrypted.Path -DecryptionKey (
            New-TestSecret -KeyFile $shared -Passphrase $keys.Passphrase) -ErrorAction Stop } |
            Should -Throw -ErrorId 'DecryptionKeyInsecure,*'
        $before = @(Get-ChildItem $folder -File).Count
        { Backup-RostrvmDatabase -ConfigurationPath $config -EncryptFor $config -ErrorAction Stop } |
            Should -Throw -ErrorId 'EncryptionRecipientInvalid,*'
        @(Get-ChildItem $folder -File).Count | Should -Be $before
    }
}

Describe 'Backup-RostrvmBinlog -EncryptFor' {
    BeforeAll {
        $binlogDest = Join-Path $root 'binlog-enc'
        # Changes after the newest backup: only the encrypted binlog copies hold them.
        Invoke-TestSql -Sandbox $sandbox -Database enc_src -Query ("INSERT INTO note (body) VALUES ('after the backup'); UPDATE caller " +
            "SET name = 'changed' WHERE id <= 10; DELETE FROM caller WHERE id > 2990") | Out-Null
        $copies = @(Backup-RostrvmBinlog -ConfigurationPath $config -Destination $binlogDest -EncryptFor $keys.PublicA -KeepAll |
            Where-Object Action -eq 'Copied')
    }

    It 'writes rtmbinlog.NNNNNN.gpg copies that gpg --decrypt turns into the server''s files byte for byte' {
        $copies.Count | Should -BeGreaterThan 0
        foreach ($copy in $copies | Select-Object -Last 3) {
            $copy.Destination | Should -BeLike '*.gpg'
            Split-Path $copy.Destination -Leaf | Should -Be "$($copy.Name).gpg"
            $plain = Join-Path $root "$($copy.Name).plain"
            Invoke-GpgDecrypt -Keys $keys -Path $copy.Destination -Output $plain | Should -Be 0
            (Get-FileHash $plain -Algorithm SHA256).Hash | Should -Be (Get-FileHash $copy.Source -Algorithm SHA256).Hash
        }
        @(Get-ChildItem $binlogDest -File | Where-Object Name -notlike '*.gpg').Count | Should -Be 0
    }

    It 'counts an encrypted copy as copied on the next run' {
        $again = @(Backup-RostrvmBinlog -ConfigurationPath $config -Destination $binlogDest -EncryptFor $keys.PublicA -KeepAll -NoFlush)
        $copied = @($again | Where-Object Action -eq 'Copied' | ForEach-Object Name)
        foreach ($copy in $copies) { $copied | Should -Not -Contain $copy.Name }
        ($again | Where-Object { $_.Name -eq $copies[-1].Name }).Action | Should -Be 'AlreadyCopied'
    }

    It 'restores the encrypted backup and replays the encrypted binlog copies after it, equal to the source, leaving no plain copy' {
        Restore-RostrvmDatabase -ConfigurationPath $config -BinlogPath $binlogDest -TargetDatabase enc_restored -DecryptionKey $keyA `
            -NoBinlog -Force | Out-Null
        $expected = Get-DatabaseFingerprint -Sandbox $sandbox -Database enc_src
        $actual = Get-DatabaseFingerprint -Sandbox $sandbox -Database enc_restored
        foreach ($table in $expected.Keys) { "$table $($actual[$table])" | Should -Be "$table $($expected[$table])" }
        (Invoke-TestSql -Sandbox $sandbox -Database enc_restored `
            -Query "SELECT COUNT(*) AS n FROM note WHERE body = 'after the backup'").n | Should -Be 1
        @(Get-ChildItem $root -Recurse -File -Filter 'rtmbinlog.*' | Where-Object { $_.Name -notlike '*.gpg' -and
            $_.Name -notlike '*.plain' }).Count | Should -Be 0
    }
}

Describe 'Export-RostrvmMis -EncryptFor' {
    BeforeAll {
        $plainConfig = New-TestRoot -Sandbox $sandbox
        $encConfig = New-TestRoot -Sandbox $sandbox
        $day = (Get-Date).Date.AddDays(-3)
        $plain = @(Export-RostrvmMis -ConfigurationPath $plainConfig -Date $day)
        $enc = @(Export-RostrvmMis -ConfigurationPath $encConfig -Date $day -EncryptFor $keys.PublicA)
        $encFolder = Join-Path (Split-Path $encConfig) (Join-Path 'ExtractedMIS' $day.ToString('yyyy-MM-dd'))
        $manifest = Get-Content -Raw (Join-Path $encFolder 'manifest.json') | ConvertFrom-Json
    }
    AfterAll { Remove-Item (Split-Path $plainConfig), (Split-Path $encConfig) -Recurse -Force -ErrorAction SilentlyContinue }

    It 'writes <table>.csv.gpg files that gpg --decrypt turns into the plain extract byte for byte' {
        $plain.Count | Should -Be 3
        $enc.Count | Should -Be $plain.Count
        @(Get-ChildItem $encFolder -File | Where-Object Name -like '*.csv').Count | Should -Be 0
        foreach ($p in $plain) {
            $e = $enc | Where-Object Table -eq $p.Table
            $e.Path | Should -BeLike '*.csv.gpg'
            $out = Join-Path $encFolder "$($p.Table).decrypted"
            Invoke-GpgDecrypt -Keys $keys -Path $e.Path -Output $out | Should -Be 0
            (Get-FileHash $out -Algorithm SHA256).Hash | Should -Be (Get-FileHash $p.Path -Algorithm SHA256).Hash
            Remove-Item $out
            $entry = $manifest.files | Where-Object table -eq $p.Table
            $entry.plainSha256 | Should -Be $p.Sha256
            $entry.sha256 | Should -Be (Get-FileHash $e.Path -Algorithm SHA256).Hash.ToLowerInvariant()
        }
    }

    It 'keeps an encrypted extract the database still matches as it is (a rerun), and refuses a changed day (MisExtractEncrypted)' {
        $before = Get-ChildItem $encFolder -File | ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash)" }
        $again = @(Export-RostrvmMis -ConfigurationPath $encConfig -Date $day -EncryptFor $keys.PublicA -ErrorAction Stop)
        $again.Path | Should -BeLike '*.csv.gpg'
        Get-ChildItem $encFolder -File | ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash)" } | Should -Be $before

        # A day whose rows changed after its encrypted extract: refused, the extract kept as it is.
        $changedConfig = New-TestRoot -Sandbox $sandbox -Database enc_mis
        New-MisDatabase -Sandbox $sandbox -Name enc_mis -Since $day
        Export-RostrvmMis -ConfigurationPath $changedConfig -Date $day -EncryptFor $keys.PublicA -ErrorAction Stop | Out-Null
        $folder = Join-Path (Split-Path $changedConfig) (Join-Path 'ExtractedMIS' $day.ToString('yyyy-MM-dd'))
        $sealed = Get-ChildItem $folder -File | ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash)" }
        Invoke-MisSql -Sandbox $sandbox -Database enc_mis -Query ("UPDATE mis_call SET notes = 'changed later' WHERE DATE(start_time) = " +
            "'$($day.ToString('yyyy-MM-dd'))' LIMIT 1") | Out-Null
        Export-RostrvmMis -ConfigurationPath $changedConfig -Date $day -EncryptFor $keys.PublicA -ErrorVariable err `
            -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MisExtractEncrypted,*'
        Get-ChildItem $folder -File | ForEach-Object { "$($_.Name) $((Get-FileHash $_.FullName).Hash)" } | Should -Be $sealed
        Remove-TestDatabase -Sandbox $sandbox -Name enc_mis
    }
}
