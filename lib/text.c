/*
 * Text folding (lib/text.h): width and case, "NFKC-ish".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

/*
 * Decodes the code point at s[0..n) and sets *len to its bytes; a byte
 * that does not start a complete, well-formed sequence is returned as
 * it is (a value of 0x80 to 0xff), one byte long.
 */
unsigned long
text_utf8_at(const unsigned char *s, size_t n, size_t *len)
{
	unsigned long	c;
	size_t		k, i;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] < 0xe0) {
		k = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] < 0xf0) {
		k = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] < 0xf5) {
		k = 4;
		c = s[0] & 0x07;
	} else
		return s[0];
	if (k > n)
		return s[0];
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return s[0];
		c = (c << 6) | (s[i] & 0x3f);
	}
	*len = k;
	return c;
}

/* Writes the code point c as UTF-8 at o (4 bytes of room); returns
 * the bytes written. */
size_t
text_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Halfwidth katakana U+FF61..U+FF9F as NFKC maps them. */
static const unsigned short halfkana[] = {
	0x3002, 0x300c, 0x300d, 0x3001, 0x30fb, 0x30f2, 0x30a1, 0x30a3,
	0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5, 0x30e7, 0x30c3, 0x30fc,
	0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab, 0x30ad, 0x30af,
	0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd, 0x30bf,
	0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc, 0x30cd,
	0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df,
	0x30e0, 0x30e1, 0x30e2, 0x30e4, 0x30e6, 0x30e8, 0x30e9, 0x30ea,
	0x30eb, 0x30ec, 0x30ed, 0x30ef, 0x30f3, 0x3099, 0x309a
};

/*
 * The kana c with the (semi-)voiced sound mark m (U+3099, U+309A)
 * composed into one code point, as NFC does, or 0 if there is none.
 */
static unsigned long
compose(unsigned long c, unsigned long m)
{
	unsigned long	k = c;

	if (c >= 0x30a1 && c <= 0x30f6)		/* katakana as hiragana */
		k = c - 0x60;
	if (m == 0x3099) {
		if (c == 0x3046)
			return 0x3094;
		if (c == 0x30a6)
			return 0x30f4;
		if (c == 0x30ef || c == 0x30f0 || c == 0x30f1 || c == 0x30f2)
			return c + 8;
		if ((k >= 0x304b && k <= 0x3061 && (k & 1)) ||
		    k == 0x3064 || k == 0x3066 || k == 0x3068 ||
		    k == 0x306f || k == 0x3072 || k == 0x3075 ||
		    k == 0x3078 || k == 0x307b)
			return c + 1;
	} else if (m == 0x309a) {
		if (k == 0x306f || k == 0x3072 || k == 0x3075 ||
		    k == 0x3078 || k == 0x307b)
			return c + 2;
	}
	return 0;
}

/*
 * Fullwidth ASCII (Ａ, ＃, ，) becomes ASCII, the ideographic space a
 * space, halfwidth katakana fullwidth with its sound marks composed
 * (ｶﾞ → ガ; a decomposed が too), and ASCII letters lower case.
 * Other characters pass unchanged: this is not full NFKC (no circled
 * digits or ligatures), but covers what Japanese input methods mix.
 */
void
text_fold(const char *in, size_t len, struct buf *out, struct buf *map)
{
	const unsigned char	*p = (const unsigned char *)in;
	unsigned long		 c, prev = 0, k;
	size_t			 i, n, o = 0, j, prevpos = 0, prevsrc = 0, at;
	size_t			*m = NULL;
	char			*d;

	/* Folding never lengthens: out fits in len bytes. */
	buf_reset(out);
	buf_grow(out, len);
	d = out->data;
	if (map != NULL) {
		buf_reset(map);
		buf_grow(map, (len + 1) * sizeof(*m));
		m = (size_t *)(void *)map->data;
	}
	for (i = 0; i < len; i += n) {
		c = text_utf8_at(p + i, len - i, &n);
		at = i;
		j = o;
		if (c < 0x80 || (n == 1 && c >= 0x80)) {
			/* ASCII, or not UTF-8 (as it is). */
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			d[o++] = (char)c;
			prev = 0;
			goto mapped;
		}
		if (c >= 0xff01 && c <= 0xff5e)
			c -= 0xfee0;
		else if (c == 0x3000)
			c = ' ';
		else if (c >= 0xff61 && c <= 0xff9f)
			c = halfkana[c - 0xff61];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c == 0x3099 || c == 0x309a) && prev != 0 &&
		    (k = compose(prev, c)) != 0) {
			o = j = prevpos;	/* replace the kana */
			at = prevsrc;
			o += text_utf8(d + o, k);
			prev = 0;
			goto mapped;
		}
		prevpos = o;
		prevsrc = i;
		o += text_utf8(d + o, c);
		prev = c;
mapped:
		if (m != NULL)
			for (; j < o; j++)
				m[j] = at;
	}
	d[o] = '\0';
	out->len = o;
	if (map != NULL) {
		m[o] = len;
		map->len = (o + 1) * sizeof(*m);
	}
}

/* s as a PDF text string: UTF-16BE with its BOM, in hex. */
void
text_pdf_string(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i, n;
	unsigned long		 c;

	buf_adds(b, "<FEFF");
	for (i = 0; i < len; i += n) {
		c = text_utf8_at(p + i, len - i, &n);
		if (n == 1 && c >= 0x80)	/* not UTF-8 */
			c = 0xfffd;
		if (c >= 0x10000)
			buf_addf(b, "%04lX%04lX", 0xd800 + ((c - 0x10000) >> 10),
			    0xdc00 + ((c - 0x10000) & 0x3ff));
		else
			buf_addf(b, "%04lX", c);
	}
	buf_add(b, ">", 1);
}
