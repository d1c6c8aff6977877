/*
 * libFuzzer target: http_parse_multipart on the input as a request
 * body with the boundary "XyZ", read through an in-memory http_io.
 *
 * Input: byte 0 picks how many bytes each read hands out (1, 2, 3, 7,
 * 64, 4096, 65536 or all; with a filler, one of the last four), byte 1
 * the length of a filler (65280 to 65535 'a's) that replaces the first
 * "@@" in the rest, so that small inputs can still cross the parser's
 * 64 KiB window; the rest is the body.
 *
 * Temporary files go to $KEIYAKU_FUZZ_TMP (t/fuzz/run.sh makes one)
 * or a directory made under /tmp.  $KEIYAKU_FUZZ_MAX_HEADER overrides
 * max_header (1024); the configuration allows up to 1 MiB.  Aborts when the parser breaks its
 * promises: a status other than 0, 400, 413, 431; an error that
 * returns uploads or leaves a file behind; an upload whose file is
 * not in the directory, not 0600 or not of the size reported; a
 * field value with NUL or bad UTF-8 or over max_field_size; and when
 * http_uploads_free leaves a file.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define BOUNDARY	"XyZ"

static char	dir[512];
static size_t	max_header = 1024;
static int	own_dir;

struct memio {
	const char	*p;
	size_t		 len, off, chunk;
};

static ssize_t
mem_read(void *ctx, char *out, size_t n)
{
	struct memio	*m = ctx;
	size_t		 k = m->len - m->off;

	if (k > n)
		k = n;
	if (k > m->chunk)
		k = m->chunk;
	memcpy(out, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

static int
dir_count(void)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		abort();
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
cleanup(void)
{
	if (own_dir)
		rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*t = getenv("KEIYAKU_FUZZ_TMP");
	const char	*mh = getenv("KEIYAKU_FUZZ_MAX_HEADER");

	(void)argc;
	(void)argv;
	if (mh != NULL && atol(mh) > 0)
		max_header = (size_t)atol(mh);
	if (t != NULL && *t != '\0') {
		snprintf(dir, sizeof(dir), "%s", t);
		return 0;
	}
	snprintf(dir, sizeof(dir), "/tmp/keiyaku-fuzz-mp.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	own_dir = 1;
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t		 chunks[] = { 1, 2, 3, 7, 64, 4096,
	    65536, (size_t)1 << 30 };
	static struct http_limits	 lim = { 1 << 20, 100000, 8, 4096,
	    1024 };
	struct kvlist			 f = { NULL, 0, 0 };
	struct upload			*u = (struct upload *)1;
	size_t				 nu = 99, i;
	struct buf			 body = { NULL, 0, 0 };
	struct http_io			 io;
	struct memio			 m;
	struct stat			 st;
	const char			*rest, *at;
	size_t				 restn, fill;
	int				 rc;

	if (size < 2)
		return 0;
	lim.max_header = max_header;
	rest = (const char *)data + 2;
	restn = size - 2;
	buf_add(&body, "", 0);
	if ((at = memmem(rest, restn, "@@", 2)) != NULL) {
		static char	 filler[65536];

		if (filler[0] == '\0')
			memset(filler, 'a', sizeof(filler));
		fill = 65280 + data[1];
		buf_add(&body, rest, (size_t)(at - rest));
		buf_add(&body, filler, fill);
		buf_add(&body, at + 2, restn - (size_t)(at - rest) - 2);
	} else
		buf_add(&body, rest, restn);

	memset(&m, 0, sizeof(m));
	m.p = body.data;
	m.len = body.len;
	/* Tiny reads never fill the window: with a filler, 64 or more. */
	m.chunk = chunks[at != NULL ? 4 + (data[0] & 3) : data[0] & 7];
	memset(&io, 0, sizeof(io));
	io.ctx = &m;
	io.read = mem_read;

	rc = http_parse_multipart(&io, BOUNDARY, &lim, dir, &f, &u, &nu);
	if (rc != 0 && rc != 400 && rc != 413 && rc != 431)
		abort();
	if (rc != 0) {
		if (u != NULL || nu != 0 || dir_count() != 0)
			abort();
	} else {
		if (nu > lim.max_fields || f.n + nu > lim.max_fields ||
		    (nu > 0) != (u != NULL) || dir_count() != 0)
			abort();
		for (i = 0; i < nu; i++) {
			if (u[i].fd < 0 || u[i].field == NULL ||
			    u[i].filename == NULL || u[i].ctype == NULL ||
			    fstat(u[i].fd, &st) == -1 ||
			    !S_ISREG(st.st_mode) || st.st_nlink != 0 ||
			    strlen(u[i].sha256) != 64 ||
			    (st.st_mode & 07777) != 0600 ||
			    st.st_size != u[i].size ||
			    u[i].size > (long long)lim.max_upload ||
			    !http_utf8_valid(u[i].filename,
			    strlen(u[i].filename)) ||
			    strpbrk(u[i].filename, "/") != NULL)
				abort();
		}
		for (i = 0; i < f.n; i++)
			if (f.v[i].key[0] == '\0' ||
			    strlen(f.v[i].val) != f.v[i].len ||
			    f.v[i].len > lim.max_field_size ||
			    !http_utf8_valid(f.v[i].val, f.v[i].len))
				abort();
	}
	http_uploads_free(u, nu);
	kv_free(&f);
	buf_free(&body);
	if (dir_count() != 0)
		abort();
	return 0;
}
