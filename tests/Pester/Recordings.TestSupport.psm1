# Helpers shared by the recording archive Pester files (Move/Get/Export/StorageReport).
Set-StrictMode -Version 3.0

$script:Kinds = [ordered]@{
    Voice = @{ Table = 'voice_recordings'; Time = 'recorded_at'; Prefix = 'Voice Recording' }
    Email = @{ Table = 'email_messages'; Time = 'received_at'; Prefix = 'Email Archive' }
    Sms   = @{ Table = 'sms_messages'; Time = 'sent_at'; Prefix = 'SMS Archive' }
    Chat  = @{ Table = 'chat_transcripts'; Time = 'started_at'; Prefix = 'Chat Archive' }
}

function Get-RecordingKind { $script:Kinds }

function Format-SqlTime([datetime] $Time) { "'" + $Time.ToString('yyyy-MM-dd HH:mm:ss.ffffff', [cultureinfo]::InvariantCulture) + "'" }

function New-RecordingTestDatabase {
    <# A private database with the demo's MIS call table and recording tables (optionally only the first N rows of each). #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Name, [int] $Limit = 0, [string] $Source = 'rostrvm_920')
    $rowLimit = if ($Limit -gt 0) { " ORDER BY id LIMIT $Limit" } else { '' }
    $sql = "DROP DATABASE IF EXISTS ``$Name``; CREATE DATABASE ``$Name`` DEFAULT CHARACTER SET utf8mb4; SET SESSION sql_mode = '';"
    $sql += " CREATE TABLE ``$Name``.mis_call LIKE ``$Source``.mis_call; INSERT INTO ``$Name``.mis_call SELECT * FROM ``$Source``.mis_call;"
    foreach ($kind in $script:Kinds.Values) {
        $sql += " CREATE TABLE ``$Name``.$($kind.Table) LIKE ``$Source``.$($kind.Table); INSERT INTO ``$Name``.$($kind.Table) SELECT * FROM ``$Source``.$($kind.Table)$rowLimit;"
    }
    Invoke-SandboxClient -Sandbox $Sandbox -Query $sql | Out-Null
}

function Get-RecordingBody {
    <# id -> @{ Sha = SHA-256 hex; Bytes; Time } of the bodies still in the database, older than -Before. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [string] $Kind = 'Voice', [datetime] $Before = [datetime]::MaxValue)
    $k = $script:Kinds[$Kind]
    $rows = Invoke-TestSql -Sandbox $Sandbox -Database $Database -Query "SELECT id, SHA2(body, 256) AS sha, LENGTH(body) AS bytes, DATE_FORMAT($($k.Time), '%Y-%m-%d %H:%i:%s') AS t FROM $($k.Table) WHERE body IS NOT NULL AND $($k.Time) < $(Format-SqlTime $Before) ORDER BY id"
    $result = @{}
    foreach ($row in $rows) { $result[[long]$row.id] = @{ Sha = $row.sha; Bytes = [long]$row.bytes; Time = [datetime]::ParseExact($row.t, 'yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture) } }
    $result
}

function Get-ScalarSql {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Query)
    $row = Invoke-TestSql -Sandbox $Sandbox -Database $Database -Query $Query
    if ($null -eq $row) { return $null }
    @($row.PSObject.Properties)[0].Value
}

function Get-MinRecordingTime {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [string] $Kind = 'Voice')
    $k = $script:Kinds[$Kind]
    [datetime]::ParseExact((Get-ScalarSql -Sandbox $Sandbox -Database $Database -Query "SELECT DATE_FORMAT(MIN($($k.Time)), '%Y-%m-%d %H:%i:%s') AS t FROM $($k.Table)"), 'yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)
}

function Get-TestSecret([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }

Export-ModuleMember -Function Get-RecordingKind, Format-SqlTime, New-RecordingTestDatabase, Get-RecordingBody, Get-ScalarSql, Get-MinRecordingTime, Get-TestSecret
