/* The daemon: sources, engine, services and signals on one libuv loop. */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "capture.h"
#include "config.h"
#include "daemon.h"
#include "engine.h"
#include "feed.h"
#include "log.h"
#include "opts.h"
#include "output.h"
#include "packet.h"
#include "privsep.h"
#include "results.h"
#include "sigdb.h"
#include "strbuf.h"
#include "svc.h"

struct source {
	struct daemon *d;
	struct capture *cap;	/* live */
	uv_poll_t poll;
	const char *name;
	int dlt;
};

enum { S_UDP, S_P0F3, S_P0F2, S_POLICY, S_CONTROL, S_COUNT };
static const char *const svc_names[S_COUNT] = { "udp", "p0f3", "p0f2",
	"policy", "control" };

struct daemon {
	uv_loop_t loop;
	struct opts o;
	struct sigdb *db;
	char db_path[PATH_MAX];
	int db_dirfd;		/* the database's directory, for reloads */
	char db_base[NAME_MAX + 1];
	struct engine *eng;
	struct results *res;
	struct output *log;	/* -o, or NULL */
	int log_fd;
	unsigned pkt_flags;
	struct source src[OPT_IFACES_MAX];
	int n_src;
	struct feed *feed;
	struct capture *feed_cap;	/* opened, reader not yet started */
	int feed_dlt;
	struct svc_ctx ctx;
	struct svc *svcs[S_COUNT][OPT_LISTEN_MAX * 2];
	int n_svcs[S_COUNT];
	struct svc_counters cnt[S_COUNT];
	uv_signal_t sig_hup, sig_term, sig_int;
	uv_timer_t t_stats, t_flush, t_sweep;
	uv_work_t reload;
	int reloading;
	struct sigdb *new_db;
	struct sigdb_err reload_err;
	uint64_t frames, decode_errs, reloads, reload_fails;
	uint64_t k_recv, k_drop, k_ifdrop;
	time_t started;
	int exit_code;
	int ready_fd;		/* -d: tells the waiting parent "ready" */
};

/* ---- packets ---- */

static void
on_record(const struct record *rec, void *arg)
{
	struct daemon *d = arg;

	results_record(rec, d->res);
	if (d->log)
		output_record(rec, d->log);
}

static void
process(struct daemon *d, int dlt, const uint8_t *frame, size_t caplen,
    uint64_t sec, uint32_t usec)
{
	struct pkt_tcp p;

	d->frames++;
	engine_tick(d->eng, sec);
	if (pkt_decode(dlt, frame, caplen, d->pkt_flags, &p) < 0) {
		d->decode_errs++;
		return;
	}
	if (pkt_syn_kind(&p) == 0)
		return;
	engine_packet(d->eng, &p, sec, usec, on_record, d);
}

static void
on_live_frame(void *arg, const uint8_t *frame, size_t caplen, uint64_t sec,
    uint32_t usec)
{
	struct source *s = arg;

	process(s->d, s->dlt, frame, caplen, sec, usec);
}

static void
on_feed_frame(void *arg, const uint8_t *frame, size_t caplen, uint64_t sec,
    uint32_t usec)
{
	struct daemon *d = arg;

	process(d, d->feed_dlt, frame, caplen, sec, usec);
}

static void
on_feed_end(void *arg, int status, const char *err)
{
	struct daemon *d = arg;
	const char *name = strcmp(d->o.read, "-") ? d->o.read :
	    "standard input";

	if (status < 0)
		log_warnx("%s: %s; still serving what was read", name, err);
	else
		log_info("%s: end after %llu frames; still serving", name,
		    (unsigned long long)feed_frames(d->feed));
}

static void
on_poll(uv_poll_t *h, int status, int events)
{
	struct source *s = h->data;
	char err[256];
	int n, rounds = 0;

	(void)events;
	if (status < 0) {
		log_warnx("%s: poll: %s", s->name, uv_strerror(status));
		return;
	}
	/* Drain what is there, a bounded amount per wake-up. */
	do {
		n = capture_dispatch(s->cap, on_live_frame, s,
		    CAP_DISPATCH_MAX, err, sizeof(err));
		if (n < 0) {
			log_warnx("%s: capture stopped: %s", s->name, err);
			uv_poll_stop(&s->poll);
			return;
		}
	} while (n == CAP_DISPATCH_MAX && ++rounds < 8);
}

