# The examples of docs/*.md, checked and run against a private sandbox by HelpExamples.Tests.ps1.
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')
Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1')

# Pages in the order an administrator's day builds what the next one needs: settings, a backup,
# binlogs, a restore, MIS, recordings, logs, the scheduled jobs; settings changes last.
$script:PageOrder = @(
    'Get-RostrvmConfiguration', 'Test-RostrvmConnection', 'Backup-RostrvmDatabase', 'Backup-RostrvmScript',
    'Get-RostrvmBackup', 'Test-RostrvmBackup', 'Backup-RostrvmBinlog', 'Get-RostrvmBinlog', 'Get-RostrvmBinlogEvent',
    'Export-RostrvmBinlog', 'Undo-RostrvmTransaction', 'Get-RostrvmRestorePlan', 'Restore-RostrvmDatabase', 'Export-RostrvmMis',
    'Invoke-RostrvmMisPurge', 'Move-RostrvmRecording', 'Get-RostrvmRecordingArchive', 'Export-RostrvmRecording',
    'Compress-RostrvmLog', 'Remove-RostrvmLog', 'Get-RostrvmStorageReport', 'Sync-RostrvmMirror', 'Invoke-RostrvmMaintenance',
    'Get-RostrvmMaintenanceHistory', 'Test-RostrvmRecoverability', 'Export-RostrvmReport', 'Register-RostrvmMaintenanceTask',
        'Get-RostrvmMaintenanceTask',
    'Unregister-RostrvmMaintenanceTask', 'Set-RostrvmConfiguration')

# What a few examples need that no sandbox has. Every other example runs.
$script:NotRunnable = @{
    'Get-RostrvmMaintenanceHistory Example 3' = 'PowerShell remoting to the hosts srv1 and srv2'
    'Test-RostrvmConnection Example 2'        = 'the servers srv1 and srv2'
    'Test-RostrvmBackup Example 2'            = 'the test server testsrv'
    'Move-RostrvmRecording Example 2'         = 'the NAS share \\nas01 and an interactive credential prompt'
    'Register-RostrvmMaintenanceTask Example 1' = "the machine's own scheduler (systemd units in /etc)"
    'Set-RostrvmConfiguration Example 3'      = 'the server db1 and its option file'
    'Restore-RostrvmDatabase Example 6'       = 'an SFTP mirror (vault01) with the backups'
}

function Get-HelpExample {
    <# Each example of each page: the lines typed after PS> (with their continuation lines), not the output shown. #>
    param([Parameter(Mandatory)] [string] $Docs)
    foreach ($page in Get-ChildItem $Docs -Filter '*-Rostrvm*.md') {
        $text = (Get-Content $page.FullName -Raw) -replace "`r`n", "`n"
        $section = (($text -split '(?m)^## EXAMPLES')[1] -split '(?m)^## PARAMETERS')[0]
        $index = [array]::IndexOf($script:PageOrder, $page.BaseName)
        if ($index -lt 0) {
            throw "HelpExamples.psm1 does not know where $($page.BaseName) goes in the order of the day; add it to PageOrder." }
        $number = 0
        foreach ($match in [regex]::Matches($section, '(?ms)^### (?<title>[^\n]+)\n```powershell\n(?<code>.*?)\n```')) {
            $code = Get-TypedCode $match.Groups['code'].Value
            $title = $match.Groups['title'].Value.Trim()
            $key = "$($page.BaseName) $title"
            [pscustomobject]@{
                Page = $page.BaseName; Title = $title; Code = $code; Order = $index * 100 + $number++
                NotRunnable = $script:NotRunnable[$key]
            }
        }
    }
}

function Get-TypedCode([string] $Block) {
    <# The lines after PS>, each with the lines that complete it (an open bracket or pipe); what follows is output. #>
    $commands = [System.Collections.Generic.List[string]]::new()
    $current = $null
    foreach ($line in $Block -split "`n") {
        if ($line -match '^PS[^>]*> ?(.*)$') {
            if ($null -ne $current) { $commands.Add($current) }
            $current = $Matches[1]
        }
        elseif ($null -ne $current -and (Test-Incomplete $current)) { $current += "`n" + $line }
        elseif ($null -ne $current) { $commands.Add($current); $current = $null }
    }
    if ($null -ne $current) { $commands.Add($current) }
    $commands -join "`n"
}

function Test-Incomplete([string] $Code) {
    $errors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $null, [ref] $errors)
    [bool]@($errors | Where-Object IncompleteInput).Count
}

