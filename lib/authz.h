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
struct db_param;

/*
 * authz_contract()'s visibility rule as SQL, for lists of contracts
 * (a contract aliased c): the ledger, its export and search use it,
 * binding authz_contract_params() in its place.
 */
#define AUTHZ_CONTRACT_SQL \
    "(? = 1 OR c.department_id = ? OR c.owner_id = ? OR EXISTS (" \
    "SELECT 1 FROM approval_assignments aa WHERE aa.organisation_id = " \
    "c.organisation_id AND aa.contract_id = c.id AND aa.user_id = ?))"
#define AUTHZ_CONTRACT_NPARAMS	4

extern const char *const authz_perm_codes[PERM__MAX];

uint64_t	authz_perms_from_codes(const char *csv);
int		authz_roles(struct req *, const char *role_ids);
enum authz	authz_may(const struct req *, enum perm, long long obj_org);
int		authz_status(enum authz);
void		authz_contract_params(const struct req *,
		    struct db_param *);
enum authz	authz_contract(struct req *, enum perm, long long id,
		    long long org, long long dept, long long owner);

#endif
