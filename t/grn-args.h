/*
 * Splits a Groonga command line into its arguments as Groonga reads
 * one: separated by spaces; an argument in double (or single) quotes
 * may hold spaces, and a backslash takes the next byte as it is.  For
 * t/unit-search.c and t/fuzz/fuzz_search.c, which read the select that
 * lib/search.c writes back to check that a user's text stays inside
 * its --query.  Returns the number of arguments (at most max), or -1
 * if a quote is not closed or there are more than max; either way
 * *nalloc says how many arg[] to free.
 */
#ifndef KEIYAKU_GRN_ARGS_H
#define KEIYAKU_GRN_ARGS_H

#include <stdlib.h>
#include <string.h>

static int __attribute__((unused))
grn_args(const char *s, char **arg, int max, int *nalloc)
{
	int	n = 0;
	char	q, *o;

	*nalloc = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		if (n == max)
			return -1;
		o = arg[n++] = calloc(1, strlen(s) + 1);
		*nalloc = n;
		if (*s == '"' || *s == '\'') {
			q = *s++;
			while (*s && *s != q) {
				if (*s == '\\' && s[1] != '\0')
					s++;
				*o++ = *s++;
			}
			if (*s != q)
				return -1;
			s++;
		} else
			while (*s && *s != ' ') {
				if (*s == '\\' && s[1] != '\0')
					s++;
				*o++ = *s++;
			}
	}
	return n;
}

/*
 * The words of a query in Groonga's query syntax as search_command
 * writes it: +"w1" +"w2" ..., each unescaped into word[]; the count,
 * or -1 if the query is of any other form (*nalloc: word[] to free).
 */
static int __attribute__((unused))
grn_query_words(const char *s, char **word, int max, int *nalloc)
{
	int	n = 0;
	char	*o;

	*nalloc = 0;
	while (*s) {
		if (n > 0) {
			if (*s != ' ')
				return -1;
			s++;
		}
		if (s[0] != '+' || s[1] != '"' || n == max)
			return -1;
		s += 2;
		o = word[n++] = calloc(1, strlen(s) + 1);
		*nalloc = n;
		while (*s && *s != '"') {
			if (*s == '\\') {
				if (s[1] != '"' && s[1] != '\\')
					return -1;
				s++;
			}
			*o++ = *s++;
		}
		if (*s != '"')
			return -1;
		s++;
	}
	return n;
}

#endif
