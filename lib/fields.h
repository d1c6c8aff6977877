/*
 * The values of the contract record beyond its fixed columns, checked
 * and put in their stored form before they reach the database: custom
 * field values by kind (text, exact integer, date, one of a list of
 * options), the options of a choice field, and tags (normalised so
 * that "ＮＤＡ", "nda" and " NDA " are one tag).  Pure functions of
 * their input: no database, no request.
 */
#ifndef KEIYAKU_FIELDS_H
#define KEIYAKU_FIELDS_H

#include <stddef.h>

struct buf;

enum fields_kind {
	FIELDS_TEXT,
	FIELDS_NUMBER,
	FIELDS_DATE,
	FIELDS_CHOICE,
	FIELDS__MAX
};

#define FIELDS_NAME_MAX		100	/* characters of a field's name */
#define FIELDS_TEXT_MAX		200	/* characters of a text value */
#define FIELDS_OPTION_MAX	100	/* characters of one option */
#define FIELDS_OPTIONS_MAX	100	/* options of a choice field */
#define FIELDS_TAG_MAX		30	/* characters of one tag */
#define FIELDS_TAGS_MAX		20	/* tags on one contract */

enum fields_err {
	FIELDS_OK = 0,
	FIELDS_EINVALID = -1,	/* not a value of this kind */
	FIELDS_ETOOLONG = -2,	/* a tag or option is too long */
	FIELDS_ETOOMANY = -3,	/* too many tags or options */
	FIELDS_EDUP = -4	/* an option given twice */
};

int		 fields_kind(const char *code);	/* enum fields_kind, or -1 */
const char	*fields_kind_code(int kind);

int	fields_integer(const char *in, long long *out);
int	fields_value(int kind, const char *in, const char *options,
	    const char *current, struct buf *out);
int	fields_options(const char *text, struct buf *out);
int	fields_option_ok(const char *options, const char *value);
size_t	fields_option_count(const char *options);

int	fields_tag_norm(const char *in, size_t len, struct buf *out);
int	fields_tags(const char *in, char ***tags, size_t *n, size_t max);
void	fields_tags_free(char **, size_t);

#endif
