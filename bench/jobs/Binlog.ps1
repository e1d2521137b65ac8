<#
.SYNOPSIS
    Binlog reading: our reader decoding every row image (Get-RostrvmBinlog -Verify, which also
    checks every CRC32) and Get-RostrvmBinlogEvent -Table on one table, against
    mariadb-binlog --base64-output=decode-rows -v > /dev/null on the same large ROW binlog.
.DESCRIPTION
    Writes a ROW binlog of N call rows (Small 200k, Medium 2M, Large 5M; about 185 bytes a row)
    with INSERT ... SELECT from the sequence engine, flushed into a file of its own. Our timings
    are measured inside one pwsh process after the module is loaded (startup excluded, printed by
    the script); peak memory is the process's VmHWM, pwsh included.
#>
param($Sandbox, [string] $DataPath, [string] $Size = 'Small', [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'BenchSupport.psm1') -Force
$rows = @{ Small = 200000; Medium = 2000000; Large = 5000000 }[$Size]
$client = Find-ServerTool 'mariadb'
$binlogTool = Find-ServerTool 'mariadb-binlog'
function Sql([string] $q, [string] $db = '') {
    $a = @("--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP', '-N', '-B', '-e', $q)
    if ($db) { $a += $db }
    & $client @a
    if ($LASTEXITCODE -ne 0) { throw "mariadb failed: $q" }
}
Sql "CREATE DATABASE IF NOT EXISTS benchbinlog; DROP TABLE IF EXISTS benchbinlog.calls; CREATE TABLE benchbinlog.calls (id INT UNSIGNED PRIMARY KEY, agent_id INT, queue VARCHAR(40), started DATETIME(3), duration DECIMAL(10,2), outcome ENUM('answered','abandoned','transferred'), note VARCHAR(255), payload TEXT) ENGINE=InnoDB; FLUSH BINARY LOGS"
$file = (Sql 'SHOW MASTER STATUS' | Select-Object -First 1).Split("`t")[0]
$chunk = 200000
for ($from = 1; $from -le $rows; $from += $chunk) {
    $to = [Math]::Min($rows, $from + $chunk - 1)
    Sql "SET SESSION binlog_format=ROW; INSERT INTO calls SELECT seq, seq % 500, CONCAT('queue-', seq % 37), '2026-01-01' + INTERVAL seq SECOND, (seq % 10000) / 7, 1 + seq % 3, CONCAT('call note number ', seq, ' with some text to make the row wider'), REPEAT(CONCAT('x', seq), 12) FROM seq_${from}_to_${to}" 'benchbinlog'
}
Sql 'FLUSH BINARY LOGS; DROP DATABASE benchbinlog'
$binlog = Join-Path $Sandbox.BinlogDirectory $file
$megabytes = (Get-Item $binlog).Length / 1MB
# pwsh may run as a dotnet local tool (dotnet pwsh): start the child the same way, from the repository.
$repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$pwsh = [Environment]::ProcessPath
$prefix = @(if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { 'pwsh' })
$script = Join-Path $DataPath 'ours.ps1'
Set-Content $script @'
param($ModulePath, $Binlog, $Mode)
Import-Module $ModulePath
$me = [System.Diagnostics.Process]::GetCurrentProcess()
$cpu0 = $me.TotalProcessorTime
$watch = [System.Diagnostics.Stopwatch]::StartNew()
if ($Mode -eq 'verify') { $info = Get-RostrvmBinlog -Path $Binlog -Verify; if (-not $info.ChecksumsVerified) { throw $info.Problem }; $n = $info.VerifiedRows }
else { $n = (Get-RostrvmBinlogEvent -Path $Binlog -Table calls -Operation Delete -NoRows | Measure-Object).Count }
$watch.Stop()
$me.Refresh()
"SECONDS=$($watch.Elapsed.TotalSeconds) ROWS=$n CPU=$(($me.TotalProcessorTime - $cpu0).TotalSeconds)"
'@
function Ours([string] $mode) {
    $run = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList ($prefix + @('-NoProfile', '-File', $script, $ModulePath, $binlog, $mode)) -WorkingDirectory $repo
    $line = ($run.Output -split "`n" | Where-Object { $_ -like 'SECONDS=*' } | Select-Object -Last 1)
    if (-not $line) { throw "our run failed: $($run.Output) $($run.Error)" }
    $script:oursCpu += [double]($line -replace '^.*CPU=([\d.,]+).*$', '$1')
    [pscustomobject]@{ Seconds = [double]($line -replace '^SECONDS=([\d.,]+).*$', '$1'); PeakMemoryMB = $run.PeakMemoryMB }
}
# CPU seconds (user + system) as well as wall time: on a shared machine the wall time says more about
# the neighbours than about the code. Ours: the job's own CPU (JIT included, pwsh start and module load not).
$script:oursCpu = @(); $script:referenceCpu = @()
$reference = {
    $run = Invoke-MeasuredProcess -FilePath '/bin/bash' -ArgumentList @('-c', "TIMEFORMAT='CPU=%U+%S'; time '$binlogTool' --base64-output=decode-rows -v '$binlog' > /dev/null")
    if ($run.Error -match 'CPU=([\d.]+)\+([\d.]+)') { $script:referenceCpu += [double]$Matches[1] + [double]$Matches[2] }
    $run
}
$full = Invoke-Alternating -Ours { Ours 'verify' } -Reference $reference -Repeat 3
$fullCpu = 'CPU s: ours {0:N2}, mariadb-binlog {1:N2}' -f (Get-Median $script:oursCpu), (Get-Median $script:referenceCpu)
$script:oursCpu = @(); $script:referenceCpu = @()
$table = Invoke-Alternating -Ours { Ours 'table' } -Reference $reference -Repeat 2
$tableCpu = 'CPU s: ours {0:N2}, mariadb-binlog {1:N2}' -f (Get-Median $script:oursCpu), (Get-Median $script:referenceCpu)
[pscustomobject]@{
    Job = "binlog decode every row ($rows rows, $([Math]::Round($megabytes)) MB)"; Ours = $full.Ours; Reference = $full.Reference
    ReferenceTool = 'mariadb-binlog --base64-output=decode-rows -v'; PeakMemoryMB = $full.PeakMemoryMB
    Notes = ('ours: Get-RostrvmBinlog -Verify (every row image decoded, every CRC32 checked), {0:N0} MB/s; pwsh startup excluded from the wall time; {1}' -f ($megabytes / $full.Ours), $fullCpu)
}
[pscustomobject]@{
    Job = "binlog find one table's deletes ($([Math]::Round($megabytes)) MB)"; Ours = $table.Ours; Reference = $table.Reference
    ReferenceTool = 'mariadb-binlog --base64-output=decode-rows -v'; PeakMemoryMB = $table.PeakMemoryMB
    Notes = "ours: Get-RostrvmBinlogEvent -Table calls -Operation Delete (filters before decoding rows); $tableCpu"
}
Remove-Item $binlog -ErrorAction SilentlyContinue
