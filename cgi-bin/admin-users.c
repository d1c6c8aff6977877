/*
 * POST /admin/users/#: an admin changes a user of the organisation:
 * do=disable (their sessions stop at once: lib/session.c reads the
 * flag with every session), do=enable, do=save (department and role)
 * do=reset (a link to set a new password, mailed to the user) or
 * do=reset_2fa (their two-factor key and recovery codes removed and
 * their sessions ended, for a user who lost their phone).
 * POST /admin/users invites a new user: the account, with no password,
 * and a link to set one, mailed (sql/0017: the token's SHA-256 only,
 * 7 days; a reset link 24 hours).  An admin cannot disable themselves or take away their own
 * admin role.  Each change is in the operation log with the old and
 * new values.  Another organisation's user is not found (404).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "admin.h"
#include "app.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "mail.h"
#include "log.h"
#include "oplog.h"
#include "tmpl.h"
#include "util.h"

#define ROLE_ADMIN	1	/* org_admin (sql/0001-core.sql) */

DB_STMT_TENANT(st_au_user,
    "SELECT u.name, u.disabled, u.department_id, IFNULL(d.name, ''), "
    "MIN(ur.role_id), IFNULL(MIN(r.code), '') FROM users u "
    "LEFT JOIN departments d ON d.id = u.department_id "
    "LEFT JOIN user_roles ur ON ur.user_id = u.id "
    "LEFT JOIN roles r ON r.id = ur.role_id "
    "WHERE u.organisation_id = ? AND u.id = ? GROUP BY u.id FOR UPDATE");
DB_STMT_TENANT(st_au_disable,
    "UPDATE users SET organisation_id = ?, disabled = ? "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_au_2fa_reset,
    "UPDATE users SET organisation_id = ?, totp_secret = NULL, "
    "totp_pending = NULL, totp_enabled_at = NULL "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_au_2fa_codes,
    "DELETE FROM recovery_codes WHERE organisation_id = ? AND user_id = ?");
DB_STMT_GLOBAL(st_au_sessions_end,
    "a user of the admin's organisation, just checked by st_au_user",
    "DELETE FROM sessions WHERE user_id = ?");
DB_STMT_TENANT(st_au_dept_ok,
    "SELECT name FROM departments WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_au_dept,
    "UPDATE users SET organisation_id = ?, department_id = ? "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_au_roles_clear,
    "DELETE FROM user_roles WHERE organisation_id = ? AND user_id = ?");
DB_STMT_TENANT(st_au_role_add,
    "INSERT INTO user_roles (organisation_id, user_id, role_id) "
    "VALUES (?, ?, ?)");
DB_STMT_GLOBAL(st_au_role_ok,
    "the roles an organisation may give are the service's reference data",
    "SELECT id FROM roles WHERE id = ? AND scope = 'organisation'");
DB_STMT_TENANT(st_au_depts,
    "SELECT id, name FROM departments WHERE organisation_id = ? "
    "ORDER BY name, id");
DB_STMT_GLOBAL(st_au_roles,
    "the roles an organisation may give are the service's reference data",
    "SELECT id, code FROM roles WHERE scope = 'organisation' ORDER BY sort");

DB_STMT_GLOBAL(st_au_email_taken,
    "an email address names one account across the service",
    "SELECT 1 FROM users WHERE email = ?");
DB_STMT_TENANT(st_au_add,
    "INSERT INTO users (organisation_id, department_id, email, name, lang, "
    "password_hash) VALUES (?, ?, ?, ?, 'ja', '!')");
DB_STMT_TENANT(st_au_token,
    "INSERT INTO user_tokens (organisation_id, token_hash, user_id, "
    "purpose, expires_at, created_by) VALUES (?, ?, ?, ?, "
    "NOW(6) + INTERVAL ? HOUR, ?)");
DB_STMT_TENANT(st_au_mailto,
    "SELECT u.email, u.name, u.lang, o.name FROM users u JOIN "
    "organisations o ON o.id = u.organisation_id "
    "WHERE u.organisation_id = ? AND u.id = ?");

/*
 * A link for user uid to set a password (purpose invite or reset),
 * its token's hash stored, the mail queued.  0, or -1.
 */
