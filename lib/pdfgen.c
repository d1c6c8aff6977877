/*
 * A small PDF writer with an embedded TrueType subset (lib/pdfgen.h).
 *
 * The font: the file is mapped, its tables found; text is turned into
 * glyph ids through the cmap (format 4 or 12) and measured with hmtx.
 * The subset keeps every glyph id (so the text needs no re-encoding:
 * CIDToGIDMap /Identity) but only the glyphs used, with the
 * components of composite ones, keep their outlines; the others are
 * empty.  glyf then holds a few hundred glyphs instead of 12,000, and
 * loca and hmtx compress to little.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>
#include <zlib.h>

#include "pdfgen.h"
#include "text.h"
#include "util.h"

#define MARGIN_TOP	60.0
#define MARGIN_BOTTOM	50.0

struct table {
	const unsigned char	*p;
	uint32_t		 len;
};

struct pg_font {
	unsigned char		*map;
	size_t			 size;
	struct table		 cmap, head, hhea, hmtx, loca, glyf, maxp;
	struct table		 cvt, fpgm, prep;
	const unsigned char	*cmap_sub;	/* the subtable used */
	uint32_t		 cmap_sublen;
	int			 cmap_format;	/* 4 or 12 */
	unsigned		 upem, nglyphs, nhmetrics, long_loca;
	int			 ascent, descent, bbox[4];
	char			 name[64];
};

