-- An organisation's own security settings (issue 5): shorter session
-- timeouts than the service's (NULL: the service's, keiyaku.conf).
ALTER TABLE organisations
  ADD COLUMN session_idle     INT UNSIGNED NULL,
  ADD COLUMN session_lifetime INT UNSIGNED NULL;
