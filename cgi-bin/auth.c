/*
 * auth: sign-in, sign-out, the dashboard, the notifications, the
 * profile (name, language, password), the language switch and the
 * organisation's logo (/logo, for the page header).  Also
 * answers 404 for every path no other program claims.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "auth.h"
#include "conf.h"
#include "crypto.h"
#include "date.h"
#include "db.h"
#include "ipallow.h"
#include "log.h"
#include "oplog.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"

static int
valid_done(const char *s, size_t n)
{
	return n < 32 && strspn(s, "abcdefghijklmnopqrstuvwxyz_") == n;
}

/* Hex digits of a SHA-256, its start at least. */
static int
valid_hex(const char *s, size_t n)
{
	return n <= 64 && strspn(s, "0123456789abcdef") == n;
}

static const struct http_key keys[KEY__MAX] = {
	{ "email", valid_email },
	{ "password", valid_password },
	{ "next", valid_local_path },
	{ "name", valid_line },
	{ "lang", valid_lang },
	{ "current_password", valid_password },
	{ "new_password", valid_password },
	{ "confirm_password", valid_password },
	{ "done", valid_done },
	{ "code", valid_line },
	{ "do", valid_line },
	{ "v", valid_hex },
};

DB_STMT_GLOBAL(st_user_by_email,
    "sign-in finds the account by its email before any organisation is known",
    "SELECT u.id, u.password_hash, u.disabled, o.suspended_at IS NOT NULL, "
    "o.ip_allow, u.totp_secret IS NOT NULL, u.organisation_id "
    "FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id "
    "WHERE u.email = ?");
DB_STMT_GLOBAL(st_fail_count,
    "throttling counts failed sign-ins per email across the service",
    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, MAX(at), NOW(6)), 0) "
    "FROM login_attempts WHERE email = ? "
    "AND reason IN ('bad_password', 'unknown_user', 'bad_code') "
    "AND at > NOW(6) - INTERVAL ? SECOND AND at > COALESCE((SELECT MAX(at) "
    "FROM login_attempts WHERE email = ? AND success = 1), '1970-01-01')");
DB_STMT_GLOBAL(st_ip_fail_count,
    "throttling counts failed sign-ins per IP across the service",
    "SELECT COUNT(*) FROM login_attempts WHERE ip = ? "
    "AND reason IN ('bad_password', 'unknown_user', 'bad_code') "
    "AND at > NOW(6) - INTERVAL ? SECOND");
DB_STMT_GLOBAL(st_lock_left, "locks are per email or IP, service-wide",
    "SELECT TIMESTAMPDIFF(SECOND, NOW(6), MAX(until)) FROM login_locks "
    "WHERE kind = ? AND subject = ? AND until > NOW(6)");
DB_STMT_GLOBAL(st_attempt_insert, "sign-in attempts are service-wide",
    "INSERT INTO login_attempts (email, ip, success, reason, at) "
    "VALUES (?, ?, ?, ?, NOW(6))");
DB_STMT_GLOBAL(st_lock_insert, "locks are per email or IP, service-wide",
    "INSERT INTO login_locks (kind, subject, until, created_at) "
    "VALUES (?, ?, NOW(6) + INTERVAL ? SECOND, NOW(6))");
DB_STMT_GLOBAL(st_my_profile, "the signed-in user's own row",
    "SELECT u.lang, d.name, u.password_hash FROM users u "
    "LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = ?");
DB_STMT_GLOBAL(st_set_profile, "the signed-in user's own row",
    "UPDATE users SET name = ?, lang = ? WHERE id = ?");
DB_STMT_GLOBAL(st_set_lang, "the signed-in user's own row",
    "UPDATE users SET lang = ? WHERE id = ?");
DB_STMT_GLOBAL(st_set_password, "the signed-in user's own row",
    "UPDATE users SET password_hash = ?, password_changed_at = NOW(6) "
    "WHERE id = ?");
DB_STMT_GLOBAL(st_org_policy, "the signed-in user's own organisation row",
    "SELECT password_min_length, password_check_banned FROM organisations "
    "WHERE id = ?");

/* A ?done=KEY notice after a redirect: the language string done.KEY. */
void
set_done(struct req *r)
{
	char	key[64];

	if (app_in(r, KEY_DONE) == NULL)
		return;
	snprintf(key, sizeof(key), "done.%s", app_in(r, KEY_DONE));
	if (strcmp(app_l(r, key), key) != 0)
		tmpl_set(r->tmpl, "Form.Done", app_l(r, key));
}

/*
 * The dashboard's contracts in one statement (one round trip; the
 * session was the other), each branch on its own index:
 *  'x' in force, expiring from today to today + 90 (contracts_expiry),
 *  'n' auto-renewing, notice deadline from today to today + 30
 *      (contracts_notice_by),
 *  'd' my drafts (contracts_owner_status, forced: its entries are in id
 *      order, so the newest 50 are read and no more; with thousands of
 *      drafts MariaDB chose an index merge and a sort, 10 ms at 20,000
 *      contracts instead of 0.1),
 *  'a' waiting for my approval: my undecided assignments on a step
 *      now deciding (approval_assignments_user).
 * The first two follow the visibility rule of lib/authz.h; my own
 * drafts and the contracts I am asked to approve are mine to see.
 * SQL_CACHE: MariaDB's query cache keeps the result (etc/my.cnf.in)
 * until the tables it read change; the dates are bound, not NOW(), so
 * that it can.
 */
