#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs.h"
#include "tmpl.h"
#include "util.h"

/*
 * Per worker and per language: a dataset with what never changes
 * (Config, the language strings under L) and the parsed templates, one
 * per page, since parsing the language file and the templates again
 * for every request cost more than rendering them.  Each request has
 * its own fresh dataset, destroyed at its end; a kept parse renders
 * with it as its dataset and the language dataset as ClearSilver's
 * "global" dataset under it (cs.h: global_hdf), so nothing of one
 * request can reach the next.  Templates are read once per worker:
 * after changing them, reload the pool (script/stack reload).
 */
#define TMPL_PAGES	64

struct tmpl_page {
	char	*key;		/* file, '|', Page.Template */
	CSPARSE	*cs;
};

struct tmpl_lang {
	char			 lang[8];
	char			*dir;
	HDF			*hdf;
	struct tmpl_page	 pages[TMPL_PAGES];
	int			 npages;
};

struct tmpl {
	struct tmpl_lang	*tl;
	HDF			*hdf;	/* this request's values */
	int			 broken; /* an hdf call failed: render refuses */
};

static struct tmpl_lang	langs[4];

static void
nerr_to(NEOERR *e, char *err, size_t errsz)
{
	STRING	s;

	string_init(&s);
	nerr_error_string(e, &s);
	snprintf(err, errsz, "%s", s.buf ? s.buf : "template error");
	string_clear(&s);
	nerr_ignore(&e);
}

static int
hset(HDF *h, const char *name, const char *val)
{
	NEOERR	*e;

	if ((e = hdf_set_value(h, name, val)) != STATUS_OK) {
		nerr_ignore(&e);
		return -1;
	}
	return 0;
}

/* A dataset with escaping on and the template directory as load path. */
static HDF *
hdf_base(const char *dir)
{
	HDF	*h;
	NEOERR	*e;

	if ((e = hdf_init(&h)) != STATUS_OK) {
		nerr_ignore(&e);
		return NULL;
	}
	if (hset(h, "Config.VarEscapeMode", "html") == -1 ||
	    hset(h, "hdf.loadpaths.0", dir) == -1) {
		hdf_destroy(&h);
		return NULL;
	}
	return h;
}

