/*
 * admin: the organisation admin panel.  For now: the users of the
 * organisation with their departments and roles, and the
 * organisation's background jobs with the job worker's heartbeat.
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

DB_STMT_TENANT(st_jobs,
    "SELECT id, kind, state, attempts, max_attempts, "
    "DATE_FORMAT(CONVERT_TZ(run_after, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), last_error, "
    "DATE_FORMAT(CONVERT_TZ(created_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s'), "
    "DATE_FORMAT(CONVERT_TZ(finished_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i:%s') "
    "FROM jobs WHERE organisation_id = ? ORDER BY id DESC LIMIT 200");
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

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/admin/users", PERM_ORG_USERS_VIEW, page_users, 0 },
	{ M_GET | M_HEAD, "/admin/users/#", PERM_ORG_USERS_VIEW, page_user, 0 },
	{ M_GET | M_HEAD, "/admin/jobs", PERM_ORG_JOBS_VIEW, page_jobs, 0 },
};

static const struct app admin_app = {
	"admin", routes, NELEM(routes), NULL, 0
};

int
main(int argc, char *argv[])
{
	return app_main(&admin_app, argc, argv);
}
