# Helpers for build.ps1: external tools, the help compiler, the format merge and the test runners.
Set-StrictMode -Version 3.0

function Write-Step([string] $Message) {
    Write-Host ''
    Write-Host "==> $Message"
}

function Invoke-Native {
    # Runs a program and fails loudly when it fails. A simple function ($args), so that options
    # such as -o or -c reach the program instead of being bound as PowerShell parameters.
    $command, $arguments = $args
    & $command @arguments
    if ($LASTEXITCODE -ne 0) { throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Test-IsRoot {
    if ($IsWindows) { return $false }
    return (& id -u) -eq '0'
}

function Install-MariaDb {
    <# The sandbox needs mariadbd and the client tools; install them on Debian when we may. #>
    $needed = 'mariadbd', 'mariadb', 'mariadb-binlog', 'mariadb-dump', 'mariadb-install-db'
    $missing = $needed | Where-Object {
        -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) -and -not (Test-Path "/usr/sbin/$_") -and -not (Test-Path "/usr/bin/$_")
    }
    if (-not $missing) { return }
    if ((Test-IsRoot) -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Step "Installing MariaDB (missing: $($missing -join ', '))"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Native apt-get -o DPkg::Lock::Timeout=300 update -q
        Invoke-Native apt-get -o DPkg::Lock::Timeout=300 install -y -q mariadb-server mariadb-client
        return
    }
    throw "The sandbox needs MariaDB ($($missing -join ', ') not found). Install it (Debian/Ubuntu: sudo apt-get install mariadb-server mariadb-client) and run the task again."
}

function Get-PesterModule {
    <# Pester comes from NuGet (build/Pester.proj downloads it into the package cache). #>
    param([Parameter(Mandatory)] [string] $Repo)
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) (Join-Path '.nuget' 'packages') }
    $manifest = Join-Path $packages (Join-Path 'pester' (Join-Path '6.2.0' (Join-Path 'tools' 'Pester.psd1')))
    if (-not (Test-Path $manifest)) {
        Write-Step 'Getting Pester 6.2.0 from NuGet'
        Invoke-Native dotnet restore (Join-Path $Repo (Join-Path 'build' 'Pester.proj')) --nologo -v quiet
    }
    if (-not (Test-Path $manifest)) { throw "Pester was not found at $manifest after the restore." }
    $manifest
}

function Invoke-UnitTest {
    param([string] $Project, [string] $Results, [string[]] $Filter, [string] $Configuration)
    $arguments = @('test', $Project, '-c', $Configuration, '--nologo', '--logger', 'trx;LogFileName=unit.trx', '--logger', 'console;verbosity=minimal', '--results-directory', $Results)
    if ($Filter) { $arguments += @('--filter', (($Filter | ForEach-Object { "FullyQualifiedName~$_" }) -join '|')) }
    & dotnet @arguments | Out-Host
    $exit = $LASTEXITCODE
    $trx = Join-Path $Results 'unit.trx'
    if (-not (Test-Path $trx)) {
        Write-Warning "xunit wrote no results (exit code $exit): counting the run as one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($exit -ne 0 -and $failed -eq 0 -and [int]$counters.total -gt 0) { $failed = 1 }
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = $failed }
}

