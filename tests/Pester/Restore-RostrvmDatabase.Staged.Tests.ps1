# Staged restores on the real sandbox: a damaged backup is refused before anything changes (the
# live database and an existing -TargetDatabase keep their table checksums), a restore killed
# (kill -9 of the child pwsh running it) at seeded random moments across load, replay and swap
# leaves the live database exactly as before or exactly restored and the rerun finishes, a
# reader polling every table meanwhile never misses one, and the largest replayed statement is
# compared with max_allowed_packet before anything changes.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Restore.Workload.psm1') -Force
    $fqid = { param($id) "$id,Rostrvm.PowerShell.Commands.RestoreRostrvmDatabaseCommand" }

    function New-StagedSource {
        <# A small database with the workload schema (a trigger included), a backup, then a few changes after it. #>
        param([string] $Database)
        Invoke-RestoreClient -Sandbox $sandbox -Sql ("SET sql_log_bin=0; DROP DATABASE IF EXISTS $Database; SET sql_log_bin=1; CREATE " +
            "DATABASE $Database DEFAULT CHARACTER SET utf8mb4;")
        Invoke-RestoreClient -Sandbox $sandbox -Database $Database -Sql ((
            Get-RestoreWorkloadSchema) + "`nCREATE VIEW rich AS SELECT name, balance FROM account WHERE balance > 15;")
        $config = New-TestRoot -Sandbox $sandbox -Database $Database -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        $folder = Join-Path (Split-Path $config) 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder
        [pscustomobject]@{ Database = $Database; Config = $config; Folder = $folder; Backup = $backup }
    }

    function Get-StagingLeftover([string] $Database) {
        @(Invoke-TestSql -Sandbox $sandbox -Query ("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME REGEXP " +
            "'^${Database}_[rp][0-9]{14}$'") | ForEach-Object s)
    }
}

