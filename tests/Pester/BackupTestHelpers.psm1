# Helpers shared by the backup Pester files: the plain client on files, a background SQL session,
# and a child pwsh running a cmdlet (for the kill test).
Set-StrictMode -Version 3.0

function Invoke-ClientFile {
    <# Loads a SQL file (.gz through gunzip, .zst through zstd) with the plain mariadb client, exactly as an administrator would. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Path, [string] $InitCommand)
    $init = if ($InitCommand) { "--init-command='$InitCommand'" } else { '' }
    $client = "mariadb --defaults-extra-file='$($Sandbox.OptionFile)' --protocol=TCP $init --database='$Database'"
    $command = if ($Path.EndsWith('.gz')) { "gunzip -c '$Path' | $client" }
    elseif ($Path.EndsWith('.zst')) { "zstd -dc '$Path' | $client" }
    else { "$client < '$Path'" }
    $output = & sh -c "$command 2>&1"
    if ($LASTEXITCODE -ne 0) { throw "Loading $Path into $Database failed: $output" }
}

function Start-SqlSession {
    <# Runs a SQL script in a background mariadb client; returns the process. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Sql)
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-session-' + [guid]::NewGuid().ToString('N') + '.sql')
    Set-Content -Path $file -Value $Sql -Encoding utf8NoBOM
    # Start-Process joins its arguments with spaces: the sh command goes as one double-quoted argument.
    Start-Process -FilePath sh -ArgumentList "-c `"mariadb --defaults-extra-file='$($Sandbox.OptionFile)' --protocol=TCP --database='$Database' < '$file' > '$file.out' 2>&1`"" -PassThru
}

function Start-ChildPwsh {
    <# A separate pwsh process running a script block text with the built module loaded. #>
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string] $ModulePath)
    $arguments = @()
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $exe = [Environment]::ProcessPath
    if ((Split-Path $exe -Leaf) -like 'dotnet*') { $arguments += $dll }
    $script = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-child-' + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -Path $script -Value "Import-Module '$ModulePath'`n$Command" -Encoding utf8NoBOM
    $arguments += '-NoProfile', '-NonInteractive', '-File', $script
    Start-Process -FilePath $exe -ArgumentList $arguments -PassThru
}

function Wait-Until {
    param([Parameter(Mandatory)] [scriptblock] $Condition, [int] $TimeoutSeconds = 60, [string] $What = 'condition')
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSeconds s waiting for $What." }
        Start-Sleep -Milliseconds 100
    }
}

function Get-MasterPosition {
    param([Parameter(Mandatory)] $Sandbox)
    $row = Invoke-TestSql -Sandbox $Sandbox -Query 'SHOW MASTER STATUS'
    [pscustomobject]@{ File = $row.File; Position = [long]$row.Position }
}

function Invoke-BinlogReplay {
    <# The documented manual procedure: mariadb-binlog from the backup's coordinates, piped into the client. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $StartFile,
        [Parameter(Mandatory)] [long] $StartPosition, [Parameter(Mandatory)] $Stop)
    $logs = @(Invoke-TestSql -Sandbox $Sandbox -Query 'SHOW BINARY LOGS' | ForEach-Object Log_name | Where-Object { $_ -ge $StartFile -and $_ -le $Stop.File } | Sort-Object)
    $files = ($logs | ForEach-Object { "'" + (Join-Path $Sandbox.BinlogDirectory $_) + "'" }) -join ' '
    $client = "mariadb --defaults-extra-file='$($Sandbox.OptionFile)' --protocol=TCP --init-command='SET sql_log_bin=0'"
    $output = & sh -c "mariadb-binlog --start-position=$StartPosition --stop-position=$($Stop.Position) --database='$Database' $files | $client 2>&1"
    if ($LASTEXITCODE -ne 0) { throw "Binlog replay failed: $output" }
}

function Get-DatabaseFingerprint {
    <# Every base table's CHECKSUM TABLE EXTENDED and row count, in two client calls: table -> 'checksum/rows'. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database)
    $tables = @(Invoke-TestSql -Sandbox $Sandbox -Query "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$Database' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME" | ForEach-Object t)
    $sums = @{}
    Invoke-TestSql -Sandbox $Sandbox -Database $Database -Query ("CHECKSUM TABLE " + (($tables | ForEach-Object { "``$_``" }) -join ', ') + " EXTENDED") |
        ForEach-Object { $sums[($_.Table -split '\.', 2)[1]] = $_.Checksum }
    $counts = @{}
    Invoke-TestSql -Sandbox $Sandbox -Database $Database -Query ((($tables | ForEach-Object { "SELECT '$_' AS t, COUNT(*) AS n FROM ``$_``" }) -join ' UNION ALL ')) |
        ForEach-Object { $counts[$_.t] = $_.n }
    $result = [ordered]@{}
    foreach ($t in $tables) { $result[$t] = '{0}/{1}' -f $sums[$t], $counts[$t] }
    $result
}

function Get-BackupTableCount {
    <# Rows and digest per table of a plain .rbk: the completion line's perTable in format 2 (the header's tables in format 1). #>
    param([Parameter(Mandatory)] [string] $Path)
    $completion = (Get-Content $Path -Tail 1).Substring('-- rostrvm-backup-complete: '.Length) | ConvertFrom-Json
    if ($completion.PSObject.Properties['perTable']) { return $completion.perTable }
    ((Get-Content $Path -TotalCount 6 | Where-Object { $_ -like '-- rostrvm-backup: {*' }).Substring(19) | ConvertFrom-Json).tables
}

Export-ModuleMember -Function Get-BackupTableCount, Get-DatabaseFingerprint, Invoke-ClientFile, Start-SqlSession, Start-ChildPwsh,
    Wait-Until, Get-MasterPosition, Invoke-BinlogReplay