struct pg_doc {
	struct pg_font	*font;
	struct buf	*pages;		/* content streams */
	size_t		 npages;
	unsigned char	*used;		/* per glyph id */
	uint32_t	*uni;		/* a code point for each glyph used */
};

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(struct buf *b, unsigned v)
{
	unsigned char	c[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	buf_add(b, c, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char	c[4] = { (unsigned char)(v >> 24),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v };

	buf_add(b, c, 4);
}

void
pg_font_free(struct pg_font *f)
{
	if (f == NULL)
		return;
	if (f->map != NULL)
		munmap(f->map, f->size);
	free(f);
}

static int
find_cmap(struct pg_font *f)
{
	const unsigned char	*c = f->cmap.p, *sub;
	unsigned		 n, i, plat, enc, fmt;
	uint32_t		 off;

	if (f->cmap.len < 4)
		return -1;
	n = u16(c + 2);
	for (i = 0; i < n && 4 + 8 * (i + 1) <= f->cmap.len; i++) {
		plat = u16(c + 4 + 8 * i);
		enc = u16(c + 6 + 8 * i);
		off = u32(c + 8 + 8 * i);
		if (plat != 3 || (enc != 1 && enc != 10) ||
		    off + 8 > f->cmap.len)
			continue;
		sub = c + off;
		fmt = u16(sub);
		if (fmt == 12 && off + 16 <= f->cmap.len) {
			f->cmap_format = 12;
			f->cmap_sub = sub;
			f->cmap_sublen = f->cmap.len - off;
			return 0;	/* the fullest: take it */
		}
		if (fmt == 4 && f->cmap_format == 0) {
			f->cmap_format = 4;
			f->cmap_sub = sub;
			f->cmap_sublen = f->cmap.len - off;
		}
	}
	return f->cmap_format ? 0 : -1;
}

struct pg_font *
pg_font_load(const char *path, char *err, size_t errsz)
{
	struct pg_font	*f = xcalloc(1, sizeof(*f));
	struct stat	 st;
	unsigned	 n, i;
	int		 fd;
	struct { const char *tag; struct table *t; } want[] = {
		{ "cmap", &f->cmap }, { "head", &f->head }, { "hhea", &f->hhea },
		{ "hmtx", &f->hmtx }, { "loca", &f->loca }, { "glyf", &f->glyf },
		{ "maxp", &f->maxp }, { "cvt ", &f->cvt }, { "fpgm", &f->fpgm },
		{ "prep", &f->prep } };
	size_t		 k;
	const char	*base;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1 || st.st_size < 12 ||
	    (f->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
	    fd, 0)) == MAP_FAILED) {
		snprintf(err, errsz, "%s: cannot read the font", path);
		if (fd != -1)
			close(fd);
		f->map = NULL;
		pg_font_free(f);
		return NULL;
	}
	close(fd);
	f->size = (size_t)st.st_size;
	if (u32(f->map) != 0x00010000) {
		snprintf(err, errsz, "%s: not a TrueType font", path);
		goto bad;
	}
	n = u16(f->map + 4);
	for (i = 0; i < n && 12 + 16 * (i + 1) <= f->size; i++) {
		const unsigned char	*e = f->map + 12 + 16 * i;
		uint32_t		 off = u32(e + 8), len = u32(e + 12);

		if (off > f->size || len > f->size - off)
			continue;
		for (k = 0; k < NELEM(want); k++)
			if (memcmp(e, want[k].tag, 4) == 0) {
				want[k].t->p = f->map + off;
				want[k].t->len = len;
			}
	}
	if (f->head.len < 54 || f->hhea.len < 36 || f->maxp.len < 6 ||
	    f->glyf.p == NULL || f->loca.p == NULL || f->hmtx.p == NULL ||
	    find_cmap(f) == -1) {
		snprintf(err, errsz, "%s: a table is missing (glyf outlines "
		    "and a Unicode cmap are needed)", path);
		goto bad;
	}
	f->upem = u16(f->head.p + 18);
	f->long_loca = u16(f->head.p + 50) == 1;
	for (k = 0; k < 4; k++)
		f->bbox[k] = (int16_t)u16(f->head.p + 36 + 2 * k);
	f->ascent = (int16_t)u16(f->hhea.p + 4);
	f->descent = (int16_t)u16(f->hhea.p + 6);
	f->nhmetrics = u16(f->hhea.p + 34);
	f->nglyphs = u16(f->maxp.p + 4);
	if (f->upem == 0 || f->nhmetrics == 0 || f->nglyphs == 0 ||
	    f->hmtx.len < 4 * f->nhmetrics ||
	    f->loca.len < (f->long_loca ? 4 : 2) * (f->nglyphs + 1)) {
		snprintf(err, errsz, "%s: inconsistent tables", path);
		goto bad;
	}
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(f->name, sizeof(f->name), "%.*s", (int)strcspn(base, "."),
	    base);
	for (char *p = f->name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9')))
			*p = '-';
	return f;
bad:
	pg_font_free(f);
	return NULL;
}

/* The glyph of code point c (0 if the font has none). */
static unsigned
glyph_of(const struct pg_font *f, uint32_t c)
{
	const unsigned char	*s = f->cmap_sub;
	uint32_t		 n, i, lo, hi;
	unsigned		 segs, k, start, end, delta, ro;

	if (f->cmap_format == 12) {
		n = u32(s + 12);
		if (16 + (uint64_t)n * 12 > f->cmap_sublen)
			return 0;
		lo = 0, hi = n;
		while (lo < hi) {
			i = (lo + hi) / 2;
			if (c < u32(s + 16 + 12 * i))
				hi = i;
			else if (c > u32(s + 20 + 12 * i))
				lo = i + 1;
			else
				return (unsigned)(u32(s + 24 + 12 * i) + c -
				    u32(s + 16 + 12 * i));
		}
		return 0;
	}
	if (c > 0xffff)
		return 0;
	segs = u16(s + 6) / 2;
	if (16 + 8 * (size_t)segs > f->cmap_sublen)
		return 0;
	for (k = 0; k < segs; k++) {
		end = u16(s + 14 + 2 * k);
		if (c > end)
			continue;
		start = u16(s + 16 + 2 * segs + 2 * k);
		if (c < start)
			return 0;
		delta = u16(s + 16 + 4 * segs + 2 * k);
		ro = u16(s + 16 + 6 * segs + 2 * k);
		if (ro == 0)
			return (c + delta) & 0xffff;
		{
			size_t	at = 16 + 6 * (size_t)segs + 2 * k + ro +
			    2 * (c - start);

			if (at + 2 > f->cmap_sublen || u16(s + at) == 0)
				return 0;
			return (u16(s + at) + delta) & 0xffff;
		}
	}
	return 0;
}

static unsigned
advance(const struct pg_font *f, unsigned g)
{
	if (g >= f->nhmetrics)
		g = f->nhmetrics - 1;
	return u16(f->hmtx.p + 4 * g);
}

static void
glyph_span(const struct pg_font *f, unsigned g, uint32_t *off, uint32_t *len)
{
	uint32_t	a, b;

	if (f->long_loca) {
		a = u32(f->loca.p + 4 * g);
		b = u32(f->loca.p + 4 * (g + 1));
	} else {
		a = 2 * u16(f->loca.p + 2 * g);
		b = 2 * u16(f->loca.p + 2 * (g + 1));
	}
	if (b < a || b > f->glyf.len)
		a = b = 0;
	*off = a;
	*len = b - a;
}

/* Marks glyph g used, and the components of a composite glyph. */
static void
mark(struct pg_doc *d, unsigned g, int depth)
{
	const struct pg_font	*f = d->font;
	const unsigned char	*p;
	uint32_t		 off, len, at;
	unsigned		 flags;

	if (g >= f->nglyphs || depth > 8)
		return;
	if (d->used[g] && depth == 0)
		return;
	d->used[g] = 1;
	glyph_span(f, g, &off, &len);
	if (len < 10)
		return;
	p = f->glyf.p + off;
	if ((int16_t)u16(p) >= 0)
		return;
	for (at = 10; at + 4 <= len; ) {
		flags = u16(p + at);
		mark(d, u16(p + at + 2), depth + 1);
		at += 4 + ((flags & 0x1) ? 4 : 2);
		if (flags & 0x8)
			at += 2;
		else if (flags & 0x40)
			at += 4;
		else if (flags & 0x80)
			at += 8;
		if (!(flags & 0x20))
			break;
	}
}

struct pg_doc *
pg_new(struct pg_font *f)
{
	struct pg_doc	*d = xcalloc(1, sizeof(*d));

	d->font = f;
	d->used = xcalloc(f->nglyphs, 1);
	d->uni = xcalloc(f->nglyphs, sizeof(*d->uni));
	d->used[0] = 1;		/* .notdef */
	pg_page(d);
	return d;
}

void
pg_free(struct pg_doc *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->npages; i++)
		buf_free(&d->pages[i]);
	free(d->pages);
	free(d->used);
	free(d->uni);
	free(d);
}

