/*
 * apiload: pipelined load generator for the p0f v3 API (21-byte queries,
 * 232-byte answers, in order, on a unix stream socket), used by bench/api.
 *
 *   apiload -u SOCKET -k KEYS [-c CONNS] [-b BATCH] [-t SECS] [-w WARMUP]
 *
 * KEYS holds "VER ADDR PORT" lines (bench/tools/keys.py); the queries cycle
 * through their addresses. Each of CONNS connections (1) writes BATCH
 * queries (64) in one write, reads the BATCH answers, and writes the next
 * batch: closed loop, one batch in flight per connection. Counts answers by
 * status (ok, no match, bad query) and times each batch, for batches sent
 * after WARMUP seconds. Prints one line of name=value pairs. Plain sockets.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loadkit.h"

#define KEYS_MAX	(1 << 20)	/* addresses kept */
#define CONNS_MAX	128		/* p0f itself allows at most 100 */
#define BATCH_MAX	4096		/* queries per write */
#define Q_LEN		21		/* p0f v3 query */
#define A_LEN		232		/* p0f v3 answer */
#define Q_MAGIC		0x50304601u
#define A_MAGIC		0x50304602u
#define ST_BAD		0x00
#define ST_OK		0x10
#define ST_NOMATCH	0x20
#define LAT_MAX		(1 << 22)	/* batch latencies kept */

struct key {
	uint8_t ver;
	uint8_t addr[16];
};

struct conn {
	int fd;
	uint8_t *q;			/* this batch's queries */
	size_t qoff;			/* bytes written */
	uint8_t *a;			/* answers */
	size_t aoff;			/* bytes read */
	uint64_t t;			/* batch start, ns */
};

static struct key *keys;
static int nkeys;
static uint32_t *lat;
static size_t nlat;

static void
usage(void)
{
	fprintf(stderr, "usage: apiload -u SOCKET -k KEYS [-c CONNS] "
	    "[-b BATCH] [-t SECS] [-w WARMUP]\n");
	exit(2);
}

/* keys_read() callback: key i is the line's address, if it parses. */
static int
add_key(int i, int ver, const char *addr, int port)
{
	(void)port;
	keys[i].ver = (uint8_t)ver;
	return inet_pton(ver == 6 ? AF_INET6 : AF_INET, addr, keys[i].addr) ==
	    1;
}

/* The magic is host-endian, as p0f's api.h has it. */
static void
put_query(uint8_t *p, const struct key *k)
{
	uint32_t m = Q_MAGIC;

	memcpy(p, &m, 4);
	p[4] = k->ver;
	memcpy(p + 5, k->addr, 16);
}

