/*
 * For t/stack-pdfsign.t (not a test of its own): signs IN into OUT
 * through the stack's signer, as the signing flow does.
 *
 *	pdf-sign SOCKET IN OUT NAME REASON
 *
 * NAME "--doc-timestamp" adds a document timestamp instead.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"
#include "util.h"

int
main(int argc, char *argv[])
{
	struct buf		 out = { NULL, 0, 0 };
	struct stat		 st;
	unsigned char		*pdf;
	int			 fd;
	struct pdf_sig_info	 si;
	char			 err[256];
	FILE			*f;

	if (argc != 6) {
		fprintf(stderr, "usage: pdf-sign SOCKET IN OUT NAME REASON\n");
		return 2;
	}
	/* The original, mapped (not copied): as the signed file's head. */
	if ((fd = open(argv[2], O_RDONLY)) == -1 || fstat(fd, &st) == -1 ||
	    st.st_size == 0 || (pdf = mmap(NULL, (size_t)st.st_size, PROT_READ,
	    MAP_PRIVATE | MAP_POPULATE, fd, 0)) == MAP_FAILED) {
		fprintf(stderr, "pdf-sign: %s: cannot read it\n", argv[2]);
		return 1;
	}
	close(fd);
	si.name = argv[4];
	si.reason = argv[5];
	si.doc_timestamp = strcmp(argv[4], "--doc-timestamp") == 0;
	if (pdf_sign(argv[1], pdf, (size_t)st.st_size, &si, &out, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "pdf-sign: %s\n", err);
		return 1;
	}
	/* The signed file: the original as it was, then the update. */
	if ((f = fopen(argv[3], "wb")) == NULL ||
	    fwrite(pdf, 1, (size_t)st.st_size, f) != (size_t)st.st_size ||
	    fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0) {
		perror(argv[3]);
		return 1;
	}
	munmap(pdf, (size_t)st.st_size);
	buf_free(&out);
	return 0;
}
