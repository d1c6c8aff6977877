/*
 * contracts: the contract ledger (契約台帳).  The list of the contracts
 * one may see, a contract's page with its history, and the forms that
 * create and change a contract.  Every change of a field leaves a row
 * in contract_history (who, when, old, new, why): nothing is silently
 * overwritten.  Visibility: lib/authz.c (authz_contract) for one
 * contract, the same rule in LEDGER_WHERE (ledger.c) for the ledger.
 * The rest of the record (custom field values, tags, the parent) is
 * record.c's; the ledger and its export are ledger.c's (contracts.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "contracts.h"
#include "db.h"
#include "log.h"
#include "oplog.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"
#include "workflow.h"

static int
valid_number(const char *s, size_t n)
{
	return n <= 64 && valid_line(s, n);
}

static int
valid_currency(const char *s, size_t n)
{
	return n == 3 && (strcmp(s, "JPY") == 0 || strcmp(s, "USD") == 0 ||
	    strcmp(s, "EUR") == 0 || strcmp(s, "CNY") == 0 ||
	    strcmp(s, "GBP") == 0);
}

static int
valid_flag(const char *s, size_t n)
{
	return n == 1 && s[0] == '1';
}

/* Statuses a contract may be registered with; the workflow moves the rest. */
static int
valid_new_status(const char *s, size_t n)
{
	return strcmp(s, "draft") == 0 || strcmp(s, "executed") == 0;
}

/* Any status, or empty (the ledger's filter). */
static int
valid_status(const char *s, size_t n)
{
	static const char *const st[] = { "", "draft", "review", "approval",
	    "approved", "signing", "executed", "active", "expired",
	    "terminated", "cancelled" };
	size_t	i;

	for (i = 0; i < NELEM(st); i++)
		if (strcmp(s, st[i]) == 0)
			return 1;
	return 0;
}

/* A ledger checkbox: "1", or empty (off, as when not sent). */
static int
valid_opt_flag(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '1');
}

/* Tags as typed: one line of up to 800 characters (lib/fields.c splits). */
static int
valid_tagline(const char *s, size_t n)
{
	return n <= 3200 && valid_text(s, n) && strpbrk(s, "\t\r\n") == NULL &&
	    valid_utf8_chars(s, n) <= 800;
}

/* The ledger's sort keys (ledger.c has their statements), or empty. */
static int
valid_sort(const char *s, size_t n)
{
	static const char *const k[] = { "", "number", "title",
	    "counterparty", "contract_date", "expiry_date", "amount",
	    "status", "updated" };
	size_t	i;

	for (i = 0; i < NELEM(k); i++)
		if (strcmp(s, k[i]) == 0)
			return n < 16;
	return 0;
}

static int
valid_dir(const char *s, size_t n)
{
	return n == 0 || strcmp(s, "asc") == 0 || strcmp(s, "desc") == 0;
}

/*
 * A ledger cursor: "<id>,<sort value>".  The value is checked against
 * the sort key by ledger.c; here only its shape and size.
 */
static int
valid_cursor(const char *s, size_t n)
{
	const char	*comma = memchr(s, ',', n);

	return comma != NULL && valid_id(s, (size_t)(comma - s)) &&
	    valid_title(comma + 1, n - (size_t)(comma - s) - 1);
}

static const struct http_key keys[KEY__MAX] = {
	{ "title", valid_title },
	{ "number", valid_number },
	{ "type_id", valid_opt_id },
	{ "counterparty", valid_line },
	{ "counterparty_dept", valid_line },
	{ "counterparty_contact", valid_line },
	{ "department_id", valid_opt_id },
	{ "owner_id", valid_opt_id },
	{ "amount", valid_opt_amount },
	{ "currency", valid_currency },
	{ "contract_date", valid_opt_date },
	{ "effective_date", valid_opt_date },
	{ "expiry_date", valid_opt_date },
	{ "auto_renew", valid_flag },
	{ "renewal_months", valid_opt_small },
	{ "notice_days", valid_opt_small },
	{ "status", valid_new_status },
	{ "notes", valid_text },
	{ "reason", valid_line },
	{ "q", valid_line },
	{ "date_from", valid_opt_date },
	{ "date_to", valid_opt_date },
	{ "amount_min", valid_opt_amount },
	{ "amount_max", valid_opt_amount },
	{ "party", valid_line },
	{ "fstatus", valid_status },
	{ "tags", valid_tagline },
	{ "parent", valid_number },
	{ "sort", valid_sort },
	{ "dir", valid_dir },
	{ "after", valid_cursor },
	{ "before", valid_cursor },
	{ "expiry_from", valid_opt_date },
	{ "expiry_to", valid_opt_date },
	{ "effective_from", valid_opt_date },
	{ "effective_to", valid_opt_date },
	{ "dept", valid_opt_id },
	{ "owner", valid_opt_id },
	{ "tag", valid_tagline },
	{ "empty_contract_date", valid_opt_flag },
	{ "empty_effective_date", valid_opt_flag },
	{ "empty_expiry_date", valid_opt_flag },
	{ "empty_amount", valid_opt_flag },
	{ "empty_counterparty", valid_opt_flag },
	{ "empty_type", valid_opt_flag },
	{ "empty_department", valid_opt_flag },
	{ "empty_owner", valid_opt_flag },
};

