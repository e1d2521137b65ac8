# Helpers shared by the two MIS Pester files: SQL with LOAD DATA LOCAL enabled, private MIS
# databases, and loading extracts back into tables.
Set-StrictMode -Version 3.0

function Invoke-MisSql {
    <# The mariadb client with utf8mb4 and LOAD DATA LOCAL allowed; returns the raw lines (-B -N). #>
    param([Parameter(Mandatory)] $Sandbox, [string] $Database, [Parameter(Mandatory)] [string] $Query)
    $client = Find-ServerTool 'mariadb'
    $arguments = @("--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP', '--local-infile=1', '--default-character-set=utf8mb4', '-B', '-N')
    if ($Database) { $arguments += "--database=$Database" }
    $output = $Query | & $client @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "mariadb failed: $output" }
    $output
}

function Get-MisScalar {
    param([Parameter(Mandatory)] $Sandbox, [string] $Database, [Parameter(Mandatory)] [string] $Query)
    $value = @(Invoke-MisSql -Sandbox $Sandbox -Database $Database -Query $Query) | Select-Object -First 1
    if ($value -match '^-?\d+$') { [long]$value } else { $value }
}

function New-MisDatabase {
    <#
      A private database with the three MIS tables: copied from the demo database (its schema
      and rows, optionally only rows from -Since on), or, with -EdgeCases, built from
      MisTestData.sql (CR LF, backslashes, the text 'NULL'). -Snapshot also keeps copies of the
      tables as they were (<table>_all, and <table>_keep with the rows from -Cutoff on) in
      the database -SnapshotDatabase, as <Name>_<table>_all / _keep. One client call.
    #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Name, [switch] $EdgeCases,
          [datetime] $Since = [datetime]::MinValue, [string] $SnapshotDatabase, [datetime] $Cutoff)
    $sql = [System.Text.StringBuilder]::new("SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ``$Name``; CREATE DATABASE ``$Name`` DEFAULT CHARACTER SET utf8mb4; USE ``$Name``;`n")
    if ($EdgeCases) {
        [void]$sql.AppendLine((Get-Content -Raw (Join-Path $PSScriptRoot 'MisTestData.sql')))
    }
    else {
        foreach ($t in 'mis_call', 'mis_agent_state', 'mis_queue_interval') {
            $columns = Get-MisColumnList -Sandbox $Sandbox -Database rostrvm_920 -Table $t
            $time = $script:MisTimeColumns[$t]
            [void]$sql.AppendLine("CREATE TABLE ``$t`` LIKE rostrvm_920.``$t``; INSERT INTO ``$t`` ($columns) SELECT $columns FROM rostrvm_920.``$t`` WHERE ``$time`` >= '$($Since.ToString('yyyy-MM-dd'))';")
            if ($SnapshotDatabase) {
                foreach ($copy in @(@{ Suffix = 'all'; Where = '1=1' }, @{ Suffix = 'keep'; Where = "``$time`` >= '$($Cutoff.ToString('yyyy-MM-dd'))'" })) {
                    $target = "``$SnapshotDatabase``.``${Name}_${t}_$($copy.Suffix)``"
                    [void]$sql.AppendLine("DROP TABLE IF EXISTS $target; CREATE TABLE $target LIKE ``$t``; INSERT INTO $target ($columns) SELECT $columns FROM ``$t`` WHERE $($copy.Where);")
                }
            }
        }
    }
    Invoke-MisSql -Sandbox $Sandbox -Query $sql.ToString() | Out-Null
}

$script:MisTimeColumns = @{ mis_call = 'start_time'; mis_agent_state = 'state_time'; mis_queue_interval = 'interval_start' }
$script:ColumnCache = @{}

function Get-MisColumnList {
    <# The stored (not generated) columns of a table, quoted and comma-separated. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Table)
    $key = "$Database.$Table"
    if ($script:ColumnCache.ContainsKey($key)) { return $script:ColumnCache[$key] }
    $names = Invoke-MisSql -Sandbox $Sandbox -Query "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$Database' AND TABLE_NAME = '$Table' AND COALESCE(GENERATION_EXPRESSION, '') = '' ORDER BY ORDINAL_POSITION"
    $list = (@($names) | ForEach-Object { "``$_``" }) -join ', '
    # Only the stable demo tables are cached; scratch tables come and go.
    if ($Database -eq 'rostrvm_920') { $script:ColumnCache[$key] = $list }
    $list
}

function Copy-MisRows {
    <# Rows of Source matching Where into a new table Target (same definition). #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Source,
          [Parameter(Mandatory)] [string] $Target, [string] $Where = '1=1', [string] $SourceDatabase = $Database)
    $columns = Get-MisColumnList -Sandbox $Sandbox -Database $SourceDatabase -Table $Source
    Invoke-MisSql -Sandbox $Sandbox -Database $Database -Query "DROP TABLE IF EXISTS ``$Target``; CREATE TABLE ``$Target`` LIKE ``$SourceDatabase``.``$Source``; INSERT INTO ``$Target`` ($columns) SELECT $columns FROM ``$SourceDatabase``.``$Source`` WHERE $Where;" | Out-Null
}

function Get-MisTableChecksum {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Table)
    $lines = @(Invoke-MisSql -Sandbox $Sandbox -Database $Database -Query "CHECKSUM TABLE ``$Table`` EXTENDED; SELECT COUNT(*) FROM ``$Table``")
    ($lines[0] -split "`t")[1] + '/' + $lines[1]
}

