/*
 * Unit tests (TAP) for the parsers of untrusted input in lib/http.c:
 * http_utf8_valid, http_urldecode, http_parse_urlencoded,
 * http_parse_cookies, http_boundary, http_read_body and the streaming
 * http_parse_multipart (fed from memory in chunks of 1, 7, 4096 ...
 * bytes), plus the redirect and header guards of the response writer.
 *
 * Every multipart case runs in a fresh mkdtemp directory (under
 * $TMPDIR or /tmp) that must be empty once the uploads are freed or
 * the parser failed; the directories are removed at the end.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "http.h"
#include "util.h"
#include "tap.h"

#define L(s)	(sizeof(s) - 1)		/* length of a literal with NULs */

/* Chunk sizes the in-memory reader hands out. */
static const size_t chunks[] = { 1, 7, 4096, 65536, 1 << 20 };

/* ---------------------------------------------------------------- */
/* Helpers: in-memory reader, temporary directories, files.          */

struct memio {
	const char	*p;
	size_t		 len;
	size_t		 off;
	size_t		 chunk;		/* most bytes per read */
	size_t		 fail_at;	/* read fails once off reaches it; 0: never */
	int		 reads_after_eof;
	int		 eof;
};

static ssize_t
mem_read(void *ctx, char *out, size_t n)
{
	struct memio	*m = ctx;
	size_t		 k;

	if (m->fail_at != 0 && m->off >= m->fail_at)
		return -1;
	if (m->eof)
		m->reads_after_eof++;
	k = m->len - m->off;
	if (k > n)
		k = n;
	if (k > m->chunk)
		k = m->chunk;
	if (m->fail_at != 0 && m->off + k > m->fail_at)
		k = m->fail_at - m->off;
	if (k == 0) {
		m->eof = 1;
		return 0;
	}
	memcpy(out, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

static void
memio_init(struct http_io *io, struct memio *m, const char *p, size_t len,
    size_t chunk)
{
	memset(m, 0, sizeof(*m));
	m->p = p;
	m->len = len;
	m->chunk = chunk;
	memset(io, 0, sizeof(*io));
	io->ctx = m;
	io->read = mem_read;
}

static char	 tmproot[PATH_MAX / 2];	/* this run's directory */
static int	 ntmp;

static void
tmproot_init(void)
{
	const char	*t = getenv("TMPDIR");

	if (t == NULL || *t == '\0')
		t = "/tmp";
	snprintf(tmproot, sizeof(tmproot), "%s/unit-http.XXXXXX", t);
	if (mkdtemp(tmproot) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", tmproot, strerror(errno));
		exit(1);
	}
}

/* A fresh empty directory under tmproot. */
static void
tmpdir_new(char *out, size_t outsz)
{
	snprintf(out, outsz, "%s/case%d.XXXXXX", tmproot, ++ntmp);
	if (mkdtemp(out) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", out, strerror(errno));
		exit(1);
	}
}

/* Entries in dir other than . and ..; -1 if it cannot be read. */
static int
dir_count(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Removes dir and the plain files in it. */
static void
rm_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[PATH_MAX];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (unlink(p) == -1)
			rm_dir(p);
	}
	closedir(d);
	rmdir(dir);
}

/* "[k]=[v],[k]=[v]" for comparing kv lists; also checks len. */
static struct buf	dumpbuf;

static const char *
kv_dump(const struct kvlist *l)
{
	struct buf	*bp = &dumpbuf;
	size_t		 i;

	buf_reset(bp);
	buf_add(bp, "", 0);
	for (i = 0; i < l->n; i++) {
		buf_addf(bp, "%s[%s]=[%s]", i ? "," : "", l->v[i].key,
		    l->v[i].val);
		if (strlen(l->v[i].val) != l->v[i].len)
			buf_adds(bp, "(BAD LEN)");
	}
	return bp->data;
}

static const struct http_limits big_limits = {
	1 << 24, 1 << 24, 64, 1 << 16, 8192
};

/* ---------------------------------------------------------------- */

static void
test_utf8_valid(void)
{
	static const struct {
		const char	*s;
		size_t		 n;
		int		 want;
		const char	*why;
	} t[] = {
		{ "", 0, 1, "empty" },
		{ "hello", 5, 1, "ASCII" },
		{ "\x7f", 1, 1, "DEL is valid UTF-8" },
		{ "\xc2\x80", 2, 1, "U+0080, smallest 2-byte" },
		{ "\xc3\xa9", 2, 1, "U+00E9" },
		{ "\xdf\xbf", 2, 1, "U+07FF, largest 2-byte" },
		{ "\xe0\xa0\x80", 3, 1, "U+0800, smallest 3-byte" },
		{ "契約", 6, 1, "Japanese" },
		{ "\xed\x9f\xbf", 3, 1, "U+D7FF, below the surrogates" },
		{ "\xee\x80\x80", 3, 1, "U+E000, above the surrogates" },
		{ "\xef\xbf\xbf", 3, 1, "U+FFFF" },
		{ "\xf0\x90\x80\x80", 4, 1, "U+10000, smallest 4-byte" },
		{ "\xf0\x9f\x98\x80", 4, 1, "U+1F600 emoji" },
		{ "\xf4\x8f\xbf\xbf", 4, 1, "U+10FFFF, the last code point" },
		{ "a\0b", 3, 0, "NUL" },
		{ "\0", 1, 0, "NUL alone" },
		{ "\x80", 1, 0, "lone continuation byte" },
		{ "\xbf", 1, 0, "lone continuation byte 0xbf" },
		{ "\xc0\xaf", 2, 0, "overlong '/' (C0 AF)" },
		{ "\xc0\x80", 2, 0, "overlong NUL (C0 80)" },
		{ "\xc1\xbf", 2, 0, "overlong (C1 BF)" },
		{ "\xe0\x80\xaf", 3, 0, "3-byte overlong '/'" },
		{ "\xe0\x9f\xbf", 3, 0, "3-byte overlong U+07FF" },
		{ "\xf0\x80\x80\xaf", 4, 0, "4-byte overlong '/'" },
		{ "\xf0\x8f\xbf\xbf", 4, 0, "4-byte overlong U+FFFF" },
		{ "\xed\xa0\x80", 3, 0, "surrogate U+D800" },
		{ "\xed\xbf\xbf", 3, 0, "surrogate U+DFFF" },
		{ "\xed\xa0\xbd\xed\xb8\x80", 6, 0, "CESU-8 surrogate pair" },
		{ "\xf4\x90\x80\x80", 4, 0, "U+110000, above U+10FFFF" },
		{ "\xf7\xbf\xbf\xbf", 4, 0, "U+1FFFFF" },
		{ "\xf8\x88\x80\x80\x80", 5, 0, "5-byte form" },
		{ "\xfc\x84\x80\x80\x80\x80", 6, 0, "6-byte form" },
		{ "\xfe", 1, 0, "0xFE" },
		{ "\xff", 1, 0, "0xFF" },
		{ "\xc2", 1, 0, "2-byte lead at the end" },
		{ "\xe5\xa5", 2, 0, "3-byte sequence cut short" },
		{ "\xf0\x9f\x98", 3, 0, "4-byte sequence cut short" },
		{ "\xc2\x41", 2, 0, "ASCII where a continuation belongs" },
		{ "\xe5\x41\x91", 3, 0, "ASCII inside a 3-byte sequence" },
		{ "\xe5\xa5\x91", 2, 0, "length cuts a valid sequence" },
		{ "ab\xc3", 3, 0, "valid text then a cut lead byte" },
	};
	size_t	i;

	for (i = 0; i < NELEM(t); i++)
		is_int(http_utf8_valid(t[i].s, t[i].n), t[i].want,
		    "http_utf8_valid(%s) = %d: %s", tap_quote(t[i].s, t[i].n),
		    t[i].want, t[i].why);
}

static void
test_urldecode(void)
{
	static const struct {
		const char	*in;
		size_t		 n;
		int		 rc;
		const char	*out;
		size_t		 outn;
		const char	*why;
	} t[] = {
#define OK(in, out, why)	{ in, L(in), 0, out, L(out), why }
#define BAD(in, why)		{ in, L(in), 400, NULL, 0, why }
		OK("", "", "empty"),
		OK("abc", "abc", "plain"),
		OK("a+b", "a b", "'+' is a space"),
		OK("+++", "   ", "only '+'"),
		OK("a%20b", "a b", "%20"),
		OK("%41%42%43", "ABC", "upper-case escapes"),
		OK("%2b%2B", "++", "encoded '+' in both cases"),
		OK("100%25", "100%", "encoded '%'"),
		OK("%7e", "~", "lower-case hex"),
		OK("%0D%0A", "\r\n", "CRLF decodes (validators reject it)"),
		OK("%E5%A5%91%E7%B4%84", "契約", "Japanese, encoded"),
		OK("%e3%81%82", "あ", "Japanese, lower-case hex"),
		OK("契約", "契約", "Japanese, raw UTF-8"),
		OK("%F0%9F%98%80", "\xf0\x9f\x98\x80", "4-byte emoji"),
		OK("%F4%8F%BF%BF", "\xf4\x8f\xbf\xbf", "U+10FFFF"),
		OK("a=b&c", "a=b&c", "'=' and '&' are not special"),
		BAD("%", "lone '%'"),
		BAD("%4", "'%' and one digit"),
		BAD("a%", "'%' at the end"),
		BAD("a%4", "'%' and one digit at the end"),
		BAD("%zz", "non-hex digits"),
		BAD("%4z", "second digit not hex"),
		BAD("%z4", "first digit not hex"),
		BAD("%%", "two '%'"),
		BAD("%%41", "'%' then an escape"),
		BAD("% 41", "space after '%'"),
		BAD("%+1", "'+' after '%'"),
		BAD("%00", "encoded NUL"),
		BAD("a%00b", "encoded NUL inside"),
		BAD("a\0b", "raw NUL inside the length"),
		BAD("%C0%AF", "overlong '/'"),
		BAD("%C0%80", "overlong NUL"),
		BAD("%E0%80%AF", "3-byte overlong"),
		BAD("%ED%A0%80", "surrogate U+D800"),
		BAD("%ED%BF%BF", "surrogate U+DFFF"),
		BAD("%F4%90%80%80", "above U+10FFFF"),
		BAD("%F5%80%80%80", "lead byte F5"),
		BAD("%FF", "byte FF"),
		BAD("%80", "lone continuation byte"),
		BAD("%E5%A5", "cut 3-byte sequence"),
		BAD("%C3+", "a space where a continuation belongs"),
		BAD("\xff", "raw invalid UTF-8"),
		BAD("\xc0\xaf", "raw overlong"),
#undef OK
#undef BAD
		{ "%41", 2, 400, NULL, 0, "the length cuts the escape" },
		{ "abcdef", 3, 0, "abc", 3, "only n bytes are decoded" },
	};
	struct buf	out = { NULL, 0, 0 };
	size_t		i;
	int		rc;

	for (i = 0; i < NELEM(t); i++) {
		rc = http_urldecode(t[i].in, t[i].n, &out);
		if (t[i].rc != 0) {
			is_int(rc, t[i].rc, "http_urldecode(%s) = %d: %s",
			    tap_quote(t[i].in, t[i].n), t[i].rc, t[i].why);
			continue;
		}
		if (!is_int(rc, 0, "http_urldecode(%s) = 0: %s",
		    tap_quote(t[i].in, t[i].n), t[i].why))
			continue;
		is_mem(out.data, out.len, t[i].out, t[i].outn,
		    "  ... decodes to %s", tap_quote(t[i].out, t[i].outn));
	}
	/* The buffer is reset: a second call does not append. */
	http_urldecode("first", 5, &out);
	http_urldecode("x", 1, &out);
	is_mem(out.data, out.len, "x", 1, "http_urldecode resets its buffer");
	buf_free(&out);
}

static void
test_urlencoded(void)
{
	static const struct {
		const char	*in;
		size_t		 n;
		int		 rc;
		const char	*want;	/* kv_dump, when rc is 0 */
		const char	*why;
	} t[] = {
#define C(in, rc, want, why)	{ in, L(in), rc, want, why }
		C("", 0, "", "empty"),
		C("a=1", 0, "[a]=[1]", "one pair"),
		C("a=1&b=2", 0, "[a]=[1],[b]=[2]", "two pairs"),
		C("&&a=1&&b=2&", 0, "[a]=[1],[b]=[2]", "empty pairs skipped"),
		C("&", 0, "", "only '&'"),
		C("&&&&&&&&&&&&a=1", 0, "[a]=[1]",
		    "empty pairs do not count as fields"),
		C("a", 0, "[a]=[]", "key without '='"),
		C("a=", 0, "[a]=[]", "key with '=' and no value"),
		C("a&b=2", 0, "[a]=[],[b]=[2]", "bare key then a pair"),
		C("a=1&a=2&a=3", 0, "[a]=[1],[a]=[2],[a]=[3]",
		    "repeated keys kept in order"),
		C("a=b=c", 0, "[a]=[b=c]", "'=' inside the value"),
		C("k%3Dx=v%26w", 0, "[k=x]=[v&w]", "encoded '=' and '&'"),
		C("a=x+y%20z", 0, "[a]=[x y z]", "'+' and %20"),
		C("+=x", 0, "[ ]=[x]", "key of one space"),
		C("name=%E5%A5%91%E7%B4%84", 0, "[name]=[契約]", "Japanese"),
		C("%E5%90%8D=v", 0, "[名]=[v]", "Japanese key"),
		C("=1", 400, NULL, "empty key"),
		C("=", 400, NULL, "only '='"),
		C("a=1&=2", 400, NULL, "empty key after a good pair"),
		C("%zz=1", 400, NULL, "bad escape in a key"),
		C("a=%zz", 400, NULL, "bad escape in a value"),
		C("a=%", 400, NULL, "lone '%' in a value"),
		C("a=%0", 400, NULL, "cut escape at the end"),
		C("a=%00", 400, NULL, "encoded NUL"),
		C("a=1\0&b=2", 400, NULL, "raw NUL"),
		C("a=%C0%AF", 400, NULL, "overlong UTF-8"),
		C("a=1&b=%ED%A0%80", 400, NULL, "surrogate in the 2nd value"),
		C("a=\xff", 400, NULL, "raw invalid UTF-8"),
		/* limits: max_fields 4, max_field_size 8 */
		C("a=1&b=2&c=3&d=4", 0, "[a]=[1],[b]=[2],[c]=[3],[d]=[4]",
		    "exactly max_fields pairs"),
		C("a=1&b=2&c=3&d=4&", 0, "[a]=[1],[b]=[2],[c]=[3],[d]=[4]",
		    "max_fields pairs and a trailing '&'"),
		C("a=1&b=2&c=3&d=4&e=5", 413, NULL, "max_fields + 1 pairs"),
		C("a&b&c&d&e", 413, NULL, "max_fields + 1 bare keys"),
		C("a=1&a=1&a=1&a=1&a=1", 413, NULL,
		    "max_fields + 1 repeated keys"),
		C("a=12345678", 0, "[a]=[12345678]", "value of max_field_size"),
		C("a=123456789", 413, NULL, "value of max_field_size + 1"),
		C("a=%41%41%41%41%41%41%41%41", 0, "[a]=[AAAAAAAA]",
		    "encoded value decoding to max_field_size"),
		C("a=%41%41%41%41%41%41%41%41%41", 413, NULL,
		    "encoded value decoding to max_field_size + 1"),
		C("a=1&b=123456789", 413, NULL, "second value too long"),
#undef C
	};
	static const struct http_limits lim = { 1 << 20, 1 << 20, 4, 8, 1024 };
	struct kvlist	 l;
	char		*longkey;
	size_t		 i;
	int		 rc;

	for (i = 0; i < NELEM(t); i++) {
		memset(&l, 0, sizeof(l));
		rc = http_parse_urlencoded(t[i].in, t[i].n, &lim, &l);
		if (is_int(rc, t[i].rc, "http_parse_urlencoded(%s) = %d: %s",
		    tap_quote(t[i].in, t[i].n), t[i].rc, t[i].why) &&
		    t[i].rc == 0)
			is_str(kv_dump(&l), t[i].want, "  ... gives %s",
			    t[i].want);
		kv_free(&l);
	}

	/* A huge pair is refused before decoding. */
	longkey = xmalloc(1001);
	memset(longkey, 'k', 1000);
	longkey[1000] = '\0';
	memset(&l, 0, sizeof(l));
	is_int(http_parse_urlencoded(longkey, 1000, &lim, &l), 413,
	    "http_parse_urlencoded: a 1000-byte key with max_field_size 8 "
	    "is 413");
	kv_free(&l);
	free(longkey);

	/* kv_get gives the first of repeated keys. */
	memset(&l, 0, sizeof(l));
	rc = http_parse_urlencoded("x=1&y=2&x=3", 11, &lim, &l);
	ok(rc == 0 && kv_get(&l, "x") != NULL &&
	    strcmp(kv_get(&l, "x"), "1") == 0,
	    "kv_get gives the first value of a repeated key");
	ok(kv_get(&l, "z") == NULL, "kv_get of a missing key is NULL");
	kv_free(&l);
	ok(l.v == NULL && l.n == 0, "kv_free empties the list");
}

static void
test_cookies(void)
{
	static const struct {
		const char	*in;
		int		 rc;
		const char	*want;
		const char	*why;
	} t[] = {
		{ NULL, 0, "", "no Cookie header" },
		{ "", 0, "", "empty header" },
		{ "a=1", 0, "[a]=[1]", "one cookie" },
		{ "a=1; b=2", 0, "[a]=[1],[b]=[2]", "two cookies" },
		{ "a=1;b=2", 0, "[a]=[1],[b]=[2]", "no space after ';'" },
		{ "  a=1 ;\tb=2  ", 0, "[a]=[1],[b]=[2]",
		    "blanks around pairs" },
		{ "sid=\"abc\"", 0, "[sid]=[abc]", "quoted value" },
		{ "a=\"\"", 0, "[a]=[]", "empty quoted value" },
		{ "a=\"", 0, "[a]=[\"]", "a lone quote is kept" },
		{ "a=", 0, "[a]=[]", "empty value" },
		{ "a=b=c", 0, "[a]=[b=c]", "'=' in the value kept as sent" },
		{ "__Host-sid=x1", 0, "[__Host-sid]=[x1]", "prefixed name" },
		{ "a=1; a=2", 0, "[a]=[1],[a]=[2]", "repeated names in order" },
		{ "junk; a=1", 0, "[a]=[1]", "pair without '=' skipped" },
		{ "=v; a=1", 0, "[a]=[1]", "pair without a name skipped" },
		{ "a b=1; c=2", 0, "[c]=[2]", "name with a space skipped" },
		{ "(x)=1; c=2", 0, "[c]=[2]", "name with separators skipped" },
		{ "a=1; ;; b=2;", 0, "[a]=[1],[b]=[2]", "empty pairs" },
		{ "a=\xff\xfe; b=2", 0, "[b]=[2]",
		    "value with invalid UTF-8 skipped" },
		{ "a=\xc0\xaf; b=2", 0, "[b]=[2]", "overlong UTF-8 skipped" },
		{ "\xe5\x90\x8d=1; b=2", 0, "[b]=[2]", "non-ASCII name skipped" },
		/* limits: max_fields 4 */
		{ "a=1; b=2; c=3; d=4", 0, "[a]=[1],[b]=[2],[c]=[3],[d]=[4]",
		    "max_fields cookies" },
		{ "a=1; b=2; c=3; d=4; junk; =x", 0,
		    "[a]=[1],[b]=[2],[c]=[3],[d]=[4]",
		    "junk pairs do not count" },
		{ "a=1; b=2; c=3; d=4; e=5", 431, NULL,
		    "max_fields + 1 cookies" },
	};
	static const struct http_limits lim = { 1 << 20, 1 << 20, 4, 64, 64 };
	struct kvlist	 l;
	char		*h;
	size_t		 i;
	int		 rc;

	for (i = 0; i < NELEM(t); i++) {
		memset(&l, 0, sizeof(l));
		rc = http_parse_cookies(t[i].in, &lim, &l);
		if (is_int(rc, t[i].rc, "http_parse_cookies(%s) = %d: %s",
		    tap_quote(t[i].in, t[i].in ? strlen(t[i].in) : 0),
		    t[i].rc, t[i].why) && t[i].rc == 0)
			is_str(kv_dump(&l), t[i].want, "  ... gives %s",
			    t[i].want);
		kv_free(&l);
	}

	/* max_header is 64 bytes. */
	h = xmalloc(100);
	memset(h, 'v', 99);
	memcpy(h, "sid=", 4);
	h[64] = '\0';
	memset(&l, 0, sizeof(l));
	is_int(http_parse_cookies(h, &lim, &l), 0,
	    "http_parse_cookies: a header of max_header bytes is read");
	is_int((long long)l.n, 1, "  ... and gives its cookie");
	kv_free(&l);
	h[64] = 'v';
	h[65] = '\0';
	is_int(http_parse_cookies(h, &lim, &l), 431,
	    "http_parse_cookies: a header of max_header + 1 bytes is 431");
	ok(l.n == 0, "  ... and gives no cookie");
	kv_free(&l);
	free(h);
}

static void
test_boundary(void)
{
	static const struct {
		const char	*ct;
		int		 rc;
		const char	*want;
		const char	*why;
	} t[] = {
		{ "multipart/form-data; boundary=abc", 0, "abc", "plain" },
		{ "multipart/form-data;boundary=abc", 0, "abc", "no space" },
		{ "multipart/form-data;\tboundary=abc", 0, "abc", "tab" },
		{ "multipart/form-data; charset=utf-8; boundary=abc", 0, "abc",
		    "after another parameter" },
		{ "multipart/form-data; boundary=abc; charset=utf-8", 0, "abc",
		    "before another parameter" },
		{ "multipart/form-data; boundary=abc def", 0, "abc",
		    "unquoted value ends at a space" },
		{ "multipart/form-data; boundary=\"abc\"", 0, "abc", "quoted" },
		{ "multipart/form-data; boundary=\"a b:c\"", 0, "a b:c",
		    "quoted, with a space inside" },
		{ "Multipart/Form-Data; BOUNDARY=AbC", 0, "AbC",
		    "case-insensitive type and name, value kept" },
		{ "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWx"
		    "kTrZu0gW", 0, "----WebKitFormBoundary7MA4YWxkTrZu0gW",
		    "a browser's boundary" },
		{ "multipart/form-data; boundary='()+_,-./:=?", 0,
		    "'()+_,-./:=?", "every special character RFC 2046 allows" },
		{ "multipart/form-data; boundary=0123456789012345678901234567"
		    "890123456789012345678901234567890123456789", 0,
		    "0123456789012345678901234567890123456789012345678901234567"
		    "890123456789", "70 characters" },
		{ "multipart/form-data; boundary=0123456789012345678901234567"
		    "8901234567890123456789012345678901234567890", 400, NULL,
		    "71 characters" },
		{ NULL, 400, NULL, "no Content-Type" },
		{ "", 400, NULL, "empty Content-Type" },
		{ "multipart/form-data", 400, NULL, "no boundary" },
		{ "multipart/form-data;", 400, NULL, "no parameters" },
		{ "multipart/form-data; charset=utf-8", 400, NULL,
		    "other parameter only" },
		{ "multipart/form-data; xboundary=abc", 400, NULL,
		    "a parameter ending in boundary" },
		{ "multipart/form-data; boundary=", 400, NULL, "empty" },
		{ "multipart/form-data; boundary=;", 400, NULL,
		    "empty before ';'" },
		{ "multipart/form-data; boundary=\"\"", 400, NULL,
		    "empty quoted" },
		{ "multipart/form-data; boundary=\"abc", 400, NULL,
		    "unterminated quote" },
		{ "multipart/form-data; boundary=\"abc \"", 400, NULL,
		    "ends with a space" },
		{ "multipart/form-data; boundary=a<b", 400, NULL, "'<'" },
		{ "multipart/form-data; boundary=a\"b", 400, NULL, "'\"'" },
		{ "multipart/form-data; boundary=a\\b", 400, NULL, "backslash" },
		{ "multipart/form-data; boundary=a@b", 400, NULL, "'@'" },
		{ "multipart/form-data; boundary=a[b]", 400, NULL, "brackets" },
		{ "multipart/form-data; boundary=a\r\nb", 400, NULL, "CRLF" },
		{ "multipart/form-data; boundary=\"a\r\nb\"", 400, NULL,
		    "quoted CRLF" },
		{ "multipart/form-data; boundary=ab\xc3\xa9", 400, NULL,
		    "non-ASCII" },
		{ "multipart/mixed; boundary=abc", 400, NULL,
		    "multipart/mixed" },
		{ "text/plain; boundary=abc", 400, NULL, "text/plain" },
		{ "application/x-www-form-urlencoded", 400, NULL,
		    "urlencoded form" },
		{ "multipart/form-datax; boundary=abc", 400, NULL,
		    "a type that only starts with multipart/form-data" },
	};
	char	out[71];
	size_t	i;
	int	rc;

	for (i = 0; i < NELEM(t); i++) {
		memset(out, 0, sizeof(out));
		rc = http_boundary(t[i].ct, out, sizeof(out));
		if (is_int(rc, t[i].rc, "http_boundary(%s) = %d: %s",
		    tap_quote(t[i].ct, t[i].ct ? strlen(t[i].ct) : 0), t[i].rc,
		    t[i].why) && t[i].rc == 0)
			is_str(out, t[i].want, "  ... gives %s", t[i].want);
	}
	is_int(http_boundary("multipart/form-data; boundary=abcd", out, 4),
	    400, "http_boundary: a boundary that does not fit out is 400");
	ok(http_boundary("multipart/form-data; boundary=abcd", out, 5) == 0 &&
	    strcmp(out, "abcd") == 0,
	    "http_boundary: a boundary that just fits out is read");
}

/* ---------------------------------------------------------------- */
/* http_read_body                                                     */

static void
test_read_body(void)
{
	static const char	 body[] = "a=1&b=%E5%A5%91&c=3";
	struct http_io		 io;
	struct memio		 m;
	struct buf		 b = { NULL, 0, 0 };
	size_t			 i, n = L(body);
	int			 rc;

	for (i = 0; i < NELEM(chunks); i++) {
		memio_init(&io, &m, body, n, chunks[i]);
		buf_reset(&b);
		rc = http_read_body(&io, n, &b);
		ok(rc == 0 && b.len == n && memcmp(b.data, body, n) == 0,
		    "http_read_body (chunks of %zu): a body of exactly max "
		    "bytes is read whole", chunks[i]);
		memio_init(&io, &m, body, n, chunks[i]);
		buf_reset(&b);
		is_int(http_read_body(&io, n - 1, &b), 413,
		    "http_read_body (chunks of %zu): max + 1 bytes is 413",
		    chunks[i]);
		memio_init(&io, &m, body, n, chunks[i]);
		m.fail_at = 5;
		buf_reset(&b);
		is_int(http_read_body(&io, 1024, &b), 400,
		    "http_read_body (chunks of %zu): a read error is 400",
		    chunks[i]);
	}
	memio_init(&io, &m, "", 0, 4096);
	buf_reset(&b);
	ok(http_read_body(&io, 10, &b) == 0 && b.len == 0,
	    "http_read_body: an empty body is read");
	buf_free(&b);
}

/* ---------------------------------------------------------------- */
/* http_parse_multipart                                               */

struct mp {
	int		 rc;
	struct kvlist	 f;
	struct upload	*u;
	size_t		 nu;
	struct memio	 m;
};

static void
mp_run(struct mp *r, const char *body, size_t len, const char *bd,
    const struct http_limits *lim, size_t chunk, const char *dir,
    size_t fail_at)
{
	struct http_io	io;

	memset(r, 0, sizeof(*r));
	memio_init(&io, &r->m, body, len, chunk);
	r->m.fail_at = fail_at;
	r->u = (struct upload *)(uintptr_t)1;	/* must be overwritten */
	r->nu = 12345;
	r->rc = http_parse_multipart(&io, bd, lim, dir, &r->f, &r->u, &r->nu);
}

static void
mp_free(struct mp *r)
{
	http_uploads_free(r->u, r->nu);
	kv_free(&r->f);
	r->u = NULL;
	r->nu = 0;
}

static void
add_text(struct buf *b, const char *bd, const char *name, const char *val)
{
	buf_addf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n"
	    "\r\n%s\r\n", bd, name, val);
}