/* The editable fields, in form order: key, column, history name. */
static const struct field {
	enum key	 key;
	const char	*name;
} fields[] = {
	{ KEY_TITLE, "title" },
	{ KEY_NUMBER, "number" },
	{ KEY_TYPE, "type_id" },
	{ KEY_CPARTY, "counterparty" },
	{ KEY_CPARTY_DEPT, "counterparty_dept" },
	{ KEY_CPARTY_CONTACT, "counterparty_contact" },
	{ KEY_DEPT, "department_id" },
	{ KEY_OWNER, "owner_id" },
	{ KEY_AMOUNT, "amount" },
	{ KEY_CURRENCY, "currency" },
	{ KEY_CDATE, "contract_date" },
	{ KEY_EDATE, "effective_date" },
	{ KEY_XDATE, "expiry_date" },
	{ KEY_AUTORENEW, "auto_renew" },
	{ KEY_RENEWAL, "renewal_months" },
	{ KEY_NOTICE, "notice_days" },
	{ KEY_NOTES, "notes" },
};
#define NFIELDS	NELEM(fields)

/* Columns of st_get, in the order of fields[], then the rest. */
#define C_STATUS	(NFIELDS)
#define C_NOTICE_BY	(NFIELDS + 1)
#define C_TYPE_NAME	(NFIELDS + 2)
#define C_DEPT_NAME	(NFIELDS + 3)
#define C_OWNER_NAME	(NFIELDS + 4)
#define C_CREATED	(NFIELDS + 5)

DB_STMT_TENANT(st_get,
    "SELECT c.title, c.number, c.type_id, c.counterparty, "
    "c.counterparty_dept, c.counterparty_contact, c.department_id, "
    "c.owner_id, c.amount, c.currency, c.contract_date, c.effective_date, "
    "c.expiry_date, c.auto_renew, c.renewal_months, c.notice_days, c.notes, "
    "c.status, DATE_SUB(c.expiry_date, INTERVAL c.notice_days DAY), t.name, "
    "d.name, u.name, DATE_FORMAT(CONVERT_TZ(c.created_at, '+00:00', "
    "'+09:00'), '%Y-%m-%d %H:%i') "
    "FROM contracts c LEFT JOIN contract_types t ON t.id = c.type_id "
    "LEFT JOIN departments d ON d.id = c.department_id "
    "LEFT JOIN users u ON u.id = c.owner_id "
    "WHERE c.organisation_id = ? AND c.id = ?");
DB_STMT_TENANT(st_history,
    "SELECT h.field, h.old_value, h.new_value, h.reason, u.name, "
    "DATE_FORMAT(CONVERT_TZ(h.at, '+00:00', '+09:00'), '%Y-%m-%d %H:%i'), "
    "h.user_id IS NULL "
    "FROM contract_history h LEFT JOIN users u ON u.id = h.user_id "
    "WHERE h.organisation_id = ? AND h.contract_id = ? ORDER BY h.id DESC");
DB_STMT_TENANT(st_docs,
    "SELECT d.id, d.kind, d.version, d.filename, d.size, d.pages, u.name, "
    "DATE_FORMAT(CONVERT_TZ(d.uploaded_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), d.sha256 "
    "FROM documents d JOIN users u ON u.id = d.uploaded_by "
    "WHERE d.organisation_id = ? AND d.contract_id = ? "
    "ORDER BY d.kind = 'main' DESC, d.version DESC, d.id");
