# Get-RostrvmBinlogEvent: events as objects, filters, transactions, decoded rows equal to the table.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Binlog.TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox
    $run = Invoke-BinlogWorkload -Sandbox $sandbox -Database binlog_events
}
AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name binlog_events }

Describe 'Get-RostrvmBinlogEvent' {
    It 'decodes every row image of the workload to the values now in the table' {
        $state = @{}
        Get-RostrvmBinlogEvent -Path $run.Files -Database binlog_events -Table every_type -ColumnNamesFromServer -ConfigurationPath $settings |
            Where-Object Rows | ForEach-Object { $_.Rows } | ForEach-Object {
                if ($_.Operation -eq 'Delete') { $state.Remove([long]$_.Before.id) } else { $state[[long]$_.After.id] = $_.After }
            }
        $rows = Invoke-TestSql -Sandbox $sandbox -Database binlog_events -Query "SELECT id, t_tiny, t_utiny, t_big, t_ubig, t_dec, t_dec_wide, t_varchar, t_latin1, t_enum, t_set, DATE_FORMAT(t_datetime3, '%Y-%m-%d %H:%i:%s.%f') AS dt3, t_time, HEX(t_blob) AS hex_blob, t_json FROM every_type ORDER BY id"
        $state.Count | Should -Be @($rows).Count
        foreach ($row in $rows) {
            $image = $state[[long]$row.id]
            "$($image.t_tiny)" | Should -Be "$($row.t_tiny)"
            "$($image.t_utiny)" | Should -Be "$($row.t_utiny)"
            "$($image.t_big)" | Should -Be "$($row.t_big)"
            "$($image.t_ubig)" | Should -Be "$($row.t_ubig)"
            if ($null -ne $row.t_dec) { $image.t_dec.ToString([cultureinfo]::InvariantCulture) | Should -Be $row.t_dec }
            if ($null -ne $row.t_dec_wide) { "$($image.t_dec_wide)" | Should -Be $row.t_dec_wide }
            "$($image.t_varchar)" | Should -Be "$($row.t_varchar)"
            "$($image.t_latin1)" | Should -Be "$($row.t_latin1)"
            "$($image.t_enum)" | Should -Be "$($row.t_enum)"
            "$($image.t_set)" | Should -Be "$($row.t_set)"
            if ($null -ne $row.dt3) { $image.t_datetime3.ToString('yyyy-MM-dd HH:mm:ss.ffffff') | Should -Be $row.dt3 }
            if ($null -ne $row.hex_blob) { [Convert]::ToHexString($image.t_blob) | Should -Be $row.hex_blob }
            "$($image.t_json)" | Should -Be "$($row.t_json)"
        }
    }

    It 'finds the exact time and statement of a delete with -Operation and -Table' {
        $e = @(Get-RostrvmBinlogEvent -Path $run.Files -Table every_type -Operation Delete)
        $e.Count | Should -Be 1
        $e[0].Sql | Should -Be 'DELETE FROM every_type WHERE id = 3'
        $e[0].Rows[0].Before['@1'] | Should -Be 3
        $e[0].Time | Should -Be $e[0].TimeUtc.ToLocalTime()
        $e[0].Database | Should -Be 'binlog_events'
    }

    It 'groups events into transactions with GTID and positions' {
        $t = @(Get-RostrvmBinlogEvent -Path $run.Files -Transaction -Database binlog_events -Operation Update)
        $t.Count | Should -BeGreaterThan 1
        $t | ForEach-Object { $_.Gtid | Should -Match '^0-1-\d+$'; $_.EndPosition | Should -BeGreaterThan $_.Position; $_.Complete | Should -BeTrue }
        ($t | Where-Object { $_.Tables -contains 'binlog_events.every_type' }).Count | Should -BeGreaterThan 0
    }

    It 'filters by position: only events between -StartPosition and -StopPosition' {
        $all = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -NoRows)
        $some = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -StartPosition $all[10].Position -StopPosition $all[20].Position -NoRows)
        $some.Position | Should -Be ($all[10..19].Position)
    }

    It 'takes Get-RostrvmBinlog output from the pipeline' {
        $n = @(Get-RostrvmBinlog -Path $run.Files | Get-RostrvmBinlogEvent -NoRows).Count
        $n | Should -Be @(Get-RostrvmBinlogEvent -Path $run.Files -NoRows).Count
    }

    It 'reports a corrupt checksum as BinlogChecksumMismatch naming the file and position' {
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ('rtmbinlog-bad-' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.000001')
        $bytes = [System.IO.File]::ReadAllBytes($run.Files[0])
        $target = @(Get-RostrvmBinlogEvent -Path $run.Files[0] -NoRows)[20]
        $bytes[$target.Position + 25] = $bytes[$target.Position + 25] -bxor 0xFF
        [System.IO.File]::WriteAllBytes($copy, $bytes)
        try {
            $got = @(Get-RostrvmBinlogEvent -Path $copy -NoRows -ErrorVariable err -ErrorAction SilentlyContinue)
            $err[0].FullyQualifiedErrorId | Should -Be 'BinlogChecksumMismatch,Rostrvm.PowerShell.Commands.GetRostrvmBinlogEventCommand'
            $err[0].Exception.Message | Should -BeLike "*$copy*position $($target.Position)*"
            $got.Count | Should -Be 20 -Because 'the events before the damage are returned, nothing after it'
        } finally { Remove-Item $copy }
    }

    It 'reports a file that vanished as BinlogNotFound' {
        { Get-RostrvmBinlogEvent -Path '/nonexistent/rtmbinlog.000009' -ErrorAction Stop } | Should -Throw -ErrorId 'BinlogNotFound,Rostrvm.PowerShell.Commands.GetRostrvmBinlogEventCommand'
    }
}
