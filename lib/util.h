/*
 * Small helpers shared by every module: allocation that exits on
 * out-of-memory (STYLE habit 4), a growable byte buffer, string lists.
 */
#ifndef KEIYAKU_UTIL_H
#define KEIYAKU_UTIL_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

void	 buf_grow(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);

int	 util_parse_int64(const char *, long long *);
long long util_num(const char *);
int	 util_streq_ct(const char *, const char *);
void	 util_hex(const unsigned char *, size_t, char *);
char	*util_urlencode(const char *);
int	 util_hexval(int);
void	 util_csv_cell(struct buf *, const char *, int last);

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
