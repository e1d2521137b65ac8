# Binlog test helpers: run the every-type workload into its own binlog file(s).
Set-StrictMode -Version 3.0

function Invoke-BinlogWorkload {
    <# Flushes, runs Binlog.Workload.sql into database $Database, flushes again; returns the binlog
       files that hold exactly the workload and the table checksums it left. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database)
    Invoke-SandboxClient -Sandbox $Sandbox -Query "DROP DATABASE IF EXISTS ``$Database``; FLUSH BINARY LOGS" | Out-Null
    $before = @(Invoke-SandboxClient -Sandbox $Sandbox -Batch -Query 'SHOW BINARY LOGS' | Select-Object -Skip 1 | ForEach-Object { ($_ -split "`t")[0] })
    $sql = (Get-Content (Join-Path $PSScriptRoot 'Binlog.Workload.sql') -Raw).Replace('{db}', $Database)
    $file = Join-Path ([System.IO.Path]::GetTempPath()) "rostrvm-workload-$Database.sql"
    Set-Content -Path $file -Value $sql -Encoding utf8
    $client = Find-ServerTool 'mariadb'
    & $client "--defaults-extra-file=$($Sandbox.OptionFile)" --protocol=TCP --default-character-set=utf8mb4 -e "source $file"
    if ($LASTEXITCODE -ne 0) { throw 'The binlog workload failed.' }
    Remove-Item $file
    Invoke-SandboxClient -Sandbox $Sandbox -Query 'FLUSH BINARY LOGS' | Out-Null
    $after = @(Invoke-SandboxClient -Sandbox $Sandbox -Batch -Query 'SHOW BINARY LOGS' | Select-Object -Skip 1 | ForEach-Object { ($_ -split "`t")[0] })
    $files = @($after | Where-Object { $_ -notin $before } | Select-Object -SkipLast 1) + @($before[-1])
    [pscustomobject]@{
        Files     = @($files | Sort-Object | ForEach-Object { Join-Path $Sandbox.BinlogDirectory $_ })
        Checksums = Get-TableChecksum -Sandbox $Sandbox -Database $Database
    }
}

function Invoke-ReplayScript {
    <# Replays a SQL script file with the plain mariadb client. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Path)
    $client = Find-ServerTool 'mariadb'
    & $client "--defaults-extra-file=$($Sandbox.OptionFile)" --protocol=TCP -e "source $Path"
    if ($LASTEXITCODE -ne 0) { throw "Replaying $Path failed." }
}

Export-ModuleMember -Function Invoke-BinlogWorkload, Invoke-ReplayScript