function Invoke-PesterTest {
    <# Pester runs in a fresh process, so the module under test is imported into a clean session. #>
    param([string] $Repo, [string] $PesterModule, [string] $Results, [string[]] $Filter, $Sandbox)
    $summary = Join-Path $Results 'pester-summary.json'
    $runner = Join-Path $Repo (Join-Path 'tests' (Join-Path 'Pester' 'Invoke-PesterSuite.ps1'))
    $env:ROSTRVM_TEST_SANDBOX = $Sandbox.Name
    $arguments = @('pwsh', '-NoProfile', '-NonInteractive', '-File', $runner, '-PesterModule', $PesterModule, '-SummaryPath', $summary)
    if ($Filter) { $arguments += @('-Filter', ($Filter -join ',')) }
    Push-Location $Repo
    try { & dotnet @arguments | Out-Host } finally { Pop-Location }
    if (-not (Test-Path $summary)) {
        Write-Warning "Pester wrote no summary (exit code $LASTEXITCODE): counting the run as one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    Get-Content $summary -Raw | ConvertFrom-Json
}

function Merge-FormatFile {
    <#
      One format file for the module from the per-domain files under src/.../Formats, each view
      also selecting the Deserialized. type name so objects that came over remoting look the same.
    #>
    param([string] $Source, [string] $Destination)
    $merged = [xml]'<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions/></Configuration>'
    $target = $merged.Configuration.SelectSingleNode('ViewDefinitions')
    foreach ($file in Get-ChildItem $Source -Filter *.format.ps1xml | Sort-Object Name) {
        $doc = [xml](Get-Content $file.FullName -Raw)
        foreach ($view in $doc.SelectNodes('/Configuration/ViewDefinitions/View')) {
            $selected = $view.SelectSingleNode('ViewSelectedBy')
            foreach ($type in @($selected.SelectNodes('TypeName'))) {
                if ($type.InnerText -notlike 'Deserialized.*') {
                    $extra = $doc.CreateElement('TypeName')
                    $extra.InnerText = 'Deserialized.' + $type.InnerText
                    [void]$selected.AppendChild($extra)
                }
            }
            [void]$target.AppendChild($merged.ImportNode($view, $true))
        }
    }
    $merged.Save($Destination)
}

# ------------------------------------------------------------------ help: platyPS markdown -> MAML

function Read-HelpMarkdown([string] $Path) {
    $lines = Get-Content $Path -Encoding utf8
    $page = [ordered]@{ Name = $null; Synopsis = ''; Description = ''; Examples = @(); Parameters = @(); Inputs = @(); Outputs = @(); Notes = ''; Links = @() }
    $section = $null; $current = $null; $inCode = $false; $codeLang = ''; $buffer = [System.Collections.Generic.List[string]]::new()
    $i = 0
    if ($lines.Count -gt 0 -and $lines[0] -eq '---') { $i = 1; while ($i -lt $lines.Count -and $lines[$i] -ne '---') { $i++ }; $i++ }

    $flushText = {
        $text = (($buffer -join "`n").Trim())
        $buffer.Clear()
        $text
    }
    $commit = {
        $text = & $flushText
        if ($null -eq $section) { return }
        switch ($section) {
            'SYNOPSIS' { $page.Synopsis = $text }
            'DESCRIPTION' { $page.Description = $text }
            'NOTES' { $page.Notes = $text }
            'EXAMPLES' { if ($current -and $text) { $current.Remarks = $text } }
            'PARAMETERS' { if ($current -and $text) { $current.Description = $text } }
            'INPUTS' { if ($current) { $current.Description = $text } }
            'OUTPUTS' { if ($current) { $current.Description = $text } }
        }
    }
    for (; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($inCode) {
            if ($line -match '^```\s*$') {
                $inCode = $false
                $code = ($buffer -join "`n"); $buffer.Clear()
                if ($section -eq 'EXAMPLES' -and $current) { $current.Code = $code }
                elseif ($section -eq 'PARAMETERS' -and $current -and $codeLang -eq 'yaml') {
                    foreach ($yamlLine in $code -split "`n") {
                        if ($yamlLine -match '^([A-Za-z ]+):\s*(.*)$') { $current.Meta[$Matches[1].Trim()] = $Matches[2].Trim() }
                    }
                }
            }
            else { $buffer.Add($line) }
            continue
        }
        if ($line -match '^```(\w*)') {
            if ($section -eq 'EXAMPLES' -and $current) { $current.Before = & $flushText } elseif ($section -eq 'PARAMETERS' -and $current) { $current.Description = & $flushText } else { [void](& $flushText) }
            $inCode = $true; $codeLang = $Matches[1]; continue
        }
        if ($line -match '^# (.+)$' -and -not $page.Name) { $page.Name = $Matches[1].Trim(); continue }
        if ($line -match '^## (.+)$') {
            & $commit
            $section = $Matches[1].Trim().ToUpperInvariant(); $current = $null; continue
        }
        if ($line -match '^### (.+)$') {
            & $commit
            $title = $Matches[1].Trim()
            switch ($section) {
                'EXAMPLES' { $current = [ordered]@{ Title = $title; Code = ''; Remarks = ''; Before = '' }; $page.Examples += $current }
                'PARAMETERS' {
                    # platyPS's '### CommonParameters' is prose, not a parameter.
                    $current = [ordered]@{ Name = $title.TrimStart('-'); Description = ''; Meta = @{} }
                    if ($title -ne 'CommonParameters') { $page.Parameters += $current }
                }
                'INPUTS' { $current = [ordered]@{ Type = $title; Description = '' }; $page.Inputs += $current }
                'OUTPUTS' { $current = [ordered]@{ Type = $title; Description = '' }; $page.Outputs += $current }
                default { $buffer.Add($line) }
            }
            continue
        }
        if ($section -eq 'RELATED LINKS' -and $line -match '^\[(.+?)\]\((.*?)\)') { $page.Links += [ordered]@{ Text = $Matches[1]; Uri = $Matches[2] }; continue }
        if ($section -eq 'SYNTAX') { continue }
        $buffer.Add($line)
    }
    & $commit
    [pscustomobject]$page
}

function ConvertTo-MamlHelp {
    <#
      platyPS is not installable here, so this compiles its markdown schema into MAML itself:
      the sections Get-Help shows (synopsis, description, syntax, parameters, inputs, outputs,
      notes, examples, links).
    #>
    param([Parameter(Mandatory)] [string] $Source, [Parameter(Mandatory)] [string] $Destination)
    $ns = @{
        maml = 'http://schemas.microsoft.com/maml/2004/10'
        command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
        dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    }
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    New-Item -ItemType Directory -Force -Path (Split-Path $Destination -Parent) | Out-Null
    # en-US is committed beside docs/: written to a side file and put in place only when it differs,
    # so a build with docs/ unchanged leaves the committed file (and its time) as it was.
    $compiled = "$Destination.new"
    $w = [System.Xml.XmlWriter]::Create($compiled, $settings)
    function Para([string] $text) {
        foreach ($p in ($text -split "`n\s*`n")) {
            $t = ($p -replace "`n", ' ').Trim()
            if ($t) { $w.WriteElementString('para', $ns.maml, $t) }
        }
    }
    function ParameterElement($p) {
        $meta = $p.Meta
        $w.WriteStartElement('command', 'parameter', $ns.command)
        $w.WriteAttributeString('required', $(if ($meta['Required'] -eq 'True') { 'true' } else { 'false' }))
        $w.WriteAttributeString('variableLength', 'true')
        $w.WriteAttributeString('globbing', $(if ($meta['Accept wildcard characters'] -eq 'True') { 'true' } else { 'false' }))
        $w.WriteAttributeString('pipelineInput', $(if ($meta['Accept pipeline input']) { $meta['Accept pipeline input'] } else { 'False' }))
        $w.WriteAttributeString('position', $(if ($meta['Position'] -and $meta['Position'] -ne 'Named') { $meta['Position'] } else { 'named' }))
        $w.WriteAttributeString('aliases', $(if ($meta['Aliases']) { $meta['Aliases'] } else { 'none' }))
        $w.WriteElementString('name', $ns.maml, $p.Name)
        $w.WriteStartElement('maml', 'description', $ns.maml); Para $p.Description; $w.WriteEndElement()
        $type = if ($meta['Type']) { $meta['Type'] } else { 'Object' }
        if ($type -ne 'SwitchParameter') {
            $w.WriteStartElement('command', 'parameterValue', $ns.command)
            $w.WriteAttributeString('required', 'true'); $w.WriteAttributeString('variableLength', 'false')
            $w.WriteString($type); $w.WriteEndElement()
        }
        $w.WriteStartElement('dev', 'type', $ns.dev); $w.WriteElementString('name', $ns.maml, $type); $w.WriteEndElement()
        $w.WriteElementString('defaultValue', $ns.dev, $(if ($meta['Default value']) { $meta['Default value'] } else { 'None' }))
        $w.WriteEndElement()
    }

    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', 'http://msh')
    $w.WriteAttributeString('schema', 'maml')
    foreach ($file in Get-ChildItem $Source -Filter '*-*.md' | Sort-Object Name) {
        $page = Read-HelpMarkdown $file.FullName
        if (-not $page.Name) { throw "$($file.FullName) has no '# Name' heading." }
        $verb, $noun = $page.Name -split '-', 2
        $w.WriteStartElement('command', 'command', $ns.command)
        $w.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
        $w.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)
        $w.WriteStartElement('command', 'details', $ns.command)
        $w.WriteElementString('name', $ns.command, $page.Name)
        $w.WriteElementString('verb', $ns.command, $verb)
        $w.WriteElementString('noun', $ns.command, $noun)
        $w.WriteStartElement('maml', 'description', $ns.maml); Para $page.Synopsis; $w.WriteEndElement()
        $w.WriteEndElement()
        $w.WriteStartElement('maml', 'description', $ns.maml); Para $page.Description; $w.WriteEndElement()

        # One syntax item per parameter set named in the yaml blocks; '(All)' belongs to every set.
        $sets = @($page.Parameters | ForEach-Object { ($_.Meta['Parameter Sets'] -split ',\s*') } | Where-Object { $_ -and $_ -ne '(All)' } | Select-Object -Unique)
        if (-not $sets) { $sets = @('(All)') }
        $w.WriteStartElement('command', 'syntax', $ns.command)
        foreach ($set in $sets) {
            $w.WriteStartElement('command', 'syntaxItem', $ns.command)
            $w.WriteElementString('name', $ns.maml, $page.Name)
            foreach ($p in $page.Parameters) {
                $pSets = $p.Meta['Parameter Sets'] -split ',\s*'
                if ($pSets -contains '(All)' -or $pSets -contains $set -or -not $p.Meta['Parameter Sets']) { ParameterElement $p }
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($p in $page.Parameters) { ParameterElement $p }
        $w.WriteEndElement()

        foreach ($kind in @(@('inputTypes', 'inputType', $page.Inputs), @('returnValues', 'returnValue', $page.Outputs))) {
            $w.WriteStartElement('command', $kind[0], $ns.command)
            foreach ($item in $kind[2]) {
                $w.WriteStartElement('command', $kind[1], $ns.command)
                $w.WriteStartElement('dev', 'type', $ns.dev); $w.WriteElementString('name', $ns.maml, $item.Type); $w.WriteEndElement()
                $w.WriteStartElement('maml', 'description', $ns.maml); Para $item.Description; $w.WriteEndElement()
                $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }

        $w.WriteStartElement('maml', 'alertSet', $ns.maml)
        $w.WriteStartElement('maml', 'alert', $ns.maml); Para $page.Notes; $w.WriteEndElement()
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'examples', $ns.command)
        foreach ($example in $page.Examples) {
            $w.WriteStartElement('command', 'example', $ns.command)
            $w.WriteElementString('title', $ns.maml, "-------------------------- $($example.Title) --------------------------")
            $w.WriteElementString('code', $ns.dev, $example.Code)
            $w.WriteStartElement('dev', 'remarks', $ns.dev); Para (($example.Before, $example.Remarks) -join "`n`n"); $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'relatedLinks', $ns.command)
        foreach ($link in $page.Links) {
            $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $w.WriteElementString('linkText', $ns.maml, $link.Text)
            # A link to another page of docs/ is a help topic by its text (Get-Help <text>), not an address.
            $w.WriteElementString('uri', $ns.maml, $(if ($link.Uri -match '^https?://') { $link.Uri } else { '' }))
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
    $w.Dispose()
    $same = (Test-Path -LiteralPath $Destination) -and
        [System.Linq.Enumerable]::SequenceEqual([System.IO.File]::ReadAllBytes($compiled), [System.IO.File]::ReadAllBytes($Destination))
    if ($same) { Remove-Item -LiteralPath $compiled } else { Move-Item -LiteralPath $compiled $Destination -Force }
}

function Copy-WindowsRuntimeAsset([string] $Assets, [string] $Destination) {
    <# Each package's runtimes/win assembly (restore's project.assets.json names them) over its netstandard2.0 stub. #>
    $json = Get-Content $Assets -Raw | ConvertFrom-Json -AsHashtable
    $packages = @($json.packageFolders.Keys)[0]
    foreach ($target in $json.targets.Values) {
        foreach ($package in $target.GetEnumerator()) {
            if (-not $package.Value.ContainsKey('runtimeTargets')) { continue }
            foreach ($asset in $package.Value.runtimeTargets.GetEnumerator()) {
                if ($asset.Value.rid -ne 'win' -or $asset.Value.assetType -ne 'runtime' -or $asset.Key -notlike '*.dll') { continue }
                $name, $version = $package.Key -split '/'
                Copy-Item (Join-Path $packages (Join-Path "$($name.ToLowerInvariant())/$version" $asset.Key)) $Destination -Force
            }
        }
    }
}

Export-ModuleMember -Function Write-Step, Invoke-Native, Install-MariaDb, Get-PesterModule, Invoke-UnitTest, Invoke-PesterTest,
    Merge-FormatFile, ConvertTo-MamlHelp, Read-HelpMarkdown, Copy-WindowsRuntimeAsset
