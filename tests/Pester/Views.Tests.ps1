# What a person sees: every default table view of the module fits 80 columns (and 120) without a
# wrapped header, and keeps the column that identifies a row whole (the backup's name, the binlog
# file, an event's position, a transaction's GTID, a job). Rendered from objects the cmdlets
# returned against the sandbox, and from MySQL 8 binlogs for GTIDs as long as a server writes them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LogTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox -Settings @{ StorageWarningPercent = 0; StorageWarningDays = 0 }
    $root = Split-Path $settings -Parent
    $PSDefaultParameterValues = @{ '*-Rostrvm*:ConfigurationPath' = $settings; '*-Rostrvm*:WarningAction' = 'SilentlyContinue' }
    $fixtures = Join-Path (Get-TestRepoRoot) (Join-Path 'tests' (Join-Path 'fixtures' 'binlog'))

    function Get-TableHeaderProblem {
        <# Every table in the text: the line above its dashes holds all its labels (a wrapped header puts letters on lines above). #>
        param([string[]] $Lines, [int] $Width)
        for ($i = 0; $i -lt $Lines.Count; $i++) {
            if ($Lines[$i].Length -gt $Width) { "line longer than ${Width}: '$($Lines[$i])'" }
            if ($Lines[$i] -match '^-[- ]*$' -and $i -ge 1) {
                if ($i -ge 2 -and $Lines[$i - 2].Trim() -ne '' -and $Lines[$i - 2] -notmatch '^\s+\w[\w ]*: ') {
                    "wrapped header above: '$($Lines[$i - 2])' / '$($Lines[$i - 1])'"
                }
                if ($Lines[$i - 1] -match '…') { "cut header: '$($Lines[$i - 1])'" }
            }
        }
    }

    function Test-View {
        <# Renders objects at a width and returns what is wrong: wrapped or cut headers, an identifying value not whole. #>
        param([object[]] $InputObject, [int] $Width, [scriptblock] $Identity, [string] $View)
        $text = if ($View) { $InputObject | Format-Table -View $View | Out-String -Width $Width } else { $InputObject |
            Out-String -Width $Width }
        $lines = $text -split "`r?`n"
        @(Get-TableHeaderProblem -Lines $lines -Width $Width)
        foreach ($object in $InputObject) {
            foreach ($value in @(& $Identity $object)) {
                if ($value -and -not $text.Contains([string]$value)) { "'$value' is not whole in:`n$text" }
            }
        }
    }

    # Real objects from the cmdlets.
    $backup = Backup-RostrvmDatabase -Confirm:$false
    $backups = @(Get-RostrvmBackup -Verify)
    $test = Test-RostrvmBackup -Path $backup.Path
    $binlogs = @(Get-RostrvmBinlog -Verify)
    $events = @(Get-RostrvmBinlogEvent | Select-Object -Last 40)
    $transactions = @(Get-RostrvmBinlogEvent -Transaction | Select-Object -Last 20)
    $mysqlFiles = @('zalora__gtid-fixtures_mysql-bin.01', 'rmc__json.binlog.000001') | ForEach-Object { Join-Path $fixtures $_ }
    $mysqlTransactions = @(Get-RostrvmBinlogEvent -Path $mysqlFiles -Transaction | Where-Object Gtid | Select-Object -First 20)
    $mysqlEvents = @(Get-RostrvmBinlogEvent -Path $mysqlFiles | Select-Object -First 40)
    $copied = @(Backup-RostrvmBinlog -Confirm:$false)
    $plan = Get-RostrvmRestorePlan -PointInTime (Get-Date).AddSeconds(-1)
    $logDir = Join-Path $root 'logs'
    New-Item -ItemType Directory -Force -Path $logDir | Out-Null
    foreach ($age in 5, 40, 120) {
        $file = Join-Path $logDir ('rostrvm_ServerMonitor_{0:yyyyMMdd}.log' -f (Get-Date).AddDays(-$age))
        Set-Content -Path $file -Value ('x' * 5000)
        (Get-Item $file).LastWriteTime = (Get-Date).AddDays(-$age)
    }
    $logResults = @(Compress-RostrvmLog -Confirm:$false)
    $storage = @(Get-RostrvmStorageReport)
    $recoverability = @(Test-RostrvmRecoverability)
    $tasks = @(Register-RostrvmMaintenanceTask -Scheduler Cron -Path (Join-Path $root 'cron') -Confirm:$false)
    $jobs = @(
        @{ Name = 'RecordingArchive'; Action = { param($run) [pscustomobject]@{ Archives = 3; Recordings = 1024 } } }
        @{ Name = 'BinlogBackup'; Action = { param($run) throw 'the binlog folder is not reachable' } }
    )
    $run = Invoke-RostrvmMaintenance -Name Nightly -Job $jobs -NoTranscript 6>$null
    $history = @(Get-RostrvmMaintenanceHistory)
}

