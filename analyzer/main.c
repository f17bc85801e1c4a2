/* synprint-analyzer: command line, offline fingerprinting of captures. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "config.h"
#include "daemon.h"
#include "engine.h"
#include "log.h"
#include "opts.h"
#include "output.h"
#include "outq.h"
#include "packet.h"
#include "sigdb.h"

#define BATCH	8	/* packets decoded ahead, to prefetch their state */

struct pending {
	struct pkt_tcp p;
	struct engine_hint hint;
	uint64_t sec;
	uint32_t usec;
};

struct run {
	struct engine *eng;
	struct output *out;
	struct outq *q;		/* writer thread, NULL when writing inline */
	int dlt;
	unsigned pkt_flags;
	int stream;		/* reading a live stream: write at once */
	uint64_t frames;
	uint64_t errs[PKT_NERR];
	struct pending batch[BATCH];	/* ring of decoded packets */
	unsigned nb;			/* packets in the ring */
	unsigned first;			/* oldest */
};

static void
process(struct run *r, const struct pending *q)
{
	if (r->q)
		engine_packet_hint(r->eng, &q->p, &q->hint, q->sec, q->usec,
		    outq_record, r->q);
	else {
		engine_packet_hint(r->eng, &q->p, &q->hint, q->sec, q->usec,
		    output_record, r->out);
		if (r->stream && output_flush(r->out) < 0)
			log_warn("write");
	}
}

/* Processes the oldest decoded packet of the ring. */
static void
process_oldest(struct run *r)
{
	process(r, &r->batch[r->first]);
	r->first = (r->first + 1) % BATCH;
	r->nb--;
}

static void
drain(struct run *r)
{
	while (r->nb)
		process_oldest(r);
}

static void
usage(FILE *f)
{
	fprintf(f,
"usage: synprint-analyzer [options] [BPF filter]\n"
"  -r FILE       read a pcap or pcapng capture; '-' reads a pcap stream\n"
"                from standard input or a FIFO as it arrives\n"
"  -f FILE       signature database (p0f.fp format; default: synprint.fp)\n"
"  -o FILE       append observations to FILE (default: standard output)\n"
"  -j, --json    JSON lines instead of p0f log lines\n"
"  -c, --compat  reproduce p0f 3.09b exactly (see FINGERPRINTS.md); its\n"
"                tables default to p0f's sizes, 1000,10000\n"
"  -m C,H        connections and hosts kept (default %d,%d)\n"
"  -t C,H        connection age in seconds, host idle time in minutes\n"
"                (default %d,%d)\n"
"  -n            check the signature database and exit\n"
"  -q            no summary on standard error\n"
"  -v            verbose\n"
"  -V            print the version\n"
"Exit status: 0 done, 1 corrupt or unreadable capture, 2 usage or\n"
"database error.\n",
	    CONN_CAP_DEFAULT, HOST_CAP_DEFAULT, CONN_AGE_DEFAULT_S,
	    HOST_IDLE_DEFAULT_S / 60);
}

