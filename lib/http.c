#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "http.h"
#include "util.h"

/*
 * Strict UTF-8: no overlong forms, no surrogates, nothing above
 * U+10FFFF, and no NUL.  Returns 1 if s[0..n) is valid.
 */
int
http_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, need;
	unsigned int		 cp, min;

	while (i < n) {
		if (p[i] == 0)
			return 0;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			need = 1; cp = p[i] & 0x1f; min = 0x80;
		} else if ((p[i] & 0xf0) == 0xe0) {
			need = 2; cp = p[i] & 0x0f; min = 0x800;
		} else if ((p[i] & 0xf8) == 0xf0) {
			need = 3; cp = p[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/*
 * Percent-decoding with '+' as space.  Returns 0, or 400 for a
 * truncated or non-hex escape, an encoded or raw NUL, or a result
 * that is not UTF-8.
 */
int
http_urldecode(const char *s, size_t n, struct buf *out)
{
	size_t	i;
	int	hi, lo;
	char	c;

	buf_reset(out);
	buf_add(out, "", 0);
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '\0')
			return 400;
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			if (i + 2 >= n)
				return 400;
			if ((hi = util_hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = util_hexval((unsigned char)s[i + 2])) < 0)
				return 400;
			c = (char)(hi * 16 + lo);
			if (c == '\0')
				return 400;
			i += 2;
		}
		buf_add(out, &c, 1);
	}
	return http_utf8_valid(out->data, out->len) ? 0 : 400;
}

void
kv_add(struct kvlist *l, const char *k, size_t kl, const char *v, size_t vl)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].key = xstrndup(k, kl);
	l->v[l->n].val = xstrndup(v, vl);
	l->v[l->n].len = vl;
	l->n++;
}

const char *
kv_get(const struct kvlist *l, const char *k)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, k) == 0)
			return l->v[i].val;
	return NULL;
}

void
kv_free(struct kvlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/*
 * application/x-www-form-urlencoded (also query strings).
 * Returns 0, 400 (bad encoding) or 413 (too many or too long fields).
 */
int
http_parse_urlencoded(const char *s, size_t n, const struct http_limits *lim,
    struct kvlist *out)
{
	struct buf	 k = { NULL, 0, 0 }, v = { NULL, 0, 0 };
	const char	*p = s, *end = s + n, *amp, *eq;
	int		 rc = 0;

	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p) {
			p++;
			continue;
		}
		if (out->n >= lim->max_fields) {
			rc = 413;
			break;
		}
		if ((size_t)(amp - p) > lim->max_field_size * 3 + 256) {
			rc = 413;
			break;
		}
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if ((rc = http_urldecode(p, (size_t)(eq - p), &k)) != 0)
			break;
		if (eq < amp)
			rc = http_urldecode(eq + 1, (size_t)(amp - eq - 1), &v);
		else
			rc = http_urldecode("", 0, &v);
		if (rc != 0)
			break;
		if (k.len == 0) {
			rc = 400;
			break;
		}
		if (v.len > lim->max_field_size) {
			rc = 413;
			break;
		}
		kv_add(out, k.data, k.len, v.data, v.len);
		p = amp + 1;
	}
	buf_free(&k);
	buf_free(&v);
	return rc;
}

static int
is_token_char(int c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

/*
 * The Cookie header.  Pairs that are not "token=value" are skipped
 * (other applications on the host may set odd cookies); a header
 * longer than max_header is 431.  Values are kept as sent.
 */
int
http_parse_cookies(const char *s, const struct http_limits *lim,
    struct kvlist *out)
{
	const char	*p, *ks, *ke, *vs, *ve;
	size_t		 n;

	if (s == NULL)
		return 0;
	if ((n = strlen(s)) > lim->max_header)
		return 431;
	p = s;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		if (*p == '\0')
			break;
		ks = p;
		while (is_token_char((unsigned char)*p))
			p++;
		ke = p;
		if (ke == ks || *p != '=') {
			while (*p && *p != ';')
				p++;
			continue;
		}
		vs = ++p;
		while (*p && *p != ';')
			p++;
		ve = p;
		while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		if (out->n >= lim->max_fields)
			return 431;
		if (http_utf8_valid(vs, (size_t)(ve - vs)))
			kv_add(out, ks, (size_t)(ke - ks), vs, (size_t)(ve - vs));
	}
	return 0;
}

