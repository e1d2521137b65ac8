<#
.SYNOPSIS
    Creates the demo rostrvm_920 database: a contact centre's configuration, months of MIS,
    recordings with real WAV bodies, email/SMS/chat in utf8mb4, and a dated log folder.
.DESCRIPTION
    Deterministic from -Seed and -EndDate: every value comes from a hash of (seed, row number),
    computed by the server (INSERT ... SELECT over a numbers table), so even the Large size
    (over 1 GB) is generated in minutes. Works against any MariaDB 10.3+ or MySQL 8 server:
    it runs the plain mariadb/mysql client with an owner-only option file, so the password
    never appears on a command line.

    The schema covers every column type a dump must get right (DECIMAL, DATETIME(6), TIMESTAMP,
    JSON, ENUM, SET, BIT, BLOB, TIME, YEAR, FLOAT/DOUBLE, VARBINARY, NULLs, generated columns),
    a table without a primary key, views (one built on another, named so that alphabetical
    order is wrong), a procedure, a function, triggers and an event.
.EXAMPLE
    $s = ./demo/Start-Sandbox.ps1
    ./demo/New-DemoDatabase.ps1 -Server 127.0.0.1 -Port $s.Port -Credential $s.Credential -Size Small -LogPath ./out/demo/logs
#>
[CmdletBinding()]
param(
    [string] $Server = '127.0.0.1',
    [int] $Port = 3308,
    [Parameter(Mandatory)] [pscredential] $Credential,
    [string] $Database = 'rostrvm_920',
    [ValidateSet('Small', 'Medium', 'Large')] [string] $Size = 'Small',
    [int] $Seed = 920,
    # The day after the last MIS day (midnight). Default: today, so "yesterday" has data.
    [datetime] $EndDate = [datetime]::Today,
    [int] $Days = 100,
    # Folder for months of dated rostrvm log files; none when not given.
    [string] $LogPath,
    # Root folder under which CallDirector/Scripts and Macros sample files are written.
    [string] $ScriptRoot,
    # Do not write the generated rows into the binary log.
    [switch] $NoBinlog,
    [switch] $Force
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$scale = @{
    Small  = @{ Users = 60;  Queues = 8;  Calls = 12000;   States = 10000;   Voice = 300;   VoiceKb = 16;  Email = 300;   Sms = 500;   Chat = 200;   LogKb = 4 }
    Medium = @{ Users = 200; Queues = 12; Calls = 200000;  States = 150000;  Voice = 1500;  VoiceKb = 48;  Email = 3000;  Sms = 5000;  Chat = 2000;  LogKb = 120 }
    Large  = @{ Users = 500; Queues = 20; Calls = 2500000; States = 2000000; Voice = 6000;  VoiceKb = 96;  Email = 20000; Sms = 40000; Chat = 10000; LogKb = 1400 }
}[$Size]

# ---------------------------------------------------------------- client plumbing
$client = @('mariadb', 'mysql') | ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue } | Select-Object -First 1
if (-not $client) { throw 'Neither the mariadb nor the mysql client is installed. Install mariadb-client.' }
$optionFile = Join-Path ([System.IO.Path]::GetTempPath()) ("rostrvm-demo-" + [guid]::NewGuid().ToString('N') + '.cnf')
[System.IO.File]::WriteAllText($optionFile, '')
if (-not $IsWindows) { & chmod 600 $optionFile }
$plain = $Credential.GetNetworkCredential().Password
[System.IO.File]::WriteAllText($optionFile, "[client]`nuser=$($Credential.UserName)`npassword=$plain`nhost=$Server`nport=$Port`n")

function Invoke-Sql([string] $Sql, [string] $In = $Database) {
    $args = @("--defaults-extra-file=$optionFile", '--protocol=TCP', '--default-character-set=utf8mb4', '--batch')
    if ($In) { $args += "--database=$In" }
    $prefix = if ($NoBinlog) { "SET SESSION sql_log_bin = 0;`n" } else { '' }
    $out = ($prefix + $Sql) | & $client.Source @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "SQL failed on ${Server}:${Port}: $out" }
    $out
}