/* ---- statistics ---- */

static void
read_kernel_stats(struct daemon *d)
{
	uint64_t r, dr, ifd, tr = 0, td = 0, ti = 0;
	int i;

	for (i = 0; i < d->n_src; i++)
		if (capture_stats(d->src[i].cap, &r, &dr, &ifd) == 0) {
			tr += r;
			td += dr;
			ti += ifd;
		}
	/* libpcap's counters are 32-bit on Linux: keep the larger. */
	d->k_recv = tr > d->k_recv ? tr : d->k_recv;
	if (td > d->k_drop) {
		log_warnx("kernel dropped %llu packets (total %llu)",
		    (unsigned long long)(td - d->k_drop),
		    (unsigned long long)td);
		d->k_drop = td;
	}
	d->k_ifdrop = ti > d->k_ifdrop ? ti : d->k_ifdrop;
}

static void
kv(struct sb *b, const char *name, uint64_t v)
{
	sb_str(b, name);
	sb_chr(b, ' ');
	sb_u64(b, v);
	sb_chr(b, '\n');
}

static size_t
format_stats(void *arg, char *buf, size_t len)
{
	struct daemon *d = arg;
	struct sb b = { buf, 0, len };
	struct engine_stats es;
	struct results_stats rs;
	char name[64];
	int i;

	read_kernel_stats(d);
	engine_stats(d->eng, &es);
	results_stats(d->res, &rs);
	sb_str(&b, "version " SYNPRINT_VERSION "\n");
	sb_str(&b, "signatures ");
	sb_str(&b, d->db_path);
	sb_chr(&b, '\n');
	kv(&b, "uptime_s", (uint64_t)(time(NULL) - d->started));
	kv(&b, "packets", d->frames);
	kv(&b, "decode_errors", d->decode_errs);
	kv(&b, "kernel_received", d->k_recv);
	kv(&b, "kernel_dropped", d->k_drop);
	kv(&b, "interface_dropped", d->k_ifdrop);
	kv(&b, "syn", es.syn);
	kv(&b, "syn_retransmitted", es.syn_retrans);
	kv(&b, "synack", es.synack);
	kv(&b, "matched", es.matched);
	kv(&b, "fuzzy", es.fuzzy);
	kv(&b, "generic", es.generic);
	kv(&b, "unknown", es.unknown);
	kv(&b, "hosts", es.hosts);
	kv(&b, "host_capacity", es.host_cap);
	kv(&b, "host_evicted", es.host_evicted);
	kv(&b, "host_expired", es.host_expired);
	kv(&b, "connections", es.conns);
	kv(&b, "connection_capacity", es.conn_cap);
	kv(&b, "connection_evicted", es.conn_evicted);
	kv(&b, "results", rs.count);
	kv(&b, "results_capacity", rs.cap);
	kv(&b, "results_evicted", rs.evicted);
	kv(&b, "results_expired", rs.expired);
	kv(&b, "results_dropped_fields", rs.dropped_fields);
	kv(&b, "memory_bytes", es.bytes + rs.bytes);
	kv(&b, "reloads", d->reloads);
	kv(&b, "reload_failures", d->reload_fails);
	for (i = 0; i < S_COUNT; i++) {
		const struct svc_counters *c = &d->cnt[i];

#define K(field) do { snprintf(name, sizeof(name), "%s_%s", svc_names[i], \
	#field); kv(&b, name, c->field); } while (0)
		K(queries);
		K(known);
		K(unknown);
		K(bad);
		if (i == S_UDP) {
			K(denied);
			K(send_fail);
		} else {
			K(conns);
			K(refused);
			K(conns_now);
		}
#undef K
	}
	return b.n;
}

