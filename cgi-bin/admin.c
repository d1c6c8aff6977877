/*
 * admin: the organisation admin panel.  For now: the users of the
 * organisation with their departments and roles.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "tmpl.h"
#include "util.h"

DB_STMT_TENANT(st_users,
    "SELECT u.id, u.name, u.email, d.name, u.disabled, "
    "GROUP_CONCAT(r.code ORDER BY r.sort) "
    "FROM users u LEFT JOIN departments d ON d.id = u.department_id "
    "LEFT JOIN user_roles ur ON ur.user_id = u.id "
    "LEFT JOIN roles r ON r.id = ur.role_id "
    "WHERE u.organisation_id = ? GROUP BY u.id ORDER BY u.id");
DB_STMT_TENANT(st_user,
    "SELECT u.id, u.name, u.email, d.name, u.disabled, "
    "GROUP_CONCAT(r.code ORDER BY r.sort), u.lang, "
    "DATE_FORMAT(CONVERT_TZ(u.created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i') "
    "FROM users u LEFT JOIN departments d ON d.id = u.department_id "
    "LEFT JOIN user_roles ur ON ur.user_id = u.id "
    "LEFT JOIN roles r ON r.id = ur.role_id "
    "WHERE u.organisation_id = ? AND u.id = ? GROUP BY u.id");

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

static void
page_users(struct req *r)
{
	struct db_rows	rows;
	char		prefix[32];
	size_t		i;

	if (DB_RUN(r, &st_users, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		snprintf(prefix, sizeof(prefix), "Users.%zu", i);
		set_user(r, prefix, &rows, i);
	}
	tmpl_set_int(r->tmpl, "UserCount", (long long)rows.nrows);
	db_rows_free(&rows);
	app_page(r, 200, "admin_users.cs", "admin.users.title");
}

/* One user; another organisation's id is simply not found (404). */
static void
page_user(struct req *r)
{
	struct db_rows	rows;

	if (DB_RUN(r, &st_user, &rows, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		app_error(r, 404);
		return;
	}
	set_user(r, "U", &rows, 0);
	tmpl_set(r->tmpl, "U.Lang", app_l(r, strcmp(DB_CELL(&rows, 0, 6),
	    "en") == 0 ? "lang.en" : "lang.ja"));
	tmpl_set(r->tmpl, "U.Created", DB_CELL(&rows, 0, 7));
	db_rows_free(&rows);
	app_page(r, 200, "admin_user.cs", "admin.user.title");
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/admin/users", PERM_ORG_USERS_VIEW, page_users, 0 },
	{ M_GET | M_HEAD, "/admin/users/#", PERM_ORG_USERS_VIEW, page_user, 0 },
};

static const struct app admin_app = {
	"admin", routes, NELEM(routes), NULL, 0
};

int
main(int argc, char *argv[])
{
	return app_main(&admin_app, argc, argv);
}
