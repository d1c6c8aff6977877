/*
 * Text folding for comparisons a Japanese user expects: width and
 * case do not matter ("ＮＤＡ", "nda"; "ｶﾞ", "ガ").  Used for tags
 * (lib/fields.c) and to find the words of a search in a document's
 * text (lib/search.c).  Pure functions: no database, no request.
 */
#ifndef KEIYAKU_TEXT_H
#define KEIYAKU_TEXT_H

#include <stddef.h>

struct buf;

/*
 * Folds in[0..len) into out (reset first; NUL-terminated, the NUL not
 * counted): fullwidth ASCII becomes ASCII, the ideographic space a
 * space, halfwidth katakana fullwidth with its sound marks composed,
 * ASCII letters lower case.  A byte that does not start a complete
 * UTF-8 sequence passes as it is.  When map is not NULL it gets (reset
 * first) out->len + 1 offsets, size_t each: the k-th is where in in
 * the character that gave out byte k starts, the last is len.  Both
 * buffers keep their memory from call to call.
 */
void	 text_fold(const char *in, size_t len, struct buf *out,
	    struct buf *map);
size_t	 text_utf8(char *, unsigned long);
unsigned long	 text_utf8_at(const unsigned char *, size_t, size_t *);
/* s as a PDF text string: <FEFF...>, UTF-16BE in hex (bad UTF-8: U+FFFD). */
void	 text_pdf_string(struct buf *, const char *);

#endif
