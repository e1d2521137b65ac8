# Seeded randomized workloads for the restore oracle (Restore-RostrvmDatabase.Tests.ps1, the demo
# and the benchmark): a schema, segments of SQL separated by noted points in time, and the
# documented manual procedure (plain client + mariadb-binlog) to compare against.
Set-StrictMode -Version 3.0

function Get-RestoreWorkloadSchema {
    @'
CREATE TABLE account (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL, balance DECIMAL(12,2) NOT NULL DEFAULT 0,
  created DATETIME(6) NULL, score DOUBLE NULL, token CHAR(36) NULL, note TEXT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NOT NULL, action VARCHAR(10) NOT NULL, amount DECIMAL(12,2) NULL) ENGINE=InnoDB;
CREATE TABLE loaded (id INT PRIMARY KEY, label VARCHAR(30), value DECIMAL(8,2)) ENGINE=InnoDB;
CREATE TABLE nokey (a INT, b VARCHAR(20)) ENGINE=InnoDB;
CREATE TRIGGER account_ai AFTER INSERT ON account FOR EACH ROW INSERT INTO audit (account_id, action, amount) VALUES (NEW.id, 'insert', NEW.balance);
INSERT INTO account (name, balance, created, score, token) VALUES ('seed-1', 10, NOW(6), 0.5, UUID()), ('seed-2', 20, NOW(6), 0.25, UUID()), ('seed-3', 30, NOW(6), 0.125, UUID());
INSERT INTO nokey VALUES (1, 'one'), (2, 'two');
'@
}

function New-RestoreWorkload {
    <#
    Segments of SQL for one seed. Each segment runs in ONE client session; the points between
    segments are noted by the caller. Covers inserts, updates, deletes, multi-statement
    transactions, rollbacks, AUTO_INCREMENT, NOW(), RAND(), UUID(), user variables, a trigger,
    a temporary table that lives across FLUSH BINARY LOGS, DDL midway and LOAD DATA.
    #>
    param([Parameter(Mandatory)] [int] $Seed, [int] $Segments = 4, [string] $LoadFile, [int] $Operations = 12)
    $random = [System.Random]::new($Seed)
    $list = [System.Collections.Generic.List[string]]::new()
    for ($s = 0; $s -lt $Segments; $s++) {
        $sql = [System.Text.StringBuilder]::new()
        for ($i = 0; $i -lt $Operations; $i++) {
            $n = $random.Next(1000)
            switch ($random.Next(9)) {
                0 { [void]$sql.AppendLine("INSERT INTO account (name, balance, created, score, token) VALUES ('a$Seed-$s-$n', $n / 4, NOW(6), RAND(), UUID());") }
                1 { [void]$sql.AppendLine("SET @amount := $n; UPDATE account SET balance = balance + @amount, note = CONCAT('u', @amount) WHERE id % 3 = $($n % 3);") }
                2 { [void]$sql.AppendLine("DELETE FROM account WHERE id = (SELECT id FROM (SELECT MAX(id) AS id FROM account) x) AND id > 5;") }
                3 { [void]$sql.AppendLine("START TRANSACTION; INSERT INTO account (name, balance) VALUES ('t$n', $n); UPDATE account SET balance = balance - 1 WHERE id = LAST_INSERT_ID(); INSERT INTO nokey VALUES ($n, CONCAT('tx', LAST_INSERT_ID())); COMMIT;") }
                4 { [void]$sql.AppendLine("START TRANSACTION; INSERT INTO account (name, balance) VALUES ('rolled$n', 1); DELETE FROM nokey; ROLLBACK;") }
                5 { [void]$sql.AppendLine("INSERT INTO account (name, balance, score) VALUES ('r$n', FLOOR(RAND() * 1000), RAND($n));") }
                6 { [void]$sql.AppendLine("UPDATE nokey SET b = CONCAT(b, '+') WHERE a % 2 = $($n % 2) LIMIT 3;") }
                7 { [void]$sql.AppendLine("SET @who := (SELECT MIN(id) FROM account); UPDATE account SET created = NOW(6), token = UUID() WHERE id = @who;") }
                8 { [void]$sql.AppendLine("INSERT INTO nokey (a, b) VALUES ($n, 'k$n'), ($($n + 1), NULL);") }
            }
        }
        switch ($s) {
            1 {
                # A temporary table that lives across a binlog rotation (one session).
                [void]$sql.AppendLine("CREATE TEMPORARY TABLE tmp_move (name VARCHAR(40), amount DECIMAL(12,2)); INSERT INTO tmp_move SELECT CONCAT('moved-', name), balance FROM account WHERE id % 2 = 0;")
                [void]$sql.AppendLine("FLUSH BINARY LOGS;")
                [void]$sql.AppendLine("INSERT INTO account (name, balance, created) SELECT name, amount, NOW() FROM tmp_move; DROP TEMPORARY TABLE tmp_move;")
            }
            2 {
                # DDL midway, then statements that use it.
                [void]$sql.AppendLine("ALTER TABLE account ADD COLUMN tier TINYINT NOT NULL DEFAULT 1;")
                [void]$sql.AppendLine("UPDATE account SET tier = 1 + (id % 3);")
                [void]$sql.AppendLine("CREATE TRIGGER account_bu BEFORE UPDATE ON account FOR EACH ROW SET NEW.note = CONCAT('bu:', OLD.balance);")
                [void]$sql.AppendLine("UPDATE account SET balance = balance * 2 WHERE tier = 2;")
            }
            3 {
                if ($LoadFile) { [void]$sql.AppendLine("LOAD DATA LOCAL INFILE '$LoadFile' INTO TABLE loaded FIELDS TERMINATED BY ',' (id, label, value);") }
                [void]$sql.AppendLine("UPDATE loaded SET value = value + 1 WHERE id % 2 = 0;")
            }
        }
        $list.Add($sql.ToString())
    }
    , $list
}

