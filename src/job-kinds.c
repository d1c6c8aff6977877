/*
 * The table of job kinds: name, handler, time limit in seconds (at
 * most JOBS_LIMIT_MAX; the child is killed at the limit and the
 * attempt counts as failed), and whether only the test suite may run
 * it (job_test_kinds = 1 in keiyaku.conf).  One row per kind.
 */
#include "config.h"

#include <string.h>

#include "job-kinds.h"
#include "util.h"

static const struct job_kind job_kinds[] = {
	{ "reminders", job_reminders, 600, 0 },
	{ "extract", job_extract, 300, 0 },
	{ "sweep", job_sweep, 600, 0 },
	{ "mail", job_mail, 120, 0 },
	{ "verify", job_verify, 600, 0 },
	/* For t/stack-jobs.t only: see src/job-test.c. */
	{ "test.echo", job_test_echo, 10, 1 },
	{ "test.sleep", job_test_sleep, 3, 1 },
	{ "test.fail", job_test_fail, 10, 1 },
};

/* The kind named kind, or NULL if there is none (or it is for tests). */
const struct job_kind *
job_kind_find(const char *kind, int test_kinds)
{
	size_t	i;

	for (i = 0; i < NELEM(job_kinds); i++)
		if (strcmp(job_kinds[i].kind, kind) == 0)
			return job_kinds[i].test_only && !test_kinds ? NULL :
			    &job_kinds[i];
	return NULL;
}
