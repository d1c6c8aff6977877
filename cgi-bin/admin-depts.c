/*
 * /admin/departments: an organisation's departments, nested, for its
 * admins.
 *
 *   GET  /admin/departments     the tree, with each one's users
 *   POST /admin/departments     a new one (name, parent)
 *   POST /admin/departments/#   rename it or move it under another
 *
 * A parent must be one of the organisation's departments and neither
 * the department itself nor one below it (no cycles).  Each change is
 * in the operation log, old → new.
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

#define DEPTH_MAX	8

DB_STMT_TENANT(st_dp_all,
    "SELECT d.id, d.name, IFNULL(d.parent_id, 0), (SELECT COUNT(*) FROM "
    "users u WHERE u.organisation_id = d.organisation_id AND "
    "u.department_id = d.id) FROM departments d WHERE d.organisation_id = ? "
    "ORDER BY d.name, d.id");
DB_STMT_TENANT(st_dp_lock,
    "SELECT id, name, IFNULL(parent_id, 0) FROM departments "
    "WHERE organisation_id = ? ORDER BY id FOR UPDATE");
DB_STMT_TENANT(st_dp_add,
    "INSERT INTO departments (organisation_id, parent_id, name) "
    "VALUES (?, ?, ?)");
DB_STMT_TENANT(st_dp_set,
    "UPDATE departments SET organisation_id = ?, name = ?, parent_id = ? "
    "WHERE organisation_id = ? AND id = ?");

/* The parent of id in rows (st_dp_lock's), 0 for none, -1 unknown. */
static long long
parent_of(const struct db_rows *rows, long long id)
{
	size_t	i;

	for (i = 0; i < rows->nrows; i++)
		if (util_num(DB_CELL(rows, i, 0)) == id)
			return util_num(DB_CELL(rows, i, 2));
	return -1;
}

/* Sets Depts.N (Id, Name, Depth, Users) in tree order under parent. */
static void
walk(struct req *r, const struct db_rows *rows, long long parent, int depth,
    size_t *n)
{
	size_t	i;
	char	d[16];

	if (depth > DEPTH_MAX)
		return;
	for (i = 0; i < rows->nrows; i++) {
		if (util_num(DB_CELL(rows, i, 2)) != parent)
			continue;
		app_cell(r, "Tree", *n, "Id", DB_CELL(rows, i, 0));
		app_cell(r, "Tree", *n, "Name", DB_CELL(rows, i, 1));
		app_cell(r, "Tree", *n, "Users", DB_CELL(rows, i, 3));
		app_cell(r, "Tree", *n, "Parent", DB_CELL(rows, i, 2));
		snprintf(d, sizeof(d), "%d", depth);
		app_cell(r, "Tree", (*n)++, "Depth", d);
		walk(r, rows, util_num(DB_CELL(rows, i, 0)), depth + 1, n);
	}
}

static void
depts_page(struct req *r, int status, const char *msg)
{
	struct db_rows	rows;
	size_t		n = 0;

	if (DB_RUN0(r, &st_dp_all, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	walk(r, &rows, 0, 0, &n);
	db_rows_free(&rows);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "admin_depts.cs", "depts.title");
}

void
page_depts(struct req *r)
{
	depts_page(r, 200, NULL);
}

/* POST /admin/departments and /admin/departments/#. */
void
post_dept(struct req *r)
{
	struct db_rows	 rows, ins;
	const char	*name = app_in(r, KEY_NAME);
	long long	 parent = util_num(app_in(r, KEY_DEPT)), p, old_parent = 0;
	char		*detail = NULL, *old_name = NULL;
	int		 rc, depth;

	if (db_begin(r) == -1 || DB_RUN0(r, &st_dp_lock, &rows) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (r->path_id > 0) {
		size_t	i;

		for (i = 0; i < rows.nrows; i++)
			if (util_num(DB_CELL(&rows, i, 0)) == r->path_id) {
				old_name = xstrdup(DB_CELL(&rows, i, 1));
				old_parent = util_num(DB_CELL(&rows, i, 2));
			}
		if (old_name == NULL) {
			db_rows_free(&rows);
			db_rollback(r);
			app_error(r, 404);
			return;
		}
	}
	if (name == NULL || *name == '\0' || strlen(name) > 200 ||
	    (app_in_present(r, KEY_DEPT) && app_in(r, KEY_DEPT) == NULL)) {
		db_rows_free(&rows);
		db_rollback(r);
		free(old_name);
		depts_page(r, 422, "depts.bad");
		return;
	}
	/* The parent: this organisation's, and not itself or below it. */
	rc = 0;
	if (parent > 0) {
		for (p = parent, depth = 0; p > 0 && depth <= DEPTH_MAX;
		    p = parent_of(&rows, p), depth++)
			if (p == r->path_id || parent_of(&rows, p) == -1) {
				rc = 1;
				break;
			}
		if (depth > DEPTH_MAX)
			rc = 1;
	}
	if (rc) {
		db_rows_free(&rows);
		db_rollback(r);
		free(old_name);
		depts_page(r, 422, "depts.bad_parent");
		return;
	}
	db_rows_free(&rows);
	if (r->path_id == 0) {
		rc = DB_RUN(r, &st_dp_add, &ins, parent > 0 ? DBI(parent) :
		    DBS(NULL), DBS(name));
		if (rc == 0)
			db_rows_free(&ins);
		detail = xasprintf("department %s (parent %lld)", name, parent);
	} else {
		rc = DB_RUN(r, &st_dp_set, NULL, DBS(name), parent > 0 ?
		    DBI(parent) : DBS(NULL), DBI(r->user.org_id),
		    DBI(r->path_id));
		detail = xasprintf("department %lld: %s → %s, parent %lld → "
		    "%lld", r->path_id, old_name, name, old_parent, parent);
	}
	free(old_name);
	if (rc == -1) {
		/* The name is taken (one name per organisation). */
		db_rollback(r);
		free(detail);
		depts_page(r, 422, "depts.taken");
		return;
	}
	if (oplog_add(r, 0, r->path_id ? "dept.update" : "dept.create",
	    detail) == -1 || db_commit(r) == -1) {
		db_rollback(r);
		free(detail);
		app_error(r, 503);
		return;
	}
	free(detail);
	http_redirect(r, 303, "/admin/departments");
}
