/*
 * IP allow-lists: parsing what an admin typed (ranges separated by
 * white space or commas; an address alone is a range of one) into the
 * stored form, and checking an address against it.  IPv4-mapped IPv6
 * addresses (::ffff:192.0.2.1, as a dual-stack listener reports IPv4
 * clients) are checked as the IPv4 addresses they are.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipallow.h"
#include "util.h"

struct net {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	a[16];
	int		prefix;
};

static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff };

/* An address (no prefix) into n, IPv4-mapped folded to IPv4.  0 or -1. */
static int
addr_parse(const char *s, struct net *n)
{
	memset(n, 0, sizeof(*n));
	if (inet_pton(AF_INET, s, n->a) == 1) {
		n->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, n->a) == 1) {
		n->family = AF_INET6;
		if (memcmp(n->a, v4mapped, 12) == 0) {
			memmove(n->a, n->a + 12, 4);
			memset(n->a + 4, 0, 12);
			n->family = AF_INET;
		}
		return 0;
	}
	return -1;
}

/* "address[/prefix]" into n with the host bits cleared.  0 or -1. */
static int
net_parse(const char *s, struct net *n)
{
	char		 tmp[64], *slash;
	long long	 p;
	int		 max, i;

	if (strlen(s) >= sizeof(tmp))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s", s);
	if ((slash = strchr(tmp, '/')) != NULL)
		*slash++ = '\0';
	if (addr_parse(tmp, n) == -1)
		return -1;
	/* Written as IPv6, the prefix counts 128 bits. */
	max = strchr(tmp, ':') != NULL ? 128 : 32;
	if (slash == NULL)
		p = max;
	else if (*slash == '\0' || strspn(slash, "0123456789") !=
	    strlen(slash) || strlen(slash) > 3 ||
	    util_parse_int64(slash, &p) == -1 || p > max)
		return -1;
	/* An IPv4-mapped range keeps its meaning: ::ffff:10.0.0.0/104 is /8. */
	if (max == 128 && n->family == AF_INET) {
		if (p < 96)
			return -1;
		p -= 96;
	}
	n->prefix = (int)p;
	for (i = 0; i < 16; i++) {
		int keep = n->prefix - i * 8;
		if (keep <= 0)
			n->a[i] = 0;
		else if (keep < 8)
			n->a[i] &= (unsigned char)(0xff << (8 - keep));
	}
	return 0;
}

static int
net_contains(const struct net *n, const struct net *a)
{
	int	full = n->prefix / 8, rest = n->prefix % 8;

	if (n->family != a->family || memcmp(n->a, a->a, full) != 0)
		return 0;
	return rest == 0 || ((n->a[full] ^ a->a[full]) &
	    (0xff << (8 - rest))) == 0;
}

static void
net_print(const struct net *n, struct buf *b)
{
	char	s[INET6_ADDRSTRLEN];

	inet_ntop(n->family, n->a, s, sizeof(s));
	buf_addf(b, "%s/%d", s, n->prefix);
}

/*
 * Parses a list as typed into out (normalised ranges, one per line,
 * duplicates dropped).  Returns the number of ranges, or -1 with the
 * first entry that is not a range in bad (or "" when there are more
 * than IPALLOW_MAX).
 */
int
ipallow_parse(const char *in, struct buf *out, char *bad, size_t badsz)
{
	struct net	 nets[IPALLOW_MAX], n;
	const char	*p = in;
	char		 tok[128];
	size_t		 len;
	int		 count = 0, i, dup;

	buf_add(out, "", 0);
	for (;;) {
		p += strspn(p, " \t\r\n,");
		if (*p == '\0')
			break;
		len = strcspn(p, " \t\r\n,");
		snprintf(tok, sizeof(tok), "%.*s", (int)(len < 127 ? len : 127),
		    p);
		p += len;
		if (len >= sizeof(tok) || net_parse(tok, &n) == -1) {
			snprintf(bad, badsz, "%s", tok);
			return -1;
		}
		for (dup = 0, i = 0; i < count; i++)
			if (nets[i].family == n.family &&
			    nets[i].prefix == n.prefix &&
			    memcmp(nets[i].a, n.a, 16) == 0)
				dup = 1;
		if (dup)
			continue;
		if (count == IPALLOW_MAX) {
			bad[0] = '\0';
			return -1;
		}
		nets[count++] = n;
		if (out->len > 0)
			buf_adds(out, "\n");
		net_print(&n, out);
	}
	return count;
}

/*
 * 1 if addr is inside one of the stored list's ranges or the list is
 * empty, else 0 (an address that does not parse is outside).
 */
int
ipallow_match(const char *list, const char *addr)
{
	struct net	 a, n;
	const char	*p = list;
	char		 tok[64];
	size_t		 len;
	int		 any = 0;

	if (list == NULL)
		return 1;
	if (addr_parse(addr ? addr : "", &a) == -1)
		a.family = 0;
	for (;;) {
		p += strspn(p, " \t\r\n,");
		if (*p == '\0')
			break;
		len = strcspn(p, " \t\r\n,");
		any = 1;
		if (len < sizeof(tok)) {
			memcpy(tok, p, len);
			tok[len] = '\0';
			if (a.family != 0 && net_parse(tok, &n) == 0 &&
			    net_contains(&n, &a))
				return 1;
		}
		p += len;
	}
	return !any;
}
