/*
 * search: full-text search over the contracts one may see, their
 * metadata and the text of their documents, in Japanese (Mroonga,
 * sql/0007-search.sql).  Every word must match (AND); a result shows
 * a snippet around the first matches.  Newest first, 50 a page, paged
 * by the last id seen (keyset), so a later page costs what the first
 * does.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
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

#define PAGE	50
#define NWORDS	3

/*
 * The newest 51 matches first, from the index alone: one table, the
 * words and the audience in one MATCH and nothing Groonga cannot
 * judge itself, so that it sorts and cuts the matches without handing
 * each to MariaDB (Mroonga's "fast ORDER BY LIMIT"; sql/0009).  Then
 * each of them is checked against its contract (the same rule as
 * every other list: AUTHZ_CONTRACT_VISIBLE), and the snippets are made
 * for those from the text the index handed over with them.  The snippet marks a match with \x01 ... \x02 (split in
 * C, below).
 */
DB_STMT_TENANT(st_search,
    "SELECT c.id, c.number, c.title, c.counterparty, c.status, "
    "mroonga_snippet(CONCAT(hit.meta, '\\n', hit.body), 240, 2, "
    "'utf8mb4_unicode_520_ci', 1, 0, '', '', "
    "kw.w1, '\x01', '\x02', kw.w2, '\x01', '\x02', kw.w3, '\x01', '\x02') "
    "FROM (SELECT contract_id, organisation_id, meta, body "
    "FROM contract_search "
    "WHERE organisation_id = ? "
    "AND MATCH (meta, body) AGAINST (? IN BOOLEAN MODE) "
    "AND contract_id < ? ORDER BY contract_id DESC LIMIT 51) hit "
    "JOIN contracts c ON c.organisation_id = hit.organisation_id "
    "AND c.id = hit.contract_id "
    "JOIN (SELECT ? AS w1, ? AS w2, ? AS w3) kw "
    "WHERE " AUTHZ_CONTRACT_VISIBLE " "
    "ORDER BY c.id DESC");

/*
 * The query in Mroonga's boolean syntax: each word required and taken
 * literally ("word", with " and \ escaped), so that no operator and no
 * column (lib/db.c allows audience:@...) a user types has any effect.
 * One who may not see every contract also needs a contract whose
 * audience (sql/0009) has their department or them.  The first NWORDS
 * words also go to words[].
 */
static char *
boolean_query(const struct req *r, const char *q, char words[NWORDS][201])
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = q, *e;
	size_t		 n, k = 0;

	while (*p) {
		/* Words are split on spaces, ASCII and ideographic (U+3000). */
		while (*p == ' ' || *p == '\t' || strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (*p == '\0')
			break;
		for (e = p; *e && *e != ' ' && *e != '\t' &&
		    strncmp(e, "\xe3\x80\x80", 3) != 0; e++)
			;
		n = (size_t)(e - p);
		buf_adds(&b, b.len ? " +\"" : "+\"");
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '"' || p[i] == '\\')
				buf_add(&b, "\\", 1);
			buf_add(&b, p + i, 1);
		}
		buf_add(&b, "\"", 1);
		if (k < NWORDS) {
			snprintf(words[k], 201, "%.*s", (int)n, p);
			k++;
		}
		p = e;
	}
	if (b.len == 0)
		return NULL;
	for (; k < NWORDS; k++)
		memcpy(words[k], words[0], sizeof(words[0]));
	if (!authz_view_all(r)) {
		char	aud[96];

		if (r->user.dept_id > 0)
			snprintf(aud, sizeof(aud), " +(audience:@d%lld OR "
			    "audience:@u%lld)", r->user.dept_id,
			    r->user.user_id);
		else
			snprintf(aud, sizeof(aud), " +audience:@u%lld",
			    r->user.user_id);
		buf_adds(&b, aud);
	}
	return b.data;
}

/*
 * Results.N.Snip.K.{Text,Hit}: the snippet in pieces, the matches
 * flagged, so the template marks them up and escapes every piece.
 */
static void
set_snippet(struct req *r, size_t row, const char *s)
{
	char		 name[96];
	const char	*p = s, *e;
	size_t		 k = 0;
	int		 hit = 0;

	if (s == NULL)
		return;
	while (*p && k < 40) {
		e = p + strcspn(p, "\x01\x02");
		if (e > p) {
			char	*t = xstrndup(p, (size_t)(e - p));

			/* Line breaks of the text read as spaces. */
			for (char *c = t; *c; c++)
				if (*c == '\n' || *c == '\r' || *c == '\t')
					*c = ' ';
			snprintf(name, sizeof(name), "Results.%zu.Snip.%zu.Text",
			    row, k);
			tmpl_set(r->tmpl, name, t);
			if (hit) {
				snprintf(name, sizeof(name),
				    "Results.%zu.Snip.%zu.Hit", row, k);
				tmpl_set(r->tmpl, name, "1");
			}
			free(t);
			k++;
		}
		if (*e == '\0')
			break;
		hit = *e == '\x01';
		p = e + 1;
	}
}

static void
page_search(struct req *r)
{
	static const char *const f[] = { "Id", "Number", "Title",
	    "Counterparty", "Status" };
	struct db_rows	 rows;
	const char	*q = app_in(r, KEY_Q);
	char		 words[NWORDS][201], *bq;
	long long	 before = 0;
	size_t		 i, k, shown;

	if ((app_in_present(r, KEY_Q) && q == NULL) ||
	    (app_in_present(r, KEY_BEFORE) && app_in(r, KEY_BEFORE) == NULL)) {
		app_error_msg(r, 400, "search.bad_query");
		return;
	}
	if (app_in(r, KEY_BEFORE) != NULL)
		util_parse_int64(app_in(r, KEY_BEFORE), &before);
	memset(words, 0, sizeof(words));
	bq = q != NULL ? boolean_query(r, q, words) : NULL;
	tmpl_set(r->tmpl, "Q", q != NULL ? q : "");
	if (bq == NULL) {
		app_page(r, 200, "search.cs", "search.title");
		return;
	}
	if (DB_RUN(r, &st_search, &rows, DBS(bq),
	    DBI(before > 0 ? before : INT64_MAX), DBS(words[0]),
	    DBS(words[1]), DBS(words[2]), AUTHZ_CONTRACT_VISIBLE_ARGS(r)) == -1) {
		free(bq);
		app_error(r, 503);
		return;
	}
	free(bq);
	shown = rows.nrows > PAGE ? PAGE : rows.nrows;
	for (i = 0; i < shown; i++) {
		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Results", i, f[k], DB_CELL(&rows, i, k));
		app_cell_label(r, "Results", i, "StatusName", "status",
		    DB_CELL(&rows, i, 4));
		set_snippet(r, i, DB_CELL(&rows, i, 5));
	}
	tmpl_set_int(r->tmpl, "Count", (long long)shown);
	if (rows.nrows > PAGE)
		tmpl_set(r->tmpl, "Next", DB_CELL(&rows, PAGE - 1, 0));
	if (before > 0)
		tmpl_set(r->tmpl, "Paged", "1");
	db_rows_free(&rows);
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
