/*
 * search: full-text search over the contracts one may see, their
 * metadata and the text of their documents, in Japanese (Groonga by
 * way of Mroonga: sql/0009, lib/search.h).  Every word must match
 * (AND); a result shows a snippet around the matches.  Newest first,
 * 50 a page, paged by the last id seen (keyset), so a later page costs
 * what the first does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "log.h"
#include "search.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

enum key {
	KEY_Q,
	KEY_BEFORE,
	KEY__MAX
};

static int
valid_q(const char *s, size_t n)
{
	return n <= 200 && valid_line(s, n);
}

static const struct http_key keys[KEY__MAX] = {
	{ "q", valid_q },
	{ "before", valid_id },
};

/*
 * The select (lib/search.h) goes to Groonga as it is: its organisation
 * is in its --filter, written by search_command from the session, and
 * nothing it finds is shown before st_search_rows has read the
 * contract in this organisation under the rule every list uses
 * (AUTHZ_CONTRACT_VISIBLE): the index narrows, the contract decides.
 */
DB_STMT_GLOBAL(st_search_select,
    "a Groonga select of lib/search.c, not SQL over a table: its --filter "
    "names the organisation, and st_search_rows checks every result",
    "SELECT mroonga_command(?)");
DB_STMT_TENANT(st_search_rows,
    "SELECT c.id, c.number, c.title, c.counterparty, c.status "
    "FROM contracts c WHERE c.organisation_id = ? AND c.id IN ("
    "SELECT j.id FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED "
    "PATH '$')) j) AND " AUTHZ_CONTRACT_VISIBLE);

/*
 * Results.N.Snip.K.{Text,Hit}: the snippet of a hit in pieces, the
 * matches flagged, so that the template marks them up and escapes
 * every piece.  Line breaks of the text read as spaces; a gap (text
 * left out) as an ellipsis.
 */
static void
set_snippet(struct req *r, size_t row, const struct search_hit *h,
    struct search_snip *sn, struct buf *text)
{
	struct search_piece	 pc[SEARCH_PIECES];
	char			 name[96], *t;
	size_t			 i, n, k = 0;

	buf_reset(text);
	buf_adds(text, h->meta);
	buf_adds(text, "\n");
	buf_adds(text, h->body);
	n = search_snippet(sn, text->data, text->len, pc, NELEM(pc));
	for (i = 0; i < n; i++) {
		if (pc[i].gap) {
			snprintf(name, sizeof(name), "Results.%zu.Snip.%zu.Text",
			    row, k++);
			tmpl_set(r->tmpl, name, "\xe2\x80\xa6 ");
		}
		t = xstrndup(pc[i].text, pc[i].len);
		for (char *c = t; *c; c++)
			if (*c == '\n' || *c == '\r' || *c == '\t')
				*c = ' ';
		snprintf(name, sizeof(name), "Results.%zu.Snip.%zu.Text", row, k);
		tmpl_set(r->tmpl, name, t);
		if (pc[i].hit) {
			snprintf(name, sizeof(name), "Results.%zu.Snip.%zu.Hit",
			    row, k);
			tmpl_set(r->tmpl, name, "1");
		}
		free(t);
		k++;
	}
}

/*
 * GET /search?q=words[&before=id]: 200 with the results (none without
 * words), 400 for a query or cursor that does not validate, 503 if the
 * index or the database fails.
 */
static void
page_search(struct req *r)
{
	static const char *const f[] = { "Id", "Number", "Title",
	    "Counterparty", "Status" };
	struct search_words	 sw;
	struct search_who	 who;
	struct search_result	 res;
	struct search_snip	 sn;
	struct db_rows		 grn, rows;
	struct buf		 ids = { NULL, 0, 0 }, text = { NULL, 0, 0 };
	const char		*q = app_in(r, KEY_Q), *g;
	char			*cmd;
	long long		 before = 0;
	size_t			 i, k, shown = 0;

	if ((app_in_present(r, KEY_Q) && q == NULL) ||
	    (app_in_present(r, KEY_BEFORE) && app_in(r, KEY_BEFORE) == NULL)) {
		app_error_msg(r, 400, "search.bad_query");
		return;
	}
	if (app_in(r, KEY_BEFORE) != NULL)
		util_parse_int64(app_in(r, KEY_BEFORE), &before);
	tmpl_set(r->tmpl, "Q", q != NULL ? q : "");
	if (q == NULL || search_split(q, &sw) == 0) {
		app_page(r, 200, "search.cs", "search.title");
		return;
	}
	who.org = r->user.org_id;
	who.all = authz_view_all(r);
	who.dept = r->user.dept_id;
	who.user = r->user.user_id;
	cmd = search_command(&sw, &who, before);
	if (DB_RUN(r, &st_search_select, &grn, DBS(cmd)) == -1) {
		free(cmd);
		search_words_free(&sw);
		app_error(r, 503);
		return;
	}
	free(cmd);
	g = grn.nrows == 1 ? DB_CELL(&grn, 0, 0) : NULL;
	if (g == NULL || search_parse(g, strlen(g), &res) == -1) {
		log_err(r->rid, "search: Groonga answered %.200s",
		    g != NULL ? g : "nothing");
		db_rows_free(&grn);
		search_words_free(&sw);
		app_error(r, 503);
		return;
	}
	db_rows_free(&grn);

	/* The contracts of the hits this user may see, in any order. */
	buf_add(&ids, "[", 1);
	for (i = 0; i < res.n; i++)
		buf_addf(&ids, "%s%lld", i ? "," : "", res.hit[i].id);
	buf_add(&ids, "]", 1);
	if (DB_RUN(r, &st_search_rows, &rows, DBS(ids.data),
	    AUTHZ_CONTRACT_VISIBLE_ARGS(r)) == -1) {
		buf_free(&ids);
		search_result_free(&res);
		search_words_free(&sw);
		app_error(r, 503);
		return;
	}

	/* In the index's order, newest first; a page of SEARCH_PAGE. */
	search_snip_init(&sn, &sw);
	for (i = 0; i < res.n && i < SEARCH_PAGE; i++) {
		for (k = 0; k < rows.nrows; k++)
			if (util_num(DB_CELL(&rows, k, 0)) == res.hit[i].id)
				break;
		if (k == rows.nrows)
			continue;
		for (size_t c = 0; c < NELEM(f); c++)
			app_cell(r, "Results", shown, f[c],
			    DB_CELL(&rows, k, c));
		app_cell_label(r, "Results", shown, "StatusName", "status",
		    DB_CELL(&rows, k, 4));
		set_snippet(r, shown, &res.hit[i], &sn, &text);
		shown++;
	}
	search_snip_free(&sn);
	buf_free(&text);
	tmpl_set_int(r->tmpl, "Count", (long long)shown);
	tmpl_set_int(r->tmpl, "Total", res.total);
	if (res.n > SEARCH_PAGE)
		tmpl_set_int(r->tmpl, "Next", res.hit[SEARCH_PAGE - 1].id);
	if (before > 0)
		tmpl_set(r->tmpl, "Paged", "1");
	db_rows_free(&rows);
	buf_free(&ids);
	search_result_free(&res);
	search_words_free(&sw);
	app_page(r, 200, "search.cs", "search.title");
}

static const struct app_route routes[] = {
	{ M_GET | M_HEAD, "/search", PERM_CONTRACTS_VIEW, page_search, 0 },
};

static const struct app search_app = {
	"search", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&search_app, argc, argv);
}
