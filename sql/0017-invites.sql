-- Invitations and password resets (issue 5): an admin invites a user
-- by email (a link to set a password) or sends a user a reset link.
-- Each link is a 256-bit token kept as its SHA-256 only, used once,
-- expiring (an invitation after 7 days, a reset after 24 hours).
CREATE TABLE user_tokens (
  token_hash      CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  purpose         ENUM('invite', 'reset') NOT NULL,
  expires_at      DATETIME(6) NOT NULL,
  used_at         DATETIME(6) NULL,
  created_by      BIGINT UNSIGNED NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY user_tokens_user (organisation_id, user_id),
  CONSTRAINT user_tokens_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT user_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
