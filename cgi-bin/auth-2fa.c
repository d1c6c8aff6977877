/*
 * Two-factor sign-in (TOTP, RFC 6238).
 *
 *   GET  /signin/code          the code step, after the right password
 *   POST /signin/code          a code from the app, or a recovery code
 *   GET  /profile/2fa          set it up (QR code), or see and manage it
 *   POST /profile/2fa          do=enable (code), do=codes (new recovery
 *                              codes; code), do=disable (password)
 *   GET  /profile/2fa/qr.svg   the QR code of the key being set up
 *
 * The step between password and code is a challenge: a cookie of 256
 * bits (its SHA-256 in signin_challenges), five minutes, five tries;
 * wrong codes count towards the sign-in throttle like wrong passwords.
 * A code is accepted once: the step it belongs to is stored, and a
 * code of that step or an earlier one is refused.  Keys are sealed
 * with the master key (lib/store.c); recovery codes stored as SHA-256.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "app.h"
#include "auth.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "oplog.h"
#include "session.h"
#include "store.h"
#include "tmpl.h"
#include "totp.h"
#include "util.h"

#define CHALLENGE_COOKIE	"kk_2fa"
#define CHALLENGE_SECONDS	300
#define CHALLENGE_TRIES		5
#define SEAL_LABEL		"keiyaku-totp-v1"
#define SEALED_HEX		(2 * (12 + TOTP_KEY + 16) + 1)

DB_STMT_GLOBAL(st_ch_add, "a sign-in challenge, before any session exists",
    "INSERT INTO signin_challenges (id_hash, user_id, email, next) "
    "VALUES (?, ?, ?, LEFT(?, 600))");
DB_STMT_GLOBAL(st_ch_get, "a sign-in challenge is found by its secret",
    "SELECT c.user_id, c.email, c.next, c.tries, u.totp_secret, "
    "u.totp_last_step, u.organisation_id FROM signin_challenges c JOIN users u ON "
    "u.id = c.user_id LEFT JOIN organisations o ON o.id = u.organisation_id "
    "WHERE c.id_hash = ? AND c.created_at > NOW(6) - INTERVAL ? SECOND "
    "AND u.disabled = 0 AND o.suspended_at IS NULL "
    "AND u.totp_secret IS NOT NULL");
DB_STMT_GLOBAL(st_ch_try, "a sign-in challenge is found by its secret",
    "UPDATE signin_challenges SET tries = tries + 1 WHERE id_hash = ?");
DB_STMT_GLOBAL(st_ch_del, "a sign-in challenge is found by its secret",
    "DELETE FROM signin_challenges WHERE id_hash = ?");
DB_STMT_GLOBAL(st_ch_sweep, "housekeeping of old challenges, service-wide",
    "DELETE FROM signin_challenges WHERE created_at < NOW(6) - INTERVAL ? "
    "SECOND LIMIT 100");
DB_STMT_GLOBAL(st_tf_step, "the user signing in (their own row)",
    "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?");
DB_STMT_GLOBAL(st_tf_use_code, "the user signing in (their own codes)",
    "UPDATE recovery_codes SET used_at = NOW(6) WHERE user_id = ? AND "
    "code_hash = ? AND used_at IS NULL");
DB_STMT_GLOBAL(st_tf_me, "the signed-in user's own row",
    "SELECT u.totp_secret, u.totp_pending, u.totp_last_step, "
    "DATE_FORMAT(CONVERT_TZ(u.totp_enabled_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), (SELECT COUNT(*) FROM recovery_codes c WHERE "
    "c.user_id = u.id AND c.used_at IS NULL), COALESCE(o.require_2fa, 0), "
    "u.password_hash, COALESCE(o.name, '') FROM users u LEFT JOIN "
    "organisations o ON o.id = u.organisation_id WHERE u.id = ? FOR UPDATE");
DB_STMT_GLOBAL(st_tf_pending, "the signed-in user's own row",
    "UPDATE users SET totp_pending = ? WHERE id = ? AND totp_secret IS NULL");
DB_STMT_GLOBAL(st_tf_enable, "the signed-in user's own row",
    "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, "
    "totp_enabled_at = NOW(6), totp_last_step = ? WHERE id = ? AND "
    "totp_pending IS NOT NULL AND totp_secret IS NULL");
DB_STMT_GLOBAL(st_tf_disable, "the signed-in user's own row",
    "UPDATE users SET totp_secret = NULL, totp_pending = NULL, "
    "totp_enabled_at = NULL WHERE id = ?");
DB_STMT_GLOBAL(st_tf_codes_del, "the signed-in user's own codes",
    "DELETE FROM recovery_codes WHERE user_id = ?");
DB_STMT_GLOBAL(st_tf_code_add, "the signed-in user's own codes (their "
    "organisation repeated, NULL for an operator)",
    "INSERT INTO recovery_codes (user_id, organisation_id, code_hash) "
    "VALUES (?, NULLIF(?, 0), ?)");

/* The challenge cookie's hash into h.  0, or -1 if there is none. */
static int
challenge_hash(struct req *r, char h[CRYPTO_TOKEN_HEX])
{
	const char	*c = kv_get(&r->cookies, CHALLENGE_COOKIE);

	if (!crypto_is_token(c))
		return -1;
	crypto_sha256_hex(c, 64, h);
	return 0;
}

