/*
 * Tokens, hashes and password hashing (OpenSSL and libargon2).
 * Tokens are 256 bits from RAND_bytes, sent as 64 hex digits and
 * stored only as their SHA-256.
 */
#ifndef KEIYAKU_CRYPTO_H
#define KEIYAKU_CRYPTO_H

#include <stddef.h>

#define CRYPTO_TOKEN_HEX	65	/* 64 hex digits and NUL */

struct conf;

int	crypto_token(char out[CRYPTO_TOKEN_HEX]);
int	crypto_is_token(const char *);
void	crypto_sha256_hex(const void *, size_t, char out[CRYPTO_TOKEN_HEX]);
void	crypto_hmac_hex(const char *key, const char *msg,
	    char out[CRYPTO_TOKEN_HEX]);
char	*crypto_password_hash(const struct conf *, const char *);
int	crypto_password_verify(const char *encoded, const char *);

#endif
