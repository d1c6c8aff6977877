/*
 * Job kind "extract": the text of one document for full-text search
 * (lib/extract.c).  Payload: the document id; the job's organisation
 * is the document's.  Enqueued by cgi-bin/documents.c in the upload's
 * transaction; idempotent (a second run writes the same text).
 */
#include "config.h"

#include <stdio.h>

#include "extract.h"
#include "job-kinds.h"
#include "util.h"

int
job_extract(struct job_ctx *ctx, const char *payload, char *err,
    size_t errsz)
{
	long long	doc;

	if (ctx->org <= 0 || payload == NULL ||
	    util_parse_int64(payload, &doc) == -1 || doc <= 0) {
		snprintf(err, errsz, "payload is not a document id");
		return -1;
	}
	return extract_document(ctx->db, ctx->conf, ctx->rid, ctx->org, doc,
	    err, errsz);
}
