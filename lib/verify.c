/*
 * Verifying signed PDFs (lib/verify.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "text.h"
#include "util.h"
#include "verify.h"

X509_STORE *
verify_store(const char *ca_file, char *err, size_t errsz)
{
	X509_STORE	*st;

	if ((st = X509_STORE_new()) == NULL ||
	    X509_STORE_load_file(st, ca_file) != 1) {
		snprintf(err, errsz, "%s: cannot read a CA certificate from it",
		    ca_file);
		X509_STORE_free(st);
		ERR_clear_error();
		return NULL;
	}
	return st;
}

/*
 * The PDF string that starts at p (before end) as UTF-8 into out:
 * <hex> or (literal); UTF-16BE with its BOM, else bytes taken as they
 * are (control characters dropped).
 */
static void
pdf_text(const char *p, const char *end, char *out, size_t outsz)
{
	struct buf	 raw = { NULL, 0, 0 }, u = { NULL, 0, 0 };
	unsigned long	 c, lo;
	size_t		 i;
	int		 hi = -1, v, depth = 0;

	buf_add(&raw, "", 0);
	if (p < end && *p == '<') {
		for (p++; p < end && *p != '>'; p++) {
			if ((v = util_hexval((unsigned char)*p)) < 0)
				continue;
			if (hi < 0)
				hi = v;
			else {
				char	ch = (char)(hi << 4 | v);

				buf_add(&raw, &ch, 1);
				hi = -1;
			}
		}
	} else if (p < end && *p == '(') {
		for (p++; p < end; p++) {
			if (*p == '\\' && p + 1 < end) {
				p++;
				buf_add(&raw, *p == 'n' ? "\n" : *p == 'r' ? "\r" :
				    *p == 't' ? "\t" : p, 1);
				continue;
			}
			if (*p == '(')
				depth++;
			if (*p == ')' && depth-- == 0)
				break;
			buf_add(&raw, p, 1);
		}
	}
	buf_add(&u, "", 0);
	if (raw.len >= 2 && (unsigned char)raw.data[0] == 0xfe &&
	    (unsigned char)raw.data[1] == 0xff) {
		for (i = 2; i + 1 < raw.len; i += 2) {
			c = (unsigned long)(unsigned char)raw.data[i] << 8 |
			    (unsigned char)raw.data[i + 1];
			if (c >= 0xd800 && c < 0xdc00 && i + 3 < raw.len) {
				lo = (unsigned long)(unsigned char)raw.data[i + 2] << 8 |
				    (unsigned char)raw.data[i + 3];
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
			if (c >= 0x20) {
				char	enc[4];

				buf_add(&u, enc, text_utf8(enc, c));
			}
		}
	} else
		for (i = 0; i < raw.len; i++)
			if ((unsigned char)raw.data[i] >= 0x20)
				buf_add(&u, raw.data + i, 1);
	snprintf(out, outsz, "%s", u.data);
	buf_free(&raw);
	buf_free(&u);
}

/*
 * The value of key in [p, end): where it starts (after blanks), or NULL
 * (also when only blanks follow the key: a value at end is none, and
 * end may be the end of the file).
 */
static const char *
dict_value(const char *p, const char *end, const char *key)
{
	const char	*k;
	size_t		 n = strlen(key);

	if (end <= p)
		return NULL;
	while ((k = memmem(p, (size_t)(end - p), key, n)) != NULL) {
		k += n;
		/* The whole key: "/Name" but not "/NameX". */
		if (k < end && (*k == ' ' || *k == '\n' || *k == '\r' ||
		    *k == '<' || *k == '(' || *k == '/' || *k == '[')) {
			while (k < end && (*k == ' ' || *k == '\n' || *k == '\r'))
				k++;
			return k < end ? k : NULL;
		}
		p = k;
	}
	return NULL;
}

static void
subject(X509 *x, char *out, size_t n)
{
	X509_NAME_oneline(X509_get_subject_name(x), out, (int)n);
}

static void
gentime(const TS_TST_INFO *ti, char *out, size_t n)
{
	struct tm	tm;

	if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(ti), &tm) == 1)
		snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
}

/*
 * Checks the RFC 3161 token tok over the SHA-256 imprint md: 1 valid
 * (its genTime and TSA into s), 0 not (the reason into s->error).
 */
