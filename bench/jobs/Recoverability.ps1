<#
    "Can we restore right now?": Test-RostrvmRecoverability over a backup and the binlog chain
    after it (many files, half of them also copied off the server), beside what an administrator
    would do to be as sure by hand: read every file of the chain with mariadb-binlog to see its
    first and last events. Both whole processes.
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small',
    [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'BenchSupport.psm1') -Force
$client = Find-ServerTool 'mariadb'
$binlogTool = Find-ServerTool 'mariadb-binlog'
$pwsh = [Environment]::ProcessPath
$prefix = @(if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { 'pwsh' })
$repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
function Sql([string] $q, [string] $db = '') {
    $a = @("--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP', '-N', '-B', '-e', $q)
    if ($db) { $a += $db }
    & $client @a
    if ($LASTEXITCODE -ne 0) { throw "mariadb failed: $q" }
}
# Binlog volume after the backup: Small 20 files of 20k rows, Medium 40 of 50k, Large 60 of 80k (about 185 bytes a row).
$files = @{ Small = 20; Medium = 40; Large = 60 }[$Size]
$rows = @{ Small = 20000; Medium = 50000; Large = 80000 }[$Size]
$config = Join-Path $DataPath 'RostrvmMaintenance.json'
[ordered]@{
    Root = $DataPath; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = 'rostrvm_920'; OptionFile = $Sandbox.OptionFile
    BinlogPath = $Sandbox.BinlogDirectory; SslMode = 'None'
} |
    ConvertTo-Json | Set-Content $config
$setup = Join-Path $DataPath 'setup.ps1'
Set-Content $setup ("param(`$Step) Import-Module '$ModulePath'; if (`$Step -eq 'Backup') { " +
    "`$null = Backup-RostrvmDatabase -ConfigurationPath '$config' -Confirm:`$false } else { " +
    "`$null = Backup-RostrvmBinlog -ConfigurationPath '$config' -Confirm:`$false }")
$backup = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList ($prefix +
    @('-NoProfile', '-File', $setup, '-Step', 'Backup')) -WorkingDirectory $repo
if ($backup.ExitCode -ne 0) { throw "The backup failed: $($backup.Error)" }
Sql ('CREATE DATABASE IF NOT EXISTS benchrec; DROP TABLE IF EXISTS benchrec.calls; ' +
    'CREATE TABLE benchrec.calls (id INT UNSIGNED PRIMARY KEY, agent_id INT, queue VARCHAR(40), started DATETIME(3), ' +
    'note VARCHAR(255), payload TEXT) ENGINE=InnoDB')
for ($f = 0; $f -lt $files; $f++) {
    $from = $f * $rows + 1; $to = $from + $rows - 1
    Sql ("SET SESSION binlog_format=ROW; INSERT INTO calls SELECT seq, seq % 500, CONCAT('queue-', seq % 37), " +
        "'2026-01-01' + INTERVAL seq SECOND, CONCAT('call note number ', seq), REPEAT(CONCAT('x', seq), 10) " +
        "FROM seq_${from}_to_${to}; FLUSH BINARY LOGS") 'benchrec'
    if ($f -eq [int]($files / 2)) {
        $copy = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList ($prefix +
            @('-NoProfile', '-File', $setup, '-Step', 'Copy')) -WorkingDirectory $repo
        if ($copy.ExitCode -ne 0) { throw "The binlog copy failed: $($copy.Error)" }
    }
}
$chain = @(Get-ChildItem $Sandbox.BinlogDirectory | Where-Object Name -match '^rtmbinlog\.\d{6}$' | Sort-Object Name)
$chainMB = [Math]::Round(($chain | Measure-Object Length -Sum).Sum / 1MB)
$check = Join-Path $DataPath 'check.ps1'
Set-Content $check ("Import-Module '$ModulePath'; `$r = Test-RostrvmRecoverability -ConfigurationPath '$config'; " +
    "[Console]::Out.WriteLine(`"`$(`$r.Verdict) `$(`$r.RecoverableToNow)`")")
$oursRuns = @(); $referenceRuns = @()
for ($i = 0; $i -lt (Get-BenchRepeat 3); $i++) {
    $oursRuns += Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList ($prefix + @('-NoProfile', '-File', $check)) -WorkingDirectory $repo
    $referenceRuns += Invoke-MeasuredProcess -FilePath '/bin/sh' -ArgumentList @(
        '-c', "'$binlogTool' $(($chain.FullName | ForEach-Object { "'$_'" }) -join ' ') > /dev/null")
}
$last = $oursRuns[-1]
if ($last.ExitCode -ne 0) { throw "Test-RostrvmRecoverability failed: $($last.Error)" }
if ($referenceRuns | Where-Object ExitCode -ne 0) { throw "mariadb-binlog failed: $($referenceRuns[-1].Error)" }
Sql 'DROP DATABASE benchrec'
[pscustomobject]@{
    Job = 'Recoverability check'; Ours = Get-Median ($oursRuns | ForEach-Object Seconds)
    Reference = Get-Median ($referenceRuns | ForEach-Object Seconds)
    ReferenceTool = 'mariadb-binlog of the whole chain'; PeakMemoryMB = ($oursRuns | Measure-Object PeakMemoryMB -Maximum).Maximum
    Notes = ("$($chain.Count) binlog files ($chainMB MB) after the backup, half also copied off the server; " +
        "verdict and 'recoverable to now': $($last.Output.Trim())")
}
