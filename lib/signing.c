/*
 * Signing requests: invitations, signatures, the seal and the ends of
 * a request (lib/signing.h).
 */
#include "config.h"

#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "certificate.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "oplog.h"
#include "pdf.h"
#include "signing.h"
#include "store.h"
#include "util.h"

#define SG_RUN(x, st, rows, ...) \
	db_run_raw((x)->db, (x)->rid, (x)->org, (st), \
	    (const struct db_param[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_param), (rows))

DB_STMT_TENANT(st_sg_lock,
    "SELECT state, ordering, contract_id, current_document_id, "
    "expires_at < NOW(6), sender_id FROM signing_requests "
    "WHERE organisation_id = ? AND id = ? FOR UPDATE");
DB_STMT_TENANT(st_sg_event,
    "INSERT INTO signing_events (organisation_id, request_id, signer_id, "
    "user_id, event, detail, ip, user_agent) "
    "VALUES (?, ?, ?, ?, ?, LEFT(?, 1000), ?, LEFT(?, 500))");
DB_STMT_TENANT(st_sg_about,
    "SELECT c.title, c.number, u.name, u.email, r.message, "
    "DATE_FORMAT(CONVERT_TZ(r.expires_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), o.name, u.lang "
    "FROM signing_requests r JOIN contracts c ON c.organisation_id = "
    "r.organisation_id AND c.id = r.contract_id JOIN users u ON "
    "u.organisation_id = r.organisation_id AND u.id = r.sender_id "
    "JOIN organisations o ON o.id = r.organisation_id "
    "WHERE r.organisation_id = ? AND r.id = ?");
DB_STMT_TENANT(st_sg_signer,
    "SELECT name, email, lang, state, code_hash IS NOT NULL, user_id "
    "FROM signers WHERE organisation_id = ? AND id = ? AND request_id = ?");
DB_STMT_TENANT(st_sg_signers,
    "SELECT id, state FROM signers WHERE organisation_id = ? "
    "AND request_id = ? ORDER BY position");
DB_STMT_TENANT(st_sg_tok_replace,
    "UPDATE signing_tokens SET organisation_id = ?, replaced_at = NOW(6) "
    "WHERE organisation_id = ? AND signer_id = ? AND replaced_at IS NULL");
DB_STMT_TENANT(st_sg_tok_sign,
    "INSERT INTO signing_tokens (organisation_id, token_hash, signer_id, "
    "purpose, expires_at) VALUES (?, ?, ?, 'sign', (SELECT expires_at "
    "FROM signing_requests WHERE organisation_id = ? AND id = ?))");
DB_STMT_TENANT(st_sg_tok_copy,
    "INSERT INTO signing_tokens (organisation_id, token_hash, signer_id, "
    "purpose, expires_at) VALUES (?, ?, ?, 'copy', "
    "NOW(6) + INTERVAL 30 DAY)");
DB_STMT_TENANT(st_sg_signer_sent,
    "UPDATE signers SET organisation_id = ?, "
    "state = IF(state = 'waiting', 'sent', state), "
    "sent_at = COALESCE(sent_at, NOW(6)), "
    "code_failures = IF(? = 'reminder', code_failures, 0), "
    "reminded_at = IF(? = 'reminder', NOW(6), reminded_at) "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sg_doc_row,
    "SELECT storage_name, size, filename, pages, contract_id "
    "FROM documents WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sg_doc_next,
    "SELECT COALESCE(MAX(version), 0) + 1 FROM documents "
    "WHERE organisation_id = ? AND contract_id = ? AND kind = 'main'");
DB_STMT_TENANT(st_sg_doc_add,
    "INSERT INTO documents (organisation_id, contract_id, kind, version, "
    "filename, media_type, size, sha256, pages, storage_name, uploaded_by, "
    "signing_request_id) "
    "VALUES (?, ?, ?, ?, ?, 'application/pdf', ?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_sg_doc_hist,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) "
    "VALUES (?, ?, ?, ?, NULL, ?, '')");
DB_STMT_TENANT(st_sg_signer_signed,
    "UPDATE signers SET organisation_id = ?, state = 'signed', "
    "signed_at = NOW(6), consented_at = NOW(6), ip = ?, "
    "user_agent = LEFT(?, 500), document_id = ? "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sg_req_current,
    "UPDATE signing_requests SET organisation_id = ?, "
    "current_document_id = ? WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sg_req_done,
    "UPDATE signing_requests SET organisation_id = ?, state = 'completed', "
    "current_document_id = ?, final_document_id = ?, final_sha256 = ?, "
    "finished_at = NOW(6) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sg_req_cert,
    "UPDATE signing_requests SET organisation_id = ?, "
    "certificate_document_id = ? WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sg_req_end,
    "UPDATE signing_requests SET organisation_id = ?, state = ?, "
    "finished_at = NOW(6) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_sg_signers_cancel,
    "UPDATE signers SET organisation_id = ?, state = 'cancelled' "
    "WHERE organisation_id = ? AND request_id = ? "
    "AND state IN ('waiting', 'sent', 'viewed')");
DB_STMT_TENANT(st_sg_due_expiry,
    "SELECT id FROM signing_requests WHERE organisation_id = ? "
    "AND state = 'out' AND expires_at < NOW(6) AND (? = 0 OR contract_id = ?) "
    "ORDER BY id");
DB_STMT_TENANT(st_sg_due_remind,
    "SELECT s.request_id, s.id FROM signers s JOIN signing_requests r "
    "ON r.organisation_id = s.organisation_id AND r.id = s.request_id "
    "WHERE s.organisation_id = ? AND r.state = 'out' "
    "AND r.expires_at >= NOW(6) AND r.remind_days > 0 "
    "AND NOW(6) >= r.expires_at - INTERVAL r.remind_days DAY "
    "AND s.state IN ('sent', 'viewed') AND s.reminded_at IS NULL "
    "ORDER BY s.id");
DB_STMT_TENANT(st_sg_c_move,
    "UPDATE contracts SET organisation_id = ?, status = ?, "
    "updated_at = NOW(6) WHERE organisation_id = ? AND id = ? "
    "AND status = ?");
DB_STMT_TENANT(st_sg_c_hist,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) "
    "VALUES (?, ?, ?, 'status', ?, ?, ?)");

