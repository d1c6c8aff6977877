/*
 * The availability probe (SERVICE-LEVELS 5, 16): once per
 * probe_seconds the job worker asks base_url/healthz, as a monitor
 * outside would, and records the answer in probes (sql/0024).  The
 * interval's slot is the row's key, so with several job workers one of
 * them probes each interval.  A probe waits 10 s at most; the job
 * supervisor is blocked meanwhile (the jobs themselves run on in their
 * children).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "probe.h"
#include "util.h"

DB_STMT_GLOBAL(st_probe_slot, "the probes are the service's",
    "SELECT DATE_FORMAT(FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(NOW(6)) / ?) * ?), "
    "'%Y-%m-%d %H:%i:%s')");
DB_STMT_GLOBAL(st_probe_claim, "the probes are the service's",
    "INSERT IGNORE INTO probes (slot) VALUES (?)");
DB_STMT_GLOBAL(st_probe_done, "the probes are the service's",
    "UPDATE probes SET at = NOW(6), ok = ?, ms = ?, status = ?, "
    "detail = LEFT(?, 200) WHERE slot = ?");

struct answer {
	char	body[512];
	size_t	len;
};

static size_t
take(char *p, size_t size, size_t n, void *arg)
{
	struct answer	*a = arg;
	size_t		 k = size * n;

	if (a->len + 1 < sizeof(a->body)) {
		size_t room = sizeof(a->body) - 1 - a->len;
		memcpy(a->body + a->len, p, k < room ? k : room);
		a->len += k < room ? k : room;
		a->body[a->len] = '\0';
	}
	return k;
}

/*
 * Probes once if this interval has no probe yet.  1 probed, 0 not
 * this worker's turn, -1 error (the database).
 */
int
probe_run(struct db *db, const struct conf *c)
{
	struct db_rows	 rows;
	struct answer	 a;
	struct timespec	 t0, t1;
	char		 slot[32], url[512], detail[200];
	CURL		*h;
	CURLcode	 cc;
	long		 status = 0;
	long long	 ms;
	int		 ok;

	if (db_run_raw(db, NULL, 0, &st_probe_slot, (const struct db_param[]){
	    DBI(c->probe_seconds), DBI(c->probe_seconds) }, 2, &rows) == -1)
		return -1;
	snprintf(slot, sizeof(slot), "%s", DB_CELL(&rows, 0, 0));
	db_rows_free(&rows);
	if (db_run_raw(db, NULL, 0, &st_probe_claim, (const struct db_param[]){
	    DBS(slot) }, 1, &rows) == -1)
		return -1;
	ok = rows.affected == 1;
	db_rows_free(&rows);
	if (!ok)
		return 0;

	memset(&a, 0, sizeof(a));
	snprintf(url, sizeof(url), "%s/healthz", c->base_url);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((h = curl_easy_init()) == NULL)
		return -1;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "keiyaku-probe/1");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, take);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &a);
	if (c->smtp_ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->smtp_ca_file);
	cc = curl_easy_perform(h);
	if (cc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000LL +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	ok = cc == CURLE_OK && status == 200 &&
	    strstr(a.body, "\"status\":\"ok\"") != NULL;
	if (cc != CURLE_OK)
		snprintf(detail, sizeof(detail), "%s", curl_easy_strerror(cc));
	else
		snprintf(detail, sizeof(detail), "%.*s", (int)strcspn(a.body,
		    "\n"), a.body);
	if (!ok)
		log_err(NULL, "probe %s: %s (HTTP %ld, %lld ms)", url, detail,
		    status, ms);
	if (db_run_raw(db, NULL, 0, &st_probe_done, (const struct db_param[]){
	    DBI(ok), DBI(ms), DBI(status), DBS(detail), DBS(slot) }, 5,
	    NULL) == -1)
		return -1;
	return 1;
}
