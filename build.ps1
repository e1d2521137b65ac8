<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the Rostrvm module.
.DESCRIPTION
    Tasks:
      Build  publish the two assemblies and lay out the module under out/Rostrvm
      Help   compile docs/*.md (platyPS schema) into en-US/Rostrvm.PowerShell.dll-Help.xml
      Test   Build, then every xunit and Pester test against a private MariaDB sandbox;
             the last line printed is 'N passed, N failed'
      TestWindows  Build, then tests/Windows (ACLs, DPAPI, services, event log, Task Scheduler) as an
             administrator on Windows, no server needed; elsewhere it says why it does nothing
      Demo   Build, start the sandbox, create the demo database, run the tour, stop the sandbox
      Bench  benchmarks against the tools an administrator would otherwise use (bench/)
      Clean  remove build output, sandboxes and test results
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Help', 'Test', 'TestWindows', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Test: only xunit classes and Pester files whose names contain one of these words.
    [string[]] $Filter,
    # Bench: dataset size and which jobs.
    [ValidateSet('Small', 'Medium', 'Large')] [string] $Size = 'Small',
    [string[]] $Only
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# pwsh -File passes 'A,B' as one word: split it, as the bench does for -Only.
if ($Filter) { $Filter = @($Filter | ForEach-Object { $_ -split ',' } | Where-Object { $_ }) }
$PSStyle.OutputRendering = if ([Console]::IsOutputRedirected -or $env:NO_COLOR) { 'PlainText' } else { 'Host' }
if ([Console]::IsOutputRedirected) { $env:NO_COLOR = '1' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$repo = $PSScriptRoot
$out = Join-Path $repo 'out'
$moduleDir = Join-Path $out 'Rostrvm'
Import-Module (Join-Path $repo (Join-Path 'build' 'BuildSupport.psm1')) -Force

function Invoke-Build {
    Invoke-Help
    Write-Step "Building the module ($Configuration)"
    $publish = Join-Path $out 'publish'
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet publish (Join-Path $repo 'src/Rostrvm.PowerShell/Rostrvm.PowerShell.csproj') -c $Configuration -o $publish --nologo -v quiet
    Invoke-Native dotnet publish (Join-Path $repo 'src/Rostrvm.Loader/Rostrvm.Loader.csproj') -c $Configuration -o $publish --nologo -v quiet
    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    $deps = Join-Path $moduleDir 'dependencies'
    New-Item -ItemType Directory -Force -Path $deps | Out-Null
    # Only the loader and the cmdlet assembly sit beside the manifest; everything else is resolved privately.
    $top = 'Rostrvm.PowerShell.dll', 'Rostrvm.Loader.dll'
    $top | ForEach-Object { Copy-Item (Join-Path $publish $_) $moduleDir }
    Get-ChildItem $publish -Filter *.dll | Where-Object Name -notin $top | Copy-Item -Destination $deps
    # PowerShell 7 (.NET 8+) gets the vectorised net8.0 build of System.IO.Hashing (CRC32 of every
    # binlog event: ~30x faster than the netstandard2.0 build 5.1 needs); the loader prefers dependencies/netcore.
    $hashing = Join-Path $(if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME (Join-Path '.nuget' 'packages') }) 'system.io.hashing/8.0.0/lib/net8.0/System.IO.Hashing.dll'
    if (Test-Path $hashing) { New-Item -ItemType Directory -Force -Path (Join-Path $deps 'netcore') | Out-Null; Copy-Item $hashing (Join-Path $deps 'netcore') }
    Add-ReadyToRun -Publish $publish -Destination (Join-Path $deps 'netcore')
    # The Windows-only packages' netstandard2.0 builds only throw PlatformNotSupported; their Windows code is under
    # runtimes/win. Windows PowerShell 5.1 loads dependencies/, so it gets that code (unused elsewhere; PowerShell 7 has its own).
    Copy-WindowsRuntimeAsset -Assets (Join-Path $repo 'src/Rostrvm.Core/obj/project.assets.json') -Destination $deps
    Copy-Item (Join-Path $repo 'Rostrvm.psd1') $moduleDir
    Merge-FormatFile -Source (Join-Path $repo 'src/Rostrvm.PowerShell/Formats') -Destination (Join-Path $moduleDir 'Rostrvm.format.ps1xml')
    Copy-Item (Join-Path $repo 'src/Rostrvm.PowerShell/Types/Rostrvm.types.ps1xml') $moduleDir
    Copy-Item (Join-Path $repo 'en-US') $moduleDir -Recurse
    $scripts = Join-Path $repo 'scripts'
    if (Get-ChildItem $scripts -ErrorAction SilentlyContinue) { Copy-Item $scripts $moduleDir -Recurse }
    Write-Host "Module laid out in $moduleDir"
}

# PowerShell 7 gets precompiled (ReadyToRun) copies of Rostrvm.Core and MySqlConnector for this
# machine's platform and this PowerShell's .NET (see build/ReadyToRun). Without the crossgen package (offline) the module
# keeps the IL only, which works the same, just with more JIT work in each new process.
function Add-ReadyToRun([string] $Publish, [string] $Destination) {
    $r2r = Join-Path $out 'r2r'
    $staging = Join-Path $out 'r2r-input'
    foreach ($folder in $r2r, $staging) { if (Test-Path $folder) { Remove-Item $folder -Recurse -Force } }
    # The assemblies as PowerShell 7 loads them: the publish output, with the .NET Core builds of dependencies/netcore.
    Copy-Item $Publish $staging -Recurse
    if (Test-Path $Destination) { Copy-Item (Join-Path $Destination '*.dll') $staging -Force }
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    try {
        # Images are used only by the .NET major version they were made for: this PowerShell's.
        $framework = "net$([Environment]::Version.Major).0"
        Invoke-Native dotnet publish (Join-Path $repo 'build/ReadyToRun/ReadyToRun.csproj') -c Release -r $rid -o $r2r "-p:ModulePublish=$staging" "-p:ReadyToRunFramework=$framework" --nologo -v quiet
    }
    catch {
        Write-Warning "No ReadyToRun images for $rid ($($_.Exception.Message)); the module uses its IL only."
        return
    }
    New-Item -ItemType Directory -Force -Path $Destination | Out-Null
    # Not System.IO.Hashing: precompiled for the baseline CPU, its CRC-32 ran 3-4x slower than the
    # JIT's code for this CPU (measured on the read-back of a backup); its IL stays.
    foreach ($name in 'Rostrvm.Core.dll', 'MySqlConnector.dll') { Copy-Item (Join-Path $r2r $name) $Destination }
}

function Invoke-Help {
    Write-Step 'Compiling help from docs/'
    $xml = Join-Path $repo (Join-Path 'en-US' 'Rostrvm.PowerShell.dll-Help.xml')
    ConvertTo-MamlHelp -Source (Join-Path $repo 'docs') -Destination $xml
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $results | Out-Null

    Write-Step 'Unit tests (xunit)'
    $unit = Invoke-UnitTest -Project (Join-Path $repo 'tests/Unit/Rostrvm.Tests.Unit.csproj') -Results $results -Filter $Filter -Configuration $Configuration

    Write-Step 'Sandbox server and demo database'
    Install-MariaDb
    $pester = Get-PesterModule -Repo $repo
    # A fresh server every run: its binlogs and databases are only what this run wrote.
    & (Join-Path $repo 'demo/Stop-Sandbox.ps1') -Name test -Remove
    $sandbox = & (Join-Path $repo 'demo/Start-Sandbox.ps1') -Name test
    try {
        $testRoot = Join-Path $out 'test'
        if (Test-Path $testRoot) { Remove-Item $testRoot -Recurse -Force }
        & (Join-Path $repo 'demo/New-DemoDatabase.ps1') -Port $sandbox.Port -Credential $sandbox.Credential -Size Small -Force `
            -LogPath (Join-Path $testRoot 'demo-logs') -ScriptRoot (Join-Path $testRoot 'demo-root') | Out-Null
        Write-Step 'Pester tests against the built module and the sandbox'
        $integration = Invoke-PesterTest -Repo $repo -PesterModule $pester -Results $results -Filter $Filter -Sandbox $sandbox
    }
    finally {
        & (Join-Path $repo 'demo/Stop-Sandbox.ps1') -Name test
    }

    $passed = $unit.Passed + $integration.Passed
    $failed = $unit.Failed + $integration.Failed
    Write-Host ''
    Write-Host ("xunit: {0} passed, {1} failed; Pester: {2} passed, {3} failed, {4} skipped" -f $unit.Passed, $unit.Failed, $integration.Passed, $integration.Failed, $integration.Skipped)
    Write-Host ("{0} passed, {1} failed" -f $passed, $failed)
    if ($failed -gt 0 -or $passed -eq 0 -or $integration.Skipped -gt 0) { exit 1 }
}

function Invoke-TestWindows {
    # Test never runs tests/Windows, so Linux runs count no skipped test; a Windows CI runner runs this task.
    if (-not $IsWindows) {
        Write-Host 'tests/Windows checks Windows ACLs, DPAPI, services, the event log and the Task Scheduler: run it on Windows.'
        return
    }
    Invoke-Build
    $results = Join-Path $out 'test-results'
    New-Item -ItemType Directory -Force -Path $results | Out-Null
    Import-Module (Get-PesterModule -Repo $repo) -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $repo (Join-Path 'tests' 'Windows')
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = Join-Path $results 'pester-windows.xml'
    $result = Invoke-Pester -Configuration $configuration
    Write-Host ("{0} passed, {1} failed, {2} skipped" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount)
    if ($result.FailedCount -gt 0 -or $result.PassedCount -eq 0 -or $result.SkippedCount -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Install-MariaDb
    $sandbox = & (Join-Path $repo 'demo/Start-Sandbox.ps1') -Name demo
    try {
        & (Join-Path $repo 'demo/Show-Demo.ps1') -Sandbox $sandbox -ModulePath (Join-Path $moduleDir 'Rostrvm.psd1')
        if ($LASTEXITCODE) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    finally {
        & (Join-Path $repo 'demo/Stop-Sandbox.ps1') -Name demo
    }
}

function Invoke-Bench {
    $script:Configuration = 'Release'
    Invoke-Build
    Install-MariaDb
    & (Join-Path $repo 'bench/Invoke-Benchmark.ps1') -Size $Size -Only $Only -ModulePath (Join-Path $moduleDir 'Rostrvm.psd1')
}

function Invoke-Clean {
    foreach ($name in 'demo', 'test', 'bench') { & (Join-Path $repo 'demo/Stop-Sandbox.ps1') -Name $name }
    foreach ($path in $out, (Get-ChildItem $repo -Recurse -Directory -Include bin, obj | Select-Object -ExpandProperty FullName)) {
        if ($path -and (Test-Path $path)) { Remove-Item $path -Recurse -Force }
    }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Help'  { Invoke-Help }
    'Test'  { Invoke-Test }
    'TestWindows' { Invoke-TestWindows }
    'Demo'  { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' { Invoke-Clean }
}
