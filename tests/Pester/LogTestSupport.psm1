# Helpers for the log purge Pester files: generated log trees with set file times (a fake clock,
# never a sleep), snapshots of a tree, and zip content checks.
Set-StrictMode -Version 3.0
$script:pool = $null

function New-TestLogDirectory {
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-logs-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    New-Item -ItemType Directory -Path $dir | Out-Null
    $dir
}

function New-TestLog {
    <# A log file with some text (or -Bytes of generated log lines) and the given last-write time. #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [datetime] $LastWrite, [int] $Bytes = 3000, [switch] $Random)
    $parent = Split-Path $Path -Parent
    if (-not (Test-Path $parent)) { New-Item -ItemType Directory -Path $parent -Force | Out-Null }
    if ($Random) {
        $data = [byte[]]::new($Bytes)
        [System.Random]::new($Path.GetHashCode()).NextBytes($data)
    }
    else {
        $data = Get-LogBytes -Bytes $Bytes -Seed ([System.IO.Path]::GetFileName($Path).GetHashCode()) -Day $LastWrite
    }
    [System.IO.File]::WriteAllBytes($Path, $data)
    [System.IO.File]::SetLastWriteTime($Path, $LastWrite)
    $Path
}

function Get-LogBytes {
    <#
      Realistic log text, built fast: a 1 MB pool of distinct generated lines, read from an offset
      that depends on the seed, behind a first line naming the day. Repeats are a pool apart,
      far beyond deflate's 32 KB window, so the text compresses like a real log.
    #>
    param([int] $Bytes, [int] $Seed, [datetime] $Day)
    if (-not $script:pool) {
        $random = [System.Random]::new(7)
        $sb = [System.Text.StringBuilder]::new(1MB + 200)
        $t = [datetime]'2026-01-01'
        $levels = 'INFO ', 'DEBUG', 'WARN ', 'INFO '
        while ($sb.Length -lt 1MB) {
            $t = $t.AddMilliseconds($random.Next(1, 5000))
            [void]$sb.Append($t.ToString('HH:mm:ss.fff')).Append(' ').Append($levels[$random.Next(4)]).Append(' [CallDirector] Call ').Append($random.Next(100000, 999999)).Append(' offered to queue ').Append($random.Next(1, 40)).Append(' wait ').Append($random.Next(0, 90000)).Append(" ms`n")
        }
        $script:pool = [System.Text.Encoding]::ASCII.GetBytes($sb.ToString(0, 1MB))
    }
    $data = [byte[]]::new($Bytes)
    $head = [System.Text.Encoding]::ASCII.GetBytes(('{0:yyyy-MM-dd} log {1}' -f $Day, $Seed) + "`n")
    [Array]::Copy($head, $data, [Math]::Min($head.Length, $Bytes))
    $offset = [Math]::Abs($Seed) % $script:pool.Length
    for ($at = $head.Length; $at -lt $Bytes; ) {
        $n = [Math]::Min($script:pool.Length - $offset, $Bytes - $at)
        [Array]::Copy($script:pool, $offset, $data, $at, $n)
        $at += $n; $offset = ($offset + $n) % $script:pool.Length
    }
    , $data  # one array, not 1.5 million pipeline items
}

function Get-TreeState {
    <# Relative path -> SHA-256 and last-write ticks of every file (the lock file aside). #>
    param([Parameter(Mandatory)] [string] $Path)
    $state = [ordered]@{}
    foreach ($file in Get-ChildItem -LiteralPath $Path -Recurse -File | Where-Object Name -ne '.rostrvm-logs.lock' | Sort-Object FullName) {
        $relative = [System.IO.Path]::GetRelativePath($Path, $file.FullName)
        $state[$relative] = '{0} {1}' -f (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash, $file.LastWriteTimeUtc.Ticks
    }
    $state
}

function Get-TreeText {
    <# The tree state as one comparable string. #>
    param([Parameter(Mandatory)] [string] $Path)
    ((Get-TreeState $Path).GetEnumerator() | ForEach-Object { '{0}={1}' -f $_.Key, $_.Value }) -join "`n"
}

function Get-ZipEntryContent {
    <# The single entry of a zip: name, time and SHA-256 of its bytes (fails on a damaged zip). #>
    param([Parameter(Mandatory)] [string] $Path)
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $archive = [System.IO.Compression.ZipFile]::OpenRead($Path)
    try {
        $entries = @($archive.Entries)
        $stream = $entries[0].Open()
        try { $hash = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($stream)) } finally { $stream.Dispose() }
        [pscustomobject]@{ Count = $entries.Count; Name = $entries[0].FullName; LastWriteTime = $entries[0].LastWriteTime.DateTime; Hash = $hash }
    }
    finally { $archive.Dispose() }
}

function Get-ChildPwsh {
    <# How to start another pwsh: the dotnet host and pwsh.dll of this one. #>
    @([System.Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
}

Export-ModuleMember -Function New-TestLogDirectory, New-TestLog, Get-LogBytes, Get-TreeState, Get-TreeText, Get-ZipEntryContent, Get-ChildPwsh
