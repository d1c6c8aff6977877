/*
 * signing: the sender's side of electronic signatures (lib/signing.h).
 *
 *   GET  /contracts/#/signing   the contract's signing: the send form
 *                               (approved contracts), the request out
 *                               with its signers and events, and the
 *                               earlier rounds
 *   POST /contracts/#/signing   action=send | cancel | resend | email
 *
 * Sending needs contracts.edit on the contract (the same people who
 * may move it on); seeing needs that the contract is visible.  Every
 * action runs in one transaction that locks the contract or request
 * first, writes signing events and the operation log, and queues its
 * mails in the same transaction.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "conf.h"
#include "crypto.h"
#include "date.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "oplog.h"
#include "signing.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

#define ROWS		6	/* signers on the form */
#define EXPIRY_MAX	90	/* days ahead, at most */

enum key {
	KEY_ACTION,
	KEY_ORDERING,
	KEY_MESSAGE,
	KEY_EXPIRES,
	KEY_REMIND,
	KEY_SIGNER,
	KEY_NEW_EMAIL,
	KEY_USER1,	/* user, name, email, code for each row */
	KEY__MAX = KEY_USER1 + 4 * ROWS
};

static int
valid_action(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "send") == 0 || strcmp(s, "cancel") == 0 ||
	    strcmp(s, "resend") == 0 || strcmp(s, "email") == 0;
}

static int
valid_ordering(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "sequential") == 0 || strcmp(s, "parallel") == 0;
}

static int
valid_message(const char *s, size_t n)
{
	return n <= 2000 && valid_text(s, n);
}

static int
valid_remind(const char *s, size_t n)
{
	long long	v;

	return n > 0 && n <= 2 && util_parse_int64(s, &v) == 0 && v >= 0 &&
	    v <= 30;
}

static int
valid_opt_code(const char *s, size_t n)
{
	return n == 0 || (n >= 4 && n <= 64 && valid_line(s, n));
}

