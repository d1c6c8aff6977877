/*
 * The operation log, chained (lib/oplog.h, sql/0013-oplog-chain.sql).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "db.h"
#include "http.h"
#include "log.h"
#include "logarchive.h"
#include "oplog.h"
#include "signer.h"
#include "util.h"

#define ZEROS	"0000000000000000000000000000000000000000000000000000000000000000"

DB_STMT_TENANT(st_oplog_head,
    "SELECT last_id, last_hash FROM oplog_heads WHERE organisation_id = ? "
    "FOR UPDATE");
DB_STMT_TENANT(st_oplog_head_new,
    "INSERT IGNORE INTO oplog_heads (organisation_id, last_id, last_hash) "
    "VALUES (?, 0, '" ZEROS "')");
DB_STMT_TENANT(st_oplog_add,
    "INSERT INTO oplog (organisation_id, user_id, contract_id, action, "
    "detail, ip, rid, at, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_oplog_head_set,
    "UPDATE oplog_heads SET organisation_id = ?, last_id = ?, last_hash = ? "
    "WHERE organisation_id = ?");
DB_STMT_TENANT(st_oplog_chain,
    "SELECT id, IFNULL(user_id, ''), IFNULL(contract_id, ''), action, "
    "detail, ip, rid, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'), prev_hash, "
    "hash FROM oplog WHERE organisation_id = ? AND id > ? ORDER BY id "
    "LIMIT 5000");
DB_STMT_TENANT(st_oplog_archives,
    "SELECT id, first_id, last_id, prev_hash, last_hash, file, sha256, "
    "nrows FROM log_archives WHERE organisation_id = ? AND kind = 'oplog' "
    "ORDER BY last_id");
DB_STMT_TENANT(st_oplog_head_get,
    "SELECT last_id, last_hash FROM oplog_heads WHERE organisation_id = ?");
DB_STMT_TENANT(st_oplog_seals,
    "SELECT s.last_id, s.last_hash, o.hash FROM oplog_seals s "
    "LEFT JOIN oplog o ON o.organisation_id = s.organisation_id AND "
    "o.id = s.last_id WHERE s.organisation_id = ? ORDER BY s.id");

DB_STMT_TENANT(st_oplog_last_seal,
    "SELECT last_id FROM oplog_seals WHERE organisation_id = ? "
    "ORDER BY id DESC LIMIT 1");
DB_STMT_TENANT(st_oplog_seal_add,
    "INSERT INTO oplog_seals (organisation_id, last_id, last_hash, token) "
    "VALUES (?, ?, ?, ?)");

static void
field(EVP_MD_CTX *m, const char *s, int last)
{
	char	len[24];

	snprintf(len, sizeof(len), "%zu:", strlen(s));
	EVP_DigestUpdate(m, len, strlen(len));
	EVP_DigestUpdate(m, s, strlen(s));
	if (!last)
		EVP_DigestUpdate(m, "\n", 1);
}

/* The hash of an entry, as the migration defines it. */
void
oplog_hash(const char *prev, long long org, const char *user,
    const char *contract, const char *action, const char *detail,
    const char *ip, const char *rid, const char *at, char out[65])
{
	EVP_MD_CTX	*m = EVP_MD_CTX_new();
	unsigned char	 md[32];
	char		 o[24];

	snprintf(o, sizeof(o), "%lld", org);
	if (m == NULL || EVP_DigestInit_ex(m, EVP_sha256(), NULL) != 1) {
		memset(out, 'x', 64);	/* matches nothing */
		out[64] = '\0';
		EVP_MD_CTX_free(m);
		return;
	}
	field(m, prev, 0);
	field(m, o, 0);
	field(m, user, 0);
	field(m, contract, 0);
	field(m, action, 0);
	field(m, detail, 0);
	field(m, ip, 0);
	field(m, rid, 0);
	field(m, at, 1);
	EVP_DigestFinal_ex(m, md, NULL);
	EVP_MD_CTX_free(m);
	util_hex(md, 32, out);
}

