# Every example of docs/*.md (the source of the help) as an administrator would type it: it parses,
# its parameters bind to one parameter set, and it runs without an error against a private sandbox
# whose rostrvm root, logs, backups and binlogs exist. The few that need what no sandbox has
# (other servers, a NAS share, the machine's own scheduler) are named below with the reason.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HelpExamples.psm1') -Force
    # Pester names and feeds each test from a hashtable.
    $script:examples = @(Get-HelpExample -Docs (Join-Path (Get-TestRepoRoot) 'docs') | Sort-Object Order |
            ForEach-Object { @{ Page = $_.Page; Title = $_.Title; Code = $_.Code; NotRunnable = $_.NotRunnable } })
}
# Not run here (still parsed and bound): Get-HelpExample names each with what it needs.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HelpExamples.psm1') -Force
    Import-RostrvmUnderTest
    $examples = @(Get-HelpExample -Docs (Join-Path (Get-TestRepoRoot) 'docs'))
}

Describe 'Help examples' {
    It 'finds the examples of every page, and only a few not run here' {
        $pages = @(Get-ChildItem (Join-Path (Get-TestRepoRoot) 'docs') -Filter '*-Rostrvm*.md')
        @($examples.Page | Sort-Object -Unique).Count | Should -Be $pages.Count
        @($examples | Where-Object NotRunnable).Count | Should -BeLessOrEqual 7
    }

    It '<Page> <Title> parses and binds to one parameter set' -ForEach $examples {
        $problems = @(Test-HelpExampleBinding -Code $Code)
        $problems | Should -BeNullOrEmpty -Because $Code
    }
}

Describe 'Help examples run as written' {
    BeforeAll {
        $environment = New-HelpExampleEnvironment
    }
    AfterAll {
        Remove-HelpExampleEnvironment $environment
    }

    It '<Page> <Title>' -ForEach @($examples | Where-Object { -not $_.NotRunnable }) {
        $result = Invoke-HelpExample -Environment $environment -Code $Code
        $result.Errors | Should -BeNullOrEmpty -Because "the example runs as written:`n$Code"
    }
}
