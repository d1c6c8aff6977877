-- Full-text search, faster: the search table moves from Mroonga's
-- wrapper mode (InnoDB rows, Groonga index beside them) to its storage
-- mode (Groonga keeps the columns too).  In wrapper mode every match
-- was an InnoDB primary-key read, and the newest 50 of 100,000 matches
-- meant reading all 100,000 rows (1.5 to 7 s, measured).  In storage
-- mode Groonga finds, sorts and cuts the matches itself: the search
-- page sends it a select (lib/search.h), 25 ms for a word in every
-- contract, 4 ms for a two-word subject.
--
-- So that Groonga alone can keep the newest 50 a user may see, who may
-- see a contract is in the table too: audience holds "dN" for the
-- contract's department and "uN" for its owner and each of its
-- approvers (the rule of lib/authz.h), and a member's select adds
-- (audience @ "dN" || audience @ "uN").  The page still checks every
-- result against the contract itself (AUTHZ_CONTRACT_VISIBLE), so this
-- column narrows, it never grants.
--
-- organisation_id has no index on purpose: Groonga then checks it on
-- the matches only, instead of joining every row of the organisation
-- (2-3 ms a search at 100,000 contracts, measured).  The tokenizer is
-- now TokenBigram: Japanese still in bigrams, but a run of letters or
-- digits is one token, so a code (PRJ-0099470) is found by its own
-- rare token instead of bigrams that every document has (11 ms to
-- 2 ms); a part of such a run (0099) no longer matches it.
--
-- Storage mode is not transactional: a trigger's write stays when the
-- writer's transaction rolls back.  The table is derived data only: a
-- row without a committed contract is never shown (the page reads the
-- contract), and the daily sweep job puts back what a rollback left
-- stale (src/job-sweep.c).  Backups include the table like any other;
-- Groonga's files (*.mrn*) are in the data directory.

CREATE TABLE contract_search_s (
  contract_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  audience        TEXT NOT NULL,
  meta            TEXT NOT NULL,
  body            MEDIUMTEXT NOT NULL,
  FULLTEXT KEY contract_search_audience (audience)
    COMMENT 'tokenizer "TokenDelimit"',
  FULLTEXT KEY contract_search_ft (meta, body)
    COMMENT 'tokenizer "TokenBigram", normalizer "NormalizerAuto"'
) ENGINE=Mroonga DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- What the triggers and the sweep write: one definition of each.
CREATE FUNCTION search_audience(org BIGINT UNSIGNED, contract BIGINT UNSIGNED,
    dept BIGINT UNSIGNED, owner BIGINT UNSIGNED) RETURNS TEXT
  READS SQL DATA
  RETURN CONCAT_WS(' ', CONCAT('d', dept), CONCAT('u', owner),
    (SELECT GROUP_CONCAT(DISTINCT CONCAT('u', aa.user_id) ORDER BY aa.user_id
     SEPARATOR ' ') FROM approval_assignments aa
     WHERE aa.organisation_id = org AND aa.contract_id = contract));

CREATE FUNCTION search_meta(number TEXT, title TEXT, counterparty TEXT,
    counterparty_dept TEXT, counterparty_contact TEXT, notes TEXT) RETURNS TEXT
  DETERMINISTIC NO SQL
  RETURN CONCAT_WS(' ', number, title, counterparty, counterparty_dept,
    counterparty_contact, notes);

DROP TRIGGER contracts_search_ins;
DROP TRIGGER contracts_search_upd;

INSERT INTO contract_search_s (contract_id, organisation_id, audience, meta, body)
  SELECT s.contract_id, s.organisation_id,
    search_audience(c.organisation_id, c.id, c.department_id, c.owner_id),
    s.meta, s.body
  FROM contract_search s JOIN contracts c ON c.id = s.contract_id
  ORDER BY s.contract_id;

DROP TABLE contract_search;
RENAME TABLE contract_search_s TO contract_search;

-- The contract's row: its metadata and audience, from every writer.
CREATE TRIGGER contracts_search_ins AFTER INSERT ON contracts FOR EACH ROW
  INSERT INTO contract_search (contract_id, organisation_id, audience, meta, body)
  VALUES (NEW.id, NEW.organisation_id,
    search_audience(NEW.organisation_id, NEW.id, NEW.department_id, NEW.owner_id),
    search_meta(NEW.number, NEW.title, NEW.counterparty, NEW.counterparty_dept,
      NEW.counterparty_contact, NEW.notes), '')
  ON DUPLICATE KEY UPDATE organisation_id = VALUES(organisation_id),
    audience = VALUES(audience), meta = VALUES(meta), body = '';

CREATE TRIGGER contracts_search_upd AFTER UPDATE ON contracts FOR EACH ROW
  UPDATE contract_search SET
    audience = search_audience(NEW.organisation_id, NEW.id, NEW.department_id,
      NEW.owner_id),
    meta = search_meta(NEW.number, NEW.title, NEW.counterparty,
      NEW.counterparty_dept, NEW.counterparty_contact, NEW.notes)
  WHERE contract_id = NEW.id;

-- An approver sees the contracts they are asked to approve.
CREATE TRIGGER approval_assignments_search AFTER INSERT ON approval_assignments
  FOR EACH ROW
  UPDATE contract_search SET audience = (SELECT search_audience(
    c.organisation_id, c.id, c.department_id, c.owner_id) FROM contracts c
    WHERE c.id = NEW.contract_id)
  WHERE contract_id = NEW.contract_id;