static int
send_link(struct req *r, long long uid, const char *purpose)
{
	struct db_rows	 m;
	char		 tok[CRYPTO_TOKEN_HEX], hash[CRYPTO_TOKEN_HEX];
	char		 link[256], subj[48], text[48];
	int		 invite = strcmp(purpose, "invite") == 0, rc = -1;

	if (crypto_token(tok) == -1)
		return -1;
	crypto_sha256_hex(tok, strlen(tok), hash);
	snprintf(link, sizeof(link), "%s/invite/%s", r->conf->base_url, tok);
	snprintf(subj, sizeof(subj), "invite.subject.%s", purpose);
	snprintf(text, sizeof(text), "invite.mail.%s", purpose);
	if (DB_RUN(r, &st_au_token, NULL, DBS(hash), DBI(uid), DBS(purpose),
	    DBI(invite ? 7 * 24 : 24), DBI(r->user.user_id)) == -1 ||
	    DB_RUN(r, &st_au_mailto, &m, DBI(uid)) == -1)
		goto out;
	if (m.nrows == 1) {
		const char *const vals[] = { "Link", link, "name",
		    DB_CELL(&m, 0, 1), "org", DB_CELL(&m, 0, 3),
		    "admin", r->user.name, NULL };
		const char *const fills[] = { "Greeting", "mail.greeting",
		    "Text", text, "Subject", subj, NULL };
		struct mail_req q = { r->user.org_id, uid, 0, purpose,
		    DB_CELL(&m, 0, 0), DB_CELL(&m, 0, 1),
		    strcmp(DB_CELL(&m, 0, 2), "en") == 0 ? "en" : "ja",
		    "invite", vals, fills, 1 };

		rc = mail_enqueue(r->db, r->conf, r->rid, &q) == -1 ? -1 : 0;
	}
	db_rows_free(&m);
out:
	OPENSSL_cleanse(tok, sizeof(tok));
	return rc;
}

