-- Full-text search in Japanese (Mroonga, wrapper mode over InnoDB, so
-- it is transactional): one row per contract with its metadata (kept
-- by triggers, so every writer updates it) and the text of its
-- documents (kept by the text-extraction job).  The bigram tokenizer
-- finds words in unsegmented Japanese; NormalizerAuto makes full- and
-- half-width forms match.  Mroonga keeps its index files (*.mrn*) in
-- the data directory: backups must include them.

-- The text extracted from each PDF document (pdftotext), capped.
CREATE TABLE document_texts (
  document_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  chars           INT UNSIGNED NOT NULL,
  body            MEDIUMTEXT NOT NULL,
  extracted_at    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY document_texts_contract (organisation_id, contract_id),
  CONSTRAINT document_texts_doc FOREIGN KEY (document_id) REFERENCES documents (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE contract_search (
  contract_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  meta            TEXT NOT NULL,
  body            MEDIUMTEXT NOT NULL,
  KEY contract_search_org (organisation_id),
  FULLTEXT KEY contract_search_ft (meta, body)
    COMMENT 'tokenizer "TokenBigramSplitSymbolAlphaDigit", normalizer "NormalizerAuto"'
) ENGINE=Mroonga COMMENT='engine "InnoDB"' DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

INSERT INTO contract_search (contract_id, organisation_id, meta, body)
  SELECT id, organisation_id, CONCAT_WS(' ', number, title, counterparty,
    counterparty_dept, counterparty_contact, notes), '' FROM contracts;

CREATE TRIGGER contracts_search_ins AFTER INSERT ON contracts FOR EACH ROW
  INSERT INTO contract_search (contract_id, organisation_id, meta, body)
  VALUES (NEW.id, NEW.organisation_id, CONCAT_WS(' ', NEW.number, NEW.title,
    NEW.counterparty, NEW.counterparty_dept, NEW.counterparty_contact, NEW.notes), '')
  ON DUPLICATE KEY UPDATE meta = VALUES(meta);

CREATE TRIGGER contracts_search_upd AFTER UPDATE ON contracts FOR EACH ROW
  UPDATE contract_search SET meta = CONCAT_WS(' ', NEW.number, NEW.title,
    NEW.counterparty, NEW.counterparty_dept, NEW.counterparty_contact, NEW.notes)
  WHERE contract_id = NEW.id;
