/*
 * Job kind "mail": delivers one queued message (payload: its
 * mail_queue id) to the relay at smtp_url with libcurl: STARTTLS when
 * the relay offers it (smtp_starttls = 1) or always (2), the relay's
 * certificate verified (smtp_ca_file, else the system's CAs), AUTH
 * when smtp_user is set.  The message goes as it was stored.  A failed
 * try leaves the message queued with its error and fails the job,
 * which the queue retries with back-off; after the last attempt the
 * message is marked failed.  A message already sent is not sent again
 * (a job run twice after a crash sends once, unless the crash came
 * between the relay's answer and the update: then twice, as any SMTP
 * client would).
 */
#include "config.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "job-kinds.h"
#include "log.h"
#include "util.h"

DB_STMT_TENANT(st_mail_load,
    "SELECT to_addr, message, state FROM mail_queue "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_mail_sent,
    "UPDATE mail_queue SET organisation_id = ?, state = 'sent', "
    "attempts = attempts + 1, sent_at = NOW(6), smtp_reply = ?, "
    "message = IF(secret = 1, LEFT(message, LOCATE(X'0D0A0D0A', message) + 3), "
    "message), "
    "last_error = '' WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_mail_failed,
    "UPDATE mail_queue SET organisation_id = ?, attempts = attempts + 1, "
    "state = IF(?, 'failed', 'queued'), last_error = LEFT(?, 1000) "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_mail_max,
    "SELECT max_attempts FROM jobs WHERE organisation_id = ? AND id = ?");

struct upload {
	const char	*p;
	size_t		 left;
};

static size_t
read_cb(char *out, size_t size, size_t n, void *arg)
{
	struct upload	*u = arg;
	size_t		 k = size * n < u->left ? size * n : u->left;

	memcpy(out, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

/* The password in file (its first line), or NULL. */
static char *
read_secret(const char *file)
{
	FILE	*f;
	char	 line[512];
	size_t	 n;

	if (file == NULL || (f = fopen(file, "r")) == NULL)
		return NULL;
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return xstrdup(line);
}

/*
 * Sends msg to `to`; 0 and the relay's reply code in *code, or -1 with
 * the reason in err.
 */
static int
smtp_send(const struct conf *c, const char *to, const char *msg,
    long *code, char *err, size_t errsz)
{
	CURL			*h;
	struct curl_slist	*rcpt = NULL;
	struct upload		 u = { msg, strlen(msg) };
	char			 from[300], rcptto[300], ebuf[CURL_ERROR_SIZE];
	char			*pw = NULL;
	CURLcode		 rc;

	if ((h = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "curl_easy_init failed");
		return -1;
	}
	snprintf(from, sizeof(from), "<%s>", c->mail_from);
	snprintf(rcptto, sizeof(rcptto), "<%s>", to);
	rcpt = curl_slist_append(rcpt, rcptto);
	ebuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u.left);
	curl_easy_setopt(h, CURLOPT_USE_SSL, c->smtp_starttls == 2 ?
	    (long)CURLUSESSL_ALL : c->smtp_starttls == 1 ?
	    (long)CURLUSESSL_TRY : (long)CURLUSESSL_NONE);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (c->smtp_ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->smtp_ca_file);
	if (c->smtp_user != NULL) {
		pw = read_secret(c->smtp_password_file);
		curl_easy_setopt(h, CURLOPT_USERNAME, c->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, pw != NULL ? pw : "");
	}
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->smtp_timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	rc = curl_easy_perform(h);
	*code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, code);
	if (rc != CURLE_OK)
		snprintf(err, errsz, "%s (SMTP %ld): %s", curl_easy_strerror(rc),
		    *code, ebuf[0] ? ebuf : "no detail");
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (pw != NULL) {
		explicit_bzero(pw, strlen(pw));
		free(pw);
	}
	return rc == CURLE_OK ? 0 : -1;
}

int
job_mail(struct job_ctx *ctx, const char *payload, char *err, size_t errsz)
{
	struct db_rows	 rows, mx;
	long long	 id, max = 1;
	long		 code;
	char		 reply[32];
	int		 last;

	if (util_parse_int64(payload, &id) == -1 || id <= 0 || ctx->org <= 0) {
		snprintf(err, errsz, "bad payload");
		return -1;
	}
	if (JOB_RUN(ctx, ctx->org, &st_mail_load, &rows, DBI(id)) == -1) {
		snprintf(err, errsz, "database");
		return -1;
	}
	if (rows.nrows != 1 || strcmp(DB_CELL(&rows, 0, 2), "queued") != 0) {
		log_info(ctx->rid, "mail %lld: %s, nothing to send", id,
		    rows.nrows == 1 ? DB_CELL(&rows, 0, 2) : "not found");
		db_rows_free(&rows);
		return 0;
	}
	if (smtp_send(ctx->conf, DB_CELL(&rows, 0, 0), DB_CELL(&rows, 0, 1),
	    &code, err, errsz) == 0) {
		db_rows_free(&rows);
		snprintf(reply, sizeof(reply), "%ld", code);
		if (JOB_RUN(ctx, ctx->org, &st_mail_sent, NULL, DBS(reply),
		    DBI(ctx->org), DBI(id)) == -1) {
			snprintf(err, errsz, "database");
			return -1;
		}
		log_info(ctx->rid, "mail %lld: sent to %s (%s)", id,
		    ctx->conf->smtp_url, reply);
		return 0;
	}
	db_rows_free(&rows);
	if (JOB_RUN(ctx, ctx->org, &st_mail_max, &mx, DBI(ctx->id)) == 0) {
		if (mx.nrows == 1)
			util_parse_int64(DB_CELL(&mx, 0, 0), &max);
		db_rows_free(&mx);
	}
	last = ctx->attempt >= max;
	JOB_RUN(ctx, ctx->org, &st_mail_failed, NULL, DBI(last), DBS(err),
	    DBI(ctx->org), DBI(id));
	log_err(ctx->rid, "mail %lld: attempt %d of %lld: %s", id,
	    ctx->attempt, max, err);
	return -1;
}
