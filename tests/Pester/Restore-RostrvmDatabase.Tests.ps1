# Restore-RostrvmDatabase against the real sandbox. The oracle is the documented manual procedure:
# the plain client loads the .rbk, then mariadb-binlog --start-position=P --stop-datetime=T | mariadb.
# For seeded randomized workloads in ROW and MIXED format (the MIXED server runs with
# gtid_strict_mode=ON and our restores there write to its binlog), every table's CHECKSUM TABLE
# and row count must equal the manual procedure's AND the live database's at each noted point.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Restore.Workload.psm1') -Force
    $fqid = { param($id) "$id,Rostrvm.PowerShell.Commands.RestoreRostrvmDatabaseCommand" }

    function New-OracleRun {
        <# A database with the workload schema, a backup, then the workload with noted points (time, position, live checksums). #>
        param($Sandbox, [int] $Seed)
        $db = "rs_src_$Seed"
        Invoke-RestoreClient -Sandbox $Sandbox -Sql ("SET sql_log_bin=0; DROP DATABASE IF EXISTS $db; SET sql_log_bin=1; CREATE DATABASE " +
            "$db DEFAULT CHARACTER SET utf8mb4;")
        Invoke-RestoreClient -Sandbox $Sandbox -Database $db -Sql (Get-RestoreWorkloadSchema)
        $config = New-TestRoot -Sandbox $Sandbox -Database $db -Settings @{ BinlogPath = $Sandbox.BinlogDirectory }
        $root = Split-Path $config
        $folder = Join-Path $root 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder
        $load = New-RestoreLoadFile -Path (Join-Path $root 'load.csv') -Seed $Seed
        $points = [System.Collections.Generic.List[object]]::new()
        $null = Wait-NextSecond
        foreach ($segment in (New-RestoreWorkload -Seed $Seed -LoadFile $load)) {
            Invoke-RestoreClient -Sandbox $Sandbox -Database $db -Sql $segment
            $position = Get-BinlogCoordinate -Sandbox $Sandbox
            $points.Add([pscustomobject]@{ Time = (Wait-NextSecond); Position = "$($position.File):$($position.Position)"; Live = (
                Get-RestoreChecksum -Sandbox $Sandbox -Database $db) })
        }
        [pscustomobject]@{ Database = $db; Config = $config; Root = $root; BackupFolder = $folder; Backup = $backup; Points = $points;
            Sandbox = $Sandbox }
    }

    function Compare-Restore {
        <# Every table of the two databases: same CHECKSUM TABLE and row count (and same table list). #>
        param($Sandbox, [string] $Ours, [string] $Manual, $Live)
        $a = Get-RestoreChecksum -Sandbox $Sandbox -Database $Ours
        $b = Get-RestoreChecksum -Sandbox $Sandbox -Database $Manual
        @($a.Keys) | Should -Be @($b.Keys)
        foreach ($table in $b.Keys) {
            $a[$table] | Should -Be $b[$table] -Because "table $table of $Ours must equal the manual procedure's"
            if ($Live) { $a[$table] | Should -Be $Live[$table] -Because "table $table must equal the live database at that point" }
        }
        $a.Count | Should -BeGreaterThan 0
    }

    function Test-OracleRun {
        param($Run, [switch] $WriteBinlog)
        $i = 0
        foreach ($point in $Run.Points) {
            $i++
            $ours = "$($Run.Database)_c$i"; $manual = "$($Run.Database)_m$i"
            $splatInvokeManualRestore = @{
                Sandbox = $Run.Sandbox
                BackupFile = $Run.Backup.Path
                Source = $Run.Database
                Target = $manual
                StopUtc = $point.Time
            }
            Invoke-ManualRestore @splatInvokeManualRestore
            $r = Restore-RostrvmDatabase -ConfigurationPath $Run.Config -TargetDatabase $ours -PointInTime $point.Time -Force -NoBinlog:(
                -not $WriteBinlog)
            $r.Completed | Should -BeTrue
            $r.Plan.PointInTimeUtc | Should -Be $point.Time
            Compare-Restore -Sandbox $Run.Sandbox -Ours $ours -Manual $manual -Live $point.Live
            @($r.Tables).Count | Should -Be $point.Live.Count
            Remove-TestDatabase -Sandbox $Run.Sandbox -Name $ours
            Remove-TestDatabase -Sandbox $Run.Sandbox -Name $manual
        }
    }
}

