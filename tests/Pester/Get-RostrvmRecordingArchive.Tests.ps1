BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force
    $db = 'rec_get_test'
    New-RecordingTestDatabase -Sandbox $sandbox -Name $db -Limit 30
    $config = New-TestRoot -Sandbox $sandbox -Database $db
    $root = Split-Path $config -Parent
    $before = (Get-Date).AddYears(1)
    $moved = @(Move-RostrvmRecording -ConfigurationPath $config -Kind Voice, Chat -Before $before -MaxArchiveSize 24KB)
}

AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name $db
    if ($root -and (Test-Path $root)) { Remove-Item $root -Recurse -Force }
}

Describe 'Get-RostrvmRecordingArchive' {
    It 'lists every archive with its kind, range, count, size and recording ids' {
        $listed = @(Get-RostrvmRecordingArchive -ConfigurationPath $config)
        $listed.Count | Should -Be $moved.Count
        foreach ($archive in $moved) {
            $same = $listed | Where-Object Name -eq $archive.Name
            $same.Kind | Should -Be $archive.Kind
            $same.From | Should -Be $archive.From
            $same.To | Should -Be $archive.To
            $same.Count | Should -Be $archive.Count
            $same.Bytes | Should -Be $archive.Bytes
            $same.Size | Should -Be (Get-Item -LiteralPath $archive.Path).Length
            $same.Ids | Should -Be $archive.Ids
            $same.Status | Should -Be 'Ok'
        }
    }

    It 'filters by kind' {
        $voice = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -Kind Voice)
        $voice.Count | Should -Be @($moved | Where-Object Kind -eq 'Voice').Count
        $voice.Kind | Sort-Object -Unique | Should -Be 'Voice'
    }

    It '-Verify reads every recording back' {
        $verified = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -Verify)
        $verified.Status | Sort-Object -Unique | Should -Be 'Verified'
        ($verified | Measure-Object Count -Sum).Sum | Should -Be 60
    }

    It 'reports a truncated archive by name and lists its recordings as unreadable' {
        $victim = $moved | Where-Object Kind -eq 'Voice' | Select-Object -Skip 1 -First 1
        $stream = [System.IO.File]::Open($victim.Path, 'Open')
        try { $stream.SetLength([long]($stream.Length / 2)) } finally { $stream.Dispose() }

        $listed = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -Verify -ErrorVariable err -ErrorAction SilentlyContinue)
        $listed.Count | Should -Be $moved.Count
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveUnreadable,*'
        $err[0].Exception.Message | Should -BeLike "*$($victim.Name)*"
        $broken = $listed | Where-Object Name -eq $victim.Name
        $broken.Status | Should -Be 'Unreadable'
        $broken.UnreadableIds | Should -Be $victim.Ids
        $broken.Count | Should -Be $victim.Count
        @($listed | Where-Object Name -ne $victim.Name).Status | Sort-Object -Unique | Should -Be 'Verified'

        Export-RostrvmRecording -ConfigurationPath $config -Id $victim.Ids[0] -Destination $root -ErrorVariable exportErr -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $exportErr[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveUnreadable,*'
        $exportErr[0].Exception.Message | Should -BeLike "*$($victim.Name)*"
    }

    It 'fails clearly when the archive folder does not exist' {
        Get-RostrvmRecordingArchive -ConfigurationPath $config -ArchivePath (Join-Path $root 'nowhere') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ArchivePathNotFound,*'
    }
}
