-- Support inquiries (お問い合わせ, issue 5): any signed-in user opens a
-- ticket; the operator answers in the console; the answer is mailed to
-- the user and shown on their ticket.  Each ticket's lead time is
-- counted in Japanese business days.
CREATE TABLE tickets (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  subject         VARCHAR(200) NOT NULL,
  state           ENUM('open', 'answered', 'closed') NOT NULL DEFAULT 'open',
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  answered_at     DATETIME(6) NULL,
  KEY tickets_org (organisation_id, id),
  KEY tickets_state (state, id),
  CONSTRAINT tickets_org_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT tickets_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE ticket_messages (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  ticket_id       BIGINT UNSIGNED NOT NULL,
  author_id       BIGINT UNSIGNED NOT NULL,
  from_operator   TINYINT(1) NOT NULL DEFAULT 0,
  body            TEXT NOT NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ticket_messages_ticket (organisation_id, ticket_id, id),
  CONSTRAINT ticket_messages_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id),
  CONSTRAINT ticket_messages_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