static void
add_file(struct buf *b, const char *bd, const char *name, const char *fname,
    const char *ctype, const void *data, size_t n)
{
	buf_addf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
	    "filename=\"%s\"\r\n", bd, name, fname);
	if (ctype != NULL)
		buf_addf(b, "Content-Type: %s\r\n", ctype);
	buf_adds(b, "\r\n");
	buf_add(b, data, n);
	buf_adds(b, "\r\n");
}

static void
add_end(struct buf *b, const char *bd)
{
	buf_addf(b, "--%s--\r\n", bd);
}

/* Reads all of fd from offset 0; NULL if it cannot. */
static char *
slurp_fd(int fd, size_t *len)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 tmp[8192];
	ssize_t		 n;
	off_t		 off = 0;

	buf_add(&b, "", 0);
	while ((n = pread(fd, tmp, sizeof(tmp), off)) > 0) {
		buf_add(&b, tmp, (size_t)n);
		off += n;
	}
	if (n == -1) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

/*
 * The upload is an open descriptor of a regular file of mode 0600
 * that was made in dir and is already unlinked (nothing is left in
 * dir), holding exactly data, whose SHA-256 the parser computed.
 */
static void
check_file(const struct upload *u, const char *dir, const void *data,
    size_t n, const char *ctx)
{
	struct stat	 st;
	size_t		 got;
	char		*s, want[CRYPTO_TOKEN_HEX];

	(void)dir;
	is_int(u->size, (long long)n, "%s: upload size is %zu", ctx, n);
	ok(u->fd >= 0 && fstat(u->fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0600 && st.st_nlink == 0,
	    "%s: temp file is an unlinked regular file of mode 0600", ctx);
	crypto_sha256_hex(data, n, want);
	is_str(u->sha256, want, "%s: SHA-256 computed while streaming", ctx);
	s = u->fd >= 0 ? slurp_fd(u->fd, &got) : NULL;
	if (!ok(s != NULL && got == n && memcmp(s, data, n) == 0,
	    "%s: temp file holds the %zu bytes sent", ctx, n) && s != NULL) {
		size_t	d;

		for (d = 0; d < got && d < n && s[d] == ((const char *)data)[d];
		    d++)
			;
		diag("file has %zu bytes, first difference at %zu", got, d);
	}
	free(s);
}

static const char *const boundaries[] = {
	"B",
	"xYzZY",
	"----WebKitFormBoundary7MA4YWxkTrZu0gW",
	"a b'()+_,-./:=?c",
	"0123456789012345678901234567890123456789012345678901234567890123456789",
};

/* The file of the small form: binary, with NUL, CRLF and dashes. */
static const char form_file[] =
    "%PDF-1.4\r\n\0\x01\x02\xff\xfe binary\r\n--\r\n-\r\n\r\n%%EOF\r\n-";

/* Builds the small form: two text fields and one file. */
static void
small_form(struct buf *b, const char *bd, char *note, size_t notesz)
{
	size_t	pl = strlen(bd) - 1;

	if (pl > 5)
		pl = 5;
	/* The note carries "\r\n--" and a strict prefix of the boundary. */
	snprintf(note, notesz, "line1\r\nline2 -- no boundary\r\n-\r\n--%.*s"
	    " end --%s", (int)pl, bd, bd);
	buf_reset(b);
	add_text(b, bd, "title", "契約書 A");
	add_text(b, bd, "note", note);
	add_file(b, bd, "doc", "契約.pdf", "application/pdf", form_file,
	    L(form_file));
	add_end(b, bd);
}


/* Expected fields of the small form. */
static void
small_form_fields(char *out, size_t outsz, const char *note)
{
	snprintf(out, outsz, "[title]=[契約書 A],[note]=[%s]", note);
}

/*
 * Two text fields and a file, for several boundaries and chunk sizes:
 * values, upload metadata, the temp file (place, mode, bytes), and
 * http_uploads_free() removing it.
 */
static void
test_mp_small_form(void)
{
	struct buf	 b = { NULL, 0, 0 };
	struct mp	 r;
	char		 dir[PATH_MAX], note[256], want[512], ctx[128];
	int		 fd;
	size_t		 i, j;

	for (j = 0; j < NELEM(boundaries); j++) {
		small_form(&b, boundaries[j], note, sizeof(note));
		small_form_fields(want, sizeof(want), note);
		for (i = 0; i < NELEM(chunks); i++) {
			snprintf(ctx, sizeof(ctx), "multipart form, %zu-byte "
			    "boundary, chunks of %zu", strlen(boundaries[j]),
			    chunks[i]);
			tmpdir_new(dir, sizeof(dir));
			mp_run(&r, b.data, b.len, boundaries[j], &big_limits,
			    chunks[i], dir, 0);
			if (!is_int(r.rc, 0, "%s: parsed", ctx) ||
			    !is_int((long long)r.nu, 1, "%s: one upload",
			    ctx)) {
				mp_free(&r);
				continue;
			}
			is_str(kv_dump(&r.f), want, "%s: text fields", ctx);
			ok(strcmp(r.u[0].field, "doc") == 0 &&
			    strcmp(r.u[0].filename, "契約.pdf") == 0 &&
			    strcmp(r.u[0].ctype, "application/pdf") == 0,
			    "%s: upload field, filename and type", ctx);
			check_file(&r.u[0], dir, form_file, L(form_file), ctx);
			is_int(dir_count(dir), 0, "%s: tmpdir is empty while "
			    "the upload is held", ctx);
			fd = r.u[0].fd;
			mp_free(&r);
			ok(fcntl(fd, F_GETFD) == -1 && errno == EBADF,
			    "%s: http_uploads_free closes the file", ctx);
		}
	}
	buf_free(&b);
}

/* Writes k bytes of the delimiter at c[pos], and a byte that breaks it. */
static void
plant(char *c, size_t n, long long pos, const char *delim, size_t k)
{
	if (pos < 0 || (size_t)pos + k + 1 > n)
		return;
	memcpy(c + pos, delim, k);
	c[pos + k] = '#';
}

/* Content of n bytes sprinkled with strict prefixes of delim. */
static char *
tricky_content(size_t n, size_t hdrlen, const char *delim, int ascii)
{
	static const size_t	 edges[] = { 4096, 65536, 65536 + 256,
	    65536 + 256 - 38, 7 * 1024 };
	size_t			 dlen = strlen(delim), i, k = 0;
	unsigned long		 x = 12345;
	long long		 s;
	char			*c = xmalloc(n);

	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		c[i] = ascii ? (char)('a' + (x >> 16) % 26) : (char)(x >> 16);
	}
	for (i = 0; i < NELEM(edges); i++)
		for (s = (long long)edges[i]; s < (long long)(hdrlen + n);
		    s += (long long)edges[i]) {
			k = k % (dlen - 1) + 1;
			/* A prefix ending at the edge and one starting at it. */
			plant(c, n, s - (long long)hdrlen - (long long)k,
			    delim, k);
			plant(c, n, s - (long long)hdrlen + 3, delim,
			    dlen - k);
		}
	for (s = 100; s < (long long)n; s += 997) {
		k = k % (dlen - 1) + 1;
		plant(c, n, s, delim, k);
	}
	/* The very end: all of the delimiter but its last byte. */
	memcpy(c + n - (dlen - 1), delim, dlen - 1);
	if (memmem(c, n, delim, dlen) != NULL) {
		printf("Bail out! test content holds the delimiter\n");
		exit(1);
	}
	return c;
}