/*
 * Find the boundary parameter of a multipart/form-data content type.
 * Returns 0, or 400 when the type is not multipart/form-data or the
 * boundary is missing, empty, too long or has characters RFC 2046
 * does not allow.
 */
int
http_boundary(const char *ctype, char *out, size_t outsz)
{
	const char	*p, *e;
	size_t		 n;

	if (ctype == NULL || strncasecmp(ctype, "multipart/form-data", 19) != 0 ||
	    (ctype[19] != '\0' && ctype[19] != ';' && ctype[19] != ' ' &&
	    ctype[19] != '\t'))
		return 400;
	for (p = ctype + 19; (p = strchr(p, ';')) != NULL; ) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) != 0)
			continue;
		p += 9;
		if (*p == '"') {
			p++;
			if ((e = strchr(p, '"')) == NULL)
				return 400;
		} else
			e = p + strcspn(p, "; \t");
		n = (size_t)(e - p);
		if (n == 0 || n > 70 || n >= outsz)
			return 400;
		memcpy(out, p, n);
		out[n] = '\0';
		if (strspn(out, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
		    "WXYZ0123456789'()+_,-./:=? ") != n || out[n - 1] == ' ')
			return 400;
		return 0;
	}
	return 400;
}

/* A byte counter over the io, to hold the body to max_body. */
struct rd {
	struct http_io	*io;
	size_t		 total;
	size_t		 max;
	int		 eof;
	int		 err;
	char		 buf[65536 + 256];
	size_t		 len;		/* bytes in buf */
};

/* Read more into r->buf.  Returns 0, or 413 past max_body, 400 on error. */
static int
rd_fill(struct rd *r)
{
	ssize_t	n;

	if (r->eof || r->len == sizeof(r->buf))
		return 0;
	n = r->io->read(r->io->ctx, r->buf + r->len, sizeof(r->buf) - r->len);
	if (n < 0)
		return 400;
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->total += (size_t)n;
	if (r->total > r->max)
		return 413;
	r->len += (size_t)n;
	return 0;
}

static void
rd_consume(struct rd *r, size_t n)
{
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
}

/*
 * Reads a whole (non-multipart) body into b.  Returns 0, 413 when it
 * passes max bytes, or 400 on a read error.
 */
int
http_read_body(struct http_io *io, size_t max, struct buf *b)
{
	char	tmp[16384];
	ssize_t	n;

	for (;;) {
		if ((n = io->read(io->ctx, tmp, sizeof(tmp))) < 0)
			return 400;
		if (n == 0)
			return 0;
		if (b->len + (size_t)n > max)
			return 413;
		buf_add(b, tmp, (size_t)n);
	}
}

void
http_uploads_free(struct upload *u, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (u[i].fd != -1)
			close(u[i].fd);
		free(u[i].field);
		free(u[i].filename);
		free(u[i].ctype);
	}
	free(u);
}

/* Value of parameter name in a header value such as Content-Disposition. */
static char *
hdr_param(const char *v, const char *name)
{
	const char	*p, *e;
	size_t		 nl = strlen(name);
	struct buf	 b = { NULL, 0, 0 };

	for (p = v; (p = strchr(p, ';')) != NULL; ) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nl) != 0 || p[nl] != '=')
			continue;
		p += nl + 1;
		if (*p == '"') {
			/*
			 * No backslash escapes: browsers send '"' as %22 and
			 * a backslash as itself (a Windows path, say).
			 */
			for (p++; *p && *p != '"'; p++)
				buf_add(&b, p, 1);
			if (*p != '"') {
				buf_free(&b);
				return NULL;
			}
		} else {
			e = p + strcspn(p, "; \t");
			buf_add(&b, p, (size_t)(e - p));
		}
		if (b.data == NULL)
			buf_add(&b, "", 0);
		return b.data;
	}
	return NULL;
}

struct part {
	char	*name;
	char	*filename;
	char	*ctype;
};

static void
part_free(struct part *p)
{
	free(p->name);
	free(p->filename);
	free(p->ctype);
	memset(p, 0, sizeof(*p));
}

