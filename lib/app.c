#include "config.h"

#include <errno.h>
#include <fcgiapp.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accesslog.h"
#include "app.h"
#include "authz.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "oplog.h"
#include "maint.h"
#include "session.h"
#include "tmpl.h"
#include "util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

static volatile sig_atomic_t	 stop;
static struct conf		 conf;
static struct db		*worker_db;	/* one connection per worker */

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
	FCGX_ShutdownPending();
}

/* FastCGI backend of struct http_io. */
static ssize_t
fcgi_read(void *ctx, char *b, size_t n)
{
	int	k;

	k = FCGX_GetStr(b, n > 1 << 20 ? 1 << 20 : (int)n,
	    ((FCGX_Request *)ctx)->in);
	return k < 0 ? -1 : k;
}

static int
fcgi_write(void *ctx, const char *b, size_t n)
{
	return FCGX_PutStr(b, (int)n, ((FCGX_Request *)ctx)->out) ==
	    (int)n ? 0 : -1;
}

static const char *
fcgi_getenv(void *ctx, const char *k)
{
	return FCGX_GetParam(k, ((FCGX_Request *)ctx)->envp);
}

/* Plain CGI backend: the body is CONTENT_LENGTH bytes of stdin. */
struct cgi_ctx {
	long long	remaining;
};

static ssize_t
cgi_read(void *ctx, char *b, size_t n)
{
	struct cgi_ctx	*c = ctx;
	ssize_t		 k;

	if (c->remaining <= 0)
		return 0;
	if ((long long)n > c->remaining)
		n = (size_t)c->remaining;
	do
		k = read(STDIN_FILENO, b, n);
	while (k == -1 && errno == EINTR);
	if (k > 0)
		c->remaining -= k;
	return k;
}

static int
cgi_write(void *ctx, const char *b, size_t n)
{
	(void)ctx;
	return fwrite(b, 1, n, stdout) == n ? 0 : -1;
}

static const char *
cgi_getenv(void *ctx, const char *k)
{
	(void)ctx;
	return getenv(k);
}

/*
 * The worker's database connection, opened on first use and kept for
 * the life of the worker.  Returns NULL (logged) if MariaDB is down.
 */
struct db *
app_db(struct req *r)
{
	char	err[256];

	if (worker_db == NULL &&
	    (worker_db = db_open(&conf, err, sizeof(err))) == NULL)
		log_err(r->rid, "database: %s", err);
	r->db = worker_db;
	return r->db;
}

const char *
app_in(const struct req *r, size_t key)
{
	return key < r->nin ? r->in[key].val : NULL;
}

int
app_in_present(const struct req *r, size_t key)
{
	return key < r->nin && r->in[key].present;
}

/* The request's template dataset, made on first use. */
static struct tmpl *
req_tmpl(struct req *r)
{
	if (r->tmpl == NULL)
		r->tmpl = tmpl_new(r->conf->template_dir, r->lang);
	return r->tmpl;
}

/* A language string (L.<key>), or the key itself if it is missing. */
const char *
app_l(struct req *r, const char *key)
{
	char		 name[256];
	const char	*v;

	if (req_tmpl(r) == NULL)
		return key;
	snprintf(name, sizeof(name), "L.%s", key);
	v = tmpl_get(r->tmpl, name);
	return v ? v : key;
}

/* Appends L.key with its {name}s filled from vals (lib/tmpl.c). */
void
app_fill(struct req *r, struct buf *b, const char *key,
    const char *const *vals)
{
	if (req_tmpl(r) != NULL)
		tmpl_fill(r->tmpl, b, key, vals);
}

/*
 * Sets <prefix>.N to the names, in the page's language, of the roles in
 * csv (role codes, comma-separated), e.g. Roles.0 = 法務.
 */
void
app_set_roles(struct req *r, const char *prefix, const char *csv)
{
	char		 name[96], code[80];
	const char	*p, *e;
	size_t		 n, i = 0;

	for (p = csv; p != NULL && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		n = (size_t)(e - p);
		if (n >= sizeof(code) - 5)
			continue;
		snprintf(code, sizeof(code), "role.%.*s", (int)n, p);
		snprintf(name, sizeof(name), "%s.%zu", prefix, i++);
		tmpl_set(r->tmpl, name, app_l(r, code));
	}
}