function Import-MisExtract {
    <# Loads a table's CSV of a day folder into Target with the manifest's own LOAD DATA statement. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $DayFolder,
          [Parameter(Mandatory)] [string] $Table, [Parameter(Mandatory)] [string] $Target)
    $manifest = Get-Content -Raw (Join-Path $DayFolder 'manifest.json') | ConvertFrom-Json
    $entry = $manifest.files | Where-Object table -eq $Table
    $path = (Join-Path $DayFolder $entry.file).Replace('\', '\\').Replace("'", "\'")
    $sql = $entry.loadData.Replace("'$($entry.file)'", "'$path'").Replace("INTO TABLE ``$Table``", "INTO TABLE ``$Target``")
    Invoke-MisSql -Sandbox $Sandbox -Database $Database -Query "SET sql_mode = 'STRICT_ALL_TABLES'; $sql; SHOW WARNINGS;"
}

function Test-MisRoundTrip {
    <#
      Loads a table's CSV of a day folder into a copy of the table (the manifest's own LOAD DATA
      statement) and compares it with the source rows matching Where: warnings, CHECKSUM TABLE,
      counts, and a NULL-safe binary comparison of every stored column. One client call.
    #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Scratch, [Parameter(Mandatory)] [string] $SourceDatabase,
          [Parameter(Mandatory)] [string] $Table, [Parameter(Mandatory)] [string] $Where, [Parameter(Mandatory)] [string[]] $DayFolder,
          [string] $SourceTable = $Table)
    $columns = Get-MisColumnList -Sandbox $Sandbox -Database $SourceDatabase -Table $SourceTable
    $same = (($columns -split ', ') | ForEach-Object { "BINARY e.$_ <=> BINARY l.$_" }) -join ' AND '
    $loads = foreach ($folder in $DayFolder) {
        $manifest = Get-Content -Raw (Join-Path $folder 'manifest.json') | ConvertFrom-Json
        $entry = $manifest.files | Where-Object table -eq $Table
        $path = (Join-Path $folder $entry.file).Replace('\', '\\').Replace("'", "\'")
        $entry.loadData.Replace("'$($entry.file)'", "'$path'").Replace("INTO TABLE ``$Table``", 'INTO TABLE l') + '; SELECT CONCAT(''warnings '', @@warning_count);'
    }
    $sql = @"
DROP TABLE IF EXISTS e, l;
CREATE TABLE e LIKE ``$SourceDatabase``.``$SourceTable``; CREATE TABLE l LIKE ``$SourceDatabase``.``$SourceTable``;
INSERT INTO e ($columns) SELECT $columns FROM ``$SourceDatabase``.``$SourceTable`` WHERE $Where;
SET sql_mode = 'STRICT_ALL_TABLES';
$($loads -join "`n")
CHECKSUM TABLE e EXTENDED; CHECKSUM TABLE l EXTENDED;
SELECT CONCAT('rows ', (SELECT COUNT(*) FROM e), ' ', (SELECT COUNT(*) FROM l), ' ', (SELECT COUNT(*) FROM e JOIN l USING (id) WHERE $same));
"@
    $lines = @(Invoke-MisSql -Sandbox $Sandbox -Database $Scratch -Query $sql)
    $sums = @($lines | Where-Object { $_ -match "^$Scratch\." } | ForEach-Object { ($_ -split "`t")[1] })
    $rows = (($lines | Where-Object { $_ -like 'rows *' }) -split ' ')
    [pscustomobject]@{
        Warnings = (@($lines | Where-Object { $_ -like 'warnings *' } | ForEach-Object { [int]($_ -split ' ')[1] }) | Measure-Object -Sum).Sum
        Expected = [long]$rows[1]
        Loaded = [long]$rows[2]
        Identical = [long]$rows[3]
        ExpectedChecksum = $sums[0]
        LoadedChecksum = $sums[1]
    }
}

function Start-MisPurgeProcess {
    <# Invoke-RostrvmMisPurge in a child pwsh (so it can be killed); stdout goes to the returned object's Output file. #>
    param([Parameter(Mandatory)] [string] $ConfigurationPath, [int] $BatchSize = 10000, [switch] $WhatIf, [string] $OlderThan,
          [string] $ModulePath = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../out/Rostrvm/Rostrvm.psd1')))
    $script = Join-Path ([IO.Path]::GetTempPath()) 'rostrvm-mis-purge-child.ps1'
    Set-Content -Path $script -Value @'
param($Module, $Config, $BatchSize, $WhatIf, $OlderThan)
$ProgressPreference = 'SilentlyContinue'
Import-Module $Module
$p = @{ ConfigurationPath = $Config; BatchSize = $BatchSize; Confirm = $false; WhatIf = ($WhatIf -eq 'yes') }
if ($OlderThan) { $p.Before = [datetime]$OlderThan }
Invoke-RostrvmMisPurge @p | Out-Null
'@
    $output = Join-Path ([IO.Path]::GetTempPath()) ('rostrvm-mis-child-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.txt')
    $arguments = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $script, '-Module', $ModulePath,
        '-Config', $ConfigurationPath, '-BatchSize', $BatchSize, '-WhatIf', $(if ($WhatIf) { 'yes' } else { 'no' }))
    if ($OlderThan) { $arguments += @('-OlderThan', $OlderThan) }
    $process = Start-Process -FilePath ([Environment]::ProcessPath) -ArgumentList $arguments -PassThru -RedirectStandardOutput $output -RedirectStandardError "$output.err"
    [pscustomobject]@{ Process = $process; Output = $output }
}

Export-ModuleMember -Function Start-MisPurgeProcess, Invoke-MisSql, Get-MisScalar, New-MisDatabase, Get-MisColumnList, Copy-MisRows, Get-MisTableChecksum, Import-MisExtract, Test-MisRoundTrip
