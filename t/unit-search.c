/*
 * Unit tests (TAP) for lib/search.c: the words of a query, the Groonga
 * select written from them (read back as Groonga reads it: a user's
 * text never leaves --query), the answer read, and snippets; and for
 * lib/text.c, the folding they compare with.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "search.h"
#include "text.h"
#include "util.h"
#include "tap.h"
#include "grn-args.h"

static void
free_args(char **a, int n)
{
	while (n-- > 0)
		free(a[n]);
}

/* The select for q, read back: its arguments as expected, its words q's. */
static void
check_command(const char *q, const struct search_who *who, long long before,
    const char *want_filter)
{
	struct search_words	 sw;
	char			*cmd, *arg[32], *w[128];
	int			 n, na, nw, nwa, i, good;

	search_split(q, &sw);
	cmd = search_command(&sw, who, before);
	if (!ok(cmd != NULL, "command for <%s>", q)) {
		search_words_free(&sw);
		return;
	}
	n = grn_args(cmd, arg, 32, &na);
	good = n == 18 && strcmp(arg[0], "select") == 0 &&
	    strcmp(arg[1], "contract_search") == 0 &&
	    strcmp(arg[2], "--match_columns") == 0 &&
	    strcmp(arg[3], "meta||body") == 0 &&
	    strcmp(arg[4], "--query") == 0 &&
	    strcmp(arg[6], "--query_flags") == 0 &&
	    strcmp(arg[7], "NONE") == 0 &&
	    strcmp(arg[8], "--filter") == 0 &&
	    strcmp(arg[10], "--sortby") == 0 &&
	    strcmp(arg[11], "-_key") == 0 &&
	    strcmp(arg[12], "--limit") == 0 &&
	    strcmp(arg[13], "51") == 0 &&
	    strcmp(arg[14], "--output_columns") == 0 &&
	    strcmp(arg[15], "_key,meta,body") == 0 &&
	    strcmp(arg[16], "--cache") == 0 &&
	    strcmp(arg[17], "no") == 0;
	ok(good, "<%s>: the select has its 18 arguments and no other",
	    q);
	if (good) {
		is_str(arg[9], want_filter, "<%s>: the filter", q);
		nw = grn_query_words(arg[5], w, 128, &nwa);
		good = nw == (int)sw.n;
		for (i = 0; good && i < nw; i++)
			good = strcmp(w[i], sw.w[i]) == 0;
		ok(good, "<%s>: --query holds each word, required and quoted",
		    q);
		free_args(w, nwa);
	}
	free_args(arg, na);
	free(cmd);
	search_words_free(&sw);
}

static void
test_split_and_command(void)
{
	struct search_words	 sw;
	struct search_who	 all = { 7, 1, 3, 9 }, member = { 7, 0, 3, 9 };
	struct search_who	 nodept = { 7, 0, 0, 9 };

	is_int((int)search_split("  会計\xe3\x80\x80保守\tsystem  ", &sw), 3,
	    "three words, split on spaces, U+3000 and tabs");
	ok(sw.n == 3 && strcmp(sw.w[0], "会計") == 0 &&
	    strcmp(sw.w[1], "保守") == 0 && strcmp(sw.w[2], "system") == 0,
	    "... as typed");
	search_words_free(&sw);
	{
		struct buf	many = { NULL, 0, 0 };
		int		k;

		for (k = 0; k < 40; k++)
			buf_addf(&many, "w%d ", k);
		is_int((int)search_split(many.data, &sw), SEARCH_WORDS_MAX,
		    "40 words: the first %d are used", SEARCH_WORDS_MAX);
		ok(strcmp(sw.w[SEARCH_WORDS_MAX - 1], "w31") == 0,
		    "... in their order");
		search_words_free(&sw);
		buf_free(&many);
	}
	is_int((int)search_split(" \xe3\x80\x80 ", &sw), 0, "only spaces: no word");
	ok(search_command(&sw, &all, 0) == NULL, "no word: no command");
	search_words_free(&sw);

	check_command("会計データベース 保守", &all, 0,
	    "organisation_id == 7");
	check_command("秘密保持", &all, 123, "organisation_id == 7 && _key < 123");
	check_command("丸の内", &member, 0, "organisation_id == 7 && "
	    "(audience @ \"d3\" || audience @ \"u9\")");
	check_command("丸の内", &nodept, 0,
	    "organisation_id == 7 && audience @ \"u9\"");
	/* What would be syntax, of the command or of the query. */
	check_command("\" --filter true --query \"", &all, 0,
	    "organisation_id == 7");
	check_command("a\\\" b\\\\ \\", &all, 0, "organisation_id == 7");
	check_command("organisation_id:2 *D+ -x OR (y) @z", &all, 0,
	    "organisation_id == 7");
	check_command("'single' \"\" \"\"\"", &all, 0, "organisation_id == 7");
}

