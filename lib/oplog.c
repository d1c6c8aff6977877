#include "config.h"

#include "db.h"
#include "http.h"
#include "oplog.h"
#include "util.h"

DB_STMT_TENANT(st_oplog_add,
    "INSERT INTO oplog (organisation_id, user_id, contract_id, action, "
    "detail, ip) VALUES (?, ?, ?, ?, ?, ?)");

int
oplog_add(struct req *r, long long contract, const char *action,
    const char *detail)
{
	return oplog_add_raw(r->db, r->rid, r->user.org_id, r->user.user_id,
	    contract, action, detail, r->remote_addr);
}

int
oplog_add_raw(struct db *db, const char *rid, long long org, long long user,
    long long contract, const char *action, const char *detail,
    const char *ip)
{
	const struct db_param	p[] = {
	    user > 0 ? DBI(user) : DBS(NULL),
	    contract > 0 ? DBI(contract) : DBS(NULL), DBS(action),
	    DBS(detail ? detail : ""), DBS(ip ? ip : "") };

	return db_run_raw(db, rid, org, &st_oplog_add, p, NELEM(p), NULL);
}