DB_STMT_TENANT(st_types,
    "SELECT id, name FROM contract_types WHERE organisation_id = ? "
    "ORDER BY sort, id");
DB_STMT_TENANT(st_depts,
    "SELECT id, name FROM departments WHERE organisation_id = ? ORDER BY id");
DB_STMT_TENANT(st_owner_choices,
    "SELECT id, name FROM users WHERE organisation_id = ? AND disabled = 0 "
    "ORDER BY id");
DB_STMT_TENANT(st_type_ok,
    "SELECT id FROM contract_types WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_dept_ok,
    "SELECT id FROM departments WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_user_ok,
    "SELECT id FROM users WHERE organisation_id = ? AND id = ? "
    "AND disabled = 0");
DB_STMT_TENANT(st_number_used,
    "SELECT id FROM contracts WHERE organisation_id = ? AND number = ? "
    "AND id <> ?");
/*
 * Takes the organisation's next number in one statement (one row lock,
 * no read-then-write that two transactions could deadlock on): the
 * first time the row is made holding 2 and the number is 1; after
 * that LAST_INSERT_ID(next + 1) hands back the new value, and the
 * number taken is one less.
 */
DB_STMT_TENANT(st_counter_take,
    "INSERT INTO contract_counters (organisation_id, next_number) "
    "VALUES (?, 2) ON DUPLICATE KEY UPDATE "
    "next_number = LAST_INSERT_ID(next_number + 1)");
DB_STMT_TENANT(st_insert,
    "INSERT INTO contracts (organisation_id, title, number, type_id, "
    "counterparty, counterparty_dept, counterparty_contact, department_id, "
    "owner_id, amount, currency, contract_date, effective_date, expiry_date, "
    "auto_renew, renewal_months, notice_days, notes, status, created_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_update,
    "UPDATE contracts SET organisation_id = ?, title = ?, number = ?, "
    "type_id = ?, counterparty = ?, counterparty_dept = ?, "
    "counterparty_contact = ?, department_id = ?, owner_id = ?, amount = ?, "
    "currency = ?, contract_date = ?, effective_date = ?, expiry_date = ?, "
    "auto_renew = ?, renewal_months = ?, notice_days = ?, notes = ?, "
    "updated_at = NOW(6) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_hist_insert,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)");

/* A form value as stored: "" is NULL, amounts lose their commas. */
char *
ct_stored(const struct req *r, enum key k)
{
	const char	*v = app_in(r, k);
	char		*s, *p, *q;

	if (k == KEY_AUTORENEW)
		return xstrdup(v != NULL ? "1" : "0");
	if (k == KEY_CURRENCY)
		return xstrdup(v != NULL ? v : "JPY");
	if (v == NULL || *v == '\0')
		return (k == KEY_TITLE || k == KEY_NUMBER || k == KEY_NOTES ||
		    k == KEY_CPARTY || k == KEY_CPARTY_DEPT ||
		    k == KEY_CPARTY_CONTACT) ? xstrdup("") : NULL;
	s = xstrdup(v);
	if (k == KEY_AMOUNT || k == KEY_AMIN || k == KEY_AMAX) {
		for (p = q = s; *p; p++)
			if (*p != ',')
				*q++ = *p;
		*q = '\0';
		/* No leading zeros, so that "0100" and "100" compare equal. */
		while (s[0] == '0' && s[1] != '\0')
			memmove(s, s + 1, strlen(s));
	}
	return s;
}

void
ct_set_rows(struct req *r, const char *prefix, const struct db_rows *rows,
    const char *const *names, size_t n)
{
	char	name[96];
	size_t	i, k;

	for (i = 0; i < rows->nrows; i++)
		for (k = 0; k < n && k < rows->ncols; k++) {
			snprintf(name, sizeof(name), "%s.%zu.%s", prefix, i,
			    names[k]);
			tmpl_set(r->tmpl, name, DB_CELL(rows, i, k));
		}
}

/* Sets name to the language string group.code (e.g. status.draft → 下書き). */
void
ct_set_label(struct req *r, const char *name, const char *group,
    const char *code)
{
	char	key[96];

	snprintf(key, sizeof(key), "%s.%s", group, code ? code : "");
	tmpl_set(r->tmpl, name, app_l(r, key));
}

