#include "config.h"

#include "db.h"
#include "http.h"
#include "oplog.h"

DB_STMT_TENANT(st_oplog_add,
    "INSERT INTO oplog (organisation_id, user_id, contract_id, action, "
    "detail, ip) VALUES (?, ?, ?, ?, ?, ?)");

int
oplog_add(struct req *r, long long contract, const char *action,
    const char *detail)
{
	return DB_RUN(r, &st_oplog_add, NULL,
	    r->user.user_id > 0 ? DBI(r->user.user_id) : DBS(NULL),
	    contract > 0 ? DBI(contract) : DBS(NULL), DBS(action),
	    DBS(detail ? detail : ""), DBS(r->remote_addr));
}
