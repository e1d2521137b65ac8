BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $config = New-TestRoot -Sandbox $sandbox
    $folder = Join-Path (Split-Path $config -Parent) 'backups'
    $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Compress
    function Get-ScratchDatabases { @(Invoke-TestSql -Sandbox $sandbox -Query "SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'rostrvm\_test\_%'") }
}

Describe 'Test-RostrvmBackup' {
    It 'restores into a scratch database, matches every table, and drops the scratch database' {
        $result = Get-RostrvmBackup -ConfigurationPath $config | Test-RostrvmBackup -ConfigurationPath $config
        $result.Passed | Should -BeTrue
        $result.Tables | Should -HaveCount $backup.Tables
        foreach ($t in $result.Tables) {
            "$($t.Table) $($t.ActualRows) $($t.ActualDigest) $($t.CheckTable)" | Should -Be "$($t.Table) $($t.ExpectedRows) $($t.ExpectedDigest) OK"
        }
        $result.Rows | Should -Be $backup.Rows
        $result.ScratchDropped | Should -BeTrue
        Get-ScratchDatabases | Should -BeNullOrEmpty
        $result.LoadDuration | Should -BeGreaterThan ([TimeSpan]::Zero)
    }

    It 'a backup whose rows were changed fails and names the table' {
        # Same size, valid SQL, one value changed, completion line recomputed: only the row digest can tell.
        $plain = Join-Path $folder 'tampered.rbk'
        $text = (& sh -c "gunzip -c '$($backup.Path)'") -join "`n"
        $lines = $text -split "`n"
        $index = [Array]::FindIndex($lines, [Predicate[string]] { param($l) $l.StartsWith('INSERT INTO `queues`') })
        $lines[$index] = $lines[$index] -replace "\(1,'", "(1,'X"
        $body = (($lines | Select-Object -SkipLast 1) -join "`n") + "`n"
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($body)
        $sha = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
        $completion = ($lines[-1].Substring(28) | ConvertFrom-Json)
        $completion.sha256 = $sha; $completion.bytes = $bytes.Length
        [System.IO.File]::WriteAllText($plain, $body + '-- rostrvm-backup-complete: ' + ($completion | ConvertTo-Json -Compress) + "`n")
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
