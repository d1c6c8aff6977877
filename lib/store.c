/*
 * The document store (see store.h for the format and the keys).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "store.h"
#include "util.h"

#define HDR		32
#define TAG		16
#define MAGIC		"KKDOC\0\0\1"
#define WRAP_AAD	"keiyaku-org-key-v1"

DB_STMT_TENANT(st_key_get,
    "SELECT wrapped FROM org_keys WHERE organisation_id = ?");
DB_STMT_TENANT(st_key_add,
    "INSERT IGNORE INTO org_keys (organisation_id, wrapped) VALUES (?, ?)");

struct store_reader {
	int		 fd;
	EVP_CIPHER_CTX	*c;
	unsigned char	 fkey[STORE_KEY];
	unsigned char	 aad[HDR + 8 + 32];
	long long	 size;
	uint32_t	 seg, nseg;
	unsigned char	 buf[STORE_SEG + TAG];
};

static void
be64(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static void
be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int
unhex(const char *s, unsigned char *out, size_t n)
{
	size_t		i;
	unsigned int	v;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    strchr("0123456789abcdefABCDEF", s[2 * i]) == NULL ||
		    strchr("0123456789abcdefABCDEF", s[2 * i + 1]) == NULL)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

/* The master key, read once per process. */
static int
master_key(const struct conf *c, unsigned char key[STORE_KEY])
{
	static unsigned char	mk[STORE_KEY];
	static int		loaded;
	char			line[128];
	FILE			*f;
	int			rc = -1;

	if (loaded) {
		memcpy(key, mk, STORE_KEY);
		return 0;
	}
	if (c->master_key_file == NULL) {
		log_err(NULL, "store: no master_key_file in the configuration");
		return -1;
	}
	if ((f = fopen(c->master_key_file, "r")) == NULL) {
		log_err(NULL, "store: %s: %s", c->master_key_file,
		    strerror(errno));
		return -1;
	}
	if (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		rc = unhex(line, mk, STORE_KEY);
	}
	fclose(f);
	OPENSSL_cleanse(line, sizeof(line));
	if (rc == -1) {
		log_err(NULL, "store: %s: want 64 hex digits",
		    c->master_key_file);
		return -1;
	}
	loaded = 1;
	memcpy(key, mk, STORE_KEY);
	return 0;
}

/* AES-256-GCM of one buffer; dec = 1 decrypts and checks tag. */
static int
gcm(int dec, const unsigned char *key, const unsigned char nonce[12],
    const unsigned char *aad, size_t aadlen, const unsigned char *in,
    size_t n, unsigned char *out, unsigned char tag[TAG])
{
	EVP_CIPHER_CTX	*c;
	int		 l, ok;

	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	ok = EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, key, nonce,
	    dec ? 0 : 1) == 1 &&
	    EVP_CipherUpdate(c, NULL, &l, aad, (int)aadlen) == 1 &&
	    (n == 0 || EVP_CipherUpdate(c, out, &l, in, (int)n) == 1) &&
	    (!dec || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG,
	    tag) == 1) &&
	    EVP_CipherFinal_ex(c, out + n, &l) == 1 &&
	    (dec || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG,
	    tag) == 1);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

static void
wrap_aad(long long org, unsigned char aad[sizeof(WRAP_AAD) - 1 + 8])
{
	memcpy(aad, WRAP_AAD, sizeof(WRAP_AAD) - 1);
	be64(aad + sizeof(WRAP_AAD) - 1, (uint64_t)org);
}

static int
unwrap(const unsigned char *mk, long long org, const char *hex,
    unsigned char key[STORE_KEY])
{
	unsigned char	w[12 + STORE_KEY + TAG], aad[sizeof(WRAP_AAD) - 1 + 8];

	if (unhex(hex, w, sizeof(w)) == -1)
		return -1;
	wrap_aad(org, aad);
	return gcm(1, mk, w, aad, sizeof(aad), w + 12, STORE_KEY, key,
	    w + 12 + STORE_KEY);
}

/*
 * The organisation's data key: unwrapped from org_keys, or made,
 * wrapped and stored on the organisation's first upload (INSERT
 * IGNORE, then read back, so two workers racing agree on one key).
 */
