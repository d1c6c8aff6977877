/*
 * /admin/types: an organisation's contract types (契約の種類), for its
 * admins.
 *
 *   GET  /admin/types            the types, each with its contracts
 *   POST /admin/types            a new one (name, sort)
 *   POST /admin/types/#          rename it or change its place
 *   POST /admin/types/#/delete   delete one that nothing uses
 *
 * A name is 1 to 100 characters and unique in the organisation (as
 * the database compares them: case and width aside).  A type that a
 * contract or an approval route uses stays (409, saying how many).
 * Each change is in the operation log, old → new.  Another
 * organisation's type is not found (404).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "db.h"
#include "log.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

#define TYPE_NAME_MAX	100	/* characters (contract_types.name) */

DB_STMT_TENANT(st_ty_all,
    "SELECT t.id, t.name, t.sort, (SELECT COUNT(*) FROM contracts c "
    "WHERE c.organisation_id = t.organisation_id AND c.type_id = t.id), "
    "(SELECT COUNT(*) FROM approval_routes a WHERE a.organisation_id = "
    "t.organisation_id AND a.type_id = t.id) "
    "FROM contract_types t WHERE t.organisation_id = ? ORDER BY t.sort, t.id");
DB_STMT_TENANT(st_ty_lock,
    "SELECT name, sort FROM contract_types WHERE organisation_id = ? "
    "AND id = ? FOR UPDATE");
DB_STMT_TENANT(st_ty_name_used,
    "SELECT id FROM contract_types WHERE organisation_id = ? AND name = ? "
    "AND id <> ?");
DB_STMT_TENANT(st_ty_add,
    "INSERT INTO contract_types (organisation_id, name, sort) "
    "VALUES (?, ?, ?)");
DB_STMT_TENANT(st_ty_set,
    "UPDATE contract_types SET organisation_id = ?, name = ?, sort = ? "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_ty_uses,
    "SELECT (SELECT COUNT(*) FROM contracts WHERE organisation_id = ? "
    "AND type_id = ?), (SELECT COUNT(*) FROM approval_routes WHERE "
    "organisation_id = ? AND type_id = ?)");
DB_STMT_TENANT(st_ty_delete,
    "DELETE FROM contract_types WHERE organisation_id = ? AND id = ?");

/*
 * The list and the form for a new type; msg (text in the reader's
 * language) above them when a change was refused, and a new type's
 * values kept in its form.
 */