# A deterministic 32-bit pseudo-random number from (seed, salt, row number), computed by the server.
function HashOf([string] $n, [string] $salt) { "CAST(CONV(SUBSTRING(MD5(CONCAT('$Seed-$salt-', $n)), 1, 8), 16, 10) AS UNSIGNED)" }

$start = $EndDate.Date.AddDays(-$Days)
$startSql = $start.ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)
$spanSeconds = $Days * 86400

try {
    $exists = Invoke-Sql "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '$Database'" -In ''
    if ([int]($exists | Select-Object -Last 1) -gt 0) {
        if (-not $Force) { throw "The database '$Database' already exists on ${Server}:${Port}. Use -Force to replace it." }
        Invoke-Sql "DROP DATABASE ``$Database``" -In '' | Out-Null
    }
    Invoke-Sql "CREATE DATABASE ``$Database`` DEFAULT CHARACTER SET utf8mb4" -In '' | Out-Null

    # ------------------------------------------------------------ schema
    Invoke-Sql @'
CREATE TABLE users (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(64) NOT NULL,
  full_name VARCHAR(128) NOT NULL,
  email VARCHAR(255) NULL,
  role ENUM('agent','supervisor','admin') NOT NULL DEFAULT 'agent',
  skills SET('voice','email','sms','chat') NOT NULL DEFAULT 'voice',
  active BIT(1) NOT NULL DEFAULT b'1',
  hourly_rate DECIMAL(8,2) NULL,
  settings JSON NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME(6) NULL,
  login_upper VARCHAR(64) GENERATED ALWAYS AS (UPPER(login)) STORED,
  UNIQUE KEY ux_users_login (login)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE devices (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  extension CHAR(6) NOT NULL,
  user_id INT UNSIGNED NULL,
  mac VARBINARY(6) NULL,
  flags BIT(8) NOT NULL DEFAULT b'00000000',
  ip_address VARCHAR(45) NULL,
  last_seen DATETIME(6) NULL,
  KEY ix_devices_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE queues (
  id SMALLINT UNSIGNED NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  sla_seconds SMALLINT UNSIGNED NOT NULL,
  priority TINYINT NOT NULL,
  target_service_level DECIMAL(5,2) NOT NULL,
  open_time TIME NOT NULL,
  close_time TIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE routing_scripts (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  version INT NOT NULL,
  body MEDIUMTEXT NOT NULL,
  sha256 BINARY(32) NOT NULL,
  since_year YEAR NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE mis_call (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  call_uuid CHAR(36) NOT NULL,
  start_time DATETIME(6) NOT NULL,
  end_time DATETIME(6) NULL,
  queue_id SMALLINT UNSIGNED NOT NULL,
  agent_id INT UNSIGNED NULL,
  direction ENUM('inbound','outbound') NOT NULL,
  caller VARCHAR(32) NOT NULL,
  outcome ENUM('answered','abandoned','voicemail','transferred') NOT NULL,
  wait_ms INT UNSIGNED NOT NULL,
  talk_ms INT UNSIGNED NOT NULL,
  cost DECIMAL(10,4) NULL,
  notes TEXT NULL,
  logged_at TIMESTAMP(3) NULL,
  duration_seconds INT GENERATED ALWAYS AS (TIMESTAMPDIFF(SECOND, start_time, end_time)) VIRTUAL,
  KEY ix_mis_call_start (start_time),
  KEY ix_mis_call_agent (agent_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE mis_agent_state (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  state_time DATETIME(6) NOT NULL,
  agent_id INT UNSIGNED NOT NULL,
  state ENUM('available','busy','wrapup','break','offline') NOT NULL,
  reason VARCHAR(64) NULL,
  duration_ms BIGINT NOT NULL,
  KEY ix_mis_agent_state_time (state_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE mis_queue_interval (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  interval_start DATETIME NOT NULL,
  queue_id SMALLINT UNSIGNED NOT NULL,
  offered INT NOT NULL,
  answered INT NOT NULL,
  abandoned INT NOT NULL,
  avg_wait DOUBLE NULL,
  service_level FLOAT NULL,
  KEY ix_mis_queue_interval_start (interval_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE voice_recordings (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  call_id BIGINT UNSIGNED NULL,
  agent_id INT UNSIGNED NULL,
  recorded_at DATETIME(6) NOT NULL,
  duration_ms INT UNSIGNED NOT NULL,
  format VARCHAR(16) NOT NULL DEFAULT 'wav',
  mime_type VARCHAR(64) NOT NULL DEFAULT 'audio/wav',
  body LONGBLOB NULL,
  body_size BIGINT UNSIGNED NOT NULL,
  archive_file VARCHAR(255) NULL,
  archive_entry VARCHAR(255) NULL,
  KEY ix_voice_recorded (recorded_at),
  KEY ix_voice_call (call_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE email_messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  call_id BIGINT UNSIGNED NULL,
  agent_id INT UNSIGNED NULL,
  received_at DATETIME(6) NOT NULL,
  sender VARCHAR(255) NOT NULL,
  recipient VARCHAR(255) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  mime_type VARCHAR(64) NOT NULL DEFAULT 'message/rfc822',
  body LONGBLOB NULL,
  body_size BIGINT UNSIGNED NOT NULL,
  archive_file VARCHAR(255) NULL,
  archive_entry VARCHAR(255) NULL,
  KEY ix_email_received (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE sms_messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  call_id BIGINT UNSIGNED NULL,
  agent_id INT UNSIGNED NULL,
  sent_at DATETIME(6) NOT NULL,
  phone VARCHAR(32) NOT NULL,
  direction ENUM('in','out') NOT NULL,
  mime_type VARCHAR(64) NOT NULL DEFAULT 'text/plain; charset=utf-8',
  body BLOB NULL,
  body_size BIGINT UNSIGNED NOT NULL,
  archive_file VARCHAR(255) NULL,
  archive_entry VARCHAR(255) NULL,
  KEY ix_sms_sent (sent_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE chat_transcripts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  call_id BIGINT UNSIGNED NULL,
  agent_id INT UNSIGNED NULL,
  started_at DATETIME(6) NOT NULL,
  customer VARCHAR(128) NOT NULL,
  mime_type VARCHAR(64) NOT NULL DEFAULT 'application/json',
  body LONGBLOB NULL,
  body_size BIGINT UNSIGNED NOT NULL,
  archive_file VARCHAR(255) NULL,
  archive_entry VARCHAR(255) NULL,
  KEY ix_chat_started (started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- No primary key on purpose: dumps and row-based replay must cope.
CREATE TABLE audit_trail (
  at DATETIME(6) NOT NULL,
  actor VARCHAR(64) NOT NULL,
  action VARCHAR(64) NOT NULL,
  detail VARCHAR(255) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE gen_numbers (n INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
'@ | Out-Null

    # A numbers table 1..N by cross joins (works on MariaDB and MySQL alike); dropped at the end.
    $maxRows = [Math]::Max([Math]::Max($scale.Calls, $scale.States), [Math]::Max($scale.Sms, $Days * 24 * $scale.Queues))
    Invoke-Sql @"
INSERT INTO gen_numbers (n)
SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d + 1000000*h.d + 1
FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) e,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) f,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) g,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) h
WHERE a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d + 1000000*h.d < $maxRows;
"@ | Out-Null

    # ------------------------------------------------------------ configuration
    $u = $scale.Users; $q = $scale.Queues
    Invoke-Sql @"
SET time_zone = '+00:00';
INSERT INTO users (id, login, full_name, email, role, skills, active, hourly_rate, settings, created_at, updated_at)
SELECT n, CONCAT('agent', LPAD(n, 4, '0')),
       CONCAT(ELT(1 + $(HashOf 'n' 'fn') % 8, 'Anna', 'Björn', 'Chloé', 'Dafydd', 'Eilidh', 'François', 'Gráinne', 'Hiroshi'), ' ',
              ELT(1 + $(HashOf 'n' 'ln') % 8, 'Jones', 'O''Brien', 'Müller', 'Nørgaard', 'Smith, Jr.', 'Łukasiewicz', 'Evans', '山田')),
       IF($(HashOf 'n' 'em') % 10 = 0, NULL, CONCAT('agent', n, '@example.com')),
       ELT(1 + IF(n % 25 = 0, 2, IF(n % 10 = 0, 1, 0)), 'agent', 'supervisor', 'admin'),
       ELT(1 + $(HashOf 'n' 'sk') % 4, 'voice', 'voice,email', 'voice,sms,chat', 'voice,email,sms,chat'),
       IF(n % 17 = 0, b'0', b'1'),
       IF(n % 9 = 0, NULL, 9.50 + ($(HashOf 'n' 'rate') % 2000) / 100),
       JSON_OBJECT('theme', ELT(1 + n % 3, 'dark', 'light', 'system'), 'maxCalls', 1 + n % 4, 'tags', JSON_ARRAY('t', n)),
       TIMESTAMP('$startSql') - INTERVAL (400 + n) DAY,
       IF(n % 3 = 0, NULL, TIMESTAMP('$startSql') + INTERVAL ($(HashOf 'n' 'upd') % 1000000) MICROSECOND)
FROM gen_numbers WHERE n <= $u;

INSERT INTO devices (extension, user_id, mac, flags, ip_address, last_seen)
SELECT LPAD(2000 + n, 6, '0'), IF(n % 7 = 0, NULL, n), UNHEX(LPAD(HEX($(HashOf 'n' 'mac')), 12, '0')),
       $(HashOf 'n' 'flags') % 256, CONCAT('10.0.', n DIV 250, '.', n % 250),
       IF(n % 5 = 0, NULL, TIMESTAMP('$startSql') + INTERVAL ($(HashOf 'n' 'seen') % $spanSeconds) SECOND)
FROM gen_numbers WHERE n <= $u;

INSERT INTO queues (id, name, sla_seconds, priority, target_service_level, open_time, close_time)
SELECT n, CONCAT(ELT(1 + (n - 1) % 6, 'Sales', 'Support', 'Billing', 'Retención', 'Technical – L2', 'VIP'), ' ', n),
       20 + n * 5, n % 5 - 2, 80.00 + n % 20 / 2, SEC_TO_TIME(7 * 3600 + n * 900), '20:30:00.500'
FROM gen_numbers WHERE n <= $q;

INSERT INTO routing_scripts (name, version, body, sha256, since_year, updated_at)
SELECT CONCAT('route_', ELT(1 + (n - 1) % 5, 'inbound', 'overflow', 'night', 'holiday', 'vip'), '_', n), n,
       CONCAT('-- CallDirector routing script ', n, '\nIF time_of_day BETWEEN ''08:00'' AND ''18:00'' THEN\n  queue(', 1 + n % $q, ');\nELSE\n  play(''closed.wav'');\nEND IF;\n'),
       UNHEX(SHA2(CONCAT('script', n), 256)), 2015 + n % 10, TIMESTAMP('$startSql') + INTERVAL n HOUR
FROM gen_numbers WHERE n <= 10;

INSERT INTO audit_trail (at, actor, action, detail)
SELECT TIMESTAMP('$startSql') + INTERVAL n MINUTE, CONCAT('agent', LPAD(1 + n % $u, 4, '0')), ELT(1 + n % 3, 'login', 'logout', 'update'),
       IF(n % 4 = 0, NULL, CONCAT('workstation ', n % 40))
FROM gen_numbers WHERE n <= 200;
"@ | Out-Null

    # ------------------------------------------------------------ MIS (rows in time order, ids chronological)
    $calls = $scale.Calls
    Invoke-Sql @"
SET time_zone = '+00:00';
INSERT INTO mis_call (call_uuid, start_time, end_time, queue_id, agent_id, direction, caller, outcome, wait_ms, talk_ms, cost, notes, logged_at)
SELECT CONCAT(LEFT(MD5(CONCAT('$Seed-uuid-', n)), 8), '-', SUBSTRING(MD5(CONCAT('$Seed-uuid-', n)), 9, 4), '-4', SUBSTRING(MD5(CONCAT('$Seed-uuid-', n)), 14, 3), '-a', SUBSTRING(MD5(CONCAT('$Seed-uuid-', n)), 18, 3), '-', SUBSTRING(MD5(CONCAT('$Seed-uuid-', n)), 21, 12)),
       st, IF(oc = 2, NULL, st + INTERVAL (talk + wt) * 1000 MICROSECOND),
       1 + $(HashOf 'n' 'q') % $q, IF(oc = 2, NULL, 1 + $(HashOf 'n' 'ag') % $u),
       IF($(HashOf 'n' 'dir') % 4 = 0, 'outbound', 'inbound'),
       CONCAT('+44', LPAD($(HashOf 'n' 'tel') % 10000000000, 10, '0')),
       ELT(1 + oc, 'answered', 'transferred', 'abandoned', 'voicemail'),
       wt, talk,
       IF(n % 11 = 0, NULL, ($(HashOf 'n' 'cost') % 1000000) / 10000),
       ELT(1 + $(HashOf 'n' 'note') % 8, NULL, '', 'Caller said "hello, world"', 'Line one\nLine two, with comma', 'Ünïcödé 😀 déjà vu', 'back\\slash and ''quote''', NULL, 'tab\there'),
       st + INTERVAL 2 SECOND
FROM (SELECT n,
             TIMESTAMP('$startSql') + INTERVAL (FLOOR((n - 1) * $spanSeconds / $calls) * 1000000 + $(HashOf 'n' 'us') % 1000000) MICROSECOND AS st,
             IF($(HashOf 'n' 'oc') % 10 < 7, 0, IF($(HashOf 'n' 'oc') % 10 < 8, 1, IF($(HashOf 'n' 'oc') % 10 < 9, 2, 3))) AS oc,
             $(HashOf 'n' 'talk') % 600000 AS talk, $(HashOf 'n' 'wait') % 120000 AS wt
      FROM gen_numbers WHERE n <= $calls) g
ORDER BY n;

INSERT INTO mis_agent_state (state_time, agent_id, state, reason, duration_ms)
SELECT TIMESTAMP('$startSql') + INTERVAL (FLOOR((n - 1) * $spanSeconds / $($scale.States)) * 1000000 + $(HashOf 'n' 'sus') % 1000000) MICROSECOND,
       1 + $(HashOf 'n' 'sag') % $u, ELT(1 + $(HashOf 'n' 'st') % 5, 'available', 'busy', 'wrapup', 'break', 'offline'),
       IF($(HashOf 'n' 'rs') % 3 = 0, ELT(1 + n % 3, 'lunch', 'training', 'coaching – 1:1'), NULL),
       $(HashOf 'n' 'dur') % 3600000
FROM gen_numbers WHERE n <= $($scale.States) ORDER BY n;

INSERT INTO mis_queue_interval (interval_start, queue_id, offered, answered, abandoned, avg_wait, service_level)
SELECT TIMESTAMP('$startSql') + INTERVAL ((n - 1) DIV $q) HOUR, 1 + (n - 1) % $q,
       $(HashOf 'n' 'off') % 200, $(HashOf 'n' 'off') % 200 - $(HashOf 'n' 'ab') % 10 * ($(HashOf 'n' 'off') % 200 > 10),
       $(HashOf 'n' 'ab') % 10 * ($(HashOf 'n' 'off') % 200 > 10),
       IF(n % 13 = 0, NULL, ($(HashOf 'n' 'aw') % 100000) / 1000.0),
       IF(n % 17 = 0, NULL, ($(HashOf 'n' 'sl') % 10000) / 100.0)
FROM gen_numbers WHERE n <= $($Days * 24 * $q) ORDER BY n;
"@ | Out-Null

    # ------------------------------------------------------------ recordings
    # Real WAV files: RIFF header + 16-bit mono PCM at 8 kHz, a sine tone per recording.
    function Get-ToneHex([int] $hz) {
        $samples = [int](8000 / $hz); $sb = [System.Text.StringBuilder]::new()
        for ($i = 0; $i -lt $samples; $i++) {
            $v = [int16]([Math]::Round(8000 * [Math]::Sin(2 * [Math]::PI * $i / $samples)))
            $bytes = [BitConverter]::GetBytes($v)
            [void]$sb.Append($bytes[0].ToString('X2')).Append($bytes[1].ToString('X2'))
        }
        $sb.ToString()
    }
    $tones = 400, 500, 800, 1000 | ForEach-Object { "'" + (Get-ToneHex $_) + "'" }
    $le32 = { param($e) "CHAR(($e) & 255, (($e) >> 8) & 255, (($e) >> 16) & 255, (($e) >> 24) & 255)" }
    $periods = "(($(HashOf 'n' 'vlen') % $($scale.VoiceKb * 40)) + $($scale.VoiceKb * 10))"   # tone periods (20-16 samples each)
    $voice = $scale.Voice
    Invoke-Sql @"
INSERT INTO voice_recordings (call_id, agent_id, recorded_at, duration_ms, format, mime_type, body, body_size)
SELECT c.id, c.agent_id, c.start_time + INTERVAL c.wait_ms * 1000 MICROSECOND, LENGTH(w.pcm) DIV 16, 'wav', 'audio/wav',
       CONCAT('RIFF', $(& $le32 'LENGTH(w.pcm) + 36'), UNHEX('57415645666D74201000000001000100401F0000803E000002001000'), 'data', $(& $le32 'LENGTH(w.pcm)'), w.pcm),
       LENGTH(w.pcm) + 44
FROM (SELECT n, REPEAT(UNHEX(ELT(1 + $(HashOf 'n' 'tone') % 4, $($tones -join ', '))), $periods) AS pcm
      FROM gen_numbers WHERE n <= $voice) w
JOIN mis_call c ON c.id = 1 + FLOOR((w.n - 1) * $calls / $voice)
ORDER BY w.n;

INSERT INTO email_messages (call_id, agent_id, received_at, sender, recipient, subject, body, body_size)
SELECT NULL, 1 + $(HashOf 'n' 'eag') % $u,
       TIMESTAMP('$startSql') + INTERVAL (FLOOR((n - 1) * $spanSeconds / $($scale.Email)) * 1000000 + $(HashOf 'n' 'eus') % 1000000) MICROSECOND,
       CONCAT('customer', n, '@example.org'), 'support@rostrvm.example',
       ELT(1 + n % 4, 'Invoice query', 'Réclamation – commande n°42', 'Quick question 😀', 'Re: "your ticket", again'),
       b.txt, LENGTH(b.txt)
FROM (SELECT n, CONVERT(CONCAT('From: customer', n, '@example.org\r\nTo: support@rostrvm.example\r\nSubject: message ', n,
             '\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear team,\r\n', REPEAT('Ich möchte meine Bestellung ändern. Zażółć gęślą jaźń. 你好. ', 1 + $(HashOf 'n' 'elen') % 20),
             '\r\nRegards,\r\nCustomer ', n, '\r\n') USING utf8mb4) AS txt
      FROM gen_numbers WHERE n <= $($scale.Email)) b
ORDER BY n;

INSERT INTO sms_messages (call_id, agent_id, sent_at, phone, direction, body, body_size)
SELECT NULL, 1 + $(HashOf 'n' 'sag2') % $u,
       TIMESTAMP('$startSql') + INTERVAL (FLOOR((n - 1) * $spanSeconds / $($scale.Sms)) * 1000000 + $(HashOf 'n' 'sus2') % 1000000) MICROSECOND,
       CONCAT('+447', LPAD($(HashOf 'n' 'stel') % 1000000000, 9, '0')), IF(n % 2 = 0, 'in', 'out'),
       b.txt, LENGTH(b.txt)
FROM (SELECT n, CONVERT(ELT(1 + n % 5, 'Your appointment is confirmed ✓', 'Call me back pls, thx', 'Où est ma commande ? 📦', 'STOP', 'Ok "great", see you at 10:30') USING utf8mb4) AS txt
      FROM gen_numbers WHERE n <= $($scale.Sms)) b
ORDER BY n;

INSERT INTO chat_transcripts (call_id, agent_id, started_at, customer, body, body_size)
SELECT NULL, 1 + $(HashOf 'n' 'cag') % $u,
       TIMESTAMP('$startSql') + INTERVAL (FLOOR((n - 1) * $spanSeconds / $($scale.Chat)) * 1000000 + $(HashOf 'n' 'cus') % 1000000) MICROSECOND,
       CONCAT('visitor-', n), b.txt, LENGTH(b.txt)
FROM (SELECT n, CONVERT(JSON_ARRAY(JSON_OBJECT('from', 'visitor', 'text', 'Hallo, ich habe eine Frage 🙂'),
                                   JSON_OBJECT('from', 'agent', 'text', CONCAT('Hi! How can I help with order ', n, '?')),
                                   JSON_OBJECT('from', 'visitor', 'text', REPEAT('Détails… ', 1 + n % 7))) USING utf8mb4) AS txt
      FROM gen_numbers WHERE n <= $($scale.Chat)) b
ORDER BY n;
"@ | Out-Null

    # ------------------------------------------------------------ views, routines, triggers, event
    Invoke-Sql @'
CREATE VIEW v_agent_calls AS
  SELECT u.id AS agent_id, u.login, c.id AS call_id, c.start_time, c.talk_ms, c.outcome
  FROM users u JOIN mis_call c ON c.agent_id = u.id;

-- Built on the view above; alphabetically first, so a dump must order views by dependency.
CREATE VIEW agent_daily_summary AS
  SELECT agent_id, login, DATE(start_time) AS day, COUNT(*) AS calls, SUM(talk_ms) AS talk_ms
  FROM v_agent_calls GROUP BY agent_id, login, DATE(start_time);

DELIMITER //
CREATE FUNCTION fn_sla_met(p_wait_ms INT UNSIGNED, p_sla_seconds INT) RETURNS TINYINT DETERMINISTIC
BEGIN
  RETURN IF(p_wait_ms <= p_sla_seconds * 1000, 1, 0);
END //

CREATE PROCEDURE sp_queue_stats(IN p_queue SMALLINT UNSIGNED, IN p_day DATE)
BEGIN
  SELECT q.name, COUNT(c.id) AS calls, SUM(fn_sla_met(c.wait_ms, q.sla_seconds)) AS within_sla
  FROM queues q LEFT JOIN mis_call c ON c.queue_id = q.id AND c.start_time >= p_day AND c.start_time < p_day + INTERVAL 1 DAY
  WHERE q.id = p_queue GROUP BY q.name;
END //

CREATE TRIGGER trg_users_touch BEFORE UPDATE ON users FOR EACH ROW
BEGIN
  SET NEW.updated_at = NOW(6);
END //

CREATE TRIGGER trg_users_audit AFTER UPDATE ON users FOR EACH ROW
BEGIN
  INSERT INTO audit_trail (at, actor, action, detail) VALUES (NOW(6), NEW.login, 'user-update', CONCAT('role=', NEW.role));
END //
DELIMITER ;

CREATE EVENT ev_purge_audit ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 04:00:00'
  DO DELETE FROM audit_trail WHERE at < NOW() - INTERVAL 1 YEAR;

DROP TABLE gen_numbers;
'@ | Out-Null
}
finally {
    Remove-Item $optionFile -Force -ErrorAction SilentlyContinue
}

# ---------------------------------------------------------------- log files and scripts
if ($LogPath) {
    New-Item -ItemType Directory -Force -Path $LogPath | Out-Null
    $random = [System.Random]::new($Seed)
    $components = 'CallDirector', 'SuperVisor', 'RtmServer'
    $lineTemplates = @(
        '{0:yyyy-MM-dd HH:mm:ss.fff} INFO  [{1}] Call {2} offered to queue {3}',
        '{0:yyyy-MM-dd HH:mm:ss.fff} DEBUG [{1}] Agent agent{3:0000} state change -> available',
        '{0:yyyy-MM-dd HH:mm:ss.fff} WARN  [{1}] Trunk {3} latency {2} ms above threshold',
        '{0:yyyy-MM-dd HH:mm:ss.fff} INFO  [{1}] Script route_inbound_{3} evaluated in {2} us'
    )
    $targetBytes = $scale.LogKb * 1024
    for ($d = 1; $d -le $Days + 20; $d++) {
        $day = $EndDate.Date.AddDays(-$d + 1)
        foreach ($component in $components) {
            $path = Join-Path $LogPath ('{0}_{1:yyyyMMdd}.log' -f $component, $day)
            $writer = [System.IO.StreamWriter]::new($path, $false, [System.Text.UTF8Encoding]::new($false))
            try {
                $t = $day; $written = 0
                while ($written -lt $targetBytes) {
                    $t = $t.AddMilliseconds($random.Next(1, 20000))
                    $line = [string]::Format([cultureinfo]::InvariantCulture, $lineTemplates[$random.Next(4)], $t, $component, $random.Next(100000), $random.Next(1, 500))
                    $writer.WriteLine($line); $written += $line.Length + 1
                }
            }
            finally { $writer.Dispose() }
            $stamp = $day.AddHours(23).AddMinutes(59)
            if ($stamp -gt [datetime]::Now) { $stamp = [datetime]::Now }
            [System.IO.File]::SetLastWriteTime($path, $stamp)
        }
    }
    Set-Content -Path (Join-Path $LogPath 'rostrvm.log') -Value ('{0:yyyy-MM-dd HH:mm:ss} INFO current log, still being written' -f [datetime]::Now)
}
if ($ScriptRoot) {
    $scripts = Join-Path $ScriptRoot (Join-Path 'CallDirector' 'Scripts')
    $macros = Join-Path $ScriptRoot 'Macros'
    New-Item -ItemType Directory -Force -Path $scripts, $macros | Out-Null
    foreach ($name in 'inbound', 'overflow', 'night', 'holiday', 'vip') {
        Set-Content -Path (Join-Path $scripts "route_$name.cds") -Value "-- CallDirector routing script $name`nIF open THEN queue(1) ELSE play('closed.wav') END IF;"
    }
    foreach ($name in 'greeting', 'wrapup', 'escalate') {
        Set-Content -Path (Join-Path $macros "$name.mac") -Value "MACRO $name`n  SAY 'Thank you for calling – merci'`nEND"
    }
}

[pscustomobject]@{
    Server = $Server; Port = $Port; Database = $Database; Size = $Size; Seed = $Seed
    From = $start; To = $EndDate.Date; LogPath = $LogPath; ScriptRoot = $ScriptRoot
}
