# Timing and memory measurement shared by the benchmark jobs.
Set-StrictMode -Version 3.0

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return $null }
    if ($n % 2) { return $sorted[[int][Math]::Floor($n / 2)] }
    ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function Invoke-MeasuredProcess {
    <#
      Runs a program to completion; returns its wall time and peak resident memory (VmHWM from
      /proc, polled while it runs), so ours and the reference are measured the same way.
    #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [string] $WorkingDirectory = (Get-Location).Path, [hashtable] $Environment = @{})
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $WorkingDirectory
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    foreach ($key in $Environment.Keys) { $psi.Environment[$key] = $Environment[$key] }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($psi)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $peakKb = 0
    while (-not $process.WaitForExit(50)) {
        try {
            $line = [System.IO.File]::ReadAllLines("/proc/$($process.Id)/status") | Where-Object { $_ -like 'VmHWM:*' }
            if ($line -match '(\d+)') { $peakKb = [Math]::Max($peakKb, [long]$Matches[1]) }
        } catch { }
    }
    $process.WaitForExit()
    $watch.Stop()
    [pscustomobject]@{
        Seconds = $watch.Elapsed.TotalSeconds; PeakMemoryMB = [Math]::Round($peakKb / 1024, 1)
        ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result
    }
}

function Get-BenchRepeat([int] $Default) {
    <# How many runs of each contender: $Default, or fewer when the harness says so (the Small size runs each once). #>
    if ($env:ROSTRVM_BENCH_MAX_REPEAT) { return [Math]::Max(1, [Math]::Min($Default, [int]$env:ROSTRVM_BENCH_MAX_REPEAT)) }
    $Default
}

function Invoke-Alternating {
    <# Runs ours and the reference alternately $Repeat times (see Get-BenchRepeat); returns the medians. #>
    param([Parameter(Mandatory)] [scriptblock] $Ours, [Parameter(Mandatory)] [scriptblock] $Reference, [int] $Repeat = 3)
    $Repeat = Get-BenchRepeat $Repeat
    $o = @(); $r = @(); $mem = @()
    for ($i = 0; $i -lt $Repeat; $i++) {
        $a = & $Ours; $o += $a.Seconds; $mem += $a.PeakMemoryMB
        $b = & $Reference; $r += $b.Seconds
    }
    [pscustomobject]@{ Ours = (Get-Median $o); Reference = (Get-Median $r); PeakMemoryMB = ($mem | Measure-Object -Maximum).Maximum }
}

function Install-ReferenceTool {
    <# Installs a Debian package for a reference tool when missing; returns $false when it cannot. #>
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string] $Package)
    if (Get-Command $Command -ErrorAction SilentlyContinue) { return $true }
    if ((& id -u) -ne '0' -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) { return $false }
    & apt-get -o DPkg::Lock::Timeout=300 install -y -q $Package *> $null
    return [bool](Get-Command $Command -ErrorAction SilentlyContinue)
}

Export-ModuleMember -Function Get-Median, Get-BenchRepeat, Invoke-MeasuredProcess, Invoke-Alternating, Install-ReferenceTool
