<#
.SYNOPSIS
    MIS benchmarks: Export-RostrvmMis against `mariadb -B -N --quick -e 'SELECT ...' > file`, and
    Invoke-RostrvmMisPurge against `pt-archiver --purge --bulk-delete --limit N --commit-each`,
    on the same rows of the demo database's three MIS tables, at the same batch size.
.DESCRIPTION
    Export: every day of the demo's MIS span, all three tables, in primary-key order (what the
    extract writes); the reference runs the same SELECT for each table and day (the query an
    administrator would write for a day) in one client process into one file.
    Ours writes one folder per day with a manifest and flushes each file to disk before it is
    renamed into place; the reference does neither.
    Purge: every row older than the retention (one month). Both start from identical copies of
    the tables. Ours purges days that were extracted beforehand (not timed), so both only read
    and delete; ours also compares each batch byte for byte with the CSV. Both contenders run
    as timed here: ours in this process with the module imported (PowerShell's start-up is not
    the job), the reference tools as their own processes; our peak memory is measured in one
    extra run in a child process. The demo rows are repeated until mis_call holds at least
    500,000 rows, the size the issue measured deletes on (Small: 50,000); the Large demo database
    holds more than that by itself (4.5M MIS rows).
#>
param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $DataPath, [string] $Size = 'Small',
    [Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'BenchSupport.psm1') -Force
