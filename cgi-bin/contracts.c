/*
 * contracts: the contract ledger (契約台帳).  The list of the contracts
 * one may see, a contract's page with its history, and the forms that
 * create and change a contract.  Every change of a field leaves a row
 * in contract_history (who, when, old, new, why): nothing is silently
 * overwritten.  Visibility: lib/authz.c (authz_contract) for one
 * contract, the same rule in st_list for the ledger.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "log.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"
#include "workflow.h"

enum key {
	KEY_TITLE,
	KEY_NUMBER,
	KEY_TYPE,
	KEY_CPARTY,
	KEY_CPARTY_DEPT,
	KEY_CPARTY_CONTACT,
	KEY_DEPT,
	KEY_OWNER,
	KEY_AMOUNT,
	KEY_CURRENCY,
	KEY_CDATE,
	KEY_EDATE,
	KEY_XDATE,
	KEY_AUTORENEW,
	KEY_RENEWAL,
	KEY_NOTICE,
	KEY_STATUS,
	KEY_NOTES,
	KEY_REASON,
	KEY_Q,
	KEY_FROM,
	KEY_TO,
	KEY_AMIN,
	KEY_AMAX,
	KEY_PARTY,
	KEY_FSTATUS,
	KEY__MAX
};

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
/*
 * The ledger's rows for one user, shared by the page and the export so
 * that the two can never disagree: the visibility rule (as in
 * authz_contract), the keyword and the filters; ledger() binds them.
 */
#define LEDGER_WHERE \
    "WHERE c.organisation_id = ? " \
    "AND " AUTHZ_CONTRACT_VISIBLE " " \
    "AND (? = '' OR c.title LIKE ? OR c.counterparty LIKE ? " \
    "OR c.number LIKE ?) " \
    "AND (? IS NULL OR c.contract_date >= ?) " \
    "AND (? IS NULL OR c.contract_date <= ?) " \
    "AND (? IS NULL OR c.amount >= ?) " \
    "AND (? IS NULL OR c.amount <= ?) " \
    "AND (? = '' OR c.counterparty LIKE ?) " \
    "AND (? = '' OR c.status = ?) "

DB_STMT_TENANT(st_list,
    "SELECT c.id, c.number, c.title, c.counterparty, t.name, c.expiry_date, "
    "DATE_SUB(c.expiry_date, INTERVAL c.notice_days DAY), c.status, "
    "c.amount, c.currency, d.name "
    "FROM contracts c LEFT JOIN contract_types t ON t.id = c.type_id "
    "LEFT JOIN departments d ON d.id = c.department_id "
    LEDGER_WHERE
    "ORDER BY c.id DESC LIMIT 200");
DB_STMT_TENANT(st_export,
    "SELECT c.number, c.title, t.name, c.counterparty, c.counterparty_dept, "
    "c.counterparty_contact, d.name, u.name, c.amount, c.currency, "
    "c.contract_date, c.effective_date, c.expiry_date, c.auto_renew, "
    "c.renewal_months, c.notice_days, "
    "DATE_SUB(c.expiry_date, INTERVAL c.notice_days DAY), c.status "
    "FROM contracts c LEFT JOIN contract_types t ON t.id = c.type_id "
    "LEFT JOIN departments d ON d.id = c.department_id "
    "LEFT JOIN users u ON u.id = c.owner_id "
    LEDGER_WHERE
    "ORDER BY c.id");
/* A row without a user was written by the system (daily auto-renewal). */
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
static char *
stored(const struct req *r, enum key k)
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

static void
set_rows(struct req *r, const char *prefix, const struct db_rows *rows,
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
static void
set_label(struct req *r, const char *name, const char *group, const char *code)
{
	char	key[96];

	snprintf(key, sizeof(key), "%s.%s", group, code ? code : "");
	tmpl_set(r->tmpl, name, app_l(r, key));
}

/* Amount with thousands separators: 1200000 → 1,200,000. */
static void
set_amount(struct req *r, const char *name, const char *digits)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		n, i;

	if (digits == NULL)
		return;
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_add(&b, ",", 1);
		buf_add(&b, digits + i, 1);
	}
	tmpl_set(r->tmpl, name, b.data);
	buf_free(&b);
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
		set_rows(r, pre[i], &rows, idname, 2);
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

static void
form_page(struct req *r, int status, long long id, char *const *vals,
    const char *msg)
{
	if (set_choices(r) == -1) {
		app_error(r, 503);
		return;
	}
	set_form_values(r, vals);
	if (id > 0)
		tmpl_set_int(r->tmpl, "F.Id", id);
	if (msg != NULL)
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

static long long
idval(const char *s)
{
	long long	v = 0;

	if (s != NULL)
		util_parse_int64(s, &v);
	return v;
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
	    idval(vals[6]), idval(vals[7])) != AUTHZ_OK)
		return "contracts.out_of_sight";
	return NULL;
}