void
pg_page(struct pg_doc *d)
{
	d->pages = xrealloc(d->pages, (d->npages + 1) * sizeof(*d->pages));
	memset(&d->pages[d->npages], 0, sizeof(d->pages[0]));
	buf_add(&d->pages[d->npages], "", 0);
	d->npages++;
}

/* Width of s at size, in points. */
double
pg_width(const struct pg_doc *d, double size, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i, n;
	double			 w = 0;

	for (i = 0; i < len; i += n)
		w += advance(d->font, glyph_of(d->font, (uint32_t)
		    text_utf8_at(p + i, len - i, &n)));
	return w * size / d->font->upem;
}

void
pg_text(struct pg_doc *d, double x, double y, double size, const char *s)
{
	struct buf		*b = &d->pages[d->npages - 1];
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i, n;
	unsigned long		 c;
	unsigned		 g;

	buf_addf(b, "BT /F1 %.2f Tf %.2f %.2f Td <", size, x, y);
	for (i = 0; i < len; i += n) {
		c = text_utf8_at(p + i, len - i, &n);
		if (c < 0x20)
			continue;
		g = glyph_of(d->font, (uint32_t)c);
		mark(d, g, 0);
		if (g != 0 && d->uni[g] == 0)
			d->uni[g] = (uint32_t)c;
		buf_addf(b, "%04X", g);
	}
	buf_adds(b, "> Tj ET\n");
}

void
pg_rule(struct pg_doc *d, double x1, double y1, double x2, double y2,
    double width)
{
	buf_addf(&d->pages[d->npages - 1], "%.2f w %.2f %.2f m %.2f %.2f l S\n",
	    width, x1, y1, x2, y2);
}

