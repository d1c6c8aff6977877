/*
 * The workflow panel of the contract page (see workflow.h): the
 * approval under way or last finished, its steps and decisions, the
 * moves the user may make now, and the comments.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "tmpl.h"
#include "util.h"
#include "workflow.h"

DB_STMT_TENANT(st_wf_last,
    "SELECT id, route_name, state, position FROM approvals "
    "WHERE organisation_id = ? AND contract_id = ? ORDER BY id DESC LIMIT 1");
DB_STMT_TENANT(st_wf_steps,
    "SELECT s.id, s.position, s.approver_kind, s.rule, s.state, "
    "CASE s.approver_kind WHEN 'user' THEN u.name WHEN 'department' "
    "THEN d.name ELSE ro.code END "
    "FROM approval_steps s "
    "LEFT JOIN users u ON s.approver_kind = 'user' AND u.id = s.approver_id "
    "LEFT JOIN departments d ON s.approver_kind = 'department' "
    "AND d.id = s.approver_id "
    "LEFT JOIN roles ro ON s.approver_kind = 'role' AND ro.id = s.approver_id "
    "WHERE s.organisation_id = ? AND s.approval_id = ? ORDER BY s.position");
DB_STMT_TENANT(st_wf_assign,
    "SELECT a.step_id, u.name, a.decision, a.comment, "
    "DATE_FORMAT(CONVERT_TZ(a.decided_at, '+00:00', '+09:00'), "
    "'%Y-%m-%d %H:%i'), a.user_id "
    "FROM approval_assignments a JOIN approval_steps s ON s.id = a.step_id "
    "JOIN users u ON u.id = a.user_id "
    "WHERE a.organisation_id = ? AND s.approval_id = ? ORDER BY a.id");
DB_STMT_TENANT(st_wf_routes,
    "SELECT r.id, r.name, r.type_id FROM approval_routes r "
    "WHERE r.organisation_id = ? AND r.active = 1 AND EXISTS (SELECT 1 "
    "FROM approval_route_steps s WHERE s.route_id = r.id) ORDER BY r.name");
DB_STMT_TENANT(st_wf_comments,
    "SELECT c.id, c.parent_id, u.name, c.body, "
    "DATE_FORMAT(CONVERT_TZ(c.at, '+00:00', '+09:00'), '%Y-%m-%d %H:%i'), "
    "(SELECT GROUP_CONCAT(mu.name ORDER BY mu.id SEPARATOR ', ') "
    "FROM comment_mentions m JOIN users mu ON mu.id = m.user_id "
    "WHERE m.comment_id = c.id) "
    "FROM contract_comments c JOIN users u ON u.id = c.user_id "
    "WHERE c.organisation_id = ? AND c.contract_id = ? ORDER BY c.id");
DB_STMT_TENANT(st_wf_people,
    "SELECT u.id, u.name FROM users u WHERE u.organisation_id = ? "
    "AND u.disabled = 0 AND " WF_SEES_CONTRACT " ORDER BY u.id");

static int
has(const struct req *r, enum perm p)
{
	return (r->user.perms & ((uint64_t)1 << p)) != 0;
}

/* The approval: its steps, who decides each, what they decided. */
static int
approval(struct req *r, long long contract, int *my_turn)
{
	struct db_rows	 a, st, as;
	const char	*id;
	size_t		 i, k, n;
	char		 name[96];
	long long	 me = r->user.user_id, uid;

	*my_turn = 0;
	if (DB_RUN(r, &st_wf_last, &a, DBI(contract)) == -1)
		return -1;
	if (a.nrows == 0) {
		db_rows_free(&a);
		return 0;
	}
	id = DB_CELL(&a, 0, 0);
	tmpl_set(r->tmpl, "WF.Id", id);
	tmpl_set(r->tmpl, "WF.Route", DB_CELL(&a, 0, 1));
	tmpl_set(r->tmpl, "WF.State", DB_CELL(&a, 0, 2));
	snprintf(name, sizeof(name), "approval.%s", DB_CELL(&a, 0, 2));
	tmpl_set(r->tmpl, "WF.StateName", app_l(r, name));
	if (DB_RUN(r, &st_wf_steps, &st, DBS(id)) == -1 ||
	    DB_RUN(r, &st_wf_assign, &as, DBS(id)) == -1) {
		db_rows_free(&a);
		return -1;
	}
	for (i = 0; i < st.nrows; i++) {
		app_cell(r, "WF.Steps", i, "Position", DB_CELL(&st, i, 1));
		app_cell_label(r, "WF.Steps", i, "Kind", "approval.kind",
		    DB_CELL(&st, i, 2));
		app_cell_label(r, "WF.Steps", i, "Rule", "approval.rule",
		    DB_CELL(&st, i, 3));
		app_cell(r, "WF.Steps", i, "State", DB_CELL(&st, i, 4));
		app_cell_label(r, "WF.Steps", i, "StateName", "approval.step",
		    DB_CELL(&st, i, 4));
		if (strcmp(DB_CELL(&st, i, 2), "role") == 0)
			app_cell_label(r, "WF.Steps", i, "Approver", "role",
			    DB_CELL(&st, i, 5));
		else
			app_cell(r, "WF.Steps", i, "Approver",
			    DB_CELL(&st, i, 5));
		for (k = 0, n = 0; k < as.nrows; k++) {
			if (strcmp(DB_CELL(&as, k, 0), DB_CELL(&st, i, 0)) != 0)
				continue;
			snprintf(name, sizeof(name), "WF.Steps.%zu.People.%zu.",
			    i, n++);
			{
				char	full[128];
				static const char *const f[] = { "Name",
				    "Decision", "Comment", "At" };
				size_t	j;

				for (j = 0; j < NELEM(f); j++) {
					snprintf(full, sizeof(full), "%s%s",
					    name, f[j]);
					tmpl_set(r->tmpl, full,
					    DB_CELL(&as, k, j + 1));
				}
				if (DB_CELL(&as, k, 2) != NULL) {
					char	key[64];

					snprintf(full, sizeof(full),
					    "%sDecisionName", name);
					snprintf(key, sizeof(key),
					    "approval.decision.%s",
					    DB_CELL(&as, k, 2));
					tmpl_set(r->tmpl, full, app_l(r, key));
				}
			}
			util_parse_int64(DB_CELL(&as, k, 5), &uid);
			if (uid == me && DB_CELL(&as, k, 2) == NULL &&
			    strcmp(DB_CELL(&st, i, 4), "pending") == 0)
				*my_turn = 1;
		}
	}
	db_rows_free(&a);
	db_rows_free(&st);
	db_rows_free(&as);
	return 0;
}

