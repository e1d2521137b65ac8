<#
    Recording archive throughput: Move-RostrvmRecording over voice recordings with realistic PCM
    bodies (speech-like tones and noise, 8 kHz 16-bit), beside mariadb-dump of the same table
    (what an administrator would otherwise do to get the recordings out). Two datasets of the
    same total size, one of 1 MB recordings and one of 16 MB recordings, show that memory stays
    flat whatever the recording size. "Ours" is the archiver's own time (module loaded),
    measured inside the child process; its peak memory is the child's VmHWM.
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small', [string] $ModulePath,
    [int[]] $RecordingSizesMB = @(1, 16))
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'BenchSupport.psm1') -Force
Import-Module (Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) (Join-Path 'demo' 'Sandbox.psm1')) -Force
if (-not $ModulePath) {
    $ModulePath = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) (Join-Path 'out' (Join-Path 'Rostrvm' 'Rostrvm.psd1'))
}

$totalMB = @{ Small = 64; Medium = 1024; Large = 1024 }[$Size]
$db = 'rostrvm_bench_recordings'

if (-not ('RostrvmBench.Pcm' -as [type])) {
    Add-Type -TypeDefinition @'
namespace RostrvmBench {
    public static class Pcm {
        // A WAV file of speech-like audio: a few drifting tones, syllable-rate envelope, noise.
        public static byte[] Wav(int seed, int bytes) {
            var r = new System.Random(seed);
            int samples = (bytes - 44) / 2;
            var w = new byte[44 + samples * 2];
            System.Text.Encoding.ASCII.GetBytes("RIFF").CopyTo(w, 0);
            System.BitConverter.GetBytes(36 + samples * 2).CopyTo(w, 4);
            System.Text.Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(w, 8);
            System.BitConverter.GetBytes(16).CopyTo(w, 16);
            System.BitConverter.GetBytes((short)1).CopyTo(w, 20); System.BitConverter.GetBytes((short)1).CopyTo(w, 22);
            System.BitConverter.GetBytes(8000).CopyTo(w, 24); System.BitConverter.GetBytes(16000).CopyTo(w, 28);
            System.BitConverter.GetBytes((short)2).CopyTo(w, 32); System.BitConverter.GetBytes((short)16).CopyTo(w, 34);
            System.Text.Encoding.ASCII.GetBytes("data").CopyTo(w, 36);
            System.BitConverter.GetBytes(samples * 2).CopyTo(w, 40);
            double f1 = 120 + r.Next(100), f2 = 700 + r.Next(500), f3 = 2200 + r.Next(600);
            for (int i = 0; i < samples; i++) {
                double t = i / 8000.0;
                double env = System.Math.Max(0, System.Math.Sin(2 * System.Math.PI * 3.7 * t + seed));
                double v = env * (5000 * System.Math.Sin(2 * System.Math.PI * f1 * t) + 2500 * System.Math.Sin(2 * System.Math.PI * (f2 + 50 * System.Math.Sin(t)) * t)
                           + 900 * System.Math.Sin(2 * System.Math.PI * f3 * t)) + r.Next(-300, 300);
                short s = (short)System.Math.Max(short.MinValue, System.Math.Min(short.MaxValue, v));
                w[44 + 2 * i] = (byte)s; w[45 + 2 * i] = (byte)(s >> 8);
            }
            return w;
        }
    }
}
'@
}

function New-Dataset([int] $RecordingMB) {
    $count = [int]($totalMB / $RecordingMB)
    $distinct = [Math]::Min(8, $count)
    Invoke-SandboxClient -Sandbox $Sandbox -Query @"
SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS $db; CREATE DATABASE $db; USE $db; SET SESSION sql_mode = '';
CREATE TABLE mis_call LIKE rostrvm_920.mis_call; INSERT INTO mis_call SELECT * FROM rostrvm_920.mis_call ORDER BY id LIMIT 1000;
CREATE TABLE voice_recordings LIKE rostrvm_920.voice_recordings;
CREATE TABLE seed_bodies (n INT PRIMARY KEY, body LONGBLOB);
"@ | Out-Null
    for ($i = 0; $i -lt $distinct; $i++) {
        $hex = [Convert]::ToHexString([RostrvmBench.Pcm]::Wav($i, $RecordingMB * 1MB))
        Invoke-SandboxClient -Sandbox $Sandbox -Database $db -Query ("SET SESSION sql_log_bin = 0; " +
            "INSERT INTO seed_bodies VALUES ($i, x'$hex');") | Out-Null
    }
    Invoke-SandboxClient -Sandbox $Sandbox -Database $db -Query @"
SET SESSION sql_log_bin = 0;
INSERT INTO voice_recordings (call_id, agent_id, recorded_at, duration_ms, format, mime_type, body, body_size)
SELECT 1 + g.seq % 1000, 1 + g.seq % 50, TIMESTAMP('2026-01-01') + INTERVAL g.seq MINUTE, LENGTH(s.body) DIV 16, 'wav', 'audio/wav', s.body, LENGTH(s.body)
FROM seq_0_to_$($count - 1) g JOIN seed_bodies s ON s.n = g.seq % $distinct ORDER BY g.seq;
CREATE TABLE voice_source LIKE voice_recordings; INSERT INTO voice_source SELECT * FROM voice_recordings;
"@ | Out-Null
    $count
}

