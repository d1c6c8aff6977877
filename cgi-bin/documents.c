/*
 * documents: a contract's files.  Upload of the main document (a PDF;
 * each upload is a new version and the old ones stay) and of
 * attachments (the types and size the organisation allows), download
 * of any of them.  Its own pool, so that long uploads never hold up
 * the ledger's workers.
 *
 * An upload is accepted only after every check, in this order, each
 * refusal answered with its own status and message and leaving no row
 * and no file: the size limit (413), the virus scan (422 infected; 503
 * when the scanner cannot answer: fail closed), what the bytes are (415
 * not a PDF or a type not allowed; 422 encrypted or damaged PDF,
 * checked with qpdf).  Then the file is encrypted into the store
 * (fsync, rename) and only then is its row committed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "app.h"
#include "db.h"
#include "filetype.h"
#include "jobs.h"
#include "log.h"
#include "oplog.h"
#include "scan.h"
#include "store.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

enum key {
	KEY_KIND,
	KEY_MAX_MB,
	KEY__MAX
};

static int
valid_kind(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "main") == 0 || strcmp(s, "attachment") == 0;
}

static int
valid_mb(const char *s, size_t n)
{
	return n >= 1 && n <= 2 && strspn(s, "0123456789") == n &&
	    atoi(s) >= 1 && atoi(s) <= 50;
}

static const struct http_key keys[KEY__MAX] = {
	{ "kind", valid_kind },
	{ "max_mb", valid_mb },
};

#define DEFAULT_TYPES	"pdf,docx,xlsx,png,jpeg"
#define DEFAULT_MAX	(50LL << 20)

DB_STMT_TENANT(st_contract,
    "SELECT department_id, owner_id FROM contracts "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_contract_lock,
    "SELECT id FROM contracts WHERE organisation_id = ? AND id = ? "
    "FOR UPDATE");
DB_STMT_TENANT(st_policy,
    "SELECT upload_types, upload_max_bytes FROM org_settings "
    "WHERE organisation_id = ?");
DB_STMT_TENANT(st_next_version,
    "SELECT COALESCE(MAX(version), 0) + 1 FROM documents "
    "WHERE organisation_id = ? AND contract_id = ? AND kind = 'main'");
DB_STMT_TENANT(st_doc_insert,
    "INSERT INTO documents (organisation_id, contract_id, kind, version, "
    "filename, media_type, size, sha256, pages, storage_name, uploaded_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_doc_hist,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) VALUES (?, ?, ?, ?, NULL, ?, '')");
DB_STMT_TENANT(st_reject,
    "INSERT INTO upload_rejections (organisation_id, contract_id, user_id, "
    "filename, size, sha256, reason, detail, ip) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_doc_get,
    "SELECT d.filename, d.media_type, d.size, d.storage_name, "
    "c.department_id, c.owner_id, d.kind, d.version "
    "FROM documents d JOIN contracts c ON c.id = d.contract_id "
    "AND c.organisation_id = d.organisation_id "
    "WHERE d.organisation_id = ? AND d.id = ? AND d.contract_id = ?");

/*
 * The contract of the path, if the user may act on it with p.
 * Returns 0, or -1 after answering (404 for a contract out of sight,
 * as for one that does not exist).
 */
