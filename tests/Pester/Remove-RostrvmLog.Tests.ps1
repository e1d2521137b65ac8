BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'LogTestSupport.psm1') -Force
    $script:now = [datetime]::new(2026, 11, 25, 2, 0, 0, [System.DateTimeKind]::Local)
    $script:cmdlet = 'Rostrvm.PowerShell.Commands.RemoveRostrvmLogCommand'

}

Describe 'Remove-RostrvmLog' {
    It 'deletes the logs and log zips older than -OlderThan days and removes emptied month folders' {
        $dir = New-TestLogDirectory
        try {
            for ($day = $script:now.Date.AddDays(-60); $day -lt $script:now.Date; $day = $day.AddDays(1)) {
                New-TestLog -Path (Join-Path $dir ('CallDirector_{0:yyyyMMdd}.log' -f $day)) -LastWrite $day.AddHours(23) | Out-Null
            }
            foreach ($name in 'Sep26/Old_20260910.log.zip', 'Oct26/Old_20261005.log.zip', 'Oct26/Old_20261030.log.zip') {
                $zip = Join-Path $dir $name
                New-Item -ItemType Directory -Force (Split-Path $zip) | Out-Null
                $source = New-TestLog -Path (Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetFileNameWithoutExtension($name))) -LastWrite '2026-09-01'
                Compress-Archive -LiteralPath $source -DestinationPath $zip
                Remove-Item $source
                $stamp = [datetime]::ParseExact(($name -replace '^.*_(\d{8}).*$', '$1'), 'yyyyMMdd', $null).AddHours(23)
                [System.IO.File]::SetLastWriteTime($zip, $stamp)
            }
            New-TestLog -Path (Join-Path $dir 'Oct26/notes.doc') -LastWrite '2026-09-01' | Out-Null

            $result = @(Remove-RostrvmLog -Path $dir -OlderThan 30 -Now $script:now -Confirm:$false)

            $cutoff = $script:now.AddDays(-30)
            $expectedLogs = for ($day = $script:now.Date.AddDays(-60); $day.AddHours(23) -lt $cutoff; $day = $day.AddDays(1)) { 'CallDirector_{0:yyyyMMdd}.log' -f $day }
            $deleted = $result | Where-Object Action -eq 'Deleted'
            ($deleted.Name | Sort-Object) | Should -Be (@($expectedLogs) + 'Old_20260910.log.zip' + 'Old_20261005.log.zip' | Sort-Object)
            foreach ($name in $expectedLogs) { Test-Path (Join-Path $dir $name) | Should -BeFalse }
            @(Get-ChildItem $dir -Filter *.log -File).Count | Should -Be (60 - @($expectedLogs).Count)
            Test-Path (Join-Path $dir 'Sep26') | Should -BeFalse -Because 'it was left empty'
            (Get-ChildItem (Join-Path $dir 'Oct26') -File).Name | Sort-Object | Should -Be @('notes.doc', 'Old_20261030.log.zip')
            ($deleted | Where-Object Name -eq 'Old_20261005.log.zip').MonthFolder | Should -Be 'Oct26'
            $result | Where-Object Action -ne 'Deleted' | Should -BeNullOrEmpty
        }
        finally { Remove-Item $dir -Recurse -Force }
    }

    It 'takes a TimeSpan as well as days, and -WhatIf deletes nothing' {
        $dir = New-TestLogDirectory
        try {
            New-TestLog -Path (Join-Path $dir 'CallDirector_20261120.log') -LastWrite '2026-11-20 23:00' | Out-Null
            New-TestLog -Path (Join-Path $dir 'CallDirector_20261124.log') -LastWrite '2026-11-24 23:00' | Out-Null
            $state = Get-TreeText $dir
            Remove-RostrvmLog -Path $dir -OlderThan (New-TimeSpan -Hours 36) -Now $script:now -WhatIf | Should -BeNullOrEmpty
            Get-TreeText $dir | Should -BeExactly $state
            (Remove-RostrvmLog -Path $dir -OlderThan (New-TimeSpan -Hours 36) -Now $script:now -Confirm:$false).Name | Should -Be 'CallDirector_20261120.log'
            (Get-ChildItem $dir -File | Where-Object Name -like '*.log').Name | Should -Be 'CallDirector_20261124.log'
        }
        finally { Remove-Item $dir -Recurse -Force }
    }

    It 'rejects a zero age and a missing directory with stable error ids' {
        $dir = New-TestLogDirectory
        try {
            { Remove-RostrvmLog -Path $dir -OlderThan 0 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "InvalidOlderThan,$script:cmdlet"
            { Remove-RostrvmLog -Path (Join-Path $dir 'missing') -OlderThan 5 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "LogDirectoryNotFound,$script:cmdlet"
        }
        finally { Remove-Item $dir -Recurse -Force }
    }

    It 'asks for confirmation by default (high impact) and requires -OlderThan' {
        $attribute = (Get-Command Remove-RostrvmLog).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        (Get-Command Remove-RostrvmLog).Parameters['OlderThan'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Mandatory | Should -BeTrue
    }
}
