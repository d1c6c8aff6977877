/*
 * Unit tests (TAP) for lib/mail.c: addresses, base64, RFC 2047 encoded
 * words (decoded back, line lengths), and the composed message (its
 * headers, parts and line endings; nothing can inject a header).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail.h"
#include "util.h"
#include "tap.h"

static const struct {
	const char	*a;
	int		 ok;
} addrs[] = {
	{ "legal@minato.example", 1 },
	{ "a.b+tag@sub.example.co.jp", 1 },
	{ "o'brien@example.com", 1 },
	{ "keiyaku@localhost", 1 },
	{ "", 0 },
	{ "no-at.example", 0 },
	{ "@example.com", 0 },
	{ "a@", 0 },
	{ "a@@example.com", 0 },
	{ "a@b@example.com", 0 },
	{ ".a@example.com", 0 },
	{ "a.@example.com", 0 },
	{ "a..b@example.com", 0 },
	{ "a@.example.com", 0 },
	{ "a@example..com", 0 },
	{ "a@example.com.", 0 },
	{ "a b@example.com", 0 },
	{ "a@example.com\r\nBcc: x@evil.example", 0 },
	{ "a@example.com>", 0 },
	{ "<a@example.com", 0 },
	{ "\"a\"@example.com", 0 },
	{ "a@exa_mple.com", 0 },
	{ "山田@example.jp", 0 },
};

/* The decoded text of RFC 2047 B-encoded words in s (only those). */
static char *
decode_words(const char *s)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf		 b = { NULL, 0, 0 };
	const char		*p = s, *e, *q;
	unsigned long		 v = 0;
	int			 bits = 0;

	buf_add(&b, "", 0);
	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		p += 10;
		if ((e = strstr(p, "?=")) == NULL)
			break;
		for (q = p; q < e && *q != '='; q++) {
			v = (v << 6) | (unsigned long)(strchr(a, *q) - a);
			bits += 6;
			if (bits >= 8) {
				char	c = (char)((v >> (bits - 8)) & 0xff);

				buf_add(&b, &c, 1);
				bits -= 8;
			}
		}
		bits = 0;
		v = 0;
		p = e + 2;
	}
	return b.data;
}

static int
max_line(const char *s)
{
	int	n = 0, m = 0;

	for (; *s; s++) {
		if (*s == '\r' && s[1] == '\n') {
			n = 0;
			s++;
			continue;
		}
		if (++n > m)
			m = n;
	}
	return m;
}

