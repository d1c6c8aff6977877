/*
 * sign: the signer's pages, public (no account needed), reached only
 * through the personal link of a mail (lib/signing.h):
 *
 *   GET  /sign/TOKEN           the request: sender, message, the
 *                              document, consent, sign or decline (or
 *                              the access code first)
 *   GET  /sign/TOKEN/document  the PDF, inline (a copy link: the
 *                              executed PDF, as a download)
 *   POST /sign/TOKEN           action=code | sign | decline
 *
 * The token is the only key: its SHA-256 finds the signer, and the
 * signer's row gives the organisation, which every later statement is
 * bound to.  A token that matches nothing is 403 (recorded in
 * signing_link_refusals); a link replaced by a newer one, already
 * used, of a request that has ended or past its expiry is 410; each
 * refusal is a signing event with the reason, address and user agent.
 * A sign or decline runs in one transaction that locks the request,
 * so a double click or two signers at once end in one state.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "app.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "signing.h"
#include "store.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

enum key {
	KEY_ACTION,
	KEY_CONSENT,
	KEY_REASON,
	KEY_CODE,
	KEY_SIGNER,
	KEY__MAX
};

static int
valid_action(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "code") == 0 || strcmp(s, "sign") == 0 ||
	    strcmp(s, "decline") == 0;
}

static int
valid_consent(const char *s, size_t n)
{
	return n == 1 && s[0] == '1';
}

static int
valid_reason(const char *s, size_t n)
{
	return n <= 1000 && valid_text(s, n);
}

static int
valid_code(const char *s, size_t n)
{
	return n > 0 && n <= 64 && valid_line(s, n);
}

static const struct http_key keys[KEY__MAX] = {
	{ "action", valid_action },
	{ "consent", valid_consent },
	{ "reason", valid_reason },
	{ "code", valid_code },
	{ "signer", valid_opt_id },
};

/* The link's token is the only key a signer has; its row names the organisation. */
DB_STMT_GLOBAL(st_sl_link,
    "a signing link is reached before any organisation is known: the "
    "token's hash finds it, and its organisation binds everything after",
    "SELECT t.organisation_id, t.signer_id, t.purpose, "
    "t.expires_at < NOW(6), t.replaced_at IS NOT NULL, s.request_id, "
    "s.state, s.code_hash, s.code_failures, r.state, "
    "r.expires_at < NOW(6), s.name, s.email "
    "FROM signing_tokens t JOIN signers s ON s.id = t.signer_id "
    "AND s.organisation_id = t.organisation_id "
    "JOIN signing_requests r ON r.id = s.request_id "
    "AND r.organisation_id = s.organisation_id WHERE t.token_hash = ?");
DB_STMT_GLOBAL(st_sl_refused,
    "a link that matches no signer has no organisation to be logged under",
    "INSERT INTO signing_link_refusals (token_hash, reason, ip, user_agent) "
    "VALUES (?, ?, ?, LEFT(?, 500))");
DB_STMT_TENANT(st_sl_page,
    "SELECT c.title, c.number, u.name, u.email, o.name, r.message, "
    "DATE_FORMAT(CONVERT_TZ(r.expires_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), r.ordering, d.filename, d.size, r.contract_id "
    "FROM signing_requests r JOIN contracts c ON c.organisation_id = "
    "r.organisation_id AND c.id = r.contract_id JOIN users u ON "
    "u.organisation_id = r.organisation_id AND u.id = r.sender_id "
    "JOIN organisations o ON o.id = r.organisation_id "
    "JOIN documents d ON d.organisation_id = r.organisation_id AND "
    "d.id = r.current_document_id "
    "WHERE r.organisation_id = ? AND r.id = ?");
DB_STMT_TENANT(st_sl_signers,
    "SELECT name, state, position, "
    "DATE_FORMAT(CONVERT_TZ(signed_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i') FROM signers WHERE organisation_id = ? "
    "AND request_id = ? ORDER BY position");