Describe 'Restore-RostrvmDatabase refuses a damaged backup before anything changes' {
    BeforeAll {
        $src = New-StagedSource -Database rs_bad
        Invoke-RestoreClient -Sandbox $sandbox -Database rs_bad -Sql ("INSERT INTO account (name, balance) VALUES ('after-backup', 7); " +
            "DELETE FROM nokey WHERE a = 1;")
        Copy-RestoreDatabase -Sandbox $sandbox -Source rs_bad -Target rs_bad_t
        Invoke-RestoreClient -Sandbox $sandbox -Database rs_bad_t -Sql "INSERT INTO nokey VALUES (42, 'target only');"
        $text = [System.IO.File]::ReadAllText($src.Backup.Path)
        $text.Contains("'seed-2'") | Should -BeTrue -Because 'the tampering changes a value the backup holds'
        # One value changed (the load succeeds, only the SHA-256 tells), and one quote lost (the load fails midway).
        $valueChanged = Join-Path $src.Folder 'value.rbk'
        [System.IO.File]::WriteAllText($valueChanged, $text.Replace("'seed-2'", "'seed-9'"))
        $syntaxBroken = Join-Path $src.Folder 'syntax.rbk'
        [System.IO.File]::WriteAllText($syntaxBroken, $text.Replace("'seed-2'", "0x5249464600seed"))
        $truncated = Join-Path $src.Folder 'truncated.rbk'
        $bytes = [System.IO.File]::ReadAllBytes($src.Backup.Path)
        [System.IO.File]::WriteAllBytes($truncated, $bytes[0..([int]($bytes.Length * 0.6))])
        $gz = Join-Path $src.Folder 'damaged.rbk.gz'
        New-Item -ItemType Directory -Force -Path (Join-Path $src.Folder 'gz') | Out-Null
        $compressed = Backup-RostrvmDatabase -ConfigurationPath $src.Config -Path (Join-Path $src.Folder 'gz') -Compress
        $gzBytes = [System.IO.File]::ReadAllBytes($compressed.Path)
        $gzBytes[[int]($gzBytes.Length / 2)] = $gzBytes[[int]($gzBytes.Length / 2)] -bxor 0xFF
        [System.IO.File]::WriteAllBytes($gz, $gzBytes)
        $cases = @(
            @{ File = $valueChanged; Id = 'BackupCorrupt' }, @{ File = $syntaxBroken; Id = 'BackupCorrupt' },
            @{ File = $truncated; Id = 'BackupIncomplete' }, @{ File = $gz; Id = 'BackupCorrupt' })
    }
    AfterAll { foreach ($d in 'rs_bad', 'rs_bad_t') { Remove-TestDatabase -Sandbox $sandbox -Name $d } }

    It 'refuses <Id> into the live database and into an existing -TargetDatabase, both unchanged' -ForEach @(
        @{ Case = 0; Id = 'BackupCorrupt' }, @{ Case = 1; Id = 'BackupCorrupt' }, @{ Case = 2; Id = 'BackupIncomplete' }, @{ Case = 3;
            Id = 'BackupCorrupt' }) {
        $file = $cases[$Case].File
        foreach ($target in 'rs_bad', 'rs_bad_t') {
            $before = Get-RestoreChecksum -Sandbox $sandbox -Database $target
            $before.Count | Should -BeGreaterThan 3
            $err = $null
            try { Restore-RostrvmDatabase -ConfigurationPath $src.Config -Path $file -TargetDatabase $target -Force -ErrorAction Stop |
                Out-Null }
            catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty -Because "$file must be refused"
            $err.FullyQualifiedErrorId | Should -Be (& $fqid $Id)
            $err.Exception.Message | Should -Match 'nothing was changed'
            # The tampered values ('seed-9', 0x5249464600seed); a digest in the message is hex, which neither can be.
            $err.Exception.Message | Should -Not -Match 'seed|0x5249' -Because 'errors never echo row data'
            $after = Get-RestoreChecksum -Sandbox $sandbox -Database $target
            @($after.Keys) | Should -Be @($before.Keys)
            foreach ($t in $before.Keys) { $after[$t] | Should -Be $before[$t] -Because "table $t of $target is unchanged" }
            Get-StagingLeftover $target | Should -BeNullOrEmpty
        }
    }

    It 'a good backup is swapped in whole: the tables, the view and the trigger as the backup has them' {
        $r = Restore-RostrvmDatabase -ConfigurationPath $src.Config -Path $src.Backup.Path -TargetDatabase rs_bad_t -KeepPrevious -Force
        $r.Completed | Should -BeTrue
        $r.Staged | Should -BeTrue
        $r.PreviousDatabase | Should -Match '^rs_bad_t_p\d{14}$'
        (Invoke-TestSql -Sandbox $sandbox -Database $r.PreviousDatabase `
            -Query "SELECT COUNT(*) AS n FROM nokey WHERE b = 'target only'").n | Should -Be '1'
        (Invoke-TestSql -Sandbox $sandbox -Database rs_bad_t -Query "SELECT COUNT(*) AS n FROM nokey WHERE b = 'target only'").n |
            Should -Be '0'
        (Invoke-TestSql -Sandbox $sandbox -Database rs_bad_t -Query "SELECT COUNT(*) AS n FROM rich").n | Should -Be '2'
        Invoke-RestoreClient -Sandbox $sandbox -Database rs_bad_t -Sql ("INSERT INTO account (name, balance) VALUES ('fires the " +
            "trigger', 3);")
        (Invoke-TestSql -Sandbox $sandbox -Database rs_bad_t -Query "SELECT COUNT(*) AS n FROM audit WHERE amount = 3").n | Should -Be '1'
        @(Get-StagingLeftover rs_bad_t) | Should -Be @($r.PreviousDatabase)
        Remove-TestDatabase -Sandbox $sandbox -Name $r.PreviousDatabase
    }
}

Describe 'Restore-RostrvmDatabase killed at random moments: the live database is as before or restored, never between' {
    BeforeAll {
        $db = 'rs_kill9'
        $src = New-StagedSource -Database $db
        # Rows enough for the load to take a moment; two noted points with replayed work between.
        $rows = (1..20 | ForEach-Object { "INSERT INTO nokey SELECT seq, CONCAT('row-', seq) FROM seq_1_to_200;" }) -join "`n"
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql $rows
        $src = [pscustomobject]@{ Database = $db; Config = $src.Config; Folder = $src.Folder; Backup = (
            Backup-RostrvmDatabase -ConfigurationPath $src.Config -Path $src.Folder) }
        $segment = { param($n) (1..$n | ForEach-Object {
            ("INSERT INTO account (name, balance) VALUES ('w$_', $_); UPDATE nokey SET b = 'changed-$_' WHERE a = $_; DELETE FROM loaded " +
                "WHERE id = $_; INSERT INTO loaded VALUES ($_, 'l$_', $_);") }) -join "`n" }
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql (& $segment 25)
        $p1 = Get-BinlogCoordinate -Sandbox $sandbox
        $stateA = Get-RestoreChecksum -Sandbox $sandbox -Database $db
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql ((& $segment 50) + "`nDELETE FROM account WHERE id % 3 = 0;")
        $p2 = Get-BinlogCoordinate -Sandbox $sandbox
        $stateB = Get-RestoreChecksum -Sandbox $sandbox -Database $db
        $targets = @(
            [pscustomobject]@{ Stop = "$($p1.File):$($p1.Position)"; State = $stateA; Name = 'A' },
            [pscustomobject]@{ Stop = "$($p2.File):$($p2.Position)"; State = $stateB; Name = 'B' })

        function Start-RestoreChild([string] $Stop) {
            $file = Join-Path $TestDrive ('kill-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            Set-Content -Path "$file.ps1" -Encoding utf8NoBOM -Value ("`$ProgressPreference = 'SilentlyContinue'; Import-Module " +
                "'$(Get-TestModulePath)'; Restore-RostrvmDatabase -ConfigurationPath '$($src.Config)' -StopPosition '$Stop' -Force " +
                "-ErrorAction Stop | Out-Null")
            $pwsh = Get-TestPwshCommand
            Start-Process -FilePath $pwsh.Executable -ArgumentList (@($pwsh.Lead) + @('-NoProfile', '-NonInteractive', '-File',
                "$file.ps1")) -PassThru -RedirectStandardOutput "$file.out" -RedirectStandardError "$file.err"
        }
        function Wait-Staging($Process) {
            $client = Find-ServerTool 'mariadb'
            while (-not $Process.HasExited) {
                $n = & $client "--defaults-extra-file=$($sandbox.OptionFile)" --protocol=TCP -N -B -e ("SELECT COUNT(*) FROM " +
                    "information_schema.SCHEMATA WHERE SCHEMA_NAME REGEXP '^${db}_r[0-9]{14}$'")
                if ([int]$n -gt 0) { return $true }
                Start-Sleep -Milliseconds 10
            }
            $false
        }
        function Format-State($State) { ($State.Keys | ForEach-Object { "$_=$($State[$_])" }) -join ' ' }
        function Wait-ServerIdle {
            $deadline = (Get-Date).AddSeconds(30)
            while ((Get-Date) -lt $deadline) {
                $busy = (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE " +
                    "COMMAND <> 'Sleep' AND ID <> CONNECTION_ID() AND INFO IS NOT NULL AND INFO NOT LIKE 'SELECT (SELECT COUNT(*)%'")).n
                if ([int]$busy -eq 0) { return }
                Start-Sleep -Milliseconds 50
            }
        }
    }
    AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name $db; foreach ($d in (Get-StagingLeftover $db)) {
        Remove-TestDatabase -Sandbox $sandbox -Name $d } }

    It 'ends as before or as the target after each of 10 kills (seeded), the rerun restores, and a polling reader never misses a table' {
        # Calibration: an uninterrupted run (B -> A) measures the time from the staging database's appearance to the end.
        $child = Start-RestoreChild $targets[0].Stop
        Wait-Staging $child | Should -BeTrue
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $child.WaitForExit()
        $span = [int]$watch.ElapsedMilliseconds
        $child.ExitCode | Should -Be 0
        Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db) | Should -Be (Format-State $stateA)
        $current = $targets[0]

        # The reader: every table of the live database counted, over and over, by the plain client.
        $stop = Join-Path $TestDrive 'reader.stop'; $ok = Join-Path $TestDrive 'reader.ok'; $bad = Join-Path $TestDrive 'reader.err'
        $select = 'SELECT ' + ((@($stateA.Keys) | ForEach-Object { "(SELECT COUNT(*) FROM ``$db``.``$_``)" }) -join ', ')
        $loop = ("while [ ! -f '$stop' ]; do '$(Find-ServerTool mariadb)' '--defaults-extra-file=$($sandbox.OptionFile)' --protocol=TCP " +
            "-N -B -e '$select' >> '$ok' 2>> '$bad' || echo failed >> '$bad'; done")
        Set-Content -Path (Join-Path $TestDrive 'reader.sh') -Value $loop
        $reader = Start-Process -FilePath bash -ArgumentList @((Join-Path $TestDrive 'reader.sh')) -PassThru
        $random = [System.Random]::new(1616)
        $outcomes = [System.Collections.Generic.List[string]]::new()
        try {
            for ($i = 0; $i -lt 10; $i++) {
                $next = $targets[($targets.IndexOf($current) + 1) % 2]
                $delay = $random.Next(0, $span)
                $child = Start-RestoreChild $next.Stop
                $null = Wait-Staging $child
                Start-Sleep -Milliseconds $delay
                if (-not $child.HasExited) { Stop-Process -Id $child.Id -Force }
                $child.WaitForExit()
                # A statement the killed client had sent runs to its end on the server (a RENAME
                # too, whole); information_schema lists the tables as files, so look only after.
                Wait-ServerIdle
                $after = Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db)
                $outcome = if ($after -eq (Format-State $current.State)) { 'before' } elseif ($after -eq (Format-State $next.State)) {
                    'restored' } else { 'BETWEEN' }
                $outcomes.Add("kill $i after $delay ms of $span`: $outcome")
                $outcome | Should -Not -Be 'BETWEEN' -Because ("kill $i ($delay ms after staging began) must leave the live database as " +
                    "before or restored: $after")
                $r = Restore-RostrvmDatabase -ConfigurationPath $src.Config -StopPosition $next.Stop -Force
                $r.Completed | Should -BeTrue
                Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db) | Should -Be (
                    Format-State $next.State) -Because "the rerun after kill $i restores"
                Get-StagingLeftover $db | Should -BeNullOrEmpty
                (Invoke-TestSql -Sandbox $sandbox -Database $db -Query ("SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE " +
                    "TRIGGER_SCHEMA = '$db'")).n | Should -Be '1'
                (Invoke-TestSql -Sandbox $sandbox -Database $db -Query ("SELECT COUNT(*) AS n FROM information_schema.VIEWS WHERE " +
                    "TABLE_SCHEMA = '$db'")).n | Should -Be '1'
                $current = $next
            }
        }
        finally {
            Set-Content -Path $stop -Value 'stop'
            $reader.WaitForExit(10000) | Out-Null
            Write-Host ($outcomes -join "`n")
        }
        $errors = if (Test-Path $bad) { Get-Content $bad -Raw } else { '' }
        $errors | Should -BeNullOrEmpty -Because 'the reader never sees a missing table'
        @(Get-Content $ok).Count | Should -BeGreaterThan 50
    }
}

