/*
 * admin: the organisation admin panel: the users of the organisation
 * with their departments and roles, the custom fields of its contracts
 * (org.fields.manage), and the organisation's background jobs with the
 * job worker's heartbeat.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "db.h"
#include "fields.h"
#include "log.h"
#include "oplog.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

#define FIELDS_PER_ORG	50


static int
valid_kind(const char *s, size_t n)
{
	return n < 8 && fields_kind(s) != -1;
}

static int
valid_flag(const char *s, size_t n)
{
	return n == 1 && s[0] == '1';
}

/* An action of the operation log, or the start of one: "document.". */
static int
valid_opt_action(const char *s, size_t n)
{
	return n <= 40 && strspn(s, "abcdefghijklmnopqrstuvwxyz._") == n;
}

static int
valid_user_do(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "disable") == 0 || strcmp(s, "enable") == 0 ||
	    strcmp(s, "save") == 0 || strcmp(s, "reset") == 0 ||
	    strcmp(s, "reset_2fa") == 0;
}

static int
valid_opt_method(const char *s, size_t n)
{
	(void)n;
	return *s == '\0' || strcmp(s, "GET") == 0 || strcmp(s, "POST") == 0 ||
	    strcmp(s, "HEAD") == 0;
}

/* A status (3 digits) or its class (1 digit: 4 is every 4xx), or "". */
static int
valid_opt_status(const char *s, size_t n)
{
	return (n == 0 || ((n == 1 && *s >= '1' && *s <= '5') ||
	    (n == 3 && *s >= '1' && *s <= '5'))) &&
	    strspn(s, "0123456789") == n;
}

