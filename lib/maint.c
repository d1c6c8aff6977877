/*
 * Maintenance mode (lib/maint.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "maint.h"
#include "util.h"

/* "YYYY-MM-DD HH:MM" in Japan time as a time_t, or -1. */
static time_t
jst(const char *s)
{
	char	day[11];
	long	d;
	int	h, m;

	if (strlen(s) != 16 || s[10] != ' ' || s[13] != ':')
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &d) == -1 || s[11] < '0' || s[11] > '2' ||
	    sscanf(s + 11, "%2d:%2d", &h, &m) != 2 || h > 23 || m > 59)
		return -1;
	return (time_t)d * 86400 + h * 3600 + m * 60 - 9 * 3600;
}

/* 1 on (m filled), 0 off; a file that cannot be read counts as on. */
int
maint_read(const char *path, struct maint *m)
{
	FILE	*f;
	char	 line[1200];
	size_t	 n;

	memset(m, 0, sizeof(*m));
	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return errno == ENOENT || path == NULL ? 0 : (m->on = 1);
	m->on = 1;
	while (fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (strncmp(line, "until=", 6) == 0 && jst(line + 6) != -1) {
			m->until = jst(line + 6);
			snprintf(m->until_text, sizeof(m->until_text), "%.31s",
			    line + 6);
		} else if (strncmp(line, "message=", 8) == 0)
			snprintf(m->message, sizeof(m->message), "%.1023s",
			    line + 8);
	}
	fclose(f);
	return 1;
}

/* Switches it on (written whole, then renamed into place). */
int
maint_write(const char *path, const char *until, const char *message,
    char *err, size_t errsz)
{
	char	*tmp;
	FILE	*f;
	int	 rc = -1;

	if (until != NULL && *until && jst(until) == -1) {
		snprintf(err, errsz, "until: not \"YYYY-MM-DD HH:MM\" (Japan "
		    "time)");
		return -1;
	}
	if (message != NULL && (strpbrk(message, "\r\n") != NULL ||
	    strlen(message) > 1000)) {
		snprintf(err, errsz, "message: one line, at most 1000 bytes");
		return -1;
	}
	tmp = xasprintf("%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if (until != NULL && *until)
		fprintf(f, "until=%s\n", until);
	if (message != NULL && *message)
		fprintf(f, "message=%s\n", message);
	if (fclose(f) != 0 || rename(tmp, path) == -1)
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
	else
		rc = 0;
	unlink(tmp);
	free(tmp);
	return rc;
}

int
maint_off(const char *path)
{
	return unlink(path) == -1 && errno != ENOENT ? -1 : 0;
}
