# The database server killed (kill -9 of mariadbd) in the middle of a job: every job fails with
# ServerConnectionLost naming the server and its step, nothing is lost, and once the server is
# back a rerun finishes. Each job is held at a known point by a lock another session holds, so
# the kill lands mid-job every time. A private sandbox: killing the shared one would break the
# other test files.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'BackupTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MisTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
    $sandboxName = 'resilience'
    $sandboxRoot = Join-Path (Get-TestRepoRoot) (Join-Path 'out' 'sandbox')
    $script:sandbox = Get-TestSandbox -Name $sandboxName
    Import-RostrvmUnderTest
    $server = "127.0.0.1:$($sandbox.Port)"
    $lockers = [System.Collections.Generic.List[object]]::new()

    function Start-ChildScript {
        <# A child pwsh running a script text with the built module; its output (and errors as "OUTCOME <id>" lines) go to a file. #>
        param([Parameter(Mandatory)] [string] $Script)
        $file = Join-Path $TestDrive ('child-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        Set-Content -Path "$file.ps1" -Encoding utf8NoBOM -Value @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$(Get-TestModulePath)'
try { $Script; 'OUTCOME Completed' }
catch { 'OUTCOME ' + `$_.FullyQualifiedErrorId; 'MESSAGE ' + `$_.Exception.Message }
"@
        $pwsh = Get-TestPwshCommand
        $process = Start-Process -FilePath $pwsh.Executable -ArgumentList (@($pwsh.Lead) + @('-NoProfile', '-NonInteractive', '-File',
            "$file.ps1")) -PassThru `
            -RedirectStandardOutput "$file.out" -RedirectStandardError "$file.err"
        [pscustomobject]@{ Process = $process; Output = "$file.out" }
    }

    function Wait-ChildResult($child) {
        $child.Process.WaitForExit(180000) | Should -BeTrue -Because 'the job must end once its server is gone'
        $lines = @(Get-Content $child.Output)
        [pscustomobject]@{
            Outcome = (($lines | Where-Object { $_ -like 'OUTCOME *' } | Select-Object -Last 1) -replace '^OUTCOME ', '')
            Message = (($lines | Where-Object { $_ -like 'MESSAGE *' } | Select-Object -Last 1) -replace '^MESSAGE ', '')
            Text    = $lines -join "`n"
        }
    }

    function Start-Locker([string] $Database, [string] $Sql) {
        <# Another session holding a lock the job will wait for; it dies with the server. #>
        $process = Start-SqlSession -Sandbox $sandbox -Database $Database -Sql "$Sql`nSELECT SLEEP(600);"
        $lockers.Add($process)
        Wait-Until -What 'the locking session' -TimeoutSeconds 60 -Condition {
            @(Invoke-TestSql -Sandbox $sandbox `
                -Query "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(600)'").Count -gt 0
        }
    }

    function Stop-Locker {
        <# Ends the locking sessions on the server (killing their client would leave the session and its lock). #>
        foreach ($row in @(
            Invoke-TestSql -Sandbox $sandbox -Query "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(600)'")) {
            Invoke-TestSql -Sandbox $sandbox -Query "KILL CONNECTION $($row.ID)" | Out-Null
        }
        foreach ($locker in $lockers) { $locker.WaitForExit(30000) | Out-Null }
        $lockers.Clear()
    }

    function Wait-JobBlocked([string] $Like, $Child) {
        <# The job's statement waits on the lock: the job is midway. #>
        Wait-Until -What "a statement like '$Like' waiting on the lock" -TimeoutSeconds 180 -Condition {
            if ($Child.Process.HasExited) { throw "The job ended before it reached the lock: $(Get-Content $Child.Output -Raw)" }
            @(Invoke-TestSql -Sandbox $sandbox -Query ("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '$Like' AND INFO " +
                "NOT LIKE '%PROCESSLIST%' AND TIME >= 1")).Count -gt 0
        }
    }

    function Stop-ServerHard {
        <# kill -9 of this sandbox's mariadbd, by its PID. #>
        $process = Get-Process -Id $sandbox.Pid
        & kill -9 $sandbox.Pid
        $process.WaitForExit(30000) | Should -BeTrue
        foreach ($locker in $lockers) { $locker.WaitForExit(30000) | Out-Null }
        $lockers.Clear()
    }

    function Start-ServerAgain {
        # Same port: the settings files name it. InnoDB recovers what was committed.
        $script:sandbox = Start-RostrvmSandbox -Name $sandboxName -Root $sandboxRoot -Port $sandbox.Port
    }

    function Invoke-KilledMidJob([string] $Database, [string] $Lock, [string] $Job, [string] $Blocked) {
        <# Holds a lock, starts the job in a child, waits until it waits on the lock, kills the server, starts it again. #>
        Start-Locker -Database $Database -Sql $Lock
        $child = Start-ChildScript $Job
        Wait-JobBlocked -Like $Blocked -Child $child
        Stop-ServerHard
        $result = Wait-ChildResult $child
        Start-ServerAgain
        $result
    }

    function Assert-HistoryLost([string] $Config, [string] $Job, [string] $Step, [string] $Left) {
        <# The scheduled run's history records the failed job with the id, the server, its step and what it left. #>
        $failed = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $Config -Failed)
        Write-Host "      history: $($failed[0].ErrorId): $($failed[0].ErrorMessage)"
        $failed.Job | Should -Be $Job
        $failed[0].ErrorId | Should -BeLike 'ServerConnectionLost,*'
        $failed[0].ErrorMessage | Should -BeLike "*database server at $server was lost during*$Step*"
        $failed[0].ErrorMessage | Should -BeLike "*$Left*"
    }

    function Format-Checksum($checksums) { @($checksums.GetEnumerator() | ForEach-Object { '{0}={1}' -f $_.Key, $_.Value }) }

    function Assert-ServerConnectionLost($result, [string] $Step) {
        Write-Host "      error: $($result.Outcome): $($result.Message)"
        $result.Outcome | Should -BeLike 'ServerConnectionLost,*' -Because $result.Text
        $result.Message | Should -BeLike "*database server at $server was lost*" -Because 'the message names the server'
        $result.Message | Should -BeLike "*during*$Step*" -Because 'the message names the step the job was at'
        $result.Message | Should -BeLike '*run the command again*'
    }
}

AfterAll {
    # The server may be down if a test failed between the kill and the restart: stopping it is enough then.
    try {
        Stop-Locker
        foreach ($db in 'lost_backup', 'lost_export', 'lost_mis', 'lost_mis_check', 'lost_rec', 'lost_restore_target') {
            Remove-TestDatabase -Sandbox $sandbox -Name $db }
    }
    catch { Write-Warning "Cleaning the private sandbox: $_" }
    Stop-RostrvmSandbox -Name $sandboxName -Root $sandboxRoot
}

Describe 'The server killed mid-job: ServerConnectionLost, nothing lost, a rerun finishes' {
    It ('mid-backup (the weekly run): the history records ServerConnectionLost, the earlier backup is intact, the rerun writes a ' +
        'complete one') {
        Copy-TestDatabase -Sandbox $sandbox -Target lost_backup
        $config = New-TestRoot -Sandbox $sandbox -Database lost_backup
        $backups = Join-Path (Split-Path $config -Parent) 'backups'
        $first = Backup-RostrvmDatabase -ConfigurationPath $config -Confirm:$false
        $firstHash = (Get-FileHash $first.Path -Algorithm SHA256).Hash

        $null = Invoke-KilledMidJob -Database lost_backup -Lock 'LOCK TABLES mis_call WRITE;' -Blocked '%mis_call%' `
            -Job "& '$(Get-ModuleScript 'Invoke-RostrvmWeeklyMaintenance.ps1')' -ConfigurationPath '$config' -Job FullBackup"
        Assert-HistoryLost -Config $config -Job FullBackup -Step 'Backing up database' -Left 'backups already in the folder are unchanged'
        # Nothing lost: the earlier backup is byte for byte as it was, no half file has a backup's name.
        (Get-FileHash $first.Path -Algorithm SHA256).Hash | Should -Be $firstHash
        @(Get-ChildItem $backups -File | Where-Object Name -like '*.rbk*' | Where-Object Name -notlike '*.tmp*').Name | Should -Be (
            Split-Path $first.Path -Leaf)

        $again = Backup-RostrvmDatabase -ConfigurationPath $config -Confirm:$false
        $again.Path | Should -Not -Be $first.Path
        (Get-RostrvmBackup -Path $again.Path -Verify).Status | Should -Be 'Complete'
        (Get-FileHash $first.Path -Algorithm SHA256).Hash | Should -Be $firstHash
    }

    It ('mid-MIS-purge (the nightly run): the history records ServerConnectionLost, every deleted row is in its CSV, the rerun purges ' +
        'exactly') {
        $tables = [ordered]@{ mis_agent_state = 'state_time'; mis_call = 'start_time'; mis_queue_interval = 'interval_start' }
        $today = [datetime](Get-MisScalar -Sandbox $sandbox -Query 'SELECT CURDATE()')
        $cutoff = $today.AddMonths(-1)
        $cutoffSql = $cutoff.ToString('yyyy-MM-dd')
        Invoke-MisSql -Sandbox $sandbox -Query ('DROP DATABASE IF EXISTS lost_mis_check; CREATE DATABASE lost_mis_check DEFAULT ' +
            'CHARACTER SET utf8mb4;') | Out-Null
        New-MisDatabase -Sandbox $sandbox -Name lost_mis -Since $cutoff.AddDays(-10) -SnapshotDatabase lost_mis_check -Cutoff $cutoff
        $config = New-TestRoot -Sandbox $sandbox -Database lost_mis -Settings @{ MisBatchSize = 10 }
        $extracts = Join-Path (Split-Path $config -Parent) 'ExtractedMIS'
        $old = "SELECT COUNT(*) FROM mis_call WHERE start_time < '$cutoffSql'"
        $total = Get-MisScalar -Sandbox $sandbox -Database lost_mis -Query $old
        # A row in the middle of the days to purge, held by another transaction.
        $held = Get-MisScalar -Sandbox $sandbox -Database lost_mis -Query ("SELECT id FROM mis_call WHERE start_time < '$cutoffSql' " +
            "ORDER BY start_time LIMIT 1 OFFSET $([int]($total / 2))")

        $null = Invoke-KilledMidJob -Database lost_mis -Lock "BEGIN; SELECT id FROM mis_call WHERE id = $held FOR UPDATE;" `
            -Blocked '%mis_call%FOR UPDATE%' `
            -Job ("& '$(Get-ModuleScript 'Invoke-RostrvmNightlyMaintenance.ps1')' -Now '$($today.ToString('yyyy-MM-dd')) 02:00' " +
                "-ConfigurationPath '$config' -Job MisPurge")
        Assert-HistoryLost -Config $config -Job MisPurge -Step 'Purging MIS rows' -Left 'batch being deleted is still in the database'
        $left = Get-MisScalar -Sandbox $sandbox -Database lost_mis -Query $old
        $left | Should -BeLessThan $total -Because 'the kill came after batches were deleted'
        $left | Should -BeGreaterThan 0 -Because 'the kill came before the purge ended'
        # Nothing lost: every row gone from a table is, byte for byte, in its day's CSV.
        $folders = @(Get-ChildItem $extracts -Directory | Where-Object Name -lt $cutoffSql | ForEach-Object FullName)
        foreach ($t in $tables.Keys) {
            $r = Test-MisRoundTrip -Sandbox $sandbox -Scratch lost_mis_check -SourceDatabase lost_mis_check `
                -SourceTable "lost_mis_${t}_all" -Table $t -DayFolder $folders `
                -Where "``$($tables[$t])`` < '$cutoffSql' AND id NOT IN (SELECT id FROM lost_mis.``$t``)"
            $r.Identical | Should -Be $r.Expected -Because "every deleted row of $t is in a CSV"
        }

        $rerun = Invoke-TestPwsh -File (Get-ModuleScript 'Invoke-RostrvmNightlyMaintenance.ps1') -ArgumentList '-Now',
            "$($today.ToString('yyyy-MM-dd')) 02:00", '-ConfigurationPath', $config, '-Job', 'MisPurge'
        $rerun.ExitCode | Should -Be 0 -Because $rerun.Text
        foreach ($t in $tables.Keys) {
            Get-MisTableChecksum -Sandbox $sandbox -Database lost_mis -Table $t | Should -Be (
                Get-MisTableChecksum -Sandbox $sandbox -Database lost_mis_check -Table "lost_mis_${t}_keep")
            $folders = @(Get-ChildItem $extracts -Directory | Where-Object Name -lt $cutoffSql | ForEach-Object FullName)
            $r = Test-MisRoundTrip -Sandbox $sandbox -Scratch lost_mis_check -SourceDatabase lost_mis_check `
                -SourceTable "lost_mis_${t}_all" -Table $t -DayFolder $folders `
                -Where "``$($tables[$t])`` < '$cutoffSql'"
            $r.Expected | Should -BeGreaterThan 0
            $r.Loaded | Should -Be $r.Expected -Because "every purged row of $t is in the extracts, once"
            $r.Identical | Should -Be $r.Expected
        }
    }

    It 'mid-recording-archive: ServerConnectionLost, every body is in the database or an archive, the rerun archives them all' {
        New-RecordingTestDatabase -Sandbox $sandbox -Name lost_rec -Limit 30
        $config = New-TestRoot -Sandbox $sandbox -Database lost_rec
        $before = (Get-Date).AddYears(1)
        $expected = Get-RecordingBody -Sandbox $sandbox -Database lost_rec -Kind Voice
        $expected.Count | Should -BeGreaterThan 10
        $held = ($expected.Keys | Sort-Object)[20]

        $result = Invoke-KilledMidJob -Database lost_rec -Lock "BEGIN; SELECT id FROM voice_recordings WHERE id = $held FOR UPDATE;" `
            -Blocked 'UPDATE%voice_recordings%' `
            -Job ("Move-RostrvmRecording -ConfigurationPath '$config' -Kind Voice -Before ([datetime]'$($before.ToString('o'))') " +
                "-MaxArchiveSize 24KB -Confirm:`$false -ErrorAction Stop | Out-Null")

        Assert-ServerConnectionLost $result -Step 'Archiving'
        $result.Message | Should -BeLike '*keep their bodies in the database*'
        # Nothing lost: a body not in the database any more is in a verified archive.
        $inDatabase = Get-RecordingBody -Sandbox $sandbox -Database lost_rec -Kind Voice
        $archived = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -Verify | Where-Object Kind -eq 'Voice' | ForEach-Object {
            $_.Ids })
        $missing = $expected.Keys | Where-Object { -not $inDatabase.ContainsKey($_) -and $_ -notin $archived }
        $missing | Should -BeNullOrEmpty
        $inDatabase.Keys | Where-Object { $inDatabase[$_].Sha -ne $expected[$_].Sha } | Should -BeNullOrEmpty

        Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before $before -MaxArchiveSize 24KB -Confirm:$false `
            -ErrorAction Stop | Out-Null
        $listed = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -Verify | Where-Object Kind -eq 'Voice')
        ($listed | ForEach-Object { $_.Ids } | Sort-Object) | Should -Be ($expected.Keys |
            Sort-Object) -Because 'every recording is archived exactly once'
        $listed.Status | Sort-Object -Unique | Should -Be 'Verified'
        (Get-RecordingBody -Sandbox $sandbox -Database lost_rec -Kind Voice).Count | Should -Be 0
        $out = Join-Path $TestDrive 'lost-rec-export'
        New-Item -ItemType Directory -Path $out | Out-Null
        $files = @(Export-RostrvmRecording -ConfigurationPath $config -Kind Voice -Id ([long[]]@($expected.Keys)) -Destination $out)
        $files | Where-Object { (Get-FileHash -LiteralPath $_.Path -Algorithm SHA256).Hash -ne $expected[$_.Id].Sha.ToUpperInvariant() } |
            Should -BeNullOrEmpty
        $files.Count | Should -Be $expected.Count
    }

    It 'its connection killed mid-MIS-export (KILL, the server still up): ServerConnectionLost, no half day, the rerun extracts the day' {
        $day = [datetime](Get-MisScalar -Sandbox $sandbox -Query 'SELECT CURDATE()')
        $day = $day.AddDays(-1)
        New-MisDatabase -Sandbox $sandbox -Name lost_export -Since $day.AddDays(-1)
        $config = New-TestRoot -Sandbox $sandbox -Database lost_export
        $folder = Join-Path (Split-Path $config -Parent) (Join-Path 'ExtractedMIS' $day.ToString('yyyy-MM-dd'))

        Start-Locker -Database lost_export -Sql 'LOCK TABLES mis_queue_interval WRITE;'
        $child = Start-ChildScript ("Export-RostrvmMis -ConfigurationPath '$config' -Date ([datetime]'$($day.ToString('yyyy-MM-dd'))') " +
            "-ErrorAction Stop | Out-Null")
        Wait-JobBlocked -Like '%mis_queue_interval%' -Child $child
        $blocked = Invoke-TestSql -Sandbox $sandbox -Query ("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE " +
            "'%mis_queue_interval%' AND INFO NOT LIKE '%PROCESSLIST%' AND INFO NOT LIKE 'LOCK%'") | Select-Object -First 1
        Invoke-TestSql -Sandbox $sandbox -Query "KILL CONNECTION $($blocked.ID)" | Out-Null
        $result = Wait-ChildResult $child
        Stop-Locker

        Assert-ServerConnectionLost $result -Step 'Extracting MIS rows'
        Test-Path (Join-Path $folder 'manifest.json') | Should -BeFalse -Because 'a day without its manifest is extracted again, never half'

        Export-RostrvmMis -ConfigurationPath $config -Date $day -ErrorAction Stop | Out-Null
        $manifest = Get-Content (Join-Path $folder 'manifest.json') -Raw | ConvertFrom-Json
        foreach ($entry in $manifest.files) {
            $rows = Get-MisScalar -Sandbox $sandbox -Database lost_export -Query ("SELECT COUNT(*) FROM $($entry.table) WHERE " +
                "DATE($(@{ mis_call = 'start_time'; mis_agent_state = 'state_time'; mis_queue_interval = 'interval_start' }[$entry.table])) = '$($day.ToString('yyyy-MM-dd'))'")
            $entry.rows | Should -Be $rows -Because "$($entry.table) has every row of the day"
        }
    }

    It 'mid-restore: ServerConnectionLost, the live database is intact, the rerun restores' {
        $config = New-TestRoot -Sandbox $sandbox -Database rostrvm_920
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Confirm:$false
        $live = Format-Checksum (Get-TableChecksum -Sandbox $sandbox -Database rostrvm_920)
        $schemas = @(Invoke-TestSql -Sandbox $sandbox -Query 'SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA').s

        $child = Start-ChildScript ("Restore-RostrvmDatabase -ConfigurationPath '$config' -Path '$($backup.Path)' -TargetDatabase " +
            "lost_restore_target -Confirm:`$false -ErrorAction Stop | Out-Null")
        # Once the load has written tables, a global read lock holds its next write; then the kill.
        $list = ($schemas | ForEach-Object { "'$_'" }) -join ','
        Wait-Until -What 'the restore loading tables' -TimeoutSeconds 180 -Condition {
            if ($child.Process.HasExited) { throw "The restore ended before it loaded: $(Get-Content $child.Output -Raw)" }
            [int](Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT " +
                "IN ($list)")).n -ge 3
        }
        Start-Locker -Database rostrvm_920 -Sql 'FLUSH TABLES WITH READ LOCK;'
        Wait-Until -What 'the restore waiting on the read lock' -TimeoutSeconds 180 -Condition {
            if ($child.Process.HasExited) { throw "The restore ended before the kill: $(Get-Content $child.Output -Raw)" }
            @(Invoke-TestSql -Sandbox $sandbox -Query ("SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting " +
                "for%lock%' AND INFO NOT LIKE '%PROCESSLIST%'")).Count -gt 0
        }
        Stop-ServerHard
        $result = Wait-ChildResult $child
        Start-ServerAgain

        $result.Outcome | Should -BeLike 'ServerConnectionLost,*' -Because $result.Text
        $result.Message | Should -BeLike "*database server at $server was lost*"
        $result.Message | Should -BeLike '*so is the database restored into (a staged restore swaps its copy in only once it is complete*'
        Format-Checksum (Get-TableChecksum -Sandbox $sandbox -Database rostrvm_920) | Should -Be $live
        # The kill fell in the load: the staging database is what was left, and the rerun drops it.
        @(Invoke-TestSql -Sandbox $sandbox -Query ("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME REGEXP " +
            "'^lost_restore_target_r[0-9]{14}$'")).Count | Should -Be 1
        @(Invoke-TestSql -Sandbox $sandbox -Query ("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
            "'lost_restore_target'")).Count | Should -Be 0

        $splatRestoreRostrvmDatabase = @{
            ConfigurationPath = $config
            Path = $backup.Path
            TargetDatabase = 'lost_restore_target'
            Confirm = $false
            ErrorAction = 'Stop'
        }
        Restore-RostrvmDatabase @splatRestoreRostrvmDatabase | Out-Null
        Format-Checksum (Get-TableChecksum -Sandbox $sandbox -Database lost_restore_target) | Should -Be $live
        @(Invoke-TestSql -Sandbox $sandbox -Query ("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME REGEXP " +
            "'^lost_restore_target_[rp][0-9]{14}$'")).Count | Should -Be 0
    }
}