int
store_org_key(struct db *db, const struct conf *c, const char *rid,
    long long org, unsigned char key[STORE_KEY])
{
	unsigned char	 mk[STORE_KEY], w[12 + STORE_KEY + TAG];
	unsigned char	 aad[sizeof(WRAP_AAD) - 1 + 8], fresh[STORE_KEY];
	char		 hex[2 * sizeof(w) + 1];
	struct db_rows	 rows;
	int		 rc = -1, tries;

	if (master_key(c, mk) == -1)
		return -1;
	for (tries = 0; tries < 2; tries++) {
		if (db_run_raw(db, rid, org, &st_key_get, NULL, 0, &rows) == -1)
			goto out;
		if (rows.nrows == 1) {
			rc = unwrap(mk, org, DB_CELL(&rows, 0, 0), key);
			if (rc == -1)
				log_err(rid, "store: the data key of "
				    "organisation %lld does not unwrap with "
				    "this master key", org);
			db_rows_free(&rows);
			goto out;
		}
		db_rows_free(&rows);
		if (RAND_bytes(fresh, sizeof(fresh)) != 1 ||
		    RAND_bytes(w, 12) != 1)
			goto out;
		wrap_aad(org, aad);
		if (gcm(0, mk, w, aad, sizeof(aad), fresh, STORE_KEY, w + 12,
		    w + 12 + STORE_KEY) == -1)
			goto out;
		util_hex(w, sizeof(w), hex);
		if (db_run_raw(db, rid, org, &st_key_add,
		    (const struct db_param[]){ DBS(hex) }, 1, NULL) == -1)
			goto out;
	}
out:
	OPENSSL_cleanse(mk, sizeof(mk));
	OPENSSL_cleanse(fresh, sizeof(fresh));
	return rc;
}

/*
 * A small secret (a two-factor key) sealed with the master key for
 * the database: AES-256-GCM, a fresh nonce, additional data label |
 * id so a sealed value moved to another row or use does not open.
 * out gets 2 * (12 + n + 16) + 1 bytes of hex.  Returns 0 or -1.
 */
int
store_seal(const struct conf *c, const char *label, long long id,
    const unsigned char *in, size_t n, char *out)
{
	unsigned char	mk[STORE_KEY], w[12 + 64 + TAG], aad[72];
	size_t		l = strlen(label);
	int		rc = -1;

	if (n > 64 || l > 64 || master_key(c, mk) == -1)
		return -1;
	memcpy(aad, label, l);
	be64(aad + l, (uint64_t)id);
	if (RAND_bytes(w, 12) == 1 &&
	    gcm(0, mk, w, aad, l + 8, in, n, w + 12, w + 12 + n) == 0) {
		util_hex(w, 12 + n + TAG, out);
		rc = 0;
	}
	OPENSSL_cleanse(mk, sizeof(mk));
	return rc;
}

/* Opens what store_seal() sealed into n bytes.  Returns 0 or -1. */
int
store_unseal(const struct conf *c, const char *label, long long id,
    const char *hex, unsigned char *out, size_t n)
{
	unsigned char	mk[STORE_KEY], w[12 + 64 + TAG], aad[72];
	size_t		l = strlen(label);
	int		rc;

	if (hex == NULL || n > 64 || l > 64 ||
	    strlen(hex) != 2 * (12 + n + TAG) ||
	    unhex(hex, w, 12 + n + TAG) == -1 || master_key(c, mk) == -1)
		return -1;
	memcpy(aad, label, l);
	be64(aad + l, (uint64_t)id);
	rc = gcm(1, mk, w, aad, l + 8, w + 12, n, out, w + 12 + n);
	OPENSSL_cleanse(mk, sizeof(mk));
	return rc;
}

int
store_valid_name(const char *s)
{
	return strlen(s) == STORE_NAME - 1 &&
	    strspn(s, "0123456789abcdef") == STORE_NAME - 1;
}

char *
store_path(const struct conf *c, long long org, const char *name)
{
	return xasprintf("%s/%lld/%.2s/%s", c->store_dir, org, name, name);
}

static void
file_key(const unsigned char *dk, const unsigned char *salt,
    unsigned char fk[STORE_KEY])
{
	unsigned int	n = STORE_KEY;

	HMAC(EVP_sha256(), dk, STORE_KEY, salt, 16, fk, &n);
}