/*
 * Runs st for the one row a page is about (the object of its path,
 * say) into rows: 0 when there is exactly one, or -1 after answering
 * 503 (the database) or 404 (none: another organisation's object is
 * none too), the transaction, if one is open, rolled back.
 */
int
app_one(struct req *r, const struct db_stmt *st, const struct db_param *p,
    size_t n, struct db_rows *rows)
{
	if (db_run(r, st, p, n, rows) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return -1;
	}
	if (rows->nrows != 1) {
		db_rows_free(rows);
		db_rollback(r);
		app_error(r, 404);
		return -1;
	}
	return 0;
}

static void
plain_error(struct req *r, int status)
{
	char	body[256];
	int	n;

	n = snprintf(body, sizeof(body), "%d %s\nrequest id: %s\n", status,
	    http_reason(status), r->rid);
	http_send(r, status, "text/plain; charset=utf-8", body, (size_t)n);
}

/*
 * Answers the maintenance page (503, Retry-After) if maintenance mode
 * is on: 1, or 0 when it is off.
 */
static int
maintenance(struct req *r)
{
	struct maint	m;
	char		retry[24];
	long long	left;

	if (!maint_read(r->conf->maintenance_file, &m))
		return 0;
	left = m.until > 0 ? (long long)(m.until - time(NULL)) : 3600;
	snprintf(retry, sizeof(retry), "%lld", left < 60 ? 60 : left);
	http_header(r, "Retry-After", retry);
	if (req_tmpl(r) == NULL) {
		plain_error(r, 503);
		return 1;
	}
	tmpl_set(r->tmpl, "Maint.Until", m.until_text);
	tmpl_set(r->tmpl, "Maint.Message", m.message);
	app_page(r, 503, "maintenance.cs", "maint.title");
	return 1;
}


/*
 * The operator's published notices (sql/0015), each worker's copy read
 * again every 30 s: the banner of every page shows those for the
 * reader's organisation and those for everyone.
 */
DB_STMT_GLOBAL(st_app_notices,
    "notices are the service's own: each page shows those for its reader",
    "SELECT kind, IFNULL(organisation_id, 0), title, affected, "
    "DATE_FORMAT(CONVERT_TZ(starts_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(CONVERT_TZ(ends_at, '+00:00', '+09:00'), '%Y-%m-%d %H:%i') "
    "FROM notices WHERE state = 'published' AND (ends_at IS NULL OR "
    "ends_at > NOW(6)) ORDER BY id DESC LIMIT 10");

static struct db_rows	notices;
static time_t		notices_at;

static void
banner(struct req *r, struct tmpl *t)
{
	time_t		now = time(NULL);
	size_t		i, n = 0;
	long long	org;
	char		name[64];
	static const char *const f[] = { "Kind", "", "Title", "Affected",
	    "Starts", "Ends" };

	if (!r->ready || r->db == NULL)
		return;
	if (notices_at == 0 || now - notices_at >= 30) {
		db_rows_free(&notices);
		if (DB_RUN0(r, &st_app_notices, &notices) == -1) {
			memset(&notices, 0, sizeof(notices));
			return;
		}
		notices_at = now;
	}
	for (i = 0; i < notices.nrows; i++) {
		org = util_num(DB_CELL(&notices, i, 1));
		if (org != 0 && org != r->user.org_id)
			continue;
		for (size_t k = 0; k < NELEM(f); k++) {
			if (*f[k] == '\0')
				continue;
			snprintf(name, sizeof(name), "Notices.%zu.%s", n, f[k]);
			tmpl_set(t, name, DB_CELL(&notices, i, k));
		}
		n++;
	}
}

/*
 * Renders page (a template under templates/) inside layout.cs with
 * the values every page has: who is signed in, their permissions, the
 * CSRF token, the language and the request id.
 */
