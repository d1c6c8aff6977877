/*
 * /admin/verify: bulk verification (一括検証, lib/bulkverify.h) for the
 * organisation's admins.
 *
 *   GET  /admin/verify          the runs, newest first; start one
 *   POST /admin/verify          a new run (a "verify" job)
 *   GET  /admin/verify/#        one run: its counts and every failure
 *   GET  /admin/verify/#.csv    every file of the run, as CSV
 *   GET  /admin/oplog/verify    the operation log's chain, walked now:
 *                               intact, or where and how it breaks
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "app.h"
#include "bulkverify.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "oplog.h"
#include "tmpl.h"
#include "util.h"

#define RUN_COLS \
    "id, state, source, files, files_ok, files_failed, signed_files, " \
    "signatures, bytes, seconds, error, " \
    "DATE_FORMAT(CONVERT_TZ(created_at, '+00:00', '+09:00'), " \
    "'%Y-%m-%d %H:%i:%s'), " \
    "DATE_FORMAT(CONVERT_TZ(finished_at, '+00:00', '+09:00'), " \
    "'%Y-%m-%d %H:%i:%s'), " \
    "(SELECT name FROM users u WHERE u.organisation_id = " \
    "verification_runs.organisation_id AND u.id = started_by)"

DB_STMT_TENANT(st_vr_list,
    "SELECT " RUN_COLS " FROM verification_runs WHERE organisation_id = ? "
    "ORDER BY id DESC LIMIT 20");
DB_STMT_TENANT(st_vr_one,
    "SELECT " RUN_COLS " FROM verification_runs WHERE organisation_id = ? "
    "AND id = ?");
DB_STMT_TENANT(st_vr_open,
    "SELECT id FROM verification_runs WHERE organisation_id = ? "
    "AND state IN ('queued', 'running') "
    "AND created_at > NOW(6) - INTERVAL 15 MINUTE LIMIT 1");
DB_STMT_TENANT(st_vr_failures,
    "SELECT document_id, contract_id, kind, version, filename, "
    "recorded_sha256, actual_sha256, signatures, problem "
    "FROM verification_results WHERE organisation_id = ? AND run_id = ? "
    "AND ok = 0 ORDER BY id LIMIT 500");
DB_STMT_TENANT(st_vr_all,
    "SELECT v.id, v.document_id, v.contract_id, c.number, c.title, v.kind, "
    "v.version, v.filename, v.size, v.recorded_sha256, v.actual_sha256, "
    "v.signed, v.signatures, v.ok, v.problem FROM verification_results v "
    "LEFT JOIN contracts c ON c.organisation_id = v.organisation_id AND "
    "c.id = v.contract_id WHERE v.organisation_id = ? AND v.run_id = ? "
    "AND v.id > ? ORDER BY v.id LIMIT 1000");

static const char *const run_names[] = { "Id", "State", "Source", "Files",
    "Ok", "Failed", "Signed", "Signatures", "Bytes", "Seconds", "Error",
    "Created", "Finished", "By" };

static void
set_run(struct req *r, const char *prefix, size_t i, struct db_rows *rows)
{
	size_t	k;

	for (k = 0; k < NELEM(run_names); k++)
		app_cell(r, prefix, i, run_names[k], DB_CELL(rows, i, k));
	app_cell_label(r, prefix, i, "StateName", "verify.state",
	    DB_CELL(rows, i, 1));
	app_cell_label(r, prefix, i, "SourceName", "verify.source",
	    DB_CELL(rows, i, 2));
}

void
page_verify(struct req *r)
{
	struct db_rows	rows;
	size_t		i;

	if (DB_RUN0(r, &st_vr_list, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++)
		set_run(r, "Runs", i, &rows);
	db_rows_free(&rows);
	app_page(r, 200, "admin_verify.cs", "verify.title");
}

void
post_verify(struct req *r)
{
	struct db_rows	 rows;
	long long	 run;
	char		 loc[64], payload[32];

	if (db_begin(r) == -1 || DB_RUN0(r, &st_vr_open, &rows) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (rows.nrows > 0) {
		/* One at a time: the one already going. */
		snprintf(loc, sizeof(loc), "/admin/verify/%s",
		    DB_CELL(&rows, 0, 0));
		db_rows_free(&rows);
		db_rollback(r);
		http_redirect(r, 303, loc);
		return;
	}
	db_rows_free(&rows);
	if ((run = bv_create(app_db(r), r->rid, r->user.org_id, "ui",
	    r->user.user_id)) == -1)
		goto fail;
	snprintf(payload, sizeof(payload), "%lld", run);
	if (jobs_enqueue(app_db(r), r->user.org_id, "verify", payload,
	    0) == -1 ||
	    oplog_add(r, 0, "verify.start", payload) == -1 ||
	    db_commit(r) == -1)
		goto fail;
	log_info(r->rid, "verification run %lld started", run);
	snprintf(loc, sizeof(loc), "/admin/verify/%lld", run);
	http_redirect(r, 303, loc);
	return;
