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
#include "util.h"

/* Offset of the last startxref's value, or -1. */
static long long
last_startxref(const unsigned char *p, size_t len)
{
	size_t		 i, n = len > 2048 ? 2048 : len;
	const char	*s;
	long long	 v;

	for (i = len - n; i + 9 <= len; ) {
		s = memmem(p + i, len - i, "startxref", 9);
		if (s == NULL)
			break;
		v = strtoll(s + 9, NULL, 10);
		i = (size_t)((const unsigned char *)s - p) + 9;
		if (memmem(p + i, len - i, "startxref", 9) == NULL)
			return v >= 0 && (size_t)v < len ? v : -1;
	}
	return -1;
}

/* s as a PDF text string: UTF-16BE with its BOM, in hex. */
static void
text_string(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned long		 c, hi, lo;
	size_t			 n;

	buf_adds(b, "<FEFF");
	while (*p) {
		if (p[0] < 0x80) {
			c = p[0];
			n = 1;
		} else if ((p[0] & 0xe0) == 0xc0 && p[1]) {
			c = ((unsigned long)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
			n = 2;
		} else if ((p[0] & 0xf0) == 0xe0 && p[1] && p[2]) {
			c = ((unsigned long)(p[0] & 0x0f) << 12) |
			    ((unsigned long)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
			n = 3;
		} else if ((p[0] & 0xf8) == 0xf0 && p[1] && p[2] && p[3]) {
			c = ((unsigned long)(p[0] & 0x07) << 18) |
			    ((unsigned long)(p[1] & 0x3f) << 12) |
			    ((unsigned long)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
			n = 4;
		} else {
			c = 0xfffd;
			n = 1;
		}
		if (c >= 0x10000) {
			hi = 0xd800 + ((c - 0x10000) >> 10);
			lo = 0xdc00 + ((c - 0x10000) & 0x3ff);
			buf_addf(b, "%04lX%04lX", hi, lo);
		} else
			buf_addf(b, "%04lX", c);
		p += n;
	}
	buf_add(b, ">", 1);
}

/* dict ("<< ... >>" as qpdf unparses it) with key value added. */
static void
dict_with(struct buf *b, const char *dict, const char *key,
    const char *value)
{
	size_t	n = strlen(dict);

	while (n > 0 && (dict[n - 1] == ' ' || dict[n - 1] == '\n'))
		n--;
	if (n >= 2 && dict[n - 2] == '>' && dict[n - 1] == '>')
		n -= 2;
	buf_add(b, dict, n);
	buf_addf(b, " %s %s >>", key, value);
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
	qpdf_oh		 root, trailer, page, annots, af, fields, id;
	struct buf	 pa = { NULL, 0, 0 }, fa = { NULL, 0, 0 };
	struct buf	 afd = { NULL, 0, 0 };
	char		*afs = NULL;
	struct xent	 x[5];	/* sig, widget, page, catalog, xref stream */
	long long	 prev, size;
	int		 nfields, i, rootid, pageid, sigid, wid, nx = 0;
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
	annots = qpdf_oh_get_key(q, page, "/Annots");
	buf_add(&pa, "[", 1);
	if (qpdf_oh_is_array(q, annots))
		for (i = 0; i < qpdf_oh_get_array_n_items(q, annots); i++)
			buf_addf(&pa, "%s ", qpdf_oh_unparse(q,
			    qpdf_oh_get_array_item(q, annots, i)));
	buf_addf(&pa, "%d 0 R]", wid);
	qpdf_oh_remove_key(q, page, "/Annots");
	af = qpdf_oh_get_key(q, root, "/AcroForm");
	nfields = 0;
	buf_add(&fa, "[", 1);
	if (qpdf_oh_is_dictionary(q, af)) {
		fields = qpdf_oh_get_key(q, af, "/Fields");
		if (qpdf_oh_is_array(q, fields))
			for (i = 0; i < qpdf_oh_get_array_n_items(q, fields);
			    i++) {
				buf_addf(&fa, "%s ", qpdf_oh_unparse(q,
				    qpdf_oh_get_array_item(q, fields, i)));
				nfields++;
			}
		qpdf_oh_remove_key(q, af, "/Fields");
		qpdf_oh_remove_key(q, af, "/SigFlags");
		afs = xstrdup(qpdf_oh_unparse_resolved(q, af));
	} else
		afs = xstrdup("<< >>");
	buf_addf(&fa, "%d 0 R]", wid);
	qpdf_oh_remove_key(q, root, "/AcroForm");

	buf_reset(out);
	buf_add(out, "", 0);
	if (len > 0 && pdf[len - 1] != '\n')
		buf_add(out, "\n", 1);

	/* The signature dictionary. */
	x[nx].id = sigid;
	x[nx++].off = len + out->len;
	gmtime_r(&now, &tm);
	buf_addf(out, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
	    "/SubFilter /ETSI.CAdES.detached /ByteRange ", sigid);
	rangepos = out->len;
	buf_adds(out, "[0 0000000000 0000000000 0000000000]");
	buf_adds(out, " /Contents <");
	*coff = len + out->len;
	*clen = 2 * PDF_SIG_MAX;
	for (k = 0; k < *clen; k++)
		buf_add(out, "0", 1);
	buf_adds(out, ">");
	buf_addf(out, " /M (D:%04d%02d%02d%02d%02d%02d+09'00') /Name ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	text_string(out, si->name);
	buf_adds(out, " /Reason ");
	text_string(out, si->reason);
	buf_adds(out, " >>\nendobj\n");

	/* Its widget, invisible, on the first page. */
	x[nx].id = wid;
	x[nx++].off = len + out->len;
	buf_addf(out, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig "
	    "/Rect [0 0 0 0] /F 132 /V %d 0 R /P %d 0 R /T ", wid, sigid,
	    pageid);
	snprintf(tmp, sizeof(tmp), "Signature%d", nfields + 1);
	text_string(out, tmp);
	buf_adds(out, " >>\nendobj\n");

	x[nx].id = pageid;
	x[nx++].off = len + out->len;
	buf_addf(out, "%d %d obj\n", pageid, qpdf_oh_get_generation(q, page));
	dict_with(out, qpdf_oh_unparse_resolved(q, page), "/Annots", pa.data);
	buf_adds(out, "\nendobj\n");
	x[nx].id = rootid;
	x[nx++].off = len + out->len;
	buf_addf(out, "%d %d obj\n", rootid, qpdf_oh_get_generation(q, root));
	buf_reset(&afd);
	buf_addf(&afd, "%s", "");
	dict_with(&afd, afs, "/Fields", fa.data);
	{
		char	*t = xstrdup(afd.data);

		buf_reset(&afd);
		dict_with(&afd, t, "/SigFlags", "3");
		free(t);
	}
	dict_with(out, qpdf_oh_unparse_resolved(q, root), "/AcroForm", afd.data);
	buf_adds(out, "\nendobj\n");
	qsort(x, (size_t)nx, sizeof(x[0]), xent_cmp);

	xrefoff = len + out->len;
	id = qpdf_oh_get_key(q, trailer, "/ID");
	if (!stream_xref) {
		buf_adds(out, "xref\n");
		for (k = 0; k < (size_t)nx; k = j) {
			for (j = k + 1; j < (size_t)nx && x[j].id == x[j - 1].id + 1;
			    j++)
				;
			buf_addf(out, "%d %zu\n", x[k].id, j - k);
			for (size_t m = k; m < j; m++)
				buf_addf(out, "%010zu 00000 n \n", x[m].off);
		}
		buf_addf(out, "trailer\n<< /Size %lld /Root %d 0 R /Prev %lld",
		    size + 2, rootid, prev);
		if (qpdf_oh_has_key(q, trailer, "/Info"))
			buf_addf(out, " /Info %s", qpdf_oh_unparse(q,
			    qpdf_oh_get_key(q, trailer, "/Info")));
		if (qpdf_oh_is_array(q, id))
			buf_addf(out, " /ID %s", qpdf_oh_unparse(q, id));
		buf_addf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", xrefoff);
	} else {
		/* An xref stream: type 1 entries, /W [1 4 2], uncompressed. */
		struct buf	 data = { NULL, 0, 0 };
		int		 xid = (int)size + 2;
		unsigned char	 e[7];

		x[nx].id = xid;
		x[nx++].off = xrefoff;
		qsort(x, (size_t)nx, sizeof(x[0]), xent_cmp);
		buf_addf(out, "%d 0 obj\n<< /Type /XRef /Size %lld /Root %d 0 R "
		    "/Prev %lld /W [1 4 2] /Index [", xid, size + 3, rootid, prev);
		for (k = 0; k < (size_t)nx; k = j) {
			for (j = k + 1; j < (size_t)nx && x[j].id == x[j - 1].id + 1;
			    j++)
				;
			buf_addf(out, "%s%d %zu", k ? " " : "", x[k].id, j - k);
			for (size_t m = k; m < j; m++) {
				e[0] = 1;
				e[1] = (unsigned char)(x[m].off >> 24);
				e[2] = (unsigned char)(x[m].off >> 16);
				e[3] = (unsigned char)(x[m].off >> 8);
				e[4] = (unsigned char)x[m].off;
				e[5] = e[6] = 0;
				buf_add(&data, e, 7);
			}
		}
		buf_adds(out, "]");
		if (qpdf_oh_has_key(q, trailer, "/Info"))
			buf_addf(out, " /Info %s", qpdf_oh_unparse(q,
			    qpdf_oh_get_key(q, trailer, "/Info")));
		if (qpdf_oh_is_array(q, id))
			buf_addf(out, " /ID %s", qpdf_oh_unparse(q, id));
		buf_addf(out, " /Length %zu >>\nstream\n", data.len);
		buf_add(out, data.data, data.len);
		buf_addf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n",
		    xrefoff);
		buf_free(&data);
	}

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
	buf_free(&afd);
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
	if (signer_call(sock, "cms", d, &der, err, errsz) == -1)
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
