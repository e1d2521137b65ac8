# The benchmark harness itself (build.ps1 -Task Bench): its Small size runs every job in bench/jobs
# against its reference tool and writes the results. Nothing here asserts a time or a ratio: the
# figures are for bench/results.md, not for pass or fail.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $repo = Get-TestRepoRoot
    $output = Join-Path ([System.IO.Path]::GetTempPath()) ("rostrvm-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $jobs = @(Get-ChildItem (Join-Path $repo (Join-Path 'bench' 'jobs')) -Filter *.ps1 | ForEach-Object BaseName)
    # Its own process, as build.ps1 runs it: the harness imports the module and starts its own sandbox.
    $hostPath = [Environment]::ProcessPath
    $prefix = @(if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $log = & $hostPath @prefix -NoProfile -NonInteractive -File (Join-Path $repo (Join-Path 'bench' 'Invoke-Benchmark.ps1')) `
        -Size Small -ModulePath (Get-TestModulePath) -OutputDirectory $output 2>&1 | Out-String
    $exitCode = $LASTEXITCODE
    $elapsed = $watch.Elapsed
    Write-Host ("  the Small benchmark took {0:N0} s" -f $elapsed.TotalSeconds)
    $json = Join-Path $output 'results.json'
    $results = if (Test-Path $json) { Get-Content $json -Raw | ConvertFrom-Json } else { $null }
}
AfterAll {
    if (Test-Path $output) { Remove-Item $output -Recurse -Force }
}

Describe 'build.ps1 -Task Bench -Size Small' {
    It 'runs to the end and writes results.md and results.json' {
        $exitCode | Should -Be 0 -Because $log
        $results | Should -Not -BeNullOrEmpty -Because $log
        Get-Content (Join-Path $output 'results.md') -Raw | Should -Match '\| job \| ours \(s\) \| reference \|'
    }

    It 'records the machine, the date and the command that produced the figures' {
        $results.Machine.Cores | Should -Be ([Environment]::ProcessorCount)
        $results.Machine.MemoryGB | Should -BeGreaterThan 0
        $results.Machine.Command | Should -Be 'dotnet pwsh ./build.ps1 -Task Bench -Size Small'
        [datetime]::ParseExact($results.Machine.Date, 'yyyy-MM-dd HH:mm UTC', [cultureinfo]::InvariantCulture) | Should -BeGreaterThan ([datetime]::UtcNow.AddHours(-1))
    }

    It 'runs every job in bench/jobs without a failure' {
        $failed = @($results.Results | Where-Object { $_.Notes -like 'FAILED*' })
        $failed | Should -BeNullOrEmpty -Because (($failed | ForEach-Object { "$($_.Job): $($_.Notes)" }) -join '; ')
        # One or more rows per job: every job script produced figures.
        @($results.Results).Count | Should -BeGreaterOrEqual $jobs.Count
    }

    It 'gives each row our time, peak memory, and the reference time or why the reference is missing' {
        foreach ($row in $results.Results) {
            $row.Ours | Should -BeGreaterThan 0 -Because $row.Job
            if ($null -ne $row.Reference) {
                $row.Reference | Should -BeGreaterThan 0 -Because $row.Job
                $row.Ratio | Should -Be ([Math]::Round($row.Reference / $row.Ours, 2)) -Because "$($row.Job): ratio = reference / ours"
            }
            else {
                $row.Notes | Should -Match 'missing' -Because "$($row.Job) has no reference time"
            }
            $row.ReferenceTool | Should -Not -BeNullOrEmpty -Because $row.Job
        }
        @($results.Results | Where-Object PeakMemoryMB).Count | Should -BeGreaterThan 0
    }
}

Describe 'build.ps1 -Task Bench -Only' {
    BeforeAll {
        # Re-measure one job into the same folder: the other rows must survive as they were.
        $again = 'Binlog'
        $log2 = & $hostPath @prefix -NoProfile -NonInteractive -File (Join-Path $repo (Join-Path 'bench' 'Invoke-Benchmark.ps1')) `
            -Size Small -Only $again -ModulePath (Get-TestModulePath) -OutputDirectory $output 2>&1 | Out-String
        $exitCode2 = $LASTEXITCODE
        $merged = Get-Content (Join-Path $output 'results.json') -Raw | ConvertFrom-Json
        function Get-RowText($rows) { $rows | ForEach-Object { "$($_.Script) | $($_.Job) | $($_.Ours) | $($_.Reference) | $($_.Notes) | $($_.Measured)" } }
    }

    It 'replaces only the rows of the job it ran, keeping the others as measured before' {
        $exitCode2 | Should -Be 0 -Because $log2
        $merged.Machine.Command | Should -Be "dotnet pwsh ./build.ps1 -Task Bench -Size Small -Only $again"
        Get-RowText ($merged.Results | Where-Object Script -ne $again) | Should -Be (Get-RowText ($results.Results | Where-Object Script -ne $again))
        @($merged.Results | Where-Object Script -eq $again).Count | Should -BeGreaterThan 0
        @($merged.Results.Script | Select-Object -Unique) | Should -Be @($results.Results.Script | Select-Object -Unique)
        Get-Content (Join-Path $output 'results.md') -Raw | Should -Match 'kept from the previous run'
    }
}
