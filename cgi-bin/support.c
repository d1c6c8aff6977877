/*
 * support: inquiries (お問い合わせ, issue 5).
 *
 *   GET  /support           the user's tickets, and a new one
 *   POST /support           a new ticket (subject, body)
 *   GET  /support/#         one of the user's tickets with its messages
 *   POST /support/#         a follow-up from the user
 *   GET  /ops/support       the operator: every open ticket, oldest
 *                           first, with its lead time
 *   GET  /ops/support/#     the operator: one ticket
 *   POST /ops/support/#     the operator answers (mailed to the user)
 *
 * A user sees only their own tickets (another's, even in the same
 * organisation, is 404); the operator sees all.  Lead time: Japanese
 * business days from the day it was opened to the day it was answered
 * (or today, while it waits).
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
	KEY_SUBJECT,
	KEY_BODY,
	KEY__MAX
};

static int
valid_body(const char *s, size_t n)
{
	return n <= 10000 && valid_text(s, n);
}

static const struct http_key keys[KEY__MAX] = {
	{ "subject", valid_title },
	{ "body", valid_body },
};

#define DAY_JST(col) \
    "DATE_FORMAT(CONVERT_TZ(" col ", '+00:00', '+09:00'), '%Y-%m-%d')"
#define TIME_JST(col) \
    "DATE_FORMAT(CONVERT_TZ(" col ", '+00:00', '+09:00'), '%Y-%m-%d %H:%i')"

DB_STMT_TENANT(st_su_mine,
    "SELECT id, subject, state, " TIME_JST("created_at") ", "
    DAY_JST("created_at") ", " DAY_JST("answered_at") " FROM tickets "
    "WHERE organisation_id = ? AND user_id = ? ORDER BY id DESC LIMIT 100");
DB_STMT_TENANT(st_su_add,
    "INSERT INTO tickets (organisation_id, user_id, subject) "
    "VALUES (?, ?, ?)");
DB_STMT_TENANT(st_su_msg,
    "INSERT INTO ticket_messages (organisation_id, ticket_id, author_id, "
    "from_operator, body) VALUES (?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_su_ticket,
    "SELECT id, subject, state, " TIME_JST("created_at") ", "
    DAY_JST("created_at") ", " DAY_JST("answered_at") " FROM tickets "
    "WHERE organisation_id = ? AND id = ? AND user_id = ?");
DB_STMT_TENANT(st_su_messages,
    "SELECT m.from_operator, u.name, m.body, " TIME_JST("m.created_at")
    " FROM ticket_messages m JOIN users u ON u.id = m.author_id "
    "WHERE m.organisation_id = ? AND m.ticket_id = ? ORDER BY m.id");
DB_STMT_TENANT(st_su_reopen,
    "UPDATE tickets SET organisation_id = ?, state = 'open' "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_GLOBAL(st_op_open,
    "the operator answers the inquiries of every organisation",
    "SELECT t.id, t.subject, t.state, " TIME_JST("t.created_at") ", "
    DAY_JST("t.created_at") ", " DAY_JST("t.answered_at") ", o.name, "
    "u.name FROM tickets t JOIN organisations o ON o.id = t.organisation_id "
    "JOIN users u ON u.id = t.user_id "
    "ORDER BY t.state = 'open' DESC, t.id LIMIT 200");
DB_STMT_GLOBAL(st_op_ticket,
    "the operator reads the inquiry of the path, of any organisation",
    "SELECT t.id, t.subject, t.state, " TIME_JST("t.created_at") ", "
    DAY_JST("t.created_at") ", " DAY_JST("t.answered_at") ", o.name, "
    "u.name, t.organisation_id, u.email, u.lang, u.id "
    "FROM tickets t JOIN organisations o ON o.id = t.organisation_id "
    "JOIN users u ON u.id = t.user_id WHERE t.id = ?");
DB_STMT_GLOBAL(st_op_messages,
    "the operator reads the messages of the inquiry of the path",
    "SELECT m.from_operator, u.name, m.body, " TIME_JST("m.created_at")
    " FROM ticket_messages m JOIN users u ON u.id = m.author_id "
    "WHERE m.ticket_id = ? ORDER BY m.id");
DB_STMT_GLOBAL(st_op_answered,
    "the operator answers the inquiry of the path",
    "UPDATE tickets SET state = 'answered', answered_at = "
    "COALESCE(answered_at, NOW(6)) WHERE id = ?");

/* The lead time of a ticket: business days from opened to answered. */
static void
lead(struct req *r, const char *prefix, size_t i, const char *opened,
    const char *answered)
{
	long	a, b;
	char	v[24];

	if (opened == NULL || date_parse(opened, &a) == -1)
		return;
	if (answered == NULL || date_parse(answered, &b) == -1)
		b = date_today_jst(time(NULL));
	snprintf(v, sizeof(v), "%ld", date_business_days(a, b));
	app_cell(r, prefix, i, "Lead", v);
}