Describe 'Restore-RostrvmDatabase and max_allowed_packet' {
    BeforeAll {
        $db = 'rs_packet'
        Invoke-RestoreClient -Sandbox $sandbox -Sql ("SET sql_log_bin=0; DROP DATABASE IF EXISTS $db; SET sql_log_bin=1; CREATE DATABASE " +
            "$db DEFAULT CHARACTER SET utf8mb4;")
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql ("CREATE TABLE recording (id INT PRIMARY KEY, body LONGBLOB) " +
            "ENGINE=InnoDB; INSERT INTO recording VALUES (1, 'small');")
        $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        $folder = Join-Path (Split-Path $config) 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder | Out-Null
        # One row event of about 300 KB: a BINLOG statement of about 400 KB when replayed.
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql "INSERT INTO recording VALUES (2, REPEAT('r', 300000));"
        $live = Get-RestoreChecksum -Sandbox $sandbox -Database $db
        $original = (Invoke-TestSql -Sandbox $sandbox -Query 'SELECT @@GLOBAL.max_allowed_packet AS v').v
        Invoke-RestoreClient -Sandbox $sandbox -Sql 'SET GLOBAL max_allowed_packet = 131072;'
    }
    AfterAll {
        Invoke-RestoreClient -Sandbox $sandbox -Sql "SET GLOBAL max_allowed_packet = $original;"
        foreach ($d in $db, 'rs_packet_t') { Remove-TestDatabase -Sandbox $sandbox -Name $d }
    }

    It 'the plan names the largest statement and refuses a server whose max_allowed_packet is smaller, before anything changes' {
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -TargetDatabase rs_packet_t -ErrorAction SilentlyContinue
        $plan.MaxAllowedPacketNeeded | Should -BeGreaterThan 400000
        $plan.LargestEvent | Should -Match '^rtmbinlog\.\d{6}:\d+ \((Table_map|Write_rows)'
        $plan.Reachable | Should -BeFalse
        $plan.ProblemId | Should -Be 'MaxAllowedPacketTooSmall'
        $plan.Problems[0] | Should -Match 'max_allowed_packet of at least .* -RaiseMaxAllowedPacket'
        { Restore-RostrvmDatabase -ConfigurationPath $config -TargetDatabase rs_packet_t -Force -ErrorAction Stop } |
            Should -Throw -ErrorId (& $fqid 'MaxAllowedPacketTooSmall')
        (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE " +
            "'rs\_packet\_%'")).n | Should -Be '0'
    }

    It '-RaiseMaxAllowedPacket raises it for the restore and sets it back after' {
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -TargetDatabase rs_packet_t -RaiseMaxAllowedPacket -Force
        $r.Completed | Should -BeTrue
        ($r.Notes -join ' ') | Should -Match 'max_allowed_packet was raised from 128 KB'
        $restored = Get-RestoreChecksum -Sandbox $sandbox -Database rs_packet_t
        foreach ($t in $live.Keys) { $restored[$t] | Should -Be $live[$t] }
        (Invoke-TestSql -Sandbox $sandbox -Query 'SELECT @@GLOBAL.max_allowed_packet AS v').v | Should -Be '131072'
        # A plan refused for max_allowed_packet alone, piped in: the switch is its remedy.
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -TargetDatabase rs_packet_t -ErrorAction SilentlyContinue
        $plan.ProblemId | Should -Be 'MaxAllowedPacketTooSmall'
        ($plan | Restore-RostrvmDatabase -ConfigurationPath $config -RaiseMaxAllowedPacket -Force).Completed | Should -BeTrue
        (Invoke-TestSql -Sandbox $sandbox -Query 'SELECT @@GLOBAL.max_allowed_packet AS v').v | Should -Be '131072'
    }
}

