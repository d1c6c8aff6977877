#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>

#include "conf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "util.h"

#define DB_CACHE	128
#define DB_MAXPARAMS	192	/* the ledger's WHERE takes 130 */

struct stcache {
	const struct db_stmt	*key;
	MYSQL_STMT		*st;
};

struct db {
	MYSQL			*m;
	const struct conf	*conf;
	struct stcache		 cache[DB_CACHE];
	size_t			 ncache;
	int			 in_tx;
};

static void
cache_clear(struct db *d)
{
	size_t	i;

	for (i = 0; i < d->ncache; i++)
		mysql_stmt_close(d->cache[i].st);
	d->ncache = 0;
}

static int
db_connect(struct db *d, char *err, size_t errsz)
{
	unsigned int	 tmo = 5, rtmo = 60;
	const struct conf *c = d->conf;

	if ((d->m = mysql_init(NULL)) == NULL) {
		snprintf(err, errsz, "mysql_init failed");
		return -1;
	}
	mysql_options(d->m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(d->m, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_ENGINE_SUBSTITUTION'");
	mysql_options(d->m, MYSQL_OPT_CONNECT_TIMEOUT, &tmo);
	mysql_options(d->m, MYSQL_OPT_READ_TIMEOUT, &rtmo);
	mysql_options(d->m, MYSQL_OPT_WRITE_TIMEOUT, &rtmo);
	if (mysql_real_connect(d->m, "localhost", c->db_user, c->db_password,
	    c->db_name, 0, c->db_socket, 0) == NULL) {
		snprintf(err, errsz, "connect: %s", mysql_error(d->m));
		mysql_close(d->m);
		d->m = NULL;
		return -1;
	}
	return 0;
}

/* Returns the connection, or NULL with the reason in err. */
struct db *
db_open(const struct conf *c, char *err, size_t errsz)
{
	struct db	*d;

	d = xcalloc(1, sizeof(*d));
	d->conf = c;
	if (db_connect(d, err, errsz) == -1) {
		free(d);
		return NULL;
	}
	return d;
}

void
db_close(struct db *d)
{
	if (d == NULL)
		return;
	cache_clear(d);
	if (d->m)
		mysql_close(d->m);
	free(d);
}

static int
db_reconnect(struct db *d, const char *rid)
{
	char	err[256];

	cache_clear(d);
	if (d->m)
		mysql_close(d->m);
	d->m = NULL;
	if (db_connect(d, err, sizeof(err)) == -1) {
		log_err(rid, "database reconnect: %s", err);
		return -1;
	}
	log_info(rid, "database reconnected");
	return 0;
}

/* Returns 0 if the server answers (reconnecting if needed), else -1. */
int
db_ping(struct db *d)
{
	if (d->m != NULL && mysql_ping(d->m) == 0)
		return 0;
	if (d->in_tx)
		return -1;
	return db_reconnect(d, NULL);
}

void
db_rows_free(struct db_rows *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->cell[i]);
	free(r->cell);
	memset(r, 0, sizeof(*r));
}

static int
lost(unsigned int e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == 1927 /* ER_CONNECTION_KILLED */;
}

static MYSQL_STMT *
prepare(struct db *d, const struct db_stmt *s, const char *rid,
    unsigned int *errnum)
{
	MYSQL_STMT	*st;
	size_t		 i;

	for (i = 0; i < d->ncache; i++)
		if (d->cache[i].key == s)
			return d->cache[i].st;
	if ((st = mysql_stmt_init(d->m)) == NULL) {
		*errnum = mysql_errno(d->m);
		return NULL;
	}
	if (mysql_stmt_prepare(st, s->sql, strlen(s->sql)) != 0) {
		/* The statement's error, not the connection's: a lost
		 * connection shows here first for a statement not cached. */
		*errnum = mysql_stmt_errno(st);
		log_err(rid, "prepare %s: %u %s", s->name, *errnum,
		    mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	if (d->ncache == DB_CACHE) {
		mysql_stmt_close(d->cache[0].st);
		memmove(d->cache, d->cache + 1,
		    (DB_CACHE - 1) * sizeof(d->cache[0]));
		d->ncache--;
	}
	d->cache[d->ncache].key = s;
	d->cache[d->ncache].st = st;
	d->ncache++;
	return st;
}

static int
fetch_rows(MYSQL_STMT *st, MYSQL_RES *meta, struct db_rows *out,
    const char *rid, const char *name)
{
	MYSQL_FIELD	*f;
	MYSQL_BIND	*b = NULL;
	unsigned long	*len = NULL;
	my_bool		*isnull = NULL;
	size_t		 nc, i, cap = 0;
	int		 rc = -1, fr;
	my_bool		 one = 1;

	nc = mysql_num_fields(meta);
	f = mysql_fetch_fields(meta);
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &one);
	if (mysql_stmt_store_result(st) != 0) {
		log_err(rid, "store %s: %s", name, mysql_stmt_error(st));
		return -1;
	}
	b = xcalloc(nc, sizeof(*b));
	len = xcalloc(nc, sizeof(*len));
	isnull = xcalloc(nc, sizeof(*isnull));
	for (i = 0; i < nc; i++) {
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer_length = f[i].max_length + 1;
		if (b[i].buffer_length < 32)
			b[i].buffer_length = 32;
		b[i].buffer = xmalloc(b[i].buffer_length);
		b[i].length = &len[i];
		b[i].is_null = &isnull[i];
	}
	if (mysql_stmt_bind_result(st, b) != 0) {
		log_err(rid, "bind result %s: %s", name, mysql_stmt_error(st));
		goto out;
	}
	out->ncols = nc;
	while ((fr = mysql_stmt_fetch(st)) == 0 || fr == MYSQL_DATA_TRUNCATED) {
		if (fr == MYSQL_DATA_TRUNCATED) {
			log_err(rid, "fetch %s: truncated", name);
			goto out;
		}
		if ((out->nrows + 1) * nc > cap) {
			cap = cap ? cap * 2 : nc * 8;
			out->cell = xrealloc(out->cell, cap * sizeof(char *));
		}
		for (i = 0; i < nc; i++) {
			char	*c = NULL;

			/* All len bytes: a BLOB may hold NULs. */
			if (!isnull[i]) {
				c = xmalloc(len[i] + 1);
				memcpy(c, b[i].buffer, len[i]);
				c[len[i]] = '\0';
			}
			out->cell[out->nrows * nc + i] = c;
		}
		out->nrows++;
	}
	if (fr != MYSQL_NO_DATA) {
		log_err(rid, "fetch %s: %s", name, mysql_stmt_error(st));
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < nc; i++)
		free(b[i].buffer);
	free(b);
	free(len);
	free(isnull);
	mysql_stmt_free_result(st);
	return rc;
}

static int
run_once(struct db *d, const char *rid, const struct db_stmt *s,
    const struct db_param *p, size_t n, struct db_rows *out,
    unsigned int *errnum)
{
	MYSQL_STMT	*st;
	MYSQL_BIND	 b[DB_MAXPARAMS];
	MYSQL_RES	*meta;
	size_t		 i;
	int		 rc;

	*errnum = 0;
	if ((st = prepare(d, s, rid, errnum)) == NULL)
		return -1;
	if (mysql_stmt_param_count(st) != n) {
		log_err(rid, "%s: %lu placeholders, %zu values", s->name,
		    mysql_stmt_param_count(st), n);
		return -1;
	}
	memset(b, 0, sizeof(b));
	for (i = 0; i < n; i++) {
		switch (p[i].type) {
		case DBT_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)(uintptr_t)&p[i].i;
			break;
		case DBT_STR:
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)(uintptr_t)p[i].s;
			b[i].buffer_length = p[i].len;
			break;
		case DBT_BLOB:
			b[i].buffer_type = MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(uintptr_t)p[i].s;
			b[i].buffer_length = p[i].len;
			break;
		case DBT_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		}
	}
	if (n > 0 && mysql_stmt_bind_param(st, b) != 0) {
		log_err(rid, "bind %s: %s", s->name, mysql_stmt_error(st));
		return -1;
	}
	if (mysql_stmt_execute(st) != 0) {
		*errnum = mysql_stmt_errno(st);
		log_err(rid, "execute %s: %u %s", s->name, *errnum,
		    mysql_stmt_error(st));
		return -1;
	}
	if (out != NULL) {
		out->affected = (long long)mysql_stmt_affected_rows(st);
		out->insert_id = (long long)mysql_stmt_insert_id(st);
	}
	if ((meta = mysql_stmt_result_metadata(st)) != NULL) {
		if (out != NULL)
			rc = fetch_rows(st, meta, out, rid, s->name);
		else {
			mysql_stmt_free_result(st);
			rc = 0;
		}
		mysql_free_result(meta);
		return rc;
	}
	return 0;
}