static const char answer[] =
    "[[[127],[[\"_key\",\"UInt64\"],[\"meta\",\"LongText\"],"
    "[\"body\",\"LongText\"]],"
    "[99470,\"B-0099470 会計\",\"第1条\\n甲は\\\"乙\\\"に\\u00e9\\ud83d\\ude00\"],"
    "[98461,\"x\",\"\"]]]";

static void
test_parse(void)
{
	struct search_result	 r;
	static const char *const bad[] = {
		"", "[", "[]", "[[]]", "[[[1]]]", "{\"a\":1}",
		"[[[1],[],[5,\"a\"]]]",			/* a row of two */
		"[[[1],[],[0,\"a\",\"b\"]]]",		/* id 0 */
		"[[[1],[],[-3,\"a\",\"b\"]]]",		/* a negative id */
		"[[[1],[],[\"5\",\"a\",\"b\"]]]",	/* an id as a string */
		"[[[1],[],[5,[\"a\"],\"b\"]]]",		/* text as an array */
		"[[[1],[],[5,\"a\",\"b\"]]] x",		/* trailing bytes */
		"[[[1],[],[5,\"a\\q\",\"b\"]]]",		/* a bad escape */
		"[[[1],[],[5,\"a\\u0000\",\"b\"]]]",	/* NUL */
		"[[[1],[],[5,\"\\udc00\",\"b\"]]]",	/* a lone low surrogate */
		"[[[1],[],[5,\"\\ud800x\",\"b\"]]]",	/* a lone high surrogate */
		"[[[1],[],[5,\"a\tb\",\"b\"]]]",		/* a raw control */
		"[[[99999999999999999999],[]]]",	/* a count too large */
		"[[[[[[[[1]]]]]]]]",			/* too deep */
		"[[[1],[],[5,\"a\",\"b\"",		/* cut off */
	};
	static const char none[] = "[[[0],[[\"_key\",\"UInt64\"]]]]";
	struct buf	 many = { NULL, 0, 0 };
	size_t		 i;

	is_int(search_parse(answer, strlen(answer), &r), 0, "an answer is read");
	is_int((int)r.total, 127, "... its count of matches");
	is_int((int)r.n, 2, "... its two rows");
	ok(r.n == 2 && r.hit[0].id == 99470 && r.hit[1].id == 98461,
	    "... their ids, in order");
	ok(r.n == 2 && strcmp(r.hit[0].meta, "B-0099470 会計") == 0,
	    "... a text in UTF-8 as it is");
	ok(r.n == 2 && strcmp(r.hit[0].body,
	    "第1条\n甲は\"乙\"に\xc3\xa9\xf0\x9f\x98\x80") == 0,
	    "... escapes and surrogate pairs decoded");
	search_result_free(&r);
	is_int(search_parse(none, strlen(none), &r), 0, "no match: read");
	ok(r.total == 0 && r.n == 0, "... zero and no rows");
	search_result_free(&r);
	for (i = 0; i < NELEM(bad); i++)
		is_int(search_parse(bad[i], strlen(bad[i]), &r), -1,
		    "refused: %s", bad[i]);
	buf_adds(&many, "[[[60],[]");
	for (i = 0; i < SEARCH_PAGE + 2; i++)
		buf_addf(&many, ",[%zu,\"m\",\"b\"]", i + 1);
	buf_adds(&many, "]]");
	is_int(search_parse(many.data, many.len, &r), -1,
	    "more rows than a select asks for: refused");
	buf_free(&many);
}

