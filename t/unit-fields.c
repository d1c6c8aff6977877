/*
 * Unit tests (TAP) for lib/fields.c: custom field values by kind, the
 * options of a choice field, and the normalisation of tags.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "util.h"
#include "tap.h"

struct vcase {
	int		 kind;
	const char	*in;
	const char	*cur;
	int		 rc;
	const char	*want;	/* stored form when rc == 0 */
	const char	*why;
};

static const char *const opts = "本社金庫\n法務部キャビネット\n電子保存のみ";

static const struct vcase values[] = {
	{ FIELDS_TEXT, "", NULL, 0, "", "empty text: no value" },
	{ FIELDS_TEXT, "  保管は法務部  ", NULL, 0, "保管は法務部", "text is trimmed" },
	{ FIELDS_TEXT, "\xe3\x80\x80全角空白\xe3\x80\x80", NULL, 0, "全角空白", "ideographic spaces trimmed too" },
	{ FIELDS_TEXT, "a\tb", NULL, FIELDS_EINVALID, NULL, "a tab is a control character" },
	{ FIELDS_TEXT, "a\nb", NULL, FIELDS_EINVALID, NULL, "one line only" },
	{ FIELDS_TEXT, "\xc2\x85", NULL, FIELDS_EINVALID, NULL, "C1 control" },
	{ FIELDS_TEXT, "\xff\xfe", NULL, FIELDS_EINVALID, NULL, "not UTF-8" },
	{ FIELDS_NUMBER, "1,234,567", NULL, 0, "1234567", "thousands commas" },
	{ FIELDS_NUMBER, "-42", NULL, 0, "-42", "negative integer" },
	{ FIELDS_NUMBER, "007", NULL, 0, "7", "leading zeros go" },
	{ FIELDS_NUMBER, "-0", NULL, 0, "0", "minus zero is zero" },
	{ FIELDS_NUMBER, "999999999999999", NULL, 0, "999999999999999", "15 digits" },
	{ FIELDS_NUMBER, "1000000000000000", NULL, FIELDS_EINVALID, NULL, "16 digits" },
	{ FIELDS_NUMBER, "1.5", NULL, FIELDS_EINVALID, NULL, "not an integer" },
	{ FIELDS_NUMBER, "1e3", NULL, FIELDS_EINVALID, NULL, "no exponent" },
	{ FIELDS_NUMBER, ",1", NULL, FIELDS_EINVALID, NULL, "leading comma" },
	{ FIELDS_NUMBER, "1,,0", NULL, FIELDS_EINVALID, NULL, "double comma" },
	{ FIELDS_NUMBER, "-", NULL, FIELDS_EINVALID, NULL, "a sign alone" },
	{ FIELDS_NUMBER, "--1", NULL, FIELDS_EINVALID, NULL, "two signs" },
	{ FIELDS_NUMBER, "+1", NULL, FIELDS_EINVALID, NULL, "no plus sign" },
	{ FIELDS_NUMBER, "１２", NULL, FIELDS_EINVALID, NULL, "fullwidth digits are not taken" },
	{ FIELDS_DATE, "2028-02-29", NULL, 0, "2028-02-29", "a leap day" },
	{ FIELDS_DATE, "2027-02-29", NULL, FIELDS_EINVALID, NULL, "not a leap year" },
	{ FIELDS_DATE, "2027/01/01", NULL, FIELDS_EINVALID, NULL, "slashes" },
	{ FIELDS_DATE, "tomorrow", NULL, FIELDS_EINVALID, NULL, "a word" },
	{ FIELDS_CHOICE, "本社金庫", NULL, 0, "本社金庫", "an option" },
	{ FIELDS_CHOICE, " 電子保存のみ ", NULL, 0, "電子保存のみ", "an option, trimmed" },
	{ FIELDS_CHOICE, "金庫", NULL, FIELDS_EINVALID, NULL, "part of an option" },
	{ FIELDS_CHOICE, "本社金庫\n法務部キャビネット", NULL, FIELDS_EINVALID, NULL, "two options" },
	{ FIELDS_CHOICE, "旧倉庫", "旧倉庫", 0, "旧倉庫", "the current value, though no longer an option" },
	{ FIELDS_CHOICE, "旧倉庫", "別の値", FIELDS_EINVALID, NULL, "not an option nor the current value" },
	{ 99, "x", NULL, FIELDS_EINVALID, NULL, "unknown kind" },
};

struct tcase {
	const char	*in;
	int		 rc;
	const char	*want;	/* tags joined by '|' */
	const char	*why;
};