static void
on_stats_timer(uv_timer_t *t)
{
	read_kernel_stats(t->data);
}

static void
on_flush_timer(uv_timer_t *t)
{
	struct daemon *d = t->data;

	if (d->log && output_flush(d->log) < 0)
		log_warn("log file");
}

static void
on_sweep_timer(uv_timer_t *t)
{
	struct daemon *d = t->data;
	int i, j;

	for (i = 0; i < S_COUNT; i++)
		for (j = 0; j < d->n_svcs[i]; j++)
			svc_sweep(d->svcs[i][j], uv_now(&d->loop));
}

/* ---- signature database and reloads ---- */

/* Reads the database through the directory opened at start-up, so a
 * reload works inside the chroot too. Runs in a worker thread. */
static void
reload_work(uv_work_t *w)
{
	struct daemon *d = w->data;

	memset(&d->reload_err, 0, sizeof(d->reload_err));
	if (sigdb_load_at(d->db_dirfd, d->db_base, d->db_path, &d->new_db,
	    &d->reload_err) < 0)
		d->new_db = NULL;
}

static void
reload_done(uv_work_t *w, int status)
{
	struct daemon *d = w->data;
	struct sigdb_counts c;

	d->reloading = 0;
	if (status < 0 || d->new_db == NULL) {
		d->reload_fails++;
		log_warnx("reload failed, keeping the loaded signatures: %s",
		    d->reload_err.msg[0] ? d->reload_err.msg :
		    uv_strerror(status));
		return;
	}
	engine_set_db(d->eng, d->new_db);
	results_set_db(d->res);
	if (d->log) {
		if (output_flush(d->log) < 0)
			log_warn("log file");
		output_set_db(d->log, d->new_db);
	}
	sigdb_free(d->db);
	d->db = d->new_db;
	d->new_db = NULL;
	d->reloads++;
	sigdb_counts(d->db, &c);
	log_info("reloaded %s: %zu TCP request, %zu TCP response signatures",
	    d->db_path, c.tcp_req, c.tcp_resp);
}

static void
on_signal(uv_signal_t *h, int signum)
{
	struct daemon *d = h->data;

	if (signum == SIGHUP) {
		if (d->reloading) {
			log_info("reload already running");
			return;
		}
		d->reloading = 1;
		d->reload.data = d;
		if (uv_queue_work(&d->loop, &d->reload, reload_work,
		    reload_done) < 0) {
			d->reloading = 0;
			log_warnx("cannot start the reload");
		}
		return;
	}
	log_info("signal %d: stopping", signum);
	uv_stop(&d->loop);
}

/* ---- start-up ---- */

