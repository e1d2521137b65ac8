# The module as an administrator meets it: it loads, exports what it says, documents every cmdlet,
# and keeps its own dependencies to itself.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    $script:commands = @(Get-Command -Module Rostrvm -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $manifestPath = Get-TestModulePath
}

Describe 'The built module' {
    It 'has a manifest for Windows PowerShell 5.1 and PowerShell 7 with explicit exports' {
        $manifest = Import-PowerShellDataFile $manifestPath
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.CmdletsToExport | Should -Contain 'Test-RostrvmConnection'
        $manifest.FormatsToProcess | Should -Be @('Rostrvm.format.ps1xml')
    }

    It 'exports only cmdlets the manifest names, and at least the foundation ones' {
        $exported = (Get-Command -Module Rostrvm -CommandType Cmdlet).Name
        $manifest = Import-PowerShellDataFile $manifestPath
        $exported | Where-Object { $_ -notin $manifest.CmdletsToExport } | Should -BeNullOrEmpty
        foreach ($name in 'Get-RostrvmConfiguration', 'Set-RostrvmConfiguration', 'Test-RostrvmConnection') { $exported |
            Should -Contain $name }
    }

    It 'keeps third-party assemblies in dependencies/, beside only the loader and the cmdlets' {
        $moduleDir = Split-Path $manifestPath -Parent
        (Get-ChildItem $moduleDir -Filter *.dll).Name | Sort-Object | Should -Be @('Rostrvm.Loader.dll', 'Rostrvm.PowerShell.dll')
        Join-Path $moduleDir 'dependencies/MySqlConnector.dll' | Should -Exist
        Join-Path $moduleDir 'dependencies/Rostrvm.Core.dll' | Should -Exist
    }

    It 'targets netstandard2.0 so that Windows PowerShell 5.1 can load it' {
        $moduleDir = Split-Path $manifestPath -Parent
        foreach ($dll in 'Rostrvm.PowerShell.dll', 'Rostrvm.Loader.dll', 'dependencies/Rostrvm.Core.dll') {
            $bytes = [System.IO.File]::ReadAllBytes((Join-Path $moduleDir $dll))
            $text = [System.Text.Encoding]::ASCII.GetString($bytes)
            $text | Should -Match '\.NETStandard,Version=v2\.0'
        }
    }

    It 'uses its own MySqlConnector when another module loaded an older one first' {
        # A fresh process, so that MySqlConnector 2.4.0 really is loaded before Rostrvm.
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath(
            'UserProfile')) '.nuget/packages' }
        $old = Join-Path $packages 'mysqlconnector/2.4.0/lib/net8.0/MySqlConnector.dll'
        $old | Should -Exist
        $settings = New-TestRoot -Sandbox $sandbox
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$old'
`$before = [MySqlConnector.MySqlConnection].Assembly.GetName().Version.ToString()
Import-Module '$manifestPath'
`$report = Test-RostrvmConnection -ConfigurationPath '$settings'
[pscustomobject]@{ Before = `$before; Connected = `$report.Connected; Ours = `$report.ConnectorVersion; Loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'MySqlConnector' }).Count } | ConvertTo-Json -Compress
"@
        $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $result = ($output | Select-Object -Last 1) | ConvertFrom-Json
        $result.Connected | Should -BeTrue
        $result.Ours | Should -Be '2.6.2'
        $result.Loaded | Should -Be 2
    }
}

Describe 'About topics' {
    It 'about_Rostrvm maps every task of the guide to its cmdlet and job' {
        $text = Get-Help about_Rostrvm | Out-String
        foreach ($name in 'Backup-RostrvmDatabase', 'Backup-RostrvmBinlog', 'Restore-RostrvmDatabase', 'Export-RostrvmMis',
            'Invoke-RostrvmMisPurge', 'Compress-RostrvmLog', 'Move-RostrvmRecording', 'Get-RostrvmStorageReport',
            'Test-RostrvmRecoverability', 'Export-RostrvmReport', 'FullBackup', 'BinlogCopy', 'MisPurge', 'LogCompression') {
            $text | Should -Match ([regex]::Escape($name))
        }
    }

    It 'about_Rostrvm_Settings describes every setting' {
        $text = Get-Help about_Rostrvm_Settings | Out-String
        $names = (Get-Command Get-RostrvmConfiguration).OutputType.Type.GetProperties() | Where-Object { $_.CanWrite -and
            $_.Name -ne 'SettingsPath' } | ForEach-Object Name
        $names.Count | Should -BeGreaterThan 30
        foreach ($name in $names) { $text | Should -Match "\b$name\b" -Because "$name is a setting" }
    }
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll { $help = Get-Help $Name -Full }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '\{\{'
        # Without help, PowerShell makes the synopsis from the syntax line.
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        ($help.description.Text -join ' ') | Should -Not -Match '\{\{'
    }

    It 'has at least one example' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        $help.examples.example[0].code | Should -Match $Name
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters +
            [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $parameters = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameter in $parameters) {
            $described = $help.parameters.parameter | Where-Object name -eq $parameter
            ($described.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
            ($described.description.Text -join ' ') | Should -Not -Match '\{\{'
        }
    }

    It 'names its input and output types by their type names' {
        $types = @($help.inputTypes.inputType.type.name) + @($help.returnValues.returnValue.type.name) | Where-Object { $_ }
        $types.Count | Should -BeGreaterThan 0
        foreach ($type in $types) { $type |
            Should -Match '^(None|[A-Za-z][\w`]*(\.[A-Za-z][\w`]*)+(\[\])?)$' -Because "$Name's help names a type" }
        @($help.returnValues.returnValue.type.name) | Should -Not -Contain 'None' -Because "$Name writes objects"
    }
}