static const struct tcase tags[] = {
	{ "", 0, "", "no tags" },
	{ "  ,, 、 ", 0, "", "separators only" },
	{ "NDA 重要", 0, "nda|重要", "space separated, ASCII lower-cased, sorted" },
	{ "ＮＤＡ，重要、nda", 0, "nda|重要", "fullwidth letters and commas fold; repeats go" },
	{ "#重要 ##自動更新", 0, "自動更新|重要", "leading # dropped" },
	{ "ｶﾞｽ ﾊﾟｰﾄﾅｰ", 0, "ガス|パートナー", "halfwidth katakana with sound marks" },
	{ "か\xe3\x82\x99き", 0, "がき", "a decomposed dakuten composes" },
	{ "ヴ ｳﾞ", 0, "ヴ", "ウ with dakuten is ヴ" },
	{ "A\xe3\x80\x80" "B", 0, "a|b", "an ideographic space separates" },
	{ "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほま", FIELDS_ETOOLONG, NULL, "31 characters" },
	{ "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ", 0, "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ", "30 characters" },
	{ "a\x01" "b", FIELDS_EINVALID, NULL, "a control character" },
	{ "\xe3\x81", FIELDS_EINVALID, NULL, "broken UTF-8" },
};

int
main(void)
{
	struct buf	 b = { NULL, 0, 0 };
	char		**t, *joined;
	size_t		 i, j, n;
	long long	 v;
	int		 rc;

	for (i = 0; i < NELEM(values); i++) {
		rc = fields_value(values[i].kind, values[i].in, opts,
		    values[i].cur, &b);
		is_int(rc, values[i].rc, "fields_value(%s, %s): %s",
		    fields_kind_code(values[i].kind), values[i].in,
		    values[i].why);
		if (rc == 0)
			is_str(b.data, values[i].want, "... stored as %s",
			    values[i].want);
		else
			is_str(b.data, "", "... and nothing is stored");
	}
	ok(fields_value(FIELDS_TEXT, NULL, NULL, NULL, &b) == 0 &&
	    b.len == 0, "no value given: empty");

	is_int(fields_kind("choice"), FIELDS_CHOICE, "kind by code");
	is_int(fields_kind("float"), -1, "unknown kind code");
	is_int(fields_kind(NULL), -1, "no kind code");
	is_str(fields_kind_code(FIELDS_DATE), "date", "code of a kind");

	ok(fields_integer("-9,999", &v) == 0 && v == -9999, "integer with sign and comma");

	is_int(fields_options(" 本社金庫 \r\n\r\n法務部キャビネット\n", &b), 2,
	    "options: CRLF, blank lines and spaces dropped");
	is_str(b.data, "本社金庫\n法務部キャビネット", "... stored one a line");
	is_int(fields_options("a\nb\na", &b), FIELDS_EDUP, "options: a repeat is refused");
	is_int(fields_options("\n \n", &b), FIELDS_EINVALID, "options: none");
	is_int(fields_options("a\x07", &b), FIELDS_EINVALID, "options: control character");
	{
		struct buf	many = { NULL, 0, 0 };

		for (i = 0; i < FIELDS_OPTIONS_MAX + 1; i++)
			buf_addf(&many, "option %zu\n", i);
		is_int(fields_options(many.data, &b), FIELDS_ETOOMANY,
		    "options: 101 are too many");
		buf_reset(&many);
		for (i = 0; i < FIELDS_OPTION_MAX + 1; i++)
			buf_adds(&many, "あ");
		is_int(fields_options(many.data, &b), FIELDS_ETOOLONG,
		    "options: one of 101 characters is too long");
		buf_free(&many);
	}
	ok(fields_option_ok(opts, "電子保存のみ"), "option found");
	ok(!fields_option_ok(opts, ""), "empty is no option");
	ok(!fields_option_ok(opts, "電子保存"), "a prefix is no option");
	is_int((long long)fields_option_count(opts), 3, "option count");

	for (i = 0; i < NELEM(tags); i++) {
		rc = fields_tags(tags[i].in, &t, &n, FIELDS_TAGS_MAX);
		is_int(rc, tags[i].rc, "fields_tags(%s): %s", tags[i].in,
		    tags[i].why);
		if (rc != 0) {
			ok(t == NULL && n == 0, "... no tags returned");
			continue;
		}
		buf_reset(&b);
		buf_add(&b, "", 0);
		for (j = 0; j < n; j++) {
			if (j > 0)
				buf_add(&b, "|", 1);
			buf_adds(&b, t[j]);
		}
		joined = xstrdup(b.data);
		is_str(joined, tags[i].want, "... gives %s", tags[i].want);
		free(joined);
		fields_tags_free(t, n);
	}
	{
		struct buf	many = { NULL, 0, 0 };

		for (i = 0; i < 21; i++)
			buf_addf(&many, "t%zu ", i);
		is_int(fields_tags(many.data, &t, &n, FIELDS_TAGS_MAX),
		    FIELDS_ETOOMANY, "21 tags are too many");
		is_int(fields_tags("a b c a", &t, &n, 3), 0,
		    "repeats do not count toward the maximum");
		fields_tags_free(t, n);
		buf_free(&many);
	}
	buf_free(&b);
	return done_testing();
}