void
app_page(struct req *r, int status, const char *page, const char *title_key)
{
	struct buf	 out = { NULL, 0, 0 };
	struct tmpl	*t;
	char		 err[512], name[64], *p;
	size_t		 i;

	if ((t = req_tmpl(r)) == NULL) {
		log_err(r->rid, "templates: cannot load language %s", r->lang);
		plain_error(r, 500);
		return;
	}
	/* No token (and no forms) on a page made before the session was read. */
	if (r->ready)
		session_csrf_ensure(r);
	tmpl_set(t, "Page.Template", page);
	tmpl_set(t, "Page.Title", app_l(r, title_key));
	tmpl_set(t, "Page.Path", r->path);
	tmpl_set(t, "Req.Id", r->rid);
	tmpl_set(t, "Req.Lang", r->lang);
	tmpl_set(t, "CSRF", r->csrf);
	banner(r, t);
	if (r->user.signed_in) {
		tmpl_set(t, "User.SignedIn", "1");
		tmpl_set(t, "User.Name", r->user.name);
		tmpl_set(t, "User.Email", r->user.email);
		tmpl_set(t, "User.Org", r->user.org_name);
		if (r->user.unread > 0)
			tmpl_set_int(t, "User.Unread", r->user.unread);
		if (r->user.logo[0] != '\0')
			tmpl_set(t, "User.Logo", r->user.logo);
		for (i = 0; i < PERM__MAX; i++) {
			if (!(r->user.perms & ((uint64_t)1 << i)))
				continue;
			snprintf(name, sizeof(name), "Perm.%s",
			    authz_perm_codes[i]);
			for (p = name + 5; *p; p++)
				if (*p == '.')
					*p = '_';
			tmpl_set(t, name, "1");
		}
	}
	if (tmpl_render(t, "layout.cs", &out, err, sizeof(err)) == -1) {
		log_err(r->rid, "render %s: %s", page, err);
		buf_free(&out);
		plain_error(r, 500);
		return;
	}
	http_send(r, status, "text/html; charset=utf-8", out.data, out.len);
	buf_free(&out);
}

/*
 * The error page for status, from templates/error.cs: a plain message
 * in the user's language and the request id, nothing internal.
 */
void
app_error(struct req *r, int status)
{
	char	key[32];

	snprintf(key, sizeof(key), "error.e%d", status);
	app_error_msg(r, status, key);
}

/* Sets prefix.i.field (e.g. Steps.0.State) to v. */
void
app_cell(struct req *r, const char *prefix, size_t i, const char *field,
    const char *v)
{
	char	name[96];

	snprintf(name, sizeof(name), "%s.%zu.%s", prefix, i, field);
	tmpl_set(r->tmpl, name, v);
}

/* Sets prefix.i.field to the language string group.code. */
void
app_cell_label(struct req *r, const char *prefix, size_t i,
    const char *field, const char *group, const char *code)
{
	char	key[96];

	snprintf(key, sizeof(key), "%s.%s", group, code ? code : "");
	app_cell(r, prefix, i, field, app_l(r, key));
}

/* A local link the error page offers back to where the user came from. */
void
app_back(struct req *r, const char *path)
{
	if (req_tmpl(r) != NULL && path[0] == '/' && path[1] != '/')
		tmpl_set(r->tmpl, "Error.Back", path);
}

/* The error page for status with the message of language key msg. */
void
app_error_msg(struct req *r, int status, const char *msg)
{
	char	key[32];

	if (r->responded)
		return;
	if (req_tmpl(r) == NULL) {
		plain_error(r, status);
		return;
	}
	snprintf(key, sizeof(key), "error.e%d", status);
	tmpl_set_int(r->tmpl, "Error.Status", status);
	tmpl_set(r->tmpl, "Error.Reason", http_reason(status));
	tmpl_set(r->tmpl, "Error.Message", app_l(r, msg));
	app_page(r, status, "error.cs", key);
}

void
app_json(struct req *r, int status, const char *json)
{
	http_send(r, status, "application/json", json, strlen(json));
}

