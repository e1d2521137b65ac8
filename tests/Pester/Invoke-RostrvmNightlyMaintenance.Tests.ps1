# The shipped nightly script end to end against the sandbox, for a fake night (-Now), and with
# one job made to fail.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $database = 'rostrvm_schednightly'
    Copy-TestDatabase -Sandbox $sandbox -Target $database
    # The night of today, 02:00: yesterday's MIS is complete in the demo data (it ends today).
    $now = [datetime]::Today.AddHours(2)
    $yesterday = $now.Date.AddDays(-1)
    $purgeBefore = $now.Date.AddMonths(-1)
    $archiveBefore = $now.AddDays(-30)
    Invoke-TestSql -Sandbox $sandbox -Database $database -Query (Get-TestTrimSql -Keep $now.Date.AddDays(-34)) | Out-Null
    $settings = New-TestRoot -Sandbox $sandbox -Database $database
    $root = Split-Path $settings -Parent
    $logs = Join-Path $root 'logs'
    $old = New-TestLogFile -Directory $logs -Name 'CallDirector.log.1' -LastWrite $now.AddDays(-40)
    $recent = New-TestLogFile -Directory $logs -Name 'CallDirector.log' -LastWrite $now.AddDays(-1)
    $ancient = New-TestLogFile -Directory $logs -Name 'Agent.log.9' -LastWrite $now.AddDays(-120)
    $sql = {
        param($query, $db = $database)
        [long](Invoke-TestSql -Sandbox $sandbox -Database $db -Query $query | Select-Object -First 1 -ExpandProperty n)
    }
    $day = $yesterday.ToString('yyyy-MM-dd')
    $expectedCalls = & $sql "SELECT COUNT(*) AS n FROM mis_call WHERE start_time >= '$day' AND start_time < '$($now.ToString('yyyy-MM-dd'))'"
    $oldCalls = & $sql "SELECT COUNT(*) AS n FROM mis_call WHERE start_time < '$($purgeBefore.ToString('yyyy-MM-dd'))'"
    $oldVoice = & $sql "SELECT COUNT(*) AS n FROM voice_recordings WHERE recorded_at < '$($archiveBefore.ToString('yyyy-MM-dd HH:mm:ss'))'"
    # A dry run first (-WhatIf): what each job would do, and nothing changed.
    $files = { Get-ChildItem $root -Recurse -File | Sort-Object FullName | ForEach-Object { '{0} {1} {2}' -f $_.FullName, $_.Length, $_.LastWriteTimeUtc.Ticks } }
    $filesBeforeDry = & $files
    $tablesBeforeDry = Get-TableChecksum -Sandbox $sandbox -Database $database
    $dry = Invoke-TestPwsh -File (Get-ModuleScript 'Invoke-RostrvmNightlyMaintenance.ps1') -ArgumentList '-Now', $now.ToString('s'), '-ConfigurationPath', $settings, '-WhatIf'
    $filesAfterDry = & $files
    $tablesAfterDry = Get-TableChecksum -Sandbox $sandbox -Database $database
    $historyAfterDry = Test-Path (Join-Path $root 'maintenance/history')
    $run = Invoke-TestPwsh -File (Get-ModuleScript 'Invoke-RostrvmNightlyMaintenance.ps1') -ArgumentList '-Now', $now.ToString('s'), '-ConfigurationPath', $settings
    $history = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings)
}

AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name $database
}

Describe 'Invoke-RostrvmNightlyMaintenance.ps1 -WhatIf (a dry run of the night)' {
    It 'changes no file and no row, and writes no history' {
        $dry.ExitCode | Should -Be 0 -Because $dry.Text
        $filesAfterDry | Should -Be $filesBeforeDry
        ($tablesAfterDry | ConvertTo-Json) | Should -Be ($tablesBeforeDry | ConvertTo-Json)
        $historyAfterDry | Should -BeFalse
    }

    It 'says what each deleting job would do' {
        $dry.Text | Should -Match 'What if: Rostrvm Nightly maintenance'
        $dry.Text | Should -Match 'What if: job MisPurge'
        $dry.Text | Should -Match ([regex]::Escape("MIS rows dated"))
        $dry.Text | Should -Match 'CallDirector\.log\.1'
        $dry.Text | Should -Match 'What if: job RecordingArchive'
    }
}

