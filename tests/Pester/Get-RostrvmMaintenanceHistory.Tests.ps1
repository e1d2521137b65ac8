# Get-RostrvmMaintenanceHistory over the history real runs leave behind.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox
    $root = Split-Path $settings -Parent
    $flaky = Join-Path $root 'flaky.txt'
    $jobs = @(
        @{ Name = 'Steady'; Action = { param($run) [pscustomobject]@{ Rows = 5 } } }
        @{ Name = 'Flaky'; Action = { param($run) if (-not (Test-Path (Join-Path $run.Settings.Root 'flaky.txt'))) { throw 'first night fails' } 'fine' } }
    )
    $first = Invoke-RostrvmMaintenance -Name Nightly -Job $jobs -Now ([datetime]::Today.AddDays(-1).AddHours(2)) -ConfigurationPath $settings -WarningAction SilentlyContinue 6>$null
    Set-Content $flaky 'x'
    $second = Invoke-RostrvmMaintenance -Name Nightly -Job $jobs -Now ([datetime]::Today.AddHours(2)) -ConfigurationPath $settings 6>$null
    $weekly = Invoke-RostrvmMaintenance -Name Weekly -Job @{ Name = 'Steady'; Action = { 1 } } -ConfigurationPath $settings 6>$null
}

Describe 'Get-RostrvmMaintenanceHistory' {
    It 'shows the last run of each job of each run by default' {
        $last = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings)
        $last.Count | Should -Be 3
        ($last | Where-Object { $_.RunName -eq 'Nightly' -and $_.Job -eq 'Flaky' }).Outcome | Should -Be 'Succeeded'
        ($last | Where-Object RunName -eq 'Nightly').RunId | Sort-Object -Unique | Should -Be $second.RunId
        ($last | Where-Object RunName -eq 'Weekly').Job | Should -Be 'Steady'
    }

    It 'shows nothing failed when the last runs succeeded, and the failure within -Days' {
        @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Failed).Count | Should -Be 0
        $failed = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Failed -Days 1)
        $failed.Count | Should -Be 1
        $failed[0].Job | Should -Be 'Flaky'
        $failed[0].RunId | Should -Be $first.RunId
        $failed[0].ErrorMessage | Should -Be 'first night fails'
        @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Days 1).Count | Should -Be 5
    }

    It 'filters by job and run name with wildcards' {
        @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Job 'Fl*' -Days 3).Count | Should -Be 2
        @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -RunName week*).Job | Should -Be 'Steady'
    }

    It 'reads a history folder given with -Path' {
        $copy = Join-Path $TestDrive 'copied'
        Copy-Item (Join-Path $root 'maintenance/history') $copy -Recurse
        @(Get-RostrvmMaintenanceHistory -Path $copy -Days 1).Count | Should -Be 5
    }

    It 'warns about a damaged history file and reads the rest' {
        $broken = Join-Path $root 'maintenance/history/19990101-000000-Nightly-broken.json'
        Set-Content $broken '[{"Job":'
        try {
            $entries = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Days 1 -WarningVariable warned -WarningAction SilentlyContinue)
            $entries.Count | Should -Be 5
            ($warned -join ' ') | Should -BeLike '*19990101-000000-Nightly-broken.json*'
        }
        finally { Remove-Item $broken }
    }

    It 'shows one table line per job with figures or the error' {
        $text = Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Days 1 | Out-String -Width 160
        $text | Should -Match 'Job\s+Start\s+Seconds\s+Outcome\s+Figures or error'
        $text | Should -Match 'Flaky\s+.*Failed\s+.*first night fails'
        $text | Should -Match 'Steady\s+.*Succeeded\s+1 PSCustomObject: Rows=5'
        $wide = Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -Days 1 | Format-Table -View Wide | Out-String -Width 160
        $wide | Should -Match 'Nightly\s+\S+\s+Flaky\s+.*Failed\s+.*first night fails'
    }

    It 'formats the run result as a table too' {
        ($first | Out-String -Width 160) | Should -Match 'Nightly\s+\S+ 02:00:00\s+\S+ \S+\s+1\s+1\s+Flaky'
    }
}
