/*
 * The job "verify": one bulk verification run of one organisation
 * (lib/bulkverify.h), payload the run's id, started from /admin/verify.
 * Run again after an interruption, it starts the run over.
 */
#include "config.h"

#include <stdio.h>

#include "bulkverify.h"
#include "job-kinds.h"
#include "util.h"

int
job_verify(struct job_ctx *ctx, const char *payload, char *err, size_t errsz)
{
	struct bv_counts	n;
	long long		run;

	if (ctx->org <= 0 || util_parse_int64(payload, &run) == -1 ||
	    run <= 0) {
		snprintf(err, errsz, "payload is not a run of an organisation");
		return -1;
	}
	return bv_execute(ctx->db, ctx->conf, ctx->rid, ctx->org, run, &n,
	    err, errsz);
}
