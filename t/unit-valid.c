/*
 * Unit tests (TAP) for the input validators of lib/valid.c and the
 * string helpers util_parse_int64 and util_streq_ct of lib/util.c.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "valid.h"
#include "tap.h"

/* A case: len < 0 means strlen(s). */
struct vcase {
	const char	*s;
	int		 len;
	int		 want;
	const char	*why;
};

#define L(s)	(int)(sizeof(s) - 1)	/* length of a literal with NULs */

static void
run_table(const char *name, int (*fn)(const char *, size_t),
    const struct vcase *t, size_t n)
{
	size_t	i, len;

	for (i = 0; i < n; i++) {
		len = t[i].len < 0 ? strlen(t[i].s) : (size_t)t[i].len;
		is_int(fn(t[i].s, len), t[i].want, "%s(%s) = %d: %s", name,
		    tap_quote(t[i].s, len), t[i].want, t[i].why);
	}
}

/* n copies of unit (a NUL-terminated string), malloc'd. */
static char *
repeat(const char *unit, size_t n)
{
	size_t	 ul = strlen(unit), i;
	char	*s = xmalloc(ul * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * ul, unit, ul);
	s[ul * n] = '\0';
	return s;
}

static void
test_email(void)
{
	static const struct vcase t[] = {
		{ "user@example.com", -1, 1, "plain address" },
		{ "a.b+tag@sub.example.co.jp", -1, 1, "dots, plus, subdomain" },
		{ "a@b.c", -1, 1, "shortest with a dot" },
		{ "", -1, 0, "empty" },
		{ "a@", -1, 0, "too short, no domain" },
		{ "a@b", -1, 0, "no dot in the domain" },
		{ "a.b@c", -1, 0, "dot only in the local part" },
		{ "@example.com", -1, 0, "empty local part" },
		{ "user@.example.com", -1, 0, "domain starts with a dot" },
		{ "user@example.com.", -1, 0, "domain ends with a dot" },
		{ "user@@example.com", -1, 0, "two @" },
		{ "us@er@example.com", -1, 0, "two @ apart" },
		{ "userexample.com", -1, 0, "no @" },
		{ "us er@example.com", -1, 0, "space" },
		{ "user@exa mple.com", -1, 0, "space in domain" },
		{ "\"user\"@example.com", -1, 0, "quotes" },
		{ "user@[127.0.0.1]", -1, 0, "address literal" },
		{ "a,b@example.com", -1, 0, "comma" },
		{ "a;b@example.com", -1, 0, "semicolon" },
		{ "a<b@example.com", -1, 0, "angle bracket" },
		{ "a\\b@example.com", -1, 0, "backslash" },
		{ "user@example.com\r\nBcc: x@y.z", -1, 0, "CRLF injection" },
		{ "user@example.com\n", -1, 0, "trailing LF" },
		{ "user\t@example.com", -1, 0, "tab" },
		{ "user\x7f@example.com", -1, 0, "DEL" },
		{ "ユーザ@example.com", -1, 0, "non-ASCII local part" },
		{ "user@例え.jp", -1, 0, "non-ASCII domain" },
		{ "user@example.com\0evil", L("user@example.com\0evil"), 0,
		    "embedded NUL" },
	};
	char	*s;

	run_table("valid_email", valid_email, t, NELEM(t));

	/* 254 bytes is the limit. */
	s = repeat("a", 254);
	memcpy(s + 240, "@example.com", 12);
	ok(strlen(s) == 254 && valid_email(s, 254),
	    "valid_email accepts a 254-byte address");
	free(s);
	s = repeat("a", 255);
	memcpy(s + 241, "@example.com", 12);
	ok(!valid_email(s, 255), "valid_email rejects a 255-byte address");
	free(s);
}