DB_STMT_TENANT(st_sl_viewed,
    "UPDATE signers SET organisation_id = ?, state = IF(state = 'sent', "
    "'viewed', state), viewed_at = COALESCE(viewed_at, NOW(6)) "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sl_code_fail,
    "UPDATE signers SET organisation_id = ?, "
    "code_failures = code_failures + 1 "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sl_declined,
    "UPDATE signers SET organisation_id = ?, state = 'declined', "
    "declined_at = NOW(6), decline_reason = ?, ip = ?, "
    "user_agent = LEFT(?, 500) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sl_doc,
    "SELECT d.storage_name, d.size, d.filename FROM signing_requests r "
    "JOIN documents d ON d.organisation_id = r.organisation_id AND "
    "d.id = IF(r.state = 'completed', r.final_document_id, "
    "r.current_document_id) WHERE r.organisation_id = ? AND r.id = ?");

/* The signer a link stands for, as found. */
struct link {
	long long	 org, signer, request;
	int		 copy;		/* a copy link (the request completed) */
	char		 sstate[12];	/* the signer's state */
	char		*code_hash;	/* NULL: no access code */
	long long	 code_failures;
	char		*name, *email;
};

static void
link_free(struct link *l)
{
	free(l->code_hash);
	free(l->name);
	free(l->email);
	memset(l, 0, sizeof(*l));
}

static struct sg_ctx
ctx(struct req *r, long long org)
{
	struct sg_ctx	x;

	memset(&x, 0, sizeof(x));
	x.db = app_db(r);
	x.conf = r->conf;
	x.rid = r->rid;
	x.org = org;
	x.ip = r->remote_addr;
	x.ua = r->user_agent;
	return x;
}

/* A refused link: recorded, and answered status with msg. */
static void
refuse(struct req *r, const struct link *l, const char *hash,
    const char *why, int status, const char *msg)
{
	struct sg_ctx	x;

	if (l == NULL || l->org == 0)
		DB_RUN(r, &st_sl_refused, NULL, DBS(hash), DBS(why),
		    DBS(r->remote_addr), DBS(r->user_agent ? r->user_agent : ""));
	else {
		x = ctx(r, l->org);
		signing_event(&x, l->request, l->signer, "link_refused", why);
	}
	log_info(r->rid, "signing link refused: %s", why);
	app_error_msg(r, status, msg);
}

/*
 * The link of the path, if it may still be used.  0 with *l set, or
 * -1 after answering.  Inside a transaction that has locked the
 * request, the answer holds until commit.
 */
static int
resolve(struct req *r, struct link *l)
{
	struct db_rows	 t;
	char		 hash[CRYPTO_TOKEN_HEX];
	const char	*why = NULL, *msg = NULL;
	int		 status = 410;

	memset(l, 0, sizeof(*l));
	r->no_referrer = 1;
	crypto_sha256_hex(r->path_token, 64, hash);
	if (DB_RUN(r, &st_sl_link, &t, DBS(hash)) == -1) {
		app_error(r, 503);
		return -1;
	}
	if (t.nrows != 1) {
		db_rows_free(&t);
		refuse(r, NULL, hash, "unknown", 403, "sign.link_unknown");
		return -1;
	}
	util_parse_int64(DB_CELL(&t, 0, 0), &l->org);
	util_parse_int64(DB_CELL(&t, 0, 1), &l->signer);
	util_parse_int64(DB_CELL(&t, 0, 5), &l->request);
	l->copy = strcmp(DB_CELL(&t, 0, 2), "copy") == 0;
	snprintf(l->sstate, sizeof(l->sstate), "%s", DB_CELL(&t, 0, 6));
	if (DB_CELL(&t, 0, 7) != NULL)
		l->code_hash = xstrdup(DB_CELL(&t, 0, 7));
	util_parse_int64(DB_CELL(&t, 0, 8), &l->code_failures);
	l->name = xstrdup(DB_CELL(&t, 0, 11));
	l->email = xstrdup(DB_CELL(&t, 0, 12));
	/* From here on, statements run in the link's organisation. */
	r->user.org_id = l->org;
	if (strcmp(DB_CELL(&t, 0, 4), "1") == 0)
		why = "replaced", msg = "sign.link_replaced";
	else if (l->copy) {
		if (strcmp(DB_CELL(&t, 0, 9), "completed") != 0 ||
		    strcmp(DB_CELL(&t, 0, 3), "1") == 0)
			why = "copy_expired", msg = "sign.link_expired";
	} else if (strcmp(l->sstate, "signed") == 0 ||
	    strcmp(l->sstate, "declined") == 0)
		why = "used", msg = "sign.link_used";
	else if (strcmp(DB_CELL(&t, 0, 9), "out") != 0 ||
	    strcmp(l->sstate, "cancelled") == 0)
		why = "ended", msg = "sign.link_ended";
	else if (strcmp(DB_CELL(&t, 0, 3), "1") == 0 ||
	    strcmp(DB_CELL(&t, 0, 10), "1") == 0)
		why = "expired", msg = "sign.link_expired";
	else if (strcmp(l->sstate, "waiting") == 0)
		why = "not_yet", msg = "sign.link_ended";
	else if (l->code_hash != NULL && l->code_failures >= SG_CODE_TRIES)
		why = "code_locked", msg = "sign.code_locked", status = 403;
	db_rows_free(&t);
	if (why != NULL) {
		refuse(r, l, hash, why, status, msg);
		link_free(l);
		return -1;
	}
	return 0;
}

