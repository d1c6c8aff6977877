/*
 * Full-text search: the Groonga select, its answer, and snippets
 * (lib/search.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "text.h"
#include "util.h"

/*
 * Splits q into words on spaces (ASCII, tab, U+3000); returns how many.
 */
size_t
search_split(const char *q, struct search_words *sw)
{
	const char	*p = q, *e;

	sw->w = NULL;
	sw->n = 0;
	while (*p) {
		while (*p == ' ' || *p == '\t' ||
		    strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (*p == '\0')
			break;
		for (e = p; *e && *e != ' ' && *e != '\t' &&
		    strncmp(e, "\xe3\x80\x80", 3) != 0; e++)
			;
		/* Words past SEARCH_WORDS_MAX narrow nothing worth a query. */
		if (sw->n < SEARCH_WORDS_MAX) {
			sw->w = xrealloc(sw->w, (sw->n + 1) * sizeof(*sw->w));
			sw->w[sw->n++] = xstrndup(p, (size_t)(e - p));
		}
		p = e;
	}
	return sw->n;
}

void
search_words_free(struct search_words *sw)
{
	size_t	i;

	for (i = 0; i < sw->n; i++)
		free(sw->w[i]);
	free(sw->w);
	sw->w = NULL;
	sw->n = 0;
}

/* s in double quotes, with " and \ escaped by \ (both Groonga's query
 * syntax and its command syntax read a quoted string this way). */
static void
quoted(struct buf *b, const char *s)
{
	buf_add(b, "\"", 1);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, s, 1);
	}
	buf_add(b, "\"", 1);
}

/*
 * The select for the newest SEARCH_PAGE + 1 contracts of who's
 * organisation (and audience, unless they may see all) whose metadata
 * or text has every word, below the id before (0: from the newest).
 * Every word is required and quoted, so no operator a user types has
 * an effect, and --query_flags NONE takes columns (organisation_id:2)
 * and pragmas (*D+) out of the query syntax altogether.  The whole
 * query is then quoted again as one argument of the command, which is
 * what keeps a user's text inside --query (t/fuzz/fuzz_search.c reads
 * the command back and checks it).  Returns NULL without words.
 */
char *
search_command(const struct search_words *sw, const struct search_who *who,
    long long before)
{
	struct buf	 q = { NULL, 0, 0 }, f = { NULL, 0, 0 };
	struct buf	 c = { NULL, 0, 0 };
	size_t		 i;

	if (sw->n == 0)
		return NULL;
	for (i = 0; i < sw->n; i++) {
		buf_adds(&q, i ? " +" : "+");
		quoted(&q, sw->w[i]);
	}
	buf_addf(&f, "organisation_id == %lld", who->org);
	if (before > 0)
		buf_addf(&f, " && _key < %lld", before);
	if (!who->all) {
		if (who->dept > 0)
			buf_addf(&f, " && (audience @ \"d%lld\" || "
			    "audience @ \"u%lld\")", who->dept, who->user);
		else
			buf_addf(&f, " && audience @ \"u%lld\"", who->user);
	}
	buf_adds(&c, "select contract_search --match_columns \"meta||body\" "
	    "--query ");
	quoted(&c, q.data);
	buf_adds(&c, " --query_flags NONE --filter ");
	quoted(&c, f.data);
	buf_addf(&c, " --sortby -_key --limit %d "
	    "--output_columns \"_key,meta,body\" --cache no", SEARCH_PAGE + 1);
	buf_free(&q);
	buf_free(&f);
	return c.data;
}

/*
 * A small JSON reader for Groonga's answer: arrays, strings, numbers,
 * true, false and null (no objects: the answer has none), at most
 * JSON_DEPTH deep.
 */
#define JSON_DEPTH	6

enum jtype { J_NULL, J_NUM, J_STR, J_ARR };

struct jv {
	enum jtype	 t;
	long long	 num;
	char		*s;
	struct jv	*a;
	size_t		 n;
};

struct jin {
	const char	*p, *e;
};

static void
jv_free(struct jv *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		jv_free(&v->a[i]);
	free(v->a);
	free(v->s);
	memset(v, 0, sizeof(*v));
}

