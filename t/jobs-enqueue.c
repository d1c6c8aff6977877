/*
 * Helper of t/stack-jobs.t: jobs_enqueue() inside transactions on one
 * connection, as a web handler calls it.  One job is added in a
 * transaction that is rolled back, one in a transaction that is
 * committed; prints both ids ("ROLLED_BACK COMMITTED").  The test then
 * checks that only the second exists and runs.
 *   t/jobs-enqueue KEIYAKU.CONF
 */
#include "config.h"

#include <stdio.h>

#include "conf.h"
#include "db.h"
#include "jobs.h"
#include "log.h"

int
main(int argc, char *argv[])
{
	struct conf	 c;
	struct db	*d;
	char		 err[512];
	long long	 a = -1, b = -1;

	log_init("jobs-enqueue");
	conf_defaults(&c);
	if (argc != 2 || conf_load(&c, argv[1], err, sizeof(err)) == -1 ||
	    (d = db_open(&c, err, sizeof(err))) == NULL) {
		fprintf(stderr, "jobs-enqueue: %s\n", argc != 2 ?
		    "usage: jobs-enqueue conf" : err);
		return 1;
	}
	if (db_tx_begin(d, NULL) == 0) {
		a = jobs_enqueue(d, 1, "test.echo", "rolled-back", 0);
		db_tx_rollback(d, NULL);
	}
	if (db_tx_begin(d, NULL) == 0) {
		b = jobs_enqueue(d, 1, "test.echo", "committed", 0);
		if (db_tx_commit(d, NULL) == -1)
			b = -1;
	}
	printf("%lld %lld\n", a, b);
	db_close(d);
	conf_free(&c);
	return a > 0 && b > 0 ? 0 : 1;
}