/* The cookie that says this browser gave the access code for link l. */
static void
code_mark(const struct req *r, const struct link *l, char out[CRYPTO_TOKEN_HEX])
{
	char	msg[128];

	snprintf(msg, sizeof(msg), "keiyaku-sign-code-v1:%s", r->path_token);
	crypto_hmac_hex(l->code_hash, msg, out);
}

static void
code_cookie_name(const struct link *l, char *name, size_t n)
{
	snprintf(name, n, "ksc%lld", l->signer);
}

static int
code_ok(const struct req *r, const struct link *l)
{
	char		 want[CRYPTO_TOKEN_HEX], name[32];
	const char	*have;

	if (l->code_hash == NULL)
		return 1;
	code_cookie_name(l, name, sizeof(name));
	if ((have = kv_get(&r->cookies, name)) == NULL)
		return 0;
	code_mark(r, l, want);
	return util_streq_ct(want, have);
}

static void
page(struct req *r, const struct link *l, int status, const char *msg)
{
	struct db_rows	 p, s;
	char		 key[48], self[96];
	size_t		 i;

	if (DB_RUN(r, &st_sl_page, &p, DBI(l->request)) == -1) {
		app_error(r, 503);
		return;
	}
	if (p.nrows != 1) {
		db_rows_free(&p);
		app_error(r, 404);
		return;
	}
	snprintf(self, sizeof(self), "/sign/%s", r->path_token);
	tmpl_set(r->tmpl, "Sign.Self", self);
	tmpl_set_int(r->tmpl, "Sign.Signer", l->signer);
	tmpl_set(r->tmpl, "Sign.Name", l->name);
	tmpl_set(r->tmpl, "Sign.Email", l->email);
	tmpl_set(r->tmpl, "Sign.Title", DB_CELL(&p, 0, 0));
	tmpl_set(r->tmpl, "Sign.Number", DB_CELL(&p, 0, 1));
	tmpl_set(r->tmpl, "Sign.Sender", DB_CELL(&p, 0, 2));
	tmpl_set(r->tmpl, "Sign.SenderEmail", DB_CELL(&p, 0, 3));
	tmpl_set(r->tmpl, "Sign.Org", DB_CELL(&p, 0, 4));
	tmpl_set(r->tmpl, "Sign.Message", DB_CELL(&p, 0, 5));
	tmpl_set(r->tmpl, "Sign.Expires", DB_CELL(&p, 0, 6));
	snprintf(key, sizeof(key), "sign.ordering.%s", DB_CELL(&p, 0, 7));
	tmpl_set(r->tmpl, "Sign.Ordering", app_l(r, key));
	tmpl_set(r->tmpl, "Sign.File", DB_CELL(&p, 0, 8));
	tmpl_set(r->tmpl, "Sign.Size", DB_CELL(&p, 0, 9));
	if (l->copy)
		tmpl_set(r->tmpl, "Sign.Copy", "1");
	else if (!code_ok(r, l))
		tmpl_set(r->tmpl, "Sign.NeedCode", "1");
	db_rows_free(&p);
	if (DB_RUN(r, &st_sl_signers, &s, DBI(l->request)) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < s.nrows; i++) {
		app_cell(r, "Sign.Signers", i, "Name", DB_CELL(&s, i, 0));
		app_cell_label(r, "Sign.Signers", i, "State", "sign.state",
		    DB_CELL(&s, i, 1));
		app_cell(r, "Sign.Signers", i, "At", DB_CELL(&s, i, 3));
	}
	db_rows_free(&s);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Message.Error", app_l(r, msg));
	app_page(r, status, "sign.cs", l->copy ? "sign.copy_title" :
	    "sign.title");
}