/* POST /admin/users: a new user, invited by mail. */
void
post_invite(struct req *r)
{
	struct db_rows	 d;
	const char	*email = app_in(r, KEY_EMAIL), *name = app_in(r, KEY_NAME);
	long long	 dept = util_num(app_in(r, KEY_DEPT));
	long long	 role = util_num(app_in(r, KEY_ROLE)), uid;
	char		*detail, lower[256], loc[48];
	size_t		 i;

	app_back(r, "/admin/users");
	if (email == NULL || name == NULL || *name == '\0' || role <= 0 ||
	    (app_in_present(r, KEY_DEPT) && app_in(r, KEY_DEPT) == NULL) ||
	    !mail_valid_addr(email)) {
		app_error_msg(r, 422, "invite.bad");
		return;
	}
	snprintf(lower, sizeof(lower), "%s", email);
	for (i = 0; lower[i]; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] += 'a' - 'A';
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_au_email_taken, &d, DBS(lower)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	i = d.nrows;
	db_rows_free(&d);
	if (i > 0) {
		db_rollback(r);
		app_error_msg(r, 422, "invite.taken");
		return;
	}
	if ((dept > 0 && (DB_RUN(r, &st_au_dept_ok, &d, DBI(dept)) == -1 ||
	    (i = d.nrows, db_rows_free(&d), i != 1))) ||
	    DB_RUN(r, &st_au_role_ok, &d, DBI(role)) == -1 ||
	    (i = d.nrows, db_rows_free(&d), i != 1)) {
		db_rollback(r);
		app_error_msg(r, 422, "invite.bad");
		return;
	}
	if (DB_RUN(r, &st_au_add, &d, dept > 0 ? DBI(dept) : DBS(NULL),
	    DBS(lower), DBS(name)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	uid = d.insert_id;
	db_rows_free(&d);
	detail = xasprintf("%s <%s> invited (role %lld)", name, lower, role);
	if (DB_RUN(r, &st_au_role_add, NULL, DBI(uid), DBI(role)) == -1 ||
	    send_link(r, uid, "invite") == -1 ||
	    oplog_add(r, 0, "user.invite", detail) == -1 ||
	    db_commit(r) == -1) {
		db_rollback(r);
		free(detail);
		app_error(r, 503);
		return;
	}
	free(detail);
	snprintf(loc, sizeof(loc), "/admin/users/%lld", uid);
	http_redirect(r, 303, loc);
}

/* The department and role choices of the user form. */
int
user_form_choices(struct req *r)
{
	struct db_rows	rows;
	size_t		i;
	char		key[48];

	if (DB_RUN0(r, &st_au_depts, &rows) == -1)
		return -1;
	for (i = 0; i < rows.nrows; i++) {
		app_cell(r, "Depts", i, "Id", DB_CELL(&rows, i, 0));
		app_cell(r, "Depts", i, "Name", DB_CELL(&rows, i, 1));
	}
	db_rows_free(&rows);
	if (DB_RUN0(r, &st_au_roles, &rows) == -1)
		return -1;
	for (i = 0; i < rows.nrows; i++) {
		app_cell(r, "RoleChoices", i, "Id", DB_CELL(&rows, i, 0));
		snprintf(key, sizeof(key), "role.%s", DB_CELL(&rows, i, 1));
		app_cell(r, "RoleChoices", i, "Name", app_l(r, key));
	}
	db_rows_free(&rows);
	return 0;
}

static void
back(struct req *r, int status, const char *msg)
{
	char	loc[48];

	snprintf(loc, sizeof(loc), "/admin/users/%lld", r->path_id);
	app_back(r, loc);
	app_error_msg(r, status, msg);
}

void
post_user(struct req *r)
{
	struct db_rows	 u, d;
	const char	*what = app_in(r, KEY_DO);
	long long	 dept = util_num(app_in(r, KEY_DEPT));
	long long	 role = util_num(app_in(r, KEY_ROLE));
	char		*detail = NULL, loc[48];
	const char	*action;
	int		 rc = 0;

	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_au_user, &u, DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (u.nrows != 1) {
		db_rows_free(&u);
		db_rollback(r);
		app_error(r, 404);
		return;
	}
	if (what == NULL || (app_in_present(r, KEY_DEPT) &&
	    app_in(r, KEY_DEPT) == NULL) || (app_in_present(r, KEY_ROLE) &&
	    app_in(r, KEY_ROLE) == NULL)) {
		db_rows_free(&u);
		db_rollback(r);
		back(r, 400, "admin.user.bad");
		return;
	}
	if (r->path_id == r->user.user_id && (strcmp(what, "disable") == 0 ||
	    (strcmp(what, "save") == 0 && role != ROLE_ADMIN))) {
		db_rows_free(&u);
		db_rollback(r);
		back(r, 409, "admin.user.not_self");
		return;
	}
	if (strcmp(what, "reset") == 0) {
		action = "user.reset";
		detail = xasprintf("%s: a password reset link was mailed",
		    DB_CELL(&u, 0, 0));
		rc = send_link(r, r->path_id, "reset");
	} else if (strcmp(what, "reset_2fa") == 0) {
		action = "user.2fa_reset";
		detail = xasprintf("%s: two-factor sign-in reset",
		    DB_CELL(&u, 0, 0));
		rc = DB_RUN(r, &st_au_2fa_reset, NULL, DBI(r->user.org_id),
		    DBI(r->path_id)) == -1 ||
		    DB_RUN(r, &st_au_2fa_codes, NULL, DBI(r->path_id)) == -1 ||
		    DB_RUN(r, &st_au_sessions_end, NULL,
		    DBI(r->path_id)) == -1 ? -1 : 0;
	} else if (strcmp(what, "save") != 0) {
		int	off = strcmp(what, "disable") == 0;

		action = off ? "user.disable" : "user.enable";
		detail = xasprintf("%s: %s", DB_CELL(&u, 0, 0), off ?
		    "enabled → disabled" : "disabled → enabled");
		rc = DB_RUN(r, &st_au_disable, NULL, DBI(off),
		    DBI(r->user.org_id), DBI(r->path_id));
	} else {
		if (dept > 0) {
			if (DB_RUN(r, &st_au_dept_ok, &d, DBI(dept)) == -1) {
				rc = -1;
				goto out;
			}
			rc = d.nrows == 1 ? 0 : 422;
			db_rows_free(&d);
			if (rc) {
				db_rows_free(&u);
				db_rollback(r);
				back(r, 422, "admin.user.bad_dept");
				return;
			}
		}
		/* An organisation's role (the operator's is not theirs). */
		if (DB_RUN(r, &st_au_role_ok, &d, DBI(role)) == -1) {
			rc = -1;
			goto out;
		}
		rc = d.nrows == 1 ? 0 : 422;
		db_rows_free(&d);
		if (rc) {
			db_rows_free(&u);
			db_rollback(r);
			back(r, 422, "admin.user.bad_role");
			return;
		}
		action = "user.update";
		detail = xasprintf("%s: department %s → %lld, role %s → %lld",
		    DB_CELL(&u, 0, 0), DB_CELL(&u, 0, 3), dept,
		    DB_CELL(&u, 0, 5), role);
		rc = DB_RUN(r, &st_au_dept, NULL, dept > 0 ? DBI(dept) :
		    DBS(NULL), DBI(r->user.org_id), DBI(r->path_id)) == -1 ||
		    DB_RUN(r, &st_au_roles_clear, NULL, DBI(r->path_id)) == -1 ||
		    DB_RUN(r, &st_au_role_add, NULL, DBI(r->path_id),
		    DBI(role)) == -1 ? -1 : 0;
	}
out:
	db_rows_free(&u);
	if (rc != 0 || oplog_add(r, 0, action, detail) == -1 ||
	    db_commit(r) == -1) {
		db_rollback(r);
		free(detail);
		app_error(r, 503);
		return;
	}
	log_info(r->rid, "admin %lld: %s", r->user.user_id, detail);
	free(detail);
	snprintf(loc, sizeof(loc), "/admin/users/%lld", r->path_id);
	http_redirect(r, 303, loc);
}