static int
check_token(X509_STORE *store, PKCS7 *tok, const unsigned char md[32],
    struct vf_sig *s)
{
	TS_VERIFY_CTX	*v = NULL;
	TS_TST_INFO	*ti = NULL;
	unsigned char	*imp;
	STACK_OF(X509)	*signers;
	int		 ok = 0;

	s->has_ts = 1;
	if ((ti = PKCS7_to_TS_TST_INFO(tok)) != NULL)
		gentime(ti, s->ts_time, sizeof(s->ts_time));
	if ((signers = PKCS7_get0_signers(tok, NULL, 0)) != NULL) {
		if (sk_X509_num(signers) > 0)
			subject(sk_X509_value(signers, 0), s->tsa,
			    sizeof(s->tsa));
		sk_X509_free(signers);
	}
	imp = OPENSSL_malloc(32);
	if (imp == NULL || (v = TS_VERIFY_CTX_new()) == NULL) {
		OPENSSL_free(imp);
		goto out;
	}
	memcpy(imp, md, 32);
	TS_VERIFY_CTX_set_flags(v, TS_VFY_VERSION | TS_VFY_SIGNATURE |
	    TS_VFY_IMPRINT);
	TS_VERIFY_CTX_set_imprint(v, imp, 32);	/* v owns it now */
	X509_STORE_up_ref(store);
	TS_VERIFY_CTX_set_store(v, store);	/* ... and a reference */
	ok = TS_RESP_verify_token(v, tok) == 1;
	if (!ok)
		snprintf(s->error, sizeof(s->error), "the timestamp does not "
		    "verify (%s)", ERR_reason_error_string(ERR_peek_error()) ?
		    ERR_reason_error_string(ERR_peek_error()) : "unknown");
out:
	TS_VERIFY_CTX_free(v);
	TS_TST_INFO_free(ti);
	ERR_clear_error();
	return ok;
}

/* The CAdES signature s over data, with the token on its value. */
static void
check_cades(X509_STORE *store, const unsigned char *der, size_t derlen,
    const struct buf *data, struct vf_sig *s)
{
	const unsigned char	*p = der;
	CMS_ContentInfo		*cms;
	STACK_OF(CMS_SignerInfo) *sis;
	CMS_SignerInfo		*si;
	ASN1_OCTET_STRING	*sig;
	X509_ATTRIBUTE		*attr;
	ASN1_TYPE		*t;
	PKCS7			*tok = NULL;
	X509			*cert = NULL;
	BIO			*in;
	unsigned char		 md[32];
	int			 i;

	if ((cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen)) == NULL) {
		snprintf(s->error, sizeof(s->error), "the signature is not CMS");
		goto out;
	}
	in = BIO_new_mem_buf(data->data, (int)data->len);
	i = in != NULL && CMS_verify(cms, NULL, store, in, NULL,
	    CMS_BINARY | CMS_CADES) == 1;
	BIO_free(in);
	if ((sis = CMS_get0_SignerInfos(cms)) == NULL ||
	    sk_CMS_SignerInfo_num(sis) != 1) {
		snprintf(s->error, sizeof(s->error), "not one signer");
		goto out;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	CMS_SignerInfo_get0_algs(si, NULL, &cert, NULL, NULL);
	if (cert != NULL)
		subject(cert, s->signer, sizeof(s->signer));
	if (!i) {
		/* Which: the bytes, or the certificate? */
		unsigned long	e = ERR_peek_last_error();

		in = BIO_new_mem_buf(data->data, (int)data->len);
		i = in != NULL && CMS_verify(cms, NULL, NULL, in, NULL,
		    CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
		BIO_free(in);
		snprintf(s->error, sizeof(s->error), "%s (%s)", i ?
		    "the signing certificate is not trusted" :
		    "the signature does not match the document",
		    ERR_reason_error_string(e) ? ERR_reason_error_string(e) :
		    "unknown");
		ERR_clear_error();
		goto out;
	}
	/* The timestamp on the signature value. */
	if ((sig = CMS_SignerInfo_get0_signature(si)) == NULL ||
	    (i = CMS_unsigned_get_attr_by_NID(si,
	    NID_id_smime_aa_timeStampToken, -1)) < 0 ||
	    (attr = CMS_unsigned_get_attr(si, i)) == NULL ||
	    (t = X509_ATTRIBUTE_get0_type(attr, 0)) == NULL ||
	    t->type != V_ASN1_SEQUENCE) {
		snprintf(s->error, sizeof(s->error), "no timestamp on the "
		    "signature");
		goto out;
	}
	p = t->value.sequence->data;
	if ((tok = d2i_PKCS7(NULL, &p, t->value.sequence->length)) == NULL) {
		snprintf(s->error, sizeof(s->error), "the timestamp is not a "
		    "token");
		goto out;
	}
	SHA256(ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig),
	    md);
	s->valid = check_token(store, tok, md, s);
out:
	PKCS7_free(tok);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
}