static int
contract_ok(struct req *r, enum perm p)
{
	struct db_rows	rows;
	enum authz	a;

	if (DB_RUN(r, &st_contract, &rows, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return -1;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		app_error(r, 404);
		return -1;
	}
	a = authz_contract(r, p, r->path_id, r->user.org_id,
	    util_num(DB_CELL(&rows, 0, 0)),
	    util_num(DB_CELL(&rows, 0, 1)));
	db_rows_free(&rows);
	if (a != AUTHZ_OK) {
		app_error(r, authz_status(a));
		return -1;
	}
	return 0;
}

/* The organisation's attachment types ("pdf,docx,...") and size limit. */
static int
policy(struct req *r, char *types, size_t typesz, long long *max)
{
	struct db_rows	rows;

	if (DB_RUN0(r, &st_policy, &rows) == -1)
		return -1;
	snprintf(types, typesz, "%s", rows.nrows == 1 ?
	    DB_CELL(&rows, 0, 0) : DEFAULT_TYPES);
	*max = rows.nrows == 1 ? util_num(DB_CELL(&rows, 0, 1)) : DEFAULT_MAX;
	db_rows_free(&rows);
	if (*max > (long long)r->limits.max_upload)
		*max = (long long)r->limits.max_upload;
	return 0;
}

static int
type_allowed(const char *types, enum ftype t)
{
	const char	*code = ftype_code(t), *p = types;
	size_t		 n = strlen(code);

	while ((p = strstr(p, code)) != NULL) {
		if ((p == types || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * The name the file is kept under: what the browser sent (the parser
 * already kept only the last path part and refused control bytes),
 * cut to 255 bytes on a character boundary; "document.<ext>" when
 * nothing is left.
 */
static char *
file_name(const struct upload *u, enum ftype t)
{
	size_t	n = strlen(u->filename);

	if (n == 0 || strcmp(u->filename, ".") == 0 ||
	    strcmp(u->filename, "..") == 0)
		return xasprintf("document.%s", ftype_code(t));
	if (n > 255) {
		n = 255;
		while (n > 0 && ((unsigned char)u->filename[n] & 0xc0) == 0x80)
			n--;
	}
	return xstrndup(u->filename, n);
}

/* Records a refused upload and answers status with message msg. */
static void
refuse(struct req *r, const struct upload *u, int status, const char *why,
    const char *detail, const char *msg)
{
	if (DB_RUN(r, &st_reject, NULL, DBI(r->path_id), DBI(r->user.user_id),
	    DBS(u->filename), DBI(u->size), DBS(u->sha256), DBS(why),
	    DBS(detail), DBS(r->remote_addr)) == -1)
		log_err(r->rid, "upload refusal not recorded");
	log_warn(r->rid, "upload to contract %lld by user %lld refused: %s%s%s "
	    "(%lld bytes, sha256 %s)", r->path_id, r->user.user_id, why,
	    *detail ? " " : "", detail, u->size, u->sha256);
	app_error_msg(r, status, msg);
}

/* Checks what the bytes are.  Returns 1, or 0 after refusing. */
static int
check_content(struct req *r, const struct upload *u, int main_doc,
    const char *types, enum ftype *tp, int *pages)
{
	enum ftype	t = ftype_sniff(u->fd, u->size);

	*tp = t;
	*pages = 0;
	if (main_doc && t != FT_PDF) {
		refuse(r, u, 415, "not_pdf", "", "documents.not_pdf");
		return 0;
	}
	if (!main_doc && (t == FT_UNKNOWN || !type_allowed(types, t))) {
		refuse(r, u, 415, "type", ftype_code(t), "documents.type");
		return 0;
	}
	if (t != FT_PDF)
		return 1;
	switch (pdf_check(u->fd, u->size, pages)) {
	case PDF_OK:
		return 1;
	case PDF_NOT_PDF:
		refuse(r, u, 415, "not_pdf", "", "documents.not_pdf");
		return 0;
	case PDF_ENCRYPTED:
		refuse(r, u, 422, "encrypted", "", "documents.encrypted");
		return 0;
	default:
		refuse(r, u, 422, "damaged", "", "documents.damaged");
		return 0;
	}
}

/*
 * POST /contracts/#/documents: kind=main (a new version of the main
 * document) or kind=attachment, the file in the field "file".
 */
static void
post_upload(struct req *r)
{
	const struct upload	*u;
	struct db_rows		 rows;
	unsigned char		 key[STORE_KEY];
	char			 types[101], virus[256], name[STORE_NAME];
	char			 loc[64], *fname = NULL, *detail = NULL;
	const char		*kind = app_in(r, KEY_KIND);
	long long		 max, version = 0, id;
	int			 main_doc, pages, stored = 0;
	enum ftype		 t;

	if (contract_ok(r, PERM_CONTRACTS_EDIT) == -1)
		return;
	snprintf(loc, sizeof(loc), "/contracts/%lld", r->path_id);
	app_back(r, loc);
	if (app_in_present(r, KEY_KIND) && kind == NULL) {
		app_error_msg(r, 400, "documents.bad_kind");
		return;
	}
	main_doc = kind == NULL || strcmp(kind, "main") == 0;
	if ((u = http_upload(r, "file")) == NULL) {
		app_error_msg(r, 400, "documents.no_file");
		return;
	}
	if (policy(r, types, sizeof(types), &max) == -1) {
		app_error(r, 503);
		return;
	}
	if (u->size == 0) {
		refuse(r, u, 400, "empty", "", "documents.empty");
		return;
	}
	if (u->size > max) {
		refuse(r, u, 413, "too_large", "", "documents.too_large");
		return;
	}
	/* The scan first: a virus is called a virus, whatever its type. */
	switch (scan_fd(r->conf, r->rid, u->fd, u->size, virus,
	    sizeof(virus))) {
	case SCAN_CLEAN:
		break;
	case SCAN_INFECTED:
		refuse(r, u, 422, "infected", virus, "documents.infected");
		return;
	default:
		refuse(r, u, 503, "scanner", "", "documents.scanner_down");
		return;
	}
	if (!check_content(r, u, main_doc, types, &t, &pages))
		return;

	if (store_org_key(app_db(r), r->conf, r->rid, r->user.org_id,
	    key) == -1 || store_put(r->conf, r->user.org_id, key, u->fd,
	    u->size, name) == -1)
		goto fail;
	stored = 1;
	fname = file_name(u, t);
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_contract_lock, &rows, DBI(r->path_id)) == -1)
		goto fail;
	db_rows_free(&rows);
	if (main_doc) {
		if (DB_RUN(r, &st_next_version, &rows, DBI(r->path_id)) == -1)
			goto fail;
		version = util_num(DB_CELL(&rows, 0, 0));
		db_rows_free(&rows);
	}
	if (DB_RUN(r, &st_doc_insert, &rows, DBI(r->path_id),
	    DBS(main_doc ? "main" : "attachment"),
	    main_doc ? DBI(version) : DBS(NULL), DBS(fname),
	    DBS(ftype_mime(t)), DBI(u->size), DBS(u->sha256),
	    pages > 0 ? DBI(pages) : DBS(NULL), DBS(name),
	    DBI(r->user.user_id)) == -1)
		goto fail;
	id = rows.insert_id;
	db_rows_free(&rows);
	detail = main_doc ? xasprintf("v%lld %s (%lld bytes, sha256 %s)",
	    version, fname, u->size, u->sha256) :
	    xasprintf("%s (%lld bytes, sha256 %s)", fname, u->size, u->sha256);
	/* The text for search comes from a job, committed with the row. */
	snprintf(loc, sizeof(loc), "%lld", id);
	if (DB_RUN(r, &st_doc_hist, NULL, DBI(r->path_id),
	    DBI(r->user.user_id), DBS(main_doc ? "document" : "attachment"),
	    DBS(detail)) == -1 ||
	    oplog_add(r, r->path_id, "document.upload", detail) == -1 ||
	    (t == FT_PDF && jobs_enqueue(app_db(r), r->user.org_id, "extract",
	    loc, 0) == -1) ||
	    db_commit(r) == -1)
		goto fail;
	log_info(r->rid, "document %lld uploaded to contract %lld: %s", id,
	    r->path_id, detail);
	snprintf(loc, sizeof(loc), "/contracts/%lld#documents", r->path_id);
	http_redirect(r, 303, loc);
	goto out;
fail:
	db_rollback(r);
	if (stored)
		store_remove(r->conf, r->user.org_id, name);
	app_error(r, 503);
out:
	OPENSSL_cleanse(key, sizeof(key));
	free(fname);
	free(detail);
}

/*
 * Content-Disposition for a UTF-8 file name (RFC 6266): an ASCII
 * fallback in filename= (other bytes as '_') and the exact name in
 * filename*=UTF-8''..., percent-encoded.
 */
static void
set_disposition(struct req *r, const char *fname)
{
	struct buf		 b = { NULL, 0, 0 };
	const unsigned char	*p;

	buf_adds(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)fname; *p; p++)
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			buf_add(&b, (const char *)p, 1);
		else if ((*p & 0xc0) != 0x80)	/* one '_' a character */
			buf_add(&b, "_", 1);
	buf_adds(&b, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)fname; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_add(&b, (const char *)p, 1);
		else
			buf_addf(&b, "%%%02X", *p);
	http_header(r, "Content-Disposition", b.data);
	buf_free(&b);
}

/*
 * GET /contracts/#/documents/#: the file, decrypted on the fly one
 * authenticated segment at a time.  The first segment is checked
 * before anything is sent, so a damaged file is a 500, not a broken
 * download; a later bad segment aborts the connection, so the browser
 * says the download failed.
 */
static void
page_download(struct req *r)
{
	struct db_rows		 rows;
	struct store_reader	*sr = NULL;
	unsigned char		 key[STORE_KEY], *seg = NULL;
	long long		 size = 0;
	ssize_t			 n;
	enum authz		 a;
	char			*detail;

	if (DB_RUN(r, &st_doc_get, &rows, DBI(r->path_id2),
	    DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		app_error(r, 404);
		return;
	}
	a = authz_contract(r, PERM_CONTRACTS_VIEW, r->path_id, r->user.org_id,
	    util_num(DB_CELL(&rows, 0, 4)), util_num(DB_CELL(&rows, 0, 5)));
	if (a != AUTHZ_OK) {
		db_rows_free(&rows);
		app_error(r, authz_status(a));
		return;
	}
	if (store_org_key(app_db(r), r->conf, r->rid, r->user.org_id,
	    key) == -1 || (sr = store_open(r->conf, r->user.org_id, key,
	    DB_CELL(&rows, 0, 3), &size)) == NULL ||
	    size != util_num(DB_CELL(&rows, 0, 2))) {
		log_err(r->rid, "document %lld cannot be read from the store",
		    r->path_id2);
		goto fail;
	}
	seg = xmalloc(STORE_SEG);
	if ((n = store_read(sr, seg)) < 0)
		goto fail;
	detail = xasprintf("%s %s (%lld bytes)", DB_CELL(&rows, 0, 6),
	    DB_CELL(&rows, 0, 0), size);
	if (r->method == METHOD_GET &&
	    oplog_add(r, r->path_id, "document.download", detail) == -1) {
		free(detail);
		goto fail;
	}
	free(detail);
	set_disposition(r, DB_CELL(&rows, 0, 0));
	http_stream_begin(r, 200, DB_CELL(&rows, 0, 1));
	if (r->method == METHOD_GET)
		while (n > 0) {
			if (http_stream_write(r, (char *)seg, (size_t)n) != 0)
				break;
			if ((n = store_read(sr, seg)) < 0) {
				/*
				 * Part of the file has gone out.  Ending the
				 * request normally would end the chunked
				 * response normally too, and the browser would
				 * keep a cut file as if whole; leaving at once
				 * makes Apache abort the connection instead.
				 */
				log_err(r->rid, "document %lld: a segment does "
				    "not authenticate; download aborted",
				    r->path_id2);
				_exit(1);
			}
		}
	goto out;
fail:
	app_error(r, 500);
out:
	OPENSSL_cleanse(key, sizeof(key));
	store_close(sr);
	free(seg);
	db_rows_free(&rows);
}

DB_STMT_TENANT(st_policy_set,
    "INSERT INTO org_settings (organisation_id, upload_types, "
    "upload_max_bytes) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
    "upload_types = VALUES(upload_types), "
    "upload_max_bytes = VALUES(upload_max_bytes)");

/* The attachment types an organisation may allow, in this order. */
static const enum ftype allowable[] = { FT_PDF, FT_DOCX, FT_XLSX, FT_PNG,
    FT_JPEG };

static void
policy_page(struct req *r, int status, const char *msg, const char *done)
{
	char		types[101], name[64];
	long long	max;
	size_t		i;

	if (policy(r, types, sizeof(types), &max) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < NELEM(allowable); i++) {
		snprintf(name, sizeof(name), "Types.%zu.Code", i);
		tmpl_set(r->tmpl, name, ftype_code(allowable[i]));
		if (type_allowed(types, allowable[i])) {
			snprintf(name, sizeof(name), "Types.%zu.On", i);
			tmpl_set(r->tmpl, name, "1");
		}
	}
	tmpl_set_int(r->tmpl, "MaxMB", max / (1024 * 1024));
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	if (done != NULL)
		tmpl_set(r->tmpl, "Form.Done", app_l(r, done));
	app_page(r, status, "admin_uploads.cs", "uploads.title");
}

/* GET /admin/uploads: what the organisation accepts as attachments. */
static void
page_policy(struct req *r)
{
	policy_page(r, 200, NULL, kv_get(&r->query_kv, "saved") != NULL ?
	    "uploads.saved" : NULL);
}

/*
 * POST /admin/uploads: "type" once per allowed type (PDF always: the
 * main document is one), max_mb from 1 to 50.
 */
static void
post_policy(struct req *r)
{
	struct buf	 b = { NULL, 0, 0 }, d = { NULL, 0, 0 };
	const char	*mb = app_in(r, KEY_MAX_MB);
	char		 otypes[101], omb[24];
	long long	 omax;
	size_t		 i, k;
	int		 on;

	if (mb == NULL) {
		policy_page(r, 422, "uploads.invalid", NULL);
		return;
	}
	for (i = 0; i < r->form_kv.n; i++)
		if (strcmp(r->form_kv.v[i].key, "type") == 0 &&
		    ftype_from_code(r->form_kv.v[i].val) == FT_UNKNOWN) {
			policy_page(r, 422, "uploads.invalid", NULL);
			return;
		}
	for (k = 0; k < NELEM(allowable); k++) {
		on = allowable[k] == FT_PDF;
		for (i = 0; i < r->form_kv.n && !on; i++)
			on = strcmp(r->form_kv.v[i].key, "type") == 0 &&
			    strcmp(r->form_kv.v[i].val,
			    ftype_code(allowable[k])) == 0;
		if (!on)
			continue;
		if (b.len)
			buf_add(&b, ",", 1);
		buf_adds(&b, ftype_code(allowable[k]));
	}
	if (db_begin(r) == -1 ||
	    policy(r, otypes, sizeof(otypes), &omax) == -1 ||
	    DB_RUN(r, &st_policy_set, NULL, DBS(b.data),
	    DBI((long long)atoi(mb) * 1024 * 1024)) == -1) {
		db_rollback(r);
		buf_free(&b);
		app_error(r, 503);
		return;
	}
	snprintf(omb, sizeof(omb), "%lld", omax / (1024 * 1024));
	oplog_diff(&d, "types", otypes, b.data);
	oplog_diff(&d, "max MB", omb, mb);
	app_commit(r, "settings.uploads", d.len ? d.data :
	    "(nothing changed)", "/admin/uploads?saved=1");
	buf_free(&b);
	buf_free(&d);
}

static const struct app_route routes[] = {
	{ M_POST, "/contracts/#/documents", PERM_CONTRACTS_EDIT,
	    post_upload, 0 },
	{ M_GET | M_HEAD, "/contracts/#/documents/#", PERM_CONTRACTS_VIEW,
	    page_download, 0 },
	{ M_GET | M_HEAD, "/admin/uploads", PERM_ORG_SETTINGS, page_policy, 0 },
	{ M_POST, "/admin/uploads", PERM_ORG_SETTINGS, post_policy, 0 },
};

static const struct app documents_app = {
	"documents", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&documents_app, argc, argv);
}
