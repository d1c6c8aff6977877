/*
 * Unit tests (TAP) for the configuration parser (lib/conf.c), the
 * authorisation decision (lib/authz.c), the crypto helpers
 * (lib/crypto.c): tokens, SHA-256, HMAC-SHA-256 and Argon2id, the
 * business dates (lib/date.c) and job kind names (lib/jobs.c).
 * Configuration files are written to a fresh mkdtemp directory under
 * $TMPDIR or /tmp, removed at the end.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authz.h"
#include "conf.h"
#include "crypto.h"
#include "date.h"
#include "http.h"
#include "ipallow.h"
#include "jobs.h"
#include "totp.h"
#include "util.h"
#include "tap.h"

static char	tmpd[PATH_MAX / 2];
static int	nfiles;

static void
tmpd_init(void)
{
	const char	*t = getenv("TMPDIR");

	if (t == NULL || *t == '\0')
		t = "/tmp";
	snprintf(tmpd, sizeof(tmpd), "%s/unit-misc.XXXXXX", t);
	if (mkdtemp(tmpd) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", tmpd, strerror(errno));
		exit(1);
	}
}

static void
tmpd_remove(void)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[PATH_MAX];

	if ((d = opendir(tmpd)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpd, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(tmpd);
}

/* Writes text to a new file in tmpd; the path is in out. */
static void
write_file(char *out, size_t outsz, const char *text)
{
	FILE	*f;

	snprintf(out, outsz, "%s/f%d.conf", tmpd, ++nfiles);
	if ((f = fopen(out, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		printf("Bail out! cannot write %s\n", out);
		exit(1);
	}
}

/* Loads text as a configuration over the defaults. */
static int
load(struct conf *c, const char *text, char *path, size_t pathsz, char *err,
    size_t errsz)
{
	conf_defaults(c);
	write_file(path, pathsz, text);
	err[0] = '\0';
	return conf_load(c, path, err, errsz);
}

static void
test_conf_good(void)
{
	struct conf	c;
	char		path[PATH_MAX], err[512], pwfile[PATH_MAX], *text;
	int		rc;

	rc = load(&c,
	    "# Keiyaku configuration\n"
	    "\n"
	    "   \n"
	    "   # an indented comment\n"
	    "state_dir = /var/lib/keiyaku   \n"
	    "max_fields = 10 # a trailing comment\n"
	    "max_body=2048\n"
	    "\ttmp_dir\t=\t/tmp/k\t\n"
	    "pool = auth 4\n"
	    "pool =  admin\t2\n"
	    "max_requests = 0\n",
	    path, sizeof(path), err, sizeof(err));
	if (!is_int(rc, 0, "conf_load: comments, blanks, pools"))
		diag("error: %s", err);
	is_str(c.state_dir, "/var/lib/keiyaku",
	    "conf_load: string value, trailing blanks trimmed");
	is_str(c.tmp_dir, "/tmp/k", "conf_load: tabs around key and value");
	is_int(c.max_fields, 10, "conf_load: number before a comment");
	is_int(c.max_body, 2048, "conf_load: no blanks around '='");
	is_int(c.max_requests, 0, "conf_load: a zero where 0 is allowed");
	is_int(c.max_upload, 50LL << 20, "conf_load: unset key keeps its "
	    "default");
	is_int(c.argon2_m, 19456, "conf_load: argon2_m keeps its default");
	ok(c.access_log == NULL, "conf_load: unset string stays NULL");
	is_int(c.npools, 2, "conf_load: two pools");
	ok(c.npools >= 1 && c.pools[0].name != NULL &&
	    strcmp(c.pools[0].name, "auth") == 0 && c.pools[0].workers == 4,
	    "conf_load: \"pool = auth 4\" is pool auth with 4 workers");
	ok(c.npools >= 2 && c.pools[1].name != NULL &&
	    strcmp(c.pools[1].name, "admin") == 0 && c.pools[1].workers == 2,
	    "conf_load: \"pool =  admin<TAB>2\" is pool admin with 2 workers");
	conf_free(&c);

	rc = load(&c,
	    "max_body = 2048\n"
	    "state_dir = /a\n"
	    "max_body = 4096\n"
	    "state_dir = /b\n",
	    path, sizeof(path), err, sizeof(err));
	ok(rc == 0 && c.max_body == 4096,
	    "conf_load: the last value of a repeated number wins");
	is_str(c.state_dir, "/b",
	    "conf_load: the last value of a repeated string wins");
	conf_free(&c);

	rc = load(&c, "max_fields = 12\r\nstate_dir = /x\r\n", path,
	    sizeof(path), err, sizeof(err));
	ok(rc == 0 && c.max_fields == 12 && c.state_dir != NULL &&
	    strcmp(c.state_dir, "/x") == 0, "conf_load: CRLF line ends");
	conf_free(&c);

	rc = load(&c, "", path, sizeof(path), err, sizeof(err));
	ok(rc == 0 && c.max_fields == 200, "conf_load: an empty file keeps "
	    "the defaults");
	conf_free(&c);

	rc = load(&c,
	    "max_body = 1024\nmax_fields = 100000\nargon2_t = 100\n"
	    "max_header = 256\n",
	    path, sizeof(path), err, sizeof(err));
	ok(rc == 0 && c.max_body == 1024 && c.max_fields == 100000 &&
	    c.argon2_t == 100 && c.max_header == 256,
	    "conf_load: numbers at the ends of their ranges");
	conf_free(&c);

	/* Sixteen pools fit. */
	{
		struct buf	b = { NULL, 0, 0 };
		int		i;

		for (i = 0; i < CONF_MAX_POOLS; i++)
			buf_addf(&b, "pool = p%d 1\n", i);
		rc = load(&c, b.data, path, sizeof(path), err, sizeof(err));
		ok(rc == 0 && c.npools == CONF_MAX_POOLS,
		    "conf_load: %d pools fit", CONF_MAX_POOLS);
		conf_free(&c);
		buf_addf(&b, "pool = extra 1\n");
		rc = load(&c, b.data, path, sizeof(path), err, sizeof(err));
		ok(rc == -1 && strstr(err, "pool") != NULL,
		    "conf_load: pool %d is an error (%s)", CONF_MAX_POOLS + 1,
		    err);
		conf_free(&c);
		buf_free(&b);
	}

	/* db_password_file is read and trimmed. */
	write_file(pwfile, sizeof(pwfile), "s3cret pw \n");
	text = xasprintf("db_password_file = %s\n", pwfile);
	rc = load(&c, text, path, sizeof(path), err, sizeof(err));
	ok(rc == 0 && c.db_password != NULL &&
	    strcmp(c.db_password, "s3cret pw") == 0,
	    "conf_load: db_password comes from db_password_file");
	conf_free(&c);
	free(text);
	text = xasprintf("db_password_file = %s/missing\n", tmpd);
	rc = load(&c, text, path, sizeof(path), err, sizeof(err));
	ok(rc == -1 && strstr(err, "missing") != NULL,
	    "conf_load: a missing db_password_file is an error (%s)", err);
	conf_free(&c);
	free(text);
}

static void
test_conf_bad(void)
{
	static const struct {
		const char	*text;
		const char	*line;	/* ":N:" the error must name */
		const char	*word;	/* and a word it must hold */
		const char	*why;
	} t[] = {
		{ "# c\nmax_body = 2048\nmax_bodyy = 1\n", ":3:", "max_bodyy",
		    "unknown key" },
		{ "\n\n\n\nfoo = bar\n", ":5:", "foo", "unknown key after "
		    "blank lines" },
		{ "Max_Body = 2048\n", ":1:", "Max_Body", "keys are "
		    "case-sensitive" },
		{ "state_dir /x\n", ":1:", "=", "no '='" },
		{ "max_fields = 0\n", ":1:", "max_fields", "below the range" },
		{ "max_fields = 100001\n", ":1:", "max_fields",
		    "above the range" },
		{ "max_body = 1023\n", ":1:", "max_body", "max_body below 1024" },
		{ "argon2_t = 101\n", ":1:", "argon2_t", "argon2_t above 100" },
		{ "argon2_m = 7\n", ":1:", "argon2_m", "argon2_m below 8" },
		{ "max_requests = -1\n", ":1:", "max_requests", "negative" },
		{ "max_fields = ten\n", ":1:", "max_fields", "not a number" },
		{ "max_fields = 10k\n", ":1:", "max_fields", "trailing junk" },
		{ "max_fields = 1 0\n", ":1:", "max_fields", "two numbers" },
		{ "max_fields =\n", ":1:", "max_fields", "empty number" },
		{ "max_fields = 0x10\n", ":1:", "max_fields", "hex" },
		{ "max_fields = +10\n", ":1:", "max_fields", "plus sign" },
		{ "max_body = 99999999999999999999\n", ":1:", "max_body",
		    "overflows 64 bits" },
		{ "max_body = 2048\n\nmax_fields = 5000000\n", ":3:",
		    "max_fields", "out of range on line 3" },
	};
	static const char *const pools[] = {
		"pool = auth\n", "pool = auth 0\n", "pool = auth 257\n",
		"pool = auth x\n", "pool = Auth 4\n", "pool = a/b 4\n",
		"pool = ../x 4\n", "pool =\n", "pool = auth -1\n",
	};
	struct conf	c;
	char		path[PATH_MAX], err[512];
	size_t		i;
	int		rc;

	for (i = 0; i < NELEM(t); i++) {
		rc = load(&c, t[i].text, path, sizeof(path), err, sizeof(err));
		ok(rc == -1 && strstr(err, path) != NULL &&
		    strstr(err, t[i].line) != NULL &&
		    strstr(err, t[i].word) != NULL,
		    "conf_load error, %s: %s names the file, line %s and %s",
		    t[i].why, tap_quote(t[i].text, strlen(t[i].text)),
		    t[i].line, t[i].word);
		if (rc != -1 || strstr(err, t[i].line) == NULL)
			diag("rc %d, err: %s", rc, err);
		conf_free(&c);
	}
	for (i = 0; i < NELEM(pools); i++) {
		rc = load(&c, pools[i], path, sizeof(path), err, sizeof(err));
		ok(rc == -1 && strstr(err, "pool") != NULL,
		    "conf_load error: %s", tap_quote(pools[i],
		    strlen(pools[i])));
		conf_free(&c);
	}

	conf_defaults(&c);
	snprintf(path, sizeof(path), "%s/no-such.conf", tmpd);
	rc = conf_load(&c, path, err, sizeof(err));
	ok(rc == -1 && strstr(err, "no-such.conf") != NULL,
	    "conf_load: a missing file is an error naming it");
	conf_free(&c);

	/*
	 * A commented-out setting must stay commented out however long
	 * its line: here it starts right where a 4 KiB line buffer ends.
	 */
	{
		struct buf	b = { NULL, 0, 0 };

		buf_adds(&b, "#");
		while (b.len < 4095)
			buf_adds(&b, "x");
		buf_adds(&b, "max_fields = 1\n");
		rc = load(&c, b.data, path, sizeof(path), err, sizeof(err));
		ok(!(rc == 0 && c.max_fields == 1),
		    "conf_load: a setting inside a long comment line "
		    "(%zu bytes) does not take effect", b.len);
		if (rc == 0 && c.max_fields == 1)
			diag("max_fields became 1");
		conf_free(&c);
		buf_free(&b);
	}
}

/* ---------------------------------------------------------------- */

static void
test_authz(void)
{
	static const struct {
		const char	*csv;
		uint64_t	 want;
	} codes[] = {
		{ NULL, 0 },
		{ "", 0 },
		{ "dashboard.view", 1 << PERM_DASHBOARD_VIEW },
		{ "dashboard.view,profile.edit",
		    1 << PERM_DASHBOARD_VIEW | 1 << PERM_PROFILE_EDIT },
		{ "ops.console,org.users.view",
		    1 << PERM_OPS_CONSOLE | 1 << PERM_ORG_USERS_VIEW },
		{ "unknown.perm,ops.console", 1 << PERM_OPS_CONSOLE },
		{ ",,dashboard.view,,", 1 << PERM_DASHBOARD_VIEW },
		{ "profile.edit,profile.edit", 1 << PERM_PROFILE_EDIT },
		{ "dashboard", 0 },
		{ "dashboard.view.x", 0 },
		{ "dashboard.vie", 0 },
		{ "DASHBOARD.VIEW", 0 },
		{ "xdashboard.view", 0 },
	};
	struct req	r;
	uint64_t	all = 0;
	size_t		i;

	for (i = 0; i < NELEM(codes); i++)
		is_int((long long)authz_perms_from_codes(codes[i].csv),
		    (long long)codes[i].want, "authz_perms_from_codes(%s)",
		    codes[i].csv ? tap_quote(codes[i].csv,
		    strlen(codes[i].csv)) : "NULL");
	for (i = 0; i < PERM__MAX; i++) {
		is_int((long long)authz_perms_from_codes(authz_perm_codes[i]),
		    (long long)((uint64_t)1 << i),
		    "authz_perms_from_codes(\"%s\") is bit %zu",
		    authz_perm_codes[i], i);
		all |= (uint64_t)1 << i;
	}

	/* Nobody signed in. */
	memset(&r, 0, sizeof(r));
	is_int(authz_may(&r, PERM_PUBLIC, 0), AUTHZ_OK,
	    "authz_may: PERM_PUBLIC with nobody signed in is OK");
	is_int(authz_may(&r, PERM_PUBLIC, 7), AUTHZ_OK,
	    "authz_may: PERM_PUBLIC on an organisation's object is OK");
	is_int(authz_may(&r, PERM_SIGNED_IN, 0), AUTHZ_SIGNIN,
	    "authz_may: PERM_SIGNED_IN with nobody signed in is SIGNIN");
	for (i = 0; i < PERM__MAX; i++)
		is_int(authz_may(&r, (enum perm)i, 0), AUTHZ_SIGNIN,
		    "authz_may: %s with nobody signed in is SIGNIN",
		    authz_perm_codes[i]);
	r.user.perms = all;	/* stale bits must not matter */
	r.user.org_id = 7;
	is_int(authz_may(&r, PERM_DASHBOARD_VIEW, 7), AUTHZ_SIGNIN,
	    "authz_may: permission bits without signed_in still give SIGNIN");

	/* A user of organisation 7 with every permission. */
	memset(&r, 0, sizeof(r));
	r.user.signed_in = 1;
	r.user.user_id = 3;
	r.user.org_id = 7;
	r.user.perms = all;
	is_int(authz_may(&r, PERM_DASHBOARD_VIEW, 7), AUTHZ_OK,
	    "authz_may: permission on the user's own organisation's object");
	is_int(authz_may(&r, PERM_DASHBOARD_VIEW, 0), AUTHZ_OK,
	    "authz_may: permission on an object of no organisation");
	is_int(authz_may(&r, PERM_ORG_USERS_VIEW, 8), AUTHZ_NOTFOUND,
	    "authz_may: another organisation's object is NOTFOUND even with "
	    "the permission");
	is_int(authz_may(&r, PERM_SIGNED_IN, 8), AUTHZ_NOTFOUND,
	    "authz_may: PERM_SIGNED_IN on another organisation's object is "
	    "NOTFOUND");
	is_int(authz_may(&r, PERM_SIGNED_IN, 0), AUTHZ_OK,
	    "authz_may: PERM_SIGNED_IN when signed in is OK");
	is_int(authz_may(&r, PERM_PUBLIC, 8), AUTHZ_OK,
	    "authz_may: PERM_PUBLIC is OK whatever the object");
	is_int(authz_may(&r, (enum perm)PERM__MAX, 7), AUTHZ_FORBIDDEN,
	    "authz_may: a permission past PERM__MAX is FORBIDDEN");
	is_int(authz_may(&r, (enum perm)63, 7), AUTHZ_FORBIDDEN,
	    "authz_may: permission 63 is FORBIDDEN");
	is_int(authz_may(&r, (enum perm)64, 7), AUTHZ_FORBIDDEN,
	    "authz_may: permission 64 is FORBIDDEN (no shift past 63)");

	/* Missing permissions. */
	r.user.perms = authz_perms_from_codes("dashboard.view");
	is_int(authz_may(&r, PERM_DASHBOARD_VIEW, 7), AUTHZ_OK,
	    "authz_may: the one permission held is OK");
	is_int(authz_may(&r, PERM_OPS_CONSOLE, 0), AUTHZ_FORBIDDEN,
	    "authz_may: a missing permission is FORBIDDEN");
	is_int(authz_may(&r, PERM_ORG_USERS_VIEW, 7), AUTHZ_FORBIDDEN,
	    "authz_may: a missing permission on an own object is FORBIDDEN");
	is_int(authz_may(&r, PERM_ORG_USERS_VIEW, 9), AUTHZ_NOTFOUND,
	    "authz_may: another organisation's object is NOTFOUND before "
	    "FORBIDDEN");
	r.user.perms = 0;
	is_int(authz_may(&r, PERM_DASHBOARD_VIEW, 0), AUTHZ_FORBIDDEN,
	    "authz_may: no permissions at all is FORBIDDEN");

	/* The service operator (organisation 0). */
	memset(&r, 0, sizeof(r));
	r.user.signed_in = 1;
	r.user.org_id = 0;
	r.user.perms = authz_perms_from_codes("ops.console");
	is_int(authz_may(&r, PERM_OPS_CONSOLE, 0), AUTHZ_OK,
	    "authz_may: operator with ops.console");
	is_int(authz_may(&r, PERM_OPS_CONSOLE, 7), AUTHZ_NOTFOUND,
	    "authz_may: an organisation's object is another organisation's "
	    "for the operator");

	is_int(authz_status(AUTHZ_OK), 200, "authz_status(OK) = 200");
	is_int(authz_status(AUTHZ_SIGNIN), 302, "authz_status(SIGNIN) = 302");
	is_int(authz_status(AUTHZ_FORBIDDEN), 403,
	    "authz_status(FORBIDDEN) = 403");
	is_int(authz_status(AUTHZ_NOTFOUND), 404,
	    "authz_status(NOTFOUND) = 404");
}

/* ---------------------------------------------------------------- */

static void
test_crypto(void)
{
	static const struct {
		const char	*in;
		const char	*want;
	} sha[] = {
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff"
		    "61f20015ad" },
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
		    "7852b855" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
		    "19db06c1" },
	};
	/* RFC 4231 test cases 1 and 2 (keys without NUL bytes). */
	static const struct {
		const char	*key, *msg, *want;
	} hmac[] = {
		{ "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"
		    "\x0b\x0b\x0b\x0b\x0b\x0b", "Hi There",
		    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e"
		    "32cff7" },
		{ "Jefe", "what do ya want for nothing?",
		    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964"
		    "ec3843" },
	};
	static const char *const nottok[] = {
		"", "abc",
		"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd f",
	};
	struct conf	 c;
	char		 t1[CRYPTO_TOKEN_HEX], t2[CRYPTO_TOKEN_HEX];
	char		 out[CRYPTO_TOKEN_HEX], *h1, *h2;
	size_t		 i;

	memset(t1, 'X', sizeof(t1));
	memset(t2, 'X', sizeof(t2));
	is_int(crypto_token(t1), 0, "crypto_token succeeds");
	ok(strlen(t1) == 64 && strspn(t1, "0123456789abcdef") == 64,
	    "crypto_token gives 64 lowercase hex digits");
	ok(crypto_is_token(t1), "crypto_is_token accepts a token");
	is_int(crypto_token(t2), 0, "crypto_token succeeds again");
	ok(strcmp(t1, t2) != 0, "two tokens differ");
	ok(!crypto_is_token(NULL), "crypto_is_token(NULL) is 0");
	for (i = 0; i < NELEM(nottok); i++)
		ok(!crypto_is_token(nottok[i]), "crypto_is_token(%s) is 0",
		    tap_quote(nottok[i], strlen(nottok[i])));

	for (i = 0; i < NELEM(sha); i++) {
		crypto_sha256_hex(sha[i].in, strlen(sha[i].in), out);
		is_str(out, sha[i].want, "crypto_sha256_hex(%s)",
		    tap_quote(sha[i].in, strlen(sha[i].in)));
	}
	crypto_sha256_hex("a\0b", 3, out);
	ok(crypto_is_token(out), "crypto_sha256_hex output is token-shaped");
	{
		char	ab[CRYPTO_TOKEN_HEX];

		crypto_sha256_hex("a", 1, ab);
		ok(strcmp(out, ab) != 0,
		    "crypto_sha256_hex hashes n bytes, past a NUL");
	}
	for (i = 0; i < NELEM(hmac); i++) {
		crypto_hmac_hex(hmac[i].key, hmac[i].msg, out);
		is_str(out, hmac[i].want, "crypto_hmac_hex: RFC 4231 test "
		    "case %zu", i + 1);
	}

	conf_defaults(&c);
	c.argon2_m = 64;
	c.argon2_t = 1;
	h1 = crypto_password_hash(&c, "correct horse");
	ok(h1 != NULL && strncmp(h1, "$argon2id$v=19$m=64,t=1,p=1$", 28) == 0,
	    "crypto_password_hash: Argon2id with the configured parameters "
	    "(%s)", h1 ? h1 : "NULL");
	h2 = crypto_password_hash(&c, "correct horse");
	ok(h1 != NULL && h2 != NULL && strcmp(h1, h2) != 0,
	    "crypto_password_hash: a random salt makes hashes differ");
	is_int(crypto_password_verify(h1, "correct horse"), 1,
	    "crypto_password_verify: the right password");
	is_int(crypto_password_verify(h2, "correct horse"), 1,
	    "crypto_password_verify: the right password, other salt");
	is_int(crypto_password_verify(h1, "correct horsf"), 0,
	    "crypto_password_verify: a wrong password");
	is_int(crypto_password_verify(h1, "correct horse "), 0,
	    "crypto_password_verify: a trailing space");
	is_int(crypto_password_verify(h1, ""), 0,
	    "crypto_password_verify: an empty password");
	is_int(crypto_password_verify(NULL, "correct horse"), 0,
	    "crypto_password_verify: no hash");
	is_int(crypto_password_verify("", "correct horse"), 0,
	    "crypto_password_verify: an empty hash");
	is_int(crypto_password_verify("correct horse", "correct horse"), 0,
	    "crypto_password_verify: a plain-text \"hash\"");
	if (h1 != NULL) {
		char	*h3 = xstrdup(h1);

		memcpy(h3, "$argon2i$", 9);
		memmove(h3 + 9, h1 + 10, strlen(h1 + 10) + 1);
		is_int(crypto_password_verify(h3, "correct horse"), 0,
		    "crypto_password_verify: an argon2i hash is refused");
		free(h3);
		h3 = xstrndup(h1, strlen(h1) - 5);
		is_int(crypto_password_verify(h3, "correct horse"), 0,
		    "crypto_password_verify: a cut hash");
		free(h3);
	}
	free(h1);
	free(h2);

	h1 = crypto_password_hash(&c, "パスワード");
	ok(h1 != NULL && crypto_password_verify(h1, "パスワード") == 1 &&
	    crypto_password_verify(h1, "パスワー") == 0,
	    "crypto_password_hash/verify: a Japanese password");
	free(h1);
	conf_free(&c);
}

