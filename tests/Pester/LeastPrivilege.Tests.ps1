# Least privilege: the nightly and weekly jobs run as an unprivileged OS account (nobody, through
# setpriv, with pwsh and the built module copied where it can read them) and, each, as a database
# account holding only the privileges Test-RostrvmConnection says that job needs. Every other test
# runs as root, which hides mode and ownership mistakes. A private sandbox: its binlog folder is
# opened to one group, as a real server's is to the maintenance account.
BeforeDiscovery {
    $canSwitchUser = $IsLinux -and (& id -u) -eq '0' -and [bool](Get-Command setpriv -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MisTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
    $sandboxName = 'resilience'
    $sandboxRoot = Join-Path (Get-TestRepoRoot) (Join-Path 'out' 'sandbox')
    $sandbox = Get-TestSandbox -Name $sandboxName
    Import-RostrvmUnderTest
    $osUser = 'nobody'
    $group = 64731   # a group with no name: the only readers of the server's binlog folder besides root
    $today = [datetime](Get-MisScalar -Sandbox $sandbox -Query 'SELECT CURDATE()')
    $cutoff = $today.AddMonths(-1)
    $cutoffSql = $cutoff.ToString('yyyy-MM-dd')

    # What the unprivileged account runs: pwsh and the built module, copied where it can read them.
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-lp-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    & chmod 755 $work
    Copy-Item -Recurse (Join-Path $PSHOME '*') (New-Item -ItemType Directory (Join-Path $work 'pwsh')).FullName
    Copy-Item -Recurse (Split-Path (Get-TestModulePath) -Parent) (Join-Path $work 'Rostrvm')
    & chmod -R a+rX (Join-Path $work 'pwsh') (Join-Path $work 'Rostrvm')
    $home_ = New-Item -ItemType Directory (Join-Path $work 'home')
    $root = (New-Item -ItemType Directory (Join-Path $work 'root')).FullName

    # The server's binlog folder readable by the group (new binlogs inherit it: setgid, mode 0660).
    & chgrp $group $sandbox.DataDirectory
    & chmod 2750 $sandbox.DataDirectory
    Get-ChildItem $sandbox.DataDirectory -Filter 'rtmbinlog.*' | ForEach-Object { & chgrp $group $_.FullName; & chmod g+r $_.FullName }

    function New-JobAccount([string] $Job, [string] $Database, [string] $Report) {
        <# A database account with no privilege, then exactly what Test-RostrvmConnection says the job lacks. #>
        $user = "lp_$($Job.ToLowerInvariant())"
        $password = [guid]::NewGuid().ToString('N')
        $accounts = "'$user'@'localhost', '$user'@'127.0.0.1'"
        Invoke-SandboxClient -Sandbox $sandbox -Query ("DROP USER IF EXISTS $accounts; CREATE USER '$user'@'localhost' IDENTIFIED BY " +
            "'$password'; CREATE USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';") | Out-Null
        $credential = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
        $before = Test-RostrvmConnection -Server 127.0.0.1 -Port $sandbox.Port -Credential $credential -Database $Database
        foreach ($missing in $before.$Report) {
            $privilege = ($missing -split ' or ')[0]
            # On the object it names (SELECT ON mysql.proc), else database-level where the server
            # allows it, else global (RELOAD, BINLOG MONITOR...).
            if ($privilege -like '* ON *') { Invoke-SandboxClient -Sandbox $sandbox -Query "GRANT $privilege TO $accounts" | Out-Null;
                continue }
            try { Invoke-SandboxClient -Sandbox $sandbox -Query "GRANT $privilege ON ``$Database``.* TO $accounts" | Out-Null }
            catch { Invoke-SandboxClient -Sandbox $sandbox -Query "GRANT $privilege ON *.* TO $accounts" | Out-Null }
        }
        $after = Test-RostrvmConnection -Server 127.0.0.1 -Port $sandbox.Port -Credential $credential -Database $Database
        $option = Join-Path $root "$user.cnf"
        Set-Content -Path $option -Value '' ; & chmod 600 $option
        Set-Content -Path $option -Value "[client]`nuser=$user`npassword=$password`n"
        $settings = Join-Path $root "$user.json"
        [ordered]@{ Root = $root; Server = '127.0.0.1'; Port = $sandbox.Port; Database = $Database; OptionFile = $option;
            SslMode = 'Preferred'
            BinlogPath = $sandbox.BinlogDirectory; MisBatchSize = 50 } | ConvertTo-Json | Set-Content -Path $settings -Encoding utf8
        [pscustomobject]@{ User = $user; Needed = @($before.$Report); MissingAfter = @($after.$Report); Privileges = @($after.Privileges);
            Settings = $settings }
    }

    $accounts = @{
        Backup     = New-JobAccount -Job Backup -Database rostrvm_920 -Report MissingForBackup
        Binlog     = New-JobAccount -Job Binlog -Database rostrvm_920 -Report MissingForBinlog
        Mis        = New-JobAccount -Job Mis -Database lp_mis -Report MissingForMis
        Recordings = New-JobAccount -Job Recordings -Database lp_rec -Report MissingForRecordings
    }

    # The data: MIS days to purge, recordings to archive, old logs, closed binlogs to copy.
    Invoke-MisSql -Sandbox $sandbox -Query ('DROP DATABASE IF EXISTS lp_mis_check; CREATE DATABASE lp_mis_check DEFAULT CHARACTER SET ' +
        'utf8mb4;') | Out-Null
    New-MisDatabase -Sandbox $sandbox -Name lp_mis -Since $cutoff.AddDays(-4) -SnapshotDatabase lp_mis_check -Cutoff $cutoff
    New-RecordingTestDatabase -Sandbox $sandbox -Name lp_rec -Limit 12
    $recordings = Get-RecordingBody -Sandbox $sandbox -Database lp_rec -Kind Voice
    $now = Get-Date
    $logs = foreach ($age in 5, 9, 40) { New-TestLogFile -Directory (
        Join-Path $root 'logs') -Name "CallDirector-$age.log" -LastWrite $now.AddDays(-$age) }
    Invoke-SandboxClient -Sandbox $sandbox -Query 'FLUSH BINARY LOGS' | Out-Null
    & chown -R "${osUser}:$group" $root $home_
    & chmod 700 $root

    # Every job in one child process running as the unprivileged account (one pwsh start).
    $job = Join-Path $work 'jobs.ps1'
    Set-Content -Path $job -Encoding utf8NoBOM -Value @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$(Join-Path $work 'Rostrvm/Rostrvm.psd1')'
function Step([string] `$Name, [scriptblock] `$Action) {
    try { `$out = @(& `$Action); 'RESULT ' + (@{ Job = `$Name; Outcome = 'Succeeded'; Count = `$out.Count } | ConvertTo-Json -Compress) }
    catch { 'RESULT ' + (@{ Job = `$Name; Outcome = `$_.FullyQualifiedErrorId; Message = `$_.Exception.Message } | ConvertTo-Json -Compress) }
}
'WHOAMI ' + (& id -u)
Step Backup { Backup-RostrvmDatabase -ConfigurationPath '$($accounts.Backup.Settings)' -Confirm:`$false -ErrorAction Stop }
Step BinlogCopy { Backup-RostrvmBinlog -ConfigurationPath '$($accounts.Binlog.Settings)' -ErrorAction Stop }
Step BinlogCopyAgain { Backup-RostrvmBinlog -ConfigurationPath '$($accounts.Binlog.Settings)' -ErrorAction Stop }
Step MisExport { Export-RostrvmMis -ConfigurationPath '$($accounts.Mis.Settings)' -ErrorAction Stop }
Step MisPurge { Invoke-RostrvmMisPurge -ConfigurationPath '$($accounts.Mis.Settings)' -Before ([datetime]'$cutoffSql') -Confirm:`$false -ErrorAction Stop }
Step RecordingArchive { Move-RostrvmRecording -ConfigurationPath '$($accounts.Recordings.Settings)' -Kind Voice -Before ([datetime]'$($now.AddYears(1).ToString('o'))') -Confirm:`$false -ErrorAction Stop }
Step LogCompression { Compress-RostrvmLog -ConfigurationPath '$($accounts.Mis.Settings)' -Now ([datetime]'$($now.ToString('o'))') -Confirm:`$false -ErrorAction Stop }
"@
    & chmod 644 $job
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    $output = & setpriv "--reuid=$osUser" "--regid=$group" --clear-groups env `
        -i "HOME=$home_" 'PATH=/usr/bin:/bin' 'NO_COLOR=1' 'DOTNET_NOLOGO=1' 'DOTNET_CLI_TELEMETRY_OPTOUT=1' `
        $dotnet (Join-Path $work 'pwsh/pwsh.dll') -NoProfile -NonInteractive -File $job 2>&1 | ForEach-Object { "$_" }
    $childText = $output -join "`n"
    $results = @{}
    foreach ($line in $output | Where-Object { $_ -like 'RESULT *' }) { $r = $line.Substring(7) | ConvertFrom-Json; $results[$r.Job] = $r }

    function Assert-Succeeded([string] $Job) {
        $results.ContainsKey($Job) | Should -BeTrue -Because $childText
        $results[$Job].Outcome | Should -Be 'Succeeded' -Because ('{0}: {1}' -f $Job, $results[$Job].Message)
    }

    function Get-Owner([string] $Path) { & stat -c '%U %a' $Path }
}

AfterAll {
    if ($sandbox) {
        foreach ($user in 'lp_backup', 'lp_binlog', 'lp_mis', 'lp_recordings') {
            Invoke-SandboxClient -Sandbox $sandbox -Query "DROP USER IF EXISTS '$user'@'localhost', '$user'@'127.0.0.1'" | Out-Null }
        foreach ($db in 'lp_mis', 'lp_mis_check', 'lp_rec') { Remove-TestDatabase -Sandbox $sandbox -Name $db }
    }
    if ($work -and (Test-Path $work)) { Remove-Item $work -Recurse -Force }
    Stop-RostrvmSandbox -Name $sandboxName -Root $sandboxRoot
}

Describe 'The jobs as an unprivileged OS account and least-privileged database accounts' -Skip:(-not $canSwitchUser) {
    It 'runs as nobody, not root' {
        ($output | Where-Object { $_ -like 'WHOAMI *' }) | Should -Be 'WHOAMI 65534' -Because $childText
    }

    It 'Test-RostrvmConnection names what each job lacks, and nothing once exactly that is granted' {
        foreach ($name in $accounts.Keys) {
            $accounts[$name].Needed | Should -Not -BeNullOrEmpty -Because "a fresh account lacks the $name privileges"
            $accounts[$name].MissingAfter | Should -BeNullOrEmpty -Because "$name has what Test-RostrvmConnection asked for"
        }
        $accounts.Mis.Privileges | Should -Not -Contain 'UPDATE'
        $accounts.Recordings.Privileges | Should -Not -Contain 'DELETE'
        $accounts.Backup.Privileges | Should -Not -Contain 'RELOAD'
        $accounts.Backup.Needed |
            Should -Contain 'SELECT ON mysql.proc or SHOW CREATE ROUTINE' -Because ('MariaDB hides routines from an account that cannot ' +
                'read mysql.proc')
    }

    It 'backs up the database: a complete backup only its owner can read' {
        Assert-Succeeded Backup
        $backup = @(Get-RostrvmBackup -Path (Join-Path $root 'backups') -Verify)
        $backup.Count | Should -Be 1
        $backup[0].Status | Should -Be 'Complete'
        # Every routine, view, trigger and event of the database is in it: none hidden from the account.
        $objects = Invoke-TestSql -Sandbox $sandbox -Query ("SELECT (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE " +
            "ROUTINE_SCHEMA = 'rostrvm_920') AS r, (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'rostrvm_920') " +
            "AS v, (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'rostrvm_920') AS t, (SELECT COUNT(*) FROM " +
            "information_schema.EVENTS WHERE EVENT_SCHEMA = 'rostrvm_920') AS e")
        [int]$objects.r | Should -BeGreaterThan 0
        @($backup[0].Routines).Count | Should -Be ([int]$objects.r) -Because 'every routine is backed up'
        @($backup[0].Views).Count | Should -Be ([int]$objects.v)
        @($backup[0].Triggers).Count | Should -Be ([int]$objects.t)
        @($backup[0].Events).Count | Should -Be ([int]$objects.e)
        Get-Owner $backup[0].Path | Should -Be "$osUser 600"
    }

    It 'copies the closed binlogs, byte for byte, on two runs in a row, into a folder only its owner can use' {
        Assert-Succeeded BinlogCopy
        Assert-Succeeded BinlogCopyAgain
        $folder = Join-Path $root (Join-Path 'backups' 'binlog')
        Get-Owner $folder | Should -Be "$osUser 700"
        $copies = @(Get-ChildItem $folder -File)
        $copies.Count | Should -BeGreaterThan 0
        foreach ($copy in $copies) {
            (Get-FileHash $copy.FullName).Hash | Should -Be (Get-FileHash (Join-Path $sandbox.BinlogDirectory $copy.Name)).Hash
            Get-Owner $copy.FullName | Should -Be "$osUser 600"
        }
    }

    It 'extracts and purges MIS: the old rows are gone and every one is in its CSV' {
        Assert-Succeeded MisExport
        Assert-Succeeded MisPurge
        $extracts = Join-Path $root 'ExtractedMIS'
        foreach ($t in @{ mis_agent_state = 'state_time'; mis_call = 'start_time'; mis_queue_interval = 'interval_start' }.GetEnumerator(
            )) {
            Get-MisTableChecksum -Sandbox $sandbox -Database lp_mis -Table $t.Key | Should -Be (
                Get-MisTableChecksum -Sandbox $sandbox -Database lp_mis_check -Table "lp_mis_$($t.Key)_keep")
            $folders = @(Get-ChildItem $extracts -Directory | Where-Object Name -lt $cutoffSql | ForEach-Object FullName)
            $splatTestMisRoundTrip = @{
                Sandbox = $sandbox
                Scratch = 'lp_mis_check'
                SourceDatabase = 'lp_mis_check'
                SourceTable = "lp_mis_$($t.Key)_all"
                Table = $t.Key
                DayFolder = $folders
                Where = "``$($t.Value)`` < '$cutoffSql'"
            }
            $r = Test-MisRoundTrip @splatTestMisRoundTrip
            $r.Expected | Should -BeGreaterThan 0
            $r.Identical | Should -Be $r.Expected
        }
        Get-ChildItem $extracts -Recurse -File | ForEach-Object { Get-Owner $_.FullName } | Sort-Object -Unique | Should -Be "$osUser 600"
    }

    It 'archives the recordings: every body in a verified archive, none left in the database' {
        Assert-Succeeded RecordingArchive
        $listed = @(Get-RostrvmRecordingArchive -ConfigurationPath $accounts.Recordings.Settings -Kind Voice -Verify)
        ($listed | ForEach-Object { $_.Ids } | Sort-Object) | Should -Be ($recordings.Keys | Sort-Object)
        $listed.Status | Sort-Object -Unique | Should -Be 'Verified'
        (Get-RecordingBody -Sandbox $sandbox -Database lp_rec -Kind Voice).Count | Should -Be 0
        $listed | ForEach-Object { Get-Owner $_.Path } | Sort-Object -Unique | Should -Be "$osUser 600"
    }

    It 'compresses the old logs into month folders and deletes the originals' {
        Assert-Succeeded LogCompression
        foreach ($log in $logs) {
            $log | Should -Not -Exist
            $month = Get-Date $now.AddDays(-[int]([System.IO.Path]::GetFileNameWithoutExtension($log) -replace '.*-', ''))
            $folder = [System.Globalization.CultureInfo]::InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(
                $month.Month) + $month.ToString('yy')
            Join-Path $root "logs/$folder/$(Split-Path $log -Leaf).zip" | Should -Exist
        }
    }
}