function New-RestoreLoadFile {
    param([Parameter(Mandatory)] [string] $Path, [int] $Seed = 1, [int] $Rows = 50)
    $random = [System.Random]::new($Seed)
    $lines = for ($i = 1; $i -le $Rows; $i++) { "{0},label-{1},{2}.{3:00}" -f $i, $random.Next(10000), $random.Next(1000), $random.Next(100) }
    [System.IO.File]::WriteAllLines($Path, [string[]]$lines)
    $Path
}

function Invoke-RestoreClient {
    <# The plain mariadb client, one session, SQL on stdin, LOCAL INFILE allowed. #>
    param([Parameter(Mandatory)] $Sandbox, [string] $Database, [Parameter(Mandatory)] [string] $Sql)
    $client = Find-ServerTool 'mariadb'
    $a = @("--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP', '--local-infile=1', '--binary-mode')
    if ($Database) { $a += "--database=$Database" }
    $output = $Sql | & $client @a 2>&1
    if ($LASTEXITCODE -ne 0) { throw "mariadb failed: $output" }
}

function Wait-NextSecond {
    <# Returns the next whole UTC second and waits until it has begun: events before it and after it are apart. #>
    $now = [DateTime]::UtcNow
    $point = [DateTime]::new($now.Ticks - ($now.Ticks % [TimeSpan]::TicksPerSecond) + [TimeSpan]::TicksPerSecond, [DateTimeKind]::Utc)
    while ([DateTime]::UtcNow -lt $point.AddMilliseconds(30)) { Start-Sleep -Milliseconds 20 }
    $point
}

function Get-RestoreChecksum {
    <# Every base table's CHECKSUM TABLE and row count (as Get-TableChecksum), in two client calls instead of two per table. #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Database)
    $client = Find-ServerTool 'mariadb'
    $a = @("--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP', '-B', '-N')
    $tables = @("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$Database' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME" | & $client @a)
    $result = [ordered]@{}
    if ($tables.Count -eq 0) { return $result }
    $names = ($tables | ForEach-Object { "``$Database``.``$_``" }) -join ', '
    $counts = ($tables | ForEach-Object { "SELECT '$_', COUNT(*) FROM ``$Database``.``$_``" }) -join ' UNION ALL '
    $lines = @("CHECKSUM TABLE $names EXTENDED; $counts;" | & $client @a)
    $sums = @{}; $rows = @{}
    for ($i = 0; $i -lt $tables.Count; $i++) { $f = $lines[$i] -split "`t"; $sums[$f[0].Substring($Database.Length + 1)] = $f[1] }
    for ($i = $tables.Count; $i -lt $lines.Count; $i++) { $f = $lines[$i] -split "`t"; $rows[$f[0]] = $f[1] }
    foreach ($t in $tables) { $result[$t] = '{0}/{1}' -f $sums[$t], $rows[$t] }
    $result
}

function Copy-RestoreDatabase {
    <# A private copy of a database with the plain tools, kept out of the binlog (the copy is not part of any history under test). #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Source, [Parameter(Mandatory)] [string] $Target)
    $dump = Find-ServerTool 'mariadb-dump'
    $client = Find-ServerTool 'mariadb'
    $opt = "--defaults-extra-file=$($Sandbox.OptionFile)"
    Invoke-RestoreClient -Sandbox $Sandbox -Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS ``$Target``; SET sql_log_bin=1; CREATE DATABASE ``$Target`` DEFAULT CHARACTER SET utf8mb4;"
    & bash -c "'$dump' '$opt' --protocol=TCP --single-transaction --routines --triggers --events --hex-blob '$Source' | '$client' '$opt' --protocol=TCP --binary-mode --init-command='SET sql_log_bin=0' --database='$Target'"
    if ($LASTEXITCODE -ne 0) { throw "Copying $Source to $Target failed." }
}

function Get-BinlogCoordinate {
    param([Parameter(Mandatory)] $Sandbox)
    $row = Invoke-TestSql -Sandbox $Sandbox -Query 'SHOW MASTER STATUS'
    [pscustomobject]@{ File = $row.File; Position = [long]$row.Position }
}

function Invoke-ManualRestore {
    <#
    The documented manual procedure: the plain client loads the .rbk into a fresh database, then
    mariadb-binlog --start-position=P --stop-datetime=T (or --stop-position) files | mariadb,
    with the database renamed by --rewrite-db and the replay kept out of the binlog.
    #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $BackupFile, [Parameter(Mandatory)] [string] $Source,
          [Parameter(Mandatory)] [string] $Target, [DateTime] $StopUtc, [string] $StopPosition)
    $client = Find-ServerTool 'mariadb'
    $binlog = Find-ServerTool 'mariadb-binlog'
    $opt = "--defaults-extra-file=$($Sandbox.OptionFile)"
    Invoke-RestoreClient -Sandbox $Sandbox -Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS ``$Target``; CREATE DATABASE ``$Target`` DEFAULT CHARACTER SET utf8mb4;"
    $header = (Get-Content $BackupFile -TotalCount 8 | Where-Object { $_ -like '-- rostrvm-backup: *' }) -replace '^-- rostrvm-backup: ', '' | ConvertFrom-Json
    & bash -c "( echo 'SET sql_log_bin=0;'; cat '$BackupFile' ) | '$client' '$opt' --protocol=TCP --database='$Target'"
    if ($LASTEXITCODE -ne 0) { throw "Loading $BackupFile with the client failed." }
    $start = [int]($header.binlogFile -replace '^.*\.', '')
    $files = Get-ChildItem $Sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6,}$' -and [int]($_.Name -replace '^.*\.', '') -ge $start } | Sort-Object Name
    if ($StopPosition) {
        $stopFile, $stopPos = $StopPosition -split ':'
        $files = $files | Where-Object { $_.Name -le $stopFile }
    }
    $range = @("--start-position=$($header.binlogPosition)")
    if ($StopUtc) { $range += "--stop-datetime='$($StopUtc.ToString('yyyy-MM-dd HH:mm:ss'))'" }
    if ($StopPosition) { $range += "--stop-position=$stopPos" }
    $paths = ($files | ForEach-Object { "'$($_.FullName)'" }) -join ' '
    # --local-infile: LOAD DATA logged as a statement comes out of mariadb-binlog as LOAD DATA LOCAL INFILE.
    $command = "TZ=UTC '$binlog' --disable-log-bin --database='$Source' --rewrite-db='$Source->$Target' $($range -join ' ') $paths | '$client' '$opt' --protocol=TCP --binary-mode --local-infile=1 --database='$Target'"
    $output = & bash -c "set -o pipefail; $command 2>&1"
    if ($LASTEXITCODE -ne 0) { throw "mariadb-binlog | mariadb failed: $command`n$($output -join "`n")" }
}

Export-ModuleMember -Function Copy-RestoreDatabase, Get-RestoreChecksum, Get-RestoreWorkloadSchema, New-RestoreWorkload, New-RestoreLoadFile, Invoke-RestoreClient, Wait-NextSecond, Get-BinlogCoordinate, Invoke-ManualRestore