/* GET /sign/TOKEN */
static void
page_sign(struct req *r)
{
	struct link	 l;
	struct sg_ctx	 x;

	if (resolve(r, &l) == -1)
		return;
	x = ctx(r, l.org);
	if (!l.copy && r->method == METHOD_GET && code_ok(r, &l) &&
	    (DB_RUN(r, &st_sl_viewed, NULL, DBI(l.org), DBI(l.signer)) == -1 ||
	    signing_event(&x, l.request, l.signer, "viewed", "") == -1)) {
		link_free(&l);
		app_error(r, 503);
		return;
	}
	page(r, &l, 200, NULL);
	link_free(&l);
}

/* GET /sign/TOKEN/document: the PDF, decrypted as it goes out. */
static void
page_document(struct req *r)
{
	struct link		 l;
	struct db_rows		 d;
	struct store_reader	*sr = NULL;
	unsigned char		 key[STORE_KEY], *seg = NULL;
	long long		 size = 0, want = 0;
	ssize_t			 n;
	struct buf		 disp = { NULL, 0, 0 };

	if (resolve(r, &l) == -1)
		return;
	if (!l.copy && !code_ok(r, &l)) {
		link_free(&l);
		app_error_msg(r, 403, "sign.code_needed");
		return;
	}
	if (DB_RUN(r, &st_sl_doc, &d, DBI(l.request)) == -1 || d.nrows != 1) {
		link_free(&l);
		app_error(r, 503);
		return;
	}
	util_parse_int64(DB_CELL(&d, 0, 1), &want);
	if (store_org_key(app_db(r), r->conf, r->rid, l.org, key) == -1 ||
	    (sr = store_open(r->conf, l.org, key, DB_CELL(&d, 0, 0),
	    &size)) == NULL || size != want) {
		log_err(r->rid, "signing request %lld: its document cannot be "
		    "read", l.request);
		app_error(r, 500);
		goto out;
	}
	seg = xmalloc(STORE_SEG);
	if ((n = store_read(sr, seg)) < 0) {
		app_error(r, 500);
		goto out;
	}
	/* To read in the page's frame; a copy is the executed file to keep. */
	r->frame_self = !l.copy;
	buf_adds(&disp, l.copy ? "attachment" : "inline");
	buf_adds(&disp, "; filename=\"document.pdf\"");
	http_header(r, "Content-Disposition", disp.data);
	http_stream_begin(r, 200, "application/pdf");
	if (r->method == METHOD_GET)
		while (n > 0) {
			if (http_stream_write(r, (char *)seg, (size_t)n) != 0)
				break;
			if ((n = store_read(sr, seg)) < 0) {
				log_err(r->rid, "signing request %lld: a "
				    "segment does not authenticate", l.request);
				_exit(1);
			}
		}
out:
	OPENSSL_cleanse(key, sizeof(key));
	buf_free(&disp);
	store_close(sr);
	free(seg);
	db_rows_free(&d);
	link_free(&l);
}

static void
post_code(struct req *r, struct link *l)
{
	char	mark[CRYPTO_TOKEN_HEX], name[32];
	const char *code = app_in(r, KEY_CODE);

	if (l->code_hash == NULL) {
		http_redirect(r, 303, r->path);
		return;
	}
	if (code != NULL && crypto_password_verify(l->code_hash, code) == 1) {
		code_mark(r, l, mark);
		code_cookie_name(l, name, sizeof(name));
		http_cookie(r, name, mark, 0);
		http_redirect(r, 303, r->path);
		return;
	}
	if (DB_RUN(r, &st_sl_code_fail, NULL, DBI(l->org), DBI(l->signer)) == -1) {
		app_error(r, 503);
		return;
	}
	{
		struct sg_ctx	x = ctx(r, l->org);

		signing_event(&x, l->request, l->signer, "code_wrong", "");
	}
	l->code_failures++;
	if (l->code_failures >= SG_CODE_TRIES) {
		app_error_msg(r, 403, "sign.code_locked");
		return;
	}
	page(r, l, 403, "sign.code_wrong");
}

