# Register-, Get- and Unregister-RostrvmMaintenanceTask: task XML checked against the task
# schema, systemd units checked by systemd-analyze, the cron file's command run by /bin/sh.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $fqid = { param($id, $cmd = 'RegisterRostrvmMaintenanceTaskCommand') "$id,Rostrvm.PowerShell.Commands.$cmd" }
    $settings = New-TestRoot -Sandbox $sandbox -Settings @{ TaskAccount = 'root' }
    $root = Split-Path $settings -Parent
    $ns = @{ t = 'http://schemas.microsoft.com/windows/2004/02/mit/task' }
    # systemd-analyze comes with the systemd package (CI installs it); install it here if missing.
    if (-not (Get-Command systemd-analyze -ErrorAction SilentlyContinue) -and -not $IsWindows) {
        & apt-get -o DPkg::Lock::Timeout=300 install -y -q systemd 2>&1 | Out-Null
    }
    $analyze = Get-Command systemd-analyze -ErrorAction SilentlyContinue
}

Describe 'Register-RostrvmMaintenanceTask -Scheduler TaskScheduler (XML on any system)' {
    BeforeAll {
        $xmlDir = Join-Path $TestDrive 'xml'
        $tasks = @(Register-RostrvmMaintenanceTask -ConfigurationPath $settings -Scheduler TaskScheduler -Path $xmlDir -WarningAction SilentlyContinue)
    }

    It 'writes one UTF-16 task file per task, named after the task' {
        $tasks.Name | Should -Be @('Nightly', 'Weekly')
        $tasks.State | Sort-Object -Unique | Should -Be 'Written'
        foreach ($name in 'Rostrvm Nightly Maintenance', 'Rostrvm Weekly Maintenance') {
            $file = Join-Path $xmlDir "$name.xml"
            $file | Should -Exist
            $bytes = [System.IO.File]::ReadAllBytes($file)
            $bytes[0..1] | Should -Be @(0xFF, 0xFE) -Because 'schtasks /XML reads UTF-16 with a byte order mark'
        }
    }

    It "has every element the task schema requires, with the settings' times" {
        [xml]$nightly = Get-Content (Join-Path $xmlDir 'Rostrvm Nightly Maintenance.xml') -Raw -Encoding Unicode
        [xml]$weekly = Get-Content (Join-Path $xmlDir 'Rostrvm Weekly Maintenance.xml') -Raw -Encoding Unicode
        foreach ($doc in $nightly, $weekly) {
            $doc.DocumentElement.LocalName | Should -Be 'Task'
            $doc.DocumentElement.NamespaceURI | Should -Be $ns.t
            $doc.DocumentElement.version | Should -Be '1.2'
            (Select-Xml -Xml $doc -XPath '/t:Task/t:Actions/t:Exec/t:Command' -Namespace $ns).Node.InnerText | Should -Not -BeNullOrEmpty
            (Select-Xml -Xml $doc -XPath '/t:Task/t:Principals/t:Principal/t:UserId' -Namespace $ns).Node.InnerText | Should -Be 'root'
            (Select-Xml -Xml $doc -XPath '/t:Task/t:Settings/t:MultipleInstancesPolicy' -Namespace $ns).Node.InnerText | Should -Be 'IgnoreNew'
            (Select-Xml -Xml $doc -XPath '/t:Task/t:Actions/t:Exec/t:Arguments' -Namespace $ns).Node.InnerText | Should -BeLike "*-ConfigurationPath*$settings*"
        }
        (Select-Xml -Xml $nightly -XPath '//t:CalendarTrigger/t:StartBoundary' -Namespace $ns).Node.InnerText | Should -BeLike '*T02:00:00'
        (Select-Xml -Xml $nightly -XPath '//t:CalendarTrigger/t:ScheduleByDay/t:DaysInterval' -Namespace $ns).Node.InnerText | Should -Be '1'
        (Select-Xml -Xml $weekly -XPath '//t:CalendarTrigger/t:StartBoundary' -Namespace $ns).Node.InnerText | Should -BeLike '*T03:00:00'
        (Select-Xml -Xml $weekly -XPath '//t:ScheduleByWeek/t:DaysOfWeek/t:Sunday' -Namespace $ns).Node | Should -Not -BeNullOrEmpty
        (Select-Xml -Xml $weekly -XPath '//t:Exec/t:Arguments' -Namespace $ns).Node.InnerText | Should -BeLike '*Invoke-RostrvmWeeklyMaintenance.ps1*'
    }

    It 'reads the files back with Get-RostrvmMaintenanceTask' {
        $read = @(Get-RostrvmMaintenanceTask -Scheduler TaskScheduler -Path $xmlDir)
        $read.Name | Should -Be @('Nightly', 'Weekly')
        $read[1].Schedule | Should -Be 'Sunday at 03:00'
        $read[1].NextRun.DayOfWeek | Should -Be 'Sunday'
    }

    It 'needs a folder for the XML where there is no Task Scheduler' -Skip:$IsWindows {
        { Register-RostrvmMaintenanceTask -ConfigurationPath $settings -Scheduler TaskScheduler -ErrorAction Stop } | Should -Throw -ErrorId (& $fqid 'TaskXmlPathRequired')
    }
}