/*
 * After the right password of a user with two-factor sign-in: a
 * challenge, its cookie, and the code page.  0, or -1 (503).
 */
int
twofa_challenge(struct req *r, long long uid, const char *email)
{
	char		 tok[CRYPTO_TOKEN_HEX], h[CRYPTO_TOKEN_HEX];
	const char	*next = app_in(r, KEY_NEXT);

	if (crypto_token(tok) == -1)
		return -1;
	crypto_sha256_hex(tok, 64, h);
	DB_RUN(r, &st_ch_sweep, NULL, DBI(CHALLENGE_SECONDS));
	if (DB_RUN(r, &st_ch_add, NULL, DBS(h), DBI(uid), DBS(email),
	    DBS(next ? next : "/")) == -1)
		return -1;
	http_cookie(r, CHALLENGE_COOKIE, tok, 0);
	http_redirect(r, 303, "/signin/code");
	return 0;
}

static void
code_form(struct req *r, int status, const char *msg)
{
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "signin_code.cs", "twofa.code_title");
}

/* Back to the password: the challenge is gone, expired or used up. */
static void
restart(struct req *r, const char *h)
{
	if (h != NULL)
		DB_RUN(r, &st_ch_del, NULL, DBS(h));
	http_cookie(r, CHALLENGE_COOKIE, "", -1);
	http_redirect(r, 303, "/signin?done=code_expired");
}

void
page_signin_code(struct req *r)
{
	char	h[CRYPTO_TOKEN_HEX];

	if (r->user.signed_in) {
		http_redirect(r, 302, "/");
		return;
	}
	if (challenge_hash(r, h) == -1) {
		http_redirect(r, 302, "/signin");
		return;
	}
	code_form(r, 200, NULL);
}

/* The key sealed in hex, opened into key.  0, or -1. */
static int
unseal(struct req *r, long long uid, const char *hex,
    unsigned char key[TOTP_KEY])
{
	if (store_unseal(r->conf, SEAL_LABEL, uid, hex, key, TOTP_KEY) == 0)
		return 0;
	log_err(r->rid, "the two-factor key of user %lld does not open with "
	    "this master key", uid);
	return -1;
}

/*
 * Checks code (six digits) against the key of uid and, if it is good,
 * stores its step so it is never taken again.  1 accepted, 0 refused,
 * -1 on error.
 */
static int
take_code(struct req *r, long long uid, const char *sealed,
    long long last_step, const char *code)
{
	unsigned char	key[TOTP_KEY];
	long long	step;
	struct db_rows	rows;
	int		rc;

	if (unseal(r, uid, sealed, key) == -1)
		return -1;
	step = totp_check(key, TOTP_KEY, code, time(NULL), last_step);
	OPENSSL_cleanse(key, sizeof(key));
	if (step < 0)
		return 0;
	/* Two requests with one code: only one moves the step. */
	if (DB_RUN(r, &st_tf_step, &rows, DBI(step), DBI(uid),
	    DBI(step)) == -1)
		return -1;
	rc = rows.affected == 1;
	db_rows_free(&rows);
	return rc;
}

/* Uses up one of uid's recovery codes.  1 taken, 0 not, -1 error. */
static int
take_recovery(struct req *r, long long uid, const char *typed)
{
	char		norm[TOTP_RECOVERY], h[CRYPTO_TOKEN_HEX];
	struct db_rows	rows;
	int		rc;

	if (totp_recovery_norm(typed, norm) == -1)
		return 0;
	crypto_sha256_hex(norm, strlen(norm), h);
	if (DB_RUN(r, &st_tf_use_code, &rows, DBI(uid), DBS(h)) == -1)
		return -1;
	rc = rows.affected == 1;
	db_rows_free(&rows);
	return rc;
}

