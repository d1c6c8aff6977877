/*
 * A small PDF writer for the documents the service makes itself (the
 * audit certificate): A4 pages of text and rules in one TrueType font
 * (IPAexGothic, so that Japanese renders anywhere), embedded as a
 * subset (only the glyphs used keep their outlines) with a ToUnicode
 * map, so that the text can be searched and copied.
 */
#ifndef KEIYAKU_PDFGEN_H
#define KEIYAKU_PDFGEN_H

#include <stddef.h>

struct buf;
struct pg_font;
struct pg_doc;

#define PG_A4_W		595.28
#define PG_A4_H		841.89

struct pg_font	*pg_font_load(const char *path, char *err, size_t errsz);
void		 pg_font_free(struct pg_font *);

struct pg_doc	*pg_new(struct pg_font *);
void		 pg_free(struct pg_doc *);
void		 pg_page(struct pg_doc *);
double		 pg_width(const struct pg_doc *, double size, const char *);
void		 pg_text(struct pg_doc *, double x, double y, double size,
		    const char *);
void		 pg_rule(struct pg_doc *, double x1, double y1, double x2,
		    double y2, double width);
double		 pg_wrap(struct pg_doc *, double x, double y, double width,
		    double size, double leading, const char *);
int		 pg_finish(struct pg_doc *, const char *title, struct buf *);

#endif
