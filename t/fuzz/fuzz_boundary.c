/*
 * libFuzzer target: http_boundary on the input as a Content-Type
 * (cut at its first NUL).  The output buffer is an exact-size heap
 * block (its size from the first byte), so ASan sees any overflow.
 * Aborts when a boundary is returned that RFC 2046 forbids or that is
 * not in the input, or for a type other than multipart/form-data
 * (such as "multipart/form-dataX").
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char bchars[] = "abcdefghijklmnopqrstuvwxyz"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=? ";

static void
check(const char *ct, size_t outsz)
{
	char	*out = malloc(outsz);
	size_t	 n;
	int	 rc;

	rc = http_boundary(ct, out, outsz);
	if (rc != 0 && rc != 400)
		abort();
	if (rc == 0) {
		n = strlen(out);
		if (n == 0 || n > 70 || n >= outsz ||
		    strspn(out, bchars) != n || out[n - 1] == ' ' ||
		    strncasecmp(ct, "multipart/form-data", 19) != 0 ||
		    strchr("; \t", ct[19]) == NULL ||
		    strstr(ct, out) == NULL)
			abort();
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	size_t	 outsz;

	if (size < 1)
		return 0;
	outsz = (size_t)data[0] % 80 + 1;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	check(s, outsz);
	check(s, 71);
	free(s);
	return 0;
}
