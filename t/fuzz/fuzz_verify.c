/*
 * libFuzzer target: lib/verify.c on the input as a PDF (the bulk
 * verification reads every stored file, and a user may upload a PDF
 * with signature dictionaries of any shape).  verify_pdf must read or
 * refuse anything without reading outside it, and with an empty trust
 * store it must never call a file or a signature valid.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "util.h"
#include "verify.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static X509_STORE	*st;
	struct vf_result	 res;
	size_t			 i;

	if (st == NULL && (st = X509_STORE_new()) == NULL)
		abort();
	if (verify_pdf(st, data, len, &res) == -1)
		return 0;
	if (res.valid)
		abort();
	for (i = 0; i < res.nsigs; i++)
		if (res.sigs[i].valid ||
		    strlen(res.sigs[i].name) >= sizeof(res.sigs[i].name))
			abort();
	verify_result_free(&res);
	return 0;
}
