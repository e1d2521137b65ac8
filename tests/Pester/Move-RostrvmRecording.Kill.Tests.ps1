# Safety rule 2 (docs/ARCHITECTURE.md, safety rule 2): kill the archiver at any moment, run it again, and every
# recording is in the database or in exactly one verified archive, byte for byte.
BeforeDiscovery {
    # Seeded choice of crash points: the step and which occurrence of it.
    $random = [System.Random]::new(20261125)
    $steps = @{ 'entry-written' = 55; 'archive-flushed' = 8; 'archive-verified' = 8; 'marker-written' = 8; 'archive-renamed' = 8; 'row-updated' = 55; 'db-committed' = 8 }
    $stepNames = @($steps.Keys | Sort-Object)
    $faultCases = for ($i = 0; $i -lt 15; $i++) {
        $step = $stepNames[$i % $stepNames.Count]
        @{ Seed = $i; Fault = '{0}:{1}' -f $step, $random.Next(1, $steps[$step] + 1) }
    }
    $delayCases = for ($i = 0; $i -lt 5; $i++) { @{ Seed = $i; Delay = $random.Next(0, 1200) } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force
    $source = 'rec_kill_src'
    $db = 'rec_kill_test'
    New-RecordingTestDatabase -Sandbox $sandbox -Name $source -Limit 30
    New-RecordingTestDatabase -Sandbox $sandbox -Name $db -Limit 1
    $config = New-TestRoot -Sandbox $sandbox -Database $db
    $root = Split-Path $config -Parent
    $archives = Join-Path $root 'archives'
    $before = (Get-Date).AddYears(1)
    $maxSize = 24KB   # a few recordings per archive: many archives, many crash points
    $kinds = 'Voice', 'Email'
    $expected = @{}
    foreach ($kind in $kinds) { $expected[$kind] = Get-RecordingBody -Sandbox $sandbox -Database $source -Kind $kind }

    function Reset-KillTest {
        $sql = 'SET SESSION sql_mode = '''';'
        foreach ($kind in $kinds) {
            $table = (Get-RecordingKind)[$kind].Table
            $sql += " DELETE FROM $table; INSERT INTO $table SELECT * FROM ``$source``.$table;"
        }
        Invoke-TestSql -Sandbox $sandbox -Database $db -Query $sql
        if (Test-Path $archives) { Remove-Item $archives -Recurse -Force }
    }

    function Start-Archiver([string] $Fault) {
        # The built module in a child PowerShell; the fault variable is set for the child only.
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-TestModulePath)'
[Console]::Out.WriteLine('READY'); [Console]::Out.Flush()
Move-RostrvmRecording -ConfigurationPath '$config' -Kind $($kinds -join ',') -Before ([datetime]'$($before.ToString('o'))') -MaxArchiveSize $maxSize | Out-Null
[Console]::Out.WriteLine('DONE')
"@
        $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($script))
        $info = [System.Diagnostics.ProcessStartInfo]::new()
        $host_ = [Environment]::ProcessPath
        $info.FileName = $host_
        if ([System.IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { $info.ArgumentList.Add([Environment]::GetCommandLineArgs()[0]) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $info.Environment['NO_COLOR'] = '1'
        if ($Fault) { $info.Environment['ROSTRVM_TEST_FAULT'] = $Fault } else { $info.Environment.Remove('ROSTRVM_TEST_FAULT') | Out-Null }
        [System.Diagnostics.Process]::Start($info)
    }

    function Assert-Reconciled {
        $sql = foreach ($kind in $kinds) { $t = (Get-RecordingKind)[$kind].Table; "SELECT '$kind' AS kind, id, archive_file, archive_entry, body IS NULL AS cleared FROM $t" }
        $rows = @(Invoke-TestSql -Sandbox $sandbox -Database $db -Query (($sql -join ' UNION ALL ') + ';'))
        $listed = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -Verify)
        foreach ($kind in $kinds) {
            $ids = @($listed | Where-Object Kind -eq $kind | ForEach-Object { $_.Ids })
            # Every recording in exactly one archive, and nothing else in them.
            ($ids | Sort-Object) | Should -Be ($expected[$kind].Keys | Sort-Object) -Because "$kind recordings must be archived exactly once"
            ($listed | Where-Object Kind -eq $kind | Measure-Object Bytes -Sum).Sum | Should -Be ($expected[$kind].Values | ForEach-Object Bytes | Measure-Object -Sum).Sum
            $byId = @{}
            foreach ($archive in $listed | Where-Object Kind -eq $kind) { foreach ($id in $archive.Ids) { $byId[$id] = $archive.Name } }
            $wrong = foreach ($row in $rows | Where-Object kind -eq $kind) {
                if ($row.cleared -ne '1' -or $row.archive_file -ne $byId[[long]$row.id]) { '{0} {1}: cleared={2} archive_file={3}' -f $kind, $row.id, $row.cleared, $row.archive_file }
            }
            $wrong | Should -BeNullOrEmpty -Because 'every row must have left the database for the archive that holds it'
            # Byte identity: every body back out equals the original.
            $out = Join-Path $root "export-$kind"
            New-Item -ItemType Directory -Force -Path $out | Out-Null
            $files = @(Export-RostrvmRecording -ConfigurationPath $config -Kind $kind -Id ([long[]]@($expected[$kind].Keys)) -Destination $out)
            $files.Count | Should -Be $expected[$kind].Count
            $different = foreach ($file in $files) { if ((Get-FileHash -LiteralPath $file.Path -Algorithm SHA256).Hash -ne $expected[$kind][$file.Id].Sha.ToUpperInvariant()) { $file.Id } }
            $different | Should -BeNullOrEmpty -Because 'every exported body must equal the original'
            Remove-Item $out -Recurse -Force
        }
        $listed.Status | Sort-Object -Unique | Should -Be 'Verified'
        Get-ChildItem $archives -Force | Where-Object { $_.Name -notlike '*.sdb' } | Should -BeNullOrEmpty -Because 'no temporary file or pending marker may be left'
    }

}

AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name $db
    Remove-TestDatabase -Sandbox $sandbox -Name $source
    if ($root -and (Test-Path $root)) { Remove-Item $root -Recurse -Force }
}

Describe 'Move-RostrvmRecording killed at a crash point, then run again' {
    It 'reconciles exactly after a kill at <Fault>' -ForEach $faultCases {
        Reset-KillTest
        $child = Start-Archiver -Fault $Fault
        $child.WaitForExit(300000) | Should -BeTrue
        $said = $child.StandardOutput.ReadToEnd()
        $said | Should -Not -Match 'DONE' -Because "the child must have been killed at $Fault"
        $child.ExitCode | Should -Not -Be 0

        Move-RostrvmRecording -ConfigurationPath $config -Kind $kinds -Before $before -MaxArchiveSize $maxSize | Out-Null
        Assert-Reconciled
    }
}

Describe 'Move-RostrvmRecording killed after a random delay, then run again' {
    It 'reconciles exactly after a kill <Delay> ms into the run' -ForEach $delayCases {
        Reset-KillTest
        $child = Start-Archiver
        $child.StandardOutput.ReadLine() | Should -Be 'READY'
        Start-Sleep -Milliseconds $Delay
        if (-not $child.HasExited) { $child.Kill() }
        $child.WaitForExit(60000) | Should -BeTrue

        Move-RostrvmRecording -ConfigurationPath $config -Kind $kinds -Before $before -MaxArchiveSize $maxSize | Out-Null
        Assert-Reconciled
    }
}
