/*
 * workflow: the moves of a contract from draft to executed and on
 * (lib/workflow.h draws them), the approval along a route, comments,
 * and the admin pages that define the approval routes.
 *
 * Every move runs in one transaction that first locks the contract row
 * (SELECT ... FOR UPDATE) and checks the status it starts from, so two
 * people acting at once end in one consistent state: the second finds
 * the contract moved on and gets 409 with a message.  Each move writes
 * the contract's history (status, old, new, the comment as reason) and
 * the operation log.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "oplog.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"
#include "workflow.h"

enum key {
	KEY_ACTION,
	KEY_ROUTE,
	KEY_COMMENT,
	KEY_BODY,
	KEY_PARENT,
	KEY_NAME,
	KEY_TYPE,
	KEY_ACTIVE,
	KEY_APPROVER,
	KEY_RULE,
	KEY__MAX
};

static int
valid_action(const char *s, size_t n)
{
	static const char *const a[] = { "submit", "review_ok", "review_back",
	    "approve", "reject", "send_back", "executed", "activate", "expire",
	    "terminate", "cancel" };
	size_t	i;

	(void)n;
	for (i = 0; i < NELEM(a); i++)
		if (strcmp(s, a[i]) == 0)
			return 1;
	return 0;
}

/* An approver of a route step: "user:2", "role:3", "department:1". */
static int
valid_approver(const char *s, size_t n)
{
	const char	*c = strchr(s, ':');

	if (c == NULL || !valid_id(c + 1, n - (size_t)(c + 1 - s)))
		return 0;
	return (c - s == 4 && strncmp(s, "user", 4) == 0) ||
	    (c - s == 4 && strncmp(s, "role", 4) == 0) ||
	    (c - s == 10 && strncmp(s, "department", 10) == 0);
}

static int
valid_rule(const char *s, size_t n)
{
	(void)n;
	return strcmp(s, "any") == 0 || strcmp(s, "all") == 0;
}

static int
valid_comment(const char *s, size_t n)
{
	return n <= 2000 && valid_text(s, n);
}

static int
valid_name(const char *s, size_t n)
{
	return n > 0 && n <= 100 && valid_line(s, n);
}

static int
valid_flag(const char *s, size_t n)
{
	return n == 1 && (s[0] == '0' || s[0] == '1');
}

static const struct http_key keys[KEY__MAX] = {
	{ "action", valid_action },
	{ "route_id", valid_opt_id },
	{ "comment", valid_comment },
	{ "body", valid_comment },
	{ "parent_id", valid_opt_id },
	{ "name", valid_name },
	{ "type_id", valid_opt_id },
	{ "active", valid_flag },
	{ "approver", valid_approver },
	{ "rule", valid_rule },
};

DB_STMT_TENANT(st_c_lock,
    "SELECT status, department_id, owner_id, type_id, title FROM contracts "
    "WHERE organisation_id = ? AND id = ? FOR UPDATE");
DB_STMT_TENANT(st_c_status,
    "UPDATE contracts SET organisation_id = ?, status = ?, "
    "updated_at = NOW(6) "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_c_hist,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) "
    "VALUES (?, ?, ?, 'status', ?, ?, ?)");
DB_STMT_TENANT(st_route_for,
    "SELECT r.id, r.name FROM approval_routes r WHERE r.organisation_id = ? "
    "AND r.active = 1 AND (r.id = ? OR (? = 0 AND r.type_id = ?)) "
    "AND EXISTS (SELECT 1 FROM approval_route_steps s WHERE s.route_id = r.id) "
    "ORDER BY r.id LIMIT 1");
DB_STMT_TENANT(st_ap_insert,
    "INSERT INTO approvals (organisation_id, contract_id, route_id, "
    "route_name, started_by) VALUES (?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_ap_copy,
    "INSERT INTO approval_steps (organisation_id, approval_id, position, "
    "approver_kind, approver_id, rule) SELECT s.organisation_id, a.id, "
    "s.position, s.approver_kind, s.approver_id, s.rule "
    "FROM approvals a JOIN approval_route_steps s ON s.organisation_id = "
    "a.organisation_id AND s.route_id = a.route_id "
    "WHERE a.organisation_id = ? AND a.id = ? ORDER BY s.position");
DB_STMT_TENANT(st_ap_current,
    "SELECT id, state, position, route_id, route_name FROM approvals "
    "WHERE organisation_id = ? AND contract_id = ? "
    "ORDER BY id DESC LIMIT 1 FOR UPDATE");
DB_STMT_TENANT(st_ap_set,
    "UPDATE approvals SET organisation_id = ?, state = ?, position = ?, "
    "finished_at = "
    "IF(? = 1, NOW(6), NULL) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_ap_withdraw,
    "UPDATE approvals SET organisation_id = ?, state = 'withdrawn', "
    "finished_at = NOW(6) WHERE organisation_id = ? AND contract_id = ? "
    "AND state IN ('review', 'approval')");
DB_STMT_TENANT(st_step_at,
    "SELECT id, approver_kind, approver_id, rule FROM approval_steps "
    "WHERE organisation_id = ? AND approval_id = ? AND position = ?");
DB_STMT_TENANT(st_step_set,
    "UPDATE approval_steps SET organisation_id = ?, state = ? "
    "WHERE organisation_id = ? AND id = ?");
/* The users a step names: one user, a role's or a department's members. */
DB_STMT_TENANT(st_step_assign,
    "INSERT INTO approval_assignments (organisation_id, contract_id, "
    "step_id, user_id) SELECT s.organisation_id, a.contract_id, s.id, u.id "
    "FROM approval_steps s JOIN approvals a ON a.id = s.approval_id "
    "JOIN users u ON u.organisation_id = s.organisation_id "
    "WHERE s.organisation_id = ? AND s.id = ? AND u.disabled = 0 AND ("
    "(s.approver_kind = 'user' AND u.id = s.approver_id) OR "
    "(s.approver_kind = 'department' AND u.department_id = s.approver_id) OR "
    "(s.approver_kind = 'role' AND EXISTS (SELECT 1 FROM user_roles ur "
    "WHERE ur.user_id = u.id AND ur.role_id = s.approver_id)))");