static void
on_frame(void *arg, const uint8_t *frame, size_t caplen, uint64_t sec,
    uint32_t usec)
{
	struct run *r = arg;
	struct pending *q;
	int e;

	r->frames++;
	engine_tick(r->eng, sec);
	if (r->nb == BATCH)	/* the oldest has had time to arrive */
		process_oldest(r);
	q = &r->batch[(r->first + r->nb) % BATCH];
	e = pkt_decode(r->dlt, frame, caplen, r->pkt_flags, &q->p);
	if (e < 0) {
		r->errs[-e]++;
		return;
	}
	if (pkt_syn_kind(&q->p) == 0)
		return;
	q->sec = sec;
	q->usec = usec;
	engine_prefetch(r->eng, &q->p, &q->hint);
	r->nb++;
	/* A stream is live: nothing waits for the next packet. */
	if (r->stream)
		drain(r);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "compat", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rfile = NULL, *dbfile = NULL, *ofile = NULL;
	char dbbuf[PATH_MAX], err[512], *filter = NULL;
	int ch, check = 0, quiet = 0, verbose = 0, compat = 0, ofd = 1;
	int sizes_set = 0;
	int rc = 2, r, i;
	enum out_fmt fmt = OUT_P0F;
	struct engine_conf conf;
	struct sigdb *db = NULL;
	struct sigdb_err serr;
	struct sigdb_counts cnt;
	struct capture *cap = NULL;
	struct engine_stats st;
	struct run run;
	uint64_t a, b;
	uint64_t decode_errs = 0;

	/* Live capture or any service: the daemon. */
	if (opts_wants_daemon(argc, argv))
		return daemon_main(argc, argv);
	memset(&run, 0, sizeof(run));
	engine_conf_defaults(&conf);
	while ((ch = getopt_long(argc, argv, "r:f:o:jcm:t:nqvVh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'r':
			rfile = optarg;
			break;
		case 'f':
			dbfile = optarg;
			break;
		case 'o':
			ofile = optarg;
			break;
		case 'j':
			fmt = OUT_JSON;
			break;
		case 'c':
			compat = 1;
			break;
		case 'm':
			if (opts_pair(optarg, CONN_CAP_MAX, HOST_CAP_MAX, &a,
			    &b) < 0)
				fatalx("-m wants CONNS,HOSTS within 1-%d",
				    HOST_CAP_MAX);
			conf.conn_cap = a;
			conf.host_cap = b;
			sizes_set = 1;
			break;
		case 't':
			if (opts_pair(optarg, 1000000, 1000000, &a, &b) < 0)
				fatalx("-t wants SECONDS,MINUTES within "
				    "1-1000000");
			conf.conn_age_s = (uint32_t)a;
			conf.host_idle_s = (uint32_t)(b * 60);
			break;
		case 'n':
			check = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			printf("synprint-analyzer %s\n", SYNPRINT_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	log_init("synprint-analyzer", 0, verbose);
	if (optind < argc) {
		size_t len = 0;

		for (i = optind; i < argc; i++)
			len += strlen(argv[i]) + 1;
		if ((filter = calloc(1, len)) == NULL)
			fatal("calloc");
		for (i = optind; i < argc; i++) {
			if (i > optind)
				strcat(filter, " ");
			strcat(filter, argv[i]);
		}
	}
	if (dbfile == NULL) {
		opts_default_db(dbbuf, sizeof(dbbuf));
		dbfile = dbbuf;
	}
	if (sigdb_load_file(dbfile, &db, &serr) < 0) {
		fprintf(stderr, "%s\n", serr.msg);
		goto out;
	}
	sigdb_counts(db, &cnt);
	if (check || verbose)
		fprintf(stderr, "%s: %zu TCP request, %zu TCP response, "
		    "%zu HTTP, %zu MTU signatures (%zu labels, %zu generic)\n",
		    dbfile, cnt.tcp_req, cnt.tcp_resp,
		    cnt.http_req + cnt.http_resp, cnt.mtu, cnt.labels,
		    cnt.generic);
	if (check) {
		rc = 0;
		goto out;
	}
	if (rfile == NULL) {
		fprintf(stderr, "synprint-analyzer: nothing to read: give -r "
		    "FILE (live capture is the daemon's job)\n");
		usage(stderr);
		goto out;
	}
	if (ofile != NULL) {
		ofd = open(ofile, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (ofd < 0) {
			log_warn("%s", ofile);
			goto out;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	if (compat) {
		/* p0f's own table sizes, unless -m says otherwise. */
		if (!sizes_set) {
			conf.conn_cap = P0F_CONN_CAP;
			conf.host_cap = P0F_HOST_CAP;
		}
		conf.flags |= ENGINE_F_COMPAT;
		run.pkt_flags |= PKT_F_COMPAT;
	}
	if ((run.eng = engine_new(&conf, db)) == NULL ||
	    (run.out = output_new(ofd, fmt, db)) == NULL)
		fatalx("out of memory for %zu hosts", conf.host_cap);
	if ((r = capture_open_file(rfile, filter, &cap, err, sizeof(err))) <
	    0) {
		fprintf(stderr, "synprint-analyzer: %s\n", err);
		rc = r == CAP_EFILTER ? 2 : 1;
		goto out;
	}
	run.dlt = capture_datalink(cap);
	/* A stream is read as it arrives: write each line at once then. */
	run.stream = strcmp(rfile, "-") == 0;
	if (!run.stream && (run.q = outq_new(run.out)) == NULL)
		log_warn("writer thread; writing inline");
	r = capture_run(cap, on_frame, &run, err, sizeof(err));
	drain(&run);
	rc = 0;
	if (run.q != NULL && outq_close(run.q) < 0)
		rc = 1;
	run.q = NULL;
	if (output_flush(run.out) < 0 || output_failed(run.out)) {
		log_warn("writing %s", ofile ? ofile : "standard output");
		rc = 1;
	}
	if (r < 0) {
		fprintf(stderr, "synprint-analyzer: %s: %s\n",
		    strcmp(rfile, "-") ? rfile : "standard input", err);
		rc = 1;
	}
	if (!quiet) {
		engine_stats(run.eng, &st);
		for (i = 1; i < PKT_NERR; i++)
			decode_errs += run.errs[i];
		fprintf(stderr, "synprint-analyzer: %llu frames, %llu SYN, "
		    "%llu SYN+ACK, %llu matched (%llu fuzzy, %llu generic), "
		    "%llu unknown, %llu apps, %llu not decoded, %zu hosts "
		    "(%llu evicted), %llu lines\n",
		    (unsigned long long)run.frames,
		    (unsigned long long)st.syn,
		    (unsigned long long)st.synack,
		    (unsigned long long)st.matched,
		    (unsigned long long)st.fuzzy,
		    (unsigned long long)st.generic,
		    (unsigned long long)st.unknown,
		    (unsigned long long)st.apps,
		    (unsigned long long)decode_errs, st.hosts,
		    (unsigned long long)st.host_evicted,
		    (unsigned long long)output_lines(run.out));
		if (output_too_long(run.out))
			fprintf(stderr, "synprint-analyzer: %llu lines over "
			    "%d bytes not written\n",
			    (unsigned long long)output_too_long(run.out),
			    OUT_LINE_MAX);
		if (verbose)
			for (i = 1; i < PKT_NERR; i++)
				if (run.errs[i])
					fprintf(stderr, "  %llu: %s\n",
					    (unsigned long long)run.errs[i],
					    pkt_strerror(-i));
	}
out:
	capture_close(cap);
	output_free(run.out);
	engine_free(run.eng);
	sigdb_free(db);
	free(filter);
	if (ofd > 2)
		close(ofd);
	return rc;
}