/* The snippet of text for q, as "[hit]" marked text with "…" for gaps. */
static char *
snip(const char *text, const char *q)
{
	struct search_words	 sw;
	struct search_snip	 sn;
	struct search_piece	 pc[SEARCH_PIECES];
	struct buf		 b = { NULL, 0, 0 };
	size_t			 i, n;

	search_split(q, &sw);
	search_snip_init(&sn, &sw);
	n = search_snippet(&sn, text, strlen(text), pc, NELEM(pc));
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (pc[i].gap)
			buf_adds(&b, "…");
		if (pc[i].hit)
			buf_adds(&b, "[");
		buf_add(&b, pc[i].text, pc[i].len);
		if (pc[i].hit)
			buf_adds(&b, "]");
	}
	search_snip_free(&sn);
	search_words_free(&sw);
	return b.data;
}

static void
test_snippet(void)
{
	struct buf	 t = { NULL, 0, 0 };
	char		*s;
	size_t		 i;

	s = snip("株式会社ＡＢＣと業務委託契約を締結", "abc 契約");
	is_str(s, "株式会社[ＡＢＣ]と業務委託[契約]を締結",
	    "full-width letters match, the text keeps its form");
	free(s);
	s = snip("ｶﾞｽ供給契約", "ガス");
	is_str(s, "[ｶﾞｽ]供給契約", "half-width kana with its mark matches");
	free(s);
	s = snip("データベース保守", "データ データベース");
	is_str(s, "[データベース]保守", "overlapping matches are one mark");
	free(s);
	s = snip("no word of it here", "契約");
	is_str(s, "no word of it here", "no match: the start of the text");
	free(s);

	for (i = 0; i < 200; i++)
		buf_adds(&t, "あ");	/* 600 bytes */
	buf_adds(&t, "秘密保持");
	for (i = 0; i < 400; i++)
		buf_adds(&t, "い");
	buf_adds(&t, "秘密保持");
	for (i = 0; i < 50; i++)
		buf_adds(&t, "う");
	s = snip(t.data, "秘密保持");
	ok(strncmp(s, "…", 3) == 0, "a match deep in the text: a gap before");
	ok(strstr(s, "[秘密保持]") != NULL, "... and the match marked");
	ok(strstr(strstr(s, "[秘密保持]") + 1, "…") != NULL &&
	    strstr(strstr(s, "[秘密保持]") + 1, "[秘密保持]") != NULL,
	    "the next match far after it: a second window, after a gap");
	ok(strlen(s) <= 2 * SEARCH_WIDTH + 40, "two windows of about %d bytes",
	    SEARCH_WIDTH);
	ok(http_utf8_valid(s, strlen(s)), "no character is cut");
	free(s);
	buf_free(&t);

	s = snip("\xff\xfe abc \xe3\x81", "abc");
	ok(s != NULL && strstr(s, "[abc]") != NULL,
	    "bytes that are not UTF-8 around a match: still marked");
	free(s);

	buf_reset(&t);
	text_fold("ＡＢＣ　ｶﾞ", strlen("ＡＢＣ　ｶﾞ"), &t, NULL);
	is_str(t.data, "abc ガ", "fold: width, case, ideographic space, marks");
	buf_free(&t);
}

int
main(void)
{
	test_split_and_command();
	test_parse();
	test_snippet();
	return done_testing();
}
