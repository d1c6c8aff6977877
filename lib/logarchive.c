/*
 * Archiving the logs customers can use: rows of the access log and of
 * the operation log older than log_keep_days (184 at least) move to
 * gzip'ed CSV files, archive_dir/ORG/KIND-FIRST-LAST.csv.gz, listed in
 * log_archives with their SHA-256 (and, for the operation log, the
 * chain hashes at both ends, so that oplog_verify() checks the chain
 * across them).
 *
 * Only the archive account (conf archive_db_user) may delete log rows;
 * the web workers' account may not.  For each file: the rows are read
 * in id order, written to a temporary file, fsync'ed and renamed into
 * place; then one transaction records the file and deletes exactly
 * those rows; if it fails the file is removed again.  The operation
 * log is archived only when its chain verifies, so what goes to a file
 * is known good, and only a prefix of it (the chain stays whole).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "logarchive.h"
#include "oplog.h"
#include "util.h"

#define FILE_ROWS	100000	/* rows in one file at most */
#define CHUNK		5000

DB_STMT_TENANT(st_la_access_upto,
    "SELECT MAX(id) FROM access_log WHERE organisation_id = ? AND "
    "at < NOW(6) - INTERVAL ? DAY");
DB_STMT_TENANT(st_la_oplog_upto,
    "SELECT MAX(id) FROM oplog WHERE organisation_id = ? AND "
    "at < NOW(6) - INTERVAL ? DAY");
DB_STMT_TENANT(st_la_access_rows,
    "SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s.%f'), "
    "IFNULL(a.user_id, ''), IFNULL(u.email, ''), a.ip, a.method, a.path, "
    "a.status, a.rid, a.user_agent, a.us FROM access_log a LEFT JOIN users u "
    "ON u.id = a.user_id WHERE a.organisation_id = ? AND a.id > ? AND "
    "a.id <= ? ORDER BY a.id LIMIT 5000");
DB_STMT_TENANT(st_la_oplog_rows,
    "SELECT o.id, DATE_FORMAT(o.at, '%Y-%m-%d %H:%i:%s.%f'), "
    "IFNULL(o.user_id, ''), IFNULL(u.email, ''), IFNULL(o.contract_id, ''), "
    "o.action, o.detail, o.ip, o.rid, o.prev_hash, o.hash FROM oplog o "
    "LEFT JOIN users u ON u.id = o.user_id WHERE o.organisation_id = ? AND "
    "o.id > ? AND o.id <= ? ORDER BY o.id LIMIT 5000");
DB_STMT_TENANT(st_la_add,
    "INSERT INTO log_archives (organisation_id, kind, first_id, last_id, "
    "first_at, last_at, nrows, file, bytes, sha256, prev_hash, last_hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_la_access_del,
    "DELETE FROM access_log WHERE organisation_id = ? AND id >= ? AND "
    "id <= ?");
DB_STMT_TENANT(st_la_oplog_del,
    "DELETE FROM oplog WHERE organisation_id = ? AND id >= ? AND id <= ?");

static const char *const access_head =
    "id,at_utc,user_id,email,ip,method,path,status,request_id,user_agent,us";
static const char *const oplog_head =
    "id,at_utc,user_id,email,contract_id,action,detail,ip,request_id,"
    "prev_hash,hash";

/* archive_dir/ORG/FILE for a file name of ours, or NULL. */
char *
logarchive_path(const struct conf *c, long long org, const char *file)
{
	if (c->archive_dir == NULL || file == NULL || *file == '\0' ||
	    strspn(file, "abcdefghijklmnopqrstuvwxyz0123456789-.") !=
	    strlen(file) || strstr(file, "..") != NULL)
		return NULL;
	return xasprintf("%s/%lld/%s", c->archive_dir, org, file);
}

