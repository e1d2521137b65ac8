# Archives per period, as the product guide keeps them: one archive per day, week or month of the
# recordings' time, still capped by size (a period over the cap gets several).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force
    $db = 'rec_period_test'
    New-RecordingTestDatabase -Sandbox $sandbox -Name $db
    $config = New-TestRoot -Sandbox $sandbox -Database $db -Settings @{ ArchivePeriod = 'Week' }
    $root = Split-Path $config -Parent
    $before = (Get-MinRecordingTime -Sandbox $sandbox -Database $db).AddDays(30)
    $originals = Get-RecordingBody -Sandbox $sandbox -Database $db -Kind Voice -Before $before
    $weekly = @(Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before $before)

    function Get-WeekStart([datetime] $Time) { $Time.Date.AddDays(-((([int]$Time.DayOfWeek) + 6) % 7)) }
}

AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name $db
    if ($root -and (Test-Path $root)) { Remove-Item $root -Recurse -Force }
}

Describe 'Move-RostrvmRecording with ArchivePeriod Week in the settings' {
    It 'writes one archive per week of recordings, each holding only that week' {
        $weeks = @($originals.Values | ForEach-Object { Get-WeekStart $_.Time } | Sort-Object -Unique)
        $weeks.Count | Should -BeGreaterThan 1
        $weekly.Count | Should -Be $weeks.Count
        foreach ($archive in $weekly) {
            $starts = @($archive.Ids | ForEach-Object { Get-WeekStart $originals[$_].Time } | Sort-Object -Unique)
            $starts.Count | Should -Be 1 -Because "$($archive.Name) holds one week"
        }
    }

    It 'archives every recording exactly once' {
        $ids = @($weekly | ForEach-Object { $_.Ids })
        ($ids | Sort-Object) | Should -Be (@($originals.Keys) | Sort-Object)
    }
}

Describe 'Move-RostrvmRecording -Period Day with a small size cap' {
    BeforeAll {
        $db2 = 'rec_period_day_test'
        New-RecordingTestDatabase -Sandbox $sandbox -Name $db2
        $config2 = New-TestRoot -Sandbox $sandbox -Database $db2
        $before2 = (Get-MinRecordingTime -Sandbox $sandbox -Database $db2).AddDays(3)
        $originals2 = Get-RecordingBody -Sandbox $sandbox -Database $db2 -Kind Voice -Before $before2
        # The tone recordings deflate to 5-25 KB: this cap holds one to a few per archive, fewer than a day has.
        $maxSize = 32KB
        $daily = @(Move-RostrvmRecording -ConfigurationPath $config2 -Kind Voice -Before $before2 -Period Day -MaxArchiveSize $maxSize)
    }
    AfterAll {
        Remove-TestDatabase -Sandbox $sandbox -Name $db2
        Remove-Item (Split-Path $config2 -Parent) -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'never mixes two days in one archive, and splits a day over the cap' {
        $days = @($originals2.Values | ForEach-Object { $_.Time.Date } | Sort-Object -Unique)
        $daily.Count | Should -BeGreaterThan $days.Count
        foreach ($archive in $daily) {
            @($archive.Ids | ForEach-Object { $originals2[$_].Time.Date } | Sort-Object -Unique).Count | Should -Be 1
            (Get-Item -LiteralPath $archive.Path).Length | Should -BeLessOrEqual $maxSize
        }
        (@($daily | ForEach-Object { $_.Ids }) | Sort-Object) | Should -Be (@($originals2.Keys) | Sort-Object)
    }

    It 'refuses an unknown period in the settings with a stable error' {
        $bad = New-TestRoot -Sandbox $sandbox -Database $db2 -Settings @{ ArchivePeriod = 'Fortnight' }
        try {
            { Move-RostrvmRecording -ConfigurationPath $bad -Kind Voice -Before $before2 -ErrorAction Stop } |
                Should -Throw -ErrorId 'SettingsValueInvalid*'
        }
        finally { Remove-Item (Split-Path $bad -Parent) -Recurse -Force }
    }
}
