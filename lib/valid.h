/*
 * Input validators: each takes a decoded value and its length and
 * returns 1 if the value may reach a handler.  Programs declare every
 * input key with one of these (kcgi style); undeclared keys are
 * dropped.
 */
#ifndef KEIYAKU_VALID_H
#define KEIYAKU_VALID_H

#include <stddef.h>

int	valid_email(const char *, size_t);
int	valid_password(const char *, size_t);
int	valid_line(const char *, size_t);	/* one line of text, ≤ 200 chars */
int	valid_lang(const char *, size_t);
int	valid_local_path(const char *, size_t);
int	valid_id(const char *, size_t);
int	valid_token(const char *, size_t);
size_t	valid_utf8_chars(const char *, size_t);
int	valid_opt_id(const char *, size_t);	/* an id, or empty */
int	valid_opt_date(const char *, size_t);	/* YYYY-MM-DD, or empty */
int	valid_opt_amount(const char *, size_t);	/* digits (commas allowed), or empty */
int	valid_opt_small(const char *, size_t);	/* 0..9999, or empty */
int	valid_text(const char *, size_t);	/* lines of text, ≤ 10,000 chars */
int	valid_title(const char *, size_t);	/* one line, ≤ 300 chars */
int	valid_opt_name(const char *, size_t);	/* one line, ≤ 100 bytes, or empty */
int	valid_opt_email(const char *, size_t);	/* an address, or empty */
int	valid_opt_phone(const char *, size_t);	/* digits + - ( ) space, ≤ 40 */

#endif
