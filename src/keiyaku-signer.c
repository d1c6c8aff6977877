/*
 * keiyaku-signer: the only process that holds the deployment's private
 * signing keys.  It takes a SHA-256 digest over a local socket and
 * returns a signature; nothing else reads the keys (script/stack makes
 * them 0600 in signer_dir, and the web and job workers run as another
 * user).
 *
 * One request per connection, one line each way:
 *
 *   cms HEX64\n	a detached CMS SignedData (CAdES: SHA-256,
 *			signing-certificate-v2) whose messageDigest is
 *			the digest given, by the signing certificate,
 *			with the CA certificate, and an RFC 3161
 *			timestamp token of the signature value as its
 *			unsigned attribute id-smime-aa-timeStampToken
 *   ts HEX64\n	an RFC 3161 timestamp token over the digest (a
 *			document timestamp), by the TSA certificate
 *
 *   ok HEXDER\n	the DER of the answer, or
 *   err REASON\n	nothing signed
 *
 * Usage: keiyaku-signer -c keiyaku.conf [-d] [-p pidfile]
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "conf.h"
#include "log.h"
#include "util.h"

#define LINE_MAX_BYTES	256
#define TSA_POLICY	"1.3.6.1.4.1.59999.1.1"	/* this deployment's TSA policy */

static struct conf	 conf;
static X509		*ca, *sign_cert, *tsa_cert;
static EVP_PKEY		*sign_key, *tsa_key;
static STACK_OF(X509)	*chain;		/* the CA certificate */
static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * dir/name opened for reading, or NULL (logged); a private key must
 * be readable by its owner only.
 */
static FILE *
open_in(const char *dir, const char *name, int private)
{
	char		 path[1024];
	struct stat	 st;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (private && (stat(path, &st) == -1 || (st.st_mode & 077) != 0)) {
		log_err(NULL, "%s: missing, or readable by others "
		    "(must be mode 0600)", path);
		return NULL;
	}
	if ((f = fopen(path, "r")) == NULL)
		log_err(NULL, "%s: %s", path, strerror(errno));
	return f;
}

static X509 *
load_cert(const char *dir, const char *name)
{
	FILE	*f;
	X509	*x;

	if ((f = open_in(dir, name, 0)) == NULL)
		return NULL;
	if ((x = PEM_read_X509(f, NULL, NULL, NULL)) == NULL)
		log_err(NULL, "%s/%s: not a PEM certificate", dir, name);
	fclose(f);
	return x;
}

static EVP_PKEY *
load_key(const char *dir, const char *name)
{
	FILE		*f;
	EVP_PKEY	*k;

	if ((f = open_in(dir, name, 1)) == NULL)
		return NULL;
	if ((k = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
		log_err(NULL, "%s/%s: not a PEM private key", dir, name);
	fclose(f);
	return k;
}

static ASN1_INTEGER *
serial_cb(TS_RESP_CTX *ctx, void *arg)
{
	unsigned char	 r[16];
	BIGNUM		*bn;
	ASN1_INTEGER	*ai = NULL;

	(void)arg;
	if (RAND_bytes(r, sizeof(r)) == 1 &&
	    (bn = BN_bin2bn(r, sizeof(r), NULL)) != NULL) {
		ai = BN_to_ASN1_INTEGER(bn, NULL);
		BN_free(bn);
	}
	if (ai == NULL)
		TS_RESP_CTX_set_status_info(ctx, TS_STATUS_REJECTION,
		    "no serial number");
	return ai;
}

/*
 * An RFC 3161 timestamp token (DER, in *out) over the SHA-256 digest
 * d.  0, or -1.
 */
static int
timestamp(const unsigned char d[32], unsigned char **out, int *outlen)
{
	TS_REQ		*req = NULL;
	TS_MSG_IMPRINT	*mi = NULL;
	X509_ALGOR	*alg = NULL;
	TS_RESP_CTX	*ctx = NULL;
	TS_RESP		*resp = NULL;
	ASN1_OBJECT	*policy = NULL;
	BIO		*b = NULL;
	int		 rc = -1;

	*out = NULL;
	if ((req = TS_REQ_new()) == NULL || !TS_REQ_set_version(req, 1) ||
	    (mi = TS_MSG_IMPRINT_new()) == NULL ||
	    (alg = X509_ALGOR_new()) == NULL ||
	    !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) ||
	    !TS_MSG_IMPRINT_set_algo(mi, alg) ||
	    !TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)(uintptr_t)d, 32) ||
	    !TS_REQ_set_msg_imprint(req, mi) || !TS_REQ_set_cert_req(req, 1))
		goto done;
	if ((policy = OBJ_txt2obj(TSA_POLICY, 1)) == NULL ||
	    (ctx = TS_RESP_CTX_new()) == NULL ||
	    !TS_RESP_CTX_set_signer_cert(ctx, tsa_cert) ||
	    !TS_RESP_CTX_set_signer_key(ctx, tsa_key) ||
	    !TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256()) ||
	    !TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256()) ||
	    !TS_RESP_CTX_set_certs(ctx, chain) ||
	    !TS_RESP_CTX_set_def_policy(ctx, policy) ||
	    !TS_RESP_CTX_add_md(ctx, EVP_sha256()) ||
	    !TS_RESP_CTX_set_accuracy(ctx, 1, 0, 0))
		goto done;
	TS_RESP_CTX_set_serial_cb(ctx, serial_cb, NULL);
	if ((b = BIO_new(BIO_s_mem())) == NULL || i2d_TS_REQ_bio(b, req) != 1 ||
	    (resp = TS_RESP_create_response(ctx, b)) == NULL ||
	    ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(
	    TS_RESP_get_status_info(resp))) != TS_STATUS_GRANTED)
		goto done;
	if ((*outlen = i2d_PKCS7(TS_RESP_get_token(resp), out)) <= 0)
		goto done;
	rc = 0;
