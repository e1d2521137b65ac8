-- A workload that writes every column type and every kind of context event into the binlog.
-- Used by the binlog Pester tests in ROW, MIXED and STATEMENT formats, checksums on and off.
-- {db} is replaced by the test database name.
CREATE DATABASE IF NOT EXISTS `{db}`;
USE `{db}`;
CREATE TABLE every_type (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  t_tiny TINYINT, t_utiny TINYINT UNSIGNED, t_small SMALLINT, t_usmall SMALLINT UNSIGNED,
  t_medium MEDIUMINT, t_umedium MEDIUMINT UNSIGNED, t_int INT, t_big BIGINT, t_ubig BIGINT UNSIGNED,
  t_dec DECIMAL(12,4), t_dec_wide DECIMAL(40,12), t_float FLOAT, t_double DOUBLE,
  t_bit BIT(13), t_year YEAR, t_date DATE, t_time TIME, t_time6 TIME(6),
  t_datetime DATETIME, t_datetime3 DATETIME(3), t_timestamp TIMESTAMP NULL DEFAULT NULL, t_timestamp6 TIMESTAMP(6) NULL DEFAULT NULL,
  t_char CHAR(10), t_varchar VARCHAR(300), t_latin1 VARCHAR(20) CHARACTER SET latin1, t_text TEXT, t_longtext LONGTEXT,
  t_binary BINARY(4), t_varbinary VARBINARY(20), t_blob BLOB,
  t_enum ENUM('agent','supervisor','admin'), t_set SET('voice','email','sms','chat'),
  t_json JSON, t_geometry GEOMETRY NULL,
  t_nullable INT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE audit_log (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(100), at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB;
CREATE TABLE myisam_counts (k VARCHAR(20) PRIMARY KEY, n INT) ENGINE=MyISAM;
DELIMITER //
CREATE TRIGGER every_type_ai AFTER INSERT ON every_type FOR EACH ROW
BEGIN
  INSERT INTO audit_log (note) VALUES (CONCAT('inserted ', NEW.id));
END//
CREATE PROCEDURE add_rows(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  WHILE i < n DO
    INSERT INTO every_type (t_int, t_varchar, t_enum) VALUES (i, CONCAT('proc row ', i), 'agent');
    SET i = i + 1;
  END WHILE;
END//
DELIMITER ;
INSERT INTO every_type (t_tiny, t_utiny, t_small, t_usmall, t_medium, t_umedium, t_int, t_big, t_ubig,
  t_dec, t_dec_wide, t_float, t_double, t_bit, t_year, t_date, t_time, t_time6, t_datetime, t_datetime3,
  t_timestamp, t_timestamp6, t_char, t_varchar, t_latin1, t_text, t_longtext, t_binary, t_varbinary, t_blob,
  t_enum, t_set, t_json, t_geometry, t_nullable)
VALUES
 (-128, 255, -32768, 65535, -8388608, 16777215, -2147483648, -9223372036854775808, 18446744073709551615,
  -12345678.1234, 1234567890123456789012345678.123456789012, 3.25, -2.5e-300, b'1010101010101', 2024, '2024-02-29', '-838:59:59', '12:34:56.123456',
  '1000-01-01 00:00:00', '9999-12-31 23:59:59.999', '2038-01-19 03:14:07', '2001-02-03 04:05:06.654321',
  'fixed', 'Grüße, 你好, ok', 'Café crème', REPEAT('long text ', 50), REPEAT('x', 70000), 0x00FF10AB, 0xDEADBEEF00, 0x0001020304FFFEFD,
  'supervisor', 'voice,sms,chat', '{"agent": "Ann", "skills": [1, 2.5, "x"], "ok": true, "none": null}', ST_GeomFromText('POINT(1 2)'), NULL),
 (127, 0, 32767, 0, 8388607, 0, 2147483647, 9223372036854775807, 0,
  99999999.9999, -0.000000000001, -1.5, 1.7976931348623157e308, b'0', 1901, '0000-00-00', '00:00:00', '-00:00:00.000001',
  '2024-06-30 12:00:00', '2024-06-30 12:00:00.001', '1970-01-01 00:00:01', NULL,
  '', '', '', '', '', 0x00000000, '', '',
  'admin', '', '[]', NULL, 42);
SET @agent := 'Bob', @weight := 7.5, @count := 3;
INSERT INTO every_type (t_varchar, t_double, t_int, t_enum) VALUES (@agent, @weight, @count, 'agent');
INSERT INTO every_type (t_int, t_double) VALUES (LAST_INSERT_ID(), RAND(7));
INSERT INTO audit_log (note) VALUES (CONCAT(@agent, @count));
INSERT INTO audit_log (note) VALUES (CONCAT(LAST_INSERT_ID(), RAND(3) < 2));
CALL add_rows(5);
UPDATE every_type SET t_varchar = CONCAT(t_varchar, ' updated'), t_json = JSON_SET(COALESCE(t_json, '{}'), '$.updated', 1) WHERE id % 2 = 0;
DELETE FROM every_type WHERE id = 3;
INSERT INTO myisam_counts VALUES ('calls', 1), ('emails', 2);
UPDATE myisam_counts SET n = n + 10;
START TRANSACTION;
INSERT INTO every_type (t_int, t_varchar) VALUES (1001, 'in a transaction');
UPDATE every_type SET t_int = t_int + 1 WHERE id > 5;
COMMIT;
CREATE TEMPORARY TABLE tmp_work (id INT, v VARCHAR(10));
INSERT INTO tmp_work VALUES (1, 'a'), (2, 'b');
INSERT INTO every_type (t_int, t_varchar) SELECT id, v FROM tmp_work;
DROP TEMPORARY TABLE tmp_work;
SET SESSION sql_mode = 'ALLOW_INVALID_DATES';
INSERT INTO every_type (t_date, t_varchar) VALUES ('2024-02-31', 'invalid date allowed');
SET SESSION sql_mode = DEFAULT;
ALTER TABLE audit_log ADD COLUMN extra INT NULL DEFAULT 5;
INSERT INTO audit_log (note, extra) VALUES ('after alter', 6);
