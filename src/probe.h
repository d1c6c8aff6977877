/* The availability probe of the job worker (src/probe.c). */
#ifndef KEIYAKU_PROBE_H
#define KEIYAKU_PROBE_H

struct conf;
struct db;

int	probe_run(struct db *, const struct conf *);

#endif
