/*
 * The document store: every uploaded file, encrypted at rest, in a
 * directory outside the web root (conf store_dir).
 *
 * Keys: a master key file (32 random bytes as 64 hex digits, mode
 * 0600, made by script/stack on first start) wraps one data key per
 * organisation (AES-256-GCM, kept in org_keys).  Each file gets its own
 * key, HMAC-SHA256(data key, random salt), so nonces never repeat
 * across files.
 *
 * File format (version 1):
 *   header   "KKDOC\0\0\1" | salt (16) | plaintext size (8, big-endian)
 *   segments of STORE_SEG plaintext bytes, each ciphertext | tag (16),
 *            nonce = 8 zero bytes | segment number (4, big-endian);
 *            additional data = header | organisation (8) | file name |
 *            segment number (4) | 1 if last else 0.
 * A file is read back one authenticated segment at a time, so a
 * download streams and still never hands out a byte that was altered,
 * cut short, reordered or moved from another file or organisation.
 *
 * Writes go to store_dir/tmp, are fsync'ed and renamed into place
 * (store_dir/<org>/<2 hex>/<name>) and the directory is fsync'ed; the
 * caller commits its database row after store_put() returns, and
 * removes the file again if that commit fails.
 */
#ifndef KEIYAKU_STORE_H
#define KEIYAKU_STORE_H

#include <stddef.h>
#include <sys/types.h>

#define STORE_SEG	65536
#define STORE_KEY	32
#define STORE_NAME	33	/* 32 hex digits and NUL */

struct buf;
struct conf;
struct db;
struct store_reader;

int	 store_org_key(struct db *, const struct conf *, const char *rid,
	    long long org, unsigned char key[STORE_KEY]);
int	 store_put(const struct conf *, long long org,
	    const unsigned char key[STORE_KEY], int fd, long long size,
	    char name[STORE_NAME]);
void	 store_remove(const struct conf *, long long org, const char *name);
char	*store_path(const struct conf *, long long org, const char *name);
int	 store_valid_name(const char *);
int	 store_seal(const struct conf *, const char *label, long long id,
	    const unsigned char *, size_t, char *out);
int	 store_unseal(const struct conf *, const char *label, long long id,
	    const char *hex, unsigned char *out, size_t);

struct store_reader *store_open(const struct conf *, long long org,
	    const unsigned char key[STORE_KEY], const char *name,
	    long long *size);
ssize_t	 store_read(struct store_reader *, unsigned char *out);
void	 store_close(struct store_reader *);
int	 store_load(const struct conf *, long long org,
	    const unsigned char key[STORE_KEY], const char *name,
	    long long size, struct buf *);

#endif
