/*
 * Logging: the error log (stderr of every process, which the pool
 * supervisor points at the error log file) and the structured access
 * log (one JSON object per line, appended with one write(2)).
 */
#ifndef KEIYAKU_LOG_H
#define KEIYAKU_LOG_H

#include <stddef.h>

struct buf;

void	log_init(const char *prog);
int	log_open_access(const char *path);
void	log_close_access(void);
void	log_msg(const char *level, const char *reqid, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	log_access_write(const char *line, size_t len);
void	log_json_str(struct buf *, const char *);

#define log_err(rid, ...)	log_msg("error", (rid), __VA_ARGS__)
#define log_warn(rid, ...)	log_msg("warn", (rid), __VA_ARGS__)
#define log_info(rid, ...)	log_msg("info", (rid), __VA_ARGS__)

#endif
