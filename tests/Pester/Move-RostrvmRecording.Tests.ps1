BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force; $sandbox = Get-TestSandbox; Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Recordings.TestSupport.psm1') -Force
    $db = 'rec_move_test'
    New-RecordingTestDatabase -Sandbox $sandbox -Name $db
    $config = New-TestRoot -Sandbox $sandbox -Database $db
    $root = Split-Path $config -Parent
    $archives = Join-Path $root 'archives'
    # A month of recordings: from the first one to thirty days later.
    $before = (Get-MinRecordingTime -Sandbox $sandbox -Database $db).AddDays(30)
    # The demo's tone recordings deflate about 25 times: a small cap gives several archives.
    $maxSize = 64KB
    $originals = @{}
    foreach ($kind in 'Voice', 'Email', 'Chat') { $originals[$kind] = Get-RecordingBody -Sandbox $sandbox -Database $db -Kind $kind -Before $before }
    $smsOriginals = Get-RecordingBody -Sandbox $sandbox -Database $db -Kind Sms -Before $before
    $misBefore = Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM mis_call'
    $result = @(Move-RostrvmRecording -ConfigurationPath $config -Kind Voice, Email, Chat -Before $before -MaxArchiveSize $maxSize)
}

AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name $db
    if ($root -and (Test-Path $root)) { Remove-Item $root -Recurse -Force }
}

