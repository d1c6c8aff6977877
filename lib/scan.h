/*
 * Virus scanning: every upload goes through a real ClamAV daemon
 * (clamd) over its unix socket with the INSTREAM command before it is
 * accepted.  Fail closed: a scanner that is down, slow or answers
 * anything unexpected is SCAN_ERROR, and the upload is refused.
 */
#ifndef KEIYAKU_SCAN_H
#define KEIYAKU_SCAN_H

#include <stddef.h>

enum scan_result {
	SCAN_CLEAN,
	SCAN_INFECTED,	/* name holds the signature */
	SCAN_ERROR	/* no verdict: refuse */
};

struct conf;

enum scan_result scan_fd(const struct conf *, const char *rid, int fd,
	    long long size, char *name, size_t namesz);

#endif
