/*
 * The organisations' access log: lines appended by the web workers,
 * loaded into access_log by the job worker (lib/accesslog.c).
 */
#ifndef KEIYAKU_ACCESSLOG_H
#define KEIYAKU_ACCESSLOG_H

struct db;

struct accesslog_row {
	long long	 org, user, us;
	int		 status;
	const char	*at, *ip, *method, *path, *rid, *ua;
};

int		 accesslog_open(const char *path);
void		 accesslog_close(void);
void		 accesslog_write(const struct accesslog_row *);
long long	 accesslog_load(struct db *, const char *path,
		    const char *source);

#endif