/* Japan's national holidays and business days. */
static void
test_holidays(void)
{
	/* The Cabinet Office's calendars for 2025 and 2026, and the moves. */
	static const struct { const char *day, *name; } hol[] = {
		{ "2025-01-01", "元日" }, { "2025-01-13", "成人の日" },
		{ "2025-02-11", "建国記念の日" }, { "2025-02-23", "天皇誕生日" },
		{ "2025-02-24", "振替休日" }, { "2025-03-20", "春分の日" },
		{ "2025-04-29", "昭和の日" }, { "2025-05-03", "憲法記念日" },
		{ "2025-05-04", "みどりの日" }, { "2025-05-05", "こどもの日" },
		{ "2025-05-06", "振替休日" }, { "2025-07-21", "海の日" },
		{ "2025-08-11", "山の日" }, { "2025-09-15", "敬老の日" },
		{ "2025-09-23", "秋分の日" }, { "2025-10-13", "スポーツの日" },
		{ "2025-11-03", "文化の日" }, { "2025-11-23", "勤労感謝の日" },
		{ "2025-11-24", "振替休日" },
		{ "2026-01-01", "元日" }, { "2026-01-12", "成人の日" },
		{ "2026-03-20", "春分の日" }, { "2026-05-06", "振替休日" },
		{ "2026-07-20", "海の日" }, { "2026-09-21", "敬老の日" },
		{ "2026-09-22", "国民の休日" }, { "2026-09-23", "秋分の日" },
		{ "2026-10-12", "スポーツの日" },
		{ "2027-01-01", "元日" }, { "2027-03-21", "春分の日" },
		{ "2027-03-22", "振替休日" },
		{ "2019-05-01", "天皇の即位の日" }, { "2019-04-30", "国民の休日" },
		{ "2020-07-24", "スポーツの日" }, { "2021-08-09", "振替休日" },
		{ "2018-12-23", "天皇誕生日" }, { "2018-12-24", "振替休日" },
	};
	static const char *const workdays[] = { "2025-01-02", "2025-05-02",
	    "2026-05-07", "2026-09-24", "2026-12-28", "2026-12-31",
	    "2027-01-04", "2019-12-23", "2020-10-12", "2021-07-19" };
	static const struct { const char *from, *to; long n; } span[] = {
		/* Golden Week 2026: 4/29 and 5/3-5/6 are holidays. */
		{ "2026-04-27", "2026-05-07", 4 },
		{ "2026-04-27", "2026-05-08", 5 },
		/* Golden Week 2027: 4/29 and 5/3-5/5. */
		{ "2027-04-26", "2027-05-06", 4 },
		{ "2027-04-26", "2027-05-09", 5 },
		/* New Year: 2027-01-01 is a holiday, then a weekend. */
		{ "2026-12-28", "2027-01-04", 4 },
		{ "2026-12-28", "2027-01-05", 5 },
		{ "2026-11-27", "2026-11-27", 0 },
		{ "2026-11-27", "2026-11-30", 1 },	/* Fri to Mon */
	};
	long	d, e;
	size_t	i;

	date_parse("2026-11-26", &d);
	is_int(date_weekday(d), 4, "2026-11-26 is a Thursday");
	for (i = 0; i < NELEM(hol); i++) {
		date_parse(hol[i].day, &d);
		is_str(date_holiday(d) ? date_holiday(d) : "(none)",
		    hol[i].name, "%s is %s", hol[i].day, hol[i].name);
		ok(!date_is_business_day(d), "... not a business day");
	}
	for (i = 0; i < NELEM(workdays); i++) {
		date_parse(workdays[i], &d);
		ok(date_holiday(d) == NULL && date_is_business_day(d),
		    "%s is a business day", workdays[i]);
	}
	date_parse("2026-11-28", &d);
	ok(!date_is_business_day(d) && !date_is_business_day(d + 1),
	    "Saturday and Sunday are not business days");
	for (i = 0; i < NELEM(span); i++) {
		date_parse(span[i].from, &d);
		date_parse(span[i].to, &e);
		is_int(date_business_days(d, e), span[i].n,
		    "business days after %s up to %s: %ld", span[i].from,
		    span[i].to, span[i].n);
	}
	/* Sixteen holidays a year, give or take the substitutes. */
	for (i = 2022; i <= 2030; i++) {
		long	n = 0;

		for (d = date_from_ymd((int)i, 1, 1);
		    d < date_from_ymd((int)i + 1, 1, 1); d++)
			n += date_holiday(d) != NULL;
		ok(n >= 16 && n <= 21, "%zu has %ld holidays", i, n);
	}
}