#define DASH_COLS \
    "c.id, c.number, c.title, c.counterparty, c.expiry_date, c.notice_by, " \
    "c.auto_renew "
DB_STMT_TENANT(st_dashboard,
    "(SELECT SQL_CACHE 'x', " DASH_COLS "FROM contracts c "
    "WHERE c.organisation_id = ? AND " AUTHZ_CONTRACT_VISIBLE " "
    "AND c.expiry_date BETWEEN ? AND ? "
    "AND c.status IN ('executed', 'active') "
    "ORDER BY c.expiry_date, c.id LIMIT 100) "
    "UNION ALL "
    "(SELECT 'n', " DASH_COLS "FROM contracts c "
    "WHERE c.organisation_id = ? AND " AUTHZ_CONTRACT_VISIBLE " "
    "AND c.notice_by BETWEEN ? AND ? AND c.auto_renew = 1 "
    "AND c.status IN ('executed', 'active') "
    "ORDER BY c.notice_by, c.id LIMIT 50) "
    "UNION ALL "
    "(SELECT 'd', " DASH_COLS
    "FROM contracts c FORCE INDEX (contracts_owner_status) "
    "WHERE c.organisation_id = ? AND c.owner_id = ? AND c.status = 'draft' "
    "ORDER BY c.id DESC LIMIT 50) "
    "UNION ALL "
    "(SELECT 'a', " DASH_COLS "FROM approval_assignments aa "
    "JOIN approval_steps s ON s.id = aa.step_id AND s.state = 'pending' "
    "JOIN approvals ap ON ap.id = s.approval_id AND ap.state = 'approval' "
    "AND ap.position = s.position "
    "JOIN contracts c ON c.organisation_id = aa.organisation_id "
    "AND c.id = aa.contract_id AND c.status = 'approval' "
    "WHERE aa.organisation_id = ? AND aa.user_id = ? AND aa.decision IS NULL "
    "ORDER BY c.id LIMIT 50)");

/* Sets name to "in N days" / "today" / "passed" in the page's language. */
static void
set_days(struct req *r, const char *name, long days)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 num[32];
	const char	*vals[] = { "n", num, NULL };

	snprintf(num, sizeof(num), "%ld", days);
	app_fill(r, &b, days > 0 ? "notify.in_days" : days == 0 ? "notify.today" :
	    "notify.passed", vals);
	tmpl_set(r->tmpl, name, b.data ? b.data : "");
	buf_free(&b);
}

/* Days from today to the date s (YYYY-MM-DD), or 0 if s is none. */
static long
days_to(const char *s, long today)
{
	long	d;

	return s != NULL && date_parse(s, &d) == 0 ? d - today : 0;
}

/*
 * The dashboard: the account (from the session), the contracts that
 * need attention (st_dashboard), and the empty place of the approvals
 * waiting for the user.  Every database round trip costs 100-250 us on
 * a 2-core VM (bench/run): pages keep them few.
 */
static void
page_dashboard(struct req *r)
{
	static const char *const names[] = { "Id", "Number", "Title",
	    "Counterparty", "Expiry", "NoticeBy", "AutoRenew" };
	static const char *const pre[] = { "Exp30", "Exp60", "Exp90",
	    "Notice", "Drafts", "Approve" };
	struct db_rows	 rows;
	char		 t0[DATE_LEN], t30[DATE_LEN], t90[DATE_LEN], name[96];
	const char	*sect;
	long		 today, days;
	size_t		 i, k, n[6] = { 0 };
	int		 b;

	app_set_roles(r, "Roles", r->user.roles);
	if (r->user.org_id > 0 &&
	    authz_may(r, PERM_CONTRACTS_VIEW, 0) == AUTHZ_OK) {
		today = date_today_jst(time(NULL));
		date_format(today, t0);
		date_format(today + 30, t30);
		date_format(today + 90, t90);
		if (DB_RUN(r, &st_dashboard, &rows,
		    AUTHZ_CONTRACT_VISIBLE_ARGS(r), DBS(t0), DBS(t90),
		    DBI(r->user.org_id), AUTHZ_CONTRACT_VISIBLE_ARGS(r),
		    DBS(t0), DBS(t30), DBI(r->user.org_id),
		    DBI(r->user.user_id), DBI(r->user.org_id),
		    DBI(r->user.user_id)) == -1) {
			app_error(r, 503);
			return;
		}
		for (i = 0; i < rows.nrows; i++) {
			sect = DB_CELL(&rows, i, 0);
			if (sect[0] == 'x') {
				days = days_to(DB_CELL(&rows, i, 5), today);
				b = days <= 30 ? 0 : days <= 60 ? 1 : 2;
			} else if (sect[0] == 'n') {
				days = days_to(DB_CELL(&rows, i, 6), today);
				b = 3;
			} else {
				days = 0;
				b = sect[0] == 'a' ? 5 : 4;
			}
			for (k = 0; k < NELEM(names); k++) {
				snprintf(name, sizeof(name), "%s.%zu.%s",
				    pre[b], n[b], names[k]);
				tmpl_set(r->tmpl, name, DB_CELL(&rows, i, k + 1));
			}
			snprintf(name, sizeof(name), "%s.%zu.Days", pre[b],
			    n[b]);
			tmpl_set_int(r->tmpl, name, days);
			snprintf(name, sizeof(name), "%s.%zu.DaysText", pre[b],
			    n[b]);
			set_days(r, name, days);
			n[b]++;
		}
		db_rows_free(&rows);
		tmpl_set(r->tmpl, "Dash.Contracts", "1");
		tmpl_set_int(r->tmpl, "Dash.Expiring",
		    (long long)(n[0] + n[1] + n[2]));
	}
	app_page(r, 200, "dashboard.cs", "nav.dashboard");
}

