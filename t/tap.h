/*
 * A tiny header-only TAP producer (https://testanything.org) for the
 * C unit tests: plan(), ok(), is_int(), is_str(), is_mem(), diag(),
 * done_testing().  Every helper is static and marked unused, so a
 * test that uses only some of them still builds under -Werror.
 *
 *	plan(3);			(or no plan: done_testing prints it)
 *	ok(x == 1, "x is %d", 1);
 *	is_int(f(), 400, "f() answers 400");
 *	is_str(s, "abc", "s is abc");
 *	return done_testing();
 *
 * done_testing() returns the exit status: 0 when every test passed and
 * the count matches the plan, 1 otherwise.  Descriptions may carry any
 * bytes: '#' (a TAP directive) and non-printable bytes are escaped.
 * tap_quote() renders a byte string for a description.
 */
#ifndef KEIYAKU_TAP_H
#define KEIYAKU_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TAP_UNUSED	__attribute__((unused))
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

static struct {
	int	n;		/* tests run */
	int	failed;
	int	planned;	/* -1: no plan yet */
} tap_state TAP_UNUSED = { 0, 0, -1 };

static TAP_UNUSED void
plan(int n)
{
	tap_state.planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

/* Prints a description, escaping what would confuse a TAP parser. */
static TAP_UNUSED void
tap_print_desc(const char *fmt, va_list ap) TAP_PRINTF(1, 0);

static TAP_UNUSED void
tap_print_desc(const char *fmt, va_list ap)
{
	char		 d[1024];
	const char	*p;

	vsnprintf(d, sizeof(d), fmt, ap);
	for (p = d; *p; p++) {
		if (*p == '#')
			fputs("\\#", stdout);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else
			putchar(*p);
	}
}

static TAP_UNUSED void
diag(const char *fmt, ...) TAP_PRINTF(1, 2);

static TAP_UNUSED void
diag(const char *fmt, ...)
{
	char	 d[2048], *p, *nl;
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(d, sizeof(d), fmt, ap);
	va_end(ap);
	for (p = d; p != NULL; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		printf("# %s\n", p);
	}
	fflush(stdout);
}

static TAP_UNUSED int
tap_vok(int cond, const char *fmt, va_list ap) TAP_PRINTF(2, 0);

static TAP_UNUSED int
tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_state.n++;
	if (!cond)
		tap_state.failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_state.n);
	tap_print_desc(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

static TAP_UNUSED int
ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);

static TAP_UNUSED int
ok(int cond, const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

static TAP_UNUSED int
is_int(long long got, long long want, const char *fmt, ...) TAP_PRINTF(3, 4);

static TAP_UNUSED int
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	r = tap_vok(got == want, fmt, ap);
	va_end(ap);
	if (!r)
		diag("         got: %lld\n    expected: %lld", got, want);
	return r;
}

/*
 * Renders n bytes of s as a C-like literal for messages, in one of
 * four rotating static buffers (so up to four may be used in one
 * call), cut at about 120 bytes.
 */
static TAP_UNUSED const char *
tap_quote(const char *s, size_t n)
{
	static char	 bufs[4][600];
	static int	 k;
	char		*o = bufs[k = (k + 1) % 4], *e = o + sizeof(bufs[0]) - 8;
	size_t		 i;

	if (s == NULL)
		return "(null)";
	*o++ = '"';
	for (i = 0; i < n && o < e; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == 120) {
			o += sprintf(o, "...(%zu bytes)", n);
			break;
		}
		if (c == '"' || c == '\\')
			o += sprintf(o, "\\%c", c);
		else if (c == '\r')
			o += sprintf(o, "\\r");
		else if (c == '\n')
			o += sprintf(o, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			o += sprintf(o, "\\x%02x", c);
		else
			*o++ = (char)c;
	}
	*o++ = '"';
	*o = '\0';
	return bufs[k];
}

static TAP_UNUSED int
is_str(const char *got, const char *want, const char *fmt, ...)
    TAP_PRINTF(3, 4);

static TAP_UNUSED int
is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	r = tap_vok(got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want, fmt, ap);
	va_end(ap);
	if (!r)
		diag("         got: %s\n    expected: %s",
		    tap_quote(got, got ? strlen(got) : 0),
		    tap_quote(want, want ? strlen(want) : 0));
	return r;
}

/* Compares byte strings (which may hold NUL). */
static TAP_UNUSED int
is_mem(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *fmt, ...) TAP_PRINTF(5, 6);

static TAP_UNUSED int
is_mem(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	r = tap_vok(got != NULL && gotlen == wantlen &&
	    (wantlen == 0 || memcmp(got, want, wantlen) == 0), fmt, ap);
	va_end(ap);
	if (!r)
		diag("         got: %s (%zu bytes)\n    expected: %s (%zu bytes)",
		    tap_quote(got, gotlen), gotlen,
		    tap_quote(want, wantlen), wantlen);
	return r;
}

/* Ends the run: prints the plan if none was given; the exit status. */
static TAP_UNUSED int
done_testing(void)
{
	if (tap_state.planned < 0)
		printf("1..%d\n", tap_state.n);
	else if (tap_state.planned != tap_state.n) {
		diag("planned %d tests but ran %d", tap_state.planned,
		    tap_state.n);
		fflush(stdout);
		return 1;
	}
	if (tap_state.failed)
		diag("failed %d of %d tests", tap_state.failed, tap_state.n);
	fflush(stdout);
	return tap_state.failed ? 1 : 0;
}

#endif