/* Parse part headers in h (NUL-terminated, CRLF-separated). 0 or 400. */
static int
part_headers(char *h, struct part *pt)
{
	char	*line, *next, *colon, *v, *slash;
	int	 seen_cd = 0;

	for (line = h; line != NULL && *line; line = next) {
		if ((next = strstr(line, "\r\n")) != NULL) {
			*next = '\0';
			next += 2;
		}
		if ((colon = strchr(line, ':')) == NULL)
			return 400;
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		if (strcasecmp(line, "Content-Disposition") == 0) {
			/* Exactly one per part. */
			if (strncasecmp(v, "form-data", 9) != 0 || seen_cd++)
				return 400;
			pt->name = hdr_param(v, "name");
			pt->filename = hdr_param(v, "filename");
		} else if (strcasecmp(line, "Content-Type") == 0) {
			free(pt->ctype);
			pt->ctype = xstrdup(v);
		}
	}
	if (pt->name == NULL || *pt->name == '\0' ||
	    !http_utf8_valid(pt->name, strlen(pt->name)))
		return 400;
	if (pt->filename != NULL) {
		/* Old browsers send a whole path: keep the last part. */
		if ((slash = strrchr(pt->filename, '/')) != NULL ||
		    (slash = strrchr(pt->filename, '\\')) != NULL)
			memmove(pt->filename, slash + 1, strlen(slash + 1) + 1);
		if (!http_utf8_valid(pt->filename, strlen(pt->filename)))
			return 400;
		for (v = pt->filename; *v; v++)
			if ((unsigned char)*v < 0x20 || *v == 0x7f)
				return 400;
	}
	return 0;
}

/*
 * multipart/form-data, streamed: non-file fields go to fields, each
 * file part to a temporary file in tmpdir (mode 0600), hashed (SHA-256)
 * on the way.  The file is unlinked as soon as it is made: the upload
 * holds it open by its descriptor (closed by http_uploads_free), so a
 * process that dies mid-request leaves nothing on disk.  Nothing of a
 * body is held in memory beyond one window of 64 KiB and the (limited)
 * field values.
 * Returns 0, 400 (malformed or truncated) or 413 (a limit passed).
 * On error no temporary file remains.
 */
int
http_parse_multipart(struct http_io *io, const char *boundary,
    const struct http_limits *lim, const char *tmpdir,
    struct kvlist *fields, struct upload **ups, size_t *nups)
{
	struct rd	*r;
	struct part	 pt = { NULL, NULL, NULL };
	struct buf	 val = { NULL, 0, 0 };
	char		 delim[80], *hend, *hit;
	size_t		 dlen, avail, nparts = 0;
	int		 rc = 0, fd = -1;
	struct upload	*u = NULL;
	size_t		 nu = 0;
	EVP_MD_CTX	*md = NULL;
	unsigned char	 dig[32];
	char		*path;

	r = xcalloc(1, sizeof(*r));
	r->io = io;
	r->max = lim->max_body;
	/*
	 * The delimiter is CRLF "--" boundary.  Pretending the body
	 * starts with CRLF lets the first boundary match it too.
	 */
	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	memcpy(r->buf, "\r\n", 2);
	r->len = 2;

	/* Skip the preamble up to the first delimiter. */
	for (;;) {
		if ((rc = rd_fill(r)) != 0)
			goto out;
		if ((hit = memmem(r->buf, r->len, delim, dlen)) != NULL) {
			rd_consume(r, (size_t)(hit - r->buf) + dlen);
			break;
		}
		if (r->eof || r->total > lim->max_header) {
			rc = 400;
			goto out;
		}
		if (r->len > dlen)
			rd_consume(r, r->len - dlen);
	}

