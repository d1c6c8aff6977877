/*
 * The daily job "reminders", scheduled by keiyaku-jobs once per
 * Japanese business day (unique key reminders:DATE), payload the date.
 *
 * Service-wide (no organisation), it adds one "reminders" job per
 * organisation for the same date (unique key reminders:DATE:ORG), so
 * that each organisation's run is retried on its own, stays within the
 * time limit, and shows on that organisation's jobs page.
 *
 * For one organisation, in this order:
 *  0. the users' unread counts (users.unread_notifications, kept with
 *     each change of a notification) are counted again, in case
 *     anything drifted;
 *  1. auto-renewal: every auto-renewing contract in force (executed or
 *     active) whose expiry date has passed is rolled forward by its
 *     renewal period, as many periods as it takes to cover the date
 *     (the new term starts the day after the old one ended), in one
 *     transaction per contract: the contract row (locked and checked
 *     again), one contract_history row per changed date with no user
 *     and the reason "auto-renewal", and a "renewed" notification;
 *  2. notifications for the owner of every contract in force: before
 *     expiry, and for auto-renewing contracts before the notice
 *     deadline (解約通知期限 = expiry date - notice days), at 90, 60,
 *     30 and 7 days.  Only the nearest threshold reached is made (a
 *     contract registered 20 days before its expiry gets the 30-day
 *     one, not three at once), and each exists once: its key names the
 *     contract, the date and the threshold.
 *  3. signing (lib/signing.h): requests past their deadline expire
 *     (the contract is approved again, the sender told), and signers
 *     who have not acted get one reminder, remind_days before it, with
 *     a new link;
 *  4. the operation log's chain is sealed for the day (lib/oplog.h: an
 *     RFC 3161 token from the signer over its head);
 *  5. access log and operation log rows older than log_keep_days move
 *     to compressed files (lib/logarchive.h).
 * Each new notification also goes to its user by mail (lib/mail.h),
 * in the user's language, queued in the notification's transaction.
 * Running it again for the same date changes nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db.h"
#include "job-kinds.h"
#include "conf.h"
#include "log.h"
#include "logarchive.h"
#include "mail.h"
#include "oplog.h"
#include "signing.h"
#include "util.h"

#define RENEW_MAX_PERIODS	1200	/* 100 years of monthly renewals */

static const int thresholds[] = { 7, 30, 60, 90 };	/* ascending */
#define HORIZON	90

DB_STMT_GLOBAL(st_orgs, "the daily job visits every organisation",
    "SELECT id FROM organisations ORDER BY id");
DB_STMT_TENANT(st_due_renewals,
    "SELECT id FROM contracts WHERE organisation_id = ? AND auto_renew = 1 "
    "AND renewal_months IS NOT NULL AND expiry_date < ? "
    "AND status IN ('executed', 'active') ORDER BY id");
DB_STMT_TENANT(st_lock_contract,
    "SELECT effective_date, expiry_date, renewal_months, owner_id, "
    "auto_renew, status FROM contracts "
    "WHERE organisation_id = ? AND id = ? FOR UPDATE");
DB_STMT_TENANT(st_roll,
    "UPDATE contracts SET organisation_id = ?, effective_date = ?, "
    "expiry_date = ?, updated_at = NOW(6) "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_system_history,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) "
    "VALUES (?, ?, NULL, ?, ?, ?, 'auto-renewal')");
DB_STMT_TENANT(st_notify,
    "INSERT INTO notifications (organisation_id, user_id, kind, "
    "contract_id, due_date, days, dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON DUPLICATE KEY UPDATE id = id");
/* The header's count (users.unread_notifications): +1 per new one. */
DB_STMT_TENANT(st_unread_add,
    "UPDATE users SET unread_notifications = unread_notifications + 1 "
    "WHERE organisation_id = ? AND id = ?");
/* ... and counted again once a day, in case anything drifted. */
DB_STMT_TENANT(st_unread_recount,
    "UPDATE users SET unread_notifications = (SELECT COUNT(*) "
    "FROM notifications n WHERE n.user_id = users.id AND n.read_at IS NULL) "
    "WHERE organisation_id = ?");
DB_STMT_TENANT(st_expiring,
    "SELECT c.id, c.owner_id, c.expiry_date FROM contracts c "
    "JOIN users u ON u.id = c.owner_id AND u.disabled = 0 "
    "AND u.organisation_id = c.organisation_id "
    "WHERE c.organisation_id = ? AND c.expiry_date BETWEEN ? AND ? "
    "AND c.status IN ('executed', 'active') ORDER BY c.id");
