# A log's zip is never more readable than the log: the same (or a stricter) mode and, when the
# job runs as root, the log's owner and group. The month folder the job creates is 0700.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'LogTestSupport.psm1') -Force
    $script:now = [datetime]::new(2026, 11, 25, 2, 0, 0, [System.DateTimeKind]::Local)
}

Describe 'Compress-RostrvmLog file modes' -Skip:($IsWindows) {
    BeforeAll {
        $dir = New-TestLogDirectory
        $config = New-TestRoot -Sandbox $sandbox -Settings @{ LogPath = $dir }
        $modes = [ordered]@{ 'A_20261101.log' = '640'; 'B_20261101.log' = '600'; 'C_20261101.log' = '644'; 'D_20261101.log' = '604';
            'E_20261101.log' = '755' }
        $owners = @{}
        foreach ($name in $modes.Keys) {
            $path = New-TestLog -Path (Join-Path $dir $name) -LastWrite '2026-11-01 12:00'
            & chmod $modes[$name] $path
            # As root the test hands some logs to another account, as the product's service would own them.
            if ($name -in 'A_20261101.log', 'D_20261101.log') { & chown 'nobody:nogroup' $path }
            $owners[$name] = (& stat -c '%u:%g' $path)
        }
        Compress-RostrvmLog -ConfigurationPath $config -Now $now | Out-Null
    }
    AfterAll { Remove-Item $dir -Recurse -Force }

    It 'gives the zip of a <_> log the same mode, never wider, and the same owner' -ForEach @('A_20261101.log', 'B_20261101.log',
        'C_20261101.log', 'D_20261101.log', 'E_20261101.log') {
        $zip = Join-Path (Join-Path $dir 'Nov26') "$_.zip"
        $zip | Should -Exist
        Test-Path (Join-Path $dir $_) | Should -BeFalse
        $expected = [Convert]::ToInt32($modes[$_], 8) -band 0x1B6
        [int][System.IO.File]::GetUnixFileMode($zip) |
            Should -Be $expected -Because "a $($modes[$_]) log gives a zip no more readable (and never executable)"
        & stat -c '%u:%g' $zip | Should -Be $owners[$_]
    }

    It 'creates the month folder owner-only (0700)' {
        [int][System.IO.File]::GetUnixFileMode((Join-Path $dir 'Nov26')) | Should -Be 448
    }
}
