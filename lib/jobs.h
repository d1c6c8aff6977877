/*
 * Background jobs (sql/0004-jobs.sql): a queue in MariaDB, run by
 * keiyaku-jobs (src/keiyaku-jobs.c), which claims a due job with
 * SELECT ... FOR UPDATE SKIP LOCKED, leases it, runs its handler in a
 * forked child under the kind's time limit, and records the outcome:
 * done, or queued again with exponential back-off, or failed with
 * last_error after max_attempts.  A job whose worker was killed is
 * taken again when its lease runs out.  Delivery is at least once:
 * handlers must be idempotent (unique keys, re-checked state).
 *
 * Enqueueing (web handlers, other jobs, `keiyaku-jobs -e`):
 *
 *	if (db_begin(r) == -1 || ...the request's writes... ||
 *	    jobs_enqueue(r->db, r->user.org_id, "extract", payload, 0) == -1 ||
 *	    db_commit(r) == -1)
 *		fail;
 *
 * The INSERT runs on the caller's connection, so inside the caller's
 * transaction the job exists only if the request's data was committed.
 *
 * Adding a kind (three lines, plus the handler's own file):
 *  1. write the handler, e.g. src/job-extract.c:
 *	int job_extract(struct job_ctx *ctx, const char *payload,
 *	    char *err, size_t errsz);
 *     returning 0 when done, or -1 with a message in err (the attempt
 *     failed: it is retried, and err is kept as last_error);
 *  2. declare it in src/job-kinds.h:  JOB_HANDLER(job_extract);
 *  3. add a row to job_kinds[] in src/job-kinds.c:
 *	{ "extract", job_extract, 300, 0 },   (kind, handler, limit s, test only)
 *  4. add src/job-extract.c to src_keiyaku_jobs_SOURCES in Makefile.am.
 *
 * A handler runs in its own process with its own database connection
 * (ctx->db); JOB_RUN(ctx, org, st, rows, ...) runs a statement there,
 * binding org for a DB_STMT_TENANT statement as the web's DB_RUN binds
 * the session's.  Kill at the time limit (at most 600 s) counts as a
 * failed attempt.
 */
#ifndef KEIYAKU_JOBS_H
#define KEIYAKU_JOBS_H

#include <stddef.h>
#include <time.h>

struct conf;
struct db;

#define JOBS_KIND_MAX	32	/* bytes of a kind name */
#define JOBS_LIMIT_MAX	600	/* seconds: no job runs longer */

struct job_opts {
	time_t		 run_after;	/* not before (0: now) */
	const char	*unique_key;	/* NULL, or at most one job with it */
	int		 max_attempts;	/* 0: the default, 5 */
};

long long	jobs_enqueue(struct db *, long long org, const char *kind,
		    const char *payload, time_t run_after);
long long	jobs_enqueue_opts(struct db *, long long org, const char *kind,
		    const char *payload, const struct job_opts *);
int		jobs_valid_kind(const char *);

/* What a handler gets. */
struct job_ctx {
	struct db		*db;		/* the child's own connection */
	const struct conf	*conf;
	long long		 id;		/* jobs.id */
	long long		 org;		/* 0 for a service-wide job */
	const char		*kind;
	int			 attempt;	/* 1 on the first run */
	long			 today;		/* business date (lib/date.h) */
	char			 rid[40];	/* "job-<id>", for the logs */
};

typedef int (*job_fn)(struct job_ctx *, const char *payload, char *err,
    size_t errsz);

struct job_kind {
	const char	*kind;
	job_fn		 fn;
	int		 limit;		/* seconds, 1 .. JOBS_LIMIT_MAX */
	int		 test_only;	/* only with job_test_kinds = 1 */
};

#define JOB_RUN(ctx, org, st, rows, ...) \
	db_run_raw((ctx)->db, (ctx)->rid, (org), (st), \
	    (const struct db_param[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_param), (rows))
#define JOB_RUN0(ctx, org, st, rows) \
	db_run_raw((ctx)->db, (ctx)->rid, (org), (st), NULL, 0, (rows))

#endif
