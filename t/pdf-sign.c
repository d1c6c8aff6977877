/*
 * For t/stack-pdfsign.t (not a test of its own): signs IN into OUT
 * through the stack's signer, as the signing flow does.
 *
 *	pdf-sign SOCKET IN OUT NAME REASON
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "pdf.h"
#include "util.h"

int
main(int argc, char *argv[])
{
	struct buf		 in = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	struct pdf_sig_info	 si;
	char			 b[65536], err[256];
	size_t			 n;
	FILE			*f;

	if (argc != 6) {
		fprintf(stderr, "usage: pdf-sign SOCKET IN OUT NAME REASON\n");
		return 2;
	}
	if ((f = fopen(argv[2], "rb")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	while ((n = fread(b, 1, sizeof(b), f)) > 0)
		buf_add(&in, b, n);
	fclose(f);
	si.name = argv[4];
	si.reason = argv[5];
	if (pdf_sign(argv[1], (unsigned char *)in.data, in.len, &si, &out,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "pdf-sign: %s\n", err);
		return 1;
	}
	if ((f = fopen(argv[3], "wb")) == NULL ||
	    fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0) {
		perror(argv[3]);
		return 1;
	}
	buf_free(&in);
	buf_free(&out);
	return 0;
}
