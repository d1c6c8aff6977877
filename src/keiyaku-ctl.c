/*
 * keiyaku-ctl: command-line tasks for operators and scripts.
 *
 *   keiyaku-ctl hash-password	read a password on stdin, print its
 *				Argon2id hash (parameters from the
 *				configuration in KEIYAKU_CONF, if set)
 *   keiyaku-ctl maintenance on [-u "YYYY-MM-DD HH:MM"] [-m MESSAGE]
 *   keiyaku-ctl maintenance off | status
 *				maintenance mode (lib/maint.h): every
 *				page but the operator console answers
 *				503 with the end time (Japan time) and
 *				the message, until it is off again
 *   keiyaku-ctl oplog-verify all | ORG ...
 *				walks each organisation's operation log
 *				chain: a line per organisation, OK or
 *				where and how it breaks; exit 1 if any
 *				chain is broken
 *   keiyaku-ctl verify all | ORG ...
 *				bulk verification (一括検証) of every
 *				organisation, or of those named, now:
 *				each run recorded as the admin page's
 *				are; a line per organisation, then
 *				every failure; exit 1 if any file failed
 *				(configuration: KEIYAKU_CONF, else the
 *				installed keiyaku.conf)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulkverify.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "logarchive.h"
#include "maint.h"
#include "oplog.h"
#include "util.h"

DB_STMT_GLOBAL(st_ctl_orgs, "an operator verifies every organisation",
    "SELECT id FROM organisations ORDER BY id");
DB_STMT_TENANT(st_ctl_failures,
    "SELECT document_id, contract_id, version, filename, problem "
    "FROM verification_results WHERE organisation_id = ? AND run_id = ? "
    "AND ok = 0 ORDER BY id");

static int
hash_password(void)
{
	struct conf	 c;
	const char	*path;
	char		 pw[1100], err[512], *h;
	size_t		 n;

	conf_defaults(&c);
	if ((path = getenv("KEIYAKU_CONF")) != NULL &&
	    conf_load(&c, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "keiyaku-ctl: %s\n", err);
		return 1;
	}
	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "keiyaku-ctl: no password on stdin\n");
		return 1;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (n == 0 || n > 1024) {
		fprintf(stderr, "keiyaku-ctl: password must be 1 to 1024 bytes\n");
		return 1;
	}
	if ((h = crypto_password_hash(&c, pw)) == NULL) {
		fprintf(stderr, "keiyaku-ctl: hashing failed\n");
		return 1;
	}
	printf("%s\n", h);
	free(h);
	conf_free(&c);
	return 0;
}

/* The organisations named (or all): their ids, or NULL after saying why. */
static long long *
orgs_of(struct db *db, int argc, char *argv[], size_t *n)
{
	struct db_rows	 orgs;
	long long	*ids, org;
	size_t		 i;

	*n = 0;
	if (argc == 1 && strcmp(argv[0], "all") == 0) {
		if (db_run_raw(db, "ctl", 0, &st_ctl_orgs, NULL, 0,
		    &orgs) == -1) {
			fprintf(stderr, "keiyaku-ctl: database error\n");
			return NULL;
		}
		ids = xcalloc(orgs.nrows + 1, sizeof(*ids));
		for (i = 0; i < orgs.nrows; i++)
			ids[(*n)++] = util_num(DB_CELL(&orgs, i, 0));
		db_rows_free(&orgs);
		return ids;
	}
	ids = xcalloc((size_t)argc + 1, sizeof(*ids));
	for (i = 0; i < (size_t)argc; i++) {
		if (util_parse_int64(argv[i], &org) == -1 || org <= 0) {
			fprintf(stderr, "keiyaku-ctl: %s: not an organisation "
			    "id\n", argv[i]);
			free(ids);
			return NULL;
		}
		ids[(*n)++] = org;
	}
	return ids;
}

