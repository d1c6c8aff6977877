-- The workflow from draft to executed: approval routes defined by each
-- organisation's admin, the approval of one contract (its steps copied
-- from the route when review starts, so later edits of the route never
-- change an approval under way), who must decide each step, the
-- decisions, and comments on contracts.

CREATE TABLE approval_routes (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(100) NOT NULL,
  type_id         BIGINT UNSIGNED NULL,      -- chosen for this contract type
  active          TINYINT(1) NOT NULL DEFAULT 1,
  created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY approval_routes_name (organisation_id, name),
  KEY approval_routes_type (organisation_id, type_id),
  CONSTRAINT approval_routes_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT approval_routes_type_fk FOREIGN KEY (type_id) REFERENCES contract_types (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Ordered steps: a user, a role or a department, any one or all of them.
CREATE TABLE approval_route_steps (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  route_id        BIGINT UNSIGNED NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  approver_kind   ENUM('user', 'role', 'department') NOT NULL,
  approver_id     BIGINT UNSIGNED NOT NULL,
  rule            ENUM('any', 'all') NOT NULL DEFAULT 'any',
  UNIQUE KEY approval_route_steps_pos (route_id, position),
  KEY approval_route_steps_org (organisation_id, route_id),
  CONSTRAINT approval_route_steps_route FOREIGN KEY (route_id) REFERENCES approval_routes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One approval of one contract.
CREATE TABLE approvals (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  route_id        BIGINT UNSIGNED NOT NULL,
  route_name      VARCHAR(100) NOT NULL,
  state           ENUM('review', 'approval', 'approved', 'rejected', 'withdrawn') NOT NULL DEFAULT 'review',
  position        SMALLINT UNSIGNED NOT NULL DEFAULT 0,   -- the step now deciding
  started_by      BIGINT UNSIGNED NOT NULL,
  started_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  finished_at     DATETIME(6) NULL,
  KEY approvals_contract (organisation_id, contract_id, id),
  CONSTRAINT approvals_org FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT approvals_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT approvals_route FOREIGN KEY (route_id) REFERENCES approval_routes (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE approval_steps (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  approval_id     BIGINT UNSIGNED NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  approver_kind   ENUM('user', 'role', 'department') NOT NULL,
  approver_id     BIGINT UNSIGNED NOT NULL,
  rule            ENUM('any', 'all') NOT NULL,
  state           ENUM('waiting', 'pending', 'approved', 'rejected', 'sent_back') NOT NULL DEFAULT 'waiting',
  UNIQUE KEY approval_steps_pos (approval_id, position),
  KEY approval_steps_org (organisation_id, approval_id),
  CONSTRAINT approval_steps_approval FOREIGN KEY (approval_id) REFERENCES approvals (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Who must decide a pending step: the users a step names, resolved when
-- the step becomes pending.  Also what lets an approver see the
-- contract, and the dashboard's "waiting for my approval".
CREATE TABLE approval_assignments (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  step_id         BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  decision        ENUM('approve', 'reject', 'send_back') NULL,
  comment         VARCHAR(2000) NOT NULL DEFAULT '',
  decided_at      DATETIME(6) NULL,
  UNIQUE KEY approval_assignments_one (step_id, user_id),
  KEY approval_assignments_user (organisation_id, user_id, decision),
  KEY approval_assignments_contract (organisation_id, contract_id, user_id),
  CONSTRAINT approval_assignments_step FOREIGN KEY (step_id) REFERENCES approval_steps (id),
  CONSTRAINT approval_assignments_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Comments on a contract, threaded (parent_id), with mentions.
CREATE TABLE contract_comments (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT UNSIGNED NOT NULL,
  contract_id     BIGINT UNSIGNED NOT NULL,
  parent_id       BIGINT UNSIGNED NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  body            TEXT NOT NULL,
  at              DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY contract_comments_contract (organisation_id, contract_id, id),
  CONSTRAINT contract_comments_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT contract_comments_parent FOREIGN KEY (parent_id) REFERENCES contract_comments (id),
  CONSTRAINT contract_comments_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE comment_mentions (
  organisation_id BIGINT UNSIGNED NOT NULL,
  comment_id      BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (comment_id, user_id),
  KEY comment_mentions_user (organisation_id, user_id),
  CONSTRAINT comment_mentions_comment FOREIGN KEY (comment_id) REFERENCES contract_comments (id),
  CONSTRAINT comment_mentions_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- contracts.review: do the legal review (send on to approval, or back);
-- workflow.admin: define the approval routes;
-- contracts.comment: comment on the contracts one can see.
INSERT INTO permissions (id, code, description) VALUES
  (20, 'contracts.review',  'Do the legal review of contracts'),
  (21, 'workflow.admin',    'Define the approval routes of the organisation'),
  (22, 'contracts.comment', 'Comment on the contracts one can see');

INSERT INTO role_permissions (role_id, permission_id) VALUES
  (1, 20), (1, 21), (1, 22),
  (2, 20), (2, 22),
  (3, 22);
