/*
 * /admin/access: the organisation's access log for its admins: every
 * request of its users (time, user, address, method, path, status,
 * request id, user agent), newest first, 100 a page, filtered by user,
 * period (Japan dates), method, status (a code, or its class: "4" is
 * every 4xx), the start of the path and the request id (which the
 * operation log and the error page show); /admin/access.csv gives every
 * row the filters select.
 *
 * /admin/archives lists the files the daily job moved older rows of
 * both logs to (lib/logarchive.c); /admin/archives/# downloads one.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "app.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "logarchive.h"
#include "tmpl.h"
#include "util.h"

#define ACCESS_WHERE \
    "WHERE a.organisation_id = ? AND (? = 0 OR a.user_id = ?) " \
    "AND (? = '' OR a.at >= CONVERT_TZ(CONCAT(?, ' 00:00:00'), " \
    "'+09:00', '+00:00')) " \
    "AND (? = '' OR a.at < CONVERT_TZ(CONCAT(?, ' 00:00:00'), '+09:00', " \
    "'+00:00') + INTERVAL 1 DAY) " \
    "AND (? = '' OR a.method = ?) " \
    "AND (? = 0 OR a.status = ?) AND (? = 0 OR a.status DIV 100 = ?) " \
    "AND (? = '' OR a.path LIKE CONCAT(?, '%')) AND (? = '' OR a.rid = ?) " \
    "AND (? = 0 OR a.id < ?) "
#define ACCESS_COLS \
    "SELECT a.id, LEFT(DATE_FORMAT(CONVERT_TZ(a.at, '+00:00', '+09:00'), " \
    "'%Y-%m-%d %H:%i:%s.%f'), 23), u.name, u.email, a.ip, a.method, a.path, " \
    "a.status, a.rid, a.user_agent, a.us FROM access_log a " \
    "LEFT JOIN users u ON u.id = a.user_id "

DB_STMT_TENANT(st_al_page,
    ACCESS_COLS ACCESS_WHERE "ORDER BY a.id DESC LIMIT 101");
DB_STMT_TENANT(st_al_csv,
    ACCESS_COLS ACCESS_WHERE "AND a.id > ? ORDER BY a.id LIMIT 1000");
DB_STMT_TENANT(st_la_list,
    "SELECT id, kind, DATE_FORMAT(CONVERT_TZ(first_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), DATE_FORMAT(CONVERT_TZ(last_at, '+00:00', "
    "'+09:00'), '%Y-%m-%d %H:%i'), nrows, bytes, sha256, "
    "DATE_FORMAT(CONVERT_TZ(created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i') FROM log_archives WHERE organisation_id = ? "
    "ORDER BY id DESC LIMIT 1000");
DB_STMT_TENANT(st_la_one,
    "SELECT file, kind, first_id, last_id FROM log_archives "
    "WHERE organisation_id = ? AND id = ?");

static const char *const cols[] = { "Id", "At", "User", "Email", "Ip",
    "Method", "Path", "Status", "Rid", "Agent", "Us" };

static const char *
in(const struct req *r, size_t k)
{
	const char	*v = app_in(r, k);

	return v != NULL ? v : "";
}

/* The start of a path for LIKE: % and _ and \ taken literally. */
static char *
like_prefix(const char *s)
{
	struct buf	b = { NULL, 0, 0 };

	buf_add(&b, "", 0);
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_add(&b, "\\", 1);
		buf_add(&b, s, 1);
	}
	return b.data;
}

/* The filters: status as an exact code (3 digits) or a class (1). */
struct filters {
	long long	 user, status, class, before;
	const char	*from, *to, *method, *rid;
	char		*path;
};

static void
filters_take(struct req *r, struct filters *f)
{
	const char	*st = in(r, KEY_STATUS);

	f->user = util_num(in(r, KEY_USER));
	f->status = strlen(st) == 3 ? util_num(st) : 0;
	f->class = strlen(st) == 1 ? util_num(st) : 0;
	f->before = util_num(in(r, KEY_BEFORE));
	f->from = in(r, KEY_FROM);
	f->to = in(r, KEY_TO);
	f->method = in(r, KEY_METHOD);
	f->rid = in(r, KEY_RID);
	f->path = like_prefix(in(r, KEY_PATH));
}

#define FILTERS(f, before) \
	DBI((f)->user), DBI((f)->user), DBS((f)->from), DBS((f)->from), \
	DBS((f)->to), DBS((f)->to), DBS((f)->method), DBS((f)->method), \
	DBI((f)->status), DBI((f)->status), DBI((f)->class), \
	DBI((f)->class), DBS((f)->path), DBS((f)->path), DBS((f)->rid), \
	DBS((f)->rid), DBI(before), \
	DBI(before)

