/*
 * File types from their bytes (see filetype.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filetype.h"
#include "util.h"

static const struct {
	enum ftype	 t;
	const char	*code;
	const char	*mime;
} types[] = {
	{ FT_PDF, "pdf", "application/pdf" },
	{ FT_DOCX, "docx", "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document" },
	{ FT_XLSX, "xlsx", "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet" },
	{ FT_PNG, "png", "image/png" },
	{ FT_JPEG, "jpeg", "image/jpeg" },
};

const char *
ftype_code(enum ftype t)
{
	size_t	i;

	for (i = 0; i < NELEM(types); i++)
		if (types[i].t == t)
			return types[i].code;
	return "unknown";
}

const char *
ftype_mime(enum ftype t)
{
	size_t	i;

	for (i = 0; i < NELEM(types); i++)
		if (types[i].t == t)
			return types[i].mime;
	return "application/octet-stream";
}

enum ftype
ftype_from_code(const char *s)
{
	size_t	i;

	for (i = 0; i < NELEM(types); i++)
		if (strcmp(types[i].code, s) == 0)
			return types[i].t;
	return FT_UNKNOWN;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/*
 * A ZIP's central directory: DOCX if it names word/document.xml, XLSX
 * if xl/workbook.xml, each beside [Content_Types].xml.
 */
static enum ftype
zip_office(int fd, long long size)
{
	unsigned char	 tail[65536 + 22], *cd = NULL, *p;
	long long	 tl, i, cdoff, cdlen;
	unsigned	 n, k, nl;
	int		 ct = 0, word = 0, xl = 0;
	enum ftype	 t = FT_UNKNOWN;

	tl = size < (long long)sizeof(tail) ? size : (long long)sizeof(tail);
	if (tl < 22 || pread(fd, tail, (size_t)tl, size - tl) != tl)
		return FT_UNKNOWN;
	for (i = tl - 22; i >= 0; i--)
		if (memcmp(tail + i, "PK\5\6", 4) == 0)
			break;
	if (i < 0)
		return FT_UNKNOWN;
	n = le16(tail + i + 10);
	cdlen = le32(tail + i + 12);
	cdoff = le32(tail + i + 16);
	if (cdlen > 16 << 20 || cdoff + cdlen > size || n == 0)
		return FT_UNKNOWN;
	cd = xmalloc((size_t)cdlen + 1);
	if (pread(fd, cd, (size_t)cdlen, cdoff) != cdlen)
		goto out;
	for (p = cd, k = 0; k < n; k++) {
		if (p + 46 > cd + cdlen || memcmp(p, "PK\1\2", 4) != 0)
			goto out;
		nl = le16(p + 28);
		if (p + 46 + nl > cd + cdlen)
			goto out;
#define NAME(s)	(nl == sizeof(s) - 1 && memcmp(p + 46, s, nl) == 0)
		ct |= NAME("[Content_Types].xml");
		word |= NAME("word/document.xml");
		xl |= NAME("xl/workbook.xml");
#undef NAME
		p += 46 + nl + le16(p + 30) + le16(p + 32);
	}
	if (ct && word && !xl)
		t = FT_DOCX;
	else if (ct && xl && !word)
		t = FT_XLSX;
out:
	free(cd);
	return t;
}

enum ftype
ftype_sniff(int fd, long long size)
{
	unsigned char	h[1024];
	ssize_t		n;

	if ((n = pread(fd, h, sizeof(h), 0)) < 4)
		return FT_UNKNOWN;
	if (n >= 5 && memmem(h, (size_t)n, "%PDF-", 5) != NULL)
		return FT_PDF;
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return FT_PNG;
	if (memcmp(h, "\xff\xd8\xff", 3) == 0)
		return FT_JPEG;
	if (memcmp(h, "PK\3\4", 4) == 0)
		return zip_office(fd, size);
	return FT_UNKNOWN;
}
