/*
 * libFuzzer target: http_parse_urlencoded (and http_urldecode) on the
 * raw input.  Aborts when a result breaks what the parsers promise:
 * statuses 0, 400 or 413 only; keys non-empty; values without NUL,
 * UTF-8, within max_field_size; at most max_fields pairs.
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
	static const struct http_limits lim = { 1 << 20, 1 << 20, 16, 32, 1024 };
	struct kvlist	 l = { NULL, 0, 0 };
	struct buf	 out = { NULL, 0, 0 };
	char		*s;
	size_t		 i;
	int		 rc;

	/* An exact-size heap copy, so ASan sees any read past the end. */
	s = malloc(size ? size : 1);
	if (size)
		memcpy(s, data, size);

	rc = http_urldecode(s, size, &out);
	if (rc != 0 && rc != 400)
		abort();
	if (rc == 0 && (out.len > size || !http_utf8_valid(out.data, out.len) ||
	    strlen(out.data) != out.len))
		abort();
	buf_free(&out);

	rc = http_parse_urlencoded(s, size, &lim, &l);
	if (rc != 0 && rc != 400 && rc != 413)
		abort();
	if (rc == 0) {
		if (l.n > lim.max_fields)
			abort();
		for (i = 0; i < l.n; i++) {
			if (l.v[i].key[0] == '\0' ||
			    !http_utf8_valid(l.v[i].key, strlen(l.v[i].key)) ||
			    strlen(l.v[i].val) != l.v[i].len ||
			    l.v[i].len > lim.max_field_size ||
			    !http_utf8_valid(l.v[i].val, l.v[i].len))
				abort();
		}
		if (l.n > 0 && kv_get(&l, l.v[0].key) != l.v[0].val)
			abort();
	}
	kv_free(&l);
	free(s);
	return 0;
}