AfterAll {
    if ($root -and (Test-Path $root)) { Remove-Item $root -Recurse -Force }
}

Describe 'Default table views at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
    It 'Get-RostrvmBackup keeps the backup name whole and shows Status as its value' {
        Test-View -InputObject $backups -Width $Width -Identity { $args[0].Name; $args[0].Status } | Should -BeNullOrEmpty
    }

    It 'Backup-RostrvmDatabase and Test-RostrvmBackup keep the backup name whole' {
        Test-View -InputObject $backup -Width $Width -Identity { $args[0].Name } | Should -BeNullOrEmpty
        Test-View -InputObject $test -Width $Width -Identity { Split-Path $args[0].Path -Leaf } | Should -BeNullOrEmpty
        Test-View -InputObject $test.Tables -Width $Width -Identity { $args[0].Table } | Should -BeNullOrEmpty
    }

    It 'Get-RostrvmBinlog keeps the file name whole and shows the verification' {
        Test-View -InputObject $binlogs -Width $Width -Identity { $args[0].Name; $args[0].Status; 'yes ({0})' -f $args[0].VerifiedEvents } |
            Should -BeNullOrEmpty
    }

    It 'Get-RostrvmBinlogEvent keeps file and position whole' {
        Test-View -InputObject $events -Width $Width -Identity { Split-Path $args[0].File -Leaf; $args[0].Position } | Should -BeNullOrEmpty
        Test-View -InputObject $mysqlEvents -Width $Width -Identity { Split-Path $args[0].File -Leaf; $args[0].Position } |
            Should -BeNullOrEmpty
    }

    It 'Get-RostrvmBinlogEvent -Transaction keeps the GTID whole, MySQL 8 GTIDs too' {
        $mysqlTransactions.Count | Should -BeGreaterThan 0
        $mysqlTransactions[0].Gtid.Length | Should -BeGreaterThan 37
        Test-View -InputObject $transactions -Width $Width -Identity { $args[0].Gtid; $args[0].Position } | Should -BeNullOrEmpty
        Test-View -InputObject $mysqlTransactions -Width $Width -Identity { $args[0].Gtid; $args[0].Position } | Should -BeNullOrEmpty
    }

    It 'Backup-RostrvmBinlog keeps the copied file name whole' {
        $copied.Count | Should -BeGreaterThan 0
        Test-View -InputObject $copied -Width $Width -Identity { $args[0].Name; $args[0].Action } | Should -BeNullOrEmpty
    }

    It 'Compress-RostrvmLog keeps the log name and its action whole' {
        $logResults.Count | Should -Be 3
        Test-View -InputObject $logResults -Width $Width -Identity { $args[0].Name; $args[0].Action } | Should -BeNullOrEmpty
    }

    It 'Test-RostrvmRecoverability keeps the server and its port whole, and shows the verdict' {
        Test-View -InputObject $recoverability -Width $Width -Identity { '{0}:{1}' -f $args[0].Server, $args[0].Port; $args[0].Verdict } |
            Should -BeNullOrEmpty
    }

    It 'Get-RostrvmStorageReport keeps every component whole' {
        Test-View -InputObject $storage -Width $Width -Identity { $args[0].Component } | Should -BeNullOrEmpty
    }

    It 'Register-RostrvmMaintenanceTask and the history keep the task and job whole' {
        Test-View -InputObject $tasks -Width $Width -Identity { $args[0].Name } | Should -BeNullOrEmpty
        $history.Count | Should -Be 2
        Test-View -InputObject $history -Width $Width -Identity { $args[0].Job; $args[0].Outcome } | Should -BeNullOrEmpty
        Test-View -InputObject $run -Width $Width -Identity { $args[0].RunName; 'BinlogBackup' } | Should -BeNullOrEmpty
    }

    It 'the restore plan table keeps the backup name whole' {
        Test-View -InputObject $plan -Width $Width -View Rostrvm.RestorePlan.Table -Identity { Split-Path $args[0].BackupPath -Leaf } |
            Should -BeNullOrEmpty
    }
}