Describe 'Restore-RostrvmDatabase equals the documented manual procedure (ROW)' -ForEach @(@{ Seed = 11 }, @{ Seed = 12 }) {
    BeforeAll { $run = New-OracleRun -Sandbox $sandbox -Seed $Seed }
    AfterAll { Remove-TestDatabase -Sandbox $sandbox -Name $run.Database }

    It 'restores to every noted point in time exactly as mariadb-binlog --stop-datetime | mariadb does (seed <Seed>)' {
        Test-OracleRun -Run $run
    }

    It 'stops at a noted binlog position exactly as --stop-position does (seed <Seed>)' {
        $point = $run.Points[1]
        $splatInvokeManualRestore = @{
            Sandbox = $sandbox
            BackupFile = $run.Backup.Path
            Source = $run.Database
            Target = 'rs_pos_m'
            StopPosition = $point.Position
        }
        Invoke-ManualRestore @splatInvokeManualRestore
        $r = Restore-RostrvmDatabase -ConfigurationPath $run.Config -TargetDatabase rs_pos_c -StopPosition $point.Position -Force -NoBinlog
        $r.Plan.TargetKind | Should -Be 'Position'
        Compare-Restore -Sandbox $sandbox -Ours rs_pos_c -Manual rs_pos_m -Live $point.Live
        Remove-TestDatabase -Sandbox $sandbox -Name rs_pos_c; Remove-TestDatabase -Sandbox $sandbox -Name rs_pos_m
    }

    It 'replays everything except an excluded transaction, keeping the good work after it (seed <Seed>)' {
        # The accident: every audit amount wiped; then good work that does not depend on it.
        $before = Get-BinlogCoordinate -Sandbox $sandbox
        Invoke-RestoreClient -Sandbox $sandbox -Database $run.Database -Sql "UPDATE audit SET amount = -1;"
        Invoke-RestoreClient -Sandbox $sandbox -Database $run.Database -Sql ("INSERT INTO account (name, balance) VALUES " +
            "('after-accident', 5); INSERT INTO nokey VALUES (999, 'kept');")
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $run.Config -StopPosition "$($before.File):$($before.Position)"
        $bad = $plan.FirstNotApplied
        $bad.Position | Should -Be $before.Position
        $bad.Summary | Should -Match 'UPDATE .*audit'
        # Manual: everything up to the bad transaction, then everything after it.
        $splatInvokeManualRestore = @{
            Sandbox = $sandbox
            BackupFile = $run.Backup.Path
            Source = $run.Database
            Target = 'rs_ex_m'
            StopPosition = "$($bad.File):$($bad.Position)"
        }
        Invoke-ManualRestore @splatInvokeManualRestore
        $binlog = Find-ServerTool 'mariadb-binlog'; $client = Find-ServerTool 'mariadb'
        $files = (Get-ChildItem $sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6}$' -and $_.Name -ge $bad.File } |
            Sort-Object Name | ForEach-Object { "'$($_.FullName)'" }) -join ' '
        & bash -c ("'$binlog' --disable-log-bin --database='$($run.Database)' --rewrite-db='$($run.Database)->rs_ex_m' " +
            "--start-position=$($bad.EndPosition) $files | '$client' '--defaults-extra-file=$($sandbox.OptionFile)' --protocol=TCP " +
            "--binary-mode --database=rs_ex_m")
        $LASTEXITCODE | Should -Be 0
        $splatRestoreRostrvmDatabase = @{
            ConfigurationPath = $run.Config
            TargetDatabase = 'rs_ex_c'
            ExcludeTransaction = "$($bad.File):$($bad.Position)"
            Force = $true
            NoBinlog = $true
        }
        $r = Restore-RostrvmDatabase @splatRestoreRostrvmDatabase
        @($r.Plan.Excluded).Count | Should -Be 1
        $r.Plan.Excluded[0].Position | Should -Be $bad.Position
        Compare-Restore -Sandbox $sandbox -Ours rs_ex_c -Manual rs_ex_m
        (Invoke-TestSql -Sandbox $sandbox -Database rs_ex_c -Query "SELECT COUNT(*) AS n FROM nokey WHERE b = 'kept'").n | Should -Be '1'
        (Invoke-TestSql -Sandbox $sandbox -Database rs_ex_c -Query "SELECT COUNT(*) AS n FROM audit WHERE amount = -1").n | Should -Be '0'
        # -StopBefore with an event inside that transaction stops before the whole transaction.
        $inside = [pscustomobject]@{ File = $bad.File; Position = $bad.Position + 1 + [int](($bad.EndPosition - $bad.Position) / 2) }
        $r2 = Restore-RostrvmDatabase -ConfigurationPath $run.Config -TargetDatabase rs_sb_c -StopBefore $inside -Force -NoBinlog
        $r2.Plan.StopPosition | Should -Be $bad.Position
        $splatInvokeManualRestore = @{
            Sandbox = $sandbox
            BackupFile = $run.Backup.Path
            Source = $run.Database
            Target = 'rs_sb_m'
            StopPosition = "$($bad.File):$($bad.Position)"
        }
        Invoke-ManualRestore @splatInvokeManualRestore
        Compare-Restore -Sandbox $sandbox -Ours rs_sb_c -Manual rs_sb_m
        foreach ($d in 'rs_ex_c', 'rs_ex_m', 'rs_sb_c', 'rs_sb_m') { Remove-TestDatabase -Sandbox $sandbox -Name $d }
    }
}