int
signing_lock(struct sg_ctx *x, long long id, struct sg_request *rq)
{
	struct db_rows	rows;

	memset(rq, 0, sizeof(*rq));
	if (SG_RUN(x, &st_sg_lock, &rows, DBI(id)) == -1)
		return -1;
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		return 0;
	}
	rq->id = id;
	snprintf(rq->state, sizeof(rq->state), "%s", DB_CELL(&rows, 0, 0));
	rq->sequential = strcmp(DB_CELL(&rows, 0, 1), "sequential") == 0;
	util_parse_int64(DB_CELL(&rows, 0, 2), &rq->contract);
	util_parse_int64(DB_CELL(&rows, 0, 3), &rq->current_doc);
	rq->expired = strcmp(DB_CELL(&rows, 0, 4), "1") == 0;
	util_parse_int64(DB_CELL(&rows, 0, 5), &rq->sender);
	db_rows_free(&rows);
	return 1;
}

int
signing_event(struct sg_ctx *x, long long request, long long signer,
    const char *event, const char *detail)
{
	return SG_RUN(x, &st_sg_event, NULL, DBI(request),
	    signer > 0 ? DBI(signer) : DBS(NULL),
	    x->user_id > 0 ? DBI(x->user_id) : DBS(NULL), DBS(event),
	    DBS(detail ? detail : ""), DBS(x->ip ? x->ip : ""),
	    DBS(x->ua ? x->ua : ""));
}