/* The worker's language dataset, read on first use. */
static struct tmpl_lang *
lang_get(const char *dir, const char *lang)
{
	struct tmpl_lang	*tl = NULL;
	char			 path[4096];
	NEOERR			*e;
	size_t			 i;

	for (i = 0; i < NELEM(langs); i++) {
		if (langs[i].hdf != NULL && strcmp(langs[i].lang, lang) == 0 &&
		    strcmp(langs[i].dir, dir) == 0)
			return &langs[i];
		if (langs[i].hdf == NULL && tl == NULL)
			tl = &langs[i];
	}
	if (tl == NULL || strlen(lang) >= sizeof(tl->lang) ||
	    (tl->hdf = hdf_base(dir)) == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/lang/%s.hdf", dir, lang);
	if ((e = hdf_read_file(tl->hdf, path)) != STATUS_OK) {
		nerr_ignore(&e);
		hdf_destroy(&tl->hdf);
		return NULL;
	}
	snprintf(tl->lang, sizeof(tl->lang), "%s", lang);
	tl->dir = xstrdup(dir);
	return tl;
}

/*
 * A dataset for one page: escaping on, the template directory as the
 * load path, and the language strings of lang under "L".
 * Returns NULL if the language file cannot be read.
 */
struct tmpl *
tmpl_new(const char *dir, const char *lang)
{
	struct tmpl_lang	*tl;
	struct tmpl		*t;

	if ((tl = lang_get(dir, lang)) == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->tl = tl;
	if ((t->hdf = hdf_base(dir)) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	hdf_destroy(&t->hdf);
	free(t);
}

/* Frees every kept dataset and template (at worker exit). */
void
tmpl_cleanup(void)
{
	size_t	i;
	int	j;

	for (i = 0; i < NELEM(langs); i++) {
		for (j = 0; j < langs[i].npages; j++) {
			free(langs[i].pages[j].key);
			cs_destroy(&langs[i].pages[j].cs);
		}
		if (langs[i].hdf != NULL)
			hdf_destroy(&langs[i].hdf);
		free(langs[i].dir);
		memset(&langs[i], 0, sizeof(langs[i]));
	}
}

void
tmpl_set(struct tmpl *t, const char *name, const char *val)
{
	if (hset(t->hdf, name, val ? val : "") == -1)
		t->broken = 1;
}

void
tmpl_setf(struct tmpl *t, const char *name, const char *fmt, ...)
{
	struct buf	b = { NULL, 0, 0 };
	va_list		ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	tmpl_set(t, name, b.data);
	buf_free(&b);
}

void
tmpl_set_int(struct tmpl *t, const char *name, long long v)
{
	tmpl_setf(t, name, "%lld", v);
}

/* A value of the request, or else of the language dataset (L.*). */
const char *
tmpl_get(struct tmpl *t, const char *name)
{
	const char	*v;

	if ((v = hdf_get_value(t->hdf, name, NULL)) != NULL)
		return v;
	return hdf_get_value(t->tl->hdf, name, NULL);
}

/*
 * Appends the language string L.key to b with each {name} replaced by
 * the value of that name in vals (pairs, NULL-terminated); an unknown
 * key is appended as it is.  The result is text: whatever shows it
 * escapes it like any other value.
 */
void
tmpl_fill(struct tmpl *t, struct buf *b, const char *key,
    const char *const *vals)
{
	const char	*p, *e;
	char		 name[256];
	size_t		 i, n;

	snprintf(name, sizeof(name), "L.%s", key);
	if ((p = tmpl_get(t, name)) == NULL)
		p = key;
	while (*p != '\0') {
		if (*p == '{' && (e = strchr(p, '}')) != NULL) {
			n = (size_t)(e - p - 1);
			for (i = 0; vals[i] != NULL; i += 2)
				if (strlen(vals[i]) == n &&
				    strncmp(vals[i], p + 1, n) == 0)
					break;
			if (vals[i] != NULL) {
				buf_adds(b, vals[i + 1]);
				p = e + 1;
				continue;
			}
		}
		buf_add(b, p, 1);
		p++;
	}
	buf_add(b, "", 0);
}

/* Merge an HDF file into the dataset (tests use it).  0 or -1. */
int
tmpl_read_hdf(struct tmpl *t, const char *path, char *err, size_t errsz)
{
	NEOERR	*e;

	if ((e = hdf_read_file(t->hdf, path)) != STATUS_OK) {
		nerr_to(e, err, errsz);
		return -1;
	}
	return 0;
}

static NEOERR *
out_cb(void *ctx, char *s)
{
	buf_adds(ctx, s);
	return STATUS_OK;
}

/*
 * Renders file (relative to the template directory) into out.  The
 * parse is kept per worker for this file and this Page.Template (which
 * layout.cs includes when it is parsed).
 * Returns 0, or -1 with the ClearSilver error in err (for the log,
 * never for the client).
 */
int
tmpl_render(struct tmpl *t, const char *file, struct buf *out,
    char *err, size_t errsz)
{
	struct tmpl_lang	*tl = t->tl;
	CSPARSE			*cs = NULL;
	NEOERR			*e;
	char			*key;
	int			 i, once = 0;

	if (t->broken) {
		snprintf(err, errsz, "dataset incomplete");
		return -1;
	}
	key = xasprintf("%s|%s", file, hdf_get_value(t->hdf, "Page.Template",
	    ""));
	for (i = 0; i < tl->npages; i++)
		if (strcmp(tl->pages[i].key, key) == 0) {
			cs = tl->pages[i].cs;
			break;
		}
	if (cs == NULL) {
		/*
		 * cs_init reads Config.VarEscapeMode from the dataset it is
		 * given: the language dataset has it (and so does ours).
		 */
		if ((e = cs_init(&cs, tl->hdf)) != STATUS_OK ||
		    (e = cgi_register_strfuncs(cs)) != STATUS_OK) {
			nerr_to(e, err, errsz);
			cs_destroy(&cs);
			free(key);
			return -1;
		}
		cs->hdf = t->hdf;
		cs->global_hdf = tl->hdf;
		if ((e = cs_parse_file(cs, file)) != STATUS_OK) {
			nerr_to(e, err, errsz);
			cs->hdf = tl->hdf;
			cs_destroy(&cs);
			free(key);
			return -1;
		}
		if (tl->npages < TMPL_PAGES) {
			tl->pages[tl->npages].key = key;
			tl->pages[tl->npages].cs = cs;
			tl->npages++;
			key = NULL;
		} else
			once = 1;	/* the cache is full: parsed for once */
	}
	cs->hdf = t->hdf;
	cs->global_hdf = tl->hdf;
	e = cs_render(cs, out, out_cb);
	cs->hdf = tl->hdf;	/* never left pointing at a dataset soon freed */
	if (once)
		cs_destroy(&cs);
	free(key);
	if (e != STATUS_OK) {
		nerr_to(e, err, errsz);
		return -1;
	}
	return 0;
}
