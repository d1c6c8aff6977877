#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs.h"
#include "tmpl.h"
#include "util.h"

struct tmpl {
	HDF	*hdf;
	int	 broken;	/* an hdf call failed: render refuses */
};

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

/*
 * A dataset for one page: escaping on, the template directory as the
 * load path, and the language strings of lang under "L".
 * Returns NULL if the language file cannot be read.
 */
struct tmpl *
tmpl_new(const char *dir, const char *lang)
{
	struct tmpl	*t;
	char		 path[4096];
	NEOERR		*e;

	t = xcalloc(1, sizeof(*t));
	if ((e = hdf_init(&t->hdf)) != STATUS_OK) {
		nerr_ignore(&e);
		free(t);
		return NULL;
	}
	tmpl_set(t, "Config.VarEscapeMode", "html");
	tmpl_set(t, "hdf.loadpaths.0", dir);
	snprintf(path, sizeof(path), "%s/lang/%s.hdf", dir, lang);
	if ((e = hdf_read_file(t->hdf, path)) != STATUS_OK) {
		nerr_ignore(&e);
		tmpl_free(t);
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

void
tmpl_set(struct tmpl *t, const char *name, const char *val)
{
	NEOERR	*e;

	if ((e = hdf_set_value(t->hdf, name, val ? val : "")) != STATUS_OK) {
		nerr_ignore(&e);
		t->broken = 1;
	}
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

const char *
tmpl_get(struct tmpl *t, const char *name)
{
	return hdf_get_value(t->hdf, name, NULL);
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
 * Renders file (relative to the template directory) into out.
 * Returns 0, or -1 with the ClearSilver error in err (for the log,
 * never for the client).
 */
int
tmpl_render(struct tmpl *t, const char *file, struct buf *out,
    char *err, size_t errsz)
{
	CSPARSE	*cs = NULL;
	NEOERR	*e;
	int	 rc = -1;

	if (t->broken) {
		snprintf(err, errsz, "dataset incomplete");
		return -1;
	}
	if ((e = cs_init(&cs, t->hdf)) != STATUS_OK)
		goto fail;
	if ((e = cgi_register_strfuncs(cs)) != STATUS_OK)
		goto fail;
	if ((e = cs_parse_file(cs, file)) != STATUS_OK)
		goto fail;
	if ((e = cs_render(cs, out, out_cb)) != STATUS_OK)
		goto fail;
	rc = 0;
	goto done;
fail:
	nerr_to(e, err, errsz);
done:
	cs_destroy(&cs);
	return rc;
}
