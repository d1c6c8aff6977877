#include "config.h"

#include <string.h>

#include "db.h"
#include "jobs.h"
#include "log.h"

DB_STMT_TENANT(st_job_insert,
    "INSERT INTO jobs (organisation_id, kind, payload, unique_key, "
    "max_attempts, run_after) VALUES (?, ?, ?, ?, ?, "
    "IF(? = 0, NOW(6), FROM_UNIXTIME(?))) "
    "ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");
DB_STMT_GLOBAL(st_job_insert_global,
    "a service-wide job belongs to no organisation",
    "INSERT INTO jobs (organisation_id, kind, payload, unique_key, "
    "max_attempts, run_after) VALUES (NULL, ?, ?, ?, ?, "
    "IF(? = 0, NOW(6), FROM_UNIXTIME(?))) "
    "ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");

/* A kind is a short name: lower-case letters, digits, '.', '_', '-'. */
int
jobs_valid_kind(const char *k)
{
	size_t	n;

	if (k == NULL || (n = strlen(k)) == 0 || n > JOBS_KIND_MAX)
		return 0;
	return strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/*
 * Adds a job of kind for organisation org (0: a service-wide job) on
 * connection d, inside whatever transaction d is in.  With a unique
 * key that a job already has, nothing is added and that job's id is
 * returned.  Returns the job id, or -1 (logged).
 */
long long
jobs_enqueue_opts(struct db *d, long long org, const char *kind,
    const char *payload, const struct job_opts *o)
{
	struct db_rows	 rows;
	long long	 at = o && o->run_after > 0 ? (long long)o->run_after : 0;
	long long	 max = o && o->max_attempts > 0 ? o->max_attempts : 5;
	const char	*key = o ? o->unique_key : NULL;
	long long	 id;
	int		 rc;

	if (!jobs_valid_kind(kind) || org < 0 || max > 100) {
		log_err(NULL, "enqueue: bad job (kind %s, organisation %lld)",
		    kind ? kind : "(null)", org);
		return -1;
	}
	if (payload == NULL)
		payload = "";
	if (org > 0)
		rc = db_run_raw(d, NULL, org, &st_job_insert,
		    (const struct db_param[]){ DBS(kind), DBS(payload),
		    DBS(key), DBI(max), DBI(at), DBI(at) }, 6, &rows);
	else
		rc = db_run_raw(d, NULL, 0, &st_job_insert_global,
		    (const struct db_param[]){ DBS(kind), DBS(payload),
		    DBS(key), DBI(max), DBI(at), DBI(at) }, 6, &rows);
	if (rc == -1)
		return -1;
	id = rows.insert_id;
	db_rows_free(&rows);
	return id;
}

long long
jobs_enqueue(struct db *d, long long org, const char *kind,
    const char *payload, time_t run_after)
{
	struct job_opts	o = { run_after, NULL, 0 };

	return jobs_enqueue_opts(d, org, kind, payload, &o);
}
