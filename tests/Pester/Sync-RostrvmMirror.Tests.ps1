# Mirrors against a real SSH server (a private sshd on a loopback port) and a folder: verified
# copies after each job, a server killed mid-copy, Sync-RostrvmMirror catching up, mirror
# retention, and a restore from the mirror alone.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'BackupTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MirrorTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $modulePath = Get-TestModulePath
    $sshd = New-TestSshd
    Start-TestSshd $sshd
    $folderMirror = Join-Path $sshd.Dir 'folder-mirror'
    New-Item -ItemType Directory -Path $folderMirror | Out-Null

    Invoke-TestSql -Sandbox $sandbox -Query 'DROP DATABASE IF EXISTS mir_src; CREATE DATABASE mir_src' | Out-Null
    # Enough bytes (about 40 MB of SQL) that a copy takes long enough to be cut in the middle.
    Invoke-TestSql -Sandbox $sandbox -Database mir_src -Query @'
CREATE TABLE recording (id INT PRIMARY KEY, body BLOB NOT NULL);
INSERT INTO recording SELECT seq, RANDOM_BYTES(1024) FROM seq_1_to_20000;
CREATE TABLE agent (id INT PRIMARY KEY, name VARCHAR(40));
INSERT INTO agent SELECT seq, CONCAT('agent ', seq) FROM seq_1_to_200;
'@ | Out-Null
    $config = New-TestRoot -Sandbox $sandbox -Database mir_src -Settings @{ Mirror = @($sshd.Uri, $folderMirror);
        MirrorKeyFile = $sshd.ClientKey }
    $root = Split-Path $config
    $remote = $sshd.Served

    function Get-Sha([string] $Path) { (Get-FileHash -Path $Path -Algorithm SHA256).Hash }
    $first = Backup-RostrvmDatabase -ConfigurationPath $config -ThrottleLimit 1 -ErrorVariable firstErrors
}

AfterAll {
    Stop-TestSshd $sshd
    foreach ($db in 'mir_src', 'mir_restored') { Remove-TestDatabase -Sandbox $sandbox -Name $db }
    Remove-Item $sshd.Dir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Mirror copies after each job' {
    It 'copies the finished backup to the sftp and the folder mirror, byte for byte, under its final name' {
        $firstErrors.Count | Should -Be 0
        $local = Get-Sha $first.Path
        Get-Sha (Join-Path $remote 'backups/rostrvm_920_1.rbk') | Should -Be $local
        Get-Sha (Join-Path $folderMirror 'backups/rostrvm_920_1.rbk') | Should -Be $local
        @(Get-ChildItem $remote, $folderMirror -Recurse -Filter '*.rostrvm-partial').Count | Should -Be 0
        # The sftp server's host key was pinned on first use.
        Get-Content (Join-Path $root 'mirror_known_hosts') | Should -Match "^127\.0\.0\.1:$($sshd.Port) ssh-ed25519 SHA256:"
    }

    It 'copies each new binlog copy too' {
        $copied = @(Backup-RostrvmBinlog -ConfigurationPath $config -KeepAll | Where-Object Action -eq 'Copied')
        $copied.Count | Should -BeGreaterThan 0
        foreach ($copy in $copied) {
            Get-Sha (Join-Path $remote "backups/binlog/$($copy.Name)") | Should -Be (Get-Sha $copy.Destination)
            Test-Path (Join-Path $folderMirror "backups/binlog/$($copy.Name)") | Should -BeTrue
        }
    }
}