/* Comments, threaded: each with its depth below its parent. */
static int
comments(struct req *r, long long contract)
{
	struct db_rows	 c;
	size_t		 i, j, k, *order, *depth, n = 0;
	int		*done;

	if (DB_RUN(r, &st_wf_comments, &c, DBI(contract)) == -1)
		return -1;
	order = xcalloc(c.nrows + 1, sizeof(*order));
	depth = xcalloc(c.nrows + 1, sizeof(*depth));
	done = xcalloc(c.nrows + 1, sizeof(*done));
	/* Depth-first from each top comment, replies in their order. */
	for (i = 0; i < c.nrows; i++) {
		size_t	stack[64], sd[64], sp = 0;

		if (DB_CELL(&c, i, 1) != NULL || done[i])
			continue;
		stack[sp] = i;
		sd[sp++] = 0;
		while (sp > 0) {
			size_t	cur = stack[--sp], d = sd[sp];

			if (done[cur])
				continue;
			done[cur] = 1;
			order[n] = cur;
			depth[n++] = d;
			/* Push replies in reverse so they pop in order. */
			for (k = c.nrows; k-- > 0; )
				if (DB_CELL(&c, k, 1) != NULL && !done[k] &&
				    strcmp(DB_CELL(&c, k, 1),
				    DB_CELL(&c, cur, 0)) == 0 && sp < 64) {
					stack[sp] = k;
					sd[sp++] = d + 1 > 4 ? 4 : d + 1;
				}
		}
	}
	for (j = 0; j < n; j++) {
		static const char *const f[] = { "Id", "Parent", "User", "Body",
		    "At", "Mentions" };
		char	dep[8];

		for (k = 0; k < NELEM(f); k++)
			app_cell(r, "Comments", j, f[k],
			    DB_CELL(&c, order[j], k));
		snprintf(dep, sizeof(dep), "%zu", depth[j]);
		app_cell(r, "Comments", j, "Depth", dep);
	}
	free(order);
	free(depth);
	free(done);
	db_rows_free(&c);
	return 0;
}

