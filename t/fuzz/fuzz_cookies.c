/*
 * libFuzzer target: http_parse_cookies on the input as a Cookie header
 * (cut at its first NUL, as a header would be).  Aborts when a result
 * breaks what the parser promises: 0 or 431 only, 431 for a header
 * over max_header, at most max_fields cookies, token names, UTF-8
 * values without NUL.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct http_limits lim = { 1 << 20, 1 << 20, 8, 64, 512 };
	struct kvlist	 l = { NULL, 0, 0 };
	char		*s;
	size_t		 i;
	int		 rc;

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	rc = http_parse_cookies(s, &lim, &l);
	if (rc != 0 && rc != 431)
		abort();
	if (strlen(s) > lim.max_header && rc != 431)
		abort();
	if (rc == 0) {
		if (l.n > lim.max_fields)
			abort();
		for (i = 0; i < l.n; i++) {
			const char *k = l.v[i].key;

			if (*k == '\0')
				abort();
			for (; *k; k++)
				if ((unsigned char)*k <= 0x20 ||
				    (unsigned char)*k >= 0x7f ||
				    strchr("()<>@,;:\\\"/[]?={}", *k) != NULL)
					abort();
			if (strlen(l.v[i].val) != l.v[i].len ||
			    !http_utf8_valid(l.v[i].val, l.v[i].len) ||
			    strchr(l.v[i].val, ';') != NULL)
				abort();
		}
	}
	kv_free(&l);
	free(s);
	return 0;
}
