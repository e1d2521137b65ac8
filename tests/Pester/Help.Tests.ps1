# en-US/Rostrvm.PowerShell.dll-Help.xml is compiled from docs/ by the build and committed beside it:
# the committed file is exactly what docs/ compiles to, and a build with docs/ unchanged leaves it as it was.
BeforeAll {
    $repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    Import-Module (Join-Path $repo (Join-Path 'build' 'BuildSupport.psm1')) -Force
    $docs = Join-Path $repo 'docs'
    $committed = Join-Path $repo (Join-Path 'en-US' 'Rostrvm.PowerShell.dll-Help.xml')
    $work = Join-Path ([System.IO.Path]::GetTempPath()) "rostrvm-help-$PID"
    New-Item -ItemType Directory -Force -Path $work | Out-Null
}
AfterAll { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'The compiled help' {
    It 'is committed as docs/ compiles it (run the build and commit en-US after changing docs/)' {
        $fresh = Join-Path $work 'fresh.xml'
        ConvertTo-MamlHelp -Source $docs -Destination $fresh
        (Get-FileHash $fresh).Hash | Should -Be (Get-FileHash $committed).Hash
    }

    It 'is left untouched by a build when docs/ has not changed' {
        $copy = Join-Path $work 'copy.xml'
        Copy-Item $committed $copy
        $stamp = [datetime]'2020-01-01T00:00:00Z'
        (Get-Item $copy).LastWriteTimeUtc = $stamp
        ConvertTo-MamlHelp -Source $docs -Destination $copy
        (Get-Item $copy).LastWriteTimeUtc | Should -Be $stamp
        Test-Path "$copy.new" | Should -BeFalse
    }

    It 'is rewritten when docs/ changed' {
        $stale = Join-Path $work 'stale.xml'
        Set-Content -Path $stale -Value '<helpItems />'
        ConvertTo-MamlHelp -Source $docs -Destination $stale
        (Get-FileHash $stale).Hash | Should -Be (Get-FileHash $committed).Hash
    }
}
