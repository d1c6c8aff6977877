/*
 * The job kinds keiyaku-jobs knows: their handlers and time limits.
 * How to add one: lib/jobs.h ("Adding a kind").
 */
#ifndef KEIYAKU_JOB_KINDS_H
#define KEIYAKU_JOB_KINDS_H

#include <stddef.h>

#include "jobs.h"

#define JOB_HANDLER(name) \
	int name(struct job_ctx *, const char *, char *, size_t)

JOB_HANDLER(job_reminders);	/* src/job-reminders.c */
JOB_HANDLER(job_extract);	/* src/job-extract.c */
JOB_HANDLER(job_sweep);		/* src/job-sweep.c */
JOB_HANDLER(job_mail);		/* src/job-mail.c */
JOB_HANDLER(job_verify);	/* src/job-verify.c */
JOB_HANDLER(job_test_echo);	/* src/job-test.c */
JOB_HANDLER(job_test_sleep);
JOB_HANDLER(job_test_fail);

const struct job_kind	*job_kind_find(const char *kind, int test_kinds);

#endif