DB_STMT_TENANT(st_my_assignment,
    "SELECT a.id, a.decision FROM approval_assignments a "
    "WHERE a.organisation_id = ? AND a.step_id = ? AND a.user_id = ? "
    "FOR UPDATE");
DB_STMT_TENANT(st_was_assigned,
    "SELECT 1 FROM approval_assignments a JOIN approval_steps s "
    "ON s.id = a.step_id WHERE a.organisation_id = ? AND s.approval_id = ? "
    "AND a.user_id = ? LIMIT 1");
DB_STMT_TENANT(st_decide,
    "UPDATE approval_assignments SET organisation_id = ?, decision = ?, "
    "comment = ?, "
    "decided_at = NOW(6) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_step_open,
    "SELECT COUNT(*) FROM approval_assignments WHERE organisation_id = ? "
    "AND step_id = ? AND (decision IS NULL OR decision <> 'approve')");
DB_STMT_TENANT(st_comment_add,
    "INSERT INTO contract_comments (organisation_id, contract_id, "
    "parent_id, user_id, body) VALUES (?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_comment_parent,
    "SELECT id FROM contract_comments WHERE organisation_id = ? "
    "AND id = ? AND contract_id = ?");
DB_STMT_TENANT(st_mention_ok,
    "SELECT u.id FROM users u WHERE u.organisation_id = ? AND u.id = ? "
    "AND u.disabled = 0 AND " WF_SEES_CONTRACT);
DB_STMT_TENANT(st_mention_notify,
    "INSERT INTO notifications (organisation_id, user_id, kind, "
    "contract_id, dedup_key) VALUES (?, ?, 'mention', ?, ?) "
    "ON DUPLICATE KEY UPDATE id = id");
DB_STMT_TENANT(st_mention_unread,
    "UPDATE users SET organisation_id = ?, "
    "unread_notifications = unread_notifications + 1 "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_mention_add,
    "INSERT IGNORE INTO comment_mentions (organisation_id, comment_id, "
    "user_id) VALUES (?, ?, ?)");

DB_STMT_TENANT(st_mention_mail,
    "SELECT u.email, u.name, u.lang, c.title, c.number, a.name "
    "FROM contracts c JOIN users u ON u.organisation_id = c.organisation_id "
    "JOIN users a ON a.organisation_id = c.organisation_id "
    "WHERE c.organisation_id = ? AND c.id = ? AND u.id = ? AND a.id = ?");

/*
 * The mail of a mention to user uid, about comment body on the path's
 * contract, queued in the comment's transaction; 0, or -1.
 */
static int
mention_mail(struct req *r, long long uid, const char *body)
{
	struct db_rows	 rows;
	char		 link[512];
	int		 rc = 0;

	if (DB_RUN(r, &st_mention_mail, &rows, DBI(r->path_id), DBI(uid),
	    DBI(r->user.user_id)) == -1)
		return -1;
	if (rows.nrows == 1 && mail_valid_addr(DB_CELL(&rows, 0, 0))) {
		snprintf(link, sizeof(link), "%s/contracts/%lld#comments",
		    r->conf->base_url, r->path_id);
		{
			const char *const vals[] = {
			    "Title", DB_CELL(&rows, 0, 3),
			    "title", DB_CELL(&rows, 0, 3),
			    "Number", DB_CELL(&rows, 0, 4) ?
			    DB_CELL(&rows, 0, 4) : "",
			    "name", DB_CELL(&rows, 0, 1),
			    "Author", DB_CELL(&rows, 0, 5) ?
			    DB_CELL(&rows, 0, 5) : "",
			    "Body", body, "Link", link, NULL };
			const char *const fills[] = {
			    "Greeting", "mail.greeting",
			    "Text", "notify.mention",
			    "Subject", "mail.subject.mention", NULL };
			struct mail_req	 q = { r->user.org_id, uid,
			    r->path_id, "mention", DB_CELL(&rows, 0, 0),
			    DB_CELL(&rows, 0, 1),
			    strcmp(DB_CELL(&rows, 0, 2), "en") == 0 ?
			    "en" : "ja", "mention", vals, fills, 0 };

			if (mail_enqueue(r->db, r->conf, r->rid, &q) == -1)
				rc = -1;
		}
	}
	db_rows_free(&rows);
	return rc;
}

/* The contract of the path, locked, inside the caller's transaction. */
struct locked {
	char		 status[16];
	long long	 dept, owner, type;
	char		*title;
};

static void
back_to_contract(struct req *r)
{
	char	loc[64];

	snprintf(loc, sizeof(loc), "/contracts/%lld", r->path_id);
	app_back(r, loc);
}

/* Begins the transaction and locks the contract.  0, or -1 answered. */
static int
lock_contract(struct req *r, struct locked *c)
{
	struct db_rows	rows;

	memset(c, 0, sizeof(*c));
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_c_lock, &rows, DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return -1;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		db_rollback(r);
		app_error(r, 404);
		return -1;
	}
	snprintf(c->status, sizeof(c->status), "%s", DB_CELL(&rows, 0, 0));
	c->dept = util_num(DB_CELL(&rows, 0, 1));
	c->owner = util_num(DB_CELL(&rows, 0, 2));
	c->type = util_num(DB_CELL(&rows, 0, 3));
	c->title = xstrdup(DB_CELL(&rows, 0, 4));
	db_rows_free(&rows);
	return 0;
}

