-- Bulk verification (一括検証): a run re-reads every stored file of an
-- organisation, checks it against the SHA-256 recorded when it was
-- stored and, for the files signing made, verifies every signature and
-- timestamp (lib/bulkverify.c).  One result row per file; the page and
-- the CSV are made from them.  source: ui (an admin), cli (an operator
-- with keiyaku-ctl verify), job (scheduled).
CREATE TABLE verification_runs (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  state           ENUM('queued', 'running', 'done', 'failed') NOT NULL DEFAULT 'queued',
  source          ENUM('ui', 'cli', 'job') NOT NULL,
  started_by      BIGINT UNSIGNED NULL,
  files           INT UNSIGNED NOT NULL DEFAULT 0,
  files_ok        INT UNSIGNED NOT NULL DEFAULT 0,
  files_failed    INT UNSIGNED NOT NULL DEFAULT 0,
  signed_files    INT UNSIGNED NOT NULL DEFAULT 0,
  signatures      INT UNSIGNED NOT NULL DEFAULT 0,
  bytes           BIGINT UNSIGNED NOT NULL DEFAULT 0,
  seconds         DECIMAL(10,3) NULL,
  error           VARCHAR(500) NOT NULL DEFAULT '',
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  started_at      DATETIME(6) NULL,
  finished_at     DATETIME(6) NULL,
  KEY verification_runs_org (organisation_id, id),
  CONSTRAINT verification_runs_org_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE verification_results (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  run_id          BIGINT UNSIGNED NOT NULL,
  document_id     BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  kind            VARCHAR(16) CHARACTER SET ascii NOT NULL,
  version         INT UNSIGNED NULL,
  filename        VARCHAR(255) NOT NULL,
  size            BIGINT UNSIGNED NOT NULL,
  recorded_sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
  actual_sha256   CHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  signed          TINYINT(1) NOT NULL DEFAULT 0,   -- made by signing: signatures checked
  signatures      SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  ok              TINYINT(1) NOT NULL,
  problem         VARCHAR(500) NOT NULL DEFAULT '',
  KEY verification_results_run (organisation_id, run_id, ok, id),
  CONSTRAINT verification_results_run_fk FOREIGN KEY (run_id) REFERENCES verification_runs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
