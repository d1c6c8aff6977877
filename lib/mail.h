/*
 * Outgoing mail (sql/0010-mail.sql): a message is made whole when it
 * is queued, from two templates in the recipient's language
 * (templates/mail/NAME.txt.cs and NAME.html.cs) and a subject from the
 * language strings, as RFC 5322 with MIME: multipart/alternative,
 * UTF-8 bodies in base64, RFC 2047 encoded words in headers.  The job
 * worker delivers it over SMTP (src/job-mail.c).
 */
#ifndef KEIYAKU_MAIL_H
#define KEIYAKU_MAIL_H

#include <stddef.h>
#include <time.h>

struct buf;
struct conf;
struct db;

/* A message, all text in UTF-8. */
struct mail {
	const char	*from_addr;
	const char	*from_name;	/* "" for none */
	const char	*to_addr;
	const char	*to_name;	/* "" for none */
	const char	*subject;
	const char	*text;		/* the text/plain part */
	const char	*html;		/* the text/html part */
	const char	*message_id;	/* without < > */
	time_t		 date;
};

/* What to queue: the template pair and the values it shows. */
struct mail_req {
	long long		 org;
	long long		 user_id;	/* the recipient, if a user */
	long long		 contract_id;	/* what it is about, or 0 */
	const char		*kind;		/* e.g. "reminder" */
	const char		*to_addr;
	const char		*to_name;
	const char		*lang;		/* "ja" or "en" */
	const char		*tmpl;		/* "reminder": mail/reminder.*.cs */
	const char *const	*vals;		/* name, value, ..., NULL: Mail.name */
	/*
	 * Name, language key, ..., NULL: each Mail.Name is the string
	 * L.key in the recipient's language with its {name}s filled from
	 * vals and from the fills before it (under their names in lower
	 * case).  "Subject" must be one of them.
	 */
	const char *const	*fills;
	int			 secret;	/* it carries a link that signs:
						   the body is dropped once sent */
};

int		 mail_valid_addr(const char *);
int		 mail_compose(const struct mail *, struct buf *);
void		 mail_base64(struct buf *, const void *, size_t, int lines);
void		 mail_encode_words(struct buf *, const char *, size_t first);
long long	 mail_enqueue(struct db *, const struct conf *, const char *rid,
		    const struct mail_req *);

#endif
