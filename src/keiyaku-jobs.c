/*
 * keiyaku-jobs: runs the background jobs of the queue in MariaDB
 * (lib/jobs.h, sql/0004-jobs.sql).
 *
 *   keiyaku-jobs -c keiyaku.conf [-d] [-p pidfile]
 *	the worker (-d: as a daemon).  script/stack starts one beside
 *	keiyaku-pool; any number may share one database.
 *   keiyaku-jobs -c keiyaku.conf -1
 *	runs what is due (after scheduling the daily jobs), then exits.
 *   keiyaku-jobs -c keiyaku.conf -e KIND [-o ORG] [-a ATTEMPTS]
 *	    [-k UNIQUE_KEY] [PAYLOAD]
 *	adds one job and prints its id (operators: run the reminders of
 *	a past day again; tests).
 *
 * The process claims a job in a short transaction (the lease of a
 * killed worker's job that has run out, else the oldest due queued
 * job, each with SELECT ... FOR UPDATE SKIP LOCKED so that two workers
 * never take the same row), marks it running with a lease (its kind's
 * time limit + job_lease_grace), commits, and runs its handler in a
 * forked child with a database connection of its own.  The child is
 * killed at the time limit.  Then, on the parent's connection, the job
 * is done, or queued again with exponential back-off, or failed with
 * last_error after max_attempts.  Each update names the worker and
 * the attempt, so that a worker that lost its lease cannot overwrite
 * the outcome of the one that took the job over.  A child dies with
 * its parent (PR_SET_PDEATHSIG): when a worker is killed -9, its job
 * stops too and is taken again after the lease.
 *
 * Up to job_workers jobs run at once.  Every few seconds the process
 * writes its heartbeat (job_workers table), and when the Japanese
 * business date changes it schedules the daily "reminders" job with a
 * unique key naming the date, so that it exists once however many
 * workers there are.  KEIYAKU_TODAY=YYYY-MM-DD (read only here, for
 * tests and for operators) sets the business date instead of the
 * clock.
 *
 * Signals: SIGTERM/SIGINT stop taking jobs, let running ones finish for
 * job_stop_wait seconds, then kill them and queue them again without
 * counting the attempt; SIGHUP waits until running jobs have ended,
 * then executes itself again (the binary now on disk, the
 * configuration read again), keeping its pid.  Started as root with
 * worker_user set, the children run handlers as that user.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accesslog.h"
#include "conf.h"
#include "date.h"
#include "db.h"
#include "http.h"
#include "job-kinds.h"
#include "jobs.h"
#include "log.h"
#include "probe.h"
#include "util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define MAX_SLOTS	64
#define HEARTBEAT_S	5
#define ERR_MAX		1000	/* bytes of last_error */

struct slot {
	pid_t			 pid;		/* 0: free */
	long long		 id;
	long long		 org;
	int			 attempt;	/* this one, from 1 */
	int			 max_attempts;
	const struct job_kind	*k;
	int			 errfd;		/* the child's message */
	struct timespec		 started;
	struct timespec		 deadline;
	int			 timed_out;
	int			 abandon;	/* stopping: queue it again */
};

static struct conf	 conf;
static char		 conf_path[PATH_MAX];
static char		 self_exe[PATH_MAX];
static const char	*pidfile;
static struct db	*db;
static struct slot	 slots[MAX_SLOTS];
static char		 worker_id[100];
static pid_t		 parent_pid;
static uid_t		 run_uid = (uid_t)-1;
static gid_t		 run_gid = (gid_t)-1;
static long		 fixed_today = -1;	/* KEIYAKU_TODAY */
static long		 scheduled_day = -1;