function Test-HelpExampleBinding {
    <# What is wrong with an example before it runs: parse errors, parameters that do not bind, parameter sets that exclude each other. #>
    param([Parameter(Mandatory)] [string] $Code)
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $errors)
    foreach ($e in $errors) { "parse: $($e.Message)" }
    $calls = $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)
    $ours = 0
    foreach ($call in $calls) {
        $name = $call.GetCommandName()
        if (-not $name) { continue }
        $command = Get-Command $name -Module Rostrvm -ErrorAction SilentlyContinue
        if ($command -is [System.Management.Automation.AliasInfo]) { $command = $command.ResolvedCommand }
        if (-not $command) { continue }
        $ours++
        $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($call, $true)
        foreach ($name in $binding.BindingExceptions.Keys) {
            "$($command.Name) ${name}: $($binding.BindingExceptions[$name].BindingException.Message)" }
        $bound = @($binding.BoundParameters.Keys | Where-Object { $command.Parameters.ContainsKey($_) })
        $sets = @($command.ParameterSets | Where-Object {
                $names = @($_.Parameters.Name)
                -not @($bound | Where-Object { $_ -notin $names }).Count
            })
        if (-not $sets) { "$($command.Name): no parameter set takes -$($bound -join ', -') together" }
    }
    # A shipped scheduled script counts as the module's own.
    if (-not $ours -and $Code -notmatch 'Invoke-Rostrvm\w+Maintenance\.ps1') { 'the example uses no cmdlet or script of the module' }
}