/* The start of a path: "/...", one line, up to 200 bytes, or "". */
static int
valid_opt_path(const char *s, size_t n)
{
	size_t	i;

	if (n == 0)
		return 1;
	if (n > 200 || *s != '/')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* A request id as Apache's mod_unique_id makes them, or "". */
static int
valid_opt_rid(const char *s, size_t n)
{
	return n < 40 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@-_") == n;
}

static int
valid_flag01(const char *s, size_t n)
{
	return n == 1 && (s[0] == '0' || s[0] == '1');
}

static int
valid_user_state(const char *s, size_t n)
{
	(void)n;
	return *s == '\0' || strcmp(s, "active") == 0 ||
	    strcmp(s, "disabled") == 0;
}

static const struct http_key keys[KEY__MAX] = {
	{ "name", valid_line },
	{ "kind", valid_kind },
	{ "options", valid_text },
	{ "sort", valid_opt_small },
	{ "in_ledger", valid_flag },
	{ "disabled", valid_flag },
	{ "confirm", valid_flag },
	{ "user", valid_opt_id },
	{ "from", valid_opt_date },
	{ "to", valid_opt_date },
	{ "action", valid_opt_action },
	{ "contract", valid_opt_id },
	{ "before", valid_opt_id },
	{ "do", valid_user_do },
	{ "department_id", valid_opt_id },
	{ "role_id", valid_opt_id },
	{ "email", valid_email },
	{ "org_name", valid_line },
	{ "contact_name", valid_opt_name },
	{ "contact_email", valid_opt_email },
	{ "contact_phone", valid_opt_phone },
	{ "password_min_length", valid_opt_small },
	{ "password_check_banned", valid_flag01 },
	{ "session_idle_minutes", valid_opt_small },
	{ "session_lifetime_hours", valid_opt_small },
	{ "require_2fa", valid_flag01 },
	{ "ip_allow", valid_text },
	{ "method", valid_opt_method },
	{ "status", valid_opt_status },
	{ "path", valid_opt_path },
	{ "rid", valid_opt_rid },
	{ "contact_lang", valid_lang },
	{ "q", valid_line },
	{ "state", valid_user_state },
};

/*
 * The users, filtered: a name or e-mail address containing q (a LIKE
 * pattern, db_like; case aside), a role, a department, active (0) or
 * disabled (1); each filter off when its value is "", 0 or -1.
 */
DB_STMT_TENANT(st_users,
    "SELECT u.id, u.name, u.email, d.name, u.disabled, "
    "GROUP_CONCAT(r.code ORDER BY r.sort) "
    "FROM users u LEFT JOIN departments d ON d.id = u.department_id "
    "LEFT JOIN user_roles ur ON ur.user_id = u.id "
    "LEFT JOIN roles r ON r.id = ur.role_id "
    "WHERE u.organisation_id = ? "
    "AND (? = '' OR u.name LIKE ? OR CONVERT(u.email USING utf8mb4) "
    "COLLATE utf8mb4_unicode_520_ci LIKE ?) "
    "AND (? = 0 OR EXISTS (SELECT 1 FROM user_roles f WHERE "
    "f.user_id = u.id AND f.role_id = ?)) "
    "AND (? = 0 OR u.department_id = ?) "
    "AND (? = -1 OR u.disabled = ?) "
    "GROUP BY u.id ORDER BY u.id");
DB_STMT_TENANT(st_user,
    "SELECT u.id, u.name, u.email, d.name, u.disabled, "
    "GROUP_CONCAT(r.code ORDER BY r.sort), u.lang, "
    "DATE_FORMAT(CONVERT_TZ(u.created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), u.department_id, MIN(ur.role_id), "
    "u.totp_secret IS NOT NULL "
    "FROM users u LEFT JOIN departments d ON d.id = u.department_id "
    "LEFT JOIN user_roles ur ON ur.user_id = u.id "
    "LEFT JOIN roles r ON r.id = ur.role_id "
    "WHERE u.organisation_id = ? AND u.id = ? GROUP BY u.id");

/* used: the field has values (it is then disabled, never deleted). */
DB_STMT_TENANT(st_fields,
    "SELECT f.id, f.name, f.kind, f.options, f.sort, f.in_ledger, "
    "f.disabled, EXISTS (SELECT 1 FROM contract_field_values v "
    "WHERE v.organisation_id = f.organisation_id AND v.field_id = f.id) "
    "FROM custom_fields f WHERE f.organisation_id = ? ORDER BY f.sort, f.id");
DB_STMT_TENANT(st_field,
    "SELECT f.id, f.name, f.kind, f.options, f.sort, f.in_ledger, "
    "f.disabled, EXISTS (SELECT 1 FROM contract_field_values v "
    "WHERE v.organisation_id = f.organisation_id AND v.field_id = f.id) "
    "FROM custom_fields f WHERE f.organisation_id = ? AND f.id = ?");
DB_STMT_TENANT(st_field_count,
    "SELECT COUNT(*) FROM custom_fields WHERE organisation_id = ?");
DB_STMT_TENANT(st_field_name_used,
    "SELECT id FROM custom_fields WHERE organisation_id = ? AND name = ? "
    "AND id <> ?");
DB_STMT_TENANT(st_field_insert,
    "INSERT INTO custom_fields (organisation_id, name, kind, options, sort, "
    "in_ledger) VALUES (?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_field_update,
    "UPDATE custom_fields SET organisation_id = ?, name = ?, options = ?, "
    "sort = ?, in_ledger = ?, disabled = ? "
    "WHERE organisation_id = ? AND id = ?");
/* Ever used: a value now, or a value once (the contracts' history). */
DB_STMT_TENANT(st_field_ever_used,
    "SELECT EXISTS (SELECT 1 FROM contract_field_values "
    "WHERE organisation_id = ? AND field_id = ?) OR EXISTS (SELECT 1 "
    "FROM contract_history WHERE organisation_id = ? AND field = ?)");
DB_STMT_TENANT(st_field_delete,
    "DELETE FROM custom_fields WHERE organisation_id = ? AND id = ?");

DB_STMT_TENANT(st_jobs,
    "SELECT id, kind, state, attempts, max_attempts, "
    "DATE_FORMAT(CONVERT_TZ(run_after, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), last_error, "
    "DATE_FORMAT(CONVERT_TZ(created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), "
    "DATE_FORMAT(CONVERT_TZ(finished_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s') "
    "FROM jobs WHERE organisation_id = ? ORDER BY id DESC LIMIT 200");
DB_STMT_TENANT(st_mails,
    "SELECT id, DATE_FORMAT(CONVERT_TZ(created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), kind, to_addr, subject, state, attempts, "
    "last_error, DATE_FORMAT(CONVERT_TZ(sent_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), contract_id "
    "FROM mail_queue WHERE organisation_id = ? ORDER BY id DESC LIMIT 200");
/* The job workers run every organisation's jobs: one heartbeat for all. */
DB_STMT_GLOBAL(st_job_heartbeat,
    "the job workers are the service's, shared by every organisation",
    "SELECT COUNT(*), DATE_FORMAT(CONVERT_TZ(MAX(heartbeat_at), '+00:00', "
    "'+09:00'), '%Y-%m-%d %H:%i:%s'), "
    "TIMESTAMPDIFF(SECOND, MAX(heartbeat_at), NOW(6)) "
    "FROM job_workers WHERE heartbeat_at > NOW(6) - INTERVAL 1 DAY");


/* A worker whose heartbeat is older than this is taken for stopped. */
#define HEARTBEAT_STALE_S	60

static void
set_user(struct req *r, const char *prefix, struct db_rows *rows, size_t i)
{
	static const char *const f[] = { "Id", "Name", "Email", "Dept",
	    "Disabled" };
	char	name[96];
	size_t	k;

	for (k = 0; k < NELEM(f); k++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, f[k]);
		tmpl_set(r->tmpl, name, DB_CELL(rows, i, k));
	}
	snprintf(name, sizeof(name), "%s.Roles", prefix);
	app_set_roles(r, name, DB_CELL(rows, i, 5));
}