void
post_signin_code(struct req *r)
{
	struct db_rows	 rows;
	char		 h[CRYPTO_TOKEN_HEX], email[256], next[601];
	const char	*code = app_in(r, KEY_CODE);
	long long	 uid, tries, last;
	char		*sealed;
	int		 rc, recovery = 0;

	if (challenge_hash(r, h) == -1) {
		restart(r, NULL);
		return;
	}
	if (DB_RUN(r, &st_ch_get, &rows, DBS(h),
	    DBI(CHALLENGE_SECONDS)) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		restart(r, h);
		return;
	}
	uid = util_num(DB_CELL(&rows, 0, 0));
	snprintf(email, sizeof(email), "%s", DB_CELL(&rows, 0, 1));
	snprintf(next, sizeof(next), "%s", DB_CELL(&rows, 0, 2));
	tries = util_num(DB_CELL(&rows, 0, 3));
	sealed = xstrdup(DB_CELL(&rows, 0, 4));
	last = util_num(DB_CELL(&rows, 0, 5));
	r->log_org = util_num(DB_CELL(&rows, 0, 6));
	r->log_user = uid;
	db_rows_free(&rows);

	if (tries >= CHALLENGE_TRIES) {
		free(sealed);
		restart(r, h);
		return;
	}
	if (code == NULL || *code == '\0') {
		free(sealed);
		code_form(r, 422, "twofa.code_missing");
		return;
	}
	if (strlen(code) == 6)
		rc = take_code(r, uid, sealed, last, code);
	else {
		rc = take_recovery(r, uid, code);
		recovery = 1;
	}
	free(sealed);
	if (rc == -1) {
		app_error(r, 503);
		return;
	}
	if (rc == 0) {
		DB_RUN(r, &st_ch_try, NULL, DBS(h));
		record_attempt(r, email, 0, "bad_code");
		log_info(r->rid, "two-factor code refused for %s from %s",
		    email, r->remote_addr);
		if (tries + 1 >= CHALLENGE_TRIES) {
			restart(r, h);
			return;
		}
		code_form(r, 422, "twofa.code_wrong");
		return;
	}
	DB_RUN(r, &st_ch_del, NULL, DBS(h));
	http_cookie(r, CHALLENGE_COOKIE, "", -1);
	record_attempt(r, email, 1, recovery ? "recovery_code" : "ok");
	if (session_start(r, uid) == -1) {
		app_error(r, 503);
		return;
	}
	http_redirect(r, 303, recovery ? "/profile/2fa?done=recovery_used" :
	    next);
}

/* The signed-in user's two-factor state, for the page and the changes. */
struct me {
	char		*secret;	/* sealed, or NULL */
	char		*pending;	/* sealed, or NULL */
	long long	 last_step;
	char		*since;
	long long	 codes_left;
	int		 required;
	char		*pw_hash;
	char		*org;
};

static void
me_free(struct me *m)
{
	free(m->secret);
	free(m->pending);
	free(m->since);
	free(m->pw_hash);
	free(m->org);
	memset(m, 0, sizeof(*m));
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Reads (and, in a transaction, locks) the user's row.  0 or -1. */
static int
me_load(struct req *r, struct me *m)
{
	struct db_rows	rows;

	memset(m, 0, sizeof(*m));
	if (DB_RUN(r, &st_tf_me, &rows, DBI(r->user.user_id)) == -1)
		return -1;
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		return -1;
	}
	m->secret = dup_or_null(DB_CELL(&rows, 0, 0));
	m->pending = dup_or_null(DB_CELL(&rows, 0, 1));
	m->last_step = util_num(DB_CELL(&rows, 0, 2));
	m->since = dup_or_null(DB_CELL(&rows, 0, 3));
	m->codes_left = util_num(DB_CELL(&rows, 0, 4));
	m->required = strcmp(DB_CELL(&rows, 0, 5), "1") == 0;
	m->pw_hash = xstrdup(DB_CELL(&rows, 0, 6));
	m->org = xstrdup(DB_CELL(&rows, 0, 7));
	db_rows_free(&rows);
	return 0;
}

