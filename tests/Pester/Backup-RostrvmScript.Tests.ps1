BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $config = New-TestRoot -Sandbox $sandbox
    $root = Split-Path $config -Parent
    $scripts = Join-Path $root 'CallDirector/Scripts'
    $macros = Join-Path $root 'Macros'
    New-Item -ItemType Directory -Force -Path (Join-Path $scripts 'inbound'), $macros | Out-Null
    Set-Content -Path (Join-Path $scripts 'inbound/main.cds') -Value ('route to queue 1' * 100)
    Set-Content -Path (Join-Path $scripts 'night.cds') -Value 'route to voicemail'
    [System.IO.File]::WriteAllBytes((Join-Path $macros 'greeting.bin'), [byte[]](0..255))
    Add-Type -AssemblyName System.IO.Compression.FileSystem
}

Describe 'Backup-RostrvmScript' {
    It 'zips the script folders beside the backup with the same cycle number, readable and owner-only' {
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config
        $zip = $backup | Backup-RostrvmScript -ConfigurationPath $config
        $zip.Path | Should -Be (Join-Path (Split-Path $backup.Path -Parent) "rostrvm_920_$($backup.Slot).scripts.zip")
        $zip.Files | Should -Be 3
        $zip.Verified | Should -BeTrue
        [int](Get-Item $zip.Path).UnixFileMode | Should -Be 384
        $archive = [System.IO.Compression.ZipFile]::OpenRead($zip.Path)
        try {
            @($archive.Entries.FullName | Sort-Object) | Should -Be @('Macros/greeting.bin', 'Scripts/inbound/main.cds', 'Scripts/night.cds')
            $reader = [System.IO.StreamReader]::new($archive.GetEntry('Scripts/night.cds').Open())
            $reader.ReadToEnd().Trim() | Should -Be 'route to voicemail'
            $reader.Dispose()
            $archive.GetEntry('Macros/greeting.bin').Length | Should -Be 256
        }
        finally { $archive.Dispose() }
    }

    It 'without a piped backup uses the slot of the newest complete backup' {
        $second = Backup-RostrvmDatabase -ConfigurationPath $config
        $zip = Backup-RostrvmScript -ConfigurationPath $config
        $zip.Slot | Should -Be $second.Slot
    }

    It 'fails with ScriptFolderNotFound when no script folder exists' {
        $err = $null
        Backup-RostrvmScript -ConfigurationPath $config -Slot 1 -ScriptPath (Join-Path $root 'none') -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ScriptFolderNotFound,*'
    }
}
