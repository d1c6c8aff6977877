-- The contract ledger (契約台帳): contract types per organisation, the
-- contract record, its per-organisation number sequence and the history
-- of every field change (nothing is silently overwritten).

CREATE TABLE contract_types (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(100) NOT NULL,
  sort            INT NOT NULL DEFAULT 0,
  UNIQUE KEY contract_types_name (organisation_id, name),
  CONSTRAINT contract_types_org FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The next automatic contract number of each organisation.
CREATE TABLE contract_counters (
  organisation_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  next_number     BIGINT UNSIGNED NOT NULL DEFAULT 1,
  CONSTRAINT contract_counters_org FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE contracts (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id      BIGINT UNSIGNED NOT NULL,
  number               VARCHAR(64) NOT NULL,
  title                VARCHAR(300) NOT NULL,
  type_id              BIGINT UNSIGNED NULL,
  counterparty         VARCHAR(200) NOT NULL DEFAULT '',
  counterparty_dept    VARCHAR(200) NOT NULL DEFAULT '',
  counterparty_contact VARCHAR(200) NOT NULL DEFAULT '',
  department_id        BIGINT UNSIGNED NULL,
  owner_id             BIGINT UNSIGNED NULL,
  amount               BIGINT NULL,
  currency             CHAR(3) CHARACTER SET ascii NOT NULL DEFAULT 'JPY',
  contract_date        DATE NULL,
  effective_date       DATE NULL,
  expiry_date          DATE NULL,
  auto_renew           TINYINT(1) NOT NULL DEFAULT 0,
  renewal_months       SMALLINT UNSIGNED NULL,
  notice_days          SMALLINT UNSIGNED NULL,
  status               ENUM('draft', 'review', 'approval', 'approved', 'signing',
                            'executed', 'active', 'expired', 'terminated', 'cancelled')
                       NOT NULL DEFAULT 'draft',
  notes                TEXT NOT NULL DEFAULT '',
  created_by           BIGINT UNSIGNED NOT NULL,
  created_at           DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at           DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY contracts_number (organisation_id, number),
  KEY contracts_org_id (organisation_id, id),
  KEY contracts_expiry (organisation_id, expiry_date),
  KEY contracts_org_dept (organisation_id, department_id),
  CONSTRAINT contracts_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT contracts_type FOREIGN KEY (type_id) REFERENCES contract_types (id),
  CONSTRAINT contracts_dept FOREIGN KEY (department_id) REFERENCES departments (id),
  CONSTRAINT contracts_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT contracts_creator FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT contracts_amount CHECK (amount IS NULL OR amount >= 0),
  CONSTRAINT contracts_currency CHECK (currency IN ('JPY', 'USD', 'EUR', 'CNY', 'GBP')),
  CONSTRAINT contracts_renewal CHECK (renewal_months IS NULL OR renewal_months BETWEEN 1 AND 120),
  CONSTRAINT contracts_notice CHECK (notice_days IS NULL OR notice_days <= 3650)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per changed field: who, when, old and new value, why.
CREATE TABLE contract_history (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  field           VARCHAR(64) CHARACTER SET ascii NOT NULL,
  old_value       TEXT NULL,
  new_value       TEXT NULL,
  reason          VARCHAR(500) NOT NULL DEFAULT '',
  at              DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY contract_history_org_contract (organisation_id, contract_id, id),
  CONSTRAINT contract_history_contract FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT contract_history_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- contracts.view: contracts of one's department or one's own;
-- contracts.view_all: every contract of the organisation (legal, admin);
-- contracts.edit: create and change the contracts one can see.
INSERT INTO permissions (id, code, description) VALUES
  (5, 'contracts.view',     'See the contracts of one''s department and one''s own'),
  (6, 'contracts.view_all', 'See every contract of the organisation'),
  (7, 'contracts.edit',     'Create contracts and change those one can see');

INSERT INTO role_permissions (role_id, permission_id) VALUES
  (1, 5), (1, 6), (1, 7),
  (2, 5), (2, 6), (2, 7),
  (3, 5), (3, 7),
  (4, 5);