/*
 * Notifications are the user's own: every statement names the user
 * (and the organisation, bound by lib/db.c).  Another user's id, or
 * another organisation's, is simply not found.
 */
DB_STMT_TENANT(st_notifications,
    "SELECT n.id, n.kind, n.contract_id, c.title, c.number, n.due_date, "
    "n.read_at IS NULL, DATE_FORMAT(CONVERT_TZ(n.created_at, '+00:00', "
    "'+09:00'), '%Y-%m-%d %H:%i'), c.auto_renew, c.department_id, "
    "c.owner_id "
    "FROM notifications n LEFT JOIN contracts c ON c.id = n.contract_id "
    "AND c.organisation_id = n.organisation_id "
    "WHERE n.organisation_id = ? AND n.user_id = ? "
    "ORDER BY n.id DESC LIMIT 200");
DB_STMT_TENANT(st_notification_mine,
    "SELECT id FROM notifications WHERE organisation_id = ? AND id = ? "
    "AND user_id = ?");
DB_STMT_TENANT(st_notification_read,
    "UPDATE notifications SET read_at = NOW(6) WHERE organisation_id = ? "
    "AND id = ? AND user_id = ? AND read_at IS NULL");
DB_STMT_TENANT(st_notifications_read_all,
    "UPDATE notifications SET read_at = NOW(6) WHERE organisation_id = ? "
    "AND user_id = ? AND read_at IS NULL");
/*
 * users.unread_notifications goes down by the notifications just
 * marked, in their transaction (a notification added meanwhile keeps
 * its count).  db_run binds the session's organisation to the SET
 * (the row stays where it is); the WHERE names it again with the id.
 */
DB_STMT_TENANT(st_unread_sub,
    "UPDATE users SET organisation_id = ?, unread_notifications = "
    "unread_notifications - LEAST(unread_notifications, ?) "
    "WHERE organisation_id = ? AND id = ?");

/*
 * Runs st (one notification or all of the user's, marked read) and
 * lowers the user's unread count by as many, in one transaction.
 * Returns 0, or -1 (503).
 */
