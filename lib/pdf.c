/*
 * PDF signatures as incremental updates (lib/pdf.h): the original
 * bytes are kept as they are and an update is appended with a new
 * signature dictionary (/ETSI.CAdES.detached, /ByteRange, /Contents
 * placeholder), its widget on the first page, the page and the
 * catalog (with /AcroForm /SigFlags 3) in new versions, and an xref
 * section of the original's kind (table or stream) pointing back with
 * /Prev.  qpdf reads the original (objects, their ids); it never writes
 * it (qpdf cannot write incremental updates).
 */
#include "config.h"

#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "pdf.h"
#include "signer.h"
#include "text.h"
#include "util.h"

/* The value of the last startxref (in the file's last 2 KB), or -1. */
static long long
last_startxref(const unsigned char *p, size_t len)
{
	const unsigned char	*s, *at = NULL;
	size_t			 i = len > 2048 ? len - 2048 : 0;
	long long		 v;

	while ((s = memmem(p + i, len - i, "startxref", 9)) != NULL) {
		at = s;
		i = (size_t)(s - p) + 9;
	}
	if (at == NULL)
		return -1;
	v = strtoll((const char *)at + 9, NULL, 10);
	return v >= 0 && (size_t)v < len ? v : -1;
}

/* dict ("<< ... >>" as qpdf unparses it) with the entries more added. */
static void
dict_with(struct buf *b, const char *dict, const char *more)
{
	size_t	n = strlen(dict);

	while (n > 0 && (dict[n - 1] == ' ' || dict[n - 1] == '\n'))
		n--;
	if (n >= 2 && dict[n - 2] == '>' && dict[n - 1] == '>')
		n -= 2;
	buf_add(b, dict, n);
	buf_addf(b, " %s >>", more);
}

/*
 * The items of the array a (if it is one) as "[i1 i2 ... N 0 R]" with
 * the reference to object id added, into b; the count of items a had.
 */
static int
array_plus(qpdf_data q, qpdf_oh a, int id, struct buf *b)
{
	int	i, n = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_n_items(q, a) : 0;

	buf_add(b, "[", 1);
	for (i = 0; i < n; i++)
		buf_addf(b, "%s ", qpdf_oh_unparse(q,
		    qpdf_oh_get_array_item(q, a, i)));
	buf_addf(b, "%d 0 R]", id);
	return n;
}

struct xent {
	int		 id;
	size_t		 off;
};

static int
xent_cmp(const void *a, const void *b)
{
	return ((const struct xent *)a)->id - ((const struct xent *)b)->id;
}

/*
 * Writes into out the update that adds a new signature to pdf (the
 * signed file is pdf then out: the original is never copied); sets
 * *coff (an offset in that file) and *clen to where the hex
 * placeholder of /Contents is (after its '<', clen hex digits) and *r
 * to the byte range.  0, or -1 with the reason in err.
 */
