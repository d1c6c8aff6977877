/*
 * Signing (立会人型, witness type): the moves of a signing request
 * (sql/0011), shared by the sender's pages (cgi-bin/signing), the
 * signer's public pages (cgi-bin/sign) and the daily job
 * (src/job-reminders.c: reminders and expiry).
 *
 *   out ──every signer signed──▶ completed (document timestamp; the
 *    │                                      contract is executed)
 *    ├──a signer declines──▶ declined  ┐
 *    ├──the sender cancels──▶ cancelled ├ the contract is approved
 *    └──past expires_at──▶ expired     ┘ again; a new round may go out
 *
 * A signer is waiting (sequential, not yet their turn), sent, viewed,
 * signed, declined or cancelled.  Each invitation makes a new link
 * (256-bit token, only its SHA-256 kept) and replaces the signer's
 * earlier links.  The service signs for the signer once they have
 * shown control of the address (the link) and, if the sender set one,
 * the access code; a signer-owned certificate (当事者型, method
 * 'party') would sign in the same place with the signer's key.
 *
 * Every function but signing_upkeep runs inside the caller's
 * transaction, after the caller has locked the request (signing_lock),
 * and works in ctx->org only.  signing_upkeep (the daily job, and the
 * sender's page for its contract) expires requests past their
 * deadline and reminds signers, each in a transaction of its own.  Files written to the store are listed in ctx so
 * that a caller whose transaction fails removes them (signing_unstore).
 */
#ifndef KEIYAKU_SIGNING_H
#define KEIYAKU_SIGNING_H

#include <stddef.h>

struct conf;
struct db;

#define SG_STORED_MAX	4	/* a signature, the seal, the certificate */

struct sg_ctx {
	struct db		*db;
	const struct conf	*conf;
	const char		*rid;
	long long		 org;
	long long		 user_id;	/* the staff member acting, or 0 */
	const char		*ip;
	const char		*ua;
	/* Written by the moves: store names to remove on rollback. */
	char			 stored[SG_STORED_MAX][33];
	size_t			 nstored;
};

/* A locked request. */
struct sg_request {
	long long	 id;
	long long	 contract;
	char		 state[12];	/* out, completed, ... */
	int		 sequential;
	int		 expired;	/* past expires_at */
	long long	 current_doc;
	long long	 sender;
};

#define SG_CODE_TRIES	5	/* wrong access codes before a link dies */
#define SG_COPY_DAYS	30	/* the copy link after completion */

int	signing_lock(struct sg_ctx *, long long request, struct sg_request *);
int	signing_event(struct sg_ctx *, long long request, long long signer,
	    const char *event, const char *detail);
int	signing_invite(struct sg_ctx *, const struct sg_request *,
	    long long signer, const char *why);
int	signing_sign(struct sg_ctx *, struct sg_request *, long long signer,
	    char *err, size_t errsz);
int	signing_end(struct sg_ctx *, struct sg_request *, const char *state,
	    const char *detail);
void	signing_unstore(struct sg_ctx *);
int	signing_upkeep(struct sg_ctx *, long long contract, int *expired,
	    int *reminded);

#endif