static int
mark_read(struct req *r, const struct db_stmt *st, long long id)
{
	struct db_rows	rows;
	long long	n;
	int		rc;

	if (db_begin(r) == -1)
		return -1;
	rc = id > 0 ? DB_RUN(r, st, &rows, DBI(id), DBI(r->user.user_id)) :
	    DB_RUN(r, st, &rows, DBI(r->user.user_id));
	if (rc == -1)
		goto fail;
	n = rows.affected;
	db_rows_free(&rows);
	if ((n > 0 && DB_RUN(r, &st_unread_sub, NULL, DBI(n),
	    DBI(r->user.org_id), DBI(r->user.user_id)) == -1) ||
	    db_commit(r) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(r);
	return -1;
}

/*
 * GET /notifications: the user's notifications, newest first.  The
 * text is made here, in the reader's language, from the kind, the
 * contract and the date; the days are counted from today (JST).  A
 * contract the user can no longer see (no longer its owner, another
 * department now) is not named.
 */
static void
page_notifications(struct req *r)
{
	static const char *const names[] = { "Id", "Kind", "ContractId",
	    "Title", "Number", "Due", "Unread", "Created" };
	struct db_rows	 rows;
	struct buf	 text = { NULL, 0, 0 };
	char		 name[96], days[128];
	const char	*kind, *key, *title;
	long		 today = date_today_jst(time(NULL));
	size_t		 i, k, unread = 0;
	int		 seen;

	if (r->user.org_id > 0) {
		if (DB_RUN(r, &st_notifications, &rows,
		    DBI(r->user.user_id)) == -1) {
			app_error(r, 503);
			return;
		}
	} else
		memset(&rows, 0, sizeof(rows));	/* the operator has none */
	for (i = 0; i < rows.nrows; i++) {
		seen = DB_CELL(&rows, i, 3) != NULL &&
		    authz_contract(r, PERM_CONTRACTS_VIEW,
		    util_num(DB_CELL(&rows, i, 2)), r->user.org_id,
		    util_num(DB_CELL(&rows, i, 9)), util_num(DB_CELL(&rows, i, 10))) ==
		    AUTHZ_OK;
		for (k = 0; k < NELEM(names); k++) {
			if (!seen && (k == 2 || k == 3 || k == 4))
				continue;
			snprintf(name, sizeof(name), "N.%zu.%s", i, names[k]);
			tmpl_set(r->tmpl, name, DB_CELL(&rows, i, k));
		}
		kind = DB_CELL(&rows, i, 1);
		if (strcmp(kind, "expiry") == 0)
			key = DB_CELL(&rows, i, 8) != NULL &&
			    strcmp(DB_CELL(&rows, i, 8), "1") == 0 ?
			    "notify.expiry_renews" : "notify.expiry";
		else if (strcmp(kind, "notice") == 0)
			key = "notify.notice";
		else if (strcmp(kind, "renewed") == 0)
			key = "notify.renewed";
		else if (strcmp(kind, "mention") == 0)
			key = "notify.mention";
		else
			key = "notify.other";
		snprintf(name, sizeof(name), "N.%zu.DaysText", i);
		set_days(r, name, days_to(DB_CELL(&rows, i, 5), today));
		snprintf(days, sizeof(days), "%s", tmpl_get(r->tmpl, name));
		title = seen ? DB_CELL(&rows, i, 3) : app_l(r, "notify.hidden");
		{
			const char *vals[] = { "title", title, "date",
			    DB_CELL(&rows, i, 5) ? DB_CELL(&rows, i, 5) : "",
			    "days", days, NULL };

			buf_reset(&text);
			app_fill(r, &text, key, vals);
		}
		snprintf(name, sizeof(name), "N.%zu.Text", i);
		tmpl_set(r->tmpl, name, text.data ? text.data : "");
		if (strcmp(DB_CELL(&rows, i, 6), "1") == 0)
			unread++;
	}
	buf_free(&text);
	tmpl_set_int(r->tmpl, "Count", (long long)rows.nrows);
	tmpl_set_int(r->tmpl, "Unread", (long long)unread);
	db_rows_free(&rows);
	set_done(r);
	app_page(r, 200, "notifications.cs", "notifications.title");
}

/* POST /notifications/#/read: one of mine, read.  Another's: 404. */
static void
post_notification_read(struct req *r)
{
	struct db_rows	rows;
	size_t		n;

	if (r->user.org_id <= 0) {
		app_error(r, 404);
		return;
	}
	if (DB_RUN(r, &st_notification_mine, &rows, DBI(r->path_id),
	    DBI(r->user.user_id)) == -1) {
		app_error(r, 503);
		return;
	}
	n = rows.nrows;
	db_rows_free(&rows);
	if (n != 1) {
		app_error(r, 404);
		return;
	}
	if (mark_read(r, &st_notification_read, r->path_id) == -1) {
		app_error(r, 503);
		return;
	}
	http_redirect(r, 303, "/notifications");
}

/* POST /notifications/read-all: every one of mine, read. */
static void
post_notifications_read_all(struct req *r)
{
	if (r->user.org_id > 0 &&
	    mark_read(r, &st_notifications_read_all, 0) == -1) {
		app_error(r, 503);
		return;
	}
	http_redirect(r, 303, "/notifications?done=notifications_read");
}

/* The sign-in form, with an optional message key and status. */
void
signin_form(struct req *r, int status, const char *msg)
{
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	if (app_in(r, KEY_EMAIL))
		tmpl_set(r->tmpl, "Form.Email", app_in(r, KEY_EMAIL));
	if (app_in(r, KEY_NEXT))
		tmpl_set(r->tmpl, "Form.Next", app_in(r, KEY_NEXT));
	app_page(r, status, "signin.cs", "signin.title");
}

static void
page_signin(struct req *r)
{
	if (r->user.signed_in) {
		http_redirect(r, 302, "/");
		return;
	}
	set_done(r);
	signin_form(r, 200, NULL);
}

void
record_attempt(struct req *r, const char *email, int ok, const char *why)
{
	DB_RUN(r, &st_attempt_insert, NULL, DBS(email), DBS(r->remote_addr),
	    DBI(ok), DBS(why));
}

/* Seconds left on a lock of kind for subject, 0 if none, -1 on error. */
static long long
lock_left(struct req *r, const char *kind, const char *subject)
{
	struct db_rows	rows;
	long long	left = 0;

	if (DB_RUN(r, &st_lock_left, &rows, DBS(kind), DBS(subject)) == -1)
		return -1;
	/* MAX() of no rows is NULL: no lock.  A lock ending now is 1 s. */
	if (rows.nrows == 1 && DB_CELL(&rows, 0, 0) != NULL &&
	    util_parse_int64(DB_CELL(&rows, 0, 0), &left) == 0)
		left = left < 0 ? 1 : left + 1;
	db_rows_free(&rows);
	return left;
}

static const char *dummy_hash;	/* per worker: equal time for unknown users */

/*
 * POST /signin.  Order: locks (IP, account), the growing delay after
 * repeated failures, then the password.  Each failure is recorded;
 * reaching the limits records a lock.  The answer never says whether
 * the account exists.
 */
static void
post_signin(struct req *r)
{
	struct db_rows	 rows;
	char		 email[256];
	const char	*pw, *hash = NULL;
	long long	 uid = 0, n = 0, since_us = 0, ipn = 0, left, wait, org = 0;
	size_t		 i;
	int		 ok, disabled = 1, suspended = 0, allowed = 1, totp = 0;

	if (!app_in(r, KEY_EMAIL) || !app_in(r, KEY_PASSWORD)) {
		signin_form(r, 422, "signin.missing");
		return;
	}
	snprintf(email, sizeof(email), "%s", app_in(r, KEY_EMAIL));
	for (i = 0; email[i]; i++)
		email[i] = (char)tolower((unsigned char)email[i]);
	pw = app_in(r, KEY_PASSWORD);

	if ((left = lock_left(r, "ip", r->remote_addr)) == -1 ||
	    (left == 0 && (left = lock_left(r, "account", email)) == -1)) {
		app_error(r, 503);
		return;
	}
	if (left > 0) {
		record_attempt(r, email, 0, "locked");
		tmpl_set_int(r->tmpl, "Form.Minutes", (left + 59) / 60);
		signin_form(r, 429, "signin.locked");
		return;
	}
	if (DB_RUN(r, &st_fail_count, &rows, DBS(email),
	    DBI(r->conf->login_window), DBS(email)) == -1) {
		app_error(r, 503);
		return;
	}
	util_parse_int64(DB_CELL(&rows, 0, 0), &n);
	util_parse_int64(DB_CELL(&rows, 0, 1), &since_us);
	db_rows_free(&rows);
	if (n >= r->conf->login_slow_after) {
		long long k = n - r->conf->login_slow_after;
		wait = k >= 6 ? 60 : 1LL << k;
		if (since_us < wait * 1000000) {
			record_attempt(r, email, 0, "throttled");
			tmpl_set_int(r->tmpl, "Form.Seconds",
			    wait - since_us / 1000000);
			signin_form(r, 429, "signin.throttled");
			return;
		}
	}

	if (DB_RUN(r, &st_user_by_email, &rows, DBS(email)) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows == 1) {
		util_parse_int64(DB_CELL(&rows, 0, 0), &uid);
		disabled = strcmp(DB_CELL(&rows, 0, 2), "0") != 0;
		suspended = strcmp(DB_CELL(&rows, 0, 3), "1") == 0;
		allowed = ipallow_match(DB_CELL(&rows, 0, 4), r->remote_addr);
		totp = strcmp(DB_CELL(&rows, 0, 5), "1") == 0;
		org = util_num(DB_CELL(&rows, 0, 6));
		hash = DB_CELL(&rows, 0, 1);
	}
	if (hash == NULL) {
		if (dummy_hash == NULL)
			dummy_hash = crypto_password_hash(r->conf, "x-dummy-x");
		hash = dummy_hash;
	}
	ok = crypto_password_verify(hash, pw) && uid > 0 && !disabled;
	db_rows_free(&rows);

	if (!ok) {
		record_attempt(r, email, 0, uid ? "bad_password" :
		    "unknown_user");
		log_info(r->rid, "sign-in failed for %s from %s", email,
		    r->remote_addr);
		if (n + 1 >= r->conf->login_lock_after) {
			DB_RUN(r, &st_lock_insert, NULL, DBS("account"),
			    DBS(email), DBI(r->conf->login_lock_seconds));
			log_info(r->rid, "account %s locked for %llds", email,
			    r->conf->login_lock_seconds);
		}
		if (DB_RUN(r, &st_ip_fail_count, &rows, DBS(r->remote_addr),
		    DBI(r->conf->login_window)) == 0) {
			util_parse_int64(DB_CELL(&rows, 0, 0), &ipn);
			db_rows_free(&rows);
			if (ipn >= r->conf->login_ip_lock_after) {
				DB_RUN(r, &st_lock_insert, NULL, DBS("ip"),
				    DBS(r->remote_addr),
				    DBI(r->conf->login_lock_seconds));
				log_info(r->rid, "IP %s locked for %llds",
				    r->remote_addr,
				    r->conf->login_lock_seconds);
			}
		}
		signin_form(r, 422, "signin.failed");
		return;
	}
	if (suspended) {
		/* Said only to whoever knows the password. */
		record_attempt(r, email, 0, "suspended");
		signin_form(r, 403, "signin.suspended");
		return;
	}
	/* From here on the request is the user's, in their access log. */
	r->log_org = org;
	r->log_user = uid;
	if (!allowed) {
		/* Said only to whoever knows the password, as above. */
		record_attempt(r, email, 0, "ip_refused");
		log_info(r->rid, "sign-in of %s refused: %s is not in the "
		    "organisation's allowed addresses", email, r->remote_addr);
		tmpl_set(r->tmpl, "Form.Address", r->remote_addr);
		signin_form(r, 403, "signin.ip_refused");
		return;
	}
	if (totp) {
		/* The password was right: the code is the second step. */
		if (twofa_challenge(r, uid, email) == -1)
			app_error(r, 503);
		return;
	}
	record_attempt(r, email, 1, "ok");
	if (session_start(r, uid) == -1) {
		app_error(r, 503);
		return;
	}
	http_redirect(r, 303, app_in(r, KEY_NEXT) ? app_in(r, KEY_NEXT) : "/");
}

static void
post_signout(struct req *r)
{
	session_end(r);
	http_redirect(r, 303, "/signin?done=signed_out");
}

static void
post_signout_all(struct req *r)
{
	if (session_end_all(r) == -1) {
		app_error(r, 503);
		return;
	}
	http_redirect(r, 303, "/signin?done=signed_out_all");
}

/*
 * The password rules of the user's organisation (defaults for the
 * operator), also shown on the profile page as Form.MinLength.
 */
static void
org_policy(struct req *r, long long *minlen, long long *banned)
{
	struct db_rows	rows;

	*minlen = 12;
	*banned = 1;
	if (r->user.org_id > 0 &&
	    DB_RUN(r, &st_org_policy, &rows, DBI(r->user.org_id)) == 0) {
		if (rows.nrows == 1) {
			util_parse_int64(DB_CELL(&rows, 0, 0), minlen);
			util_parse_int64(DB_CELL(&rows, 0, 1), banned);
		}
		db_rows_free(&rows);
	}
	tmpl_set_int(r->tmpl, "Form.MinLength", *minlen);
}

static void
profile_form(struct req *r, int status, const char *msg)
{
	struct db_rows	rows;
	long long	minlen, banned;

	app_set_roles(r, "Roles", r->user.roles);
	org_policy(r, &minlen, &banned);
	if (DB_RUN(r, &st_my_profile, &rows, DBI(r->user.user_id)) == 0) {
		if (rows.nrows == 1) {
			tmpl_set(r->tmpl, "Profile.Lang", DB_CELL(&rows, 0, 0));
			if (DB_CELL(&rows, 0, 1))
				tmpl_set(r->tmpl, "Profile.Dept",
				    DB_CELL(&rows, 0, 1));
		}
		db_rows_free(&rows);
	}
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	set_done(r);
	app_page(r, status, "profile.cs", "profile.title");
}

static void
page_profile(struct req *r)
{
	profile_form(r, 200, NULL);
}

static void
post_profile(struct req *r)
{
	const char	*name = app_in(r, KEY_NAME), *lang = app_in(r, KEY_LANG);

	if (name == NULL || lang == NULL || name[0] == '\0') {
		profile_form(r, 422, "profile.invalid");
		return;
	}
	if (DB_RUN(r, &st_set_profile, NULL, DBS(name), DBS(lang),
	    DBI(r->user.user_id)) == -1) {
		app_error(r, 503);
		return;
	}
	http_cookie(r, "lang", lang, 365LL * 86400);
	http_redirect(r, 303, "/profile?done=profile_saved");
}

/*
 * The organisation's password policy: minimum length, not a common
 * password, not the email.  Returns NULL or the message key.
 */
static const char *
password_policy(struct req *r, const char *pw)
{
	long long	 minlen, banned;
	FILE		*f;
	char		 line[256];
	size_t		 n;
	const char	*why = NULL;

	org_policy(r, &minlen, &banned);
	if ((long long)valid_utf8_chars(pw, strlen(pw)) < minlen)
		return "password.too_short";
	if (strcasecmp(pw, r->user.email) == 0)
		return "password.is_email";
	if (!banned || r->conf->banned_passwords == NULL)
		return NULL;
	if ((f = fopen(r->conf->banned_passwords, "r")) == NULL) {
		log_err(r->rid, "banned password list %s unreadable",
		    r->conf->banned_passwords);
		return NULL;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n > 0 && strcasecmp(line, pw) == 0) {
			why = "password.common";
			break;
		}
	}
	fclose(f);
	return why;
}

