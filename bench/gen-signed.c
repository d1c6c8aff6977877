/*
 * For bench/verify: stores COUNT copies of a signed PDF as documents of
 * one contract of organisation ORG (each copy encrypted in the document
 * store with its own file key, as an upload would be; recorded as made
 * by signing, so that bulk verification checks every signature).
 *
 *	gen-signed ORG CONTRACT USER COUNT FILE.pdf	(KEIYAKU_CONF)
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "conf.h"
#include "db.h"
#include "store.h"
#include "util.h"

DB_STMT_TENANT(st_gen_doc,
    "INSERT INTO documents (organisation_id, contract_id, kind, version, "
    "filename, media_type, size, sha256, pages, storage_name, uploaded_by, "
    "signing_request_id) VALUES (?, ?, 'attachment', NULL, ?, "
    "'application/pdf', ?, ?, 1, ?, ?, 0)");

int
main(int argc, char *argv[])
{
	struct conf	 c;
	struct db	*db;
	struct stat	 st;
	unsigned char	 key[STORE_KEY], md[32], *p;
	char		 err[512], sha[65], name[STORE_NAME], fname[64];
	long long	 org, contract, user, n, i;
	const char	*path;
	int		 fd;

	if (argc != 6 || util_parse_int64(argv[1], &org) == -1 ||
	    util_parse_int64(argv[2], &contract) == -1 ||
	    util_parse_int64(argv[3], &user) == -1 ||
	    util_parse_int64(argv[4], &n) == -1) {
		fprintf(stderr, "usage: gen-signed ORG CONTRACT USER COUNT "
		    "FILE.pdf\n");
		return 2;
	}
	conf_defaults(&c);
	if ((path = getenv("KEIYAKU_CONF")) == NULL ||
	    conf_load(&c, path, err, sizeof(err)) == -1 ||
	    (db = db_open(&c, err, sizeof(err))) == NULL) {
		fprintf(stderr, "gen-signed: %s\n", path ? err :
		    "KEIYAKU_CONF is not set");
		return 1;
	}
	if ((fd = open(argv[5], O_RDONLY)) == -1 || fstat(fd, &st) == -1) {
		perror(argv[5]);
		return 1;
	}
	p = xmalloc((size_t)st.st_size);
	if (read(fd, p, (size_t)st.st_size) != st.st_size) {
		perror(argv[5]);
		return 1;
	}
	SHA256(p, (size_t)st.st_size, md);
	util_hex(md, 32, sha);
	free(p);
	if (store_org_key(db, &c, "gen", org, key) == -1) {
		fprintf(stderr, "gen-signed: no key for organisation %lld\n",
		    org);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (i % 500 == 0 && (i > 0 && db_tx_commit(db, "gen") == -1))
			return 1;
		if (i % 500 == 0 && db_tx_begin(db, "gen") == -1)
			return 1;
		snprintf(fname, sizeof(fname), "bench-signed-%06lld.pdf", i);
		if (store_put(&c, org, key, fd, st.st_size, name) == -1 ||
		    db_run_raw(db, "gen", org, &st_gen_doc,
		    (const struct db_param[]){ DBI(contract), DBS(fname),
		    DBI(st.st_size), DBS(sha), DBS(name), DBI(user) }, 6,
		    NULL) == -1) {
			fprintf(stderr, "gen-signed: copy %lld failed\n", i);
			return 1;
		}
	}
	if (n > 0 && db_tx_commit(db, "gen") == -1)
		return 1;
	close(fd);
	db_close(db);
	conf_free(&c);
	return 0;
}
