/*
 * /admin/oplog: the organisation's operation log for its admins, newest
 * first, 100 a page, filtered by user, period (Japan dates), action (or
 * the start of one: "document.") and contract; /admin/oplog.csv gives
 * every entry the filters select.  Each entry: when, who, what, on
 * which contract, the detail, the address and the request id.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "app.h"
#include "db.h"
#include "log.h"
#include "tmpl.h"
#include "util.h"

#define PAGE	100

/* The filters, each "no filter" when 0 or "". */
#define OPLOG_WHERE \
    "WHERE o.organisation_id = ? AND (? = 0 OR o.user_id = ?) " \
    "AND (? = '' OR o.at >= CONVERT_TZ(CONCAT(?, ' 00:00:00'), " \
    "'+09:00', '+00:00')) " \
    "AND (? = '' OR o.at < CONVERT_TZ(CONCAT(?, ' 00:00:00'), '+09:00', " \
    "'+00:00') + INTERVAL 1 DAY) " \
    "AND (? = '' OR o.action LIKE CONCAT(?, '%')) " \
    "AND (? = 0 OR o.contract_id = ?) AND (? = 0 OR o.id < ?) "
#define OPLOG_COLS \
    "SELECT o.id, DATE_FORMAT(CONVERT_TZ(o.at, '+00:00', '+09:00'), " \
    "'%Y-%m-%d %H:%i:%s'), u.name, u.email, o.action, o.contract_id, " \
    "c.number, o.detail, o.ip, o.rid FROM oplog o " \
    "LEFT JOIN users u ON u.id = o.user_id " \
    "LEFT JOIN contracts c ON c.organisation_id = o.organisation_id AND " \
    "c.id = o.contract_id "

DB_STMT_TENANT(st_ol_page,
    OPLOG_COLS OPLOG_WHERE "ORDER BY o.id DESC LIMIT 101");
/* The CSV: oldest first, in chunks after an id. */
DB_STMT_TENANT(st_ol_csv,
    OPLOG_COLS OPLOG_WHERE "AND o.id > ? ORDER BY o.id LIMIT 1000");
DB_STMT_TENANT(st_ol_users,
    "SELECT id, name, email FROM users WHERE organisation_id = ? "
    "ORDER BY name, id");
DB_STMT_TENANT(st_ol_actions,
    "SELECT DISTINCT action FROM oplog WHERE organisation_id = ? "
    "ORDER BY action");

static const char *const cols[] = { "Id", "At", "User", "Email", "Action",
    "Contract", "Number", "Detail", "Ip", "Rid" };

static const char *
in(const struct req *r, size_t k)
{
	const char	*v = app_in(r, k);

	return v != NULL ? v : "";
}

/* The filters' parameters, before the page's own (the cursor). */
#define FILTERS(r, before) \
	DBI(util_num(in(r, KEY_USER))), DBI(util_num(in(r, KEY_USER))), \
	DBS(in(r, KEY_FROM)), DBS(in(r, KEY_FROM)), \
	DBS(in(r, KEY_TO)), DBS(in(r, KEY_TO)), \
	DBS(in(r, KEY_ACTION)), DBS(in(r, KEY_ACTION)), \
	DBI(util_num(in(r, KEY_CONTRACT))), DBI(util_num(in(r, KEY_CONTRACT))), \
	DBI(before), DBI(before)

/* Any filter that did not validate: 400 with a plain message. */
static int
bad_filter(struct req *r)
{
	size_t	k;

	for (k = KEY_USER; k <= KEY_BEFORE; k++)
		if (app_in_present(r, k) && app_in(r, k) == NULL) {
			app_error_msg(r, 400, "oplog.bad_filter");
			return 1;
		}
	return 0;
}

/*
 * What a log page (this one, the access log) shows besides its query:
 * its rows (PAGE of them) as Log.N.cols, the cursor of the next page
 * (Next), the filters again for the form, the next page and the CSV
 * link (Filter.NAME, Filter.Query, percent-encoded) and the users to
 * filter by (Users).  0, or -1 (503 answered).
 */
int
log_page_fill(struct req *r, const struct db_rows *rows,
    const char *const *names_of_cols, size_t ncols, const size_t *keys,
    const char *const *names, size_t nkeys)
{
	struct db_rows	 u;
	struct buf	 q = { NULL, 0, 0 };
	char		 name[32], *esc;
	size_t		 i, k, n = rows->nrows > PAGE ? PAGE : rows->nrows;

	for (i = 0; i < n; i++)
		for (k = 0; k < ncols; k++)
			app_cell(r, "Log", i, names_of_cols[k],
			    DB_CELL(rows, i, k));
	if (rows->nrows > PAGE)
		tmpl_set(r->tmpl, "Next", DB_CELL(rows, PAGE - 1, 0));
	buf_add(&q, "", 0);
	for (k = 0; k < nkeys; k++) {
		snprintf(name, sizeof(name), "Filter.%s", names[k]);
		tmpl_set(r->tmpl, name, in(r, keys[k]));
		if (*in(r, keys[k])) {
			esc = util_urlencode(in(r, keys[k]));
			buf_addf(&q, "%s=%s&", names[k], esc);
			free(esc);
		}
	}
	tmpl_set(r->tmpl, "Filter.Query", q.data);
	buf_free(&q);
	if (DB_RUN0(r, &st_ol_users, &u) == -1) {
		app_error(r, 503);
		return -1;
	}
	for (i = 0; i < u.nrows; i++) {
		app_cell(r, "Users", i, "Id", DB_CELL(&u, i, 0));
		app_cell(r, "Users", i, "Name", DB_CELL(&u, i, 1));
	}
	db_rows_free(&u);
	return 0;
}

void
page_oplog(struct req *r)
{
	struct db_rows	 rows;
	size_t		 i;
	int		 rc;
	static const size_t fk[] = { KEY_USER, KEY_FROM, KEY_TO, KEY_ACTION,
	    KEY_CONTRACT };
	static const char *const fn[] = { "user", "from", "to", "action",
	    "contract" };

	if (bad_filter(r))
		return;
	if (DB_RUN(r, &st_ol_page, &rows,
	    FILTERS(r, util_num(in(r, KEY_BEFORE)))) == -1) {
		app_error(r, 503);
		return;
	}
	rc = log_page_fill(r, &rows, cols, NELEM(cols), fk, fn, NELEM(fk));
	db_rows_free(&rows);
	if (rc == -1 || DB_RUN0(r, &st_ol_actions, &rows) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++)
		app_cell(r, "Actions", i, "Name", DB_CELL(&rows, i, 0));
	db_rows_free(&rows);
	app_page(r, 200, "admin_oplog.cs", "oplog.title");
}

static int
csv_fetch(struct req *r, void *arg, long long after, struct db_rows *rows)
{
	(void)arg;
	return DB_RUN(r, &st_ol_csv, rows, FILTERS(r, 0), DBI(after));
}

void
page_oplog_csv(struct req *r)
{
	static const char *const head[] = { "oplog.csv.id", "oplog.csv.at",
	    "oplog.csv.user", "oplog.csv.email", "oplog.csv.action",
	    "oplog.csv.contract", "oplog.csv.number", "oplog.csv.detail",
	    "oplog.csv.ip", "oplog.csv.rid" };

	if (bad_filter(r))
		return;
	app_csv(r, "keiyaku-operation-log.csv", head, NELEM(head), 0,
	    csv_fetch, NULL);
}
