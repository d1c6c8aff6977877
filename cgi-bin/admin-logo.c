/*
 * /admin/logo: the organisation's logo, for its admins.
 *
 *   GET  /admin/logo          the logo now, and the form for a new one
 *   POST /admin/logo          a new one (multipart, the field "file")
 *   POST /admin/logo/delete   none any more
 *
 * A logo is a PNG or a JPEG, as its bytes say (lib/filetype.c), never
 * its name or the type the browser sent, of at most LOGO_MAX bytes
 * (413 past that; 415 for anything else, an SVG or a PDF too: an SVG
 * may carry script).  It is stored in organisation_logos
 * (sql/0021-logo.sql) with the operation log's entry (old and new
 * SHA-256) in one transaction: stored and logged, or neither.  The
 * auth program serves it at /logo to the organisation's users.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "app.h"
#include "db.h"
#include "filetype.h"
#include "http.h"
#include "log.h"
#include "tmpl.h"
#include "util.h"

#define LOGO_MAX	(256 * 1024)	/* bytes (sql/0021: the CHECK) */

DB_STMT_TENANT(st_lg_show,
    "SELECT mime, OCTET_LENGTH(bytes), sha256, "
    "DATE_FORMAT(CONVERT_TZ(updated_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i') FROM organisation_logos WHERE organisation_id = ?");
DB_STMT_TENANT(st_lg_lock,
    "SELECT sha256 FROM organisation_logos WHERE organisation_id = ? "
    "FOR UPDATE");
DB_STMT_TENANT(st_lg_put,
    "INSERT INTO organisation_logos (organisation_id, mime, bytes, sha256, "
    "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, NOW(6)) "
    "ON DUPLICATE KEY UPDATE mime = VALUES(mime), bytes = VALUES(bytes), "
    "sha256 = VALUES(sha256), updated_by = VALUES(updated_by), "
    "updated_at = VALUES(updated_at)");
DB_STMT_TENANT(st_lg_delete,
    "DELETE FROM organisation_logos WHERE organisation_id = ?");

/* The page: the logo now, if any, and msg (a language key) if set. */
static void
logo_page(struct req *r, int status, const char *msg)
{
	static const char *const f[] = { "Mime", "Size", "Sha", "Updated" };
	struct db_rows	rows;
	char		name[32];
	size_t		k;

	if (DB_RUN0(r, &st_lg_show, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows == 1) {
		for (k = 0; k < NELEM(f); k++) {
			snprintf(name, sizeof(name), "Logo.%s", f[k]);
			tmpl_set(r->tmpl, name, DB_CELL(&rows, 0, k));
		}
		tmpl_setf(r->tmpl, "Logo.V", "%.16s", DB_CELL(&rows, 0, 2));
	}
	db_rows_free(&rows);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "admin_logo.cs", "logo.title");
}

void
page_logo(struct req *r)
{
	logo_page(r, 200, NULL);
}

/*
 * The logo now, locked until the transaction ends: its SHA-256 into
 * old ("" for none).  Begins the transaction.  0, or -1 (rolled back).
 */
static int
lock_logo(struct req *r, char old[65])
{
	struct db_rows	rows;

	old[0] = '\0';
	if (db_begin(r) == -1 || DB_RUN0(r, &st_lg_lock, &rows) == -1) {
		db_rollback(r);
		return -1;
	}
	if (rows.nrows == 1)
		snprintf(old, 65, "%s", DB_CELL(&rows, 0, 0));
	db_rows_free(&rows);
	return 0;
}

/*
 * POST /admin/logo: the file of the field "file".  400 no file (or an
 * empty one), 413 larger than LOGO_MAX, 415 neither PNG nor JPEG;
 * 303 back to the page when stored.
 */
void
post_logo(struct req *r)
{
	const struct upload	*u = http_upload(r, "file");
	struct db_rows		 rows;
	char			*bytes = NULL, *detail = NULL, old[65];
	enum ftype		 t;
	ssize_t			 n;

	if (u == NULL || u->size == 0) {
		logo_page(r, 400, "logo.no_file");
		return;
	}
	if (u->size > LOGO_MAX) {
		logo_page(r, 413, "logo.too_large");
		return;
	}
	t = ftype_sniff(u->fd, u->size);
	if (t != FT_PNG && t != FT_JPEG) {
		log_info(r->rid, "logo refused: %s, %lld bytes", ftype_code(t),
		    u->size);
		logo_page(r, 415, "logo.type");
		return;
	}
	bytes = xmalloc((size_t)u->size);
	n = pread(u->fd, bytes, (size_t)u->size, 0);
	if (n != (ssize_t)u->size) {
		log_err(r->rid, "logo: read %zd of %lld bytes", n, u->size);
		app_error(r, 500);
		goto out;
	}
	if (lock_logo(r, old) == -1 ||
	    DB_RUN(r, &st_lg_put, &rows, DBS(ftype_mime(t)),
	    DBB(bytes, (size_t)u->size), DBS(u->sha256),
	    DBI(r->user.user_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		goto out;
	}
	db_rows_free(&rows);
	detail = xasprintf("logo: sha256 %s → %s", *old ? old : "none",
	    u->sha256);
	if (app_commit(r, "logo.update", detail, "/admin/logo") == 0)
		log_info(r->rid, "logo of organisation %lld: %s, %lld bytes",
		    r->user.org_id, ftype_mime(t), u->size);
out:
	free(detail);
	free(bytes);
}

/* POST /admin/logo/delete: 404 when there is none. */
void
post_logo_delete(struct req *r)
{
	char	old[65], *detail;

	if (lock_logo(r, old) == -1) {
		app_error(r, 503);
		return;
	}
	if (old[0] == '\0') {
		db_rollback(r);
		logo_page(r, 404, "logo.none");
		return;
	}
	if (DB_RUN0(r, &st_lg_delete, NULL) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	detail = xasprintf("logo: sha256 %s → none", old);
	app_commit(r, "logo.delete", detail, "/admin/logo");
	free(detail);
}
