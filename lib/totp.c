/*
 * Time-based one-time passwords (RFC 6238 over RFC 4226), base32, the
 * otpauth:// URI authenticator apps read, its QR code, and recovery
 * codes.
 *
 * A recovery code is 16 base32 digits (80 bits) in groups of four.  It
 * is a second factor, asked only after the right password and under
 * the sign-in throttle, and stored only as its SHA-256.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <qrencode.h>

#include "totp.h"
#include "util.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* HOTP (RFC 4226 section 5.3): dynamic truncation, digits digits. */
uint32_t
totp_hotp(const unsigned char *key, size_t klen, uint64_t counter,
    int digits)
{
	unsigned char	msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int	mlen = 0, off;
	uint32_t	bin, mod = 1;
	int		i;

	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (HMAC(EVP_sha1(), key, (int)klen, msg, sizeof(msg), mac,
	    &mlen) == NULL || mlen < 20)
		return UINT32_MAX;
	off = mac[mlen - 1] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) |
	    ((uint32_t)mac[off + 1] << 16) | ((uint32_t)mac[off + 2] << 8) |
	    mac[off + 3];
	for (i = 0; i < digits; i++)
		mod *= 10;
	return bin % mod;
}

/*
 * Checks a 6-digit code against the steps around now (one either
 * side, for clocks a little off) that come after last_step, so that a
 * code once accepted is never accepted again.  Returns the step that
 * matched, or -1.
 */
long long
totp_check(const unsigned char *key, size_t klen, const char *code,
    time_t now, long long last_step)
{
	long long	step, s, found = -1;
	uint32_t	want;
	char		c[8];
	size_t		i;

	if (code == NULL || strlen(code) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		if (!isdigit((unsigned char)code[i]))
			return -1;
	step = (long long)now / TOTP_STEP;
	/* Every candidate is computed: the time does not say which. */
	for (s = step - 1; s <= step + 1; s++) {
		want = totp_hotp(key, klen, (uint64_t)s, 6);
		snprintf(c, sizeof(c), "%06u", want);
		if (util_streq_ct(c, code) && s > last_step && found == -1)
			found = s;
	}
	return found;
}

/* Base32 without padding; out holds (n * 8 + 4) / 5 + 1 bytes. */
void
totp_base32(const unsigned char *in, size_t n, char *out)
{
	unsigned int	acc = 0;
	int		bits = 0;
	size_t		i, o = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

/*
 * Decodes base32 (either case, spaces ignored) into exactly n bytes.
 * Returns 0, or -1 for anything else.
 */
int
totp_unbase32(const char *s, unsigned char *out, size_t n)
{
	unsigned int	 acc = 0;
	int		 bits = 0;
	size_t		 o = 0;
	const char	*p;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		if ((p = strchr(b32, toupper((unsigned char)*s))) == NULL ||
		    *p == '\0')
			return -1;
		acc = (acc << 5) | (unsigned int)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (o == n)
				return -1;
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return o == n ? 0 : -1;
}

static void
uri_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (isalnum((unsigned char)*s) || strchr("-._~@", *s))
			buf_add(b, s, 1);
		else
			buf_addf(b, "%%%02X", (unsigned char)*s);
	}
}

/* The otpauth:// URI of a secret (Key Uri Format); the caller frees. */
char *
totp_uri(const char *issuer, const char *account, const char *secret)
{
	struct buf	b = { NULL, 0, 0 };

	buf_adds(&b, "otpauth://totp/");
	uri_escape(&b, issuer);
	buf_adds(&b, ":");
	uri_escape(&b, account);
	buf_addf(&b, "?secret=%s&issuer=", secret);
	uri_escape(&b, issuer);
	buf_addf(&b, "&algorithm=SHA1&digits=6&period=%d", TOTP_STEP);
	return b.data;
}

/*
 * The QR code of text as an SVG image: one path of unit squares in a
 * viewBox with the quiet zone of four modules the standard asks for.
 * Returns 0, or -1 if libqrencode fails.
 */
int
totp_qr_svg(const char *text, struct buf *out)
{
	QRcode	*q;
	int	 x, y, w;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return -1;
	w = q->width;
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "shape-rendering=\"crispEdges\"><rect width=\"100%%\" "
	    "height=\"100%%\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    w + 8, w + 8, (w + 8) * 5, (w + 8) * 5);
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				buf_addf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
	buf_adds(out, "\"/></svg>\n");
	QRcode_free(q);
	return 0;
}

/* A new recovery code: 80 random bits as "xxxx-xxxx-xxxx-xxxx". */
int
totp_recovery_code(char out[TOTP_RECOVERY])
{
	unsigned char	r[10];
	char		s[17];
	size_t		i, o = 0;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	totp_base32(r, sizeof(r), s);
	for (i = 0; i < 16; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = (char)tolower((unsigned char)s[i]);
	}
	out[o] = '\0';
	return 0;
}

/*
 * A recovery code as typed (either case, with or without dashes or
 * spaces) in its canonical form.  Returns 0, or -1 if it cannot be one.
 */
int
totp_recovery_norm(const char *in, char out[TOTP_RECOVERY])
{
	size_t	n = 0, o = 0;
	int	c;

	for (; *in != '\0'; in++) {
		if (*in == '-' || *in == ' ')
			continue;
		c = tolower((unsigned char)*in);
		if (n == 16 || strchr("abcdefghijklmnopqrstuvwxyz234567",
		    c) == NULL || c == '\0')
			return -1;
		if (n > 0 && n % 4 == 0)
			out[o++] = '-';
		out[o++] = (char)c;
		n++;
	}
	out[o] = '\0';
	return n == 16 ? 0 : -1;
}