Describe 'Register-RostrvmMaintenanceTask -Scheduler Systemd' {
    BeforeAll {
        $units = Join-Path $TestDrive 'units'
        $registered = @(Register-RostrvmMaintenanceTask -ConfigurationPath $settings -Scheduler Systemd -Path $units -WarningVariable unitWarnings -WarningAction SilentlyContinue)
    }

    It 'writes a oneshot service and a persistent timer per task' {
        (Get-ChildItem $units).Name | Sort-Object | Should -Be @('rostrvm-nightly.service', 'rostrvm-nightly.timer', 'rostrvm-weekly.service', 'rostrvm-weekly.timer')
        $timer = Get-Content (Join-Path $units 'rostrvm-weekly.timer') -Raw
        $timer | Should -Match '(?m)^OnCalendar=Sun \*-\*-\* 03:00:00$'
        $timer | Should -Match '(?m)^Persistent=true$'
        (Get-Content (Join-Path $units 'rostrvm-nightly.timer') -Raw) | Should -Match '(?m)^OnCalendar=\*-\*-\* 02:00:00$'
        $service = Get-Content (Join-Path $units 'rostrvm-nightly.service') -Raw
        $service | Should -Match '(?m)^Type=oneshot$'
        $service | Should -Match "(?m)^ExecStart=.*Invoke-RostrvmNightlyMaintenance\.ps1 -ConfigurationPath $([regex]::Escape($settings))$"
        $registered.State | Sort-Object -Unique | Should -Be 'Written'
        ($unitWarnings -join ' ') | Should -BeLike '*systemctl*'
    }

    It 'passes systemd-analyze verify' -Skip:($IsWindows) {
        $analyze | Should -Not -BeNullOrEmpty -Because 'systemd-analyze (package systemd) is installed by the test setup'
        $out = & systemd-analyze verify --man=no (Join-Path $units 'rostrvm-nightly.service') (Join-Path $units 'rostrvm-nightly.timer') (Join-Path $units 'rostrvm-weekly.service') (Join-Path $units 'rostrvm-weekly.timer') 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out | Where-Object { "$_" -match 'rostrvm' }) | Should -BeNullOrEmpty -Because ($out -join "`n")
    }

    It 'shows the registered timers, their schedule and next run' {
        $found = @(Get-RostrvmMaintenanceTask -Scheduler Systemd -Path $units)
        $found.Name | Should -Be @('Nightly', 'Weekly')
        $found[0].TaskName | Should -Be 'rostrvm-nightly.timer'
        $found[0].Schedule | Should -Be 'daily at 02:00'
        $expected = if ((Get-Date).TimeOfDay -lt [timespan]'02:00') { (Get-Date).Date.AddHours(2) } else { (Get-Date).Date.AddDays(1).AddHours(2) }
        $found[0].NextRun | Should -Be $expected
        $found[0].Account | Should -Be 'root'
        $found[0].Files.Count | Should -Be 2
    }

    It 'follows changed settings when registered again, adding the recording archive at its own time' {
        $changed = New-TestRoot -Sandbox $sandbox -Settings @{ NightlyTime = '01:30'; WeeklyDay = 'Saturday'; RecordingArchiveTime = '04:15' }
        $again = @(Register-RostrvmMaintenanceTask -ConfigurationPath $changed -Scheduler Systemd -Path $units -WarningAction SilentlyContinue)
        $again.Name | Should -Be @('Nightly', 'Weekly', 'RecordingArchive')
        (Get-Content (Join-Path $units 'rostrvm-nightly.timer') -Raw) | Should -Match '(?m)^OnCalendar=\*-\*-\* 01:30:00$'
        (Get-Content (Join-Path $units 'rostrvm-weekly.timer') -Raw) | Should -Match '(?m)^OnCalendar=Sat \*-\*-\* 03:00:00$'
        (Get-Content (Join-Path $units 'rostrvm-recording-archive.service') -Raw) | Should -Match '(?m)-Job RecordingArchive$'
        # Back to one nightly time: the archive's own units go.
        Register-RostrvmMaintenanceTask -ConfigurationPath $settings -Scheduler Systemd -Path $units -WarningAction SilentlyContinue | Out-Null
        Join-Path $units 'rostrvm-recording-archive.timer' | Should -Not -Exist
        @(Get-ChildItem $units).Count | Should -Be 4
    }

    It 'changes nothing with -WhatIf' {
        $empty = Join-Path $TestDrive 'whatif'
        Register-RostrvmMaintenanceTask -ConfigurationPath $settings -Scheduler Systemd -Path $empty -WhatIf
        @(Get-ChildItem $empty -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'removes the units with Unregister-RostrvmMaintenanceTask' {
        Unregister-RostrvmMaintenanceTask -Scheduler Systemd -Path $units -Name Weekly -Confirm:$false
        (Get-ChildItem $units).Name | Sort-Object | Should -Be @('rostrvm-nightly.service', 'rostrvm-nightly.timer')
        Get-RostrvmMaintenanceTask -Scheduler Systemd -Path $units | Unregister-RostrvmMaintenanceTask -Scheduler Systemd -Path $units -Confirm:$false
        @(Get-ChildItem $units).Count | Should -Be 0
    }

    It 'reports a bad time in the settings with ScheduleTimeInvalid' {
        $bad = New-TestRoot -Sandbox $sandbox -Settings @{ NightlyTime = '25:99' }
        { Register-RostrvmMaintenanceTask -ConfigurationPath $bad -Scheduler Systemd -Path (Join-Path $TestDrive 'bad') -ErrorAction Stop } | Should -Throw -ErrorId (& $fqid 'ScheduleTimeInvalid')
    }
}

Describe 'Register-RostrvmMaintenanceTask -Scheduler Cron' {
    BeforeAll {
        # Stand-in scripts in a folder with a space, recording how they were called.
        $scripts = Join-Path $TestDrive "my scripts"
        New-Item -ItemType Directory -Force -Path $scripts | Out-Null
        $called = Join-Path $TestDrive 'called.txt'
        foreach ($name in 'Invoke-RostrvmNightlyMaintenance.ps1', 'Invoke-RostrvmWeeklyMaintenance.ps1') {
            Set-Content (Join-Path $scripts $name) "param(`$ConfigurationPath, [string[]] `$Job) Add-Content '$called' ('$name|' + `$ConfigurationPath + '|' + (`$Job -join ',') + '|' + (Get-Location).Path); exit 3"
        }
        $cronDir = Join-Path $TestDrive 'cron.d'
        $archive = New-TestRoot -Sandbox $sandbox -Settings @{ RecordingArchiveTime = '05:45'; TaskAccount = 'root' }
        $cron = @(Register-RostrvmMaintenanceTask -ConfigurationPath $archive -Scheduler Cron -Path $cronDir -ScriptPath $scripts)
        $cronFile = Join-Path $cronDir 'rostrvm-maintenance'
    }

    It 'writes one cron.d file with a line per task, readable by cron' {
        $cron.Name | Should -Be @('Nightly', 'Weekly', 'RecordingArchive')
        $cron.State | Sort-Object -Unique | Should -Be 'Registered'
        $lines = Get-Content $cronFile | Where-Object { $_ -match '^\d' }
        $lines.Count | Should -Be 3
        $lines[0] | Should -BeLike '0 2 * * * root *'
        $lines[1] | Should -BeLike '0 3 * * 0 root *'
        $lines[2] | Should -BeLike '45 5 * * * root *'
        if (-not $IsWindows) { (& stat -c '%a' $cronFile) | Should -Be '644' }
    }

    It "runs, through /bin/sh, exactly the script and arguments it names" -Skip:$IsWindows {
        foreach ($line in Get-Content $cronFile | Where-Object { $_ -match '^\d' }) {
            $command = ($line -split '\s+', 7)[6]
            & /bin/sh -c $command
            $LASTEXITCODE | Should -Be 3
        }
        $calls = Get-Content $called
        $calls[0] | Should -Be "Invoke-RostrvmNightlyMaintenance.ps1|$archive||$(Split-Path $archive -Parent)"
        $calls[1] | Should -Be "Invoke-RostrvmWeeklyMaintenance.ps1|$archive||$(Split-Path $archive -Parent)"
        $calls[2] | Should -Be "Invoke-RostrvmNightlyMaintenance.ps1|$archive|RecordingArchive|$(Split-Path $archive -Parent)"
    }

    It 'unregisters one task by rewriting the file, and removes the file with the last' {
        Unregister-RostrvmMaintenanceTask -Scheduler Cron -Path $cronDir -Name RecordingArchive -Confirm:$false
        (Get-RostrvmMaintenanceTask -Scheduler Cron -Path $cronDir).Name | Should -Be @('Nightly', 'Weekly')
        Unregister-RostrvmMaintenanceTask -Scheduler Cron -Path $cronDir -Confirm:$false
        $cronFile | Should -Not -Exist
    }
}