static void
post_password(struct req *r)
{
	struct db_rows	 rows;
	const char	*cur = app_in(r, KEY_CURRENT), *nw = app_in(r, KEY_NEW);
	const char	*cf = app_in(r, KEY_CONFIRM), *why;
	char		*hash;
	int		 ok = 0;

	if (cur == NULL || nw == NULL || cf == NULL) {
		profile_form(r, 422, "password.missing");
		return;
	}
	if (DB_RUN(r, &st_my_profile, &rows, DBI(r->user.user_id)) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows == 1)
		ok = crypto_password_verify(DB_CELL(&rows, 0, 2), cur);
	db_rows_free(&rows);
	if (!ok) {
		profile_form(r, 422, "password.wrong_current");
		return;
	}
	if (strcmp(nw, cf) != 0) {
		profile_form(r, 422, "password.mismatch");
		return;
	}
	if ((why = password_policy(r, nw)) != NULL) {
		profile_form(r, 422, why);
		return;
	}
	if ((hash = crypto_password_hash(r->conf, nw)) == NULL) {
		app_error(r, 500);
		return;
	}
	ok = DB_RUN(r, &st_set_password, NULL, DBS(hash),
	    DBI(r->user.user_id)) == 0;
	free(hash);
	/* A new password ends every other session. */
	if (!ok || session_end_all(r) == -1 ||
	    session_start(r, r->user.user_id) == -1) {
		app_error(r, 503);
		return;
	}
	http_redirect(r, 303, "/profile?done=password_changed");
}