Describe 'Move-RostrvmRecording archives a month of demo recordings' {
    It 'writes several voice archives, none over the maximum size, named after their first and last recording' {
        $voice = @($result | Where-Object Kind -eq 'Voice')
        $voice.Count | Should -BeGreaterThan 2
        foreach ($archive in $voice) {
            (Get-Item -LiteralPath $archive.Path).Length | Should -BeLessOrEqual $maxSize
            $times = $archive.Ids | ForEach-Object { $originals.Voice[$_].Time } | Sort-Object
            $expected = 'Voice Recording {0} {1}.sdb' -f $times[0].ToString('yyyy-MM-dd HH.mm.ss'), $times[-1].ToString('yyyy-MM-dd HH.mm.ss')
            $archive.Name | Should -Be $expected
            $archive.Status | Should -Be 'Archived'
        }
        (Get-ChildItem $archives -Filter 'Email Archive *.sdb').Count | Should -BeGreaterThan 0
        (Get-ChildItem $archives -Filter 'Chat Archive *.sdb').Count | Should -BeGreaterThan 0
        Get-ChildItem $archives -Name | Where-Object { $_ -match ':' -or $_ -notmatch '\.sdb$' } | Should -BeNullOrEmpty
    }

    It 'holds every recording older than the cut-off exactly once, with its bytes' {
        foreach ($kind in 'Voice', 'Email', 'Chat') {
            $ids = @($result | Where-Object Kind -eq $kind | ForEach-Object { $_.Ids })
            ($ids | Sort-Object) | Should -Be ($originals[$kind].Keys | Sort-Object)
            ($ids | Select-Object -Unique).Count | Should -Be $ids.Count
            ($result | Where-Object Kind -eq $kind | Measure-Object Bytes -Sum).Sum | Should -Be ($originals[$kind].Values | ForEach-Object Bytes | Measure-Object -Sum).Sum
        }
    }

    It 'clears the bodies from the database and records archive and entry in each row, leaving newer recordings alone' {
        $left = Get-ScalarSql -Sandbox $sandbox -Database $db -Query "SELECT COUNT(*) AS c FROM voice_recordings WHERE body IS NOT NULL AND recorded_at < $(Format-SqlTime $before)"
        [int]$left | Should -Be 0
        $rows = Invoke-TestSql -Sandbox $sandbox -Database $db -Query "SELECT id, archive_file, archive_entry FROM voice_recordings WHERE archive_file IS NOT NULL"
        @($rows).Count | Should -Be $originals.Voice.Count
        foreach ($archive in $result | Where-Object Kind -eq 'Voice') {
            foreach ($id in $archive.Ids) {
                $row = $rows | Where-Object id -eq $id
                $row.archive_file | Should -Be $archive.Name
                $row.archive_entry | Should -Be "$id.wav"
            }
        }
        $newer = Get-ScalarSql -Sandbox $sandbox -Database $db -Query "SELECT COUNT(*) AS c FROM voice_recordings WHERE body IS NOT NULL AND archive_file IS NULL AND recorded_at >= $(Format-SqlTime $before)"
        $total = Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM voice_recordings'
        [int]$newer | Should -Be ([int]$total - $originals.Voice.Count)
    }

    It 'keeps the MIS rows, still linked to the archived recordings' {
        Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM mis_call' | Should -Be $misBefore
        $linked = Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM voice_recordings v JOIN mis_call c ON c.id = v.call_id WHERE v.archive_file IS NOT NULL'
        [int]$linked | Should -Be $originals.Voice.Count
    }

    It 'gives every archived recording back byte-identical with Export-RostrvmRecording' {
        $out = Join-Path $root 'export'
        New-Item -ItemType Directory -Path $out | Out-Null
        foreach ($kind in 'Voice', 'Email', 'Chat') {
            $exported = @($result | Where-Object Kind -eq $kind | Export-RostrvmRecording -ConfigurationPath $config -Destination $out)
            $exported.Count | Should -Be $originals[$kind].Count
            foreach ($file in $exported) {
                $file.Source | Should -Not -Be 'Database'
                (Get-FileHash -LiteralPath $file.Path -Algorithm SHA256).Hash | Should -Be $originals[$kind][$file.Id].Sha.ToUpperInvariant()
                (Get-Item -LiteralPath $file.Path).Length | Should -Be $originals[$kind][$file.Id].Bytes
            }
        }
    }

    It 'writes the recordings and their MIS call rows into each manifest' {
        $archive = $result | Where-Object Kind -eq 'Voice' | Select-Object -First 1
        Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($archive.Path)
        try {
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('manifest.json').Open())
            $manifest = $reader.ReadToEnd() | ConvertFrom-Json
            $reader.Dispose()
            $zip.Entries.Count | Should -Be ($archive.Count + 1)
        }
        finally { $zip.Dispose() }
        $manifest.kind | Should -Be 'Voice'
        @($manifest.recordings).Count | Should -Be $archive.Count
        $first = $manifest.recordings[0]
        $call = Invoke-TestSql -Sandbox $sandbox -Database $db -Query "SELECT c.id, c.agent_id FROM mis_call c JOIN voice_recordings v ON v.call_id = c.id WHERE v.id = $($first.id)"
        $first.mis.mis_call[0].id | Should -Be ([long]$call.id)
        $first.mis.mis_call[0].agent_id | Should -Be ([long]$call.agent_id)
        $first.row.call_id | Should -Be ([long]$call.id)
        $first.sha256 | Should -Be $originals.Voice[[long]$first.id].Sha
    }

    It 'does nothing more on a second run' {
        $again = @(Move-RostrvmRecording -ConfigurationPath $config -Kind Voice, Email, Chat -Before $before -MaxArchiveSize $maxSize)
        $again.Count | Should -Be 0
        (Get-ChildItem $archives -Filter *.sdb).Count | Should -Be $result.Count
    }

    It 'skips a recording without a body and leaves its row alone' {
        # The page query does not look at the body (that would read every blob), so such a row is found and skipped when its body is read.
        $id = Get-ScalarSql -Sandbox $sandbox -Database $db -Query "INSERT INTO voice_recordings (call_id, recorded_at, duration_ms, body, body_size) VALUES (NULL, $(Format-SqlTime $before.AddDays(-1)), 0, NULL, 0); SELECT LAST_INSERT_ID() AS id"
        try {
            $said = Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before $before -MaxArchiveSize $maxSize -Verbose 4>&1
            @($said | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
            ($said | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Voice recording $id has no body in the database; skipped."
            $row = Invoke-TestSql -Sandbox $sandbox -Database $db -Query "SELECT archive_file, archive_entry, body IS NULL AS empty FROM voice_recordings WHERE id = $id"
            $row.archive_file | Should -BeNullOrEmpty
            $row.archive_entry | Should -BeNullOrEmpty
            (Get-ChildItem $archives -Filter *.sdb).Count | Should -Be $result.Count
        }
        finally {
            Invoke-TestSql -Sandbox $sandbox -Database $db -Query "DELETE FROM voice_recordings WHERE id = $id" | Out-Null
        }
    }
}

Describe 'Move-RostrvmRecording with a password' {
    It 'encrypts every entry with AES-256, and the archives read back only with that password' {
        $secret = Get-TestSecret 'Archive-Pa55!'
        $dest = Join-Path $root 'encrypted'
        $sms = @(Move-RostrvmRecording -ConfigurationPath $config -Kind Sms -Before $before -Destination $dest -MaxArchiveSize 1MB -Password ([pscredential]::new('archive', $secret)))
        $sms.Count | Should -BeGreaterThan 0
        $sms[0].Encrypted | Should -BeTrue
        (@($sms | ForEach-Object { $_.Ids }) | Sort-Object) | Should -Be ($smsOriginals.Keys | Sort-Object)

        $listed = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -ArchivePath $dest)
        $listed[0].Status | Should -Be 'PasswordRequired'

        $wrong = Get-RostrvmRecordingArchive -ConfigurationPath $config -ArchivePath $dest -Verify -Password (Get-TestSecret 'not-it') -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'ArchivePasswordIncorrect,*'
        $bad[0].Exception.Message | Should -BeLike "*$($sms[0].Name)*"
        $wrong[0].Status | Should -Be 'PasswordIncorrect'

        $verified = @(Get-RostrvmRecordingArchive -ConfigurationPath $config -ArchivePath $dest -Verify -Password $secret)
        $verified.Status | Should -Be (@('Verified') * $verified.Count)

        $id = ($smsOriginals.Keys | Sort-Object)[0]
        $file = Export-RostrvmRecording -ConfigurationPath $config -Kind Sms -Id $id -ArchivePath $dest -Password $secret -Destination (Join-Path $root "sms-$id.txt")
        (Get-FileHash -LiteralPath $file.Path -Algorithm SHA256).Hash | Should -Be $smsOriginals[$id].Sha.ToUpperInvariant()
        Export-RostrvmRecording -ConfigurationPath $config -Kind Sms -Id $id -ArchivePath $dest -Password (Get-TestSecret 'nope') -Destination $root -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ArchivePasswordIncorrect,*'
    }

    It 'refuses a plain-text password' {
        { Move-RostrvmRecording -ConfigurationPath $config -Kind Sms -Password 'plain' -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }
}

Describe 'Move-RostrvmRecording with bad input changes nothing in the database' {
    BeforeAll {
        $later = $before.AddDays(20)
        $bodies = Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM voice_recordings WHERE body IS NOT NULL'
    }

    It '-WhatIf moves nothing' {
        $dest = Join-Path $root 'whatif'
        Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before $later -Destination $dest -WhatIf | Should -BeNullOrEmpty
        Test-Path $dest | Should -BeFalse
        Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM voice_recordings WHERE body IS NOT NULL' | Should -Be $bodies
    }

    It 'reports an unreachable destination and removes nothing' {
        $file = Join-Path $root 'not-a-folder'
        Set-Content -Path $file -Value 'x'
        $out = Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before $later -Destination (Join-Path $file 'archives') -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveDestinationUnreachable,*'
        $err[0].CategoryInfo.Category | Should -Be 'WriteError'
        Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM voice_recordings WHERE body IS NOT NULL' | Should -Be $bodies
    }

    It 'reports a full destination, removes its temporary file and nothing from the database' {
        $mount = Join-Path $root 'full'
        New-Item -ItemType Directory -Path $mount | Out-Null
        & mount -t tmpfs -o size=64k tmpfs $mount
        $LASTEXITCODE | Should -Be 0
        try {
            # Leave a few kilobytes: the first archive cannot be finished.
            $filler = [byte[]]::new(56KB)
            [System.IO.File]::WriteAllBytes((Join-Path $mount 'filler.bin'), $filler)
            $out = Move-RostrvmRecording -ConfigurationPath $config -Kind Voice -Before $later -Destination $mount -MaxArchiveSize 1MB -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveDestinationFull,*'
            Get-ChildItem $mount -Name | Should -Be 'filler.bin'
            Get-ScalarSql -Sandbox $sandbox -Database $db -Query 'SELECT COUNT(*) AS c FROM voice_recordings WHERE body IS NOT NULL' | Should -Be $bodies
        }
        finally { & umount $mount }
    }
}