/* The archive account's connection (its own copy of the conf in ac). */
static struct db *
archive_db(const struct conf *c, struct conf *ac, char *err, size_t errsz)
{
	struct db	*d;
	FILE		*f;
	char		 pw[512];

	if (c->archive_db_user == NULL || c->archive_db_password_file == NULL ||
	    c->archive_dir == NULL) {
		snprintf(err, errsz, "archive_db_user, archive_db_password_file "
		    "and archive_dir are not configured");
		return NULL;
	}
	if ((f = fopen(c->archive_db_password_file, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", c->archive_db_password_file,
		    strerror(errno));
		return NULL;
	}
	if (fgets(pw, sizeof(pw), f) == NULL)
		pw[0] = '\0';
	fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	*ac = *c;
	ac->db_user = c->archive_db_user;
	ac->db_password = xstrdup(pw);
	OPENSSL_cleanse(pw, sizeof(pw));
	if ((d = db_open(ac, err, errsz)) == NULL) {
		free(ac->db_password);
		ac->db_password = NULL;
	}
	return d;
}

static int
fsync_dir(const char *dir)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* SHA-256 (hex) and size of a file.  0, or -1. */
int
logarchive_file_sha256(const char *path, char out[65], long long *size)
{
	EVP_MD_CTX	*md;
	unsigned char	 b[65536], h[32];
	unsigned int	 hl;
	ssize_t		 n;
	int		 fd, rc = -1;

	*size = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		goto out;
	while ((n = read(fd, b, sizeof(b))) > 0) {
		EVP_DigestUpdate(md, b, (size_t)n);
		*size += n;
	}
	if (n == 0 && EVP_DigestFinal_ex(md, h, &hl) == 1) {
		util_hex(h, 32, out);
		rc = 0;
	}
out:
	EVP_MD_CTX_free(md);
	close(fd);
	return rc;
}

struct one {
	const char	*kind;
	long long	 first, last, nrows;
	char		 first_at[40], last_at[40];
	char		 prev_hash[65], last_hash[65];
};

/*
 * Writes rows (after, upto] (FILE_ROWS at most) of one log to gz, in
 * CSV.  Fills o.  0, or -1.
 */
static int
write_rows(struct db *db, const char *rid, long long org, int oplog,
    long long after, long long upto, gzFile gz, struct one *o)
{
	struct db_rows	 rows;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i, k;
	int		 more = 1;

	buf_addf(&b, "%s\r\n", oplog ? oplog_head : access_head);
	while (more && o->nrows < FILE_ROWS) {
		if (db_run_raw(db, rid, org, oplog ? &st_la_oplog_rows :
		    &st_la_access_rows, (const struct db_param[]){ DBI(after),
		    DBI(upto) }, 2, &rows) == -1) {
			buf_free(&b);
			return -1;
		}
		for (i = 0; i < rows.nrows; i++) {
			for (k = 0; k < rows.ncols; k++)
				util_csv_cell(&b, DB_CELL(&rows, i, k),
				    k + 1 == rows.ncols);
			if (o->nrows++ == 0) {
				o->first = util_num(DB_CELL(&rows, i, 0));
				snprintf(o->first_at, sizeof(o->first_at),
				    "%s", DB_CELL(&rows, i, 1));
				if (oplog)
					snprintf(o->prev_hash,
					    sizeof(o->prev_hash), "%s",
					    DB_CELL(&rows, i, 9));
			}
			o->last = util_num(DB_CELL(&rows, i, 0));
			snprintf(o->last_at, sizeof(o->last_at), "%s",
			    DB_CELL(&rows, i, 1));
			if (oplog)
				snprintf(o->last_hash, sizeof(o->last_hash),
				    "%s", DB_CELL(&rows, i, 10));
		}
		more = rows.nrows == CHUNK;
		after = o->last;
		db_rows_free(&rows);
		if (b.len > 0 && gzwrite(gz, b.data, (unsigned)b.len) !=
		    (int)b.len) {
			buf_free(&b);
			return -1;
		}
		buf_reset(&b);
	}
	buf_free(&b);
	return 0;
}

/*
 * One file of one log: rows after "after" up to upto.  Returns the
 * number of rows moved (0: none left), or -1 (err).
 */
static long long
archive_one(struct db *db, const struct conf *c, const char *rid,
    long long org, int oplog, long long after, long long upto,
    long long *last, char *err, size_t errsz)
{
	struct one	 o;
	char		*dir, *tmp, *dst = NULL, name[96], sha[65];
	long long	 bytes;
	gzFile		 gz;
	int		 fd, rc = -1;

	memset(&o, 0, sizeof(o));
	o.kind = oplog ? "oplog" : "access";
	dir = xasprintf("%s/%lld", c->archive_dir, org);
	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	tmp = xasprintf("%s/.tmp-%s-%lld-%d", dir, o.kind, after, getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0640)) == -1) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if ((gz = gzdopen(dup(fd), "wb6")) == NULL) {
		close(fd);
		snprintf(err, errsz, "gzdopen failed");
		goto out;
	}
	if (write_rows(db, rid, org, oplog, after, upto, gz, &o) == -1) {
		gzclose(gz);
		close(fd);
		snprintf(err, errsz, "reading the %s log failed", o.kind);
		goto out;
	}
	if (gzclose(gz) != Z_OK || fsync(fd) == -1 || close(fd) == -1) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (o.nrows == 0) {
		rc = 0;
		goto out;
	}
	snprintf(name, sizeof(name), "%s-%lld-%lld.csv.gz", o.kind, o.first,
	    o.last);
	dst = xasprintf("%s/%s", dir, name);
	if (logarchive_file_sha256(tmp, sha, &bytes) == -1 ||
	    rename(tmp, dst) == -1 || fsync_dir(dir) == -1) {
		snprintf(err, errsz, "%s: %s", dst, strerror(errno));
		goto out;
	}
	/* The file is in place: record it and delete what it holds. */
	if (db_tx_begin(db, rid) == -1 ||
	    db_run_raw(db, rid, org, &st_la_add, (const struct db_param[]){
	    DBS(o.kind), DBI(o.first), DBI(o.last), DBS(o.first_at),
	    DBS(o.last_at), DBI(o.nrows), DBS(name), DBI(bytes), DBS(sha),
	    DBS(o.prev_hash), DBS(o.last_hash) }, 11, NULL) == -1 ||
	    db_run_raw(db, rid, org, oplog ? &st_la_oplog_del :
	    &st_la_access_del, (const struct db_param[]){ DBI(o.first),
	    DBI(o.last) }, 2, NULL) == -1 || db_tx_commit(db, rid) == -1) {
		db_tx_rollback(db, rid);
		unlink(dst);
		snprintf(err, errsz, "recording the archive %s failed", name);
		goto out;
	}
	log_info(rid, "organisation %lld: %lld %s log rows (%lld-%lld) "
	    "archived to %s", org, o.nrows, o.kind, o.first, o.last, dst);
	*last = o.last;
	rc = 1;