done:
	BIO_free(b);
	TS_RESP_free(resp);
	TS_RESP_CTX_free(ctx);
	ASN1_OBJECT_free(policy);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
	return rc;
}

/*
 * A detached CAdES CMS SignedData whose messageDigest is d, with a
 * timestamp of its signature value; DER in *out.  0, or -1.
 */
static int
cms(const unsigned char d[32], unsigned char **out, int *outlen)
{
	CMS_ContentInfo	*c;
	CMS_SignerInfo	*si;
	ASN1_OCTET_STRING *sig;
	unsigned char	 sd[32], *tok = NULL;
	int		 toklen, rc = -1;

	*out = NULL;
	if ((c = CMS_sign(NULL, NULL, NULL, NULL, CMS_DETACHED | CMS_BINARY |
	    CMS_PARTIAL)) == NULL)
		return -1;
	if ((si = CMS_add1_signer(c, sign_cert, sign_key, EVP_sha256(),
	    CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES | CMS_PARTIAL)) == NULL ||
	    !CMS_add1_cert(c, ca))
		goto done;
	if (CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1) < 0 &&
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType,
	    V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1))
		goto done;
	if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest,
	    V_ASN1_OCTET_STRING, d, 32) || !CMS_SignerInfo_sign(si))
		goto done;
	/* The signature value, timestamped (RFC 3161 over its SHA-256). */
	if ((sig = CMS_SignerInfo_get0_signature(si)) == NULL ||
	    EVP_Digest(ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig),
	    sd, NULL, EVP_sha256(), NULL) != 1 ||
	    timestamp(sd, &tok, &toklen) == -1 ||
	    !CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken,
	    V_ASN1_SEQUENCE, tok, toklen))
		goto done;
	if ((*outlen = i2d_CMS_ContentInfo(c, out)) <= 0)
		goto done;
	rc = 0;
done:
	OPENSSL_free(tok);
	CMS_ContentInfo_free(c);
	return rc;
}

