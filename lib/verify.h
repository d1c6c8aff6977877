/*
 * Verifying signed PDFs (lib/verify.c) the way an independent verifier
 * does, with nothing of ours but the trusted CA: each signature
 * dictionary found through its /ByteRange, its CMS checked over the
 * bytes the range covers (message digest, signature, the ESS
 * signing-certificate-v2 of CAdES, the certificate chain to the CA),
 * the RFC 3161 timestamp token on the signature value; a document
 * timestamp (/ETSI.RFC3161) checked as a token over the covered bytes.
 * Bytes after the last signature (a change made later) make the file
 * fail.  Used by keiyaku-verify, the bulk verification job and the
 * audit certificate.
 */
#ifndef KEIYAKU_VERIFY_H
#define KEIYAKU_VERIFY_H

#include <stddef.h>

typedef struct x509_store_st X509_STORE;

struct vf_sig {
	int		 doc_timestamp;		/* /ETSI.RFC3161 */
	char		 subfilter[40];
	char		 name[200];		/* /Name, UTF-8, or "" */
	char		 reason[600];		/* /Reason, UTF-8, or "" */
	char		 signing_time[40];	/* /M as written, or "" */
	char		 signer[200];		/* the signing certificate's subject */
	char		 ts_time[40];		/* the token's genTime, UTC */
	char		 tsa[200];		/* the TSA certificate's subject */
	long long	 range[4];
	int		 framed;		/* the range frames /Contents */
	int		 covers_all;		/* up to the file's last byte */
	int		 has_ts;		/* a timestamp token was found */
	int		 valid;			/* everything checked holds */
	char		 error[200];		/* why not, if not */
};

struct vf_result {
	struct vf_sig	*sigs;
	size_t		 nsigs;
	int		 changed_after;	/* bytes no signature covers at the end */
	int		 valid;		/* at least one signature, all valid,
					   nothing after the last */
};

X509_STORE	*verify_store(const char *ca_file, char *err, size_t errsz);
int		 verify_pdf(X509_STORE *, const unsigned char *, size_t,
		    struct vf_result *);
void		 verify_result_free(struct vf_result *);

#endif