int
oplog_add(struct req *r, long long contract, const char *action,
    const char *detail)
{
	return oplog_add_raw(r->db, r->rid, r->user.org_id, r->user.user_id,
	    contract, action, detail, r->remote_addr);
}

void
oplog_diff(struct buf *b, const char *name, const char *old, const char *new)
{
	if (old == NULL)
		old = "";
	if (new == NULL)
		new = "";
	if (strcmp(old, new) == 0)
		return;
	if (b->len == 0)
		buf_add(b, "", 0);
	buf_addf(b, "%s%s: %s → %s", b->len ? "; " : "", name, old, new);
}

/*
 * One entry at the end of the organisation's chain: its head locked
 * (in the caller's transaction, or one of its own), the entry hashed
 * over the head's hash, the head moved on.  0, or -1.
 */
int
oplog_add_raw(struct db *db, const char *rid, long long org, long long user,
    long long contract, const char *action, const char *detail,
    const char *ip)
{
	struct db_rows	 h, ins;
	struct timespec	 ts;
	struct tm	 tm;
	char		 at[80], us[24], cs[24], prev[65], hash[65];
	int		 own = !db_in_tx(db), rc = -1;

	if (org <= 0)
		return -1;
	if (detail == NULL)
		detail = "";
	if (ip == NULL)
		ip = "";
	if (rid == NULL)
		rid = "";
	if (own && db_tx_begin(db, rid) == -1)
		return -1;
#define OP_RUN(st, rows, ...) \
	db_run_raw(db, rid, org, (st), (const struct db_param[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_param), (rows))
	if (db_run_raw(db, rid, org, &st_oplog_head, NULL, 0, &h) == -1)
		goto out;
	if (h.nrows == 0) {
		/* The organisation's first entry: its head made first. */
		db_rows_free(&h);
		if (db_run_raw(db, rid, org, &st_oplog_head_new, NULL, 0,
		    NULL) == -1 ||
		    db_run_raw(db, rid, org, &st_oplog_head, NULL, 0, &h) == -1)
			goto out;
	}
	if (h.nrows != 1) {
		db_rows_free(&h);
		goto out;
	}
	snprintf(prev, sizeof(prev), "%s", DB_CELL(&h, 0, 1));
	db_rows_free(&h);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(at, sizeof(at), "%04d-%02d-%02d %02d:%02d:%02d.%06ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
	snprintf(us, sizeof(us), "%lld", user > 0 ? user : 0);
	snprintf(cs, sizeof(cs), "%lld", contract > 0 ? contract : 0);
	oplog_hash(prev, org, user > 0 ? us : "", contract > 0 ? cs : "",
	    action, detail, ip, rid, at, hash);
	if (OP_RUN(&st_oplog_add, &ins,
	    user > 0 ? DBI(user) : DBS(NULL),
	    contract > 0 ? DBI(contract) : DBS(NULL), DBS(action),
	    DBS(detail), DBS(ip), DBS(rid), DBS(at), DBS(prev),
	    DBS(hash)) == -1)
		goto out;
	rc = OP_RUN(&st_oplog_head_set, NULL, DBI(ins.insert_id), DBS(hash),
	    DBI(org)) == -1 ? -1 : 0;
	db_rows_free(&ins);
#undef OP_RUN
out:
	if (own) {
		if (rc == 0 && db_tx_commit(db, rid) == -1)
			rc = -1;
		if (rc == -1)
			db_tx_rollback(db, rid);
	}
	return rc;
}

/*
 * Walks organisation org's chain from its first entry: every entry's
 * hash recomputed, every link to the one before checked, the head and
 * the daily seals compared.  Fills v; 0, or -1 when the database could
 * not be read.
 */
/*
 * The files older entries were archived to (lib/logarchive.c), in
 * order: each must follow the one before (its first entry's previous
 * hash is the last hash of that one) and hold what it held when it was
 * written (its SHA-256).  Leaves in prev and *after where the entries
 * in the table must go on.  0, or -1.
 */
static int
verify_archives(struct db *db, const struct conf *c, const char *rid,
    long long org, struct oplog_check *v, char prev[65], long long *after)
{
	struct db_rows	 rows;
	char		*path, sha[65];
	long long	 size;
	size_t		 i;

	if (db_run_raw(db, rid, org, &st_oplog_archives, NULL, 0, &rows) == -1)
		return -1;
	for (i = 0; i < rows.nrows && v->ok; i++) {
		path = logarchive_path(c, org, DB_CELL(&rows, i, 5));
		if (strcmp(DB_CELL(&rows, i, 3), prev) != 0) {
			v->ok = 0;
			v->bad_id = util_num(DB_CELL(&rows, i, 1));
			snprintf(v->why, sizeof(v->why), "archived entry %lld "
			    "does not follow entry %lld: an archive is missing",
			    v->bad_id, *after);
		} else if (path == NULL ||
		    logarchive_file_sha256(path, sha, &size) == -1 ||
		    strcmp(sha, DB_CELL(&rows, i, 6)) != 0) {
			v->ok = 0;
			v->bad_id = util_num(DB_CELL(&rows, i, 1));
			snprintf(v->why, sizeof(v->why), "the archive of entries "
			    "%s to %s (%s) is missing or was altered",
			    DB_CELL(&rows, i, 1), DB_CELL(&rows, i, 2),
			    DB_CELL(&rows, i, 5));
		} else {
			snprintf(prev, 65, "%s", DB_CELL(&rows, i, 4));
			*after = util_num(DB_CELL(&rows, i, 2));
			v->archived += util_num(DB_CELL(&rows, i, 7));
			v->last_id = *after;
		}
		free(path);
	}
	db_rows_free(&rows);
	return 0;
}

int
oplog_verify(struct db *db, const struct conf *c, const char *rid,
    long long org, struct oplog_check *v)
{
	struct db_rows	 rows;
	char		 prev[65] = ZEROS, want[65];
	long long	 after = 0, id, archived_to;
	size_t		 i;

	memset(v, 0, sizeof(*v));
	v->ok = 1;
	if (verify_archives(db, c, rid, org, v, prev, &after) == -1)
		return -1;
	if (!v->ok)
		return 0;
	archived_to = after;
	for (;;) {
		if (db_run_raw(db, rid, org, &st_oplog_chain,
		    (const struct db_param[]){ DBI(after) }, 1, &rows) == -1)
			return -1;
		for (i = 0; i < rows.nrows && v->ok; i++) {
			id = util_num(DB_CELL(&rows, i, 0));
			oplog_hash(DB_CELL(&rows, i, 8), org,
			    DB_CELL(&rows, i, 1), DB_CELL(&rows, i, 2),
			    DB_CELL(&rows, i, 3), DB_CELL(&rows, i, 4),
			    DB_CELL(&rows, i, 5), DB_CELL(&rows, i, 6),
			    DB_CELL(&rows, i, 7), want);
			if (strcmp(DB_CELL(&rows, i, 8), prev) != 0) {
				v->ok = 0;
				v->bad_id = id;
				snprintf(v->why, sizeof(v->why), "entry %lld does "
				    "not follow entry %lld: the entries between "
				    "were removed, or it was moved", id,
				    v->last_id);
			} else if (strcmp(want, DB_CELL(&rows, i, 9)) != 0) {
				v->ok = 0;
				v->bad_id = id;
				snprintf(v->why, sizeof(v->why), "entry %lld was "
				    "altered: its content does not match its "
				    "hash", id);
			} else {
				snprintf(prev, sizeof(prev), "%s",
				    DB_CELL(&rows, i, 9));
				v->last_id = id;
				v->entries++;
			}
		}
		i = rows.nrows;
		db_rows_free(&rows);
		if (!v->ok || i < 5000)
			break;
		after = v->last_id;
	}
	if (!v->ok)
		return 0;
	/* Nothing cut from the end: the head, and every seal, still match. */
	if (db_run_raw(db, rid, org, &st_oplog_head_get, NULL, 0, &rows) == -1)
		return -1;
	if (rows.nrows == 1 && (util_num(DB_CELL(&rows, 0, 0)) != v->last_id ||
	    strcmp(DB_CELL(&rows, 0, 1), prev) != 0)) {
		v->ok = 0;
		v->bad_id = util_num(DB_CELL(&rows, 0, 0));
		snprintf(v->why, sizeof(v->why), "the chain ends at entry %lld "
		    "but its head names entry %lld: entries were removed from "
		    "the end", v->last_id, v->bad_id);
	}
	db_rows_free(&rows);
	if (!v->ok)
		return 0;
	if (db_run_raw(db, rid, org, &st_oplog_seals, NULL, 0, &rows) == -1)
		return -1;
	for (i = 0; i < rows.nrows; i++) {
		/* A seal of an archived entry: the archive was checked. */
		if (util_num(DB_CELL(&rows, i, 0)) <= archived_to)
			continue;
		v->seals++;
		if (DB_CELL(&rows, i, 2) == NULL ||
		    strcmp(DB_CELL(&rows, i, 1), DB_CELL(&rows, i, 2)) != 0) {
			v->ok = 0;
			v->bad_id = util_num(DB_CELL(&rows, i, 0));
			snprintf(v->why, sizeof(v->why), "entry %lld, sealed "
			    "with its hash, is gone or different", v->bad_id);
			break;
		}
	}
	db_rows_free(&rows);
	return 0;
}

/*
 * The daily seal of organisation org's chain: an RFC 3161 token from
 * the signer over SHA-256 of "ORG:LAST_ID:LAST_HASH" of its head, kept
 * in oplog_seals (nothing new since the last seal: nothing to do).
 * 1 sealed, 0 nothing to seal, -1 error (err).
 */
int
oplog_seal(struct db *db, const char *sock, const char *rid, long long org,
    char *err, size_t errsz)
{
	struct db_rows	 h, l;
	struct buf	 der = { NULL, 0, 0 };
	unsigned char	 md[32];
	char		*msg = NULL;
	long long	 last;
	int		 rc = -1;

	if (db_run_raw(db, rid, org, &st_oplog_head_get, NULL, 0, &h) == -1) {
		snprintf(err, errsz, "database");
		return -1;
	}
	if (h.nrows != 1 || (last = util_num(DB_CELL(&h, 0, 0))) == 0) {
		db_rows_free(&h);
		return 0;
	}
	if (db_run_raw(db, rid, org, &st_oplog_last_seal, NULL, 0, &l) == -1) {
		snprintf(err, errsz, "database");
		goto out;
	}
	rc = l.nrows == 1 && util_num(DB_CELL(&l, 0, 0)) == last ? 0 : -1;
	db_rows_free(&l);
	if (rc == 0)
		goto out;
	msg = xasprintf("%lld:%lld:%s", org, last, DB_CELL(&h, 0, 1));
	EVP_Digest(msg, strlen(msg), md, NULL, EVP_sha256(), NULL);
	if (signer_call(sock, "ts", md, &der, err, errsz) == -1)
		goto out;
	if (db_run_raw(db, rid, org, &st_oplog_seal_add,
	    (const struct db_param[]){ DBI(last), DBS(DB_CELL(&h, 0, 1)),
	    { DBT_STR, 0, der.data, der.len } }, 3, NULL) == -1) {
		snprintf(err, errsz, "database");
		goto out;
	}
	rc = 1;
out:
	free(msg);
	buf_free(&der);
	db_rows_free(&h);
	return rc;
}