static int
unhex(const char *s, unsigned char *out, size_t n)
{
	size_t	i;
	int	hi, lo;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = OPENSSL_hexchar2int((unsigned char)s[2 * i]);
		lo = OPENSSL_hexchar2int((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static void
reply(int fd, const char *what, const unsigned char *der, int len)
{
	struct buf	b = { NULL, 0, 0 };
	char		h[3];
	int		i;

	if (der == NULL)
		buf_addf(&b, "err %s\n", what != NULL ? what : "failed");
	else {
		buf_adds(&b, "ok ");
		for (i = 0; i < len; i++) {
			snprintf(h, sizeof(h), "%02x", der[i]);
			buf_add(&b, h, 2);
		}
		buf_add(&b, "\n", 1);
	}
	for (size_t off = 0; off < b.len; ) {
		ssize_t	k = write(fd, b.data + off, b.len - off);

		if (k <= 0)
			break;
		off += (size_t)k;
	}
	buf_free(&b);
}

/* One connection: one line in, one line out. */
static void
serve(int fd)
{
	char		 line[LINE_MAX_BYTES + 1], *sp;
	unsigned char	 d[32], *der = NULL;
	size_t		 n = 0;
	ssize_t		 k;
	int		 len = 0, rc;

	while (n < LINE_MAX_BYTES && (k = read(fd, line + n,
	    LINE_MAX_BYTES - n)) > 0) {
		n += (size_t)k;
		if (memchr(line, '\n', n) != NULL)
			break;
	}
	line[n] = '\0';
	if ((sp = strchr(line, '\n')) == NULL) {
		reply(fd, "no complete line", NULL, 0);
		return;
	}
	*sp = '\0';
	if ((sp = strchr(line, ' ')) == NULL || unhex(sp + 1, d, 32) == -1) {
		reply(fd, "want: cms|ts SHA256-HEX", NULL, 0);
		return;
	}
	*sp = '\0';
	if (strcmp(line, "cms") == 0)
		rc = cms(d, &der, &len);
	else if (strcmp(line, "ts") == 0)
		rc = timestamp(d, &der, &len);
	else {
		reply(fd, "unknown request", NULL, 0);
		return;
	}
	if (rc == -1) {
		log_err(NULL, "signer: %s failed: %s", line,
		    ERR_error_string(ERR_get_error(), NULL));
		reply(fd, "signing failed", NULL, 0);
	} else {
		log_info(NULL, "signer: %s for a digest %.16s...", line, sp + 1);
		reply(fd, NULL, der, len);
	}
	OPENSSL_free(der);
}

static int
listen_on(const char *path, const char *group)
{
	struct sockaddr_un	 sun;
	struct group		*gr;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -1;
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 64) == -1) {
		close(fd);
		return -1;
	}
	/* The workers' group may ask for signatures, nobody else. */
	if (group != NULL && (gr = getgrnam(group)) != NULL) {
		if (chown(path, (uid_t)-1, gr->gr_gid) == -1 ||
		    chmod(path, 0660) == -1) {
			close(fd);
			return -1;
		}
	} else
		chmod(path, 0600);
	return fd;
}

static void
usage(void)
{
	fprintf(stderr, "usage: keiyaku-signer -c conf [-d] [-p pidfile]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct sigaction	 sa;
	struct timeval		 tv = { 5, 0 };
	const char		*confpath = NULL, *pidfile = NULL, *dir;
	char			 err[512];
	int			 c, d = 0, lfd, fd;
	FILE			*f;

	log_init("keiyaku-signer");
	while ((c = getopt(argc, argv, "c:dp:")) != -1)
		switch (c) {
		case 'c':
			confpath = optarg;
			break;
		case 'd':
			d = 1;
			break;
		case 'p':
			pidfile = optarg;
			break;
		default:
			usage();
		}
	if (confpath == NULL)
		usage();
	conf_defaults(&conf);
	if (conf_load(&conf, confpath, err, sizeof(err)) == -1) {
		fprintf(stderr, "keiyaku-signer: %s\n", err);
		return 1;
	}
	if ((dir = conf.signer_dir) == NULL || conf.signer_socket == NULL) {
		fprintf(stderr, "keiyaku-signer: signer_dir and signer_socket "
		    "must be set\n");
		return 1;
	}
	if ((ca = load_cert(dir, "ca.pem")) == NULL ||
	    (sign_cert = load_cert(dir, "sign.pem")) == NULL ||
	    (tsa_cert = load_cert(dir, "tsa.pem")) == NULL ||
	    (sign_key = load_key(dir, "sign.key")) == NULL ||
	    (tsa_key = load_key(dir, "tsa.key")) == NULL ||
	    (chain = sk_X509_new_null()) == NULL || !sk_X509_push(chain, ca) ||
	    !X509_check_private_key(sign_cert, sign_key) ||
	    !X509_check_private_key(tsa_cert, tsa_key)) {
		fprintf(stderr, "keiyaku-signer: the keys and certificates in "
		    "%s do not load (see the error log)\n", dir);
		return 1;
	}
	if ((lfd = listen_on(conf.signer_socket, conf.socket_group)) == -1) {
		fprintf(stderr, "keiyaku-signer: %s: %s\n", conf.signer_socket,
		    strerror(errno));
		return 1;
	}
	if (d) {
		pid_t	pid = fork();

		if (pid == -1)
			return 1;
		if (pid > 0)
			_exit(0);
		setsid();
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);	/* stderr stays: the log */
			close(fd);
		}
	}
	if (pidfile != NULL && (f = fopen(pidfile, "w")) != NULL) {
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_info(NULL, "signer: serving on %s", conf.signer_socket);
	while (!stop) {
		if ((fd = accept(lfd, NULL, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			log_err(NULL, "accept: %s", strerror(errno));
			sleep(1);
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		serve(fd);
		close(fd);
	}
	close(lfd);
	unlink(conf.signer_socket);
	if (pidfile != NULL)
		unlink(pidfile);
	sk_X509_free(chain);
	X509_free(ca);
	X509_free(sign_cert);
	X509_free(tsa_cert);
	EVP_PKEY_free(sign_key);
	EVP_PKEY_free(tsa_key);
	conf_free(&conf);
	return 0;
}
