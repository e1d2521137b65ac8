<#
.SYNOPSIS
    Runs each maintenance job beside the tool an administrator would otherwise use, on the same
    data in the same run, and writes bench/results.md and bench/results.json.
.DESCRIPTION
    Starts a sandbox server tuned the same way for every contender, creates the demo database at
    the chosen size, then runs every script in bench/jobs (or those named by -Only). Each job
    script receives -Sandbox, -DataPath (its own scratch folder), -Size and -ModulePath and returns
    objects with Job, Ours (median seconds), Reference (median seconds), ReferenceTool,
    PeakMemoryMB (of ours) and Notes. A reference tool that cannot be installed is reported as
    missing (Reference empty, Notes say why), never silently dropped.
    With -Only, the rows of the other jobs are kept from the previous results of the same size
    in the output folder, each with the date it was measured, so that re-measuring one job
    leaves a complete table.
#>
[CmdletBinding()]
param(
    [ValidateSet('Small', 'Medium', 'Large')] [string] $Size = 'Small',
    [string[]] $Only,
    [Parameter(Mandatory)] [string] $ModulePath,
    # Where the results go; default bench/results.md and bench/results.json.
    [string] $OutputDirectory = $PSScriptRoot
)
$ErrorActionPreference = 'Stop'
$repo = Split-Path $PSScriptRoot -Parent
# Job scripts run ours in child processes with other working folders: a full path for them.
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$scratch = Join-Path $repo (Join-Path 'out' 'bench')
if (Test-Path $scratch) { Remove-Item $scratch -Recurse -Force }
New-Item -ItemType Directory -Force -Path $scratch | Out-Null

# Small is the harness's own test (run by tests/Pester/Bench.Tests.ps1 in under two minutes):
# smaller datasets and one run of each contender. Medium and Large give the figures of record.
$env:ROSTRVM_BENCH_MAX_REPEAT = if ($Size -eq 'Small') { '1' } else { '' }
# 'pwsh -File build.ps1 -Only Backup,Recordings' passes one string: split it.
$Only = @($Only | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$jobs = Get-ChildItem (Join-Path $PSScriptRoot 'jobs') -Filter *.ps1 | Sort-Object Name
if ($Only) { $jobs = $jobs | Where-Object { $_.BaseName -in $Only } }
if (-not $jobs) { throw "No benchmark job matches '$($Only -join ', ')'. Jobs: $((Get-ChildItem (Join-Path $PSScriptRoot 'jobs') -Filter *.ps1).BaseName -join ', ')" }

& (Join-Path $repo 'demo/Stop-Sandbox.ps1') -Name bench -Remove
$sandbox = & (Join-Path $repo 'demo/Start-Sandbox.ps1') -Name bench
$started = Get-Date
# Every row of this run, and the run itself, carry this date.
$measured = $started.ToUniversalTime().ToString('yyyy-MM-dd HH:mm') + ' UTC'
$results = [System.Collections.Generic.List[object]]::new()
try {
    Write-Host "Creating the $Size demo database..."
    $generation = Measure-Command {
        & (Join-Path $repo 'demo/New-DemoDatabase.ps1') -Port $sandbox.Port -Credential $sandbox.Credential -Size $Size -Force -NoBinlog | Out-Null
    }
    Write-Host ("  done in {0:N1} s" -f $generation.TotalSeconds)
    foreach ($job in $jobs) {
        Write-Host "Benchmark: $($job.BaseName)"
        $jobWatch = [System.Diagnostics.Stopwatch]::StartNew()
        $data = Join-Path $scratch $job.BaseName
        New-Item -ItemType Directory -Force -Path $data | Out-Null
        try {
            foreach ($row in & $job.FullName -Sandbox $sandbox -DataPath $data -Size $Size -ModulePath $ModulePath) {
                $r = [pscustomobject]@{
                    Script = $job.BaseName; Measured = $measured
                    Job = $row.Job; Ours = $row.Ours; Reference = $row.Reference; ReferenceTool = $row.ReferenceTool
                    Ratio = if ($row.Ours -and $row.Reference) { [Math]::Round($row.Reference / $row.Ours, 2) } else { $null }
                    PeakMemoryMB = $row.PeakMemoryMB; Notes = $row.Notes
                }
                $results.Add($r)
                Write-Host ("  {0}: ours {1:N2} s, {2} {3:N2} s, ratio {4}" -f $r.Job, $r.Ours, $r.ReferenceTool, $r.Reference, $r.Ratio)
            }
        }
        catch {
            $results.Add([pscustomobject]@{ Script = $job.BaseName; Measured = $measured; Job = $job.BaseName; Ours = $null; Reference = $null; ReferenceTool = $null; Ratio = $null; PeakMemoryMB = $null; Notes = "FAILED: $($_.Exception.Message)" })
            Write-Warning "Benchmark $($job.BaseName) failed: $($_.Exception.Message)"
        }
        finally {
            if (Test-Path $data) { Remove-Item $data -Recurse -Force -ErrorAction SilentlyContinue }
            Write-Host ("  ({0} took {1:N0} s)" -f $job.BaseName, $jobWatch.Elapsed.TotalSeconds)
        }
    }
}
finally {
    & (Join-Path $repo 'demo/Stop-Sandbox.ps1') -Name bench -Remove
}

# With -Only, the other jobs' rows of the previous results (same size) complete the table.
$kept = @()
$previous = Join-Path $OutputDirectory 'results.json'
if ($Only -and (Test-Path $previous)) {
    $old = Get-Content $previous -Raw | ConvertFrom-Json
    if ($old.Machine.Size -eq $Size) { $kept = @($old.Results | Where-Object { $_.Script -and $_.Script -notin $Only }) }
}
if ($kept) {
    $order = @((Get-ChildItem (Join-Path $PSScriptRoot 'jobs') -Filter *.ps1 | Sort-Object Name).BaseName)
    $merged = @($kept) + @($results) | Sort-Object -Stable { [array]::IndexOf($order, $_.Script) }
    $results = [System.Collections.Generic.List[object]]::new()
    foreach ($r in $merged) { $results.Add($r) }
}

$memoryGb = [Math]::Round(((Get-Content /proc/meminfo -ErrorAction SilentlyContinue | Select-String '^MemTotal:\s+(\d+)').Matches.Groups[1].Value / 1MB), 1)
$machine = [ordered]@{
    Cores = [Environment]::ProcessorCount; MemoryGB = $memoryGb; OS = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
    PowerShell = $PSVersionTable.PSVersion.ToString(); Date = $measured
    Command = "dotnet pwsh ./build.ps1 -Task Bench -Size $Size" + $(if ($Only) { " -Only $($Only -join ',')" } else { '' })
    Size = $Size; DatasetSeconds = [Math]::Round($generation.TotalSeconds, 1)
}
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
[ordered]@{ Machine = $machine; Results = $results } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $OutputDirectory 'results.json') -Encoding utf8

