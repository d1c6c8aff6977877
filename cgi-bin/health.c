/*
 * health: GET /healthz, a JSON answer for monitoring with the state
 * of each dependency.  200 when all are up, 503 otherwise.  The job
 * worker's heartbeat is reported ("jobs": ok, stale after 60 s, or
 * none) but does not fail the check: pages are served without it.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "app.h"
#include "db.h"
#include "util.h"

DB_STMT_GLOBAL(st_jobs_heartbeat, "the job workers are the service's",
    "SELECT TIMESTAMPDIFF(SECOND, MAX(heartbeat_at), NOW(6)) "
    "FROM job_workers");

static void
page_healthz(struct req *r)
{
	struct timespec	a, b;
	struct buf	out = { NULL, 0, 0 };
	struct db_rows	rows;
	long long	us, age = -1;
	int		ok;

	clock_gettime(CLOCK_MONOTONIC, &a);
	ok = app_db(r) != NULL && db_ping(r->db) == 0;
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = (b.tv_sec - a.tv_sec) * 1000000LL + (b.tv_nsec - a.tv_nsec) / 1000;
	if (ok && DB_RUN0(r, &st_jobs_heartbeat, &rows) == 0) {
		if (rows.nrows == 1 && DB_CELL(&rows, 0, 0) != NULL)
			util_parse_int64(DB_CELL(&rows, 0, 0), &age);
		db_rows_free(&rows);
	}
	buf_addf(&out, "{\"status\":\"%s\",\"checks\":{\"database\":"
	    "{\"status\":\"%s\",\"latency_us\":%lld},\"jobs\":"
	    "{\"status\":\"%s\",\"heartbeat_age_s\":%lld}}}\n",
	    ok ? "ok" : "fail", ok ? "ok" : "fail", us,
	    age < 0 ? "none" : age <= 60 ? "ok" : "stale", age);
	app_json(r, ok ? 200 : 503, out.data);
	buf_free(&out);
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/healthz", PERM_PUBLIC, page_healthz, 1 },
};

static const struct app health_app = {
	"health", routes, NELEM(routes), NULL, 0
};

int
main(int argc, char *argv[])
{
	return app_main(&health_app, argc, argv);
}