function Reset-Dataset {
    Invoke-SandboxClient -Sandbox $Sandbox -Database $db -Query ('SET SESSION sql_log_bin = 0; TRUNCATE voice_recordings; ' +
        'INSERT INTO voice_recordings SELECT * FROM voice_source;') | Out-Null
    $archives = Join-Path $DataPath 'archives'
    if (Test-Path $archives) { Remove-Item $archives -Recurse -Force }
}

$settings = Join-Path $DataPath 'RostrvmMaintenance.json'
[ordered]@{
    Root = $DataPath; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = $db; OptionFile = $Sandbox.OptionFile; SslMode = 'None'
} |
    ConvertTo-Json | Set-Content -Path $settings -Encoding utf8
$pwshArgs = @()
$hostPath = [Environment]::ProcessPath
if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { $pwshArgs += [Environment]::GetCommandLineArgs()[0] }
$child = @"
Import-Module '$ModulePath'
`$cpu = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
`$t = Measure-Command { `$a = @(Move-RostrvmRecording -ConfigurationPath '$settings' -Kind Voice -Before ([datetime]'2030-01-01') -MaxArchiveSize 1GB -ErrorAction Stop) }
'{0} {1} {2} {3}' -f `$t.TotalSeconds, (`$a | Measure-Object Bytes -Sum).Sum, (`$a | Measure-Object Size -Sum).Sum, ([System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - `$cpu).TotalSeconds
"@
$encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($child))
$dump = Find-ServerTool 'mariadb-dump'

foreach ($recordingMB in $RecordingSizesMB) {
    $count = New-Dataset -RecordingMB $recordingMB
    $runs = @(); $refs = @(); $memory = @(); $cpus = @(); $ratio = $null
    for ($i = 0; $i -lt (Get-BenchRepeat 2); $i++) {
        Reset-Dataset
        $run = Invoke-MeasuredProcess -FilePath $hostPath -ArgumentList ($pwshArgs +
            @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)) -Environment @{ NO_COLOR = '1' }
        if ($run.ExitCode -ne 0) { throw "Move-RostrvmRecording failed: $($run.Error)" }
        $seconds, $bytes, $archiveBytes, $cpuSeconds = ($run.Output.Trim() -split "`n")[-1] -split ' '
        if ([long]$bytes -ne [long]$count * $recordingMB * 1MB) {
            throw "The archives hold $bytes bytes, not the $($count * $recordingMB) MB of the dataset: $($run.Output)"
        }
        $runs += [double]$seconds; $cpus += [double]$cpuSeconds; $memory += $run.PeakMemoryMB
        $ratio = [double]$archiveBytes / [double]$bytes
        $out = Join-Path $DataPath 'dump.sql'
        # --max-allowed-packet: the client configuration's default (16M) is smaller than one 16 MB
        # recording's row, and mariadb-dump then fails at the first row within a fraction of a second.
        $ref = Invoke-MeasuredProcess -FilePath $dump -ArgumentList @(
            "--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP', '--single-transaction', '--hex-blob',
            '--max-allowed-packet=1G', "--result-file=$out", $db, 'voice_source')
        if ($ref.ExitCode -ne 0) { throw "mariadb-dump (the reference) failed with exit code $($ref.ExitCode): $($ref.Error)" }
        $refs += $ref.Seconds
        Remove-Item $out -Force
    }
    $ours = Get-Median $runs
    [pscustomobject]@{
        Job = "Recording archive ($count x $recordingMB MB)"
        Ours = [Math]::Round($ours, 2)
        Reference = [Math]::Round((Get-Median $refs), 2)
        ReferenceTool = 'mariadb-dump --hex-blob (table)'
        PeakMemoryMB = ($memory | Measure-Object -Maximum).Maximum
        Notes = ('{0:N0} MB/s of stored bodies ({1:N0} MB per CPU-second of the archiver process); archives {2:P0} of the bodies; ' +
            'peak memory of the whole pwsh process; machine load {3}') -f ($totalMB / $ours), ($totalMB / (Get-Median $cpus)), $ratio,
            ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ')[0]
    }
}
Invoke-SandboxClient -Sandbox $Sandbox -Query "SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS $db" | Out-Null
