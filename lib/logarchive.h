/*
 * Archiving the access log and the operation log: rows older than
 * log_keep_days move to gzip'ed CSV files (lib/logarchive.c).
 */
#ifndef KEIYAKU_LOGARCHIVE_H
#define KEIYAKU_LOGARCHIVE_H

struct conf;

struct logarchive_counts {
	long long	files, access_rows, oplog_rows;
};

int	 logarchive_run(const struct conf *, const char *rid, long long org,
	    struct logarchive_counts *, char *err, size_t errsz);
char	*logarchive_path(const struct conf *, long long org, const char *file);
int	 logarchive_file_sha256(const char *path, char out[65],
	    long long *size);

#endif
