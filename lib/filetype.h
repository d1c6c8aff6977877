/*
 * What an uploaded file really is, from its bytes, never from its name
 * or the type the browser sent: PDF (parsed and checked with qpdf's C
 * API), DOCX and XLSX (a ZIP whose central directory holds the Office
 * parts), PNG, JPEG.
 */
#ifndef KEIYAKU_FILETYPE_H
#define KEIYAKU_FILETYPE_H

enum ftype {
	FT_UNKNOWN,
	FT_PDF,
	FT_DOCX,
	FT_XLSX,
	FT_PNG,
	FT_JPEG
};

enum pdf_check {
	PDF_OK,
	PDF_NOT_PDF,
	PDF_ENCRYPTED,
	PDF_DAMAGED
};

enum ftype	 ftype_sniff(int fd, long long size);
const char	*ftype_code(enum ftype);	/* "pdf", "docx", ... */
const char	*ftype_mime(enum ftype);
enum ftype	 ftype_from_code(const char *);
/* lib/pdfcheck.c: needs qpdf (QPDF_LIBS). */
enum pdf_check	 pdf_check(int fd, long long size, int *pages);

#endif