Describe 'A mirror that dies in the middle of a copy' {
    BeforeAll {
        $report = Join-Path $root 'child-report.json'
        $child = Start-ChildPwsh -ModulePath $modulePath -Command @"
`$b = Backup-RostrvmDatabase -ConfigurationPath '$config' -ThrottleLimit 1 -ErrorVariable e -ErrorAction SilentlyContinue
[pscustomobject]@{ Path = `$b.Path; Errors = @(`$e | ForEach-Object { `$_.FullyQualifiedErrorId }) } | ConvertTo-Json | Set-Content '$report'
"@
        # Kill the server the moment the copy's temporary file appears on it (a tight poll: the copy takes a second or so).
        $backups = Join-Path $remote 'backups'
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while (-not $child.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            if (@([System.IO.Directory]::EnumerateFiles($backups, 'rostrvm_920_2.rbk.*.rostrvm-partial')).Count -gt 0) { break }
            Start-Sleep -Milliseconds 5
        }
        $killedMidCopy = -not $child.HasExited
        Stop-TestSshd $sshd
        $child.WaitForExit(120000) | Out-Null
        $result = Get-Content $report -Raw | ConvertFrom-Json
    }

    It 'fails that copy with MirrorUnavailable, and the local backup is complete and verified' {
        $killedMidCopy | Should -BeTrue
        @($result.Errors | Where-Object { $_ -like 'MirrorUnavailable,*' }).Count | Should -Be 1
        $local = Get-RostrvmBackup -ConfigurationPath $config -Path $result.Path -Verify
        $local.Name | Should -Be 'rostrvm_920_2.rbk'
        $local.Status | Should -Be 'Complete'
        $local.Verified | Should -BeTrue
    }

    It 'never gives the partial remote file its final name, and the other mirror got its copy' {
        Test-Path (Join-Path $remote 'backups/rostrvm_920_2.rbk') | Should -BeFalse
        Get-Sha (Join-Path $folderMirror 'backups/rostrvm_920_2.rbk') | Should -Be (Get-Sha $result.Path)
    }

    It 'leaves a history entry for the failed mirror copy' {
        $entry = Get-RostrvmMaintenanceHistory -ConfigurationPath $config | Where-Object ErrorId -eq 'MirrorUnavailable' |
            Select-Object -First 1
        $entry | Should -Not -BeNullOrEmpty
        $entry.Job | Should -Be 'MirrorCopy'
        $entry.Command | Should -Be 'Backup-RostrvmDatabase'
    }

    It 'is caught up by Sync-RostrvmMirror once the server is back, and the partial file is gone' {
        Start-TestSshd $sshd
        $synced = @(Sync-RostrvmMirror -ConfigurationPath $config)
        ($synced | Where-Object { $_.Name -eq 'rostrvm_920_2.rbk' -and $_.Mirror -like 'sftp://*' }).Action | Should -Be 'Copied'
        ($synced | Where-Object { $_.Name -eq 'rostrvm_920_1.rbk' -and $_.Mirror -like 'sftp://*' }).Action | Should -Be 'AlreadyMirrored'
        Get-Sha (Join-Path $remote 'backups/rostrvm_920_2.rbk') | Should -Be (Get-Sha $result.Path)
        @(Get-ChildItem $remote -Recurse -Filter '*.rostrvm-partial').Count | Should -Be 0
    }
}

