# Backup-RostrvmBinlog: closed binlogs copied and verified, idempotent, safe to kill.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox
    $root = Split-Path $settings -Parent
    $copies = Join-Path $root 'backups/binlog'
}
AfterAll { Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Backup-RostrvmBinlog' {
    It 'copies every closed binlog byte for byte, never the active one' {
        $result = @(Backup-RostrvmBinlog -ConfigurationPath $settings -Confirm:$false)
        $logs = @(Invoke-TestSql -Sandbox $sandbox -Query 'SHOW BINARY LOGS')
        $active = $logs[-1].Log_name
        ($result | Where-Object Action -eq 'Active').Name | Should -Be $active
        Test-Path (Join-Path $copies $active) | Should -BeFalse
        foreach ($log in $logs | Select-Object -SkipLast 1) {
            $copy = Join-Path $copies $log.Log_name
            (Get-FileHash $copy).Hash | Should -Be (Get-FileHash (Join-Path $sandbox.BinlogDirectory $log.Log_name)).Hash
            (& stat -c '%a' $copy) | Should -Be '600'
        }
        ($result | Where-Object Action -eq 'Copied' | Measure-Object VerifiedChecksums -Sum).Sum | Should -BeGreaterThan 0
    }

    It 'is idempotent: a second run copies only the newly closed file' {
        $before = @(Get-ChildItem $copies).Name
        $result = @(Backup-RostrvmBinlog -ConfigurationPath $settings -Confirm:$false)
        @($result | Where-Object Action -eq 'Copied').Count | Should -Be 1
        @($result | Where-Object Action -eq 'AlreadyCopied').Name | Should -Be $before
    }

    It 'finishes the job after a run killed mid-copy (temporary file left behind)' {
        $victim = (Get-ChildItem $copies | Sort-Object Name | Select-Object -Last 1)
        $partial = "$($victim.FullName).deadbeef.rostrvm-partial"
        [System.IO.File]::WriteAllBytes($partial, [byte[]](1..100))
        Remove-Item $victim.FullName
        $result = @(Backup-RostrvmBinlog -ConfigurationPath $settings -NoFlush -Confirm:$false)
        ($result | Where-Object Action -eq 'Copied').Name | Should -Contain $victim.Name
        Test-Path $partial | Should -BeFalse
        (Get-FileHash $victim.FullName).Hash | Should -Be (Get-FileHash (Join-Path $sandbox.BinlogDirectory $victim.Name)).Hash
    }

    It 'removes only the copies older than the oldest retained full backup needs' {
        $names = @(Get-ChildItem $copies | Sort-Object Name).Name
        $keepFrom = $names[-2]
        $backups = Join-Path $root 'backups'
        Set-Content (Join-Path $backups 'rostrvm_920_1.rbk') @("-- Rostrvm backup", "-- rostrvm-backup: {`"format`":1,`"binlog_file`":`"$keepFrom`",`"binlog_position`":4}")
        $result = @(Backup-RostrvmBinlog -ConfigurationPath $settings -NoFlush -Confirm:$false)
        ($result | Where-Object Action -eq 'Removed').Name | Should -Be ($names | Where-Object { $_ -lt $keepFrom })
        @(Get-ChildItem $copies).Name | Should -Be ($names | Where-Object { $_ -ge $keepFrom })
    }

    It 'changes nothing with -WhatIf' {
        $before = @(Get-ChildItem $copies).Name
        Backup-RostrvmBinlog -ConfigurationPath $settings -WhatIf
        @(Get-ChildItem $copies).Name | Should -Be $before
    }

    It 'fails with ServerUnreachable and changes nothing when the server is down' {
        $bad = New-TestRoot -Sandbox ([pscustomobject]@{ Port = 1; OptionFile = $sandbox.OptionFile; BinlogDirectory = $sandbox.BinlogDirectory })
        { Backup-RostrvmBinlog -ConfigurationPath $bad -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ServerUnreachable,Rostrvm.PowerShell.Commands.BackupRostrvmBinlogCommand'
    }
}
