#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "http.h"
#include "text.h"
#include "util.h"
#include "valid.h"

static const char *const kinds[FIELDS__MAX] = { "text", "number", "date",
    "choice" };

/* The kind named code ("text", ...), or -1. */
int
fields_kind(const char *code)
{
	int	i;

	for (i = 0; code != NULL && i < FIELDS__MAX; i++)
		if (strcmp(code, kinds[i]) == 0)
			return i;
	return -1;
}

const char *
fields_kind_code(int kind)
{
	return kind >= 0 && kind < FIELDS__MAX ? kinds[kind] : "";
}

/* Valid UTF-8 without C0, DEL or C1 controls. */
static int
clean_line(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	if (!http_utf8_valid(s, n))
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* Length of s without the spaces (ASCII or U+3000) at both ends. */
static const char *
trim(const char *s, size_t *n)
{
	for (;;) {
		if (*n > 0 && s[0] == ' ') {
			s++;
			(*n)--;
		} else if (*n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
			s += 3;
			*n -= 3;
		} else if (*n > 0 && s[*n - 1] == ' ')
			(*n)--;
		else if (*n >= 3 && memcmp(s + *n - 3, "\xe3\x80\x80", 3) == 0)
			*n -= 3;
		else
			return s;
	}
}

/*
 * An exact integer as people type it: an optional minus sign, digits,
 * thousands commas allowed between them, at most 15 digits.  Sets *out
 * and returns 0, or returns FIELDS_EINVALID.
 */
int
fields_integer(const char *in, long long *out)
{
	long long	v = 0;
	size_t		i = 0, digits = 0, n = strlen(in);
	int		neg = 0;

	if (n > 0 && in[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i >= n || in[i] == ',' || in[n - 1] == ',')
		return FIELDS_EINVALID;
	for (; i < n; i++) {
		if (in[i] == ',') {
			if (in[i - 1] == ',' || in[i - 1] == '-')
				return FIELDS_EINVALID;
			continue;
		}
		if (in[i] < '0' || in[i] > '9' || ++digits > 15)
			return FIELDS_EINVALID;
		v = v * 10 + (in[i] - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

/*
 * A submitted value of a field of kind in its stored form, into out
 * ("" for no value): text trimmed (at most FIELDS_TEXT_MAX characters,
 * one line), an integer without commas or leading zeros, a calendar
 * date YYYY-MM-DD, or one of options (lines) exactly, or the field's
 * current value current (an option since removed stays as it was).
 * Returns 0, or FIELDS_EINVALID (out is then empty).
 */
int
fields_value(int kind, const char *in, const char *options,
    const char *current, struct buf *out)
{
	const char	*s;
	size_t		 n;
	long long	 v;

	buf_reset(out);
	buf_add(out, "", 0);
	if (in == NULL)
		return 0;
	n = strlen(in);
	if (n > 4 * FIELDS_TEXT_MAX || !clean_line(in, n))
		return FIELDS_EINVALID;
	s = trim(in, &n);
	if (n == 0)
		return 0;
	switch (kind) {
	case FIELDS_TEXT:
		if (valid_utf8_chars(s, n) > FIELDS_TEXT_MAX)
			return FIELDS_EINVALID;
		break;
	case FIELDS_NUMBER: {
		char	tmp[32];

		if (n >= sizeof(tmp))
			return FIELDS_EINVALID;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		if (fields_integer(tmp, &v) != 0)
			return FIELDS_EINVALID;
		buf_addf(out, "%lld", v);
		return 0;
	}
	case FIELDS_DATE:
		if (!valid_opt_date(s, n))
			return FIELDS_EINVALID;
		break;
	case FIELDS_CHOICE: {
		char	*tmp = xstrndup(s, n);
		int	 ok = fields_option_ok(options, tmp) ||
		    (current != NULL && strcmp(current, tmp) == 0);

		free(tmp);
		if (!ok)
			return FIELDS_EINVALID;
		break;
	}
	default:
		return FIELDS_EINVALID;
	}
	buf_add(out, s, n);
	return 0;
}

/*
 * The options of a choice field as typed (one a line) into their
 * stored form: each line trimmed, empty lines dropped, joined by "\n".
 * Returns the number of options (at least 1), or FIELDS_EINVALID (none,
 * or a control character), FIELDS_ETOOLONG, FIELDS_ETOOMANY, FIELDS_EDUP.
 */
int
fields_options(const char *text, struct buf *out)
{
	const char	*p, *e, *s;
	size_t		 n, count = 0;

	buf_reset(out);
	buf_add(out, "", 0);
	for (p = text; p != NULL && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		n = (size_t)(e - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (!clean_line(p, n))
			return FIELDS_EINVALID;
		s = trim(p, &n);
		if (n == 0)
			continue;
		if (valid_utf8_chars(s, n) > FIELDS_OPTION_MAX)
			return FIELDS_ETOOLONG;
		if (++count > FIELDS_OPTIONS_MAX)
			return FIELDS_ETOOMANY;
		{
			char	*one = xstrndup(s, n);
			int	 dup = fields_option_ok(out->data, one);

			free(one);
			if (dup)
				return FIELDS_EDUP;
		}
		if (out->len > 0)
			buf_add(out, "\n", 1);
		buf_add(out, s, n);
	}
	return count > 0 ? (int)count : FIELDS_EINVALID;
}

/* 1 if value is one of options (stored form: lines). */
int
fields_option_ok(const char *options, const char *value)
{
	const char	*p, *e;
	size_t		 n = strlen(value);

	if (n == 0)
		return 0;
	for (p = options; p != NULL && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if ((size_t)(e - p) == n && memcmp(p, value, n) == 0)
			return 1;
	}
	return 0;
}

size_t
fields_option_count(const char *options)
{
	const char	*p, *e;
	size_t		 n = 0;

	for (p = options; p != NULL && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		n++;
	}
	return n;
}

/*
 * A tag folded for comparison (lib/text.h: width and case).
 * Returns 0, or FIELDS_EINVALID (not UTF-8, or a control character).
 */
int
fields_tag_norm(const char *in, size_t len, struct buf *out)
{
	buf_reset(out);
	buf_add(out, "", 0);
	if (!clean_line(in, len))
		return FIELDS_EINVALID;
	text_fold(in, len, out, NULL);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 if s[0..n) begins with a separator of tags; sets *sl to its length. */
static int
separator(const char *s, size_t n, size_t *sl)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == ',')) {
		*sl = 1;
		return 1;
	}
	if (n >= 3 && memcmp(s, "\xe3\x80\x81", 3) == 0) {	/* 、 */
		*sl = 3;
		return 1;
	}
	return 0;
}

/*
 * Tags as typed, separated by spaces or commas (also fullwidth, and
 * 、), into *tags: folded (fields_tag_norm), a leading '#' dropped,
 * each at most FIELDS_TAG_MAX characters, without repeats, in byte
 * order, at most max of them.  *tags (freed with fields_tags_free) is
 * set only on success.  Returns 0, or FIELDS_EINVALID,
 * FIELDS_ETOOLONG, FIELDS_ETOOMANY.
 */
int
fields_tags(const char *in, char ***tags, size_t *ntags, size_t max)
{
	struct buf	 f = { NULL, 0, 0 };
	char		**t = NULL;
	const char	*s;
	size_t		 i, j, n = 0, start, sl = 1, len;
	int		 rc = 0;

	*tags = NULL;
	*ntags = 0;
	if (fields_tag_norm(in, strlen(in), &f) != 0) {
		buf_free(&f);
		return FIELDS_EINVALID;
	}
	for (i = 0; i <= f.len; ) {
		start = i;
		while (i < f.len && !separator(f.data + i, f.len - i, &sl))
			i++;
		s = f.data + start;
		len = i - start;
		while (len > 0 && s[0] == '#') {
			s++;
			len--;
		}
		if (len > 0) {
			if (valid_utf8_chars(s, len) > FIELDS_TAG_MAX) {
				rc = FIELDS_ETOOLONG;
				goto out;
			}
			for (j = 0; j < n; j++)
				if (strlen(t[j]) == len &&
				    memcmp(t[j], s, len) == 0)
					break;
			if (j == n) {
				if (n == max) {
					rc = FIELDS_ETOOMANY;
					goto out;
				}
				t = xrealloc(t, (n + 1) * sizeof(*t));
				t[n++] = xstrndup(s, len);
			}
		}
		if (i >= f.len)
			break;
		separator(f.data + i, f.len - i, &sl);
		i += sl;
	}
	if (n > 1)
		qsort(t, n, sizeof(*t), cmp_str);
out:
	buf_free(&f);
	if (rc != 0) {
		fields_tags_free(t, n);
		return rc;
	}
	*tags = t;
	*ntags = n;
	return 0;
}

void
fields_tags_free(char **t, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(t[i]);
	free(t);
}
