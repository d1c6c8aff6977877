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
enum authz	authz_contract(const struct req *, enum perm, long long org,
		    long long dept, long long owner);

#endif
