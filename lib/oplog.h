/*
 * The operation log (oplog table): who did what to which contract,
 * when, from which address, in which request.  Status changes,
 * approval decisions, uploads, downloads and field edits each write
 * one entry, inside the transaction of the change when there is one.
 *
 * It cannot be edited: the application's database account may only
 * read and add rows, and each organisation's entries form a SHA-256
 * chain (sql/0013-oplog-chain.sql); oplog_verify() walks it and says
 * where it breaks.
 */
#ifndef KEIYAKU_OPLOG_H
#define KEIYAKU_OPLOG_H

struct conf;
struct db;
struct req;

int	oplog_add(struct req *, long long contract, const char *action,
	    const char *detail);
/* Appends "name: old → new" to b (with "; " between) if they differ. */
struct buf;
void	oplog_diff(struct buf *, const char *name, const char *old,
	    const char *new);
/* The same outside a request (the job worker, the signing moves). */
int	oplog_add_raw(struct db *, const char *rid, long long org,
	    long long user, long long contract, const char *action,
	    const char *detail, const char *ip);

struct oplog_check {
	int		 ok;
	long long	 entries;	/* in the chain, up to a break */
	long long	 last_id;	/* the last good entry */
	long long	 bad_id;	/* where it breaks */
	long long	 seals;		/* daily seals checked */
	long long	 archived;	/* entries in archive files */
	char		 why[200];
};

void	oplog_hash(const char *prev, long long org, const char *user,
	    const char *contract, const char *action, const char *detail,
	    const char *ip, const char *rid, const char *at, char out[65]);
int	oplog_verify(struct db *, const struct conf *, const char *rid,
	    long long org, struct oplog_check *);
int	oplog_seal(struct db *, const char *signer_socket, const char *rid,
	    long long org, char *err, size_t errsz);

#endif