/*
 * The end of a change to an organisation's settings, in its transaction: the operation log's
 * entry (action, detail: old → new), the commit, and 303 to where: 0;
 * or, if either fails, nothing (rolled back) and 503: -1.
 */
int
app_commit(struct req *r, const char *action, const char *detail,
    const char *where)
{
	if (oplog_add(r, 0, action, detail) == -1 || db_commit(r) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return -1;
	}
	http_redirect(r, 303, where);
	return 0;
}

/*
 * Streams a CSV download (UTF-8 with the BOM Excel wants): the header
 * of language keys, then every row fetch() gives, chunk after chunk,
 * each chunk after the id in column 0 of the last row.  A database
 * error mid-answer cuts the connection, so that a partial file is never
 * taken for the whole.
 */
void
app_csv(struct req *r, const char *filename, const char *const *head,
    size_t ncols, size_t first, app_csv_fetch fetch, void *arg)
{
	struct db_rows	 rows;
	struct buf	 b = { NULL, 0, 0 };
	char		*cd;
	long long	 after = 0;
	size_t		 i, k, n;

	cd = xasprintf("attachment; filename=\"%s\"", filename);
	http_header(r, "Content-Disposition", cd);
	free(cd);
	http_stream_begin(r, 200, "text/csv; charset=utf-8");
	buf_adds(&b, "\xef\xbb\xbf");
	for (k = 0; k < ncols; k++)
		util_csv_cell(&b, app_l(r, head[k]), k + 1 == ncols);
	do {
		if (fetch(r, arg, after, &rows) == -1) {
			log_err(r->rid, "%s: database error mid-answer",
			    filename);
			buf_free(&b);
			_exit(1);
		}
		for (i = 0; i < rows.nrows; i++)
			for (k = 0; k < ncols; k++)
				util_csv_cell(&b, DB_CELL(&rows, i, first + k),
				    k + 1 == ncols);
		if (r->method == METHOD_GET && b.len > 0)
			http_stream_write(r, b.data, b.len);
		buf_reset(&b);
		if ((n = rows.nrows) > 0)
			after = util_num(DB_CELL(&rows, n - 1, 0));
		db_rows_free(&rows);
	} while (n == APP_CSV_CHUNK);
	buf_free(&b);
}

/*
 * Does path match the route pattern?  A '#' segment matches a decimal
 * id (no leading zero, at most 18 digits), stored in *id1, a second
 * one in *id2; a '*' matches a token (64 lowercase hex digits), stored
 * in tok.
 */