/* Amount with thousands separators: 1200000 → 1,200,000 (-1000 → -1,000). */
void
ct_set_amount(struct req *r, const char *name, const char *digits)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		n, i;

	if (digits == NULL)
		return;
	if (digits[0] == '-') {
		buf_add(&b, "-", 1);
		digits++;
	}
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_add(&b, ",", 1);
		buf_add(&b, digits + i, 1);
	}
	tmpl_set(r->tmpl, name, b.data ? b.data : "");
	buf_free(&b);
}

/* Appends "&key=value" (the '&' only after the first) URL-encoded. */
void
ct_url_add(struct buf *b, const char *key, const char *val)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	if (b->len > 0)
		buf_add(b, "&", 1);
	buf_adds(b, key);
	buf_add(b, "=", 1);
	for (p = (const unsigned char *)val; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p) != NULL)
			buf_add(b, p, 1);
		else {
			char	e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			buf_add(b, e, 3);
		}
	}
}

/* 1 if the user's roles grant p. */
int
ct_can(const struct req *r, enum perm p)
{
	return (r->user.perms & ((uint64_t)1 << p)) != 0;
}

/* The choices of the form: types, departments, users of the organisation. */
static int
set_choices(struct req *r)
{
	static const char *const idname[] = { "Id", "Name" };
	const struct db_stmt	*st[] = { &st_types, &st_depts, &st_owner_choices };
	const char		*pre[] = { "Types", "Depts", "Owners" };
	struct db_rows		 rows;
	size_t			 i;

	for (i = 0; i < NELEM(st); i++) {
		if (DB_RUN0(r, st[i], &rows) == -1)
			return -1;
		ct_set_rows(r, pre[i], &rows, idname, 2);
		db_rows_free(&rows);
	}
	return 0;
}

/* Puts the submitted (or stored) values back into the form. */
static void
set_form_values(struct req *r, char *const *vals)
{
	char	name[96];
	size_t	i;

	for (i = 0; i < NFIELDS; i++) {
		snprintf(name, sizeof(name), "F.%s", fields[i].name);
		tmpl_set(r->tmpl, name, vals[i] ? vals[i] : "");
	}
}

/*
 * The form, new or edit, with vals and the rest of the record x (its
 * submitted values after a refused POST, else the stored ones), and
 * the message msg (about the custom field named field, if any).
 */
static void
form_page(struct req *r, int status, long long id, char *const *vals,
    const char *msg, const struct ct_extras *x, const char *field)
{
	if (set_choices(r) == -1) {
		app_error(r, 503);
		return;
	}
	set_form_values(r, vals);
	ct_extras_form(r, x, status != 200);
	if (id > 0)
		tmpl_set_int(r->tmpl, "F.Id", id);
	if (msg != NULL && field != NULL)
		tmpl_setf(r->tmpl, "Form.Error", "%s: %s", field, app_l(r, msg));
	else if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "contract_form.cs", id > 0 ? "contracts.edit" :
	    "contracts.new");
}

/* 1 if the row exists in this organisation (for submitted ids). */
static int
exists(struct req *r, const struct db_stmt *st, const char *id)
{
	struct db_rows	rows;
	long long	v;
	int		ok;

	if (id == NULL)
		return 1;
	if (util_parse_int64(id, &v) == -1 ||
	    DB_RUN(r, st, &rows, DBI(v)) == -1)
		return 0;
	ok = rows.nrows == 1;
	db_rows_free(&rows);
	return ok;
}

static void
free_vals(char **vals)
{
	size_t	i;

	for (i = 0; i < NFIELDS; i++)
		free(vals[i]);
}

/*
 * Checks a submitted form.  Returns NULL, or the message key of the
 * first problem (the form is then shown again with 422).
 */
static const char *
check_form(struct req *r, char *const *vals, long long id)
{
	struct db_rows	rows;
	size_t		i;
	int		used;

	for (i = 0; i < NFIELDS; i++)
		if (app_in_present(r, fields[i].key) &&
		    app_in(r, fields[i].key) == NULL)
			return "contracts.invalid";
	if (vals[0] == NULL || vals[0][0] == '\0')
		return "contracts.title_missing";
	if (!exists(r, &st_type_ok, vals[2]) ||
	    !exists(r, &st_dept_ok, vals[6]) ||
	    !exists(r, &st_user_ok, vals[7]))
		return "contracts.invalid";
	if (vals[1][0] != '\0') {
		if (DB_RUN(r, &st_number_used, &rows, DBS(vals[1]),
		    DBI(id)) == -1)
			return "contracts.invalid";
		used = rows.nrows > 0;
		db_rows_free(&rows);
		if (used)
			return "contracts.number_used";
	}
	if (vals[12] != NULL && vals[11] != NULL && strcmp(vals[12],
	    vals[11]) < 0)
		return "contracts.dates_order";
	if (vals[14] != NULL && (atoi(vals[14]) < 1 || atoi(vals[14]) > 120))
		return "contracts.renewal";
	/* Without contracts.view_all one keeps what one makes in sight. */
	if (authz_contract(r, PERM_CONTRACTS_EDIT, id, r->user.org_id,
	    util_num(vals[6]), util_num(vals[7])) != AUTHZ_OK)
		return "contracts.out_of_sight";
	return NULL;
}

