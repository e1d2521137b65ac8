# The maintenance frame itself: job isolation, missing commands, history, transcript, the lock.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $fqid = { param($id) "$id,Rostrvm.PowerShell.Commands.InvokeRostrvmMaintenanceCommand" }
    $settings = New-TestRoot -Sandbox $sandbox -Settings @{ LockTimeoutSeconds = 1 }
    $root = Split-Path $settings -Parent
    $now = [datetime]'2026-03-01 02:00'
    $jobs = @(
        @{ Name = 'Settings'; Command = 'Get-RostrvmConfiguration'; Action = { param($run) Get-RostrvmConfiguration -ConfigurationPath $run.ConfigurationPath } }
        @{ Name = 'Throws'; Action = { param($run) throw "no luck on $($run.Now.ToString('yyyy-MM-dd'))" } }
        @{ Name = 'Missing'; Command = 'Get-RostrvmNothing'; Action = { param($run) Get-RostrvmNothing } }
        @{ Name = 'SoftErrors'; Action = { param($run) Write-Error 'first soft error'; Write-Error 'second'; 7 } }
        @{ Name = 'Warns'; Action = { param($run) Write-Warning 'disk nearly full'; [pscustomobject]@{ Rows = 3; Bytes = 10 }; [pscustomobject]@{ Rows = 4; Bytes = 20 } } }
        @{ Name = 'Reads'; Action = { param($run) 'port {0}, settings ok: {1}' -f $run.Output('Settings')[0].Port, $run.Succeeded('Settings') } }
    )
    $result = Invoke-RostrvmMaintenance -Name Custom -Job $jobs -Now $now -ConfigurationPath $settings -WarningAction SilentlyContinue -InformationVariable said 6>$null
}