out:
	if (rc != 1)
		unlink(tmp);
	free(tmp);
	free(dst);
	free(dir);
	return rc == 1 ? o.nrows : rc;
}

/* The highest id of kind older than the days kept, 0 if none; -1. */
static long long
upto_of(struct db *db, const char *rid, long long org, int oplog,
    long long days)
{
	struct db_rows	rows;
	long long	v;

	if (db_run_raw(db, rid, org, oplog ? &st_la_oplog_upto :
	    &st_la_access_upto, (const struct db_param[]){ DBI(days) }, 1,
	    &rows) == -1)
		return -1;
	v = util_num(DB_CELL(&rows, 0, 0));
	db_rows_free(&rows);
	return v;
}

/*
 * Moves organisation org's log rows older than c->log_keep_days to
 * files.  Counts in n.  0, or -1 (err).
 */
int
logarchive_run(const struct conf *c, const char *rid, long long org,
    struct logarchive_counts *n, char *err, size_t errsz)
{
	struct conf		 ac;
	struct db		*db;
	struct oplog_check	 v;
	long long		 upto, after, moved, last;
	int			 oplog, rc = -1;

	memset(n, 0, sizeof(*n));
	if ((db = archive_db(c, &ac, err, errsz)) == NULL)
		return -1;
	for (oplog = 0; oplog <= 1; oplog++) {
		if ((upto = upto_of(db, rid, org, oplog,
		    c->log_keep_days)) == -1) {
			snprintf(err, errsz, "reading the logs failed");
			goto out;
		}
		if (upto == 0)
			continue;
		if (oplog) {
			/* Only a chain known good goes to a file. */
			if (oplog_verify(db, c, rid, org, &v) == -1) {
				snprintf(err, errsz, "checking the chain failed");
				goto out;
			}
			if (!v.ok) {
				snprintf(err, errsz, "the operation log's chain "
				    "breaks (%s): nothing archived", v.why);
				goto out;
			}
		}
		after = 0;
		for (;;) {
			last = 0;
			moved = archive_one(db, c, rid, org, oplog, after, upto,
			    &last, err, errsz);
			if (moved == -1)
				goto out;
			if (moved == 0)
				break;
			n->files++;
			if (oplog)
				n->oplog_rows += moved;
			else
				n->access_rows += moved;
			after = last;
		}
	}
	rc = 0;
out:
	db_close(db);
	free(ac.db_password);
	return rc;
}