static void
test_password(void)
{
	static const struct vcase t[] = {
		{ "x", -1, 1, "one byte" },
		{ "correct horse battery staple", -1, 1, "spaces" },
		{ "パスワード123", -1, 1, "Japanese" },
		{ "\xf0\x9f\x94\x91key", -1, 1, "4-byte UTF-8 (emoji)" },
		{ "", -1, 0, "empty" },
		{ "pass\xff", -1, 0, "invalid UTF-8 byte" },
		{ "\xc0\xaf", -1, 0, "overlong UTF-8" },
		{ "\xed\xa0\x80", -1, 0, "surrogate" },
		{ "pa\0ss", L("pa\0ss"), 0, "embedded NUL" },
	};
	char	*s;

	run_table("valid_password", valid_password, t, NELEM(t));
	s = repeat("p", 1024);
	ok(valid_password(s, 1024), "valid_password accepts 1024 bytes");
	free(s);
	s = repeat("p", 1025);
	ok(!valid_password(s, 1025), "valid_password rejects 1025 bytes");
	free(s);
}

static void
test_line(void)
{
	static const struct vcase t[] = {
		{ "", -1, 1, "empty line" },
		{ "Hello, world", -1, 1, "ASCII text" },
		{ "契約書の件名", -1, 1, "Japanese" },
		{ "caf\xc3\xa9 \xc2\xa0nbsp", -1, 1, "U+00A0 is not a control" },
		{ "\xc2\xa1", -1, 1, "U+00A1 just past the C1 block" },
		{ "a\tb", -1, 0, "tab" },
		{ "a\nb", -1, 0, "LF" },
		{ "a\rb", -1, 0, "CR" },
		{ "a\x1b[31m", -1, 0, "ESC" },
		{ "a\x01", -1, 0, "SOH" },
		{ "a\x1f", -1, 0, "US (0x1f)" },
		{ "a\x7f", -1, 0, "DEL" },
		{ "a\xc2\x80", -1, 0, "C1 U+0080" },
		{ "a\xc2\x85", -1, 0, "C1 NEL U+0085" },
		{ "a\xc2\x9b" "31m", -1, 0, "C1 CSI U+009B" },
		{ "a\xc2\x9f", -1, 0, "C1 U+009F" },
		{ "a\0b", L("a\0b"), 0, "embedded NUL" },
		{ "a\xff", -1, 0, "invalid UTF-8" },
		{ "\xc0\x8a", -1, 0, "overlong LF" },
		{ "\xe0\x80\x8a", -1, 0, "3-byte overlong LF" },
		{ "\xed\xb0\x80", -1, 0, "lone low surrogate" },
		{ "\xf4\x90\x80\x80", -1, 0, "above U+10FFFF" },
	};
	char	*s;

	run_table("valid_line", valid_line, t, NELEM(t));

	s = repeat("a", 200);
	ok(valid_line(s, 200), "valid_line accepts 200 ASCII characters");
	free(s);
	s = repeat("a", 201);
	ok(!valid_line(s, 201), "valid_line rejects 201 ASCII characters");
	free(s);
	s = repeat("あ", 200);
	ok(valid_line(s, strlen(s)),
	    "valid_line accepts 200 Japanese characters (600 bytes)");
	free(s);
	s = repeat("あ", 201);
	ok(!valid_line(s, strlen(s)),
	    "valid_line rejects 201 Japanese characters (603 bytes)");
	free(s);
	s = repeat("\xf0\x9f\x98\x80", 200);
	ok(valid_line(s, strlen(s)),
	    "valid_line accepts 200 four-byte characters (800 bytes)");
	free(s);
	s = repeat("\xf0\x9f\x98\x80", 201);
	ok(!valid_line(s, strlen(s)),
	    "valid_line rejects 201 four-byte characters (804 bytes)");
	free(s);

	is_int((long long)valid_utf8_chars("契約abc", strlen("契約abc")), 5,
	    "valid_utf8_chars counts each Japanese character once");
	is_int((long long)valid_utf8_chars("", 0), 0,
	    "valid_utf8_chars of the empty string is 0");
}

