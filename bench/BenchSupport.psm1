# Timing and memory measurement shared by the benchmark jobs.
Set-StrictMode -Version 3.0

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return $null }
    if ($n % 2) { return $sorted[[int][Math]::Floor($n / 2)] }
    ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

$script:ServerProcessId = 0

function Set-BenchServer([int] $ProcessId) {
    <#
      The sandbox server's process: from now on each measured run also reports the CPU seconds
      of the server, of its busiest thread and of the client.
    #>
    $script:ServerProcessId = $ProcessId
}

if ($IsLinux) {
    # getrusage(RUSAGE_CHILDREN): the CPU of every child this process has waited for, and of their
    # waited-for children (a shell's pipeline), so a measured run's own CPU, without our polling.
    Add-Type -TypeDefinition @'
using System.Runtime.InteropServices;
public static class BenchChildrenCpu
{
    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, long[] usage);

    public static double Seconds()
    {
        var usage = new long[18]; // struct rusage on 64-bit Linux: two timevals, then 14 longs
        if (getrusage(-1, usage) != 0) return double.NaN;
        return usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
    }
}
'@
}

function Get-CpuSeconds {
    <#
      CPU seconds so far: of the children this process waited for (getrusage) and of the bench
      server and each of its threads (/proc/<pid>/stat), or null off Linux.
    #>
    if (-not $IsLinux) { return $null }
    $tick = 100.0 # USER_HZ, the unit of /proc's times on every Linux
    $children = [BenchChildrenCpu]::Seconds()
    $server = $null
    $threads = @{}
    if ($script:ServerProcessId -and (Test-Path "/proc/$($script:ServerProcessId)/stat")) {
        # Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        function Read-Stat([string] $Path) {
            $fields = ((Get-Content $Path -Raw -ErrorAction Stop) -replace '^.*\) ', '') -split ' '
            ([double]$fields[11] + [double]$fields[12]) / $tick
        }
        $server = Read-Stat "/proc/$($script:ServerProcessId)/stat"
        # Each thread's own: a session is one thread, so its CPU bounds what one session can do.
        foreach ($task in Get-ChildItem "/proc/$($script:ServerProcessId)/task" -ErrorAction SilentlyContinue) {
            try { $threads[$task.Name] = Read-Stat (Join-Path $task.FullName 'stat') } catch { }
        }
    }
    [pscustomobject]@{ Children = $children; Server = $server; ServerThreads = $threads }
}

function Invoke-MeasuredProcess {
    <#
      Runs a program to completion; returns its wall time and peak resident memory (VmHWM from
      /proc, polled while it runs), so ours and the reference are measured the same way. After
      Set-BenchServer, also the CPU seconds the server spent meanwhile (ServerCpuSeconds) and
      those of the program and its children (ClientCpuSeconds), and the server's busiest thread
      (ServerThreadCpuSeconds; a session runs on one): where the time goes.
    #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [string] $WorkingDirectory = (Get-Location).Path, [hashtable] $Environment = @{})
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $WorkingDirectory
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    foreach ($key in $Environment.Keys) { $psi.Environment[$key] = $Environment[$key] }
    Clear-PendingWrites
    $cpuBefore = Get-CpuSeconds
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
    $cpuAfter = Get-CpuSeconds
    $serverCpu = $clientCpu = $threadCpu = $null
    if ($null -ne $cpuBefore.Server -and $null -ne $cpuAfter.Server) {
        $serverCpu = [Math]::Round($cpuAfter.Server - $cpuBefore.Server, 2)
        $clientCpu = [Math]::Round($cpuAfter.Children - $cpuBefore.Children, 2)
        $threadCpu = [Math]::Round(($cpuAfter.ServerThreads.Keys | ForEach-Object {
            $cpuAfter.ServerThreads[$_] - $(if ($cpuBefore.ServerThreads.ContainsKey($_)) { $cpuBefore.ServerThreads[$_] } else { 0 })
        } | Measure-Object -Maximum).Maximum, 2)
    }
    [pscustomobject]@{
        Seconds = $watch.Elapsed.TotalSeconds; PeakMemoryMB = [Math]::Round($peakKb / 1024, 1)
        ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result
        ServerCpuSeconds = $serverCpu; ServerThreadCpuSeconds = $threadCpu; ClientCpuSeconds = $clientCpu
    }
}

