-- MIS tables like the demo schema's (mis_call, mis_agent_state, mis_queue_interval), with the
-- values an extract must get right: a VIRTUAL generated column, DECIMAL, DATETIME(6), ENUM,
-- utf8mb4 text with quotes, commas, CR/LF, backslashes, the word NULL, empty strings and NULLs.
-- 100 days of rows before CURDATE(). Used by the MIS Pester tests and the MIS benchmark.
SET NAMES utf8mb4;
DROP TABLE IF EXISTS mis_call, mis_agent_state, mis_queue_interval;
CREATE TABLE mis_call (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  start_time DATETIME(6) NOT NULL,
  end_time DATETIME(6) NULL,
  duration_s INT GENERATED ALWAYS AS (TIMESTAMPDIFF(SECOND, start_time, end_time)) VIRTUAL,
  direction ENUM('inbound','outbound','internal') NOT NULL,
  caller VARCHAR(64) NOT NULL,
  agent_id INT NULL,
  cost DECIMAL(12,4) NULL,
  wrap_up TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
  KEY ix_start (start_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE mis_agent_state (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  agent_id INT NOT NULL,
  state_time DATETIME NOT NULL,
  state ENUM('ready','busy','wrap','break','logged_out') NOT NULL,
  reason VARCHAR(100) CHARACTER SET utf8mb4 NULL,
  KEY ix_time (state_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE mis_queue_interval (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  queue_id INT NOT NULL,
  interval_start DATETIME NOT NULL,
  offered INT NOT NULL,
  answered INT NOT NULL,
  avg_wait_s DOUBLE NULL,
  service_level DECIMAL(5,2) NULL,
  KEY ix_interval (interval_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

SET @days = 100, @per_day = 24, SESSION max_recursive_iterations = 10000000;
INSERT INTO mis_call (start_time, end_time, direction, caller, agent_id, cost, wrap_up)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @days * @per_day - 1)
SELECT CURDATE() - INTERVAL @days DAY + INTERVAL (i DIV @per_day) DAY + INTERVAL (i MOD @per_day) HOUR + INTERVAL (i * 37 MOD 3600) SECOND + INTERVAL (i * 7919 MOD 1000000) MICROSECOND,
       IF(i MOD 11 = 0, NULL, CURDATE() - INTERVAL @days DAY + INTERVAL (i DIV @per_day) DAY + INTERVAL (i MOD @per_day) HOUR + INTERVAL (i * 37 MOD 3600 + 60 + i MOD 500) SECOND),
       ELT(1 + i MOD 3, 'inbound', 'outbound', 'internal'),
       CONCAT('+44 20 7946 ', LPAD(i MOD 10000, 4, '0')),
       IF(i MOD 7 = 0, NULL, 100 + i MOD 25),
       IF(i MOD 13 = 0, NULL, ROUND((i MOD 1000) * 0.0137 - 3, 4)),
       ELT(1 + i MOD 8, NULL, '', 'Customer said "call me back", later', CONCAT('line one', CHAR(13), CHAR(10), 'line two'),
           'C:\\Recordings\\2026\\call.wav', 'NULL', 'Zoë — café ☕ 😀 日本語', CONCAT('tab', CHAR(9), 'and, comma "quoted"', CHAR(10)))
FROM n;
INSERT INTO mis_agent_state (agent_id, state_time, state, reason)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @days * @per_day - 1)
SELECT 100 + i MOD 25, CURDATE() - INTERVAL @days DAY + INTERVAL (i DIV @per_day) DAY + INTERVAL (i MOD @per_day) HOUR + INTERVAL (i MOD 60) MINUTE,
       ELT(1 + i MOD 5, 'ready', 'busy', 'wrap', 'break', 'logged_out'), ELT(1 + i MOD 4, NULL, '', 'Lunch, 30 min', 'Training "CRM"')
FROM n;
INSERT INTO mis_queue_interval (queue_id, interval_start, offered, answered, avg_wait_s, service_level)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @days * @per_day - 1)
SELECT 1 + i MOD 3, CURDATE() - INTERVAL @days DAY + INTERVAL (i DIV @per_day) DAY + INTERVAL (i MOD @per_day) HOUR,
       i MOD 40, i MOD 35, IF(i MOD 9 = 0, NULL, (i MOD 97) / 3.0E0), IF(i MOD 10 = 0, NULL, (i MOD 10000) / 100.0)
FROM n;
