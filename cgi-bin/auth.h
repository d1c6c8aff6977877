/*
 * The auth program's inputs and what its files share.
 */
#ifndef KEIYAKU_AUTH_H
#define KEIYAKU_AUTH_H

struct req;

enum key {
	KEY_EMAIL,
	KEY_PASSWORD,
	KEY_NEXT,
	KEY_NAME,
	KEY_LANG,
	KEY_CURRENT,
	KEY_NEW,
	KEY_CONFIRM,
	KEY_DONE,
	KEY_CODE,	/* a two-factor or recovery code */
	KEY_DO,
	KEY_V,		/* /logo?v=: the logo's version */
	KEY__MAX
};

/* cgi-bin/auth.c */
void	record_attempt(struct req *, const char *email, int ok,
	    const char *why);
void	signin_form(struct req *, int status, const char *msg);
void	set_done(struct req *);

/* cgi-bin/auth-2fa.c: two-factor sign-in. */
int	twofa_challenge(struct req *, long long uid, const char *email);
void	page_signin_code(struct req *);
void	post_signin_code(struct req *);
void	page_2fa(struct req *);
void	post_2fa(struct req *);
void	page_2fa_qr(struct req *);

#endif