function New-HelpExampleEnvironment {
    <#
    A rostrvm server in a box for the examples: a private sandbox with the demo database, a root
    ($env:ROSTRVM_ROOT) with settings, logs and script folders of its own, a working folder holding
    the folders the examples name, a stand-in systemctl, and the variables the examples assume.
    #>
    # A fresh server each run: the examples archive recordings and restore the live database.
    $sandboxRoot = Join-Path (Get-TestRepoRoot) 'out/sandbox'
    Stop-RostrvmSandbox -Name examples -Root $sandboxRoot -Remove
    $sandbox = Get-TestSandbox -Name examples
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-examples-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $work = Join-Path $root 'work'
    foreach ($folder in $root, $work, (Join-Path $work 'offsite'), (Join-Path $work 'offsite/backups'), (Join-Path $work 'offsite/binlog'),
        (Join-Path $work 'exported'), (Join-Path $work 'units'), (Join-Path $work 'bin'), (Join-Path $work 'offsite/mirror'), (
            Join-Path $work 'keys')) {
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
    }
    $repo = Get-TestRepoRoot
    Copy-Item -Recurse (Join-Path $repo 'out/test/demo-logs') (Join-Path $root 'logs')
    foreach ($folder in Get-ChildItem (Join-Path $repo 'out/test/demo-root') -Directory) { Copy-Item -Recurse $folder.FullName $root }
    $settings = Join-Path $root 'RostrvmMaintenance.json'
    Set-RostrvmConfiguration -ConfigurationPath $settings -Server 127.0.0.1 -Port $sandbox.Port -OptionFile $sandbox.OptionFile `
        -LogPath (Join-Path $root 'logs') -BinlogPath $sandbox.BinlogDirectory -SslMode Preferred -BackupCycle 8 -Mirror (
            Join-Path $work 'offsite/mirror')
    # The night before: a backup (slot 1 of a cycle of 8, so the examples' own backups keep it), then an update and the accident
    # (a user deleted) that the binlog and restore examples look for, each in a second of its own so times tell them apart.
    $env:ROSTRVM_ROOT = $root
    Backup-RostrvmDatabase -ConfigurationPath $settings | Out-Null
    Start-Sleep -Milliseconds 1100
    Invoke-SandboxClient -Sandbox $sandbox -Query ("UPDATE rostrvm_920.users SET full_name = CONCAT(full_name, ' (team B)') WHERE id IN " +
        "(1, 2)") | Out-Null
    Start-Sleep -Milliseconds 1100
    Invoke-SandboxClient -Sandbox $sandbox -Query 'DELETE FROM rostrvm_920.users ORDER BY id DESC LIMIT 1' | Out-Null
    # The service the restore examples stop and start: this machine has no service manager.
    $systemctl = Join-Path $work 'bin/systemctl'
    Set-Content -Path $systemctl -Value "#!/bin/sh`nexit 0"
    & chmod 755 $systemctl
    # The backup key pair the encryption examples use: a private keyring, the secret key exported
    # owner-only beside the examples (the public key is exported by an example itself).
    $gpgHome = Join-Path $root 'gnupg'
    New-Item -ItemType Directory -Path $gpgHome | Out-Null
    & chmod 700 $gpgHome
    $savedGnupg = $env:GNUPGHOME
    $env:GNUPGHOME = $gpgHome
    $passphrase = 'example-backup-passphrase'
    $passphrase | & gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 0 `
        --quick-gen-key 'Rostrvm backup <backup@example.com>' default default never 2>$null
    $secret = Join-Path $work 'keys/backup-secret.asc'
    $passphrase | & gpg --batch --pinentry-mode loopback --passphrase-fd 0 --armor --output $secret --export-secret-keys backup@example.com
    & chmod 600 $secret
    $env:GNUPGHOME = $savedGnupg
    [pscustomobject]@{
        Sandbox = $sandbox; Root = $root; Work = $work; Settings = $settings; Bin = (Join-Path $work 'bin')
        SavedRoot = $env:ROSTRVM_ROOT; SavedPath = $env:PATH; GnupgHome = $gpgHome; SavedGnupg = $savedGnupg
        BackupKey = [pscredential]::new($secret, (ConvertTo-SecureString $passphrase -AsPlainText -Force))
    }
}

function Remove-HelpExampleEnvironment {
    param($Environment)
    if (-not $Environment) { return }
    $env:ROSTRVM_ROOT = $Environment.SavedRoot
    $env:PATH = $Environment.SavedPath
    $env:GNUPGHOME = $Environment.SavedGnupg
    & gpgconf --homedir $Environment.GnupgHome --kill gpg-agent 2>$null
    Stop-RostrvmSandbox -Name examples -Root (Join-Path (Get-TestRepoRoot) 'out/sandbox') -Remove
    Remove-Item $Environment.Root -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-HelpExample {
    <# Runs one example as typed, in the working folder with the root set; returns its errors and what it showed. #>
    param([Parameter(Mandatory)] $Environment, [Parameter(Mandatory)] [string] $Code)
    $env:ROSTRVM_ROOT = $Environment.Root
    $env:PATH = $Environment.Bin + [System.IO.Path]::PathSeparator + $Environment.SavedPath
    $env:GNUPGHOME = $Environment.GnupgHome
    # What the examples take as given: a credential for the sandbox account, the archive password.
    $cred = $Environment.Sandbox.Credential
    $archiveCredential = [pscredential]::new('archive', (ConvertTo-SecureString 'example-archive-password' -AsPlainText -Force))
    # The backup key: its file and passphrase, as Get-Credential -UserName <key file> gives them.
    $backupKey = $Environment.BackupKey
    $null = $cred, $archiveCredential, $backupKey
    $errors = [System.Collections.Generic.List[string]]::new()
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $null, [ref] $null)
    if ($ast.Find({ $args[0] -is [System.Management.Automation.Language.ExitStatementAst] }, $true)) {
        # A scheduled script's example ends with exit: it runs as the script it is, in a pwsh of its own.
        $script = Join-Path $Environment.Work ('example-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.ps1')
        Set-Content -Path $script -Value (
            "`$ErrorActionPreference = 'Stop'`nSet-Location '$($Environment.Work)'`nImport-Module '$(Get-TestModulePath)'`n" + $Code)
        $child = Invoke-TestPwsh -File $script
        if ($child.ExitCode -ne 0) { $errors.Add("exit code $($child.ExitCode)`n$($child.Text)") }
        return [pscustomobject]@{ Errors = @($errors); Shown = $child.Text }
    }
    Push-Location $Environment.Work
    try {
        $shown = & {
            # As typed at a prompt: no strict mode, errors stop the example, no confirmation prompts.
            Set-StrictMode -Off
            $ErrorActionPreference = 'Stop'
            $ConfirmPreference = 'None'
            # The administrator at the prompt: Get-Credential -UserName <key file> is answered with the backup key's passphrase.
            function Get-Credential([string] $UserName, [string] $Message) { [pscredential]::new($UserName, $backupKey.Password) }
            . ([scriptblock]::Create($Code))
        } *>&1 | Out-String -Width 80
    }
    catch {
        $errors.Add("$($_.FullyQualifiedErrorId): $($_.Exception.Message)")
        $shown = $null
    }
    finally {
        Pop-Location
    }
    [pscustomobject]@{ Errors = @($errors); Shown = $shown }
}

Export-ModuleMember -Function Get-HelpExample, Test-HelpExampleBinding, New-HelpExampleEnvironment, Remove-HelpExampleEnvironment,
    Invoke-HelpExample