DB_STMT_TENANT(st_notice_due,
    "SELECT c.id, c.owner_id, c.notice_by FROM contracts c "
    "JOIN users u ON u.id = c.owner_id AND u.disabled = 0 "
    "AND u.organisation_id = c.organisation_id "
    "WHERE c.organisation_id = ? AND c.notice_by BETWEEN ? AND ? "
    "AND c.auto_renew = 1 AND c.status IN ('executed', 'active') "
    "ORDER BY c.id");

/* What a reminder mail needs: its user and its contract. */
DB_STMT_TENANT(st_mail_about,
    "SELECT u.email, u.name, u.lang, c.title, c.number, c.auto_renew "
    "FROM contracts c JOIN users u ON u.organisation_id = c.organisation_id "
    "WHERE c.organisation_id = ? AND c.id = ? AND u.id = ? "
    "AND u.disabled = 0");

/*
 * Queues the mail of a new notification (kind, about contract cid,
 * due on date d, days left) to user uid; 0, or -1.  A user without a
 * valid address (or disabled) gets none.
 */
static int
notify_mail(struct job_ctx *ctx, long long org, long long uid,
    const char *kind, long long cid, const char *d, long days)
{
	struct db_rows	 rows;
	char		 link[512], n[32];
	const char	*key, *subj, *lang;
	int		 rc = 0;

	if (JOB_RUN(ctx, org, &st_mail_about, &rows, DBI(cid), DBI(uid)) == -1)
		return -1;
	if (rows.nrows != 1 || !mail_valid_addr(DB_CELL(&rows, 0, 0))) {
		db_rows_free(&rows);
		return 0;
	}
	if (strcmp(kind, "renewed") == 0) {
		key = "notify.renewed";
		subj = "mail.subject.renewed";
	} else if (strcmp(kind, "notice") == 0) {
		key = "notify.notice";
		subj = "mail.subject.notice";
	} else {
		key = strcmp(DB_CELL(&rows, 0, 5), "1") == 0 ?
		    "notify.expiry_renews" : "notify.expiry";
		subj = "mail.subject.expiry";
	}
	lang = strcmp(DB_CELL(&rows, 0, 2), "en") == 0 ? "en" : "ja";
	snprintf(link, sizeof(link), "%s/contracts/%lld",
	    ctx->conf->base_url, cid);
	snprintf(n, sizeof(n), "%ld", days);
	{
		const char *const vals[] = { "Title", DB_CELL(&rows, 0, 3),
		    "title", DB_CELL(&rows, 0, 3),
		    "Number", DB_CELL(&rows, 0, 4) ? DB_CELL(&rows, 0, 4) : "",
		    "name", DB_CELL(&rows, 0, 1), "date", d, "n", n,
		    "Link", link, NULL };
		const char *const fills[] = { "Greeting", "mail.greeting",
		    "Days", days > 0 ? "notify.in_days" : days == 0 ?
		    "notify.today" : "notify.passed",
		    "Text", key, "Subject", subj, NULL };
		struct mail_req	 q = { org, uid, cid, "reminder",
		    DB_CELL(&rows, 0, 0), DB_CELL(&rows, 0, 1), lang,
		    "reminder", vals, fills, 0 };

		if (mail_enqueue(ctx->db, ctx->conf, ctx->rid, &q) == -1)
			rc = -1;
	}
	db_rows_free(&rows);
	return rc;
}

/*
 * Adds notification kind about contract cid, due on `due`, to user
 * uid, made `days` days before, and counts it in the user's unread
 * notifications; the caller has a transaction open.  Returns 1 if it
 * is new, 0 if it existed, -1 on error.
 */
static int
notify(struct job_ctx *ctx, long long org, long long uid, const char *kind,
    long long cid, long due, long days, int threshold)
{
	struct db_rows	rows;
	char		d[DATE_LEN], key[128];
	long long	n;

	date_format(due, d);
	if (threshold > 0)
		snprintf(key, sizeof(key), "%s:%lld:%s:%d", kind, cid, d,
		    threshold);
	else
		snprintf(key, sizeof(key), "%s:%lld:%s", kind, cid, d);
	if (JOB_RUN(ctx, org, &st_notify, &rows, DBI(uid), DBS(kind), DBI(cid),
	    DBS(d), DBI(days), DBS(key)) == -1)
		return -1;
	n = rows.affected;
	db_rows_free(&rows);
	if (n == 1 && (JOB_RUN(ctx, org, &st_unread_add, NULL,
	    DBI(uid)) == -1 || notify_mail(ctx, org, uid, kind, cid, d,
	    days) == -1))
		return -1;
	return n == 1;
}