static void
collect(struct req *r, char **vals)
{
	size_t	i;

	for (i = 0; i < NFIELDS; i++)
		vals[i] = stored(r, fields[i].key);
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
		return DBI(idval(vals[i]));
	default:
		return DBS(vals[i]);
	}
}

/* "%text%" for LIKE, with the wildcards of text escaped. */
static char *
like_pattern(const char *text)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	buf_add(&b, "%", 1);
	for (i = 0; text[i]; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			buf_add(&b, "\\", 1);
		buf_add(&b, text + i, 1);
	}
	buf_add(&b, "%", 1);
	return b.data;
}

/*
 * Runs st (st_list or st_export) for the user's view of the ledger:
 * the visibility rule (everything with contracts.view_all, else one's
 * department's, one's own and those one is asked to approve), the
 * keyword q, and the filters, which combine (AND) and take ranges:
 * contract date, amount, counterparty, status (the search rules of the Electronic Bookkeeping Act: date,
 * amount, counterparty, ranges, combined).  Returns 0, or -1 (503).
 */
static int
ledger(struct req *r, const struct db_stmt *st, struct db_rows *rows)
{
	const char	*q = app_in(r, KEY_Q) ? app_in(r, KEY_Q) : "";
	const char	*party = app_in(r, KEY_PARTY) ? app_in(r, KEY_PARTY) : "";
	const char	*fst = app_in(r, KEY_FSTATUS) ? app_in(r, KEY_FSTATUS) : "";
	char		*like, *plike, *from, *to, *amin, *amax;
	int		 rc;

	like = like_pattern(q);
	plike = like_pattern(party);
	from = stored(r, KEY_FROM);
	to = stored(r, KEY_TO);
	amin = stored(r, KEY_AMIN);
	amax = stored(r, KEY_AMAX);
	rc = DB_RUN(r, st, rows, AUTHZ_CONTRACT_VISIBLE_ARGS(r),
	    DBS(q), DBS(like), DBS(like), DBS(like),
	    DBS(from), DBS(from), DBS(to), DBS(to),
	    amin ? DBI(idval(amin)) : DBS(NULL), amin ? DBI(idval(amin)) : DBS(NULL),
	    amax ? DBI(idval(amax)) : DBS(NULL), amax ? DBI(idval(amax)) : DBS(NULL),
	    DBS(party), DBS(plike), DBS(fst), DBS(fst));
	free(like);
	free(plike);
	free(from);
	free(to);
	free(amin);
	free(amax);
	return rc;
}

/*
 * The ledger's filters: a value given but not valid (a date that is
 * none, an amount with letters) is a 400 with a message, not a filter
 * silently dropped.  Returns 1 if all are usable.
 */
static int
filters_ok(struct req *r)
{
	static const enum key fk[] = { KEY_Q, KEY_FROM, KEY_TO, KEY_AMIN,
	    KEY_AMAX, KEY_PARTY, KEY_FSTATUS };
	size_t	i;

	for (i = 0; i < NELEM(fk); i++)
		if (app_in_present(r, fk[i]) && app_in(r, fk[i]) == NULL) {
			app_error_msg(r, 400, "contracts.bad_filter");
			return 0;
		}
	return 1;
}