/*
 * GET /admin/users: the organisation's users, searched (q) and
 * filtered (role_id, department_id, state), the form keeping what was
 * asked.  A filter that does not validate: 400.
 */
static void
page_users(struct req *r)
{
	static const size_t fk[] = { KEY_Q, KEY_ROLE, KEY_DEPT, KEY_STATE };
	static const char *const fn[] = { "q", "role", "dept", "state" };
	struct db_rows	 rows;
	const char	*state = app_in(r, KEY_STATE), *q = app_in(r, KEY_Q);
	char		 prefix[32], *like;
	long long	 role = util_num(app_in(r, KEY_ROLE));
	long long	 dept = util_num(app_in(r, KEY_DEPT));
	int		 disabled, rc;
	size_t		 i;

	for (i = 0; i < NELEM(fk); i++) {
		if (app_in_present(r, fk[i]) && app_in(r, fk[i]) == NULL) {
			app_error_msg(r, 400, "admin.users.bad_filter");
			return;
		}
		snprintf(prefix, sizeof(prefix), "Filter.%s", fn[i]);
		tmpl_set(r->tmpl, prefix, app_in(r, fk[i]));
		if (app_in(r, fk[i]) != NULL && *app_in(r, fk[i]) != '\0')
			tmpl_set(r->tmpl, "Filter.On", "1");
	}
	disabled = state == NULL || *state == '\0' ? -1 :
	    strcmp(state, "disabled") == 0;
	if (q == NULL)
		q = "";
	like = db_like(q);
	rc = DB_RUN(r, &st_users, &rows, DBS(q), DBS(like), DBS(like),
	    DBI(role), DBI(role), DBI(dept), DBI(dept),
	    DBI(disabled), DBI(disabled));
	free(like);
	if (rc == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		snprintf(prefix, sizeof(prefix), "Users.%zu", i);
		set_user(r, prefix, &rows, i);
	}
	tmpl_set_int(r->tmpl, "UserCount", (long long)rows.nrows);
	db_rows_free(&rows);
	if (user_form_choices(r) == -1) {
		app_error(r, 503);
		return;
	}
	app_page(r, 200, "admin_users.cs", "admin.users.title");
}

