/*
 * The request loop shared by every cgi-bin program.  A program is a
 * table of routes (page → method, path, permission, handler) and a
 * table of input keys with validators; app_main() does the rest, in a
 * fixed order: limits (path, query, cookies), method and route, the
 * session (so that even an error page keeps it), the body (streamed,
 * counted), the declared inputs, the permission, the CSRF token, the
 * handler, the access log.  It serves FastCGI on fd 0 when started by
 * keiyaku-pool, or one plain CGI request otherwise.
 */
#ifndef KEIYAKU_APP_H
#define KEIYAKU_APP_H

#include "authz.h"
#include "http.h"

struct app_route {
	unsigned	 methods;	/* M_GET | M_HEAD | M_POST */
	const char	*path;		/* exact, or ending in "#" for an id */
	enum perm	 perm;
	void		(*fn)(struct req *);
	int		 nodb;		/* may run without the database */
};

struct app {
	const char		*name;
	const struct app_route	*routes;
	size_t			 nroutes;
	const struct http_key	*keys;
	size_t			 nkeys;
};

int	app_main(const struct app *, int, char **);

struct db_param;
struct db_rows;
struct db_stmt;

/* For handlers. */
struct db	*app_db(struct req *);
const char	*app_in(const struct req *, size_t key);
int		 app_in_present(const struct req *, size_t key);
void		 app_page(struct req *, int status, const char *page,
		    const char *title_key);
void		 app_error(struct req *, int status);
void		 app_error_msg(struct req *, int status, const char *msg_key);
void		 app_back(struct req *, const char *path);
void		 app_cell(struct req *, const char *prefix, size_t i,
		    const char *field, const char *v);
void		 app_cell_label(struct req *, const char *prefix, size_t i,
		    const char *field, const char *group, const char *code);
void		 app_json(struct req *, int status, const char *);
const char	*app_l(struct req *, const char *key);
void		 app_fill(struct req *, struct buf *, const char *key,
		    const char *const *vals);
void		 app_set_roles(struct req *, const char *prefix, const char *csv);
int		 app_commit(struct req *, const char *action, const char *detail,
		    const char *where);
int		 app_one(struct req *, const struct db_stmt *,
		    const struct db_param *, size_t, struct db_rows *);

/* app_one with its parameters: APP_ONE(r, &st, &rows, DBI(id)). */
#define APP_ONE(req, st, rows, ...) \
	app_one((req), (st), (const struct db_param[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_param), (rows))

/*
 * A CSV download: fetch() gives the rows after the id "after" (column
 * 0), APP_CSV_CHUNK at most; columns first .. first + ncols - 1 go out.
 */
#define APP_CSV_CHUNK	1000
struct db_rows;
typedef int	(*app_csv_fetch)(struct req *, void *, long long after,
		    struct db_rows *);
void		 app_csv(struct req *, const char *filename,
		    const char *const *head_keys, size_t ncols, size_t first,
		    app_csv_fetch, void *);

#endif
