/*
 * Authorisation: the one function that decides whether the signed-in
 * user may perform an action on an object.  Permissions come from the
 * RBAC tables (roles, permissions, role_permissions, user_roles) and
 * are loaded with the session; objects carry their organisation.
 */
#ifndef KEIYAKU_AUTHZ_H
#define KEIYAKU_AUTHZ_H

#include <stdint.h>

/* Must match the codes in the permissions table (t/sql-lint.t checks). */
enum perm {
	PERM_DASHBOARD_VIEW,	/* dashboard.view */
	PERM_PROFILE_EDIT,	/* profile.edit */
	PERM_ORG_USERS_VIEW,	/* org.users.view */
	PERM_OPS_CONSOLE,	/* ops.console */
	PERM_CONTRACTS_VIEW,	/* contracts.view */
	PERM_CONTRACTS_VIEW_ALL, /* contracts.view_all */
	PERM_CONTRACTS_EDIT,	/* contracts.edit */
	PERM_CONTRACTS_REVIEW,	/* contracts.review */
	PERM_WORKFLOW_ADMIN,	/* workflow.admin */
	PERM_CONTRACTS_COMMENT,	/* contracts.comment */
	PERM_ORG_JOBS_VIEW,	/* org.jobs.view */
	PERM_ORG_SETTINGS,	/* org.settings */
	PERM_ORG_FIELDS_MANAGE,	/* org.fields.manage */
	PERM__MAX,
	PERM_PUBLIC = 1000,	/* route needs nobody signed in */
	PERM_SIGNED_IN		/* route needs a session, no permission */
};

enum authz {
	AUTHZ_OK,
	AUTHZ_SIGNIN,		/* nobody signed in: send to sign-in */
	AUTHZ_FORBIDDEN,	/* 403: the role lacks the permission */
	AUTHZ_NOTFOUND		/* 404: another organisation's object */
};

struct req;

extern const char *const authz_perm_codes[PERM__MAX];

uint64_t	authz_perms_from_codes(const char *csv);
int		authz_roles(struct req *, const char *role_ids);
enum authz	authz_may(const struct req *, enum perm, long long obj_org);
int		authz_status(enum authz);
enum authz	authz_contract(struct req *, enum perm, long long id,
		    long long org, long long dept, long long owner);
int		authz_view_all(const struct req *);

/*
 * The rule of authz_contract() for lists, as SQL over contracts c: a
 * statement puts AUTHZ_CONTRACT_VISIBLE in its WHERE and binds
 * AUTHZ_CONTRACT_VISIBLE_ARGS(r) (four values, lib/db.h) in its
 * place.  The ledger, its export, search and the dashboard all use it,
 * so they cannot disagree with each other or with the contract page.
 */
#define AUTHZ_CONTRACT_VISIBLE \
    "(? = 1 OR c.department_id = ? OR c.owner_id = ? OR EXISTS (" \
    "SELECT 1 FROM approval_assignments aa WHERE aa.organisation_id = " \
    "c.organisation_id AND aa.contract_id = c.id AND aa.user_id = ?))"
#define AUTHZ_CONTRACT_VISIBLE_ARGS(r) \
    DBI(authz_view_all(r)), DBI((r)->user.dept_id), \
    DBI((r)->user.user_id), DBI((r)->user.user_id)

#endif