/*
 * s in lines no wider than width (breaking at a space when a line has
 * one, else between any two characters, as Japanese does), from
 * baseline y down; a new page when the bottom margin is reached.
 * Returns the baseline under the last line.
 */
double
pg_wrap(struct pg_doc *d, double x, double y, double width, double size,
    double leading, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i = 0, n, start, brk;
	double			 w, cw;
	char			*line;

	while (i < len) {
		start = i;
		brk = 0;
		w = 0;
		while (i < len) {
			unsigned long	c = text_utf8_at(p + i, len - i, &n);

			if (c == '\n')
				break;
			cw = advance(d->font, glyph_of(d->font, (uint32_t)c)) *
			    size / d->font->upem;
			if (w + cw > width && i > start)
				break;
			if (c == ' ')
				brk = i;
			w += cw;
			i += n;
		}
		/* A Latin word cut in two: back to its space. */
		if (i < len && p[i] != '\n' && brk > start && p[i] != ' ' &&
		    p[i - 1] != ' ' && p[i] < 0x80 && p[i - 1] < 0x80)
			i = brk + 1;
		if (y < MARGIN_BOTTOM) {
			pg_page(d);
			y = PG_A4_H - MARGIN_TOP;
		}
		line = xstrndup(s + start, i - start);
		pg_text(d, x, y, size, line);
		free(line);
		y -= leading;
		if (i < len && p[i] == '\n')
			i++;
		while (i < len && p[i] == ' ')
			i++;
	}
	return y;
}

static uint32_t
checksum(const unsigned char *p, size_t len)
{
	uint32_t	sum = 0;
	size_t		i;

	for (i = 0; i + 4 <= len; i += 4)
		sum += u32(p + i);
	if (i < len) {
		unsigned char	last[4] = { 0, 0, 0, 0 };

		memcpy(last, p + i, len - i);
		sum += u32(last);
	}
	return sum;
}

/* The subset font file: every glyph id, the outlines of those used. */
static void
subset(const struct pg_doc *d, struct buf *out)
{
	const struct pg_font	*f = d->font;
	struct buf		 glyf = { NULL, 0, 0 }, loca = { NULL, 0, 0 };
	struct buf		 head = { NULL, 0, 0 };
	struct { const char *tag; const unsigned char *p; size_t len; } t[9];
	uint32_t		 off, len, pos, adj;
	size_t			 nt = 0, i, k, hdr;
	unsigned		 g, sr = 1, es = 0;

	buf_add(&glyf, "", 0);
	for (g = 0; g < f->nglyphs; g++) {
		put32(&loca, (uint32_t)glyf.len);
		if (!d->used[g])
			continue;
		glyph_span(f, g, &off, &len);
		buf_add(&glyf, f->glyf.p + off, len);
		while (glyf.len % 4)
			buf_add(&glyf, "", 1);	/* a zero byte */
	}
	put32(&loca, (uint32_t)glyf.len);
	buf_add(&head, f->head.p, f->head.len);
	memset(head.data + 8, 0, 4);			/* checkSumAdjustment */
	head.data[50] = 0, head.data[51] = 1;		/* long loca */

#define T(tg, ptr, l) do { if ((ptr) != NULL) { t[nt].tag = (tg); \
	t[nt].p = (const unsigned char *)(ptr); t[nt++].len = (l); } } while (0)
	T("cvt ", f->cvt.p, f->cvt.len);
	T("fpgm", f->fpgm.p, f->fpgm.len);
	T("glyf", glyf.data, glyf.len);
	T("head", head.data, head.len);
	T("hhea", f->hhea.p, f->hhea.len);
	T("hmtx", f->hmtx.p, f->hmtx.len);
	T("loca", loca.data, loca.len);
	T("maxp", f->maxp.p, f->maxp.len);
	T("prep", f->prep.p, f->prep.len);