static void
test_base64_words(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {	/* RFC 4648, section 10 */
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	struct buf	 b = { NULL, 0, 0 };
	char		*d, big[200];
	size_t		 i;
	const char	*subj = "【Keiyaku】解約通知期限が近づいています："
	    "基幹システム保守業務委託契約（東京本社・大阪支店・名古屋営業所）";

	for (i = 0; i < NELEM(v); i++) {
		buf_reset(&b);
		buf_add(&b, "", 0);
		mail_base64(&b, v[i].in, strlen(v[i].in), 0);
		is_str(b.data, v[i].out, "base64 of \"%s\"", v[i].in);
	}
	memset(big, 'x', sizeof(big));
	buf_reset(&b);
	mail_base64(&b, big, sizeof(big), 1);
	ok(max_line(b.data) == 76 && b.len > 2 &&
	    strcmp(b.data + b.len - 2, "\r\n") == 0,
	    "base64 in lines: 76 characters, CRLF");

	buf_reset(&b);
	buf_adds(&b, "Subject: ");
	mail_encode_words(&b, subj, 9);
	d = decode_words(b.data);
	is_str(d, subj, "encoded words decode to the subject");
	free(d);
	ok(max_line(b.data) <= 76, "no line over 76 characters (%d)",
	    max_line(b.data));
	ok(strstr(b.data, "\r\n =?UTF-8?B?") != NULL,
	    "a long subject is folded between words");
	buf_free(&b);
}

static const struct mail base = {
	"keiyaku@localhost", "Keiyaku 契約管理", "legal@minato.example",
	"佐藤 健", "【Keiyaku】通知", "本文\n二行目\n", "<p>本文</p>\n",
	"0123abcd@localhost", 1795680000	/* 2026-11-26 08:00 UTC */
};

static void
test_compose(void)
{
	struct mail	 m;
	struct buf	 b = { NULL, 0, 0 };
	char		*d, *p;
	const char	*crlf_only;

	is_int(mail_compose(&base, &b), 0, "a message is composed");
	ok(strncmp(b.data, "Date: Thu, 26 Nov 2026 17:00:00 +0900\r\n", 39) == 0,
	    "Date in Japan time");
	ok(strstr(b.data, "\r\nTo: =?UTF-8?B?") != NULL &&
	    strstr(b.data, "?= <legal@minato.example>\r\n") != NULL,
	    "To: the name in encoded words, then the address");
	p = strstr(b.data, "\r\nSubject: ");
	d = p != NULL ? decode_words(p) : NULL;
	is_str(d, "【Keiyaku】通知", "the subject decodes");
	free(d);
	ok(strstr(b.data, "\r\nMessage-ID: <0123abcd@localhost>\r\n") != NULL,
	    "Message-ID");
	ok(strstr(b.data, "Content-Type: multipart/alternative; boundary=\"=_kk_") !=
	    NULL, "multipart/alternative");
	ok(strstr(b.data, "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n") != NULL &&
	    strstr(b.data, "Content-Type: text/html; charset=UTF-8\r\n") != NULL,
	    "a text part and an HTML part, UTF-8 in base64");
	/* 本文\r\n二行目\r\n: the text part's lines end in CRLF. */
	ok(strstr(b.data, "5pys5paHDQrkuozooYznm64NCg==") != NULL,
	    "the text in base64, its line breaks as CRLF");
	for (crlf_only = b.data; *crlf_only; crlf_only++)
		if (*crlf_only == '\n' && (crlf_only == b.data ||
		    crlf_only[-1] != '\r'))
			break;
	ok(*crlf_only == '\0', "every line of the message ends in CRLF");
	ok(max_line(b.data) <= 998, "no line over 998 characters");
	buf_free(&b);

	m = base;
	m.subject = "plain ASCII subject";
	buf_reset(&b);
	mail_compose(&m, &b);
	ok(strstr(b.data, "\r\nSubject: plain ASCII subject\r\n") != NULL,
	    "an ASCII subject stays as it is");
	buf_free(&b);
	m.subject = "=?UTF-8?B?Zm9v?= looks encoded";
	mail_compose(&m, &b);
	ok(strstr(b.data, "\r\nSubject: =?UTF-8?B?PT9VVEYtOD9C") != NULL,
	    "a subject that looks encoded is encoded");
	buf_free(&b);
	m = base;
	m.to_name = "Hanako \"H\" Yamada";
	mail_compose(&m, &b);
	ok(strstr(b.data, "\r\nTo: \"Hanako \\\"H\\\" Yamada\" "
	    "<legal@minato.example>\r\n") != NULL, "an ASCII name is quoted");
	buf_free(&b);

	m = base;
	m.subject = "x\r\nBcc: everyone@example.com";
	is_int(mail_compose(&m, &b), -1, "a subject with CRLF is refused");
	buf_free(&b);
	m = base;
	m.to_name = "x\nBcc: y@example.com";
	is_int(mail_compose(&m, &b), -1, "a name with a line break is refused");
	buf_free(&b);
	m = base;
	m.to_addr = "legal@minato.example\r\nBcc: y@example.com";
	is_int(mail_compose(&m, &b), -1, "an address with CRLF is refused");
	buf_free(&b);
	m = base;
	m.message_id = "x>\r\nBcc: y@example.com";
	is_int(mail_compose(&m, &b), -1, "a bad Message-ID is refused");
	buf_free(&b);
}

int
main(void)
{
	size_t	i;

	for (i = 0; i < NELEM(addrs); i++)
		is_int(mail_valid_addr(addrs[i].a), addrs[i].ok, "address %s",
		    addrs[i].a);
	test_base64_words();
	test_compose();
	return done_testing();
}