/* One user; another organisation's id is simply not found (404). */
static void
page_user(struct req *r)
{
	struct db_rows	rows;

	if (APP_ONE(r, &st_user, &rows, DBI(r->path_id)) == -1)
		return;
	set_user(r, "U", &rows, 0);
	tmpl_set(r->tmpl, "U.Lang", app_l(r, strcmp(DB_CELL(&rows, 0, 6),
	    "en") == 0 ? "lang.en" : "lang.ja"));
	tmpl_set(r->tmpl, "U.Created", DB_CELL(&rows, 0, 7));
	tmpl_set(r->tmpl, "U.DeptId", DB_CELL(&rows, 0, 8));
	tmpl_set(r->tmpl, "U.RoleId", DB_CELL(&rows, 0, 9));
	tmpl_set(r->tmpl, "U.Twofa", DB_CELL(&rows, 0, 10));
	db_rows_free(&rows);
	if (user_form_choices(r) == -1) {
		app_error(r, 503);
		return;
	}
	app_page(r, 200, "admin_user.cs", "admin.user.title");
}

/* Sets <prefix>.Id ... from row i of st_fields / st_field. */
static void
set_field(struct req *r, const char *prefix, const struct db_rows *rows,
    size_t i)
{
	static const char *const f[] = { "Id", "Name", "Kind", "Options",
	    "Sort", "InLedger", "Disabled", "Used" };
	char	name[96], key[64];
	size_t	k;

	for (k = 0; k < NELEM(f); k++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, f[k]);
		tmpl_set(r->tmpl, name, DB_CELL(rows, i, k));
	}
	snprintf(name, sizeof(name), "%s.KindName", prefix);
	snprintf(key, sizeof(key), "fields.kind.%s", DB_CELL(rows, i, 2));
	tmpl_set(r->tmpl, name, app_l(r, key));
}

