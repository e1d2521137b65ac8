BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force
    $db = 'rec_export_test'
    New-RecordingTestDatabase -Sandbox $sandbox -Name $db -Limit 20
    $config = New-TestRoot -Sandbox $sandbox -Database $db
    $root = Split-Path $config -Parent
    $out = Join-Path $root 'out'
    New-Item -ItemType Directory -Path $out | Out-Null
    $voice = Get-RecordingBody -Sandbox $sandbox -Database $db -Kind Voice
    $email = Get-RecordingBody -Sandbox $sandbox -Database $db -Kind Email
    $ids = @($voice.Keys | Sort-Object)
    # The first ten voice recordings go to archives; the rest stay in the database.
    $cut = $voice[$ids[10]].Time
    $moved = @(Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before $cut -MaxArchiveSize 24KB)
}

AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name $db
    if ($root -and (Test-Path $root)) { Remove-Item $root -Recurse -Force }
}

Describe 'Export-RostrvmRecording' {
    It 'writes a recording still in the database byte-identical, readable only by its owner' {
        $id = $ids[-1]
        $file = Export-RostrvmRecording -ConfigurationPath $config -Id $id -Destination $out
        $file.Source | Should -Be 'Database'
        $file.Path | Should -Be (Join-Path $out "Voice-$id.wav")
        (Get-FileHash -LiteralPath $file.Path -Algorithm SHA256).Hash | Should -Be $voice[$id].Sha.ToUpperInvariant()
        $file.Sha256 | Should -Be $voice[$id].Sha
        if (-not $IsWindows) { [int](Get-Item -LiteralPath $file.Path).UnixFileMode | Should -Be 384 -Because 'mode 0600' }
    }

    It 'writes an archived recording byte-identical from its archive, to a file name when asked' {
        $id = $ids[3]
        $target = Join-Path $out 'call.wav'
        $file = Export-RostrvmRecording -ConfigurationPath $config -Id $id -Destination $target
        $file.Path | Should -Be $target
        $file.Source | Should -BeLike '*Voice Recording *.sdb'
        (Get-FileHash -LiteralPath $target -Algorithm SHA256).Hash | Should -Be $voice[$id].Sha.ToUpperInvariant()
    }

    It 'exports other kinds by -Kind' {
        $id = ($email.Keys | Sort-Object)[0]
        $file = Export-RostrvmRecording -ConfigurationPath $config -Kind Email -Id $id -Destination $out
        $file.Path | Should -Be (Join-Path $out "Email-$id.eml")
        (Get-FileHash -LiteralPath $file.Path -Algorithm SHA256).Hash | Should -Be $email[$id].Sha.ToUpperInvariant()
    }

    It 'takes the ids of archives from the pipeline' {
        $files = @(Get-RostrvmRecordingArchive -ConfigurationPath $config | Export-RostrvmRecording -ConfigurationPath $config -Destination $out)
        ($files.Id | Sort-Object) | Should -Be @($ids[0..9])
    }

    It 'finds a recording whose row was deleted in the archives that hold it' {
        $id = $ids[1]
        Invoke-TestSql -Sandbox $sandbox -Database $db -Query "DELETE FROM voice_recordings WHERE id = $id"
        $file = Export-RostrvmRecording -ConfigurationPath $config -Id $id -Destination $out
        (Get-FileHash -LiteralPath $file.Path -Algorithm SHA256).Hash | Should -Be $voice[$id].Sha.ToUpperInvariant()
    }

    It 'says which archive is missing, and finds it again with -ArchivePath' {
        $archive = $moved | Where-Object { $_.Ids -contains $ids[5] }
        $elsewhere = Join-Path $root 'moved'
        New-Item -ItemType Directory -Path $elsewhere | Out-Null
        Move-Item -LiteralPath $archive.Path -Destination $elsewhere
        Export-RostrvmRecording -ConfigurationPath $config -Id $ids[5] -Destination $out -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveNotFound,*'
        $err[0].Exception.Message | Should -BeLike "*$($archive.Name)*"
        $file = Export-RostrvmRecording -ConfigurationPath $config -Id $ids[5] -Destination $out -ArchivePath $elsewhere
        (Get-FileHash -LiteralPath $file.Path -Algorithm SHA256).Hash | Should -Be $voice[$ids[5]].Sha.ToUpperInvariant()
    }

    It 'streams a body larger than one read chunk (8 MB) byte-identical, from the database and from an archive' {
        Invoke-TestSql -Sandbox $sandbox -Database $db -Query "INSERT INTO voice_recordings (id, recorded_at, duration_ms, format, body, body_size) SELECT 900001, '2020-01-01 10:00:00', 1, 'wav', CONCAT('RIFF', REPEAT(RANDOM_BYTES(1000), 9500)), 9500004"
        $big = (Get-RecordingBody -Sandbox $sandbox -Database $db -Kind Voice -Before '2020-01-02')[900001L]
        $big.Bytes | Should -Be 9500004
        $fromDb = Export-RostrvmRecording -ConfigurationPath $config -Id 900001 -Destination (Join-Path $out 'big-db.wav')
        $fromDb.Source | Should -Be 'Database'
        (Get-FileHash -LiteralPath $fromDb.Path -Algorithm SHA256).Hash | Should -Be $big.Sha.ToUpperInvariant()
        $archive = Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before '2020-01-02' -MaxArchiveSize 64MB
        $archive.Ids | Should -Be 900001
        $fromArchive = Export-RostrvmRecording -ConfigurationPath $config -Id 900001 -Destination (Join-Path $out 'big-archive.wav')
        $fromArchive.Source | Should -Be $archive.Path
        (Get-FileHash -LiteralPath $fromArchive.Path -Algorithm SHA256).Hash | Should -Be $big.Sha.ToUpperInvariant()
    }

    It 'reports an unknown recording' {
        Export-RostrvmRecording -ConfigurationPath $config -Id 987654321 -Destination $out -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RecordingNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