#define ROW_KEYS(i) \
	{ "user" #i, valid_opt_id }, { "name" #i, valid_opt_name }, \
	{ "email" #i, valid_opt_email }, { "code" #i, valid_opt_code }

static const struct http_key keys[KEY__MAX] = {
	{ "action", valid_action },
	{ "ordering", valid_ordering },
	{ "message", valid_message },
	{ "expires", valid_opt_date },
	{ "remind_days", valid_remind },
	{ "signer_id", valid_opt_id },
	{ "new_email", valid_opt_email },
	ROW_KEYS(1), ROW_KEYS(2), ROW_KEYS(3), ROW_KEYS(4), ROW_KEYS(5),
	ROW_KEYS(6),
};

DB_STMT_TENANT(st_sgp_contract,
    "SELECT c.status, c.department_id, c.owner_id, c.title, c.number "
    "FROM contracts c WHERE c.organisation_id = ? AND c.id = ?");
DB_STMT_TENANT(st_sgp_contract_lock,
    "SELECT status FROM contracts WHERE organisation_id = ? AND id = ? "
    "FOR UPDATE");
DB_STMT_TENANT(st_sgp_main_doc,
    "SELECT id, media_type, sha256, filename, version FROM documents "
    "WHERE organisation_id = ? AND contract_id = ? AND kind = 'main' "
    "AND signing_request_id IS NULL ORDER BY version DESC LIMIT 1");
DB_STMT_TENANT(st_sgp_users,
    "SELECT id, name, email FROM users WHERE organisation_id = ? "
    "AND disabled = 0 ORDER BY name, id");
DB_STMT_TENANT(st_sgp_user,
    "SELECT name, email, lang FROM users WHERE organisation_id = ? "
    "AND id = ? AND disabled = 0");
DB_STMT_TENANT(st_sgp_req_add,
    "INSERT INTO signing_requests (organisation_id, contract_id, ordering, "
    "message, expires_at, remind_days, sender_id, source_document_id, "
    "current_document_id, original_sha256) VALUES (?, ?, ?, ?, "
    "CONVERT_TZ(CONCAT(?, ' 23:59:59.999999'), '+09:00', '+00:00'), "
    "?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_sgp_signer_add,
    "INSERT INTO signers (organisation_id, request_id, position, user_id, "
    "name, email, lang, code_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_sgp_c_signing,
    "UPDATE contracts SET organisation_id = ?, status = 'signing', "
    "updated_at = NOW(6) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sgp_c_hist,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) "
    "VALUES (?, ?, ?, 'status', 'approved', 'signing', ?)");
DB_STMT_TENANT(st_sgp_requests,
    "SELECT r.id, r.state, r.ordering, r.message, "
    "DATE_FORMAT(CONVERT_TZ(r.expires_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), u.name, "
    "DATE_FORMAT(CONVERT_TZ(r.created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), r.original_sha256, r.final_sha256, "
    "r.final_document_id, r.remind_days, r.certificate_document_id "
    "FROM signing_requests r JOIN users u ON u.organisation_id = "
    "r.organisation_id AND u.id = r.sender_id "
    "WHERE r.organisation_id = ? AND r.contract_id = ? ORDER BY r.id DESC "
    "LIMIT 20");
DB_STMT_TENANT(st_sgp_req_of_contract,
    "SELECT id FROM signing_requests WHERE organisation_id = ? "
    "AND contract_id = ? AND state = 'out' ORDER BY id DESC LIMIT 1");
DB_STMT_TENANT(st_sgp_signers,
    "SELECT id, position, name, email, state, user_id, "
    "code_hash IS NOT NULL, "
    "DATE_FORMAT(CONVERT_TZ(sent_at, '+00:00', '+09:00'), '%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(viewed_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(COALESCE(signed_at, declined_at), '+00:00', "
    "'+09:00'), '%Y-%m-%d %H:%i'), ip, decline_reason "
    "FROM signers WHERE organisation_id = ? AND request_id = ? "
    "ORDER BY position");
DB_STMT_TENANT(st_sgp_events,
    "SELECT DATE_FORMAT(CONVERT_TZ(e.at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), e.event, s.name, u.name, e.detail, e.ip, "
    "e.user_agent FROM signing_events e LEFT JOIN signers s ON "
    "s.organisation_id = e.organisation_id AND s.id = e.signer_id "
    "LEFT JOIN users u ON u.organisation_id = e.organisation_id AND "
    "u.id = e.user_id WHERE e.organisation_id = ? AND e.request_id = ? "
    "ORDER BY e.id");
DB_STMT_TENANT(st_sgp_signer_of,
    "SELECT s.state, s.email FROM signers s WHERE s.organisation_id = ? "
    "AND s.id = ? AND s.request_id = ? FOR UPDATE");
DB_STMT_TENANT(st_sgp_signer_email,
    "UPDATE signers SET organisation_id = ?, email = ?, user_id = NULL "
    "WHERE organisation_id = ? AND id = ?");

static struct sg_ctx
ctx(struct req *r)
{
	struct sg_ctx	x;

	memset(&x, 0, sizeof(x));
	x.db = app_db(r);
	x.conf = r->conf;
	x.rid = r->rid;
	x.org = r->user.org_id;
	x.user_id = r->user.user_id;
	x.ip = r->remote_addr;
	x.ua = r->user_agent;
	return x;
}

/*
 * The contract of the path, if the user may act on it with p: its
 * status, department and owner out.  0, or -1 after answering.
 */
static int
contract_ok(struct req *r, enum perm p, char *status, size_t n,
    long long *dept, long long *owner)
{
	struct db_rows	rows;
	enum authz	a;

	if (DB_RUN(r, &st_sgp_contract, &rows, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return -1;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		app_error(r, 404);
		return -1;
	}
	*dept = util_num(DB_CELL(&rows, 0, 1));
	*owner = util_num(DB_CELL(&rows, 0, 2));
	a = authz_contract(r, p, r->path_id, r->user.org_id, *dept, *owner);
	if (a == AUTHZ_OK) {
		snprintf(status, n, "%s", DB_CELL(&rows, 0, 0));
		tmpl_set(r->tmpl, "C.Title", DB_CELL(&rows, 0, 3));
		tmpl_set(r->tmpl, "C.Number", DB_CELL(&rows, 0, 4));
	}
	db_rows_free(&rows);
	if (a != AUTHZ_OK) {
		app_error(r, authz_status(a));
		return -1;
	}
	return 0;
}

static void
set_cells(struct req *r, const char *prefix, size_t i,
    const struct db_rows *rows, size_t row, const char *const *names)
{
	size_t	k;

	for (k = 0; names[k] != NULL; k++)
		if (*names[k] != '\0')
			app_cell(r, prefix, i, names[k], DB_CELL(rows, row, k));
}

/* The rounds of the contract, newest first; the newest in full. */
static int
rounds(struct req *r, int can_edit)
{
	static const char *const rq_f[] = { "Id", "State", "", "Message",
	    "Expires", "Sender", "Created", "OriginalSha", "FinalSha",
	    "FinalDoc", "Remind", "CertDoc", NULL };
	static const char *const s_f[] = { "Id", "Position", "Name", "Email",
	    "State", "User", "Code", "Sent", "Viewed", "Done", "Ip",
	    "Reason", NULL };
	static const char *const e_f[] = { "At", "Event", "Signer", "User",
	    "Detail", "Ip", "Ua", NULL };
	struct db_rows	 q, s, e;
	char		 pfx[48];
	size_t		 i, k;
	int		 out;

	if (DB_RUN(r, &st_sgp_requests, &q, DBI(r->path_id)) == -1)
		return -1;
	for (i = 0; i < q.nrows; i++) {
		set_cells(r, "Rounds", i, &q, i, rq_f);
		app_cell_label(r, "Rounds", i, "StateName", "signing.state",
		    DB_CELL(&q, i, 1));
		app_cell_label(r, "Rounds", i, "Ordering", "sign.ordering",
		    DB_CELL(&q, i, 2));
		out = strcmp(DB_CELL(&q, i, 1), "out") == 0;
		if (out && can_edit)
			app_cell(r, "Rounds", i, "CanAct", "1");
		if (DB_RUN(r, &st_sgp_signers, &s, DBS(DB_CELL(&q, i, 0))) == -1) {
			db_rows_free(&q);
			return -1;
		}
		snprintf(pfx, sizeof(pfx), "Rounds.%zu.Signers", i);
		for (k = 0; k < s.nrows; k++) {
			set_cells(r, pfx, k, &s, k, s_f);
			app_cell_label(r, pfx, k, "StateName", "sign.state",
			    DB_CELL(&s, k, 4));
			if (out && can_edit && (strcmp(DB_CELL(&s, k, 4),
			    "sent") == 0 || strcmp(DB_CELL(&s, k, 4),
			    "viewed") == 0))
				app_cell(r, pfx, k, "CanResend", "1");
			if (out && can_edit && (strcmp(DB_CELL(&s, k, 4),
			    "waiting") == 0 || strcmp(DB_CELL(&s, k, 4),
			    "sent") == 0 || strcmp(DB_CELL(&s, k, 4),
			    "viewed") == 0))
				app_cell(r, pfx, k, "CanEmail", "1");
		}
		db_rows_free(&s);
		if (i > 0)
			continue;
		if (DB_RUN(r, &st_sgp_events, &e, DBS(DB_CELL(&q, i, 0))) == -1) {
			db_rows_free(&q);
			return -1;
		}
		for (k = 0; k < e.nrows; k++) {
			set_cells(r, "Events", k, &e, k, e_f);
			app_cell_label(r, "Events", k, "EventName",
			    "signing.event", DB_CELL(&e, k, 1));
		}
		db_rows_free(&e);
	}
	db_rows_free(&q);
	return 0;
}

static void
show(struct req *r, int status, const char *msg)
{
	struct db_rows	 u, d;
	char		 st[16], loc[64], date[DATE_LEN];
	long long	 dept, owner;
	size_t		 i;
	int		 can_edit;

	if (contract_ok(r, PERM_CONTRACTS_VIEW, st, sizeof(st), &dept,
	    &owner) == -1)
		return;
	can_edit = authz_contract(r, PERM_CONTRACTS_EDIT, r->path_id,
	    r->user.org_id, dept, owner) == AUTHZ_OK;
	tmpl_set_int(r->tmpl, "C.Id", r->path_id);
	tmpl_set(r->tmpl, "C.Status", st);
	{
		char	key[48];

		snprintf(key, sizeof(key), "status.%s", st);
		tmpl_set(r->tmpl, "C.StatusName", app_l(r, key));
	}
	if (rounds(r, can_edit) == -1) {
		app_error(r, 503);
		return;
	}
	if (can_edit && strcmp(st, "approved") == 0) {
		if (DB_RUN(r, &st_sgp_main_doc, &d, DBI(r->path_id)) == -1) {
			app_error(r, 503);
			return;
		}
		if (d.nrows == 1 && strcmp(DB_CELL(&d, 0, 1),
		    "application/pdf") == 0) {
			tmpl_set(r->tmpl, "Send.Ok", "1");
			tmpl_set(r->tmpl, "Send.File", DB_CELL(&d, 0, 3));
			tmpl_set(r->tmpl, "Send.Version", DB_CELL(&d, 0, 4));
		} else
			tmpl_set(r->tmpl, "Send.NoPdf", "1");
		db_rows_free(&d);
		if (DB_RUN0(r, &st_sgp_users, &u) == -1) {
			app_error(r, 503);
			return;
		}
		for (i = 0; i < u.nrows; i++) {
			app_cell(r, "Users", i, "Id", DB_CELL(&u, i, 0));
			app_cell(r, "Users", i, "Name", DB_CELL(&u, i, 1));
			app_cell(r, "Users", i, "Email", DB_CELL(&u, i, 2));
		}
		db_rows_free(&u);
		for (i = 1; i <= ROWS; i++) {
			char	n[8];

			snprintf(n, sizeof(n), "%zu", i);
			app_cell(r, "Rows", i - 1, "N", n);
		}
		date_format(date_today_jst(time(NULL)) + 14, date);
		tmpl_set(r->tmpl, "Send.Expires", date);
		date_format(date_today_jst(time(NULL)) + 1, date);
		tmpl_set(r->tmpl, "Send.Min", date);
		date_format(date_today_jst(time(NULL)) + EXPIRY_MAX, date);
		tmpl_set(r->tmpl, "Send.Max", date);
	}
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	snprintf(loc, sizeof(loc), "/contracts/%lld", r->path_id);
	tmpl_set(r->tmpl, "C.Link", loc);
	app_page(r, status, "signing.cs", "signing.title");
}

/* GET /contracts/#/signing */
static void
page_signing(struct req *r)
{
	struct sg_ctx	x = ctx(r);
	int		expired, reminded;

	/* A request past its deadline shows as expired at once. */
	if (signing_upkeep(&x, r->path_id, &expired, &reminded) == -1) {
		app_error(r, 503);
		return;
	}
	show(r, 200, NULL);
}

/* One signer from the form. */
struct row {
	long long	 user;
	char		*name, *email, *lang, *code_hash;
};

static void
rows_free(struct row *w, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(w[i].name);
		free(w[i].email);
		free(w[i].lang);
		free(w[i].code_hash);
	}
}

/* The form's signers into w; their count, or -1 after answering. */
static int
read_rows(struct req *r, struct row *w)
{
	struct db_rows	 u;
	size_t		 i, k, n = 0;
	const char	*user, *name, *email, *code;

	for (i = 0; i < ROWS; i++) {
		size_t	b = KEY_USER1 + 4 * i;

		if ((app_in_present(r, b) && app_in(r, b) == NULL) ||
		    (app_in_present(r, b + 1) && app_in(r, b + 1) == NULL) ||
		    (app_in_present(r, b + 2) && app_in(r, b + 2) == NULL) ||
		    (app_in_present(r, b + 3) && app_in(r, b + 3) == NULL)) {
			rows_free(w, n);
			show(r, 422, "signing.bad_signer");
			return -1;
		}
		user = app_in(r, b);
		name = app_in(r, b + 1);
		email = app_in(r, b + 2);
		code = app_in(r, b + 3);
		memset(&w[n], 0, sizeof(w[n]));
		if (user != NULL && *user != '\0') {
			w[n].user = util_num(user);
			if (DB_RUN(r, &st_sgp_user, &u, DBI(w[n].user)) == -1) {
				rows_free(w, n);
				app_error(r, 503);
				return -1;
			}
			if (u.nrows != 1) {
				db_rows_free(&u);
				rows_free(w, n);
				show(r, 422, "signing.bad_user");
				return -1;
			}
			w[n].name = xstrdup(DB_CELL(&u, 0, 0));
			w[n].email = xstrdup(DB_CELL(&u, 0, 1));
			w[n].lang = xstrdup(DB_CELL(&u, 0, 2));
			db_rows_free(&u);
		} else if ((name != NULL && *name != '\0') ||
		    (email != NULL && *email != '\0')) {
			if (name == NULL || *name == '\0' || email == NULL ||
			    *email == '\0') {
				rows_free(w, n);
				show(r, 422, "signing.name_and_email");
				return -1;
			}
			w[n].name = xstrdup(name);
			w[n].email = xstrdup(email);
			w[n].lang = xstrdup(r->lang);
		} else
			continue;
		if (!mail_valid_addr(w[n].email)) {
			n++;
			rows_free(w, n);
			show(r, 422, "signing.bad_signer");
			return -1;
		}
		for (k = 0; k < n; k++)
			if (strcasecmp(w[k].email, w[n].email) == 0) {
				n++;
				rows_free(w, n);
				show(r, 422, "signing.duplicate");
				return -1;
			}
		if (code != NULL && *code != '\0' &&
		    (w[n].code_hash = crypto_password_hash(r->conf,
		    code)) == NULL) {
			n++;
			rows_free(w, n);
			app_error(r, 503);
			return -1;
		}
		n++;
	}
	if (n == 0) {
		show(r, 422, "signing.no_signers");
		return -1;
	}
	return (int)n;
}

static void
post_send(struct req *r)
{
	struct row		 w[ROWS];
	struct db_rows		 rows;
	struct sg_ctx		 x = ctx(r);
	struct sg_request	 rq;
	const char		*ordering = app_in(r, KEY_ORDERING);
	const char		*expires = app_in(r, KEY_EXPIRES);
	const char		*remind = app_in(r, KEY_REMIND);
	long			 day, today = date_today_jst(time(NULL));
	long long		 doc, id, sid;
	char			 st[16], sha[65], *detail = NULL;
	int			 n, i, sequential;

	if (ordering == NULL || expires == NULL || *expires == '\0' ||
	    date_parse(expires, &day) == -1 || day <= today ||
	    day > today + EXPIRY_MAX) {
		show(r, 422, "signing.bad_expiry");
		return;
	}
	if (app_in_present(r, KEY_MESSAGE) && app_in(r, KEY_MESSAGE) == NULL) {
		show(r, 422, "signing.bad_message");
		return;
	}
	if ((n = read_rows(r, w)) == -1)
		return;
	sequential = strcmp(ordering, "sequential") == 0;
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_sgp_contract_lock, &rows, DBI(r->path_id)) == -1)
		goto fail;
	snprintf(st, sizeof(st), "%s", rows.nrows ? DB_CELL(&rows, 0, 0) : "");
	db_rows_free(&rows);
	if (strcmp(st, "approved") != 0) {
		db_rollback(r);
		rows_free(w, (size_t)n);
		show(r, 409, "signing.not_approved");
		return;
	}
	if (DB_RUN(r, &st_sgp_main_doc, &rows, DBI(r->path_id)) == -1)
		goto fail;
	if (rows.nrows != 1 || strcmp(DB_CELL(&rows, 0, 1),
	    "application/pdf") != 0) {
		db_rows_free(&rows);
		db_rollback(r);
		rows_free(w, (size_t)n);
		show(r, 422, "signing.no_pdf");
		return;
	}
	doc = util_num(DB_CELL(&rows, 0, 0));
	snprintf(sha, sizeof(sha), "%s", DB_CELL(&rows, 0, 2));
	db_rows_free(&rows);
	if (DB_RUN(r, &st_sgp_req_add, &rows, DBI(r->path_id), DBS(ordering),
	    DBS(app_in(r, KEY_MESSAGE) ? app_in(r, KEY_MESSAGE) : ""),
	    DBS(expires), DBI(remind ? util_num(remind) : 3),
	    DBI(r->user.user_id), DBI(doc), DBI(doc), DBS(sha)) == -1)
		goto fail;
	id = rows.insert_id;
	db_rows_free(&rows);
	for (i = 0; i < n; i++)
		if (DB_RUN(r, &st_sgp_signer_add, NULL, DBI(id), DBI(i + 1),
		    w[i].user ? DBI(w[i].user) : DBS(NULL), DBS(w[i].name),
		    DBS(w[i].email), DBS(w[i].lang),
		    DBS(w[i].code_hash)) == -1)
			goto fail;
	detail = xasprintf("signing request %lld: %d signer%s, %s, until %s",
	    id, n, n > 1 ? "s" : "", ordering, expires);
	if (DB_RUN(r, &st_sgp_c_signing, NULL, DBI(r->user.org_id),
	    DBI(r->path_id)) == -1 ||
	    DB_RUN(r, &st_sgp_c_hist, NULL, DBI(r->path_id), DBI(r->user.user_id),
	    DBS(detail)) == -1 ||
	    oplog_add(r, r->path_id, "signing.send", detail) == -1 ||
	    signing_lock(&x, id, &rq) != 1 ||
	    signing_event(&x, id, 0, "created", detail) == -1 ||
	    DB_RUN(r, &st_sgp_signers, &rows, DBI(id)) == -1)
		goto fail;
	for (i = 0; i < (int)rows.nrows && (i == 0 || !sequential); i++) {
		sid = util_num(DB_CELL(&rows, i, 0));
		if (signing_invite(&x, &rq, sid, "request") == -1) {
			db_rows_free(&rows);
			goto fail;
		}
	}
	db_rows_free(&rows);
	if (db_commit(r) == -1)
		goto fail;
	log_info(r->rid, "contract %lld: %s", r->path_id, detail);
	free(detail);
	rows_free(w, (size_t)n);
	{
		char	loc[64];

		snprintf(loc, sizeof(loc), "/contracts/%lld/signing",
		    r->path_id);
		http_redirect(r, 303, loc);
	}
	return;
fail:
	db_rollback(r);
	free(detail);
	rows_free(w, (size_t)n);
	app_error(r, 503);
}