#undef T
	while (sr * 2 <= nt)
		sr *= 2, es++;
	buf_reset(out);
	put32(out, 0x00010000);
	put16(out, (unsigned)nt);
	put16(out, sr * 16);
	put16(out, es);
	put16(out, (unsigned)nt * 16 - sr * 16);
	hdr = 12 + 16 * nt;
	pos = (uint32_t)hdr;
	for (i = 0; i < nt; i++) {
		buf_add(out, t[i].tag, 4);
		put32(out, checksum(t[i].p, t[i].len));
		put32(out, pos);
		put32(out, (uint32_t)t[i].len);
		pos += (uint32_t)((t[i].len + 3) & ~(size_t)3);
	}
	for (i = 0; i < nt; i++) {
		buf_add(out, t[i].p, t[i].len);
		for (k = t[i].len; k % 4; k++)
			buf_add(out, "", 1);
	}
	/* The whole font sums to 0xB1B0AFBA. */
	adj = 0xB1B0AFBA - checksum((unsigned char *)out->data, out->len);
	for (i = 0; i < nt; i++)
		if (strcmp(t[i].tag, "head") == 0) {
			unsigned char	*h = (unsigned char *)out->data +
			    u32((unsigned char *)out->data + 12 + 16 * i + 8);

			h[8] = (unsigned char)(adj >> 24);
			h[9] = (unsigned char)(adj >> 16);
			h[10] = (unsigned char)(adj >> 8);
			h[11] = (unsigned char)adj;
		}
	buf_free(&glyf);
	buf_free(&loca);
	buf_free(&head);
}

/* A stream object, deflated. */
static void
stream(struct buf *pdf, long long *xref, int id, const char *dict,
    const void *data, size_t len)
{
	uLongf	zlen = compressBound((uLong)len);
	Bytef	*z = xmalloc(zlen);

	if (compress2(z, &zlen, data, (uLong)len, 9) != Z_OK)
		zlen = 0;
	xref[id] = (long long)pdf->len;
	buf_addf(pdf, "%d 0 obj\n<< %s /Filter /FlateDecode /Length %lu >>\n"
	    "stream\n", id, dict, (unsigned long)zlen);
	buf_add(pdf, z, zlen);
	buf_adds(pdf, "\nendstream\nendobj\n");
	free(z);
}

/*
 * The document as a PDF into out: the catalog, the pages, the font
 * (Type0 / CIDFontType2, Identity-H, the subset, widths, ToUnicode),
 * the document information, an xref table and a trailer with an /ID.
 */
