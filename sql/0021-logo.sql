-- An organisation's logo (issue 5): shown to its own users in the page
-- header beside its name (/logo).  A PNG or a JPEG of at most 256 KB,
-- told by its bytes; kept here rather than in the document store: it
-- is small, not a contract's, and one per organisation.
CREATE TABLE organisation_logos (
  organisation_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  mime            VARCHAR(20) CHARACTER SET ascii NOT NULL,
  bytes           MEDIUMBLOB NOT NULL,
  sha256          CHAR(64) CHARACTER SET ascii NOT NULL,
  updated_by      BIGINT UNSIGNED NULL,
  updated_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT organisation_logos_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT organisation_logos_user FOREIGN KEY (updated_by) REFERENCES users (id),
  CONSTRAINT organisation_logos_mime CHECK (mime IN ('image/png', 'image/jpeg')),
  CONSTRAINT organisation_logos_size CHECK (OCTET_LENGTH(bytes) BETWEEN 1 AND 262144)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