/* POST /lang: the language for this browser, and for the user if any. */
static void
post_lang(struct req *r)
{
	const char	*lang = app_in(r, KEY_LANG);

	if (lang == NULL) {
		app_error(r, 400);
		return;
	}
	if (r->user.signed_in && DB_RUN(r, &st_set_lang, NULL, DBS(lang),
	    DBI(r->user.user_id)) == -1) {
		app_error(r, 503);
		return;
	}
	http_cookie(r, "lang", lang, 365LL * 86400);
	http_redirect(r, 303, app_in(r, KEY_NEXT) ? app_in(r, KEY_NEXT) : "/");
}

DB_STMT_GLOBAL(st_inv_link,
    "an invitation or reset link is reached before any organisation is "
    "known: the token's hash finds it, and its organisation binds the rest",
    "SELECT t.organisation_id, t.user_id, t.purpose, t.expires_at < NOW(6), "
    "t.used_at IS NOT NULL, u.email, u.name, u.disabled "
    "FROM user_tokens t JOIN users u ON u.id = t.user_id "
    "AND u.organisation_id = t.organisation_id WHERE t.token_hash = ?");
DB_STMT_TENANT(st_inv_use,
    "UPDATE user_tokens SET organisation_id = ?, used_at = NOW(6) "
    "WHERE organisation_id = ? AND token_hash = ? AND used_at IS NULL");
