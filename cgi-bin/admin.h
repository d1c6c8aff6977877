/*
 * The admin program's pages kept in files of their own.
 */
#ifndef KEIYAKU_ADMIN_H
#define KEIYAKU_ADMIN_H

struct req;

/* The admin program's inputs (cgi-bin/admin.c declares them). */
enum key {
	KEY_NAME,
	KEY_KIND,
	KEY_OPTIONS,
	KEY_SORT,
	KEY_IN_LEDGER,
	KEY_DISABLED,
	KEY_CONFIRM,
	KEY_USER,	/* the operation log's filters: */
	KEY_FROM,
	KEY_TO,
	KEY_ACTION,
	KEY_CONTRACT,
	KEY_BEFORE,	/* a page: the entries before this id */
	KEY_DO,		/* a user: disable, enable, save */
	KEY_DEPT,
	KEY_ROLE,
	KEY_EMAIL,
	KEY_ORG_NAME,	/* the organisation's settings: */
	KEY_CONTACT_NAME,
	KEY_CONTACT_EMAIL,
	KEY_CONTACT_PHONE,
	KEY_PW_MIN,
	KEY_PW_BANNED,
	KEY_IDLE_MIN,
	KEY_LIFE_HOURS,
	KEY_REQUIRE_2FA,
	KEY_IP_ALLOW,
	KEY_METHOD,	/* the access log's filters: */
	KEY_STATUS,
	KEY_PATH,
	KEY_RID,
	KEY_CONTACT_LANG,
	KEY_Q,		/* the user list's search: name or e-mail */
	KEY_STATE,	/* ... active or disabled */
	KEY__MAX
};

/* cgi-bin/admin-verify.c: bulk verification (一括検証). */
void	page_verify(struct req *);
void	post_verify(struct req *);
void	page_verify_run(struct req *);
void	page_verify_csv(struct req *);
void	page_oplog_verify(struct req *);

/* cgi-bin/admin-users.c: a user changed by an admin. */
void	post_user(struct req *);
void	post_invite(struct req *);
int	user_form_choices(struct req *);

/* cgi-bin/admin-depts.c: departments, nested. */
void	page_depts(struct req *);
void	post_dept(struct req *);

/* cgi-bin/admin-types.c: contract types. */
void	page_types(struct req *);
void	post_type(struct req *);
void	post_type_delete(struct req *);

/* cgi-bin/admin-logo.c: the organisation's logo. */
void	page_logo(struct req *);
void	post_logo(struct req *);
void	post_logo_delete(struct req *);

/* cgi-bin/admin-settings.c: the organisation's settings. */
void	page_settings(struct req *);
void	post_settings(struct req *);

/* cgi-bin/admin-access.c: the access log, filtered, its CSV, archives. */
void	page_access(struct req *);
void	page_access_csv(struct req *);
void	page_archives(struct req *);
void	page_archive_file(struct req *);

/* cgi-bin/admin-oplog.c: the operation log, filtered, and its CSV. */
struct db_rows;
int	log_page_fill(struct req *, const struct db_rows *,
	    const char *const *cols, size_t ncols, const size_t *keys,
	    const char *const *names, size_t nkeys);
void	page_oplog(struct req *);
void	page_oplog_csv(struct req *);

#endif
