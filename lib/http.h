/*
 * HTTP: the one per-request struct, bounded parsers for everything a
 * client sends (query strings, urlencoded forms, cookies, multipart
 * bodies streamed to temporary files) and the response writer, which
 * is the one place that sets the security headers.
 */
#ifndef KEIYAKU_HTTP_H
#define KEIYAKU_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "util.h"

enum http_method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD__MAX
};

#define M_GET	(1u << METHOD_GET)
#define M_HEAD	(1u << METHOD_HEAD)
#define M_POST	(1u << METHOD_POST)

struct kv {
	char	*key;
	char	*val;		/* NUL-terminated; never contains NUL */
	size_t	 len;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
	size_t		 cap;
};

struct upload {
	char		*field;
	char		*filename;	/* as sent, UTF-8 checked */
	char		*ctype;		/* as sent; never trusted */
	int		 fd;		/* unlinked temporary file, read-write */
	long long	 size;
	char		 sha256[65];	/* of the bytes, hex */
};

struct http_limits {
	size_t	max_body;
	size_t	max_upload;
	size_t	max_fields;
	size_t	max_field_size;
	size_t	max_header;
};

/*
 * Where a request comes from and its answer goes: a FastCGI request
 * or plain CGI (stdin, stdout, environ).  read returns bytes read,
 * 0 at the end of the body, -1 on error.
 */
struct http_io {
	void		*ctx;
	ssize_t		(*read)(void *, char *, size_t);
	int		(*write)(void *, const char *, size_t);
	const char	*(*getenv)(void *, const char *);
};

/* A declared input key and its validator (kcgi style). */
struct http_key {
	const char	*name;
	int		(*valid)(const char *, size_t);
};

struct http_field {
	const char	*val;	/* set only when present and valid */
	size_t		 len;
	int		 present;
};

struct user_ctx {
	long long	 user_id;
	long long	 org_id;	/* 0: service operator */
	long long	 dept_id;
	char		*email;
	char		*name;
	char		*org_name;
	char		*roles;		/* role codes, comma-separated */
	uint64_t	 perms;		/* bit per enum perm */
	long long	 unread;	/* unread notifications */
	char		 logo[17];	/* the logo's version, or "" for none */
	int		 signed_in;
	int		 must_enrol;	/* two-factor required, not set up */
};

struct db;
struct tmpl;
struct conf;

struct req {
	const struct conf	*conf;
	struct http_limits	 limits;
	struct http_io		 io;
	struct db		*db;
	struct tmpl		*tmpl;

	enum http_method	 method;
	const char		*method_name;
	char			*path;
	const char		*query;
	const char		*remote_addr;
	const char		*user_agent;
	int			 https;
	char			 rid[40];
	/*
	 * Whose request it was for the organisation's access log when
	 * no session says so (a sign-in, taken or refused).
	 */
	long long		 log_org, log_user;
	struct timespec		 t0;

	struct kvlist		 query_kv;
	struct kvlist		 form_kv;
	struct kvlist		 cookies;
	struct upload		*uploads;
	size_t			 nuploads;
	struct http_field	*in;	/* parallel to the program's keys */
	size_t			 nin;
	long long		 path_id;	/* the number in /x/#, or 0 */
	long long		 path_id2;	/* the second, in /x/#/y/# */
	char			 path_token[65]; /* the token of a "*" route, or "" */
	int			 frame_self;	/* may be framed by our pages */
	int			 no_referrer;	/* the URL holds a secret */
	const char		*cache;		/* Cache-Control; NULL: no-store */

	struct user_ctx		 user;
	char			 sid[65];	/* raw session id (hex) */
	char			 csrf[65];	/* token for forms */
	char			 lang[3];	/* "ja" or "en" */
	int			 ready;		/* the session was looked up */

	int			 status;
	long long		 bytes_out;
	struct buf		 hdrs;
	int			 responded;
};

/* Parsers: each returns 0, or the HTTP status to answer (400, 413, 431). */
int	 http_urldecode(const char *, size_t, struct buf *);
int	 http_parse_urlencoded(const char *, size_t,
	    const struct http_limits *, struct kvlist *);
int	 http_parse_cookies(const char *, const struct http_limits *,
	    struct kvlist *);
int	 http_boundary(const char *ctype, char *out, size_t outsz);
int	 http_parse_multipart(struct http_io *, const char *boundary,
	    const struct http_limits *, const char *tmpdir,
	    struct kvlist *, struct upload **, size_t *);
int	 http_read_body(struct http_io *, size_t max, struct buf *);
int	 http_utf8_valid(const char *, size_t);

const char	*kv_get(const struct kvlist *, const char *);
void	 kv_add(struct kvlist *, const char *, size_t, const char *, size_t);
void	 kv_free(struct kvlist *);
void	 http_uploads_free(struct upload *, size_t);
const struct upload *http_upload(const struct req *, const char *field);

/* Responses. */
const char	*http_reason(int);
void	 http_header(struct req *, const char *, const char *);
void	 http_cookie(struct req *, const char *, const char *, long long maxage);
void	 http_send(struct req *, int status, const char *ctype,
	    const char *body, size_t len);
void	 http_redirect(struct req *, int status, const char *location);
int	 http_stream_begin(struct req *, int status, const char *ctype);
int	 http_stream_write(struct req *, const char *, size_t);

#endif