/* The list of fields and the form that adds one (with msg, if any). */
static void
fields_page(struct req *r, int status, const char *msg)
{
	struct db_rows	rows;
	char		prefix[32];
	size_t		i;

	if (DB_RUN0(r, &st_fields, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		snprintf(prefix, sizeof(prefix), "Fields.%zu", i);
		set_field(r, prefix, &rows, i);
	}
	tmpl_set_int(r->tmpl, "FieldCount", (long long)rows.nrows);
	db_rows_free(&rows);
	if (msg != NULL) {
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
		tmpl_set(r->tmpl, "New.name", app_in(r, KEY_NAME));
		tmpl_set(r->tmpl, "New.kind", app_in(r, KEY_KIND));
		tmpl_set(r->tmpl, "New.options", app_in(r, KEY_OPTIONS));
		tmpl_set(r->tmpl, "New.sort", app_in(r, KEY_SORT));
		tmpl_set(r->tmpl, "New.in_ledger", app_in(r, KEY_IN_LEDGER));
	}
	app_page(r, status, "admin_fields.cs", "admin.fields.title");
}

static void
page_fields(struct req *r)
{
	fields_page(r, 200, NULL);
}

/*
 * Checks the submitted name and, for a choice field, the options
 * (stored form into opts) of field id (0: a new one of kind kind).
 * Returns NULL, the message key of the problem, or "" on a database
 * error.
 */
static const char *
check_field(struct req *r, long long id, int kind, char **name,
    struct buf *opts)
{
	struct db_rows	 rows;
	const char	*v = app_in(r, KEY_NAME);
	size_t		 n;
	int		 rc, used;

	*name = NULL;
	if (app_in_present(r, KEY_NAME) && v == NULL)
		return "fields.name_invalid";
	if (v == NULL)
		v = "";
	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (n == 0)
		return "fields.name_missing";
	if (valid_utf8_chars(v, n) > FIELDS_NAME_MAX)
		return "fields.name_long";
	*name = xstrndup(v, n);
	if ((app_in_present(r, KEY_SORT) && app_in(r, KEY_SORT) == NULL) ||
	    (app_in_present(r, KEY_OPTIONS) && app_in(r, KEY_OPTIONS) == NULL))
		return "fields.invalid";
	if (DB_RUN(r, &st_field_name_used, &rows, DBS(*name), DBI(id)) == -1)
		return "";
	used = rows.nrows > 0;
	db_rows_free(&rows);
	if (used)
		return "fields.name_used";
	buf_reset(opts);
	buf_add(opts, "", 0);
	if (kind != FIELDS_CHOICE)
		return NULL;
	rc = fields_options(app_in(r, KEY_OPTIONS) ? app_in(r, KEY_OPTIONS) :
	    "", opts);
	switch (rc) {
	case FIELDS_ETOOLONG:
		return "fields.option_long";
	case FIELDS_ETOOMANY:
		return "fields.options_many";
	case FIELDS_EDUP:
		return "fields.option_dup";
	case FIELDS_EINVALID:
		return "fields.options_missing";
	default:
		return NULL;
	}
}

/* POST /admin/fields: a new field (its kind is then fixed). */
static void
post_field_new(struct req *r)
{
	struct db_rows	 rows;
	struct buf	 opts = { NULL, 0, 0 };
	const char	*why;
	char		*name = NULL, *detail;
	int		 kind, full;

	kind = fields_kind(app_in(r, KEY_KIND));
	if (kind == -1) {
		fields_page(r, 422, "fields.kind_invalid");
		return;
	}
	if ((why = check_field(r, 0, kind, &name, &opts)) != NULL) {
		if (*why == '\0')
			app_error(r, 503);
		else
			fields_page(r, 422, why);
		goto out;
	}
	if (DB_RUN0(r, &st_field_count, &rows) == -1) {
		app_error(r, 503);
		goto out;
	}
	full = atoi(DB_CELL(&rows, 0, 0)) >= FIELDS_PER_ORG;
	db_rows_free(&rows);
	if (full) {
		fields_page(r, 422, "fields.too_many");
		goto out;
	}
	if (db_begin(r) == -1 || DB_RUN(r, &st_field_insert, &rows, DBS(name),
	    DBS(fields_kind_code(kind)), DBS(opts.data),
	    DBI(atoi(app_in(r, KEY_SORT) ? app_in(r, KEY_SORT) : "0")),
	    DBI(app_in(r, KEY_IN_LEDGER) != NULL)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		goto out;
	}
	detail = xasprintf("field %lld: %s (%s), options %s, sort %s, in the "
	    "ledger %d", rows.insert_id, name, fields_kind_code(kind),
	    *opts.data ? opts.data : "-", app_in(r, KEY_SORT) ?
	    app_in(r, KEY_SORT) : "0", app_in(r, KEY_IN_LEDGER) != NULL);
	log_info(r->rid, "custom field %lld (%s) made by user %lld",
	    rows.insert_id, fields_kind_code(kind), r->user.user_id);
	db_rows_free(&rows);
	app_commit(r, "field.create", detail, "/admin/fields");
	free(detail);
out:
	free(name);
	buf_free(&opts);
}

/* The field r->path_id, or -1 after answering 404 (another organisation's too) or 503. */
static int
load_field(struct req *r, struct db_rows *rows)
{
	return APP_ONE(r, &st_field, rows, DBI(r->path_id));
}

static void
field_page(struct req *r, int status, const struct db_rows *rows,
    const char *msg)
{
	set_field(r, "Field", rows, 0);
	if (msg != NULL) {
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
		if (app_in(r, KEY_NAME) != NULL)
			tmpl_set(r->tmpl, "Field.Name", app_in(r, KEY_NAME));
		if (app_in(r, KEY_OPTIONS) != NULL)
			tmpl_set(r->tmpl, "Field.Options",
			    app_in(r, KEY_OPTIONS));
	}
	app_page(r, status, "admin_field.cs", "admin.field.title");
}

static void
page_field(struct req *r)
{
	struct db_rows	rows;

	if (load_field(r, &rows) == -1)
		return;
	field_page(r, 200, &rows, NULL);
	db_rows_free(&rows);
}

/*
 * POST /admin/fields/#: name, options (a choice field), order, shown
 * in the ledger, disabled.  The kind stays.  A choice value in use
 * stays on its contracts even when its option is removed.
 */
static void
post_field_edit(struct req *r)
{
	struct db_rows	 rows;
	struct buf	 opts = { NULL, 0, 0 }, d = { NULL, 0, 0 };
	const char	*why, *sort = app_in(r, KEY_SORT) ? app_in(r, KEY_SORT) :
			    "0";
	char		*name = NULL, *detail;

	if (load_field(r, &rows) == -1)
		return;
	if ((why = check_field(r, r->path_id, fields_kind(DB_CELL(&rows, 0,
	    2)), &name, &opts)) != NULL) {
		if (*why == '\0')
			app_error(r, 503);
		else
			field_page(r, 422, &rows, why);
		goto out;
	}
	if (db_begin(r) == -1 || DB_RUN(r, &st_field_update, NULL, DBS(name),
	    DBS(opts.data), DBI(atoi(sort)),
	    DBI(app_in(r, KEY_IN_LEDGER) != NULL),
	    DBI(app_in(r, KEY_DISABLED) != NULL), DBI(r->user.org_id),
	    DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		goto out;
	}
	oplog_diff(&d, "name", DB_CELL(&rows, 0, 1), name);
	oplog_diff(&d, "options", DB_CELL(&rows, 0, 3), opts.data);
	oplog_diff(&d, "sort", DB_CELL(&rows, 0, 4), sort);
	oplog_diff(&d, "in the ledger", DB_CELL(&rows, 0, 5),
	    app_in(r, KEY_IN_LEDGER) ? "1" : "0");
	oplog_diff(&d, "disabled", DB_CELL(&rows, 0, 6),
	    app_in(r, KEY_DISABLED) ? "1" : "0");
	detail = xasprintf("field %lld: %s", r->path_id, d.len ? d.data :
	    "(nothing changed)");
	log_info(r->rid, "custom field %lld changed by user %lld", r->path_id,
	    r->user.user_id);
	app_commit(r, "field.update", detail, "/admin/fields");
	free(detail);
out:
	free(name);
	buf_free(&opts);
	buf_free(&d);
	db_rows_free(&rows);
}

/*
 * POST /admin/fields/#/delete (confirm=1): deletes a field that no
 * contract has ever had a value for; one that has is disabled
 * instead (422 says so), so that no value and no history loses its
 * field.
 */
static void
post_field_delete(struct req *r)
{
	struct db_rows	rows, u;
	char		hist[32], *detail;
	int		used;

	if (load_field(r, &rows) == -1)
		return;
	if (app_in(r, KEY_CONFIRM) == NULL) {
		field_page(r, 422, &rows, "fields.confirm_delete");
		db_rows_free(&rows);
		return;
	}
	snprintf(hist, sizeof(hist), "cf.%lld", r->path_id);
	if (DB_RUN(r, &st_field_ever_used, &u, DBI(r->path_id),
	    DBI(r->user.org_id), DBS(hist)) == -1) {
		db_rows_free(&rows);
		app_error(r, 503);
		return;
	}
	used = strcmp(DB_CELL(&u, 0, 0), "0") != 0;
	db_rows_free(&u);
	if (used) {
		field_page(r, 422, &rows, "fields.in_use");
		db_rows_free(&rows);
		return;
	}
	detail = xasprintf("field %lld: %s (%s) → deleted", r->path_id,
	    DB_CELL(&rows, 0, 1), DB_CELL(&rows, 0, 2));
	db_rows_free(&rows);
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_field_delete, NULL, DBI(r->path_id)) == -1) {
		db_rollback(r);
		free(detail);
		app_error(r, 503);
		return;
	}
	log_info(r->rid, "custom field %lld deleted by user %lld", r->path_id,
	    r->user.user_id);
	app_commit(r, "field.delete", detail, "/admin/fields");
	free(detail);
}

/*
 * GET /admin/jobs: the organisation's background jobs, newest first
 * (kind, state, attempts, when the next attempt may run, the last
 * error), and whether a job worker is alive (its last heartbeat).
 */
static void
page_jobs(struct req *r)
{
	static const char *const names[] = { "Id", "Kind", "State",
	    "Attempts", "MaxAttempts", "RunAfter", "LastError", "Created",
	    "Finished" };
	struct db_rows	rows;
	char		name[96], key[64];
	long long	n = 0, age = -1;
	size_t		i, k;

	if (DB_RUN0(r, &st_job_heartbeat, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows == 1) {
		util_parse_int64(DB_CELL(&rows, 0, 0), &n);
		if (DB_CELL(&rows, 0, 2) != NULL)
			util_parse_int64(DB_CELL(&rows, 0, 2), &age);
		tmpl_set(r->tmpl, "Worker.Heartbeat", DB_CELL(&rows, 0, 1));
	}
	db_rows_free(&rows);
	tmpl_set_int(r->tmpl, "Worker.Count", n);
	tmpl_set_int(r->tmpl, "Worker.Age", age < 0 ? 0 : age);
	tmpl_set(r->tmpl, "Worker.Alive", n > 0 && age >= 0 &&
	    age <= HEARTBEAT_STALE_S ? "1" : "0");

	if (DB_RUN0(r, &st_jobs, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		for (k = 0; k < NELEM(names); k++) {
			snprintf(name, sizeof(name), "Jobs.%zu.%s", i, names[k]);
			tmpl_set(r->tmpl, name, DB_CELL(&rows, i, k));
		}
		/* Known kinds and states by name; others as they are. */
		snprintf(key, sizeof(key), "jobkind.%s", DB_CELL(&rows, i, 1));
		snprintf(name, sizeof(name), "Jobs.%zu.KindName", i);
		tmpl_set(r->tmpl, name, strcmp(app_l(r, key), key) != 0 ?
		    app_l(r, key) : DB_CELL(&rows, i, 1));
		snprintf(key, sizeof(key), "jobstate.%s", DB_CELL(&rows, i, 2));
		snprintf(name, sizeof(name), "Jobs.%zu.StateName", i);
		tmpl_set(r->tmpl, name, app_l(r, key));
	}
	tmpl_set_int(r->tmpl, "JobCount", (long long)rows.nrows);
	db_rows_free(&rows);
	app_page(r, 200, "admin_jobs.cs", "admin.jobs.title");
}

/*
 * GET /admin/mail: the organisation's outgoing mail, newest first (at
 * most 200): when, what, to whom, its subject, and where it is (queued
 * with the last error, sent and when, or failed).
 */
static void
page_mail(struct req *r)
{
	static const char *const names[] = { "Id", "Created", "Kind", "To",
	    "Subject", "State", "Attempts", "LastError", "Sent",
	    "ContractId" };
	struct db_rows	rows;
	char		name[96], key[64];
	size_t		i, k;

	if (DB_RUN0(r, &st_mails, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		for (k = 0; k < NELEM(names); k++)
			app_cell(r, "Mail", i, names[k], DB_CELL(&rows, i, k));
		snprintf(key, sizeof(key), "mailstate.%s", DB_CELL(&rows, i, 5));
		snprintf(name, sizeof(name), "Mail.%zu.StateName", i);
		tmpl_set(r->tmpl, name, app_l(r, key));
		snprintf(key, sizeof(key), "mailkind.%s", DB_CELL(&rows, i, 2));
		snprintf(name, sizeof(name), "Mail.%zu.KindName", i);
		tmpl_set(r->tmpl, name, strcmp(app_l(r, key), key) != 0 ?
		    app_l(r, key) : DB_CELL(&rows, i, 2));
	}
	tmpl_set_int(r->tmpl, "MailCount", (long long)rows.nrows);
	db_rows_free(&rows);
	app_page(r, 200, "admin_mail.cs", "admin.mail.title");
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/admin/users", PERM_ORG_USERS_VIEW, page_users, 0 },
	{ M_GET | M_HEAD, "/admin/users/#", PERM_ORG_USERS_VIEW, page_user, 0 },
	{ M_POST, "/admin/users/#", PERM_ORG_SETTINGS, post_user, 0 },
	{ M_POST, "/admin/users", PERM_ORG_SETTINGS, post_invite, 0 },
	{ M_GET | M_HEAD, "/admin/settings", PERM_ORG_SETTINGS, page_settings,
	    0 },
	{ M_GET | M_HEAD, "/admin/departments", PERM_ORG_SETTINGS, page_depts,
	    0 },
	{ M_POST, "/admin/departments", PERM_ORG_SETTINGS, post_dept, 0 },
	{ M_POST, "/admin/departments/#", PERM_ORG_SETTINGS, post_dept, 0 },
	{ M_POST, "/admin/settings", PERM_ORG_SETTINGS, post_settings, 0 },
	{ M_GET | M_HEAD, "/admin/logo", PERM_ORG_SETTINGS, page_logo, 0 },
	{ M_POST, "/admin/logo", PERM_ORG_SETTINGS, post_logo, 0 },
	{ M_POST, "/admin/logo/delete", PERM_ORG_SETTINGS, post_logo_delete,
	    0 },
	{ M_GET | M_HEAD, "/admin/types", PERM_ORG_SETTINGS, page_types, 0 },
	{ M_POST, "/admin/types", PERM_ORG_SETTINGS, post_type, 0 },
	{ M_POST, "/admin/types/#", PERM_ORG_SETTINGS, post_type, 0 },
	{ M_POST, "/admin/types/#/delete", PERM_ORG_SETTINGS, post_type_delete,
	    0 },
	{ M_GET | M_HEAD, "/admin/jobs", PERM_ORG_JOBS_VIEW, page_jobs, 0 },
	{ M_GET | M_HEAD, "/admin/mail", PERM_ORG_JOBS_VIEW, page_mail, 0 },
	{ M_GET | M_HEAD, "/admin/verify", PERM_ORG_JOBS_VIEW, page_verify, 0 },
	{ M_POST, "/admin/verify", PERM_ORG_JOBS_VIEW, post_verify, 0 },
	{ M_GET | M_HEAD, "/admin/verify/#", PERM_ORG_JOBS_VIEW,
	    page_verify_run, 0 },
	{ M_GET | M_HEAD, "/admin/verify/#.csv", PERM_ORG_JOBS_VIEW,
	    page_verify_csv, 0 },
	{ M_GET | M_HEAD, "/admin/oplog/verify", PERM_ORG_JOBS_VIEW,
	    page_oplog_verify, 0 },
	{ M_GET | M_HEAD, "/admin/oplog", PERM_ORG_JOBS_VIEW, page_oplog, 0 },
	{ M_GET | M_HEAD, "/admin/access", PERM_ORG_JOBS_VIEW, page_access, 0 },
	{ M_GET | M_HEAD, "/admin/access.csv", PERM_ORG_JOBS_VIEW,
	    page_access_csv, 0 },
	{ M_GET | M_HEAD, "/admin/archives", PERM_ORG_JOBS_VIEW, page_archives,
	    0 },
	{ M_GET | M_HEAD, "/admin/archives/#", PERM_ORG_JOBS_VIEW,
	    page_archive_file, 0 },
	{ M_GET | M_HEAD, "/admin/oplog.csv", PERM_ORG_JOBS_VIEW,
	    page_oplog_csv, 0 },
	{ M_GET | M_HEAD, "/admin/fields", PERM_ORG_FIELDS_MANAGE,
	    page_fields, 0 },
	{ M_POST, "/admin/fields", PERM_ORG_FIELDS_MANAGE, post_field_new, 0 },
	{ M_GET | M_HEAD, "/admin/fields/#", PERM_ORG_FIELDS_MANAGE,
	    page_field, 0 },
	{ M_POST, "/admin/fields/#", PERM_ORG_FIELDS_MANAGE,
	    post_field_edit, 0 },
	{ M_POST, "/admin/fields/#/delete", PERM_ORG_FIELDS_MANAGE,
	    post_field_delete, 0 },
};

static const struct app admin_app = {
	"admin", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&admin_app, argc, argv);
}
