# Test-RostrvmRecoverability against a private sandbox: a fresh chain restores to now; an untested
# backup is flagged; a truncated newer backup is passed over; a binlog lost from both the copies
# and the server (PURGE BINARY LOGS) is a gap that ends the window at the last file before it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recoverability.TestSupport.psm1') -Force
    $server = New-RecoverabilityServer -Name 'recoverability'
    $sandbox = $server.Sandbox
    $config = $server.Config
    $copies = Join-Path $server.Root (Join-Path 'backups' 'binlog')
}

AfterAll {
    Remove-RecoverabilityServer $server
}

Describe 'Test-RostrvmRecoverability' {
    It 'flags a backup that Test-RostrvmBackup never proved, and still restores to now' {
        $report = Test-RostrvmRecoverability -ConfigurationPath $config
        $report.Verdict | Should -Be 'Amber'
        $report.ProblemIds | Should -Be @('BackupUntested')
        $report.BackupTestPassed | Should -BeNullOrEmpty
        $report.RecoverableToNow | Should -BeTrue
        $report.EstimatedRestoreTime | Should -BeNullOrEmpty
        Test-RostrvmRecoverability -ConfigurationPath $config -Quiet | Should -BeTrue
    }

    It 'restores a fresh, tested chain to now: backup snapshot to the moment of the check, RPO the age of the newest copy' {
        $tested = Test-RostrvmBackup -ConfigurationPath $config -Path $server.Backup.Path
        $tested.Passed | Should -BeTrue
        $before = [DateTime]::UtcNow
        $report = Test-RostrvmRecoverability -ConfigurationPath $config
        $report.Verdict | Should -Be 'Green'
        $report.Problems | Should -BeNullOrEmpty
        $report.Recoverable | Should -BeTrue
        $report.BackupName | Should -Be $server.Backup.Name
        $report.BackupTestPassed | Should -BeTrue
        $report.RecoverableFromUtc | Should -Be $server.Backup.SnapshotTimeUtc
        $report.RecoverableToNow | Should -BeTrue
        $report.RecoverableToUtc | Should -BeGreaterOrEqual $before
        $report.ChainFirst | Should -Be $server.Backup.BinlogFile
        $report.ChainLast | Should -Be (Get-ActiveBinlog -Sandbox $sandbox)
        $newest = Get-ChildItem $copies | Sort-Object Name | Select-Object -Last 1
        $report.NewestCopy | Should -Be $newest.Name
        $copyEnd = (Get-RostrvmBinlog -Path $newest.FullName).LastEventTimeUtc
        # Safe until the newer of the copy's last event (whole seconds) and the backup's snapshot.
        $safe = if ($copyEnd -gt $server.Backup.SnapshotTimeUtc) { $copyEnd } else { $server.Backup.SnapshotTimeUtc }
        $report.Rpo.TotalSeconds | Should -BeGreaterOrEqual ($before - $safe).TotalSeconds
        $report.Rpo.TotalMinutes | Should -BeLessThan 5
        $report.EstimatedRestoreTime | Should -Not -BeNullOrEmpty
        Test-RostrvmRecoverability -ConfigurationPath $config -Quiet | Should -BeTrue
    }

    It 'calls a copy older than -MaxRpo stale' {
        $report = Test-RostrvmRecoverability -ConfigurationPath $config -MaxRpo ([TimeSpan]::Zero)
        $report.ProblemIds | Should -Contain 'BinlogCopyStale'
        $report.Verdict | Should -Be 'Amber'
    }

    It 'does not use a backup whose file was truncated, even when it is newer' {
        Start-Sleep -Milliseconds 1100
        $newer = Backup-RostrvmDatabase -ConfigurationPath $config -Confirm:$false
        $newer.Path | Should -Not -Be $server.Backup.Path
        $bytes = [System.IO.File]::ReadAllBytes($newer.Path)
        [System.IO.File]::WriteAllBytes($newer.Path, $bytes[0..($bytes.Length - 200)])
        (Get-RostrvmBackup -ConfigurationPath $config | Where-Object Name -eq $newer.Name).Status | Should -Be 'Incomplete'
        $report = Test-RostrvmRecoverability -ConfigurationPath $config
        $report.BackupName | Should -Be $server.Backup.Name
        $report.Verdict | Should -Be 'Green'
        Remove-Item $newer.Path
    }

    It 'ends the window at the last file before a binlog lost from the copies and purged from the server (BinlogGap)' {
        $kept = Get-ActiveBinlog -Sandbox $sandbox
        Invoke-SandboxClient -Sandbox $sandbox -Query "INSERT INTO rv.t (v) VALUES ('in the kept file'); FLUSH BINARY LOGS;" | Out-Null
        $lost = Get-ActiveBinlog -Sandbox $sandbox
        Start-Sleep -Milliseconds 1100
        $lostWrite = [DateTime]::UtcNow.AddSeconds(-1)
        Invoke-SandboxClient -Sandbox $sandbox -Query ("INSERT INTO rv.t (v) VALUES ('in the lost file'); FLUSH BINARY LOGS; INSERT INTO " +
            "rv.t (v) VALUES ('after');") | Out-Null
        $after = Get-ActiveBinlog -Sandbox $sandbox
        Backup-RostrvmBinlog -ConfigurationPath $config -Confirm:$false | Out-Null
        Remove-Item (Join-Path $copies $lost)
        # MariaDB keeps a file until its binlog checkpoint is written: purge until it is gone.
        $deadline = (Get-Date).AddSeconds(20)
        do {
            Invoke-SandboxClient -Sandbox $sandbox -Query "PURGE BINARY LOGS TO '$after'" | Out-Null
            if (Test-Path (Join-Path $sandbox.BinlogDirectory $lost)) { Start-Sleep -Milliseconds 300 }
        } while ((Test-Path (Join-Path $sandbox.BinlogDirectory $lost)) -and (Get-Date) -lt $deadline)
        Test-Path (Join-Path $sandbox.BinlogDirectory $lost) | Should -BeFalse

        $report = Test-RostrvmRecoverability -ConfigurationPath $config
        $report.ProblemIds | Should -Contain 'BinlogGap'
        $report.Verdict | Should -Be 'Red'
        $report.Recoverable | Should -BeFalse
        $report.RecoverableToNow | Should -BeFalse
        $report.ChainLast | Should -Be $kept
        $report.RecoverableToUtc | Should -Be (Get-RostrvmBinlog -Path (Join-Path $copies $kept)).LastEventTimeUtc
        $report.RecoverableToUtc | Should -BeLessThan $lostWrite.AddSeconds(1)
        $report.RecoverableTo | Should -Be $report.RecoverableToUtc.ToLocalTime()
        ($report.Problems | Where-Object Id -eq 'BinlogGap').Message | Should -Match ([regex]::Escape($lost))
        Test-RostrvmRecoverability -ConfigurationPath $config -Quiet | Should -BeFalse
    }

    It 'restores only to the snapshot when the backup''s own start file was purged before it was copied (BinlogPurgedBeforeCopy)' {
        $start = $server.Backup.BinlogFile
        Test-Path (Join-Path $sandbox.BinlogDirectory $start) | Should -BeFalse
        Remove-Item (Join-Path $copies $start)
        $report = Test-RostrvmRecoverability -ConfigurationPath $config
        $report.ProblemIds | Should -Contain 'BinlogPurgedBeforeCopy'
        $report.ProblemIds | Should -Not -Contain 'BinlogGap'
        $report.Verdict | Should -Be 'Red'
        $report.RecoverableToUtc | Should -Be $server.Backup.SnapshotTimeUtc
        $report.ChainFiles | Should -Be 0
        ($report.Problems | Where-Object Id -eq 'BinlogPurgedBeforeCopy').Remedy | Should -Match 'Backup-RostrvmDatabase'
    }
}