int
main(int argc, char **argv)
{
	static struct conn cs[CONNS_MAX];
	static struct pollfd pf[CONNS_MAX];
	const char *path = NULL, *keyfile = NULL;
	struct sockaddr_un sun;
	double secs = 5, warm = 1;
	uint64_t t0, t_meas, t_end, answered = 0, m_answered = 0;
	uint64_t ok = 0, nomatch = 0, bad = 0;
	uint32_t next = 0;
	size_t qlen, alen;		/* bytes of a batch's queries, answers */
	int conns = 1, batch = 64, c, i, j, busy;

	while ((c = getopt(argc, argv, "u:k:c:b:t:w:")) != -1)
		switch (c) {
		case 'u': path = optarg; break;
		case 'k': keyfile = optarg; break;
		case 'c': conns = atoi(optarg); break;
		case 'b': batch = atoi(optarg); break;
		case 't': secs = atof(optarg); break;
		case 'w': warm = atof(optarg); break;
		default: usage();
		}
	if (path == NULL || keyfile == NULL || conns < 1 ||
	    conns > CONNS_MAX || batch < 1 || batch > BATCH_MAX ||
	    strlen(path) >= sizeof(sun.sun_path))
		usage();
	if ((keys = calloc(KEYS_MAX, sizeof(*keys))) == NULL ||
	    (nkeys = keys_read("apiload", keyfile, KEYS_MAX, add_key)) < 0)
		return 2;
	lat = calloc(LAT_MAX, sizeof(*lat));
	if (lat == NULL)
		return 2;
	qlen = (size_t)batch * Q_LEN;
	alen = (size_t)batch * A_LEN;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	for (i = 0; i < conns; i++) {
		struct conn *k = &cs[i];

		k->q = malloc(qlen);
		k->a = malloc(alen);
		if (k->q == NULL || k->a == NULL)
			return 2;
		if ((k->fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
		    connect(k->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
			fprintf(stderr, "apiload: %s: %s\n", path,
			    strerror(errno));
			return 2;
		}
		fcntl(k->fd, F_SETFL, fcntl(k->fd, F_GETFL) | O_NONBLOCK);
		k->qoff = qlen;			/* idle: a batch starts below */
		k->aoff = alen;
	}
	t0 = now_ns();
	t_meas = t0 + (uint64_t)(warm * 1e9);
	t_end = t_meas + (uint64_t)(secs * 1e9);
	for (;;) {
		uint64_t now = now_ns();

		busy = 0;
		for (i = 0; i < conns; i++) {
			struct conn *k = &cs[i];

			if (k->aoff == alen && now < t_end) {
				/* The previous batch is complete: next one. */
				for (j = 0; j < batch; j++)
					put_query(k->q + (size_t)j * Q_LEN,
					    &keys[next++ % (uint32_t)nkeys]);
				k->qoff = 0;
				k->aoff = 0;
				k->t = now;
			}
			pf[i].fd = k->fd;
			pf[i].events = 0;
			if (k->qoff < qlen)
				pf[i].events |= POLLOUT;
			if (k->aoff < alen)
				pf[i].events |= POLLIN;
			if (pf[i].events)
				busy++;
		}
		if (busy == 0)
			break;
		if (poll(pf, (nfds_t)conns, 2000) <= 0) {
			fprintf(stderr, "apiload: no answer for 2 s\n");
			return 1;
		}
		for (i = 0; i < conns; i++) {
			struct conn *k = &cs[i];
			ssize_t n;

			if (pf[i].revents & POLLOUT) {
				n = write(k->fd, k->q + k->qoff,
				    qlen - k->qoff);
				if (n > 0)
					k->qoff += (size_t)n;
				else if (n < 0 && errno != EAGAIN) {
					perror("apiload: write");
					return 1;
				}
			}
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(k->fd, k->a + k->aoff, alen - k->aoff);
			if (n == 0 || (n < 0 && errno != EAGAIN)) {
				fprintf(stderr, "apiload: connection closed\n");
				return 1;
			}
			if (n < 0)
				continue;
			k->aoff += (size_t)n;
			if (k->aoff < alen)
				continue;
			now = now_ns();
			for (j = 0; j < batch; j++) {
				const uint8_t *a = k->a + (size_t)j * A_LEN;
				uint32_t m, st;

				memcpy(&m, a, 4);
				memcpy(&st, a + 4, 4);
				if (m != A_MAGIC || st == ST_BAD)
					bad++;
				else if (st == ST_OK)
					ok++;
				else if (st == ST_NOMATCH)
					nomatch++;
				else
					bad++;
			}
			answered += (uint64_t)batch;
			if (k->t >= t_meas && k->t < t_end) {
				m_answered += (uint64_t)batch;
				if (nlat < LAT_MAX)
					lat[nlat++] = (uint32_t)(now - k->t);
			}
		}
	}
	lat_sort(lat, nlat);
	printf("conns=%d batch=%d answered=%llu ok=%llu nomatch=%llu bad=%llu "
	    "rate=%.0f batch_p50_us=%.1f batch_p99_us=%.1f\n", conns, batch,
	    (unsigned long long)answered, (unsigned long long)ok,
	    (unsigned long long)nomatch, (unsigned long long)bad,
	    (double)m_answered / secs, lat_pct(lat, nlat, 0.5), lat_pct(lat, nlat, 0.99));
	for (i = 0; i < conns; i++)
		close(cs[i].fd);
	return 0;
}
