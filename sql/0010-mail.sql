-- Outgoing mail: a queue in MariaDB that the job worker delivers over
-- SMTP (job kind "mail", one job per message, enqueued in the same
-- transaction as the message).  The message is kept whole, as it is
-- sent (RFC 5322, multipart text and HTML, made from the templates in
-- the recipient's language when it is queued), so that a retry sends
-- exactly the same bytes and an admin can see what went out.  state:
-- queued (not yet delivered; last_error says why when a try failed),
-- sent (the relay took it: smtp_reply), failed (gave up after the
-- job's last attempt).
CREATE TABLE mail_queue (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  kind            VARCHAR(32) CHARACTER SET ascii NOT NULL,
  user_id         BIGINT UNSIGNED NULL,
  contract_id     BIGINT UNSIGNED NULL,
  to_addr         VARCHAR(254) NOT NULL,
  subject         VARCHAR(500) NOT NULL,
  message_id      VARCHAR(200) CHARACTER SET ascii NOT NULL,
  message         MEDIUMBLOB NOT NULL,
  state           ENUM('queued', 'sent', 'failed') NOT NULL DEFAULT 'queued',
  attempts        SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  last_error      VARCHAR(1000) NOT NULL DEFAULT '',
  smtp_reply      VARCHAR(500) NOT NULL DEFAULT '',
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  sent_at         DATETIME(6) NULL,
  KEY mail_queue_org (organisation_id, id),
  KEY mail_queue_state (state, id),
  CONSTRAINT mail_queue_org_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
