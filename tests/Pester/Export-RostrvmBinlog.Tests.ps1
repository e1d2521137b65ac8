# Export-RostrvmBinlog: the script replays to the same tables as mariadb-binlog | mariadb.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Binlog.TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $mixed = & (Join-Path (Get-TestRepoRoot) 'demo/Start-Sandbox.ps1') -Name binlogmixed -BinlogFormat Mixed -BinlogChecksum NONE
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-export-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    $binlogTool = Find-ServerTool 'mariadb-binlog'
}
AfterAll {
    & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name binlogmixed -Remove
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    Remove-TestDatabase -Sandbox $sandbox -Name binlog_export_row
}

Describe 'Export-RostrvmBinlog round trip' {
    It 'replays the <Format> workload (checksums <Checksum>) to the same table checksums as mariadb-binlog' -ForEach @(
        @{ Format = 'ROW'; Checksum = 'CRC32'; Which = 'row' }
        @{ Format = 'MIXED'; Checksum = 'NONE'; Which = 'mixed' }
    ) {
        $s = if ($Which -eq 'row') { $sandbox } else { $mixed }
        $db = "binlog_export_$Which"
        $run = Invoke-BinlogWorkload -Sandbox $s -Database $db
        $ours = Join-Path $work "$Which-ours.sql"
        $summary = Export-RostrvmBinlog -Path $run.Files -OutFile $ours -Decoded
        $summary.Statements | Should -BeGreaterThan 20
        (& stat -c '%a' $ours) | Should -Be '600'

        Remove-TestDatabase -Sandbox $s -Name $db
        Invoke-ReplayScript -Sandbox $s -Path $ours
        $oursSums = Get-TableChecksum -Sandbox $s -Database $db

        Remove-TestDatabase -Sandbox $s -Name $db
        $reference = Join-Path $work "$Which-reference.sql"
        & $binlogTool @($run.Files) > $reference
        Invoke-ReplayScript -Sandbox $s -Path $reference
        $referenceSums = Get-TableChecksum -Sandbox $s -Database $db

        $oursSums.Keys.Count | Should -Be 3
        foreach ($t in $run.Checksums.Keys) {
            $oursSums[$t] | Should -Be $run.Checksums[$t] -Because "table $t after our replay"
            $oursSums[$t] | Should -Be $referenceSums[$t] -Because "table $t after mariadb-binlog's replay"
        }
        if ($Which -eq 'row') { Get-Content $ours | Where-Object { $_ -like 'BINLOG*' } | Should -Not -BeNullOrEmpty }
        else {
            # Statement events carry their context: user variables and INSERT_ID.
            Get-Content $ours | Where-Object { $_ -match '^SET @.agent.:=' } | Should -Not -BeNullOrEmpty
            Get-Content $ours | Where-Object { $_ -like 'SET INSERT_ID=*' } | Should -Not -BeNullOrEmpty
        }
    }

    It 'writes the script to the pipeline and replays a database into -TargetDatabase' {
        $run = Invoke-BinlogWorkload -Sandbox $sandbox -Database binlog_export_row
        $lines = Export-RostrvmBinlog -Path $run.Files -Database binlog_export_row -TargetDatabase binlog_export_copy
        $lines[0] | Should -BeLike '# Written by Rostrvm*'
        # The workload creates its database by name; create the target and skip that statement's effect.
        Invoke-TestSql -Sandbox $sandbox -Query 'DROP DATABASE IF EXISTS binlog_export_copy; CREATE DATABASE binlog_export_copy' | Out-Null
        $script = Join-Path $work 'renamed.sql'
        $lines | Set-Content -Path $script -Encoding utf8
        Invoke-ReplayScript -Sandbox $sandbox -Path $script
        $copy = Get-TableChecksum -Sandbox $sandbox -Database binlog_export_copy
        foreach ($t in $run.Checksums.Keys) { $copy[$t] | Should -Be $run.Checksums[$t] -Because "table $t replayed under another name" }
        Remove-TestDatabase -Sandbox $sandbox -Name binlog_export_copy
    }

    It 'stops before -StopPosition: the rows after it are not replayed' {
        $run = Invoke-BinlogWorkload -Sandbox $sandbox -Database binlog_export_row
        $delete = Get-RostrvmBinlogEvent -Path $run.Files -Table every_type -Operation Delete | Select-Object -First 1
        $script = Join-Path $work 'until-delete.sql'
        Export-RostrvmBinlog -Path $run.Files -StopPosition $delete.TransactionPosition -OutFile $script | Out-Null
        Remove-TestDatabase -Sandbox $sandbox -Name binlog_export_row
        Invoke-ReplayScript -Sandbox $sandbox -Path $script
        (Invoke-TestSql -Sandbox $sandbox -Database binlog_export_row -Query 'SELECT COUNT(*) AS c FROM every_type WHERE id = 3').c | Should -Be '1'
    }

    It 'reports a file that is not a binlog as BinlogNotABinlog' {
        $bad = Join-Path $work 'rtmbinlog.000001'
        Set-Content $bad 'not a binlog'
        { Export-RostrvmBinlog -Path $bad -OutFile (Join-Path $work 'x.sql') -ErrorAction Stop } | Should -Throw -ErrorId 'BinlogNotABinlog,Rostrvm.PowerShell.Commands.ExportRostrvmBinlogCommand'
        Test-Path (Join-Path $work 'x.sql') | Should -BeFalse
    }
}