$batch = 10000
$tables = [ordered]@{ mis_call = 'start_time'; mis_agent_state = 'state_time'; mis_queue_interval = 'interval_start' }
$client = Find-ServerTool 'mariadb'
$pwsh = [Environment]::ProcessPath
$pwshArgs = @(if ($pwsh -like '*dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
function Sql([string] $Query, [string] $Database = 'bench_mis_src') {
    $out = $Query | & $client "--defaults-extra-file=$($Sandbox.OptionFile)" --protocol=TCP -B -N "--database=$Database" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "mariadb: $out" }
    $out
}
$columnCache = @{}
function Columns([string] $Table) {
    if ($columnCache.ContainsKey($Table)) { return $columnCache[$Table] }
    $columnCache[$Table] = (@(Sql ("SELECT COLUMN_NAME FROM information_schema.COLUMNS " +
            "WHERE TABLE_SCHEMA = 'rostrvm_920' AND TABLE_NAME = '$Table' " +
            "AND COALESCE(GENERATION_EXPRESSION, '') = '' ORDER BY ORDINAL_POSITION") 'rostrvm_920') |
        ForEach-Object { "``$_``" }) -join ', '
    $columnCache[$Table]
}
function Reset-Copy([string] $Database) {
    $sql = "SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS $Database; CREATE DATABASE $Database; USE $Database;`n"
    foreach ($t in $tables.Keys) {
        $c = Columns $t; $sql += "CREATE TABLE $t LIKE bench_mis_src.$t; INSERT INTO $t ($c) SELECT $c FROM bench_mis_src.$t;`n"
    }
    Sql $sql 'rostrvm_920' | Out-Null
}
function Settings([string] $Database, [string] $Root) {
    New-Item -ItemType Directory -Force $Root | Out-Null
    $path = Join-Path $Root 'RostrvmMaintenance.json'
    @{
        Root = $Root; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = $Database; OptionFile = $Sandbox.OptionFile; SslMode = 'None'
        MisBatchSize = $batch
    } |
        ConvertTo-Json | Set-Content $path
    $path
}
function OursProcess([string] $Command) {
    # A child process, only to measure peak memory (of the whole PowerShell process).
    $script = Join-Path $DataPath 'ours.ps1'
    Set-Content $script "`$ProgressPreference = 'SilentlyContinue'; Import-Module '$ModulePath'; $Command"
    $r = Invoke-MeasuredProcess -FilePath $pwsh -ArgumentList ($pwshArgs + @('-NoProfile', '-NonInteractive', '-File', $script))
    if ($r.ExitCode -ne 0 -or $r.Error) { throw "ours failed: $($r.Error) $($r.Output)" }
    $r
}
function Ours([string] $Command) {
    # Timed in this process with the module already imported: the job, not PowerShell's start-up.
    $ProgressPreference = 'SilentlyContinue'
    $seconds = (Measure-Command { Invoke-Expression $Command }).TotalSeconds
    [pscustomobject]@{ Seconds = $seconds; PeakMemoryMB = $null }
}
Import-Module $ModulePath -Force

# The demo's MIS rows, repeated until mis_call has at least 500,000 rows (the size the issue
# measured deletes on), in a source database both contenders copy from.
$calls = [long](Sql 'SELECT COUNT(*) FROM mis_call' 'rostrvm_920')
$targetCalls = @{ Small = 50000; Medium = 500000; Large = 500000 }[$Size]
$copies = [Math]::Max(1, [Math]::Ceiling($targetCalls / $calls))
$sql = "SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS bench_mis_src; CREATE DATABASE bench_mis_src; USE bench_mis_src;`n"
foreach ($t in $tables.Keys) {
    # Every stored column but the key; each row repeated $copies times, in time order, so that the
    # ids stay chronological as rostrvm's are (MariaDB's sequence engine gives the repeats).
    $c = ((Columns $t) -split ', ' | Where-Object { $_ -ne ([char]96 + 'id' + [char]96) }) -join ', '
    $sql += "CREATE TABLE $t LIKE rostrvm_920.$t;`n"
    $sql += "INSERT INTO $t ($c) SELECT $c FROM rostrvm_920.$t CROSS JOIN seq_1_to_$copies ORDER BY $($tables[$t]), id, seq;`n"
}
Sql $sql 'rostrvm_920' | Out-Null
$span = @(Sql "SELECT DATE(MIN(start_time)), DATE(MAX(start_time)) FROM mis_call") -split "`t"
$first, $last = [datetime]$span[0], [datetime]$span[1]
$today = [datetime](Sql 'SELECT CURDATE()')
$cutoff = $today.AddMonths(-1).ToString('yyyy-MM-dd')
$rowsAll = [long](Sql (($tables.Keys | ForEach-Object { "(SELECT COUNT(*) FROM $_)" }) -join ' + ' | ForEach-Object { "SELECT $_" }))
$rowsOld = [long](Sql (($tables.Keys | ForEach-Object { "(SELECT COUNT(*) FROM $_ WHERE $($tables[$_]) < '$cutoff')" }) -join ' + ' |
    ForEach-Object { "SELECT $_" }))

# ---------------------------------------------------------------- export
$exportConfig = Settings 'bench_mis_src' (Join-Path $DataPath 'export-root')
$referenceFolder = Join-Path $DataPath 'reference'
New-Item -ItemType Directory -Force $referenceFolder | Out-Null
$referenceQueries = Join-Path $DataPath 'reference.sql'
Set-Content $referenceQueries -Value $(for ($day = $first; $day -le $last; $day = $day.AddDays(1)) {
    foreach ($t in $tables.Keys) {
        $c = $tables[$t]
        ("SELECT $(Columns $t) FROM $t WHERE $c >= '$($day.ToString('yyyy-MM-dd'))' " +
            "AND $c < '$($day.AddDays(1).ToString('yyyy-MM-dd'))' ORDER BY id;")
    }
})
$export = Invoke-Alternating -Repeat 2 -Ours {
    Remove-Item (Join-Path $DataPath 'export-root/ExtractedMIS') -Recurse -Force -ErrorAction SilentlyContinue
    Ours ("Export-RostrvmMis -ConfigurationPath '$exportConfig' -Range '$($first.ToString('yyyy-MM-dd'))', " +
        "'$($last.ToString('yyyy-MM-dd'))' | Out-Null")
} -Reference {
    # The same work: each table's rows of each day, in key order, one client process, one file.
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & sh -c ("`"$client`" --defaults-extra-file='$($Sandbox.OptionFile)' --protocol=TCP -B -N --quick --database=bench_mis_src " +
        "< '$referenceQueries' > '$referenceFolder/all.tsv'")
    if ($LASTEXITCODE -ne 0) { throw 'mariadb export failed' }
    [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; PeakMemoryMB = $null }
}
$exportMemory = (OursProcess ("Export-RostrvmMis -ConfigurationPath '$exportConfig' -Range '$($first.ToString('yyyy-MM-dd'))', " +
    "'$($last.ToString('yyyy-MM-dd'))' | Out-Null")).PeakMemoryMB
$csvBytes = (Get-ChildItem (Join-Path $DataPath 'export-root/ExtractedMIS') -Recurse -Filter *.csv | Measure-Object Length -Sum).Sum
[pscustomobject]@{
    Job = 'MIS export'; Ours = $export.Ours; Reference = $export.Reference; ReferenceTool = 'mariadb -B -N --quick > file'
    PeakMemoryMB = $exportMemory
    Notes = (('{0:N0} rows, {1} days x 3 tables, {2:N1} MB of CSV; ' +
        'ours also writes a folder, a manifest and an fsync per day; peak memory is the whole pwsh process') -f
        $rowsAll, (($last - $first).Days + 1), ($csvBytes / 1MB))
}

# ---------------------------------------------------------------- purge
$purgeConfig = Settings 'bench_mis_ours' (Join-Path $DataPath 'purge-root')
$haveArchiver = Install-ReferenceTool -Command 'pt-archiver' -Package 'percona-toolkit'
$purge = Invoke-Alternating -Repeat 2 -Ours {
    Reset-Copy 'bench_mis_ours'
    Remove-Item (Join-Path $DataPath 'purge-root/ExtractedMIS') -Recurse -Force -ErrorAction SilentlyContinue
    # The extract is made beforehand, untimed: both contenders then only read and delete.
    Ours "Export-RostrvmMis -ConfigurationPath '$purgeConfig' -Range '$($first.ToString('yyyy-MM-dd'))', '$cutoff' | Out-Null" | Out-Null
    $r = Ours ("Invoke-RostrvmMisPurge -ConfigurationPath '$purgeConfig' -SkipExport -Before '$cutoff' -BatchSize $batch " +
        "-Confirm:`$false | Out-Null")
    $left = [long](Sql ("SELECT (SELECT COUNT(*) FROM mis_call WHERE start_time < '$cutoff') + " +
        "(SELECT COUNT(*) FROM mis_agent_state WHERE state_time < '$cutoff') + " +
        "(SELECT COUNT(*) FROM mis_queue_interval WHERE interval_start < '$cutoff')") 'bench_mis_ours')
    if ($left -ne 0) { throw "our purge left $left old rows" }
    $r
} -Reference {
    if (-not $haveArchiver) { return [pscustomobject]@{ Seconds = $null; PeakMemoryMB = $null } }
    Reset-Copy 'bench_mis_pt'
    $watch = [Diagnostics.Stopwatch]::StartNew()
    foreach ($t in $tables.Keys) {
        $r = Invoke-MeasuredProcess -FilePath 'pt-archiver' -ArgumentList @(
            '--source', "h=127.0.0.1,P=$($Sandbox.Port),D=bench_mis_pt,t=$t,F=$($Sandbox.OptionFile)",
            '--purge', '--where', "$($tables[$t]) < '$cutoff'", '--limit', "$batch", '--bulk-delete', '--commit-each', '--no-check-charset')
        if ($r.ExitCode -ne 0) { throw "pt-archiver on $t failed: $($r.Error)" }
    }
    [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; PeakMemoryMB = $null }
}
Reset-Copy 'bench_mis_ours'
Remove-Item (Join-Path $DataPath 'purge-root/ExtractedMIS') -Recurse -Force -ErrorAction SilentlyContinue
Ours "Export-RostrvmMis -ConfigurationPath '$purgeConfig' -Range '$($first.ToString('yyyy-MM-dd'))', '$cutoff' | Out-Null" | Out-Null
$purgeMemory = (OursProcess ("Invoke-RostrvmMisPurge -ConfigurationPath '$purgeConfig' -SkipExport -Before '$cutoff' -BatchSize $batch " +
    "-Confirm:`$false | Out-Null")).PeakMemoryMB
[pscustomobject]@{
    Job = 'MIS purge'; Ours = $purge.Ours; Reference = $purge.Reference
    ReferenceTool = "pt-archiver --purge --bulk-delete --limit $batch --commit-each"; PeakMemoryMB = $purgeMemory
    Notes = $(if ($haveArchiver) {
                ('{0:N0} rows older than {1}, batches of {2}; ours verifies every row byte for byte against its CSV; ' +
                    'pt-archiver times include its start-up (3 runs, one per table)') -f $rowsOld, $cutoff, $batch }
              else { 'pt-archiver missing: the Debian package percona-toolkit could not be installed' })
}
Sql ('SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS bench_mis_ours; ' +
    'DROP DATABASE IF EXISTS bench_mis_pt; DROP DATABASE IF EXISTS bench_mis_src;') 'rostrvm_920' | Out-Null
