# Statements logged as statements (MIXED and STATEMENT format) replay byte for byte: raw _binary
# literals with every byte value, latin1/cp1251/sjis sessions with their own literals, N'...',
# escaped quotes and backslashes under both sql_modes, and user variables of every type feeding
# arithmetic and CONCAT. The workload is sent as raw bytes by the plain client (a connector would
# send UTF-8); the oracle is the live database's checksums at each noted moment, which both
# Restore-RostrvmDatabase -PointInTime and the plain client replaying Export-RostrvmBinlog's file
# must reach.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-RostrvmUnderTest
    Import-Module (Join-Path $PSScriptRoot 'Restore.Workload.psm1') -Force

    function New-Bytes {
        <# One statement's bytes: strings as UTF-8 text, byte arrays as they are. #>
        $list = [System.Collections.Generic.List[byte]]::new()
        foreach ($part in $args) {
            if ($part -is [string]) { $list.AddRange([System.Text.Encoding]::UTF8.GetBytes($part)) }
            else { $list.AddRange([byte[]]$part) }
        }
        , $list.ToArray()
    }

    function Invoke-RawClient {
        <# The plain client in one session with this character set, fed a file of raw bytes (what a PHP or Python client sends). #>
        param($Sandbox, [string] $Database, [string] $Charset, [byte[][]] $Statements)
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-raw-' + [guid]::NewGuid().ToString('N') + '.sql')
        $stream = [System.IO.File]::Create($file)
        foreach ($s in $Statements) { $stream.Write($s, 0, $s.Length); $stream.WriteByte(0x3B); $stream.WriteByte(0x0A) }
        $stream.Dispose()
        $client = Find-ServerTool 'mariadb'
        $output = & bash -c "'$client' '--defaults-extra-file=$($Sandbox.OptionFile)' --protocol=TCP --binary-mode --default-character-set=$Charset --database=$Database < '$file' 2>&1"
        $code = $LASTEXITCODE
        Remove-Item $file
        if ($code -ne 0) { throw "mariadb ($Charset) failed: $output" }
    }

    function Get-Escaped([byte[]] $Bytes) {
        <# Quote and backslash escaped with a backslash, every other byte raw (NUL, CR and LF too). #>
        $list = [System.Collections.Generic.List[byte]]::new()
        foreach ($b in $Bytes) { if ($b -eq 0x27 -or $b -eq 0x5C) { $list.Add(0x5C) }; $list.Add($b) }
        , $list.ToArray()
    }

    function New-Probe([int] $Id, [byte[]] $Literal) {
        <# The literal's bytes, character set, collation and coercibility, kept in a row: a replay must give the same. #>
        New-Bytes "INSERT INTO probe VALUES ($Id, HEX(" $Literal "), CHARSET(" $Literal "), COLLATION(" $Literal "), COERCIBILITY(" $Literal "))"
    }

    function New-StatementRun {
        param($Sandbox)
        $db = 'sb_src'
        Invoke-RestoreClient -Sandbox $Sandbox -Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS $db; SET sql_log_bin=1; CREATE DATABASE $db DEFAULT CHARACTER SET utf8mb4;"
        Invoke-RestoreClient -Sandbox $Sandbox -Database $db -Sql @'
CREATE TABLE bin (id INT PRIMARY KEY, b VARBINARY(600), note VARCHAR(50));
CREATE TABLE txt (id INT PRIMARY KEY, l1 VARCHAR(100) CHARACTER SET latin1, cp VARCHAR(100) CHARACTER SET cp1251,
  sj VARCHAR(100) CHARACTER SET sjis, u VARCHAR(300) CHARACTER SET utf8mb4, n VARCHAR(100) CHARACTER SET utf8mb3);
CREATE TABLE vars (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(20), r DOUBLE, d DECIMAL(40,20), i BIGINT, ui BIGINT UNSIGNED,
  s VARCHAR(100) CHARACTER SET latin1 COLLATE latin1_danish_ci, txt VARCHAR(600));
CREATE TABLE probe (id INT PRIMARY KEY, h TEXT, cs VARCHAR(40), coll VARCHAR(60), coer INT);
'@
        $config = New-TestRoot -Sandbox $Sandbox -Database $db -Settings @{ BinlogPath = $Sandbox.BinlogDirectory }
        $root = Split-Path $config
        $folder = Join-Path $root 'backups'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Path $folder
        $points = [System.Collections.Generic.List[object]]::new()
        $null = Wait-NextSecond

        $latin1 = [byte[]](0xC6, 0x72, 0xF8, 0x73, 0x6B, 0xF8, 0x62, 0x69, 0x6E, 0x67, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x20, 0x80)  # Ærøskøbing café €
        $cp1251 = [byte[]](0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x20, 0xEC, 0xE8, 0xF0)                                        # Привет мир
        $sjis = [byte[]](0x95, 0x5C, 0x8E, 0xA6, 0x20, 0x83, 0x5C, 0x20, 0x94, 0x5C)                                           # 表示 ソ 能: second bytes 0x5C

        # utf8mb4 session: every byte value in _binary literals of INSERT, UPDATE ... WHERE and DELETE ... WHERE.
        $s = [System.Collections.Generic.List[byte[]]]::new()
        for ($i = 0; $i -lt 256; $i++) { $s.Add((New-Bytes "INSERT INTO bin VALUES ($i, _binary'" (Get-Escaped ([byte[]]@($i))) "', 'b$i')")) }
        $s.Add((New-Bytes "INSERT INTO bin VALUES (1000, _binary'" (Get-Escaped ([byte[]](0..255))) "', 'all')"))
        for ($i = 128; $i -lt 256; $i += 7) { $s.Add((New-Bytes "UPDATE bin SET b = _binary'" (Get-Escaped ([byte[]]@($i, (255 - $i), 0))) "' WHERE b = _binary'" (Get-Escaped ([byte[]]@($i))) "'")) }
        for ($i = 0; $i -lt 40; $i += 3) { $s.Add((New-Bytes "UPDATE bin SET note = CONCAT(note, '-w') WHERE b = _binary '" (Get-Escaped ([byte[]]@($i))) "'")) }
        $s.Add((New-Bytes "DELETE FROM bin WHERE b = _binary'" ([byte[]]@(0x81)) "'"))
        $s.Add((New-Bytes "INSERT INTO bin VALUES (2000, '" ([byte[]](0xFF, 0xFE, 0x41)) "', 'plain literal, no UTF-8')"))
        $s.Add((New-Bytes "INSERT INTO bin VALUES (3000, _binary'\\\'" ([byte[]]@(0xFF)) "\0\n\Z', 'escapes')"))
        $s.Add((New-Bytes "INSERT INTO txt (id, l1, u) VALUES (1, _latin1'" $latin1 "', _latin1'" $latin1 "' 'tail')"))
        $s.Add((New-Bytes "INSERT INTO txt (id, n, u) VALUES (2, N'日本語 ☃', N'ok ü')"))
        $s.Add((New-Bytes "INSERT INTO txt (id, u, l1) VALUES (3, 'it''s \'q\' \\ back \""dq\"" \% \_ \n\t end', ""dq \"" '' x"")"))
        $s.Add((New-Probe 1 (New-Bytes "_binary'" (Get-Escaped ([byte[]](0x00, 0x27, 0x5C) + [byte[]](128..255))) "'")))
        $s.Add((New-Probe 2 (New-Bytes "_latin1'" $latin1 "'")))
        $s.Add((New-Bytes "INSERT INTO probe (id, h) VALUES (3, HEX('" ([byte[]](0xFF, 0xFE, 0x41)) "'))"))
        $s.Add((New-Bytes "SET collation_connection = utf8mb4_unicode_ci"))
        $s.Add((New-Probe 4 (New-Bytes "N'日本'")))
        $s.Add((New-Probe 5 (New-Bytes "'é ☃'")))
        $s.Add((New-Probe 6 (New-Bytes "_binary'" ([byte[]]@(0xFF)) "'")))
        Invoke-RawClient -Sandbox $Sandbox -Database $db -Charset utf8mb4 -Statements $s

        # latin1, cp1251 and sjis sessions with their own literals.
        Invoke-RawClient -Sandbox $Sandbox -Database $db -Charset latin1 -Statements @(
            (New-Bytes "INSERT INTO txt (id, l1, u) VALUES (10, '" $latin1 "', '" $latin1 "')"),
            (New-Bytes "INSERT INTO bin VALUES (4000, _binary'" ([byte[]](0xFF, 0x80, 0xC3, 0xBF)) "', 'latin1 session')"),
            (New-Bytes "UPDATE txt SET l1 = CONCAT(l1, ' " ([byte[]](0xE6, 0xF8, 0xE5)) "') WHERE l1 LIKE '" ([byte[]]@(0xC6)) "%'"),
            (New-Bytes "INSERT INTO txt (id, n, u) VALUES (11, N'" ([byte[]](0xC3, 0xA9)) "', 'N in latin1')"),
            (New-Probe 10 (New-Bytes "'" (Get-Escaped ([byte[]](128..255))) "'")),
            (New-Probe 11 (New-Bytes "N'" ([byte[]](0xC3, 0xA9)) "'")),
            (New-Bytes "SET collation_connection = latin1_german1_ci"),
            (New-Probe 12 (New-Bytes "'" $latin1 "'")))
        Invoke-RawClient -Sandbox $Sandbox -Database $db -Charset cp1251 -Statements @(
            (New-Bytes "INSERT INTO txt (id, cp, u) VALUES (20, '" $cp1251 "', '" $cp1251 "')"),
            (New-Bytes "UPDATE txt SET cp = CONCAT(cp, '" ([byte[]](0x21, 0xB8)) "') WHERE cp LIKE '" ([byte[]]@(0xCF)) "%'"),
            (New-Probe 20 (New-Bytes "'" $cp1251 "'")))
        Invoke-RawClient -Sandbox $Sandbox -Database $db -Charset sjis -Statements @(
            (New-Bytes "INSERT INTO txt (id, sj, u) VALUES (30, '" $sjis "', '" $sjis "')"),
            (New-Bytes "UPDATE txt SET u = CONCAT(u, '" ([byte[]](0x95, 0x5C)) "') WHERE sj = '" $sjis "'"),
            (New-Probe 30 (New-Bytes "'" $sjis "'")))
        $position = Get-BinlogCoordinate -Sandbox $Sandbox
        $points.Add([pscustomobject]@{ Time = (Wait-NextSecond); Position = "$($position.File):$($position.Position)"; Live = (Get-RestoreChecksum -Sandbox $Sandbox -Database $db) })

        # NO_BACKSLASH_ESCAPES: a backslash is a character, even before a closing quote.
        Invoke-RawClient -Sandbox $Sandbox -Database $db -Charset utf8mb4 -Statements @(
            (New-Bytes "SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"),
            (New-Bytes "INSERT INTO txt (id, u, l1) VALUES (40, 'C:\path\to\', 'b?c it''s')"),
            (New-Bytes "INSERT INTO bin VALUES (5000, _binary'" ([byte[]]@(0xFF)) "\" ([byte[]]@(0xFE)) "\', 'nbe')"),
            (New-Bytes "UPDATE txt SET u = CONCAT(u, '\n') WHERE u = 'C:\path\to\'"),
            (New-Probe 40 (New-Bytes "_binary'" ([byte[]]@(0xFF)) "\'")),
            (New-Probe 41 (New-Bytes "'C:\path\'")))
        # User variables of every type, into arithmetic, CONCAT and a CREATE TABLE ... SELECT (their types).
        Invoke-RawClient -Sandbox $Sandbox -Database $db -Charset utf8mb4 -Statements @(
            (New-Bytes "SET @r = RAND(7), @r2 = 1e0/3, @d = 10.5 / 3, @i = -42, @big = -9223372036854775808, @u = CAST(18446744073709551615 AS UNSIGNED), @u5 = CAST(5 AS UNSIGNED), @s = _latin1 X'C6626C656772F864' COLLATE latin1_danish_ci, @n = NULL, @str = 'zwölf ☃'"),
            (New-Bytes "INSERT INTO vars (what, r, d, i, ui, s, txt) VALUES ('all', @r, @d, @i, @u, @s, CONCAT_WS('|', @r * 3, @r, @r2 * 3, @d * 3, @d / 7, @i * 2, @big, @u5 + 1, @u - 1, CONVERT(UPPER(@s) USING utf8mb4), @s = 'aeblegrod', IFNULL(@n, 'null'), CONCAT(@n, 'x') IS NULL, @str))"),
            (New-Bytes "INSERT INTO vars (what, txt) VALUES ('more', CONCAT(@r, @d, @i, @u5, CONVERT(@s USING utf8mb4), @str))"),
            (New-Bytes "CREATE TABLE vtype AS SELECT @r AS r, @d AS d, @i AS i, @u5 AS u5, @s AS s, @str AS str"))
        Invoke-RawClient -Sandbox $Sandbox -Database $db -Charset latin1 -Statements @(
            (New-Bytes "SET @l = '" $latin1 "' COLLATE latin1_bin"),
            (New-Bytes "INSERT INTO vars (what, s, txt) VALUES ('latin1', @l, CONCAT(@l, '|', UPPER(@l), '|', LENGTH(@l)))"))
        $position = Get-BinlogCoordinate -Sandbox $Sandbox
        $points.Add([pscustomobject]@{ Time = (Wait-NextSecond); Position = "$($position.File):$($position.Position)"; Live = (Get-RestoreChecksum -Sandbox $Sandbox -Database $db) })
        [pscustomobject]@{ Database = $db; Config = $config; Backup = $backup; Points = $points; Sandbox = $Sandbox }
    }

    function Compare-WithLive {
        param($Sandbox, [string] $Database, $Live, [string] $Source)
        $ours = Get-RestoreChecksum -Sandbox $Sandbox -Database $Database
        @($ours.Keys) | Should -Be @($Live.Keys)
        foreach ($table in $Live.Keys) { $ours[$table] | Should -Be $Live[$table] -Because "table $table of $Database must equal the live database at that moment" }
        # Each literal's bytes, character set, collation and coercibility, row by row, for a readable difference.
        $probe = "SELECT id, CONCAT_WS(' ', h, cs, coll, coer) AS p FROM ``{0}``.probe ORDER BY id"
        $expected = @{}; foreach ($row in (Invoke-TestSql -Sandbox $Sandbox -Query ($probe -f $Source))) { $expected[$row.id] = $row.p }
        $rows = @(Invoke-TestSql -Sandbox $Sandbox -Query ($probe -f $Database))
        $rows.Count | Should -BeGreaterThan 5
        foreach ($row in $rows) { $row.p | Should -Be $expected[$row.id] -Because "probe $($row.id) must read the same on the server" }
        if ($Live.Contains('vtype')) {
            $q = "SELECT GROUP_CONCAT(COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IFNULL(COLLATION_NAME, '') ORDER BY ORDINAL_POSITION) AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{0}' AND TABLE_NAME = 'vtype'"
            (Invoke-TestSql -Sandbox $Sandbox -Query ($q -f $Database)).c | Should -Be (Invoke-TestSql -Sandbox $Sandbox -Query ($q -f $Source)).c
        }
    }

    function Test-StatementRun {
        param($Run)
        $i = 0
        foreach ($point in $Run.Points) {
            $i++
            $ours = "sb_c$i"
            $r = Restore-RostrvmDatabase -ConfigurationPath $Run.Config -TargetDatabase $ours -PointInTime $point.Time -Force -NoBinlog
            $r.Completed | Should -BeTrue
            Compare-WithLive -Sandbox $Run.Sandbox -Database $ours -Live $point.Live -Source $Run.Database
            Remove-TestDatabase -Sandbox $Run.Sandbox -Name $ours

            # The plain client: the backup, then Export-RostrvmBinlog's file of the same range.
            $exp = "sb_e$i"
            $script = Join-Path ([System.IO.Path]::GetTempPath()) ("rostrvm-export-$i-" + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.sql')
            $files = (Get-ChildItem $Run.Sandbox.BinlogDirectory | Where-Object { $_.Name -match '^rtmbinlog\.\d{6,}$' -and $_.Name -ge $Run.Backup.BinlogFile } | Sort-Object Name).FullName
            Export-RostrvmBinlog -Path $files -StartPosition $Run.Backup.BinlogPosition -Stop $point.Time -Database $Run.Database -TargetDatabase $exp -OutFile $script | Out-Null
            Invoke-RestoreClient -Sandbox $Run.Sandbox -Sql "SET sql_log_bin=0; DROP DATABASE IF EXISTS $exp; CREATE DATABASE $exp DEFAULT CHARACTER SET utf8mb4;"
            $client = Find-ServerTool 'mariadb'
            $opt = "--defaults-extra-file=$($Run.Sandbox.OptionFile)"
            $output = & bash -c "( echo 'SET sql_log_bin=0;'; cat '$($Run.Backup.Path)' ) | '$client' '$opt' --protocol=TCP --database=$exp 2>&1 && '$client' '$opt' --protocol=TCP --binary-mode --init-command='SET sql_log_bin=0' --database=$exp < '$script' 2>&1"
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            Compare-WithLive -Sandbox $Run.Sandbox -Database $exp -Live $point.Live -Source $Run.Database
            Remove-TestDatabase -Sandbox $Run.Sandbox -Name $exp
            Remove-Item $script
        }
    }
}

Describe 'Statements replay byte for byte (<Format> format)' -ForEach @(@{ Format = 'Mixed'; Name = 'stmtbytesmixed' }, @{ Format = 'Statement'; Name = 'stmtbytesstmt' }) {
    BeforeAll {
        $server = & (Join-Path (Get-TestRepoRoot) 'demo/Start-Sandbox.ps1') -Name $Name -BinlogFormat $Format
        $run = New-StatementRun -Sandbox $server
    }
    AfterAll { & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name $Name -Remove }

    It 'logged the workload as statements' {
        $events = @(Get-RostrvmBinlogEvent -Path (Get-ChildItem $server.BinlogDirectory -Filter 'rtmbinlog.0*').FullName -NoRows)
        @($events | Where-Object { $_.Type -match 'Rows' -and $_.Database -eq $run.Database }).Count | Should -Be 0
        @($events | Where-Object { $_.Type -match 'User' }).Count | Should -BeGreaterThan 5
        # What people read shows the bytes that are no character; nothing is silently replaced.
        $raw = $events | Where-Object { $_.Sql -like 'INSERT INTO bin VALUES (2000,*' }
        $raw.Sql | Should -BeLike "*'\xFF\xFEA'*"
    }

    It 'Restore-RostrvmDatabase -PointInTime and the plain client replaying Export-RostrvmBinlog equal the live database at each moment' {
        Test-StatementRun -Run $run
    }
}