$md = [System.Text.StringBuilder]::new()
[void]$md.AppendLine('# Benchmark results').AppendLine()
[void]$md.AppendLine("Command: ``$($machine.Command)``  ").AppendLine("Machine: $($machine.Cores) cores, $($machine.MemoryGB) GB, $($machine.OS), PowerShell $($machine.PowerShell)  ")
[void]$md.AppendLine("Date: $($machine.Date); demo database ($Size) generated in $($machine.DatasetSeconds) s").AppendLine()
if ($kept) { [void]$md.AppendLine("Rows of jobs not in -Only are kept from the previous run of this size; each row says when it was measured.").AppendLine() }
[void]$md.AppendLine('Ratio = reference time / our time (above 1: we are faster). Times are medians of alternating runs.').AppendLine()
[void]$md.AppendLine('| job | ours (s) | reference | reference (s) | ratio | peak memory (MB) | notes | measured |').AppendLine('|---|---|---|---|---|---|---|---|')
foreach ($r in $results) {
    [void]$md.AppendLine(('| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} |' -f $r.Job, $(if ($null -ne $r.Ours) { '{0:N2}' -f $r.Ours } else { '-' }), $r.ReferenceTool,
        $(if ($null -ne $r.Reference) { '{0:N2}' -f $r.Reference } else { 'missing' }), $(if ($r.Ratio) { '{0:N2}x' -f $r.Ratio } else { '-' }),
        $(if ($r.PeakMemoryMB) { '{0:N0}' -f $r.PeakMemoryMB } else { '-' }), ($r.Notes -replace '\|', '/'), $r.Measured))
}
Set-Content (Join-Path $OutputDirectory 'results.md') $md.ToString() -Encoding utf8

# The README shows the current ratios: its table between the bench markers is rewritten when the
# results of record (bench/ itself) are written.
$readme = Join-Path $repo 'README.md'
if ([System.IO.Path]::GetFullPath($OutputDirectory).TrimEnd('/', '\') -eq $PSScriptRoot.TrimEnd('/', '\') -and (Test-Path $readme)) {
    $table = [System.Text.StringBuilder]::new()
    $dates = @($results.Measured | Where-Object { $_ } | Sort-Object -Unique)
    $when = if ($dates.Count -gt 1) { "$($dates[0]) to $($dates[-1]) (rows of jobs not re-run kept from the earlier run; dates per row in bench/results.md)" } else { $machine.Date }
    [void]$table.AppendLine("Measured $when on $($machine.Cores) cores, $($machine.MemoryGB) GB (``$($machine.Command)``):").AppendLine()
    [void]$table.AppendLine('| job | ours (s) | reference | reference (s) | ratio |').AppendLine('|---|---|---|---|---|')
    foreach ($r in $results) {
        [void]$table.AppendLine(('| {0} | {1} | {2} | {3} | {4} |' -f $r.Job, $(if ($null -ne $r.Ours) { '{0:N2}' -f $r.Ours } else { '-' }), ($r.ReferenceTool -replace '\|', '/'),
            $(if ($null -ne $r.Reference) { '{0:N2}' -f $r.Reference } else { 'missing' }), $(if ($r.Ratio) { '{0:N2}x' -f $r.Ratio } else { '-' })))
    }
    $text = Get-Content $readme -Raw
    $pattern = '(?s)(<!-- bench:start -->\r?\n).*?(<!-- bench:end -->)'
    if ($text -match $pattern) {
        $text = [regex]::Replace($text, $pattern, { param($m) $m.Groups[1].Value + $table.ToString() + $m.Groups[2].Value })
        [System.IO.File]::WriteAllText($readme, $text, [System.Text.UTF8Encoding]::new($false))
    }
}
Write-Host "Results written to $(Join-Path $OutputDirectory 'results.md')"
$results
