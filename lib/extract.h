/*
 * Text extraction for full-text search: a document's PDF is decrypted
 * into an unlinked temporary file, read by poppler's pdftotext (UTF-8,
 * Japanese included), and the text (at most EXTRACT_MAX bytes) goes to
 * document_texts; the contract's row in contract_search (Mroonga) then
 * gets the text of its current main document and its attachments.
 * Run by the job worker (job kind "extract"); safe to run again.
 */
#ifndef KEIYAKU_EXTRACT_H
#define KEIYAKU_EXTRACT_H

#include <stddef.h>

#define EXTRACT_MAX	(2 * 1024 * 1024)

struct conf;
struct db;

int	extract_document(struct db *, const struct conf *, const char *rid,
	    long long org, long long doc, char *err, size_t errsz);

#endif