/*
 * A 300 KB file and a 60 KB text field, each spanning windows of the
 * reader and carrying partial delimiters ("\r\n-", "\r\n--", "\r\n--"
 * and part of the boundary) near chunk and window edges.
 */
static void
test_mp_big(void)
{
	static const char	 bd[] = "----KeiyakuBoundary7MA4YWxkTrZu0gW";
	const size_t		 fn = 300 * 1024, tn = 60 * 1000;
	struct buf		 b = { NULL, 0, 0 };
	struct mp		 r;
	char			 delim[80], dir[PATH_MAX], ctx[128];
	char			*file, *text;
	const char		*v;
	size_t			 i;

	snprintf(delim, sizeof(delim), "\r\n--%s", bd);
	buf_addf(&b, "--%s\r\nContent-Disposition: form-data; name=\"big\"; "
	    "filename=\"big.bin\"\r\nContent-Type: application/octet-stream"
	    "\r\n\r\n", bd);
	file = tricky_content(fn, b.len, delim, 0);
	buf_add(&b, file, fn);
	buf_addf(&b, "\r\n--%s\r\nContent-Disposition: form-data; "
	    "name=\"text\"\r\n\r\n", bd);
	text = tricky_content(tn, b.len, delim, 1);
	buf_add(&b, text, tn);
	buf_adds(&b, "\r\n");
	add_text(&b, bd, "after", "tail value");
	add_end(&b, bd);

	for (i = 0; i < NELEM(chunks); i++) {
		snprintf(ctx, sizeof(ctx), "multipart 300 KB file, chunks of "
		    "%zu", chunks[i]);
		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, b.data, b.len, bd, &big_limits, chunks[i], dir, 0);
		if (!is_int(r.rc, 0, "%s: parsed", ctx) ||
		    !is_int((long long)r.nu, 1, "%s: one upload", ctx)) {
			mp_free(&r);
			continue;
		}
		check_file(&r.u[0], dir, file, fn, ctx);
		v = kv_get(&r.f, "text");
		ok(r.f.n == 2 && v != NULL && r.f.v[0].len == tn &&
		    memcmp(v, text, tn) == 0,
		    "%s: the 60 KB text field is intact", ctx);
		is_str(kv_get(&r.f, "after"), "tail value",
		    "%s: the field after it is read", ctx);
		mp_free(&r);
		is_int(dir_count(dir), 0, "%s: tmpdir is empty after "
		    "http_uploads_free", ctx);
	}
	free(file);
	free(text);
	buf_free(&b);
}

