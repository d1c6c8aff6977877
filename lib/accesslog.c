/*
 * The organisations' access log (sql/0022 access_log), in two steps so
 * that no request waits for the database:
 *
 *  1. each web worker appends a line per request of an organisation's
 *     user to org_access_log (one write(2) under a shared flock: tab-
 *     separated, tabs, line ends and backslashes escaped);
 *  2. the job worker, about once a second, loads the lines it has not
 *     loaded yet into access_log, many rows per statement and the
 *     whole batch with the file position in one transaction
 *     (access_log_cursor), so each line is loaded once; when everything
 *     is loaded and the file is large, it empties the file (under an
 *     exclusive flock, so that no line is lost).
 *
 * A row is in the table within about a second; one commit a second
 * instead of one per request (an fsync each: the signed-in dashboard
 * did 30 % fewer requests a second with a row written per request).
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accesslog.h"
#include "db.h"
#include "log.h"
#include "util.h"

#define FIELDS		10
#define BATCH		16	/* rows a statement: 160 placeholders */
#define READ_MAX	(4 << 20)	/* bytes a load reads at most */
#define TRUNCATE_AT	(8LL << 20)

#define ROW "(?, NULLIF(?, 0), ?, ?, LEFT(?, 8), LEFT(?, 2100), ?, ?, " \
	"LEFT(?, 255), LEAST(?, 4294967295))"
#define ROW4 ROW ", " ROW ", " ROW ", " ROW
#define ROWS_INSERT "INSERT INTO access_log (organisation_id, user_id, at, " \
	"ip, method, path, status, rid, user_agent, us) VALUES "

DB_STMT_GLOBAL(st_acl_batch,
    "the job worker loads every organisation's access log lines; each "
    "row carries the organisation its line names",
    ROWS_INSERT ROW4 ", " ROW4 ", " ROW4 ", " ROW4);
DB_STMT_GLOBAL(st_acl_one,
    "the job worker loads every organisation's access log lines; each "
    "row carries the organisation its line names",
    ROWS_INSERT ROW);
DB_STMT_GLOBAL(st_acl_cursor, "the loader's own position in its file",
    "SELECT inode, pos FROM access_log_cursor WHERE source = ? FOR UPDATE");
DB_STMT_GLOBAL(st_acl_cursor_set, "the loader's own position in its file",
    "INSERT INTO access_log_cursor (source, inode, pos) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE inode = VALUES(inode), pos = VALUES(pos)");

static int	wfd = -1;

int
accesslog_open(const char *path)
{
	if (wfd != -1)
		close(wfd);
	wfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	return wfd == -1 ? -1 : 0;
}

void
accesslog_close(void)
{
	if (wfd != -1)
		close(wfd);
	wfd = -1;
}

static void
field(struct buf *b, const char *s, int last)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\t')
			buf_adds(b, "\\t");
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '\r')
			buf_adds(b, "\\r");
		else if (*s == '\\')
			buf_adds(b, "\\\\");
		else
			buf_add(b, s, 1);
	}
	buf_add(b, last ? "\n" : "\t", 1);
}

/* Appends the line of one request (at: UTC, "YYYY-MM-DD HH:MM:SS.ffffff"). */
void
accesslog_write(const struct accesslog_row *a)
{
	struct buf	b = { NULL, 0, 0 };

	if (wfd == -1 || a->org <= 0)
		return;
	buf_addf(&b, "%lld\t%lld\t", a->org, a->user);
	field(&b, a->at, 0);
	field(&b, a->ip, 0);
	field(&b, a->method, 0);
	field(&b, a->path, 0);
	buf_addf(&b, "%d\t", a->status);
	field(&b, a->rid, 0);
	field(&b, a->ua, 0);
	buf_addf(&b, "%lld\n", a->us);
	/* Shared: the loader empties the file only while no one writes. */
	flock(wfd, LOCK_SH);
	if (write(wfd, b.data, b.len) != (ssize_t)b.len)
		log_err(a->rid, "access log of organisation %lld: %s", a->org,
		    strerror(errno));
	flock(wfd, LOCK_UN);
	buf_free(&b);
}

