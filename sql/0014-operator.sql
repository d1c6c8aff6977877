-- The service operator's console (issue 5): an organisation can be
-- suspended (its users cannot sign in, their sessions end; its data is
-- kept), and has a registered contact for incident and maintenance
-- notices.
ALTER TABLE organisations
  ADD COLUMN suspended_at  DATETIME(6) NULL,
  ADD COLUMN contact_name  VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN contact_email VARCHAR(254) NOT NULL DEFAULT '',
  ADD COLUMN contact_phone VARCHAR(40) NOT NULL DEFAULT '';

-- A sign-in with the right password into a suspended organisation.
ALTER TABLE login_attempts MODIFY COLUMN reason
  ENUM('ok', 'bad_password', 'unknown_user', 'throttled', 'locked', 'suspended') NOT NULL;
