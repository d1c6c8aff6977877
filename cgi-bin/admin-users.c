/*
 * POST /admin/users/#: an admin changes a user of the organisation:
 * do=disable (their sessions stop at once: lib/session.c reads the
 * flag with every session), do=enable, or do=save (department and
 * role).  An admin cannot disable themselves or take away their own
 * admin role.  Each change is in the operation log with the old and
 * new values.  Another organisation's user is not found (404).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "db.h"
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
	if (strcmp(what, "save") != 0) {
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
