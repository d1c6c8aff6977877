/*
 * ops: the service operator's console (issue 5), for users with
 * ops.console (the operator has no organisation of their own).
 *
 *   GET  /ops             the organisations, each with its size (users,
 *                         contracts, stored bytes) and state; a new one
 *   POST /ops/orgs        a new organisation (name, slug)
 *   POST /ops/orgs/#      action=suspend | resume | contact
 *
 * A suspended organisation's users cannot sign in and their sessions
 * end at once (lib/session.c reads the organisation's state with each
 * session); its data is kept.  Every operator action on an
 * organisation is written to that organisation's operation log too,
 * with the operator as its user and the old and new values.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "oplog.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

enum key {
	KEY_ACTION,
	KEY_NAME,
	KEY_SLUG,
	KEY_CONTACT_NAME,
	KEY_CONTACT_EMAIL,
	KEY_CONTACT_PHONE,
	KEY__MAX
};

static int
valid_action(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "suspend") == 0 || strcmp(s, "resume") == 0 ||
	    strcmp(s, "contact") == 0;
}

/* A slug: 2-64 of a-z, 0-9 and '-', not starting or ending with '-'. */
static int
valid_slug(const char *s, size_t n)
{
	return n >= 2 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789-") == n && s[0] != '-' && s[n - 1] != '-';
}

static int
valid_org_name(const char *s, size_t n)
{
	return n > 0 && n <= 200 && valid_line(s, n);
}

static int
valid_opt_line(const char *s, size_t n)
{
	return n <= 100 && (n == 0 || valid_line(s, n));
}

static int
valid_opt_mail(const char *s, size_t n)
{
	return n == 0 || (n <= 254 && mail_valid_addr(s));
}

static int
valid_opt_phone(const char *s, size_t n)
{
	return n <= 40 && strspn(s, "0123456789+-() ") == n;
}

static const struct http_key keys[KEY__MAX] = {
	{ "action", valid_action },
	{ "name", valid_org_name },
	{ "slug", valid_slug },
	{ "contact_name", valid_opt_line },
	{ "contact_email", valid_opt_mail },
	{ "contact_phone", valid_opt_phone },
};

DB_STMT_GLOBAL(st_ops_orgs,
    "the operator's console lists every organisation with its size",
    "SELECT o.id, o.name, o.slug, o.suspended_at IS NOT NULL, "
    "(SELECT COUNT(*) FROM users u WHERE u.organisation_id = o.id), "
    "(SELECT COUNT(*) FROM contracts c WHERE c.organisation_id = o.id), "
    "(SELECT COALESCE(SUM(d.size), 0) FROM documents d "
    " WHERE d.organisation_id = o.id), "
    "o.contact_name, o.contact_email, o.contact_phone, "
    "DATE_FORMAT(CONVERT_TZ(o.created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d'), "
    "DATE_FORMAT(CONVERT_TZ(o.suspended_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i') FROM organisations o ORDER BY o.id");
DB_STMT_GLOBAL(st_ops_org,
    "the operator acts on the organisation named in the path",
    "SELECT name, suspended_at IS NOT NULL, contact_name, contact_email, "
    "contact_phone FROM organisations WHERE id = ? FOR UPDATE");
DB_STMT_GLOBAL(st_ops_slug,
    "a slug is unique across the service",
    "SELECT id FROM organisations WHERE slug = ?");
DB_STMT_GLOBAL(st_ops_add,
    "the operator creates organisations",
    "INSERT INTO organisations (name, slug) VALUES (?, ?)");
DB_STMT_GLOBAL(st_ops_suspend,
    "the operator suspends or resumes the organisation in the path",
    "UPDATE organisations SET suspended_at = IF(? = 1, NOW(6), NULL) "
    "WHERE id = ?");
DB_STMT_GLOBAL(st_ops_sessions,
    "a suspended organisation's sessions end at once",
    "DELETE s FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE u.organisation_id = ?");
DB_STMT_GLOBAL(st_ops_contact,
    "the operator records the organisation's registered contact",
    "UPDATE organisations SET contact_name = ?, contact_email = ?, "
    "contact_phone = ? WHERE id = ?");

