/*
 * Full-text search over contract_search (sql/0009), straight through
 * Groonga's own select command (SQL: mroonga_command): the words a user
 * typed become a select whose every part this module writes, its
 * answer (JSON) is read back, and snippets are cut from the text it
 * returns.  Pure functions: no database, no request; cgi-bin/search.c
 * runs them and checks each result against its contract.
 *
 * Why not MATCH ... AGAINST in SQL: through the handler the same search
 * cost 7-8 ms of database CPU (MariaDB asks Mroonga for table
 * statistics, closes its result sets, copies every row), through
 * select 3.5-4 ms, at 100,000 contracts; and mroonga_snippet another
 * 1.8 ms that this module's snippets spend in the web worker instead,
 * where they scale with the pool.
 */
#ifndef KEIYAKU_SEARCH_H
#define KEIYAKU_SEARCH_H

#include <stddef.h>

#define SEARCH_PAGE	50	/* results a page */
#define SEARCH_WIDTH	240	/* bytes of one snippet window */
#define SEARCH_WINDOWS	2	/* windows of a snippet */
#define SEARCH_PIECES	64	/* pieces of a snippet, at most */

/* The words of a query, as typed (split on ASCII or ideographic spaces). */
#define SEARCH_WORDS_MAX	32	/* words of a query used, at most */

struct search_words {
	char	**w;
	size_t	  n;
};

/* Who searches: the organisation, and what they may see. */
struct search_who {
	long long	 org;
	int		 all;	/* may see every contract of org */
	long long	 dept;	/* else: their department (0: none) */
	long long	 user;	/* ... and themselves */
};

struct search_hit {
	long long	 id;
	char		*meta;	/* number, title, counterparty, notes */
	char		*body;	/* the documents' text */
};

struct search_result {
	long long		 total;	/* matches in all */
	struct search_hit	*hit;	/* newest first, at most SEARCH_PAGE + 1 */
	size_t			 n;
};

/* One piece of a snippet: text[0..len) of the searched text. */
struct search_piece {
	const char	*text;
	size_t		 len;
	int		 hit;	/* a match of a word */
	int		 gap;	/* the text before it was left out */
};

/* What snippets need from call to call: the words folded, buffers. */
struct search_snip {
	const struct search_words	*sw;
	char				**fw;	/* the words, folded */
	struct buf			*ft, *map;
};

size_t	 search_split(const char *q, struct search_words *);
void	 search_words_free(struct search_words *);
char	*search_command(const struct search_words *,
	    const struct search_who *, long long before);
int	 search_parse(const char *json, size_t len, struct search_result *);
void	 search_result_free(struct search_result *);
void	 search_snip_init(struct search_snip *, const struct search_words *);
size_t	 search_snippet(struct search_snip *, const char *text, size_t len,
	    struct search_piece *, size_t max);
void	 search_snip_free(struct search_snip *);

#endif
