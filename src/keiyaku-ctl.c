/*
 * keiyaku-ctl: command-line tasks for operators and scripts.
 *
 *   keiyaku-ctl hash-password	read a password on stdin, print its
 *				Argon2id hash (parameters from the
 *				configuration in KEIYAKU_CONF, if set)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "crypto.h"

static int
hash_password(void)
{
	struct conf	 c;
	const char	*path;
	char		 pw[1100], err[512], *h;
	size_t		 n;

	conf_defaults(&c);
	if ((path = getenv("KEIYAKU_CONF")) != NULL &&
	    conf_load(&c, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "keiyaku-ctl: %s\n", err);
		return 1;
	}
	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "keiyaku-ctl: no password on stdin\n");
		return 1;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (n == 0 || n > 1024) {
		fprintf(stderr, "keiyaku-ctl: password must be 1 to 1024 bytes\n");
		return 1;
	}
	if ((h = crypto_password_hash(&c, pw)) == NULL) {
		fprintf(stderr, "keiyaku-ctl: hashing failed\n");
		return 1;
	}
	printf("%s\n", h);
	free(h);
	conf_free(&c);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "hash-password") == 0)
		return hash_password();
	fprintf(stderr, "usage: keiyaku-ctl hash-password < password\n");
	return 2;
}