static void
jws(struct jin *in)
{
	while (in->p < in->e && (*in->p == ' ' || *in->p == '\t' ||
	    *in->p == '\n' || *in->p == '\r'))
		in->p++;
}

static int
jhex4(const char *p, unsigned long *u)
{
	int	i;

	*u = 0;
	for (i = 0; i < 4; i++) {
		*u <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			*u |= (unsigned long)(p[i] - '0');
		else if (p[i] >= 'a' && p[i] <= 'f')
			*u |= (unsigned long)(p[i] - 'a' + 10);
		else if (p[i] >= 'A' && p[i] <= 'F')
			*u |= (unsigned long)(p[i] - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* A string after its opening quote; 0, or -1 if malformed. */
static int
jstr(struct jin *in, struct jv *v)
{
	struct buf	 b = { NULL, 0, 0 };
	unsigned long	 u, lo;
	const char	*p;
	char		 utf8[4];

	buf_add(&b, "", 0);
	while (in->p < in->e && *in->p != '"') {
		if ((unsigned char)*in->p < 0x20)
			goto bad;
		if (*in->p != '\\') {
			for (p = in->p; p < in->e && *p != '"' && *p != '\\' &&
			    (unsigned char)*p >= 0x20; p++)
				;
			buf_add(&b, in->p, (size_t)(p - in->p));
			in->p = p;
			continue;
		}
		if (++in->p >= in->e)
			goto bad;
		switch (*in->p++) {
		case '"': buf_add(&b, "\"", 1); break;
		case '\\': buf_add(&b, "\\", 1); break;
		case '/': buf_add(&b, "/", 1); break;
		case 'b': buf_add(&b, "\b", 1); break;
		case 'f': buf_add(&b, "\f", 1); break;
		case 'n': buf_add(&b, "\n", 1); break;
		case 'r': buf_add(&b, "\r", 1); break;
		case 't': buf_add(&b, "\t", 1); break;
		case 'u':
			if (in->e - in->p < 4 || jhex4(in->p, &u) == -1)
				goto bad;
			in->p += 4;
			if (u >= 0xd800 && u <= 0xdbff) {
				if (in->e - in->p < 6 || in->p[0] != '\\' ||
				    in->p[1] != 'u' ||
				    jhex4(in->p + 2, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				in->p += 6;
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
			} else if (u >= 0xdc00 && u <= 0xdfff)
				goto bad;
			if (u == 0)
				goto bad;	/* no NUL inside a C string */
			buf_add(&b, utf8, text_utf8(utf8, u));
			break;
		default:
			goto bad;
		}
	}
	if (in->p >= in->e)
		goto bad;
	in->p++;
	v->t = J_STR;
	v->s = b.data;
	return 0;
bad:
	buf_free(&b);
	return -1;
}

/* One value at in->p; 0, or -1 if malformed (v is then empty). */
static int
jvalue(struct jin *in, struct jv *v, int depth)
{
	const char	*p;
	int		 neg = 0;

	memset(v, 0, sizeof(*v));
	jws(in);
	if (in->p >= in->e)
		return -1;
	if (*in->p == '[') {
		if (depth >= JSON_DEPTH)
			return -1;
		in->p++;
		v->t = J_ARR;
		jws(in);
		if (in->p < in->e && *in->p == ']') {
			in->p++;
			return 0;
		}
		for (;;) {
			v->a = xrealloc(v->a, (v->n + 1) * sizeof(*v->a));
			if (jvalue(in, &v->a[v->n], depth + 1) == -1)
				goto bad;
			v->n++;
			jws(in);
			if (in->p < in->e && *in->p == ',') {
				in->p++;
				continue;
			}
			if (in->p < in->e && *in->p == ']') {
				in->p++;
				return 0;
			}
			goto bad;
		}
	}
	if (*in->p == '"') {
		in->p++;
		return jstr(in, v);
	}
	if (in->e - in->p >= 4 && strncmp(in->p, "null", 4) == 0) {
		in->p += 4;
		return 0;
	}
	if (in->e - in->p >= 4 && strncmp(in->p, "true", 4) == 0) {
		in->p += 4;
		v->t = J_NUM;
		v->num = 1;
		return 0;
	}
	if (in->e - in->p >= 5 && strncmp(in->p, "false", 5) == 0) {
		in->p += 5;
		v->t = J_NUM;
		return 0;
	}
	/* A number: its integer part is kept (ids and counts are integers). */
	p = in->p;
	if (p < in->e && *p == '-') {
		neg = 1;
		p++;
	}
	if (p >= in->e || *p < '0' || *p > '9')
		return -1;
	v->t = J_NUM;
	for (; p < in->e && *p >= '0' && *p <= '9'; p++) {
		if (v->num > (0x7fffffffffffffffLL - 9) / 10)
			return -1;
		v->num = v->num * 10 + (*p - '0');
	}
	if (neg)
		v->num = -v->num;
	while (p < in->e && ((*p >= '0' && *p <= '9') || *p == '.' ||
	    *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
		p++;
	in->p = p;
	return 0;
bad:
	jv_free(v);
	return -1;
}

/*
 * Groonga's answer to search_command: [[[total], [[column, type]...],
 * [_key, meta, body]...]].  Returns 0 with out filled (free it with
 * search_result_free), or -1 if the answer is not of that shape.
 */
int
search_parse(const char *json, size_t len, struct search_result *out)
{
	struct jin	 in = { json, json + len };
	struct jv	 root, *r, *row;
	size_t		 i;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if (jvalue(&in, &root, 0) == -1)
		return -1;
	jws(&in);
	if (in.p != in.e || root.t != J_ARR || root.n < 1)
		goto done;
	r = &root.a[0];
	if (r->t != J_ARR || r->n < 2 || r->a[0].t != J_ARR ||
	    r->a[0].n < 1 || r->a[0].a[0].t != J_NUM || r->a[0].a[0].num < 0 ||
	    r->n - 2 > SEARCH_PAGE + 1)
		goto done;
	out->total = r->a[0].a[0].num;
	out->hit = xcalloc(r->n - 2 + 1, sizeof(*out->hit));
	for (i = 2; i < r->n; i++) {
		row = &r->a[i];
		if (row->t != J_ARR || row->n != 3 || row->a[0].t != J_NUM ||
		    row->a[0].num <= 0 || row->a[1].t == J_ARR ||
		    row->a[1].t == J_NUM || row->a[2].t == J_ARR ||
		    row->a[2].t == J_NUM) {
			search_result_free(out);
			goto done;
		}
		out->hit[out->n].id = row->a[0].num;
		out->hit[out->n].meta = row->a[1].s ? row->a[1].s : xstrdup("");
		out->hit[out->n].body = row->a[2].s ? row->a[2].s : xstrdup("");
		row->a[1].s = row->a[2].s = NULL;	/* now out's */
		out->n++;
	}
	rc = 0;
done:
	jv_free(&root);
	return rc;
}

void
search_result_free(struct search_result *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->hit[i].meta);
		free(r->hit[i].body);
	}
	free(r->hit);
	memset(r, 0, sizeof(*r));
}

/* Where a word was found in the folded text: [a, b). */
struct span {
	size_t	a, b;
};

#define SPANS_MAX	256

static int
span_cmp(const void *x, const void *y)
{
	const struct span	*s = x, *t = y;

	if (s->a != t->a)
		return s->a < t->a ? -1 : 1;
	return s->b < t->b ? -1 : s->b > t->b;
}

/* The first character boundary at or after i (UTF-8), at most len. */
static size_t
char_after(const char *t, size_t len, size_t i)
{
	while (i < len && ((unsigned char)t[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* The last character boundary at or before i. */
static size_t
char_before(const char *t, size_t len, size_t i)
{
	if (i >= len)
		return len;
	while (i > 0 && ((unsigned char)t[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static size_t
piece(struct search_piece *out, size_t k, size_t max, const char *t,
    size_t a, size_t b, int hit, int *gap)
{
	if (k >= max || b <= a)
		return k;
	out[k].text = t + a;
	out[k].len = b - a;
	out[k].hit = hit;
	out[k].gap = *gap;
	*gap = 0;
	return k + 1;
}

/*
 * A snippet of text[0..len): up to SEARCH_WINDOWS windows of about
 * SEARCH_WIDTH bytes, each starting a little before a match of a word
 * that the windows before did not show, with every match in them
 * marked.  Words and text are compared folded (lib/text.h), as the
 * index compares them; a window never cuts a character.  Without a
 * match (found by its metadata's form only, say), the text's start.
 * Fills out[0..max) with pieces pointing into text; returns how many.
 */
size_t
search_snippet(struct search_snip *sn, const char *text, size_t len,
    struct search_piece *out, size_t max)
{
	struct span	 sp[SPANS_MAX];
	const size_t	*map;
	size_t		 ns = 0, i, j, k = 0, s, e, a, b, pos, fl;
	size_t		 w, next = 0, shown = 0;
	const char	*hit, *ft;
	int		 gap;

	text_fold(text, len, sn->ft, sn->map);
	ft = sn->ft->data;
	map = (const size_t *)(const void *)sn->map->data;
	for (i = 0; i < sn->sw->n && ns < SPANS_MAX; i++) {
		if ((fl = strlen(sn->fw[i])) == 0)
			continue;
		for (pos = 0; ns < SPANS_MAX && pos + fl <= sn->ft->len;
		    pos = (size_t)(hit - ft) + 1) {
			hit = memmem(ft + pos, sn->ft->len - pos, sn->fw[i], fl);
			if (hit == NULL)
				break;
			sp[ns].a = (size_t)(hit - ft);
			sp[ns].b = sp[ns].a + fl;
			ns++;
		}
	}
	qsort(sp, ns, sizeof(sp[0]), span_cmp);
	/* Overlapping matches become one. */
	for (i = 0, j = 0; i < ns; i++) {
		if (j > 0 && sp[i].a <= sp[j - 1].b) {
			if (sp[i].b > sp[j - 1].b)
				sp[j - 1].b = sp[i].b;
		} else
			sp[j++] = sp[i];
	}
	ns = j;
	if (ns == 0) {
		gap = 0;
		k = piece(out, k, max, text, 0,
		    char_before(text, len, SEARCH_WIDTH), 0, &gap);
		goto done;
	}
	for (w = 0; w < SEARCH_WINDOWS && next < ns && k < max; w++) {
		/* The window: a quarter of it before the match, or from
		 * the start of the text when the match is in its first half. */
		a = map[sp[next].a];
		s = a > SEARCH_WIDTH / 2 ? a - SEARCH_WIDTH / 4 : 0;
		if (s < shown)
			s = shown;
		s = char_after(text, len, s);
		e = char_before(text, len, s + SEARCH_WIDTH);
		if (e <= a)
			e = char_after(text, len, a + 1);
		gap = s > shown;
		shown = e;
		pos = s;
		for (; next < ns && map[sp[next].a] < e && k < max; next++) {
			a = map[sp[next].a];
			b = map[sp[next].b];
			if (b > e)
				b = e;
			k = piece(out, k, max, text, pos, a, 0, &gap);
			k = piece(out, k, max, text, a, b, 1, &gap);
			pos = b;
		}
		k = piece(out, k, max, text, pos, e, 0, &gap);
	}
done:
	return k;
}

/* Prepares snippets of the words sw (kept, not copied). */
void
search_snip_init(struct search_snip *sn, const struct search_words *sw)
{
	struct buf	f = { NULL, 0, 0 };
	size_t		i;

	sn->sw = sw;
	sn->fw = xcalloc(sw->n + 1, sizeof(*sn->fw));
	for (i = 0; i < sw->n; i++) {
		text_fold(sw->w[i], strlen(sw->w[i]), &f, NULL);
		sn->fw[i] = xstrdup(f.data);
	}
	buf_free(&f);
	sn->ft = xcalloc(1, sizeof(*sn->ft));
	sn->map = xcalloc(1, sizeof(*sn->map));
}

void
search_snip_free(struct search_snip *sn)
{
	size_t	i;

	for (i = 0; sn->fw != NULL && i < sn->sw->n; i++)
		free(sn->fw[i]);
	free(sn->fw);
	if (sn->ft != NULL)
		buf_free(sn->ft);
	if (sn->map != NULL)
		buf_free(sn->map);
	free(sn->ft);
	free(sn->map);
	memset(sn, 0, sizeof(*sn));
}