/* Undoes field()'s escapes in place. */
static void
unescape(char *s)
{
	char	*o = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' :
			    *s == 'r' ? '\r' : *s;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* Splits one line into FIELDS fields.  0, or -1 if it is not one. */
static int
split(char *line, char *f[FIELDS])
{
	size_t	i;

	for (i = 0; i < FIELDS; i++) {
		f[i] = line;
		line += strcspn(line, "\t");
		if (i + 1 < FIELDS) {
			if (*line != '\t')
				return -1;
			*line++ = '\0';
		}
	}
	if (*line != '\0')
		return -1;
	for (i = 0; i < FIELDS; i++)
		unescape(f[i]);
	return util_num(f[0]) > 0 ? 0 : -1;
}

static int
insert(struct db *db, struct db_param *p, size_t rows)
{
	return db_run_raw(db, "access-log", 0, rows == BATCH ? &st_acl_batch :
	    &st_acl_one, p, rows * FIELDS, NULL);
}

/*
 * Loads what the file has past the recorded position into access_log.
 * Returns the rows loaded, or -1 (logged; nothing recorded, so the
 * next load tries the same lines again).
 */
long long
accesslog_load(struct db *db, const char *path, const char *source)
{
	struct db_rows	 rows;
	struct stat	 st;
	struct db_param	 p[BATCH * FIELDS];
	char		*data = NULL, *line, *nl, *f[FIELDS];
	long long	 inode = 0, pos = 0, done = 0;
	ssize_t		 n;
	size_t		 len, k, inbatch = 0;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDWR | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) == -1 || db_tx_begin(db, "access-log") == -1) {
		close(fd);
		return -1;
	}
	if (db_run_raw(db, "access-log", 0, &st_acl_cursor,
	    (const struct db_param[]){ DBS(source) }, 1, &rows) == -1)
		goto out;
	if (rows.nrows == 1) {
		inode = util_num(DB_CELL(&rows, 0, 0));
		pos = util_num(DB_CELL(&rows, 0, 1));
	}
	db_rows_free(&rows);
	/* Another file, or this one emptied: from its start. */
	if (inode != (long long)st.st_ino || pos > (long long)st.st_size)
		pos = 0;
	len = (size_t)(st.st_size - pos < READ_MAX ? st.st_size - pos :
	    READ_MAX);
	data = xmalloc(len + 1);
	if ((n = pread(fd, data, len, pos)) < 0)
		goto out;
	data[n] = '\0';
	for (line = data; (nl = memchr(line, '\n', (size_t)(data + n -
	    line))) != NULL; line = nl + 1) {
		*nl = '\0';
		if (split(line, f) == -1) {
			log_err("access-log", "%s: a line at %lld is not one of "
			    "ours: skipped", path, pos + (long long)(line - data));
			continue;
		}
		for (k = 0; k < FIELDS; k++)
			p[inbatch * FIELDS + k] = k == 0 || k == 1 ?
			    DBI(util_num(f[k])) : k == 6 || k == 9 ?
			    DBI(util_num(f[k])) : DBS(f[k]);
		if (++inbatch == BATCH) {
			if (insert(db, p, BATCH) == -1)
				goto out;
			done += BATCH;
			inbatch = 0;
		}
	}
	/* The rest one by one (fewer than a batch). */
	for (k = 0; k < inbatch; k++) {
		if (insert(db, p + k * FIELDS, 1) == -1)
			goto out;
		done++;
	}
	pos += line - data;
	if (db_run_raw(db, "access-log", 0, &st_acl_cursor_set,
	    (const struct db_param[]){ DBS(source), DBI((long long)st.st_ino),
	    DBI(pos) }, 3, NULL) == -1 || db_tx_commit(db, "access-log") == -1)
		goto out;
	rc = 0;
	/*
	 * All loaded and the file large: empty it, while no worker
	 * writes, and start again at 0 (recorded first: a crash between
	 * loads the emptied lines twice rather than losing new ones).
	 */
	if (pos >= TRUNCATE_AT && flock(fd, LOCK_EX) == 0) {
		if (fstat(fd, &st) == 0 && st.st_size == pos &&
		    db_run_raw(db, "access-log", 0, &st_acl_cursor_set,
		    (const struct db_param[]){ DBS(source),
		    DBI((long long)st.st_ino), DBI(0) }, 3, NULL) == 0 &&
		    ftruncate(fd, 0) == -1)
			log_err("access-log", "%s: %s", path, strerror(errno));
		flock(fd, LOCK_UN);
	}
out:
	if (rc == -1)
		db_tx_rollback(db, "access-log");
	free(data);
	close(fd);
	return rc == -1 ? -1 : done;
}
