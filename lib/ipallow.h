/*
 * An organisation's IP allow-list: IPv4 and IPv6 CIDR ranges.  Stored
 * normalised (network address, prefix), one per line; an empty list
 * allows every address.
 */
#ifndef KEIYAKU_IPALLOW_H
#define KEIYAKU_IPALLOW_H

#include <stddef.h>

#define IPALLOW_MAX	100	/* ranges in one list */

struct buf;

int	ipallow_parse(const char *, struct buf *, char *bad, size_t);
int	ipallow_match(const char *list, const char *addr);

#endif