DB_STMT_TENANT(st_inv_password,
    "UPDATE users SET organisation_id = ?, password_hash = ? "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_GLOBAL(st_inv_sessions, "a reset ends the user's sessions",
    "DELETE FROM sessions WHERE user_id = ?");

/*
 * The invitation or reset link of the path: 0 with the user's id (and
 * r->user's organisation and email set, for the password rules), or
 * -1 after answering (403 unknown, 410 used or expired).
 */
static int
invite_link(struct req *r, long long *uid, char *purpose, size_t n)
{
	struct db_rows	t;
	char		hash[CRYPTO_TOKEN_HEX];
	int		status = 0;

	r->no_referrer = 1;
	crypto_sha256_hex(r->path_token, 64, hash);
	if (DB_RUN(r, &st_inv_link, &t, DBS(hash)) == -1) {
		app_error(r, 503);
		return -1;
	}
	if (t.nrows != 1)
		status = 403;
	else if (strcmp(DB_CELL(&t, 0, 3), "1") == 0 ||
	    strcmp(DB_CELL(&t, 0, 4), "1") == 0 ||
	    strcmp(DB_CELL(&t, 0, 7), "0") != 0)
		status = 410;
	if (status) {
		db_rows_free(&t);
		log_info(r->rid, "invitation link refused (%d)", status);
		app_error_msg(r, status, status == 403 ? "invite.link_unknown" :
		    "invite.link_gone");
		return -1;
	}
	util_parse_int64(DB_CELL(&t, 0, 0), &r->user.org_id);
	util_parse_int64(DB_CELL(&t, 0, 1), uid);
	snprintf(purpose, n, "%s", DB_CELL(&t, 0, 2));
	if (!r->user.signed_in) {
		free(r->user.email);
		r->user.email = xstrdup(DB_CELL(&t, 0, 5));
	}
	tmpl_set(r->tmpl, "Invite.Email", DB_CELL(&t, 0, 5));
	tmpl_set(r->tmpl, "Invite.Name", DB_CELL(&t, 0, 6));
	db_rows_free(&t);
	return 0;
}

static void
invite_form(struct req *r, int status, const char *msg)
{
	char	self[96];
	long long minlen, banned;

	snprintf(self, sizeof(self), "/invite/%s", r->path_token);
	tmpl_set(r->tmpl, "Invite.Self", self);
	org_policy(r, &minlen, &banned);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "invite.cs", "invite.title");
}

/* GET /invite/TOKEN: set a password. */
static void
page_invite(struct req *r)
{
	long long	uid;
	char		purpose[16];

	if (invite_link(r, &uid, purpose, sizeof(purpose)) == 0)
		invite_form(r, 200, NULL);
}

/* POST /invite/TOKEN */
static void
post_invite(struct req *r)
{
	struct db_rows	 u;
	const char	*nw = app_in(r, KEY_NEW), *cf = app_in(r, KEY_CONFIRM);
	const char	*why;
	char		 purpose[16], hash[CRYPTO_TOKEN_HEX], *pw;
	long long	 uid;

	if (invite_link(r, &uid, purpose, sizeof(purpose)) == -1)
		return;
	if (nw == NULL || cf == NULL) {
		invite_form(r, 422, "password.missing");
		return;
	}
	if (strcmp(nw, cf) != 0) {
		invite_form(r, 422, "password.mismatch");
		return;
	}
	if ((why = password_policy(r, nw)) != NULL) {
		invite_form(r, 422, why);
		return;
	}
	if ((pw = crypto_password_hash(r->conf, nw)) == NULL) {
		app_error(r, 500);
		return;
	}
	crypto_sha256_hex(r->path_token, 64, hash);
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_inv_use, &u, DBI(r->user.org_id), DBS(hash)) == -1) {
		db_rollback(r);
		free(pw);
		app_error(r, 503);
		return;
	}
	if (u.affected != 1) {
		/* Used meanwhile (a double click). */
		db_rows_free(&u);
		db_rollback(r);
		free(pw);
		app_error_msg(r, 410, "invite.link_gone");
		return;
	}
	db_rows_free(&u);
	if (DB_RUN(r, &st_inv_password, NULL, DBS(pw), DBI(r->user.org_id),
	    DBI(uid)) == -1 ||
	    DB_RUN(r, &st_inv_sessions, NULL, DBI(uid)) == -1 ||
	    oplog_add_raw(r->db, r->rid, r->user.org_id, uid, 0,
	    strcmp(purpose, "invite") == 0 ? "user.password_set" :
	    "user.password_reset", "", r->remote_addr) == -1 ||
	    db_commit(r) == -1) {
		db_rollback(r);
		free(pw);
		app_error(r, 503);
		return;
	}
	free(pw);
	http_redirect(r, 303, "/signin?done=password_set");
}

