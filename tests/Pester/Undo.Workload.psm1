# Seeded scenarios for Undo-RostrvmTransaction (its Pester file and the bench): three tables (one
# without a key, one with JSON and BLOB), a bad transaction of inserts, updates and deletes across
# them, and later work that does or does not touch the same rows.
Set-StrictMode -Version 3.0

function Get-UndoWorkloadSchema {
    @'
CREATE TABLE acct (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL, balance DECIMAL(14,4) NOT NULL, amount DOUBLE NULL, f FLOAT NULL,
  ts TIMESTAMP(6) NULL DEFAULT NULL, dt DATETIME(3) NULL, flags BIT(5) NULL, kind ENUM('a','b','c') NULL, tags SET('x','y','z') NULL,
  u BIGINT UNSIGNED NULL, t TIME(2) NULL, nul INT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE doc (id BIGINT PRIMARY KEY, body JSON NULL, pic BLOB NULL, note TEXT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE nokey (a INT, b VARCHAR(40)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
'@
}

function ConvertTo-UndoSqlText([string] $Text) { "'" + $Text.Replace('\', '\\').Replace("'", "''") + "'" }

function New-UndoValues {
    <# One row's values as SQL literals, for table acct, doc or nokey. #>
    param([System.Random] $Random, [string] $Table, [long] $Id, [string] $Tag = '')
    $r = $Random
    switch ($Table) {
        'acct' {
            $names = @("o'k", 'back\slash', "tab`there", 'ünï😀', '', 'plain')
            $name = ConvertTo-UndoSqlText ("n$Id$Tag-" + $names[$r.Next($names.Count)])
            $amount = ($r.NextDouble() * [Math]::Pow(10, $r.Next(-3, 9))).ToString('R', [cultureinfo]::InvariantCulture)
            if ($amount -notmatch 'E') { $amount += 'e0' }
            # FLOATs of few digits: Backup-RostrvmDatabase writes FLOAT as the server's 6-digit text,
            # and the restore oracle must read back what was written.
            $f = ($r.Next(-7999, 8000) / 8).ToString('R', [cultureinfo]::InvariantCulture)
            $ts = "'2026-{0:00}-{1:00} {2:00}:{3:00}:{4:00}.{5:000000}'" -f $r.Next(1, 13), $r.Next(1, 29), $r.Next(24), $r.Next(60),
                $r.Next(60), $r.Next(1000000)
            $dt = "'19{0:00}-{1:00}-{2:00} {3:00}:{4:00}:{5:00}.{6:000}'" -f $r.Next(100), $r.Next(1, 13), $r.Next(1, 29), $r.Next(24),
                $r.Next(60), $r.Next(60), $r.Next(1000)
            $tags = @('', 'x', 'y,z', 'x,y,z')[$r.Next(4)]
            $u = [uint64]::MaxValue - [uint64]$r.Next(1000000)
            $t = "'-{0:00}:{1:00}:{2:00}.{3:00}'" -f $r.Next(100), $r.Next(60), $r.Next(60), $r.Next(100)
            $nul = if ($r.Next(3) -eq 0) { 'NULL' } else { $r.Next(-100000, 100000) }
            ("$Id, $name, $($r.Next(-99999, 99999)).$('{0:0000}' -f $r.Next(10000)), $amount, $f, $ts, $dt, $($r.Next(32)), " +
                "'$(@('a','b','c')[$r.Next(3)])', '$tags', $u, $t, $nul")
        }
        'doc' {
            $body = ConvertTo-UndoSqlText ('{"k": ' + $r.Next(1000) + ', "s": "q\"x' + $Tag + '", "arr": [1, 2.5, null, true], "u": "ünï"}')
            $bytes = [byte[]]::new($r.Next(0, 300)); $r.NextBytes($bytes)
            if ($bytes.Length -gt 3) { $bytes[0] = 0; $bytes[1] = 0x27; $bytes[2] = 0x5C }
            $pic = if ($r.Next(5) -eq 0) { 'NULL' } else { "X'" + [System.BitConverter]::ToString($bytes).Replace('-', '') + "'" }
            $note = if ($r.Next(4) -eq 0) { 'NULL' } else { ConvertTo-UndoSqlText "note $Id$Tag line`nnext" }
            "$Id, $body, $pic, $note"
        }
        'nokey' { "$Id, " + (ConvertTo-UndoSqlText "b$Id$Tag-$($r.Next(1000))") }
    }
}

function New-UndoScenario {
    <#
    SQL for one seed: Initial (rows 1..N of each table), Bad (one transaction), and Later: a list
    of single-statement transactions, each with the rows it touches that the bad one changed
    (table|key), so the caller knows exactly which conflicts to expect and which GTID made them.
    #>
    param([Parameter(Mandatory)] [int] $Seed, [ValidateSet('None', 'Replayable', 'All')] [string] $Conflicts = 'None', [int] $Rows = 30)
    $r = [System.Random]::new($Seed)
    $initial = [System.Text.StringBuilder]::new("SET NAMES utf8mb4;`n")
    foreach ($table in 'acct', 'doc', 'nokey') {
        $values = for ($id = 1; $id -le $Rows; $id++) { '(' + (New-UndoValues -Random $r -Table $table -Id $id) + ')' }
        [void]$initial.AppendLine("INSERT INTO $table VALUES " + ($values -join ', ') + ';')
    }
    # The bad transaction: per table, distinct rows updated and deleted, new rows inserted.
    $bad = [System.Text.StringBuilder]::new("SET NAMES utf8mb4;`nSTART TRANSACTION;`n")
    $touched = [System.Collections.Generic.List[object]]::new()
    foreach ($table in 'acct', 'doc', 'nokey') {
        $key = if ($table -eq 'nokey') { 'a' } else { 'id' }
        $pick = @(1..$Rows | Sort-Object { $r.Next() } | Select-Object -First 6)
        foreach ($id in $pick[0..2]) {
            $set = switch ($table) { 'acct' { "name = CONCAT(name, '!bad'), balance = balance + 1.5, flags = b'11111', ts = NULL" } 'doc' {
                "body = JSON_SET(body, '$.k', 'bad'), pic = CONCAT(COALESCE(pic, ''), X'00FF')" } 'nokey' { "b = CONCAT(b, '!bad')" } }
            [void]$bad.AppendLine("UPDATE $table SET $set WHERE $key = $id;")
            $touched.Add([pscustomobject]@{ Table = $table; Key = $id; Operation = 'Update' })
        }
        foreach ($id in $pick[3..4]) {
            [void]$bad.AppendLine("DELETE FROM $table WHERE $key = $id;")
            $touched.Add([pscustomobject]@{ Table = $table; Key = $id; Operation = 'Delete' })
        }
        foreach ($id in ($Rows + 71), ($Rows + 72)) {
            [void]$bad.AppendLine("INSERT INTO $table VALUES (" + (New-UndoValues -Random $r -Table $table -Id $id -Tag 'bad') + ');')
            $touched.Add([pscustomobject]@{ Table = $table; Key = $id; Operation = 'Insert' })
        }
        # A second change to the same row inside the bad transaction: undone in reverse order.
        [void]$bad.AppendLine(
            "UPDATE $table SET $(if ($table -eq 'nokey') { "b = 'twice'" } elseif ($table -eq 'doc') { "note = 'twice'" } else { "name = 'twice'" }) WHERE $key = $($pick[0]);")
    }
    [void]$bad.AppendLine('COMMIT;')
    # Later work: each statement its own transaction.
    $later = [System.Collections.Generic.List[object]]::new()
    $untouched = @{ acct = @(); doc = @(); nokey = @() }
    foreach ($table in 'acct', 'doc', 'nokey') {
        $ids = @($touched | Where-Object Table -eq $table | ForEach-Object Key)
        $untouched[$table] = @(1..$Rows | Where-Object { $_ -notin $ids })
    }
    foreach ($table in 'acct', 'doc', 'nokey') {
        $key = if ($table -eq 'nokey') { 'a' } else { 'id' }
        $column = switch ($table) { 'acct' { 'name' } 'doc' { 'note' } 'nokey' { 'b' } }
        foreach ($id in @($untouched[$table] | Sort-Object { $r.Next() } | Select-Object -First 3)) {
            $later.Add([pscustomobject]@{ Sql = "UPDATE $table SET $column = 'later-free' WHERE $key = $id;"; Touches = $null })
        }
        $later.Add([pscustomobject]@{ Sql = "INSERT INTO $table VALUES (" + (New-UndoValues -Random $r -Table $table -Id (
            $Rows + 90) -Tag 'new') + ');'; Touches = $null })
        if ($Conflicts -eq 'None') { continue }
        $mine = @($touched | Where-Object Table -eq $table)
        $hits = if ($Conflicts -eq 'All') {
            # A row the bad transaction updated, one it inserted, and a key it deleted taken again.
            @($mine | Where-Object Operation -eq 'Update' | Select-Object -Last 1) + @($mine | Where-Object Operation -eq 'Insert' |
                Select-Object -First 1) +
            @($mine | Where-Object { $_.Operation -eq 'Delete' -and $table -ne 'nokey' } | Select-Object -First 1)
        }
        elseif ($table -ne 'nokey') {
            # Only what a replay without the bad transaction can apply too (the restore oracle):
            # rows it updated, found again by their primary key.
            @($mine | Where-Object Operation -eq 'Update' | Select-Object -Last 2)
        }
        foreach ($row in @($hits)) {
            $sql = if ($row.Operation -eq 'Delete') { "INSERT INTO $table VALUES (" + (
                New-UndoValues -Random $r -Table $table -Id $row.Key -Tag 'again') + ');' }
                   else { "UPDATE $table SET $column = 'later-conflict' WHERE $key = $($row.Key);" }
            $later.Add([pscustomobject]@{ Sql = $sql; Touches = "$table|$($row.Key)" })
        }
    }
    foreach ($step in $later) { $step.Sql = 'SET NAMES utf8mb4; ' + $step.Sql }
    $shuffled = @($later | Sort-Object { $r.Next() })
    [pscustomobject]@{ Initial = $initial.ToString(); Bad = $bad.ToString(); Later = $shuffled; Touched = $touched }
}

function Get-UndoRowDigest {
    <#
    Per table: row count and a sum of CRC32 over every column's QUOTE() of the rows whose key is
    not in Exclude (table|key strings): the equality oracle where rows in conflict must differ.
    #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database, [string[]] $Exclude = @())
    $client = Find-ServerTool 'mariadb'
    $a = @("--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP', '-B', '-N', "--database=$Database")
    $result = [ordered]@{}
    foreach ($table in 'acct', 'doc', 'nokey') {
        $key = if ($table -eq 'nokey') { 'a' } else { 'id' }
        $columns = @(("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$Database' AND TABLE_NAME = '$table' " +
            "ORDER BY ORDINAL_POSITION") | & $client @a)
        $skip = @($Exclude | Where-Object { $_ -like "$table|*" } | ForEach-Object { ($_ -split '\|')[1] })
        $where = if ($skip.Count) { "WHERE $key NOT IN ($($skip -join ','))" } else { '' }
        $quoted = ($columns | ForEach-Object { "QUOTE(``$_``)" }) -join ', '
        $line = "SET time_zone='+00:00'; SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', $quoted))), 0) FROM $table $where;" |
            & $client @a
        $result[$table] = "$line"
    }
    $result
}

Export-ModuleMember -Function Get-UndoWorkloadSchema, New-UndoScenario, Get-UndoRowDigest