static int
set_status(struct req *r, const char *from, const char *to,
    const char *comment, const char *what)
{
	char	*detail;
	int	 rc;

	detail = xasprintf("%s: %s → %s%s%s", what, from, to,
	    comment && *comment ? ": " : "", comment ? comment : "");
	rc = DB_RUN(r, &st_c_status, NULL, DBS(to), DBI(r->user.org_id),
	    DBI(r->path_id)) == -1 ||
	    DB_RUN(r, &st_c_hist, NULL, DBI(r->path_id), DBI(r->user.user_id),
	    DBS(from), DBS(to), DBS(comment ? comment : "")) == -1 ||
	    oplog_add(r, r->path_id, "status.change", detail) == -1 ? -1 : 0;
	free(detail);
	return rc;
}

/*
 * Makes step pos of approval ap pending and assigns its deciders.
 * Returns 1, 0 when there is no such step, -1 on error, -2 when the
 * step names nobody who could decide.
 */
static int
open_step(struct req *r, long long ap, long long pos)
{
	struct db_rows	 s, ins;
	long long	 sid;
	int		 rc;

	if (DB_RUN(r, &st_step_at, &s, DBI(ap), DBI(pos)) == -1)
		return -1;
	if (s.nrows == 0) {
		db_rows_free(&s);
		return 0;
	}
	sid = util_num(DB_CELL(&s, 0, 0));
	db_rows_free(&s);
	rc = DB_RUN(r, &st_step_assign, &ins, DBI(sid));
	if (rc == -1)
		return -1;
	rc = ins.affected > 0 ? 1 : -2;
	db_rows_free(&ins);
	if (rc == 1 && DB_RUN(r, &st_step_set, NULL, DBS("pending"), DBI(r->user.org_id),
	    DBI(sid)) == -1)
		return -1;
	return rc;
}

static int
has(const struct req *r, enum perm p)
{
	return (r->user.perms & ((uint64_t)1 << p)) != 0;
}