/* GET /release-notes: what changed in each version. */
static void
page_release_notes(struct req *r)
{
	app_page(r, 200, "release_notes.cs", "releases.title");
}

DB_STMT_TENANT(st_org_logo,
    "SELECT mime, bytes, OCTET_LENGTH(bytes), sha256 FROM organisation_logos "
    "WHERE organisation_id = ?");

/*
 * GET /logo: the logo of the signed-in user's organisation (set on
 * /admin/logo), its SHA-256 the ETag (304 when the browser has it).
 * Asked for by its version (/logo?v=, as the header links it: a new
 * logo is a new link), a browser keeps it for a year; otherwise it
 * asks again each time.  404 when there is none, and for the
 * operator, who has no organisation; 400 for a version that is no hex.
 */
static void
page_logo(struct req *r)
{
	struct db_rows	 rows;
	const char	*inm, *v = app_in(r, KEY_V), *sha;
	char		 etag[70];

	if (app_in_present(r, KEY_V) && v == NULL) {
		app_error(r, 400);
		return;
	}
	if (r->user.org_id == 0) {
		app_error(r, 404);
		return;
	}
	if (app_one(r, &st_org_logo, NULL, 0, &rows) == -1)
		return;
	sha = DB_CELL(&rows, 0, 3);
	snprintf(etag, sizeof(etag), "\"%s\"", sha);
	http_header(r, "ETag", etag);
	r->cache = v != NULL && strlen(v) >= 16 &&
	    strncmp(sha, v, strlen(v)) == 0 ?
	    "private, max-age=31536000, immutable" : "private, no-cache";
	inm = r->io.getenv(r->io.ctx, "HTTP_IF_NONE_MATCH");
	if (inm != NULL && strstr(inm, etag) != NULL)
		http_send(r, 304, NULL, "", 0);
	else
		http_send(r, 200, DB_CELL(&rows, 0, 0), DB_CELL(&rows, 0, 1),
		    (size_t)util_num(DB_CELL(&rows, 0, 2)));
	db_rows_free(&rows);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/", PERM_DASHBOARD_VIEW, page_dashboard, 0 },
	{ M_GET | M_HEAD, "/release-notes", PERM_PUBLIC, page_release_notes,
	    0 },
	{ M_GET | M_HEAD, "/logo", PERM_SIGNED_IN, page_logo, 0 },
	{ M_GET | M_HEAD, "/invite/*", PERM_PUBLIC, page_invite, 0 },
	{ M_POST, "/invite/*", PERM_PUBLIC, post_invite, 0 },
	{ M_GET | M_HEAD, "/signin", PERM_PUBLIC, page_signin, 0 },
	{ M_POST, "/signin", PERM_PUBLIC, post_signin, 0 },
	{ M_POST, "/signout", PERM_SIGNED_IN, post_signout, 0 },
	{ M_POST, "/signout/all", PERM_SIGNED_IN, post_signout_all, 0 },
	{ M_GET | M_HEAD, "/profile", PERM_PROFILE_EDIT, page_profile, 0 },
	{ M_POST, "/profile", PERM_PROFILE_EDIT, post_profile, 0 },
	{ M_POST, "/profile/password", PERM_PROFILE_EDIT, post_password, 0 },
	{ M_GET | M_HEAD, "/signin/code", PERM_PUBLIC, page_signin_code, 0 },
	{ M_POST, "/signin/code", PERM_PUBLIC, post_signin_code, 0 },
	{ M_GET | M_HEAD, "/profile/2fa", PERM_PROFILE_EDIT, page_2fa, 0 },
	{ M_POST, "/profile/2fa", PERM_PROFILE_EDIT, post_2fa, 0 },
	{ M_GET | M_HEAD, "/profile/2fa/qr.svg", PERM_PROFILE_EDIT,
	    page_2fa_qr, 0 },
	{ M_POST, "/lang", PERM_PUBLIC, post_lang, 0 },
	{ M_GET | M_HEAD, "/notifications", PERM_DASHBOARD_VIEW,
	    page_notifications, 0 },
	{ M_POST, "/notifications/#/read", PERM_DASHBOARD_VIEW,
	    post_notification_read, 0 },
	{ M_POST, "/notifications/read-all", PERM_DASHBOARD_VIEW,
	    post_notifications_read_all, 0 },
};

static const struct app auth_app = {
	"auth", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&auth_app, argc, argv);
}
