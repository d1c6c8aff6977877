-- Documents: each contract's main document (a PDF, with every earlier
-- version kept) and its attachments.  The bytes live encrypted in the
-- document store (lib/store.c); a row here exists only once its file
-- is on disk, fsync'ed and renamed into place.

-- One data key per organisation, wrapped (AES-256-GCM) by the master
-- key file: nonce (12) | wrapped key (32) | tag (16), as hex.
CREATE TABLE org_keys (
  organisation_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  wrapped         CHAR(120) CHARACTER SET ascii NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT org_keys_org FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- What each organisation accepts as attachments; no row: the defaults.
CREATE TABLE org_settings (
  organisation_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  upload_types     VARCHAR(100) CHARACTER SET ascii NOT NULL DEFAULT 'pdf,docx,xlsx,png,jpeg',
  upload_max_bytes BIGINT UNSIGNED NOT NULL DEFAULT 52428800,
  CONSTRAINT org_settings_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT org_settings_max CHECK (upload_max_bytes BETWEEN 1024 AND 52428800)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE documents (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  kind            ENUM('main', 'attachment') NOT NULL,
  version         INT UNSIGNED NULL,        -- main: 1, 2, ...; attachments: NULL
  filename        VARCHAR(255) NOT NULL,
  media_type      VARCHAR(100) CHARACTER SET ascii NOT NULL,
  size            BIGINT UNSIGNED NOT NULL,
  sha256          CHAR(64) CHARACTER SET ascii NOT NULL,
  pages           INT UNSIGNED NULL,
  storage_name    CHAR(32) CHARACTER SET ascii NOT NULL,
  uploaded_by     BIGINT UNSIGNED NOT NULL,
  uploaded_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY documents_storage (storage_name),
  UNIQUE KEY documents_version (organisation_id, contract_id, kind, version),
  KEY documents_contract (organisation_id, contract_id, id),
  CONSTRAINT documents_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT documents_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT documents_user FOREIGN KEY (uploaded_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Uploads that were refused for what they held (a virus, not a PDF,
-- encrypted, damaged, a type not allowed): kept as a record.
CREATE TABLE upload_rejections (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  filename        VARCHAR(255) NOT NULL,
  size            BIGINT UNSIGNED NOT NULL,
  sha256          CHAR(64) CHARACTER SET ascii NOT NULL,
  reason          VARCHAR(32) CHARACTER SET ascii NOT NULL,
  detail          VARCHAR(255) NOT NULL DEFAULT '',
  ip              VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  at              DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY upload_rejections_org (organisation_id, id),
  CONSTRAINT upload_rejections_org_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The operation log: who did what to which contract, when, from where.
-- Append-only for the application.
CREATE TABLE oplog (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NULL,
  contract_id     BIGINT UNSIGNED NULL,
  action          VARCHAR(40) CHARACTER SET ascii NOT NULL,
  detail          VARCHAR(1000) NOT NULL DEFAULT '',
  ip              VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  at              DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY oplog_org (organisation_id, id),
  KEY oplog_contract (organisation_id, contract_id, id),
  CONSTRAINT oplog_org_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