int
pg_finish(struct pg_doc *d, const char *title, struct buf *out)
{
	const struct pg_font	*f = d->font;
	struct buf		 b = { NULL, 0, 0 }, font = { NULL, 0, 0 };
	long long		*xref;
	int			 nobj, font0, cid, desc, file, tou, info, id;
	size_t			 i;
	unsigned		 g;
	double			 k = 1000.0 / f->upem;
	char			 stamp[32], idhex[33];
	unsigned char		 rnd[16];
	time_t			 now = time(NULL) + 9 * 3600;
	struct tm		 tm;

	/* 1 catalog, 2 pages, then each page and its content. */
	font0 = 3 + 2 * (int)d->npages;
	cid = font0 + 1;
	desc = cid + 1;
	file = desc + 1;
	tou = file + 1;
	info = tou + 1;
	nobj = info + 1;
	xref = xcalloc((size_t)nobj, sizeof(*xref));
	buf_reset(out);
	buf_adds(out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
	xref[1] = (long long)out->len;
	buf_adds(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	xref[2] = (long long)out->len;
	buf_adds(out, "2 0 obj\n<< /Type /Pages /Kids [");
	for (i = 0; i < d->npages; i++)
		buf_addf(out, "%s%d 0 R", i ? " " : "", 3 + 2 * (int)i);
	buf_addf(out, "] /Count %zu >>\nendobj\n", d->npages);
	for (i = 0; i < d->npages; i++) {
		id = 3 + 2 * (int)i;
		xref[id] = (long long)out->len;
		buf_addf(out, "%d 0 obj\n<< /Type /Page /Parent 2 0 R "
		    "/MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 %d 0 R "
		    ">> >> /Contents %d 0 R >>\nendobj\n", id, PG_A4_W, PG_A4_H,
		    font0, id + 1);
		stream(out, xref, id + 1, "", d->pages[i].data,
		    d->pages[i].len);
	}
	xref[font0] = (long long)out->len;
	buf_addf(out, "%d 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont "
	    "/KEIYAK+%s /Encoding /Identity-H /DescendantFonts [%d 0 R] "
	    "/ToUnicode %d 0 R >>\nendobj\n", font0, f->name, cid, tou);
	xref[cid] = (long long)out->len;
	buf_addf(out, "%d 0 obj\n<< /Type /Font /Subtype /CIDFontType2 "
	    "/BaseFont /KEIYAK+%s /CIDSystemInfo << /Registry (Adobe) "
	    "/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R "
	    "/CIDToGIDMap /Identity /DW 1000 /W [", cid, f->name, desc);
	for (g = 0; g < f->nglyphs; g++)
		if (d->used[g])
			buf_addf(out, " %u [%.0f]", g, advance(f, g) * k);
	buf_adds(out, " ] >>\nendobj\n");
	xref[desc] = (long long)out->len;
	buf_addf(out, "%d 0 obj\n<< /Type /FontDescriptor /FontName "
	    "/KEIYAK+%s /Flags 4 /FontBBox [%.0f %.0f %.0f %.0f] "
	    "/ItalicAngle 0 /Ascent %.0f /Descent %.0f /CapHeight %.0f "
	    "/StemV 80 /FontFile2 %d 0 R >>\nendobj\n", desc, f->name,
	    f->bbox[0] * k, f->bbox[1] * k, f->bbox[2] * k, f->bbox[3] * k,
	    f->ascent * k, f->descent * k, f->ascent * k, file);
	subset(d, &font);
	{
		char	dict[64];

		snprintf(dict, sizeof(dict), "/Length1 %zu", font.len);
		stream(out, xref, file, dict, font.data, font.len);
	}
	/* ToUnicode: each glyph used back to its character. */
	buf_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
	    "begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
	    "endcodespacerange\n");
	{
		unsigned	*gs = xcalloc(f->nglyphs, sizeof(*gs));
		size_t		 n = 0, j, m;

		for (g = 1; g < f->nglyphs; g++)
			if (d->used[g] && d->uni[g] != 0)
				gs[n++] = g;
		/* At most 100 entries a block. */
		for (j = 0; j < n; j += 100) {
			m = n - j < 100 ? n - j : 100;
			buf_addf(&b, "%zu beginbfchar\n", m);
			for (i = j; i < j + m; i++) {
				uint32_t	c = d->uni[gs[i]];

				if (c >= 0x10000)
					buf_addf(&b, "<%04X> <%04X%04X>\n",
					    gs[i], 0xd800 + ((c - 0x10000) >> 10),
					    0xdc00 + ((c - 0x10000) & 0x3ff));
				else
					buf_addf(&b, "<%04X> <%04X>\n", gs[i], c);
			}
			buf_adds(&b, "endbfchar\n");
		}
		free(gs);
	}
	buf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	    "end\nend\n");
	stream(out, xref, tou, "", b.data, b.len);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "D:%Y%m%d%H%M%S+09'00'", &tm);
	xref[info] = (long long)out->len;
	buf_addf(out, "%d 0 obj\n<< /Title ", info);
	text_pdf_string(out, title);
	buf_addf(out, " /Producer (Keiyaku) /CreationDate (%s) >>\nendobj\n",
	    stamp);
	{
		long long	x = (long long)out->len;

		buf_addf(out, "xref\n0 %d\n0000000000 65535 f \n", nobj);
		for (id = 1; id < nobj; id++)
			buf_addf(out, "%010lld 00000 n \n", xref[id]);
		if (RAND_bytes(rnd, sizeof(rnd)) != 1)
			memset(rnd, 0, sizeof(rnd));
		util_hex(rnd, 16, idhex);
		buf_addf(out, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R "
		    "/ID [<%s> <%s>] >>\nstartxref\n%lld\n%%%%EOF\n", nobj,
		    info, idhex, idhex, x);
	}
	buf_free(&b);
	buf_free(&font);
	free(xref);
	return 0;
}
