# The tour that `build.ps1 -Task Demo` shows a new user runs to its end: every step, against a
# sandbox of its own (a staged restore once broke it while every cmdlet's own tests passed).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandboxRoot = Join-Path (Get-TestRepoRoot) (Join-Path 'out' 'sandbox')
    Stop-RostrvmSandbox -Name demo-tour -Root $sandboxRoot -Remove
    $sandbox = Start-RostrvmSandbox -Name demo-tour -Root $sandboxRoot
}

AfterAll {
    Stop-RostrvmSandbox -Name demo-tour -Root $sandboxRoot -Remove
}

Describe 'The demo tour' {
    It 'runs every step to the end and leaves the morning report' {
        $shown = & (Join-Path (Get-TestRepoRoot) 'demo/Show-Demo.ps1') -Sandbox $sandbox -ModulePath (Get-TestModulePath) 6>&1 *>&1 |
            Out-String -Width 120
        $shown | Should -Match 'End of the tour\. The morning report: .*morning\.html'
        $steps = @(Get-ChildItem (Join-Path (Get-TestRepoRoot) 'demo/tour') -Filter *.ps1)
        ([regex]::Matches($shown, '(?m)^--- ')).Count | Should -BeGreaterThan $steps.Count
        Join-Path (Get-TestRepoRoot) 'out/demo/morning.html' | Should -Exist
    }
}