/* The configuration and a database connection, or NULL. */
static struct db *
open_db(struct conf *c)
{
	struct db	*db;
	const char	*path;
	char		 err[512];

	conf_defaults(c);
	if ((path = getenv("KEIYAKU_CONF")) == NULL)
		path = SYSCONFDIR "/keiyaku/keiyaku.conf";
	if (conf_load(c, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "keiyaku-ctl: %s\n", err);
		return NULL;
	}
	if ((db = db_open(c, err, sizeof(err))) == NULL) {
		fprintf(stderr, "keiyaku-ctl: database: %s\n", err);
		conf_free(c);
	}
	return db;
}

static int
oplog_check(int argc, char *argv[])
{
	struct conf		 c;
	struct db		*db;
	struct oplog_check	 v;
	long long		*ids;
	size_t			 i, n;
	int			 rc = 0;

	if ((db = open_db(&c)) == NULL)
		return 2;
	if ((ids = orgs_of(db, argc, argv, &n)) == NULL) {
		db_close(db);
		conf_free(&c);
		return 2;
	}
	for (i = 0; i < n; i++) {
		if (oplog_verify(db, &c, "ctl", ids[i], &v) == -1) {
			fprintf(stderr, "keiyaku-ctl: organisation %lld: "
			    "database error\n", ids[i]);
			rc = 2;
			continue;
		}
		if (v.ok)
			printf("organisation %lld: OK, %lld entries, %lld daily "
			    "seals, %lld entries in archives\n", ids[i],
			    v.entries, v.seals, v.archived);
		else {
			printf("organisation %lld: BROKEN at entry %lld: %s\n",
			    ids[i], v.bad_id, v.why);
			if (rc == 0)
				rc = 1;
		}
	}
	free(ids);
	db_close(db);
	conf_free(&c);
	return rc;
}

static int
verify(int argc, char *argv[])
{
	struct conf		 c;
	struct db		*db;
	struct db_rows		 f;
	struct bv_counts	 n;
	char			 err[512];
	long long		 org, run, *ids = NULL;
	size_t			 i, k, nids = 0;
	int			 rc = 0;

	if ((db = open_db(&c)) == NULL)
		return 2;
	if ((ids = orgs_of(db, argc, argv, &nids)) == NULL) {
		rc = 2;
		goto out;
	}
	printf("%-12s %8s %8s %10s %7s %9s %8s\n", "organisation", "files",
	    "signed", "signatures", "failed", "seconds", "files/s");
	for (i = 0; i < nids; i++) {
		org = ids[i];
		if ((run = bv_create(db, "ctl", org, "cli", 0)) == -1) {
			fprintf(stderr, "keiyaku-ctl: organisation %lld: cannot "
			    "start a run (does it exist?)\n", org);
			rc = 2;
			continue;
		}
		if (bv_execute(db, &c, "ctl", org, run, &n, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "keiyaku-ctl: organisation %lld: %s\n",
			    org, err);
			rc = 2;
			continue;
		}
		printf("%-12lld %8lld %8lld %10lld %7lld %9.3f %8.0f\n", org,
		    n.files, n.signed_files, n.signatures, n.failed, n.seconds,
		    n.seconds > 0 ? (double)n.files / n.seconds : 0.0);
		if (n.failed == 0)
			continue;
		if (rc == 0)
			rc = 1;
		if (db_run_raw(db, "ctl", org, &st_ctl_failures,
		    (const struct db_param[]){ DBI(run) }, 1, &f) == -1)
			continue;
		for (k = 0; k < f.nrows; k++)
			printf("FAILED organisation %lld run %lld: document %s "
			    "(contract %s, %s%s%s%s): %s\n", org, run,
			    DB_CELL(&f, k, 0), DB_CELL(&f, k, 1),
			    DB_CELL(&f, k, 2) ? "v" : "",
			    DB_CELL(&f, k, 2) ? DB_CELL(&f, k, 2) : "",
			    DB_CELL(&f, k, 2) ? " " : "", DB_CELL(&f, k, 3),
			    DB_CELL(&f, k, 4));
		db_rows_free(&f);
	}
out:
	free(ids);
	db_close(db);
	conf_free(&c);
	return rc;
}

