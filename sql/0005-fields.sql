-- The rest of the contract record and the ledger: custom fields each
-- organisation defines (values in a typed EAV table), tags, the parent
-- of a contract (an amendment, 覚書 or renewal points to its master
-- contract), the indexes the ledger's sorts and filters use (checked
-- with EXPLAIN on 100,000 contracts, bench/gen-contracts), and the
-- permission to manage the fields.

-- A contract's parent, in the same organisation (the application
-- checks the organisation, the user's sight of it and refuses cycles).
--
-- The ledger sorts on each key with an index on (organisation, key),
-- which InnoDB extends with the primary key: ORDER BY key, id and the
-- keyset condition (key, id) > (?, ?) read a range of it in order,
-- whatever the page.  A key that may be empty sorts on a generated
-- column where empty is the largest value (empty last when ascending,
-- as PostgreSQL's NULLS LAST), so that the key is never NULL and the
-- cursor condition stays one range; status sorts by its workflow
-- order (the enum's index).  Also indexes for the department, owner,
-- status, effective date and parent filters, and one for the ledger's
-- most common view, contracts of a status by expiry date ("executed,
-- expiring in 2027"): the status, the range and the order in one index,
-- 51 index entries read for a page instead of ~160 rows (bench/ledger:
-- 410 to 530 requests/s).
ALTER TABLE contracts
  ADD COLUMN parent_id BIGINT UNSIGNED NULL AFTER owner_id,
  ADD COLUMN contract_date_key DATE AS (COALESCE(contract_date, '9999-12-31')) PERSISTENT,
  ADD COLUMN expiry_date_key DATE AS (COALESCE(expiry_date, '9999-12-31')) PERSISTENT,
  ADD COLUMN amount_key BIGINT AS (COALESCE(amount, 9223372036854775807)) PERSISTENT,
  ADD COLUMN status_key TINYINT UNSIGNED AS (status + 0) PERSISTENT,
  ADD KEY contracts_org_parent (organisation_id, parent_id),
  ADD KEY contracts_org_title (organisation_id, title),
  ADD KEY contracts_org_party (organisation_id, counterparty),
  ADD KEY contracts_org_cdate_key (organisation_id, contract_date_key),
  ADD KEY contracts_org_expiry_key (organisation_id, expiry_date_key),
  ADD KEY contracts_org_amount_key (organisation_id, amount_key),
  ADD KEY contracts_org_status_key (organisation_id, status_key),
  ADD KEY contracts_org_updated (organisation_id, updated_at),
  ADD KEY contracts_org_status (organisation_id, status),
  ADD KEY contracts_org_status_expiry (organisation_id, status, expiry_date_key),
  ADD KEY contracts_org_edate (organisation_id, effective_date),
  ADD KEY contracts_org_owner (organisation_id, owner_id),
  ADD CONSTRAINT contracts_parent_fk FOREIGN KEY (parent_id) REFERENCES contracts (id);

-- Fields an organisation's admin adds to its contracts.  kind is fixed
-- once made (the values are typed); options holds a choice field's
-- options, one a line.  A field with values is disabled, never deleted.
CREATE TABLE custom_fields (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  kind            ENUM('text', 'number', 'date', 'choice') NOT NULL,
  options         TEXT NOT NULL DEFAULT '',
  sort            INT NOT NULL DEFAULT 0,
  in_ledger       TINYINT(1) NOT NULL DEFAULT 0,
  disabled        TINYINT(1) NOT NULL DEFAULT 0,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY custom_fields_name (organisation_id, name),
  KEY custom_fields_org_sort (organisation_id, sort, id),
  CONSTRAINT custom_fields_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT custom_fields_sort_range CHECK (sort BETWEEN 0 AND 9999)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per contract and field that has a value (an empty value has
-- no row, so "is empty" is NOT EXISTS), in the column of its type:
-- text and choice in text_value (binary collation: a choice compares
-- exactly; "contains" compares like the ledger's keyword search),
-- number (exact integer) in number_value, date in date_value.  The
-- primary key serves the ledger's per-contract probes; the
-- (organisation, field, value) keys serve filters and ranges.
CREATE TABLE contract_field_values (
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  field_id        BIGINT UNSIGNED NOT NULL,
  text_value      VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  number_value    BIGINT NULL,
  date_value      DATE NULL,
  PRIMARY KEY (contract_id, field_id),
  KEY contract_field_values_text (organisation_id, field_id, text_value),
  KEY contract_field_values_number (organisation_id, field_id, number_value),
  KEY contract_field_values_date (organisation_id, field_id, date_value),
  CONSTRAINT contract_field_values_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT contract_field_values_contract FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT contract_field_values_field FOREIGN KEY (field_id) REFERENCES custom_fields (id),
  CONSTRAINT contract_field_values_one CHECK ((text_value IS NOT NULL) +
    (number_value IS NOT NULL) + (date_value IS NOT NULL) = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Tags of an organisation, stored normalised (lib/fields.c: width and
-- case folded, trimmed), compared exactly.
CREATE TABLE tags (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY tags_org_name (organisation_id, name),
  CONSTRAINT tags_org FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE contract_tags (
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  tag_id          BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (contract_id, tag_id),
  KEY contract_tags_org_tag (organisation_id, tag_id, contract_id),
  CONSTRAINT contract_tags_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT contract_tags_contract FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT contract_tags_tag FOREIGN KEY (tag_id) REFERENCES tags (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- org.fields.manage: define the organisation's custom fields (admin).
-- Its id is set apart (50) from the ids other migrations of the same
-- round take next, so that they do not collide when merged.
INSERT INTO permissions (id, code, description) VALUES
  (50, 'org.fields.manage', 'Define the custom fields of the organisation''s contracts');

INSERT INTO role_permissions (role_id, permission_id) VALUES
  (1, 50);