Describe 'Restore from the mirror alone' {
    It 'restores the newest mirrored backup and binlogs after the local files are deleted, equal to the source' {
        Backup-RostrvmBinlog -ConfigurationPath $config -KeepAll | Out-Null
        Remove-Item (Join-Path $root 'backups') -Recurse -Force
        Restore-RostrvmDatabase -ConfigurationPath $config -BackupPath "$($sshd.Uri)/backups" -BinlogPath "$($sshd.Uri)/backups/binlog" `
            -TargetDatabase mir_restored -NoBinlog -Force | Out-Null
        $expected = Get-DatabaseFingerprint -Sandbox $sandbox -Database mir_src
        $actual = Get-DatabaseFingerprint -Sandbox $sandbox -Database mir_restored
        $actual.Keys | Should -Be $expected.Keys
        foreach ($table in $expected.Keys) { "$table $($actual[$table])" | Should -Be "$table $($expected[$table])" }
    }
}

Describe 'Mirror retention' {
    It 'keeps the newest MirrorCycle backups whatever their age, and the binlogs from the oldest of them' {
        $backups = Join-Path $folderMirror 'backups'
        $binlogs = Join-Path $folderMirror 'backups/binlog'
        (Get-Item (Join-Path $backups 'rostrvm_920_1.rbk')).LastWriteTime = (Get-Date).AddDays(-50)
        (Get-Item (Join-Path $backups 'rostrvm_920_2.rbk')).LastWriteTime = (Get-Date).AddDays(-40)
        Get-ChildItem $binlogs | ForEach-Object { $_.LastWriteTime = (Get-Date).AddDays(-45) }
        $oldestStart = (Get-RostrvmBackup -ConfigurationPath $config -Path (Join-Path $backups 'rostrvm_920_1.rbk')).BinlogFile
        $before = @(Get-ChildItem $binlogs | Where-Object { $_.Name -ge $oldestStart } | ForEach-Object Name)
        $removed = @(Sync-RostrvmMirror -ConfigurationPath $config -Mirror $folderMirror -MirrorRetentionDays 30 -MirrorCycle 2 |
            Where-Object Action -eq 'Removed')
        $removed.Name | Should -Not -Contain 'rostrvm_920_1.rbk'
        $removed.Name | Should -Not -Contain 'rostrvm_920_2.rbk'
        foreach ($name in $before) { Join-Path $binlogs $name | Should -Exist }
    }

    It 'removes old files but never the newest backup nor the binlogs it starts from' {
        $backups = Join-Path $folderMirror 'backups'
        $binlogs = Join-Path $folderMirror 'backups/binlog'
        (Get-Item (Join-Path $backups 'rostrvm_920_1.rbk')).LastWriteTime = (Get-Date).AddDays(-50)
        (Get-Item (Join-Path $backups 'rostrvm_920_2.rbk')).LastWriteTime = (Get-Date).AddDays(-40)
        Get-ChildItem $binlogs | ForEach-Object { $_.LastWriteTime = (Get-Date).AddDays(-45) }
        $newestStart = (Get-RostrvmBackup -ConfigurationPath $config -Path (Join-Path $backups 'rostrvm_920_2.rbk')).BinlogFile
        $removed = @(Sync-RostrvmMirror -ConfigurationPath $config -Mirror $folderMirror -MirrorRetentionDays 30 |
            Where-Object Action -eq 'Removed')
        $removed.Name | Should -Contain 'rostrvm_920_1.rbk'
        Test-Path (Join-Path $backups 'rostrvm_920_2.rbk') | Should -BeTrue
        $left = @(Get-ChildItem $binlogs | ForEach-Object Name)
        $left | Should -Contain $newestStart
        foreach ($name in $left) { $name | Should -Not -BeLessThan $newestStart }
        @($removed | Where-Object { $_.Name -like 'rtmbinlog.*' }).Count | Should -BeGreaterThan 0
    }
}

Describe 'MIS extracts on a mirror' {
    It 'copies each extracted day (CSVs and manifest) under ExtractedMIS/<day>' {
        $misMirror = Join-Path $sshd.Dir 'mis-mirror'
        New-Item -ItemType Directory -Path $misMirror | Out-Null
        $misConfig = New-TestRoot -Sandbox $sandbox -Settings @{ Mirror = @($misMirror) }
        $day = (Get-Date).Date.AddDays(-3).ToString('yyyy-MM-dd')
        $extracted = @(Export-RostrvmMis -ConfigurationPath $misConfig -Date $day)
        $extracted.Count | Should -Be 3
        $localDay = Split-Path $extracted[0].Path
        foreach ($file in Get-ChildItem $localDay -File) {
            Get-Sha (Join-Path $misMirror "ExtractedMIS/$day/$($file.Name)") | Should -Be (Get-Sha $file.FullName)
        }
        @(Get-ChildItem (Join-Path $misMirror "ExtractedMIS/$day") -File).Count | Should -Be 4
        Remove-Item (Split-Path $misConfig) -Recurse -Force
    }
}

Describe 'An sftp mirror that is not the pinned server' {
    It 'is refused with MirrorHostKeyChanged when the server shows another host key, and nothing is sent' {
        Stop-TestSshd $sshd
        Remove-Item (Join-Path $sshd.Dir 'host_ed25519*')
        & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $sshd.Dir 'host_ed25519') | Out-Null
        Start-TestSshd $sshd
        $before = @(Get-ChildItem $remote -Recurse -File).Count
        Sync-RostrvmMirror -ConfigurationPath $config -Mirror $sshd.Uri -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MirrorHostKeyChanged,*'
        $err[0].Exception.Message | Should -BeLike '*mirror_known_hosts*'
        @(Get-ChildItem $remote -Recurse -File).Count | Should -Be $before
    }
}