#define BD	"xYzZY"
#define D	"--" BD "\r\n"
#define END	"--" BD "--\r\n"
#define CDN(n)	"Content-Disposition: form-data; name=\"" n "\"\r\n"
#define TEXT(n, v) D CDN(n) "\r\n" v "\r\n"
#define FILEPART D "Content-Disposition: form-data; name=\"f\"; " \
	"filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile content\r\n"

/* Preamble, epilogue, empty values and files, several files. */
static void
test_mp_shapes(void)
{
	static const char body[] =
	    "This is the preamble; --" BD " is not a delimiter here.\r\n"
	    "second line\r\n"
	    D "content-disposition: form-data; name=empty\r\n\r\n\r\n"
	    D "Content-Disposition: form-data; name=\"nofile\"; filename=\"\""
	    "\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
	    D "Content-Disposition: form-data; name=\"f1\"; "
	    "filename=\"one.txt\"\r\n\r\nONE\r\n"
	    D "Content-Disposition: form-data; name=\"f2\"; "
	    "filename=\"two.txt\"\r\nContent-Type: text/plain\r\n\r\nTWO\r\n"
	    D CDN("t") "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
	    "some text\r\n"
	    END
	    "epilogue\r\n" D "junk after the end";
	struct mp	r;
	char		dir[PATH_MAX], ctx[128];
	size_t		i;

	for (i = 0; i < NELEM(chunks); i++) {
		snprintf(ctx, sizeof(ctx), "multipart shapes, chunks of %zu",
		    chunks[i]);
		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, body, L(body), BD, &big_limits, chunks[i], dir, 0);
		if (!is_int(r.rc, 0, "%s: parsed (preamble and epilogue "
		    "ignored)", ctx) ||
		    !is_int((long long)r.nu, 3, "%s: three uploads", ctx)) {
			mp_free(&r);
			continue;
		}
		is_str(kv_dump(&r.f), "[empty]=[],[t]=[some text]",
		    "%s: empty and typed text fields", ctx);
		ok(strcmp(r.u[0].field, "nofile") == 0 &&
		    strcmp(r.u[0].filename, "") == 0,
		    "%s: filename=\"\" is an upload with an empty name", ctx);
		check_file(&r.u[0], dir, "", 0, ctx);
		ok(strcmp(r.u[1].field, "f1") == 0 &&
		    strcmp(r.u[1].filename, "one.txt") == 0 &&
		    strcmp(r.u[1].ctype, "application/octet-stream") == 0,
		    "%s: a file without Content-Type is octet-stream", ctx);
		check_file(&r.u[1], dir, "ONE", 3, ctx);
		ok(strcmp(r.u[2].field, "f2") == 0 &&
		    strcmp(r.u[2].filename, "two.txt") == 0 &&
		    strcmp(r.u[2].ctype, "text/plain") == 0,
		    "%s: second file, in order", ctx);
		check_file(&r.u[2], dir, "TWO", 3, ctx);
		is_int(dir_count(dir), 0, "%s: no temp file is visible", ctx);
		mp_free(&r);
		is_int(dir_count(dir), 0, "%s: tmpdir is empty after "
		    "http_uploads_free", ctx);
	}
}