static void
collect(struct req *r, char **vals)
{
	size_t	i;

	for (i = 0; i < NFIELDS; i++)
		vals[i] = ct_stored(r, fields[i].key);
}

/* Binds vals as parameters: ids and numbers as integers, the rest as text. */
static struct db_param
param(char *const *vals, size_t i)
{
	if (vals[i] == NULL)
		return DBS(NULL);
	switch (fields[i].key) {
	case KEY_TYPE: case KEY_DEPT: case KEY_OWNER: case KEY_AMOUNT:
	case KEY_AUTORENEW: case KEY_RENEWAL: case KEY_NOTICE:
		return DBI(util_num(vals[i]));
	default:
		return DBS(vals[i]);
	}
}

/* GET /contracts/new (?parent=<number> fills in the master contract). */
static void
page_new(struct req *r)
{
	struct ct_extras	 x;
	char			*vals[NFIELDS] = { NULL };

	if (ct_extras_load(r, 0, &x) == -1) {
		app_error(r, 503);
		return;
	}
	if (app_in(r, KEY_PARENT) != NULL) {
		x.old_parent_no = xstrdup(app_in(r, KEY_PARENT));
		x.parent_shown = 1;
	}
	vals[9] = xstrdup("JPY");
	form_page(r, 200, 0, vals, NULL, &x, NULL);
	free_vals(vals);
	ct_extras_free(&x);
}

static int
add_history(struct req *r, long long id, const char *field,
    const char *old, const char *new, const char *reason)
{
	return DB_RUN(r, &st_hist_insert, NULL, DBI(id), DBI(r->user.user_id),
	    DBS(field), DBS(old), DBS(new), DBS(reason ? reason : ""));
}

/*
 * POST /contracts/new.  An empty number takes the organisation's next
 * one (C-000001, ...) under a row lock, in the same transaction as the
 * contract, the rest of its record and its first history row.  A bad
 * custom field value, tag or parent answers 400 with the form again.
 */
static void
post_new(struct req *r)
{
	struct db_rows	 rows;
	struct ct_extras x;
	char		*vals[NFIELDS], num[32];
	const char	*why = NULL, *xwhy, *status, *field = NULL;
	long long	 n = 0, id;
	size_t		 i;
	struct db_param	 p[19];
	int		 rc;

	collect(r, vals);
	if (ct_extras_load(r, 0, &x) == -1) {
		free_vals(vals);
		app_error(r, 503);
		return;
	}
	status = app_in(r, KEY_STATUS) ? app_in(r, KEY_STATUS) : "draft";
	/* A member's new contract is in the member's department by default. */
	if (vals[6] == NULL && r->user.dept_id > 0)
		vals[6] = xasprintf("%lld", r->user.dept_id);
	if (vals[7] == NULL)
		vals[7] = xasprintf("%lld", r->user.user_id);
	/* The rest first, so that a refused form shows all it was sent. */
	xwhy = ct_extras_take(r, 0, &x, &field);
	if (xwhy != NULL && *xwhy == '\0')
		goto fail;
	if ((app_in_present(r, KEY_STATUS) && app_in(r, KEY_STATUS) == NULL) ||
	    (why = check_form(r, vals, 0)) != NULL) {
		form_page(r, 422, 0, vals, app_in_present(r, KEY_STATUS) &&
		    app_in(r, KEY_STATUS) == NULL ? "contracts.invalid" : why,
		    &x, NULL);
		goto out;
	}
	if (xwhy != NULL) {
		form_page(r, 400, 0, vals, xwhy, &x, field);
		goto out;
	}
	if (db_begin(r) == -1)
		goto fail;
	if (vals[1][0] == '\0') {
		if (DB_RUN0(r, &st_counter_take, &rows) == -1)
			goto fail;
		n = rows.insert_id > 0 ? rows.insert_id - 1 : 1;
		db_rows_free(&rows);
		snprintf(num, sizeof(num), "C-%06lld", n);
		free(vals[1]);
		vals[1] = xstrdup(num);
	}
	for (i = 0; i < NFIELDS; i++)
		p[i] = param(vals, i);
	p[NFIELDS] = DBS(status);
	p[NFIELDS + 1] = DBI(r->user.user_id);
	if (db_run(r, &st_insert, p, NFIELDS + 2, &rows) == -1)
		goto fail;
	id = rows.insert_id;
	db_rows_free(&rows);
	if (add_history(r, id, "created", NULL, vals[1],
	    app_in(r, KEY_REASON)) == -1)
		goto fail;
	if ((rc = ct_extras_save(r, id, &x, NULL, NULL)) != 0 ||
	    oplog_add(r, id, "contract.create", vals[1]) == -1 ||
	    db_commit(r) == -1)
		goto fail;
	log_info(r->rid, "contract %lld (%s) created by user %lld", id,
	    vals[1], r->user.user_id);
	{
		char	loc[64];

		snprintf(loc, sizeof(loc), "/contracts/%lld", id);
		http_redirect(r, 303, loc);
	}
	goto out;
fail:
	db_rollback(r);
	app_error(r, 503);
out:
	free_vals(vals);
	ct_extras_free(&x);
}

