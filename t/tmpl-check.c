/*
 * Renders every page template (each templates/NAME.cs but layout.cs and
 * partials) inside the layout, in both languages, with hostile values
 * in every variable it shows (t/tmpl-data/<page>.hdf, plus the values
 * every page has), and checks that:
 *  - each renders;
 *  - no hostile value comes out raw: once every escaped copy (HTML, or
 *    url_escape() in a link) is taken out, no "<script" and no
 *    "alert(" remain;
 *  - the output equals the golden file t/golden/<page>.<lang>.html
 *    (KEIYAKU_UPDATE_GOLDEN=1 rewrites them after a deliberate change).
 *  - rendered again in the same process (the parsed template and the
 *    language data are kept per worker) with none of those values,
 *    nothing of the first rendering remains.
 * A page template without a dataset fails.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tmpl.h"
#include "util.h"

#define HOSTILE	"<script>alert(\"x\")</script>'&amp;"
#define ESCAPED	"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;amp;"
/* The same value inside a URL, through url_escape(). */
#define URLESC	"%3Cscript%3Ealert(%22x%22)%3C%2Fscript%3E%27%26amp%3B"

static char *
slurp(const char *path)
{
	FILE		*f;
	struct buf	 b = { NULL, 0, 0 };
	char		 tmp[4096];
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	if (b.data == NULL)
		buf_add(&b, "", 0);
	return b.data;
}

static const char *
path_dir(const char *src)
{
	static char	dir[4096];

	snprintf(dir, sizeof(dir), "%s/templates", src);
	return dir;
}

static int
count_and_strip(char *s, const char *what)
{
	size_t	 wl = strlen(what);
	char	*p;
	int	 n = 0;

	while ((p = strstr(s, what)) != NULL) {
		memmove(p, p + wl, strlen(p + wl) + 1);
		n++;
	}
	return n;
}

static void
check_page(const char *src, const char *page, const char *lang)
{
	struct tmpl	*t;
	struct buf	 out = { NULL, 0, 0 };
	char		 path[4096], err[512], base[256], *gold, *copy;
	const char	*upd = getenv("KEIYAKU_UPDATE_GOLDEN");
	size_t		 bl;
	FILE		*f;
	int		 n;

	bl = strlen(page) - 3;
	snprintf(base, sizeof(base), "%.*s", (int)bl, page);
	snprintf(path, sizeof(path), "%s/templates", src);
	if ((t = tmpl_new(path, lang)) == NULL) {
		ok(0, "%s (%s): language file loads", page, lang);
		return;
	}
	tmpl_set(t, "User.SignedIn", "1");
	tmpl_set(t, "User.Name", HOSTILE);
	tmpl_set(t, "User.Email", HOSTILE);
	tmpl_set(t, "User.Org", HOSTILE);
	tmpl_set(t, "CSRF", HOSTILE);
	tmpl_set(t, "Req.Id", HOSTILE);
	tmpl_set(t, "Req.Lang", lang);
	tmpl_set(t, "Page.Path", HOSTILE);
	tmpl_set(t, "Page.Title", HOSTILE);
	tmpl_set(t, "Perm.org_users_view", "1");
	tmpl_set(t, "Page.Template", page);
	snprintf(path, sizeof(path), "%s/t/tmpl-data/%s.hdf", src, base);
	if (!ok(tmpl_read_hdf(t, path, err, sizeof(err)) == 0,
	    "%s (%s): has a hostile dataset t/tmpl-data/%s.hdf", page, lang,
	    base)) {
		diag("%s", err);
		tmpl_free(t);
		return;
	}
	if (!ok(tmpl_render(t, "layout.cs", &out, err, sizeof(err)) == 0,
	    "%s (%s): renders", page, lang)) {
		diag("%s", err);
		tmpl_free(t);
		buf_free(&out);
		return;
	}
	copy = xstrdup(out.data);
	n = count_and_strip(copy, ESCAPED);
	count_and_strip(copy, URLESC);
	ok(n >= 3, "%s (%s): hostile values appear escaped (%d)", page, lang, n);
	ok(strstr(copy, "<script") == NULL && strstr(copy, "alert(") == NULL,
	    "%s (%s): no hostile value comes out raw", page, lang);
	free(copy);

	snprintf(path, sizeof(path), "%s/t/golden/%s.%s.html", src, base, lang);
	if (upd != NULL && strcmp(upd, "1") == 0 &&
	    (f = fopen(path, "w")) != NULL) {
		fwrite(out.data, 1, out.len, f);
		fclose(f);
	}
	gold = slurp(path);
	if (!ok(gold != NULL && strcmp(gold, out.data) == 0,
	    "%s (%s): matches %s", page, lang, path))
		diag("rendered output differs from the golden file; after a "
		    "deliberate change run KEIYAKU_UPDATE_GOLDEN=1 make check");
	free(gold);
	buf_free(&out);
	tmpl_free(t);

	/* The next request, in the same worker, sees none of it. */
	if ((t = tmpl_new(path_dir(src), lang)) == NULL) {
		ok(0, "%s (%s): a second dataset", page, lang);
		return;
	}
	tmpl_set(t, "Req.Lang", lang);
	tmpl_set(t, "Page.Template", page);
	if (ok(tmpl_render(t, "layout.cs", &out, err, sizeof(err)) == 0,
	    "%s (%s): renders again from the kept parse", page, lang))
		ok(strstr(out.data, "alert") == NULL,
		    "%s (%s): no value of the previous rendering remains",
		    page, lang);
	buf_free(&out);
	tmpl_free(t);
}

int
main(void)
{
	const char	*src = getenv("KEIYAKU_SRCDIR");
	char		 path[4096];
	DIR		*d;
	struct dirent	*e;
	size_t		 n;
	int		 pages = 0;

	if (src == NULL)
		src = SRCDIR;
	snprintf(path, sizeof(path), "%s/templates", src);
	if ((d = opendir(path)) == NULL) {
		printf("Bail out! cannot open %s\n", path);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 3, ".cs") != 0 ||
		    e->d_name[0] == '_' || strcmp(e->d_name, "layout.cs") == 0)
			continue;
		check_page(src, e->d_name, "ja");
		check_page(src, e->d_name, "en");
		pages++;
	}
	closedir(d);
	tmpl_cleanup();
	ok(pages >= 6, "checked %d page templates", pages);
	return done_testing();
}
