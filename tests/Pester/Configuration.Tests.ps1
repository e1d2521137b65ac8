# Get-RostrvmConfiguration and Set-RostrvmConfiguration: the settings file and its defaults.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-cfg-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $root | Out-Null
    $settingsPath = Join-Path $root 'RostrvmMaintenance.json'
}
AfterAll { Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Get-RostrvmConfiguration' {
    It 'gives the product defaults when there is no settings file' {
        $env:ROSTRVM_ROOT = $root
        try { $s = Get-RostrvmConfiguration } finally { Remove-Item Env:ROSTRVM_ROOT }
        $s.Port | Should -Be 3308
        $s.Server | Should -Be 'localhost'
        $s.EffectiveDatabase | Should -Be 'rostrvm_920'
        $s.BackupCycle | Should -Be 2
        $s.MisRetentionMonths | Should -Be 1
        $s.LogCompressAfterDays | Should -Be 2
        $s.LogRetentionDays | Should -Be 90
        $s.EffectiveBackupPath | Should -Be (Join-Path $root 'backups')
        $s.EffectiveBinlogBackupPath | Should -Be (Join-Path $root (Join-Path 'backups' 'binlog'))
        $s.EffectiveMisExtractPath | Should -Be (Join-Path $root 'ExtractedMIS')
        $s.EffectiveMisTables.Keys | Sort-Object | Should -Be @('mis_agent_state', 'mis_call', 'mis_queue_interval')
        Test-Path $settingsPath | Should -BeFalse -Because 'reading never writes'
    }

    It 'reports a settings file with a syntax error as SettingsFileInvalid and names it' {
        $bad = Join-Path $root 'bad.json'
        Set-Content $bad '{ "Port": 3308, '
        { Get-RostrvmConfiguration -ConfigurationPath $bad -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsFileInvalid,Rostrvm.PowerShell.Commands.GetRostrvmConfigurationCommand'
        try { Get-RostrvmConfiguration -ConfigurationPath $bad -ErrorAction Stop } catch { $e = $_ }
        $e.CategoryInfo.Category | Should -Be 'InvalidData'
        $e.Exception.Message | Should -BeLike "*$bad*"
        Get-Content $bad -Raw | Should -Be "{ `"Port`": 3308, `n" -Because 'a broken file is left as it is'
    }
}

Describe 'Set-RostrvmConfiguration' {
    It 'changes only the settings named and keeps the rest' {
        Set-RostrvmConfiguration -ConfigurationPath $settingsPath -BackupCycle 4 -Version '9.3.1'
        Set-RostrvmConfiguration -ConfigurationPath $settingsPath -Port 3310
        $s = Get-RostrvmConfiguration -ConfigurationPath $settingsPath
        $s.BackupCycle | Should -Be 4
        $s.Port | Should -Be 3310
        $s.EffectiveDatabase | Should -Be 'rostrvm_931'
        $s.LogRetentionDays | Should -Be 90
    }

    It 'takes the MIS tables as a hashtable' {
        Set-RostrvmConfiguration -ConfigurationPath $settingsPath -MisTable @{ mis_call = 'start_time'; mis_custom = 'created' }
        $s = Get-RostrvmConfiguration -ConfigurationPath $settingsPath
        $s.EffectiveMisTables['mis_custom'] | Should -Be 'created'
        $s.EffectiveMisTables.Count | Should -Be 2
    }

    It 'writes the file readable only by its owner' -Skip:$IsWindows {
        (& stat -c '%a' $settingsPath) | Should -Be '600'
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-Content $settingsPath -Raw
        Set-RostrvmConfiguration -ConfigurationPath $settingsPath -BackupCycle 9 -WhatIf
        Get-Content $settingsPath -Raw | Should -Be $before
    }

    It 'rejects an out-of-range value before writing anything' {
        $before = Get-Content $settingsPath -Raw
        { Set-RostrvmConfiguration -ConfigurationPath $settingsPath -BackupCycle 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Rostrvm.PowerShell.Commands.SetRostrvmConfigurationCommand'
        Get-Content $settingsPath -Raw | Should -Be $before
    }
}

Describe 'Set-RostrvmConfiguration -RecordingSource' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        $sandbox = Get-TestSandbox
        Import-RostrvmUnderTest
        $sourceSettings = New-TestRoot -Sandbox $sandbox
        Invoke-TestSql -Sandbox $sandbox -Database rostrvm_920 -Query "CREATE TABLE IF NOT EXISTS fax_images (id INT PRIMARY KEY, sent_at DATETIME, body LONGBLOB, call_id INT, archive_file VARCHAR(255), archive_entry VARCHAR(255))" | Out-Null
    }
    AfterAll {
        Invoke-TestSql -Sandbox $sandbox -Database rostrvm_920 -Query 'DROP TABLE IF EXISTS fax_images' | Out-Null
        Remove-Item (Split-Path $sourceSettings -Parent) -Recurse -Force
    }

    It 'adds a recording kind whose table and columns the server has, keeping the other kinds' {
        Set-RostrvmConfiguration -ConfigurationPath $sourceSettings -RecordingSource @{ Kind = 'Fax'; Table = 'fax_images'; TimeColumn = 'sent_at'; ArchivePrefix = 'Fax Archive' }
        $sources = (Get-RostrvmConfiguration -ConfigurationPath $sourceSettings).RecordingSources
        $sources['Fax'].Table | Should -Be 'fax_images'
        $sources['Fax'].BodyColumn | Should -Be 'body'
        $sources['Voice'].Table | Should -Be 'voice_recordings'
        @($sources.Keys).Count | Should -Be 5
    }

    It 'changes one part of an existing kind' {
        Set-RostrvmConfiguration -ConfigurationPath $sourceSettings -RecordingSource @{ Kind = 'Voice'; ArchivePrefix = 'Voice Archive' }
        $voice = (Get-RostrvmConfiguration -ConfigurationPath $sourceSettings).RecordingSources['Voice']
        $voice.ArchivePrefix | Should -Be 'Voice Archive'
        $voice.TimeColumn | Should -Be 'recorded_at'
    }

    It 'refuses a column the table does not have, naming it, and changes nothing' {
        $before = Get-Content $sourceSettings -Raw
        { Set-RostrvmConfiguration -ConfigurationPath $sourceSettings -RecordingSource @{ Kind = 'Sms'; TimeColumn = 'sent_when' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'RecordingSourceInvalid*' -ExpectedMessage '*sent_when*'
        { Set-RostrvmConfiguration -ConfigurationPath $sourceSettings -RecordingSource @{ Kind = 'Sms'; Tabel = 'x' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'RecordingSourceInvalid*' -ExpectedMessage '*Tabel*'
        Get-Content $sourceSettings -Raw | Should -Be $before
    }
}
