#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "util.h"

/* Out of memory: say so on stderr (the error log) and exit the worker. */
static void
oom(void)
{
	static const char msg[] = "keiyaku: out of memory\n";

	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(70);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, sz == 0 ? 1 : sz)) == NULL)
		oom();
	return p;
}

void *
xrealloc(void *o, size_t n)
{
	void	*p;

	if ((p = realloc(o, n == 0 ? 1 : n)) == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (b.data == NULL)
		return xstrdup("");
	return b.data;
}

/* Room for need more bytes and a NUL after len. */
void
buf_grow(struct buf *b, size_t need)
{
	size_t	ncap;

	if (b->len + need + 1 <= b->cap)
		return;
	ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + need + 1) {
		if (ncap > SIZE_MAX / 2)
			oom();
		ncap *= 2;
	}
	b->data = xrealloc(b->data, ncap);
	b->cap = ncap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/*
 * Strict decimal integer: optional '-', digits only, no overflow.
 * Returns 0 on success, -1 on anything else.
 */
int
util_parse_int64(const char *s, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

/*
 * Compare two NUL-terminated strings in time that depends only on
 * their lengths.  Returns 1 if equal.
 */
/* The integer of a database cell or an input: 0 for NULL or not a number. */
long long
util_num(const char *s)
{
	long long	v = 0;

	if (s != NULL && util_parse_int64(s, &v) == -1)
		v = 0;
	return v;
}

int
util_streq_ct(const char *a, const char *b)
{
	size_t		 la, lb, i;
	unsigned char	 d;

	la = strlen(a);
	lb = strlen(b);
	d = la != lb;
	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return d == 0;
}

/* s percent-encoded for a query string (RFC 3986 unreserved kept). */
char *
util_urlencode(const char *s)
{
	struct buf	b = { NULL, 0, 0 };

	buf_add(&b, "", 0);
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~/", *s) != NULL)
			buf_add(&b, s, 1);
		else
			buf_addf(&b, "%%%02X", (unsigned char)*s);
	}
	return b.data;
}

void
util_hex(const unsigned char *p, size_t n, char *out)
{
	static const char	 hx[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The value of the hex digit c, or -1. */
int
util_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line
 * break, quotes doubled.  A cell that a spreadsheet would take for a
 * formula (starting with = + - @, a tab or a carriage return) gets a
 * leading apostrophe, so that opening the file runs nothing; a plain
 * negative integer (a custom number) is left as it is.
 */
void
util_csv_cell(struct buf *b, const char *v, int last)
{
	const char	*p;
	int		 formula, quote;

	if (v == NULL)
		v = "";
	formula = v[0] != '\0' && strchr("=+-@\t\r", v[0]) != NULL &&
	    !(v[0] == '-' && v[1] != '\0' &&
	    strspn(v + 1, "0123456789") == strlen(v + 1));
	quote = formula || strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		buf_add(b, "\"", 1);
	if (formula)
		buf_add(b, "'", 1);
	for (p = v; *p; p++) {
		if (*p == '"')
			buf_add(b, "\"", 1);
		buf_add(b, p, 1);
	}
	if (quote)
		buf_add(b, "\"", 1);
	buf_adds(b, last ? "\r\n" : ",");
}
