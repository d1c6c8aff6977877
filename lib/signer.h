/*
 * The client of keiyaku-signer (src/keiyaku-signer.c): a SHA-256
 * digest out, a DER signature or timestamp token back.
 */
#ifndef KEIYAKU_SIGNER_H
#define KEIYAKU_SIGNER_H

#include <stddef.h>

struct buf;

int	signer_call(const char *sock, const char *op,
	    const unsigned char digest[32], struct buf *der, char *err,
	    size_t errsz);

#endif