/* Day numbers, parsing, month arithmetic, Japan's date. */
static void
test_date(void)
{
	static const struct { const char *in; int ok; } parse[] = {
		{ "2026-11-25", 1 }, { "2024-02-29", 1 }, { "2000-02-29", 1 },
		{ "1970-01-01", 1 }, { "9999-12-31", 1 },
		{ "2025-02-29", 0 }, { "1900-02-29", 0 }, { "2026-13-01", 0 },
		{ "2026-00-10", 0 }, { "2026-04-31", 0 }, { "2026-4-01", 0 },
		{ "2026-04-01x", 0 }, { "20260401", 0 }, { "", 0 },
		{ "0999-01-01", 0 }, { "2026-04-0a", 0 }, { "2026/04/01", 0 },
	};
	static const struct { const char *from; int months; const char *to; }
	    add[] = {
		{ "2026-01-31", 1, "2026-02-28" },
		{ "2024-01-31", 1, "2024-02-29" },
		{ "2026-03-31", 12, "2027-03-31" },
		{ "2026-11-30", 3, "2027-02-28" },
		{ "2026-12-15", 1, "2027-01-15" },
		{ "2027-04-01", 120, "2037-04-01" },
		{ "2026-05-31", -1, "2026-04-30" },
	};
	char	out[DATE_LEN];
	long	d, e;
	size_t	i;

	for (i = 0; i < NELEM(parse); i++)
		is_int(date_parse(parse[i].in, &d) == 0, parse[i].ok,
		    "date_parse \"%s\": %s", parse[i].in,
		    parse[i].ok ? "a date" : "refused");
	ok(date_parse(NULL, &d) == -1, "date_parse NULL: refused");
	date_parse("1970-01-01", &d);
	is_int(d, 0, "1970-01-01 is day 0");
	date_parse("2026-11-25", &d);
	is_int(d, 20782, "2026-11-25 is day 20782");
	date_format(d + 36, out);
	is_str(out, "2026-12-31", "day arithmetic: 2026-11-25 + 36 days");
	date_parse("2024-02-28", &d);
	date_format(d + 1, out);
	is_str(out, "2024-02-29", "a leap day follows 2024-02-28");
	e = date_from_ymd(0, 1, 1) == -719528;
	for (d = -719528; d < 2932897; d += 997) {	/* years 0-9999 */
		int	y, m, dd;

		date_to_ymd(d, &y, &m, &dd);
		if (date_from_ymd(y, m, dd) != d || m < 1 || m > 12 ||
		    dd < 1 || dd > 31)
			e = 0;
	}
	ok(e, "date_to_ymd and date_from_ymd are inverse over 10,000 years");
	for (i = 0; i < NELEM(add); i++) {
		date_parse(add[i].from, &d);
		date_format(date_add_months(d, add[i].months), out);
		is_str(out, add[i].to, "%s + %d months", add[i].from,
		    add[i].months);
	}
	/* 2026-11-25 14:59:59 UTC is 23:59:59 JST; a second later, 26th. */
	date_format(date_today_jst((time_t)1795618799), out);
	is_str(out, "2026-11-25", "JST date just before midnight JST");
	date_format(date_today_jst((time_t)1795618800), out);
	is_str(out, "2026-11-26", "JST date at midnight JST (15:00 UTC)");
	date_format(date_today_jst((time_t)0), out);
	is_str(out, "1970-01-01", "JST date at the epoch (09:00 JST)");

	ok(jobs_valid_kind("reminders") && jobs_valid_kind("test.echo") &&
	    jobs_valid_kind("a-b_c.1"), "job kinds: names");
	ok(!jobs_valid_kind("") && !jobs_valid_kind(NULL) &&
	    !jobs_valid_kind("Reminders") && !jobs_valid_kind("a b") &&
	    !jobs_valid_kind("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    "job kinds: empty, capitals, blanks, over 32 bytes refused");
}

/*
 * RFC 4226 appendix D (HOTP), RFC 6238 appendix B (TOTP, SHA-1 rows),
 * the base32 of RFC 4648 section 10, and the rules of totp_check: one
 * step either side, never a step already used.
 */
static void
test_totp(void)
{
	static const uint32_t hotp[] = { 755224, 287082, 359152, 969429,
	    338314, 254676, 287922, 162583, 399871, 520489 };
	static const struct {
		long long	t;
		uint32_t	want;
	} totp[] = {
		{ 59, 94287082 }, { 1111111109, 7081804 },
		{ 1111111111, 14050471 }, { 1234567890, 89005924 },
		{ 2000000000, 69279037 }, { 20000000000LL, 65353130 },
	};
	static const struct {
		const char	*in, *want;
	} b32[] = {
		{ "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" },
		{ "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" },
		{ "foobar", "MZXW6YTBOI" },
	};
	const unsigned char	*key = (const unsigned char *)
	    "12345678901234567890";
	unsigned char		 back[TOTP_KEY];
	char			 s[64], code[8], rc[TOTP_RECOVERY], rn[TOTP_RECOVERY];
	char			*uri;
	struct buf		 svg = { NULL, 0, 0 };
	size_t			 i;
	long long		 step;

	for (i = 0; i < sizeof(hotp) / sizeof(hotp[0]); i++)
		is_int(totp_hotp(key, 20, i, 6), hotp[i], "HOTP count %zu", i);
	for (i = 0; i < sizeof(totp) / sizeof(totp[0]); i++)
		is_int(totp_hotp(key, 20, (uint64_t)(totp[i].t / 30), 8),
		    totp[i].want, "TOTP at %lld", totp[i].t);
	for (i = 0; i < sizeof(b32) / sizeof(b32[0]); i++) {
		totp_base32((const unsigned char *)b32[i].in,
		    strlen(b32[i].in), s);
		is_str(s, b32[i].want, "base32 of %s", b32[i].in);
	}
	totp_base32(key, 20, s);
	is_str(s, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "base32 of the key");
	ok(totp_unbase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", back,
	    20) == 0 && memcmp(back, key, 20) == 0,
	    "base32 read back, either case, spaces ignored");
	ok(totp_unbase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1", back, 20) == -1,
	    "a digit outside base32 is refused");
	ok(totp_unbase32("GEZDGNBV", back, 20) == -1,
	    "too short a secret is refused");

	/* 1111111109 is step 37037036; the code of each step: */
	snprintf(code, sizeof(code), "%06u",
	    totp_hotp(key, 20, 37037036, 6));
	step = totp_check(key, 20, code, 1111111109, 0);
	is_int(step, 37037036, "the current step's code is accepted");
	is_int(totp_check(key, 20, code, 1111111109 + 30, 0), 37037036,
	    "and 30 s later (one step of drift)");
	is_int(totp_check(key, 20, code, 1111111109 + 60, 0), -1,
	    "but not 60 s later");
	is_int(totp_check(key, 20, code, 1111111109 - 30, 0), 37037036,
	    "a phone 30 s ahead is accepted");
	is_int(totp_check(key, 20, code, 1111111109, 37037036), -1,
	    "a code once used is refused (replay)");
	is_int(totp_check(key, 20, "12345", 1111111109, 0), -1,
	    "five digits are refused");
	is_int(totp_check(key, 20, "12a456", 1111111109, 0), -1,
	    "a letter is refused");
	is_int(totp_check(key, 20, NULL, 1111111109, 0), -1, "no code");

	uri = totp_uri("Keiyaku (Minato)", "legal@minato.example",
	    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	is_str(uri, "otpauth://totp/Keiyaku%20%28Minato%29:legal@minato."
	    "example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer="
	    "Keiyaku%20%28Minato%29&algorithm=SHA1&digits=6&period=30",
	    "otpauth URI, escaped");
	ok(totp_qr_svg(uri, &svg) == 0 && svg.len > 1000 &&
	    strncmp(svg.data, "<svg ", 5) == 0 &&
	    strstr(svg.data, "</svg>") != NULL, "QR code as SVG (%zu bytes)",
	    svg.len);
	buf_free(&svg);
	free(uri);

	ok(totp_recovery_code(rc) == 0 && strlen(rc) == 19 && rc[4] == '-' &&
	    rc[9] == '-' && rc[14] == '-', "recovery code shape: %s", rc);
	for (i = 0; i < 19; i++)
		s[i] = (char)toupper((unsigned char)rc[i]);
	s[19] = '\0';
	ok(totp_recovery_norm(s, rn) == 0 && strcmp(rn, rc) == 0,
	    "recovery code typed in capitals reads back");
	ok(totp_recovery_norm("abcd efgh ijkl mnop", rn) == 0 &&
	    strcmp(rn, "abcd-efgh-ijkl-mnop") == 0, "spaces for dashes");
	ok(totp_recovery_norm("abcd-efgh-ijkl-mno", rn) == -1,
	    "15 digits refused");
	ok(totp_recovery_norm("abcd-efgh-ijkl-mnop-q", rn) == -1,
	    "17 digits refused");
	ok(totp_recovery_norm("abcd-efgh-ijkl-mno1", rn) == -1,
	    "1 is not base32");
}

/* IPv4 and IPv6 CIDR lists: parsing, normalising, matching. */
static void
test_ipallow(void)
{
	struct buf	b = { NULL, 0, 0 };
	char		bad[128];
	int		n;

	n = ipallow_parse(" 192.0.2.77/24,\n2001:db8::1/32 10.1.2.3\r\n"
	    "192.0.2.0/24  ::ffff:198.51.100.0/120 ", &b, bad, sizeof(bad));
	is_int(n, 4, "four ranges (one duplicate dropped)");
	is_str(b.data, "192.0.2.0/24\n2001:db8::/32\n10.1.2.3/32\n"
	    "198.51.100.0/24", "normalised: host bits cleared, /32 added, "
	    "IPv4-mapped as IPv4");
	ok(ipallow_match(b.data, "192.0.2.1"), "inside an IPv4 range");
	ok(ipallow_match(b.data, "192.0.2.255"), "its last address");
	ok(!ipallow_match(b.data, "192.0.3.0"), "the next one is outside");
	ok(ipallow_match(b.data, "10.1.2.3"), "a single address");
	ok(!ipallow_match(b.data, "10.1.2.4"), "its neighbour is outside");
	ok(ipallow_match(b.data, "2001:db8:ffff::5"), "inside the IPv6 range");
	ok(!ipallow_match(b.data, "2001:db9::5"), "outside the IPv6 range");
	ok(ipallow_match(b.data, "::ffff:192.0.2.9"),
	    "an IPv4-mapped address matches its IPv4 range");
	ok(ipallow_match(b.data, "198.51.100.200"), "a mapped range matches");
	ok(!ipallow_match(b.data, ""), "no address is outside");
	ok(!ipallow_match(b.data, "not-an-ip"), "garbage is outside");
	ok(ipallow_match("", "203.0.113.5"), "an empty list allows all");
	buf_free(&b);

	b = (struct buf){ NULL, 0, 0 };
	is_int(ipallow_parse("10.0.0.0/8 300.1.1.1", &b, bad, sizeof(bad)),
	    -1, "a bad address is refused");
	is_str(bad, "300.1.1.1", "and named");
	buf_free(&b);
	b = (struct buf){ NULL, 0, 0 };
	is_int(ipallow_parse("10.0.0.0/33", &b, bad, sizeof(bad)), -1,
	    "an IPv4 prefix over 32 is refused");
	buf_free(&b);
	b = (struct buf){ NULL, 0, 0 };
	is_int(ipallow_parse("10.0.0.0/", &b, bad, sizeof(bad)), -1,
	    "an empty prefix is refused");
	buf_free(&b);
	b = (struct buf){ NULL, 0, 0 };
	is_int(ipallow_parse("2001:db8::/-1", &b, bad, sizeof(bad)), -1,
	    "a negative prefix is refused");
	buf_free(&b);
	b = (struct buf){ NULL, 0, 0 };
	is_int(ipallow_parse("0.0.0.0/0 ::/0", &b, bad, sizeof(bad)), 2,
	    "everything, both families");
	ok(ipallow_match(b.data, "8.8.8.8") && ipallow_match(b.data, "::1"),
	    "matches any address");
	buf_free(&b);
	b = (struct buf){ NULL, 0, 0 };
	is_int(ipallow_parse("", &b, bad, sizeof(bad)), 0, "an empty list");
	is_str(b.data, "", "stored empty");
	buf_free(&b);
}

int
main(void)
{
	tmpd_init();
	test_date();
	test_holidays();
	test_conf_good();
	test_conf_bad();
	test_authz();
	test_crypto();
	test_totp();
	test_ipallow();
	tmpd_remove();
	return done_testing();
}