static void
page_list(struct req *r)
{
	static const char *const names[] = { "Id", "Number", "Title",
	    "Counterparty", "Type", "Expiry", "NoticeBy", "Status", "Amount",
	    "Currency", "Dept" };
	struct db_rows	 rows;
	char		 name[64];
	size_t		 i;

	if (!filters_ok(r))
		return;
	if (ledger(r, &st_list, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	set_rows(r, "C", &rows, names, NELEM(names));
	for (i = 0; i < rows.nrows; i++) {
		snprintf(name, sizeof(name), "C.%zu.StatusName", i);
		set_label(r, name, "status", DB_CELL(&rows, i, 7));
		snprintf(name, sizeof(name), "C.%zu.Amount", i);
		set_amount(r, name, DB_CELL(&rows, i, 8));
	}
	tmpl_set_int(r->tmpl, "Count", (long long)rows.nrows);
	tmpl_set(r->tmpl, "Q", app_in(r, KEY_Q) ? app_in(r, KEY_Q) : "");
	{
		static const struct { enum key k; const char *n; } fk[] = {
			{ KEY_FROM, "Filter.date_from" }, { KEY_TO, "Filter.date_to" },
			{ KEY_AMIN, "Filter.amount_min" },
			{ KEY_AMAX, "Filter.amount_max" },
			{ KEY_PARTY, "Filter.party" }, { KEY_FSTATUS, "Filter.fstatus" },
		};
		for (i = 0; i < NELEM(fk); i++)
			tmpl_set(r->tmpl, fk[i].n, app_in(r, fk[i].k) ?
			    app_in(r, fk[i].k) : "");
	}
	if (r->user.perms & ((uint64_t)1 << PERM_CONTRACTS_EDIT))
		tmpl_set(r->tmpl, "CanEdit", "1");
	db_rows_free(&rows);
	app_page(r, 200, "contracts.cs", "contracts.title");
}

/*
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line
 * break, quotes doubled.  A cell that a spreadsheet would take for a
 * formula (starting with = + - @, a tab or a carriage return) gets a
 * leading apostrophe, so that opening the file runs nothing.
 */
static void
csv_cell(struct buf *b, const char *v, int last)
{
	const char	*p;
	int		 formula, quote;

	if (v == NULL)
		v = "";
	formula = v[0] != '\0' && strchr("=+-@\t\r", v[0]) != NULL;
	quote = formula || strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		buf_add(b, "\"", 1);
	if (formula)
		buf_add(b, "'", 1);
	for (p = v; *p; p++) {
		if (*p == '"')
			buf_add(b, "\"", 1);
		buf_add(b, p, 1);
	}
	if (quote)
		buf_add(b, "\"", 1);
	buf_adds(b, last ? "\r\n" : ",");
}

/*
 * GET /contracts/export.csv: the ledger as the user sees it (same
 * visibility and keyword), every column, for Excel: UTF-8 with a BOM,
 * CRLF line ends, formula cells neutralised.
 */
static void
page_export(struct req *r)
{
	static const char *const head[] = { "field.number", "field.title",
	    "field.type_id", "field.counterparty", "field.counterparty_dept",
	    "field.counterparty_contact", "field.department_id",
	    "field.owner_id", "field.amount", "field.currency",
	    "field.contract_date", "field.effective_date", "field.expiry_date",
	    "field.auto_renew", "field.renewal_months", "field.notice_days",
	    "contracts.notice_by", "contracts.status" };
	struct db_rows	 rows;
	struct buf	 b = { NULL, 0, 0 };
	char		 key[64];
	size_t		 i, k, nc = NELEM(head);

	if (!filters_ok(r))
		return;
	if (ledger(r, &st_export, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	buf_adds(&b, "\xef\xbb\xbf");
	for (k = 0; k < nc; k++)
		csv_cell(&b, app_l(r, head[k]), k + 1 == nc);
	for (i = 0; i < rows.nrows; i++)
		for (k = 0; k < nc; k++) {
			const char *v = DB_CELL(&rows, i, k);

			if (k == nc - 1) {
				snprintf(key, sizeof(key), "status.%s", v);
				v = app_l(r, key);
			}
			csv_cell(&b, v, k + 1 == nc);
		}
	log_info(r->rid, "ledger export: %zu contracts to user %lld",
	    rows.nrows, r->user.user_id);
	db_rows_free(&rows);
	http_header(r, "Content-Disposition", "attachment; "
	    "filename=\"keiyaku-contracts.csv\"; "
	    "filename*=UTF-8''%E5%A5%91%E7%B4%84%E5%8F%B0%E5%B8%B3.csv");
	http_send(r, 200, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
}

static void
page_new(struct req *r)
{
	char	*vals[NFIELDS] = { NULL };

	vals[9] = xstrdup("JPY");
	form_page(r, 200, 0, vals, NULL);
	free_vals(vals);
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
 * contract and its first history row.
 */
static void
post_new(struct req *r)
{
	struct db_rows	 rows;
	char		*vals[NFIELDS], num[32];
	const char	*why = NULL, *status;
	long long	 n = 0, id;
	size_t		 i;
	struct db_param	 p[19];

	collect(r, vals);
	status = app_in(r, KEY_STATUS) ? app_in(r, KEY_STATUS) : "draft";
	/* A member's new contract is in the member's department by default. */
	if (vals[6] == NULL && r->user.dept_id > 0)
		vals[6] = xasprintf("%lld", r->user.dept_id);
	if (vals[7] == NULL)
		vals[7] = xasprintf("%lld", r->user.user_id);
	if ((app_in_present(r, KEY_STATUS) && app_in(r, KEY_STATUS) == NULL) ||
	    (why = check_form(r, vals, 0)) != NULL) {
		form_page(r, 422, 0, vals, app_in_present(r, KEY_STATUS) &&
		    app_in(r, KEY_STATUS) == NULL ? "contracts.invalid" : why);
		free_vals(vals);
		return;
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
	    app_in(r, KEY_REASON)) == -1 || db_commit(r) == -1)
		goto fail;
	log_info(r->rid, "contract %lld (%s) created by user %lld", id,
	    vals[1], r->user.user_id);
	free_vals(vals);
	{
		char	loc[64];

		snprintf(loc, sizeof(loc), "/contracts/%lld", id);
		http_redirect(r, 303, loc);
	}
	return;
fail:
	db_rollback(r);
	free_vals(vals);
	app_error(r, 503);
}

/*
 * Loads contract r->path_id for action p.  Returns the row (the caller
 * frees it), or NULL after answering 404/403/503.
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
	    idval(DB_CELL(rows, 0, 6)), idval(DB_CELL(rows, 0, 7)));
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
	long long	n = idval(bytes);
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
	char		 name[96], *status;
	size_t		 i;

	if (load(r, PERM_CONTRACTS_VIEW, &rows) == -1)
		return;
	wf.id = r->path_id;
	wf.status = status = xstrdup(DB_CELL(&rows, 0, C_STATUS));
	wf.type_id = idval(DB_CELL(&rows, 0, 2));
	wf.dept = idval(DB_CELL(&rows, 0, 6));
	wf.owner = idval(DB_CELL(&rows, 0, 7));
	wf.can_edit = authz_contract(r, PERM_CONTRACTS_EDIT, r->path_id,
	    r->user.org_id, wf.dept, wf.owner) == AUTHZ_OK;
	set_form_values(r, rows.cell);
	tmpl_set_int(r->tmpl, "F.Id", r->path_id);
	set_amount(r, "F.AmountText", DB_CELL(&rows, 0, 8));
	set_label(r, "F.StatusName", "status", DB_CELL(&rows, 0, C_STATUS));
	tmpl_set(r->tmpl, "F.NoticeBy", DB_CELL(&rows, 0, C_NOTICE_BY));
	tmpl_set(r->tmpl, "F.TypeName", DB_CELL(&rows, 0, C_TYPE_NAME));
	tmpl_set(r->tmpl, "F.DeptName", DB_CELL(&rows, 0, C_DEPT_NAME));
	tmpl_set(r->tmpl, "F.OwnerName", DB_CELL(&rows, 0, C_OWNER_NAME));
	tmpl_set(r->tmpl, "F.Created", DB_CELL(&rows, 0, C_CREATED));
	db_rows_free(&rows);
	if (DB_RUN(r, &st_history, &h, DBI(r->path_id)) == -1) {
		free(status);
		app_error(r, 503);
		return;
	}
	set_rows(r, "H", &h, hnames, NELEM(hnames));
	for (i = 0; i < h.nrows; i++) {
		snprintf(name, sizeof(name), "H.%zu.FieldName", i);
		set_label(r, name, "field", DB_CELL(&h, i, 0));
		/* A status reads as its name, not its code. */
		if (strcmp(DB_CELL(&h, i, 0), "status") == 0) {
			if (DB_CELL(&h, i, 1) != NULL) {
				snprintf(name, sizeof(name), "H.%zu.Old", i);
				set_label(r, name, "status", DB_CELL(&h, i, 1));
			}
			snprintf(name, sizeof(name), "H.%zu.New", i);
			set_label(r, name, "status", DB_CELL(&h, i, 2));
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
	struct db_rows	rows;

	if (load(r, PERM_CONTRACTS_EDIT, &rows) == -1)
		return;
	form_page(r, 200, r->path_id, rows.cell, NULL);
	db_rows_free(&rows);
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
 * field, with the reason given, in one transaction.
 */
static void
post_edit(struct req *r)
{
	struct db_rows	 rows;
	char		*vals[NFIELDS];
	const char	*why = NULL;
	struct db_param	 p[NFIELDS + 2];
	size_t		 i;
	int		 changed = 0;

	if (load(r, PERM_CONTRACTS_EDIT, &rows) == -1)
		return;
	collect(r, vals);
	if ((why = check_form(r, vals, r->path_id)) == NULL &&
	    vals[1][0] == '\0')
		why = "contracts.number_missing";
	if (why != NULL) {
		form_page(r, 422, r->path_id, vals, why);
		goto out;
	}
	if (db_begin(r) == -1)
		goto fail;
	for (i = 0; i < NFIELDS; i++) {
		if (!differs(DB_CELL(&rows, 0, i), vals[i]))
			continue;
		changed++;
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
	if (db_commit(r) == -1)
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
	free_vals(vals);
	db_rows_free(&rows);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/contracts", PERM_CONTRACTS_VIEW, page_list, 0 },
	{ M_GET | M_HEAD, "/contracts/export.csv", PERM_CONTRACTS_VIEW,
	    page_export, 0 },
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
