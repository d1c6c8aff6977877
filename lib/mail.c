/*
 * Outgoing mail: composing a message and queueing it (lib/mail.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "mail.h"
#include "tmpl.h"
#include "util.h"

#define MAIL_ATTEMPTS	8	/* tries of one message before it fails */

DB_STMT_TENANT(st_mail_insert,
    "INSERT INTO mail_queue (organisation_id, kind, user_id, contract_id, "
    "to_addr, subject, message_id, message, secret) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");

/*
 * An address as a relay takes it without quoting: local@domain, the
 * local part of letters, digits and !#$%&'*+-/=?^_`{|}~. (no leading,
 * trailing or double dot), the domain of labels of letters, digits and
 * hyphens; at most 254 bytes.  Nothing that could end a header or an
 * SMTP command (spaces, controls, < > , ; : " \) gets through.
 */
int
mail_valid_addr(const char *a)
{
	const char	*at, *p;
	size_t		 n;

	if (a == NULL || (n = strlen(a)) == 0 || n > 254 ||
	    (at = strchr(a, '@')) == NULL || at == a || at - a > 64 ||
	    strchr(at + 1, '@') != NULL || at[1] == '\0')
		return 0;
	for (p = a; p < at; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') ||
		    strchr("!#$%&'*+-/=?^_`{|}~.", *p) != NULL) ||
		    (*p == '.' && (p == a || p + 1 == at || p[1] == '.')))
			return 0;
	for (p = at + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' ||
		    (*p == '.' && p != at + 1 && p[1] != '\0' && p[1] != '.')))
			return 0;
	return 1;
}

/* Base64 of p[0..n); with lines, CRLF after every 76 characters. */
void
mail_base64(struct buf *b, const void *p, size_t n, int lines)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s = p;
	char			 o[4];
	size_t			 i, col = 0;
	unsigned long		 v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned long)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		o[0] = a[(v >> 18) & 63];
		o[1] = a[(v >> 12) & 63];
		o[2] = i + 1 < n ? a[(v >> 6) & 63] : '=';
		o[3] = i + 2 < n ? a[v & 63] : '=';
		buf_add(b, o, 4);
		col += 4;
		if (lines && col == 76 && i + 3 < n) {
			buf_add(b, "\r\n", 2);
			col = 0;
		}
	}
	if (lines && n > 0)
		buf_add(b, "\r\n", 2);
}

/* Whether s can stand in a header as it is: printable ASCII, no "=?". */
static int
plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ||
		    (s[0] == '=' && s[1] == '?'))
			return 0;
	return 1;
}

/*
 * s (UTF-8) as RFC 2047 encoded words (=?UTF-8?B?...?=), each holding
 * whole characters, folded onto new lines (CRLF and a space) between
 * words so that no line is longer than 76 characters; first is how
 * much of the first line the header's name already takes.
 */
void
mail_encode_words(struct buf *b, const char *s, size_t first)
{
	size_t	len = strlen(s), i = 0, j, avail, room;

	avail = first < 40 ? 76 - first : 36;
	while (i < len) {
		/* 12 characters of =?UTF-8?B??=, 4 of base64 per 3 bytes. */
		room = (avail - 12) / 4 * 3;
		j = i + room < len ? i + room : len;
		/* Back to a character boundary. */
		while (j > i && j < len && ((unsigned char)s[j] & 0xc0) == 0x80)
			j--;
		if (j == i)	/* not UTF-8: cut where it is */
			j = i + room < len ? i + room : len;
		if (i > 0)
			buf_add(b, "\r\n ", 3);
		buf_adds(b, "=?UTF-8?B?");
		mail_base64(b, s + i, j - i, 0);
		buf_adds(b, "?=");
		i = j;
		avail = 75;	/* after the folding space */
	}
}

