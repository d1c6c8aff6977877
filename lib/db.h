/*
 * The database layer: one MariaDB connection per worker process,
 * reconnected when lost; SQL only through named prepared statements,
 * cached per connection.
 *
 * Tenant isolation is enforced here, in one place: a statement
 * declared DB_TENANT must have "organisation_id = ?" as its first
 * placeholder, and db_run() binds the signed-in user's organisation to
 * it itself.  The caller cannot pass another organisation's id, and a
 * request without an organisation cannot run a tenant statement at
 * all.  DB_GLOBAL statements say why they are not tenant-scoped; the
 * lint test t/sql-lint.t checks both rules over every statement.
 */
#ifndef KEIYAKU_DB_H
#define KEIYAKU_DB_H

#include <stddef.h>
#include <string.h>

enum db_scope {
	DB_TENANT,
	DB_GLOBAL
};

struct db_stmt {
	const char	*name;
	enum db_scope	 scope;
	const char	*why;	/* DB_GLOBAL: why it is not tenant-scoped */
	const char	*sql;
};

#define DB_STMT_TENANT(var, sql) \
	static const struct db_stmt var = { #var, DB_TENANT, NULL, sql }
#define DB_STMT_GLOBAL(var, why, sql) \
	static const struct db_stmt var = { #var, DB_GLOBAL, why, sql }

enum db_type {
	DBT_INT,
	DBT_STR,
	DBT_BLOB,
	DBT_NULL
};

struct db_param {
	enum db_type	 type;
	long long	 i;
	const char	*s;
	size_t		 len;
};

/* A parameter: DBI(integer), DBS(string, or NULL for SQL NULL). */
static inline struct db_param
DBI(long long v)
{
	struct db_param	p = { DBT_INT, v, NULL, 0 };

	return p;
}

static inline struct db_param
DBS(const char *s)
{
	struct db_param	p = { s ? DBT_STR : DBT_NULL, 0, s, s ? strlen(s) : 0 };

	return p;
}

/* Bytes that may hold NULs (a BLOB column): DBB(data, len). */
static inline struct db_param
DBB(const void *b, size_t len)
{
	struct db_param	p = { DBT_BLOB, 0, b, len };

	return p;
}

/*
 * Result rows: every cell as a NUL-terminated string, or NULL for NULL.
 * A BLOB cell holds all its bytes (NULs too), NUL-terminated: select its
 * OCTET_LENGTH() beside it to know how many.
 */
struct db_rows {
	size_t		  nrows;
	size_t		  ncols;
	char		**cell;		/* nrows * ncols */
	long long	  affected;
	long long	  insert_id;
};

#define DB_CELL(r, row, col)	((r)->cell[(row) * (r)->ncols + (col)])

struct conf;
struct req;

struct db	*db_open(const struct conf *, char *err, size_t errsz);
void		 db_close(struct db *);
int		 db_ping(struct db *);
int		 db_run(struct req *, const struct db_stmt *,
		    const struct db_param *, size_t, struct db_rows *);
int		 db_run_raw(struct db *, const char *rid, long long org,
		    const struct db_stmt *, const struct db_param *, size_t,
		    struct db_rows *);
void		 db_rows_free(struct db_rows *);
char		*db_like(const char *);
int		 db_tx_begin(struct db *, const char *rid);
int		 db_in_tx(const struct db *);
int		 db_tx_commit(struct db *, const char *rid);
void		 db_tx_rollback(struct db *, const char *rid);
int		 db_begin(struct req *);
int		 db_commit(struct req *);
void		 db_rollback(struct req *);

#define DB_RUN(req, st, rows, ...) \
	db_run((req), (st), (const struct db_param[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_param), (rows))
#define DB_RUN0(req, st, rows)	db_run((req), (st), NULL, 0, (rows))

#endif
