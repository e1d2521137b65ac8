BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $config = New-TestRoot -Sandbox $sandbox
    $folder = Join-Path (Split-Path $config -Parent) 'backups'
    $older = Backup-RostrvmDatabase -ConfigurationPath $config -Compress
    $newer = Backup-RostrvmDatabase -ConfigurationPath $config
    # An interrupted backup under a final name (as if copied by hand) and a foreign file.
    $lines = Get-Content $newer.Path
    Set-Content -Path (Join-Path $folder 'rostrvm_920_7.rbk') -Value ($lines | Select-Object -First 300)
    Set-Content -Path (Join-Path $folder 'someone-else.rbk') -Value "-- MySQL dump 10.13`nCREATE TABLE t (a INT);"
}

Describe 'Get-RostrvmBackup' {
    It 'lists backups newest first with their header metadata, and marks incomplete and foreign files' {
        $list = Get-RostrvmBackup -ConfigurationPath $config
        $list | Should -HaveCount 4
        $list[0].Name | Should -Be $newer.Name
        $list[1].Name | Should -Be 'rostrvm_920_7.rbk'
        $list[1].Status | Should -Be 'Incomplete'
        $list[1].Complete | Should -BeFalse
        $list[2].Name | Should -Be $older.Name
        $list[3].Status | Should -Be 'Foreign'
        $list[0].BinlogFile | Should -Be $newer.BinlogFile
        $list[0].BinlogPosition | Should -Be $newer.BinlogPosition
        $list[0].Gtid | Should -Be $newer.Gtid
        $list[0].Rows | Should -Be $newer.Rows
        $list[0].SnapshotTime | Should -Be $list[0].SnapshotTimeUtc.ToLocalTime()
        $list[2].Compressed | Should -BeTrue
        $list[2].Tables | Should -Be $newer.Tables
    }

    It 'with -Verify recomputes the SHA-256, and reports a damaged file as Corrupt' {
        (Get-RostrvmBackup -Path $older.Path -Verify).Verified | Should -BeTrue
        $copy = Join-Path $folder 'rostrvm_920_9.rbk'
        Copy-Item $newer.Path $copy
        $bytes = [System.IO.File]::ReadAllBytes($copy)
        $at = [Array]::IndexOf($bytes, [byte][char]'(' , 20000)
        $bytes[$at + 1] = if ($bytes[$at + 1] -eq [byte][char]'1') { [byte][char]'2' } else { [byte][char]'1' }
        [System.IO.File]::WriteAllBytes($copy, $bytes)
        (Get-RostrvmBackup -Path $copy).Status | Should -Be 'Complete'
        $verified = Get-RostrvmBackup -Path $copy -Verify -WarningAction SilentlyContinue
        $verified.Verified | Should -BeFalse
        $verified.Status | Should -Be 'Corrupt'
        $verified.Problem | Should -Match 'SHA-256 mismatch'
        Remove-Item $copy
    }

    It 'pipes Path and Database by property name' {
        $cmd = Get-Command Test-RostrvmBackup
        $cmd.Parameters['Path'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
        (Get-RostrvmBackup -ConfigurationPath $config | Where-Object Complete | Select-Object -First 1).Path | Should -Be $newer.Path
    }

    It 'a missing folder is BackupFolderNotFound' {
        $err = $null
        Get-RostrvmBackup -Path (Join-Path $folder 'nowhere') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BackupFolderNotFound,*'
    }
}
