-- How far the job worker has loaded each access log file into
-- access_log (lib/accesslog.c): the file (its inode) and the byte after
-- the last line loaded, updated in the transaction of the rows.
-- source names the host and the file (each web node has its own).
CREATE TABLE access_log_cursor (
  source VARCHAR(300) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  inode  BIGINT UNSIGNED NOT NULL,
  pos    BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
