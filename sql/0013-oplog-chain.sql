-- The operation log cannot be edited (issue 5): the application's
-- account may only read and add rows (script/stack grants SELECT and
-- INSERT alone on the log tables), and each organisation's entries
-- form a SHA-256 chain: an entry's hash covers the previous entry's
-- hash and every field of its own, so an altered, removed or
-- reordered entry breaks the chain where it was (lib/oplog.c,
-- keiyaku-ctl oplog-verify, /admin/oplog/verify).
--
-- hash = SHA-256 of the fields, each as its length in bytes, ':' and
-- the bytes, joined by LF, in this order: prev_hash, organisation_id,
-- user_id ('' if none), contract_id ('' if none), action, detail, ip,
-- rid, at ('YYYY-MM-DD HH:MM:SS.ffffff', UTC).  The first entry of an
-- organisation follows 64 zeros.
ALTER TABLE oplog
  ADD COLUMN rid       VARCHAR(40) CHARACTER SET ascii NOT NULL DEFAULT '' AFTER ip,
  ADD COLUMN prev_hash CHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN hash      CHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '';

-- The newest entry of each organisation's chain: locked by each new
-- entry, so that entries are chained one after another.
CREATE TABLE oplog_heads (
  organisation_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  last_id         BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_hash       CHAR(64) CHARACTER SET ascii NOT NULL,
  CONSTRAINT oplog_heads_org FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Each day the head of every chain is timestamped by the signer (an
-- RFC 3161 token over SHA-256 of "org:last_id:last_hash"): entries
-- removed from the end later still show, as the sealed entry is gone
-- or different.
CREATE TABLE oplog_seals (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  last_id         BIGINT UNSIGNED NOT NULL,
  last_hash       CHAR(64) CHARACTER SET ascii NOT NULL,
  token           BLOB NOT NULL,
  sealed_at       DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY oplog_seals_org (organisation_id, id),
  CONSTRAINT oplog_seals_org_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The entries written before this migration, chained in id order.
DELIMITER //
CREATE PROCEDURE oplog_chain_existing()
BEGIN
  DECLARE done INT DEFAULT 0;
  DECLARE v_id, v_org BIGINT UNSIGNED;
  DECLARE last_org BIGINT UNSIGNED DEFAULT 0;
  DECLARE prev CHAR(64) DEFAULT '';
  DECLARE c CURSOR FOR SELECT id, organisation_id FROM oplog ORDER BY organisation_id, id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
  OPEN c;
  walk: LOOP
    FETCH c INTO v_id, v_org;
    IF done THEN
      LEAVE walk;
    END IF;
    IF v_org <> last_org THEN
      SET prev = REPEAT('0', 64), last_org = v_org;
    END IF;
    UPDATE oplog SET prev_hash = prev, hash = SHA2(CONCAT_WS(CHAR(10),
        CONCAT(LENGTH(prev), ':', prev),
        CONCAT(LENGTH(organisation_id), ':', organisation_id),
        CONCAT(LENGTH(IFNULL(user_id, '')), ':', IFNULL(user_id, '')),
        CONCAT(LENGTH(IFNULL(contract_id, '')), ':', IFNULL(contract_id, '')),
        CONCAT(LENGTH(action), ':', action),
        CONCAT(LENGTH(detail), ':', detail),
        CONCAT(LENGTH(ip), ':', ip),
        CONCAT(LENGTH(rid), ':', rid),
        CONCAT('26:', DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'))), 256)
      WHERE id = v_id;
    SELECT hash INTO prev FROM oplog WHERE id = v_id;
  END LOOP;
  CLOSE c;
  INSERT INTO oplog_heads (organisation_id, last_id, last_hash)
    SELECT o.organisation_id, o.id, o.hash FROM oplog o
    WHERE o.id = (SELECT MAX(i.id) FROM oplog i WHERE i.organisation_id = o.organisation_id);
END //
DELIMITER ;
CALL oplog_chain_existing();
DROP PROCEDURE oplog_chain_existing;