/* Commits and goes back to the contract page. */
static void
done(struct req *r, struct locked *c)
{
	char	loc[64];

	free(c->title);
	if (db_commit(r) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	snprintf(loc, sizeof(loc), "/contracts/%lld#workflow", r->path_id);
	http_redirect(r, 303, loc);
}

static void
fail(struct req *r, struct locked *c, int status, const char *msg)
{
	free(c->title);
	db_rollback(r);
	back_to_contract(r);
	if (msg != NULL)
		app_error_msg(r, status, msg);
	else
		app_error(r, status);
}

/* draft → review: a route chosen by hand or by the contract type. */
static void
act_submit(struct req *r, struct locked *c, const char *comment)
{
	struct db_rows	rows;
	long long	route = util_num(app_in(r, KEY_ROUTE)), ap;
	char		*name;

	if (DB_RUN(r, &st_route_for, &rows, DBI(route), DBI(route),
	    DBI(c->type)) == -1) {
		fail(r, c, 503, NULL);
		return;
	}
	if (rows.nrows == 0) {
		db_rows_free(&rows);
		fail(r, c, 422, route ? "workflow.bad_route" : "workflow.no_route");
		return;
	}
	route = util_num(DB_CELL(&rows, 0, 0));
	name = xstrdup(DB_CELL(&rows, 0, 1));
	db_rows_free(&rows);
	if (DB_RUN(r, &st_ap_insert, &rows, DBI(r->path_id), DBI(route),
	    DBS(name), DBI(r->user.user_id)) == -1) {
		free(name);
		fail(r, c, 503, NULL);
		return;
	}
	ap = rows.insert_id;
	db_rows_free(&rows);
	free(name);
	if (DB_RUN(r, &st_ap_copy, NULL, DBI(ap)) == -1 ||
	    set_status(r, "draft", "review", comment, "submit") == -1) {
		fail(r, c, 503, NULL);
		return;
	}
	done(r, c);
}

/*
 * review → approval (the first step opens) or review → draft.
 * send_back from approval comes here too, with a new approval.
 */
static void
act_review(struct req *r, struct locked *c, const char *comment, int ok)
{
	struct db_rows	a;
	long long	ap;
	int		rc;

	if (DB_RUN(r, &st_ap_current, &a, DBI(r->path_id)) == -1) {
		fail(r, c, 503, NULL);
		return;
	}
	if (a.nrows == 0 || strcmp(DB_CELL(&a, 0, 1), "review") != 0) {
		db_rows_free(&a);
		fail(r, c, 409, "workflow.moved_on");
		return;
	}
	ap = util_num(DB_CELL(&a, 0, 0));
	db_rows_free(&a);
	if (!ok) {
		if (DB_RUN(r, &st_ap_set, NULL, DBS("withdrawn"), DBI(0), DBI(1),
		    DBI(r->user.org_id), DBI(ap)) == -1 ||
		    set_status(r, "review", "draft", comment, "review_back") == -1)
			fail(r, c, 503, NULL);
		else
			done(r, c);
		return;
	}
	if ((rc = open_step(r, ap, 1)) != 1) {
		fail(r, c, rc == -1 ? 503 : 422, rc == -1 ? NULL :
		    "workflow.no_approvers");
		return;
	}
	if (DB_RUN(r, &st_ap_set, NULL, DBS("approval"), DBI(1), DBI(0),
	    DBI(r->user.org_id), DBI(ap)) == -1 ||
	    set_status(r, "review", "approval", comment, "review_ok") == -1) {
		fail(r, c, 503, NULL);
		return;
	}
	done(r, c);
}

/* An approver's decision on the step now pending. */
static void
act_decide(struct req *r, struct locked *c, const char *decision,
    const char *comment)
{
	struct db_rows	 a, s, m;
	long long	 ap, pos, route, sid, open;
	char		*detail = NULL, *rname = NULL;
	int		 rc;

	if (DB_RUN(r, &st_ap_current, &a, DBI(r->path_id)) == -1) {
		fail(r, c, 503, NULL);
		return;
	}
	if (a.nrows == 0 || strcmp(DB_CELL(&a, 0, 1), "approval") != 0) {
		db_rows_free(&a);
		fail(r, c, 409, "workflow.moved_on");
		return;
	}
	ap = util_num(DB_CELL(&a, 0, 0));
	pos = util_num(DB_CELL(&a, 0, 2));
	route = util_num(DB_CELL(&a, 0, 3));
	rname = xstrdup(DB_CELL(&a, 0, 4));
	db_rows_free(&a);
	if (DB_RUN(r, &st_step_at, &s, DBI(ap), DBI(pos)) == -1) {
		fail(r, c, 503, NULL);
		goto out;
	}
	sid = s.nrows ? util_num(DB_CELL(&s, 0, 0)) : 0;
	db_rows_free(&s);
	if (DB_RUN(r, &st_my_assignment, &m, DBI(sid),
	    DBI(r->user.user_id)) == -1) {
		fail(r, c, 503, NULL);
		goto out;
	}
	if (m.nrows == 0 || DB_CELL(&m, 0, 1) != NULL) {
		/*
		 * Already decided, or the approval moved on past the
		 * user's step: 409.  Never asked in this approval: 403.
		 */
		rc = m.nrows == 0;
		db_rows_free(&m);
		if (rc && DB_RUN(r, &st_was_assigned, &m, DBI(ap),
		    DBI(r->user.user_id)) == 0) {
			rc = m.nrows == 0;
			db_rows_free(&m);
		}
		fail(r, c, rc ? 403 : 409, rc ? "workflow.not_approver" :
		    "workflow.moved_on");
		goto out;
	}
	rc = DB_RUN(r, &st_decide, NULL, DBS(decision), DBS(comment),
	    DBI(r->user.org_id), DBS(DB_CELL(&m, 0, 0)));
	db_rows_free(&m);
	detail = xasprintf("step %lld: %s%s%s", pos, decision,
	    *comment ? ": " : "", comment);
	if (rc == -1 || oplog_add(r, r->path_id, "approval.decision",
	    detail) == -1) {
		fail(r, c, 503, NULL);
		goto out;
	}
	if (strcmp(decision, "reject") == 0) {
		if (DB_RUN(r, &st_step_set, NULL, DBS("rejected"),
		    DBI(r->user.org_id), DBI(sid)) == -1 ||
		    DB_RUN(r, &st_ap_set, NULL, DBS("rejected"), DBI(pos),
		    DBI(1), DBI(r->user.org_id), DBI(ap)) == -1 ||
		    set_status(r, "approval", "draft", comment, "reject") == -1)
			fail(r, c, 503, NULL);
		else
			done(r, c);
		goto out;
	}
	if (strcmp(decision, "send_back") == 0) {
		/* Back to legal review, with a fresh copy of the route. */
		if (DB_RUN(r, &st_step_set, NULL, DBS("sent_back"),
		    DBI(r->user.org_id), DBI(sid)) == -1 ||
		    DB_RUN(r, &st_ap_set, NULL, DBS("withdrawn"), DBI(pos),
		    DBI(1), DBI(r->user.org_id), DBI(ap)) == -1 ||
		    DB_RUN(r, &st_ap_insert, &a, DBI(r->path_id), DBI(route),
		    DBS(rname), DBI(r->user.user_id)) == -1) {
			fail(r, c, 503, NULL);
			goto out;
		}
		ap = a.insert_id;
		db_rows_free(&a);
		if (DB_RUN(r, &st_ap_copy, NULL, DBI(ap)) == -1 ||
		    set_status(r, "approval", "review", comment, "send_back") == -1)
			fail(r, c, 503, NULL);
		else
			done(r, c);
		goto out;
	}
	/* Approve: the step is done when its rule is met. */
	if (DB_RUN(r, &st_step_open, &s, DBI(sid)) == -1) {
		fail(r, c, 503, NULL);
		goto out;
	}
	open = util_num(DB_CELL(&s, 0, 0));
	db_rows_free(&s);
	if (DB_RUN(r, &st_step_at, &s, DBI(ap), DBI(pos)) == -1) {
		fail(r, c, 503, NULL);
		goto out;
	}
	rc = strcmp(DB_CELL(&s, 0, 3), "any") == 0 || open == 0;
	db_rows_free(&s);
	if (!rc) {
		done(r, c);
		goto out;
	}
	if (DB_RUN(r, &st_step_set, NULL, DBS("approved"), DBI(r->user.org_id),
	    DBI(sid)) == -1) {
		fail(r, c, 503, NULL);
		goto out;
	}
	for (pos++;; pos++) {
		rc = open_step(r, ap, pos);
		if (rc != -2)
			break;
		/* A step that names nobody any more cannot hold it up forever. */
		fail(r, c, 422, "workflow.no_approvers");
		goto out;
	}
	if (rc == -1) {
		fail(r, c, 503, NULL);
		goto out;
	}
	if (rc == 1) {
		if (DB_RUN(r, &st_ap_set, NULL, DBS("approval"), DBI(pos),
		    DBI(0), DBI(r->user.org_id), DBI(ap)) == -1)
			fail(r, c, 503, NULL);
		else
			done(r, c);
		goto out;
	}
	if (DB_RUN(r, &st_ap_set, NULL, DBS("approved"), DBI(pos - 1), DBI(1),
	    DBI(r->user.org_id), DBI(ap)) == -1 ||
	    set_status(r, "approval", "approved", comment, "approve") == -1)
		fail(r, c, 503, NULL);
	else
		done(r, c);
out:
	free(detail);
	free(rname);
}

/* The plain moves: from which statuses, to which. */
static const struct move {
	const char	*action;
	const char	*from[5];
	const char	*to;
} moves[] = {
	{ "executed", { "approved", "signing" }, "executed" },
	{ "activate", { "executed" }, "active" },
	{ "expire", { "active" }, "expired" },
	{ "terminate", { "executed", "active" }, "terminated" },
	{ "cancel", { "draft", "review", "approval", "approved" }, "cancelled" },
};

/* POST /contracts/#/workflow */
static void
post_move(struct req *r)
{
	struct locked	 c;
	const char	*action = app_in(r, KEY_ACTION);
	const char	*comment = app_in(r, KEY_COMMENT);
	enum authz	 a;
	size_t		 i, k;
	int		 decide, review;

	back_to_contract(r);
	if (lock_contract(r, &c) == -1)
		return;
	/* The contract first, so that any answer about it says nothing. */
	if (authz_contract(r, PERM_CONTRACTS_VIEW, r->path_id, r->user.org_id,
	    c.dept, c.owner) != AUTHZ_OK) {
		fail(r, &c, 404, NULL);
		return;
	}
	if (action == NULL || (app_in_present(r, KEY_ROUTE) &&
	    app_in(r, KEY_ROUTE) == NULL) ||
	    (app_in_present(r, KEY_COMMENT) && comment == NULL)) {
		fail(r, &c, 400, "workflow.bad_request");
		return;
	}
	if (comment == NULL)
		comment = "";
	decide = strcmp(action, "approve") == 0 ||
	    strcmp(action, "reject") == 0 || strcmp(action, "send_back") == 0;
	/*
	 * Deciding needs the contract in sight (approvers see it) and the
	 * turn (act_decide); the legal review, contracts.review; the
	 * other moves, the right to edit the contract.
	 */
	review = strcmp(action, "review_ok") == 0 ||
	    strcmp(action, "review_back") == 0;
	a = authz_contract(r, decide || review ? PERM_CONTRACTS_VIEW :
	    PERM_CONTRACTS_EDIT, r->path_id, r->user.org_id, c.dept, c.owner);
	if (a == AUTHZ_OK && review && !has(r, PERM_CONTRACTS_REVIEW))
		a = AUTHZ_FORBIDDEN;
	if (a != AUTHZ_OK) {
		fail(r, &c, authz_status(a), a == AUTHZ_FORBIDDEN ?
		    "workflow.not_allowed" : NULL);
		return;
	}
	if ((strcmp(action, "review_back") == 0 || strcmp(action, "reject") == 0 ||
	    strcmp(action, "send_back") == 0) && *comment == '\0') {
		fail(r, &c, 422, "workflow.comment_needed");
		return;
	}
	if (strcmp(action, "submit") == 0) {
		if (strcmp(c.status, "draft") != 0)
			fail(r, &c, 409, "workflow.moved_on");
		else
			act_submit(r, &c, comment);
		return;
	}
	if (review) {
		if (strcmp(c.status, "review") != 0)
			fail(r, &c, 409, "workflow.moved_on");
		else
			act_review(r, &c, comment,
			    strcmp(action, "review_ok") == 0);
		return;
	}
	if (decide) {
		if (strcmp(c.status, "approval") != 0)
			fail(r, &c, 409, "workflow.moved_on");
		else
			act_decide(r, &c, action, comment);
		return;
	}
	for (i = 0; i < NELEM(moves); i++) {
		if (strcmp(moves[i].action, action) != 0)
			continue;
		for (k = 0; k < NELEM(moves[i].from) && moves[i].from[k]; k++)
			if (strcmp(moves[i].from[k], c.status) == 0)
				break;
		if (k == NELEM(moves[i].from) || moves[i].from[k] == NULL) {
			fail(r, &c, 409, "workflow.moved_on");
			return;
		}
		/* Cancelling ends an approval under way. */
		if ((strcmp(action, "cancel") == 0 && DB_RUN(r, &st_ap_withdraw,
		    NULL, DBI(r->user.org_id), DBI(r->path_id)) == -1) ||
		    set_status(r, c.status, moves[i].to, comment, action) == -1) {
			fail(r, &c, 503, NULL);
			return;
		}
		done(r, &c);
		return;
	}
	fail(r, &c, 400, "workflow.bad_request");
}

/*
 * POST /contracts/#/comments: body, an optional parent (a reply) and
 * any number of "mention" user ids, each of whom must be able to see
 * the contract (a mention never shows a contract to someone new).
 */
static void
post_comment(struct req *r)
{
	struct locked	 c;
	struct db_rows	 rows;
	const char	*body = app_in(r, KEY_BODY), *parent = app_in(r, KEY_PARENT);
	long long	 id, uid;
	size_t		 i, nm = 0;
	enum authz	 a;

	back_to_contract(r);
	if (lock_contract(r, &c) == -1)
		return;
	a = authz_contract(r, PERM_CONTRACTS_COMMENT, r->path_id,
	    r->user.org_id, c.dept, c.owner);
	if (a != AUTHZ_OK) {
		fail(r, &c, authz_status(a), NULL);
		return;
	}
	if (app_in_present(r, KEY_PARENT) && parent == NULL) {
		fail(r, &c, 400, "workflow.bad_parent");
		return;
	}
	if (body == NULL || *body == '\0') {
		fail(r, &c, app_in_present(r, KEY_BODY) && body == NULL ? 400 :
		    422, "workflow.comment_empty");
		return;
	}
	if (parent != NULL && *parent != '\0') {
		if (DB_RUN(r, &st_comment_parent, &rows, DBI(util_num(parent)),
		    DBI(r->path_id)) == -1) {
			fail(r, &c, 503, NULL);
			return;
		}
		i = rows.nrows;
		db_rows_free(&rows);
		if (i == 0) {
			fail(r, &c, 422, "workflow.bad_parent");
			return;
		}
	}
	if (DB_RUN(r, &st_comment_add, &rows, DBI(r->path_id),
	    parent && *parent ? DBI(util_num(parent)) : DBS(NULL),
	    DBI(r->user.user_id), DBS(body)) == -1) {
		fail(r, &c, 503, NULL);
		return;
	}
	id = rows.insert_id;
	db_rows_free(&rows);
	for (i = 0; i < r->form_kv.n; i++) {
		if (strcmp(r->form_kv.v[i].key, "mention") != 0)
			continue;
		if (util_parse_int64(r->form_kv.v[i].val, &uid) == -1 ||
		    uid <= 0 || ++nm > 50) {
			fail(r, &c, 400, "workflow.bad_mention");
			return;
		}
		if (DB_RUN(r, &st_mention_ok, &rows, DBI(uid), DBI(c.dept),
		    DBI(c.owner), DBI(r->path_id)) == -1) {
			fail(r, &c, 503, NULL);
			return;
		}
		a = rows.nrows == 1 ? AUTHZ_OK : AUTHZ_NOTFOUND;
		db_rows_free(&rows);
		if (a != AUTHZ_OK) {
			fail(r, &c, 422, "workflow.bad_mention");
			return;
		}
		if (DB_RUN(r, &st_mention_add, &rows, DBI(id), DBI(uid)) == -1) {
			fail(r, &c, 503, NULL);
			return;
		}
		/* The person mentioned hears of it (once, never oneself). */
		if (rows.affected > 0 && uid != r->user.user_id) {
			char	key[64];

			snprintf(key, sizeof(key), "mention:%lld", id);
			if (DB_RUN(r, &st_mention_notify, NULL, DBI(uid),
			    DBI(r->path_id), DBS(key)) == -1 ||
			    DB_RUN(r, &st_mention_unread, NULL,
			    DBI(r->user.org_id), DBI(uid)) == -1 ||
			    mention_mail(r, uid, body) == -1) {
				db_rows_free(&rows);
				fail(r, &c, 503, NULL);
				return;
			}
		}
		db_rows_free(&rows);
	}
	if (oplog_add(r, r->path_id, "comment.add", body) == -1) {
		fail(r, &c, 503, NULL);
		return;
	}
	done(r, &c);
}

/* The approval routes' admin pages (workflow.admin). */

DB_STMT_TENANT(st_routes_list,
    "SELECT r.id, r.name, t.name, r.active, (SELECT COUNT(*) FROM "
    "approval_route_steps s WHERE s.route_id = r.id) FROM approval_routes r "
    "LEFT JOIN contract_types t ON t.id = r.type_id "
    "WHERE r.organisation_id = ? ORDER BY r.name");
DB_STMT_TENANT(st_route_get,
    "SELECT id, name, type_id, active FROM approval_routes "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_route_add,
    "INSERT INTO approval_routes (organisation_id, name, type_id) "
    "VALUES (?, ?, ?)");
DB_STMT_TENANT(st_route_update,
    "UPDATE approval_routes SET organisation_id = ?, name = ?, type_id = ?, "
    "active = ? WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_route_name_used,
    "SELECT id FROM approval_routes WHERE organisation_id = ? AND name = ? "
    "AND id <> ?");
DB_STMT_TENANT(st_rsteps,
    "SELECT s.id, s.position, s.approver_kind, s.rule, "
    "CASE s.approver_kind WHEN 'user' THEN u.name WHEN 'department' "
    "THEN d.name ELSE ro.code END "
    "FROM approval_route_steps s "
    "LEFT JOIN users u ON s.approver_kind = 'user' AND u.id = s.approver_id "
    "LEFT JOIN departments d ON s.approver_kind = 'department' "
    "AND d.id = s.approver_id "
    "LEFT JOIN roles ro ON s.approver_kind = 'role' AND ro.id = s.approver_id "
    "WHERE s.organisation_id = ? AND s.route_id = ? ORDER BY s.position");
DB_STMT_TENANT(st_route_lock,
    "SELECT COALESCE((SELECT MAX(s.position) FROM approval_route_steps s "
    "WHERE s.route_id = r.id), 0) + 1 FROM approval_routes r "
    "WHERE r.organisation_id = ? AND r.id = ? FOR UPDATE");
DB_STMT_TENANT(st_rstep_add,
    "INSERT INTO approval_route_steps (organisation_id, route_id, position, "
    "approver_kind, approver_id, rule) VALUES (?, ?, ?, ?, ?, ?)");
DB_STMT_TENANT(st_rstep_del,
    "DELETE FROM approval_route_steps WHERE organisation_id = ? "
    "AND route_id = ? AND id = ?");
DB_STMT_TENANT(st_rstep_renumber,
    "UPDATE approval_route_steps SET position = position - 1 "
    "WHERE organisation_id = ? AND route_id = ? AND position > ? "
    "ORDER BY position");
DB_STMT_TENANT(st_rstep_pos,
    "SELECT position, approver_kind, approver_id, rule FROM "
    "approval_route_steps WHERE organisation_id = ? "
    "AND route_id = ? AND id = ? FOR UPDATE");
DB_STMT_TENANT(st_ra_types,
    "SELECT id, name FROM contract_types WHERE organisation_id = ? "
    "ORDER BY sort, id");
DB_STMT_TENANT(st_ra_users,
    "SELECT id, name FROM users WHERE organisation_id = ? AND disabled = 0 "
    "ORDER BY id");
DB_STMT_TENANT(st_ra_depts,
    "SELECT id, name FROM departments WHERE organisation_id = ? ORDER BY id");
DB_STMT_GLOBAL(st_ra_roles, "the organisation roles are the same for all",
    "SELECT id, code FROM roles WHERE scope = 'organisation' ORDER BY sort");
DB_STMT_TENANT(st_ra_user_ok,
    "SELECT id FROM users WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_ra_dept_ok,
    "SELECT id FROM departments WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_ra_type_ok,
    "SELECT id FROM contract_types WHERE organisation_id = ? AND id = ?");
DB_STMT_GLOBAL(st_ra_role_ok, "the organisation roles are the same for all",
    "SELECT id FROM roles WHERE scope = 'organisation' AND id = ?");

/* Puts rows (id, name) under prefix.N.Id / .Name. */
static int
list(struct req *r, const struct db_stmt *st, const char *prefix,
    const char *label_group)
{
	struct db_rows	rows;
	size_t		i;

	if (DB_RUN0(r, st, &rows) == -1)
		return -1;
	for (i = 0; i < rows.nrows; i++) {
		app_cell(r, prefix, i, "Id", DB_CELL(&rows, i, 0));
		if (label_group != NULL) {
			char	key[64];

			snprintf(key, sizeof(key), "%s.%s", label_group,
			    DB_CELL(&rows, i, 1));
			app_cell(r, prefix, i, "Name", app_l(r, key));
		} else
			app_cell(r, prefix, i, "Name", DB_CELL(&rows, i, 1));
	}
	db_rows_free(&rows);
	return 0;
}

static int
row_exists(struct req *r, const struct db_stmt *st, long long id)
{
	struct db_rows	rows;
	int		n;

	if (DB_RUN(r, st, &rows, DBI(id)) == -1)
		return -1;
	n = rows.nrows > 0;
	db_rows_free(&rows);
	return n;
}

static void
routes_page(struct req *r, int status, const char *msg)
{
	struct db_rows	rows;
	size_t		i;
	static const char *const f[] = { "Id", "Name", "Type", "Active",
	    "Steps" };

	if (DB_RUN0(r, &st_routes_list, &rows) == -1 ||
	    list(r, &st_ra_types, "Types", NULL) == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows * NELEM(f); i++)
		app_cell(r, "Routes", i / NELEM(f), f[i % NELEM(f)],
		    DB_CELL(&rows, i / NELEM(f), i % NELEM(f)));
	db_rows_free(&rows);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "admin_routes.cs", "routes.title");
}

