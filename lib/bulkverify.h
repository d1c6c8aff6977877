/*
 * Bulk verification (一括検証, lib/bulkverify.c): every stored file of
 * an organisation read back from the document store (decrypted, each
 * segment authenticated), its SHA-256 compared with the one recorded
 * when it was stored, and every file that signing made (signed
 * versions, sealed documents, audit certificates) verified with
 * lib/verify.c against the deployment's CA.  One result row per file
 * (sql/0012); the run's counts on its row.
 *
 * A run is started by an admin (/admin/verify: a "verify" job) or by
 * an operator for every organisation (keiyaku-ctl verify), and runs
 * through bv_execute() either way.
 */
#ifndef KEIYAKU_BULKVERIFY_H
#define KEIYAKU_BULKVERIFY_H

#include <stddef.h>

struct conf;
struct db;

struct bv_counts {
	long long	files, ok, failed, signed_files, signatures, bytes;
	double		seconds;
};

long long	bv_create(struct db *, const char *rid, long long org,
		    const char *source, long long user);
int		bv_execute(struct db *, const struct conf *, const char *rid,
		    long long org, long long run, struct bv_counts *,
		    char *err, size_t errsz);

#endif
