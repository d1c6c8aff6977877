/*
 * Server-side sessions in MariaDB.  The cookie holds 256 random bits;
 * the table holds only their SHA-256.  Sessions end after an idle
 * timeout and an absolute lifetime.  The CSRF token of a page is an
 * HMAC of the session secret (or, before sign-in, of a random
 * pre-session cookie), so it is never stored and never guessable from
 * the database.
 */
#ifndef KEIYAKU_SESSION_H
#define KEIYAKU_SESSION_H

#define SESSION_COOKIE	"kk_sid"
#define PRESESSION_COOKIE "kk_pre"

struct req;

int	session_load(struct req *);
int	session_start(struct req *, long long user_id);
void	session_end(struct req *);
int	session_end_all(struct req *);
void	session_csrf_ensure(struct req *);
int	session_csrf_ok(struct req *, const char *token);

#endif
