/*
 * The admin program's pages kept in files of their own.
 */
#ifndef KEIYAKU_ADMIN_H
#define KEIYAKU_ADMIN_H

struct req;

/* cgi-bin/admin-verify.c: bulk verification (一括検証). */
void	page_verify(struct req *);
void	post_verify(struct req *);
void	page_verify_run(struct req *);
void	page_verify_csv(struct req *);

#endif
