#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "valid.h"

/* Code points in a string already known to be valid UTF-8. */
size_t
valid_utf8_chars(const char *s, size_t n)
{
	size_t	i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* No C0 controls, DEL or C1 controls (U+0080..U+009F). */
static int
no_controls(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return 0;
	}
	return 1;
}

/*
 * A practical address: local@domain, ASCII, at most 254 bytes, one
 * '@', a dot in the domain, no spaces or quotes.
 */
int
valid_email(const char *s, size_t n)
{
	const char	*at;
	size_t		 i;

	if (n < 3 || n > 254 || strlen(s) != n)
		return 0;
	if ((at = strchr(s, '@')) == NULL || at == s || strchr(at + 1, '@'))
		return 0;
	if (strchr(at + 1, '.') == NULL || at[1] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || strchr("\"(),:;<>[\\]", c))
			return 0;
	}
	return 1;
}

/* Any UTF-8 of 1 to 1024 bytes; the policy is checked elsewhere. */
int
valid_password(const char *s, size_t n)
{
	return n >= 1 && n <= 1024 && http_utf8_valid(s, n);
}

int
valid_line(const char *s, size_t n)
{
	return n <= 800 && http_utf8_valid(s, n) && no_controls(s, n) &&
	    valid_utf8_chars(s, n) <= 200;
}

int
valid_lang(const char *s, size_t n)
{
	return (n == 2 && (strcmp(s, "ja") == 0 || strcmp(s, "en") == 0));
}

/* A path on this site: starts with one '/', printable ASCII, ≤ 512. */
int
valid_local_path(const char *s, size_t n)
{
	size_t	i;

	if (n < 1 || n > 512 || s[0] != '/' || (n > 1 && (s[1] == '/' ||
	    s[1] == '\\')))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f ||
		    s[i] == '\\')
			return 0;
	return 1;
}

/* A positive decimal id without leading zeros, at most 18 digits. */
int
valid_id(const char *s, size_t n)
{
	return n >= 1 && n <= 18 && s[0] >= '1' && s[0] <= '9' &&
	    strspn(s, "0123456789") == n;
}

int
valid_token(const char *s, size_t n)
{
	return n == 64 && strspn(s, "0123456789abcdef") == 64;
}

int
valid_opt_id(const char *s, size_t n)
{
	return n == 0 || valid_id(s, n);
}

/* A real calendar date YYYY-MM-DD from 1900 to 9999, or empty. */
int
valid_opt_date(const char *s, size_t n)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int			 y, m, d;

	if (n == 0)
		return 1;
	if (n != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

/* Digits, with optional thousands commas, at most 15 digits; or empty. */
int
valid_opt_amount(const char *s, size_t n)
{
	size_t	i, digits = 0;

	if (n == 0)
		return 1;
	if (n > 20 || s[0] == ',' || s[n - 1] == ',')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != ',')
			return 0;
	}
	return digits >= 1 && digits <= 15;
}

int
valid_opt_small(const char *s, size_t n)
{
	return n == 0 || (n <= 4 && strspn(s, "0123456789") == n);
}

/* Several lines: tabs and line breaks allowed, other controls not. */
int
valid_text(const char *s, size_t n)
{
	size_t	i;

	if (n > 40000 || !http_utf8_valid(s, n) ||
	    valid_utf8_chars(s, n) > 10000)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') ||
		    c == 0x7f)
			return 0;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return 0;
	}
	return 1;
}

int
valid_title(const char *s, size_t n)
{
	return n <= 1200 && http_utf8_valid(s, n) && no_controls(s, n) &&
	    valid_utf8_chars(s, n) <= 300;
}

/* A person's name, one line of at most 100 bytes, or empty. */
int
valid_opt_name(const char *s, size_t n)
{
	return n <= 100 && (n == 0 || valid_line(s, n));
}

/* An e-mail address, or empty. */
int
valid_opt_email(const char *s, size_t n)
{
	return n == 0 || valid_email(s, n);
}

/* A phone number: digits, spaces, + - ( ), at most 40; or empty. */
int
valid_opt_phone(const char *s, size_t n)
{
	return n <= 40 && strspn(s, "0123456789+-() ") == n;
}
