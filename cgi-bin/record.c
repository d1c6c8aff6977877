/*
 * The rest of the contract record: the values of the organisation's
 * custom fields (typed: contract_field_values), the tags, and the
 * parent contract (an amendment, 覚書 or renewal points to its master)
 * with the children a contract's page lists.  The forms of
 * contracts.c read them with ct_extras_take(), which checks each value
 * before anything is written, and save them with ct_extras_save() in
 * the same transaction as the fixed columns, each change leaving a row
 * in contract_history like the fixed columns do ("cf.<field id>",
 * "tags", "parent_id").
 *
 * A parent must be a contract of the same organisation that the user
 * may see (another department's contract, for a member, or another
 * organisation's number, is "not found", alike), not the contract
 * itself nor one of its descendants (a cycle), with at most 64
 * generations above it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "contracts.h"
#include "db.h"
#include "fields.h"
#include "tmpl.h"
#include "util.h"

#define CHAIN_MAX	64	/* generations above a contract */

/*
 * The rest of one contract's record in one round trip, one kind of
 * row each: the organisation's custom fields in their order ("f":
 * sort, id, name, kind, options, in_ledger, disabled), the contract's
 * values ("v": field, value), its tags ("t": joined by spaces), its
 * parent ("p": id, number, title, department, owner) and the children
 * the user may see ("k": id, number, title, status, type, date).
 * The fields are put in order here (ORDER BY over the union doubled
 * its cost).
 */
DB_STMT_TENANT(st_record,
    "SELECT 'f', f.sort, f.id, f.name, f.kind, f.options, f.in_ledger, "
    "f.disabled FROM custom_fields f WHERE f.organisation_id = ? "
    "UNION ALL SELECT 'v', 0, v.field_id, COALESCE(v.text_value, "
    "v.number_value, v.date_value), NULL, NULL, NULL, NULL "
    "FROM contract_field_values v WHERE v.organisation_id = ? "
    "AND v.contract_id = ? "
    "UNION ALL SELECT 't', 0, 0, GROUP_CONCAT(g.name ORDER BY g.name "
    "SEPARATOR ' '), NULL, NULL, NULL, NULL FROM contract_tags ct "
    "JOIN tags g ON g.id = ct.tag_id WHERE ct.organisation_id = ? "
    "AND ct.contract_id = ? "
    "UNION ALL SELECT 'p', 0, p.id, p.number, p.title, p.department_id, "
    "p.owner_id, NULL FROM contracts c JOIN contracts p "
    "ON p.id = c.parent_id AND p.organisation_id = c.organisation_id "
    "WHERE c.organisation_id = ? AND c.id = ? "
    "UNION ALL (SELECT 'k', 0, c.id, c.number, c.title, c.status, t.name, "
    "c.contract_date FROM contracts c "
    "LEFT JOIN contract_types t ON t.id = c.type_id "
    "WHERE c.organisation_id = ? AND c.parent_id = ? "
    "AND " AUTHZ_CONTRACT_VISIBLE " "
    "ORDER BY c.id LIMIT 200)");
DB_STMT_TENANT(st_value_set,
    "INSERT INTO contract_field_values (organisation_id, contract_id, "
    "field_id, text_value, number_value, date_value) "
    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
    "text_value = VALUES(text_value), number_value = VALUES(number_value), "
    "date_value = VALUES(date_value)");
DB_STMT_TENANT(st_value_del,
    "DELETE FROM contract_field_values WHERE organisation_id = ? "
    "AND contract_id = ? AND field_id = ?");
/* The tag's id, made if new: LAST_INSERT_ID(id) hands back either. */
DB_STMT_TENANT(st_tag_make,
    "INSERT INTO tags (organisation_id, name) VALUES (?, ?) "
    "ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");
DB_STMT_TENANT(st_ctags_clear,
    "DELETE FROM contract_tags WHERE organisation_id = ? AND contract_id = ?");
DB_STMT_TENANT(st_ctag_add,
    "INSERT INTO contract_tags (organisation_id, contract_id, tag_id) "
    "VALUES (?, ?, ?)");
DB_STMT_TENANT(st_by_number,
    "SELECT id, number, department_id, owner_id FROM contracts "
    "WHERE organisation_id = ? AND number = ?");
