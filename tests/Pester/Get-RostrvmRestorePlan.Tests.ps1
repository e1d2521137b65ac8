# Get-RostrvmRestorePlan against the sandbox: which backup, which binlogs, where it stops, and the refusals.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Restore.Workload.psm1') -Force
    $fqid = { param($id) "$id,Rostrvm.PowerShell.Commands.GetRostrvmRestorePlanCommand" }

    $db = 'rp_src'
    Invoke-RestoreClient -Sandbox $sandbox -Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS $db; SET sql_log_bin=1; CREATE DATABASE $db;"
    Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql (Get-RestoreWorkloadSchema)
    $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ BinlogPath = $sandbox.BinlogDirectory }
    $root = Split-Path $config
    $folder = Join-Path $root 'backups'
    New-Item -ItemType Directory -Force -Path $folder | Out-Null
    $first = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder -Cycle 3
    Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql "INSERT INTO account (name) VALUES ('after-first'); FLUSH BINARY LOGS; INSERT INTO account (name) VALUES ('next-file');"
    $between = Wait-NextSecond
    Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql "INSERT INTO account (name) VALUES ('at-between');"
    Start-Sleep -Milliseconds 1100
    $second = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder -Cycle 3
    $null = Wait-NextSecond
    Invoke-RestoreClient -Sandbox $sandbox -Database $db -Sql "INSERT INTO account (name) VALUES ('after-second'); FLUSH BINARY LOGS; INSERT INTO nokey VALUES (7, 'x'); FLUSH BINARY LOGS; UPDATE nokey SET b = 'y' WHERE a = 7;"
    $end = Wait-NextSecond
    # The closed binlogs copied to <root>/backups/binlog, as Backup-RostrvmBinlog does.
    $copies = Join-Path $folder 'binlog'
    New-Item -ItemType Directory -Force -Path $copies | Out-Null
    $live = (Get-BinlogCoordinate -Sandbox $sandbox).File
    $chain = Get-ChildItem $sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6}$' -and $_.Name -ge $first.BinlogFile } | Sort-Object Name
    $chain | Where-Object Name -ne $live | Copy-Item -Destination $copies
}

Describe 'Get-RostrvmRestorePlan' {
    It 'chooses the newest complete backup before the point in time and names the stop, the last applied and the first not applied transaction' {
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime $between
        $plan.Reachable | Should -BeTrue
        $plan.BackupPath | Should -Be $first.Path
        $plan.Binlogs[0].Name | Should -Be $first.BinlogFile
        $plan.Binlogs[0].StartPosition | Should -Be $first.BinlogPosition
        $plan.LastApplied.Summary | Should -Match 'INSERT INTO rp_src.account'
        $plan.LastApplied.TimeUtc | Should -BeLessThan $between
        $plan.FirstNotApplied.TimeUtc | Should -BeGreaterOrEqual $between
        $plan.StopEventTimeUtc | Should -BeGreaterOrEqual $between
        $plan.TransactionsToApply | Should -Be 2
        $plan.PointInTimeUtc | Should -Be $between
        $plan.PointInTime | Should -Be $between.ToLocalTime()

        $later = Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime $end
        $later.BackupPath | Should -Be $second.Path
        $later.Reachable | Should -BeTrue
    }

    It 'counts a binlog once when the server and backups/binlog hold the same file' {
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime $end
        $names = @($plan.Binlogs.Name)
        $names.Count | Should -Be (@($names | Select-Object -Unique).Count)
        @($plan.Binlogs | Where-Object Source -eq 'Server+Copy').Count | Should -BeGreaterThan 0
        $plan.Binlogs[-1].Name | Should -Be $live
    }

    It 'takes a DateTimeOffset, or a DateTime of local kind, as the same moment in UTC' {
        $offset = [DateTimeOffset]::new($between).ToOffset([TimeSpan]::FromHours(-5))
        (Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime $offset).PointInTimeUtc | Should -Be $between
        (Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime $between.ToLocalTime()).PointInTimeUtc | Should -Be $between
    }

    It 'refuses a point before the first backup, with the plan and an error naming the backup' {
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime $first.SnapshotTimeUtc.AddHours(-1) -ErrorAction SilentlyContinue -ErrorVariable failure
        $plan.Reachable | Should -BeFalse
        $failure[0].FullyQualifiedErrorId | Should -Be (& $fqid 'RestorePointBeforeFirstBackup')
        $failure[0].Exception.Message | Should -Match ([regex]::Escape($first.Name))
    }

    It 'refuses a point in the future' {
        Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime (Get-Date).AddDays(1) -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -Be (& $fqid 'RestorePointInFuture')
    }

    It 'refuses a chain with a missing file, naming it' {
        $gap = Join-Path $TestDrive 'gap'
        New-Item -ItemType Directory -Path $gap | Out-Null
        $chain | Select-Object -Index 0, 2, 3 | Copy-Item -Destination $gap
        $plan = Get-RostrvmRestorePlan -ConfigurationPath $config -BinlogPath $gap -PointInTime $end -ErrorAction SilentlyContinue -ErrorVariable failure
        $plan.Reachable | Should -BeFalse
        $failure[0].FullyQualifiedErrorId | Should -Be (& $fqid 'BinlogChainGap')
        $failure[0].Exception.Message | Should -Match ([regex]::Escape($chain[1].Name))
    }

    It 'refuses when the backup''s binlog was purged before it was copied' {
        $purged = Join-Path $TestDrive 'purged'
        New-Item -ItemType Directory -Path $purged | Out-Null
        $chain | Select-Object -Skip 1 | Copy-Item -Destination $purged
        Get-RostrvmRestorePlan -ConfigurationPath $config -BinlogPath $purged -Path $first.Path -PointInTime $end -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -Be (& $fqid 'BinlogChainGap')
        $failure[0].Exception.Message | Should -Match 'purged before it was copied'
    }

    It 'refuses a position that is not in the chain, and an unknown transaction to exclude' {
        Get-RostrvmRestorePlan -ConfigurationPath $config -StopPosition 'rtmbinlog.999999:4' -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -Be (& $fqid 'StopPositionNotInChain')
        Get-RostrvmRestorePlan -ConfigurationPath $config -ExcludeTransaction '9-9-999999' -ErrorAction SilentlyContinue -ErrorVariable failure2 | Out-Null
        $failure2[0].FullyQualifiedErrorId | Should -Be (& $fqid 'ExcludedTransactionNotFound')
    }
}