Describe 'Invoke-RostrvmMaintenance' {
    It 'runs every job even after failures and counts them' {
        $result.Jobs.Job | Should -Be @('Settings', 'Throws', 'Missing', 'SoftErrors', 'Warns', 'Reads')
        $result.Jobs.Outcome | Should -Be @('Succeeded', 'Failed', 'Failed', 'Failed', 'Succeeded', 'Succeeded')
        $result.Succeeded | Should -Be 3
        $result.Failed | Should -Be 3
        $result.FailedJobs | Should -Be @('Throws', 'Missing', 'SoftErrors')
        $result.ExitCode | Should -Be 1
        $result.RunFor | Should -Be $now
    }

    It 'records a job whose cmdlet is not available as failed, naming the cmdlet' {
        $missing = $result.Jobs | Where-Object Job -eq 'Missing'
        $missing.ErrorId | Should -Be 'MaintenanceJobCommandMissing'
        $missing.ErrorMessage | Should -BeLike "*'Get-RostrvmNothing'*not available*"
    }

    It 'keeps the error id, message and count of failed jobs' {
        ($result.Jobs | Where-Object Job -eq 'Throws').ErrorId | Should -Be 'MaintenanceJobThrew'
        ($result.Jobs | Where-Object Job -eq 'Throws').ErrorMessage | Should -Be 'no luck on 2026-03-01'
        $soft = $result.Jobs | Where-Object Job -eq 'SoftErrors'
        $soft.ErrorCount | Should -Be 2
        $soft.ErrorMessage | Should -Be 'first soft error (and 1 more errors)'
        $soft.OutputCount | Should -Be 1
    }

    It 'summarises output into figures and keeps warnings' {
        $warns = $result.Jobs | Where-Object Job -eq 'Warns'
        $warns.Figures | Should -Be '2 PSCustomObject: Rows=7, Bytes=30'
        $warns.Warnings | Should -Be @('disk nearly full')
        ($result.Jobs | Where-Object Job -eq 'Settings').Figures | Should -BeLike '1 RostrvmSettings: Port=*'
    }

    It 'gives later jobs the output of earlier ones' {
        ($result.Jobs | Where-Object Job -eq 'Reads').Figures | Should -Be '1 String: Length=29'
        $said.MessageData.Message | Should -Contain ('  {0,-18} succeeded in {1:N1} s: 1 String: Length=29' -f 'Reads', ($result.Jobs | Where-Object Job -eq 'Reads').DurationSeconds)
    }

    It 'writes the history file and reads it back the same' {
        $result.HistoryFile | Should -Exist
        $stored = @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -RunName Custom)
        $stored.Count | Should -Be 6
        ($stored | Where-Object Job -eq 'Throws').ErrorMessage | Should -Be 'no luck on 2026-03-01'
        ($stored | Where-Object Job -eq 'Warns').Warnings | Should -Be @('disk nearly full')
    }

    It 'writes a transcript with every job and error into the log folder' {
        $result.TranscriptPath | Should -BeLike (Join-Path $root 'logs/RostrvmMaintenance-Custom-*.log')
        $text = Get-Content $result.TranscriptPath -Raw
        $text | Should -BeLike '*Settings*succeeded*'
        $text | Should -BeLike '*Throws*FAILED*no luck on 2026-03-01*'
        $text | Should -BeLike '*WARNING: Warns: disk nearly full*'
        $text | Should -BeLike '*3 succeeded, 3 failed (Throws, Missing, SoftErrors)*'
    }

    It 'rejects a job without an action' {
        { Invoke-RostrvmMaintenance -Name Bad -Job @{ Name = 'x' } -ConfigurationPath $settings -ErrorAction Stop } | Should -Throw -ErrorId (& $fqid 'MaintenanceJobInvalid')
    }

    It 'waits for a run in another process, then fails clearly and records it' {
        $log = Join-Path $TestDrive 'holder.log'
        $ready = Join-Path $TestDrive 'holder.ready'
        $command = "Import-Module '$(Get-TestModulePath)'; Invoke-RostrvmMaintenance -Name Holder -ConfigurationPath '$settings' -Job @{ Name = 'Sleep'; Action = { Set-Content '$ready' 'x'; Start-Sleep -Seconds 60 } }"
        $holder = Start-TestPwsh -Command $command -LogPath $log
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path $ready) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            $ready | Should -Exist
            $blocked = Invoke-RostrvmMaintenance -Name Second -Job $jobs[0] -ConfigurationPath $settings -WarningVariable warned -WarningAction SilentlyContinue 6>$null
            $blocked.Failed | Should -Be 1
            $blocked.Jobs.Job | Should -Be 'MaintenanceLock'
            $blocked.Jobs[0].ErrorId | Should -Be 'MaintenanceLockTimeout'
            $blocked.Jobs[0].ErrorMessage | Should -BeLike "*Holder run, process $($holder.Id)*waited 1 s*"
            ($warned -join ' ') | Should -BeLike '*LockTimeoutSeconds*'
            (Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -RunName Second -Failed).Job | Should -Be 'MaintenanceLock'
        }
        finally {
            Stop-Process -Id $holder.Id -Force -ErrorAction SilentlyContinue
            $holder.WaitForExit(10000) | Out-Null
        }
        # The holder died without releasing: the next run takes the lock over and says so.
        $after = Invoke-RostrvmMaintenance -Name Third -Job $jobs[0] -ConfigurationPath $settings -WarningVariable taken -WarningAction SilentlyContinue 6>$null
        $after.Failed | Should -Be 0
        ($taken -join ' ') | Should -BeLike "*Holder run, process $($holder.Id)*taken over*"
    }

    It 'makes the shipped scripts exit 2, running nothing, for an unknown job or broken settings' {
        $unknown = Invoke-TestPwsh -File (Get-ModuleScript 'Invoke-RostrvmNightlyMaintenance.ps1') -ArgumentList '-ConfigurationPath', $settings, '-Job', 'MisExport,Coffee'
        $unknown.ExitCode | Should -Be 2
        $unknown.Text | Should -BeLike '*Unknown job(s): Coffee*'
        $broken = Join-Path $TestDrive 'broken.json'
        Set-Content $broken '{ "Port": '
        $bad = Invoke-TestPwsh -File (Get-ModuleScript 'Invoke-RostrvmWeeklyMaintenance.ps1') -ArgumentList '-ConfigurationPath', $broken
        $bad.ExitCode | Should -Be 2
        $bad.Text | Should -BeLike '*not valid JSON*No maintenance ran*'
        @(Get-RostrvmMaintenanceHistory -ConfigurationPath $settings -RunName Nightly, Weekly -Days 1).Count | Should -Be 0
    }
}
