<#
.SYNOPSIS
    Writes a platyPS-schema markdown page for a cmdlet of the built module, to be completed by hand.
.DESCRIPTION
    platyPS is not installable here; this does what its New-MarkdownHelp does. Parameters shared by
    every Rostrvm cmdlet get their standard description; the others get a '{{ Fill ... }}'
    placeholder, which the help test rejects until it is replaced.
.EXAMPLE
    dotnet pwsh ./build/New-HelpPage.ps1 -Name Get-RostrvmBackup
#>
param([Parameter(Mandatory)] [string[]] $Name, [switch] $Force)
$ErrorActionPreference = 'Stop'
$repo = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $repo 'out/Rostrvm/Rostrvm.psd1') -Force
$common = @{
    ConfigurationPath = 'The settings file to use. By default the module reads RostrvmMaintenance.json in the folder named by $env:ROSTRVM_ROOT (or the product''s default install folder).'
    Server            = 'The database server name or address. By default the Server of the settings file (localhost).'
    Port              = 'The TCP port of the database server. By default the Port of the settings file (3308, the port rostrvm''s MySQL listens on).'
    Credential        = 'The account to connect as. By default the user and password of the option file named in the settings ([client] section, readable only by its owner). The password is never shown, logged or put on a command line.'
    Database          = 'The rostrvm database. By default the Database of the settings file, or rostrvm_<vernum> from the configured product version (rostrvm_920 for 9.2.0).'
    SslMode           = 'Whether the connection uses TLS: None, Preferred (the default: TLS when the server offers it), Required, VerifyCA or VerifyFull.'
    WhatIf            = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm           = 'Prompts you for confirmation before running the cmdlet.'
}
$skip = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters | Where-Object { $_ -notin 'WhatIf', 'Confirm' }
foreach ($cmdName in ($Name -split ",")) {
    $path = Join-Path $repo "docs/$cmdName.md"
    if ((Test-Path $path) -and -not $Force) { Write-Warning "$path exists; use -Force to overwrite."; continue }
    $cmd = Get-Command $cmdName -Module Rostrvm
    $sb = [System.Text.StringBuilder]::new()
    [void]$sb.AppendLine("---`nexternal help file: Rostrvm.PowerShell.dll-Help.xml`nModule Name: Rostrvm`nonline version:`nschema: 2.0.0`n---`n")
    [void]$sb.AppendLine("# $cmdName`n`n## SYNOPSIS`n{{ Fill in the Synopsis }}`n`n## SYNTAX`n")
    foreach ($set in $cmd.ParameterSets) {
        [void]$sb.AppendLine("### $($set.Name)$(if ($set.IsDefault) { ' (Default)' })`n``````")
        [void]$sb.AppendLine(("$cmdName " + (($set.ToString()) -replace '\s+', ' ')).Trim())
        [void]$sb.AppendLine("```````n")
    }
    [void]$sb.AppendLine("## DESCRIPTION`n{{ Fill in the Description }}`n`n## EXAMPLES`n`n### Example 1`n``````powershell`nPS> $cmdName`n```````n`n{{ Add example description here }}`n`n## PARAMETERS`n")
    foreach ($p in $cmd.Parameters.Values | Where-Object Name -notin $skip | Sort-Object Name) {
        $sets = @($p.ParameterSets.Keys)
        $setText = if ($sets -contains '__AllParameterSets') { '(All)' } else { $sets -join ', ' }
        $attr = @($p.ParameterSets.Values)[0]
        $pipeline = @(); if ($attr.ValueFromPipeline) { $pipeline += 'True (ByValue)' }; if ($attr.ValueFromPipelineByPropertyName) { $pipeline += 'True (ByPropertyName)' }
        $desc = if ($common.ContainsKey($p.Name)) { $common[$p.Name] } else { "{{ Fill $($p.Name) Description }}" }
        $type = $p.ParameterType.Name
        [void]$sb.AppendLine("### -$($p.Name)`n$desc`n`n``````yaml`nType: $type`nParameter Sets: $setText`nAliases: $($p.Aliases -join ', ')`n`nRequired: $($attr.IsMandatory)`nPosition: $(if ($attr.Position -ge 0) { $attr.Position } else { 'Named' })`nDefault value: None`nAccept pipeline input: $(if ($pipeline) { $pipeline -join ', ' } else { 'False' })`nAccept wildcard characters: False`n```````n")
    }
    [void]$sb.AppendLine("### CommonParameters`nThis cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).`n")
    [void]$sb.AppendLine("## INPUTS`n`n### None`n`n## OUTPUTS`n")
    foreach ($t in $cmd.OutputType) { [void]$sb.AppendLine("### $($t.Name)`n{{ Describe the output }}`n") }
    [void]$sb.AppendLine("## NOTES`n`n## RELATED LINKS`n`n[about_Rostrvm](about_Rostrvm.md)")
    Set-Content -Path $path -Value $sb.ToString() -Encoding utf8
    Write-Host "Wrote $path"
}