/*
 * Preambles of every length from 0 to 300 bytes, so that the first
 * delimiter lands at every offset of the reads and of the window the
 * preamble is scanned with.
 */
static void
test_mp_preambles(void)
{
	static const size_t	 pchunks[] = { 1, 3, 7, 64 };
	static const char	 form[] = D CDN("a") "\r\n1\r\n" D
	    "Content-Disposition: form-data; name=\"f\"; filename=\"p.txt\""
	    "\r\n\r\nP\r\n" END;
	struct buf		 b = { NULL, 0, 0 };
	struct mp		 r;
	char			 dir[PATH_MAX];
	size_t			 i, p, bad, left;

	for (i = 0; i < NELEM(pchunks); i++) {
		bad = left = 0;
		tmpdir_new(dir, sizeof(dir));
		for (p = 0; p <= 300; p++) {
			buf_reset(&b);
			buf_add(&b, "", 0);
			while (b.len < p)
				buf_add(&b, b.len % 13 == 12 ? "-" : "x", 1);
			if (p > 0)
				buf_adds(&b, "\r\n");
			buf_add(&b, form, L(form));
			mp_run(&r, b.data, b.len, BD, &big_limits, pchunks[i],
			    dir, 0);
			if (r.rc != 0 || r.f.n != 1 || r.nu != 1 ||
			    r.u[0].size != 1) {
				if (bad++ < 3)
					diag("preamble of %zu bytes: rc %d", p,
					    r.rc);
			}
			mp_free(&r);
			if (dir_count(dir) != 0) {
				left++;
				rm_dir(dir);
				mkdir(dir, 0700);
			}
		}
		ok(bad == 0, "multipart (chunks of %zu): a preamble of each "
		    "length from 0 to 300 bytes is skipped", pchunks[i]);
		ok(left == 0, "  ... and no temp file is left after freeing");
	}
	buf_free(&b);
}

