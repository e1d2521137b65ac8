<#
    Encrypted backups: Backup-RostrvmDatabase -EncryptFor (a verified dump, then OpenPGP for a
    public key, streamed) beside what an administrator would type without it:
    mariadb-dump --single-transaction | gpg --encrypt. Both whole processes; our plain backup is
    measured too, so the notes give the cost of the encryption itself. gpg --decrypt of our file
    must give a complete backup.
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small',
    [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'BenchSupport.psm1') -Force
$dump = Find-ServerTool 'mariadb-dump'
$pwsh = [Environment]::ProcessPath
$prefix = @(if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { 'pwsh' })
$repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent

# A key pair of its own (no passphrase: only the public key is used to encrypt).
$gnupg = Join-Path $DataPath 'gnupg'
New-Item -ItemType Directory -Force -Path $gnupg | Out-Null
& chmod 700 $gnupg
$env:GNUPGHOME = $gnupg
$gpgArguments = @('--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase-fd', '0',
    '--quick-gen-key', 'Bench backup <bench@rostrvm.test>', 'default', 'default', 'never')
'' | & gpg @gpgArguments 2>$null
$public = Join-Path $DataPath 'bench-key.asc'
& gpg --batch --armor --output $public --export bench@rostrvm.test

$config = Join-Path $DataPath 'RostrvmMaintenance.json'
[ordered]@{
    Root = $DataPath; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = 'rostrvm_920'; OptionFile = $Sandbox.OptionFile
    SslMode = 'None'; BackupCycle = 9
} |
    ConvertTo-Json | Set-Content $config
$folder = Join-Path $DataPath 'backups'
New-Item -ItemType Directory -Force -Path $folder | Out-Null
$script = Join-Path $DataPath 'backup.ps1'
Set-Content $script ("param(`$EncryptFor) Import-Module '$ModulePath'; `$b = if (`$EncryptFor) { " +
    "Backup-RostrvmDatabase -ConfigurationPath '$config' -Path '$folder' -EncryptFor `$EncryptFor -Confirm:`$false } else { " +
    "Backup-RostrvmDatabase -ConfigurationPath '$config' -Path '$folder' -Confirm:`$false }; [Console]::Out.WriteLine(`$b.Path)")
$reference = Join-Path $DataPath 'reference.rbk.gpg'
$pipeline = ("'$dump' --defaults-extra-file='$($Sandbox.OptionFile)' --protocol=TCP " +
    "--single-transaction --routines --triggers --events --hex-blob rostrvm_920 | " +
    "gpg --batch --yes --trust-model always --encrypt --recipient bench@rostrvm.test --output '$reference'")

$oursRuns = @(); $referenceRuns = @()
for ($i = 0; $i -lt (Get-BenchRepeat 3); $i++) {
    $oursRuns += Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList ($prefix +
        @('-NoProfile', '-File', $script, '-EncryptFor', $public)) -WorkingDirectory $repo -Environment @{ GNUPGHOME = $gnupg }
    $referenceRuns += Invoke-MeasuredProcess -FilePath '/bin/sh' -ArgumentList @('-c', $pipeline) -Environment @{ GNUPGHOME = $gnupg }
}
$plain = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList ($prefix + @('-NoProfile', '-File', $script)) -WorkingDirectory $repo
if ($plain.ExitCode -ne 0) { throw "The plain backup failed: $($plain.Error)" }
$ours = $oursRuns[-1]
if ($ours.ExitCode -ne 0) { throw "Backup-RostrvmDatabase -EncryptFor failed: $($ours.Error)" }
if (($referenceRuns | Where-Object ExitCode -ne 0)) { throw "mariadb-dump | gpg failed: $($referenceRuns[-1].Error)" }
$encrypted = ($ours.Output.Trim() -split "`n")[-1].Trim()
$decrypted = Join-Path $DataPath 'decrypted.rbk'
& gpg --batch --quiet --yes --output $decrypted --decrypt $encrypted 2>$null
$complete = (Get-Content $decrypted -Tail 1) -like '-- rostrvm-backup-complete:*'
$mb = [Math]::Round((Get-Item $decrypted).Length / 1MB)
[pscustomobject]@{
    Job = 'Encrypted backup (OpenPGP)'; Ours = Get-Median ($oursRuns | ForEach-Object Seconds)
    Reference = Get-Median ($referenceRuns | ForEach-Object Seconds)
    ReferenceTool = 'mariadb-dump | gpg --encrypt'; PeakMemoryMB = ($oursRuns | Measure-Object PeakMemoryMB -Maximum).Maximum
    Notes = ("$mb MB of SQL; our plain backup of it $([Math]::Round($plain.Seconds, 1)) s (the encryption costs the difference); " +
        "gpg --decrypt gives a complete backup: $complete")
}
& gpgconf --homedir $gnupg --kill gpg-agent 2>$null
