/*
 * health: GET /healthz, a JSON answer for monitoring with the state
 * of each dependency.  200 when all are up, 503 otherwise.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "app.h"
#include "db.h"
#include "util.h"

static void
page_healthz(struct req *r)
{
	struct timespec	a, b;
	struct buf	out = { NULL, 0, 0 };
	long long	us;
	int		ok;

	clock_gettime(CLOCK_MONOTONIC, &a);
	ok = app_db(r) != NULL && db_ping(r->db) == 0;
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = (b.tv_sec - a.tv_sec) * 1000000LL + (b.tv_nsec - a.tv_nsec) / 1000;
	buf_addf(&out, "{\"status\":\"%s\",\"checks\":{\"database\":"
	    "{\"status\":\"%s\",\"latency_us\":%lld}}}\n",
	    ok ? "ok" : "fail", ok ? "ok" : "fail", us);
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
