-- Background jobs: a queue in MariaDB that keiyaku-jobs claims with
-- SELECT ... FOR UPDATE SKIP LOCKED (any number of workers can share
-- it), the workers' heartbeats, in-app notifications, and what the
-- daily reminders job needs from the contract ledger.

-- One row per job.  organisation_id is NULL for a service-wide job.
-- A queued job runs when run_after has passed; a running one holds a
-- lease until locked_until, after which another worker takes it again
-- (its worker was killed).  A failed attempt goes back to queued with a
-- later run_after (exponential back-off) until max_attempts, then
-- stays failed with last_error.  unique_key makes an enqueue
-- idempotent: at most one job per key (a recurring job's key names its
-- day, so two workers never schedule it twice).
CREATE TABLE jobs (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NULL,
  kind            VARCHAR(32) CHARACTER SET ascii NOT NULL,
  payload         TEXT NOT NULL DEFAULT '',
  unique_key      VARCHAR(191) CHARACTER SET ascii NULL,
  state           ENUM('queued', 'running', 'done', 'failed') NOT NULL DEFAULT 'queued',
  attempts        SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  max_attempts    SMALLINT UNSIGNED NOT NULL DEFAULT 5,
  run_after       DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  locked_until    DATETIME(6) NULL,
  worker          VARCHAR(100) CHARACTER SET ascii NULL,
  last_error      VARCHAR(1000) NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  started_at      DATETIME(6) NULL,
  finished_at     DATETIME(6) NULL,
  UNIQUE KEY jobs_unique_key (unique_key),
  KEY jobs_due (state, run_after, id),
  KEY jobs_lease (state, locked_until),
  KEY jobs_org_id (organisation_id, id),
  KEY jobs_finished (state, finished_at),
  CONSTRAINT jobs_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT jobs_attempts CHECK (max_attempts BETWEEN 1 AND 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Each keiyaku-jobs process writes its heartbeat here every few
-- seconds (and removes its row when it stops), so that the admin jobs
-- page and /healthz can tell whether jobs are being run at all.
CREATE TABLE job_workers (
  worker       VARCHAR(100) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  started_at   DATETIME(6) NOT NULL,
  heartbeat_at DATETIME(6) NOT NULL,
  running      SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  KEY job_workers_heartbeat (heartbeat_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- In-app notifications for one user.  The text is made when the page
-- is shown, in the reader's language, from kind (expiry, notice,
-- renewed), the contract and due_date (the date the notification is
-- about) and days (how many days were left when it was made).
-- dedup_key makes each notification exist once per user, however
-- often the job that makes it runs.
CREATE TABLE notifications (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  kind            VARCHAR(32) CHARACTER SET ascii NOT NULL,
  contract_id     BIGINT UNSIGNED NULL,
  due_date        DATE NULL,
  days            INT NULL,
  dedup_key       VARCHAR(191) CHARACTER SET ascii NULL,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  read_at         DATETIME(6) NULL,
  UNIQUE KEY notifications_once (user_id, dedup_key),
  KEY notifications_list (organisation_id, user_id, id),
  KEY notifications_unread (user_id, read_at),
  CONSTRAINT notifications_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT notifications_contract FOREIGN KEY (contract_id) REFERENCES contracts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The user's unread notifications, kept with the notifications (in the
-- same transactions) so that the header shows the count without a
-- query of its own: the session's query reads it with the user.  The
-- daily reminders job counts them again, in case anything drifted.
ALTER TABLE users ADD COLUMN unread_notifications INT UNSIGNED NOT NULL DEFAULT 0;

-- History rows written by the system (the daily auto-renewal) have no
-- user: user_id NULL, and a reason that says what did it.
ALTER TABLE contract_history MODIFY user_id BIGINT UNSIGNED NULL;

-- The notice deadline (解約通知期限) as a column the dashboard and the
-- reminders can search by range; owner and status for "my drafts".
ALTER TABLE contracts
  ADD COLUMN notice_by DATE AS (expiry_date - INTERVAL notice_days DAY) VIRTUAL,
  ADD KEY contracts_notice_by (organisation_id, notice_by),
  ADD KEY contracts_owner_status (organisation_id, owner_id, status);

-- org.jobs.view: the organisation's background jobs (admin page).
-- (id 40: ids below are left to the permissions of other areas.)
INSERT INTO permissions (id, code, description) VALUES
  (40, 'org.jobs.view', 'See the background jobs of the organisation');

INSERT INTO role_permissions (role_id, permission_id) VALUES
  (1, 40);
