/*
 * libFuzzer target: what an admin types as an IP allow-list
 * (lib/ipallow.c) and what a user types as a two-factor or recovery
 * code or a key (lib/totp.c).  Each must be read or refused without
 * reading outside it; a list once normalised must read back the same;
 * every normalised range must hold its own network address.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipallow.h"
#include "totp.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf	 out = { NULL, 0, 0 }, again = { NULL, 0, 0 };
	unsigned char	 key[TOTP_KEY];
	char		*s, bad[128], norm[TOTP_RECOVERY], net[64];
	const char	*p;
	size_t		 k;
	int		 n, n2;

	s = malloc(len + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';

	n = ipallow_parse(s, &out, bad, sizeof(bad));
	if (n >= 0) {
		n2 = ipallow_parse(out.data, &again, bad, sizeof(bad));
		if (n2 != n || strcmp(again.data, out.data) != 0)
			abort();
		/* Each range holds its own network address. */
		for (p = out.data; *p != '\0'; p += k + (p[k] == '\n')) {
			k = strcspn(p, "\n");
			if (k >= sizeof(net))
				abort();
			memcpy(net, p, k);
			net[strcspn(net, "/")] = '\0';
			if (!ipallow_match(out.data, net))
				abort();
		}
	}
	(void)ipallow_match(s, "192.0.2.1");
	(void)ipallow_match(s, "2001:db8::1");
	(void)ipallow_match("10.0.0.0/8\n2001:db8::/32", s);

	if (totp_unbase32(s, key, sizeof(key)) == 0)
		(void)totp_check(key, sizeof(key), s, 1111111109, 0);
	if (totp_recovery_norm(s, norm) == 0 && strlen(norm) != 19)
		abort();
	buf_free(&out);
	buf_free(&again);
	free(s);
	return 0;
}
