/*
 * Maintenance mode (lib/maint.c): one file, maintenance_file in the
 * configuration, switches it on for every FastCGI program at once.
 * While it is there every page but the operator console (/ops) answers
 * 503 with a maintenance page and Retry-After, before any database
 * access, so it holds with the database down.  keiyaku-ctl maintenance
 * on|off|status writes and removes it.
 *
 * The file: lines "until=YYYY-MM-DD HH:MM" (Japan time, optional) and
 * "message=..." (UTF-8, optional).
 */
#ifndef KEIYAKU_MAINT_H
#define KEIYAKU_MAINT_H

#include <time.h>

struct maint {
	int	 on;
	time_t	 until;		/* 0: unknown */
	char	 until_text[32];	/* as written, Japan time */
	char	 message[1024];
};

int	maint_read(const char *path, struct maint *);
int	maint_write(const char *path, const char *until, const char *message,
	    char *err, size_t errsz);
int	maint_off(const char *path);

#endif
