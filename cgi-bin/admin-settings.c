/*
 * /admin/settings: an organisation's own settings, for its admins:
 * its name, its registered contact (for the operator's incident and
 * maintenance notices), its password rules (minimum length, 8-128;
 * refusing common passwords) and its session timeouts (idle and
 * absolute, no longer than the service's: lib/session.c takes the
 * shorter), two-factor sign-in required of everyone or not, and the IP
 * allow-list (IPv4 and IPv6 CIDR ranges; the admin's own address must
 * be inside a new list, so that they cannot lock themselves out).
 * Each change is in the operation log, old → new.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "conf.h"
#include "db.h"
#include "ipallow.h"
#include "log.h"
#include "oplog.h"
#include "tmpl.h"
#include "util.h"

DB_STMT_GLOBAL(st_as_get,
    "an admin reads their own organisation's row (the session's)",
    "SELECT name, contact_name, contact_email, contact_phone, "
    "password_min_length, password_check_banned, session_idle, "
    "session_lifetime, require_2fa, ip_allow, contact_lang FROM organisations "
    "WHERE id = ? FOR UPDATE");
DB_STMT_GLOBAL(st_as_set,
    "an admin writes their own organisation's row (the session's)",
    "UPDATE organisations SET name = ?, contact_name = ?, contact_email = ?, "
    "contact_phone = ?, password_min_length = ?, password_check_banned = ?, "
    "session_idle = ?, session_lifetime = ?, require_2fa = ?, ip_allow = ?, "
    "contact_lang = ? WHERE id = ?");

static const char *const names[] = { "name", "contact_name",
    "contact_email", "contact_phone", "password_min_length",
    "password_check_banned", "session_idle", "session_lifetime",
    "require_2fa", "ip_allow", "contact_lang" };
#define NSETTINGS	NELEM(names)

static void
form(struct req *r, int status, const char *msg)
{
	struct db_rows	rows;
	long long	v;
	char		n[64];
	size_t		k;

	if (DB_RUN(r, &st_as_get, &rows, DBI(r->user.org_id)) == -1) {
		app_error(r, 503);
		return;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		app_error(r, 404);
		return;
	}
	for (k = 0; k < 6; k++) {
		snprintf(n, sizeof(n), "S.%s", names[k]);
		tmpl_set(r->tmpl, n, DB_CELL(&rows, 0, k));
	}
	v = DB_CELL(&rows, 0, 6) ? util_num(DB_CELL(&rows, 0, 6)) :
	    r->conf->session_idle;
	tmpl_set_int(r->tmpl, "S.idle_minutes", v / 60);
	v = DB_CELL(&rows, 0, 7) ? util_num(DB_CELL(&rows, 0, 7)) :
	    r->conf->session_lifetime;
	tmpl_set_int(r->tmpl, "S.lifetime_hours", v / 3600);
	tmpl_set_int(r->tmpl, "S.max_idle", r->conf->session_idle / 60);
	tmpl_set_int(r->tmpl, "S.max_life", r->conf->session_lifetime / 3600);
	tmpl_set(r->tmpl, "S.require_2fa", DB_CELL(&rows, 0, 8));
	tmpl_set(r->tmpl, "S.contact_lang", DB_CELL(&rows, 0, 10));
	/* What was typed, when it is the answer to a refused list. */
	tmpl_set(r->tmpl, "S.ip_allow", app_in(r, KEY_IP_ALLOW) ?
	    app_in(r, KEY_IP_ALLOW) : DB_CELL(&rows, 0, 9));
	tmpl_set(r->tmpl, "S.your_address", r->remote_addr);
	tmpl_set(r->tmpl, "S.data_location", r->conf->data_location ?
	    r->conf->data_location : "");
	db_rows_free(&rows);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "admin_settings.cs", "settings.title");
}

void
page_settings(struct req *r)
{
	form(r, 200, NULL);
}

