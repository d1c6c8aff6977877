-- Organisations (tenants), departments, users, role-based access
-- control, sessions and sign-in throttling.
-- Every tenant-owned table has organisation_id.

CREATE TABLE organisations (
  id                    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name                  VARCHAR(200) NOT NULL,
  slug                  VARCHAR(64) NOT NULL,
  password_min_length   SMALLINT UNSIGNED NOT NULL DEFAULT 12,
  password_check_banned TINYINT(1) NOT NULL DEFAULT 1,
  created_at            DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY organisations_slug (slug),
  CONSTRAINT organisations_min_length CHECK (password_min_length BETWEEN 8 AND 128)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE departments (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(200) NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY departments_org_name (organisation_id, name),
  CONSTRAINT departments_org FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- organisation_id is NULL only for service operators.
CREATE TABLE users (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id     BIGINT UNSIGNED NULL,
  department_id       BIGINT UNSIGNED NULL,
  email               VARCHAR(254) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  name                VARCHAR(200) NOT NULL,
  lang                CHAR(2) CHARACTER SET ascii NOT NULL DEFAULT 'ja',
  password_hash       VARCHAR(255) CHARACTER SET ascii NOT NULL,
  password_changed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  disabled            TINYINT(1) NOT NULL DEFAULT 0,
  created_at          DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY users_email (email),
  KEY users_org (organisation_id, id),
  CONSTRAINT users_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT users_dept FOREIGN KEY (department_id) REFERENCES departments (id),
  CONSTRAINT users_lang CHECK (lang IN ('ja', 'en'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE roles (
  id    SMALLINT UNSIGNED NOT NULL PRIMARY KEY,
  code  VARCHAR(32) CHARACTER SET ascii NOT NULL,
  scope ENUM('organisation', 'service') NOT NULL,
  sort  SMALLINT NOT NULL,
  UNIQUE KEY roles_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE permissions (
  id          SMALLINT UNSIGNED NOT NULL PRIMARY KEY,
  code        VARCHAR(64) CHARACTER SET ascii NOT NULL,
  description VARCHAR(200) NOT NULL,
  UNIQUE KEY permissions_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE role_permissions (
  role_id       SMALLINT UNSIGNED NOT NULL,
  permission_id SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (role_id, permission_id),
  CONSTRAINT rp_role FOREIGN KEY (role_id) REFERENCES roles (id),
  CONSTRAINT rp_perm FOREIGN KEY (permission_id) REFERENCES permissions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- organisation_id repeats the user's organisation (NULL for operator roles).
CREATE TABLE user_roles (
  user_id         BIGINT UNSIGNED NOT NULL,
  role_id         SMALLINT UNSIGNED NOT NULL,
  organisation_id BIGINT UNSIGNED NULL,
  PRIMARY KEY (user_id, role_id),
  KEY user_roles_org (organisation_id),
  CONSTRAINT ur_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ur_role FOREIGN KEY (role_id) REFERENCES roles (id),
  CONSTRAINT ur_org FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- id_hash is SHA-256 (hex) of the 256-bit secret in the cookie.
CREATE TABLE sessions (
  id_hash    CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  user_id    BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL,
  last_seen  DATETIME(6) NOT NULL,
  ip         VARCHAR(45) CHARACTER SET ascii NOT NULL,
  user_agent VARCHAR(255) NOT NULL DEFAULT '',
  KEY sessions_user (user_id),
  KEY sessions_last_seen (last_seen),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE login_attempts (
  id      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email   VARCHAR(254) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  ip      VARCHAR(45) CHARACTER SET ascii NOT NULL,
  success TINYINT(1) NOT NULL,
  reason  ENUM('ok', 'bad_password', 'unknown_user', 'throttled', 'locked') NOT NULL,
  at      DATETIME(6) NOT NULL,
  KEY login_attempts_email (email, at),
  KEY login_attempts_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE login_locks (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind       ENUM('account', 'ip') NOT NULL,
  subject    VARCHAR(254) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  until      DATETIME(6) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY login_locks_subject (kind, subject, until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Reference data: roles and permissions are part of the schema.
INSERT INTO roles (id, code, scope, sort) VALUES
  (1, 'org_admin', 'organisation', 10),
  (2, 'legal',     'organisation', 20),
  (3, 'member',    'organisation', 30),
  (4, 'viewer',    'organisation', 40),
  (5, 'operator',  'service',      90);

INSERT INTO permissions (id, code, description) VALUES
  (1, 'dashboard.view', 'See the dashboard'),
  (2, 'profile.edit',   'Edit one''s own profile and password'),
  (3, 'org.users.view', 'List the users of the organisation'),
  (4, 'ops.console',    'Use the service operator console');

INSERT INTO role_permissions (role_id, permission_id) VALUES
  (1, 1), (1, 2), (1, 3),
  (2, 1), (2, 2),
  (3, 1), (3, 2),
  (4, 1), (4, 2),
  (5, 1), (5, 2), (5, 4);