static int
route_match(const char *pat, const char *path, long long *id1,
    long long *id2, char tok[65])
{
	long long	*id[2] = { id1, id2 };
	size_t	n, k = 0;
	char	num[20];

	while (*pat != '\0') {
		if (*pat == '*') {
			n = strspn(path, "0123456789abcdef");
			if (n != 64)
				return 0;
			memcpy(tok, path, 64);
			tok[64] = '\0';
			pat++;
			path += n;
			continue;
		}
		if (*pat == '#') {
			n = strspn(path, "0123456789");
			if (n == 0 || n > 18 || *path == '0' || k == 2)
				return 0;
			memcpy(num, path, n);
			num[n] = '\0';
			if (util_parse_int64(num, id[k++]) == -1)
				return 0;
			pat++;
			path += n;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *path == '\0';
}

/*
 * The request in its organisation's access log (lib/accesslog.c: a
 * line the job worker loads into access_log): every request of an
 * organisation's user, and a sign-in that named one (log_org).
 */
static void
org_log(struct req *r, const char *at, const char *path, long long us)
{
	struct accesslog_row	 a;
	char			*full = NULL;

	memset(&a, 0, sizeof(a));
	a.org = r->user.org_id > 0 ? r->user.org_id : r->log_org;
	if (a.org <= 0)
		return;
	a.user = r->user.org_id > 0 ? r->user.user_id : r->log_user;
	a.us = us;
	a.status = r->status;
	a.at = at;
	a.ip = r->remote_addr;
	a.method = r->method_name;
	if (r->query != NULL && *r->query != '\0')
		path = full = xasprintf("%s?%.1000s", path, r->query);
	a.path = path;
	a.rid = r->rid;
	a.ua = r->user_agent ? r->user_agent : "";
	accesslog_write(&a);
	free(full);
}

static void
access_log(struct req *r)
{
	struct buf	b = { NULL, 0, 0 };
	struct timespec	now, wall;
	struct tm	tm;
	char		tbuf[32], at[64], *t, *p = NULL;
	long long	us;

	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	us = (now.tv_sec - r->t0.tv_sec) * 1000000LL +
	    (now.tv_nsec - r->t0.tv_nsec) / 1000;
	gmtime_r(&wall.tv_sec, &tm);
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_addf(&b, "{\"time\":\"%s.%06ldZ\",\"rid\":", tbuf,
	    wall.tv_nsec / 1000);
	log_json_str(&b, r->rid);
	buf_addf(&b, ",\"org\":%lld,\"user\":%lld,\"ip\":", r->user.org_id,
	    r->user.user_id);
	log_json_str(&b, r->remote_addr);
	buf_adds(&b, ",\"method\":");
	log_json_str(&b, r->method_name);
	buf_adds(&b, ",\"path\":");
	if (r->path_token[0] != '\0' && (t = strstr(r->path,
	    r->path_token)) != NULL)
		/* A link's token is a secret: its first 8 digits only. */
		p = xasprintf("%.*s%.8s...%s", (int)(t - r->path), r->path,
		    r->path_token, t + 64);
	log_json_str(&b, p ? p : r->path);
	buf_addf(&b, ",\"status\":%d,\"bytes\":%lld,\"us\":%lld}\n",
	    r->status, r->bytes_out, us);
	log_access_write(b.data, b.len);
	buf_free(&b);
	snprintf(at, sizeof(at), "%s.%06d", tbuf,
	    (int)(wall.tv_nsec / 1000) % 1000000);
	at[10] = ' ';
	org_log(r, at, p ? p : r->path, us);
	free(p);
}

static void
req_free(struct req *r)
{
	kv_free(&r->query_kv);
	kv_free(&r->form_kv);
	kv_free(&r->cookies);
	http_uploads_free(r->uploads, r->nuploads);
	free(r->in);
	free(r->path);
	free(r->user.email);
	free(r->user.name);
	free(r->user.org_name);
	free(r->user.roles);
	tmpl_free(r->tmpl);
	buf_free(&r->hdrs);
	memset(r->sid, 0, sizeof(r->sid));
}

/* The request id: Apache's UNIQUE_ID, so that both logs share it. */
static void
set_rid(struct req *r)
{
	const char	*u = r->io.getenv(r->io.ctx, "UNIQUE_ID");
	char		 tok[CRYPTO_TOKEN_HEX];

	if (u != NULL && strlen(u) < sizeof(r->rid) && strlen(u) > 0 &&
	    strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789@-_") == strlen(u)) {
		memcpy(r->rid, u, strlen(u) + 1);
		return;
	}
	/* Not behind Apache (plain CGI): 64 random bits of our own. */
	if (crypto_token(tok) == -1)
		memcpy(tok, "0000000000000000", 17);
	memcpy(r->rid, tok, 16);
	r->rid[16] = '\0';
}

/*
 * Reads the body of a POST into r->form_kv (and r->uploads).
 * Returns 0 or the status to answer: 413, 415, 400.
 */
static int
read_body(struct req *r)
{
	const char	*ct, *cl;
	long long	 len = -1;
	char		 boundary[80];
	struct buf	 body = { NULL, 0, 0 };
	int		 rc;

	ct = r->io.getenv(r->io.ctx, "CONTENT_TYPE");
	cl = r->io.getenv(r->io.ctx, "CONTENT_LENGTH");
	if (cl != NULL && *cl != '\0' &&
	    (util_parse_int64(cl, &len) == -1 || len < 0))
		return 400;
	if (len > (long long)r->limits.max_body)
		return 413;
	if (len == 0 || (len == -1 && (ct == NULL || *ct == '\0')))
		return 0;
	if (ct != NULL && strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) == 0) {
		/* A form without files is small: held to the field limits. */
		size_t	max = r->limits.max_fields *
		    (r->limits.max_field_size * 3 + 256);
		if (max > r->limits.max_body)
			max = r->limits.max_body;
		if ((rc = http_read_body(&r->io, max, &body)) == 0)
			rc = http_parse_urlencoded(body.data ? body.data : "",
			    body.len, &r->limits, &r->form_kv);
		buf_free(&body);
		return rc;
	}
	if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		if (http_boundary(ct, boundary, sizeof(boundary)) != 0)
			return 400;
		return http_parse_multipart(&r->io, boundary, &r->limits,
		    r->conf->tmp_dir ? r->conf->tmp_dir : "/tmp",
		    &r->form_kv, &r->uploads, &r->nuploads);
	}
	return 415;
}