static int
open_log(struct daemon *d)
{
	struct stat st;

	d->log_fd = open(d->o.log_file, O_WRONLY | O_APPEND | O_CREAT |
	    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (d->log_fd < 0 || fstat(d->log_fd, &st) < 0) {
		log_warn("%s", d->o.log_file);
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !S_ISCHR(st.st_mode)) {
		log_warnx("%s: not a file", d->o.log_file);
		return -1;
	}
	d->log = output_new(d->log_fd, d->o.json ? OUT_JSON : OUT_P0F, d->db);
	return d->log ? 0 : -1;
}

static int
load_db(struct daemon *d)
{
	struct sigdb_err err;
	struct sigdb_counts c;
	char dir[PATH_MAX], base[PATH_MAX];

	if (d->o.signatures)
		snprintf(d->db_path, sizeof(d->db_path), "%s", d->o.signatures);
	else
		opts_default_db(d->db_path, sizeof(d->db_path));
	if (sigdb_load_file(d->db_path, &d->db, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", d->db_path);
	snprintf(base, sizeof(base), "%s", d->db_path);
	snprintf(d->db_base, sizeof(d->db_base), "%s", basename(base));
	d->db_dirfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->db_dirfd < 0) {
		log_warn("%s", dir);
		return -1;
	}
	sigdb_counts(d->db, &c);
	log_info("%s: %zu TCP request, %zu TCP response, %zu MTU signatures",
	    d->db_path, c.tcp_req, c.tcp_resp, c.mtu);
	return 0;
}

static int
open_sources(struct daemon *d)
{
	const char *filter = d->o.filter ? d->o.filter : SMTP_FILTER_DEFAULT;
	struct capture *c;
	char err[512];
	int i, r;

	for (i = 0; i < d->o.n_ifaces; i++) {
		struct source *s = &d->src[d->n_src];

		if (capture_open_live(d->o.ifaces[i], filter, CAP_LIVE_BUFFER,
		    &s->cap, err, sizeof(err)) < 0) {
			log_warnx("%s", err);
			return -1;
		}
		s->d = d;
		s->name = d->o.ifaces[i];
		s->dlt = capture_datalink(s->cap);
		d->n_src++;
		log_info("capturing on %s: %s", s->name, filter);
	}
	if (d->o.read) {
		/* A file or stream is taken as it is, unless a filter was
		 * given: a router may ship anything. */
		r = capture_open_file(d->o.read, d->o.filter, &c, err,
		    sizeof(err));
		if (r < 0) {
			log_warnx("%s", err);
			return -1;
		}
		d->feed_dlt = capture_datalink(c);
		d->feed_cap = c;
	}
	return 0;
}

/* The reader thread starts after detaching: fork() keeps no threads. */
static int
start_feed(struct daemon *d)
{
	struct capture *c = d->feed_cap;

	if (c == NULL)
		return 0;
	d->feed_cap = NULL;
	if ((d->feed = feed_new(&d->loop, c, on_feed_frame, on_feed_end,
	    d)) == NULL) {
		log_warnx("cannot start the reader thread");
		return -1;
	}
	return 0;
}

static int
start_services(struct daemon *d)
{
	char err[512];
	struct svc *two[2];
	int i;

#define START(kind, call) do { \
	if ((call) < 0) { log_warnx("%s", err); return -1; } \
	} while (0)
	for (i = 0; i < d->o.n_udp; i++) {
		START(S_UDP, svc_udp_start(&d->ctx, d->o.udp[i],
		    &d->cnt[S_UDP], two, err, sizeof(err)));
		d->svcs[S_UDP][d->n_svcs[S_UDP]++] = two[0];
		if (two[1])
			d->svcs[S_UDP][d->n_svcs[S_UDP]++] = two[1];
		log_info("udp (amavisd p0f-analyzer protocol) on %s",
		    d->o.udp[i]);
	}
	if (d->o.p0f3) {
		START(S_P0F3, svc_api_start(&d->ctx, 3, d->o.p0f3,
		    &d->cnt[S_P0F3], &d->svcs[S_P0F3][0], err, sizeof(err)));
		d->n_svcs[S_P0F3] = 1;
		log_info("p0f v3 API on %s", d->o.p0f3);
	}
	if (d->o.p0f2) {
		START(S_P0F2, svc_api_start(&d->ctx, 2, d->o.p0f2,
		    &d->cnt[S_P0F2], &d->svcs[S_P0F2][0], err, sizeof(err)));
		d->n_svcs[S_P0F2] = 1;
		log_info("p0f v2 API on %s", d->o.p0f2);
	}
	if (d->o.policy) {
		START(S_POLICY, svc_policy_start(&d->ctx, d->o.policy,
		    &d->cnt[S_POLICY], &d->svcs[S_POLICY][0], err,
		    sizeof(err)));
		d->n_svcs[S_POLICY] = 1;
		log_info("Postfix policy service on %s", d->o.policy);
	}
	if (d->o.control) {
		START(S_CONTROL, svc_control_start(&d->ctx, d->o.control,
		    format_stats, d, &d->cnt[S_CONTROL],
		    &d->svcs[S_CONTROL][0], err, sizeof(err)));
		d->n_svcs[S_CONTROL] = 1;
	}
#undef START
	return 0;
}

/* Room for max-clients connections: the soft open-file limit (often
 * 1024) is raised towards the hard one. */
static void
raise_nofile(const struct opts *o)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)o->max_clients + NOFILE_RESERVE;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= want)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
		want = rl.rlim_max;
	rl.rlim_cur = want;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0 || getrlimit(RLIMIT_NOFILE,
	    &rl) < 0 || rl.rlim_cur < (rlim_t)o->max_clients + NOFILE_RESERVE)
		log_warnx("open files limited to %llu: fewer than "
		    "max-clients %d connections fit",
		    (unsigned long long)rl.rlim_cur, o->max_clients);
}

