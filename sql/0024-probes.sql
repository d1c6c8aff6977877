-- Availability (SERVICE-LEVELS 5, 16): the job worker probes /healthz
-- once per probe_seconds (conf; a minute by default), one probe per
-- interval across every job worker (the slot is the key: INSERT IGNORE
-- claims it).  /ops/availability computes each month's availability
-- from these rows, planned maintenance excluded.
CREATE TABLE probes (
  slot   DATETIME NOT NULL PRIMARY KEY,  -- the interval's start (UTC)
  at     DATETIME(6) NULL,               -- when the answer came
  ok     TINYINT(1) NULL,                -- NULL: claimed, no answer recorded
  ms     INT UNSIGNED NULL,
  status SMALLINT UNSIGNED NULL,         -- HTTP status, 0 if none
  detail VARCHAR(200) NOT NULL DEFAULT ''
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