Describe 'Restore-RostrvmDatabase equals the documented manual procedure (MIXED)' {
    BeforeAll {
        $mixed = & (Join-Path (Get-TestRepoRoot) 'demo/Start-Sandbox.ps1') -Name restoremixed -BinlogFormat Mixed
        $run = New-OracleRun -Sandbox $mixed -Seed 21
    }
    AfterAll { & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name restoremixed -Remove }

    It 'restores to every noted point in time, the replay written to the binlog' {
        (Invoke-TestSql -Sandbox $mixed -Query 'SELECT @@binlog_format AS f').f | Should -Be 'MIXED'
        Test-OracleRun -Run $run -WriteBinlog
    }

    It 'with gtid_strict_mode=ON, where the manual procedure fails on its replayed GTIDs, restores correctly and says what it did' {
        $point = $run.Points[2]
        try {
            Invoke-RestoreClient -Sandbox $mixed -Sql 'SET GLOBAL gtid_strict_mode = ON'
            { Invoke-ManualRestore -Sandbox $mixed -BackupFile $run.Backup.Path -Source $run.Database -Target rs_gtid_m `
                -StopUtc $point.Time } |
                Should -Throw '*out-of-order sequence number*'
            $r = Restore-RostrvmDatabase -ConfigurationPath $run.Config -TargetDatabase rs_gtid_c -PointInTime $point.Time -Force
            $r.BinaryLogDisabled | Should -BeFalse
            $r.GtidHandling | Should -Match 'gtid_strict_mode=ON'
            $c = Get-RestoreChecksum -Sandbox $mixed -Database rs_gtid_c
            foreach ($t in $point.Live.Keys) { $c[$t] | Should -Be $point.Live[$t] }
        }
        finally { Invoke-RestoreClient -Sandbox $mixed -Sql 'SET GLOBAL gtid_strict_mode = OFF' }
    }
}

Describe 'Restore-RostrvmDatabase replays LOAD DATA logged as a statement (STATEMENT format)' {
    BeforeAll {
        # MySQL writes LOAD DATA in statement form under MIXED as well: Begin_load_query and
        # Append_block carry the file, Execute_load_query the statement.
        $stmt = & (Join-Path (Get-TestRepoRoot) 'demo/Start-Sandbox.ps1') -Name restorestmt -BinlogFormat Statement
        $db = 'rs_load'
        Invoke-RestoreClient -Sandbox $stmt -Sql "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db DEFAULT CHARACTER SET utf8mb4;"
        Invoke-RestoreClient -Sandbox $stmt -Database $db -Sql ("CREATE TABLE loaded (id INT PRIMARY KEY, label VARCHAR(40), value " +
            "DECIMAL(10,2)); INSERT INTO loaded VALUES (1, 'before backup', 1);")
        $config = New-TestRoot -Sandbox $stmt -Database $db -Settings @{ BinlogPath = $stmt.BinlogDirectory }
        $root = Split-Path $config
        $folder = Join-Path $root 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder
        # 30,000 lines (about 800 KB): more than one block, so Append_block events too.
        $big = New-RestoreLoadFile -Path (Join-Path $root 'big.csv') -Seed 5 -Rows 30000
        $small = New-RestoreLoadFile -Path (Join-Path $root 'small.csv') -Seed 6 -Rows 40
        $null = Wait-NextSecond
        Invoke-RestoreClient -Sandbox $stmt -Database $db -Sql ("LOAD DATA LOCAL INFILE '$big' IGNORE INTO TABLE loaded FIELDS " +
            "TERMINATED BY ',' (id, label, value);")
        Invoke-RestoreClient -Sandbox $stmt -Database $db -Sql ("LOAD DATA LOCAL INFILE '$small' REPLACE INTO TABLE loaded FIELDS " +
            "TERMINATED BY ',' (id, label, @v) SET value = @v * 2; UPDATE loaded SET label = CONCAT(label, '!') WHERE id % 7 = 0;")
        $position = Get-BinlogCoordinate -Sandbox $stmt
        $point = [pscustomobject]@{ Time = (Wait-NextSecond); Position = "$($position.File):$($position.Position)"; Live = (
            Get-RestoreChecksum -Sandbox $stmt -Database $db) }
        # After the point: the "accidental import" that the restore must leave out.
        Invoke-RestoreClient -Sandbox $stmt -Database $db -Sql ("LOAD DATA LOCAL INFILE '$small' REPLACE INTO TABLE loaded FIELDS " +
            "TERMINATED BY ',' (id, @l, value) SET label = 'wrong import';")
    }
    AfterAll {
        foreach ($d in 'rs_load_c', 'rs_load_m', 'rs_load_s') { Remove-TestDatabase -Sandbox $stmt -Name $d }
        & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name restorestmt -Remove
    }

    It 'the binlog holds LOAD DATA as Begin_load_query, Append_block and Execute_load_query events' {
        $types = @(Get-RostrvmBinlogEvent -Path (Get-ChildItem $stmt.BinlogDirectory -Filter 'rtmbinlog.0*').FullName -NoRows |
            ForEach-Object Type)
        $types | Should -Contain 'Begin_load_query'
        $types | Should -Contain 'Append_block'
        @($types | Where-Object { $_ -eq 'Execute_load_query' }).Count | Should -Be 3
    }

    It 'restores to the point before the wrong import exactly as mariadb-binlog | mariadb --local-infile does' {
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime $point.Time
        $plan.Reachable | Should -BeTrue
        $plan.FirstNotApplied.Summary | Should -Match '^LOAD DATA .*small\.csv'
        $plan.FirstNotApplied.Position | Should -BeGreaterOrEqual ([long]($point.Position -split ':')[1])
        Invoke-ManualRestore -Sandbox $stmt -BackupFile $backup.Path -Source $db -Target rs_load_m -StopUtc $point.Time
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -TargetDatabase rs_load_c -PointInTime $point.Time -Force -NoBinlog
        $r.Completed | Should -BeTrue
        Compare-Restore -Sandbox $stmt -Ours rs_load_c -Manual rs_load_m -Live $point.Live
        (Invoke-TestSql -Sandbox $stmt -Database rs_load_c -Query "SELECT COUNT(*) AS n FROM loaded").n | Should -Be '30000'
        (Invoke-TestSql -Sandbox $stmt -Database rs_load_c -Query "SELECT COUNT(*) AS n FROM loaded WHERE label = 'wrong import'").n |
            Should -Be '0'
        # The local copies of the loaded files do not outlive the replay.
        @(Get-ChildItem ([System.IO.Path]::GetTempPath()) -Filter 'rostrvm-replay-*' -Directory -ErrorAction SilentlyContinue).Count |
            Should -Be 0
    }

    It '-ScriptOnly writes the load files beside the script, owner-only, and the plain client replays it' {
        $script = Join-Path $root 'restore.sql'
        $splatRestoreRostrvmDatabase = @{
            ConfigurationPath = $config
            TargetDatabase = 'rs_load_s'
            PointInTime = $point.Time
            ScriptOnly = $script
            NoBinlog = $true
        }
        $r = Restore-RostrvmDatabase @splatRestoreRostrvmDatabase
        $files = @(Get-ChildItem "$script.load" -File)
        $files.Count | Should -Be 2
        foreach ($f in $files) { [int][System.IO.File]::GetUnixFileMode($f.FullName) | Should -Be 384 -Because 'mode 0600' }
        [int][System.IO.File]::GetUnixFileMode("$script.load") | Should -Be 448 -Because 'mode 0700'
        & bash -c ("'$(Find-ServerTool mariadb)' '--defaults-extra-file=$($stmt.OptionFile)' --protocol=TCP --binary-mode " +
            "--local-infile=1 < '$script'")
        $LASTEXITCODE | Should -Be 0
        $c = Get-RestoreChecksum -Sandbox $stmt -Database rs_load_s
        foreach ($t in $point.Live.Keys) { $c[$t] | Should -Be $point.Live[$t] }
    }
}

Describe 'Restore-RostrvmDatabase safety' {
    BeforeAll {
        $db = 'rs_safety'
        Copy-RestoreDatabase -Sandbox $sandbox -Source rostrvm_920 -Target $db
        $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        $folder = Join-Path (Split-Path $config) 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql ("CREATE TABLE after_backup (id INT PRIMARY KEY); INSERT INTO " +
            "after_backup VALUES (1), (2), (3);")
        $liveBefore = Get-RestoreChecksum -Sandbox $sandbox -Database $db
    }
    AfterAll { foreach ($d in $db, 'rs_safety_t', 'rs_kill', 'rs_kill_ref', 'rs_script') {
        Remove-TestDatabase -Sandbox $sandbox -Name $d } }

    It '-TargetDatabase restores beside the live database and leaves it untouched' {
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -TargetDatabase rs_safety_t -Force -NoBinlog
        $r.SafetyBackup | Should -BeNullOrEmpty
        $script:latest = Get-RestoreChecksum -Sandbox $sandbox -Database rs_safety_t
        $latest['after_backup'] | Should -Be $liveBefore['after_backup']
        foreach ($t in $liveBefore.Keys) { $latest[$t] | Should -Be $liveBefore[$t] }
        $live = Get-RestoreChecksum -Sandbox $sandbox -Database $db
        foreach ($t in $liveBefore.Keys) { $live[$t] | Should -Be $liveBefore[$t] }
    }

    It '-WhatIf prints the plan and changes nothing' {
        # What-if text goes to the host, not to a stream: run it in a child shell and read its output.
        $pwsh = (Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
        $out = & $pwsh -NoProfile -Command ("Import-Module '$(Get-TestModulePath)'; Restore-RostrvmDatabase -ConfigurationPath '$config' " +
            "-Path '$($backup.Path)' -WhatIf") | Out-String
        $out | Should -Match 'What if'
        $out | Should -Match ([regex]::Escape($backup.Path))
        (Get-RestoreChecksum -Sandbox $sandbox -Database $db)['after_backup'] | Should -Be $liveBefore['after_backup']
    }

    It 'adds the secondary keys after the rows and ends with every table defined exactly as in the source' {
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -Path $backup.Path -TargetDatabase rs_keys -Force -NoBinlog
        $r.Completed | Should -BeTrue
        $withKeys = 0
        foreach ($t in (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE " +
            "TABLE_SCHEMA = '$db' AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'after_backup'")).t) {
            $source = (Invoke-TestSql -Sandbox $sandbox -Database $db `
                -Query "SHOW CREATE TABLE ``$t``").'Create Table' -replace ' AUTO_INCREMENT=\d+', ''
            $restored = (Invoke-TestSql -Sandbox $sandbox -Database rs_keys `
                -Query "SHOW CREATE TABLE ``$t``").'Create Table' -replace ' AUTO_INCREMENT=\d+', ''
            $restored | Should -Be $source -Because "table $t"
            if ($source -match '\\n  KEY ') { $withKeys++ }
        }
        $withKeys | Should -BeGreaterThan 2 -Because 'the demo tables have secondary keys to defer'
        Remove-TestDatabase -Sandbox $sandbox -Name rs_keys
    }

    It '-InPlace: restoring only the backup (-Path) over the live database takes a safety backup first that holds the old state' {
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -Path $backup.Path -InPlace -Force -NoBinlog
        $r.Plan.TargetKind | Should -Be 'BackupOnly'
        $r.SafetyBackup | Should -Exist
        $r.Staged | Should -BeFalse
        [int][System.IO.File]::GetUnixFileMode($r.SafetyBackup) | Should -Be 384 -Because 'mode 0600'
        $tables = Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
            "'$db' AND TABLE_NAME = 'after_backup'")
        $tables.n | Should -Be '0'
        # The safety backup can itself be restored: the wrong restore is undone.
        Restore-RostrvmDatabase -ConfigurationPath $config -Path $r.SafetyBackup -TargetDatabase rs_safety_t -Force -NoBinlog | Out-Null
        (Get-RestoreChecksum -Sandbox $sandbox -Database rs_safety_t)['after_backup'] | Should -Be $liveBefore['after_backup']
        # The planner never picks a safety backup.
        (Get-RostrvmRestorePlan -ConfigurationPath $config).BackupPath | Should -Be $backup.Path
    }

    It '-InPlace: a restore killed midway can be run again and reaches the same state' {
        $expected = $script:latest
        $script = Join-Path $TestDrive 'kill.ps1'
        Set-Content $script ("Import-Module '$(Get-TestModulePath)'; Restore-RostrvmDatabase -ConfigurationPath '$config' " +
            "-TargetDatabase rs_kill -InPlace -Force -NoBinlog")
        $pwsh = (Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
        $process = Start-Process -FilePath $pwsh -ArgumentList @('-NoProfile', '-File', $script) -PassThru
        $deadline = (Get-Date).AddSeconds(60); $killed = $false
        while ((Get-Date) -lt $deadline -and -not $process.HasExited) {
            $n = (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                "'rs_kill'")).n
            if ([int]$n -gt 0) { Stop-Process -Id $process.Id -Force; $killed = $true; break }
            Start-Sleep -Milliseconds 20
        }
        $killed | Should -BeTrue -Because 'the restore must be caught while it loads'
        $process.WaitForExit()
        $partial = Get-RestoreChecksum -Sandbox $sandbox -Database rs_kill
        @($expected.Keys | Where-Object { $partial[$_] -ne $expected[$_] }) |
            Should -Not -BeNullOrEmpty -Because 'the kill must leave a half-restored database'
        Restore-RostrvmDatabase -ConfigurationPath $config -TargetDatabase rs_kill -InPlace -Force -NoBinlog | Out-Null
        $again = Get-RestoreChecksum -Sandbox $sandbox -Database rs_kill
        @($again.Keys) | Should -Be @($expected.Keys)
        foreach ($t in $expected.Keys) { $again[$t] | Should -Be $expected[$t] }
    }

    It '-ScriptOnly writes the whole restore as a script the plain client runs, and changes nothing' {
        $file = Join-Path $TestDrive 'restore.sql'
        $before = Get-RestoreChecksum -Sandbox $sandbox -Database $db
        $r = Restore-RostrvmDatabase -ConfigurationPath $config -TargetDatabase rs_script -ScriptOnly $file -NoBinlog
        $r.ScriptPath | Should -Be $file
        Invoke-TestSql -Sandbox $sandbox -Query "SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'rs_script'" |
            ForEach-Object { $_.n | Should -Be '0' }
        & bash -c "'$(Find-ServerTool mariadb)' '--defaults-extra-file=$($sandbox.OptionFile)' --protocol=TCP --binary-mode < '$file'"
        $LASTEXITCODE | Should -Be 0
        $script = Get-RestoreChecksum -Sandbox $sandbox -Database rs_script
        $live = Get-RestoreChecksum -Sandbox $sandbox -Database $db
        foreach ($t in $live.Keys) { $script[$t] | Should -Be $live[$t] }
    }

    It '-FromBinlogOnly rebuilds a database from every binlog since the first, without a backup' {
        $name = 'rs_fb_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Invoke-RestoreClient -Sandbox $sandbox -Sql "CREATE DATABASE $name DEFAULT CHARACTER SET utf8mb4;"
        Invoke-RestoreClient -Sandbox $sandbox -Database $name -Sql ((Get-RestoreWorkloadSchema) + "`n" + (
            New-RestoreWorkload -Seed 31 -Segments 3)[0])
        $fbConfig = New-TestRoot -Sandbox $sandbox -Database $name -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        try {
            $r = Restore-RostrvmDatabase -ConfigurationPath $fbConfig -FromBinlogOnly -TargetDatabase "${name}_t" -Force -NoBinlog
            $r.Plan.FromBinlogOnly | Should -BeTrue
            $r.Plan.Binlogs[0].Name | Should -Be 'rtmbinlog.000001'
            $rebuilt = Get-RestoreChecksum -Sandbox $sandbox -Database "${name}_t"
            $live = Get-RestoreChecksum -Sandbox $sandbox -Database $name
            @($rebuilt.Keys) | Should -Be @($live.Keys)
            foreach ($t in $live.Keys) { $rebuilt[$t] | Should -Be $live[$t] }
        }
        finally { Remove-TestDatabase -Sandbox $sandbox -Name $name; Remove-TestDatabase -Sandbox $sandbox -Name "${name}_t" }
    }

    It 'refuses a service that does not exist before changing anything' {
        { Restore-RostrvmDatabase -ConfigurationPath $config -TargetDatabase rs_nosvc -ServiceName 'rostrvm-no-such-unit' -Force `
            -NoBinlog -ErrorAction Stop } |
            Should -Throw -ErrorId (& $fqid 'ServiceNotFound')
        Invoke-TestSql -Sandbox $sandbox -Query "SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'rs_nosvc'" |
            ForEach-Object { $_.n | Should -Be '0' }
    }
}

Describe 'Restore-RostrvmDatabase -ServiceName' {
    BeforeAll {
        # This machine has no service manager, so a stand-in systemctl, first on PATH, plays it:
        # it answers "cat" for the unit and, on stop and start, writes down whether the live
        # database still holds the table only the old state has. That shows the order: the
        # service is stopped before the database changes and started after it is restored.
        $db = 'rs_svc'
        Copy-RestoreDatabase -Sandbox $sandbox -Source rostrvm_920 -Target $db
        $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
        $folder = Join-Path (Split-Path $config) 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql "CREATE TABLE only_before_restore (id INT PRIMARY KEY);"
        $bin = Join-Path (Split-Path $config) 'fake-bin'
        New-Item -ItemType Directory -Force -Path $bin | Out-Null
        $log = Join-Path $bin 'calls.log'
        $client = Find-ServerTool 'mariadb'
        $stub = @"
#!/bin/sh
verb="`$1"
if [ "`$verb" = stop ] && [ -n "`$ROSTRVM_FAKE_STOP_FAILS" ]; then echo "Failed to stop `$3: Access denied" >&2; exit 1; fi
n=`$('$client' --defaults-extra-file='$($sandbox.OptionFile)' --protocol=TCP -N -B -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db' AND TABLE_NAME = 'only_before_restore'")
echo "`$verb `$3 `$n" >> '$log'
if [ "`$verb" = stop ] && [ -n "`$ROSTRVM_FAKE_STOP_TRUNCATES" ]; then truncate -s 2000 "`$ROSTRVM_FAKE_STOP_TRUNCATES"; fi
exit 0
"@
        Set-Content -Path (Join-Path $bin 'systemctl') -Value $stub
        & chmod 755 (Join-Path $bin 'systemctl')
        $savedPath = $env:PATH
        $env:PATH = "$bin$([System.IO.Path]::PathSeparator)$env:PATH"
    }
    AfterAll {
        $env:PATH = $savedPath
        $env:ROSTRVM_FAKE_STOP_FAILS = $null
        $env:ROSTRVM_FAKE_STOP_TRUNCATES = $null
        Remove-TestDatabase -Sandbox $sandbox -Name $db
    }

    It 'stops the service before the database changes and starts it after the restore' {
        $splatRestoreRostrvmDatabase = @{
            ConfigurationPath = $config
            Path = $backup.Path
            ServiceName = 'rostrvm.service'
            Force = $true
            NoBinlog = $true
            SkipSafetyBackup = $true
        }
        $r = Restore-RostrvmDatabase @splatRestoreRostrvmDatabase
        $r.ServiceAction | Should -Be 'Stopped, then started'
        Get-Content $log | Should -Be @('cat rostrvm.service 1', 'stop rostrvm.service 1', 'start rostrvm.service 0')
    }

    It 'a service that cannot be stopped fails the restore before anything changes' {
        Remove-Item $log -ErrorAction SilentlyContinue
        Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql "CREATE TABLE only_before_restore (id INT PRIMARY KEY);"
        $env:ROSTRVM_FAKE_STOP_FAILS = '1'
        try {
            { Restore-RostrvmDatabase -ConfigurationPath $config -Path $backup.Path -ServiceName 'rostrvm.service' -Force -NoBinlog `
                -SkipSafetyBackup -ErrorAction Stop } |
                Should -Throw -ErrorId (& $fqid 'ServiceControlFailed')
        }
        finally { $env:ROSTRVM_FAKE_STOP_FAILS = $null }
        (Invoke-TestSql -Sandbox $sandbox -Query ("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db' AND " +
            "TABLE_NAME = 'only_before_restore'")).n | Should -Be '1'
        Get-Content $log | Should -Be @('cat rostrvm.service 1')
    }

    It 'a restore that fails after the service stopped starts the service again' {
        Remove-Item $log -ErrorAction SilentlyContinue
        # The stand-in cuts the backup short when it stops the service: the checks before were passed, the load fails.
        $broken = New-Item -ItemType Directory -Force -Path (Join-Path (Split-Path $config) 'broken')
        $copy = Join-Path $broken (Split-Path $backup.Path -Leaf)
        Copy-Item $backup.Path $copy
        $env:ROSTRVM_FAKE_STOP_TRUNCATES = $copy
        try {
            { Restore-RostrvmDatabase -ConfigurationPath $config -Path $copy -ServiceName 'rostrvm.service' -Force -NoBinlog `
                -SkipSafetyBackup -ErrorAction Stop } | Should -Throw
        }
        finally { $env:ROSTRVM_FAKE_STOP_TRUNCATES = $null }
        @(Get-Content $log | ForEach-Object { ($_ -split ' ')[0] }) | Should -Be @('cat', 'stop', 'start')
    }
}
