BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'MisTestSupport.psm1') -Force
    $tables = @{ mis_call = 'start_time'; mis_agent_state = 'state_time'; mis_queue_interval = 'interval_start' }
    $today = [datetime](Get-MisScalar -Sandbox $sandbox -Query 'SELECT CURDATE()')
    $yesterday = $today.AddDays(-1)
    function DayWhere([string] $column, [datetime] $day) { "``$column`` >= '$($day.ToString('yyyy-MM-dd'))' AND ``$column`` < '$($day.AddDays(1).ToString('yyyy-MM-dd'))'" }
    New-MisDatabase -Sandbox $sandbox -Name mis_edge -EdgeCases
    Invoke-MisSql -Sandbox $sandbox -Query 'DROP DATABASE IF EXISTS mis_export_check; CREATE DATABASE mis_export_check DEFAULT CHARACTER SET utf8mb4;' | Out-Null
}

AfterAll {
    Invoke-MisSql -Sandbox $sandbox -Query 'DROP DATABASE IF EXISTS mis_export_check; DROP DATABASE IF EXISTS mis_edge;' | Out-Null
}

Describe 'Export-RostrvmMis' {
    BeforeAll {
        $config = New-TestRoot -Sandbox $sandbox
        $root = Split-Path $config -Parent
        $results = @(Export-RostrvmMis -ConfigurationPath $config)
        $dayFolder = Join-Path $root (Join-Path 'ExtractedMIS' $yesterday.ToString('yyyy-MM-dd'))
        $manifest = Get-Content -Raw (Join-Path $dayFolder 'manifest.json') | ConvertFrom-Json
    }

    It 'extracts yesterday (server time zone) of every configured table, with a manifest of row counts and SHA-256' {
        $results.Count | Should -Be 3
        ($results.Table | Sort-Object) | Should -Be @('mis_agent_state', 'mis_call', 'mis_queue_interval')
        $manifest.date | Should -Be $yesterday.ToString('yyyy-MM-dd')
        foreach ($t in $tables.Keys) {
            $expected = Get-MisScalar -Sandbox $sandbox -Database rostrvm_920 -Query "SELECT COUNT(*) FROM $t WHERE $(DayWhere $tables[$t] $yesterday)"
            $expected | Should -BeGreaterThan 0
            $entry = $manifest.files | Where-Object table -eq $t
            $entry.rows | Should -Be $expected
            ($results | Where-Object Table -eq $t).Rows | Should -Be $expected
            $file = Join-Path $dayFolder "$t.csv"
            (Get-FileHash $file -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $entry.sha256
            (Get-Item $file).Length | Should -Be $entry.bytes
        }
    }

    It 'releases its job lock when it returns, although its connection stays in the pool' {
        Get-MisScalar -Sandbox $sandbox -Query "SELECT IS_FREE_LOCK('rostrvm.mis.rostrvm_920')" | Should -Be 1
    }

    It 'leaves generated columns out and says so in the manifest' {
        $call = $manifest.files | Where-Object table -eq mis_call
        $call.columns | Should -Not -Contain 'duration_seconds'
        $call.generatedColumnsLeftOut | Should -Be @('duration_seconds')
    }

    It 'creates the files readable only by their owner' -Skip:$IsWindows {
        (Get-Item (Join-Path $dayFolder 'mis_call.csv')).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
    }

    It 'writes RFC 4180 that a CSV reader (a spreadsheet) reads back field for field' {
        $rows = @(Import-Csv (Join-Path $dayFolder 'mis_call.csv') -Encoding utf8)
        $rows.Count | Should -Be ($manifest.files | Where-Object table -eq mis_call).rows
        $db = @(Invoke-MisSql -Sandbox $sandbox -Database rostrvm_920 -Query "SELECT id, caller, IFNULL(HEX(notes), 'NULL') FROM mis_call WHERE $(DayWhere start_time $yesterday) ORDER BY id")
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $id, $caller, $notesHex = $db[$i] -split "`t"
            $rows[$i].id | Should -Be $id
            $rows[$i].caller | Should -Be $caller
            $csvHex = if ($rows[$i].notes -ceq 'NULL') { 'NULL' } else { [Convert]::ToHexString([Text.Encoding]::UTF8.GetBytes($rows[$i].notes)) }
            if ($notesHex -ne 'NULL') { $csvHex | Should -Be $notesHex }
        }
    }

    It 'loads back with LOAD DATA into identical rows (<Database>)' -ForEach @(
        @{ Database = 'rostrvm_920' }
        @{ Database = 'mis_edge' }
    ) {
        $cfg = New-TestRoot -Sandbox $sandbox -Database $Database
        $first = $yesterday.AddDays(-2)
        $out = @(Export-RostrvmMis -ConfigurationPath $cfg -Range $first, $yesterday)
        $out.Count | Should -Be 9
        $folders = 0..2 | ForEach-Object { Join-Path (Split-Path $cfg -Parent) (Join-Path 'ExtractedMIS' $first.AddDays($_).ToString('yyyy-MM-dd')) }
        foreach ($t in $tables.Keys) {
            $where = "``$($tables[$t])`` >= '$($first.ToString('yyyy-MM-dd'))' AND ``$($tables[$t])`` < '$($today.ToString('yyyy-MM-dd'))'"
            $r = Test-MisRoundTrip -Sandbox $sandbox -Scratch mis_export_check -SourceDatabase $Database -Table $t -Where $where -DayFolder $folders
            $r.Warnings | Should -Be 0
            $r.Expected | Should -BeGreaterThan 0
            $r.Loaded | Should -Be $r.Expected
            $r.Identical | Should -Be $r.Expected
            $r.LoadedChecksum | Should -Be $r.ExpectedChecksum
            ($out | Where-Object Table -eq $t | Measure-Object Rows -Sum).Sum | Should -Be $r.Expected
        }
    }

    It 'keeps NULL and the empty string apart, and text ''NULL'', backslashes, quotes and CR LF as they are' {
        $cfg = New-TestRoot -Sandbox $sandbox -Database mis_edge
        Export-RostrvmMis -ConfigurationPath $cfg -Date $yesterday -Table mis_call | Out-Null
        $text = [IO.File]::ReadAllText((Join-Path (Split-Path $cfg -Parent) "ExtractedMIS/$($yesterday.ToString('yyyy-MM-dd'))/mis_call.csv"))
        $text | Should -Match ',NULL\r\n'                                  # NULL wrap_up: unquoted NULL
        $text | Should -Match ',""\r\n'                                    # empty wrap_up: two quotes
        $text | Should -Match ',"NULL"\r\n'                                # the text NULL
        $text | Should -Match ([regex]::Escape(',"C:\Recordings\2026\call.wav"'))
        $text | Should -Match ([regex]::Escape('"Customer said ""call me back"", later"'))
        $text | Should -Match ([regex]::Escape("`"line one`r`nline two`""))
        $text | Should -Match ',\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6},'  # DATETIME(6) in ISO-8601
        $text | Should -Match ',-?\d+\.\d{4},'                            # DECIMAL(12,4), invariant
    }

    It 're-running a day replaces its folder as a whole and writes no row twice' {
        $before = $manifest.files | Sort-Object table | ForEach-Object { "$($_.table)=$($_.rows)/$($_.sha256)" }
        $again = @(Export-RostrvmMis -ConfigurationPath $config -Date $yesterday)
        $after = (Get-Content -Raw (Join-Path $dayFolder 'manifest.json') | ConvertFrom-Json).files | Sort-Object table | ForEach-Object { "$($_.table)=$($_.rows)/$($_.sha256)" }
        $after | Should -Be $before
        ($again | Measure-Object KeptRows -Sum).Sum | Should -Be 0
        @(Get-ChildItem (Join-Path $root 'ExtractedMIS') -Directory).Name | Should -Be @($yesterday.ToString('yyyy-MM-dd'))
        @(Get-ChildItem $dayFolder).Name | Sort-Object | Should -Be @('manifest.json', 'mis_agent_state.csv', 'mis_call.csv', 'mis_queue_interval.csv')
    }

    It 'keeps rows of an earlier extract that are no longer in the database' {
        $cfg = New-TestRoot -Sandbox $sandbox -Database mis_edge
        $day = $yesterday.AddDays(-10)
        Export-RostrvmMis -ConfigurationPath $cfg -Date $day -Table mis_agent_state | Out-Null
        Copy-MisRows -Sandbox $sandbox -Database mis_export_check -SourceDatabase mis_edge -Source mis_agent_state -Target gone -Where (DayWhere state_time $day)
        Invoke-MisSql -Sandbox $sandbox -Database mis_edge -Query "DELETE FROM mis_agent_state WHERE $(DayWhere state_time $day) AND id % 2 = 0" | Out-Null
        $r = Export-RostrvmMis -ConfigurationPath $cfg -Date $day -Table mis_agent_state
        $r.KeptRows | Should -Be 12
        $r.Rows | Should -Be 24
        $folder = Join-Path (Split-Path $cfg -Parent) "ExtractedMIS/$($day.ToString('yyyy-MM-dd'))"
        Invoke-MisSql -Sandbox $sandbox -Database mis_export_check -Query 'DROP TABLE IF EXISTS gone_loaded; CREATE TABLE gone_loaded LIKE mis_edge.mis_agent_state;' | Out-Null
        Import-MisExtract -Sandbox $sandbox -Database mis_export_check -DayFolder $folder -Table mis_agent_state -Target gone_loaded | Should -BeNullOrEmpty
        Get-MisTableChecksum -Sandbox $sandbox -Database mis_export_check -Table gone_loaded | Should -Be (Get-MisTableChecksum -Sandbox $sandbox -Database mis_export_check -Table gone)
    }

    Context 'bad input' {
        It 'fails with <Id> when <Case>, writing nothing' -ForEach @(
            @{ Case = 'a configured table does not exist'; Id = 'MisTableNotFound'; Tables = @{ mis_call = 'start_time'; mis_nope = 'start_time' } }
            @{ Case = 'a configured time column does not exist'; Id = 'MisColumnNotFound'; Tables = @{ mis_call = 'started' } }
            @{ Case = 'the time column is not a date'; Id = 'MisColumnNotTime'; Tables = @{ mis_call = 'caller' } }
        ) {
            $cfg = New-TestRoot -Sandbox $sandbox -Settings @{ MisTables = $Tables }
            { Export-RostrvmMis -ConfigurationPath $cfg -ErrorAction Stop } | Should -Throw -ErrorId "$Id,Rostrvm.PowerShell.Commands.ExportRostrvmMisCommand"
            Test-Path (Join-Path (Split-Path $cfg -Parent) 'ExtractedMIS') | Should -BeFalse
        }

        It 'fails with MisTableNotConfigured for a -Table that is not configured' {
            { Export-RostrvmMis -ConfigurationPath $config -Table mis_other -ErrorAction Stop } | Should -Throw -ErrorId 'MisTableNotConfigured,Rostrvm.PowerShell.Commands.ExportRostrvmMisCommand'
        }

        It 'fails with MisExtractPathNotWritable on a read-only extract folder' -Skip:(-not $IsLinux -or (id -u) -ne '0') {
            $ro = Join-Path ([IO.Path]::GetTempPath()) ('rostrvm-ro-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            New-Item -ItemType Directory $ro | Out-Null
            mount -t tmpfs -o ro,size=1m tmpfs $ro
            try {
                { Export-RostrvmMis -ConfigurationPath $config -Path $ro -ErrorAction Stop } | Should -Throw -ErrorId 'MisExtractPathNotWritable,Rostrvm.PowerShell.Commands.ExportRostrvmMisCommand'
            }
            finally { umount $ro; Remove-Item $ro -Recurse -Force }
        }

        It 'reports DiskFull when the disk fills up, leaving only complete day folders' -Skip:(-not $IsLinux -or (id -u) -ne '0') {
            $small = Join-Path ([IO.Path]::GetTempPath()) ('rostrvm-full-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            New-Item -ItemType Directory $small | Out-Null
            mount -t tmpfs -o size=256k tmpfs $small
            try {
                $done = @(Export-RostrvmMis -ConfigurationPath $config -Path $small -Range $yesterday.AddDays(-29), $yesterday -ErrorVariable failures -ErrorAction SilentlyContinue)
                $failures.Count | Should -BeGreaterThan 0
                $failures[0].FullyQualifiedErrorId | Should -Be 'DiskFull,Rostrvm.PowerShell.Commands.ExportRostrvmMisCommand'
                $folders = @(Get-ChildItem $small -Directory)
                $folders.Name | Should -Not -Match 'rostrvm'
                foreach ($f in $folders) {
                    $m = Get-Content -Raw (Join-Path $f.FullName 'manifest.json') | ConvertFrom-Json
                    foreach ($e in $m.files) { (Get-FileHash (Join-Path $f.FullName $e.file)).Hash.ToLowerInvariant() | Should -Be $e.sha256 }
                }
                $folders.Count | Should -Be ($done.Count / 3)
            }
            finally { umount $small; Remove-Item $small -Recurse -Force }
        }
    }
}
