BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'LogTestSupport.psm1') -Force
    # The fake clock: the nightly run at 02:00 on 25 November 2026.
    $script:now = [datetime]::new(2026, 11, 25, 2, 0, 0, [System.DateTimeKind]::Local)
    $script:cmdlet = 'Rostrvm.PowerShell.Commands.CompressRostrvmLogCommand'
}

Describe 'Compress-RostrvmLog' {
    Context 'a log tree spanning four months' {
        BeforeAll {
            $script:dir = New-TestLogDirectory
            $script:config = New-TestRoot -Sandbox $sandbox -Settings @{ LogPath = $script:dir }
            # The demo's names: <Component>_<yyyyMMdd>.log, written until 23:59 of their day.
            $script:logs = @{}
            for ($day = [datetime]'2026-07-25'; $day -le [datetime]'2026-11-24'; $day = $day.AddDays(1)) {
                foreach ($component in @('CallDirector') + @(if ($day.Day % 7 -eq 0) { 'SuperVisor' })) {
                    $path = Join-Path $script:dir ('{0}_{1:yyyyMMdd}.log' -f $component, $day)
                    New-TestLog -Path $path -LastWrite $day.AddHours(23).AddMinutes(59).AddSeconds(58) -Bytes 2500 | Out-Null
                    $script:logs[(Split-Path $path -Leaf)] = @{ LastWrite = $day.AddHours(23).AddMinutes(59).AddSeconds(58); Hash = (Get-FileHash $path -Algorithm SHA256).Hash }
                }
            }
            New-TestLog -Path (Join-Path $script:dir 'rostrvm.log') -LastWrite $script:now.AddMinutes(-5) | Out-Null
            New-TestLog -Path (Join-Path $script:dir 'notes.doc') -LastWrite '2026-07-01' | Out-Null
            New-TestLog -Path (Join-Path $script:dir 'readme.txt') -LastWrite '2026-07-01' | Out-Null
            New-TestLog -Path (Join-Path $script:dir 'old/inner.log') -LastWrite '2026-07-01' | Out-Null
            New-TestLog -Path (Join-Path $script:dir 'Sep26/kept.log') -LastWrite '2026-07-01' | Out-Null
            $script:before = Get-TreeState $script:dir
            $script:result = @(Compress-RostrvmLog -ConfigurationPath $script:config -Now $script:now -WarningVariable warnings)
            $script:warnings = $warnings
        }
        AfterAll { Remove-Item $script:dir -Recurse -Force }

        It 'zips exactly the logs over two days old into the month folder of their last write' {
            $compressBefore = $script:now.AddDays(-2); $deleteBefore = $script:now.AddDays(-90)
            $expected = $script:logs.Keys | Where-Object { $script:logs[$_].LastWrite -lt $compressBefore -and $script:logs[$_].LastWrite -ge $deleteBefore } | Sort-Object
            @($expected | Where-Object { $_ -like 'CallDirector_*' }).Count | Should -Be (5 + 30 + 31 + 22)  # 27 Aug .. 22 Nov
            $zips = Get-ChildItem $script:dir -Directory | Where-Object Name -match '^[A-Z][a-z]{2}\d\d$' | Get-ChildItem -Filter *.zip -File
            ($zips.Name -replace '\.zip$' | Sort-Object) | Should -Be $expected
            foreach ($zip in $zips) {
                $log = $script:logs[$zip.BaseName]
                $zip.Directory.Name | Should -Be ($log.LastWrite.ToString('MMMyy', [cultureinfo]::InvariantCulture))
                $zip.LastWriteTime | Should -Be $log.LastWrite
                $entry = Get-ZipEntryContent $zip.FullName
                $entry.Count | Should -Be 1
                $entry.Name | Should -Be $zip.BaseName
                $entry.Hash | Should -Be $log.Hash
                $entry.LastWriteTime | Should -Be $log.LastWrite
                Test-Path (Join-Path $script:dir $zip.BaseName) | Should -BeFalse
            }
            (Get-ChildItem $script:dir -Directory).Name | Sort-Object | Should -Be @('Aug26', 'Nov26', 'Oct26', 'old', 'Sep26')
        }

        It 'deletes the logs over 90 days old and leaves the recent ones and other files untouched' {
            foreach ($name in $script:logs.Keys) {
                $lastWrite = $script:logs[$name].LastWrite
                if ($lastWrite -lt $script:now.AddDays(-90)) { Test-Path (Join-Path $script:dir $name) | Should -BeFalse }
                if ($lastWrite -ge $script:now.AddDays(-2)) { (Get-FileHash (Join-Path $script:dir $name)).Hash | Should -Be $script:logs[$name].Hash }
            }
            $after = Get-TreeState $script:dir
            foreach ($kept in 'rostrvm.log', 'notes.doc', 'readme.txt', 'old/inner.log', 'Sep26/kept.log', 'CallDirector_20261123.log', 'CallDirector_20261124.log') {
                $after[$kept] | Should -Be $script:before[$kept] -Because "$kept is not an old log"
            }
        }

        It 'writes one object per file with the action, sizes and ratio' {
            $byAction = $script:result | Group-Object Action -AsHashTable -AsString
            $byAction['Compressed'].Count | Should -Be @($script:logs.Values | Where-Object { $_.LastWrite -lt $script:now.AddDays(-2) -and $_.LastWrite -ge $script:now.AddDays(-90) }).Count
            @($byAction['Compressed'] | Where-Object Name -like 'CallDirector_*').Count | Should -Be 88
            $byAction['Deleted'].Count | Should -Be @($script:logs.Values | Where-Object { $_.LastWrite -lt $script:now.AddDays(-90) }).Count
            @($byAction['Deleted'] | Where-Object Name -like 'CallDirector_*').Count | Should -Be 33  # 25 Jul .. 26 Aug
            $one = $byAction['Compressed'] | Where-Object Name -eq 'CallDirector_20261015.log'
            $one.ZipPath | Should -Be (Join-Path $script:dir 'Oct26/CallDirector_20261015.log.zip')
            $one.MonthFolder | Should -Be 'Oct26'
            $one.Length | Should -Be 2500
            $one.ZipLength | Should -Be (Get-Item $one.ZipPath).Length
            $one.Ratio | Should -Be ([math]::Round($one.ZipLength / 2500, 4))
            $one.PSObject.TypeNames[0] | Should -Be 'Rostrvm.Core.Logs.LogFileResult'
            ($one | Format-Table | Out-String -Width 200) | Should -Match 'Compressed +CallDirector_20261015\.log .* Oct26'
            $script:warnings | Should -BeNullOrEmpty
        }

        It 'changes nothing when run a second time' {
            $state = Get-TreeText $script:dir
            $again = @(Compress-RostrvmLogs -ConfigurationPath $script:config -Now $script:now)
            $again.Count | Should -Be 0
            Get-TreeText $script:dir | Should -BeExactly $state
        }
    }

    It 'lists what it would do under -WhatIf and changes nothing' {
        $dir = New-TestLogDirectory
        try {
            New-TestLog -Path (Join-Path $dir 'CallDirector_20261001.log') -LastWrite '2026-10-01 23:59' | Out-Null
            New-TestLog -Path (Join-Path $dir 'CallDirector_20260701.log') -LastWrite '2026-07-01 23:59' | Out-Null
            $state = Get-TreeText $dir
            $child = Get-ChildPwsh
            $lines = & $child[0] $child[1] -NoProfile -NonInteractive -Command "Import-Module '$(Get-TestModulePath)'; Compress-RostrvmLog -Path '$dir' -Now '2026-11-25 02:00' -WhatIf" 2>&1
            $text = $lines -join "`n"
            $text | Should -Match ([regex]::Escape('Compress into Oct26') + '.CallDirector_20261001\.log\.zip')
            $text | Should -Match 'Delete .*CallDirector_20260701\.log'
            Get-TreeText $dir | Should -BeExactly $state
            Get-ChildItem $dir -Directory | Should -BeNullOrEmpty
        }
        finally { Remove-Item $dir -Recurse -Force }
    }

    It 'killed midway and run again: no log lost, no half zip under a final name, no duplicate' {
        $dir = New-TestLogDirectory
        try {
            $hashes = @{}
            foreach ($i in 1..40) {
                $day = ([datetime]'2026-10-01').AddDays($i % 40)
                $name = 'Trace{0:00}_{1:yyyyMMdd}.log' -f $i, $day
                New-TestLog -Path (Join-Path $dir $name) -LastWrite $day.AddHours(12) -Bytes 1.5MB | Out-Null
                $hashes[$name] = (Get-FileHash (Join-Path $dir $name)).Hash
            }
            $child = Get-ChildPwsh
            $arguments = @($child[1], '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$(Get-TestModulePath)'; Compress-RostrvmLog -Path '$dir' -Now '2026-11-25 02:00' | Out-Null")
            $process = Start-Process -FilePath $child[0] -ArgumentList $arguments -PassThru
            try {
                # Kill it as soon as the first zip is complete: most logs are still to do.
                while (-not $process.HasExited -and -not (Get-ChildItem $dir -Recurse -Filter *.zip -File)) { Start-Sleep -Milliseconds 5 }
                Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
                $process.WaitForExit()
            }
            finally { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force } }

            $leftLogs = @(Get-ChildItem $dir -Filter *.log -File)
            $leftLogs.Count | Should -BeGreaterThan 0 -Because 'the run was killed midway'
            foreach ($zip in Get-ChildItem $dir -Recurse -Filter *.zip -File) {
                (Get-ZipEntryContent $zip.FullName).Hash | Should -Be $hashes[$zip.BaseName] -Because "$($zip.Name) is under its final name, so it must be complete"
            }

            $rerun = @(Compress-RostrvmLog -Path $dir -Now '2026-11-25 02:00')
            $rerun.Action | Where-Object { $_ -notin 'Compressed', 'AlreadyCompressed' } | Should -BeNullOrEmpty
            Get-ChildItem $dir -Filter *.log -File | Should -BeNullOrEmpty
            Get-ChildItem $dir -Recurse -File | Where-Object Name -like '*.rostrvm-partial' | Should -BeNullOrEmpty
            $zips = @(Get-ChildItem $dir -Recurse -Filter *.zip -File)
            ($zips.BaseName | Sort-Object) | Should -Be ($hashes.Keys | Sort-Object) -Because 'every log is in exactly one zip'
            foreach ($zip in $zips) { (Get-ZipEntryContent $zip.FullName).Hash | Should -Be $hashes[$zip.BaseName] }
        }
        finally { Remove-Item $dir -Recurse -Force }
    }

    Context 'bad input' {
        It 'fails clearly when the log directory does not exist' {
            $missing = Join-Path ([System.IO.Path]::GetTempPath()) 'rostrvm-no-such-logs'
            { Compress-RostrvmLog -Path $missing -ErrorAction Stop } | Should -Throw -ErrorId "LogDirectoryNotFound,$script:cmdlet"
            $err = $null
            try { Compress-RostrvmLog -Path $missing -ErrorAction Stop } catch { $err = $_ }
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match ([regex]::Escape($missing))
        }

        It 'skips and reports a log that another process holds open for writing' {
            $dir = New-TestLogDirectory
            $held = New-TestLog -Path (Join-Path $dir 'RtmServer_20261110.log') -LastWrite '2026-11-10 23:59'
            $free = New-TestLog -Path (Join-Path $dir 'RtmServer_20261111.log') -LastWrite '2026-11-11 23:59'
            $hash = (Get-FileHash $held).Hash
            # A writer that keeps the file open (O_APPEND) and does nothing else.
            $start = [System.Diagnostics.ProcessStartInfo]::new('sh')
            foreach ($a in '-c', 'exec 3>>"$0"; exec sleep 300', $held) { $start.ArgumentList.Add($a) }
            $writer = [System.Diagnostics.Process]::Start($start)
            try {
                $deadline = (Get-Date).AddSeconds(30)
                while (-not (Get-ChildItem "/proc/$($writer.Id)/fd" -ErrorAction SilentlyContinue | Where-Object { $_.LinkTarget -eq $held })) {
                    if ($writer.HasExited -or (Get-Date) -gt $deadline) { throw "The writer process did not open $held." }
                    Start-Sleep -Milliseconds 20
                }
                [System.IO.File]::SetLastWriteTime($held, '2026-11-10 23:59')
                $result = @(Compress-RostrvmLog -Path $dir -Now $script:now -WarningVariable warnings -WarningAction SilentlyContinue)
                $skipped = $result | Where-Object Name -eq 'RtmServer_20261110.log'
                $skipped.Action | Should -Be 'Skipped'
                $skipped.Reason | Should -Be 'InUse'
                $warnings -join ' ' | Should -Match 'RtmServer_20261110\.log.*open for writing'
                (Get-FileHash $held).Hash | Should -Be $hash
                Test-Path (Join-Path $dir 'Nov26/RtmServer_20261110.log.zip') | Should -BeFalse
                ($result | Where-Object Name -eq 'RtmServer_20261111.log').Action | Should -Be 'Compressed'
                Test-Path $free | Should -BeFalse
            }
            finally { Stop-Process -Id $writer.Id -Force -ErrorAction SilentlyContinue; $writer.WaitForExit() }
            # Once the writer is gone the next run takes it.
            (Compress-RostrvmLog -Path $dir -Now $script:now).Action | Should -Be 'Compressed'
            (Get-ZipEntryContent (Join-Path $dir 'Nov26/RtmServer_20261110.log.zip')).Hash | Should -Be $hash
            Remove-Item $dir -Recurse -Force
        }

        It 'reports a month folder name that already exists as a file and keeps those logs' {
            $dir = New-TestLogDirectory
            try {
                Set-Content (Join-Path $dir 'Oct26') 'a file, not a folder'
                $october = New-TestLog -Path (Join-Path $dir 'CallDirector_20261010.log') -LastWrite '2026-10-10 23:59'
                New-TestLog -Path (Join-Path $dir 'CallDirector_20261110.log') -LastWrite '2026-11-10 23:59' | Out-Null
                $result = @(Compress-RostrvmLog -Path $dir -Now $script:now -ErrorVariable failures -ErrorAction SilentlyContinue)
                $failures.Count | Should -Be 1
                $failures[0].FullyQualifiedErrorId | Should -Be "MonthFolderIsFile,$script:cmdlet"
                $failures[0].TargetObject | Should -Be (Join-Path $dir 'Oct26')
                Test-Path $october | Should -BeTrue
                Get-Content (Join-Path $dir 'Oct26') | Should -Be 'a file, not a folder'
                $result.Name | Should -Be 'CallDirector_20261110.log'
                Test-Path (Join-Path $dir 'Nov26/CallDirector_20261110.log.zip') | Should -BeTrue
            }
            finally { Remove-Item $dir -Recurse -Force }
        }

        It 'keeps the originals when the disk is full' {
            $mount = New-TestLogDirectory
            & mount -t tmpfs -o size=1m tmpfs $mount
            $LASTEXITCODE | Should -Be 0
            try {
                # Incompressible logs: 2 x 400 KB on a 1 MB file system leaves no room for either zip.
                $a = New-TestLog -Path (Join-Path $mount 'CallDirector_20261101.log') -LastWrite '2026-11-01 23:59' -Bytes 400KB -Random
                $b = New-TestLog -Path (Join-Path $mount 'CallDirector_20261102.log') -LastWrite '2026-11-02 23:59' -Bytes 400KB -Random
                $state = Get-TreeText $mount
                $result = @(Compress-RostrvmLog -Path $mount -Now $script:now -ErrorVariable failures -ErrorAction SilentlyContinue)
                $failures.Count | Should -Be 1
                $failures[0].FullyQualifiedErrorId | Should -Be "DiskFull,$script:cmdlet"
                $failures[0].CategoryInfo.Category | Should -Be 'WriteError'
                $result | Should -BeNullOrEmpty
                Get-TreeText $mount | Should -BeExactly $state
                (Get-TreeState $mount).Keys | Should -Be @('CallDirector_20261101.log', 'CallDirector_20261102.log')
                Get-ChildItem $mount -Directory | Should -BeNullOrEmpty -Because 'the month folder made for the failed zips is empty again'
            }
            finally {
                & umount $mount
                Remove-Item $mount -Recurse -Force
            }
        }

        It 'reports a corrupt zip in a month folder and does not delete it blindly' {
            $dir = New-TestLogDirectory
            try {
                # Past the retention, but not a readable zip: not deleted.
                $expired = Join-Path $dir 'Jul26/CallDirector_20260701.log.zip'
                New-Item -ItemType Directory (Split-Path $expired) | Out-Null
                [System.IO.File]::WriteAllBytes($expired, [byte[]](0x50, 0x4B, 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3))
                [System.IO.File]::SetLastWriteTime($expired, '2026-07-01 23:59')
                # Under the name a log wants: the log and the zip are both kept.
                $log = New-TestLog -Path (Join-Path $dir 'CallDirector_20261110.log') -LastWrite '2026-11-10 23:59'
                $target = Join-Path $dir 'Nov26/CallDirector_20261110.log.zip'
                New-Item -ItemType Directory (Split-Path $target) | Out-Null
                Set-Content $target 'PK not really a zip'
                $state = Get-TreeText $dir

                $result = @(Compress-RostrvmLog -Path $dir -Now $script:now -ErrorVariable failures -ErrorAction SilentlyContinue)

                $failures.Count | Should -Be 2
                $failures.FullyQualifiedErrorId | Should -Be @("CorruptZip,$script:cmdlet", "CorruptZip,$script:cmdlet")
                ($failures.TargetObject | Sort-Object) | Should -Be (@($expired, $target) | Sort-Object)
                $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
                $result | Should -BeNullOrEmpty
                Get-TreeText $dir | Should -BeExactly $state
            }
            finally { Remove-Item $dir -Recurse -Force }
        }
    }

    It 'is also called Compress-RostrvmLogs and confirms at medium impact' {
        (Get-Alias Compress-RostrvmLogs).ResolvedCommandName | Should -Be 'Compress-RostrvmLog'
        $attribute = (Get-Command Compress-RostrvmLog).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.SupportsShouldProcess | Should -BeTrue
        $attribute.ConfirmImpact | Should -Be 'Medium'
    }
}