void
signing_unstore(struct sg_ctx *x)
{
	size_t	i;

	for (i = 0; i < x->nstored; i++)
		store_remove(x->conf, x->org, x->stored[i]);
	x->nstored = 0;
}

/*
 * A mail about request rq: what (the language keys sign.mail.WHAT and
 * sign.subject.WHAT) to to_addr, with link (or NULL) and reason.
 */
static int
mail(struct sg_ctx *x, const struct sg_request *rq, const char *what,
    long long user, const char *to_addr, const char *to_name,
    const char *lang, const char *link, int code, const char *reason,
    const char *who)
{
	struct db_rows	 a;
	char		 text[64], subj[64], kind[32];
	int		 rc;

	if (!mail_valid_addr(to_addr))
		return 0;
	if (SG_RUN(x, &st_sg_about, &a, DBI(rq->id)) == -1)
		return -1;
	if (a.nrows != 1) {
		db_rows_free(&a);
		return -1;
	}
	snprintf(text, sizeof(text), "sign.mail.%s", what);
	snprintf(subj, sizeof(subj), "sign.subject.%s", what);
	snprintf(kind, sizeof(kind), "sign_%s", what);
	{
		const char *const vals[] = {
		    "Title", DB_CELL(&a, 0, 0), "title", DB_CELL(&a, 0, 0),
		    "Number", DB_CELL(&a, 0, 1) ? DB_CELL(&a, 0, 1) : "",
		    "name", to_name, "sender", DB_CELL(&a, 0, 2),
		    "Sender", DB_CELL(&a, 0, 2),
		    "SenderEmail", DB_CELL(&a, 0, 3),
		    "Message", strcmp(what, "request") == 0 ||
		    strcmp(what, "reminder") == 0 ||
		    strcmp(what, "resend") == 0 ? DB_CELL(&a, 0, 4) : "",
		    "Expires", DB_CELL(&a, 0, 5), "expires", DB_CELL(&a, 0, 5),
		    "org", DB_CELL(&a, 0, 6), "Org", DB_CELL(&a, 0, 6),
		    "Link", link ? link : "",
		    "Code", code ? "1" : "",
		    "Reason", reason ? reason : "",
		    "who", who ? who : "", NULL };
		const char *const fills[] = {
		    "Greeting", "mail.greeting", "Text", text,
		    "Subject", subj, NULL };
		struct mail_req	 q = { x->org, user, rq->contract, kind,
		    to_addr, to_name, lang && strcmp(lang, "en") == 0 ?
		    "en" : "ja", "signing", vals, fills, link != NULL };

		rc = mail_enqueue(x->db, x->conf, x->rid, &q) == -1 ? -1 : 0;
	}
	db_rows_free(&a);
	return rc;
}

/*
 * A new link for the signer (its token's hash stored, the signer's
 * earlier links replaced) and the mail that carries it.  why: request
 * (their turn has come), reminder, resend, or copy (the request is
 * completed: a link to the executed document).
 */
