/*
 * Job kinds for the test suite (t/stack-jobs.t), run only when
 * keiyaku.conf has job_test_kinds = 1.  Each appends lines to
 * TMP_DIR/job-test.log ("start ID ATTEMPT", "done ID ATTEMPT PAYLOAD",
 * one write(2) each, so lines of concurrent jobs do not mix), which is
 * how a test sees that a job ran, and how often.
 *   test.echo   payload anything: done at once.
 *   test.sleep  payload "S1,S2,...": attempt k sleeps Sk seconds (the
 *               last value repeats); its time limit is 3 s.
 *   test.fail   payload N: attempts 1..N fail ("test failure on
 *               attempt K"), later ones succeed.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "job-kinds.h"
#include "util.h"

static void
note(struct job_ctx *ctx, const char *what, const char *payload)
{
	char	path[4096], line[512];
	int	fd, n;

	snprintf(path, sizeof(path), "%s/job-test.log",
	    ctx->conf->tmp_dir ? ctx->conf->tmp_dir : "/tmp");
	n = snprintf(line, sizeof(line), "%s %lld %d%s%.200s\n", what,
	    ctx->id, ctx->attempt, payload ? " " : "", payload ? payload : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = (int)strlen(line);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) == -1)
		return;
	(void)!write(fd, line, (size_t)n);
	close(fd);
}

int
job_test_echo(struct job_ctx *ctx, const char *payload, char *err,
    size_t errsz)
{
	note(ctx, "start", NULL);
	note(ctx, "done", payload);
	return 0;
}

int
job_test_sleep(struct job_ctx *ctx, const char *payload, char *err,
    size_t errsz)
{
	const char	*p = payload;
	double		 secs = 0;
	struct timespec	 ts;
	int		 k;

	for (k = 1; k <= ctx->attempt && *p; k++) {
		secs = strtod(p, NULL);
		if ((p = strchr(p, ',')) == NULL)
			break;
		p++;
	}
	if (secs < 0 || secs > 60) {
		snprintf(err, errsz, "test.sleep: bad payload");
		return -1;
	}
	note(ctx, "start", NULL);
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1)
		;
	note(ctx, "done", payload);
	return 0;
}

int
job_test_fail(struct job_ctx *ctx, const char *payload, char *err,
    size_t errsz)
{
	note(ctx, "start", NULL);
	if (ctx->attempt <= atoi(payload)) {
		snprintf(err, errsz, "test failure on attempt %d",
		    ctx->attempt);
		return -1;
	}
	note(ctx, "done", payload);
	return 0;
}
