# The contract of docs/CONVENTIONS.md, checked on every exported cmdlet: one name and one type per
# idea, the old names and dbatools habits as aliases, -WhatIf wherever something is written, the
# settings piping into Set-RostrvmConfiguration, and a stable error id for every bad parameter.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    $script:cmdlets = @(Get-Command -Module Rostrvm -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    # Names that say an idea the contract names otherwise, and the name to use instead.
    $renamed = @{ Destination = 'Path'; OutputPath = 'Path'; Folder = 'Path'; NoBinaryLogging = 'NoBinlog'; SqlInstance = 'Server';
        SqlCredential = 'Credential' }
    # Verbs that write a file or change the database: their cmdlets take -WhatIf and -Confirm.
    $writingVerbs = 'Backup', 'Export', 'Move', 'Restore', 'Remove', 'Compress', 'Register', 'Unregister', 'Set', 'Invoke', 'Sync', 'Undo'
    function Get-OwnParameter($command) {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters +
            [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $command.Parameters.Values | Where-Object Name -notin $common
    }
    function Get-BaseType([type] $type) { if ($type.IsGenericType -and $type.GetGenericTypeDefinition() -eq [Nullable`1]) {
        $type.GetGenericArguments()[0] } else { $type } }
}

Describe 'The parameter contract of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command $Name -Module Rostrvm
        $own = @(Get-OwnParameter $command)
    }

    It 'uses the contract''s name for each idea (old names are aliases only)' {
        $wrong = @($own | Where-Object { $renamed.ContainsKey($_.Name) } | ForEach-Object { "-$($_.Name) (use -$($renamed[$_.Name]))" })
        $wrong | Should -BeNullOrEmpty
    }

    It 'types -OlderThan as an age and -Before as a moment' {
        foreach ($p in $own | Where-Object Name -eq 'OlderThan') { Get-BaseType $p.ParameterType | Should -Be ([timespan]) }
        foreach ($p in $own | Where-Object Name -eq 'Before') { Get-BaseType $p.ParameterType | Should -Be ([datetime]) }
    }

    It 'types -StopPosition as a binlog position (file:position, or a number)' {
        foreach ($p in $own | Where-Object Name -eq 'StopPosition') {
            # By name: Rostrvm.Core loads privately (dependencies/), so PowerShell cannot name its types.
            $p.ParameterType.FullName | Should -Be 'Rostrvm.Core.Binlog.BinlogPosition'
        }
    }

    It 'takes -SqlInstance and -SqlCredential as dbatools does, wherever it takes a server or a credential' {
        foreach ($p in $own | Where-Object Name -eq 'Server') { $p.Aliases | Should -Contain 'SqlInstance' }
        foreach ($p in $own | Where-Object Name -eq 'Credential') { $p.Aliases | Should -Contain 'SqlCredential' }
    }

    It 'supports -WhatIf and -Confirm when its verb writes' {
        $verb = $Name.Split('-')[0]
        if ($verb -in $writingVerbs) {
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
        else { $verb | Should -BeIn @('Get', 'Test') }
    }
}

Describe 'Old names keep working' {
    It 'keeps <Command> -<Old> as an alias of -<New>' -ForEach @(
        @{ Command = 'Backup-RostrvmBinlog'; Old = 'Destination'; New = 'Path' }
        @{ Command = 'Move-RostrvmRecording'; Old = 'Destination'; New = 'Path' }
        @{ Command = 'Export-RostrvmRecording'; Old = 'Destination'; New = 'Path' }
        @{ Command = 'Export-RostrvmBinlog'; Old = 'NoBinaryLogging'; New = 'NoBinlog' }
        @{ Command = 'Set-RostrvmConfiguration'; Old = 'LogPatterns'; New = 'LogPattern' }
        @{ Command = 'Set-RostrvmConfiguration'; Old = 'MisTables'; New = 'MisTable' }
        @{ Command = 'Set-RostrvmConfiguration'; Old = 'ScriptPaths'; New = 'ScriptPath' }
    ) {
        (Get-Command $Command).Parameters[$New].Aliases | Should -Contain $Old
    }

    It 'keeps the design card''s plural cmdlet names' {
        (Get-Alias Compress-RostrvmLogs).Definition | Should -Be 'Compress-RostrvmLog'
        (Get-Alias Move-RostrvmRecordings).Definition | Should -Be 'Move-RostrvmRecording'
    }
}

Describe 'Get-RostrvmConfiguration | Set-RostrvmConfiguration' {
    It 'binds every setting: the settings piped into a new file read back the same' {
        $sandbox = Get-TestSandbox
        $from = New-TestRoot -Sandbox $sandbox -Settings @{
            BackupCycle = 5; BackupCompress = $true; BackupCompression = 'Zstd'; MisRetentionMonths = 7; MisBatchSize = 1234
            LogCompressAfterDays = 3;
                LogRetentionDays = 90
            ArchiveMaxSizeMB = 77; ArchivePeriod = 'Week'; RecordingRetentionDays = 45; StorageWarningPercent = 12; StorageWarningDays = 20
            WeeklyDay = 'Saturday'; WeeklyTime = '03:15'; NightlyTime = '01:45'; RecordingArchiveTime = '04:10'; LockTimeoutSeconds = 33
            LogPatterns = @('*.trace'); ScriptPaths = @('/srv/scripts'); MisTables = @{ mis_call = 'start_time' };
                CommandTimeoutSeconds = 99
            BackupPath = '/srv/backups'; MisExtractPath = '/srv/mis'; ArchivePath = '/srv/archives'; HistoryPath = '/srv/history';
                TaskAccount = 'rostrvm-svc'
            TestBackupAfterWeekly = $false; BinlogBackupPath = '/srv/binlog'; LogPath = '/srv/logs'
        }
        $to = Join-Path (Split-Path $from -Parent) 'copy.json'
        Get-RostrvmConfiguration -ConfigurationPath $from | Set-RostrvmConfiguration -ConfigurationPath $to
        $a = Get-Content $from -Raw | ConvertFrom-Json
        $b = Get-RostrvmConfiguration -ConfigurationPath $to
        foreach ($name in $a.PSObject.Properties.Name | Where-Object { $_ -ne 'Root' }) {
            ($b.$name | ConvertTo-Json -Compress) | Should -Be ($a.$name | ConvertTo-Json -Compress) -Because "setting $name is piped"
        }
    }
}

Describe 'Bad parameters are stable errors that change nothing' {
    BeforeAll {
        $sandbox = Get-TestSandbox
        $config = New-TestRoot -Sandbox $sandbox
        $before = Get-Content $config -Raw
        function Get-ErrorId([scriptblock] $Call) {
            try { & $Call; 'no error' } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
        }
    }
    AfterEach { Get-Content $config -Raw | Should -Be $before }

    It 'a point in time that is no date: InvalidPointInTime' {
        Get-ErrorId { Get-RostrvmRestorePlan -ConfigurationPath $config -PointInTime 'not a date' -ErrorAction Stop } |
            Should -Be 'InvalidPointInTime'
    }

    It 'a settings file that does not exist: SettingsFileMissing, never the defaults' {
        $missing = Join-Path (Split-Path $config -Parent) 'nope.json'
        Get-ErrorId { Get-RostrvmBackup -ConfigurationPath $missing -ErrorAction Stop } | Should -Be 'SettingsFileMissing'
        Get-ErrorId { Test-RostrvmConnection -ConfigurationPath $missing -ErrorAction Stop } | Should -Be 'SettingsFileMissing'
        Test-Path $missing | Should -BeFalse
    }

    It 'a time of day that is none: InvalidTimeOfDay' {
        Get-ErrorId { Set-RostrvmConfiguration -ConfigurationPath $config -NightlyTime '25:00' -ErrorAction Stop } |
            Should -Be 'InvalidTimeOfDay'
        Get-ErrorId { Set-RostrvmConfiguration -ConfigurationPath $config -WeeklyTime '7pm' -ErrorAction Stop } |
            Should -Be 'InvalidTimeOfDay'
    }

    It 'an option file others can read: OptionFileInsecure when it is set, not at the first connection' {
        $file = Join-Path (Split-Path $config -Parent) 'open.cnf'
        Set-Content -Path $file -Value "[client]`nuser=x`npassword=y"
        & chmod 644 $file
        Get-ErrorId { Set-RostrvmConfiguration -ConfigurationPath $config -OptionFile $file -ErrorAction Stop } |
            Should -Be 'OptionFileInsecure'
        Get-ErrorId { Set-RostrvmConfiguration -ConfigurationPath $config -OptionFile $file -Force -ErrorAction Stop } |
            Should -Be 'OptionFileInsecure'
    }

    It 'an option file not there: OptionFileNotFound, or a warning with -Force' {
        $file = Join-Path (Split-Path $config -Parent) 'later.cnf'
        Get-ErrorId { Set-RostrvmConfiguration -ConfigurationPath $config -OptionFile $file -ErrorAction Stop } |
            Should -Be 'OptionFileNotFound'
        $copy = Join-Path (Split-Path $config -Parent) 'forced.json'
        Copy-Item $config $copy
        Set-RostrvmConfiguration -ConfigurationPath $copy -OptionFile $file -Force -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -BeLike "*$file*does not exist yet*"
        (Get-RostrvmConfiguration -ConfigurationPath $copy).OptionFile | Should -Be $file
    }

    It 'takes -StopPosition as one type on every cmdlet that has it' {
        $types = @(Get-Command -Module Rostrvm -CommandType Cmdlet | ForEach-Object { $_.Parameters['StopPosition'] } |
            Where-Object { $_ } | ForEach-Object { $_.ParameterType.FullName } | Sort-Object -Unique)
        $types | Should -Be @('Rostrvm.Core.Binlog.BinlogPosition')
        @(Get-Command -Module Rostrvm -CommandType Cmdlet | Where-Object { $_.Parameters['StopPosition'] }).Count | Should -Be 4
    }

    It 'a stop position that is none: StopPositionInvalid, refused before anything runs' {
        $bad = { Get-RostrvmBinlogEvent -ConfigurationPath $config -StopPosition 'rtmbinlog.000001' -ErrorAction Stop }
        $record = try { & $bad; $null } catch { $_ }
        $record.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $record.Exception.InnerException.ErrorId | Should -Be 'StopPositionInvalid'
        $record = try { Get-RostrvmRestorePlan -ConfigurationPath $config -StopPosition 'x:y' -ErrorAction Stop; $null } catch { $_ }
        $record.Exception.InnerException.ErrorId | Should -Be 'StopPositionInvalid'
        # A restore names the file: the last file of a chain changes as the server writes.
        Get-ErrorId { Get-RostrvmRestorePlan -ConfigurationPath $config -StopPosition 4567 -ErrorAction Stop } |
            Should -Be 'StopPositionInvalid'
    }

    It 'two cut-offs for the MIS purge: PurgeCutoffAmbiguous' {
        Get-ErrorId { Invoke-RostrvmMisPurge -ConfigurationPath $config -Before '2026-01-01' -OlderThan 30 -WhatIf -ErrorAction Stop } |
            Should -Be 'PurgeCutoffAmbiguous'
    }
}
