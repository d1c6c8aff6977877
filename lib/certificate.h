/*
 * The audit certificate (合意締結証明書) of a completed signing request
 * (lib/certificate.c): the document (title, number, ids, SHA-256 of
 * the original and of the sealed file), the sender, each signer (name,
 * address, method, identity check, times of sending, viewing, consent
 * and signing in JST and UTC, IP address, user agent) and what
 * lib/verify.c finds in the sealed file, as a PDF in IPAexGothic
 * (lib/pdfgen.c).  lib/signing.c signs it and stores it with the
 * contract.
 */
#ifndef KEIYAKU_CERTIFICATE_H
#define KEIYAKU_CERTIFICATE_H

#include <stddef.h>

struct buf;
struct sg_ctx;

int	certificate_build(struct sg_ctx *, long long request,
	    const unsigned char *sealed, size_t len, struct buf *pdf,
	    char *title, size_t titlesz, char *err, size_t errsz);

#endif