/*
 * Rolls contract cid forward if it is still due, in one transaction.
 * Returns 1 if it was renewed, 0 if not (any more), -1 on error.
 */
static int
renew(struct job_ctx *ctx, long long org, long long cid, long today)
{
	struct db_rows	 rows;
	char		 oe[DATE_LEN], ox[DATE_LEN], ne[DATE_LEN], nx[DATE_LEN];
	const char	*st;
	long		 x, start = 0, end;
	long long	 months, owner;
	int		 n = 0, rc = -1, has_eff;

	if (db_tx_begin(ctx->db, ctx->rid) == -1)
		return -1;
	if (JOB_RUN(ctx, org, &st_lock_contract, &rows, DBI(cid)) == -1)
		goto out;
	if (rows.nrows != 1 || DB_CELL(&rows, 0, 1) == NULL ||
	    DB_CELL(&rows, 0, 2) == NULL ||
	    date_parse(DB_CELL(&rows, 0, 1), &x) == -1) {
		db_rows_free(&rows);
		rc = 0;
		goto out;
	}
	has_eff = DB_CELL(&rows, 0, 0) != NULL;
	months = util_num(DB_CELL(&rows, 0, 2));
	owner = util_num(DB_CELL(&rows, 0, 3));
	st = DB_CELL(&rows, 0, 5);
	/* Changed since it was listed: nothing to do. */
	if (strcmp(DB_CELL(&rows, 0, 4), "1") != 0 || x >= today ||
	    months < 1 || months > 120 ||
	    (strcmp(st, "executed") != 0 && strcmp(st, "active") != 0)) {
		db_rows_free(&rows);
		rc = 0;
		goto out;
	}
	snprintf(oe, sizeof(oe), "%s", has_eff ? DB_CELL(&rows, 0, 0) : "");
	date_format(x, ox);
	db_rows_free(&rows);
	/* Term after term: it starts the day after the last one ended. */
	end = x;
	while (end < today && n < RENEW_MAX_PERIODS) {
		start = end + 1;
		end = date_add_months(start, (int)months) - 1;
		n++;
	}
	date_format(start, ne);
	date_format(end, nx);
	if (JOB_RUN(ctx, org, &st_roll, NULL, DBS(has_eff ? ne : NULL),
	    DBS(nx), DBI(org), DBI(cid)) == -1)
		goto out;
	if (has_eff && strcmp(oe, ne) != 0 &&
	    JOB_RUN(ctx, org, &st_system_history, NULL, DBI(cid),
	    DBS("effective_date"), DBS(oe), DBS(ne)) == -1)
		goto out;
	if (JOB_RUN(ctx, org, &st_system_history, NULL, DBI(cid),
	    DBS("expiry_date"), DBS(ox), DBS(nx)) == -1)
		goto out;
	if (owner > 0 && notify(ctx, org, owner, "renewed", cid, end,
	    end - today, 0) == -1)
		goto out;
	if (db_tx_commit(ctx->db, ctx->rid) == -1)
		return -1;
	log_info(ctx->rid, "contract %lld of organisation %lld renewed "
	    "automatically: expiry %s -> %s (%d period%s of %lld months)",
	    cid, org, ox, nx, n, n == 1 ? "" : "s", months);
	return 1;
out:
	db_tx_rollback(ctx->db, ctx->rid);
	return rc;
}

/* The nearest threshold that days (left) has reached, or 0. */
static int
threshold_of(long days)
{
	size_t	i;

	if (days < 0)
		return 0;
	for (i = 0; i < NELEM(thresholds); i++)
		if (days <= thresholds[i])
			return thresholds[i];
	return 0;
}

/* Notifications of kind for the contracts st lists (id, owner, date). */
static int
remind(struct job_ctx *ctx, long long org, const struct db_stmt *st,
    const char *kind, long today, int *made)
{
	struct db_rows	rows;
	char		from[DATE_LEN], to[DATE_LEN];
	long		due;
	size_t		i;
	int		t, k;

	date_format(today, from);
	date_format(today + HORIZON, to);
	if (JOB_RUN(ctx, org, st, &rows, DBS(from), DBS(to)) == -1)
		return -1;
	for (i = 0; i < rows.nrows; i++) {
		if (date_parse(DB_CELL(&rows, i, 2), &due) == -1 ||
		    (t = threshold_of(due - today)) == 0)
			continue;
		if (db_tx_begin(ctx->db, ctx->rid) == -1 ||
		    (k = notify(ctx, org, util_num(DB_CELL(&rows, i, 1)), kind,
		    util_num(DB_CELL(&rows, i, 0)), due, due - today, t)) == -1 ||
		    db_tx_commit(ctx->db, ctx->rid) == -1) {
			db_tx_rollback(ctx->db, ctx->rid);
			db_rows_free(&rows);
			return -1;
		}
		*made += k;
	}
	db_rows_free(&rows);
	return 0;
}