/*
 * The chain above a contract (it included): how often the contract
 * to be its child appears in it (a cycle if ever), and its length
 * (CHAIN_MAX: too long, or a cycle already there).
 */
DB_STMT_TENANT(st_chain,
    "WITH RECURSIVE up (id, parent_id, depth) AS ("
    "SELECT id, parent_id, 1 FROM contracts WHERE organisation_id = ? "
    "AND id = ? UNION ALL SELECT c.id, c.parent_id, up.depth + 1 "
    "FROM contracts c JOIN up ON c.id = up.parent_id "
    "WHERE c.organisation_id = ? AND up.depth < 64) "
    "SELECT COALESCE(SUM(id = ?), 0), COALESCE(MAX(depth), 0) FROM up");
/*
 * Serialises changes of parents within an organisation (its counter
 * row, locked until the transaction ends), so that two edits at once
 * cannot each close half of a cycle.
 */
DB_STMT_TENANT(st_parent_lock,
    "INSERT INTO contract_counters (organisation_id, next_number) "
    "VALUES (?, 1) ON DUPLICATE KEY UPDATE next_number = next_number");
DB_STMT_TENANT(st_set_parent,
    "UPDATE contracts SET organisation_id = ?, parent_id = ?, "
    "updated_at = NOW(6) WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_touch,
    "UPDATE contracts SET updated_at = NOW(6) "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_xhist_insert,
    "INSERT INTO contract_history (organisation_id, contract_id, user_id, "
    "field, old_value, new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)");

static int
cmp_field(const void *a, const void *b)
{
	const struct ct_field	*x = a, *y = b;

	if (x->sort != y->sort)
		return x->sort < y->sort ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Puts the fields in their order: by sort, then id. */
void
ct_fields_sort(struct ct_fields *f)
{
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_field);
}

/* The same, carrying vals[] (one per field) along. */
void
ct_fields_sort_with(struct ct_fields *f, char **vals)
{
	size_t	i, j;

	/* Insertion sort: a few dozen fields at most. */
	for (i = 1; i < f->n; i++)
		for (j = i; j > 0 && cmp_field(&f->v[j - 1], &f->v[j]) > 0;
		    j--) {
			struct ct_field	 t = f->v[j];
			char		*v = vals[j];

			f->v[j] = f->v[j - 1];
			f->v[j - 1] = t;
			vals[j] = vals[j - 1];
			vals[j - 1] = v;
		}
}

void
ct_fields_free(struct ct_fields *f)
{
	size_t	i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].options);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

const struct ct_field *
ct_field_by_id(const struct ct_fields *f, long long id)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].id == id)
			return &f->v[i];
	return NULL;
}

/* The visibility rule of authz_contract for a row's id, department, owner. */
static int
visible(struct req *r, const char *id, const char *dept, const char *owner)
{
	return authz_contract(r, PERM_CONTRACTS_VIEW, util_num(id),
	    r->user.org_id, util_num(dept), util_num(owner)) == AUTHZ_OK;
}

/*
 * The stored rest of contract id (0: a new contract, nothing stored),
 * with the organisation's fields (all of them: a disabled field keeps
 * its values and names its history).  x->new starts as a copy of
 * x->old.  Returns 0, or -1 on a database error (x is then still
 * freed with ct_extras_free).
 */