/* A new key for the user to set up, sealed into their row.  0 or -1. */
static int
new_pending(struct req *r, struct me *m)
{
	unsigned char	key[TOTP_KEY];
	char		hex[SEALED_HEX];
	int		rc;

	if (RAND_bytes(key, sizeof(key)) != 1)
		return -1;
	rc = store_seal(r->conf, SEAL_LABEL, r->user.user_id, key,
	    sizeof(key), hex);
	OPENSSL_cleanse(key, sizeof(key));
	if (rc == -1 || DB_RUN(r, &st_tf_pending, NULL, DBS(hex),
	    DBI(r->user.user_id)) == -1)
		return -1;
	free(m->pending);
	m->pending = xstrdup(hex);
	return 0;
}

/* The key being set up in base32, for typing it in by hand. */
static int
pending_b32(struct req *r, const struct me *m, char out[TOTP_B32])
{
	unsigned char	key[TOTP_KEY];

	if (m->pending == NULL ||
	    unseal(r, r->user.user_id, m->pending, key) == -1)
		return -1;
	totp_base32(key, sizeof(key), out);
	OPENSSL_cleanse(key, sizeof(key));
	return 0;
}

/* The page: set up (with a fresh key when there is none) or manage. */
static void
twofa_page(struct req *r, int status, const char *msg, char **codes)
{
	struct me	m;
	char		b32[TOTP_B32], grouped[48];
	size_t		i, o;

	if (me_load(r, &m) == -1) {
		app_error(r, 503);
		return;
	}
	if (m.secret == NULL && m.pending == NULL &&
	    new_pending(r, &m) == -1) {
		me_free(&m);
		app_error(r, 503);
		return;
	}
	if (m.secret != NULL) {
		tmpl_set(r->tmpl, "Twofa.On", "1");
		tmpl_set(r->tmpl, "Twofa.Since", m.since ? m.since : "");
		tmpl_set_int(r->tmpl, "Twofa.CodesLeft", m.codes_left);
	} else if (pending_b32(r, &m, b32) == 0) {
		for (i = 0, o = 0; b32[i] != '\0'; i++) {
			if (i > 0 && i % 4 == 0)
				grouped[o++] = ' ';
			grouped[o++] = b32[i];
		}
		grouped[o] = '\0';
		tmpl_set(r->tmpl, "Twofa.Key", grouped);
	} else {
		me_free(&m);
		app_error(r, 503);
		return;
	}
	if (m.required)
		tmpl_set(r->tmpl, "Twofa.Required", "1");
	if (r->user.must_enrol)
		tmpl_set(r->tmpl, "Twofa.MustEnrol", "1");
	for (i = 0; codes != NULL && codes[i] != NULL; i++)
		app_cell(r, "Codes", i, "Code", codes[i]);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	me_free(&m);
	app_page(r, status, "profile_2fa.cs", "twofa.title");
}

void
page_2fa(struct req *r)
{
	set_done(r);
	twofa_page(r, 200, NULL, NULL);
}

/* The QR code of the key being set up (otpauth:// URI), as SVG. */
void
page_2fa_qr(struct req *r)
{
	struct me	 m;
	struct buf	 svg = { NULL, 0, 0 };
	char		 b32[TOTP_B32], *issuer, *uri;

	if (me_load(r, &m) == -1) {
		app_error(r, 503);
		return;
	}
	if (m.secret != NULL || pending_b32(r, &m, b32) == -1) {
		me_free(&m);
		app_error(r, 404);
		return;
	}
	issuer = *m.org ? xasprintf("Keiyaku (%s)", m.org) :
	    xstrdup("Keiyaku");
	uri = totp_uri(issuer, r->user.email, b32);
	OPENSSL_cleanse(b32, sizeof(b32));
	if (totp_qr_svg(uri, &svg) == -1) {
		app_error(r, 500);
	} else {
		http_send(r, 200, "image/svg+xml", svg.data, svg.len);
	}
	OPENSSL_cleanse(uri, strlen(uri));
	free(uri);
	free(issuer);
	buf_free(&svg);
	me_free(&m);
}

/*
 * Ten new recovery codes for the user (the old ones gone), into
 * codes[0..TOTP_NCODES-1] (NULL-terminated; the caller frees).
 * 0, or -1.
 */
static int
new_codes(struct req *r, char **codes)
{
	char	c[TOTP_RECOVERY], h[CRYPTO_TOKEN_HEX];
	size_t	i;

	if (DB_RUN(r, &st_tf_codes_del, NULL, DBI(r->user.user_id)) == -1)
		return -1;
	for (i = 0; i < TOTP_NCODES; i++) {
		if (totp_recovery_code(c) == -1)
			return -1;
		crypto_sha256_hex(c, strlen(c), h);
		if (DB_RUN(r, &st_tf_code_add, NULL, DBI(r->user.user_id),
		    DBI(r->user.org_id), DBS(h)) == -1)
			return -1;
		codes[i] = xstrdup(c);
	}
	codes[i] = NULL;
	return 0;
}