static void
take_inputs(struct req *r, const struct app *a)
{
	const char	*v;
	size_t		 i, j;
	const struct kvlist *src[2] = { &r->form_kv, &r->query_kv };

	r->nin = a->nkeys;
	r->in = xcalloc(a->nkeys, sizeof(*r->in));
	for (i = 0; i < a->nkeys; i++)
		for (j = 0; j < 2; j++) {
			if ((v = kv_get(src[j], a->keys[i].name)) == NULL)
				continue;
			r->in[i].present = 1;
			if (a->keys[i].valid(v, strlen(v))) {
				r->in[i].val = v;
				r->in[i].len = strlen(v);
			}
			break;
		}
}

/* One request, start to end, in the fixed order of app.h. */
/* The pages a user who must set up two-factor sign-in may still use. */
static int
enrol_exempt(const char *path)
{
	static const char *const ok[] = { "/profile/2fa",
	    "/profile/2fa/qr.svg", "/signout", "/signout/all", "/lang",
	    "/release-notes", "/status" };
	size_t	i;

	for (i = 0; i < NELEM(ok); i++)
		if (strcmp(path, ok[i]) == 0)
			return 1;
	return 0;
}

static void
serve(const struct app *a, struct http_io *io)
{
	struct req		 r;
	const struct app_route	*rt = NULL;
	const char		*m, *uri, *q, *lang;
	char			 allow[32] = "", next[600];
	size_t			 i, plen;
	unsigned		 have = 0;
	int			 rc;
	enum authz		 az;

	memset(&r, 0, sizeof(r));
	clock_gettime(CLOCK_MONOTONIC, &r.t0);
	r.conf = &conf;
	r.io = *io;
	r.limits.max_body = (size_t)conf.max_body;
	r.limits.max_upload = (size_t)conf.max_upload;
	r.limits.max_fields = (size_t)conf.max_fields;
	r.limits.max_field_size = (size_t)conf.max_field_size;
	r.limits.max_header = (size_t)conf.max_header;
	memcpy(r.lang, "ja", 3);
	set_rid(&r);
	r.remote_addr = io->getenv(io->ctx, "REMOTE_ADDR");
	if (r.remote_addr == NULL)
		r.remote_addr = "";
	r.user_agent = io->getenv(io->ctx, "HTTP_USER_AGENT");
	q = io->getenv(io->ctx, "HTTPS");
	r.https = q != NULL && strcasecmp(q, "on") == 0;

	m = io->getenv(io->ctx, "REQUEST_METHOD");
	r.method_name = m ? m : "";
	if (m && strcmp(m, "GET") == 0)
		r.method = METHOD_GET;
	else if (m && strcmp(m, "HEAD") == 0)
		r.method = METHOD_HEAD;
	else if (m && strcmp(m, "POST") == 0)
		r.method = METHOD_POST;
	else
		r.method = METHOD__MAX;

	uri = io->getenv(io->ctx, "REQUEST_URI");
	if (uri == NULL || *uri != '/')
		uri = "/";
	plen = strcspn(uri, "?");
	r.path = xstrndup(uri, plen);
	if (plen > 2048) {
		app_error(&r, 414);
		goto done;
	}
	r.query = io->getenv(io->ctx, "QUERY_STRING");
	if (r.query == NULL)
		r.query = "";
	if (strlen(r.query) > r.limits.max_header) {
		app_error(&r, 414);
		goto done;
	}
	if ((rc = http_parse_cookies(io->getenv(io->ctx, "HTTP_COOKIE"),
	    &r.limits, &r.cookies)) != 0) {
		kv_free(&r.cookies);
		app_error(&r, rc);
		goto done;
	}
	if ((lang = kv_get(&r.cookies, "lang")) != NULL &&
	    strcmp(lang, "en") == 0)
		memcpy(r.lang, "en", 3);

		/*
	 * Maintenance: every page but the operator console answers 503,
	 * before the database is touched (it may be down on purpose).
	 */
	if (!(strncmp(r.path, "/ops", 4) == 0 &&
	    (r.path[4] == '\0' || r.path[4] == '/')) && maintenance(&r))
		goto done;

	/* Route: the path picks the page, then the method must fit. */
	for (i = 0; i < a->nroutes; i++) {
		if (!route_match(a->routes[i].path, r.path, &r.path_id,
		    &r.path_id2, r.path_token))
			continue;
		have |= a->routes[i].methods;
		if (r.method != METHOD__MAX &&
		    (a->routes[i].methods & (1u << r.method))) {
			rt = &a->routes[i];
			break;
		}
	}

	/*
	 * Who is asking, before anything else can fail, so that even an
	 * error page knows (and keeps) the session.  Pages that need no
	 * database (hello, healthz) have no session.
	 */
	if (rt == NULL || !rt->nodb) {
		if (app_db(&r) == NULL || session_load(&r) == -1) {
			app_error(&r, 503);
			goto done;
		}
		r.ready = 1;
	}
	/*
	 * An organisation that requires two-factor sign-in: a user who
	 * has not set it up can do that, sign out, and nothing else.
	 */
	if (r.user.must_enrol && !enrol_exempt(r.path)) {
		http_redirect(&r, r.method == METHOD_POST ? 303 : 302,
		    "/profile/2fa");
		goto done;
	}
	if (rt == NULL) {
		if (have == 0) {
			app_error(&r, 404);
			goto done;
		}
		snprintf(allow, sizeof(allow), "%s%s%s",
		    have & M_GET ? "GET, " : "", have & M_HEAD ? "HEAD, " : "",
		    have & M_POST ? "POST, " : "");
		allow[strlen(allow) - 2] = '\0';
		http_header(&r, "Allow", allow);
		app_error(&r, 405);
		goto done;
	}

	if ((rc = http_parse_urlencoded(r.query, strlen(r.query), &r.limits,
	    &r.query_kv)) != 0) {
		app_error(&r, rc == 413 ? 414 : rc);
		goto done;
	}
	if (r.method == METHOD_POST && (rc = read_body(&r)) != 0) {
		app_error(&r, rc);
		goto done;
	}
	take_inputs(&r, a);


	az = authz_may(&r, rt->perm, 0);
	if (az == AUTHZ_SIGNIN) {
		if (r.method == METHOD_POST)
			http_redirect(&r, 303, "/signin");
		else {
			snprintf(next, sizeof(next), "/signin?next=%s",
			    strlen(r.path) < 500 ? r.path : "/");
			http_redirect(&r, 302, next);
		}
		goto done;
	}
	if (az != AUTHZ_OK) {
		app_error(&r, authz_status(az));
		goto done;
	}
	if (r.method == METHOD_POST &&
	    !session_csrf_ok(&r, kv_get(&r.form_kv, "csrf"))) {
		log_info(r.rid, "CSRF token rejected on %s", r.path);
		app_error_msg(&r, 403, "error.csrf");
		goto done;
	}
	if (req_tmpl(&r) == NULL) {
		log_err(r.rid, "templates: cannot load language %s", r.lang);
		plain_error(&r, 500);
		goto done;
	}
	rt->fn(&r);
	if (!r.responded) {
		log_err(r.rid, "%s: handler sent no response", r.path);
		app_error(&r, 500);
	}
done:
	access_log(&r);
	req_free(&r);
}