void
post_settings(struct req *r)
{
	struct db_rows	 rows;
	const char	*in[NSETTINGS];
	char		 idle[24], life[24], *old[NSETTINGS], bad[128];
	const char	*detail;
	struct buf	 b = { NULL, 0, 0 }, ips = { NULL, 0, 0 };
	long long	 min, idlem, lifeh;
	size_t		 k;
	int		 rc;

	in[0] = app_in(r, KEY_ORG_NAME);
	in[1] = app_in(r, KEY_CONTACT_NAME);
	in[2] = app_in(r, KEY_CONTACT_EMAIL);
	in[3] = app_in(r, KEY_CONTACT_PHONE);
	in[4] = app_in(r, KEY_PW_MIN);
	in[5] = app_in(r, KEY_PW_BANNED) ? app_in(r, KEY_PW_BANNED) : "0";
	min = util_num(in[4]);
	idlem = util_num(app_in(r, KEY_IDLE_MIN));
	lifeh = util_num(app_in(r, KEY_LIFE_HOURS));
	if (in[0] == NULL || *in[0] == '\0' || in[1] == NULL ||
	    in[2] == NULL || in[3] == NULL || in[4] == NULL ||
	    (app_in_present(r, KEY_PW_BANNED) && !app_in(r, KEY_PW_BANNED))) {
		form(r, 422, "settings.bad");
		return;
	}
	if (min < 8 || min > 128) {
		form(r, 422, "settings.bad_min");
		return;
	}
	if (idlem < 5 || idlem * 60 > r->conf->session_idle || lifeh < 1 ||
	    lifeh * 3600 > r->conf->session_lifetime) {
		form(r, 422, "settings.bad_timeouts");
		return;
	}
	snprintf(idle, sizeof(idle), "%lld", idlem * 60);
	snprintf(life, sizeof(life), "%lld", lifeh * 3600);
	in[6] = idle;
	in[7] = life;
	in[8] = app_in(r, KEY_REQUIRE_2FA) ? app_in(r, KEY_REQUIRE_2FA) : "0";
	if (app_in_present(r, KEY_REQUIRE_2FA) && !app_in(r, KEY_REQUIRE_2FA)) {
		form(r, 422, "settings.bad");
		return;
	}
	if (ipallow_parse(app_in(r, KEY_IP_ALLOW) ? app_in(r, KEY_IP_ALLOW) :
	    "", &ips, bad, sizeof(bad)) == -1 ||
	    (app_in_present(r, KEY_IP_ALLOW) && !app_in(r, KEY_IP_ALLOW))) {
		if (bad[0] != '\0')
			tmpl_set(r->tmpl, "Form.BadRange", bad);
		buf_free(&ips);
		form(r, 422, bad[0] ? "security.bad_range" :
		    "security.too_many");
		return;
	}
	if (!ipallow_match(ips.data, r->remote_addr)) {
		buf_free(&ips);
		form(r, 422, "security.lockout");
		return;
	}
	in[9] = ips.data;
	in[10] = app_in(r, KEY_CONTACT_LANG) ? app_in(r, KEY_CONTACT_LANG) :
	    "ja";
	if (app_in_present(r, KEY_CONTACT_LANG) && !app_in(r, KEY_CONTACT_LANG)) {
		buf_free(&ips);
		form(r, 422, "settings.bad");
		return;
	}
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_as_get, &rows, DBI(r->user.org_id)) == -1) {
		db_rollback(r);
		buf_free(&ips);
		app_error(r, 503);
		return;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		db_rollback(r);
		buf_free(&ips);
		app_error(r, 404);
		return;
	}
	for (k = 0; k < NSETTINGS; k++)
		old[k] = xstrdup(DB_CELL(&rows, 0, k) ? DB_CELL(&rows, 0, k) :
		    "");
	db_rows_free(&rows);
	for (k = 0; k < NSETTINGS; k++)
		oplog_diff(&b, names[k], old[k], in[k]);
	rc = DB_RUN(r, &st_as_set, NULL, DBS(in[0]), DBS(in[1]), DBS(in[2]),
	    DBS(in[3]), DBI(min), DBI(strcmp(in[5], "1") == 0), DBI(idlem * 60),
	    DBI(lifeh * 3600), DBI(strcmp(in[8], "1") == 0), DBS(in[9]),
	    DBS(in[10]), DBI(r->user.org_id));
	detail = b.len ? b.data : "(nothing changed)";
	if (rc == -1 || oplog_add(r, 0, "org.settings", detail) == -1 ||
	    db_commit(r) == -1) {
		db_rollback(r);
		app_error(r, 503);
	} else {
		log_info(r->rid, "organisation %lld settings: %s",
		    r->user.org_id, detail);
		http_redirect(r, 303, "/admin/settings");
	}
	for (k = 0; k < NSETTINGS; k++)
		free(old[k]);
	buf_free(&b);
	buf_free(&ips);
}