static int
maintenance(int argc, char *argv[])
{
	struct conf	 c;
	struct maint	 m;
	const char	*path, *until = NULL, *msg = NULL;
	char		 err[512];
	int		 i, rc = 0;

	conf_defaults(&c);
	if ((path = getenv("KEIYAKU_CONF")) == NULL)
		path = SYSCONFDIR "/keiyaku/keiyaku.conf";
	if (conf_load(&c, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "keiyaku-ctl: %s\n", err);
		return 2;
	}
	if (c.maintenance_file == NULL) {
		fprintf(stderr, "keiyaku-ctl: no maintenance_file configured\n");
		conf_free(&c);
		return 2;
	}
	if (strcmp(argv[0], "on") == 0) {
		for (i = 1; i + 1 < argc; i += 2)
			if (strcmp(argv[i], "-u") == 0)
				until = argv[i + 1];
			else if (strcmp(argv[i], "-m") == 0)
				msg = argv[i + 1];
			else
				break;
		if (i != argc || maint_write(c.maintenance_file, until, msg,
		    err, sizeof(err)) == -1) {
			fprintf(stderr, "keiyaku-ctl: %s\n", i != argc ?
			    "usage: maintenance on [-u \"YYYY-MM-DD HH:MM\"] "
			    "[-m MESSAGE]" : err);
			rc = 2;
		} else
			printf("maintenance: on\n");
	} else if (strcmp(argv[0], "off") == 0 && argc == 1) {
		if (maint_off(c.maintenance_file) == -1) {
			fprintf(stderr, "keiyaku-ctl: cannot remove %s\n",
			    c.maintenance_file);
			rc = 2;
		} else
			printf("maintenance: off\n");
	} else if (strcmp(argv[0], "status") == 0 && argc == 1) {
		if (maint_read(c.maintenance_file, &m))
			printf("maintenance: on%s%s%s%s\n", *m.until_text ?
			    ", until " : "", m.until_text, *m.message ?
			    ": " : "", m.message);
		else
			printf("maintenance: off\n");
	} else {
		fprintf(stderr, "usage: keiyaku-ctl maintenance on|off|status\n");
		rc = 2;
	}
	conf_free(&c);
	return rc;
}

/* Moves log rows older than log_keep_days to files now. */
static int
archive_logs(int argc, char *argv[])
{
	struct conf			 c;
	struct db			*db;
	struct logarchive_counts	 n;
	long long			*ids;
	size_t				 i, nids = 0;
	char				 err[512];
	int				 rc = 0;

	if ((db = open_db(&c)) == NULL)
		return 2;
	if ((ids = orgs_of(db, argc, argv, &nids)) == NULL) {
		db_close(db);
		conf_free(&c);
		return 2;
	}
	for (i = 0; i < nids; i++) {
		if (logarchive_run(&c, "ctl", ids[i], &n, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "keiyaku-ctl: organisation %lld: %s\n",
			    ids[i], err);
			rc = 1;
			continue;
		}
		printf("organisation %lld: %lld files, %lld access log rows, "
		    "%lld operation log entries archived\n", ids[i], n.files,
		    n.access_rows, n.oplog_rows);
	}
	free(ids);
	db_close(db);
	conf_free(&c);
	return rc;
}

int
main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "hash-password") == 0)
		return hash_password();
	if (argc >= 3 && strcmp(argv[1], "verify") == 0)
		return verify(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "oplog-verify") == 0)
		return oplog_check(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "maintenance") == 0)
		return maintenance(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "archive-logs") == 0)
		return archive_logs(argc - 2, argv + 2);
	fprintf(stderr, "usage: keiyaku-ctl hash-password < password\n"
	    "       keiyaku-ctl verify all | ORG ...\n"
	    "       keiyaku-ctl oplog-verify all | ORG ...\n"
	    "       keiyaku-ctl archive-logs all | ORG ...\n"
	    "       keiyaku-ctl maintenance on [-u \"YYYY-MM-DD HH:MM\"] "
	    "[-m MESSAGE] | off | status\n");
	return 2;
}
