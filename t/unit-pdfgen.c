/*
 * Unit tests (TAP) for lib/pdfgen.c: a document in Japanese and
 * English over two pages, written with the IPAexGothic subset, read
 * back by independent tools: qpdf --check finds no error, pdftotext
 * gives the text back (the ToUnicode map), pdffonts lists one embedded
 * subset font.  The subset is small; a missing font is refused.
 *
 *	unit-pdfgen [FONT]	(default: Debian's IPAexGothic)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdfgen.h"
#include "util.h"
#include "tap.h"

#define FONT	"/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

static char *
run(const char *cmd, int *status)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 tmp[4096];
	size_t		 n;
	FILE		*p;

	buf_add(&b, "", 0);
	if ((p = popen(cmd, "r")) == NULL) {
		*status = -1;
		return b.data;
	}
	while ((n = fread(tmp, 1, sizeof(tmp), p)) > 0)
		buf_add(&b, tmp, n);
	*status = pclose(p);
	return b.data;
}

int
main(int argc, char *argv[])
{
	struct pg_font	*f;
	struct pg_doc	*d;
	struct buf	 out = { NULL, 0, 0 };
	char		 err[256], path[] = "/tmp/keiyaku-pdfgen-XXXXXX";
	char		 cmd[512], *txt;
	const char	*font = argc > 1 ? argv[1] : FONT;
	double		 y;
	int		 fd, st, i;
	FILE		*fp;

	ok(pg_font_load("/nonexistent/font.ttf", err, sizeof(err)) == NULL,
	    "a missing font is refused: %s", err);
	ok(pg_font_load("/etc/hostname", err, sizeof(err)) == NULL,
	    "a file that is not a font is refused: %s", err);
	f = pg_font_load(font, err, sizeof(err));
	ok(f != NULL, "the font loads (%s)", f ? font : err);
	if (f == NULL)
		return done_testing();
	d = pg_new(f);
	ok(pg_width(d, 10, "あ") > 9.9 && pg_width(d, 10, "あ") < 10.1,
	    "a full-width character is 1 em wide (%.2f)", pg_width(d, 10, "あ"));
	ok(pg_width(d, 10, "i") < pg_width(d, 10, "W"),
	    "IPAexGothic's Latin letters are proportional");
	pg_text(d, 50, 780, 18, "合意締結証明書 Certificate of Completion");
	pg_rule(d, 50, 770, 545, 770, 0.5);
	y = pg_wrap(d, 50, 740, 200, 10, 14, "署名者：田中 一郎（tanaka@hikari.example）"
	    "は、2026年11月26日 14時39分06秒（日本時間）に同意し署名しました。"
	    " This long English sentence wraps at spaces, never inside a word.");
	ok(y < 740 - 14 * 3, "the paragraph wraps to several lines (y %.0f)", y);
	for (i = 0; i < 80; i++)
		y = pg_wrap(d, 50, y, 495, 10, 14, "契約書の内容を確認し、電子署名により締結することに同意しました。");
	pg_text(d, 50, y, 10, "最後の行 😀 end");
	ok(pg_finish(d, "合意締結証明書", &out) == 0, "the PDF is written");
	ok(out.len > 1000 && out.len < 200000, "it is small: %zu bytes "
	    "(the font alone is 6 MB)", out.len);
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "wb")) == NULL ||
	    fwrite(out.data, 1, out.len, fp) != out.len || fclose(fp) != 0) {
		ok(0, "cannot write %s", path);
		return done_testing();
	}
	snprintf(cmd, sizeof(cmd), "qpdf --check %s 2>&1", path);
	txt = run(cmd, &st);
	ok(st == 0 && strstr(txt, "No syntax or stream encoding errors"),
	    "qpdf --check: no error");
	free(txt);
	snprintf(cmd, sizeof(cmd), "pdfinfo %s 2>&1", path);
	txt = run(cmd, &st);
	ok(st == 0 && strstr(txt, "Pages:           2") != NULL,
	    "pdfinfo: two pages (the text went on to a new one)");
	ok(strstr(txt, "Title:           合意締結証明書") != NULL,
	    "... and the title");
	free(txt);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s - 2>&1", path);
	txt = run(cmd, &st);
	ok(st == 0 && strstr(txt, "合意締結証明書 Certificate of Completion"),
	    "pdftotext: the heading comes back");
	ok(strstr(txt, "田中") != NULL && strstr(txt, "一郎（tanaka@hikari.example）") &&
	    strstr(txt, "同意し署名しました。"), "... the Japanese paragraph, "
	    "the address kept whole on its line");
	{
		static const char *const words[] = { "English", "sentence",
		    "wraps", "spaces,", "never", "inside", "word." };
		size_t	k, whole = 0;

		for (k = 0; k < NELEM(words); k++)
			whole += strstr(txt, words[k]) != NULL;
		ok(whole == NELEM(words), "... English words are never cut "
		    "(%zu of %zu whole)", whole, NELEM(words));
	}
	ok(strstr(txt, "最後の行") != NULL, "... the last line, on page 2");
	free(txt);
	snprintf(cmd, sizeof(cmd), "pdffonts %s 2>&1", path);
	txt = run(cmd, &st);
	ok(st == 0 && strstr(txt, "KEIYAK+ipaexg") != NULL &&
	    strstr(txt, "CID TrueType") != NULL, "pdffonts: the subset, "
	    "a CID TrueType font");
	ok(strstr(txt, "yes yes yes") != NULL,
	    "... embedded, a subset, with a ToUnicode map");
	free(txt);
	unlink(path);
	pg_free(d);
	pg_font_free(f);
	buf_free(&out);
	return done_testing();
}