/* The document timestamp s: a token over data. */
static void
check_doc_ts(X509_STORE *store, const unsigned char *der, size_t derlen,
    const struct buf *data, struct vf_sig *s)
{
	const unsigned char	*p = der;
	PKCS7			*tok;
	unsigned char		 md[32];

	if ((tok = d2i_PKCS7(NULL, &p, (long)derlen)) == NULL) {
		snprintf(s->error, sizeof(s->error), "the timestamp is not a "
		    "token");
		return;
	}
	SHA256((const unsigned char *)data->data, data->len, md);
	s->valid = check_token(store, tok, md, s);
	PKCS7_free(tok);
}

/*
 * The whole length of the DER object that b starts with, once b holds
 * its header; 0 while it does not yet (or the length is indefinite).
 */
static size_t
der_length(const struct buf *b)
{
	const unsigned char	*p = (const unsigned char *)b->data;
	size_t			 n, k, len = 0;

	if (b->len < 2)
		return 0;
	if (!(p[1] & 0x80))
		return 2 + p[1];
	n = p[1] & 0x7f;
	if (n == 0 || n > 4)
		return (size_t)-1 >> 1;	/* not ours to judge: read it all */
	if (b->len < 2 + n)
		return 0;
	for (k = 0; k < n; k++)
		len = len << 8 | p[2 + k];
	return 2 + n + len;
}

/* One signature dictionary, its /ByteRange at br. */
static void
check_one(X509_STORE *store, const unsigned char *pdf, size_t len,
    const char *br, struct vf_sig *s)
{
	const char	*doc = (const char *)pdf, *end = doc + len;
	const char	*obj, *eobj, *v;
	struct buf	 der = { NULL, 0, 0 }, data = { NULL, 0, 0 };
	long long	*r = s->range;
	size_t		 i, want = 0;
	int		 hi = -1, h;
	char		 tok[128];

	/* The input ends where it ends: scanf reads a NUL-ended copy. */
	snprintf(tok, sizeof(tok), "%.*s", (int)(end - br < 127 ? end - br :
	    127), br);
	if (sscanf(tok, "/ByteRange [%lld %lld %lld %lld]", &r[0], &r[1],
	    &r[2], &r[3]) != 4 && sscanf(tok, "/ByteRange[%lld %lld %lld "
	    "%lld]", &r[0], &r[1], &r[2], &r[3]) != 4) {
		snprintf(s->error, sizeof(s->error), "a /ByteRange that is not "
		    "four numbers");
		return;
	}
	if (r[0] != 0 || r[1] <= 0 || r[1] >= (long long)len ||
	    r[2] <= r[1] + 1 || r[2] > (long long)len || r[3] < 0 ||
	    r[3] > (long long)len - r[2] ||
	    pdf[r[1]] != '<' || pdf[r[2] - 1] != '>') {
		snprintf(s->error, sizeof(s->error), "a /ByteRange that does "
		    "not frame the signature");
		return;
	}
	s->framed = 1;
	s->covers_all = (size_t)(r[2] + r[3]) == len;
	/* The dictionary around it: its object, the hex left out. */
	for (obj = br; obj > doc && (size_t)(br - obj) < 65536 &&
	    memcmp(obj, " obj", 4) != 0; obj--)
		;
	eobj = memmem(doc + r[2], len - (size_t)r[2], "endobj", 6);
	if (eobj == NULL)
		eobj = end;
	if ((v = dict_value(obj, doc + r[1], "/SubFilter")) == NULL)
		v = dict_value(doc + r[2], eobj, "/SubFilter");
	if (v != NULL && *v == '/') {
		snprintf(tok, sizeof(tok), "%.*s", (int)(eobj - v - 1 < 127 ?
		    eobj - v - 1 : 127), v + 1);
		sscanf(tok, "%39[A-Za-z0-9.]", s->subfilter);
	}
	s->doc_timestamp = strcmp(s->subfilter, "ETSI.RFC3161") == 0;
	if ((v = dict_value(doc + r[2], eobj, "/Name")) != NULL ||
	    (v = dict_value(obj, doc + r[1], "/Name")) != NULL)
		pdf_text(v, eobj, s->name, sizeof(s->name));
	if ((v = dict_value(doc + r[2], eobj, "/Reason")) != NULL ||
	    (v = dict_value(obj, doc + r[1], "/Reason")) != NULL)
		pdf_text(v, eobj, s->reason, sizeof(s->reason));
	if ((v = dict_value(doc + r[2], eobj, "/M")) != NULL ||
	    (v = dict_value(obj, doc + r[1], "/M")) != NULL)
		pdf_text(v, eobj, s->signing_time, sizeof(s->signing_time));

	/* The hex, straight into place (a signature holds 32 KB of it). */
	buf_grow(&der, (size_t)(r[2] - r[1]) / 2 + 1);
	for (i = (size_t)r[1] + 1; i < (size_t)r[2] - 1; i++) {
		if ((h = util_hexval(pdf[i])) < 0)
			continue;
		if (hi < 0)
			hi = h;
		else {
			der.data[der.len++] = (char)(hi << 4 | h);
			hi = -1;
			if (want == 0)
				want = der_length(&der);
			if (want > 0 && der.len >= want)
				break;	/* the rest is the placeholder's zeros */
		}
	}
	buf_grow(&data, (size_t)(r[1] + r[3]));
	buf_add(&data, pdf, (size_t)r[1]);
	buf_add(&data, pdf + r[2], (size_t)r[3]);
	if (der.len == 0)
		snprintf(s->error, sizeof(s->error), "no signature in /Contents");
	else if (s->doc_timestamp)
		check_doc_ts(store, (unsigned char *)der.data, der.len, &data, s);
	else if (strcmp(s->subfilter, "ETSI.CAdES.detached") == 0 ||
	    strcmp(s->subfilter, "adbe.pkcs7.detached") == 0)
		check_cades(store, (unsigned char *)der.data, der.len, &data, s);
	else
		snprintf(s->error, sizeof(s->error), "a /SubFilter this "
		    "verifier does not know (%s)", s->subfilter);
	buf_free(&der);
	buf_free(&data);
}

