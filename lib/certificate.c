/*
 * The audit certificate (合意締結証明書) of a completed signing request
 * (lib/certificate.h): what was signed, by whom, when (JST and UTC),
 * from where, and what a verifier finds in the sealed file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/x509.h>

#include "certificate.h"
#include "conf.h"
#include "db.h"
#include "pdfgen.h"
#include "signing.h"
#include "util.h"
#include "verify.h"

#define X	50.0			/* left margin */
#define W	(PG_A4_W - 2 * X)	/* text width */
#define LABEL	150.0			/* label column */

#define CT_RUN(x, st, rows, ...) \
	db_run_raw((x)->db, (x)->rid, (x)->org, (st), \
	    (const struct db_param[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_param), (rows))

/* A time as "JST (UTC)". */
#define TWO_TIMES(col) \
    "CONCAT(DATE_FORMAT(CONVERT_TZ(" col ", '+00:00', '+09:00'), " \
    "'%Y-%m-%d %H:%i:%s JST'), DATE_FORMAT(" col ", ' (%Y-%m-%dT%H:%i:%sZ)'))"

DB_STMT_TENANT(st_ct_request,
    "SELECT r.id, c.id, c.title, c.number, o.name, u.name, u.email, "
    TWO_TIMES("r.created_at") ", " TWO_TIMES("r.finished_at") ", "
    "r.original_sha256, r.final_sha256, r.ordering, d.filename, d.size "
    "FROM signing_requests r JOIN contracts c ON c.organisation_id = "
    "r.organisation_id AND c.id = r.contract_id JOIN organisations o ON "
    "o.id = r.organisation_id JOIN users u ON u.organisation_id = "
    "r.organisation_id AND u.id = r.sender_id JOIN documents d ON "
    "d.organisation_id = r.organisation_id AND d.id = r.source_document_id "
    "WHERE r.organisation_id = ? AND r.id = ?");
DB_STMT_TENANT(st_ct_signers,
    "SELECT position, name, email, method, code_hash IS NOT NULL, "
    TWO_TIMES("sent_at") ", " TWO_TIMES("viewed_at") ", "
    TWO_TIMES("consented_at") ", " TWO_TIMES("signed_at") ", ip, "
    "user_agent FROM signers WHERE organisation_id = ? AND request_id = ? "
    "ORDER BY position");

struct ctx {
	struct pg_doc	*d;
	double		 y;
};

static void
need(struct ctx *c, double h)
{
	if (c->y - h < 50) {
		pg_page(c->d);
		c->y = PG_A4_H - 60;
	}
}

static void
heading(struct ctx *c, const char *ja, const char *en)
{
	char	*s = xasprintf("%s  %s", ja, en);

	need(c, 40);
	c->y -= 10;
	pg_text(c->d, X, c->y, 12, s);
	pg_rule(c->d, X, c->y - 4, X + W, c->y - 4, 0.5);
	c->y -= 20;
	free(s);
}

/* A label and its value at size, wrapped in the value column. */
static void
row_at(struct ctx *c, double indent, const char *label, const char *value,
    double size)
{
	need(c, 14);
	pg_text(c->d, X + indent, c->y, 9, label);
	c->y = pg_wrap(c->d, X + LABEL, c->y, W - LABEL, size, 13,
	    value != NULL && *value ? value : "—");
}

static void
row(struct ctx *c, double indent, const char *label, const char *value)
{
	row_at(c, indent, label, value, 9);
}

int
certificate_build(struct sg_ctx *x, long long request,
    const unsigned char *sealed, size_t len, struct buf *out, char *title,
    size_t titlesz, char *err, size_t errsz)
{
	struct pg_font		*font;
	struct db_rows		 q, s;
	struct vf_result	 res;
	X509_STORE		*store;
	struct ctx		 c;
	char			 now[128], *t;
	time_t			 tt = time(NULL), jt = tt + 9 * 3600;
	struct tm		 tm, um;
	size_t			 i, nsig = 0, nts = 0;
	int			 rc = -1;

	memset(&res, 0, sizeof(res));
	if ((font = pg_font_load(x->conf->cert_font, err, errsz)) == NULL)
		return -1;
	if (CT_RUN(x, &st_ct_request, &q, DBI(request)) == -1) {
		snprintf(err, errsz, "database");
		pg_font_free(font);
		return -1;
	}
	if (q.nrows != 1 || CT_RUN(x, &st_ct_signers, &s, DBI(request)) == -1) {
		snprintf(err, errsz, "database");
		db_rows_free(&q);
		pg_font_free(font);
		return -1;
	}
	/* What an independent verifier finds in the sealed file. */
	if ((store = verify_store(x->conf->signer_ca_file, err, errsz)) ==
	    NULL || verify_pdf(store, sealed, len, &res) == -1) {
		if (store != NULL)
			snprintf(err, errsz, "the sealed file is not a PDF");
		X509_STORE_free(store);
		goto out;
	}
	X509_STORE_free(store);

	snprintf(title, titlesz, "合意締結証明書_%s",
	    DB_CELL(&q, 0, 3) && *DB_CELL(&q, 0, 3) ? DB_CELL(&q, 0, 3) :
	    DB_CELL(&q, 0, 0));
	gmtime_r(&jt, &tm);
	gmtime_r(&tt, &um);
	snprintf(now, sizeof(now), "%04d-%02d-%02d %02d:%02d:%02d JST "
	    "(%04d-%02d-%02dT%02d:%02d:%02dZ)", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    um.tm_year + 1900, um.tm_mon + 1, um.tm_mday, um.tm_hour,
	    um.tm_min, um.tm_sec);

	c.d = pg_new(font);
	c.y = PG_A4_H - 70;
	pg_text(c.d, X, c.y, 22, "合意締結証明書");
	pg_text(c.d, X + 170, c.y, 12, "Certificate of Completion");
	c.y -= 22;
	t = xasprintf("発行 Issued: %s  ·  Keiyaku", now);
	pg_text(c.d, X, c.y, 9, t);
	free(t);
	c.y -= 14;
	c.y = pg_wrap(c.d, X, c.y, W, 9, 13, "この証明書は、下記の契約書が"
	    "電子署名により締結されたことを、Keiyaku の記録にもとづいて証明"
	    "します。This certificate records, from Keiyaku's evidence, how "
	    "the document below was signed electronically.");

	heading(&c, "文書", "Document");
	row(&c, 0, "件名 Title", DB_CELL(&q, 0, 2));
	row(&c, 0, "契約番号 Number", DB_CELL(&q, 0, 3));
	t = xasprintf("%s / %s", DB_CELL(&q, 0, 0), DB_CELL(&q, 0, 1));
	row(&c, 0, "依頼ID / 契約ID", t);
	free(t);
	row(&c, 0, "組織 Organisation", DB_CELL(&q, 0, 4));
	t = xasprintf("%s (%s bytes)", DB_CELL(&q, 0, 12), DB_CELL(&q, 0, 13));
	row(&c, 0, "ファイル File", t);
	free(t);
	/* A SHA-256 on one line, to be copied whole. */
	row_at(&c, 0, "原本 SHA-256", DB_CELL(&q, 0, 9), 7.5);
	row_at(&c, 0, "締結済み SHA-256", DB_CELL(&q, 0, 10), 7.5);
	t = xasprintf("%s <%s>", DB_CELL(&q, 0, 5), DB_CELL(&q, 0, 6));
	row(&c, 0, "依頼者 Sender", t);
	free(t);
	row(&c, 0, "依頼 Sent", DB_CELL(&q, 0, 7));
	row(&c, 0, "締結 Completed", DB_CELL(&q, 0, 8));
	row(&c, 0, "署名の順番 Order", strcmp(DB_CELL(&q, 0, 11),
	    "sequential") == 0 ? "順番に署名 In order" :
	    "全員に同時に依頼 All at once");

	heading(&c, "署名者", "Signers");
	for (i = 0; i < s.nrows; i++) {
		need(&c, 110);
		t = xasprintf("%s. %s <%s>", DB_CELL(&s, i, 0),
		    DB_CELL(&s, i, 1), DB_CELL(&s, i, 2));
		pg_text(c.d, X, c.y, 10.5, t);
		free(t);
		c.y -= 15;
		row(&c, 12, "署名方式 Method", strcmp(DB_CELL(&s, i, 3),
		    "witness") == 0 ? "立会人型電子署名（Keiyaku が署名者に代わり"
		    "署名） Witness signature" : DB_CELL(&s, i, 3));
		row(&c, 12, "本人確認 Identity", strcmp(DB_CELL(&s, i, 4),
		    "1") == 0 ? "メールアドレスの管理（個別リンク）とアクセス"
		    "コード  E-mail link and access code" :
		    "メールアドレスの管理（個別リンク）  E-mail link");
		row(&c, 12, "依頼 Sent", DB_CELL(&s, i, 5));
		row(&c, 12, "閲覧 Viewed", DB_CELL(&s, i, 6));
		row(&c, 12, "同意 Consent", DB_CELL(&s, i, 7));
		row(&c, 12, "署名 Signed", DB_CELL(&s, i, 8));
		row(&c, 12, "IP アドレス", DB_CELL(&s, i, 9));
		row(&c, 12, "ブラウザ User agent", DB_CELL(&s, i, 10));
		c.y -= 6;
	}

	heading(&c, "検証", "Verification");
	for (i = 0; i < res.nsigs; i++)
		if (res.sigs[i].doc_timestamp)
			nts++;
		else
			nsig++;
	if (res.valid)
		t = xasprintf("有効：電子署名 %zu 件（各タイムスタンプ付き）と"
		    "文書タイムスタンプ %zu 件が、すべて検証できました。 Valid: "
		    "%zu signatures with timestamps and %zu document timestamp "
		    "verify.", nsig, nts, nsig, nts);
	else
		t = xasprintf("無効：検証できない署名があります。 NOT VALID: a "
		    "signature does not verify (%zu signatures, %zu document "
		    "timestamps).", nsig, nts);
	row(&c, 0, "結果 Result", t);
	free(t);
	row(&c, 0, "検証日時 Checked", now);
	for (i = 0; i < res.nsigs; i++) {
		const struct vf_sig *v = &res.sigs[i];
		char label[64];

		snprintf(label, sizeof(label), "#%zu %s", i + 1,
		    v->doc_timestamp ? "文書タイムスタンプ" : "電子署名");
		t = xasprintf("%s%s%s — %s%s%s", v->doc_timestamp ? "" : v->name,
		    v->doc_timestamp ? "" : "  ", v->ts_time,
		    v->valid ? "有効 valid" : "無効 NOT VALID: ",
		    v->valid ? "" : v->error, "");
		row(&c, 0, label, t);
		free(t);
	}
	c.y -= 8;
	need(&c, 40);
	c.y = pg_wrap(c.d, X, c.y, W, 8, 11, "この証明書と締結済みファイルには "
	    "Keiyaku の電子署名とタイムスタンプが付いています。Adobe Acrobat、"
	    "poppler の pdfsig、または keiyaku-verify で、発行した組織の CA "
	    "証明書を信頼して検証できます。This certificate and the executed "
	    "file carry Keiyaku's signatures and timestamps; verify them with "
	    "Adobe Acrobat, poppler's pdfsig or keiyaku-verify, trusting the "
	    "issuing deployment's CA certificate.");
	rc = pg_finish(c.d, title, out);
	pg_free(c.d);
out:
	verify_result_free(&res);
	db_rows_free(&q);
	db_rows_free(&s);
	pg_font_free(font);
	return rc;
}