static int
one_org(struct job_ctx *ctx, long long org, long today, char *err,
    size_t errsz)
{
	struct db_rows	rows;
	char		d[DATE_LEN];
	size_t		i;
	int		k, renewed = 0, failed = 0, made = 0;
	int		expired = 0, reminded = 0, sfailed = 0;

	date_format(today, d);
	if (JOB_RUN0(ctx, org, &st_unread_recount, NULL) == -1) {
		snprintf(err, errsz, "database error counting notifications");
		return -1;
	}
	if (JOB_RUN(ctx, org, &st_due_renewals, &rows, DBS(d)) == -1) {
		snprintf(err, errsz, "database error listing renewals");
		return -1;
	}
	for (i = 0; i < rows.nrows; i++) {
		k = renew(ctx, org, util_num(DB_CELL(&rows, i, 0)), today);
		if (k == -1)
			failed++;
		else
			renewed += k;
	}
	db_rows_free(&rows);
	if (remind(ctx, org, &st_expiring, "expiry", today, &made) == -1 ||
	    remind(ctx, org, &st_notice_due, "notice", today, &made) == -1) {
		snprintf(err, errsz, "database error making notifications");
		return -1;
	}
	{
		struct sg_ctx	x;

		memset(&x, 0, sizeof(x));
		x.db = ctx->db;
		x.conf = ctx->conf;
		x.rid = ctx->rid;
		x.org = org;
		sfailed = signing_upkeep(&x, 0, &expired, &reminded) == -1;
	}
	if (oplog_seal(ctx->db, ctx->conf->signer_socket, ctx->rid, org, err,
	    errsz) == -1) {
		log_err(ctx->rid, "organisation %lld: the operation log cannot "
		    "be sealed: %s", org, err);
		return -1;
	}
	{
		struct logarchive_counts	ac;

		if (logarchive_run(ctx->conf, ctx->rid, org, &ac, err,
		    errsz) == -1) {
			log_err(ctx->rid, "organisation %lld: logs not "
			    "archived: %s", org, err);
			return -1;
		}
	}
	log_info(ctx->rid, "reminders %s, organisation %lld: %d renewed, "
	    "%d notifications, %d signing requests expired, %d signers "
	    "reminded", d, org, renewed, made, expired, reminded);
	if (failed > 0) {
		snprintf(err, errsz, "%d contract%s could not be renewed "
		    "(database error)", failed, failed == 1 ? "" : "s");
		return -1;
	}
	if (sfailed) {
		snprintf(err, errsz, "a signing request could not be expired "
		    "or a reminder sent (database error)");
		return -1;
	}
	return 0;
}

int
job_reminders(struct job_ctx *ctx, const char *payload, char *err,
    size_t errsz)
{
	struct db_rows	 rows;
	struct job_opts	 o = { 0, NULL, 0 };
	char		 key[64];
	long		 today;
	long long	 org;
	size_t		 i;

	if (date_parse(payload, &today) == -1) {
		snprintf(err, errsz, "payload is not a date (YYYY-MM-DD)");
		return -1;
	}
	if (ctx->org > 0)
		return one_org(ctx, ctx->org, today, err, errsz);
	if (JOB_RUN0(ctx, 0, &st_orgs, &rows) == -1) {
		snprintf(err, errsz, "database error listing organisations");
		return -1;
	}
	for (i = 0; i < rows.nrows; i++) {
		org = util_num(DB_CELL(&rows, i, 0));
		snprintf(key, sizeof(key), "reminders:%s:%lld", payload, org);
		o.unique_key = key;
		if (jobs_enqueue_opts(ctx->db, org, "reminders", payload,
		    &o) == -1) {
			db_rows_free(&rows);
			snprintf(err, errsz, "database error adding the job of "
			    "organisation %lld", org);
			return -1;
		}
	}
	log_info(ctx->rid, "reminders %s: a job for each of %zu "
	    "organisations", payload, rows.nrows);
	db_rows_free(&rows);
	return 0;
}