Describe 'What the views show' {
    It 'the restore plan names the point in time it stops before (local with offset, and UTC)' {
        $text = $plan | Out-String -Width 80
        $utc = $plan.PointInTimeUtc.ToString('HH:mm:ss')
        $local = $plan.PointInTimeUtc.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss')
        $text | Should -Match ([regex]::Escape("Target              : before $local"))
        $text | Should -Match ([regex]::Escape("($utc UTC)"))
    }

    It 'dates are ISO and sizes have units in the binlog and backup views' {
        $text = ($binlogs | Out-String -Width 80) + ($backups | Out-String -Width 80)
        $text | Should -Match '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}'
        $text | Should -Not -Match '\d{2}/\d{2}/\d{4}'
        $text | Should -Match '\d+(\.\d)? (B|KB|MB|GB)\b'
    }

    It 'Get-RostrvmBinlog -Verify shows what it verified, unlike a listing without it' {
        $plain = Get-RostrvmBinlog | Out-String -Width 80
        $verified = $binlogs | Out-String -Width 80
        $verified | Should -Match 'yes \(\d+\)'
        $plain | Should -Not -Match 'yes \(\d+\)'
    }

    It 'the Wide views hold what the default table leaves out' {
        $text = $backups | Format-Table -View Wide | Out-String -Width 160
        $text | Should -Match ([regex]::Escape(('{0}:{1}' -f $backup.BinlogFile, $backup.BinlogPosition)))
        $text = $transactions | Format-Table -View Wide | Out-String -Width 200
        $text | Should -Match 'Operations'
        $text = $recoverability | Format-Table -View Wide | Out-String -Width 200
        $text | Should -Match 'RecoverableFrom'
        $text | Should -Match ([regex]::Escape($recoverability[0].BackupName))
    }

    It 'Export-RostrvmBinlog''s result is a list that fits 80 columns' {
        $out = Join-Path $root 'export.sql'
        $result = Export-RostrvmBinlog -OutFile $out
        $lines = ($result | Out-String -Width 80) -split "`r?`n"
        ($lines | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        ($lines -match '^Written\s+: \d+ events') | Should -Not -BeNullOrEmpty
    }
}

Describe 'Pipelines of the maintenance tasks' {
    It 'Get-RostrvmMaintenanceTask binds Scheduler and Path into Unregister-RostrvmMaintenanceTask' {
        $folder = Join-Path $root 'cron'
        $found = @(Get-RostrvmMaintenanceTask -Scheduler Cron -Path $folder)
        $found.Count | Should -Be $tasks.Count
        $found[0].Path | Should -Be $folder
        $found | Unregister-RostrvmMaintenanceTask -Confirm:$false
        Get-ChildItem $folder | Should -BeNullOrEmpty
    }

    It 'says so when no task is found, instead of printing nothing' {
        $empty = Join-Path $root 'no-cron'
        New-Item -ItemType Directory -Force -Path $empty | Out-Null
        $found = @(Get-RostrvmMaintenanceTask -Scheduler Cron -Path $empty -WarningAction SilentlyContinue -WarningVariable warned)
        $found.Count | Should -Be 0
        "$warned" | Should -Match 'No Rostrvm maintenance task'
        Unregister-RostrvmMaintenanceTask -Scheduler Cron -Path $empty -Confirm:$false -WarningAction SilentlyContinue `
            -WarningVariable warned2
        "$warned2" | Should -Match 'nothing to unregister'
    }
}
