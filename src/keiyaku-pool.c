/*
 * keiyaku-pool: the supervisor of the FastCGI worker pools.
 *
 * For each "pool = NAME WORKERS" line of the configuration it binds
 * the unix socket RUN_DIR/NAME.sock (which Apache's mod_proxy_fcgi
 * connects to) and pre-forks WORKERS copies of CGI_DIR/NAME with that
 * socket as fd 0, the FastCGI convention.  The socket belongs to the
 * supervisor, so connections wait in its backlog while workers come
 * and go: nothing is dropped.
 *
 *   - a worker that dies is started again (with a growing delay if it
 *     keeps dying at once);
 *   - SIGHUP: graceful restart.  The configuration is read again (new
 *     pool sizes apply; a new or removed pool needs a full restart), a
 *     new generation of workers (from the binaries now on disk) starts
 *     first, then the old one gets SIGTERM, which a worker obeys only
 *     between requests;
 *   - SIGTERM or SIGINT: stop all workers, remove sockets, exit;
 *   - workers may recycle themselves after max_requests (keiyaku.conf).
 *
 * Usage: keiyaku-pool -c keiyaku.conf [-d] [-p pidfile]
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "util.h"

#define MAX_WORKERS	1024

struct worker {
	pid_t	pid;
	int	pool;
	int	gen;
	time_t	started;
	time_t	term_sent;	/* 0: not asked to stop */
};

struct pool {
	int	fd;
	char	sock[PATH_MAX];
	char	prog[PATH_MAX];
	int	want;
	int	fails;		/* quick deaths in a row */
	time_t	hold_until;	/* no respawn before this */
};

static struct conf	 conf;
static struct pool	 pools[CONF_MAX_POOLS];
static struct worker	 workers[MAX_WORKERS];
static int		 gen;
static char		 conf_path[PATH_MAX];
static uid_t		 run_uid = (uid_t)-1;
static gid_t		 run_gid = (gid_t)-1;

static void
usage(void)
{
	fprintf(stderr, "usage: keiyaku-pool -c conf [-d] [-p pidfile]\n");
	exit(2);
}