static void
test_lang(void)
{
	static const struct vcase t[] = {
		{ "ja", -1, 1, "Japanese" },
		{ "en", -1, 1, "English" },
		{ "", -1, 0, "empty" },
		{ "j", -1, 0, "one letter" },
		{ "jp", -1, 0, "country, not language" },
		{ "JA", -1, 0, "upper case" },
		{ "fr", -1, 0, "unsupported language" },
		{ "jaa", -1, 0, "three letters" },
		{ "en-US", -1, 0, "with region" },
		{ "j\0", 2, 0, "NUL as second byte" },
	};

	run_table("valid_lang", valid_lang, t, NELEM(t));
}

static void
test_local_path(void)
{
	static const struct vcase t[] = {
		{ "/", -1, 1, "root" },
		{ "/admin/users", -1, 1, "plain path" },
		{ "/x/12?tab=docs&p=2#top", -1, 1, "query and fragment" },
		{ "/a%20b", -1, 1, "percent-encoded space" },
		{ "", -1, 0, "empty" },
		{ "admin", -1, 0, "relative" },
		{ "//evil.example", -1, 0, "protocol-relative URL" },
		{ "//evil.example/", -1, 0, "protocol-relative with path" },
		{ "/\\evil.example", -1, 0, "slash backslash" },
		{ "\\\\evil.example", -1, 0, "two backslashes" },
		{ "/a\\b", -1, 0, "backslash later in the path" },
		{ "http://evil.example/", -1, 0, "absolute URL" },
		{ "http://x", -1, 0, "absolute URL, short" },
		{ "javascript:alert(1)", -1, 0, "javascript: URL" },
		{ "/a b", -1, 0, "space" },
		{ " /a", -1, 0, "leading space" },
		{ "/\t/evil.example", -1, 0, "tab after the slash" },
		{ "/a\r\nSet-Cookie: x=1", -1, 0, "CRLF injection" },
		{ "/caf\xc3\xa9", -1, 0, "non-ASCII" },
		{ "/a\x7f", -1, 0, "DEL" },
		{ "/\0/evil.example", L("/\0/evil.example"), 0,
		    "embedded NUL" },
	};
	char	*s;

	run_table("valid_local_path", valid_local_path, t, NELEM(t));
	s = repeat("a", 512);
	s[0] = '/';
	ok(valid_local_path(s, 512), "valid_local_path accepts 512 bytes");
	free(s);
	s = repeat("a", 513);
	s[0] = '/';
	ok(!valid_local_path(s, 513), "valid_local_path rejects 513 bytes");
	free(s);
}

static void
test_id(void)
{
	static const struct vcase t[] = {
		{ "1", -1, 1, "one" },
		{ "42", -1, 1, "two digits" },
		{ "100", -1, 1, "zeros after the first digit" },
		{ "123456789012345678", -1, 1, "18 digits" },
		{ "999999999999999999", -1, 1, "largest 18-digit id" },
		{ "1234567890123456789", -1, 0, "19 digits" },
		{ "9223372036854775808", -1, 0, "past INT64_MAX" },
		{ "", -1, 0, "empty" },
		{ "0", -1, 0, "zero" },
		{ "01", -1, 0, "leading zero" },
		{ "007", -1, 0, "leading zeros" },
		{ "-1", -1, 0, "negative" },
		{ "+1", -1, 0, "plus sign" },
		{ " 1", -1, 0, "leading space" },
		{ "1 ", -1, 0, "trailing space" },
		{ "1a", -1, 0, "trailing letter" },
		{ "0x10", -1, 0, "hex" },
		{ "1e3", -1, 0, "exponent" },
		{ "１", -1, 0, "full-width digit" },
		{ "1\0" "2", L("1\0" "2"), 0, "embedded NUL" },
	};

	run_table("valid_id", valid_id, t, NELEM(t));
}