int
ct_extras_load(struct req *r, long long id, struct ct_extras *x)
{
	struct db_rows	*rows = &x->rec;
	const char	*kind;
	long long	 org = r->user.org_id;
	size_t		 i, k, n = 0;

	memset(x, 0, sizeof(*x));
	if (DB_RUN(r, &st_record, rows, DBI(org), DBI(id), DBI(org), DBI(id),
	    DBI(org), DBI(id), DBI(org), DBI(id > 0 ? id : -1),
	    AUTHZ_CONTRACT_VISIBLE_ARGS(r)) == -1)
		return -1;
	for (i = 0; i < rows->nrows; i++)
		n += DB_CELL(rows, i, 0)[0] == 'f';
	x->f.v = xcalloc(n, sizeof(*x->f.v));
	x->old = xcalloc(n, sizeof(char *));
	x->new = xcalloc(n, sizeof(char *));
	for (i = 0; i < rows->nrows; i++) {
		kind = DB_CELL(rows, i, 0);
		if (kind[0] == 'f') {
			struct ct_field *f = &x->f.v[x->f.n++];

			f->id = util_num(DB_CELL(rows, i, 2));
			f->name = xstrdup(DB_CELL(rows, i, 3));
			f->kind = fields_kind(DB_CELL(rows, i, 4));
			f->options = xstrdup(DB_CELL(rows, i, 5));
			f->in_ledger = strcmp(DB_CELL(rows, i, 6), "1") == 0;
			f->disabled = strcmp(DB_CELL(rows, i, 7), "1") == 0;
			f->sort = atoi(DB_CELL(rows, i, 1));
		} else if (kind[0] == 'v') {
			for (k = 0; k < x->f.n; k++)
				if (x->f.v[k].id == util_num(DB_CELL(rows, i, 2)) &&
				    DB_CELL(rows, i, 3) != NULL)
					x->old[k] = xstrdup(DB_CELL(rows, i, 3));
		} else if (kind[0] == 't' && DB_CELL(rows, i, 3) != NULL)
			x->old_tags = xstrdup(DB_CELL(rows, i, 3));
		else if (kind[0] == 'p') {
			x->old_parent = util_num(DB_CELL(rows, i, 2));
			x->old_parent_no = xstrdup(DB_CELL(rows, i, 3));
			x->parent_shown = visible(r, DB_CELL(rows, i, 2),
			    DB_CELL(rows, i, 5), DB_CELL(rows, i, 6));
		}
	}
	/* Values are matched by field id, so the order can follow. */
	ct_fields_sort_with(&x->f, x->old);
	for (k = 0; k < x->f.n; k++)
		x->new[k] = x->old[k] ? xstrdup(x->old[k]) : NULL;
	x->new_tags = x->old_tags ? xstrdup(x->old_tags) : NULL;
	x->new_parent = x->old_parent;
	x->new_parent_no = x->old_parent_no ? xstrdup(x->old_parent_no) : NULL;
	return 0;
}

void
ct_extras_free(struct ct_extras *x)
{
	size_t	i;

	for (i = 0; i < x->f.n; i++) {
		if (x->old)
			free(x->old[i]);
		if (x->new)
			free(x->new[i]);
	}
	free(x->old);
	free(x->new);
	free(x->old_tags);
	free(x->new_tags);
	fields_tags_free(x->tags, x->ntags);
	free(x->old_parent_no);
	free(x->new_parent_no);
	ct_fields_free(&x->f);
	db_rows_free(&x->rec);
	memset(x, 0, sizeof(*x));
}

