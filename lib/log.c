#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

static const char	*log_prog = "keiyaku";
static int		 access_fd = -1;

void
log_init(const char *prog)
{
	log_prog = prog;
}

/* Returns 0, or -1 if the access log cannot be opened for appending. */
int
log_open_access(const char *path)
{
	if (access_fd != -1)
		close(access_fd);
	access_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	return access_fd == -1 ? -1 : 0;
}

void
log_close_access(void)
{
	if (access_fd != -1)
		close(access_fd);
	access_fd = -1;
}

/*
 * One line on stderr: time, level, program, pid, request id, message.
 * The line is built first and written with one write(2) so that lines
 * of concurrent workers do not interleave.
 */
void
log_msg(const char *level, const char *reqid, const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	struct timespec	 ts;
	struct tm	 tm;
	char		 tbuf[32];
	va_list		 ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_addf(&b, "%s.%03ldZ %s %s[%ld] rid=%s ", tbuf,
	    ts.tv_nsec / 1000000, level, log_prog, (long)getpid(),
	    reqid ? reqid : "-");
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_add(&b, "\n", 1);
	(void)!write(STDERR_FILENO, b.data, b.len);
	buf_free(&b);
}

void
log_access_write(const char *line, size_t len)
{
	if (access_fd == -1)
		return;
	if (write(access_fd, line, len) != (ssize_t)len)
		log_err(NULL, "access log write: %s", strerror(errno));
}

/* Append s as a JSON string literal (with quotes). */
void
log_json_str(struct buf *b, const char *s)
{
	const unsigned char	*p;

	buf_add(b, "\"", 1);
	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			buf_addf(b, "\\u%04x", *p);
		else
			buf_add(b, p, 1);
	}
	buf_add(b, "\"", 1);
}
