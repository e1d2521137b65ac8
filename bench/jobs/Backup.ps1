<#
.SYNOPSIS
    Full backup: Backup-RostrvmDatabase against mariadb-dump --single-transaction (and mydumper -t 2
    when its Debian package installs), plain and compressed (-Compress against mariadb-dump | gzip -6,
    -Compression Zstd against mariadb-dump | zstd -3 and mydumper -t 2 -c).
    Like with like: .rbk format 2 writes binary values as escaped _binary literals, as mariadb-dump and
    mydumper do without --hex-blob, so the references run without it; a second row keeps the
    comparison with mariadb-dump --hex-blob (the form of format 1). Ours ends with its file on disk;
    the "on disk" rows add to the references the time to make their output durable.
.DESCRIPTION
    Ours runs in its own pwsh process so its peak memory is measured like the reference's. Our time is
    the job's own duration (the backup object's Duration: connect, snapshot, dump with the SHA-256 taken
    as it is written, read-back check, rename), without pwsh's start-up; the process wall time is in the notes.
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small',
    [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot (Join-Path '..' 'BenchSupport.psm1')) -Force
Set-BenchServer $Sandbox.Pid

$database = 'rostrvm_920'
# SslMode None: the reference clients (mariadb-dump, mydumper) connect without TLS here, so ours does too (same transport).
function New-BenchSettings([string] $Name, [string] $Database) {
    $path = Join-Path $DataPath $Name
    @{
        Root = $DataPath; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = $Database; OptionFile = $Sandbox.OptionFile
        BackupCycle = 1; SslMode = 'None'
    } |
        ConvertTo-Json | Set-Content $path -Encoding utf8
    $path
}
$settings = New-BenchSettings 'RostrvmMaintenance.json' $database
$ours = Join-Path $DataPath 'ours'
New-Item -ItemType Directory -Force -Path $ours | Out-Null
$exe = [Environment]::ProcessPath
$prefix = @(if ((Split-Path $exe -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })

# Every contender starts with its previous output removed, outside the timing, as mydumper's
# folder always was: deleting 1.6 GB of the last run (0.7 s on this disk, in our rename over the
# slot or the shell's truncation of dump.sql) is not part of the dump being compared.
function Clear-Output([string[]] $Path) { foreach ($p in $Path) { if (Test-Path $p) { Remove-Item $p -Recurse -Force } } }

function Invoke-Ours([switch] $Compress, [string] $Compression, [int] $Connections = 0, [string] $Settings = $settings) {
    Clear-Output @(Get-ChildItem $ours -File | ForEach-Object FullName)
    $script = Join-Path $DataPath 'run-backup.ps1'
    $flag = if ($Compress) { '-Compress' } else { '' }
    if ($Compression) { $flag += " -Compression $Compression" }
    if ($Connections) { $flag += " -ThrottleLimit $Connections" }
    Set-Content $script ("Import-Module '$ModulePath'; " +
        "`$b = Backup-RostrvmDatabase -ConfigurationPath '$Settings' -Path '$ours' $flag -ErrorAction Stop; " +
        "`$b.Duration.TotalSeconds; `$b.Bytes; `$b.FileSize")
    $run = Invoke-MeasuredProcess -FilePath $exe -ArgumentList ($prefix + @('-NoProfile', '-NonInteractive', '-File', $script))
    if ($run.ExitCode -ne 0) { throw "Backup-RostrvmDatabase failed: $($run.Error) $($run.Output)" }
    $lines = @($run.Output -split "`n" | Where-Object { $_.Trim() })
    [pscustomobject]@{
        Seconds = [double]$lines[-3]; PeakMemoryMB = $run.PeakMemoryMB; Wall = $run.Seconds; Bytes = [long]$lines[-2]
        FileSize = [long]$lines[-1]; ServerCpuSeconds = $run.ServerCpuSeconds; ClientCpuSeconds = $run.ClientCpuSeconds
        ServerThreadCpuSeconds = $run.ServerThreadCpuSeconds
    }
}

$dumpOptions = ("--defaults-extra-file='$($Sandbox.OptionFile)' --protocol=TCP " +
    "--single-transaction --routines --triggers --events")
$dumpArgs = "$dumpOptions $database"
$hexDumpArgs = "$dumpOptions --hex-blob $database"
function Invoke-Shell([string] $Command) {
    $run = Invoke-MeasuredProcess -FilePath sh -ArgumentList @('-c', $Command)
    if ($run.ExitCode -ne 0) { throw "'$Command' failed: $($run.Error)" }
    $run
}

$baseline = Invoke-MeasuredProcess -FilePath $exe -ArgumentList ($prefix +
    @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$ModulePath'"))
$walls = [System.Collections.Generic.List[double]]::new()
$hexTimes = [System.Collections.Generic.List[double]]::new()
$hexRuns = [System.Collections.Generic.List[object]]::new()
$hexDurable = [System.Collections.Generic.List[double]]::new()
# Each round: ours, mariadb-dump (binary as escaped strings, like ours), mariadb-dump --hex-blob.
$plain = Invoke-Alternating -Repeat 3 -Ours {
    $r = Invoke-Ours; $walls.Add($r.Wall); $script:plainRun = $r; $r } -Reference {
    Clear-Output "$DataPath/dump-hex.sql"
    $hexRun = Invoke-Shell "mariadb-dump $hexDumpArgs > '$DataPath/dump-hex.sql'"
    $hexTimes.Add($hexRun.Seconds); $hexRuns.Add($hexRun)
    $hexDurable.Add($hexRun.Seconds + (Measure-Durable "$DataPath/dump-hex.sql"))
    Clear-Output "$DataPath/dump.sql"; Invoke-Shell "mariadb-dump $dumpArgs > '$DataPath/dump.sql'" }
$dumpSize = (Get-Item (Join-Path $DataPath 'dump.sql')).Length
$hexSize = (Get-Item (Join-Path $DataPath 'dump-hex.sql')).Length
Clear-Output "$DataPath/dump-hex.sql"
[pscustomobject]@{
    Job = 'Backup'; Ours = $plain.Ours; Reference = $plain.Reference; ReferenceTool = 'mariadb-dump --single-transaction'
    PeakMemoryMB = $plain.PeakMemoryMB
    Notes = (('{0:N0} MB of SQL (mariadb-dump {1:N0} MB), binary values as escaped strings in both; pwsh process wall {2:N2} s; ' +
        'pwsh + module alone peak {3:N0} MB, CPU {4:N1} s; {5}') -f ($plainRun.Bytes / 1MB), ($dumpSize / 1MB),
        (Get-Median $walls.ToArray()), $baseline.PeakMemoryMB, ($baseline.ClientCpuSeconds + $baseline.ServerCpuSeconds),
        (Format-CpuNote $plain))
}
[pscustomobject]@{
    Job = 'Backup (against hex)'; Ours = $plain.Ours; Reference = (Get-Median $hexTimes.ToArray())
    ReferenceTool = 'mariadb-dump --single-transaction --hex-blob'; PeakMemoryMB = $plain.PeakMemoryMB
    Notes = ('ours as in the row above ({0:N0} MB); mariadb-dump --hex-blob {1:N0} MB (the form of .rbk format 1); its CPU s ' +
        'server/client {2:N1}/{3:N1}') -f ($plainRun.Bytes / 1MB), ($hexSize / 1MB),
        (Get-Median @($hexRuns | ForEach-Object { [double]$_.ServerCpuSeconds })),
        (Get-Median @($hexRuns | ForEach-Object { [double]$_.ClientCpuSeconds }))
}
# Like with like: ours ends with its file on disk (fsync before the rename); mariadb-dump exits with its output still in the page cache.
[pscustomobject]@{
    Job = 'Backup (against hex, on disk)'; Ours = $plain.Ours; Reference = (Get-Median $hexDurable.ToArray())
    ReferenceTool = 'mariadb-dump --hex-blob, then sync of its file'; PeakMemoryMB = $plain.PeakMemoryMB
    Notes = ('the row above with the reference''s output made durable, as ours is before it returns: sync of dump-hex.sql ' +
        '{0:N2} s (median)') -f ((Get-Median $hexDurable.ToArray()) - (Get-Median $hexTimes.ToArray()))
}

$user = (Get-Content $Sandbox.OptionFile | Where-Object { $_ -match '^user\s*=' }) -replace '^user\s*=\s*', ''
$haveMydumper = Install-ReferenceTool -Command mydumper -Package mydumper
if ($haveMydumper) {
    $out = Join-Path $DataPath 'mydumper'
    $mydumperDurable = [System.Collections.Generic.List[double]]::new()
    $mydumperTimes = [System.Collections.Generic.List[double]]::new()
    $mydumper = Invoke-Alternating -Repeat 3 -Ours { Invoke-Ours -Connections 2 } -Reference {
        Clear-Output $out
        $run = Invoke-Shell ("mydumper --defaults-file='$($Sandbox.OptionFile)' -h 127.0.0.1 -P $($Sandbox.Port) -u '$user' " +
            "-B $database -t 2 -R -E -G --trx-consistency-only -o '$out'")
        $mydumperTimes.Add($run.Seconds)
        $mydumperDurable.Add($run.Seconds + (Measure-Durable @(Get-ChildItem $out -File | ForEach-Object FullName)))
        $run
    }
    [pscustomobject]@{
        Job = 'Backup (2 threads)'; Ours = $mydumper.Ours; Reference = $mydumper.Reference; ReferenceTool = 'mydumper -t 2'
        PeakMemoryMB = $mydumper.PeakMemoryMB
        Notes = 'both with 2 connections in one snapshot (ours: -ThrottleLimit 2); ' + (Format-CpuNote $mydumper)
    }
    [pscustomobject]@{
        Job = 'Backup (2 threads, on disk)'; Ours = $mydumper.Ours; Reference = (Get-Median $mydumperDurable.ToArray())
        ReferenceTool = 'mydumper -t 2, then sync of its files'; PeakMemoryMB = $mydumper.PeakMemoryMB
        Notes = ('the row above with mydumper''s output made durable, as ours is before it returns: sync of its files ' +
            '{0:N2} s (median)') -f ((Get-Median $mydumperDurable.ToArray()) - (Get-Median $mydumperTimes.ToArray()))
    }
}
else {
    [pscustomobject]@{
        Job = 'Backup (2 threads)'; Ours = $plain.Ours; Reference = $null; ReferenceTool = 'mydumper -t 2'
        PeakMemoryMB = $plain.PeakMemoryMB; Notes = 'mydumper missing: the Debian package did not install'
    }
}

$compressed = Invoke-Alternating -Repeat 3 -Ours { $r = Invoke-Ours -Compress; $script:gzRun = $r; $r } -Reference {
    Clear-Output "$DataPath/dump.sql.gz"; Invoke-Shell "mariadb-dump $dumpArgs | gzip -6 > '$DataPath/dump.sql.gz'" }
[pscustomobject]@{
    Job = 'Backup -Compress'; Ours = $compressed.Ours; Reference = $compressed.Reference; ReferenceTool = 'mariadb-dump | gzip -6'
    PeakMemoryMB = $compressed.PeakMemoryMB
    Notes = ('.rbk.gz {0:N1} MB, dump.sql.gz {1:N1} MB; {2}' -f ($gzRun.FileSize / 1MB),
        ((Get-Item (Join-Path $DataPath 'dump.sql.gz')).Length / 1MB), (Format-CpuNote $compressed))
}

# zstd -3 is the zstd tool's default level, the one ours writes.
$zstd = Invoke-Alternating -Repeat 3 -Ours { $r = Invoke-Ours -Compression Zstd; $script:zstRun = $r; $r } -Reference {
    Clear-Output "$DataPath/dump.sql.zst"; Invoke-Shell "mariadb-dump $dumpArgs | zstd -3 -q > '$DataPath/dump.sql.zst'" }
[pscustomobject]@{
    Job = 'Backup -Compression Zstd'; Ours = $zstd.Ours; Reference = $zstd.Reference; ReferenceTool = 'mariadb-dump | zstd -3'
    PeakMemoryMB = $zstd.PeakMemoryMB
    Notes = ('.rbk.zst {0:N1} MB, dump.sql.zst {1:N1} MB; {2}' -f ($zstRun.FileSize / 1MB),
        ((Get-Item (Join-Path $DataPath 'dump.sql.zst')).Length / 1MB), (Format-CpuNote $zstd))
}

if ($haveMydumper) {
    # mydumper 0.10's -c compresses each file it writes with gzip (table.sql.gz): its compressed form, against ours with 2 connections.
    $out = Join-Path $DataPath 'mydumper-c'
    $mydumperC = Invoke-Alternating -Repeat 3 -Ours {
        $r = Invoke-Ours -Compression Zstd -Connections 2; $script:zst2Run = $r; $r } -Reference {
        Clear-Output $out
        Invoke-Shell ("mydumper --defaults-file='$($Sandbox.OptionFile)' -h 127.0.0.1 -P $($Sandbox.Port) -u '$user' -B $database " +
            "-t 2 -c -R -E -G --trx-consistency-only -o '$out'")
    }
    $written = @(Get-ChildItem $out -File)
    $kinds = ($written | Group-Object { if ($_.Name -match '(\.sql(\.\w+)?)$') { $Matches[1] } else { $_.Extension } } |
        ForEach-Object { '{0} x{1}' -f $_.Name, $_.Count }) -join ', '
    [pscustomobject]@{
        Job = 'Backup -Compression Zstd (2 threads)'; Ours = $mydumperC.Ours; Reference = $mydumperC.Reference
        ReferenceTool = 'mydumper -t 2 -c'; PeakMemoryMB = $mydumperC.PeakMemoryMB
        Notes = ('.rbk.zst {0:N1} MB; mydumper -c wrote {1:N1} MB in {2} files ({3})' -f ($zst2Run.FileSize / 1MB),
            (($written | Measure-Object Length -Sum).Sum / 1MB), $written.Count, $kinds)
    }
}
else {
    [pscustomobject]@{
        Job = 'Backup -Compression Zstd (2 threads)'; Ours = $null; Reference = $null; ReferenceTool = 'mydumper -t 2 -c'
        PeakMemoryMB = $null; Notes = 'mydumper missing: the Debian package did not install'
    }
}

# Recordings not yet archived: rows of 16 MB. Memory must stay flat whatever the row size too.
$bigRows = @{ Small = 8; Medium = 32; Large = 64 }[$Size]
$bigDatabase = 'rostrvm_bigrows'
$client = "mariadb --defaults-extra-file='$($Sandbox.OptionFile)' --protocol=TCP -P $($Sandbox.Port)"
Invoke-Shell ("$client -e 'SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS $bigDatabase; CREATE DATABASE $bigDatabase; " +
    "USE $bigDatabase; CREATE TABLE $bigDatabase.recordings (id INT PRIMARY KEY, recorded_at DATETIME NOT NULL, body LONGBLOB) " +
    "ENGINE=InnoDB; INSERT INTO $bigDatabase.recordings SELECT seq, NOW() - INTERVAL seq DAY, REPEAT(CHAR(seq), 16777216) " +
    "FROM seq_1_to_$bigRows'") | Out-Null
$bigSettings = New-BenchSettings 'RostrvmBigRows.json' $bigDatabase
# mariadb-dump reads rows of 16 MB only with a larger packet limit than its default.
$bigDumpArgs = "$dumpOptions --max-allowed-packet=64M $bigDatabase"
$big = Invoke-Alternating -Repeat 3 -Ours { Invoke-Ours -Connections 2 -Settings $bigSettings } -Reference {
    Clear-Output "$DataPath/bigrows.sql"; Invoke-Shell "mariadb-dump $bigDumpArgs > '$DataPath/bigrows.sql'"
}
Invoke-Shell "$client -e 'SET SESSION sql_log_bin = 0; DROP DATABASE $bigDatabase'" | Out-Null
[pscustomobject]@{
    Job = "Backup ($bigRows rows of 16 MB)"; Ours = $big.Ours; Reference = $big.Reference
    ReferenceTool = 'mariadb-dump --single-transaction'
    PeakMemoryMB = $big.PeakMemoryMB
    Notes = (('ours with -ThrottleLimit 2; each row in a statement of its own, written in slices; ' +
        'tables of such rows through one connection; pwsh + module alone peak {0:N0} MB') -f $baseline.PeakMemoryMB)
}
