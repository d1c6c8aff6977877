#include "config.h"

#include <string.h>

#include "authz.h"
#include "http.h"
#include "util.h"

const char *const authz_perm_codes[PERM__MAX] = {
	"dashboard.view",
	"profile.edit",
	"org.users.view",
	"ops.console",
};

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