static void
test_token(void)
{
	static const char hex64[] =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	static const struct vcase t[] = {
		{ hex64, -1, 1, "64 lowercase hex digits" },
		{ "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789"
		    "abcdef", -1, 0, "upper case" },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
		    "abcde", -1, 0, "63 digits" },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
		    "abcdef0", -1, 0, "65 digits" },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
		    "abcdeg", -1, 0, "a non-hex letter" },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
		    "abcde ", -1, 0, "trailing space" },
		{ "", -1, 0, "empty" },
		{ "0123456789abcdef0123456789abcdef\0" "123456789abcdef01234567"
		    "89abcdef", 64, 0, "embedded NUL" },
	};

	run_table("valid_token", valid_token, t, NELEM(t));
}

static void
test_parse_int64(void)
{
	static const struct {
		const char	*s;
		int		 rc;
		long long	 v;
		const char	*why;
	} t[] = {
		{ "0", 0, 0, "zero" },
		{ "42", 0, 42, "positive" },
		{ "-42", 0, -42, "negative" },
		{ "007", 0, 7, "leading zeros are decimal, not octal" },
		{ "9223372036854775807", 0, LLONG_MAX, "INT64_MAX" },
		{ "-9223372036854775808", 0, LLONG_MIN, "INT64_MIN" },
		{ "9223372036854775808", -1, 0, "INT64_MAX + 1 overflows" },
		{ "-9223372036854775809", -1, 0, "INT64_MIN - 1 overflows" },
		{ "99999999999999999999999", -1, 0, "far too large" },
		{ "", -1, 0, "empty" },
		{ "-", -1, 0, "sign only" },
		{ "--1", -1, 0, "two signs" },
		{ "+1", -1, 0, "plus sign" },
		{ " 1", -1, 0, "leading space" },
		{ "\t1", -1, 0, "leading tab" },
		{ "1 ", -1, 0, "trailing space" },
		{ "12a", -1, 0, "trailing junk" },
		{ "1.5", -1, 0, "decimal point" },
		{ "0x10", -1, 0, "hex" },
		{ "1e3", -1, 0, "exponent" },
		{ "- 1", -1, 0, "space after the sign" },
		{ "abc", -1, 0, "letters" },
	};
	size_t		i;
	long long	v;
	int		rc;

	for (i = 0; i < NELEM(t); i++) {
		v = 12345;
		rc = util_parse_int64(t[i].s, &v);
		if (t[i].rc == 0)
			ok(rc == 0 && v == t[i].v, "util_parse_int64(%s) = "
			    "%lld: %s", tap_quote(t[i].s, strlen(t[i].s)),
			    t[i].v, t[i].why);
		else
			is_int(rc, -1, "util_parse_int64(%s) fails: %s",
			    tap_quote(t[i].s, strlen(t[i].s)), t[i].why);
	}
	is_int(util_parse_int64(NULL, &v), -1, "util_parse_int64(NULL) fails");
}

static void
test_streq_ct(void)
{
	static const struct {
		const char	*a, *b;
		int		 want;
	} t[] = {
		{ "", "", 1 },
		{ "abc", "abc", 1 },
		{ "契約", "契約", 1 },
		{ "abc", "abd", 0 },
		{ "abc", "xbc", 0 },
		{ "abc", "ab", 0 },
		{ "ab", "abc", 0 },
		{ "", "a", 0 },
		{ "a", "", 0 },
		{ "abc", "ABC", 0 },
		{ "\x80", "\x00", 0 },
	};
	size_t	i;

	for (i = 0; i < NELEM(t); i++)
		is_int(util_streq_ct(t[i].a, t[i].b), t[i].want,
		    "util_streq_ct(%s, %s) = %d",
		    tap_quote(t[i].a, strlen(t[i].a)),
		    tap_quote(t[i].b, strlen(t[i].b)), t[i].want);
}

int
main(void)
{
	test_email();
	test_password();
	test_line();
	test_lang();
	test_local_path();
	test_id();
	test_token();
	test_parse_int64();
	test_streq_ct();
	return done_testing();
}
