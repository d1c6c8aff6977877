#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "ipallow.h"
#include "log.h"
#include "session.h"
#include "util.h"

DB_STMT_GLOBAL(st_session_load,
    "a session is found by its secret before any organisation is known",
    "SELECT u.id, u.organisation_id, u.department_id, u.email, u.name, "
    "u.lang, o.name, TIMESTAMPDIFF(SECOND, s.last_seen, NOW(6)), "
    "(SELECT GROUP_CONCAT(ur.role_id) FROM user_roles ur "
    " WHERE ur.user_id = u.id), "
    "u.unread_notifications, o.require_2fa = 1 AND u.totp_secret IS NULL, "
    "o.ip_allow, (SELECT LEFT(l.sha256, 16) FROM "
    "organisation_logos l WHERE l.organisation_id = u.organisation_id) "
    "FROM sessions s JOIN users u ON u.id = s.user_id "
    "LEFT JOIN organisations o ON o.id = u.organisation_id "
    "WHERE s.id_hash = ? AND u.disabled = 0 AND o.suspended_at IS NULL "
    "AND s.last_seen > NOW(6) - INTERVAL LEAST(COALESCE(o.session_idle, "
    "?), ?) SECOND AND s.created_at > NOW(6) - INTERVAL "
    "LEAST(COALESCE(o.session_lifetime, ?), ?) SECOND");
DB_STMT_GLOBAL(st_session_touch, "by session secret",
    "UPDATE sessions SET last_seen = NOW(6) WHERE id_hash = ?");
DB_STMT_GLOBAL(st_session_insert, "by session secret",
    "INSERT INTO sessions (id_hash, user_id, created_at, last_seen, ip, "
    "user_agent) VALUES (?, ?, NOW(6), NOW(6), ?, LEFT(?, 255))");
DB_STMT_GLOBAL(st_session_delete, "by session secret",
    "DELETE FROM sessions WHERE id_hash = ?");
DB_STMT_GLOBAL(st_session_delete_user, "the signed-in user's own sessions",
    "DELETE FROM sessions WHERE user_id = ?");
DB_STMT_GLOBAL(st_session_expire,
    "housekeeping of expired sessions of every organisation",
    "DELETE FROM sessions WHERE last_seen < NOW(6) - INTERVAL ? SECOND "
    "OR created_at < NOW(6) - INTERVAL ? SECOND LIMIT 100");

static int drop_current(struct req *);

static void
set_csrf(struct req *r, const char *secret)
{
	crypto_hmac_hex(secret, "keiyaku-csrf-v1", r->csrf);
}

/*
 * Reads the session cookie and, when it names a live session, fills
 * r->user (with the count of unread notifications for the header, a
 * column of the user's row, and the version of the organisation's
 * logo if it has one: a page's round trips and subqueries are few).  Returns 0 (signed in or not), or -1 on a database error
 * (the caller answers 503).
 */
int
session_load(struct req *r)
{
	struct db_rows	 rows;
	const char	*sid;
	char		 h[CRYPTO_TOKEN_HEX];
	long long	 v;

	sid = kv_get(&r->cookies, SESSION_COOKIE);
	if (!crypto_is_token(sid))
		return 0;
	crypto_sha256_hex(sid, 64, h);
	/* The organisation's timeouts, never longer than the service's. */
	if (DB_RUN(r, &st_session_load, &rows, DBS(h),
	    DBI(r->conf->session_idle), DBI(r->conf->session_idle),
	    DBI(r->conf->session_lifetime),
	    DBI(r->conf->session_lifetime)) == -1)
		return -1;
	/*
	 * Outside the organisation's allowed addresses a session is not
	 * used (signing in again from there is refused and recorded).
	 */
	if (rows.nrows == 1 && !ipallow_match(DB_CELL(&rows, 0, 11),
	    r->remote_addr)) {
		log_info(r->rid, "session of user %s refused from %s: not in "
		    "the organisation's allowed addresses", DB_CELL(&rows, 0, 0),
		    r->remote_addr);
		db_rows_free(&rows);
		return 0;
	}
	if (rows.nrows == 1) {
		r->user.signed_in = 1;
		r->user.must_enrol = strcmp(DB_CELL(&rows, 0, 10) ?
		    DB_CELL(&rows, 0, 10) : "0", "1") == 0;
		util_parse_int64(DB_CELL(&rows, 0, 0), &r->user.user_id);
		if (DB_CELL(&rows, 0, 1))
			util_parse_int64(DB_CELL(&rows, 0, 1), &r->user.org_id);
		if (DB_CELL(&rows, 0, 2))
			util_parse_int64(DB_CELL(&rows, 0, 2), &r->user.dept_id);
		r->user.email = xstrdup(DB_CELL(&rows, 0, 3));
		r->user.name = xstrdup(DB_CELL(&rows, 0, 4));
		if (DB_CELL(&rows, 0, 5) &&
		    strcmp(DB_CELL(&rows, 0, 5), "en") == 0)
			memcpy(r->lang, "en", 3);
		else
			memcpy(r->lang, "ja", 3);
		r->user.org_name = xstrdup(DB_CELL(&rows, 0, 6) ?
		    DB_CELL(&rows, 0, 6) : "");
		if (authz_roles(r, DB_CELL(&rows, 0, 8)) == -1) {
			db_rows_free(&rows);
			return -1;
		}
		util_parse_int64(DB_CELL(&rows, 0, 9), &r->user.unread);
		/* The logo's version, for the header's link (/logo?v=). */
		if (DB_CELL(&rows, 0, 12) != NULL)
			snprintf(r->user.logo, sizeof(r->user.logo), "%s",
			    DB_CELL(&rows, 0, 12));
		memcpy(r->sid, sid, 65);
		set_csrf(r, sid);
		/*
		 * Write last_seen at most once a minute (or a tenth of
		 * the idle timeout, if that is shorter): one write per
		 * page would cost more than the page.
		 */
		if (util_parse_int64(DB_CELL(&rows, 0, 7), &v) == 0 &&
		    (v >= 60 || v >= r->conf->session_idle / 10))
			DB_RUN(r, &st_session_touch, NULL, DBS(h));
	}
	db_rows_free(&rows);
	return 0;
}

