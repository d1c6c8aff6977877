#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"

enum conf_type { CT_STR, CT_INT };

struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 off;
	long long	 min;
	long long	 max;
};

#define S(f)		{ #f, CT_STR, offsetof(struct conf, f), 0, 0 }
#define I(f, lo, hi)	{ #f, CT_INT, offsetof(struct conf, f), lo, hi }

static const struct conf_key keys[] = {
	S(state_dir), S(template_dir), S(cgi_dir), S(run_dir), S(tmp_dir),
	S(access_log), S(error_log), S(banned_passwords), S(socket_group),
	S(worker_user),
	S(db_socket), S(db_name), S(db_user), S(db_password_file),
	S(store_dir), S(master_key_file), S(clamd_socket),
	I(scan_timeout, 1, 3600),
	I(max_body, 1024, 1LL << 34),
	I(max_upload, 1024, 1LL << 34),
	I(max_fields, 1, 100000),
	I(max_field_size, 64, 1LL << 24),
	I(max_header, 256, 1LL << 20),
	I(session_idle, 1, 1LL << 31),
	I(session_lifetime, 1, 1LL << 31),
	I(argon2_t, 1, 100),
	I(argon2_m, 8, 1LL << 22),
	I(argon2_p, 1, 64),
	I(login_window, 1, 1LL << 31),
	I(login_slow_after, 1, 1000),
	I(login_lock_after, 1, 1000),
	I(login_lock_seconds, 1, 1LL << 31),
	I(login_ip_lock_after, 1, 100000),
	I(max_requests, 0, 1LL << 40),
	S(job_log),
	I(job_workers, 1, 64),
	I(job_poll_ms, 50, 60000),
	I(job_retry_base, 1, 86400),
	I(job_retry_max, 1, 7 * 86400),
	I(job_lease_grace, 1, 3600),
	I(job_stop_wait, 0, 600),
	I(job_daily, 0, 1),
	I(job_keep_days, 1, 3650),
	I(job_test_kinds, 0, 1),
	S(base_url), S(mail_from), S(mail_from_name), S(smtp_url),
	I(smtp_starttls, 0, 2),
	S(smtp_ca_file), S(smtp_user), S(smtp_password_file),
	I(smtp_timeout, 1, 600),
	S(signer_dir), S(signer_socket), S(signer_ca_file), S(cert_font),
	S(maintenance_file),
	I(log_keep_days, 184, 36500),
	S(data_location), S(org_access_log),
	I(probe_seconds, 1, 3600),
	S(archive_dir), S(archive_db_user), S(archive_db_password_file),
};

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->max_body = 64LL << 20;
	c->max_upload = 50LL << 20;
	c->max_fields = 200;
	c->max_field_size = 64 * 1024;
	c->max_header = 8 * 1024;
	c->session_idle = 2 * 3600;
	c->session_lifetime = 12 * 3600;
	c->argon2_t = 2;
	c->argon2_m = 19456;
	c->argon2_p = 1;
	c->login_window = 15 * 60;
	c->login_slow_after = 3;
	c->login_lock_after = 10;
	c->login_lock_seconds = 15 * 60;
	c->login_ip_lock_after = 50;
	c->max_requests = 0;
	c->scan_timeout = 120;
	c->smtp_starttls = 1;
	c->smtp_timeout = 60;
	c->job_workers = 2;
	c->job_poll_ms = 1000;
	c->job_retry_base = 60;
	c->job_retry_max = 3600;
	c->job_lease_grace = 60;
	c->job_stop_wait = 10;
	c->job_daily = 1;
	c->job_keep_days = 30;
	c->job_test_kinds = 0;
	c->log_keep_days = 184;
	c->probe_seconds = 60;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
set_pool(struct conf *c, char *val, char *err, size_t errsz)
{
	char		*name, *num;
	long long	 n;

	name = strtok(val, " \t");
	num = strtok(NULL, " \t");
	if (name == NULL || num == NULL || util_parse_int64(num, &n) ||
	    n < 1 || n > 256 || c->npools == CONF_MAX_POOLS ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") !=
	    strlen(name)) {
		snprintf(err, errsz, "pool: want \"name workers\"");
		return -1;
	}
	c->pools[c->npools].name = xstrdup(name);
	c->pools[c->npools].workers = n;
	c->npools++;
	return 0;
}

/*
 * Reads path into c (which conf_defaults() initialised).
 * Returns 0, or -1 with a message in err naming the line.
 */
int
conf_load(struct conf *c, const char *path, char *err, size_t errsz)
{
	FILE		*f;
	char		 line[4096], *k, *v, *eq;
	size_t		 i;
	int		 lineno = 0, rc = -1;
	long long	 n;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errsz, "%s:%d: line too long", path,
			    lineno);
			goto out;
		}
		if ((k = strchr(line, '#')) != NULL)
			*k = '\0';
		k = trim(line);
		if (*k == '\0')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, errsz, "%s:%d: no '='", path, lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		if (strcmp(k, "pool") == 0) {
			if (set_pool(c, v, err, errsz) == -1)
				goto out;
			continue;
		}
		for (i = 0; i < NELEM(keys); i++)
			if (strcmp(keys[i].name, k) == 0)
				break;
		if (i == NELEM(keys)) {
			snprintf(err, errsz, "%s:%d: unknown key %s",
			    path, lineno, k);
			goto out;
		}
		if (keys[i].type == CT_STR) {
			char **dst = (char **)((char *)c + keys[i].off);
			free(*dst);
			*dst = xstrdup(v);
		} else {
			if (util_parse_int64(v, &n) || n < keys[i].min ||
			    n > keys[i].max) {
				snprintf(err, errsz, "%s:%d: %s: want a number "
				    "from %lld to %lld", path, lineno, k,
				    keys[i].min, keys[i].max);
				goto out;
			}
			*(long long *)((char *)c + keys[i].off) = n;
		}
	}
	if (c->db_password_file != NULL) {
		FILE	*pf;
		char	 pw[512];

		if ((pf = fopen(c->db_password_file, "r")) == NULL) {
			snprintf(err, errsz, "%s: %s", c->db_password_file,
			    strerror(errno));
			goto out;
		}
		if (fgets(pw, sizeof(pw), pf) == NULL)
			pw[0] = '\0';
		fclose(pf);
		c->db_password = xstrdup(trim(pw));
	}
	/* Mail: a local relay and sender unless configured. */
	if (c->smtp_url == NULL)
		c->smtp_url = xstrdup("smtp://127.0.0.1:25");
	if (c->mail_from == NULL)
		c->mail_from = xstrdup("keiyaku@localhost");
	if (c->mail_from_name == NULL)
		c->mail_from_name = xstrdup("Keiyaku");
	if (c->base_url == NULL)
		c->base_url = xstrdup("http://127.0.0.1:8080");
	if (strchr(c->mail_from, '@') == NULL) {
		snprintf(err, errsz, "%s: mail_from: want an address", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

void
conf_free(struct conf *c)
{
	size_t	i;
	int	j;

	for (i = 0; i < NELEM(keys); i++)
		if (keys[i].type == CT_STR)
			free(*(char **)((char *)c + keys[i].off));
	free(c->db_password);
	for (j = 0; j < c->npools; j++)
		free(c->pools[j].name);
	memset(c, 0, sizeof(*c));
}