Describe 'Test-RostrvmRecoverability and a GTID domain change' {
    BeforeAll {
        $domain = New-RecoverabilityServer -Name 'recoverability-domain'
        # After the backup the server writes in another domain (gtid_domain_id changed), then a new file starts.
        Invoke-SandboxClient -Sandbox $domain.Sandbox -Query ("SET SESSION gtid_domain_id = 7; INSERT INTO rv.t (v) VALUES ('domain 7'); " +
            "FLUSH BINARY LOGS") | Out-Null
        $inDomainSeven = Test-RostrvmRecoverability -ConfigurationPath $domain.Config
    }
    AfterAll { Remove-RecoverabilityServer $domain }

    It 'warns with GtidDomainChanged naming the new domain and the file it starts in, and still restores to now' {
        $inDomainSeven.ProblemIds | Should -Contain 'GtidDomainChanged'
        $problem = $inDomainSeven.Problems | Where-Object Id -eq 'GtidDomainChanged'
        $problem.Severity | Should -Be 'Warning'
        $problem.Message | Should -BeLike '*GTIDs of 7,*'
        $inDomainSeven.RecoverableToNow | Should -BeTrue
        (Test-RostrvmRecoverability -ConfigurationPath $server.Config).ProblemIds | Should -Not -Contain 'GtidDomainChanged'
    }
}