static void
set_ticket(struct req *r, const char *prefix, size_t i,
    const struct db_rows *t, size_t row, int ops)
{
	static const char *const f[] = { "Id", "Subject", "State", "Created",
	    "", "", "Org", "User" };
	size_t	k;

	for (k = 0; k < (ops ? NELEM(f) : 6); k++)
		if (*f[k])
			app_cell(r, prefix, i, f[k], DB_CELL(t, row, k));
	app_cell_label(r, prefix, i, "StateName", "support.state",
	    DB_CELL(t, row, 2));
	lead(r, prefix, i, DB_CELL(t, row, 4), DB_CELL(t, row, 5));
}

static void
set_messages(struct req *r, const struct db_rows *m)
{
	static const char *const f[] = { "Operator", "Name", "Body", "At" };
	size_t	i, k;

	for (i = 0; i < m->nrows; i++)
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Messages", i, f[k], DB_CELL(m, i, k));
}

/* The user's own organisation, or 403 (the operator has none). */
static int
member(struct req *r)
{
	if (r->user.org_id > 0)
		return 1;
	app_error_msg(r, 403, "support.no_org");
	return 0;
}

static void
list_page(struct req *r, int status, const char *msg)
{
	struct db_rows	t;
	size_t		i;

	if (DB_RUN(r, &st_su_mine, &t, DBI(r->user.user_id)) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < t.nrows; i++)
		set_ticket(r, "Tickets", i, &t, i, 0);
	db_rows_free(&t);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "support.cs", "support.title");
}

static void
page_list(struct req *r)
{
	if (member(r))
		list_page(r, 200, NULL);
}

