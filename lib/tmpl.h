/*
 * Templates: ClearSilver with Config.VarEscapeMode=html set before
 * cs_init, so every var: is HTML-escaped.  HDF and NEOERR stay inside
 * lib/tmpl.c; the rest of the code sees only these functions.  One
 * struct tmpl per request (tmpl_new ... tmpl_free); the language data
 * and parsed templates behind it are kept per worker.
 */
#ifndef KEIYAKU_TMPL_H
#define KEIYAKU_TMPL_H

#include <stddef.h>

struct buf;
struct tmpl;

struct tmpl	*tmpl_new(const char *dir, const char *lang);
void		 tmpl_free(struct tmpl *);
void		 tmpl_cleanup(void);
void		 tmpl_set(struct tmpl *, const char *, const char *);
void		 tmpl_setf(struct tmpl *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 tmpl_set_int(struct tmpl *, const char *, long long);
const char	*tmpl_get(struct tmpl *, const char *);
void		 tmpl_fill(struct tmpl *, struct buf *, const char *key,
		    const char *const *vals);
int		 tmpl_read_hdf(struct tmpl *, const char *path,
		    char *err, size_t errsz);
int		 tmpl_render(struct tmpl *, const char *file, struct buf *,
		    char *err, size_t errsz);

#endif
