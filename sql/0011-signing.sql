-- Signing (issue 4): an approved contract is sent for signature to
-- internal users or external people, in order or all at once; each
-- signer confirms control of their address through a personal link and
-- the service signs the PDF on their behalf (立会人型, witness type),
-- one incremental update per signer, then seals it with a document
-- timestamp.  A contract may need several rounds (a signer declines, a
-- request expires or is cancelled, a new one is sent): each round is
-- one signing_requests row.
--
-- state: out (links live), completed (everyone signed: the contract is
-- executed), declined (a signer said no), cancelled (by the sender),
-- expired (past expires_at).  Only an 'out' request accepts anything.
CREATE TABLE signing_requests (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id    BIGINT UNSIGNED NOT NULL,
  contract_id        BIGINT UNSIGNED NOT NULL,
  state              ENUM('out', 'completed', 'declined', 'cancelled', 'expired')
                     NOT NULL DEFAULT 'out',
  ordering           ENUM('sequential', 'parallel') NOT NULL,
  message            VARCHAR(2000) NOT NULL DEFAULT '',
  expires_at         DATETIME(6) NOT NULL,
  -- Reminders: a signer who has not acted gets one remind_days before
  -- the expiry (and the day before).
  remind_days        SMALLINT UNSIGNED NOT NULL DEFAULT 3,
  sender_id          BIGINT UNSIGNED NOT NULL,
  -- The document as sent (a main version of the contract), the one
  -- with every signature so far, and the sealed one.
  source_document_id BIGINT UNSIGNED NOT NULL,
  current_document_id BIGINT UNSIGNED NOT NULL,
  final_document_id  BIGINT UNSIGNED NULL,
  certificate_document_id BIGINT UNSIGNED NULL,
  original_sha256    CHAR(64) CHARACTER SET ascii NOT NULL,
  final_sha256       CHAR(64) CHARACTER SET ascii NULL,
  created_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  finished_at        DATETIME(6) NULL,
  KEY signing_requests_contract (organisation_id, contract_id, id),
  KEY signing_requests_state (state, expires_at),
  CONSTRAINT signing_requests_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT signing_requests_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT signing_requests_sender FOREIGN KEY (sender_id) REFERENCES users (id),
  CONSTRAINT signing_requests_source FOREIGN KEY (source_document_id) REFERENCES documents (id),
  CONSTRAINT signing_requests_current FOREIGN KEY (current_document_id) REFERENCES documents (id),
  CONSTRAINT signing_requests_final FOREIGN KEY (final_document_id) REFERENCES documents (id),
  CONSTRAINT signing_requests_cert FOREIGN KEY (certificate_document_id) REFERENCES documents (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A signer.  method is how the signature is made: 'witness' (the
-- service signs after the signer proved control of the address);
-- 'party' is kept for signer-owned certificates (当事者型) later.
--
-- The optional access code (passed on by the sender by another
-- channel) is kept as an Argon2id hash; after five wrong codes the
-- signer's link stops working.
--
-- state: waiting (not yet their turn), sent, viewed, signed, declined,
-- cancelled (the request ended before they acted).
CREATE TABLE signers (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id  BIGINT UNSIGNED NOT NULL,
  request_id       BIGINT UNSIGNED NOT NULL,
  position         SMALLINT UNSIGNED NOT NULL,
  user_id          BIGINT UNSIGNED NULL,     -- an internal signer
  name             VARCHAR(100) NOT NULL,
  email            VARCHAR(254) NOT NULL,
  lang             CHAR(2) CHARACTER SET ascii NOT NULL DEFAULT 'ja',
  method           ENUM('witness', 'party') NOT NULL DEFAULT 'witness',
  state            ENUM('waiting', 'sent', 'viewed', 'signed', 'declined', 'cancelled')
                   NOT NULL DEFAULT 'waiting',
  code_hash        VARCHAR(255) CHARACTER SET ascii NULL,
  code_failures    SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  sent_at          DATETIME(6) NULL,
  viewed_at        DATETIME(6) NULL,
  consented_at     DATETIME(6) NULL,
  signed_at        DATETIME(6) NULL,
  declined_at      DATETIME(6) NULL,
  decline_reason   VARCHAR(1000) NOT NULL DEFAULT '',
  -- Where they signed or declined from.
  ip               VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  user_agent       VARCHAR(500) NOT NULL DEFAULT '',
  -- The version of the document that carries their signature.
  document_id      BIGINT UNSIGNED NULL,
  reminded_at      DATETIME(6) NULL,
  UNIQUE KEY signers_position (request_id, position),
  KEY signers_request (organisation_id, request_id, position),
  CONSTRAINT signers_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT signers_request_fk FOREIGN KEY (request_id) REFERENCES signing_requests (id),
  CONSTRAINT signers_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT signers_document FOREIGN KEY (document_id) REFERENCES documents (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The links: a 256-bit token each, stored as its SHA-256 only.  A
-- 'sign' link lets the signer view, sign or decline while the request
-- is out; a 'copy' link (mailed when everyone has signed, 30 days)
-- lets them download the executed document.  A new
-- link (resend, reminder, changed address, the turn of a sequential
-- signer) replaces the signer's earlier ones, which then answer 410
-- ("replaced"), as do links of a signer who has acted, of a request
-- that is no longer out, and links past expires_at.  A token that
-- matches no row (altered, made up) is 403.
CREATE TABLE signing_tokens (
  token_hash       CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  organisation_id  BIGINT UNSIGNED NOT NULL,
  signer_id        BIGINT UNSIGNED NOT NULL,
  purpose          ENUM('sign', 'copy') NOT NULL,
  expires_at       DATETIME(6) NOT NULL,
  replaced_at      DATETIME(6) NULL,
  created_at       DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY signing_tokens_signer (organisation_id, signer_id),
  CONSTRAINT signing_tokens_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT signing_tokens_signer_fk FOREIGN KEY (signer_id) REFERENCES signers (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Everything that happened to a request, with time, address and user
-- agent: sent, viewed, consented, signed, declined, reminded, resent,
-- email_changed, cancelled, expired, completed, and refused links
-- (link_refused: which token, why).  The evidence of the audit
-- certificate.  Append-only for the application.
CREATE TABLE signing_events (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id  BIGINT UNSIGNED NOT NULL,
  request_id       BIGINT UNSIGNED NOT NULL,
  signer_id        BIGINT UNSIGNED NULL,
  user_id          BIGINT UNSIGNED NULL,     -- staff who acted, if any
  event            VARCHAR(32) CHARACTER SET ascii NOT NULL,
  detail           VARCHAR(1000) NOT NULL DEFAULT '',
  ip               VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  user_agent       VARCHAR(500) NOT NULL DEFAULT '',
  at               DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY signing_events_request (organisation_id, request_id, id),
  CONSTRAINT signing_events_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT signing_events_request_fk FOREIGN KEY (request_id) REFERENCES signing_requests (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Links that were refused and matched no signer (altered or made up):
-- no organisation to log them under, so kept here for the operator.
CREATE TABLE signing_link_refusals (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash       CHAR(64) CHARACTER SET ascii NOT NULL,
  reason           VARCHAR(32) CHARACTER SET ascii NOT NULL,
  ip               VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  user_agent       VARCHAR(500) NOT NULL DEFAULT '',
  at               DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY signing_link_refusals_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The versions of a contract's document that signing made (each
-- signature, the document timestamp) name their request; a new round
-- starts again from the latest version someone uploaded.
ALTER TABLE documents ADD COLUMN signing_request_id BIGINT UNSIGNED NULL;

-- A message that carries a secret (a signing link) keeps only its
-- headers once the relay has taken it: the queue is no copy of links.
ALTER TABLE mail_queue ADD COLUMN secret TINYINT(1) NOT NULL DEFAULT 0;