static void
post_new(struct req *r)
{
	struct db_rows	 t;
	const char	*subj = app_in(r, KEY_SUBJECT), *body = app_in(r, KEY_BODY);
	char		 loc[48];
	long long	 id;

	if (!member(r))
		return;
	if (subj == NULL || *subj == '\0' || body == NULL || *body == '\0') {
		list_page(r, 422, "support.bad");
		return;
	}
	if (db_begin(r) == -1 || DB_RUN(r, &st_su_add, &t,
	    DBI(r->user.user_id), DBS(subj)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	id = t.insert_id;
	db_rows_free(&t);
	if (DB_RUN(r, &st_su_msg, NULL, DBI(id), DBI(r->user.user_id), DBI(0),
	    DBS(body)) == -1 || oplog_add(r, 0, "support.open", subj) == -1 ||
	    db_commit(r) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	snprintf(loc, sizeof(loc), "/support/%lld", id);
	http_redirect(r, 303, loc);
}

static void
ticket_page(struct req *r, int status, const char *msg)
{
	struct db_rows	t, m;

	if (!member(r))
		return;
	if (DB_RUN(r, &st_su_ticket, &t, DBI(r->path_id),
	    DBI(r->user.user_id)) == -1) {
		app_error(r, 503);
		return;
	}
	if (t.nrows != 1) {
		db_rows_free(&t);
		app_error(r, 404);
		return;
	}
	set_ticket(r, "Ticket", 0, &t, 0, 0);
	db_rows_free(&t);
	if (DB_RUN(r, &st_su_messages, &m, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return;
	}
	set_messages(r, &m);
	db_rows_free(&m);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "support_ticket.cs", "support.title");
}

static void
page_ticket(struct req *r)
{
	ticket_page(r, 200, NULL);
}

static void
post_followup(struct req *r)
{
	struct db_rows	 t;
	const char	*body = app_in(r, KEY_BODY);
	char		 loc[48];

	if (!member(r))
		return;
	if (db_begin(r) == -1 || DB_RUN(r, &st_su_ticket, &t, DBI(r->path_id),
	    DBI(r->user.user_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (t.nrows != 1) {
		db_rows_free(&t);
		db_rollback(r);
		app_error(r, 404);
		return;
	}
	db_rows_free(&t);
	if (body == NULL || *body == '\0') {
		db_rollback(r);
		ticket_page(r, 422, "support.bad_body");
		return;
	}
	if (DB_RUN(r, &st_su_msg, NULL, DBI(r->path_id), DBI(r->user.user_id),
	    DBI(0), DBS(body)) == -1 ||
	    DB_RUN(r, &st_su_reopen, NULL, DBI(r->user.org_id),
	    DBI(r->path_id)) == -1 || db_commit(r) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	snprintf(loc, sizeof(loc), "/support/%lld", r->path_id);
	http_redirect(r, 303, loc);
}

/* The operator's side. */
static void
page_ops_list(struct req *r)
{
	struct db_rows	t;
	size_t		i;

	if (DB_RUN0(r, &st_op_open, &t) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < t.nrows; i++)
		set_ticket(r, "Tickets", i, &t, i, 1);
	db_rows_free(&t);
	app_page(r, 200, "ops_support.cs", "support.ops_title");
}

static void
ops_ticket_page(struct req *r, int status, const char *msg)
{
	struct db_rows	t, m;

	if (DB_RUN(r, &st_op_ticket, &t, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return;
	}
	if (t.nrows != 1) {
		db_rows_free(&t);
		app_error(r, 404);
		return;
	}
	set_ticket(r, "Ticket", 0, &t, 0, 1);
	db_rows_free(&t);
	if (DB_RUN(r, &st_op_messages, &m, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return;
	}
	set_messages(r, &m);
	db_rows_free(&m);
	tmpl_set(r->tmpl, "Ops", "1");
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "support_ticket.cs", "support.ops_title");
}

static void
page_ops_ticket(struct req *r)
{
	ops_ticket_page(r, 200, NULL);
}

static void
post_answer(struct req *r)
{
	struct db_rows	 t;
	const char	*body = app_in(r, KEY_BODY);
	char		 link[256], loc[48];
	long long	 org;
	int		 rc;

	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_op_ticket, &t, DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (t.nrows != 1) {
		db_rows_free(&t);
		db_rollback(r);
		app_error(r, 404);
		return;
	}
	if (body == NULL || *body == '\0') {
		db_rows_free(&t);
		db_rollback(r);
		ops_ticket_page(r, 422, "support.bad_body");
		return;
	}
	org = util_num(DB_CELL(&t, 0, 8));
	snprintf(link, sizeof(link), "%s/support/%lld", r->conf->base_url,
	    r->path_id);
	{
		const char *const vals[] = { "Title", DB_CELL(&t, 0, 1),
		    "title", DB_CELL(&t, 0, 1), "Body", body, "Link", link,
		    "name", DB_CELL(&t, 0, 7), NULL };
		const char *const fills[] = { "Greeting", "mail.greeting",
		    "Text", "support.mail.answer", "Subject",
		    "support.subject.answer", NULL };
		struct mail_req q = { org, util_num(DB_CELL(&t, 0, 11)), 0,
		    "support_answer", DB_CELL(&t, 0, 9), DB_CELL(&t, 0, 7),
		    strcmp(DB_CELL(&t, 0, 10), "en") == 0 ? "en" : "ja",
		    "support", vals, fills, 0 };

		rc = db_run_raw(r->db, r->rid, org, &st_su_msg,
		    (const struct db_param[]){ DBI(r->path_id),
		    DBI(r->user.user_id), DBI(1), DBS(body) }, 4, NULL) == -1 ||
		    DB_RUN(r, &st_op_answered, NULL, DBI(r->path_id)) == -1 ||
		    mail_enqueue(r->db, r->conf, r->rid, &q) == -1 ||
		    oplog_add_raw(r->db, r->rid, org, r->user.user_id, 0,
		    "support.answer", DB_CELL(&t, 0, 1), r->remote_addr) == -1;
	}
	db_rows_free(&t);
	if (rc || db_commit(r) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	snprintf(loc, sizeof(loc), "/ops/support/%lld", r->path_id);
	http_redirect(r, 303, loc);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/support", PERM_SIGNED_IN, page_list, 0 },
	{ M_POST, "/support", PERM_SIGNED_IN, post_new, 0 },
	{ M_GET | M_HEAD, "/support/#", PERM_SIGNED_IN, page_ticket, 0 },
	{ M_POST, "/support/#", PERM_SIGNED_IN, post_followup, 0 },
	{ M_GET | M_HEAD, "/ops/support", PERM_OPS_CONSOLE, page_ops_list, 0 },
	{ M_GET | M_HEAD, "/ops/support/#", PERM_OPS_CONSOLE, page_ops_ticket,
	    0 },
	{ M_POST, "/ops/support/#", PERM_OPS_CONSOLE, post_answer, 0 },
};

static const struct app support_app = {
	"support", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&support_app, argc, argv);
}