/* Binds and listens on a unix socket.  Returns the fd, or -1 (logged). */
static int
listen_unix(const char *path, gid_t group)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_err(NULL, "%s: socket path too long", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 1024) == -1) {
		log_err(NULL, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (group != (gid_t)-1) {
		if (chown(path, (uid_t)-1, group) == -1 ||
		    chmod(path, 0660) == -1) {
			log_err(NULL, "%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	} else
		chmod(path, 0600);
	return fd;
}

static int
nworkers(int p, int g)
{
	int	i, n = 0;

	for (i = 0; i < MAX_WORKERS; i++)
		if (workers[i].pid > 0 && workers[i].pool == p &&
		    workers[i].gen == g && workers[i].term_sent == 0)
			n++;
	return n;
}

/* Starts one worker of pool p in the current generation. */
static void
spawn(int p)
{
	struct worker	*w = NULL;
	const char	*wrap;
	char		*argv[32], *wcopy = NULL, *tok;
	int		 i, argc = 0, devnull;
	pid_t		 pid;

	for (i = 0; i < MAX_WORKERS; i++)
		if (workers[i].pid == 0) {
			w = &workers[i];
			break;
		}
	if (w == NULL) {
		log_err(NULL, "too many workers");
		return;
	}
	if ((pid = fork()) == -1) {
		log_err(NULL, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		sigset_t	none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGHUP, SIG_DFL);
		if (dup2(pools[p].fd, 0) == -1)
			_exit(71);
		if ((devnull = open("/dev/null", O_WRONLY)) != -1) {
			dup2(devnull, 1);
			close(devnull);
		}
		if (run_uid != (uid_t)-1) {
			if (setgroups(0, NULL) == -1 || setgid(run_gid) == -1 ||
			    setuid(run_uid) == -1)
				_exit(71);
		}
		setenv("KEIYAKU_CONF", conf_path, 1);
		/* Tests run workers under valgrind through this. */
		if ((wrap = getenv("KEIYAKU_WORKER_WRAP")) != NULL &&
		    *wrap != '\0') {
			wcopy = xstrdup(wrap);
			for (tok = strtok(wcopy, " "); tok != NULL && argc < 30;
			    tok = strtok(NULL, " "))
				argv[argc++] = tok;
		}
		argv[argc++] = pools[p].prog;
		argv[argc] = NULL;
		execvp(argv[0], argv);
		log_err(NULL, "exec %s: %s", argv[0], strerror(errno));
		_exit(71);
	}
	w->pid = pid;
	w->pool = p;
	w->gen = gen;
	w->started = time(NULL);
	w->term_sent = 0;
}

/* Brings every pool of the current generation up to its size. */
static void
fill(void)
{
	time_t	now = time(NULL);
	int	p, n;

	for (p = 0; p < conf.npools; p++) {
		if (pools[p].hold_until > now)
			continue;
		for (n = nworkers(p, gen); n < pools[p].want; n++)
			spawn(p);
	}
}

static void
reap(void)
{
	struct worker	*w;
	pid_t		 pid;
	int		 st, i;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (i = 0; i < MAX_WORKERS; i++)
			if (workers[i].pid == pid)
				break;
		if (i == MAX_WORKERS)
			continue;
		w = &workers[i];
		if (w->term_sent == 0 && w->gen == gen) {
			struct pool *pl = &pools[w->pool];

			if (WIFSIGNALED(st))
				log_err(NULL, "%s worker %ld killed by signal %d",
				    conf.pools[w->pool].name, (long)pid,
				    WTERMSIG(st));
			else if (WEXITSTATUS(st) != 0)
				log_err(NULL, "%s worker %ld exited %d",
				    conf.pools[w->pool].name, (long)pid,
				    WEXITSTATUS(st));
			/* Dying within a second of starting: back off. */
			if (time(NULL) - w->started < 1 &&
			    (WIFSIGNALED(st) || WEXITSTATUS(st) != 0)) {
				if (pl->fails < 5)
					pl->fails++;
				pl->hold_until = time(NULL) + (1 << pl->fails) / 2;
			} else
				pl->fails = 0;
		}
		w->pid = 0;
	}
}

/* Asks every worker not of generation keep to stop after its request. */
static void
retire(int keep, int force)
{
	time_t	now = time(NULL);
	int	i;

	for (i = 0; i < MAX_WORKERS; i++) {
		struct worker *w = &workers[i];

		if (w->pid <= 0 || w->gen == keep)
			continue;
		if (w->term_sent == 0) {
			w->term_sent = now;
			kill(w->pid, SIGTERM);
		} else if (force || now - w->term_sent >= 30)
			kill(w->pid, SIGKILL);
		else
			kill(w->pid, SIGTERM);	/* see lib/app.c */
	}
}

static int
alive(void)
{
	int	i, n = 0;

	for (i = 0; i < MAX_WORKERS; i++)
		if (workers[i].pid > 0)
			n++;
	return n;
}

/* Reads the configuration again for a graceful restart; pool sizes apply. */
static void
reread(void)
{
	struct conf	nc;
	char		err[512];
	int		p, q;

	conf_defaults(&nc);
	if (conf_load(&nc, conf_path, err, sizeof(err)) == -1) {
		log_err(NULL, "configuration not reloaded: %s", err);
		conf_free(&nc);
		return;
	}
	for (p = 0; p < conf.npools; p++)
		for (q = 0; q < nc.npools; q++)
			if (strcmp(conf.pools[p].name, nc.pools[q].name) == 0 &&
			    pools[p].want != (int)nc.pools[q].workers) {
				log_info(NULL, "pool %s: %d workers", nc.pools[q].name,
				    (int)nc.pools[q].workers);
				pools[p].want = (int)nc.pools[q].workers;
			}
	if (nc.npools != conf.npools)
		log_warn(NULL, "pools added or removed: restart keiyaku-pool "
		    "to apply");
	conf_free(&nc);
}

static void
daemonize(void)
{
	pid_t	pid;
	int	fd;

	if ((pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (pid > 0)
		_exit(0);
	setsid();
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, 0);
		dup2(fd, 1);
		close(fd);
	}
}

int
main(int argc, char *argv[])
{
	sigset_t		 set;
	siginfo_t		 si;
	struct timespec		 tick = { 1, 0 };
	struct group		*gr;
	struct passwd		*pw;
	const char		*pidfile = NULL;
	char			 err[512];
	gid_t			 sgid = (gid_t)-1;
	int			 c, p, d = 0, sig, stopping = 0, fd;
	time_t			 stop_at = 0;
	FILE			*f;

	log_init("keiyaku-pool");
	while ((c = getopt(argc, argv, "c:dp:")) != -1)
		switch (c) {
		case 'c':
			if (realpath(optarg, conf_path) == NULL) {
				perror(optarg);
				return 1;
			}
			break;
		case 'd':
			d = 1;
			break;
		case 'p':
			pidfile = optarg;
			break;
		default:
			usage();
		}
	if (conf_path[0] == '\0')
		usage();
	conf_defaults(&conf);
	if (conf_load(&conf, conf_path, err, sizeof(err)) == -1) {
		fprintf(stderr, "keiyaku-pool: %s\n", err);
		return 1;
	}
	if (conf.npools == 0 || conf.run_dir == NULL || conf.cgi_dir == NULL) {
		fprintf(stderr, "keiyaku-pool: need run_dir, cgi_dir, pool\n");
		return 1;
	}
	if (conf.socket_group != NULL) {
		if ((gr = getgrnam(conf.socket_group)) == NULL) {
			fprintf(stderr, "keiyaku-pool: no group %s\n",
			    conf.socket_group);
			return 1;
		}
		sgid = gr->gr_gid;
	}
	if (geteuid() == 0 && conf.worker_user != NULL) {
		if ((pw = getpwnam(conf.worker_user)) == NULL) {
			fprintf(stderr, "keiyaku-pool: no user %s\n",
			    conf.worker_user);
			return 1;
		}
		run_uid = pw->pw_uid;
		run_gid = pw->pw_gid;
	}
	if (conf.error_log != NULL) {
		if ((fd = open(conf.error_log, O_WRONLY | O_APPEND | O_CREAT,
		    0640)) == -1) {
			perror(conf.error_log);
			return 1;
		}
		if (run_uid != (uid_t)-1 && fchown(fd, run_uid, (gid_t)-1) == -1)
			perror(conf.error_log);
		dup2(fd, 2);
		close(fd);
	}
	for (p = 0; p < conf.npools; p++) {
		snprintf(pools[p].sock, sizeof(pools[p].sock), "%s/%s.sock",
		    conf.run_dir, conf.pools[p].name);
		snprintf(pools[p].prog, sizeof(pools[p].prog), "%s/%s",
		    conf.cgi_dir, conf.pools[p].name);
		pools[p].want = (int)conf.pools[p].workers;
		if (access(pools[p].prog, X_OK) == -1) {
			log_err(NULL, "%s: %s", pools[p].prog, strerror(errno));
			return 1;
		}
		if ((pools[p].fd = listen_unix(pools[p].sock, sgid)) == -1)
			return 1;
	}
	if (d)
		daemonize();
	if (pidfile != NULL) {
		if ((f = fopen(pidfile, "w")) == NULL) {
			log_err(NULL, "%s: %s", pidfile, strerror(errno));
			return 1;
		}
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	log_info(NULL, "starting %d pools", conf.npools);
	fill();

	for (;;) {
		sig = sigtimedwait(&set, &si, &tick);
		reap();
		if (sig == SIGHUP && !stopping) {
			gen++;
			log_info(NULL, "graceful restart: generation %d", gen);
			reread();
			for (p = 0; p < conf.npools; p++)
				pools[p].hold_until = 0;
			fill();
			retire(gen, 0);
		} else if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
			log_info(NULL, "stopping");
			stopping = 1;
			stop_at = time(NULL);
			retire(-1, 0);
		}
		if (stopping) {
			if (alive() == 0)
				break;
			retire(-1, time(NULL) - stop_at >= 10);
			continue;
		}
		if (sig == -1)
			retire(gen, 0);
		fill();
	}
	for (p = 0; p < conf.npools; p++) {
		close(pools[p].fd);
		unlink(pools[p].sock);
	}
	if (pidfile != NULL)
		unlink(pidfile);
	log_info(NULL, "stopped");
	conf_free(&conf);
	return 0;
}