/* "Name <addr>" with the name quoted or encoded as it needs. */
static void
address(struct buf *b, const char *name, const char *addr, size_t first)
{
	const char	*p;

	if (name != NULL && *name != '\0') {
		if (plain_ascii(name)) {
			buf_add(b, "\"", 1);
			for (p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_add(b, "\\", 1);
				buf_add(b, p, 1);
			}
			buf_add(b, "\"", 1);
		} else
			mail_encode_words(b, name, first);
		buf_add(b, " ", 1);
	}
	buf_addf(b, "<%s>", addr);
}

/* text with every line break as CRLF (a text part's canonical form). */
static void
crlf(struct buf *b, const char *text)
{
	const char	*p;

	for (p = text; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n' || *p == '\r')
			buf_add(b, "\r\n", 2);
		else
			buf_add(b, p, 1);
	}
}

static int
no_controls(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * The message m as RFC 5322 with MIME into out: Date in Japan time,
 * From, To, Subject (encoded words unless plain ASCII), Message-ID,
 * and a multipart/alternative of the text and the HTML, each UTF-8 in
 * base64.  Returns 0, or -1 if an address is not valid or a header
 * value holds a control character (nothing could inject a header).
 */
int
mail_compose(const struct mail *m, struct buf *out)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct buf	 part = { NULL, 0, 0 };
	time_t		 t = m->date + 9 * 3600;
	struct tm	 tm;
	char		 bnd[CRYPTO_TOKEN_HEX];
	const char	*subj = m->subject;

	if (!mail_valid_addr(m->from_addr) || !mail_valid_addr(m->to_addr) ||
	    !no_controls(subj) || !no_controls(m->from_name) ||
	    !no_controls(m->to_name) || !no_controls(m->message_id) ||
	    strchr(m->message_id, '>') != NULL || gmtime_r(&t, &tm) == NULL ||
	    crypto_token(bnd) == -1)
		return -1;
	buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0900\r\n",
	    wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	buf_adds(out, "From: ");
	address(out, m->from_name, m->from_addr, 6);
	buf_adds(out, "\r\nTo: ");
	address(out, m->to_name, m->to_addr, 4);
	buf_adds(out, "\r\nSubject: ");
	if (plain_ascii(subj) && strlen(subj) <= 900)
		buf_adds(out, subj);
	else
		mail_encode_words(out, subj, 9);
	buf_addf(out, "\r\nMessage-ID: <%s>\r\n", m->message_id);
	buf_adds(out, "MIME-Version: 1.0\r\n");
	/* "=_" never occurs in base64, so the boundary cannot either. */
	buf_addf(out, "Content-Type: multipart/alternative; "
	    "boundary=\"=_kk_%.32s\"\r\n\r\n", bnd);
	buf_addf(out, "--=_kk_%.32s\r\n", bnd);
	buf_adds(out, "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	crlf(&part, m->text);
	mail_base64(out, part.data, part.len, 1);
	buf_reset(&part);
	buf_addf(out, "--=_kk_%.32s\r\n", bnd);
	buf_adds(out, "Content-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	crlf(&part, m->html);
	mail_base64(out, part.data, part.len, 1);
	buf_addf(out, "--=_kk_%.32s--\r\n", bnd);
	buf_free(&part);
	return 0;
}

/*
 * Renders the request's templates, composes the message and queues it
 * with its delivery job; in the caller's transaction when it has one,
 * so that the mail goes out exactly when what it tells of commits.
 * Returns the mail_queue id, or -1 (logged).
 */
long long
mail_enqueue(struct db *db, const struct conf *c, const char *rid,
    const struct mail_req *q)
{
	struct tmpl	*t;
	struct buf	 subj = { NULL, 0, 0 }, text = { NULL, 0, 0 };
	struct buf	 html = { NULL, 0, 0 }, msg = { NULL, 0, 0 };
	struct db_rows	 rows;
	struct mail	 m;
	char		 file[128], err[256], tok[CRYPTO_TOKEN_HEX], *mid = NULL;
	char		 name[128], idbuf[32];
	const char	*dom, *vals[64];
	char		*filled[16], *lower[16];
	long long	 id = -1;
	size_t		 i, nv = 0, nf = 0;

	if ((t = tmpl_new(c->template_dir, q->lang)) == NULL) {
		log_err(rid, "mail: no templates for %s", q->lang);
		return -1;
	}
	buf_add(&subj, "", 0);
	for (i = 0; q->vals[i] != NULL; i += 2) {
		snprintf(name, sizeof(name), "Mail.%s", q->vals[i]);
		tmpl_set(t, name, q->vals[i + 1]);
		if (nv < NELEM(vals) - 3) {
			vals[nv++] = q->vals[i];
			vals[nv++] = q->vals[i + 1];
		}
	}
	tmpl_set(t, "Mail.ToName", q->to_name);
	tmpl_set(t, "Mail.Lang", q->lang);
	for (i = 0; q->fills[i] != NULL && nf < NELEM(filled); i += 2) {
		vals[nv] = NULL;
		buf_reset(&subj);
		tmpl_fill(t, &subj, q->fills[i + 1], vals);
		snprintf(name, sizeof(name), "Mail.%s", q->fills[i]);
		tmpl_set(t, name, subj.data);
		filled[nf] = xstrdup(subj.data);
		lower[nf] = xstrdup(q->fills[i]);
		for (char *l = lower[nf]; *l; l++)
			if (*l >= 'A' && *l <= 'Z')
				*l += 'a' - 'A';
		if (nv < NELEM(vals) - 3) {
			vals[nv++] = lower[nf];
			vals[nv++] = filled[nf];
		}
		nf++;
	}
	buf_reset(&subj);
	buf_adds(&subj, tmpl_get(t, "Mail.Subject") != NULL ?
	    tmpl_get(t, "Mail.Subject") : "");
	snprintf(file, sizeof(file), "mail/%s.txt.cs", q->tmpl);
	if (tmpl_render(t, file, &text, err, sizeof(err)) == -1)
		goto render;
	snprintf(file, sizeof(file), "mail/%s.html.cs", q->tmpl);
	if (tmpl_render(t, file, &html, err, sizeof(err)) == -1)
		goto render;
	if (crypto_token(tok) == -1)
		goto out;
	dom = strchr(c->mail_from, '@');
	mid = xasprintf("%.32s@%s", tok, dom != NULL ? dom + 1 : "localhost");
	memset(&m, 0, sizeof(m));
	m.from_addr = c->mail_from;
	m.from_name = c->mail_from_name != NULL ? c->mail_from_name : "";
	m.to_addr = q->to_addr;
	m.to_name = q->to_name != NULL ? q->to_name : "";
	m.subject = subj.data;
	m.text = text.data;
	m.html = html.data;
	m.message_id = mid;
	m.date = time(NULL);
	if (mail_compose(&m, &msg) == -1) {
		log_err(rid, "mail: cannot compose a %s mail to <%s>", q->kind,
		    q->to_addr);
		goto out;
	}
	if (db_run_raw(db, rid, q->org, &st_mail_insert,
	    (const struct db_param[]){ DBS(q->kind),
	    q->user_id > 0 ? DBI(q->user_id) : DBS(NULL),
	    q->contract_id > 0 ? DBI(q->contract_id) : DBS(NULL),
	    DBS(q->to_addr), DBS(subj.data), DBS(mid),
	    DBS(msg.data), DBI(q->secret != 0) }, 8, &rows) == -1)
		goto out;
	id = rows.insert_id;
	db_rows_free(&rows);
	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	if (jobs_enqueue_opts(db, q->org, "mail", idbuf,
	    &(struct job_opts){ 0, NULL, MAIL_ATTEMPTS }) == -1)
		id = -1;
	goto out;
render:
	log_err(rid, "mail: %s: %s", file, err);
out:
	for (i = 0; i < nf; i++) {
		free(filled[i]);
		free(lower[i]);
	}
	free(mid);
	buf_free(&subj);
	buf_free(&text);
	buf_free(&html);
	buf_free(&msg);
	tmpl_free(t);
	return id;
}
