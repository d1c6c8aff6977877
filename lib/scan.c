/*
 * clamd's INSTREAM (see scan.h): "zINSTREAM\0", then chunks each
 * preceded by its length as 4 bytes big-endian, then a zero length;
 * the answer is "stream: OK" or "stream: <name> FOUND", NUL-ended.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "scan.h"

#define CHUNK	65536

static int
send_all(int s, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = send(s, c, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
scanner_connect(const struct conf *c, const char *rid)
{
	struct sockaddr_un	sun;
	struct timeval		tv;
	int			s;

	if (c->clamd_socket == NULL ||
	    strlen(c->clamd_socket) >= sizeof(sun.sun_path)) {
		log_err(rid, "scan: no usable clamd_socket configured");
		return -1;
	}
	if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, c->clamd_socket, strlen(c->clamd_socket) + 1);
	tv.tv_sec = (time_t)c->scan_timeout;
	tv.tv_usec = 0;
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == -1 ||
	    connect(s, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		log_err(rid, "scan: clamd at %s: %s", c->clamd_socket,
		    strerror(errno));
		close(s);
		return -1;
	}
	return s;
}

enum scan_result
scan_fd(const struct conf *c, const char *rid, int fd, long long size,
    char *name, size_t namesz)
{
	static char	 buf[4 + CHUNK];
	char		 ans[512], *p;
	long long	 off = 0;
	size_t		 len = 0;
	ssize_t		 n;
	int		 s;
	enum scan_result rc = SCAN_ERROR;

	name[0] = '\0';
	if ((s = scanner_connect(c, rid)) == -1)
		return SCAN_ERROR;
	if (send_all(s, "zINSTREAM", 10) == -1)
		goto out;
	while (off < size) {
		n = pread(fd, buf + 4, CHUNK, off);
		if (n <= 0)
			goto out;
		buf[0] = (char)((uint32_t)n >> 24);
		buf[1] = (char)((uint32_t)n >> 16);
		buf[2] = (char)((uint32_t)n >> 8);
		buf[3] = (char)n;
		/* clamd may stop reading (a limit): its answer says why. */
		if (send_all(s, buf, 4 + (size_t)n) == -1)
			break;
		off += n;
	}
	if (off == size && send_all(s, "\0\0\0\0", 4) == -1)
		goto out;
	while (len < sizeof(ans) - 1) {
		n = recv(s, ans + len, sizeof(ans) - 1 - len, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(ans, '\0', len) != NULL)
			break;
	}
	ans[len] = '\0';
	ans[strcspn(ans, "\r\n")] = '\0';
	if (strcmp(ans, "stream: OK") == 0 && off == size)
		rc = SCAN_CLEAN;
	else if (strncmp(ans, "stream: ", 8) == 0 && len > 14 &&
	    (p = strstr(ans, " FOUND")) != NULL && p[6] == '\0') {
		*p = '\0';
		snprintf(name, namesz, "%s", ans + 8);
		rc = SCAN_INFECTED;
	} else
		log_err(rid, "scan: clamd answered \"%s\" after %lld of %lld "
		    "bytes", ans, off, size);
out:
	if (rc == SCAN_ERROR && len == 0)
		log_err(rid, "scan: clamd gave no answer: %s", strerror(errno));
	close(s);
	return rc;
}
