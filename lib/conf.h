/*
 * The configuration file (keiyaku.conf), read once when a process
 * starts.  "key = value" lines; '#' starts a comment.  An unknown key
 * or a malformed value is an error, so a typo never goes unnoticed.
 */
#ifndef KEIYAKU_CONF_H
#define KEIYAKU_CONF_H

#define CONF_MAX_POOLS	16

struct conf_pool {
	char	*name;		/* program in cgi_dir, socket name */
	long long workers;
};

struct conf {
	char		*state_dir;
	char		*template_dir;
	char		*cgi_dir;
	char		*run_dir;
	char		*tmp_dir;
	char		*access_log;
	char		*error_log;
	char		*banned_passwords;
	char		*socket_group;	/* group that may connect (Apache's) */
	char		*worker_user;	/* workers run as this user when started as root */
	char		*db_socket;
	char		*db_name;
	char		*db_user;
	char		*db_password_file;
	char		*db_password;	/* read from db_password_file */
	char		*store_dir;	/* encrypted documents, outside htdocs */
	char		*master_key_file;	/* 32 bytes; wraps the data keys */
	char		*clamd_socket;	/* ClamAV daemon's unix socket */
	long long	 scan_timeout;	/* seconds for one scan */
	long long	 max_body;	/* bytes of a request body */
	long long	 max_upload;	/* bytes of one uploaded file */
	long long	 max_fields;	/* fields in a query or form */
	long long	 max_field_size;	/* bytes of one non-file field */
	long long	 max_header;	/* bytes of a cookie header, a query */
	long long	 session_idle;	/* seconds */
	long long	 session_lifetime;	/* seconds */
	long long	 argon2_t;
	long long	 argon2_m;	/* KiB */
	long long	 argon2_p;
	long long	 login_window;	/* seconds over which failures count */
	long long	 login_slow_after;	/* failures before delays */
	long long	 login_lock_after;	/* failures before the lock */
	long long	 login_lock_seconds;
	long long	 login_ip_lock_after;	/* failures from one IP */
	long long	 max_requests;	/* worker recycles after this many */
	char		*job_log;	/* keiyaku-jobs' log (default error_log) */
	long long	 job_workers;	/* jobs one keiyaku-jobs runs at once */
	long long	 job_poll_ms;	/* look for due jobs this often */
	long long	 job_retry_base;	/* seconds before the 1st retry */
	long long	 job_retry_max;	/* longest back-off, seconds */
	long long	 job_lease_grace;	/* lease = time limit + this */
	long long	 job_stop_wait;	/* SIGTERM: seconds to let jobs end */
	long long	 job_daily;	/* schedule the daily jobs (1) */
	long long	 job_keep_days;	/* finished jobs are kept this long */
	long long	 job_test_kinds;	/* enable the test.* kinds (tests) */
	char		*base_url;	/* how users reach the site (links in mail) */
	char		*mail_from;	/* sender address */
	char		*mail_from_name;	/* sender's display name */
	char		*smtp_url;	/* smtp://host:port of the relay */
	long long	 smtp_starttls;	/* 0 never, 1 when offered, 2 required */
	char		*smtp_ca_file;	/* CA to verify the relay's certificate */
	char		*smtp_user;	/* for AUTH, or NULL */
	char		*smtp_password_file;
	long long	 smtp_timeout;	/* seconds for one delivery */
	char		*signer_dir;	/* private keys: keiyaku-signer only */
	char		*signer_socket;	/* keiyaku-signer's unix socket */
	char		*signer_ca_file;	/* the CA verifiers trust (public) */
	char		*cert_font;	/* TrueType font of audit certificates */
	char		*maintenance_file;	/* there: maintenance mode */
	long long	 log_keep_days;	/* access and operation log rows */
	char		*data_location;	/* where the data is kept, for admins */
	char		*org_access_log; /* lines the job worker loads */
	long long	 probe_seconds;	/* the availability probe's interval */
	char		*archive_dir;	/* older rows, gzip'ed CSV */
	char		*archive_db_user; /* the account that may move them */
	char		*archive_db_password_file;
	struct conf_pool pools[CONF_MAX_POOLS];
	int		 npools;
};

int	conf_load(struct conf *, const char *path, char *err, size_t errsz);
void	conf_defaults(struct conf *);
void	conf_free(struct conf *);

#endif