Describe 'Invoke-RostrvmNightlyMaintenance.ps1 for a given night' {
    It 'runs every nightly job once, all succeeding, and exits 0' {
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $history.Job | Sort-Object | Should -Be @('BinlogCopy', 'LogCompression', 'MisExport', 'MisPurge', 'RecordingArchive', 'StorageReport')
        $history.Outcome | Sort-Object -Unique | Should -Be 'Succeeded'
        @($history.RunId | Sort-Object -Unique).Count | Should -Be 1
        $history | ForEach-Object { $_.RunFor | Should -Be $now; $_.RunName | Should -Be 'Nightly' }
    }

    It 'records start, end and figures for each job in an owner-only history file' {
        foreach ($entry in $history) {
            $entry.End | Should -BeGreaterOrEqual $entry.Start
            $entry.Figures | Should -Not -Be 'no output' -Because "$($entry.Job) wrote what it did"
        }
        ($history | Where-Object Job -eq 'StorageReport').Figures | Should -BeLike '*StorageUsage*'
        $files = @(Get-ChildItem (Join-Path $root 'maintenance/history') -Filter *.json)
        $files.Count | Should -Be 1
        if (-not $IsWindows) { (& stat -c '%a' $files[0].FullName) | Should -Be '600' }
    }

    It "extracts yesterday's MIS to CSV" {
        $csv = Join-Path $root "ExtractedMIS/$day/mis_call.csv"
        $csv | Should -Exist
        @(Import-Csv $csv).Count | Should -Be $expectedCalls
        $expectedCalls | Should -BeGreaterThan 0
    }

    It 'purges MIS rows older than the retention, after extracting them' {
        $oldCalls | Should -BeGreaterThan 0
        & $sql "SELECT COUNT(*) AS n FROM mis_call WHERE start_time < '$($purgeBefore.ToString('yyyy-MM-dd'))'" | Should -Be 0
        & $sql "SELECT COUNT(*) AS n FROM mis_call WHERE start_time >= '$($purgeBefore.ToString('yyyy-MM-dd'))'" | Should -BeGreaterThan 0
    }

    It 'zips old logs into month folders, keeps recent ones and deletes expired ones' {
        $month = [System.Globalization.CultureInfo]::InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName($now.AddDays(-40).Month) + $now.AddDays(-40).ToString('yy')
        Join-Path $logs "$month/CallDirector.log.1.zip" | Should -Exist
        $old | Should -Not -Exist
        $recent | Should -Exist
        $ancient | Should -Not -Exist
    }

    It 'leaves the morning report of its server in the log folder, with tonight''s jobs in it' {
        $report = Join-Path $logs 'RostrvmMorningReport.html'
        $report | Should -Exist
        $html = Get-Content $report -Raw
        $html | Should -Match '<h1>Rostrvm morning report</h1>'
        $html | Should -Match 'data-plot="nights" data-jobs="6"'
        $run.Text | Should -Match ([regex]::Escape("Morning report: $report"))
    }

    It 'writes its transcript to the log folder, where the log job will compress it later' {
        $transcript = @(Get-ChildItem $logs -Filter 'RostrvmMaintenance-Nightly-*.log')
        $transcript.Count | Should -Be 1
        $text = Get-Content $transcript[0].FullName -Raw
        foreach ($job in $history.Job) { $text | Should -BeLike "*$job*succeeded*" }
        $text | Should -BeLike '*6 succeeded, 0 failed*'
        $history[0].TranscriptPath | Should -Be $transcript[0].FullName
    }

    It 'archives old recordings out of the database into .sdb files' {
        $oldVoice | Should -BeGreaterThan 0
        @(Get-ChildItem (Join-Path $root 'archives') -Filter 'Voice Recording *.sdb').Count | Should -BeGreaterThan 0
        & $sql "SELECT COUNT(*) AS n FROM voice_recordings WHERE recorded_at < '$($archiveBefore.ToString('yyyy-MM-dd HH:mm:ss'))' AND body IS NOT NULL" | Should -Be 0
        & $sql "SELECT COUNT(*) AS n FROM voice_recordings WHERE archive_file IS NOT NULL" | Should -Be $oldVoice
    }

    It 'copies the closed binlogs byte for byte' {
        $copies = @(Get-ChildItem (Join-Path $root 'backups/binlog') -Filter 'rtmbinlog.0*')
        $copies.Count | Should -BeGreaterThan 0
        foreach ($copy in $copies) {
            (Get-FileHash $copy.FullName).Hash | Should -Be (Get-FileHash (Join-Path $sandbox.BinlogDirectory $copy.Name)).Hash
        }
    }
}

Describe 'Invoke-RostrvmNightlyMaintenance.ps1 with a job that fails' {
    BeforeAll {
        # The extract folder cannot be created: a file stands where it should be (root ignores modes).
        $blocked = Join-Path $TestDrive 'not-a-folder'
        Set-Content $blocked 'x'
        $failing = New-TestRoot -Sandbox $sandbox -Database $database -Settings @{ MisExtractPath = $blocked }
        New-TestLogFile -Directory (Join-Path (Split-Path $failing -Parent) 'logs') -Name 'Old.log' -LastWrite $now.AddDays(-10) | Out-Null
        $failed = Invoke-TestPwsh -File (Get-ModuleScript 'Invoke-RostrvmNightlyMaintenance.ps1') -ArgumentList '-Now', $now.ToString('s'), '-ConfigurationPath', $failing, '-Job', 'MisExport,LogCompression,StorageReport'
        $entries = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $failing)
    }

    It 'exits 1 and the history names the failed job and its error' {
        $failed.ExitCode | Should -Be 1 -Because $failed.Text
        $bad = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $failing -Failed)
        $bad.Job | Should -Be 'MisExport'
        $bad[0].ErrorMessage | Should -Not -BeNullOrEmpty
        $bad[0].ErrorId | Should -Not -BeNullOrEmpty
        $failed.Text | Should -BeLike '*MisExport*FAILED*'
    }

    It 'still runs the jobs after the failed one' {
        ($entries | Where-Object Job -eq 'LogCompression').Outcome | Should -Be 'Succeeded'
        ($entries | Where-Object Job -eq 'StorageReport').Outcome | Should -Be 'Succeeded'
        Join-Path (Split-Path $failing -Parent) "logs/$([System.Globalization.CultureInfo]::InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName($now.AddDays(-10).Month))$($now.AddDays(-10).ToString('yy'))/Old.log.zip" | Should -Exist
    }
}
