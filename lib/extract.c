/*
 * Text extraction for full-text search (see extract.h).
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "conf.h"
#include "db.h"
#include "extract.h"
#include "http.h"
#include "log.h"
#include "store.h"
#include "util.h"

DB_STMT_TENANT(st_ex_doc,
    "SELECT storage_name, media_type, contract_id FROM documents "
    "WHERE organisation_id = ? AND id = ?");
DB_STMT_TENANT(st_ex_save,
    "INSERT INTO document_texts (organisation_id, document_id, contract_id, "
    "chars, body) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
    "chars = VALUES(chars), body = VALUES(body), extracted_at = NOW(6)");
/*
 * The searchable text of a contract: its current main document and
 * its attachments (earlier versions are not what the contract says).
 */
DB_STMT_TENANT(st_ex_index,
    "UPDATE contract_search SET organisation_id = ?, body = COALESCE(("
    "SELECT GROUP_CONCAT(t.body ORDER BY t.document_id SEPARATOR '\\n') "
    "FROM document_texts t JOIN documents d ON d.id = t.document_id "
    "WHERE t.organisation_id = contract_search.organisation_id "
    "AND t.contract_id = contract_search.contract_id "
    "AND (d.kind = 'attachment' OR d.version = (SELECT MAX(d2.version) "
    "FROM documents d2 WHERE d2.organisation_id = d.organisation_id "
    "AND d2.contract_id = d.contract_id AND d2.kind = 'main'))), '') "
    "WHERE organisation_id = ? AND contract_id = ?");

/* Decrypts the document into an unlinked temporary file; its fd or -1. */
static int
decrypt_tmp(struct db *db, const struct conf *c, const char *rid,
    long long org, const char *name)
{
	struct store_reader	*sr;
	unsigned char		 key[STORE_KEY], *seg;
	char			*path;
	long long		 size;
	ssize_t			 n;
	int			 fd = -1, ok = 0;

	if (store_org_key(db, c, rid, org, key) == -1 ||
	    (sr = store_open(c, org, key, name, &size)) == NULL) {
		OPENSSL_cleanse(key, sizeof(key));
		return -1;
	}
	OPENSSL_cleanse(key, sizeof(key));
	path = xasprintf("%s/extract.XXXXXX", c->tmp_dir ? c->tmp_dir : "/tmp");
	if ((fd = mkstemp(path)) != -1) {
		unlink(path);
		seg = xmalloc(STORE_SEG);
		ok = 1;
		while ((n = store_read(sr, seg)) > 0)
			if (write(fd, seg, (size_t)n) != n) {
				ok = 0;
				break;
			}
		if (n < 0)
			ok = 0;
		OPENSSL_cleanse(seg, STORE_SEG);
		free(seg);
	} else
		log_err(rid, "extract: %s: %s", path, strerror(errno));
	free(path);
	store_close(sr);
	if (!ok && fd != -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * Runs pdftotext on fd (through /proc/self/fd, so no name is ever
 * visible) and reads at most EXTRACT_MAX bytes of its output.
 */
static int
run_pdftotext(const char *rid, int fd, struct buf *out)
{
	char	 src[64], tmp[8192];
	int	 p[2], status;
	pid_t	 pid;
	ssize_t	 n;

	if (pipe(p) == -1)
		return -1;
	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		int	null = open("/dev/null", O_RDWR);

		dup2(p[1], 1);
		if (null != -1) {
			dup2(null, 0);
			dup2(null, 2);
		}
		close(p[0]);
		execlp("pdftotext", "pdftotext", "-q", "-enc", "UTF-8",
		    "-nopgbrk", src, "-", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], tmp, sizeof(tmp))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out->len + (size_t)n <= EXTRACT_MAX)
			buf_add(out, tmp, (size_t)n);
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_err(rid, "extract: pdftotext failed (status %d)", status);
		return -1;
	}
	return 0;
}

/* Keeps valid UTF-8 text: NUL and other control bytes become spaces. */
static void
clean_text(struct buf *b)
{
	size_t	i;

	for (i = 0; i < b->len; i++)
		if ((unsigned char)b->data[i] < 0x20 && b->data[i] != '\n' &&
		    b->data[i] != '\t')
			b->data[i] = ' ';
	/* A cut in the middle of a character drops that character. */
	while (b->len > 0 && !http_utf8_valid(b->data, b->len))
		b->len--;
	buf_add(b, "", 1);
	b->len--;
}

int
extract_document(struct db *db, const struct conf *c, const char *rid,
    long long org, long long doc, char *err, size_t errsz)
{
	struct db_rows	 rows;
	struct buf	 text = { NULL, 0, 0 };
	long long	 contract = 0;
	int		 fd = -1, rc = -1, pdf;

	if (db_run_raw(db, rid, org, &st_ex_doc,
	    (const struct db_param[]){ DBI(doc) }, 1, &rows) == -1) {
		snprintf(err, errsz, "database");
		return -1;
	}
	if (rows.nrows != 1) {
		db_rows_free(&rows);
		/* Gone (never committed): nothing to do, and not an error. */
		return 0;
	}
	util_parse_int64(DB_CELL(&rows, 0, 2), &contract);
	pdf = strcmp(DB_CELL(&rows, 0, 1), "application/pdf") == 0;
	if (pdf && (fd = decrypt_tmp(db, c, rid, org,
	    DB_CELL(&rows, 0, 0))) == -1) {
		snprintf(err, errsz, "cannot read document %lld from the store",
		    doc);
		goto out;
	}
	db_rows_free(&rows);
	rows.nrows = 0;
	if (pdf && run_pdftotext(rid, fd, &text) == -1) {
		snprintf(err, errsz, "pdftotext failed on document %lld", doc);
		goto out;
	}
	clean_text(&text);
	if (db_run_raw(db, rid, org, &st_ex_save, (const struct db_param[]){
	    DBI(doc), DBI(contract), DBI((long long)text.len),
	    DBS(text.data ? text.data : "") }, 4, NULL) == -1 ||
	    db_run_raw(db, rid, org, &st_ex_index, (const struct db_param[]){
	    DBI(org), DBI(contract) }, 2, NULL) == -1) {
		snprintf(err, errsz, "database");
		goto out;
	}
	log_info(rid, "extract: document %lld of contract %lld: %zu bytes of "
	    "text", doc, contract, text.len);
	rc = 0;
out:
	if (rows.nrows > 0)
		db_rows_free(&rows);
	if (fd != -1)
		close(fd);
	if (text.data != NULL)
		OPENSSL_cleanse(text.data, text.cap);
	buf_free(&text);
	return rc;
}