static void
codes_free(char **codes)
{
	size_t	i;

	for (i = 0; codes[i] != NULL; i++) {
		OPENSSL_cleanse(codes[i], strlen(codes[i]));
		free(codes[i]);
		codes[i] = NULL;
	}
}

/* An operation-log entry for the user's organisation (none for operators). */
static int
twofa_log(struct req *r, const char *action, const char *detail)
{
	if (r->user.org_id <= 0)
		return 0;
	return oplog_add(r, 0, action, detail);
}

void
post_2fa(struct req *r)
{
	struct me	 m;
	const char	*what = app_in(r, KEY_DO), *code = app_in(r, KEY_CODE);
	const char	*msg = NULL;
	char		*codes[TOTP_NCODES + 1] = { NULL };
	int		 status = 200, rc;
	long long	 step;
	unsigned char	 key[TOTP_KEY];

	if (what == NULL || (strcmp(what, "enable") != 0 &&
	    strcmp(what, "codes") != 0 && strcmp(what, "disable") != 0)) {
		twofa_page(r, 422, "twofa.bad_action", NULL);
		return;
	}
	if (db_begin(r) == -1 || me_load(r, &m) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (strcmp(what, "enable") == 0) {
		if (m.secret != NULL) {
			msg = "twofa.already_on";
			status = 409;
		} else if (m.pending == NULL ||
		    unseal(r, r->user.user_id, m.pending, key) == -1) {
			msg = "twofa.no_pending";
			status = 409;
		} else {
			step = totp_check(key, TOTP_KEY, code, time(NULL), 0);
			OPENSSL_cleanse(key, sizeof(key));
			if (step < 0) {
				msg = "twofa.code_wrong";
				status = 422;
			} else if (DB_RUN(r, &st_tf_enable, NULL, DBI(step),
			    DBI(r->user.user_id)) == -1 ||
			    new_codes(r, codes) == -1 ||
			    twofa_log(r, "user.2fa_enabled", r->user.email)
			    == -1)
				goto fail;
		}
	} else if (strcmp(what, "codes") == 0) {
		if (m.secret == NULL) {
			msg = "twofa.not_on";
			status = 409;
		} else if ((rc = take_code(r, r->user.user_id, m.secret,
		    m.last_step, code)) == -1)
			goto fail;
		else if (rc == 0) {
			msg = "twofa.code_wrong";
			status = 422;
		} else if (new_codes(r, codes) == -1 ||
		    twofa_log(r, "user.2fa_codes", r->user.email) == -1)
			goto fail;
	} else {
		if (m.secret == NULL) {
			msg = "twofa.not_on";
			status = 409;
		} else if (m.required) {
			msg = "twofa.required_cannot_disable";
			status = 409;
		} else if (!crypto_password_verify(m.pw_hash,
		    app_in(r, KEY_PASSWORD) ? app_in(r, KEY_PASSWORD) : "")) {
			msg = "twofa.password_wrong";
			status = 422;
		} else if (DB_RUN(r, &st_tf_disable, NULL,
		    DBI(r->user.user_id)) == -1 ||
		    DB_RUN(r, &st_tf_codes_del, NULL,
		    DBI(r->user.user_id)) == -1 ||
		    twofa_log(r, "user.2fa_disabled", r->user.email) == -1)
			goto fail;
	}
	me_free(&m);
	if (db_commit(r) == -1)
		goto fail2;
	if (msg != NULL) {
		twofa_page(r, status, msg, NULL);
		return;
	}
	if (strcmp(what, "disable") == 0) {
		log_info(r->rid, "user %lld turned two-factor sign-in off",
		    r->user.user_id);
		http_redirect(r, 303, "/profile/2fa?done=twofa_off");
		return;
	}
	log_info(r->rid, "user %lld: two-factor %s", r->user.user_id,
	    strcmp(what, "enable") == 0 ? "set up" : "recovery codes renewed");
	/* The user is no longer one who must set it up. */
	r->user.must_enrol = 0;
	tmpl_set(r->tmpl, "Form.Done", app_l(r, strcmp(what, "enable") == 0 ?
	    "done.twofa_on" : "done.twofa_codes"));
	twofa_page(r, 200, NULL, codes);
	codes_free(codes);
	return;
fail:
	me_free(&m);
fail2:
	codes_free(codes);
	db_rollback(r);
	app_error(r, 503);
}