static void
replace(char **slot, const char *v)
{
	free(*slot);
	*slot = v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

/* The message for a bad value of a field of kind k. */
static const char *
bad_value(int k)
{
	switch (k) {
	case FIELDS_NUMBER:
		return "fields.bad_number";
	case FIELDS_DATE:
		return "fields.bad_date";
	case FIELDS_CHOICE:
		return "fields.bad_choice";
	default:
		return "fields.bad_text";
	}
}

/*
 * Checks that parent may be the parent of contract id (0: new): not
 * the contract itself, nor below it, at most CHAIN_MAX generations up.
 * Returns NULL, the message key, or "" on a database error.
 */
static const char *
check_chain(struct req *r, long long parent, long long id)
{
	struct db_rows	 rows;
	const char	*why = NULL;

	if (parent == id)
		return "contracts.parent_cycle";
	if (DB_RUN(r, &st_chain, &rows, DBI(parent), DBI(r->user.org_id),
	    DBI(id)) == -1)
		return "";
	if (util_num(DB_CELL(&rows, 0, 0)) > 0)
		why = "contracts.parent_cycle";
	else if (util_num(DB_CELL(&rows, 0, 1)) >= CHAIN_MAX)
		why = "contracts.parent_deep";
	db_rows_free(&rows);
	return why;
}

/*
 * Takes the rest of the record from the submitted form into x->new:
 * each enabled custom field cf<id> that was sent (one not sent keeps
 * its value), "tags" and "parent" if sent.  Returns NULL, or the key
 * of the message for the first bad value (*field is then the custom
 * field's name, or NULL); the bad value is kept in x->new to be shown
 * again.  "" means a database error (503).
 */
const char *
ct_extras_take(struct req *r, long long id, struct ct_extras *x,
    const char **field)
{
	struct buf	 b = { NULL, 0, 0 };
	struct db_rows	 rows;
	const char	*v, *why;
	char		 name[32];
	size_t		 i;
	int		 rc;

	*field = NULL;
	for (i = 0; i < x->f.n; i++) {
		const struct ct_field *f = &x->f.v[i];

		if (f->disabled)
			continue;
		snprintf(name, sizeof(name), "cf%lld", f->id);
		if ((v = kv_get(&r->form_kv, name)) == NULL)
			continue;
		if (fields_value(f->kind, v, f->options, x->old[i], &b) != 0) {
			replace(&x->new[i], v);
			*field = f->name;
			buf_free(&b);
			return bad_value(f->kind);
		}
		replace(&x->new[i], b.data);
	}
	buf_free(&b);

	if (app_in_present(r, KEY_TAGS)) {
		if ((v = app_in(r, KEY_TAGS)) == NULL)
			return "contracts.tags_invalid";
		rc = fields_tags(v, &x->tags, &x->ntags, FIELDS_TAGS_MAX);
		if (rc != 0) {
			replace(&x->new_tags, v);
			return rc == FIELDS_ETOOLONG ? "contracts.tag_long" :
			    rc == FIELDS_ETOOMANY ? "contracts.tags_many" :
			    "contracts.tags_invalid";
		}
		free(x->new_tags);
		x->new_tags = NULL;
		for (i = 0; i < x->ntags; i++) {
			buf_adds(&b, i > 0 ? " " : "");
			buf_adds(&b, x->tags[i]);
		}
		x->new_tags = b.data;	/* NULL if none */
		memset(&b, 0, sizeof(b));
	}

	if (app_in_present(r, KEY_PARENT)) {
		x->parent_shown = 1;
		if ((v = app_in(r, KEY_PARENT)) == NULL)
			return "contracts.parent_not_found";
		replace(&x->new_parent_no, v);
		if (*v == '\0') {
			x->new_parent = 0;
			return NULL;
		}
		if (DB_RUN(r, &st_by_number, &rows, DBS(v)) == -1)
			return "";
		/* Not there, or out of the user's sight: alike. */
		if (rows.nrows != 1 || !visible(r, DB_CELL(&rows, 0, 0),
		    DB_CELL(&rows, 0, 2), DB_CELL(&rows, 0, 3))) {
			db_rows_free(&rows);
			return "contracts.parent_not_found";
		}
		x->new_parent = util_num(DB_CELL(&rows, 0, 0));
		replace(&x->new_parent_no, DB_CELL(&rows, 0, 1));
		db_rows_free(&rows);
		if (x->new_parent != x->old_parent && id > 0 &&
		    (why = check_chain(r, x->new_parent, id)) != NULL)
			return why;
	}
	return NULL;
}

static int
history(struct req *r, long long id, const char *field, const char *old,
    const char *new, const char *reason)
{
	return DB_RUN(r, &st_xhist_insert, NULL, DBI(id),
	    DBI(r->user.user_id), DBS(field), DBS(old), DBS(new),
	    DBS(reason ? reason : ""));
}

static int
differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/*
 * Writes what x->new changes of contract id, inside the caller's
 * transaction; with changed (an edit), each change also leaves a
 * history row with reason and *changed counts them (a new contract's
 * "created" row says it all).  Returns 0, -1 on a database error, or
 * 1 if the parent would now make a cycle (checked again under the
 * organisation's lock).
 */
int
ct_extras_save(struct req *r, long long id, const struct ct_extras *x,
    const char *reason, int *changed)
{
	struct db_rows	 rows;
	char		 name[32];
	const char	*why;
	size_t		 i;
	long long	 tag;
	int		 n = 0;

	for (i = 0; i < x->f.n; i++) {
		const struct ct_field	*f = &x->f.v[i];
		const char		*v = x->new[i];

		if (f->disabled || !differs(x->old[i], v))
			continue;
		if (v == NULL) {
			if (DB_RUN(r, &st_value_del, NULL, DBI(id),
			    DBI(f->id)) == -1)
				return -1;
		} else if (DB_RUN(r, &st_value_set, NULL, DBI(id), DBI(f->id),
		    DBS(f->kind == FIELDS_TEXT || f->kind == FIELDS_CHOICE ?
		    v : NULL),
		    f->kind == FIELDS_NUMBER ? DBI(util_num(v)) : DBS(NULL),
		    DBS(f->kind == FIELDS_DATE ? v : NULL)) == -1)
			return -1;
		snprintf(name, sizeof(name), "cf.%lld", f->id);
		if (changed != NULL && history(r, id, name, x->old[i], v,
		    reason) == -1)
			return -1;
		n++;
	}
	if (differs(x->old_tags, x->new_tags)) {
		if (DB_RUN(r, &st_ctags_clear, NULL, DBI(id)) == -1)
			return -1;
		for (i = 0; i < x->ntags; i++) {
			if (DB_RUN(r, &st_tag_make, &rows, DBS(x->tags[i])) == -1)
				return -1;
			tag = rows.insert_id;
			db_rows_free(&rows);
			if (DB_RUN(r, &st_ctag_add, NULL, DBI(id),
			    DBI(tag)) == -1)
				return -1;
		}
		if (changed != NULL && history(r, id, "tags", x->old_tags,
		    x->new_tags, reason) == -1)
			return -1;
		n++;
	}
	if (x->new_parent != x->old_parent) {
		if (changed != NULL && x->new_parent != 0) {
			if (DB_RUN0(r, &st_parent_lock, NULL) == -1)
				return -1;
			if ((why = check_chain(r, x->new_parent, id)) != NULL)
				return *why == '\0' ? -1 : 1;
		}
		if (DB_RUN(r, &st_set_parent, NULL, x->new_parent > 0 ?
		    DBI(x->new_parent) : DBS(NULL), DBI(r->user.org_id),
		    DBI(id)) == -1)
			return -1;
		if (changed != NULL && history(r, id, "parent_id",
		    x->old_parent_no, x->new_parent ? x->new_parent_no : NULL,
		    reason) == -1)
			return -1;
		n++;
	}
	if (changed != NULL) {
		if (n > 0 && DB_RUN(r, &st_touch, NULL, DBI(id)) == -1)
			return -1;
		*changed = n;
	}
	return 0;
}

/*
 * The rest of the record on the form: each enabled custom field as
 * CF.<n> (Id, Name, Kind, Value; a choice's options with the one
 * chosen, and its current value kept as an option even if no longer
 * one), the tags and the parent's number (F.tags, F.parent, or
 * F.ParentHidden when the parent is out of the user's sight: the
 * field is then left out and the parent kept).  submitted: show what
 * was sent rather than what is stored.
 */
void
ct_extras_form(struct req *r, const struct ct_extras *x, int submitted)
{
	char	 pre[64], name[96];
	char	*const *vals = submitted ? x->new : x->old;
	size_t	 i, n = 0, k;

	for (i = 0; i < x->f.n; i++) {
		const struct ct_field	*f = &x->f.v[i];
		const char		*v = vals[i] ? vals[i] : "";
		const char		*p, *e;
		int			 found = 0;

		if (f->disabled)
			continue;
		snprintf(pre, sizeof(pre), "CF.%zu", n++);
		snprintf(name, sizeof(name), "%s.Id", pre);
		tmpl_set_int(r->tmpl, name, f->id);
		snprintf(name, sizeof(name), "%s.Name", pre);
		tmpl_set(r->tmpl, name, f->name);
		snprintf(name, sizeof(name), "%s.Kind", pre);
		tmpl_set(r->tmpl, name, fields_kind_code(f->kind));
		snprintf(name, sizeof(name), "%s.Value", pre);
		tmpl_set(r->tmpl, name, v);
		if (f->kind != FIELDS_CHOICE)
			continue;
		k = 0;
		for (p = f->options; *p; p = *e ? e + 1 : e) {
			e = p + strcspn(p, "\n");
			snprintf(name, sizeof(name), "%s.Options.%zu.Name",
			    pre, k);
			tmpl_setf(r->tmpl, name, "%.*s", (int)(e - p), p);
			if ((size_t)(e - p) == strlen(v) &&
			    memcmp(p, v, strlen(v)) == 0) {
				snprintf(name, sizeof(name),
				    "%s.Options.%zu.Selected", pre, k);
				tmpl_set(r->tmpl, name, "1");
				found = 1;
			}
			k++;
		}
		if (!found && *v != '\0') {
			snprintf(name, sizeof(name), "%s.Options.%zu.Name",
			    pre, k);
			tmpl_set(r->tmpl, name, v);
			snprintf(name, sizeof(name), "%s.Options.%zu.Selected",
			    pre, k);
			tmpl_set(r->tmpl, name, "1");
		}
	}
	tmpl_set(r->tmpl, "F.tags", submitted ? x->new_tags : x->old_tags);
	if (x->old_parent != 0 && !x->parent_shown)
		tmpl_set(r->tmpl, "F.ParentHidden", "1");
	else
		tmpl_set(r->tmpl, "F.parent", submitted ? x->new_parent_no :
		    x->old_parent_no);
}

/*
 * The rest of the record on the contract's page: the enabled custom
 * fields that have a value (CF.<n>.Name, .Value; numbers with
 * separators), the tags (Tags.<n>), the parent (Parent.Id, .Number,
 * .Title, or Parent.Hidden when out of sight) and the children one
 * may see (Children.<n>).  Returns 0, or -1 on a database error.
 */
int
ct_extras_view(struct req *r, long long id, const struct ct_extras *x)
{
	static const char *const cnames[] = { "Id", "Number", "Title",
	    "Status", "Type", "Date" };
	struct buf	 href = { NULL, 0, 0 };
	char		 name[96], *tags, *p, *save = NULL;
	size_t		 i, k, n = 0;

	for (i = 0; i < x->f.n; i++) {
		const struct ct_field *f = &x->f.v[i];

		if (f->disabled || x->old[i] == NULL)
			continue;
		snprintf(name, sizeof(name), "CF.%zu.Name", n);
		tmpl_set(r->tmpl, name, f->name);
		snprintf(name, sizeof(name), "CF.%zu.Value", n);
		if (f->kind == FIELDS_NUMBER)
			ct_set_amount(r, name, x->old[i]);
		else
			tmpl_set(r->tmpl, name, x->old[i]);
		n++;
	}
	if (x->old_tags != NULL) {
		tags = xstrdup(x->old_tags);
		n = 0;
		for (p = strtok_r(tags, " ", &save); p != NULL;
		    p = strtok_r(NULL, " ", &save)) {
			snprintf(name, sizeof(name), "Tags.%zu", n++);
			tmpl_set(r->tmpl, name, p);
		}
		free(tags);
	}
	n = 0;
	for (i = 0; i < x->rec.nrows; i++) {
		const char	*kind = DB_CELL(&x->rec, i, 0);

		if (kind[0] == 'p' && x->parent_shown) {
			tmpl_set(r->tmpl, "Parent.Id", DB_CELL(&x->rec, i, 2));
			tmpl_set(r->tmpl, "Parent.Number",
			    DB_CELL(&x->rec, i, 3));
			tmpl_set(r->tmpl, "Parent.Title", DB_CELL(&x->rec, i, 4));
		} else if (kind[0] == 'p')
			tmpl_set(r->tmpl, "Parent.Hidden", "1");
		else if (kind[0] == 'k') {
			for (k = 0; k < NELEM(cnames); k++) {
				snprintf(name, sizeof(name), "Children.%zu.%s",
				    n, cnames[k]);
				tmpl_set(r->tmpl, name, DB_CELL(&x->rec, i,
				    2 + k));
			}
			snprintf(name, sizeof(name), "Children.%zu.StatusName",
			    n);
			ct_set_label(r, name, "status", DB_CELL(&x->rec, i, 5));
			n++;
		}
	}
	/* The link that files an amendment of this contract. */
	buf_adds(&href, "/contracts/new?");
	{
		struct buf	q = { NULL, 0, 0 };
		const char	*num = tmpl_get(r->tmpl, "F.number");

		ct_url_add(&q, "parent", num ? num : "");
		buf_adds(&href, q.data);
		buf_free(&q);
	}
	tmpl_set(r->tmpl, "NewChildHref", href.data);
	buf_free(&href);
	return 0;
}

/* Sets name to the history label of field: a custom field's name, or field.<x>. */
void
ct_set_history_label(struct req *r, const char *name,
    const struct ct_fields *f, const char *field)
{
	const struct ct_field	*cf;
	char			 key[96];

	if (field != NULL && strncmp(field, "cf.", 3) == 0 &&
	    (cf = ct_field_by_id(f, util_num(field + 3))) != NULL) {
		tmpl_set(r->tmpl, name, cf->name);
		return;
	}
	snprintf(key, sizeof(key), "field.%s", field ? field : "");
	tmpl_set(r->tmpl, name, app_l(r, key));
}