fail:
	db_rollback(r);
	app_error(r, 503);
}

void
page_verify_run(struct req *r)
{
	static const char *const f[] = { "Document", "Contract", "Kind",
	    "Version", "File", "Recorded", "Actual", "Signatures", "Problem" };
	struct db_rows	rows;
	size_t		i, k;

	if (APP_ONE(r, &st_vr_one, &rows, DBI(r->path_id)) == -1)
		return;
	set_run(r, "Runs", 0, &rows);
	if (strcmp(DB_CELL(&rows, 0, 1), "queued") == 0 ||
	    strcmp(DB_CELL(&rows, 0, 1), "running") == 0)
		tmpl_set(r->tmpl, "Page.Refresh", "3");
	db_rows_free(&rows);
	if (DB_RUN(r, &st_vr_failures, &rows, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++)
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Failures", i, f[k], DB_CELL(&rows, i, k));
	db_rows_free(&rows);
	app_page(r, 200, "admin_verify_run.cs", "verify.run_title");
}

static int
csv_fetch(struct req *r, void *arg, long long after, struct db_rows *rows)
{
	(void)arg;
	return DB_RUN(r, &st_vr_all, rows, DBI(r->path_id), DBI(after));
}

/* Every file of the run, 1,000 rows at a time, as they are read. */
void
page_verify_csv(struct req *r)
{
	static const char *const head[] = { "verify.csv.document",
	    "verify.csv.contract", "verify.csv.number", "verify.csv.title",
	    "verify.csv.kind", "verify.csv.version", "verify.csv.file",
	    "verify.csv.size", "verify.csv.recorded", "verify.csv.actual",
	    "verify.csv.signed", "verify.csv.signatures", "verify.csv.ok",
	    "verify.csv.problem" };
	struct db_rows	 rows;
	size_t		 k;
	char		 name[64];

	if (DB_RUN(r, &st_vr_one, &rows, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return;
	}
	k = rows.nrows;
	db_rows_free(&rows);
	if (k != 1) {
		app_error(r, 404);
		return;
	}
	snprintf(name, sizeof(name), "keiyaku-verify-%lld.csv", r->path_id);
	app_csv(r, name, head, NELEM(head), 1, csv_fetch, NULL);
}

void
page_oplog_verify(struct req *r)
{
	struct oplog_check	v;

	if (oplog_verify(app_db(r), r->conf, r->rid, r->user.org_id,
	    &v) == -1) {
		app_error(r, 503);
		return;
	}
	tmpl_set(r->tmpl, "Chain.Ok", v.ok ? "1" : "");
	tmpl_set_int(r->tmpl, "Chain.Entries", v.entries);
	tmpl_set_int(r->tmpl, "Chain.Seals", v.seals);
	if (!v.ok) {
		tmpl_set_int(r->tmpl, "Chain.BadId", v.bad_id);
		tmpl_set(r->tmpl, "Chain.Why", v.why);
		log_err(r->rid, "operation log of organisation %lld: %s",
		    r->user.org_id, v.why);
	}
	app_page(r, 200, "admin_oplog_verify.cs", "oplogv.title");
}
