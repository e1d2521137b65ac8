BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'MisTestSupport.psm1') -Force
    $tables = [ordered]@{ mis_agent_state = 'state_time'; mis_call = 'start_time'; mis_queue_interval = 'interval_start' }
    $today = [datetime](Get-MisScalar -Sandbox $sandbox -Query 'SELECT CURDATE()')
    $cutoff = $today.AddMonths(-1)
    $cutoffSql = $cutoff.ToString('yyyy-MM-dd')
    $cmd = 'Rostrvm.PowerShell.Commands.InvokeRostrvmMisPurgeCommand'
    Invoke-MisSql -Sandbox $sandbox -Query ('DROP DATABASE IF EXISTS mis_purge_check; CREATE DATABASE mis_purge_check DEFAULT CHARACTER ' +
        'SET utf8mb4;') | Out-Null

    function New-PurgeCase([string] $Name, [hashtable] $Settings = @{}) {
        <# A private copy of the demo MIS tables, a settings root for it, and the expected end state. #>
        # Ten days to purge and a few to keep are enough to show every path, and quick.
        New-MisDatabase -Sandbox $sandbox -Name $Name -Since $cutoff.AddDays(-10) -SnapshotDatabase mis_purge_check -Cutoff $cutoff
        $config = New-TestRoot -Sandbox $sandbox -Database $Name -Settings $Settings
        [pscustomobject]@{ Database = $Name; Config = $config; Extracts = Join-Path (Split-Path $config -Parent) 'ExtractedMIS' }
    }

    function Get-OldRows([string] $Database) {
        $sql = ($tables.Keys | ForEach-Object { "(SELECT COUNT(*) FROM ``$_`` WHERE ``$($tables[$_])`` < '$cutoffSql')" }) -join ' + '
        Get-MisScalar -Sandbox $sandbox -Database $Database -Query "SELECT $sql"
    }

    function Assert-PurgedExactly($case) {
        <# The end state of a complete purge: only rows from the cut-off on remain, unchanged, and
           every purged row is in exactly one CSV, byte-identical once loaded back. #>
        foreach ($t in $tables.Keys) {
            Get-MisTableChecksum -Sandbox $sandbox -Database $case.Database -Table $t |
                Should -Be (Get-MisTableChecksum -Sandbox $sandbox -Database mis_purge_check -Table "$($case.Database)_${t}_keep") `
                    -Because "$t keeps its rows from the cut-off on"
            $folders = @(Get-ChildItem $case.Extracts -Directory | Where-Object Name -lt $cutoffSql | ForEach-Object FullName)
            $r = Test-MisRoundTrip -Sandbox $sandbox -Scratch mis_purge_check -SourceDatabase mis_purge_check `
                -SourceTable "$($case.Database)_${t}_all" `
                -Table $t -Where "``$($tables[$t])`` < '$cutoffSql'" -DayFolder $folders
            $r.Expected | Should -BeGreaterThan 0
            $r.Warnings | Should -Be 0 -Because 'a duplicated CSV row would be a duplicate-key warning'
            $r.Loaded | Should -Be $r.Expected -Because "every purged row of $t is in the extracts, once"
            $r.Identical | Should -Be $r.Expected
            $r.LoadedChecksum | Should -Be $r.ExpectedChecksum
        }
        @(Get-ChildItem $case.Extracts -Directory).Name | Should -Not -Match 'rostrvm'
    }
}

AfterAll {
    $names = Invoke-MisSql -Sandbox $sandbox -Query "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'mis\_p%'"
    foreach ($n in $names) { Invoke-MisSql -Sandbox $sandbox -Query "DROP DATABASE ``$n``" | Out-Null }
}

Describe 'Invoke-RostrvmMisPurge' {
    It '-WhatIf says how many rows per table and day would go, and changes nothing' {
        $case = New-PurgeCase mis_p_whatif
        $child = Start-MisPurgeProcess -ConfigurationPath $case.Config -WhatIf
        $child.Process.WaitForExit()
        $lines = @(Get-Content $child.Output | Where-Object { $_ -match 'What if: .*MIS rows dated' })
        $days = @(Invoke-MisSql -Sandbox $sandbox -Database $case.Database -Query ("SELECT DATE(start_time) d, COUNT(*) FROM mis_call " +
            "WHERE start_time < '$cutoffSql' GROUP BY d ORDER BY d"))
        $lines.Count | Should -Be $days.Count
        foreach ($i in 0, ($days.Count - 1)) {
            $day, $count = $days[$i] -split "`t"
            $lines[$i] | Should -Match "MIS rows dated ${day}: .*\b$count rows of mis_call"
        }
        Get-OldRows $case.Database | Should -BeGreaterThan 0
        foreach ($t in $tables.Keys) {
            Get-MisTableChecksum -Sandbox $sandbox -Database $case.Database -Table $t | Should -Be (
                Get-MisTableChecksum -Sandbox $sandbox -Database mis_purge_check -Table "mis_p_whatif_${t}_all")
        }
        Test-Path $case.Extracts | Should -BeFalse -Because '-WhatIf does not even extract yesterday'
    }

    It 'extracts first, then deletes exactly the rows older than the cut-off, and every deleted row is in a CSV' {
        $case = New-PurgeCase mis_p_main
        $old = @{}
        foreach ($t in $tables.Keys) {
            $old[$t] = Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query ("SELECT COUNT(*) FROM $t WHERE $($tables[$t]) < " +
                "'$cutoffSql'") }
        $results = @(Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Confirm:$false)
        foreach ($t in $tables.Keys) { ($results | Where-Object Table -eq $t | Measure-Object Deleted -Sum).Sum | Should -Be $old[$t] }
        $results | Where-Object { -not $_.Extracted } | Should -BeNullOrEmpty
        ($results | Measure-Object Remaining -Sum).Sum | Should -Be 0
        Test-Path (Join-Path $case.Extracts ($today.AddDays(-1).ToString('yyyy-MM-dd')) 'manifest.json') |
            Should -BeTrue -Because 'yesterday is extracted first'
        Assert-PurgedExactly $case
        # A second run finds nothing more to do.
        @(Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Confirm:$false -SkipExport) | Should -BeNullOrEmpty
        Assert-PurgedExactly $case
    }

    It 'killed <Point>, then run again, ends exactly as an uninterrupted run' -ForEach @(
        @{ Point = 'as soon as the first extract folder appears'; Name = 'mis_p_kill1'; Until = { param($c, $total) @(
            Get-ChildItem $c.Extracts -Directory -ErrorAction SilentlyContinue).Count -gt 0 } }
        @{ Point = 'after the first batches are deleted'; Name = 'mis_p_kill2'; Until = { param($c, $total) (
            Get-OldRows $c.Database) -lt $total } }
        @{ Point = 'half way through'; Name = 'mis_p_kill3'; Until = { param($c, $total) (Get-OldRows $c.Database) -lt $total / 2 } }
    ) {
        $case = New-PurgeCase $Name
        $total = Get-OldRows $case.Database
        $child = Start-MisPurgeProcess -ConfigurationPath $case.Config -BatchSize 10
        while (-not $child.Process.HasExited -and -not (& $Until $case $total)) { Start-Sleep -Milliseconds 20 }
        $killedEarly = -not $child.Process.HasExited
        if ($killedEarly) { $child.Process.Kill() }
        $child.Process.WaitForExit()
        $killedEarly | Should -BeTrue -Because 'the kill must land while the purge runs'
        Get-OldRows $case.Database | Should -BeGreaterThan 0
        Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Confirm:$false | Out-Null
        Assert-PurgedExactly $case
    }

    It 'extracts again, before deleting, rows added or changed on a day after it was extracted' {
        $case = New-PurgeCase mis_p_late
        $day = [datetime](Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query 'SELECT DATE(MIN(start_time)) FROM mis_call')
        $d = $day.ToString('yyyy-MM-dd')
        Export-RostrvmMis -ConfigurationPath $case.Config -Date $day -Table mis_call | Out-Null
        $changed = Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query "SELECT MIN(id) FROM mis_call WHERE start_time >= '$d'"
        Invoke-MisSql -Sandbox $sandbox -Database $case.Database -Query @"
UPDATE mis_call SET notes = 'changed after the extract' WHERE id = $changed;
INSERT INTO mis_call (call_uuid, start_time, end_time, queue_id, agent_id, direction, caller, outcome, wait_ms, talk_ms, cost, notes)
SELECT UUID(), '$d 23:59:59.999999', NULL, 1, NULL, 'inbound', CONCAT('LATE-', seq), 'abandoned', 0, 0, NULL, 'inserted late'
FROM (SELECT 1 seq UNION SELECT 2 UNION SELECT 3) s;
"@ | Out-Null
        $splatCopyMisRows = @{
            Sandbox = $sandbox
            Database = 'mis_purge_check'
            SourceDatabase = $case.Database
            Source = 'mis_call'
            Target = 'late_expected'
            Where = "start_time >= '$d' AND start_time < '$d' + INTERVAL 1 DAY"
        }
        Copy-MisRows @splatCopyMisRows
        $r = Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Table mis_call -Before $day.AddDays(1) -SkipExport -Confirm:$false
        $r.Deleted | Should -Be (Get-MisScalar -Sandbox $sandbox -Database mis_purge_check -Query 'SELECT COUNT(*) FROM late_expected')
        $r.Extracted | Should -BeTrue
        Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query ("SELECT COUNT(*) FROM mis_call WHERE start_time < '$d' + " +
            "INTERVAL 1 DAY") | Should -Be 0
        $splatTestMisRoundTrip = @{
            Sandbox = $sandbox
            Scratch = 'mis_purge_check'
            SourceDatabase = 'mis_purge_check'
            SourceTable = 'late_expected'
            Table = 'mis_call'
            Where = '1=1'
            DayFolder = (Join-Path $case.Extracts $d)
        }
        $check = Test-MisRoundTrip @splatTestMisRoundTrip
        $check.Warnings | Should -Be 0
        $check.Loaded | Should -Be $check.Expected
        $check.Identical | Should -Be $check.Expected
    }

    It 'loses no row inserted for the days being purged while the purge runs' {
        $case = New-PurgeCase mis_p_concurrent
        $oldest = [datetime](Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query 'SELECT DATE(MIN(start_time)) FROM mis_call')
        $child = Start-MisPurgeProcess -ConfigurationPath $case.Config -BatchSize 20 -OlderThan $cutoffSql
        $inserted = 0
        while (-not $child.Process.HasExited -or $inserted -lt 3) {
            $day = $oldest.AddDays($inserted % 10).ToString('yyyy-MM-dd')
            Invoke-MisSql -Sandbox $sandbox -Database $case.Database -Query ("INSERT INTO mis_call (call_uuid, start_time, direction, " +
                "caller, outcome, wait_ms, talk_ms, queue_id, notes) VALUES (UUID(), '$day 12:00:00', 'inbound', 'LATE-$inserted', " +
                "'abandoned', 0, 0, 1, 'inserted during the purge')") | Out-Null
            $inserted++
        }
        $child.Process.WaitForExit()
        $inserted | Should -BeGreaterThan 3
        # Whatever the first run left (rows inserted after it passed their day) the next one takes.
        Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Confirm:$false -SkipExport | Out-Null
        Get-OldRows $case.Database | Should -Be 0
        $late = (Get-ChildItem $case.Extracts -Recurse -Filter mis_call.csv | Get-Content -Raw |
            Select-String -Pattern '"LATE-\d+"' -AllMatches).Matches.Value
        @($late).Count | Should -Be $inserted -Because 'every late row is in exactly one CSV'
        @($late | Sort-Object -Unique).Count | Should -Be $inserted
    }

    Context 'bad input' {
        It 'refuses a day whose CSV was edited or deleted after extraction, naming the file, and purges the other days' {
            $case = New-PurgeCase mis_p_tamper
            $oldest = [datetime](
                Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query 'SELECT DATE(MIN(start_time)) FROM mis_call')
            $edited, $deleted, $fine = $oldest.AddDays(1), $oldest.AddDays(2), $oldest
            Export-RostrvmMis -ConfigurationPath $case.Config -Range $oldest, $deleted | Out-Null
            $editedFile = Join-Path $case.Extracts "$($edited.ToString('yyyy-MM-dd'))/mis_call.csv"
            $deletedFile = Join-Path $case.Extracts "$($deleted.ToString('yyyy-MM-dd'))/mis_agent_state.csv"
            $text = [IO.File]::ReadAllText($editedFile)
            [IO.File]::WriteAllText($editedFile, $text.Replace('answered', 'Answered'))
            Remove-Item $deletedFile
            $before = @{}
            foreach ($t in $tables.Keys) {
                $before[$t] = Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query ("SELECT COUNT(*) FROM $t WHERE " +
                    "$($tables[$t]) >= '$($edited.ToString('yyyy-MM-dd'))' AND $($tables[$t]) < " +
                    "'$($deleted.AddDays(1).ToString('yyyy-MM-dd'))'") }
            $r = @(Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Before $deleted.AddDays(
                1) -SkipExport -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue)
            $failures.Count | Should -Be 2
            $failures[0].FullyQualifiedErrorId | Should -Be "MisExtractModified,$cmd"
            $failures[0].Exception.Message | Should -BeLike "*$editedFile*"
            $failures[0].TargetObject | Should -Be $editedFile
            $failures[1].FullyQualifiedErrorId | Should -Be "MisExtractFileMissing,$cmd"
            $failures[1].Exception.Message | Should -BeLike "*$deletedFile*"
            foreach ($t in $tables.Keys) {
                Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query ("SELECT COUNT(*) FROM $t WHERE $($tables[$t]) >= " +
                    "'$($edited.ToString('yyyy-MM-dd'))' AND $($tables[$t]) < '$($deleted.AddDays(1).ToString('yyyy-MM-dd'))'") |
                    Should -Be $before[$t] -Because "no row of $t on a refused day is deleted"
            }
            ($r | Where-Object Date -eq $fine).Count | Should -Be 3
            Get-MisScalar -Sandbox $sandbox -Database $case.Database -Query ("SELECT COUNT(*) FROM mis_call WHERE start_time < " +
                "'$($edited.ToString('yyyy-MM-dd'))'") | Should -Be 0
        }

        It 'fails with <Id> when <Case>, deleting nothing' -ForEach @(
            @{ Case = 'a configured table does not exist'; Id = 'MisTableNotFound'; Settings = @{ MisTables = @{ mis_call = 'start_time';
                mis_gone = 'start_time' } } }
            @{ Case = 'a configured column does not exist'; Id = 'MisColumnNotFound'; Settings = @{ MisTables = @{
                mis_call = 'begin_time' } } }
        ) {
            $case = New-PurgeCase mis_p_badcfg -Settings $Settings
            $total = Get-OldRows $case.Database
            { Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "$Id,$cmd"
            Get-OldRows $case.Database | Should -Be $total
        }

        It 'fails with MisExtractPathNotWritable on a read-only extract folder, deleting nothing' -Skip:(-not $IsLinux -or (
            id -u) -ne '0') {
            $case = New-PurgeCase mis_p_ro
            $total = Get-OldRows $case.Database
            $ro = Join-Path ([IO.Path]::GetTempPath()) ('rostrvm-ro-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            New-Item -ItemType Directory $ro | Out-Null
            mount -t tmpfs -o ro,size=1m tmpfs $ro
            try { { Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Path $ro -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId "MisExtractPathNotWritable,$cmd" }
            finally { umount $ro; Remove-Item $ro -Recurse -Force }
            Get-OldRows $case.Database | Should -Be $total
        }

        It 'deletes nothing when the disk fills up during the extract' -Skip:(-not $IsLinux -or (id -u) -ne '0') {
            $case = New-PurgeCase mis_p_full
            $total = Get-OldRows $case.Database
            $small = Join-Path ([IO.Path]::GetTempPath()) ('rostrvm-full-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            New-Item -ItemType Directory $small | Out-Null
            mount -t tmpfs -o size=12k tmpfs $small
            try {
                $r = @(Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Path $small -Confirm:$false -ErrorVariable failures `
                    -ErrorAction SilentlyContinue)
                $r | Should -BeNullOrEmpty
                $failures.Count | Should -BeGreaterThan 1
                $failures | ForEach-Object FullyQualifiedErrorId | Sort-Object -Unique | Should -Be "DiskFull,$cmd"
                @(Get-ChildItem $small -Directory) | Should -BeNullOrEmpty
            }
            finally { umount $small; Remove-Item $small -Recurse -Force }
            Get-OldRows $case.Database | Should -Be $total
        }

        It 'fails with MisJobBusy while another MIS job holds the lock' {
            $case = New-PurgeCase mis_p_busy -Settings @{ LockTimeoutSeconds = 1 }
            $total = Get-OldRows $case.Database
            $client = Find-ServerTool 'mariadb'
            $start = [Diagnostics.ProcessStartInfo]::new($client)
            foreach ($a in "--defaults-extra-file=$($sandbox.OptionFile)", '--protocol=TCP', '-e',
                "SELECT GET_LOCK('rostrvm.mis.mis_p_busy', 0), SLEEP(20)") { $start.ArgumentList.Add($a) }
            $start.RedirectStandardOutput = $true
            $holder = [Diagnostics.Process]::Start($start)
            try {
                $deadline = [datetime]::UtcNow.AddSeconds(10)
                while ((Get-MisScalar -Sandbox $sandbox -Query "SELECT IS_FREE_LOCK('rostrvm.mis.mis_p_busy')") -eq 1 -and
                    [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                { Invoke-RostrvmMisPurge -ConfigurationPath $case.Config -Confirm:$false -ErrorAction Stop } |
                    Should -Throw -ErrorId "MisJobBusy,$cmd"
            }
            finally { $holder.Kill(); $holder.WaitForExit() }
            Get-OldRows $case.Database | Should -Be $total
        }
    }
}
