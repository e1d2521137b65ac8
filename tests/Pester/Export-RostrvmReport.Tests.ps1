# Export-RostrvmReport: two "servers" (two private sandboxes) in one morning report, one of them as
# remoting delivers its objects (serialized, with PSComputerName). The page is checked in a real
# browser: headless chromium renders it to a DOM and to a PNG.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recoverability.TestSupport.psm1') -Force
    $quiet = @{ StorageWarningPercent = 0; StorageWarningDays = 0 }
    $a = New-RecoverabilityServer -Name 'report-a' -Settings $quiet
    $b = New-RecoverabilityServer -Name 'report-b' -Settings $quiet
    Test-RostrvmBackup -ConfigurationPath $a.Config -Path $a.Backup.Path | Out-Null

    # Server A: five good nights of binlog copies and storage samples, two weekly full backups.
    $tonight = (Get-Date).Date.AddHours(2)
    $nightly = @(
        @{ Name = 'BinlogCopy'; Command = 'Backup-RostrvmBinlog'; Action = { param(
            $run) Backup-RostrvmBinlog -ConfigurationPath $run.ConfigurationPath -Confirm:$false } }
        @{ Name = 'StorageReport'; Command = 'Get-RostrvmStorageReport'; Action = { param(
            $run) Get-RostrvmStorageReport -ConfigurationPath $run.ConfigurationPath } }
    )
    $weekly = @(@{ Name = 'FullBackup'; Command = 'Backup-RostrvmDatabase'; Action = { param(
        $run) Backup-RostrvmDatabase -ConfigurationPath $run.ConfigurationPath -Confirm:$false } })
    foreach ($d in 4..0) {
        Invoke-SandboxClient -Sandbox $a.Sandbox -Database rv -Query ("INSERT INTO rv.t (v) SELECT CONCAT('night ', $d, ' ', seq) FROM " +
            "seq_1_to_2000") | Out-Null
        Invoke-RostrvmMaintenance -ConfigurationPath $a.Config -Name Nightly -Job $nightly -Now $tonight.AddDays(
            -$d) -NoTranscript 6>$null | Out-Null
    }
    foreach ($d in 7, 0) { Invoke-RostrvmMaintenance -ConfigurationPath $a.Config -Name Weekly -Job $weekly -Now $tonight.AddDays(
        -$d).AddHours(1) -NoTranscript 6>$null | Out-Null }
    Test-RostrvmBackup -ConfigurationPath $a.Config -Path (Get-RostrvmBackup -ConfigurationPath $a.Config | Where-Object Complete |
        Select-Object -First 1).Path | Out-Null

    # Server B: an untested backup and a binlog copy that failed the last two nights.
    $broken = @(@{ Name = 'BinlogCopy'; Command = 'Backup-RostrvmBinlog'; Action = { param(
        $run) throw 'the binlog folder is not reachable' } })
    foreach ($d in 1, 0) { Invoke-RostrvmMaintenance -ConfigurationPath $b.Config -Name Nightly -Job $broken -Now $tonight.AddDays(
        -$d) -NoTranscript 6>$null 2>$null | Out-Null }

    function Get-ServerObject($Server) {
        Test-RostrvmRecoverability -ConfigurationPath $Server.Config
        Get-RostrvmStorageReport -ConfigurationPath $Server.Config -WarningAction SilentlyContinue
        Get-RostrvmMaintenanceHistory -ConfigurationPath $Server.Config -Days 40
    }
    function ConvertTo-Remoted($InputObject, [string] $ComputerName) {
        # What Invoke-Command hands back: a deserialized copy carrying PSComputerName.
        foreach ($o in $InputObject) {
            $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($o, 3))
            $copy | Add-Member -NotePropertyName PSComputerName -NotePropertyValue $ComputerName -PassThru
        }
    }
    $objectsA = @(ConvertTo-Remoted (Get-ServerObject $a) 'site-a')
    $objectsB = @(ConvertTo-Remoted (Get-ServerObject $b) 'site-b')
    $report = Join-Path $TestDrive 'morning.html'
    $file = @($objectsA + $objectsB) | Export-RostrvmReport -Path $report
    $html = Get-Content $report -Raw

    $chromium = (Get-Command chromium -ErrorAction Stop).Source
    $png = Join-Path $TestDrive 'morning.png'
    $url = [System.Uri]::new($report).AbsoluteUri
    $dom = (& timeout 120 $chromium --headless --no-sandbox --disable-gpu --dump-dom $url 2>$null) -join "`n"
    & timeout 120 $chromium --headless --no-sandbox --disable-gpu "--screenshot=$png" --window-size=1200,2000 $url 2>$null | Out-Null
    & timeout 120 $chromium --headless --no-sandbox --disable-gpu "--screenshot=$(Join-Path $TestDrive 'phone.png')" `
        --window-size=390,2000 $url 2>$null | Out-Null

    function Get-Section([string] $Server) {
        $m = [regex]::Match($dom, "(?s)<section class=""server""[^>]*data-server=""$Server"".*?</section>")
        if (-not $m.Success) { throw "no section for $Server in the rendered page" }
        $m.Value
    }
    function Get-Plot([string] $Section, [string] $Plot) {
        $m = [regex]::Match($Section, "(?s)<svg[^>]*data-plot=""$Plot""[^>]*>.*?</svg>")
        if (-not $m.Success) { throw "no $Plot plot" }
        $m.Value
    }
    function Get-Series([string] $Svg) {
        foreach ($g in [regex]::Matches($Svg,
            '(?s)<g class="series" data-series="(?<name>[^"]+)" data-points="(?<n>\d+)">(?<body>.*?)</g>')) {
            [pscustomobject]@{ Name = $g.Groups['name'].Value; Declared = [int]$g.Groups['n'].Value; Circles = [regex]::Matches(
                $g.Groups['body'].Value, '<circle').Count }
        }
    }
}

AfterAll {
    Remove-RecoverabilityServer $a
    Remove-RecoverabilityServer $b
}

Describe 'Export-RostrvmReport' {
    It 'writes one self-contained page: inline CSS and SVG, no script, nothing fetched' {
        $file.FullName | Should -Be $report
        $html | Should -Match '<style>'
        $html | Should -Not -Match '<script|<link|<img|src='
        ([regex]::Matches($html, 'https?://') | Where-Object Value -ne 'http://' | Measure-Object).Count | Should -Be 0
        ([regex]::Matches($html, 'http://(?!www\.w3\.org/2000/svg)')).Count | Should -Be 0
        $html | Should -Match 'name="viewport"'
        $html | Should -Match '@media \(max-width:600px\)'
    }

    It 'renders in chromium with one row per server and its verdict and reason' {
        $dom | Should -Match '<h1>Rostrvm morning report</h1>'
        $dom | Should -Match '<tr data-server="site-a" data-verdict="Green">'
        $dom | Should -Match '<tr data-server="site-b" data-verdict="Red">'
        [regex]::Match($dom, '(?s)<tr data-server="site-b".*?</tr>').Value | Should -Match 'BinlogCopy failed its last two runs'
        (Get-Section 'site-b') | Should -Match 'has never passed Test-RostrvmBackup'
        (Get-Section 'site-a') | Should -Match 'verdict-green">Green<'
    }

    It 'plots space over time from the nightly storage figures, with the projection' {
        $series = @(Get-Series (Get-Plot (Get-Section 'site-a') 'space'))
        ($series | Where-Object Name -eq 'Used').Circles | Should -Be 5
        ($series | Where-Object Name -eq 'Projection').Circles | Should -Be 2
        $series | ForEach-Object { $_.Circles | Should -Be $_.Declared }
        $series.Count | Should -Be 2
        $free = @(Get-Series (Get-Plot (Get-Section 'site-a') 'free'))
        $free.Count | Should -Be 1
        $free[0].Name | Should -Be 'Free'
        $free[0].Circles | Should -Be 5
    }

    It 'plots each storage component over the nights it was sampled, through remoting''s serialisation' {
        $components = @(Get-Series (Get-Plot (Get-Section 'site-a') 'components'))
        $components.Name | Should -Contain 'Database'
        $components.Name | Should -Contain 'Backups'
        $components.Name | Should -Contain 'BinlogBackups'
        foreach ($c in $components) {
            $c.Circles | Should -Be 5 -Because "$($c.Name) was sampled on each of the five nights"
            $c.Declared | Should -Be $c.Circles
        }
    }

    It 'draws 30 nights per job, coloured by outcome' {
        $grid = Get-Plot (Get-Section 'site-a') 'nights'
        $grid | Should -Match 'data-jobs="3" data-nights="30"'
        ([regex]::Matches($grid, '<rect class="cell')).Count | Should -Be 90
        ([regex]::Matches($grid, 'data-outcome="Succeeded"')).Count | Should -Be 12
        ([regex]::Matches($grid, 'data-outcome="Failed"')).Count | Should -Be 0
        $gridB = Get-Plot (Get-Section 'site-b') 'nights'
        ([regex]::Matches($gridB, 'data-outcome="Failed"')).Count | Should -Be 2
    }

    It 'plots full backup size and duration per weekly run, and the recoverable window against now' {
        $size = @(Get-Series (Get-Plot (Get-Section 'site-a') 'backup-size'))
        $size.Count | Should -Be 1
        $size[0].Circles | Should -Be 2
        @(Get-Series (Get-Plot (Get-Section 'site-a') 'backup-duration'))[0].Circles | Should -Be 2
        $window = Get-Plot (Get-Section 'site-a') 'window'
        $window | Should -Match 'class="window-ok"'
        $window | Should -Not -Match 'class="window-lost"'
        $window | Should -Match 'class="now"'
    }

    It 'writes a screenshot at desktop and phone width' {
        (Get-Item $png).Length | Should -BeGreaterThan 10000
        (Get-Item (Join-Path $TestDrive 'phone.png')).Length | Should -BeGreaterThan 5000
        $bytes = [System.IO.File]::ReadAllBytes($png)
        $bytes[1..3] | Should -Be @(0x50, 0x4E, 0x47)
    }

    It 'refuses an object it cannot draw, and writes nothing under -WhatIf' {
        $other = Join-Path $TestDrive 'other.html'
        [pscustomobject]@{ Name = 'x' } | Export-RostrvmReport -Path $other -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -Be 'ReportInputUnsupported,Rostrvm.PowerShell.Commands.ExportRostrvmReportCommand'
        $objectsA | Export-RostrvmReport -Path (Join-Path $TestDrive 'whatif.html') -WhatIf
        Test-Path (Join-Path $TestDrive 'whatif.html') | Should -BeFalse
    }
}