/*
 * Runs statement s with params p[0..n).  For DB_TENANT statements the
 * organisation org is bound as the first placeholder before p; org
 * must be a real organisation (> 0), or nothing runs.
 * Returns 0, or -1 (logged; the caller answers 500 or 503).
 * A lost connection outside a transaction is re-opened and the
 * statement tried once more.
 */
int
db_run_raw(struct db *d, const char *rid, long long org,
    const struct db_stmt *s, const struct db_param *p, size_t n,
    struct db_rows *out)
{
	struct db_param	 all[DB_MAXPARAMS];
	unsigned int	 e;
	int		 rc;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (d == NULL || d->m == NULL) {
		if (d == NULL || db_reconnect(d, rid) == -1)
			return -1;
	}
	if (n + 1 > DB_MAXPARAMS)
		return -1;
	if (s->scope == DB_TENANT) {
		if (org <= 0) {
			log_err(rid, "%s: tenant statement without an "
			    "organisation refused", s->name);
			return -1;
		}
		all[0] = DBI(org);
		if (n > 0)
			memcpy(all + 1, p, n * sizeof(*p));
		p = all;
		n++;
	}
	rc = run_once(d, rid, s, p, n, out, &e);
	if (rc == -1 && lost(e) && !d->in_tx) {
		if (out != NULL)
			db_rows_free(out);
		if (db_reconnect(d, rid) == 0)
			rc = run_once(d, rid, s, p, n, out, &e);
	}
	if (rc == -1 && out != NULL)
		db_rows_free(out);
	return rc;
}