static void
print_routes(const struct app *a)
{
	size_t	i;

	for (i = 0; i < a->nroutes; i++) {
		const struct app_route *rt = &a->routes[i];
		printf("%s%s%s %s %s\n",
		    rt->methods & M_GET ? "GET" : "",
		    (rt->methods & M_GET) && (rt->methods & M_POST) ? "," : "",
		    rt->methods & M_POST ? "POST" : "", rt->path,
		    rt->perm == PERM_PUBLIC ? "public" :
		    rt->perm == PERM_SIGNED_IN ? "signed-in" :
		    authz_perm_codes[rt->perm]);
	}
}

int
app_main(const struct app *a, int argc, char **argv)
{
	FCGX_Request		 fr;
	struct http_io		 io;
	struct cgi_ctx		 cc;
	struct sigaction	 sa;
	sigset_t		 term, old;
	const char		*path, *cl;
	char			 err[512];
	long long		 served = 0;

	log_init(a->name);
	if (argc > 1 && strcmp(argv[1], "--routes") == 0) {
		print_routes(a);
		return 0;
	}
	conf_defaults(&conf);
	if ((path = getenv("KEIYAKU_CONF")) == NULL)
		path = SYSCONFDIR "/keiyaku/keiyaku.conf";
	if (conf_load(&conf, path, err, sizeof(err)) == -1) {
		log_err(NULL, "configuration: %s", err);
		if (FCGX_IsCGI())
			printf("Status: 500 Internal Server Error\r\n"
			    "Content-Type: text/plain\r\n\r\n"
			    "500 Internal Server Error\n");
		return 1;
	}
	if (conf.access_log && log_open_access(conf.access_log) == -1)
		log_err(NULL, "access log %s: %s", conf.access_log,
		    strerror(errno));
	if (conf.org_access_log && accesslog_open(conf.org_access_log) == -1)
		log_err(NULL, "organisations' access log %s: %s",
		    conf.org_access_log, strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	/*
	 * A worker serves thousands of requests of much the same size:
	 * keep freed memory for the next one instead of giving it back
	 * (brk shrinks and munmap of blocks over 128 KB cost a page fault
	 * per page and a TLB flush on every core, each request; a search
	 * answer is about 140 KB).  What stays is the largest request's.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);

	if (FCGX_IsCGI()) {
		memset(&cc, 0, sizeof(cc));
		cl = getenv("CONTENT_LENGTH");
		if (cl == NULL || util_parse_int64(cl, &cc.remaining) == -1)
			cc.remaining = 0;
		io.ctx = &cc;
		io.read = cgi_read;
		io.write = cgi_write;
		io.getenv = cgi_getenv;
		serve(a, &io);
		fflush(stdout);
		goto out;
	}

	FCGX_Init();
	FCGX_InitRequest(&fr, 0, FCGI_FAIL_ACCEPT_ON_INTR);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;	/* no SA_RESTART: accept must fail */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	/*
	 * SIGTERM is blocked while a request runs, so it is finished, and
	 * let through only while waiting in accept(2), which it ends.
	 */
	sigprocmask(SIG_BLOCK, &term, &old);
	io.ctx = &fr;
	io.read = fcgi_read;
	io.write = fcgi_write;
	io.getenv = fcgi_getenv;
	while (!stop) {
		int	rc;

		sigprocmask(SIG_UNBLOCK, &term, NULL);
		if (stop)
			break;
		rc = FCGX_Accept_r(&fr);
		sigprocmask(SIG_BLOCK, &term, NULL);
		if (rc < 0)
			break;
		serve(a, &io);
		FCGX_Finish_r(&fr);
		if (conf.max_requests > 0 && ++served >= conf.max_requests)
			break;
	}
	FCGX_Free(&fr, 1);
out:
	tmpl_cleanup();
	db_close(worker_db);
	worker_db = NULL;
	log_close_access();
	accesslog_close();
	conf_free(&conf);
	return 0;
}
