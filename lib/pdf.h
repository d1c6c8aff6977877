/*
 * PDF signatures as incremental updates (lib/pdf.c): the service's
 * signature (立会人型) added to a PDF without changing a byte of it, so
 * that every earlier signature stays valid.
 */
#ifndef KEIYAKU_PDF_H
#define KEIYAKU_PDF_H

#include <stddef.h>

struct buf;

#define PDF_SIG_MAX	16384	/* bytes of a CMS signature, at most */

struct pdf_sig_info {
	const char	*name;		/* the signer, UTF-8 */
	const char	*reason;	/* UTF-8 */
	int		 doc_timestamp;	/* an /ETSI.RFC3161 document timestamp
					   (name and reason unused) */
};

int	pdf_sig_prepare(const unsigned char *, size_t,
	    const struct pdf_sig_info *, struct buf *, size_t *coff,
	    size_t *clen, long long range[4], char *err, size_t errsz);
int	pdf_sig_embed(struct buf *, size_t base, size_t coff, size_t clen,
	    const unsigned char *, size_t);
int	pdf_sign(const char *sock, const unsigned char *, size_t,
	    const struct pdf_sig_info *, struct buf *, char *err, size_t errsz);

#endif
