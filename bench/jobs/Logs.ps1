<#
.SYNOPSIS
    Log purge: Compress-RostrvmLog against `zip -6` on the same generated logs.
.DESCRIPTION
    Generates a day's worth of rostrvm-like logs (Small: about 30 MB in 30 files; Medium: 500 MB
    in 125 files; Large: 1 GB in 250 files) of distinct log lines, then alternately runs
      ours:      Compress-RostrvmLog (one zip per log in its month folder, read back and CRC-checked,
                 original deleted) in a fresh pwsh, and
      reference: `zip -6 -q -m -j <log>.zip <log>` for each log, one after the other (what a
                 script would do: one zip per log, original removed),
    each on a fresh copy of the same files. Goal (issue 7): at least 1.2x faster than zip -6 in
    wall time, output no more than 1.05x its size, memory flat.
#>
param($Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small', [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot (Join-Path '..' 'BenchSupport.psm1')) -Force

$shape = @{ Small = @{ Files = 30; MB = 1 }; Medium = @{ Files = 125; MB = 4 }; Large = @{ Files = 250; MB = 4 } }[$Size]
if (-not (Install-ReferenceTool -Command zip -Package zip)) {
    return [pscustomobject]@{ Job = 'Log compression'; Ours = $null; Reference = $null; ReferenceTool = 'zip -6'; PeakMemoryMB = $null; Notes = 'zip is not installed and could not be installed' }
}

# ------------------------------------------------------------------ data: distinct log lines
$source = Join-Path $DataPath 'source'
if (Test-Path $source) { Remove-Item $source -Recurse -Force }
New-Item -ItemType Directory -Force -Path $source | Out-Null
$random = [System.Random]::new(7)
$sb = [System.Text.StringBuilder]::new(4MB + 300)
$components = 'CallDirector', 'RoutingEngine', 'AgentState', 'QueueMgr', 'SipStack', 'MisWriter', 'Recorder'
$levels = 'INFO ', 'DEBUG', 'WARN ', 'INFO ', 'TRACE'
$t = [datetime]'2026-11-22'
while ($sb.Length -lt 4MB) {
    $t = $t.AddMilliseconds($random.Next(1, 400))
    $c = $components[$random.Next($components.Count)]
    switch ($random.Next(4)) {
        0 { [void]$sb.AppendFormat('{0:yyyy-MM-dd HH:mm:ss.fff} [{1:000}] {2} {3}: Call {4} routed to queue {5} after {6} ms', $t, $random.Next(1, 64), $levels[$random.Next(5)], $c, $random.Next(100000, 999999), $random.Next(1, 40), $random.Next(0, 5000)) }
        1 { [void]$sb.AppendFormat('{0:yyyy-MM-dd HH:mm:ss.fff} [{1:000}] {2} {3}: Agent {4} changed state to {5}', $t, $random.Next(1, 64), $levels[$random.Next(5)], $c, $random.Next(1000, 1200), ('Ready', 'NotReady', 'Busy', 'WrapUp')[$random.Next(4)]) }
        2 { [void]$sb.AppendFormat('{0:yyyy-MM-dd HH:mm:ss.fff} [{1:000}] {2} {3}: SIP INVITE from sip:{4}@10.0.{5}.{6} accepted', $t, $random.Next(1, 64), $levels[$random.Next(5)], $c, $random.Next(10000000, 99999999), $random.Next(0, 255), $random.Next(1, 255)) }
        3 { [void]$sb.AppendFormat('{0:yyyy-MM-dd HH:mm:ss.fff} [{1:000}] {2} {3}: Recording {4} written ({5} bytes) to /var/rostrvm/rec/{6}.wav', $t, $random.Next(1, 64), $levels[$random.Next(5)], $c, $random.Next(100000, 999999), $random.Next(10000, 9000000), $random.Next(10000000, 99999999)) }
    }
    [void]$sb.Append("`n")
}
$pool = [System.Text.Encoding]::ASCII.GetBytes($sb.ToString())
$bytesPerFile = [int]($shape.MB * 1MB)
$buffer = [byte[]]::new($bytesPerFile)
for ($i = 0; $i -lt $shape.Files; $i++) {
    # Each file starts elsewhere in the 4 MB pool: repeats are megabytes apart, beyond deflate's window.
    $offset = ($i * 1299709) % $pool.Length
    for ($at = 0; $at -lt $bytesPerFile; ) {
        $n = [Math]::Min($pool.Length - $offset, $bytesPerFile - $at)
        [Array]::Copy($pool, $offset, $buffer, $at, $n); $at += $n; $offset = ($offset + $n) % $pool.Length
    }
    $name = '{0}_{1:00}_20261122.log' -f $components[$i % $components.Count], $i
    $path = Join-Path $source $name
    [System.IO.File]::WriteAllBytes($path, $buffer)
    [System.IO.File]::SetLastWriteTime($path, [datetime]'2026-11-22 23:59')
}
$totalMB = $shape.Files * $shape.MB

function New-WorkCopy([string] $Name) {
    $work = Join-Path $DataPath $Name
    if (Test-Path $work) { Remove-Item $work -Recurse -Force }
    New-Item -ItemType Directory -Path $work | Out-Null
    Get-ChildItem $source -File | ForEach-Object { Copy-Item $_.FullName $work; [System.IO.File]::SetLastWriteTime((Join-Path $work $_.Name), $_.LastWriteTime) }
    $work
}
function Get-ZipBytes([string] $Path) { (Get-ChildItem $Path -Recurse -Filter *.zip -File | Measure-Object Length -Sum).Sum }

$host_ = [System.Environment]::ProcessPath
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
# CPU seconds (user + system, children included) and peak resident memory from GNU time when present: on a busy shared
# machine wall time swings with the load, CPU time does not.
$gnuTime = if (Test-Path /usr/bin/time) { '/usr/bin/time' }
$cpuFile = Join-Path $DataPath 'cpu.txt'
function Invoke-Timed([string] $FilePath, [string[]] $Arguments, [string] $WorkingDirectory, [string] $Kind) {
    if ($gnuTime) { $run = Invoke-MeasuredProcess -FilePath $gnuTime -ArgumentList (@('-f', '%U %S %M', '-o', $cpuFile, $FilePath) + $Arguments) -WorkingDirectory $WorkingDirectory }
    else { $run = Invoke-MeasuredProcess -FilePath $FilePath -ArgumentList $Arguments -WorkingDirectory $WorkingDirectory }
    if ($gnuTime -and (Test-Path $cpuFile)) {
        $u, $s, $rssKb = (Get-Content $cpuFile | Select-Object -Last 1) -split ' '
        $script:cpu[$Kind] += , ([double]$u + [double]$s)
        $run.PeakMemoryMB = [Math]::Round([double]$rssKb / 1024, 1)  # of the timed program, not of time itself
    }
    $run
}
$script:cpu = @{ Ours = @(); Reference = @(); Startup = @() }
$script:oursBytes = 0; $script:referenceBytes = 0
$ours = {
    $work = New-WorkCopy 'ours'
    $command = "Import-Module '$ModulePath'; `$r = Compress-RostrvmLog -Path '$work' -Now '2026-11-25 02:00' -RetentionDays 36500; if (@(`$r | Where-Object Action -eq Compressed).Count -ne $($shape.Files)) { exit 1 }"
    $run = Invoke-Timed $host_ @($pwshDll, '-NoProfile', '-NonInteractive', '-Command', $command) $work 'Ours'
    if ($run.ExitCode -ne 0) { throw "Compress-RostrvmLog failed: $($run.Error)$($run.Output)" }
    $script:oursBytes = Get-ZipBytes $work
    $run
}
$reference = {
    $work = New-WorkCopy 'reference'
    $folder = Join-Path $work 'Nov26'
    New-Item -ItemType Directory -Path $folder | Out-Null
    $run = Invoke-Timed sh @('-c', 'for f in *.log; do zip -6 -q -m -j "Nov26/$f.zip" "$f" || exit 1; done') $work 'Reference'
    if ($run.ExitCode -ne 0) { throw "zip failed: $($run.Error)" }
    $script:referenceBytes = Get-ZipBytes $work
    $run
}
$m = Invoke-Alternating -Ours $ours -Reference $reference -Repeat 3
# What pwsh start-up and module import alone cost, to read the job's own share of our time.
$startup = Get-Median @(1..2 | ForEach-Object { (Invoke-Timed $host_ @($pwshDll, '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$ModulePath'") $DataPath 'Startup').Seconds })
$sizeRatio = [Math]::Round($script:oursBytes / $script:referenceBytes, 3)
$speedRatio = [Math]::Round($m.Reference / $m.Ours, 2)
$goal = if ($speedRatio -ge 1.2 -and $sizeRatio -le 1.05) { 'goal met' } else { 'GOAL MISSED' }
[pscustomobject]@{
    Job = 'Log compression'; Ours = $m.Ours; Reference = $m.Reference; ReferenceTool = 'zip -6 (one zip per log, -m)'
    PeakMemoryMB = $m.PeakMemoryMB
    Notes = ("$totalMB MB in $($shape.Files) logs; output $([Math]::Round($script:oursBytes / 1MB, 1)) MB vs $([Math]::Round($script:referenceBytes / 1MB, 1)) MB (size ratio $sizeRatio); ${speedRatio}x faster; $goal (>= 1.2x, size <= 1.05x); " +
        "ours includes pwsh start-up and module import ($([Math]::Round($startup, 1)) s wall), read-back CRC check and deletes" +
        $(if ($script:cpu.Ours.Count) { "; CPU s median ours $([Math]::Round((Get-Median $script:cpu.Ours), 1)) (start-up $([Math]::Round((Get-Median $script:cpu.Startup), 1))) vs zip $([Math]::Round((Get-Median $script:cpu.Reference), 1))" } else { '' }))
}
Remove-Item (Join-Path $DataPath 'ours'), (Join-Path $DataPath 'reference') -Recurse -Force -ErrorAction SilentlyContinue
