-- Two-factor sign-in (TOTP, RFC 6238) and an organisation's IP
-- allow-list (issue 5).
--
-- A user's TOTP key is sealed with the master key (AES-256-GCM, hex;
-- lib/store.c store_seal), never stored in the clear: totp_pending while
-- they enrol, totp_secret once a code from their app has confirmed it.
-- totp_last_step is the last 30-second step accepted: a code is never
-- accepted twice.
ALTER TABLE users
  ADD COLUMN totp_secret     VARCHAR(200) CHARACTER SET ascii NULL,
  ADD COLUMN totp_pending    VARCHAR(200) CHARACTER SET ascii NULL,
  ADD COLUMN totp_enabled_at DATETIME(6) NULL,
  ADD COLUMN totp_last_step  BIGINT NOT NULL DEFAULT 0;

-- Ten one-time recovery codes per enrolled user, stored as SHA-256.
-- organisation_id repeats the user's (NULL for the service's operators).
CREATE TABLE recovery_codes (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  code_hash       CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  used_at         DATETIME(6) NULL,
  UNIQUE KEY recovery_codes_code (user_id, code_hash),
  CONSTRAINT recovery_codes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The step between the right password and the code: a cookie of 256
-- bits (only its SHA-256 here), five minutes and five tries.
CREATE TABLE signin_challenges (
  id_hash    CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  user_id    BIGINT UNSIGNED NOT NULL,
  email      VARCHAR(254) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  next       VARCHAR(600) NOT NULL DEFAULT '/',
  tries      SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY signin_challenges_created (created_at),
  CONSTRAINT signin_challenges_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- require_2fa: every user must enrol before using anything else.
-- ip_allow: CIDR ranges, one per line, normalised; empty allows all.
ALTER TABLE organisations
  ADD COLUMN require_2fa TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN ip_allow    VARCHAR(4000) CHARACTER SET ascii NOT NULL DEFAULT '';

ALTER TABLE login_attempts MODIFY COLUMN reason
  ENUM('ok', 'bad_password', 'unknown_user', 'throttled', 'locked',
       'suspended', 'ip_refused', 'bad_code', 'recovery_code') NOT NULL;
