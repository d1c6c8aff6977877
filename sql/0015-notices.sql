-- Notices from the service operator (issue 5): planned maintenance
-- (published at least 5 Japanese business days before it starts),
-- incidents with their updates, and end of service.  A notice is for
-- every organisation (organisation_id NULL) or one.  Published notices
-- show as a banner on every page of the organisations they concern
-- and on the public /status page, and are mailed to each
-- organisation's registered contact.  The service's own table, not an
-- organisation's.
CREATE TABLE notices (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind            ENUM('maintenance', 'incident', 'end_of_service') NOT NULL,
  organisation_id BIGINT UNSIGNED NULL,
  title           VARCHAR(200) NOT NULL,
  body            TEXT NOT NULL,
  affected        VARCHAR(500) NOT NULL DEFAULT '',
  starts_at       DATETIME(6) NULL,
  ends_at         DATETIME(6) NULL,
  state           ENUM('draft', 'published', 'resolved') NOT NULL DEFAULT 'draft',
  created_by      BIGINT UNSIGNED NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  published_at    DATETIME(6) NULL,
  resolved_at     DATETIME(6) NULL,
  KEY notices_state (state, kind, starts_at),
  CONSTRAINT notices_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT notices_user FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE notice_updates (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  notice_id       BIGINT UNSIGNED NOT NULL,
  body            TEXT NOT NULL,
  created_by      BIGINT UNSIGNED NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY notice_updates_notice (notice_id, id),
  CONSTRAINT notice_updates_notice_fk FOREIGN KEY (notice_id) REFERENCES notices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
