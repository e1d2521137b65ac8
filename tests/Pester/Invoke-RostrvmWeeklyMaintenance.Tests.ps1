# The shipped weekly script end to end against the sandbox: two Sundays fill both slots of the cycle.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $database = 'rostrvm_schedweekly'
    Copy-TestDatabase -Sandbox $sandbox -Target $database
    $scripts = Join-Path $TestDrive 'CallDirector/Scripts'
    New-Item -ItemType Directory -Force -Path $scripts | Out-Null
    Set-Content (Join-Path $scripts 'Inbound.rsc') 'route queue 1'
    $settings = New-TestRoot -Sandbox $sandbox -Database $database -Settings @{ BackupCycle = 2; TestBackupAfterWeekly = $true;
        ScriptPaths = @($scripts) }
    $root = Split-Path $settings -Parent
    $sunday = [datetime]::Today.AddDays(-[int][datetime]::Today.DayOfWeek).AddHours(3)
    $script = Get-ModuleScript 'Invoke-RostrvmWeeklyMaintenance.ps1'
    $first = Invoke-TestPwsh -File $script -ArgumentList '-Now', $sunday.AddDays(-7).ToString('s'), '-ConfigurationPath', $settings
    $firstHistory = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings)
    $second = Invoke-TestPwsh -File $script -ArgumentList '-Now', $sunday.ToString('s'), '-ConfigurationPath', $settings
    $history = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings)
    $all = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Days 1)
}

AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name $database
}

Describe 'Invoke-RostrvmWeeklyMaintenance.ps1 on two Sundays' {
    It 'runs backup, script backup, backup test and binlog copy, all succeeding, and exits 0' {
        $first.ExitCode | Should -Be 0 -Because $first.Text
        $second.ExitCode | Should -Be 0 -Because $second.Text
        $history.Job | Sort-Object | Should -Be @('BackupTest', 'BinlogCopy', 'FullBackup', 'ScriptBackup')
        $history.Outcome | Sort-Object -Unique | Should -Be 'Succeeded'
        $all.Count | Should -Be 8
        ($history | Select-Object -First 1).RunFor | Should -Be $sunday
    }

    It 'writes the new backup into the next slot of the cycle, complete' {
        ($firstHistory | Where-Object Job -eq 'FullBackup').Figures | Should -BeLike '*Slot=1*'
        ($history | Where-Object Job -eq 'FullBackup').Figures | Should -BeLike '*Slot=2*'
        foreach ($slot in 1, 2) {
            $file = Join-Path $root "backups/rostrvm_920_$slot.rbk"
            $file | Should -Exist
            Get-Content $file -Tail 1 | Should -BeLike '-- rostrvm-backup-complete: *'
        }
        (Get-Item (Join-Path $root 'backups/rostrvm_920_2.rbk')).LastWriteTime | Should -BeGreaterThan (Get-Item (
            Join-Path $root 'backups/rostrvm_920_1.rbk')).LastWriteTime
    }

    It 'zips the routing scripts beside each backup with the same number' {
        foreach ($slot in 1, 2) {
            $zip = Join-Path $root "backups/rostrvm_920_$slot.scripts.zip"
            $zip | Should -Exist
            $archive = [System.IO.Compression.ZipFile]::OpenRead($zip)
            try { ($archive.Entries.FullName -join ' ') | Should -BeLike '*Inbound.rsc*' } finally { $archive.Dispose() }
        }
    }

    It 'proves the new backup by restoring it into a scratch database, then drops it' {
        ($history | Where-Object Job -eq 'BackupTest').Figures | Should -BeLike '*BackupTestResult*'
        $scratch = Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME " +
            "LIKE 'rostrvm_test_%'")
        [int]$scratch.n | Should -Be 0
    }

    It 'copies the closed binlogs' {
        @(Get-ChildItem (Join-Path $root 'backups/binlog') -Filter 'rtmbinlog.0*').Count | Should -BeGreaterThan 0
        ($history | Where-Object Job -eq 'BinlogCopy').OutputCount | Should -BeGreaterOrEqual 0
    }
}

Describe 'Invoke-RostrvmWeeklyMaintenance.ps1 with encrypted backups' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'EncryptionTestSupport.psm1') -Force
        $keys = New-TestGpgHome -Passphrase 'weekly-test-passphrase'
        $encrypted = New-TestRoot -Sandbox $sandbox -Database $database -Settings @{ TestBackupAfterWeekly = $true; ScriptPaths = @(
            $scripts); EncryptionRecipient = $keys.PublicA }
        $run = Invoke-TestPwsh -File $script -ArgumentList '-Now', $sunday.ToString('s'), '-ConfigurationPath', $encrypted
        $entries = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $encrypted)
    }
    AfterAll { Remove-TestGpgHome $keys }

    It 'does not fail the night: the encrypted backup is left to be tested where its private key is, with a warning' {
        $run.ExitCode | Should -Be 0 -Because $run.Text
        ($entries | Where-Object Job -eq 'FullBackup').Figures | Should -BeLike '*.gpg*'
        $test = $entries | Where-Object Job -eq 'BackupTest'
        $test.Outcome | Should -Be 'Succeeded'
        "$($test.Warnings)" | Should -BeLike '*encrypted and its private key is not on this server*'
    }
}
