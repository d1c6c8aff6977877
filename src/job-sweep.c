/*
 * Job kind "sweep": removes what interrupted work left behind, once
 * it is older than an hour (so nothing in flight is touched):
 *  - temporary files of the document store (in store_dir/tmp) and
 *    of the web and job processes (upload and extract files in tmp_dir);
 *  - files in the store that no documents row names: an upload whose
 *    file was renamed into place but whose row was never committed;
 *  - rows of the search index (sql/0009, not transactional) that a
 *    rolled-back write left behind: a row without its contract goes,
 *    a row whose metadata or audience no longer agrees is rewritten.
 * Scheduled once a day by keiyaku-jobs; safe to run at any time.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "job-kinds.h"
#include "log.h"
#include "store.h"
#include "util.h"

#define GRACE	3600	/* seconds */

DB_STMT_TENANT(st_sweep_known,
    "SELECT 1 FROM documents WHERE organisation_id = ? AND storage_name = ?");

DB_STMT_GLOBAL(st_sweep_orgs, "the sweep visits every organisation",
    "SELECT id FROM organisations ORDER BY id");
DB_STMT_TENANT(st_sweep_search_gone,
    "SELECT s.contract_id FROM contract_search s LEFT JOIN contracts c "
    "ON c.organisation_id = s.organisation_id AND c.id = s.contract_id "
    "WHERE s.organisation_id = ? AND c.id IS NULL");
DB_STMT_TENANT(st_sweep_search_lock,
    "SELECT id FROM contracts WHERE organisation_id = ? AND id = ? "
    "LOCK IN SHARE MODE");
/* Both fixes take (organisation, contract) after the bound one. */
DB_STMT_TENANT(st_sweep_search_drop,
    "DELETE FROM contract_search WHERE organisation_id = ? "
    "AND organisation_id = ? AND contract_id = ?");
DB_STMT_TENANT(st_sweep_search_stale,
    "SELECT c.id FROM contracts c JOIN contract_search s "
    "ON s.contract_id = c.id WHERE c.organisation_id = ? "
    "AND s.organisation_id = c.organisation_id "
    "AND (s.audience <> search_audience(c.organisation_id, c.id, "
    "c.department_id, c.owner_id) OR s.meta <> search_meta(c.number, "
    "c.title, c.counterparty, c.counterparty_dept, c.counterparty_contact, "
    "c.notes))");
DB_STMT_TENANT(st_sweep_search_fix,
    "UPDATE contract_search SET organisation_id = ?, "
    "audience = (SELECT search_audience(c.organisation_id, c.id, "
    "c.department_id, c.owner_id) FROM contracts c WHERE "
    "c.organisation_id = contract_search.organisation_id "
    "AND c.id = contract_search.contract_id), "
    "meta = (SELECT search_meta(c.number, c.title, c.counterparty, "
    "c.counterparty_dept, c.counterparty_contact, c.notes) FROM contracts c "
    "WHERE c.organisation_id = contract_search.organisation_id "
    "AND c.id = contract_search.contract_id) "
    "WHERE organisation_id = ? AND contract_id = ?");

static int
old_enough(const char *path, time_t now)
{
	struct stat	st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    now - st.st_mtime >= GRACE;
}

/* Removes the old files in dir whose names start with one of prefixes. */
static int
sweep_tmp(const char *rid, const char *dir, const char *const *prefixes,
    time_t now)
{
	DIR		*d;
	struct dirent	*e;
	char		*p;
	size_t		 i;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		for (i = 0; prefixes[i] != NULL; i++) {
			if (strncmp(e->d_name, prefixes[i],
			    strlen(prefixes[i])) != 0)
				continue;
			p = xasprintf("%s/%s", dir, e->d_name);
			if (old_enough(p, now) && unlink(p) == 0) {
				log_info(rid, "sweep: removed %s", p);
				n++;
			}
			free(p);
			break;
		}
	closedir(d);
	return n;
}