/*
 * Every signature of the PDF pdf, checked against the CA in store:
 * the results into res (verify_result_free).  0, or -1 when pdf is not
 * a PDF at all.
 */
int
verify_pdf(X509_STORE *store, const unsigned char *pdf, size_t len,
    struct vf_result *res)
{
	const char	*p = (const char *)pdf, *br;
	struct vf_sig	*s;
	size_t		 off = 0, cap = 0;
	long long	 last = 0;

	memset(res, 0, sizeof(*res));
	if (len < 8 || memcmp(pdf, "%PDF-", 5) != 0)
		return -1;
	while ((br = memmem(p + off, len - off, "/ByteRange", 10)) != NULL) {
		if (res->nsigs == cap) {
			cap = cap ? cap * 2 : 4;
			res->sigs = xrealloc(res->sigs, cap * sizeof(*res->sigs));
		}
		memset(&res->sigs[res->nsigs], 0, sizeof(res->sigs[0]));
		check_one(store, pdf, len, br, &res->sigs[res->nsigs]);
		s = &res->sigs[res->nsigs];
		if (s->framed && s->range[2] + s->range[3] > last)
			last = s->range[2] + s->range[3];
		/* Past this signature's hex: no /ByteRange is inside it. */
		off = (size_t)(br - p) + 10;
		if (s->framed && s->range[2] > (long long)off)
			off = (size_t)s->range[2];
		res->nsigs++;
	}
	/* Anything after the last signed byte but the end-of-file marker. */
	res->changed_after = res->nsigs > 0 && (size_t)last < len &&
	    len - (size_t)last > 2;
	res->valid = res->nsigs > 0 && !res->changed_after;
	for (off = 0; off < res->nsigs; off++)
		if (!res->sigs[off].valid)
			res->valid = 0;
	return 0;
}

void
verify_result_free(struct vf_result *res)
{
	free(res->sigs);
	memset(res, 0, sizeof(*res));
}