/* db_run_raw for the request: its connection and its organisation. */
int
db_run(struct req *r, const struct db_stmt *s, const struct db_param *p,
    size_t n, struct db_rows *out)
{
	return db_run_raw(r->db, r->rid, r->user.org_id, s, p, n, out);
}

/*
 * Transactions on a connection: db_tx_begin returns 0 or -1 (logged).
 * Inside one, a lost connection is not re-opened (the transaction is
 * gone with it): the statement fails and the caller rolls back.
 */
int
db_in_tx(const struct db *d)
{
	return d != NULL && d->in_tx;
}

int
db_tx_begin(struct db *d, const char *rid)
{
	if (d == NULL || (d->m == NULL && db_reconnect(d, rid) == -1))
		return -1;
	/* Nothing is in the transaction yet: a lost connection (the
	 * server restarted) is opened again and the begin tried once more. */
	if (mysql_query(d->m, "START TRANSACTION") != 0 &&
	    (!lost(mysql_errno(d->m)) || db_reconnect(d, rid) == -1 ||
	    mysql_query(d->m, "START TRANSACTION") != 0)) {
		log_err(rid, "begin: %s", d->m != NULL ? mysql_error(d->m) :
		    "no connection");
		return -1;
	}
	d->in_tx = 1;
	return 0;
}

int
db_tx_commit(struct db *d, const char *rid)
{
	d->in_tx = 0;
	if (d->m == NULL || mysql_commit(d->m) != 0) {
		log_err(rid, "commit: %s", d->m ? mysql_error(d->m) : "no connection");
		return -1;
	}
	return 0;
}

void
db_tx_rollback(struct db *d, const char *rid)
{
	if (d == NULL || d->m == NULL || !d->in_tx)
		return;
	d->in_tx = 0;
	if (mysql_rollback(d->m) != 0)
		log_err(rid, "rollback: %s", mysql_error(d->m));
}

int
db_begin(struct req *r)
{
	if (r->db == NULL || r->db->m == NULL)
		return -1;
	return db_tx_begin(r->db, r->rid);
}

int
db_commit(struct req *r)
{
	return db_tx_commit(r->db, r->rid);
}

void
db_rollback(struct req *r)
{
	db_tx_rollback(r->db, r->rid);
}

/*
 * "%text%" for LIKE (which escapes with a backslash): text anywhere,
 * with its own wildcards (%, _) and backslashes taken literally.
 */
char *
db_like(const char *text)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	buf_add(&b, "%", 1);
	for (i = 0; text[i]; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			buf_add(&b, "\\", 1);
		buf_add(&b, text + i, 1);
	}
	buf_add(&b, "%", 1);
	return b.data;
}