static void
console(struct req *r, int status, const char *msg)
{
	static const char *const f[] = { "Id", "Name", "Slug", "Suspended",
	    "Users", "Contracts", "Bytes", "ContactName", "ContactEmail",
	    "ContactPhone", "Created", "SuspendedAt" };
	struct db_rows	rows;
	size_t		i, k;

	if (DB_RUN0(r, &st_ops_orgs, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++)
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Orgs", i, f[k], DB_CELL(&rows, i, k));
	db_rows_free(&rows);
	if (msg != NULL) {
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
		tmpl_set(r->tmpl, "Form.Name", app_in(r, KEY_NAME) ?
		    app_in(r, KEY_NAME) : "");
		tmpl_set(r->tmpl, "Form.Slug", app_in(r, KEY_SLUG) ?
		    app_in(r, KEY_SLUG) : "");
	}
	app_page(r, status, "ops.cs", "ops.title");
}

/* GET /ops */
static void
page_console(struct req *r)
{
	console(r, 200, NULL);
}

/* POST /ops/orgs */
static void
post_org(struct req *r)
{
	struct db_rows	 rows;
	const char	*name = app_in(r, KEY_NAME), *slug = app_in(r, KEY_SLUG);
	long long	 id;
	char		*detail;

	if (name == NULL || slug == NULL) {
		console(r, 422, "ops.bad_org");
		return;
	}
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_ops_slug, &rows, DBS(slug)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	id = (long long)rows.nrows;
	db_rows_free(&rows);
	if (id > 0) {
		db_rollback(r);
		console(r, 422, "ops.slug_taken");
		return;
	}
	if (DB_RUN(r, &st_ops_add, &rows, DBS(name), DBS(slug)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	id = rows.insert_id;
	db_rows_free(&rows);
	detail = xasprintf("organisation created by the operator: %s (%s)",
	    name, slug);
	if (oplog_add_raw(r->db, r->rid, id, r->user.user_id, 0,
	    "ops.org.create", detail, r->remote_addr) == -1 ||
	    db_commit(r) == -1) {
		free(detail);
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	log_info(r->rid, "operator %lld: %s", r->user.user_id, detail);
	free(detail);
	http_redirect(r, 303, "/ops");
}

/* POST /ops/orgs/#: suspend, resume, or the registered contact. */
static void
post_org_act(struct req *r)
{
	struct db_rows	 rows;
	const char	*action = app_in(r, KEY_ACTION);
	char		*detail = NULL;
	const char	*what;
	int		 suspended, rc;

	if (action == NULL) {
		console(r, 400, "ops.bad_action");
		return;
	}
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_ops_org, &rows, DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		db_rollback(r);
		app_error(r, 404);
		return;
	}
	suspended = strcmp(DB_CELL(&rows, 0, 1), "1") == 0;
	if (strcmp(action, "contact") == 0) {
		const char *n = app_in(r, KEY_CONTACT_NAME);
		const char *e = app_in(r, KEY_CONTACT_EMAIL);
		const char *p = app_in(r, KEY_CONTACT_PHONE);

		if (n == NULL || e == NULL || p == NULL) {
			db_rows_free(&rows);
			db_rollback(r);
			console(r, 422, "ops.bad_contact");
			return;
		}
		detail = xasprintf("registered contact: %s <%s> %s → %s <%s> %s",
		    DB_CELL(&rows, 0, 2), DB_CELL(&rows, 0, 3),
		    DB_CELL(&rows, 0, 4), n, e, p);
		what = "ops.org.contact";
		rc = DB_RUN(r, &st_ops_contact, NULL, DBS(n), DBS(e), DBS(p),
		    DBI(r->path_id));
	} else {
		int	on = strcmp(action, "suspend") == 0;

		if (on == suspended) {
			db_rows_free(&rows);
			db_rollback(r);
			console(r, 409, on ? "ops.already_suspended" :
			    "ops.not_suspended");
			return;
		}
		detail = xasprintf("organisation %s by the operator: %s",
		    on ? "suspended" : "resumed", DB_CELL(&rows, 0, 0));
		what = on ? "ops.org.suspend" : "ops.org.resume";
		rc = DB_RUN(r, &st_ops_suspend, NULL, DBI(on),
		    DBI(r->path_id));
		if (rc == 0 && on)
			rc = DB_RUN(r, &st_ops_sessions, NULL,
			    DBI(r->path_id));
	}
	db_rows_free(&rows);
	if (rc == -1 || oplog_add_raw(r->db, r->rid, r->path_id,
	    r->user.user_id, 0, what, detail, r->remote_addr) == -1 ||
	    db_commit(r) == -1) {
		db_rollback(r);
		free(detail);
		app_error(r, 503);
		return;
	}
	log_info(r->rid, "operator %lld, organisation %lld: %s",
	    r->user.user_id, r->path_id, detail);
	free(detail);
	http_redirect(r, 303, "/ops");
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/ops", PERM_OPS_CONSOLE, page_console, 0 },
	{ M_POST, "/ops/orgs", PERM_OPS_CONSOLE, post_org, 0 },
	{ M_POST, "/ops/orgs/#", PERM_OPS_CONSOLE, post_org_act, 0 },
};

static const struct app ops_app = {
	"ops", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&ops_app, argc, argv);
}
