/*
 * The contracts program, in three files: contracts.c (the routes, the
 * contract's forms and page with its history), record.c (the rest of
 * the record: custom field values, tags, the parent contract and its
 * children), ledger.c (the ledger page and its CSV export, which share
 * one WHERE clause).  Names starting ct_ are shared between these
 * files and nowhere else.
 */
#ifndef KEIYAKU_CONTRACTS_H
#define KEIYAKU_CONTRACTS_H

#include <stddef.h>

#include "authz.h"
#include "db.h"

struct req;
struct buf;

enum key {
	KEY_TITLE,
	KEY_NUMBER,
	KEY_TYPE,
	KEY_CPARTY,
	KEY_CPARTY_DEPT,
	KEY_CPARTY_CONTACT,
	KEY_DEPT,
	KEY_OWNER,
	KEY_AMOUNT,
	KEY_CURRENCY,
	KEY_CDATE,
	KEY_EDATE,
	KEY_XDATE,
	KEY_AUTORENEW,
	KEY_RENEWAL,
	KEY_NOTICE,
	KEY_STATUS,
	KEY_NOTES,
	KEY_REASON,
	KEY_Q,
	KEY_FROM,
	KEY_TO,
	KEY_AMIN,
	KEY_AMAX,
	KEY_PARTY,
	KEY_FSTATUS,
	/* record.c: the form's tags and parent */
	KEY_TAGS,
	KEY_PARENT,
	/* ledger.c: sort, paging and the further filters */
	KEY_SORT,
	KEY_DIR,
	KEY_AFTER,
	KEY_BEFORE,
	KEY_XFROM,
	KEY_XTO,
	KEY_EFROM,
	KEY_ETO,
	KEY_FDEPT,
	KEY_FOWNER,
	KEY_FTAG,
	KEY_NO_CDATE,
	KEY_NO_EDATE,
	KEY_NO_XDATE,
	KEY_NO_AMOUNT,
	KEY_NO_PARTY,
	KEY_NO_TYPE,
	KEY_NO_DEPT,
	KEY_NO_OWNER,
	KEY__MAX
};

/* One custom field of the organisation (custom_fields). */
struct ct_field {
	long long	 id;
	char		*name;
	int		 kind;		/* enum fields_kind */
	char		*options;	/* choice: one a line */
	int		 in_ledger;
	int		 disabled;
	int		 sort;
};

struct ct_fields {
	struct ct_field	*v;
	size_t		 n;
};

/*
 * The rest of a contract's record, as stored (old) and as submitted
 * (new): one value per field of f (NULL: none), the tags (sorted,
 * joined by spaces), the parent (0: none; its number for history).
 */
struct ct_extras {
	struct ct_fields	 f;
	char			**old;
	char			**new;
	char			*old_tags;
	char			*new_tags;
	char			**tags;
	size_t			 ntags;
	long long		 old_parent;
	long long		 new_parent;
	char			*old_parent_no;
	char			*new_parent_no;
	int			 parent_shown;	/* the user may see the parent */
	struct db_rows		 rec;	/* record.c's rows (st_record) */
};

/* contracts.c */
int		 ct_can(const struct req *, enum perm);
char		*ct_stored(const struct req *, enum key);
void		 ct_set_rows(struct req *, const char *prefix,
		    const struct db_rows *, const char *const *names, size_t n);
void		 ct_set_label(struct req *, const char *name,
		    const char *group, const char *code);
void		 ct_set_amount(struct req *, const char *name,
		    const char *digits);
void		 ct_url_add(struct buf *, const char *key, const char *val);

/* record.c */
void		 ct_fields_free(struct ct_fields *);
void		 ct_fields_sort(struct ct_fields *);
void		 ct_fields_sort_with(struct ct_fields *, char **);
const struct ct_field *ct_field_by_id(const struct ct_fields *, long long);
int		 ct_extras_load(struct req *, long long id, struct ct_extras *);
const char	*ct_extras_take(struct req *, long long id, struct ct_extras *,
		    const char **field);
int		 ct_extras_save(struct req *, long long id,
		    const struct ct_extras *, const char *reason, int *changed);
void		 ct_extras_form(struct req *, const struct ct_extras *, int);
int		 ct_extras_view(struct req *, long long id,
		    const struct ct_extras *);
void		 ct_extras_free(struct ct_extras *);
void		 ct_set_history_label(struct req *, const char *name,
		    const struct ct_fields *, const char *field);

/* ledger.c */
void		 ct_page_list(struct req *);
void		 ct_page_export(struct req *);

#endif