Describe 'Restore-RostrvmDatabase killed inside the swap' {
    BeforeAll {
        # The kill at a known step of the swap: between dropping the triggers and the RENAME
        # (another session's lock on a table without triggers holds the RENAME, then kill -9),
        # and between the RENAME and the recreated objects (the process kills itself there).
        $db = 'rs_swap'
        $src = New-StagedSource -Database $db
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql "CREATE PROCEDURE slow() DO SLEEP(60);"
        $src = [pscustomobject]@{ Database = $db; Config = $src.Config; Folder = $src.Folder; Backup = (
            Backup-RostrvmDatabase -ConfigurationPath $src.Config -Path $src.Folder) }
        $backupState = Get-RestoreChecksum -Sandbox $sandbox -Database $db
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql ("INSERT INTO account (name, balance) VALUES ('after backup', 99); " +
            "DELETE FROM nokey;")
        $changedState = Get-RestoreChecksum -Sandbox $sandbox -Database $db

        function Start-Holder([string] $Sql) {
            $file = Join-Path $TestDrive ('holder-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.sh')
            Set-Content -Path $file -Value ("exec '$(Find-ServerTool mariadb)' '--defaults-extra-file=$($sandbox.OptionFile)' " +
                "--protocol=TCP --database=$db -e `"$Sql`"")
            Start-Process -FilePath bash -ArgumentList @($file) -PassThru
        }
        function Wait-Blocked([string] $Like, $Child) {
            $deadline = (Get-Date).AddSeconds(60)
            while ((Get-Date) -lt $deadline) {
                if ($Child.HasExited) { throw "The restore ended before it reached '$Like'." }
                $n = (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE " +
                    "'$Like' AND STATE LIKE 'Waiting for%'")).n
                if ([int]$n -gt 0) { return }
                Start-Sleep -Milliseconds 50
            }
            throw "The restore never waited at '$Like'."
        }
        function Start-RestoreChild([string] $Fault = '') {
            $file = Join-Path $TestDrive ('swap-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            Set-Content -Path "$file.ps1" -Encoding utf8NoBOM -Value ("`$env:ROSTRVM_TEST_FAULT = '$Fault'; `$ProgressPreference = " +
                "'SilentlyContinue'; Import-Module '$(Get-TestModulePath)'; Restore-RostrvmDatabase -ConfigurationPath '$($src.Config)' " +
                "-Path '$($src.Backup.Path)' -Force -ErrorAction Stop | Out-Null")
            $pwsh = Get-TestPwshCommand
            Start-Process -FilePath $pwsh.Executable -ArgumentList (@($pwsh.Lead) + @('-NoProfile', '-NonInteractive', '-File',
                "$file.ps1")) -PassThru -RedirectStandardOutput "$file.out" -RedirectStandardError "$file.err"
        }
        function Stop-Holder($Holder, [string] $Waiting) {
            # The killed restore's statement must be gone (the server noticed its client died)
            # before the lock is released, or it would go on and finish without its client.
            $deadline = (Get-Date).AddSeconds(30)
            while ((Get-Date) -lt $deadline -and [int](
                Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE " +
                    "'$Waiting'")).n -gt 0) { Start-Sleep -Milliseconds 100 }
            Stop-Process -Id $Holder.Id -Force -ErrorAction SilentlyContinue
            foreach ($row in @(
                Invoke-TestSql -Sandbox $sandbox -Query ("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE " +
                    "'%SLEEP(60)%' OR INFO LIKE 'CALL slow%'"))) {
                try { Invoke-TestSql -Sandbox $sandbox -Query "KILL $($row.id)" | Out-Null } catch { }  # it may have ended meanwhile
            }
        }
        function Get-ObjectCount {
            (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " +
                "'$db') + (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '$db') + (SELECT COUNT(*) FROM " +
                "information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '$db') AS n")).n
        }
        function Format-State($State) { ($State.Keys | ForEach-Object { "$_=$($State[$_])" }) -join ' ' }
    }
    AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name $db; foreach ($d in (Get-StagingLeftover $db)) {
        Remove-TestDatabase -Sandbox $sandbox -Name $d } }

    It 'killed between dropping the triggers and the RENAME: the tables as before; the rerun puts the trigger back and restores' {
        Get-ObjectCount | Should -Be '3'
        $holder = Start-Holder 'LOCK TABLES nokey READ; DO SLEEP(60);'
        $child = Start-RestoreChild
        try { Wait-Blocked 'RENAME TABLE%' $child }
        finally { if (-not $child.HasExited) { Stop-Process -Id $child.Id -Force }; Stop-Holder $holder 'RENAME TABLE%' }
        $child.WaitForExit()
        Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db) | Should -Be (Format-State $changedState)
        Get-ObjectCount | Should -Be '2' -Because 'the trigger was dropped for the RENAME that never came'
        $r = Restore-RostrvmDatabase -ConfigurationPath $src.Config -Path $src.Backup.Path -Force
        ($r.Notes -join ' ') | Should -Match 'stopped before its swap'
        Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db) | Should -Be (Format-State $backupState)
        Get-ObjectCount | Should -Be '3'
        Get-StagingLeftover $db | Should -BeNullOrEmpty
    }

    It 'killed between the RENAME and the recreated objects: the tables restored; the rerun finishes the objects' {
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql ("INSERT INTO account (name, balance) VALUES ('after backup', 99); " +
            "DELETE FROM nokey;")
        Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db) | Should -Be (Format-State $changedState)
        # The process kills itself (as kill -9) right after the RENAME: no client holds the swap up here.
        $child = Start-RestoreChild 'restore-swapped:1'
        $child.WaitForExit(120000) | Should -BeTrue
        $child.ExitCode | Should -Not -Be 0
        Get-ObjectCount | Should -Be '2' -Because 'the restored trigger is not created yet (the view and procedure of before remain)'
        Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db) | Should -Be (
            Format-State $backupState) -Because 'the RENAME had swapped the restored tables in'
        $r = Restore-RostrvmDatabase -ConfigurationPath $src.Config -Path $src.Backup.Path -Force
        ($r.Notes -join ' ') | Should -Match 'had swapped its tables in'
        Format-State (Get-RestoreChecksum -Sandbox $sandbox -Database $db) | Should -Be (Format-State $backupState)
        Get-ObjectCount | Should -Be '3'
        Get-StagingLeftover $db | Should -BeNullOrEmpty
    }
}
