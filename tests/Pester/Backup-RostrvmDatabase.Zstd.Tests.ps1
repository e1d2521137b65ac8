# A .rbk.zst round trip: backup, list, verify, test, restore, and the manual `zstd -dc file | mariadb` load, all by table checksums.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'BackupTestHelpers.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    Copy-TestDatabase -Sandbox $sandbox -Source rostrvm_920 -Target zs_src
    $config = New-TestRoot -Sandbox $sandbox -Database zs_src
    $folder = Join-Path (Split-Path $config -Parent) 'backups'
    $zst = Backup-RostrvmDatabase -ConfigurationPath $config -Compression Zstd -ThrottleLimit 2
    $expected = Get-DatabaseFingerprint -Sandbox $sandbox -Database zs_src

    function Assert-SameTables([string] $Database) {
        $actual = Get-DatabaseFingerprint -Sandbox $sandbox -Database $Database
        $actual.Keys | Should -Be $expected.Keys
        foreach ($table in $expected.Keys) { "$table $($actual[$table])" | Should -Be "$table $($expected[$table])" }
    }
}

AfterAll {
    foreach ($db in 'zs_src', 'zs_manual', 'zs_restored') { Remove-TestDatabase -Sandbox $sandbox -Name $db }
}

Describe 'Backup-RostrvmDatabase -Compression Zstd' {
    It 'writes a complete .rbk.zst that zstd itself reads to the end' {
        $zst.Name | Should -Be 'rostrvm_920_1.rbk.zst'
        $zst.Status | Should -Be 'Complete'
        $zst.Compression | Should -Be 'Zstd'
        $zst.Compressed | Should -BeTrue
        $zst.FileSize | Should -BeLessThan ($zst.Bytes / 3)
        & zstd -tq $zst.Path
        $LASTEXITCODE | Should -Be 0
        (& sh -c "zstd -dc '$($zst.Path)' | tail -n 1") | Should -BeLike '-- rostrvm-backup-complete: {*'
    }

    It 'loads with zstd -dc | mariadb into equal table checksums and row counts' {
        Remove-TestDatabase -Sandbox $sandbox -Name zs_manual
        Invoke-TestSql -Sandbox $sandbox -Query 'CREATE DATABASE zs_manual' | Out-Null
        Invoke-ClientFile -Sandbox $sandbox -Database zs_manual -Path $zst.Path
        Assert-SameTables zs_manual
    }

    It 'is listed and verified by Get-RostrvmBackup, and passes Test-RostrvmBackup' {
        $listed = Get-RostrvmBackup -ConfigurationPath $config -Verify | Where-Object Name -EQ $zst.Name
        $listed.Status | Should -Be 'Complete'
        $listed.Verified | Should -BeTrue
        $listed.Sha256 | Should -Be $zst.Sha256
        $listed.Rows | Should -Be $zst.Rows
        $test = $listed | Test-RostrvmBackup -ConfigurationPath $config
        $test.Passed | Should -BeTrue
        $test.Rows | Should -Be $zst.Rows
    }

    It 'is the backup the restore plan chooses, and restores to equal table checksums' {
        # The newest complete backup before the moment, whatever its compression.
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime (Get-Date)
        $plan.BackupPath | Should -Be $zst.Path
        Restore-RostrvmDatabase -ConfigurationPath $config -Path $zst.Path -TargetDatabase zs_restored -Force -Confirm:$false | Out-Null
        Assert-SameTables zs_restored
    }

    It 'finds a damaged .rbk.zst corrupt, not complete' {
        $copy = Join-Path $folder 'damaged.rbk.zst'
        $bytes = [System.IO.File]::ReadAllBytes($zst.Path)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0x5a
        [System.IO.File]::WriteAllBytes($copy, $bytes)
        try {
            $damaged = Get-RostrvmBackup -Path $folder -Verify | Where-Object Name -EQ 'damaged.rbk.zst'
            $damaged.Complete | Should -BeFalse
            $damaged.Status | Should -Be 'Corrupt'
        }
        finally { Remove-Item $copy }
    }

    It 'counts in the cycle: the next backup, gzip by -Compress alone, takes the other slot, then replaces the oldest' {
        $gz = Backup-RostrvmDatabase -ConfigurationPath $config -Compress -ThrottleLimit 1
        $gz.Name | Should -Be 'rostrvm_920_2.rbk.gz'
        $gz.Compression | Should -Be 'Gzip'
        Set-RostrvmConfiguration -ConfigurationPath $config -BackupCompress $true -BackupCompression Zstd
        $third = Backup-RostrvmDatabase -ConfigurationPath $config -ThrottleLimit 1
        $third.Name | Should -Be 'rostrvm_920_1.rbk.zst'
        $third.SnapshotTimeUtc | Should -BeGreaterThan $zst.SnapshotTimeUtc
        @(Get-ChildItem $folder -Filter 'rostrvm_920_*').Name | Sort-Object | Should -Be @('rostrvm_920_1.rbk.zst', 'rostrvm_920_2.rbk.gz')
    }

    It 'refuses -Compress:$false with -Compression before anything is written' {
        $before = @(Get-ChildItem $folder).Name
        { Backup-RostrvmDatabase -ConfigurationPath $config -Compress:$false -Compression Zstd } |
            Should -Throw -ErrorId 'CompressionConflict*'
        @(Get-ChildItem $folder).Name | Should -Be $before
    }
}
