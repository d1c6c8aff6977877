-- The access log customers can use (issue 5): every request of an
-- organisation's users (time, user, address, method, path, status,
-- request id, user agent, duration), written by the web worker after
-- the answer has gone.  The application's account may only read and
-- add rows (script/stack); rows older than log_keep_days (at least six
-- months) are moved by the daily job to compressed files listed in
-- log_archives, through an account of its own that alone may delete
-- log rows (keiyaku_archive).
CREATE TABLE access_log (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NULL,
  at              DATETIME(6) NOT NULL,
  ip              VARCHAR(45) CHARACTER SET ascii NOT NULL,
  method          VARCHAR(8) CHARACTER SET ascii NOT NULL,
  path            VARCHAR(2100) NOT NULL,
  status          SMALLINT UNSIGNED NOT NULL,
  rid             VARCHAR(40) CHARACTER SET ascii NOT NULL,
  user_agent      VARCHAR(255) NOT NULL DEFAULT '',
  us              INT UNSIGNED NOT NULL DEFAULT 0,
  KEY access_log_org (organisation_id, id),
  KEY access_log_at (organisation_id, at),
  KEY access_log_user (organisation_id, user_id, id),
  KEY access_log_rid (organisation_id, rid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A file of archived log rows: which organisation, which log, the ids
-- and times it holds, its SHA-256; for the operation log also the
-- chain hashes at both ends, so that the chain is checked across it.
CREATE TABLE log_archives (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  kind            ENUM('access', 'oplog') NOT NULL,
  first_id        BIGINT UNSIGNED NOT NULL,
  last_id         BIGINT UNSIGNED NOT NULL,
  first_at        DATETIME(6) NOT NULL,
  last_at         DATETIME(6) NOT NULL,
  nrows           BIGINT UNSIGNED NOT NULL,
  file            VARCHAR(200) CHARACTER SET ascii NOT NULL,
  bytes           BIGINT UNSIGNED NOT NULL,
  sha256          CHAR(64) CHARACTER SET ascii NOT NULL,
  prev_hash       CHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  last_hash       CHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY log_archives_org (organisation_id, kind, last_id),
  CONSTRAINT log_archives_org_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