/* POST /sign/TOKEN: the access code, a signature or a refusal. */
static void
post_sign(struct req *r)
{
	struct link		 l;
	struct sg_ctx		 x;
	struct sg_request	 rq;
	const char		*action = app_in(r, KEY_ACTION);
	const char		*signer = app_in(r, KEY_SIGNER);
	char			 err[256], *detail = NULL;
	long long		 sid = 0, reqid;
	int			 decline;

	if (action == NULL) {
		app_error_msg(r, 400, "sign.bad_action");
		return;
	}
	if (resolve(r, &l) == -1)
		return;
	if (strcmp(action, "code") == 0) {
		post_code(r, &l);
		link_free(&l);
		return;
	}
	decline = strcmp(action, "decline") == 0;
	if (signer == NULL || util_parse_int64(signer, &sid) == -1 ||
	    sid != l.signer) {
		refuse(r, &l, NULL, "other_signer", 403, "sign.other_signer");
		link_free(&l);
		return;
	}
	if (l.copy || !code_ok(r, &l)) {
		link_free(&l);
		app_error_msg(r, 403, "sign.code_needed");
		return;
	}
	if (!decline && app_in(r, KEY_CONSENT) == NULL) {
		page(r, &l, 422, "sign.consent_needed");
		link_free(&l);
		return;
	}
	if (decline && (app_in(r, KEY_REASON) == NULL ||
	    *app_in(r, KEY_REASON) == '\0')) {
		page(r, &l, 422, "sign.reason_needed");
		link_free(&l);
		return;
	}
	reqid = l.request;
	link_free(&l);

	/* Lock the request, then look again: the state is now fixed. */
	x = ctx(r, r->user.org_id);
	if (db_begin(r) == -1 || signing_lock(&x, reqid, &rq) != 1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (resolve(r, &l) == -1) {
		db_commit(r);	/* keeps the refusal's event */
		return;
	}
	if (decline) {
		detail = xasprintf("%s <%s>: %s", l.name, l.email,
		    app_in(r, KEY_REASON));
		if (DB_RUN(r, &st_sl_declined, NULL, DBS(app_in(r, KEY_REASON)),
		    DBS(r->remote_addr), DBS(r->user_agent ? r->user_agent : ""),
		    DBI(l.org), DBI(l.signer)) == -1 ||
		    signing_event(&x, rq.id, l.signer, "declined",
		    app_in(r, KEY_REASON)) == -1 ||
		    signing_end(&x, &rq, "declined", detail) == -1)
			goto fail;
	} else if (signing_event(&x, rq.id, l.signer, "consented", "") == -1 ||
	    signing_sign(&x, &rq, l.signer, err, sizeof(err)) == -1) {
		log_err(r->rid, "signing request %lld, signer %lld: %s",
		    rq.id, l.signer, err);
		goto fail;
	}
	if (db_commit(r) == -1)
		goto fail;
	log_info(r->rid, "signing request %lld: signer %lld %s", rq.id,
	    l.signer, decline ? "declined" : "signed");
	tmpl_set(r->tmpl, "Sign.Done", decline ? "declined" : "signed");
	tmpl_set(r->tmpl, "Sign.Completed",
	    strcmp(rq.state, "completed") == 0 ? "1" : "");
	tmpl_set(r->tmpl, "Sign.Name", l.name);
	app_page(r, 200, "sign_done.cs", decline ? "sign.declined_title" :
	    "sign.signed_title");
	goto out;
fail:
	db_rollback(r);
	signing_unstore(&x);
	app_error(r, 503);
out:
	free(detail);
	link_free(&l);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/sign/*", PERM_PUBLIC, page_sign, 0 },
	{ M_POST, "/sign/*", PERM_PUBLIC, post_sign, 0 },
	{ M_GET | M_HEAD, "/sign/*/document", PERM_PUBLIC, page_document, 0 },
};

static const struct app sign_app = {
	"sign", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&sign_app, argc, argv);
}
