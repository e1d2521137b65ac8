# Get-RostrvmBinlog: the server's or a folder's binlog files.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox
    $fixtures = Join-Path (Get-TestRepoRoot) 'tests/fixtures/binlog'
}

Describe 'Get-RostrvmBinlog' {
    It 'lists the server binlogs with the active one last and open' {
        $logs = @(Get-RostrvmBinlog -ConfigurationPath $settings)
        $server = @(Invoke-TestSql -Sandbox $sandbox -Query 'SHOW BINARY LOGS')
        $logs.Name | Should -Be $server.Log_name
        $logs[-1].IsActive | Should -BeTrue
        $logs[-1].ClosedCleanly | Should -BeFalse
        $logs[0].ClosedCleanly | Should -BeTrue
        $logs[0].Flavor | Should -Be 'MariaDB'
        $logs[0].ServerId | Should -Be 1
        $logs[0].FirstEventTime | Should -Be $logs[0].FirstEventTimeUtc.ToLocalTime()
        $logs[0].Size | Should -Be (Get-Item $logs[0].Path).Length
    }

    It 'verifies every checksum of a folder of files with -Verify' {
        $info = Get-RostrvmBinlog -Path (Join-Path $fixtures 'shyiko__mysql-bin.checksum-crc32') -Verify
        $info.ChecksumsVerified | Should -BeTrue
        $info.VerifiedEvents | Should -Be 302
        $info.EventCount | Should -Be 303
        $info.ServerVersion | Should -Be '5.7.21-log'
        $info.Flavor | Should -Be 'MySQL'
    }

    It 'reports every file named like a binlog with -Verify, one without the magic as NotABinlog' {
        $folder = Join-Path $TestDrive 'named-like-binlogs'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Copy-Item (Join-Path $fixtures 'shyiko__mysql-bin.checksum-crc32') (Join-Path $folder 'rtmbinlog.000001')
        Set-Content -Path (Join-Path $folder 'rtmbinlog.000002') -Value 'not a binary log'
        Copy-Item (Join-Path $fixtures 'shyiko__mysql-bin.checksum-crc32') (Join-Path $folder 'rtmbinlog.000003')
        Set-Content -Path (Join-Path $folder 'rtmbinlog.index') -Value 'rtmbinlog.000001'

        $verified = @(Get-RostrvmBinlog -Path $folder -Verify -ErrorVariable err -ErrorAction SilentlyContinue)
        $verified.Name | Should -Be 'rtmbinlog.000001', 'rtmbinlog.000002', 'rtmbinlog.000003'
        $verified.Status | Should -Be 'Closed', 'NotABinlog', 'Closed'
        $verified[1].ChecksumsVerified | Should -BeFalse
        $verified[1].ProblemId | Should -Be 'BinlogNotABinlog'
        $verified[0].VerifiedEvents | Should -Be 302
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'BinlogNotABinlog,Rostrvm.PowerShell.Commands.GetRostrvmBinlogCommand'
        $err[0].TargetObject | Should -Be (Join-Path $folder 'rtmbinlog.000002')
        # A plain listing (what the event readers take from the pipeline) holds only binlogs.
        (Get-RostrvmBinlog -Path $folder).Name | Should -Be 'rtmbinlog.000001', 'rtmbinlog.000003'
    }

    It 'reports a truncated file with its position and still lists it' {
        $info = Get-RostrvmBinlog -Path (Join-Path $fixtures 'rmc__binlog_truncated_prev_gtid_event.000001') -ErrorVariable err -ErrorAction SilentlyContinue
        $info.ProblemPosition | Should -Be 120
        $err[0].FullyQualifiedErrorId | Should -Be 'BinlogTruncated,Rostrvm.PowerShell.Commands.GetRostrvmBinlogCommand'
    }

    It 'refuses the v3 file clearly' {
        $info = Get-RostrvmBinlog -Path (Join-Path $fixtures 'mdbtest__master-bin.000001') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'BinlogUnsupportedFormat,Rostrvm.PowerShell.Commands.GetRostrvmBinlogCommand'
        $err[0].Exception.Message | Should -BeLike '*v1/v3*'
    }

    It 'reports a binlog folder it cannot read as BinlogDirectoryUnreadable' {
        $bad = New-TestRoot -Sandbox $sandbox -Settings @{ BinlogPath = '/nonexistent/rostrvm-binlogs' }
        { Get-RostrvmBinlogEvent -ConfigurationPath $bad -ErrorAction Stop } | Should -Throw -ErrorId 'BinlogDirectoryUnreadable,Rostrvm.PowerShell.Commands.GetRostrvmBinlogEventCommand'
    }
}