/* What a filename parameter (as sent) becomes. */
static void
test_mp_filenames(void)
{
	static const struct {
		const char	*param;
		const char	*want;
		const char	*why;
	} t[] = {
		{ "filename=\"a.pdf\"", "a.pdf", "plain" },
		{ "filename=a.pdf", "a.pdf", "unquoted" },
		{ "filename=\"契約書 v2.pdf\"", "契約書 v2.pdf", "Japanese, space" },
		{ "filename=\"a%22b.pdf\"", "a%22b.pdf",
		    "a quote as browsers send it (%22), kept as sent" },
		{ "filename=\"/home/u/a.pdf\"", "a.pdf", "Unix path" },
		{ "filename=\"../../etc/passwd\"", "passwd", "dot-dot path" },
		{ "filename=\"C:\\\\x\\\\a.pdf\"", "a.pdf",
		    "Windows path, backslashes escaped" },
		{ "filename=\"C:\\x\\a.pdf\"", "a.pdf",
		    "Windows path as old browsers send it (raw backslashes)" },
	};
	struct buf	b = { NULL, 0, 0 };
	struct mp	r;
	char		dir[PATH_MAX];
	size_t		i;

	for (i = 0; i < NELEM(t); i++) {
		buf_reset(&b);
		buf_addf(&b, D "Content-Disposition: form-data; name=\"f\"; "
		    "%s\r\n\r\ndata\r\n" END, t[i].param);
		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, b.data, b.len, BD, &big_limits, 4096, dir, 0);
		if (is_int(r.rc, 0, "multipart %s: parsed", tap_quote(
		    t[i].param, strlen(t[i].param))) && r.nu == 1)
			is_str(r.u[0].filename, t[i].want,
			    "  ... filename is %s: %s",
			    tap_quote(t[i].want, strlen(t[i].want)), t[i].why);
		else
			ok(0, "  ... no upload");
		mp_free(&r);
		is_int(dir_count(dir), 0, "  ... tmpdir empty after free");
	}
	buf_free(&b);
}

enum lim_preset { LIM_BIG, LIM_PARTS3 };

static const struct http_limits *
preset(enum lim_preset p)
{
	static const struct http_limits parts3 = {
		1 << 24, 1 << 24, 3, 1 << 16, 8192
	};

	return p == LIM_PARTS3 ? &parts3 : &big_limits;
}

/* Asserts an error, no uploads returned, and an empty tmpdir. */
static void
mp_expect_error(const char *body, size_t len, const char *bd,
    const struct http_limits *lim, size_t chunk, size_t fail_at, int want,
    const char *ctx)
{
	struct mp	r;
	char		dir[PATH_MAX];
	int		n;

	tmpdir_new(dir, sizeof(dir));
	mp_run(&r, body, len, bd, lim, chunk, dir, fail_at);
	is_int(r.rc, want, "%s (chunks of %zu): %d", ctx, chunk, want);
	/* (Should the parser wrongly succeed, the test above says so.) */
	n = dir_count(dir);
	if (!ok(r.rc == 0 || (r.u == NULL && r.nu == 0 && n == 0),
	    "  ... no upload returned, no temp file left"))
		diag("%zu upload(s) returned, %d file(s) left in %s", r.nu, n,
		    dir);
	mp_free(&r);
}