/* Any filter that did not validate: 400 with a plain message. */
static int
bad_filter(struct req *r)
{
	static const size_t ks[] = { KEY_USER, KEY_FROM, KEY_TO, KEY_BEFORE,
	    KEY_METHOD, KEY_STATUS, KEY_PATH, KEY_RID };
	size_t	k;

	for (k = 0; k < NELEM(ks); k++)
		if (app_in_present(r, ks[k]) && app_in(r, ks[k]) == NULL) {
			app_error_msg(r, 400, "oplog.bad_filter");
			return 1;
		}
	return 0;
}

void
page_access(struct req *r)
{
	static const size_t fk[] = { KEY_USER, KEY_FROM, KEY_TO, KEY_METHOD,
	    KEY_STATUS, KEY_PATH, KEY_RID };
	static const char *const fn[] = { "user", "from", "to", "method",
	    "status", "path", "rid" };
	struct db_rows	 rows;
	struct filters	 f;
	int		 rc;

	if (bad_filter(r))
		return;
	filters_take(r, &f);
	if (DB_RUN(r, &st_al_page, &rows, FILTERS(&f, f.before)) == -1) {
		free(f.path);
		app_error(r, 503);
		return;
	}
	free(f.path);
	rc = log_page_fill(r, &rows, cols, NELEM(cols), fk, fn, NELEM(fk));
	db_rows_free(&rows);
	if (rc == -1)
		return;
	tmpl_set_int(r->tmpl, "KeepDays", r->conf->log_keep_days);
	app_page(r, 200, "admin_access.cs", "access.title");
}

static int
csv_fetch(struct req *r, void *arg, long long after, struct db_rows *rows)
{
	struct filters	*f = arg;

	return DB_RUN(r, &st_al_csv, rows, FILTERS(f, 0), DBI(after));
}

void
page_access_csv(struct req *r)
{
	static const char *const head[] = { "access.csv.id", "access.csv.at",
	    "access.csv.user", "access.csv.email", "access.csv.ip",
	    "access.csv.method", "access.csv.path", "access.csv.status",
	    "access.csv.rid", "access.csv.agent", "access.csv.us" };
	struct filters	f;

	if (bad_filter(r))
		return;
	filters_take(r, &f);
	app_csv(r, "keiyaku-access-log.csv", head, NELEM(head), 0, csv_fetch,
	    &f);
	free(f.path);
}

void
page_archives(struct req *r)
{
	static const char *const ac[] = { "Id", "Kind", "From", "To", "Rows",
	    "Bytes", "Sha256", "Made" };
	struct db_rows	rows;
	size_t		i, k;

	if (DB_RUN0(r, &st_la_list, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++)
		for (k = 0; k < NELEM(ac); k++)
			app_cell(r, "Archives", i, ac[k], DB_CELL(&rows, i, k));
	db_rows_free(&rows);
	tmpl_set_int(r->tmpl, "KeepDays", r->conf->log_keep_days);
	app_page(r, 200, "admin_archives.cs", "archives.title");
}

/* GET /admin/archives/#: the file as it was written (gzip'ed CSV). */
void
page_archive_file(struct req *r)
{
	struct db_rows	 rows;
	char		*path, name[96], cd[160], b[65536];
	ssize_t		 n;
	int		 fd;

	if (APP_ONE(r, &st_la_one, &rows, DBI(r->path_id)) == -1)
		return;
	path = logarchive_path(r->conf, r->user.org_id, DB_CELL(&rows, 0, 0));
	snprintf(name, sizeof(name), "keiyaku-%s-log-%s-%s.csv.gz",
	    DB_CELL(&rows, 0, 1), DB_CELL(&rows, 0, 2), DB_CELL(&rows, 0, 3));
	db_rows_free(&rows);
	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_err(r->rid, "archive %lld: %s: %s", r->path_id,
		    path ? path : "(bad name)", strerror(errno));
		free(path);
		app_error_msg(r, 410, "archives.missing");
		return;
	}
	free(path);
	snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", name);
	http_header(r, "Content-Disposition", cd);
	http_stream_begin(r, 200, "application/gzip");
	while (r->method == METHOD_GET && (n = read(fd, b, sizeof(b))) > 0)
		if (http_stream_write(r, b, (size_t)n) == -1)
			break;
	close(fd);
}
