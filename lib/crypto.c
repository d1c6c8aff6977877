#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "conf.h"
#include "crypto.h"
#include "util.h"

/* 256 random bits as hex.  Returns 0, or -1 if the RNG failed. */
int
crypto_token(char out[CRYPTO_TOKEN_HEX])
{
	unsigned char	b[32];

	if (RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	util_hex(b, sizeof(b), out);
	OPENSSL_cleanse(b, sizeof(b));
	return 0;
}

/* Returns 1 if s looks like one of our tokens: 64 lowercase hex digits. */
int
crypto_is_token(const char *s)
{
	return s != NULL && strlen(s) == 64 &&
	    strspn(s, "0123456789abcdef") == 64;
}

void
crypto_sha256_hex(const void *p, size_t n, char out[CRYPTO_TOKEN_HEX])
{
	unsigned char	md[32];
	unsigned int	mdlen = sizeof(md);

	EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL);
	util_hex(md, 32, out);
}

void
crypto_hmac_hex(const char *key, const char *msg, char out[CRYPTO_TOKEN_HEX])
{
	unsigned char	md[32];
	unsigned int	mdlen = sizeof(md);

	HMAC(EVP_sha256(), key, (int)strlen(key),
	    (const unsigned char *)msg, strlen(msg), md, &mdlen);
	util_hex(md, 32, out);
}

/*
 * Argon2id with the parameters of the configuration and a random
 * 128-bit salt.  Returns the encoded hash ($argon2id$v=19$...), or
 * NULL on failure.
 */
char *
crypto_password_hash(const struct conf *c, const char *pw)
{
	unsigned char	 salt[16];
	size_t		 enclen;
	char		*enc;

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return NULL;
	enclen = argon2_encodedlen((uint32_t)c->argon2_t, (uint32_t)c->argon2_m,
	    (uint32_t)c->argon2_p, sizeof(salt), 32, Argon2_id);
	enc = xmalloc(enclen);
	if (argon2id_hash_encoded((uint32_t)c->argon2_t, (uint32_t)c->argon2_m,
	    (uint32_t)c->argon2_p, pw, strlen(pw), salt, sizeof(salt), 32,
	    enc, enclen) != ARGON2_OK) {
		free(enc);
		return NULL;
	}
	return enc;
}

/* Returns 1 if pw matches the encoded Argon2id hash. */
int
crypto_password_verify(const char *encoded, const char *pw)
{
	if (encoded == NULL || strncmp(encoded, "$argon2id$", 10) != 0)
		return 0;
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}
