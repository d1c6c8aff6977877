/*
 * libFuzzer target: lib/search.c on the input.
 *  - As Groonga's answer (search_parse): read or refused, never more
 *    rows than a select asks for, ids positive, texts present.
 *  - As a query typed by a user (cut at its first NUL): the select
 *    written from it, read back as Groonga reads a command
 *    (t/grn-args.h), has exactly its 18 arguments, the filter that
 *    names the organisation, and a --query whose words are the
 *    input's words: no text of a user escapes into another argument.
 *  - As a document's text, searched for its own first words: every
 *    snippet piece lies inside the text and is not empty.
 * Aborts when any of these breaks.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "util.h"
#include "../grn-args.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_command(const char *q)
{
	static const struct search_who who = { 42, 0, 3, 9 };
	struct search_words	 sw;
	char			*cmd, *arg[32], *w[256];
	int			 n, na, nw, nwa, i;

	search_split(q, &sw);
	cmd = search_command(&sw, &who, 77);
	if (sw.n == 0) {
		if (cmd != NULL)
			abort();
		search_words_free(&sw);
		return;
	}
	n = grn_args(cmd, arg, 32, &na);
	if (n != 18 || strcmp(arg[0], "select") != 0 ||
	    strcmp(arg[4], "--query") != 0 ||
	    strcmp(arg[6], "--query_flags") != 0 ||
	    strcmp(arg[7], "NONE") != 0 ||
	    strcmp(arg[8], "--filter") != 0 ||
	    strcmp(arg[9], "organisation_id == 42 && _key < 77 && "
	    "(audience @ \"d3\" || audience @ \"u9\")") != 0 ||
	    strcmp(arg[17], "no") != 0)
		abort();
	nw = grn_query_words(arg[5], w, 256, &nwa);
	if (nw != (int)sw.n)
		abort();
	for (i = 0; i < nw; i++)
		if (strcmp(w[i], sw.w[i]) != 0)
			abort();
	while (nwa-- > 0)
		free(w[nwa]);
	while (na-- > 0)
		free(arg[na]);
	free(cmd);
	search_words_free(&sw);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_result	 r;
	struct search_words	 sw;
	struct search_snip	 sn;
	struct search_piece	 pc[SEARCH_PIECES];
	const char		*t = (const char *)data;
	char			*s, *q;
	size_t			 i, n;

	if (search_parse(t, size, &r) == 0) {
		if (r.n > SEARCH_PAGE + 1 || r.total < 0)
			abort();
		for (i = 0; i < r.n; i++)
			if (r.hit[i].id <= 0 || r.hit[i].meta == NULL ||
			    r.hit[i].body == NULL)
				abort();
		search_result_free(&r);
	}

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	check_command(s);

	/* The text searched for the words of its first 12 bytes. */
	q = xstrndup(s, strnlen(s, 12));
	search_split(q, &sw);
	search_snip_init(&sn, &sw);
	n = search_snippet(&sn, t, size, pc, NELEM(pc));
	if (n > NELEM(pc))
		abort();
	for (i = 0; i < n; i++)
		if (pc[i].len == 0 || pc[i].text < t ||
		    pc[i].text + pc[i].len > t + size)
			abort();
	search_snip_free(&sn);
	search_words_free(&sw);
	free(q);
	free(s);
	return 0;
}