/*
 * Loads contract r->path_id for action p.  Returns 0 with the row (the
 * caller frees it), or -1 after answering 404/403/503.
 */
static int
load(struct req *r, enum perm p, struct db_rows *rows)
{
	enum authz	a;

	if (DB_RUN(r, &st_get, rows, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return -1;
	}
	if (rows->nrows != 1) {
		db_rows_free(rows);
		app_error(r, 404);
		return -1;
	}
	a = authz_contract(r, p, r->path_id, r->user.org_id,
	    util_num(DB_CELL(rows, 0, 6)), util_num(DB_CELL(rows, 0, 7)));
	if (a != AUTHZ_OK) {
		db_rows_free(rows);
		app_error(r, authz_status(a));
		return -1;
	}
	return 0;
}

/* 1234567 → "1.2 MB": sizes for people. */
static void
set_size(struct req *r, const char *name, const char *bytes)
{
	long long	n = util_num(bytes);
	char		s[32];

	if (n < 1024)
		snprintf(s, sizeof(s), "%lld B", n);
	else if (n < 1024 * 1024)
		snprintf(s, sizeof(s), "%.1f KB", (double)n / 1024);
	else
		snprintf(s, sizeof(s), "%.1f MB", (double)n / (1024 * 1024));
	tmpl_set(r->tmpl, name, s);
}

/*
 * The contract's files: the current main document (Doc), its earlier
 * versions (Ver.n) and the attachments (Att.n).
 */
static int
set_documents(struct req *r)
{
	static const char *const names[] = { "Id", "Kind", "Version", "Name",
	    "Bytes", "Pages", "By", "At", "Sha256" };
	struct db_rows	 d;
	char		 name[96], pre[16];
	size_t		 i, k, nver = 0, natt = 0;

	if (DB_RUN(r, &st_docs, &d, DBI(r->path_id)) == -1)
		return -1;
	for (i = 0; i < d.nrows; i++) {
		if (strcmp(DB_CELL(&d, i, 1), "main") != 0)
			snprintf(pre, sizeof(pre), "Att.%zu", natt++);
		else if (i == 0)
			snprintf(pre, sizeof(pre), "Doc");
		else
			snprintf(pre, sizeof(pre), "Ver.%zu", nver++);
		for (k = 0; k < NELEM(names); k++) {
			snprintf(name, sizeof(name), "%s.%s", pre, names[k]);
			tmpl_set(r->tmpl, name, DB_CELL(&d, i, k));
		}
		snprintf(name, sizeof(name), "%s.Size", pre);
		set_size(r, name, DB_CELL(&d, i, 4));
	}
	db_rows_free(&d);
	return 0;
}

static void
page_view(struct req *r)
{
	static const char *const hnames[] = { "Field", "Old", "New", "Reason",
	    "User", "At" };
	struct db_rows	 rows, h;
	struct wf_contract wf;
	struct ct_extras x;
	char		 name[96], *status;
	size_t		 i;

	if (load(r, PERM_CONTRACTS_VIEW, &rows) == -1)
		return;
	wf.id = r->path_id;
	wf.status = status = xstrdup(DB_CELL(&rows, 0, C_STATUS));
	wf.type_id = util_num(DB_CELL(&rows, 0, 2));
	wf.dept = util_num(DB_CELL(&rows, 0, 6));
	wf.owner = util_num(DB_CELL(&rows, 0, 7));
	wf.can_edit = authz_contract(r, PERM_CONTRACTS_EDIT, r->path_id,
	    r->user.org_id, wf.dept, wf.owner) == AUTHZ_OK;
	set_form_values(r, rows.cell);
	tmpl_set_int(r->tmpl, "F.Id", r->path_id);
	ct_set_amount(r, "F.AmountText", DB_CELL(&rows, 0, 8));
	ct_set_label(r, "F.StatusName", "status", DB_CELL(&rows, 0, C_STATUS));
	tmpl_set(r->tmpl, "F.Status", status);
	tmpl_set(r->tmpl, "F.NoticeBy", DB_CELL(&rows, 0, C_NOTICE_BY));
	tmpl_set(r->tmpl, "F.TypeName", DB_CELL(&rows, 0, C_TYPE_NAME));
	tmpl_set(r->tmpl, "F.DeptName", DB_CELL(&rows, 0, C_DEPT_NAME));
	tmpl_set(r->tmpl, "F.OwnerName", DB_CELL(&rows, 0, C_OWNER_NAME));
	tmpl_set(r->tmpl, "F.Created", DB_CELL(&rows, 0, C_CREATED));
	db_rows_free(&rows);
	if (ct_extras_load(r, r->path_id, &x) == -1 ||
	    ct_extras_view(r, r->path_id, &x) == -1) {
		ct_extras_free(&x);
		free(status);
		app_error(r, 503);
		return;
	}
	if (DB_RUN(r, &st_history, &h, DBI(r->path_id)) == -1) {
		ct_extras_free(&x);
		free(status);
		app_error(r, 503);
		return;
	}
	ct_set_rows(r, "H", &h, hnames, NELEM(hnames));
	for (i = 0; i < h.nrows; i++) {
		snprintf(name, sizeof(name), "H.%zu.FieldName", i);
		ct_set_history_label(r, name, &x.f, DB_CELL(&h, i, 0));
		/* A status reads as its name, not its code. */
		if (strcmp(DB_CELL(&h, i, 0), "status") == 0) {
			if (DB_CELL(&h, i, 1) != NULL) {
				snprintf(name, sizeof(name), "H.%zu.Old", i);
				ct_set_label(r, name, "status", DB_CELL(&h, i, 1));
			}
			snprintf(name, sizeof(name), "H.%zu.New", i);
			ct_set_label(r, name, "status", DB_CELL(&h, i, 2));
		}
		if (strcmp(DB_CELL(&h, i, 6), "1") != 0)
			continue;
		snprintf(name, sizeof(name), "H.%zu.User", i);
		tmpl_set(r->tmpl, name, app_l(r, "contracts.h_system"));
		if (strcmp(DB_CELL(&h, i, 3), "auto-renewal") == 0) {
			snprintf(name, sizeof(name), "H.%zu.Reason", i);
			tmpl_set(r->tmpl, name, app_l(r,
			    "contracts.auto_renewal"));
		}
	}
	db_rows_free(&h);
	ct_extras_free(&x);
	if (set_documents(r) == -1 || workflow_panel(r, &wf) == -1) {
		free(status);
		app_error(r, 503);
		return;
	}
	free(status);
	if (wf.can_edit)
		tmpl_set(r->tmpl, "CanEdit", "1");
	app_page(r, 200, "contract.cs", "contracts.view");
}

static void
page_edit(struct req *r)
{
	struct db_rows	 rows;
	struct ct_extras x;

	if (load(r, PERM_CONTRACTS_EDIT, &rows) == -1)
		return;
	if (ct_extras_load(r, r->path_id, &x) == -1) {
		db_rows_free(&rows);
		app_error(r, 503);
		return;
	}
	form_page(r, 200, r->path_id, rows.cell, NULL, &x, NULL);
	db_rows_free(&rows);
	ct_extras_free(&x);
}

/* 1 if a and b (either may be NULL) differ. */
static int
differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/*
 * POST /contracts/#/edit: one UPDATE and one history row per changed
 * field (custom fields, tags and the parent included), with the reason
 * given, in one transaction.  A parent that would make a cycle answers
 * 400 with the form, as any other bad value of the rest of the record.
 */
static void
post_edit(struct req *r)
{
	struct db_rows	 rows;
	struct ct_extras x;
	char		*vals[NFIELDS];
	const char	*why = NULL, *xwhy, *field = NULL;
	struct db_param	 p[NFIELDS + 2];
	struct buf	 what = { NULL, 0, 0 };
	size_t		 i;
	int		 changed = 0, more = 0, rc;

	if (load(r, PERM_CONTRACTS_EDIT, &rows) == -1)
		return;
	collect(r, vals);
	if (ct_extras_load(r, r->path_id, &x) == -1) {
		free_vals(vals);
		db_rows_free(&rows);
		app_error(r, 503);
		return;
	}
	xwhy = ct_extras_take(r, r->path_id, &x, &field);
	if (xwhy != NULL && *xwhy == '\0')
		goto fail;
	if ((why = check_form(r, vals, r->path_id)) == NULL &&
	    vals[1][0] == '\0')
		why = "contracts.number_missing";
	if (why != NULL) {
		form_page(r, 422, r->path_id, vals, why, &x, NULL);
		goto out;
	}
	if (xwhy != NULL) {
		form_page(r, 400, r->path_id, vals, xwhy, &x, field);
		goto out;
	}
	if (db_begin(r) == -1)
		goto fail;
	for (i = 0; i < NFIELDS; i++) {
		if (!differs(DB_CELL(&rows, 0, i), vals[i]))
			continue;
		changed++;
		buf_adds(&what, what.len ? ", " : "");
		buf_adds(&what, fields[i].name);
		if (add_history(r, r->path_id, fields[i].name,
		    DB_CELL(&rows, 0, i), vals[i], app_in(r, KEY_REASON)) == -1)
			goto fail;
	}
	/*
	 * db_run binds the session's organisation to the SET (the row
	 * stays where it is); the WHERE names it again with the id.
	 */
	for (i = 0; i < NFIELDS; i++)
		p[i] = param(vals, i);
	p[NFIELDS] = DBI(r->user.org_id);
	p[NFIELDS + 1] = DBI(r->path_id);
	if (changed > 0 && db_run(r, &st_update, p, NFIELDS + 2, NULL) == -1)
		goto fail;
	if ((rc = ct_extras_save(r, r->path_id, &x, app_in(r, KEY_REASON),
	    &more)) == 1) {
		/* A cycle made meanwhile by another edit (checked under lock). */
		db_rollback(r);
		form_page(r, 400, r->path_id, vals, "contracts.parent_cycle",
		    &x, NULL);
		goto out;
	}
	if (rc == 0 && more > 0)
		buf_addf(&what, "%s%d more (tags, parent, custom fields)",
		    what.len ? ", " : "", more);
	if (rc != 0 || ((changed > 0 || more > 0) && oplog_add(r, r->path_id,
	    "contract.edit", what.data) == -1) || db_commit(r) == -1)
		goto fail;
	{
		char	loc[64];

		snprintf(loc, sizeof(loc), "/contracts/%lld", r->path_id);
		http_redirect(r, 303, loc);
	}
	goto out;
fail:
	db_rollback(r);
	app_error(r, 503);
out:
	buf_free(&what);
	free_vals(vals);
	ct_extras_free(&x);
	db_rows_free(&rows);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/contracts", PERM_CONTRACTS_VIEW, ct_page_list, 0 },
	{ M_GET | M_HEAD, "/contracts/export.csv", PERM_CONTRACTS_VIEW,
	    ct_page_export, 0 },
	{ M_GET | M_HEAD, "/contracts/new", PERM_CONTRACTS_EDIT, page_new, 0 },
	{ M_POST, "/contracts/new", PERM_CONTRACTS_EDIT, post_new, 0 },
	{ M_GET | M_HEAD, "/contracts/#", PERM_CONTRACTS_VIEW, page_view, 0 },
	{ M_GET | M_HEAD, "/contracts/#/edit", PERM_CONTRACTS_EDIT, page_edit, 0 },
	{ M_POST, "/contracts/#/edit", PERM_CONTRACTS_EDIT, post_edit, 0 },
};

static const struct app contracts_app = {
	"contracts", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&contracts_app, argc, argv);
}