int
signing_invite(struct sg_ctx *x, const struct sg_request *rq,
    long long signer, const char *why)
{
	struct db_rows	 s;
	char		 tok[CRYPTO_TOKEN_HEX], hash[CRYPTO_TOKEN_HEX];
	char		*link = NULL;
	long long	 uid = 0;
	int		 rc = -1, copy = strcmp(why, "copy") == 0;

	if (SG_RUN(x, &st_sg_signer, &s, DBI(signer), DBI(rq->id)) == -1)
		return -1;
	if (s.nrows != 1)
		goto out;
	if (crypto_token(tok) == -1)
		goto out;
	crypto_sha256_hex(tok, strlen(tok), hash);
	if (DB_CELL(&s, 0, 5) != NULL)
		util_parse_int64(DB_CELL(&s, 0, 5), &uid);
	link = xasprintf("%s/sign/%s", x->conf->base_url, tok);
	if (SG_RUN(x, &st_sg_tok_replace, NULL, DBI(x->org), DBI(signer)) == -1 ||
	    (copy ? SG_RUN(x, &st_sg_tok_copy, NULL, DBS(hash), DBI(signer)) :
	    SG_RUN(x, &st_sg_tok_sign, NULL, DBS(hash), DBI(signer),
	    DBI(x->org), DBI(rq->id))) == -1)
		goto out;
	if (!copy && SG_RUN(x, &st_sg_signer_sent, NULL, DBS(why), DBS(why),
	    DBI(x->org), DBI(signer)) == -1)
		goto out;
	if (signing_event(x, rq->id, signer, strcmp(why, "request") == 0 ?
	    "sent" : why, DB_CELL(&s, 0, 1)) == -1)
		goto out;
	rc = mail(x, rq, copy ? "completed" : why, uid, DB_CELL(&s, 0, 1),
	    DB_CELL(&s, 0, 0), DB_CELL(&s, 0, 2), link,
	    !copy && strcmp(DB_CELL(&s, 0, 4), "1") == 0, NULL, NULL);
out:
	OPENSSL_cleanse(tok, sizeof(tok));
	free(link);
	db_rows_free(&s);
	return rc;
}

/*
 * The bytes a then b as a new document of the request's contract: a
 * main version (the next) or an attachment, stored, its row and its
 * history written; its id and SHA-256 back.  0, or -1 (err).
 */
