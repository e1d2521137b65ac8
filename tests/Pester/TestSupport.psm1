# Shared by every Pester file: the sandbox, the module under test, and small SQL helpers.
Set-StrictMode -Version 3.0

$script:Repo = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot (Join-Path '..' '..')))
Import-Module (Join-Path $script:Repo (Join-Path 'demo' 'Sandbox.psm1')) -Force -Global

function Get-TestModulePath { Join-Path $script:Repo (Join-Path 'out' (Join-Path 'Rostrvm' 'Rostrvm.psd1')) }

function Get-TestRepoRoot { $script:Repo }

function Import-RostrvmUnderTest {
    <# The BUILT module, never the source tree. #>
    $path = Get-TestModulePath
    if (-not (Test-Path $path)) { throw "The module is not built ($path). Run: dotnet pwsh ./build.ps1 -Task Build" }
    Import-Module $path -Force -Global
}

function Get-TestSandbox {
    <# The sandbox that build.ps1 -Task Test started; when a file runs alone, start one with the demo database. #>
    param([string] $Name = $(if ($env:ROSTRVM_TEST_SANDBOX) { $env:ROSTRVM_TEST_SANDBOX } else { 'test' }))
    $root = Join-Path $script:Repo (Join-Path 'out' 'sandbox')
    $sandbox = Start-RostrvmSandbox -Name $Name -Root $root
    $has = Invoke-SandboxClient -Sandbox $sandbox -Batch -Query "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'rostrvm_920'"
    if ([int]($has | Select-Object -Last 1) -eq 0) {
        $testRoot = Join-Path $script:Repo (Join-Path 'out' 'test')
        & (Join-Path $script:Repo (Join-Path 'demo' 'New-DemoDatabase.ps1')) -Port $sandbox.Port -Credential $sandbox.Credential -Size Small -Force `
            -LogPath (Join-Path $testRoot 'demo-logs') -ScriptRoot (Join-Path $testRoot 'demo-root') | Out-Null
    }
    $sandbox
}

function Invoke-TestSql {
    <# Runs SQL with the plain mariadb client; returns rows as objects (tab-separated batch output). #>
    param([Parameter(Mandatory)] $Sandbox, [string] $Database, [Parameter(Mandatory)] [string] $Query)
    $lines = @(Invoke-SandboxClient -Sandbox $Sandbox -Database $Database -Query $Query -Batch)
    if ($lines.Count -eq 0) { return }
    $header = $lines[0] -split "`t"
    foreach ($line in $lines | Select-Object -Skip 1) {
        $values = $line -split "`t"
        $row = [ordered]@{}
        for ($i = 0; $i -lt $header.Count; $i++) { $row[$header[$i]] = if ($values[$i] -eq 'NULL') { $null } else { $values[$i] } }
        [pscustomobject]$row
    }
}

function Copy-TestDatabase {
    <# A private copy of a database (dump and load with the plain tools), for tests that change data. #>
    param([Parameter(Mandatory)] $Sandbox, [string] $Source = 'rostrvm_920', [Parameter(Mandatory)] [string] $Target)
    Invoke-SandboxClient -Sandbox $Sandbox -Query "DROP DATABASE IF EXISTS ``$Target``; CREATE DATABASE ``$Target`` DEFAULT CHARACTER SET utf8mb4;" | Out-Null
    $dump = Find-ServerTool 'mariadb-dump'
    $client = Find-ServerTool 'mariadb'
    $file = Join-Path ([System.IO.Path]::GetTempPath()) "rostrvm-copy-$Target-$([guid]::NewGuid().ToString('N').Substring(0, 8)).sql"
    & $dump "--defaults-extra-file=$($Sandbox.OptionFile)" --protocol=TCP --single-transaction --routines --triggers --events --hex-blob --result-file=$file $Source
    if ($LASTEXITCODE -ne 0) { throw "mariadb-dump of $Source failed." }
    & $client "--defaults-extra-file=$($Sandbox.OptionFile)" --protocol=TCP "--database=$Target" -e "SET SESSION sql_log_bin=0;`nsource $file"
    if ($LASTEXITCODE -ne 0) { throw "Loading the copy into $Target failed." }
    Remove-Item $file -Force
}

function Remove-TestDatabase {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Name)
    Invoke-SandboxClient -Sandbox $Sandbox -Query "DROP DATABASE IF EXISTS ``$Name``" | Out-Null
}

function New-TestRoot {
    <# A temporary rostrvm root with a settings file pointing at the sandbox; returns the settings path. #>
    param([Parameter(Mandatory)] $Sandbox, [string] $Database = 'rostrvm_920', [hashtable] $Settings = @{})
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-test-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    New-Item -ItemType Directory -Force -Path $root | Out-Null
    $values = [ordered]@{
        Root = $root; Server = '127.0.0.1'; Port = $Sandbox.Port; Database = $Database
        OptionFile = $Sandbox.OptionFile; SslMode = 'Preferred'; BinlogPath = $Sandbox.BinlogDirectory
    }
    foreach ($key in $Settings.Keys) { $values[$key] = $Settings[$key] }
    $path = Join-Path $root 'RostrvmMaintenance.json'
    $values | ConvertTo-Json -Depth 5 | Set-Content -Path $path -Encoding utf8
    $path
}

function Get-TableChecksum {
    <# Every base table's CHECKSUM TABLE and row count: the equality oracle for dumps and restores. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database)
    $tables = Invoke-TestSql -Sandbox $Sandbox -Query "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$Database' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"
    $result = [ordered]@{}
    foreach ($t in $tables) {
        $sum = Invoke-TestSql -Sandbox $Sandbox -Database $Database -Query "CHECKSUM TABLE ``$($t.t)`` EXTENDED"
        $count = Invoke-TestSql -Sandbox $Sandbox -Database $Database -Query "SELECT COUNT(*) AS c FROM ``$($t.t)``"
        $result[$t.t] = '{0}/{1}' -f $sum.Checksum, $count.c
    }
    $result
}

Export-ModuleMember -Function Get-TestModulePath, Get-TestRepoRoot, Import-RostrvmUnderTest, Get-TestSandbox, Invoke-TestSql, Copy-TestDatabase, Remove-TestDatabase, New-TestRoot, Get-TableChecksum
