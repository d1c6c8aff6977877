/*
 * ops: the service operator's console (issue 5), for users with
 * ops.console (the operator has no organisation of their own).
 *
 *   GET  /ops             the organisations, each with its size (users,
 *                         contracts, stored bytes) and state; a new one
 *   POST /ops/orgs        a new organisation (name, slug)
 *   POST /ops/orgs/#      action=suspend | resume | contact
 *   GET  /ops/notices     the notices; a new one
 *   POST /ops/notices     a new notice (a draft)
 *   POST /ops/notices/#   action=publish | resolve | update
 *   GET  /status          public: the service's state, open incidents,
 *                         planned maintenance, past incidents
 *
 * Planned maintenance is published only 5 Japanese business days or
 * more before it starts (lib/date.c; KEIYAKU_TODAY sets the day for
 * tests); a published notice or an update is mailed to the registered
 * contact of each organisation it concerns, and shows as a banner on
 * their pages (lib/app.c).  Notices for one organisation stay off the
 * public page.
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
#include <time.h>

#include "app.h"
#include "conf.h"
#include "date.h"
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
	KEY_CONTACT_LANG,
	KEY_KIND,
	KEY_ORG,
	KEY_TITLE,
	KEY_BODY,
	KEY_AFFECTED,
	KEY_STARTS,
	KEY_ENDS,
	KEY__MAX
};

#define NOTICE_DAYS	5	/* business days' notice of maintenance */

static int
valid_action(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "suspend") == 0 || strcmp(s, "resume") == 0 ||
	    strcmp(s, "contact") == 0 || strcmp(s, "publish") == 0 ||
	    strcmp(s, "resolve") == 0 || strcmp(s, "update") == 0;
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
valid_opt_mail(const char *s, size_t n)
{
	return n == 0 || (n <= 254 && mail_valid_addr(s));
}

static int
valid_notice_kind(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "maintenance") == 0 || strcmp(s, "incident") == 0 ||
	    strcmp(s, "end_of_service") == 0;
}

static int
valid_body(const char *s, size_t n)
{
	return n <= 5000 && valid_text(s, n);
}

static int
valid_affected(const char *s, size_t n)
{
	return n <= 500 && (n == 0 || valid_line(s, n));
}

/* "YYYY-MM-DD HH:MM" (Japan time), or empty. */
static int
valid_opt_when(const char *s, size_t n)
{
	char	day[11];
	long	d;

	if (n == 0)
		return 1;
	if (n != 16 || s[10] != ' ' || s[13] != ':')
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	return date_parse(day, &d) == 0 && s[11] >= '0' && s[11] <= '2' &&
	    s[12] >= '0' && s[12] <= '9' && s[14] >= '0' && s[14] <= '5' &&
	    s[15] >= '0' && s[15] <= '9' && (s[11] - '0') * 10 +
	    (s[12] - '0') < 24;
}

static const struct http_key keys[KEY__MAX] = {
	{ "action", valid_action },
	{ "name", valid_org_name },
	{ "slug", valid_slug },
	{ "contact_name", valid_opt_name },
	{ "contact_email", valid_opt_mail },
	{ "contact_phone", valid_opt_phone },
	{ "contact_lang", valid_lang },
	{ "kind", valid_notice_kind },
	{ "org", valid_opt_id },
	{ "title", valid_title },
	{ "body", valid_body },
	{ "affected", valid_affected },
	{ "starts", valid_opt_when },
	{ "ends", valid_opt_when },
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
    "'%Y-%m-%d %H:%i'), o.contact_lang FROM organisations o ORDER BY o.id");
DB_STMT_GLOBAL(st_ops_org,
    "the operator acts on the organisation named in the path",
    "SELECT name, suspended_at IS NOT NULL, contact_name, contact_email, "
    "contact_phone, contact_lang FROM organisations WHERE id = ? FOR UPDATE");
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
    "contact_phone = ?, contact_lang = ? WHERE id = ?");