int
pdf_sig_prepare(const unsigned char *pdf, size_t len,
    const struct pdf_sig_info *si, struct buf *out, size_t *coff,
    size_t *clen, long long r[4], char *err, size_t errsz)
{
	qpdf_data	 q = qpdf_init();
	qpdf_oh		 root, trailer, page, af, id;
	struct buf	 pa = { NULL, 0, 0 }, fa = { NULL, 0, 0 };
	struct buf	 more = { NULL, 0, 0 }, runs = { NULL, 0, 0 };
	struct buf	 data = { NULL, 0, 0 };
	char		*afs = NULL;
	struct xent	 x[5];	/* sig, widget, page, catalog, xref stream */
	long long	 prev, size;
	int		 nfields, rootid, pageid, sigid, wid, nx = 0;
	int		 stream_xref, rc = -1;
	size_t		 rangepos, xrefoff, k, j;
	char		 tmp[64], *rstr = NULL;
	struct tm	 tm;
	time_t		 now = time(NULL) + 9 * 3600;

	qpdf_silence_errors(q);
	if (qpdf_read_memory(q, "document.pdf", (const char *)pdf,
	    (unsigned long long)len, NULL) & QPDF_ERRORS) {
		snprintf(err, errsz, "not a PDF qpdf can read");
		goto done;
	}
	if (qpdf_is_encrypted(q)) {
		snprintf(err, errsz, "encrypted");
		goto done;
	}
	if ((prev = last_startxref(pdf, len)) < 0) {
		snprintf(err, errsz, "no startxref");
		goto done;
	}
	stream_xref = len - (size_t)prev < 4 ||
	    memcmp(pdf + prev, "xref", 4) != 0;
	root = qpdf_get_root(q);
	trailer = qpdf_get_trailer(q);
	rootid = qpdf_oh_get_object_id(q, root);
	size = qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, trailer, "/Size"));
	if (qpdf_get_num_pages(q) < 1 || rootid <= 0 || size <= 0) {
		snprintf(err, errsz, "no page, catalog or /Size");
		goto done;
	}
	page = qpdf_get_page_n(q, 0);
	pageid = qpdf_oh_get_object_id(q, page);
	sigid = (int)size;
	wid = (int)size + 1;

	/*
	 * The page with the widget among its annotations, the catalog
	 * with the field in its form and SigFlags 3: each dictionary as
	 * qpdf unparses it without that key, and the key written here
	 * (qpdf must not hold references to objects it does not have).
	 */
	array_plus(q, qpdf_oh_get_key(q, page, "/Annots"), wid, &pa);
	qpdf_oh_remove_key(q, page, "/Annots");
	af = qpdf_oh_get_key(q, root, "/AcroForm");
	if (qpdf_oh_is_dictionary(q, af)) {
		buf_adds(&fa, "/Fields ");
		nfields = array_plus(q, qpdf_oh_get_key(q, af, "/Fields"), wid,
		    &fa);
		qpdf_oh_remove_key(q, af, "/Fields");
		qpdf_oh_remove_key(q, af, "/SigFlags");
		afs = xstrdup(qpdf_oh_unparse_resolved(q, af));
	} else {
		buf_adds(&fa, "/Fields ");
		nfields = array_plus(q, af, wid, &fa);	/* none: [wid] */
		afs = xstrdup("<< >>");
	}
	buf_adds(&fa, " /SigFlags 3");
	qpdf_oh_remove_key(q, root, "/AcroForm");

	buf_reset(out);
	buf_add(out, "", 0);
	if (len > 0 && pdf[len - 1] != '\n')
		buf_add(out, "\n", 1);

	/* The signature dictionary. */
	x[nx].id = sigid;
	x[nx++].off = len + out->len;
	gmtime_r(&now, &tm);
	buf_addf(out, "%d 0 obj\n<< /Type /%s /Filter /Adobe.PPKLite "
	    "/SubFilter /%s /ByteRange ", sigid,
	    si->doc_timestamp ? "DocTimeStamp" : "Sig",
	    si->doc_timestamp ? "ETSI.RFC3161" : "ETSI.CAdES.detached");
	rangepos = out->len;
	buf_adds(out, "[0 0000000000 0000000000 0000000000]");
	buf_adds(out, " /Contents <");
	*coff = len + out->len;
	*clen = 2 * PDF_SIG_MAX;
	for (k = 0; k < *clen; k++)
		buf_add(out, "0", 1);
	buf_adds(out, ">");
	/* A document timestamp's time is its token's alone. */
	if (!si->doc_timestamp) {
		buf_addf(out, " /M (D:%04d%02d%02d%02d%02d%02d+09'00') /Name ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		text_pdf_string(out, si->name);
		buf_adds(out, " /Reason ");
		text_pdf_string(out, si->reason);
	}
	buf_adds(out, " >>\nendobj\n");

	/* Its widget, invisible, on the first page. */
	x[nx].id = wid;
	x[nx++].off = len + out->len;
	buf_addf(out, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig "
	    "/Rect [0 0 0 0] /F 132 /V %d 0 R /P %d 0 R /T ", wid, sigid,
	    pageid);
	snprintf(tmp, sizeof(tmp), "Signature%d", nfields + 1);
	text_pdf_string(out, tmp);
	buf_adds(out, " >>\nendobj\n");

	x[nx].id = pageid;
	x[nx++].off = len + out->len;
	buf_addf(out, "%d %d obj\n", pageid, qpdf_oh_get_generation(q, page));
	buf_adds(&more, "/Annots ");
	buf_adds(&more, pa.data);
	dict_with(out, qpdf_oh_unparse_resolved(q, page), more.data);
	buf_adds(out, "\nendobj\n");
	x[nx].id = rootid;
	x[nx++].off = len + out->len;
	buf_addf(out, "%d %d obj\n", rootid, qpdf_oh_get_generation(q, root));
	buf_reset(&more);
	buf_adds(&more, "/AcroForm ");
	dict_with(&more, afs, fa.data);
	dict_with(out, qpdf_oh_unparse_resolved(q, root), more.data);
	buf_adds(out, "\nendobj\n");
	qsort(x, (size_t)nx, sizeof(x[0]), xent_cmp);

	xrefoff = len + out->len;
	id = qpdf_oh_get_key(q, trailer, "/ID");
	if (stream_xref) {
		x[nx].id = (int)size + 2;	/* the xref stream itself */
		x[nx++].off = xrefoff;
		qsort(x, (size_t)nx, sizeof(x[0]), xent_cmp);
		buf_addf(out, "%lld 0 obj\n<< /Type /XRef /Size %lld ",
		    size + 2, size + 3);
	} else
		buf_addf(out, "xref\n");
	/* Runs of consecutive ids: a subsection, or an /Index pair, each. */
	for (k = 0; k < (size_t)nx; k = j) {
		for (j = k + 1; j < (size_t)nx && x[j].id == x[j - 1].id + 1; j++)
			;
		if (stream_xref)
			buf_addf(&runs, "%s%d %zu", k ? " " : "", x[k].id, j - k);
		else
			buf_addf(out, "%d %zu\n", x[k].id, j - k);
		for (size_t m = k; m < j; m++) {
			/* An xref stream's type 1 entry: /W [1 4 2]. */
			unsigned char	e[7] = { 1, (unsigned char)(x[m].off >> 24),
			    (unsigned char)(x[m].off >> 16),
			    (unsigned char)(x[m].off >> 8),
			    (unsigned char)x[m].off, 0, 0 };

			if (stream_xref)
				buf_add(&data, e, 7);
			else
				buf_addf(out, "%010zu 00000 n \n", x[m].off);
		}
	}
	if (!stream_xref)
		buf_addf(out, "trailer\n<< /Size %lld ", size + 2);
	buf_addf(out, "/Root %d 0 R /Prev %lld", rootid, prev);
	if (qpdf_oh_has_key(q, trailer, "/Info"))
		buf_addf(out, " /Info %s", qpdf_oh_unparse(q,
		    qpdf_oh_get_key(q, trailer, "/Info")));
	if (qpdf_oh_is_array(q, id))
		buf_addf(out, " /ID %s", qpdf_oh_unparse(q, id));
	if (stream_xref) {
		buf_addf(out, " /W [1 4 2] /Index [%s] /Length %zu >>\nstream\n",
		    runs.data, data.len);
		buf_add(out, data.data, data.len);
		buf_adds(out, "\nendstream\nendobj\n");
	} else
		buf_adds(out, " >>\n");
	buf_addf(out, "startxref\n%zu\n%%%%EOF\n", xrefoff);

	/* The byte range: all but the placeholder and its brackets. */
	r[0] = 0;
	r[1] = (long long)*coff - 1;
	r[2] = (long long)(*coff + *clen + 1);
	r[3] = (long long)(len + out->len) - r[2];
	rstr = xasprintf("[%lld %010lld %010lld %010lld]", r[0], r[1], r[2],
	    r[3]);
	if (strlen(rstr) != strlen("[0 0000000000 0000000000 0000000000]")) {
		snprintf(err, errsz, "file too large");
		goto done;
	}
	memcpy(out->data + rangepos, rstr, strlen(rstr));
	rc = 0;
done:
	free(rstr);
	free(afs);
	buf_free(&pa);
	buf_free(&fa);
	buf_free(&more);
	buf_free(&runs);
	buf_free(&data);
	qpdf_cleanup(&q);
	return rc;
}