static void
types_page(struct req *r, int status, const char *msg)
{
	static const char *const f[] = { "Id", "Name", "Sort", "Contracts",
	    "Routes" };
	struct db_rows	rows;
	size_t		i, k;

	if (DB_RUN0(r, &st_ty_all, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++)
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Types", i, f[k], DB_CELL(&rows, i, k));
	tmpl_set_int(r->tmpl, "TypeCount", (long long)rows.nrows);
	db_rows_free(&rows);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", msg);
	if (msg != NULL && r->path_id == 0) {
		tmpl_set(r->tmpl, "New.name", app_in(r, KEY_NAME));
		tmpl_set(r->tmpl, "New.sort", app_in(r, KEY_SORT));
	}
	app_page(r, status, "admin_types.cs", "types.title");
}

void
page_types(struct req *r)
{
	types_page(r, 200, NULL);
}

/* Ends the transaction and answers the page with the message of key. */
static void
refuse(struct req *r, int status, const char *key)
{
	db_rollback(r);
	types_page(r, status, app_l(r, key));
}

/*
 * The type r->path_id, locked, into *name and *sort: 0, or -1 after
 * answering 404 (none such in this organisation) or 503.  Opens the
 * transaction either way (rolled back on -1).
 */
static int
lock_type(struct req *r, char **name, long long *sort)
{
	struct db_rows	rows;

	*name = NULL;
	if (db_begin(r) == -1) {
		app_error(r, 503);
		return -1;
	}
	if (APP_ONE(r, &st_ty_lock, &rows, DBI(r->path_id)) == -1)
		return -1;
	*name = xstrdup(DB_CELL(&rows, 0, 0));
	*sort = util_num(DB_CELL(&rows, 0, 1));
	db_rows_free(&rows);
	return 0;
}

/*
 * POST /admin/types and /admin/types/#: name (1-100 characters, spaces
 * around it dropped, not another type's) and sort (0-9999, or empty
 * for 0).  422 with the reason when refused, nothing changed.
 */
void
post_type(struct req *r)
{
	struct db_rows	 rows;
	const char	*v = app_in(r, KEY_NAME), *why = NULL;
	char		*name = NULL, *old_name = NULL, *detail = NULL;
	long long	 sort, old_sort = 0, id = r->path_id;
	size_t		 n;
	int		 taken;

	if (id > 0) {
		if (lock_type(r, &old_name, &old_sort) == -1)
			return;
	} else if (db_begin(r) == -1) {
		app_error(r, 503);
		return;
	}
	while (v != NULL && *v == ' ')
		v++;
	n = v != NULL ? strlen(v) : 0;
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (n == 0 || valid_utf8_chars(v, n) > TYPE_NAME_MAX)
		why = "types.bad_name";
	else if (app_in_present(r, KEY_SORT) && app_in(r, KEY_SORT) == NULL)
		why = "types.bad_sort";
	if (why != NULL) {
		refuse(r, 422, why);
		goto out;
	}
	name = xstrndup(v, n);
	sort = util_num(app_in(r, KEY_SORT));
	if (DB_RUN(r, &st_ty_name_used, &rows, DBS(name), DBI(id)) == -1)
		goto fail;
	taken = rows.nrows > 0;
	db_rows_free(&rows);
	if (taken) {
		refuse(r, 422, "types.taken");
		goto out;
	}
	if (id == 0) {
		if (DB_RUN(r, &st_ty_add, &rows, DBS(name), DBI(sort)) == -1)
			goto fail;
		id = rows.insert_id;
		db_rows_free(&rows);
		detail = xasprintf("contract type %lld: %s, sort %lld", id,
		    name, sort);
	} else {
		if (DB_RUN(r, &st_ty_set, NULL, DBS(name), DBI(sort),
		    DBI(r->user.org_id), DBI(id)) == -1)
			goto fail;
		detail = xasprintf("contract type %lld: %s → %s, sort %lld → "
		    "%lld", id, old_name, name, old_sort, sort);
	}
	app_commit(r, r->path_id ? "contract_type.update" :
	    "contract_type.create", detail, "/admin/types");
	goto out;
fail:
	db_rollback(r);
	app_error(r, 503);
out:
	free(name);
	free(old_name);
	free(detail);
}

/*
 * POST /admin/types/#/delete: only a type that no contract and no
 * approval route uses (409 says how many do).  The type's row stays
 * locked meanwhile, so a contract cannot take it up in between.
 */
void
post_type_delete(struct req *r)
{
	struct db_rows	 rows;
	struct buf	 msg = { NULL, 0, 0 };
	char		*name = NULL, *detail = NULL, nc[24], nr[24];
	long long	 sort;
	const char	*vals[5];

	if (lock_type(r, &name, &sort) == -1)
		return;
	if (DB_RUN(r, &st_ty_uses, &rows, DBI(r->path_id),
	    DBI(r->user.org_id), DBI(r->path_id)) == -1)
		goto fail;
	snprintf(nc, sizeof(nc), "%s", DB_CELL(&rows, 0, 0));
	snprintf(nr, sizeof(nr), "%s", DB_CELL(&rows, 0, 1));
	db_rows_free(&rows);
	if (strcmp(nc, "0") != 0 || strcmp(nr, "0") != 0) {
		vals[0] = "contracts";
		vals[1] = nc;
		vals[2] = "routes";
		vals[3] = nr;
		vals[4] = NULL;
		app_fill(r, &msg, "types.in_use", vals);
		db_rollback(r);
		types_page(r, 409, msg.data);
		goto out;
	}
	if (DB_RUN(r, &st_ty_delete, NULL, DBI(r->path_id)) == -1)
		goto fail;
	detail = xasprintf("contract type %lld: %s, sort %lld → deleted",
	    r->path_id, name, sort);
	app_commit(r, "contract_type.delete", detail, "/admin/types");
	goto out;
fail:
	db_rollback(r);
	app_error(r, 503);
out:
	buf_free(&msg);
	free(name);
	free(detail);
}
