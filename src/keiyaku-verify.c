/*
 * keiyaku-verify: checks the signatures and timestamps of signed PDFs
 * on its own: no server, no database, only the CA to trust.
 *
 *	keiyaku-verify [-q] [-C ca.pem] FILE.pdf ...
 *
 * For each file it prints every signature (who, when, by which
 * certificate), its timestamp (time, authority) and whether it holds,
 * and a verdict: VALID when there is at least one signature, every
 * signature and timestamp verifies against the CA and nothing was
 * added after the last one.  -q prints the verdicts only.
 *
 * The CA: -C, else $KEIYAKU_CA, else signer-public/ca.pem in the state
 * directory of the configuration ($KEIYAKU_CONF).
 *
 * Exit status: 0 every file valid, 1 some file not, 2 a file or the CA
 * could not be read.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/sha.h>
#include <openssl/x509.h>

#include "conf.h"
#include "util.h"
#include "verify.h"

static void
usage(void)
{
	fprintf(stderr, "usage: keiyaku-verify [-q] [-C ca.pem] FILE.pdf ...\n");
	exit(2);
}

/* "D:20261126143906+09'00'" as "2026-11-26 14:39:06 +09:00". */
static void
pdf_date(const char *m, char *out, size_t n)
{
	int	y, mo, d, h, mi, s;
	char	tz[8] = "";

	if (sscanf(m, "D:%4d%2d%2d%2d%2d%2d%7s", &y, &mo, &d, &h, &mi, &s,
	    tz) >= 6)
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d%s%.3s%s%.2s", y,
		    mo, d, h, mi, s, *tz ? " " : "", tz, *tz ? ":" : "",
		    *tz ? tz + 4 : "");
	else
		snprintf(out, n, "%s", m);
}

static int
one(X509_STORE *st, const char *path, int quiet)
{
	struct vf_result	 res;
	struct stat		 sb;
	unsigned char		*p, md[32];
	char			 hex[65], when[64];
	size_t			 i;
	int			 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &sb) == -1 ||
	    sb.st_size == 0 || (p = mmap(NULL, (size_t)sb.st_size, PROT_READ,
	    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		fprintf(stderr, "keiyaku-verify: %s: cannot read it\n", path);
		if (fd != -1)
			close(fd);
		return 2;
	}
	close(fd);
	if (verify_pdf(st, p, (size_t)sb.st_size, &res) == -1) {
		printf("%s: NOT VALID: not a PDF\n", path);
		munmap(p, (size_t)sb.st_size);
		return 1;
	}
	SHA256(p, (size_t)sb.st_size, md);
	util_hex(md, 32, hex);
	if (!quiet)
		printf("%s: %zu signature%s, %lld bytes, SHA-256 %s\n", path,
		    res.nsigs, res.nsigs == 1 ? "" : "s",
		    (long long)sb.st_size, hex);
	for (i = 0; i < res.nsigs && !quiet; i++) {
		const struct vf_sig *s = &res.sigs[i];

		if (s->doc_timestamp)
			printf("  #%zu document timestamp (%s)\n", i + 1,
			    s->subfilter);
		else {
			pdf_date(s->signing_time, when, sizeof(when));
			printf("  #%zu signature (%s)%s%s%s%s\n", i + 1,
			    s->subfilter, *s->name ? " for " : "", s->name,
			    *when ? " at " : "", when);
			if (*s->reason)
				printf("     reason: %s\n", s->reason);
			if (*s->signer)
				printf("     certificate: %s\n", s->signer);
		}
		if (s->has_ts)
			printf("     timestamp: %s by %s\n", s->ts_time,
			    *s->tsa ? s->tsa : "(unknown authority)");
		printf("     covers bytes 0-%lld and %lld-%lld%s\n",
		    s->range[1] - 1, s->range[2], s->range[2] + s->range[3] - 1,
		    s->covers_all ? " (the whole file)" : "");
		printf("     %s%s%s\n", s->valid ? "valid" : "NOT VALID",
		    s->valid ? "" : ": ", s->valid ? "" : s->error);
	}
	if (res.changed_after && !quiet)
		printf("  bytes after the last signature: changed after "
		    "signing\n");
	printf("%s: %s\n", path, res.valid ? "VALID" : res.nsigs == 0 ?
	    "NOT VALID: no signature" : "NOT VALID");
	i = (size_t)!res.valid;
	verify_result_free(&res);
	munmap(p, (size_t)sb.st_size);
	return (int)i;
}

int
main(int argc, char *argv[])
{
	struct conf	 c;
	X509_STORE	*st;
	const char	*ca = NULL, *path;
	char		 err[512], *def = NULL;
	int		 ch, quiet = 0, rc = 0, r;

	while ((ch = getopt(argc, argv, "C:q")) != -1)
		switch (ch) {
		case 'C':
			ca = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	conf_defaults(&c);
	if (ca == NULL && (ca = getenv("KEIYAKU_CA")) == NULL) {
		if ((path = getenv("KEIYAKU_CONF")) == NULL)
			path = SYSCONFDIR "/keiyaku/keiyaku.conf";
		if (conf_load(&c, path, err, sizeof(err)) == 0 &&
		    c.state_dir != NULL)
			ca = def = xasprintf("%s/signer-public/ca.pem",
			    c.state_dir);
	}
	if (ca == NULL) {
		fprintf(stderr, "keiyaku-verify: no CA: give one with -C\n");
		return 2;
	}
	if ((st = verify_store(ca, err, sizeof(err))) == NULL) {
		fprintf(stderr, "keiyaku-verify: %s\n", err);
		return 2;
	}
	for (; argc > 0; argc--, argv++)
		if ((r = one(st, argv[0], quiet)) > rc)
			rc = r;
	X509_STORE_free(st);
	free(def);
	conf_free(&c);
	return rc;
}