static void
console(struct req *r, int status, const char *msg)
{
	static const char *const f[] = { "Id", "Name", "Slug", "Suspended",
	    "Users", "Contracts", "Bytes", "ContactName", "ContactEmail",
	    "ContactPhone", "Created", "SuspendedAt", "ContactLang" };
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
		const char *l = app_in(r, KEY_CONTACT_LANG) ?
		    app_in(r, KEY_CONTACT_LANG) : DB_CELL(&rows, 0, 5);

		if (n == NULL || e == NULL || p == NULL ||
		    (app_in_present(r, KEY_CONTACT_LANG) &&
		    !app_in(r, KEY_CONTACT_LANG))) {
			db_rows_free(&rows);
			db_rollback(r);
			console(r, 422, "ops.bad_contact");
			return;
		}
		detail = xasprintf("registered contact: %s <%s> %s (%s) → "
		    "%s <%s> %s (%s)", DB_CELL(&rows, 0, 2),
		    DB_CELL(&rows, 0, 3), DB_CELL(&rows, 0, 4),
		    DB_CELL(&rows, 0, 5), n, e, p, l);
		what = "ops.org.contact";
		rc = DB_RUN(r, &st_ops_contact, NULL, DBS(n), DBS(e), DBS(p),
		    DBS(l), DBI(r->path_id));
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

DB_STMT_GLOBAL(st_nt_list,
    "the operator's notices are the service's own",
    "SELECT n.id, n.kind, n.state, n.title, IFNULL(o.name, ''), "
    "DATE_FORMAT(CONVERT_TZ(n.starts_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(n.ends_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), n.affected, "
    "DATE_FORMAT(CONVERT_TZ(n.published_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "(SELECT COUNT(*) FROM notice_updates u WHERE u.notice_id = n.id) "
    "FROM notices n LEFT JOIN organisations o ON o.id = n.organisation_id "
    "ORDER BY n.id DESC LIMIT 50");
DB_STMT_GLOBAL(st_nt_orgs, "the operator picks whom a notice concerns",
    "SELECT id, name FROM organisations ORDER BY id");
DB_STMT_GLOBAL(st_nt_add, "the operator writes a notice",
    "INSERT INTO notices (kind, organisation_id, title, body, affected, "
    "starts_at, ends_at, created_by) VALUES (?, ?, ?, ?, ?, "
    "CONVERT_TZ(?, '+09:00', '+00:00'), CONVERT_TZ(?, '+09:00', '+00:00'), ?)");
DB_STMT_GLOBAL(st_nt_get, "the notice of the path",
    "SELECT kind, state, IFNULL(organisation_id, 0), title, body, affected, "
    "DATE_FORMAT(CONVERT_TZ(starts_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(ends_at, '+00:00', '+09:00'), '%Y-%m-%d %H:%i') "
    "FROM notices WHERE id = ? FOR UPDATE");
DB_STMT_GLOBAL(st_nt_state, "the notice of the path",
    "UPDATE notices SET state = ?, published_at = IF(? = 'published', "
    "NOW(6), published_at), resolved_at = IF(? = 'resolved', NOW(6), "
    "resolved_at) WHERE id = ?");
DB_STMT_GLOBAL(st_nt_update, "an update of the notice of the path",
    "INSERT INTO notice_updates (notice_id, body, created_by) "
    "VALUES (?, ?, ?)");
DB_STMT_GLOBAL(st_nt_contacts,
    "a notice goes to the registered contact of each organisation it "
    "concerns",
    "SELECT id, contact_name, contact_email, contact_lang FROM organisations "
    "WHERE contact_email <> '' AND suspended_at IS NULL "
    "AND (? = 0 OR id = ?) ORDER BY id");
DB_STMT_GLOBAL(st_st_notices,
    "the public status page shows the notices for everyone",
    "SELECT n.id, n.kind, n.state, n.title, n.body, n.affected, "
    "DATE_FORMAT(CONVERT_TZ(n.starts_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(n.ends_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(n.published_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(n.resolved_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "n.starts_at <= NOW(6) AND (n.ends_at IS NULL OR n.ends_at > NOW(6)), "
    "n.ends_at IS NOT NULL AND n.ends_at <= NOW(6) "
    "FROM notices n WHERE n.organisation_id IS NULL AND n.state <> 'draft' "
    "AND (n.state = 'published' OR n.resolved_at > NOW(6) - INTERVAL 90 DAY) "
    "ORDER BY n.id DESC LIMIT 50");
DB_STMT_GLOBAL(st_st_updates,
    "the public status page shows the updates of public incidents",
    "SELECT u.notice_id, u.body, "
    "DATE_FORMAT(CONVERT_TZ(u.created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i') FROM notice_updates u JOIN notices n ON "
    "n.id = u.notice_id WHERE n.organisation_id IS NULL AND "
    "n.state <> 'draft' ORDER BY u.id");

static void
notices_page(struct req *r, int status, const char *msg)
{
	static const char *const f[] = { "Id", "Kind", "State", "Title", "Org",
	    "Starts", "Ends", "Affected", "Published", "Updates" };
	struct db_rows	rows;
	size_t		i, k;

	if (DB_RUN0(r, &st_nt_list, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Notices_", i, f[k], DB_CELL(&rows, i, k));
		app_cell_label(r, "Notices_", i, "KindName", "notice.kind",
		    DB_CELL(&rows, i, 1));
		app_cell_label(r, "Notices_", i, "StateName", "notice.state",
		    DB_CELL(&rows, i, 2));
	}
	db_rows_free(&rows);
	if (DB_RUN0(r, &st_nt_orgs, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		app_cell(r, "Orgs", i, "Id", DB_CELL(&rows, i, 0));
		app_cell(r, "Orgs", i, "Name", DB_CELL(&rows, i, 1));
	}
	db_rows_free(&rows);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "ops_notices.cs", "notice.title");
}

static void
page_notices(struct req *r)
{
	notices_page(r, 200, NULL);
}

/* POST /ops/notices: a draft. */
static void
post_notice(struct req *r)
{
	const char	*kind = app_in(r, KEY_KIND), *title = app_in(r, KEY_TITLE);
	const char	*body = app_in(r, KEY_BODY), *starts = app_in(r, KEY_STARTS);
	const char	*ends = app_in(r, KEY_ENDS);
	long long	 org = util_num(app_in(r, KEY_ORG));

	if (kind == NULL || title == NULL || *title == '\0' || body == NULL ||
	    (app_in_present(r, KEY_AFFECTED) && !app_in(r, KEY_AFFECTED)) ||
	    (app_in_present(r, KEY_STARTS) && starts == NULL) ||
	    (app_in_present(r, KEY_ENDS) && ends == NULL) ||
	    (app_in_present(r, KEY_ORG) && app_in(r, KEY_ORG) == NULL)) {
		notices_page(r, 422, "notice.bad");
		return;
	}
	if (strcmp(kind, "maintenance") == 0 && (starts == NULL ||
	    *starts == '\0' || ends == NULL || *ends == '\0' ||
	    strcmp(ends, starts) <= 0)) {
		notices_page(r, 422, "notice.bad_window");
		return;
	}
	if (DB_RUN(r, &st_nt_add, NULL, DBS(kind), org > 0 ? DBI(org) :
	    DBS(NULL), DBS(title), DBS(body), DBS(app_in(r, KEY_AFFECTED) ?
	    app_in(r, KEY_AFFECTED) : ""), DBS(starts && *starts ? starts :
	    NULL), DBS(ends && *ends ? ends : NULL),
	    DBI(r->user.user_id)) == -1) {
		/* An organisation that does not exist, say. */
		notices_page(r, 422, "notice.bad");
		return;
	}
	http_redirect(r, 303, "/ops/notices");
}

/* The notice (or its update, text) mailed to whom it concerns. */
static int
notice_mail(struct req *r, long long id, const char *kind, long long org,
    const char *title, const char *body, const char *starts,
    const char *ends, const char *affected, const char *what)
{
	struct db_rows	 c;
	char		 text[64], subj[64], link[256];
	size_t		 i;
	int		 rc = 0;

	if (DB_RUN(r, &st_nt_contacts, &c, DBI(org), DBI(org)) == -1)
		return -1;
	snprintf(text, sizeof(text), "notice.mail.%s", what);
	snprintf(subj, sizeof(subj), "notice.subject.%s", what);
	snprintf(link, sizeof(link), "%s/status", r->conf->base_url);
	for (i = 0; i < c.nrows && rc == 0; i++) {
		const char *const vals[] = { "Title", title, "title", title,
		    "Body", body, "Starts", starts ? starts : "",
		    "Ends", ends ? ends : "", "Affected", affected ? affected :
		    "", "Link", link, "name", DB_CELL(&c, i, 1), NULL };
		/* Every text in the contact's language. */
		const char *const fills[] = { "Greeting", "mail.greeting",
		    "Text", text, "Subject", subj, NULL };
		struct mail_req q = { util_num(DB_CELL(&c, i, 0)), 0, 0,
		    "notice", DB_CELL(&c, i, 2), DB_CELL(&c, i, 1),
		    DB_CELL(&c, i, 3), "notice", vals, fills, 0 };

		rc = mail_enqueue(r->db, r->conf, r->rid, &q) == -1 ? -1 : 0;
	}
	log_info(r->rid, "notice %lld (%s): mailed to %zu contacts", id, what,
	    c.nrows);
	db_rows_free(&c);
	return rc;
}

/* POST /ops/notices/#: publish, resolve, or an update of an incident. */
static void
post_notice_act(struct req *r)
{
	struct db_rows	 n;
	const char	*action = app_in(r, KEY_ACTION), *state, *env;
	long		 today, start;
	char		 day[DATE_LEN];
	int		 rc = 0;

	if (action == NULL || strcmp(action, "suspend") == 0 ||
	    strcmp(action, "resume") == 0 || strcmp(action, "contact") == 0) {
		notices_page(r, 400, "ops.bad_action");
		return;
	}
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_nt_get, &n, DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (n.nrows != 1) {
		db_rows_free(&n);
		db_rollback(r);
		app_error(r, 404);
		return;
	}
	state = DB_CELL(&n, 0, 1);
	if (strcmp(action, "publish") == 0) {
		if (strcmp(state, "draft") != 0) {
			rc = 409;
			goto refuse;
		}
		/* Maintenance: at least 5 business days ahead. */
		today = (env = getenv("KEIYAKU_TODAY")) != NULL &&
		    date_parse(env, &today) == 0 ? today :
		    date_today_jst(time(NULL));
		if (strcmp(DB_CELL(&n, 0, 0), "maintenance") == 0) {
			snprintf(day, sizeof(day), "%.10s", DB_CELL(&n, 0, 6));
			if (date_parse(day, &start) == -1 ||
			    date_business_days(today, start - 1) < NOTICE_DAYS) {
				rc = 422;
				goto refuse;
			}
		}
		if (DB_RUN(r, &st_nt_state, NULL, DBS("published"),
		    DBS("published"), DBS("published"), DBI(r->path_id)) == -1 ||
		    notice_mail(r, r->path_id, DB_CELL(&n, 0, 0),
		    util_num(DB_CELL(&n, 0, 2)), DB_CELL(&n, 0, 3),
		    DB_CELL(&n, 0, 4), DB_CELL(&n, 0, 6), DB_CELL(&n, 0, 7),
		    DB_CELL(&n, 0, 5), DB_CELL(&n, 0, 0)) == -1)
			goto fail;
	} else if (strcmp(action, "resolve") == 0) {
		if (strcmp(state, "published") != 0) {
			rc = 409;
			goto refuse;
		}
		if (DB_RUN(r, &st_nt_state, NULL, DBS("resolved"),
		    DBS("resolved"), DBS("resolved"), DBI(r->path_id)) == -1 ||
		    notice_mail(r, r->path_id, DB_CELL(&n, 0, 0),
		    util_num(DB_CELL(&n, 0, 2)), DB_CELL(&n, 0, 3),
		    app_l(r, "notice.resolved_body"), NULL, NULL, NULL,
		    "resolved") == -1)
			goto fail;
	} else {
		const char *body = app_in(r, KEY_BODY);

		if (strcmp(state, "published") != 0) {
			rc = 409;
			goto refuse;
		}
		if (body == NULL || *body == '\0') {
			rc = 422;
			goto refuse;
		}
		if (DB_RUN(r, &st_nt_update, NULL, DBI(r->path_id), DBS(body),
		    DBI(r->user.user_id)) == -1 ||
		    notice_mail(r, r->path_id, DB_CELL(&n, 0, 0),
		    util_num(DB_CELL(&n, 0, 2)), DB_CELL(&n, 0, 3), body,
		    NULL, NULL, NULL, "update") == -1)
			goto fail;
	}
	db_rows_free(&n);
	if (db_commit(r) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	log_info(r->rid, "operator %lld: notice %lld: %s", r->user.user_id,
	    r->path_id, action);
	http_redirect(r, 303, "/ops/notices");
	return;
refuse:
	db_rows_free(&n);
	db_rollback(r);
	notices_page(r, rc, rc == 409 ? "notice.moved_on" :
	    strcmp(action, "publish") == 0 ? "notice.too_soon" :
	    "notice.no_update");
	return;
fail:
	db_rows_free(&n);
	db_rollback(r);
	app_error(r, 503);
}

/* GET /status: public. */
static void
page_status(struct req *r)
{
	static const char *const f[] = { "Id", "Kind", "State", "Title", "Body",
	    "Affected", "Starts", "Ends", "Published", "Resolved", "Now",
	    "Past" };
	struct db_rows	 n, u;
	size_t		 i, k, j, m;
	int		 incident = 0, maint = 0;
	char		 name[64];

	if (DB_RUN0(r, &st_st_notices, &n) == -1 ||
	    DB_RUN0(r, &st_st_updates, &u) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < n.nrows; i++) {
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Status", i, f[k], DB_CELL(&n, i, k));
		app_cell_label(r, "Status", i, "KindName", "notice.kind",
		    DB_CELL(&n, i, 1));
		if (strcmp(DB_CELL(&n, i, 2), "published") == 0 &&
		    strcmp(DB_CELL(&n, i, 1), "incident") == 0)
			incident = 1;
		if (strcmp(DB_CELL(&n, i, 2), "published") == 0 &&
		    strcmp(DB_CELL(&n, i, 1), "maintenance") == 0 &&
		    DB_CELL(&n, i, 10) && strcmp(DB_CELL(&n, i, 10), "1") == 0)
			maint = 1;
		for (j = 0, m = 0; j < u.nrows; j++) {
			if (strcmp(DB_CELL(&u, j, 0), DB_CELL(&n, i, 0)) != 0)
				continue;
			snprintf(name, sizeof(name), "Status.%zu.Updates", i);
			app_cell(r, name, m, "Body", DB_CELL(&u, j, 1));
			app_cell(r, name, m++, "At", DB_CELL(&u, j, 2));
		}
	}
	db_rows_free(&n);
	db_rows_free(&u);
	tmpl_set(r->tmpl, "Overall", incident ? "incident" : maint ?
	    "maintenance" : "ok");
	app_page(r, 200, "status.cs", "status.title");
}

/*
 * Each month's availability (Japan months) from the probes of the job
 * worker (src/probe.c): probes answered, of them inside published
 * planned maintenance (excluded, as the service levels say), failures
 * outside it, and the intervals with no answer recorded (the job
 * worker was down: shown, not guessed).
 */
#define IN_MAINTENANCE \
    "EXISTS (SELECT 1 FROM notices n WHERE n.kind = 'maintenance' AND " \
    "n.state <> 'draft' AND n.organisation_id IS NULL AND " \
    "p.slot >= n.starts_at AND p.slot < n.ends_at)"
DB_STMT_GLOBAL(st_av_months, "the availability of the whole service",
    "SELECT DATE_FORMAT(CONVERT_TZ(p.slot, '+00:00', '+09:00'), '%Y-%m') m, "
    "SUM(p.at IS NOT NULL), SUM(p.at IS NOT NULL AND " IN_MAINTENANCE "), "
    "SUM(p.ok = 0 AND NOT " IN_MAINTENANCE "), "
    "TIMESTAMPDIFF(SECOND, MIN(p.slot), MAX(p.slot)) DIV ? + 1, "
    "ROUND(AVG(p.ms)), MAX(p.ms) FROM probes p "
    "WHERE p.slot >= NOW() - INTERVAL 13 MONTH GROUP BY m ORDER BY m DESC");
DB_STMT_GLOBAL(st_av_failures, "the availability of the whole service",
    "SELECT DATE_FORMAT(CONVERT_TZ(p.slot, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), p.status, p.ms, p.detail, " IN_MAINTENANCE " "
    "FROM probes p WHERE p.ok = 0 ORDER BY p.slot DESC LIMIT 50");

/* GET /ops/availability */
static void
page_availability(struct req *r)
{
	static const char *const f[] = { "Month", "Probed", "Planned",
	    "Failed", "Expected", "AvgMs", "MaxMs" };
	static const char *const ff[] = { "At", "Status", "Ms", "Detail",
	    "Planned" };
	struct db_rows	rows;
	long long	probed, planned, failed, expected;
	char		pct[32];
	size_t		i, k;

	if (DB_RUN(r, &st_av_months, &rows, DBI(r->conf->probe_seconds)) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Months", i, f[k], DB_CELL(&rows, i, k));
		probed = util_num(DB_CELL(&rows, i, 1));
		planned = util_num(DB_CELL(&rows, i, 2));
		failed = util_num(DB_CELL(&rows, i, 3));
		expected = util_num(DB_CELL(&rows, i, 4));
		if (probed - planned > 0)
			snprintf(pct, sizeof(pct), "%.3f", 100.0 *
			    (double)(probed - planned - failed) /
			    (double)(probed - planned));
		else
			snprintf(pct, sizeof(pct), "-");
		app_cell(r, "Months", i, "Percent", pct);
		app_cell(r, "Months", i, "Met", probed - planned > 0 &&
		    (probed - planned - failed) * 1000 >= (probed - planned) *
		    999 ? "1" : "0");
		snprintf(pct, sizeof(pct), "%lld", expected > probed ?
		    expected - probed : 0);
		app_cell(r, "Months", i, "Missing", pct);
	}
	db_rows_free(&rows);
	if (DB_RUN0(r, &st_av_failures, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++)
		for (k = 0; k < NELEM(ff); k++)
			app_cell(r, "Failures", i, ff[k], DB_CELL(&rows, i, k));
	db_rows_free(&rows);
	tmpl_set_int(r->tmpl, "ProbeSeconds", r->conf->probe_seconds);
	app_page(r, 200, "ops_availability.cs", "avail.title");
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/ops", PERM_OPS_CONSOLE, page_console, 0 },
	{ M_GET | M_HEAD, "/ops/availability", PERM_OPS_CONSOLE,
	    page_availability, 0 },
	{ M_POST, "/ops/orgs", PERM_OPS_CONSOLE, post_org, 0 },
	{ M_POST, "/ops/orgs/#", PERM_OPS_CONSOLE, post_org_act, 0 },
	{ M_GET | M_HEAD, "/ops/notices", PERM_OPS_CONSOLE, page_notices, 0 },
	{ M_POST, "/ops/notices", PERM_OPS_CONSOLE, post_notice, 0 },
	{ M_POST, "/ops/notices/#", PERM_OPS_CONSOLE, post_notice_act, 0 },
	{ M_GET | M_HEAD, "/status", PERM_PUBLIC, page_status, 0 },
};

static const struct app ops_app = {
	"ops", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&ops_app, argc, argv);
}
