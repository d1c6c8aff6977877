/*
 * Bulk verification (lib/bulkverify.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "bulkverify.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "store.h"
#include "util.h"
#include "verify.h"

#define PAGE	200	/* files per transaction of results */

#define BV_RUN(db, rid, org, st, rows, ...) \
	db_run_raw((db), (rid), (org), (st), \
	    (const struct db_param[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_param), (rows))

DB_STMT_TENANT(st_bv_create,
    "INSERT INTO verification_runs (organisation_id, source, started_by) "
    "VALUES (?, ?, ?)");
DB_STMT_TENANT(st_bv_running,
    "UPDATE verification_runs SET organisation_id = ?, state = 'running', "
    "started_at = NOW(6) WHERE organisation_id = ? AND id = ? "
    "AND state IN ('queued', 'running')");
DB_STMT_TENANT(st_bv_clear,
    "DELETE FROM verification_results WHERE organisation_id = ? "
    "AND run_id = ?");
DB_STMT_TENANT(st_bv_docs,
    "SELECT id, contract_id, kind, version, filename, size, sha256, "
    "storage_name, signing_request_id IS NOT NULL, media_type "
    "FROM documents WHERE organisation_id = ? AND id > ? ORDER BY id "
    "LIMIT 200");
DB_STMT_TENANT(st_bv_result,
    "INSERT INTO verification_results (organisation_id, run_id, "
    "document_id, contract_id, kind, version, filename, size, "
    "recorded_sha256, actual_sha256, signed, signatures, ok, problem) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, LEFT(?, 500))");
DB_STMT_TENANT(st_bv_done,
    "UPDATE verification_runs SET organisation_id = ?, state = ?, "
    "files = ?, files_ok = ?, files_failed = ?, signed_files = ?, "
    "signatures = ?, bytes = ?, seconds = ?, error = LEFT(?, 500), "
    "finished_at = NOW(6) WHERE organisation_id = ? AND id = ?");

long long
bv_create(struct db *db, const char *rid, long long org, const char *source,
    long long user)
{
	struct db_rows	rows;
	long long	id;

	if (BV_RUN(db, rid, org, &st_bv_create, &rows, DBS(source),
	    user > 0 ? DBI(user) : DBS(NULL)) == -1)
		return -1;
	id = rows.insert_id;
	db_rows_free(&rows);
	return id;
}

/*
 * One file: what is wrong with it into problem ("" when nothing), the
 * SHA-256 of what was read into sha, its signatures counted.
 */
static void
check_file(const struct conf *c, long long org, const unsigned char *key,
    X509_STORE *st, char *const *row, struct buf *data, char sha[65],
    long long *nsig, char *problem, size_t psz)
{
	struct vf_result	 res;
	unsigned char		 md[32];
	long long		 size = 0;
	size_t			 i;

	*sha = '\0';
	*problem = '\0';
	*nsig = 0;
	util_parse_int64(row[5], &size);
	if (store_load(c, org, key, row[7], size, data) == -1) {
		snprintf(problem, psz, "the stored file cannot be read, or a "
		    "part of it does not authenticate: altered, damaged or "
		    "missing");
		return;
	}
	SHA256((unsigned char *)data->data, data->len, md);
	util_hex(md, 32, sha);
	if (strcmp(sha, row[6]) != 0) {
		snprintf(problem, psz, "its SHA-256 is not the one recorded "
		    "when it was stored");
		return;
	}
	if (strcmp(row[8], "1") != 0 || strcmp(row[9], "application/pdf") != 0)
		return;
	if (verify_pdf(st, (unsigned char *)data->data, data->len,
	    &res) == -1) {
		snprintf(problem, psz, "not a PDF");
		return;
	}
	*nsig = (long long)res.nsigs;
	if (!res.valid) {
		for (i = 0; i < res.nsigs; i++)
			if (!res.sigs[i].valid)
				break;
		if (res.nsigs == 0)
			snprintf(problem, psz, "no signature");
		else if (i < res.nsigs)
			snprintf(problem, psz, "signature %zu: %s", i + 1,
			    res.sigs[i].error);
		else
			snprintf(problem, psz, "changed after the last "
			    "signature");
	}
	verify_result_free(&res);
}

static int
run_files(struct db *db, const struct conf *c, const char *rid,
    long long org, long long run, X509_STORE *st, struct bv_counts *n,
    char *err, size_t errsz)
{
	struct db_rows	 rows;
	struct buf	 data = { NULL, 0, 0 };
	unsigned char	 key[STORE_KEY];
	char		 sha[65], problem[500];
	long long	 last = 0, nsig, v;
	size_t		 i;
	int		 rc = -1;

	if (store_org_key(db, c, rid, org, key) == -1) {
		snprintf(err, errsz, "the organisation's key cannot be read");
		return -1;
	}
	for (;;) {
		if (BV_RUN(db, rid, org, &st_bv_docs, &rows, DBI(last)) == -1) {
			snprintf(err, errsz, "database error listing files");
			goto out;
		}
		if (rows.nrows == 0) {
			db_rows_free(&rows);
			break;
		}
		if (db_tx_begin(db, rid) == -1) {
			db_rows_free(&rows);
			snprintf(err, errsz, "database error");
			goto out;
		}
		for (i = 0; i < rows.nrows; i++) {
			char *const *row = &DB_CELL(&rows, i, 0);

			check_file(c, org, key, st, row, &data, sha, &nsig,
			    problem, sizeof(problem));
			n->files++;
			n->bytes += (long long)data.len;
			if (*problem)
				n->failed++;
			else
				n->ok++;
			if (strcmp(row[8], "1") == 0)
				n->signed_files++;
			n->signatures += nsig;
			if (*problem)
				log_info(rid, "verification run %lld: document "
				    "%s (contract %s): %s", run, row[0], row[1],
				    problem);
			if (BV_RUN(db, rid, org, &st_bv_result, NULL, DBI(run),
			    DBS(row[0]), DBS(row[1]), DBS(row[2]),
			    row[3] ? DBS(row[3]) : DBS(NULL), DBS(row[4]),
			    DBS(row[5]), DBS(row[6]), DBS(sha),
			    DBI(strcmp(row[8], "1") == 0), DBI(nsig),
			    DBI(*problem == '\0'), DBS(problem)) == -1) {
				db_tx_rollback(db, rid);
				db_rows_free(&rows);
				snprintf(err, errsz, "database error writing "
				    "results");
				goto out;
			}
		}
		util_parse_int64(DB_CELL(&rows, rows.nrows - 1, 0), &v);
		last = v;
		db_rows_free(&rows);
		if (db_tx_commit(db, rid) == -1) {
			snprintf(err, errsz, "database error writing results");
			goto out;
		}
	}
	rc = 0;
out:
	OPENSSL_cleanse(key, sizeof(key));
	buf_free(&data);
	return rc;
}

/*
 * Run run of organisation org from start to end: its results (made
 * again if it was interrupted) and its counts.  0, or -1 with the
 * reason in err (also on the run's row).
 */
int
bv_execute(struct db *db, const struct conf *c, const char *rid,
    long long org, long long run, struct bv_counts *n, char *err,
    size_t errsz)
{
	X509_STORE	*st = NULL;
	struct timespec	 t0, t1;
	char		 secs[32];
	int		 rc = -1;

	memset(n, 0, sizeof(*n));
	*err = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (BV_RUN(db, rid, org, &st_bv_running, NULL, DBI(org),
	    DBI(run)) == -1 ||
	    BV_RUN(db, rid, org, &st_bv_clear, NULL, DBI(run)) == -1) {
		snprintf(err, errsz, "database error starting the run");
		return -1;
	}
	if (c->signer_ca_file == NULL ||
	    (st = verify_store(c->signer_ca_file, err, errsz)) == NULL) {
		if (*err == '\0')
			snprintf(err, errsz, "no signer_ca_file configured");
	} else
		rc = run_files(db, c, rid, org, run, st, n, err, errsz);
	X509_STORE_free(st);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	n->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	snprintf(secs, sizeof(secs), "%.3f", n->seconds);
	if (BV_RUN(db, rid, org, &st_bv_done, NULL,
	    DBS(rc == 0 ? "done" : "failed"), DBI(n->files), DBI(n->ok),
	    DBI(n->failed), DBI(n->signed_files), DBI(n->signatures),
	    DBI(n->bytes), DBS(secs), DBS(err), DBI(org), DBI(run)) == -1) {
		if (*err == '\0')
			snprintf(err, errsz, "database error ending the run");
		return -1;
	}
	log_info(rid, "verification run %lld, organisation %lld: %lld files "
	    "(%lld signed, %lld signatures), %lld failed, %.3f s", run, org,
	    n->files, n->signed_files, n->signatures, n->failed, n->seconds);
	return rc;
}