/* cancel, resend, email: on the request out, locked. */
static void
post_act(struct req *r, const char *action)
{
	struct sg_ctx		 x = ctx(r);
	struct sg_request	 rq;
	struct db_rows		 rows, s;
	long long		 id, sid = util_num(app_in(r, KEY_SIGNER));
	const char		*mail = app_in(r, KEY_NEW_EMAIL);
	char			*detail = NULL, loc[64];
	int			 rc;

	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_sgp_req_of_contract, &rows, DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	id = rows.nrows ? util_num(DB_CELL(&rows, 0, 0)) : 0;
	db_rows_free(&rows);
	if (id == 0 || (rc = signing_lock(&x, id, &rq)) == 0 ||
	    strcmp(rq.state, "out") != 0) {
		db_rollback(r);
		show(r, 409, "signing.not_out");
		return;
	}
	if (rc == -1)
		goto fail;
	if (strcmp(action, "cancel") == 0) {
		detail = xasprintf("cancelled by %s", r->user.name);
		if (signing_end(&x, &rq, "cancelled", detail) == -1 ||
		    oplog_add(r, r->path_id, "signing.cancel", detail) == -1)
			goto fail;
		goto done;
	}
	if (DB_RUN(r, &st_sgp_signer_of, &s, DBI(sid), DBI(id)) == -1)
		goto fail;
	if (s.nrows != 1) {
		db_rows_free(&s);
		db_rollback(r);
		show(r, 404, "signing.no_signer");
		return;
	}
	if (strcmp(action, "resend") == 0) {
		rc = strcmp(DB_CELL(&s, 0, 0), "sent") == 0 ||
		    strcmp(DB_CELL(&s, 0, 0), "viewed") == 0;
		db_rows_free(&s);
		if (!rc) {
			db_rollback(r);
			show(r, 409, "signing.cannot_resend");
			return;
		}
		detail = xasprintf("signer %lld: link sent again", sid);
		if (signing_invite(&x, &rq, sid, "resend") == -1 ||
		    oplog_add(r, r->path_id, "signing.resend", detail) == -1)
			goto fail;
		goto done;
	}
	/* email: an unsigned signer's address, the change recorded. */
	if (mail == NULL || *mail == '\0' || !mail_valid_addr(mail)) {
		db_rows_free(&s);
		db_rollback(r);
		show(r, 422, "signing.bad_signer");
		return;
	}
	rc = strcmp(DB_CELL(&s, 0, 0), "sent") == 0 ||
	    strcmp(DB_CELL(&s, 0, 0), "viewed") == 0 ? 2 :
	    strcmp(DB_CELL(&s, 0, 0), "waiting") == 0 ? 1 : 0;
	detail = xasprintf("signer %lld: %s → %s", sid, DB_CELL(&s, 0, 1),
	    mail);
	db_rows_free(&s);
	if (rc == 0) {
		db_rollback(r);
		free(detail);
		show(r, 409, "signing.cannot_change");
		return;
	}
	if (DB_RUN(r, &st_sgp_signer_email, NULL, DBS(mail), DBI(r->user.org_id),
	    DBI(sid)) == -1 ||
	    signing_event(&x, id, sid, "email_changed", detail) == -1 ||
	    oplog_add(r, r->path_id, "signing.email", detail) == -1 ||
	    (rc == 2 && signing_invite(&x, &rq, sid, "resend") == -1))
		goto fail;
done:
	if (db_commit(r) == -1)
		goto fail;
	log_info(r->rid, "contract %lld: signing %s: %s", r->path_id, action,
	    detail);
	free(detail);
	snprintf(loc, sizeof(loc), "/contracts/%lld/signing", r->path_id);
	http_redirect(r, 303, loc);
	return;
fail:
	db_rollback(r);
	free(detail);
	app_error(r, 503);
}

/* POST /contracts/#/signing */
static void
post_signing(struct req *r)
{
	const char	*action = app_in(r, KEY_ACTION);
	char		 st[16];
	long long	 dept, owner;

	if (contract_ok(r, PERM_CONTRACTS_EDIT, st, sizeof(st), &dept,
	    &owner) == -1)
		return;
	if (action == NULL) {
		show(r, 400, "signing.bad_action");
		return;
	}
	if (strcmp(action, "send") == 0)
		post_send(r);
	else
		post_act(r, action);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/contracts/#/signing", PERM_CONTRACTS_VIEW,
	    page_signing, 0 },
	{ M_POST, "/contracts/#/signing", PERM_CONTRACTS_EDIT, post_signing,
	    0 },
};

static const struct app signing_app = {
	"signing", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&signing_app, argc, argv);
}