/*
 * Starts a session for user_id with a new secret (never reusing a
 * cookie the browser sent, against fixation) and ends the session the
 * browser had.  Returns 0, or -1 (503).
 */
int
session_start(struct req *r, long long user_id)
{
	char	sid[CRYPTO_TOKEN_HEX], h[CRYPTO_TOKEN_HEX];

	drop_current(r);
	if (crypto_token(sid) == -1)
		return -1;
	crypto_sha256_hex(sid, 64, h);
	if (DB_RUN(r, &st_session_insert, NULL, DBS(h), DBI(user_id),
	    DBS(r->remote_addr), DBS(r->user_agent ? r->user_agent : "")) == -1)
		return -1;
	/* Expired sessions are swept a few at a time at each sign-in. */
	DB_RUN(r, &st_session_expire, NULL, DBI(r->conf->session_idle),
	    DBI(r->conf->session_lifetime));
	http_cookie(r, SESSION_COOKIE, sid, 0);
	http_cookie(r, PRESESSION_COOKIE, "", -1);
	memcpy(r->sid, sid, sizeof(sid));
	set_csrf(r, sid);
	return 0;
}

/* Deletes the session the browser sent, if any.  Returns 1 if it had one. */
static int
drop_current(struct req *r)
{
	const char	*sid;
	char		 h[CRYPTO_TOKEN_HEX];

	r->sid[0] = '\0';
	sid = kv_get(&r->cookies, SESSION_COOKIE);
	if (!crypto_is_token(sid))
		return 0;
	crypto_sha256_hex(sid, 64, h);
	DB_RUN(r, &st_session_delete, NULL, DBS(h));
	return 1;
}

/* Ends the browser's session (if any) and clears its cookie. */
void
session_end(struct req *r)
{
	if (drop_current(r))
		http_cookie(r, SESSION_COOKIE, "", -1);
}

/* Ends every session of the signed-in user.  0, or -1 (503). */
int
session_end_all(struct req *r)
{
	if (DB_RUN(r, &st_session_delete_user, NULL,
	    DBI(r->user.user_id)) == -1)
		return -1;
	http_cookie(r, SESSION_COOKIE, "", -1);
	r->sid[0] = '\0';
	return 0;
}

/*
 * Makes sure the page has a CSRF token: the session's, or for a
 * visitor who is not signed in one bound to a pre-session cookie
 * (set here when missing), so that the sign-in form is protected too.
 */
void
session_csrf_ensure(struct req *r)
{
	const char	*pre;
	char		 tok[CRYPTO_TOKEN_HEX];

	if (r->csrf[0] != '\0')
		return;
	pre = kv_get(&r->cookies, PRESESSION_COOKIE);
	if (!crypto_is_token(pre)) {
		if (crypto_token(tok) == -1)
			return;
		kv_add(&r->cookies, PRESESSION_COOKIE, strlen(PRESESSION_COOKIE),
		    tok, 64);
		http_cookie(r, PRESESSION_COOKIE, tok, 0);
		pre = kv_get(&r->cookies, PRESESSION_COOKIE);
	}
	set_csrf(r, pre);
}

/*
 * Checks a submitted CSRF token against the session (or pre-session)
 * in constant time.  Returns 1 if it matches.
 */
int
session_csrf_ok(struct req *r, const char *token)
{
	const char	*key;
	char		 want[CRYPTO_TOKEN_HEX];

	if (token == NULL || strlen(token) != 64)
		return 0;
	if (r->user.signed_in)
		key = r->sid;
	else if (crypto_is_token(key = kv_get(&r->cookies, PRESESSION_COOKIE)))
		;
	else
		return 0;
	crypto_hmac_hex(key, "keiyaku-csrf-v1", want);
	return util_streq_ct(want, token);
}
