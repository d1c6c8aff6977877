/*
 * The operation log (oplog table): who did what to which contract,
 * when and from which address.  Status changes, approval decisions,
 * uploads, downloads and field edits each write one entry, inside the
 * transaction of the change when there is one.
 */
#ifndef KEIYAKU_OPLOG_H
#define KEIYAKU_OPLOG_H

struct db;
struct req;

int	oplog_add(struct req *, long long contract, const char *action,
	    const char *detail);
/* The same outside a request (the job worker, the signing moves). */
int	oplog_add_raw(struct db *, const char *rid, long long org,
	    long long user, long long contract, const char *action,
	    const char *detail, const char *ip);

#endif
