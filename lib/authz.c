#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "db.h"
#include "http.h"
#include "util.h"

const char *const authz_perm_codes[PERM__MAX] = {
	"dashboard.view",
	"profile.edit",
	"org.users.view",
	"ops.console",
	"contracts.view",
	"contracts.view_all",
	"contracts.edit",
	"contracts.review",
	"workflow.admin",
	"contracts.comment",
	"org.jobs.view",
	"org.settings",
	"org.fields.manage",
};

/*
 * Roles and their permissions are reference data (sql/ migrations
 * define them), so each worker reads them once and keeps them; a role
 * id it does not know makes it read them again.  The session query
 * then needs only the user's role ids.
 */
#define AUTHZ_MAXROLES	64

struct role {
	long long	 id;
	char		*code;
	uint64_t	 perms;
};

static struct role	roles[AUTHZ_MAXROLES];
static size_t		nroles;

DB_STMT_GLOBAL(st_roles, "roles and permissions are the same for everyone",
    "SELECT r.id, r.code, (SELECT GROUP_CONCAT(p.code) "
    "FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id "
    "WHERE rp.role_id = r.id) FROM roles r ORDER BY r.sort, r.id");

static int
roles_load(struct req *r)
{
	struct db_rows	rows;
	size_t		i;

	if (db_run(r, &st_roles, NULL, 0, &rows) == -1)
		return -1;
	for (i = 0; i < nroles; i++)
		free(roles[i].code);
	nroles = 0;
	for (i = 0; i < rows.nrows && nroles < AUTHZ_MAXROLES; i++) {
		util_parse_int64(DB_CELL(&rows, i, 0), &roles[nroles].id);
		roles[nroles].code = xstrdup(DB_CELL(&rows, i, 1));
		roles[nroles].perms = authz_perms_from_codes(DB_CELL(&rows, i,
		    2));
		nroles++;
	}
	db_rows_free(&rows);
	return 0;
}

/*
 * Sets r->user.perms and r->user.roles (codes, comma-separated, in the
 * roles' display order) from the user's role ids ("1,3").
 * Returns 0, or -1 on a database error.
 */
int
authz_roles(struct req *r, const char *ids)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p;
	long long	 id;
	size_t		 i;
	int		 tries, missing;
	uint64_t	 have = 0;	/* bit per index into roles[] */

	for (tries = 0; tries < 2; tries++) {
		if ((nroles == 0 || tries == 1) && roles_load(r) == -1)
			return -1;
		have = 0;
		missing = 0;
		for (p = ids; p != NULL && *p; p += strcspn(p, ","),
		    p += *p == ',') {
			id = strtoll(p, NULL, 10);
			for (i = 0; i < nroles; i++)
				if (roles[i].id == id)
					break;
			if (i == nroles)
				missing = 1;
			else
				have |= (uint64_t)1 << i;
		}
		if (!missing)
			break;
	}
	r->user.perms = 0;
	for (i = 0; i < nroles; i++) {
		if (!(have & ((uint64_t)1 << i)))
			continue;
		r->user.perms |= roles[i].perms;
		if (b.len)
			buf_add(&b, ",", 1);
		buf_adds(&b, roles[i].code);
	}
	free(r->user.roles);
	r->user.roles = b.data ? b.data : xstrdup("");
	return 0;
}

/* Bit mask from a comma-separated list of permission codes. */
uint64_t
authz_perms_from_codes(const char *csv)
{
	uint64_t	 m = 0;
	const char	*p, *e;
	size_t		 i, n;

	for (p = csv; p != NULL && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		n = (size_t)(e - p);
		for (i = 0; i < PERM__MAX; i++)
			if (strlen(authz_perm_codes[i]) == n &&
			    strncmp(authz_perm_codes[i], p, n) == 0)
				m |= (uint64_t)1 << i;
	}
	return m;
}

/*
 * May the user of request r perform action p on an object that belongs
 * to organisation obj_org (0: not an organisation's object)?
 *  - PERM_PUBLIC: always.
 *  - nobody signed in: AUTHZ_SIGNIN.
 *  - an object of another organisation: AUTHZ_NOTFOUND, so that its
 *    existence is not disclosed, whatever the role.
 *  - the user's roles lack p: AUTHZ_FORBIDDEN.
 */
enum authz
authz_may(const struct req *r, enum perm p, long long obj_org)
{
	if (p == PERM_PUBLIC)
		return AUTHZ_OK;
	if (!r->user.signed_in)
		return AUTHZ_SIGNIN;
	if (obj_org != 0 && obj_org != r->user.org_id)
		return AUTHZ_NOTFOUND;
	if (p == PERM_SIGNED_IN)
		return AUTHZ_OK;
	if ((int)p < 0 || p >= PERM__MAX)
		return AUTHZ_FORBIDDEN;
	return (r->user.perms & ((uint64_t)1 << p)) ? AUTHZ_OK :
	    AUTHZ_FORBIDDEN;
}

DB_STMT_TENANT(st_is_approver,
    "SELECT 1 FROM approval_assignments WHERE organisation_id = ? "
    "AND contract_id = ? AND user_id = ? LIMIT 1");

/*
 * May the user perform p on contract id of organisation org, department
 * dept, owned by owner?  Over authz_may(): without contracts.view_all
 * only the contracts of the user's department, those the user owns and
 * (to read and comment on) those the user is asked to approve exist for
 * them; any other is AUTHZ_NOTFOUND, like another organisation's.  Lists
 * apply the same rule in SQL (authz.h).
 */
enum authz
authz_contract(struct req *r, enum perm p, long long id, long long org,
    long long dept, long long owner)
{
	struct db_rows	rows;
	enum authz	a;
	int		approver;

	if ((a = authz_may(r, PERM_CONTRACTS_VIEW, org)) != AUTHZ_OK)
		return a;
	if ((r->user.perms & ((uint64_t)1 << PERM_CONTRACTS_VIEW_ALL)) ||
	    (dept != 0 && dept == r->user.dept_id) ||
	    (owner != 0 && owner == r->user.user_id))
		return authz_may(r, p, org);
	if (id <= 0 || (p != PERM_CONTRACTS_VIEW && p != PERM_CONTRACTS_COMMENT))
		return AUTHZ_NOTFOUND;
	if (DB_RUN(r, &st_is_approver, &rows, DBI(id),
	    DBI(r->user.user_id)) == -1)
		return AUTHZ_NOTFOUND;
	approver = rows.nrows > 0;
	db_rows_free(&rows);
	return approver ? authz_may(r, p, org) : AUTHZ_NOTFOUND;
}

/* 1 if the user sees every contract of the organisation (view_all). */
int
authz_view_all(const struct req *r)
{
	return (r->user.perms & ((uint64_t)1 << PERM_CONTRACTS_VIEW_ALL)) != 0;
}

int
authz_status(enum authz a)
{
	switch (a) {
	case AUTHZ_OK:
		return 200;
	case AUTHZ_SIGNIN:
		return 302;
	case AUTHZ_NOTFOUND:
		return 404;
	default:
		return 403;
	}
}
