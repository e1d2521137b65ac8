BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force

    function New-DatedFile([string] $Path, [int] $Bytes, [datetime] $When) {
        New-Item -ItemType Directory -Force -Path (Split-Path $Path -Parent) | Out-Null
        [System.IO.File]::WriteAllBytes($Path, [byte[]]::new($Bytes))
        (Get-Item -LiteralPath $Path).LastWriteTime = $When
    }

    function New-StorageRoot([hashtable] $Settings = @{}) {
        $config = New-TestRoot -Sandbox $sandbox -Settings $Settings
        $root = Split-Path $config -Parent
        $now = Get-Date
        # Recent files count as growth over the 28-day window, old ones only as space used.
        New-DatedFile (Join-Path $root 'archives/Voice Recording 2026-01-01 00.00.00 2026-01-02 00.00.00.sdb') 280000 $now.AddDays(-3)
        New-DatedFile (Join-Path $root 'archives/Voice Recording 2025-01-01 00.00.00 2025-01-02 00.00.00.sdb') 500000 $now.AddDays(-200)
        New-DatedFile (Join-Path $root 'archives/notes.txt') 999 $now
        New-DatedFile (Join-Path $root 'logs/Nov26/server.log.zip') 56000 $now.AddDays(-1)
        New-DatedFile (Join-Path $root 'logs/server.log') 1000 $now.AddDays(-100)
        New-DatedFile (Join-Path $root 'backups/rostrvm_920_1.rbk') 140000 $now.AddDays(-7)
        New-DatedFile (Join-Path $root 'backups/binlog/rtmbinlog.000001') 28000 $now.AddDays(-2)
        New-DatedFile (Join-Path $root 'ExtractedMIS/2026-11-23/mis_call.csv') 2800 $now.AddDays(-1)
        $config
    }
    # Thresholds no volume of a test machine is under (the defaults, 10 % free and 30 days, are
    # the machine's business: a nearly full build disk must not fail the test).
    $config = New-StorageRoot -Settings @{ StorageWarningPercent = 0; StorageWarningDays = 0 }
    $root = Split-Path $config -Parent
    $report = @(Get-RostrvmStorageReport -ConfigurationPath $config -WarningVariable warned)
    $byName = @{}; foreach ($usage in $report) { $byName[$usage.Component] = $usage }
}

AfterAll {
    Get-ChildItem ([System.IO.Path]::GetTempPath()) -Filter 'rostrvm-test-*' -Directory | Where-Object { Test-Path (Join-Path $_.FullName 'archives/notes.txt') } | Remove-Item -Recurse -Force
}

Describe 'Get-RostrvmStorageReport' {
    It 'reports every component' {
        $report.Component | Should -Be @('Database', 'Binlogs', 'Backups', 'BinlogBackups', 'MisExtracts', 'Logs', 'Archives')
    }

    It 'measures the folders and their growth per day from file dates' {
        $byName.Archives.UsedBytes | Should -Be 780000
        $byName.Archives.Files | Should -Be 2
        $byName.Archives.GrowthBytesPerDay | Should -Be 10000
        $byName.Logs.UsedBytes | Should -Be 57000
        $byName.Logs.GrowthBytesPerDay | Should -Be 2000
        $byName.Backups.UsedBytes | Should -Be 140000
        $byName.Backups.GrowthBytesPerDay | Should -Be 5000
        $byName.BinlogBackups.UsedBytes | Should -Be 28000
        $byName.MisExtracts.UsedBytes | Should -Be 2800
        $byName.MisExtracts.GrowthBytesPerDay | Should -Be 100
    }

    It 'measures the database from information_schema and the server binlogs from their folder' {
        $size = Get-ScalarSql -Sandbox $sandbox -Database rostrvm_920 -Query "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) AS s FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rostrvm_920'"
        $byName.Database.UsedBytes | Should -Be ([long]$size)
        $byName.Database.GrowthBytesPerDay | Should -BeGreaterThan 0
        $binlogs = Get-ChildItem $sandbox.BinlogDirectory -File | Where-Object Name -match '\.(\d{6}|index)$' | Measure-Object Length -Sum
        $byName.Binlogs.Files | Should -Be $binlogs.Count
    }

    It 'gives free space, days until full and recording hours per volume' {
        $drive = [System.IO.DriveInfo]::new($byName.Archives.Volume)
        $byName.Archives.VolumeSizeBytes | Should -Be $drive.TotalSize
        $byName.Archives.VolumeFreePercent | Should -Be ([math]::Round(100.0 * $byName.Archives.VolumeFreeBytes / $byName.Archives.VolumeSizeBytes, 2))
        $byName.Archives.FreeRecordingHours | Should -Be ([math]::Round($byName.Archives.VolumeFreeBytes / 1GB * 1000, 1))
        $onVolume = $report | Where-Object Volume -eq $byName.Archives.Volume
        $growth = ($onVolume | Measure-Object GrowthBytesPerDay -Sum).Sum
        $byName.Archives.VolumeGrowthBytesPerDay | Should -Be $growth
        # Growth figures are rounded per component; allow for that, not for a wrong formula.
        $expected = $byName.Archives.VolumeFreeBytes / $growth
        [math]::Abs($byName.Archives.DaysUntilFull - $expected) / $expected | Should -BeLessThan 0.001
    }

    It 'warns only under the thresholds' {
        $warned | Should -BeNullOrEmpty
        $byName.Archives.Warning | Should -BeNullOrEmpty
        $low = New-StorageRoot -Settings @{ StorageWarningPercent = 100; StorageWarningDays = 100000000 }
        $report2 = @(Get-RostrvmStorageReport -ConfigurationPath $low -WarningVariable lowWarnings -WarningAction SilentlyContinue)
        @($lowWarnings).Count | Should -BeGreaterThan 0
        "$($lowWarnings[0])" | Should -Match 'under the 100% threshold'
        "$($lowWarnings[0])" | Should -Match 'will be full in'
        "$($lowWarnings[0])" | Should -Match 'Archives'
        ($report2 | Where-Object Component -eq 'Archives').Warning | Should -Not -BeNullOrEmpty
    }
}