DB_STMT_GLOBAL(st_read_committed,
    "the session's isolation level for the next claim: no gap locks",
    "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
DB_STMT_GLOBAL(st_claim_lost,
    "the queue is shared by every organisation",
    "SELECT id, organisation_id, kind, payload, attempts, max_attempts "
    "FROM jobs WHERE state = 'running' AND locked_until <= NOW(6) "
    "ORDER BY locked_until, id LIMIT 1 FOR UPDATE SKIP LOCKED");
DB_STMT_GLOBAL(st_claim_due,
    "the queue is shared by every organisation",
    "SELECT id, organisation_id, kind, payload, attempts, max_attempts "
    "FROM jobs WHERE state = 'queued' AND run_after <= NOW(6) "
    "ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED");
DB_STMT_GLOBAL(st_mark_running, "a job claimed by its id",
    "UPDATE jobs SET state = 'running', attempts = attempts + 1, "
    "worker = ?, locked_until = NOW(6) + INTERVAL ? SECOND, "
    "started_at = NOW(6), finished_at = NULL WHERE id = ?");
DB_STMT_GLOBAL(st_fail_now, "a job claimed by its id",
    "UPDATE jobs SET state = 'failed', last_error = ?, locked_until = NULL, "
    "finished_at = NOW(6) WHERE id = ?");
DB_STMT_GLOBAL(st_not_mine, "a job claimed by its id",
    "UPDATE jobs SET state = 'queued', locked_until = NULL, "
    "attempts = attempts + 1, last_error = ?, "
    "run_after = NOW(6) + INTERVAL ? SECOND WHERE id = ?");
DB_STMT_GLOBAL(st_done, "a job this worker holds, by its id",
    "UPDATE jobs SET state = 'done', locked_until = NULL, "
    "finished_at = NOW(6) "
    "WHERE id = ? AND worker = ? AND attempts = ? AND state = 'running'");
DB_STMT_GLOBAL(st_retry, "a job this worker holds, by its id",
    "UPDATE jobs SET state = 'queued', locked_until = NULL, last_error = ?, "
    "run_after = NOW(6) + INTERVAL ? SECOND "
    "WHERE id = ? AND worker = ? AND attempts = ? AND state = 'running'");
DB_STMT_GLOBAL(st_failed, "a job this worker holds, by its id",
    "UPDATE jobs SET state = 'failed', locked_until = NULL, last_error = ?, "
    "finished_at = NOW(6) "
    "WHERE id = ? AND worker = ? AND attempts = ? AND state = 'running'");
DB_STMT_GLOBAL(st_abandon, "a job this worker holds, by its id",
    "UPDATE jobs SET state = 'queued', attempts = attempts - 1, "
    "locked_until = NULL, worker = NULL, run_after = NOW(6) "
    "WHERE id = ? AND worker = ? AND attempts = ? AND state = 'running'");
DB_STMT_GLOBAL(st_heartbeat, "the worker's own row",
    "INSERT INTO job_workers (worker, started_at, heartbeat_at, running) "
    "VALUES (?, NOW(6), NOW(6), ?) ON DUPLICATE KEY UPDATE "
    "heartbeat_at = NOW(6), running = VALUES(running)");
DB_STMT_GLOBAL(st_worker_gone, "the worker's own row",
    "DELETE FROM job_workers WHERE worker = ?");
DB_STMT_GLOBAL(st_purge_jobs, "housekeeping of every organisation's jobs",
    "DELETE FROM jobs WHERE state IN ('done', 'failed') "
    "AND finished_at < NOW(6) - INTERVAL ? DAY LIMIT 10000");
DB_STMT_GLOBAL(st_purge_workers, "workers that stopped without a word",
    "DELETE FROM job_workers WHERE heartbeat_at < NOW(6) - INTERVAL 1 DAY");

static void
usage(void)
{
	fprintf(stderr, "usage: keiyaku-jobs -c conf [-d] [-p pidfile] | -1 |"
	    " -e kind [-o org] [-a attempts] [-k key] [payload]\n");
	exit(2);
}

static long
today(void)
{
	return fixed_today >= 0 ? fixed_today : date_today_jst(time(NULL));
}

static double
secs_since(const struct timespec *a)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) +
	    (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

static int
nrunning(void)
{
	int	i, n = 0;

	for (i = 0; i < MAX_SLOTS; i++)
		if (slots[i].pid > 0)
			n++;
	return n;
}

/* The parent's connection, opened again when it is gone.  NULL: down. */
static struct db *
parent_db(void)
{
	static int	said;
	char		err[256];

	if (db == NULL && (db = db_open(&conf, err, sizeof(err))) == NULL) {
		if (!said++)
			log_err(NULL, "database: %s (trying again)", err);
		return NULL;
	}
	said = 0;
	return db;
}

/* last_error must be valid UTF-8 of at most ERR_MAX bytes. */
static void
clean_error(char *e)
{
	size_t	n = strlen(e), i;

	if (n >= ERR_MAX)
		e[n = ERR_MAX - 1] = '\0';
	if (http_utf8_valid(e, n))
		return;
	for (i = 0; i < n; i++)
		if ((unsigned char)e[i] >= 0x80 || e[i] < 0x20)
			e[i] = '?';
}

/* The handler's side: its own connection, the handler, its message. */
static int
child_run(const struct slot *sl, const char *payload, int errfd)
{
	struct job_ctx	 ctx;
	char		 err[ERR_MAX] = "";
	int		 rc;

	memset(&ctx, 0, sizeof(ctx));
	snprintf(ctx.rid, sizeof(ctx.rid), "job-%lld", sl->id);
	if ((ctx.db = db_open(&conf, err, sizeof(err))) == NULL) {
		log_err(ctx.rid, "database: %s", err);
		snprintf(err, sizeof(err), "database unavailable");
		(void)!write(errfd, err, strlen(err));
		return 1;
	}
	ctx.conf = &conf;
	ctx.id = sl->id;
	ctx.org = sl->org;
	ctx.kind = sl->k->kind;
	ctx.attempt = sl->attempt;
	ctx.today = today();
	log_info(ctx.rid, "%s started (organisation %lld, attempt %d of %d)",
	    ctx.kind, ctx.org, ctx.attempt, sl->max_attempts);
	rc = sl->k->fn(&ctx, payload, err, sizeof(err));
	db_close(ctx.db);
	if (rc != 0) {
		if (err[0] == '\0')
			snprintf(err, sizeof(err), "%s failed", ctx.kind);
		(void)!write(errfd, err, strnlen(err, sizeof(err) - 1));
		return 1;
	}
	return 0;
}

/*
 * Forks the child that runs the job of slot sl.  Returns 0, or -1 if
 * no process could be made.
 */
static int
start_child(struct slot *sl, const char *payload)
{
	sigset_t	none;
	pid_t		pid;
	int		p[2], i, rc;

	if (pipe(p) == -1) {
		log_err(NULL, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		log_err(NULL, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < MAX_SLOTS; i++)
			if (slots[i].pid > 0)
				close(slots[i].errfd);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (run_uid != (uid_t)-1 && (setgroups(0, NULL) == -1 ||
		    setgid(run_gid) == -1 || setuid(run_uid) == -1)) {
			log_err(NULL, "cannot drop privileges: %s",
			    strerror(errno));
			_exit(71);
		}
		/*
		 * Die with the parent: a killed worker's job must stop.
		 * (After setuid, which clears the setting.)  A parent
		 * already gone is seen by getppid().
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
		    getppid() != parent_pid)
			_exit(70);
		/* The parent's connection (db) stays the parent's: unused. */
		rc = child_run(sl, payload, p[1]);
		close(p[1]);
		conf_free(&conf);
		exit(rc);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	sl->pid = pid;
	sl->errfd = p[0];
	clock_gettime(CLOCK_MONOTONIC, &sl->started);
	sl->deadline = sl->started;
	sl->deadline.tv_sec += sl->k->limit;
	sl->timed_out = 0;
	sl->abandon = 0;
	return 0;
}

/* The back-off before attempt+1: base, 2 base, 4 base ... at most max. */
static long long
backoff(int attempt)
{
	long long	delay = conf.job_retry_base;
	int		k;

	for (k = 1; k < attempt && delay < conf.job_retry_max; k++)
		delay *= 2;
	return delay > conf.job_retry_max ? conf.job_retry_max : delay;
}

/* Fails job id at once (claimed, in the open transaction). */
static int
fail_now(long long id, const char *why)
{
	log_warn(NULL, "job %lld failed: %s", id, why);
	return db_run_raw(db, NULL, 0, &st_fail_now,
	    (const struct db_param[]){ DBS(why), DBI(id) }, 2, NULL);
}

/*
 * Claims one job and starts it in slot sl.  Returns 1 if a job was
 * taken (started, or failed at once as unrunnable), 0 if none is due,
 * -1 on a database error.
 */
static int
claim(struct slot *sl)
{
	struct db_rows	 rows;
	char		 why[256];
	const char	*kind;
	long long	 id, attempts, max;
	int		 lease;

	if (parent_db() == NULL)
		return -1;
	if (db_run_raw(db, NULL, 0, &st_read_committed, NULL, 0, NULL) == -1 ||
	    db_tx_begin(db, NULL) == -1)
		return -1;
	if (db_run_raw(db, NULL, 0, &st_claim_lost, NULL, 0, &rows) == -1)
		goto fail;
	if (rows.nrows == 0) {
		db_rows_free(&rows);
		if (db_run_raw(db, NULL, 0, &st_claim_due, NULL, 0,
		    &rows) == -1)
			goto fail;
	}
	if (rows.nrows == 0) {
		db_rows_free(&rows);
		return db_tx_commit(db, NULL) == -1 ? -1 : 0;
	}
	id = util_num(DB_CELL(&rows, 0, 0));
	kind = DB_CELL(&rows, 0, 2);
	attempts = util_num(DB_CELL(&rows, 0, 4));
	max = util_num(DB_CELL(&rows, 0, 5));
	/*
	 * A kind this worker does not know (a newer worker's, during an
	 * upgrade; or none at all) counts as a failed attempt, so that
	 * another worker may take it after the back-off, and a kind that
	 * nobody knows ends failed.
	 */
	if ((sl->k = job_kind_find(kind, (int)conf.job_test_kinds)) == NULL) {
		snprintf(why, sizeof(why), "unknown job kind %.40s (worker %s)",
		    kind, worker_id);
		db_rows_free(&rows);
		if (db_run_raw(db, NULL, 0, &st_not_mine, (const struct db_param[])
		    { DBS(why), DBI(backoff((int)attempts + 1)), DBI(id) }, 3,
		    NULL) == -1 || (attempts + 1 >= max && fail_now(id, why) == -1))
			goto fail;
		if (attempts + 1 < max)
			log_warn(NULL, "job %lld: %s; queued again", id, why);
		return db_tx_commit(db, NULL) == -1 ? -1 : 1;
	}
	if (attempts >= max) {
		snprintf(why, sizeof(why), "worker lost (lease expired) on "
		    "attempt %lld of %lld", attempts, max);
		db_rows_free(&rows);
		if (fail_now(id, why) == -1)
			goto fail;
		return db_tx_commit(db, NULL) == -1 ? -1 : 1;
	}
	lease = sl->k->limit + (int)conf.job_lease_grace;
	if (db_run_raw(db, NULL, 0, &st_mark_running, (const struct db_param[])
	    { DBS(worker_id), DBI(lease), DBI(id) }, 3, NULL) == -1 ||
	    db_tx_commit(db, NULL) == -1) {
		db_rows_free(&rows);
		goto fail;
	}
	sl->id = id;
	sl->org = util_num(DB_CELL(&rows, 0, 1));
	sl->attempt = (int)attempts + 1;
	sl->max_attempts = (int)max;
	if (start_child(sl, DB_CELL(&rows, 0, 3)) == -1) {
		sl->pid = 0;
		db_run_raw(db, NULL, 0, &st_abandon, (const struct db_param[])
		    { DBI(id), DBS(worker_id), DBI(sl->attempt) }, 3, NULL);
		db_rows_free(&rows);
		return -1;
	}
	db_rows_free(&rows);
	return 1;
fail:
	db_tx_rollback(db, NULL);
	/* A broken connection is made again next time. */
	if (db_ping(db) == -1) {
		db_close(db);
		db = NULL;
	}
	return -1;
}

/* Claims jobs while there are free slots.  Returns how many were taken. */
static int
fill(void)
{
	int	i, n = 0, rc;

	for (i = 0; i < MAX_SLOTS && nrunning() < conf.job_workers; i++) {
		if (slots[i].pid > 0)
			continue;
		if ((rc = claim(&slots[i])) <= 0)
			break;
		n++;
	}
	return n;
}

/* Records the outcome of the job of slot sl, whose child ended with st. */
static void
finish(struct slot *sl, int st)
{
	char		 err[ERR_MAX + 64] = "";
	ssize_t		 k;
	size_t		 len = 0;
	long long	 delay;
	int		 ok = 0, rc;
	struct db_rows	 rows;
	double		 took = secs_since(&sl->started);

	while (len < ERR_MAX - 1 &&
	    (k = read(sl->errfd, err + len, ERR_MAX - 1 - len)) > 0)
		len += (size_t)k;
	err[len] = '\0';
	close(sl->errfd);
	if (sl->abandon) {
		log_info(NULL, "job %lld (%s) stopped with the worker: queued "
		    "again", sl->id, sl->k->kind);
		rc = db_run_raw(parent_db(), NULL, 0, &st_abandon,
		    (const struct db_param[]){ DBI(sl->id), DBS(worker_id),
		    DBI(sl->attempt) }, 3, &rows);
		goto out;
	}
	if (sl->timed_out)
		snprintf(err, sizeof(err), "time limit (%d s) exceeded: killed",
		    sl->k->limit);
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		ok = 1;
	else if (WIFSIGNALED(st))
		snprintf(err, sizeof(err), "killed by signal %d",
		    WTERMSIG(st));
	else if (err[0] == '\0')
		snprintf(err, sizeof(err), "exited %d", WEXITSTATUS(st));
	clean_error(err);
	if (ok) {
		log_info(NULL, "job %lld (%s) done in %.2f s (attempt %d)",
		    sl->id, sl->k->kind, took, sl->attempt);
		rc = db_run_raw(parent_db(), NULL, 0, &st_done,
		    (const struct db_param[]){ DBI(sl->id), DBS(worker_id),
		    DBI(sl->attempt) }, 3, &rows);
	} else if (sl->attempt >= sl->max_attempts) {
		log_warn(NULL, "job %lld (%s) failed after %d attempts: %s",
		    sl->id, sl->k->kind, sl->attempt, err);
		rc = db_run_raw(parent_db(), NULL, 0, &st_failed,
		    (const struct db_param[]){ DBS(err), DBI(sl->id),
		    DBS(worker_id), DBI(sl->attempt) }, 4, &rows);
	} else {
		delay = backoff(sl->attempt);
		log_warn(NULL, "job %lld (%s) attempt %d of %d failed: %s; "
		    "again in %lld s", sl->id, sl->k->kind, sl->attempt,
		    sl->max_attempts, err, delay);
		rc = db_run_raw(parent_db(), NULL, 0, &st_retry,
		    (const struct db_param[]){ DBS(err), DBI(delay),
		    DBI(sl->id), DBS(worker_id), DBI(sl->attempt) }, 5, &rows);
	}
out:
	if (rc == -1)
		log_err(NULL, "job %lld: outcome not recorded (database); it "
		    "runs again when its lease ends", sl->id);
	else {
		if (rows.affected != 1)
			log_warn(NULL, "job %lld: lease lost before the outcome "
			    "was recorded (another worker took it over)",
			    sl->id);
		db_rows_free(&rows);
	}
	sl->pid = 0;
}

static void
reap(void)
{
	pid_t	pid;
	int	st, i;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		for (i = 0; i < MAX_SLOTS; i++)
			if (slots[i].pid == pid) {
				finish(&slots[i], st);
				break;
			}
}

/* Kills the children past their time limit.  Returns ms to the next. */
static long
enforce_limits(void)
{
	struct timespec	now;
	long		ms, next = LONG_MAX;
	int		i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < MAX_SLOTS; i++) {
		if (slots[i].pid <= 0 || slots[i].timed_out)
			continue;
		ms = (slots[i].deadline.tv_sec - now.tv_sec) * 1000 +
		    (slots[i].deadline.tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0) {
			log_warn(NULL, "job %lld (%s): time limit of %d s "
			    "reached, killing it", slots[i].id,
			    slots[i].k->kind, slots[i].k->limit);
			slots[i].timed_out = 1;
			kill(slots[i].pid, SIGKILL);
		} else if (ms < next)
			next = ms;
	}
	return next;
}

static void
kill_all(int abandon)
{
	int	i;

	for (i = 0; i < MAX_SLOTS; i++)
		if (slots[i].pid > 0) {
			slots[i].abandon = abandon;
			kill(slots[i].pid, SIGKILL);
		}
}

/*
 * The heartbeat (also while stopping or reloading: the worker is
 * alive), and unless told not to, once per business day the daily
 * jobs and housekeeping.
 */
static void
periodic(struct timespec *last_beat, int daily)
{
	static struct timespec	last_probe, last_load;
	static char		source[320];
	struct job_opts		o = { 0, NULL, 0 };
	char			day[DATE_LEN], key[64];
	long			t;

	if (parent_db() == NULL)
		return;
	if (last_beat->tv_sec == 0 || secs_since(last_beat) >= HEARTBEAT_S) {
		clock_gettime(CLOCK_MONOTONIC, last_beat);
		db_run_raw(db, NULL, 0, &st_heartbeat, (const struct db_param[])
		    { DBS(worker_id), DBI(nrunning()) }, 2, NULL);
	}
	/*
	 * The organisations' access log lines this host's web workers
	 * wrote, into the database about once a second.
	 */
	if (conf.org_access_log != NULL && (last_load.tv_sec == 0 ||
	    secs_since(&last_load) >= 1.0)) {
		clock_gettime(CLOCK_MONOTONIC, &last_load);
		if (source[0] == '\0') {
			char	host[256];

			if (gethostname(host, sizeof(host)) == -1)
				snprintf(host, sizeof(host), "localhost");
			host[sizeof(host) - 1] = '\0';
			snprintf(source, sizeof(source), "%.100s:%.200s", host,
			    conf.org_access_log);
		}
		if (accesslog_load(db, conf.org_access_log, source) == -1)
			log_err(NULL, "access log %s: not loaded this time",
			    conf.org_access_log);
	}
	/* The availability probe: each worker looks, one takes the slot. */
	if (daily && (last_probe.tv_sec == 0 ||
	    secs_since(&last_probe) >= (double)conf.probe_seconds / 2)) {
		clock_gettime(CLOCK_MONOTONIC, &last_probe);
		probe_run(db, &conf);
	}
	if (!daily || (t = today()) == scheduled_day)
		return;
	date_format(t, day);
	if (conf.job_daily) {
		snprintf(key, sizeof(key), "reminders:%s", day);
		o.unique_key = key;
		if (jobs_enqueue_opts(db, 0, "reminders", day, &o) == -1)
			return;
		snprintf(key, sizeof(key), "sweep:%s", day);
		if (jobs_enqueue_opts(db, 0, "sweep", day, &o) == -1)
			return;
		log_info(NULL, "daily jobs of %s scheduled", day);
	}
	db_run_raw(db, NULL, 0, &st_purge_jobs, (const struct db_param[])
	    { DBI(conf.job_keep_days) }, 1, NULL);
	db_run_raw(db, NULL, 0, &st_purge_workers, NULL, 0, NULL);
	scheduled_day = t;
}

/* -e: adds one job.  Returns the exit status. */
static int
enqueue_one(const char *kind, long long org, int attempts, const char *key,
    const char *payload)
{
	struct job_opts	o = { 0, key, attempts };
	char		err[256];
	long long	id;

	if (job_kind_find(kind, (int)conf.job_test_kinds) == NULL) {
		fprintf(stderr, "keiyaku-jobs: no job kind %s\n", kind);
		return 2;
	}
	if ((db = db_open(&conf, err, sizeof(err))) == NULL) {
		fprintf(stderr, "keiyaku-jobs: database: %s\n", err);
		return 1;
	}
	id = jobs_enqueue_opts(db, org, kind, payload, &o);
	db_close(db);
	db = NULL;
	if (id <= 0) {
		fprintf(stderr, "keiyaku-jobs: the job was not added (see "
		    "the log)\n");
		return 1;
	}
	printf("%lld\n", id);
	return 0;
}

static void
daemonize(void)
{
	pid_t	pid;
	int	fd;

	if ((pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (pid > 0)
		_exit(0);
	setsid();
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, 0);
		dup2(fd, 1);
		close(fd);
	}
}

/* SIGHUP: the same process, the binary and configuration now on disk. */
static void
reexec(void)
{
	char	*av[8];
	int	 n = 0;

	av[n++] = self_exe;
	av[n++] = (char *)(uintptr_t)"-c";
	av[n++] = conf_path;
	if (pidfile != NULL) {
		av[n++] = (char *)(uintptr_t)"-p";
		av[n++] = (char *)(uintptr_t)pidfile;
	}
	av[n] = NULL;
	log_info(NULL, "reloading: executing %s again", self_exe);
	db_close(db);
	db = NULL;
	execv(self_exe, av);
	log_err(NULL, "exec %s: %s; going on as before", self_exe,
	    strerror(errno));
}

int
main(int argc, char *argv[])
{
	sigset_t		 set;
	siginfo_t		 si;
	struct timespec		 tmo, beat = { 0, 0 }, stop_at = { 0, 0 };
	struct passwd		*pw;
	const char		*today_env, *ekind = NULL, *ekey = NULL;
	char			 err[512], host[64];
	long long		 eorg = 0;
	long			 ms;
	int			 c, d = 0, once = 0, eattempts = 0, fd, sig;
	int			 stopping = 0, reloading = 0, took;
	ssize_t			 k;
	FILE			*f;

	log_init("keiyaku-jobs");
	while ((c = getopt(argc, argv, "1a:c:de:k:o:p:")) != -1)
		switch (c) {
		case '1':
			once = 1;
			break;
		case 'a':
			eattempts = atoi(optarg);
			break;
		case 'c':
			if (realpath(optarg, conf_path) == NULL) {
				perror(optarg);
				return 1;
			}
			break;
		case 'd':
			d = 1;
			break;
		case 'e':
			ekind = optarg;
			break;
		case 'k':
			ekey = optarg;
			break;
		case 'o':
			if (util_parse_int64(optarg, &eorg) == -1 || eorg < 0)
				usage();
			break;
		case 'p':
			pidfile = optarg;
			break;
		default:
			usage();
		}
	if (conf_path[0] == '\0')
		usage();
	conf_defaults(&conf);
	if (conf_load(&conf, conf_path, err, sizeof(err)) == -1) {
		fprintf(stderr, "keiyaku-jobs: %s\n", err);
		return 1;
	}
	if ((today_env = getenv("KEIYAKU_TODAY")) != NULL &&
	    *today_env != '\0' && date_parse(today_env, &fixed_today) == -1) {
		fprintf(stderr, "keiyaku-jobs: KEIYAKU_TODAY: want "
		    "YYYY-MM-DD\n");
		return 1;
	}
	/* Once, before any job child: libcurl (the mail kind). */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "keiyaku-jobs: curl_global_init failed\n");
		return 1;
	}
	if (ekind != NULL) {
		c = enqueue_one(ekind, eorg, eattempts, ekey,
		    optind < argc ? argv[optind] : "");
		conf_free(&conf);
		curl_global_cleanup();
		return c;
	}
	if (optind != argc)
		usage();
	if ((k = readlink("/proc/self/exe", self_exe,
	    sizeof(self_exe) - 1)) <= 0) {
		perror("/proc/self/exe");
		return 1;
	}
	self_exe[k] = '\0';
	if (geteuid() == 0 && conf.worker_user != NULL) {
		if ((pw = getpwnam(conf.worker_user)) == NULL) {
			fprintf(stderr, "keiyaku-jobs: no user %s\n",
			    conf.worker_user);
			return 1;
		}
		run_uid = pw->pw_uid;
		run_gid = pw->pw_gid;
	}
	if (conf.job_log != NULL || conf.error_log != NULL) {
		const char *lp = conf.job_log ? conf.job_log : conf.error_log;

		if ((fd = open(lp, O_WRONLY | O_APPEND | O_CREAT, 0640)) == -1) {
			perror(lp);
			return 1;
		}
		if (run_uid != (uid_t)-1 && fchown(fd, run_uid, (gid_t)-1) == -1)
			perror(lp);
		dup2(fd, 2);
		close(fd);
	}
	if (d)
		daemonize();
	parent_pid = getpid();
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(worker_id, sizeof(worker_id), "%.60s:%ld", host,
	    (long)parent_pid);
	if (pidfile != NULL) {
		if ((f = fopen(pidfile, "w")) == NULL) {
			log_err(NULL, "%s: %s", pidfile, strerror(errno));
			return 1;
		}
		fprintf(f, "%ld\n", (long)parent_pid);
		fclose(f);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_info(NULL, "worker %s: %lld at once, looking every %lld ms%s%s",
	    worker_id, conf.job_workers, conf.job_poll_ms,
	    fixed_today >= 0 ? ", KEIYAKU_TODAY=" : "",
	    fixed_today >= 0 ? today_env : "");

	for (;;) {
		took = 0;
		periodic(&beat, !stopping && !reloading);
		if (!stopping && !reloading)
			took = fill();
		if (once && !stopping && took == 0 && nrunning() == 0)
			break;
		ms = enforce_limits();
		if (ms > conf.job_poll_ms)
			ms = conf.job_poll_ms;
		if (took > 0)
			ms = 0;	/* more may be due: look again at once */
		tmo.tv_sec = ms / 1000;
		tmo.tv_nsec = (ms % 1000) * 1000000;
		sig = sigtimedwait(&set, &si, &tmo);
		reap();
		if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
			log_info(NULL, "stopping: %d job%s running", nrunning(),
			    nrunning() == 1 ? "" : "s");
			stopping = 1;
			clock_gettime(CLOCK_MONOTONIC, &stop_at);
		} else if (sig == SIGHUP && !stopping && !once) {
			log_info(NULL, "reload asked: after the running jobs");
			reloading = 1;
		}
		if (stopping) {
			if (nrunning() == 0)
				break;
			if (secs_since(&stop_at) >= (double)conf.job_stop_wait)
				kill_all(1);
		} else if (reloading && nrunning() == 0) {
			reexec();
			reloading = 0;
		}
	}
	if (parent_db() != NULL)
		db_run_raw(db, NULL, 0, &st_worker_gone,
		    (const struct db_param[]){ DBS(worker_id) }, 1, NULL);
	db_close(db);
	if (pidfile != NULL)
		unlink(pidfile);
	log_info(NULL, "worker %s stopped", worker_id);
	conf_free(&conf);
	curl_global_cleanup();
	return 0;
}