static void
test_mp_errors(void)
{
	static const struct {
		const char	*why;
		const char	*body;
		size_t		 len;
		enum lim_preset	 lim;
		int		 want;
	} t[] = {
#define C(why, body, lim, want)	{ why, body, L(body), lim, want }
		C("no delimiter in the body", "hello world\r\n", LIM_BIG, 400),
		C("empty body", "", LIM_BIG, 400),
		C("only another boundary", "--other\r\n" CDN("a") "\r\nv\r\n"
		    "--other--\r\n", LIM_BIG, 400),
		C("junk after a delimiter", FILEPART "--" BD "junk\r\n"
		    CDN("a") "\r\nv\r\n" END, LIM_BIG, 400),
		C("truncated in a file", FILEPART, LIM_BIG, 400),
		C("truncated after a file's content", "--" BD "\r\n"
		    "Content-Disposition: form-data; name=\"f\"; filename=\"a\""
		    "\r\n\r\nfile content", LIM_BIG, 400),
		C("truncated after the last delimiter", FILEPART "--" BD,
		    LIM_BIG, 400),
		C("closing delimiter cut after one dash", FILEPART "--" BD "-",
		    LIM_BIG, 400),
		C("truncated in part headers", FILEPART D CDN("a"), LIM_BIG,
		    400),
		C("truncated in a field", FILEPART D CDN("a") "\r\nvalue",
		    LIM_BIG, 400),
		C("no Content-Disposition", FILEPART D "Content-Type: text/"
		    "plain\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("Content-Disposition without a name", FILEPART D
		    "Content-Disposition: form-data; filename=\"x.txt\"\r\n\r\n"
		    "v\r\n" END, LIM_BIG, 400),
		C("empty name", FILEPART D CDN("") "\r\nv\r\n" END, LIM_BIG,
		    400),
		C("unterminated quoted name", FILEPART D "Content-Disposition:"
		    " form-data; name=\"a\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("no part headers", FILEPART D "\r\nv\r\n" END, LIM_BIG, 400),
		C("header line without a colon", FILEPART D CDN("a")
		    "junk line\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("Content-Disposition not form-data", FILEPART D
		    "Content-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n"
		    END, LIM_BIG, 400),
		C("two Content-Disposition headers, name in the first",
		    FILEPART D CDN("a") CDN("b") "\r\nv\r\n" END, LIM_BIG, 400),
		C("two Content-Disposition headers, name in the second",
		    FILEPART D "Content-Disposition: form-data; filename=\"x\""
		    "\r\nContent-Disposition: form-data; name=\"b\"; "
		    "filename=\"y\"\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("NUL in the name", FILEPART D "Content-Disposition: "
		    "form-data; name=\"a\0b\"\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("NUL in another part header", FILEPART D CDN("a")
		    "X-Junk: a\0b\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("invalid UTF-8 in a field", FILEPART TEXT("a", "\xff\xfe")
		    END, LIM_BIG, 400),
		C("overlong UTF-8 in a field", FILEPART TEXT("a", "\xc0\xaf")
		    END, LIM_BIG, 400),
		C("surrogate in a field", FILEPART TEXT("a", "\xed\xa0\x80")
		    END, LIM_BIG, 400),
		C("NUL in a field", FILEPART TEXT("a", "x\0y") END, LIM_BIG,
		    400),
		C("invalid UTF-8 in a name", FILEPART TEXT("\xff", "v") END,
		    LIM_BIG, 400),
		C("invalid UTF-8 in a filename", FILEPART D
		    "Content-Disposition: form-data; name=\"g\"; filename=\""
		    "\xff.txt\"\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("control character in a filename", FILEPART D
		    "Content-Disposition: form-data; name=\"g\"; filename=\""
		    "a\x01.txt\"\r\n\r\nv\r\n" END, LIM_BIG, 400),
		C("tab in a filename", FILEPART D "Content-Disposition: "
		    "form-data; name=\"g\"; filename=\"a\tb.txt\"\r\n\r\nv\r\n"
		    END, LIM_BIG, 400),
		C("DEL in a filename", FILEPART D "Content-Disposition: "
		    "form-data; name=\"g\"; filename=\"a\x7f.txt\"\r\n\r\nv\r\n"
		    END, LIM_BIG, 400),
		C("max_fields + 1 parts", FILEPART TEXT("a", "1")
		    TEXT("b", "2") TEXT("c", "3") END, LIM_PARTS3, 413),
		C("max_fields + 1 parts, all files", FILEPART FILEPART FILEPART
		    FILEPART END, LIM_PARTS3, 413),
#undef C
	};
	size_t	i, j;
	char	ctx[160];

	for (i = 0; i < NELEM(t); i++)
		for (j = 0; j < NELEM(chunks); j++) {
			if (chunks[j] == 65536)
				continue;	/* same as 1 << 20 here */
			snprintf(ctx, sizeof(ctx), "multipart, %s", t[i].why);
			mp_expect_error(t[i].body, t[i].len, BD,
			    preset(t[i].lim), chunks[j], 0, t[i].want, ctx);
		}

	/* Exactly max_fields parts is fine. */
	{
		static const char body[] = FILEPART TEXT("a", "1")
		    TEXT("b", "2") END;
		struct mp	r;
		char		dir[PATH_MAX];

		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, body, L(body), BD, preset(LIM_PARTS3), 7, dir, 0);
		ok(r.rc == 0 && r.nu == 1 && r.f.n == 2,
		    "multipart, exactly max_fields parts: parsed");
		mp_free(&r);
	}
}

/* Limits on sizes: each just under and just over. */
static void
test_mp_limits(void)
{
	struct http_limits	 lim;
	struct buf		 b = { NULL, 0, 0 };
	struct mp		 r;
	char			 dir[PATH_MAX], ctx[160], *v, *big;
	size_t			 i, n;

	for (i = 0; i < NELEM(chunks); i++) {
		/* max_field_size */
		lim = big_limits;
		lim.max_field_size = 64;
		v = xmalloc(66);
		memset(v, 'v', 65);
		v[64] = '\0';
		buf_reset(&b);
		buf_adds(&b, FILEPART);
		add_text(&b, BD, "a", v);
		add_end(&b, BD);
		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, b.data, b.len, BD, &lim, chunks[i], dir, 0);
		ok(r.rc == 0 && r.f.n == 1 && r.f.v[0].len == 64,
		    "multipart (chunks of %zu): a field of max_field_size "
		    "bytes is read", chunks[i]);
		mp_free(&r);
		v[64] = 'v';
		v[65] = '\0';
		buf_reset(&b);
		buf_adds(&b, FILEPART);
		add_text(&b, BD, "a", v);
		add_end(&b, BD);
		mp_expect_error(b.data, b.len, BD, &lim, chunks[i], 0, 413,
		    "multipart, field of max_field_size + 1 bytes");
		free(v);

		/* max_upload */
		lim = big_limits;
		lim.max_upload = 1024;
		v = xmalloc(1025);
		memset(v, 'u', 1025);
		buf_reset(&b);
		add_file(&b, BD, "f", "a.bin", NULL, v, 1024);
		add_end(&b, BD);
		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, b.data, b.len, BD, &lim, chunks[i], dir, 0);
		ok(r.rc == 0 && r.nu == 1 && r.u[0].size == 1024,
		    "multipart (chunks of %zu): a file of max_upload bytes is "
		    "read", chunks[i]);
		mp_free(&r);
		buf_reset(&b);
		add_file(&b, BD, "f", "a.bin", NULL, v, 1025);
		add_end(&b, BD);
		mp_expect_error(b.data, b.len, BD, &lim, chunks[i], 0, 413,
		    "multipart, file of max_upload + 1 bytes");
		free(v);

		/* A much larger file: 300 KB over a 100 KB max_upload. */
		n = 300 * 1024;
		big = xmalloc(n);
		memset(big, 'z', n);
		lim = big_limits;
		lim.max_upload = 100 * 1024;
		buf_reset(&b);
		add_text(&b, BD, "a", "1");
		add_file(&b, BD, "f", "a.bin", NULL, big, n);
		add_end(&b, BD);
		mp_expect_error(b.data, b.len, BD, &lim, chunks[i], 0, 413,
		    "multipart, 300 KB file over a 100 KB max_upload");

		/* max_body: the same body, exactly at and well over. */
		lim = big_limits;
		lim.max_body = b.len;
		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, b.data, b.len, BD, &lim, chunks[i], dir, 0);
		ok(r.rc == 0 && r.nu == 1 && r.u[0].size == (long long)n,
		    "multipart (chunks of %zu): a body of max_body bytes is "
		    "read", chunks[i]);
		mp_free(&r);
		lim.max_body = 200 * 1024;
		mp_expect_error(b.data, b.len, BD, &lim, chunks[i], 0, 413,
		    "multipart, 300 KB body over a 200 KB max_body");
		lim.max_body = b.len - 3;
		mp_expect_error(b.data, b.len, BD, &lim, chunks[i], 0, 413,
		    "multipart, body 3 bytes over max_body");
		free(big);

		/* A read error in the middle of a file. */
		buf_reset(&b);
		buf_adds(&b, FILEPART);
		add_end(&b, BD);
		mp_expect_error(b.data, b.len, BD, &big_limits, chunks[i],
		    b.len - 10, 400, "multipart, read error inside a file");

		/* max_header: part headers of 1 KB with a 256-byte limit. */
		lim = big_limits;
		lim.max_header = 256;
		v = xmalloc(1001);
		memset(v, 'p', 1000);
		v[1000] = '\0';
		buf_reset(&b);
		buf_adds(&b, FILEPART);
		buf_addf(&b, D CDN("a") "X-Pad: %s\r\n\r\nv\r\n" END, v);
		mp_expect_error(b.data, b.len, BD, &lim, chunks[i], 0, 431,
		    "multipart, 1 KB part headers over a 256-byte max_header");
		free(v);

		/* A header block of exactly max_header bytes is fine. */
		buf_reset(&b);
		buf_adds(&b, FILEPART D CDN("a") "X-Pad: ");
		n = b.len;
		while (b.len - n + strlen(CDN("a") "X-Pad: ") < 256)
			buf_add(&b, "p", 1);
		buf_adds(&b, "\r\n\r\nv\r\n" END);
		tmpdir_new(dir, sizeof(dir));
		mp_run(&r, b.data, b.len, BD, &lim, chunks[i], dir, 0);
		snprintf(ctx, sizeof(ctx), "multipart (chunks of %zu): part "
		    "headers of exactly max_header (256) bytes are read",
		    chunks[i]);
		ok(r.rc == 0 && r.f.n == 1, "%s", ctx);
		if (r.rc != 0)
			diag("rc = %d", r.rc);
		mp_free(&r);
	}
	buf_free(&b);

	/* The tmpdir cannot be written: 500, nothing returned. */
	{
		static const char body[] = FILEPART END;
		struct mp	r2;

		mp_run(&r2, body, L(body), BD, &big_limits, 4096,
		    "/nonexistent/keiyaku-unit", 0);
		ok(r2.rc == 500 && r2.u == NULL && r2.nu == 0,
		    "multipart, tmpdir that does not exist: 500, no upload");
		mp_free(&r2);
	}
}