	for (;;) {
		/* After a delimiter: "--" ends the body, CRLF starts a part. */
		while (r->len < 2 && !r->eof)
			if ((rc = rd_fill(r)) != 0)
				goto out;
		if (r->len < 2) {
			rc = 400;
			goto out;
		}
		if (r->buf[0] == '-' && r->buf[1] == '-')
			break;
		if (r->buf[0] != '\r' || r->buf[1] != '\n') {
			rc = 400;
			goto out;
		}
		rd_consume(r, 2);
		if (++nparts > lim->max_fields) {
			rc = 413;
			goto out;
		}

		/* Part headers, up to an empty line, at most max_header. */
		for (;;) {
			if (r->len >= 2 && r->buf[0] == '\r' &&
			    r->buf[1] == '\n') {
				hend = r->buf;
				break;
			}
			if ((hend = memmem(r->buf, r->len, "\r\n\r\n", 4))
			    != NULL)
				break;
			/*
			 * Past the limit (with room for the CRLF CRLF that
			 * ends it, however the bytes arrive), or the window
			 * is full and rd_fill() can read no more: 431.
			 */
			if (r->len > lim->max_header + 4 ||
			    r->len == sizeof(r->buf)) {
				rc = 431;
				goto out;
			}
			if (r->eof) {
				rc = 400;
				goto out;
			}
			if ((rc = rd_fill(r)) != 0)
				goto out;
		}
		if ((size_t)(hend - r->buf) > lim->max_header) {
			rc = 431;
			goto out;
		}
		{
			size_t	 hl = (size_t)(hend - r->buf);
			char	*h = xstrndup(r->buf, hl);

			if (memchr(r->buf, '\0', hl) != NULL)
				rc = 400;
			else
				rc = part_headers(h, &pt);
			free(h);
			if (rc != 0)
				goto out;
			rd_consume(r, hl + (hl == 0 ? 2 : 4));
		}

		if (pt.filename != NULL) {
			u = xrealloc(u, (nu + 1) * sizeof(*u));
			memset(&u[nu], 0, sizeof(*u));
			u[nu].field = pt.name;
			u[nu].filename = pt.filename;
			u[nu].ctype = pt.ctype ? pt.ctype :
			    xstrdup("application/octet-stream");
			pt.name = pt.filename = pt.ctype = NULL;
			u[nu].fd = -1;
			nu++;
			path = xasprintf("%s/upload.XXXXXX", tmpdir);
			fd = mkstemp(path);
			if (fd != -1)
				unlink(path);
			free(path);
			u[nu - 1].fd = fd;
			if (md == NULL)
				md = EVP_MD_CTX_new();
			if (fd == -1 || md == NULL ||
			    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
				rc = 500;
				goto out;
			}
		} else
			buf_reset(&val);

		/* Part body: everything up to the next delimiter. */
		for (;;) {
			hit = memmem(r->buf, r->len, delim, dlen);
			avail = hit ? (size_t)(hit - r->buf) :
			    (r->len > dlen ? r->len - dlen : 0);
			if (avail > 0) {
				if (fd != -1) {
					u[nu - 1].size += (long long)avail;
					if ((size_t)u[nu - 1].size >
					    lim->max_upload) {
						rc = 413;
						goto out;
					}
					if (write(fd, r->buf, avail) !=
					    (ssize_t)avail ||
					    EVP_DigestUpdate(md, r->buf,
					    avail) != 1) {
						rc = 500;
						goto out;
					}
				} else {
					if (val.len + avail >
					    lim->max_field_size) {
						rc = 413;
						goto out;
					}
					buf_add(&val, r->buf, avail);
				}
				rd_consume(r, avail);
			}
			if (hit != NULL) {
				rd_consume(r, dlen);
				break;
			}
			if (r->eof) {
				rc = 400;
				goto out;
			}
			if ((rc = rd_fill(r)) != 0)
				goto out;
		}
		if (fd != -1) {
			if (EVP_DigestFinal_ex(md, dig, NULL) != 1) {
				rc = 500;
				goto out;
			}
			util_hex(dig, sizeof(dig), u[nu - 1].sha256);
			fd = -1;
		} else {
			if (!http_utf8_valid(val.data ? val.data : "", val.len)) {
				rc = 400;
				goto out;
			}
			kv_add(fields, pt.name, strlen(pt.name),
			    val.data ? val.data : "", val.len);
			part_free(&pt);
		}
	}
out:
	EVP_MD_CTX_free(md);
	part_free(&pt);
	buf_free(&val);
	free(r);
	if (rc != 0) {
		http_uploads_free(u, nu);
		u = NULL;
		nu = 0;
	}
	*ups = u;
	*nups = nu;
	return rc;
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* The file sent in the form field field, or NULL if none was. */
const struct upload *
http_upload(const struct req *r, const char *field)
{
	size_t	i;

	for (i = 0; i < r->nuploads; i++)
		if (strcmp(r->uploads[i].field, field) == 0)
			return &r->uploads[i];
	return NULL;
}

/* Adds a response header; name and value must not contain CR or LF. */
void
http_header(struct req *r, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n") || strpbrk(value, "\r\n"))
		return;
	buf_addf(&r->hdrs, "%s: %s\r\n", name, value);
}

/*
 * Sets a cookie scoped to the whole site: HttpOnly, SameSite=Lax,
 * Secure when the request came over TLS.  maxage < 0 deletes it,
 * 0 makes a browser-session cookie.
 */
void
http_cookie(struct req *r, const char *name, const char *value,
    long long maxage)
{
	struct buf	b = { NULL, 0, 0 };

	buf_addf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
	if (maxage < 0)
		buf_adds(&b, "; Max-Age=0");
	else if (maxage > 0)
		buf_addf(&b, "; Max-Age=%lld", maxage);
	if (r->https)
		buf_adds(&b, "; Secure");
	http_header(r, "Set-Cookie", b.data);
	buf_free(&b);
}

/*
 * The status line and headers of a response: len is the body's length,
 * or -1 when it is streamed (no Content-Length: Apache sends it
 * chunked).  Every dynamic response passes here, so this is the one
 * place where security headers are set.
 */
static void
send_head(struct req *r, int status, const char *ctype, long long len)
{
	struct buf	h = { NULL, 0, 0 };

	r->responded = 1;
	r->status = status;
	buf_addf(&h, "Status: %d %s\r\n", status, http_reason(status));
	if (ctype != NULL)
		buf_addf(&h, "Content-Type: %s\r\n", ctype);
	if (len >= 0 && status != 304)
		buf_addf(&h, "Content-Length: %lld\r\n", len);
	buf_addf(&h,
	    "Content-Security-Policy: default-src 'self'; script-src 'self'; "
	    "style-src 'self'; img-src 'self' data:; object-src 'none'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors %s\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: %s\r\n"
	    "Referrer-Policy: %s\r\n",
	    r->frame_self ? "'self'" : "'none'",
	    r->frame_self ? "SAMEORIGIN" : "DENY",
	    r->no_referrer ? "no-referrer" : "same-origin");
	buf_adds(&h,
	    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n"
	    "Cross-Origin-Opener-Policy: same-origin\r\n");
	/* Nothing is kept by a cache unless the handler says so. */
	buf_addf(&h, "Cache-Control: %s\r\n", r->cache ? r->cache :
	    "no-store");
	if (r->https)
		buf_adds(&h, "Strict-Transport-Security: max-age=31536000; "
		    "includeSubDomains\r\n");
	if (r->hdrs.len)
		buf_add(&h, r->hdrs.data, r->hdrs.len);
	buf_add(&h, "\r\n", 2);
	r->io.write(r->io.ctx, h.data, h.len);
	buf_free(&h);
}

/* Writes the whole response. */
void
http_send(struct req *r, int status, const char *ctype, const char *body,
    size_t len)
{
	if (r->responded)
		return;
	send_head(r, status, ctype, (long long)len);
	if (r->method != METHOD_HEAD && len > 0)
		r->io.write(r->io.ctx, body, len);
	r->bytes_out = (long long)len;
}

/*
 * A response whose body is written in pieces (http_stream_write) as
 * it is made, so that a large one is never held in memory whole.
 * Returns 0, or -1 if a response was already sent.
 */
int
http_stream_begin(struct req *r, int status, const char *ctype)
{
	if (r->responded)
		return -1;
	send_head(r, status, ctype, -1);
	return 0;
}

/* One piece of a streamed body.  Returns 0, or -1 if the client left. */
int
http_stream_write(struct req *r, const char *data, size_t len)
{
	if (r->method == METHOD_HEAD || len == 0)
		return 0;
	r->bytes_out += (long long)len;
	return r->io.write(r->io.ctx, data, len);
}

/* A redirect (302 or 303) to a local path, never to another site. */
void
http_redirect(struct req *r, int status, const char *location)
{
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	http_header(r, "Location", location);
	http_send(r, status, "text/plain; charset=utf-8", "", 0);
}