int
workflow_panel(struct req *r, const struct wf_contract *c)
{
	struct db_rows	 rows;
	const char	*status = c->status;
	long long	 contract = c->id, type_id = c->type_id, t;
	int		 my_turn, can_edit = c->can_edit;
	size_t		 i;

	if (approval(r, contract, &my_turn) == -1 || comments(r, contract) == -1)
		return -1;
	if (my_turn)
		tmpl_set(r->tmpl, "WF.Can.decide", "1");
	if (strcmp(status, "review") == 0 && has(r, PERM_CONTRACTS_REVIEW))
		tmpl_set(r->tmpl, "WF.Can.review", "1");
	if (can_edit) {
		if (strcmp(status, "draft") == 0)
			tmpl_set(r->tmpl, "WF.Can.submit", "1");
		if (strcmp(status, "approved") == 0 ||
		    strcmp(status, "signing") == 0)
			tmpl_set(r->tmpl, "WF.Can.executed", "1");
		if (strcmp(status, "executed") == 0)
			tmpl_set(r->tmpl, "WF.Can.activate", "1");
		if (strcmp(status, "active") == 0) {
			tmpl_set(r->tmpl, "WF.Can.expire", "1");
			tmpl_set(r->tmpl, "WF.Can.terminate", "1");
		}
		if (strcmp(status, "executed") == 0)
			tmpl_set(r->tmpl, "WF.Can.terminate", "1");
		if (strcmp(status, "draft") == 0 ||
		    strcmp(status, "review") == 0 ||
		    strcmp(status, "approval") == 0 ||
		    strcmp(status, "approved") == 0)
			tmpl_set(r->tmpl, "WF.Can.cancel", "1");
	}
	if (has(r, PERM_CONTRACTS_COMMENT))
		tmpl_set(r->tmpl, "WF.Can.comment", "1");
	if (can_edit && strcmp(status, "draft") == 0) {
		if (DB_RUN0(r, &st_wf_routes, &rows) == -1)
			return -1;
		for (i = 0; i < rows.nrows; i++) {
			app_cell(r, "Routes", i, "Id", DB_CELL(&rows, i, 0));
			app_cell(r, "Routes", i, "Name", DB_CELL(&rows, i, 1));
			t = 0;
			if (DB_CELL(&rows, i, 2) != NULL)
				util_parse_int64(DB_CELL(&rows, i, 2), &t);
			if (t != 0 && t == type_id)
				app_cell(r, "Routes", i, "ForType", "1");
		}
		db_rows_free(&rows);
	}
	if (has(r, PERM_CONTRACTS_COMMENT)) {
		if (DB_RUN(r, &st_wf_people, &rows, DBI(c->dept),
		    DBI(c->owner), DBI(c->id)) == -1)
			return -1;
		for (i = 0; i < rows.nrows; i++) {
			app_cell(r, "People", i, "Id", DB_CELL(&rows, i, 0));
			app_cell(r, "People", i, "Name", DB_CELL(&rows, i, 1));
		}
		db_rows_free(&rows);
	}
	return 0;
}