/*
 * Puts the DER signature cms into the placeholder at coff (an offset
 * in the signed file) of the update out, which starts at base in it;
 * 0, or -1 (too long).
 */
int
pdf_sig_embed(struct buf *out, size_t base, size_t coff, size_t clen,
    const unsigned char *cms, size_t n)
{
	size_t	i;
	char	h[3];

	if (2 * n > clen || coff < base || coff - base + clen > out->len)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(h, sizeof(h), "%02X", cms[i]);
		memcpy(out->data + (coff - base) + 2 * i, h, 2);
	}
	return 0;
}

/*
 * The update that signs pdf: a new signature of the service (the
 * signer at sock makes the CMS, with its timestamp) into out, to be
 * written after pdf.  0, or -1 with the reason in err.
 */
int
pdf_sign(const char *sock, const unsigned char *pdf, size_t len,
    const struct pdf_sig_info *si, struct buf *out, char *err, size_t errsz)
{
	struct buf	 der = { NULL, 0, 0 };
	unsigned char	 d[32];
	size_t		 coff, clen;
	long long	 r[4];
	EVP_MD_CTX	*m;
	int		 rc = -1;

	if (pdf_sig_prepare(pdf, len, si, out, &coff, &clen, r, err,
	    errsz) == -1)
		return -1;
	if ((m = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(m, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(m, pdf, len) != 1 ||
	    EVP_DigestUpdate(m, out->data, (size_t)r[1] - len) != 1 ||
	    EVP_DigestUpdate(m, out->data + ((size_t)r[2] - len),
	    (size_t)r[3]) != 1 ||
	    EVP_DigestFinal_ex(m, d, NULL) != 1) {
		snprintf(err, errsz, "digest");
		goto done;
	}
	if (signer_call(sock, si->doc_timestamp ? "ts" : "cms", d, &der, err,
	    errsz) == -1)
		goto done;
	if (pdf_sig_embed(out, len, coff, clen, (unsigned char *)der.data,
	    der.len) == -1) {
		snprintf(err, errsz, "the signature is longer than its place");
		goto done;
	}
	rc = 0;
done:
	EVP_MD_CTX_free(m);
	buf_free(&der);
	return rc;
}