/* store_dir/<org>/<2 hex>/<name>: files without a row go. */
static int
sweep_store(struct job_ctx *ctx, time_t now, int *removed)
{
	DIR		*top, *sub, *leaf;
	struct dirent	*o, *x, *f;
	struct db_rows	 rows;
	long long	 org;
	char		*po, *px, *pf;
	int		 rc = 0;

	if ((top = opendir(ctx->conf->store_dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (o = readdir(top)) != NULL) {
		if (util_parse_int64(o->d_name, &org) == -1 || org <= 0)
			continue;
		po = xasprintf("%s/%s", ctx->conf->store_dir, o->d_name);
		if ((sub = opendir(po)) == NULL) {
			free(po);
			continue;
		}
		while (rc == 0 && (x = readdir(sub)) != NULL) {
			if (strlen(x->d_name) != 2 || x->d_name[0] == '.')
				continue;
			px = xasprintf("%s/%s", po, x->d_name);
			if ((leaf = opendir(px)) == NULL) {
				free(px);
				continue;
			}
			while (rc == 0 && (f = readdir(leaf)) != NULL) {
				if (f->d_name[0] == '.')
					continue;
				pf = xasprintf("%s/%s", px, f->d_name);
				if (!old_enough(pf, now)) {
					free(pf);
					continue;
				}
				if (store_valid_name(f->d_name)) {
					if (JOB_RUN(ctx, org, &st_sweep_known,
					    &rows, DBS(f->d_name)) == -1) {
						rc = -1;
						free(pf);
						break;
					}
					if (rows.nrows > 0) {
						db_rows_free(&rows);
						free(pf);
						continue;
					}
					db_rows_free(&rows);
				}
				if (unlink(pf) == 0) {
					log_info(ctx->rid, "sweep: removed the "
					    "orphan %s", pf);
					(*removed)++;
				}
				free(pf);
			}
			closedir(leaf);
			free(px);
		}
		closedir(sub);
		free(po);
	}
	closedir(top);
	return rc;
}

/*
 * Runs find (contract ids) in org; for each, under a shared lock on the
 * contract (a write in flight finishes first, and none starts until
 * this one is done), runs fix when the contract is there as want says.
 * The number fixed, or -1.
 */
static int
sweep_search_each(struct job_ctx *ctx, long long org,
    const struct db_stmt *find, const struct db_stmt *fix, int want)
{
	struct db_rows	 rows, lk;
	long long	 id;
	size_t		 i;
	int		 n = 0, rc = 0, there;

	if (JOB_RUN0(ctx, org, find, &rows) == -1)
		return -1;
	for (i = 0; rc == 0 && i < rows.nrows; i++) {
		if (util_parse_int64(DB_CELL(&rows, i, 0), &id) == -1)
			continue;
		if (db_tx_begin(ctx->db, ctx->rid) == -1 ||
		    JOB_RUN(ctx, org, &st_sweep_search_lock, &lk,
		    DBI(id)) == -1) {
			rc = -1;
			break;
		}
		there = lk.nrows > 0;
		db_rows_free(&lk);
		if (there == want) {
			if (JOB_RUN(ctx, org, fix, NULL, DBI(org),
			    DBI(id)) == -1) {
				rc = -1;
				break;
			}
			n++;
		}
		if (db_tx_commit(ctx->db, ctx->rid) == -1)
			rc = -1;
	}
	if (rc == -1)
		db_tx_rollback(ctx->db, ctx->rid);
	db_rows_free(&rows);
	return rc == -1 ? -1 : n;
}

/* The search index, organisation by organisation. */
static int
sweep_search(struct job_ctx *ctx)
{
	struct db_rows	 orgs;
	long long	 org;
	size_t		 i;
	int		 gone, stale, rc = 0;

	if (JOB_RUN0(ctx, 0, &st_sweep_orgs, &orgs) == -1)
		return -1;
	for (i = 0; rc == 0 && i < orgs.nrows; i++) {
		if (util_parse_int64(DB_CELL(&orgs, i, 0), &org) == -1)
			continue;
		gone = sweep_search_each(ctx, org, &st_sweep_search_gone,
		    &st_sweep_search_drop, 0);
		stale = gone == -1 ? -1 : sweep_search_each(ctx, org,
		    &st_sweep_search_stale, &st_sweep_search_fix, 1);
		if (stale == -1)
			rc = -1;
		else if (gone + stale > 0)
			log_info(ctx->rid, "sweep: organisation %lld: search "
			    "index: %d row(s) removed, %d rewritten", org,
			    gone, stale);
	}
	db_rows_free(&orgs);
	return rc;
}

int
job_sweep(struct job_ctx *ctx, const char *payload, char *err, size_t errsz)
{
	static const char *const store_tmp[] = { "", NULL };
	static const char *const web_tmp[] = { "upload.", "extract.", NULL };
	time_t	 now = time(NULL);
	char	*p;
	int	 n = 0;

	(void)payload;
	if (ctx->conf->store_dir != NULL) {
		p = xasprintf("%s/tmp", ctx->conf->store_dir);
		n += sweep_tmp(ctx->rid, p, store_tmp, now);
		free(p);
		if (sweep_store(ctx, now, &n) == -1) {
			snprintf(err, errsz, "database");
			return -1;
		}
	}
	if (ctx->conf->tmp_dir != NULL)
		n += sweep_tmp(ctx->rid, ctx->conf->tmp_dir, web_tmp, now);
	if (sweep_search(ctx) == -1) {
		snprintf(err, errsz, "database");
		return -1;
	}
	log_info(ctx->rid, "sweep: %d file(s) removed", n);
	return 0;
}
