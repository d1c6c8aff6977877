/*
 * A PDF's check with qpdf (see filetype.h), apart from the sniffing in
 * lib/filetype.c so that a program that only tells types apart (the
 * admin program's logo) does not link qpdf.
 */
#include "config.h"

#include <sys/mman.h>

#include <qpdf/qpdf-c.h>

#include "filetype.h"

/*
 * Parses the whole file with qpdf: it must read without error, not be
 * encrypted, and pass qpdf's check (every object and stream) without
 * a warning, since qpdf silently repairs a damaged cross-reference
 * table and only says so in a warning.  *pages gets the page count.
 */
enum pdf_check
pdf_check(int fd, long long size, int *pages)
{
	qpdf_data	 q;
	void		*m;
	enum pdf_check	 rc = PDF_DAMAGED;

	*pages = 0;
	if (ftype_sniff(fd, size) != FT_PDF)
		return PDF_NOT_PDF;
	m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return PDF_DAMAGED;
	q = qpdf_init();
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "upload", m, (unsigned long long)size,
	    "") & QPDF_ERRORS) {
		/* A wrong password is how qpdf says "encrypted". */
		if (qpdf_has_error(q) && qpdf_get_error_code(q,
		    qpdf_get_error(q)) == qpdf_e_password)
			rc = PDF_ENCRYPTED;
		goto out;
	}
	if (qpdf_is_encrypted(q)) {
		rc = PDF_ENCRYPTED;
		goto out;
	}
	if (qpdf_more_warnings(q))
		goto out;
	if (qpdf_check_pdf(q) != QPDF_SUCCESS || qpdf_more_warnings(q))
		goto out;
	*pages = qpdf_get_num_pages(q);
	if (*pages >= 1)
		rc = PDF_OK;
out:
	while (qpdf_more_warnings(q))
		qpdf_next_warning(q);
	qpdf_cleanup(&q);
	munmap(m, (size_t)size);
	return rc;
}