static int
put_doc(struct sg_ctx *x, const struct sg_request *rq, int main_doc,
    const char *filename, const char *pages, const struct buf *a,
    const struct buf *b, long long *newdoc, char sha[CRYPTO_TOKEN_HEX],
    const char *note, char *err, size_t errsz)
{
	struct db_rows	 v;
	unsigned char	 key[STORE_KEY], md[32];
	char		 name[STORE_NAME], *h;
	long long	 version = 0, size = (long long)(a->len + b->len);
	int		 fd = -1, rc = -1;
	EVP_MD_CTX	*m = NULL;

	if ((m = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(m, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(m, a->data, a->len) != 1 ||
	    EVP_DigestUpdate(m, b->data, b->len) != 1 ||
	    EVP_DigestFinal_ex(m, md, NULL) != 1) {
		snprintf(err, errsz, "digest");
		goto out;
	}
	util_hex(md, 32, sha);
	if (store_org_key(x->db, x->conf, x->rid, x->org, key) == -1 ||
	    (fd = memfd_create("signed", MFD_CLOEXEC)) == -1 ||
	    write(fd, a->data, a->len) != (ssize_t)a->len ||
	    write(fd, b->data, b->len) != (ssize_t)b->len ||
	    store_put(x->conf, x->org, key, fd, size, name) == -1) {
		snprintf(err, errsz, "the file cannot be stored");
		goto out;
	}
	if (x->nstored < SG_STORED_MAX)
		memcpy(x->stored[x->nstored++], name, STORE_NAME);
	if (main_doc) {
		if (SG_RUN(x, &st_sg_doc_next, &v, DBI(rq->contract)) == -1) {
			snprintf(err, errsz, "database");
			goto out;
		}
		util_parse_int64(DB_CELL(&v, 0, 0), &version);
		db_rows_free(&v);
	}
	if (SG_RUN(x, &st_sg_doc_add, &v, DBI(rq->contract),
	    DBS(main_doc ? "main" : "attachment"),
	    main_doc ? DBI(version) : DBS(NULL), DBS(filename), DBI(size),
	    DBS(sha), DBS(pages), DBS(name), DBI(rq->sender),
	    DBI(rq->id)) == -1) {
		snprintf(err, errsz, "database");
		goto out;
	}
	*newdoc = v.insert_id;
	db_rows_free(&v);
	h = main_doc ? xasprintf("v%lld %s (%lld bytes, sha256 %s): %s",
	    version, filename, size, sha, note) :
	    xasprintf("%s (%lld bytes, sha256 %s): %s", filename, size, sha,
	    note);
	rc = SG_RUN(x, &st_sg_doc_hist, NULL, DBI(rq->contract),
	    DBI(rq->sender), DBS(main_doc ? "document" : "attachment"),
	    DBS(h));
	free(h);
	if (rc == -1)
		snprintf(err, errsz, "database");
out:
	if (fd != -1)
		close(fd);
	OPENSSL_cleanse(key, sizeof(key));
	EVP_MD_CTX_free(m);
	return rc;
}

/*
 * Document doc with one more signature (or the document timestamp) as
 * a new main version of the contract; its id and SHA-256 back, and
 * the whole new file in keep if it is not NULL.  0, or -1 (err).
 */
static int
add_version(struct sg_ctx *x, const struct sg_request *rq, long long doc,
    const struct pdf_sig_info *si, long long *newdoc,
    char sha[CRYPTO_TOKEN_HEX], struct buf *keep, char *err, size_t errsz)
{
	struct db_rows	 d;
	struct buf	 pdf = { NULL, 0, 0 }, upd = { NULL, 0, 0 };
	unsigned char	 key[STORE_KEY];
	long long	 size = 0;
	int		 rc = -1;

	if (SG_RUN(x, &st_sg_doc_row, &d, DBI(doc)) == -1) {
		snprintf(err, errsz, "database");
		return -1;
	}
	if (d.nrows != 1) {
		snprintf(err, errsz, "document %lld is gone", doc);
		goto out;
	}
	util_parse_int64(DB_CELL(&d, 0, 1), &size);
	if (store_org_key(x->db, x->conf, x->rid, x->org, key) == -1 ||
	    store_load(x->conf, x->org, key, DB_CELL(&d, 0, 0), size,
	    &pdf) == -1) {
		snprintf(err, errsz, "document %lld cannot be read", doc);
		goto out;
	}
	if (pdf_sign(x->conf->signer_socket, (unsigned char *)pdf.data,
	    pdf.len, si, &upd, err, errsz) == -1 ||
	    put_doc(x, rq, 1, DB_CELL(&d, 0, 2), DB_CELL(&d, 0, 3), &pdf, &upd,
	    newdoc, sha, si->doc_timestamp ? "document timestamp" : si->name,
	    err, errsz) == -1)
		goto out;
	if (keep != NULL) {
		buf_reset(keep);
		buf_add(keep, pdf.data, pdf.len);
		buf_add(keep, upd.data, upd.len);
	}
	rc = 0;
out:
	OPENSSL_cleanse(key, sizeof(key));
	buf_free(&pdf);
	buf_free(&upd);
	db_rows_free(&d);
	return rc;
}

/* The contract's status from..to, with its history and the log. */
static int
move_contract(struct sg_ctx *x, const struct sg_request *rq,
    const char *from, const char *to, const char *why)
{
	struct db_rows	 u;
	char		*detail;
	int		 rc;

	if (SG_RUN(x, &st_sg_c_move, &u, DBS(to), DBI(x->org), DBI(rq->contract),
	    DBS(from)) == -1)
		return -1;
	rc = u.affected == 1;
	db_rows_free(&u);
	if (!rc)
		return 0;	/* moved by hand meanwhile: leave it */
	detail = xasprintf("signing: %s → %s: %s", from, to, why);
	rc = SG_RUN(x, &st_sg_c_hist, NULL, DBI(rq->contract),
	    DBI(x->user_id > 0 ? x->user_id : rq->sender), DBS(from), DBS(to),
	    DBS(why)) == -1 ||
	    oplog_add_raw(x->db, x->rid, x->org, x->user_id, rq->contract,
	    "status.change", detail, x->ip) == -1 ? -1 : 0;
	free(detail);
	return rc;
}

/*
 * The audit certificate of completed request rq (its sealed file in
 * sealed), signed by the service and stored with the contract.
 */
static int
issue_certificate(struct sg_ctx *x, const struct sg_request *rq,
    const struct buf *sealed, char *err, size_t errsz)
{
	struct buf		 cert = { NULL, 0, 0 }, upd = { NULL, 0, 0 };
	struct pdf_sig_info	 si = { "Keiyaku 合意締結証明書",
	    "合意締結証明書の発行 / audit certificate issued", 0 };
	char			 title[256], sha[CRYPTO_TOKEN_HEX], *fname;
	long long		 doc = 0;
	int			 rc = -1;

	if (certificate_build(x, rq->id, (unsigned char *)sealed->data,
	    sealed->len, &cert, title, sizeof(title), err, errsz) == -1 ||
	    pdf_sign(x->conf->signer_socket, (unsigned char *)cert.data,
	    cert.len, &si, &upd, err, errsz) == -1)
		goto out;
	fname = xasprintf("%s.pdf", title);
	rc = put_doc(x, rq, 0, fname, NULL, &cert, &upd, &doc, sha,
	    "audit certificate", err, errsz);
	free(fname);
	if (rc == 0 && (SG_RUN(x, &st_sg_req_cert, NULL, DBI(doc), DBI(x->org),
	    DBI(rq->id)) == -1 || signing_event(x, rq->id, 0, "certificate",
	    sha) == -1)) {
		snprintf(err, errsz, "database");
		rc = -1;
	}
out:
	buf_free(&cert);
	buf_free(&upd);
	return rc;
}

/* Every signer has signed: the seal, the executed contract, the mails. */
static int
finish(struct sg_ctx *x, struct sg_request *rq, char *err, size_t errsz)
{
	struct db_rows			 s, a;
	struct pdf_sig_info		 si = { "", "", 1 };
	struct buf			 sealed = { NULL, 0, 0 };
	char				 sha[CRYPTO_TOKEN_HEX];
	long long			 final = 0, sid;
	size_t				 i;
	int				 rc = -1;

	if (add_version(x, rq, rq->current_doc, &si, &final, sha, &sealed,
	    err, errsz) == -1) {
		buf_free(&sealed);
		return -1;
	}
	if (SG_RUN(x, &st_sg_req_done, NULL, DBI(final), DBI(final), DBS(sha),
	    DBI(x->org), DBI(rq->id)) == -1 ||
	    signing_event(x, rq->id, 0, "completed", sha) == -1 ||
	    move_contract(x, rq, "signing", "executed",
	    "every signer signed") == -1)
		goto db;
	if (issue_certificate(x, rq, &sealed, err, errsz) == -1) {
		buf_free(&sealed);
		return -1;
	}
	buf_free(&sealed);
	rq->current_doc = final;
	snprintf(rq->state, sizeof(rq->state), "completed");
	if (SG_RUN(x, &st_sg_signers, &s, DBI(rq->id)) == -1)
		goto db;
	for (i = 0; i < s.nrows; i++) {
		util_parse_int64(DB_CELL(&s, i, 0), &sid);
		if (signing_invite(x, rq, sid, "copy") == -1) {
			db_rows_free(&s);
			goto db;
		}
	}
	db_rows_free(&s);
	if (SG_RUN(x, &st_sg_about, &a, DBI(rq->id)) == -1)
		goto db;
	if (a.nrows == 1) {
		char	*link = xasprintf("%s/contracts/%lld/signing",
		    x->conf->base_url, rq->contract);

		rc = mail(x, rq, "completed_sender", rq->sender,
		    DB_CELL(&a, 0, 3), DB_CELL(&a, 0, 2), DB_CELL(&a, 0, 7),
		    link, 0, NULL, NULL);
		free(link);
	}
	db_rows_free(&a);
	if (rc == 0)
		return 0;
db:
	buf_free(&sealed);
	snprintf(err, errsz, "database");
	return -1;
}

/*
 * The service's signature for the signer (who has shown control of
 * the address and consented), then the next signer's turn or the
 * seal.  0, or -1 with the reason in err.
 */
int
signing_sign(struct sg_ctx *x, struct sg_request *rq, long long signer,
    char *err, size_t errsz)
{
	struct db_rows		 s, all;
	struct pdf_sig_info	 si;
	char			 sha[CRYPTO_TOKEN_HEX], *name = NULL;
	char			*reason = NULL;
	long long		 doc = 0, next = 0;
	size_t			 i, unsigned_n = 0;
	int			 rc = -1;

	if (SG_RUN(x, &st_sg_signer, &s, DBI(signer), DBI(rq->id)) == -1) {
		snprintf(err, errsz, "database");
		return -1;
	}
	if (s.nrows != 1) {
		snprintf(err, errsz, "no such signer");
		goto out;
	}
	name = xasprintf("%s <%s>", DB_CELL(&s, 0, 0), DB_CELL(&s, 0, 1));
	reason = xasprintf("立会人型電子署名: %s が電子メールアドレスの管理を"
	    "確認のうえ同意し、Keiyaku が署名 (署名依頼 %lld) / witness "
	    "signature on behalf of the signer", name, rq->id);
	si.name = DB_CELL(&s, 0, 0);
	si.reason = reason;
	si.doc_timestamp = 0;
	if (add_version(x, rq, rq->current_doc, &si, &doc, sha, NULL, err,
	    errsz) == -1)
		goto out;
	if (SG_RUN(x, &st_sg_signer_signed, NULL, DBS(x->ip ? x->ip : ""),
	    DBS(x->ua ? x->ua : ""), DBI(doc), DBI(x->org),
	    DBI(signer)) == -1 ||
	    SG_RUN(x, &st_sg_req_current, NULL, DBI(doc), DBI(x->org),
	    DBI(rq->id)) == -1 ||
	    signing_event(x, rq->id, signer, "signed", sha) == -1 ||
	    SG_RUN(x, &st_sg_signers, &all, DBI(rq->id)) == -1) {
		snprintf(err, errsz, "database");
		goto out;
	}
	rq->current_doc = doc;
	for (i = 0; i < all.nrows; i++) {
		if (strcmp(DB_CELL(&all, i, 1), "signed") != 0)
			unsigned_n++;
		if (next == 0 && strcmp(DB_CELL(&all, i, 1), "waiting") == 0)
			util_parse_int64(DB_CELL(&all, i, 0), &next);
	}
	db_rows_free(&all);
	if (unsigned_n == 0)
		rc = finish(x, rq, err, errsz);
	else if (rq->sequential && next > 0) {
		rc = signing_invite(x, rq, next, "request");
		if (rc == -1)
			snprintf(err, errsz, "database");
	} else
		rc = 0;
out:
	free(name);
	free(reason);
	db_rows_free(&s);
	return rc;
}

/*
 * The request ends without every signature: declined, cancelled or
 * expired.  Signers still to act are cancelled (their links die with
 * the request), the contract is approved again, the sender and every
 * signer who had a link are told.
 */
int
signing_end(struct sg_ctx *x, struct sg_request *rq, const char *state,
    const char *detail)
{
	struct db_rows	 s, a, one;
	long long	 sid;
	size_t		 i;
	int		 rc = -1;
	char		*link;

	if (SG_RUN(x, &st_sg_signers, &s, DBI(rq->id)) == -1)
		return -1;
	if (SG_RUN(x, &st_sg_req_end, NULL, DBS(state), DBI(x->org),
	    DBI(rq->id)) == -1 ||
	    SG_RUN(x, &st_sg_signers_cancel, NULL, DBI(x->org),
	    DBI(rq->id)) == -1 ||
	    signing_event(x, rq->id, 0, state, detail) == -1 ||
	    move_contract(x, rq, "signing", "approved", state) == -1)
		goto out;
	snprintf(rq->state, sizeof(rq->state), "%s", state);
	/* Signers who had a live link hear that it is over. */
	for (i = 0; i < s.nrows; i++) {
		if (strcmp(DB_CELL(&s, i, 1), "sent") != 0 &&
		    strcmp(DB_CELL(&s, i, 1), "viewed") != 0)
			continue;
		util_parse_int64(DB_CELL(&s, i, 0), &sid);
		if (SG_RUN(x, &st_sg_signer, &one, DBI(sid), DBI(rq->id)) == -1)
			goto out;
		rc = one.nrows == 1 ? mail(x, rq, "ended", 0,
		    DB_CELL(&one, 0, 1), DB_CELL(&one, 0, 0),
		    DB_CELL(&one, 0, 2), NULL, 0, NULL, NULL) : 0;
		db_rows_free(&one);
		if (rc == -1)
			goto out;
	}
	rc = -1;
	if (SG_RUN(x, &st_sg_about, &a, DBI(rq->id)) == -1)
		goto out;
	link = xasprintf("%s/contracts/%lld/signing", x->conf->base_url,
	    rq->contract);
	rc = a.nrows != 1 || strcmp(state, "cancelled") == 0 ? 0 :
	    mail(x, rq, state, rq->sender, DB_CELL(&a, 0, 3),
	    DB_CELL(&a, 0, 2), DB_CELL(&a, 0, 7), link, 0, detail, NULL);
	free(link);
	db_rows_free(&a);
out:
	db_rows_free(&s);
	return rc;
}

/*
 * One move on request id in its own transaction: expire it (why
 * "expired") or remind signer (why "reminder"), if it still applies
 * once locked.  1 done, 0 nothing to do, -1 error.
 */
static int
upkeep_one(struct sg_ctx *x, long long id, long long signer)
{
	struct sg_request	rq;
	int			rc;

	if (db_tx_begin(x->db, x->rid) == -1)
		return -1;
	rc = signing_lock(x, id, &rq);
	if (rc == 1 && strcmp(rq.state, "out") == 0) {
		if (signer == 0)
			rc = rq.expired ? (signing_end(x, &rq, "expired",
			    "past the deadline") == -1 ? -1 : 1) : 0;
		else
			rc = !rq.expired ? (signing_invite(x, &rq, signer,
			    "reminder") == -1 ? -1 : 1) : 0;
	} else if (rc == 1)
		rc = 0;
	if (rc == -1 || db_tx_commit(x->db, x->rid) == -1) {
		db_tx_rollback(x->db, x->rid);
		return -1;
	}
	return rc;
}

/*
 * The requests of x->org (of contract only, if not 0) past their
 * deadline expire; signers who have not acted are reminded once,
 * remind_days before it.  The counts into *expired and *reminded; 0,
 * or -1 if any move failed (the others are done).
 */
int
signing_upkeep(struct sg_ctx *x, long long contract, int *expired,
    int *reminded)
{
	struct db_rows	 rows;
	long long	 id, sid;
	size_t		 i;
	int		 rc, failed = 0;

	*expired = *reminded = 0;
	if (SG_RUN(x, &st_sg_due_expiry, &rows, DBI(contract),
	    DBI(contract)) == -1)
		return -1;
	for (i = 0; i < rows.nrows; i++) {
		util_parse_int64(DB_CELL(&rows, i, 0), &id);
		if ((rc = upkeep_one(x, id, 0)) == -1)
			failed++;
		else
			*expired += rc;
	}
	db_rows_free(&rows);
	if (contract != 0)
		return failed ? -1 : 0;
	if (db_run_raw(x->db, x->rid, x->org, &st_sg_due_remind, NULL, 0,
	    &rows) == -1)
		return -1;
	for (i = 0; i < rows.nrows; i++) {
		util_parse_int64(DB_CELL(&rows, i, 0), &id);
		util_parse_int64(DB_CELL(&rows, i, 1), &sid);
		if ((rc = upkeep_one(x, id, sid)) == -1)
			failed++;
		else
			*reminded += rc;
	}
	db_rows_free(&rows);
	return failed ? -1 : 0;
}