static int
write_pidfile(const char *path)
{
	char buf[32];
	int fd, n;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd < 0) {
		log_warn("%s", path);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		log_warn("%s", path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
detach(struct daemon *d)
{
	pid_t pid;
	int fd, p[2];
	char c;

	if (pipe2(p, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		log_warn("fork");
		return -1;
	}
	if (pid > 0) {
		/* Returns once the daemon is ready, so that an init script
		 * finds the pid file: 0, or 1 if it died first. */
		close(p[1]);
		while ((fd = (int)read(p[0], &c, 1)) < 0 && errno == EINTR)
			;
		_exit(fd == 1 ? 0 : 1);
	}
	close(p[0]);
	d->ready_fd = p[1];
	log_init("synprint-analyzer", 1, d->o.verbose);
	if (setsid() < 0 || uv_loop_fork(&d->loop) != 0)
		return -1;
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		/* A stream on standard input stays. */
		if (d->o.read == NULL || strcmp(d->o.read, "-") != 0)
			dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

static void
close_walk(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

int
daemon_main(int argc, char **argv)
{
	static struct daemon dd;	/* one per process */
	struct daemon *d = &dd;
	struct engine_conf ec;
	char err[256];
	int i, j, r;

	opts_init(&d->o);
	d->db_dirfd = -1;
	d->log_fd = -1;
	d->ready_fd = -1;
	if ((r = opts_parse(&d->o, argc, argv)) != 0) {
		opts_release(&d->o);
		return r > 0 ? 0 : 2;
	}
	/* With -d, start-up errors still reach the terminal; syslog
	 * takes over once detached. */
	log_init("synprint-analyzer", d->o.syslog,
	    d->o.verbose);
	if (d->o.n_ifaces == 0 && d->o.read == NULL) {
		log_warnx("nothing to capture: give -i IFACE or -r FILE|-");
		return 2;
	}
	if (d->o.n_udp == 0 && !d->o.p0f3 && !d->o.p0f2 && !d->o.policy &&
	    !d->o.log_file)
		log_warnx("no service and no log file: results go nowhere");
	/* Before detaching, so that a start or -n reports it. */
	if (privsep_check(d->o.user, d->o.chroot, err, sizeof(err)) < 0) {
		log_warnx("privilege drop: %s", err);
		return 2;
	}
	if (load_db(d) < 0)
		return 2;
	if (d->o.check) {
		log_info("configuration OK");
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	raise_nofile(&d->o);
	engine_conf_defaults(&ec);
	ec.conn_cap = d->o.conn_cap;
	ec.host_cap = d->o.host_cap;
	ec.conn_age_s = d->o.conn_age_s;
	ec.host_idle_s = d->o.host_idle_s;
	if (d->o.compat) {
		if (!d->o.sizes_set) {
			ec.conn_cap = P0F_CONN_CAP;
			ec.host_cap = P0F_HOST_CAP;
		}
		ec.flags |= ENGINE_F_COMPAT;
		d->pkt_flags |= PKT_F_COMPAT;
	}
	/* All memory for state is taken here, once. */
	if ((d->eng = engine_new(&ec, d->db)) == NULL ||
	    (d->res = results_new(d->o.results_cap, d->o.results_ttl_s,
	    ec.seed)) == NULL ||
	    (d->ctx.rbuf = malloc(STREAM_READ_BUF)) == NULL ||
	    (d->ctx.wbuf = malloc(STREAM_READ_BUF)) == NULL) {
		log_warnx("out of memory for %zu hosts and %zu results",
		    ec.host_cap, d->o.results_cap);
		return 1;
	}
	if (uv_loop_init(&d->loop) != 0)
		return 1;
	d->ctx.loop = &d->loop;
	d->ctx.o = &d->o;
	d->ctx.eng = d->eng;
	d->ctx.res = d->res;
	d->started = time(NULL);
	if (d->o.log_file && open_log(d) < 0)
		return 1;
	/* STYLE.md 11: capture, then sockets, then drop, then run. */
	if (open_sources(d) < 0 || start_services(d) < 0) {
		d->exit_code = 1;
		goto out;
	}
	if (d->o.daemonize && detach(d) < 0) {
		d->exit_code = 1;
		goto out;
	}
	if (d->o.pidfile && write_pidfile(d->o.pidfile) < 0) {
		d->exit_code = 1;
		goto out;
	}
	if (d->o.user) {
		if (privsep_drop(d->o.user, d->o.chroot, err, sizeof(err)) <
		    0) {
			log_warnx("privilege drop: %s", err);
			d->exit_code = 1;
			goto out;
		}
		log_info("running as %s%s%s", d->o.user,
		    d->o.chroot ? " in " : "", d->o.chroot ? d->o.chroot : "");
	} else {
		/* privsep_check() refused a chroot without a user. */
		if (geteuid() == 0)
			log_warnx("running as root: give -u USER");
		(void)privsep_no_new_privs();
	}
	if (start_feed(d) < 0) {
		d->exit_code = 1;
		goto out;
	}
	for (i = 0; i < d->n_src; i++) {
		struct source *s = &d->src[i];

		if (uv_poll_init(&d->loop, &s->poll, capture_fd(s->cap)) ||
		    uv_poll_start(&s->poll, UV_READABLE, on_poll)) {
			log_warnx("%s: cannot poll", s->name);
			d->exit_code = 1;
			goto out;
		}
		s->poll.data = s;
	}
	uv_signal_init(&d->loop, &d->sig_hup);
	uv_signal_init(&d->loop, &d->sig_term);
	uv_signal_init(&d->loop, &d->sig_int);
	d->sig_hup.data = d->sig_term.data = d->sig_int.data = d;
	uv_signal_start(&d->sig_hup, on_signal, SIGHUP);
	uv_signal_start(&d->sig_term, on_signal, SIGTERM);
	uv_signal_start(&d->sig_int, on_signal, SIGINT);
	uv_timer_init(&d->loop, &d->t_stats);
	uv_timer_init(&d->loop, &d->t_flush);
	uv_timer_init(&d->loop, &d->t_sweep);
	d->t_stats.data = d->t_flush.data = d->t_sweep.data = d;
	uv_timer_start(&d->t_stats, on_stats_timer, STATS_INTERVAL_S * 1000,
	    STATS_INTERVAL_S * 1000);
	if (d->log)
		uv_timer_start(&d->t_flush, on_flush_timer, FLUSH_INTERVAL_MS,
		    FLUSH_INTERVAL_MS);
	uv_timer_start(&d->t_sweep, on_sweep_timer, 10000, 10000);
	log_info("ready");
	if (d->ready_fd >= 0) {
		(void)!write(d->ready_fd, "", 1);
		close(d->ready_fd);
		d->ready_fd = -1;
	}
	uv_run(&d->loop, UV_RUN_DEFAULT);
out:
	for (i = 0; i < S_COUNT; i++)
		for (j = 0; j < d->n_svcs[i]; j++)
			svc_close(d->svcs[i][j]);
	if (d->feed)
		feed_close(d->feed);
	uv_walk(&d->loop, close_walk, NULL);
	uv_run(&d->loop, UV_RUN_DEFAULT);
	(void)uv_loop_close(&d->loop);
	if (d->log) {
		if (output_flush(d->log) < 0)
			log_warn("log file");
		output_free(d->log);
	}
	for (i = 0; i < d->n_src; i++)
		capture_close(d->src[i].cap);
	capture_close(d->feed_cap);
	if (d->o.pidfile)
		(void)unlink(d->o.pidfile);
	log_info("stopped");
	return d->exit_code;
}