static void
seg_aad(unsigned char *aad, const unsigned char *hdr, long long org,
    const char *name)
{
	memcpy(aad, hdr, HDR);
	be64(aad + HDR, (uint64_t)org);
	memcpy(aad + HDR + 8, name, 32);
}

static int
seg_crypt(int dec, const unsigned char *fk, const unsigned char *aad,
    uint32_t seg, int last, const unsigned char *in, size_t n,
    unsigned char *out, unsigned char *tag)
{
	unsigned char	nonce[12], a[HDR + 8 + 32 + 5];

	memset(nonce, 0, 8);
	be32(nonce + 8, seg);
	memcpy(a, aad, HDR + 8 + 32);
	be32(a + HDR + 8 + 32, seg);
	a[HDR + 8 + 32 + 4] = last ? 1 : 0;
	return gcm(dec, fk, nonce, a, sizeof(a), in, n, out, tag);
}

static int
mkdirs(const char *path)
{
	char	*p = xstrdup(path), *s;
	int	 rc = 0;

	for (s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0700) == -1 && errno != EEXIST)
				rc = -1;
			*s = '/';
		}
	if (mkdir(p, 0700) == -1 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static int
fsync_dir(const char *dir)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads exactly n bytes at off; -1 on error or a short file. */
static int
pread_all(int fd, unsigned char *p, size_t n, off_t off)
{
	ssize_t	r;

	while (n > 0) {
		if ((r = pread(fd, p, n, off)) <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

/*
 * Encrypts size bytes of fd (from offset 0) into the store under a new
 * random name (written to name).  Returns 0, or -1 with nothing left
 * behind.
 */
int
store_put(const struct conf *c, long long org,
    const unsigned char dk[STORE_KEY], int fd, long long size,
    char name[STORE_NAME])
{
	unsigned char	 hdr[HDR], fk[STORE_KEY], aad[HDR + 8 + 32], rnd[16];
	unsigned char	*in = NULL, *out = NULL;
	char		*tmpdir, *tmp = NULL, *dst = NULL, *dir = NULL;
	long long	 off = 0;
	uint32_t	 seg = 0;
	size_t		 n;
	int		 ofd = -1, rc = -1, last;

	if (c->store_dir == NULL || size < 0 || RAND_bytes(rnd, 16) != 1)
		return -1;
	util_hex(rnd, 16, name);
	memcpy(hdr, MAGIC, 8);
	if (RAND_bytes(hdr + 8, 16) != 1)
		return -1;
	be64(hdr + 24, (uint64_t)size);
	file_key(dk, hdr + 8, fk);
	seg_aad(aad, hdr, org, name);

	tmpdir = xasprintf("%s/tmp", c->store_dir);
	tmp = xasprintf("%s/%s.tmp", tmpdir, name);
	dst = store_path(c, org, name);
	dir = xstrndup(dst, strlen(dst) - STORE_NAME);
	if (mkdirs(tmpdir) == -1 || mkdirs(dir) == -1) {
		log_err(NULL, "store: cannot make %s: %s", dir,
		    strerror(errno));
		goto out;
	}
	if ((ofd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		log_err(NULL, "store: %s: %s", tmp, strerror(errno));
		goto out;
	}
	in = xmalloc(STORE_SEG);
	out = xmalloc(STORE_SEG + TAG);
	if (write_all(ofd, hdr, HDR) == -1)
		goto fail;
	do {
		n = size - off > STORE_SEG ? STORE_SEG : (size_t)(size - off);
		last = off + (long long)n == size;
		if (pread_all(fd, in, n, off) == -1 ||
		    seg_crypt(0, fk, aad, seg, last, in, n, out,
		    out + n) == -1 || write_all(ofd, out, n + TAG) == -1)
			goto fail;
		off += (long long)n;
		seg++;
	} while (!last);
	if (fsync(ofd) == -1 || close(ofd) == -1) {
		ofd = -1;
		goto fail;
	}
	ofd = -1;
	if (rename(tmp, dst) == -1 || fsync_dir(dir) == -1) {
		unlink(dst);
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	log_err(NULL, "store: writing %s: %s", tmp, strerror(errno));
	if (ofd != -1)
		close(ofd);
	ofd = -1;
	unlink(tmp);
out:
	if (ofd != -1)
		close(ofd);
	OPENSSL_cleanse(fk, sizeof(fk));
	if (in != NULL)
		OPENSSL_cleanse(in, STORE_SEG);
	free(in);
	free(out);
	free(tmpdir);
	free(tmp);
	free(dst);
	free(dir);
	return rc;
}

void
store_remove(const struct conf *c, long long org, const char *name)
{
	char	*p;

	if (!store_valid_name(name))
		return;
	p = store_path(c, org, name);
	unlink(p);
	free(p);
}

struct store_reader *
store_open(const struct conf *c, long long org,
    const unsigned char dk[STORE_KEY], const char *name, long long *size)
{
	struct store_reader	*sr;
	struct stat		 st;
	unsigned char		 hdr[HDR];
	char			*path;
	long long		 nseg, v = 0;
	int			 fd, i;

	if (c->store_dir == NULL || !store_valid_name(name))
		return NULL;
	path = store_path(c, org, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		log_err(NULL, "store: %s: %s", path, strerror(errno));
	free(path);
	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || pread_all(fd, hdr, HDR, 0) == -1 ||
	    memcmp(hdr, MAGIC, 8) != 0)
		goto bad;
	for (i = 0; i < 8; i++)
		v = (v << 8) | hdr[24 + i];
	nseg = v == 0 ? 1 : (v + STORE_SEG - 1) / STORE_SEG;
	if (v < 0 || nseg > UINT32_MAX ||
	    st.st_size != HDR + v + nseg * TAG)
		goto bad;
	sr = xcalloc(1, sizeof(*sr));
	sr->fd = fd;
	sr->size = v;
	sr->nseg = (uint32_t)nseg;
	file_key(dk, hdr + 8, sr->fkey);
	seg_aad(sr->aad, hdr, org, name);
	*size = v;
	return sr;
bad:
	log_err(NULL, "store: %s: not a document of this store", name);
	close(fd);
	return NULL;
}

/*
 * The next segment's plaintext into out (STORE_SEG bytes of room).
 * Returns its length, 0 after the last one, -1 if it does not
 * authenticate.
 */
ssize_t
store_read(struct store_reader *sr, unsigned char *out)
{
	off_t	off;
	size_t	n;
	int	last;

	if (sr->seg == sr->nseg)
		return 0;
	off = (off_t)HDR + (off_t)sr->seg * (STORE_SEG + TAG);
	last = sr->seg + 1 == sr->nseg;
	n = last ? (size_t)(sr->size - (long long)sr->seg * STORE_SEG) :
	    STORE_SEG;
	if (pread_all(sr->fd, sr->buf, n + TAG, off) == -1 ||
	    seg_crypt(1, sr->fkey, sr->aad, sr->seg, last, sr->buf, n, out,
	    sr->buf + n) == -1) {
		log_err(NULL, "store: segment %u does not authenticate",
		    sr->seg);
		return -1;
	}
	sr->seg++;
	return (ssize_t)n;
}

void
store_close(struct store_reader *sr)
{
	if (sr == NULL)
		return;
	close(sr->fd);
	OPENSSL_cleanse(sr->fkey, sizeof(sr->fkey));
	free(sr);
}

/*
 * The whole of file name into out (for what must hold it at once: a
 * PDF to sign or verify).  0, or -1 when it cannot be read, is not
 * size bytes long or does not authenticate.
 */
int
store_load(const struct conf *c, long long org,
    const unsigned char dk[STORE_KEY], const char *name, long long size,
    struct buf *out)
{
	struct store_reader	*sr;
	long long		 have = 0;
	ssize_t			 n;

	buf_reset(out);
	if ((sr = store_open(c, org, dk, name, &have)) == NULL)
		return -1;
	if (have != size) {
		store_close(sr);
		return -1;
	}
	buf_grow(out, (size_t)size + 1);
	while ((n = store_read(sr, (unsigned char *)out->data + out->len)) > 0)
		out->len += (size_t)n;
	store_close(sr);
	return n < 0 || (long long)out->len != size ? -1 : 0;
}