function Clear-PendingWrites {
    <#
      Writes every dirty page to disk (outside any timing). A program that never syncs (mariadb-dump,
      mydumper) leaves its output's writeback to whatever runs next: without this, the next
      contender's run would share the disk with gigabytes of someone else's writes.
    #>
    if (Get-Command sync -CommandType Application -ErrorAction SilentlyContinue) { & sync }
}

function Measure-Durable {
    <#
      Seconds to make files durable (fsync of each, as `sync FILE...` does), measured right after the
      program that wrote them: what a reference that never syncs leaves to the kernel, and ours pays in its time.
    #>
    param([Parameter(Mandatory)] [string[]] $Path)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & sync -- @($Path)
    if ($LASTEXITCODE -ne 0) { throw "sync of $($Path.Count) file(s) failed" }
    $watch.Elapsed.TotalSeconds
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
    $o = @(); $r = @(); $mem = @(); $oursRuns = @(); $referenceRuns = @()
    for ($i = 0; $i -lt $Repeat; $i++) {
        $a = & $Ours; $o += $a.Seconds; $mem += $a.PeakMemoryMB; $oursRuns += $a
        $b = & $Reference; $r += $b.Seconds; $referenceRuns += $b
    }
    # CPU medians where the runs measured them (Set-BenchServer), else null.
    function Get-CpuMedian($Runs, [string] $Name) {
        $values = @($Runs | Where-Object { $_.PSObject.Properties[$Name] -and $null -ne $_.$Name } | ForEach-Object { [double]$_.$Name })
        if ($values.Count) { [Math]::Round((Get-Median $values), 1) } else { $null }
    }
    [pscustomobject]@{
        Ours = (Get-Median $o); Reference = (Get-Median $r); PeakMemoryMB = ($mem | Measure-Object -Maximum).Maximum
        OursServerCpu = (Get-CpuMedian $oursRuns 'ServerCpuSeconds'); OursClientCpu = (Get-CpuMedian $oursRuns 'ClientCpuSeconds')
        ReferenceServerCpu = (Get-CpuMedian $referenceRuns 'ServerCpuSeconds')
        ReferenceClientCpu = (Get-CpuMedian $referenceRuns 'ClientCpuSeconds')
        OursServerThreadCpu = (Get-CpuMedian $oursRuns 'ServerThreadCpuSeconds')
        ReferenceServerThreadCpu = (Get-CpuMedian $referenceRuns 'ServerThreadCpuSeconds')
    }
}

function Format-CpuNote {
    <#
      "CPU s server/client: ours a/b, reference c/d; the server's busiest thread ..." from
      Invoke-Alternating's medians, or '' when they were not measured.
    #>
    param([Parameter(Mandatory)] $Result)
    if ($null -eq $Result.OursServerCpu -or $null -eq $Result.ReferenceServerCpu) { return '' }
    ('CPU s server/client: ours {0:N1}/{1:N1}, reference {2:N1}/{3:N1}; the server''s busiest thread: ours {4:N1}, reference {5:N1}' -f
        $Result.OursServerCpu, $Result.OursClientCpu, $Result.ReferenceServerCpu, $Result.ReferenceClientCpu,
        $Result.OursServerThreadCpu, $Result.ReferenceServerThreadCpu)
}

function Install-ReferenceTool {
    <# Installs a Debian package for a reference tool when missing; returns $false when it cannot. #>
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string] $Package)
    if (Get-Command $Command -ErrorAction SilentlyContinue) { return $true }
    if ((& id -u) -ne '0' -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) { return $false }
    & apt-get -o DPkg::Lock::Timeout=300 install -y -q $Package *> $null
    return [bool](Get-Command $Command -ErrorAction SilentlyContinue)
}

Export-ModuleMember -Function Get-Median, Get-BenchRepeat, Set-BenchServer, Get-CpuSeconds, Invoke-MeasuredProcess,
    Invoke-Alternating, Format-CpuNote, Install-ReferenceTool, Measure-Durable