static void
page_routes(struct req *r)
{
	routes_page(r, 200, NULL);
}

/* The name is free and the type (if any) is the organisation's. */
static const char *
route_form_ok(struct req *r, long long id)
{
	struct db_rows	rows;
	const char	*type = app_in(r, KEY_TYPE);
	int		 used;

	if (app_in(r, KEY_NAME) == NULL || (app_in_present(r, KEY_TYPE) &&
	    type == NULL) || (app_in_present(r, KEY_ACTIVE) &&
	    app_in(r, KEY_ACTIVE) == NULL))
		return "routes.invalid";
	if (type != NULL && *type != '\0' &&
	    row_exists(r, &st_ra_type_ok, util_num(type)) != 1)
		return "routes.invalid";
	if (DB_RUN(r, &st_route_name_used, &rows, DBS(app_in(r, KEY_NAME)),
	    DBI(id)) == -1)
		return "routes.invalid";
	used = rows.nrows > 0;
	db_rows_free(&rows);
	return used ? "routes.name_used" : NULL;
}

static void
post_routes(struct req *r)
{
	struct db_rows	 rows;
	const char	*why, *type = app_in(r, KEY_TYPE);
	char		 loc[64], *detail;

	if ((why = route_form_ok(r, 0)) != NULL) {
		routes_page(r, 422, why);
		return;
	}
	if (db_begin(r) == -1 || DB_RUN(r, &st_route_add, &rows,
	    DBS(app_in(r, KEY_NAME)), type && *type ? DBI(util_num(type)) :
	    DBS(NULL)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	snprintf(loc, sizeof(loc), "/admin/routes/%lld", rows.insert_id);
	detail = xasprintf("route %lld: %s, contract type %s", rows.insert_id,
	    app_in(r, KEY_NAME), type && *type ? type : "-");
	db_rows_free(&rows);
	app_commit(r, "route.create", detail, loc);
	free(detail);
}

static void
route_page(struct req *r, int status, const char *msg)
{
	struct db_rows	rows;
	size_t		i;

	if (APP_ONE(r, &st_route_get, &rows, DBI(r->path_id)) == -1)
		return;
	tmpl_set(r->tmpl, "Route.Id", DB_CELL(&rows, 0, 0));
	tmpl_set(r->tmpl, "Route.Name", DB_CELL(&rows, 0, 1));
	tmpl_set(r->tmpl, "Route.Type", DB_CELL(&rows, 0, 2));
	tmpl_set(r->tmpl, "Route.Active", DB_CELL(&rows, 0, 3));
	db_rows_free(&rows);
	if (DB_RUN(r, &st_rsteps, &rows, DBI(r->path_id)) == -1 ||
	    list(r, &st_ra_types, "Types", NULL) == -1 ||
	    list(r, &st_ra_users, "Users", NULL) == -1 ||
	    list(r, &st_ra_depts, "Depts", NULL) == -1 ||
	    list(r, &st_ra_roles, "Roles", "role") == -1) {
		app_error(r, 503);
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		app_cell(r, "Steps", i, "Id", DB_CELL(&rows, i, 0));
		app_cell(r, "Steps", i, "Position", DB_CELL(&rows, i, 1));
		app_cell_label(r, "Steps", i, "Kind", "approval.kind",
		    DB_CELL(&rows, i, 2));
		app_cell_label(r, "Steps", i, "Rule", "approval.rule",
		    DB_CELL(&rows, i, 3));
		if (strcmp(DB_CELL(&rows, i, 2), "role") == 0)
			app_cell_label(r, "Steps", i, "Approver", "role",
			    DB_CELL(&rows, i, 4));
		else
			app_cell(r, "Steps", i, "Approver", DB_CELL(&rows, i, 4));
	}
	db_rows_free(&rows);
	if (msg != NULL)
		tmpl_set(r->tmpl, "Form.Error", app_l(r, msg));
	app_page(r, status, "admin_route.cs", "routes.route");
}

static void
page_route(struct req *r)
{
	route_page(r, 200, NULL);
}

/* The route of the path exists in this organisation: 1, 0 (404 sent). */
static int
route_ok(struct req *r)
{
	struct db_rows	rows;
	int		n;

	if (DB_RUN(r, &st_route_get, &rows, DBI(r->path_id)) == -1) {
		app_error(r, 503);
		return 0;
	}
	n = rows.nrows == 1;
	db_rows_free(&rows);
	if (!n)
		app_error(r, 404);
	return n;
}

static void
post_route(struct req *r)
{
	struct db_rows	 old;
	struct buf	 d = { NULL, 0, 0 };
	const char	*why, *type = app_in(r, KEY_TYPE);
	const char	*act = app_in(r, KEY_ACTIVE);
	char		 loc[64], *detail;

	if (!route_ok(r))
		return;
	if ((why = route_form_ok(r, r->path_id)) != NULL) {
		route_page(r, 422, why);
		return;
	}
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_route_get, &old, DBI(r->path_id)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (old.nrows != 1) {
		db_rows_free(&old);
		db_rollback(r);
		app_error(r, 404);
		return;
	}
	if (DB_RUN(r, &st_route_update, NULL, DBS(app_in(r, KEY_NAME)),
	    type && *type ? DBI(util_num(type)) : DBS(NULL),
	    DBI(act != NULL && *act == '1'), DBI(r->user.org_id),
	    DBI(r->path_id)) == -1) {
		db_rows_free(&old);
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	oplog_diff(&d, "name", DB_CELL(&old, 0, 1), app_in(r, KEY_NAME));
	oplog_diff(&d, "contract type", DB_CELL(&old, 0, 2) ?
	    DB_CELL(&old, 0, 2) : "-", type && *type ? type : "-");
	oplog_diff(&d, "active", DB_CELL(&old, 0, 3),
	    act != NULL && *act == '1' ? "1" : "0");
	db_rows_free(&old);
	detail = xasprintf("route %lld: %s", r->path_id, d.len ? d.data :
	    "(nothing changed)");
	buf_free(&d);
	snprintf(loc, sizeof(loc), "/admin/routes/%lld", r->path_id);
	app_commit(r, "route.update", detail, loc);
	free(detail);
}

static void
post_step(struct req *r)
{
	const char	*ap = app_in(r, KEY_APPROVER), *rule = app_in(r, KEY_RULE);
	struct db_rows	 rows = { 0, 0, NULL, 0, 0 };
	char		 kind[16] = "", loc[64], *detail;
	long long	 who = 0, pos;
	int		 ok;

	if (!route_ok(r))
		return;
	if (ap != NULL) {
		snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(ap, ":"), ap);
		who = util_num(strchr(ap, ':') + 1);
	}
	if (ap == NULL || rule == NULL || who <= 0) {
		route_page(r, 422, "routes.invalid");
		return;
	}
	ok = strcmp(kind, "user") == 0 ? row_exists(r, &st_ra_user_ok, who) :
	    strcmp(kind, "department") == 0 ? row_exists(r, &st_ra_dept_ok, who) :
	    row_exists(r, &st_ra_role_ok, who);
	if (ok != 1) {
		route_page(r, ok == -1 ? 503 : 422, "routes.invalid");
		return;
	}
	if (db_begin(r) == -1 ||
	    DB_RUN(r, &st_route_lock, &rows, DBI(r->path_id)) == -1 ||
	    rows.nrows != 1) {
		if (rows.nrows > 0)
			db_rows_free(&rows);
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	pos = util_num(DB_CELL(&rows, 0, 0));
	db_rows_free(&rows);
	if (DB_RUN(r, &st_rstep_add, NULL, DBI(r->path_id), DBI(pos),
	    DBS(kind), DBI(who), DBS(rule)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	detail = xasprintf("route %lld: step %lld added: %s, %s", r->path_id,
	    pos, ap, rule);
	snprintf(loc, sizeof(loc), "/admin/routes/%lld", r->path_id);
	app_commit(r, "route.step_add", detail, loc);
	free(detail);
}

static void
post_step_delete(struct req *r)
{
	struct db_rows	rows;
	long long	pos;
	char		loc[64], *detail;

	if (!route_ok(r))
		return;
	if (db_begin(r) == -1 || DB_RUN(r, &st_rstep_pos, &rows,
	    DBI(r->path_id), DBI(r->path_id2)) == -1) {
		db_rollback(r);
		app_error(r, 503);
		return;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		db_rollback(r);
		app_error(r, 404);
		return;
	}
	pos = util_num(DB_CELL(&rows, 0, 0));
	detail = xasprintf("route %lld: step %lld (%s:%s, %s) → removed",
	    r->path_id, pos, DB_CELL(&rows, 0, 1), DB_CELL(&rows, 0, 2),
	    DB_CELL(&rows, 0, 3));
	db_rows_free(&rows);
	if (DB_RUN(r, &st_rstep_del, NULL, DBI(r->path_id),
	    DBI(r->path_id2)) == -1 || DB_RUN(r, &st_rstep_renumber, NULL,
	    DBI(r->path_id), DBI(pos)) == -1) {
		db_rollback(r);
		free(detail);
		app_error(r, 503);
		return;
	}
	snprintf(loc, sizeof(loc), "/admin/routes/%lld", r->path_id);
	app_commit(r, "route.step_delete", detail, loc);
	free(detail);
}

static const struct app_route routes[] = {
	{ M_POST, "/contracts/#/workflow", PERM_CONTRACTS_VIEW, post_move, 0 },
	{ M_POST, "/contracts/#/comments", PERM_CONTRACTS_COMMENT,
	    post_comment, 0 },
	{ M_GET | M_HEAD, "/admin/routes", PERM_WORKFLOW_ADMIN, page_routes, 0 },
	{ M_POST, "/admin/routes", PERM_WORKFLOW_ADMIN, post_routes, 0 },
	{ M_GET | M_HEAD, "/admin/routes/#", PERM_WORKFLOW_ADMIN, page_route, 0 },
	{ M_POST, "/admin/routes/#", PERM_WORKFLOW_ADMIN, post_route, 0 },
	{ M_POST, "/admin/routes/#/steps", PERM_WORKFLOW_ADMIN, post_step, 0 },
	{ M_POST, "/admin/routes/#/steps/#/delete", PERM_WORKFLOW_ADMIN,
	    post_step_delete, 0 },
};

static const struct app workflow_app = {
	"workflow", routes, NELEM(routes), keys, KEY__MAX
};

int
main(int argc, char *argv[])
{
	return app_main(&workflow_app, argc, argv);
}
