/*
 * The client of keiyaku-signer (lib/signer.h).
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "signer.h"
#include "util.h"

#define SIGNER_ANSWER_MAX	(1 << 20)	/* bytes of a hex answer */

/*
 * Asks the signer at sock for op ("cms" or "ts") over digest; the DER
 * answer in der.  0, or -1 with the reason in err (the signer's own
 * refusal, or why it could not be asked).
 */
int
signer_call(const char *sock, const char *op, const unsigned char digest[32],
    struct buf *der, char *err, size_t errsz)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv = { 30, 0 };
	struct buf		 ans = { NULL, 0, 0 };
	char			 line[80], chunk[8192];
	ssize_t			 k;
	size_t			 i, n;
	int			 fd, rc = -1, hi, lo;

	buf_reset(der);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (sock == NULL || strlen(sock) >= sizeof(sun.sun_path)) {
		snprintf(err, errsz, "no signer socket");
		return -1;
	}
	strcpy(sun.sun_path, sock);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		snprintf(err, errsz, "signer %s: %s", sock, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	n = (size_t)snprintf(line, sizeof(line), "%s ", op);
	for (i = 0; i < 32; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%02x",
		    digest[i]);
	line[n++] = '\n';
	if (write(fd, line, n) != (ssize_t)n) {
		snprintf(err, errsz, "signer: %s", strerror(errno));
		goto done;
	}
	while ((k = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(&ans, chunk, (size_t)k);
		if (ans.len > SIGNER_ANSWER_MAX)
			break;
	}
	buf_add(&ans, "", 0);
	if (ans.len < 4 || ans.data[ans.len - 1] != '\n') {
		snprintf(err, errsz, "signer: no complete answer");
		goto done;
	}
	ans.data[--ans.len] = '\0';
	if (strncmp(ans.data, "ok ", 3) != 0) {
		snprintf(err, errsz, "signer: %.200s", ans.data);
		goto done;
	}
	if ((ans.len - 3) % 2 != 0)
		goto bad;
	for (i = 3; i < ans.len; i += 2) {
		unsigned char	 b;

		if ((hi = util_hexval(ans.data[i])) < 0 ||
		    (lo = util_hexval(ans.data[i + 1])) < 0)
			goto bad;
		b = (unsigned char)(hi << 4 | lo);
		buf_add(der, &b, 1);
	}
	rc = 0;
	goto done;
bad:
	snprintf(err, errsz, "signer: a malformed answer");
	buf_reset(der);
done:
	buf_free(&ans);
	close(fd);
	return rc;
}