/*
 * Every prefix of a valid form: 400 and nothing left behind until the
 * closing delimiter is complete, then 0.
 */
static void
test_mp_truncations(void)
{
	static const size_t	 tchunks[] = { 1, 7, 1 << 20 };
	struct buf		 b = { NULL, 0, 0 };
	struct mp		 r;
	char			 dir[PATH_MAX], note[256];
	size_t			 i, cut, done, bad_rc, bad_left, bad_ok;
	int			 n;

	small_form(&b, BD, note, sizeof(note));
	done = b.len - 2;	/* the final CRLF is epilogue */
	for (i = 0; i < NELEM(tchunks); i++) {
		bad_rc = bad_left = bad_ok = 0;
		tmpdir_new(dir, sizeof(dir));
		for (cut = 0; cut <= b.len; cut++) {
			mp_run(&r, b.data, cut, BD, &big_limits, tchunks[i],
			    dir, 0);
			if (cut < done && (r.rc != 400 || r.u != NULL)) {
				if (bad_rc++ < 3)
					diag("cut at %zu: rc %d", cut, r.rc);
			}
			if (cut >= done && (r.rc != 0 || r.nu != 1))
				bad_ok++;
			mp_free(&r);
			if ((n = dir_count(dir)) != 0) {
				if (bad_left++ < 3)
					diag("cut at %zu: %d file(s) left",
					    cut, n);
				rm_dir(dir);
				mkdir(dir, 0700);
			}
		}
		ok(bad_rc == 0, "multipart, every truncation (%zu of them, "
		    "chunks of %zu) is 400", done, tchunks[i]);
		ok(bad_left == 0, "  ... and leaves no temp file");
		ok(bad_ok == 0, "  ... while the complete body (with or "
		    "without the final CRLF) is parsed");
	}
	buf_free(&b);
}

/* Exit code of a child for a status. */
static int
status_code(int rc)
{
	return rc == 0 ? 0 : rc / 10 - 30;	/* 400 -> 10, 431 -> 13 */
}

/*
 * Part headers longer than the reader's window while max_header is
 * larger still (the configuration allows up to 1 MiB): the parser must
 * answer, not spin.  Run in a child under alarm() so a hang fails.
 */
static void
test_mp_header_window(void)
{
	struct http_limits	 lim = big_limits;
	struct buf		 b = { NULL, 0, 0 };
	struct mp		 r;
	char			 dir[PATH_MAX], *pad;
	pid_t			 pid;
	int			 st;
	size_t			 i;
	static const size_t	 hchunks[] = { 4096, 1 << 20 };

	lim.max_header = 1 << 20;
	pad = xmalloc(80001);
	memset(pad, 'p', 80000);
	pad[80000] = '\0';
	buf_adds(&b, FILEPART);
	buf_addf(&b, D CDN("a") "X-Pad: %s\r\n\r\nv\r\n" END, pad);
	free(pad);
	for (i = 0; i < NELEM(hchunks); i++) {
		tmpdir_new(dir, sizeof(dir));
		fflush(stdout);
		if ((pid = fork()) == -1) {
			ok(0, "fork: %s", strerror(errno));
			continue;
		}
		if (pid == 0) {
			alarm(5);
			mp_run(&r, b.data, b.len, BD, &lim, hchunks[i], dir,
			    0);
			st = status_code(r.rc);
			mp_free(&r);
			_exit(dir_count(dir) == 0 ? st : 99);
		}
		waitpid(pid, &st, 0);
		if (!ok(WIFEXITED(st), "multipart (chunks of %zu): 80 KB part "
		    "headers with max_header 1 MiB end within 5 s",
		    hchunks[i]))
			diag("the parser did not return (signal %d)",
			    WIFSIGNALED(st) ? WTERMSIG(st) : 0);
		is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, status_code(431),
		    "  ... with 431 and no temp file left (exit code %d)",
		    status_code(431));
		rm_dir(dir);
	}
	buf_free(&b);
}

#undef BD
#undef D
#undef END
#undef CDN
#undef TEXT
#undef FILEPART

/* ---------------------------------------------------------------- */
/* Response guards                                                    */

static int
cap_write(void *ctx, const char *p, size_t n)
{
	buf_add(ctx, p, n);
	return 0;
}

static void
req_init(struct req *r, struct buf *out)
{
	memset(r, 0, sizeof(*r));
	memset(out, 0, sizeof(*out));
	r->io.ctx = out;
	r->io.write = cap_write;
	r->method = METHOD_GET;
}

static void
test_response_guards(void)
{
	static const struct {
		const char	*to;
		const char	*want;
	} t[] = {
		{ "/admin", "Location: /admin\r\n" },
		{ "/x/1?tab=a", "Location: /x/1?tab=a\r\n" },
		{ "//evil.example/", "Location: /\r\n" },
		{ "/\\evil.example", "Location: /\r\n" },
		{ "https://evil.example/", "Location: /\r\n" },
		{ "evil", "Location: /\r\n" },
		{ "", "Location: /\r\n" },
	};
	struct req	 r;
	struct buf	 out;
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		req_init(&r, &out);
		http_redirect(&r, 303, t[i].to);
		ok(out.data != NULL && strstr(out.data, t[i].want) != NULL &&
		    strstr(out.data, "Status: 303") == out.data,
		    "http_redirect(%s) sends %s", tap_quote(t[i].to,
		    strlen(t[i].to)), tap_quote(t[i].want, strlen(t[i].want)));
		buf_free(&out);
		buf_free(&r.hdrs);
	}

	req_init(&r, &out);
	http_redirect(&r, 302, "/a\r\nSet-Cookie: sid=evil");
	ok(out.data != NULL && strstr(out.data, "Set-Cookie") == NULL,
	    "http_redirect: CRLF in the target cannot add a header");
	buf_free(&out);
	buf_free(&r.hdrs);

	req_init(&r, &out);
	http_header(&r, "X-A", "ok");
	http_header(&r, "X-B", "bad\r\nX-Injected: 1");
	http_header(&r, "X-C\nX-Injected", "1");
	http_send(&r, 200, "text/plain", "hi", 2);
	ok(out.data != NULL && strstr(out.data, "X-A: ok\r\n") != NULL &&
	    strstr(out.data, "X-Injected") == NULL,
	    "http_header drops names and values with CR or LF");
	ok(out.data != NULL && strstr(out.data, "\r\n\r\nhi") != NULL,
	    "http_send ends the headers and sends the body");
	buf_free(&out);
	buf_free(&r.hdrs);
}

int
main(void)
{
	tmproot_init();
	test_utf8_valid();
	test_urldecode();
	test_urlencoded();
	test_cookies();
	test_boundary();
	test_read_body();
	test_mp_small_form();
	test_mp_big();
	test_mp_shapes();
	test_mp_preambles();
	test_mp_filenames();
	test_mp_errors();
	test_mp_limits();
	test_mp_truncations();
	test_mp_header_window();
	test_response_guards();
	rm_dir(tmproot);
	buf_free(&dumpbuf);
	return done_testing();
}
