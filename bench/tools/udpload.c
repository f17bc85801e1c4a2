/*
 * udpload: load generator for the amavisd p0f-analyzer UDP protocol
 * (`[IP]:PORT NONCE` -> `[IP]:PORT NONCE RESULT\r\n`), used by bench/udp.
 *
 *   udpload -p PORT -k KEYS [-a ADDR] [-n INFLIGHT] [-r RATE] [-t SECS]
 *           [-w WARMUP]
 *   udpload -p PORT -k KEYS [-a ADDR] -1     (probe: ask for the last key
 *                                            once; exit 0 if it has a result)
 *
 * KEYS holds "VER ADDR PORT" lines (bench/tools/keys.py); the queries cycle
 * through them. Without -r the load is closed-loop: INFLIGHT queries (64)
 * are outstanding at all times, each answer releases the next query, so the
 * figure is the server's saturated rate. With -r the load is open-loop:
 * queries leave at RATE per second on a fixed schedule whatever the server
 * does, and the latency is that of a server offered RATE. The nonce carries
 * a sequence number; latency is send-to-receive of each datagram, measured
 * on the client, for queries sent after WARMUP seconds.
 *
 * Prints one line of name=value pairs. Plain sockets, batched with
 * sendmmsg/recvmmsg so the client costs less than the server it measures.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* sendmmsg, recvmmsg, ppoll */
#endif
#include <sys/prctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loadkit.h"

#define KEYS_MAX	(1 << 20)	/* query strings kept */
#define QUERY_LEN	64		/* p0f-analyzer reads 64 bytes */
#define REPLY_LEN	1100		/* amavisd reads 1024 */
#define BATCH		64		/* datagrams per sendmmsg/recvmmsg */
#define RING		(1 << 22)	/* send stamps by sequence number */
#define LOSS_MS		200		/* silence that declares a window lost */
#define LAT_MAX		(1 << 24)	/* latency samples kept */

static char (*keys)[QUERY_LEN];
static int nkeys;
static uint64_t *sent_at;		/* RING send times, ns; 0 = free */
static uint32_t *lat;			/* latencies, ns */
static size_t nlat;

static void
usage(void)
{
	fprintf(stderr, "usage: udpload -p PORT -k KEYS [-a ADDR] "
	    "[-n INFLIGHT] [-r RATE] [-t SECS] [-w WARMUP] [-1]\n");
	exit(2);
}

/* keys_read() callback: key i is the line's "[ADDR]:PORT". */
static int
add_key(int i, int ver, const char *addr, int port)
{
	(void)ver;
	snprintf(keys[i], QUERY_LEN, "[%.45s]:%d", addr, port);
	return 1;
}

/* Builds query number seq into buf; returns its length. */
static int
make_query(char *buf, uint32_t seq)
{
	return snprintf(buf, QUERY_LEN, "%s %08x", keys[seq % nkeys], seq);
}

/*
 * Parses a reply: the nonce is the second space-separated token. Sets
 * *has_result when text follows it before the CRLF.
 */
static int
parse_reply(const char *b, size_t n, uint32_t *seq, int *has_result)
{
	const char *sp = memchr(b, ' ', n), *end = b + n;
	char *e;
	unsigned long v;

	if (sp == NULL || end - sp < 10 || sp[9] != ' ')
		return -1;
	v = strtoul(sp + 1, &e, 16);
	if (e != sp + 9)
		return -1;
	*seq = (uint32_t)v;
	*has_result = end - (sp + 10) > 2;
	return 0;
}

int
main(int argc, char **argv)
{
	static char qbuf[BATCH][QUERY_LEN], rbuf[BATCH][REPLY_LEN];
	static struct mmsghdr smsg[BATCH], rmsg[BATCH];
	static struct iovec siov[BATCH], riov[BATCH];
	const char *addr = "127.0.0.1", *keyfile = NULL;
	struct sockaddr_storage ss;
	socklen_t slen;
	double rate = 0, secs = 5, warm = 1;
	uint64_t t0, t_meas, t_end, next = 0, gap = 0, last_rx;
	uint64_t sent = 0, recvd = 0, known = 0, unknown = 0, lost = 0;
	uint64_t m_sent = 0, m_recvd = 0, late_max = 0;
	uint32_t seq = 0;
	int port = 0, inflight = 64, probe = 0, fd, c, i, outstanding = 0;

	while ((c = getopt(argc, argv, "a:p:k:n:r:t:w:1")) != -1)
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'k': keyfile = optarg; break;
		case 'n': inflight = atoi(optarg); break;
		case 'r': rate = atof(optarg); break;
		case 't': secs = atof(optarg); break;
		case 'w': warm = atof(optarg); break;
		case '1': probe = 1; break;
		default: usage();
		}
	if (port <= 0 || keyfile == NULL || inflight < 1 ||
	    inflight > RING / 2)
		usage();
	if ((keys = calloc(KEYS_MAX, sizeof(*keys))) == NULL ||
	    (nkeys = keys_read("udpload", keyfile, KEYS_MAX, add_key)) < 0)
		return 2;
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &((struct sockaddr_in *)&ss)->sin_addr)) {
		ss.ss_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
		slen = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, addr,
	    &((struct sockaddr_in6 *)&ss)->sin6_addr)) {
		ss.ss_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
		slen = sizeof(struct sockaddr_in6);
	} else {
		fprintf(stderr, "udpload: bad address %s\n", addr);
		return 2;
	}
	/* Connected: the kernel picks an ephemeral port (>= 1024). */
	if ((fd = socket(ss.ss_family, SOCK_DGRAM, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&ss, slen) < 0) {
		perror("udpload: socket");
		return 2;
	}
	c = 4 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &c, sizeof(c));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &c, sizeof(c));

	if (probe) {
		struct pollfd p = { fd, POLLIN, 0 };
		uint32_t s;
		int hr;
		ssize_t n;

		seq = (uint32_t)nkeys - 1;
		n = make_query(qbuf[0], seq);
		if (send(fd, qbuf[0], (size_t)n, 0) < 0 ||
		    poll(&p, 1, 300) != 1 ||
		    (n = recv(fd, rbuf[0], REPLY_LEN, 0)) <= 0 ||
		    parse_reply(rbuf[0], (size_t)n, &s, &hr) < 0)
			return 1;
		return hr ? 0 : 1;
	}

	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	sent_at = calloc(RING, sizeof(*sent_at));
	lat = calloc(LAT_MAX, sizeof(*lat));
	if (sent_at == NULL || lat == NULL) {
		fprintf(stderr, "udpload: out of memory\n");
		return 2;
	}
	for (i = 0; i < BATCH; i++) {
		siov[i].iov_base = qbuf[i];
		smsg[i].msg_hdr.msg_iov = &siov[i];
		smsg[i].msg_hdr.msg_iovlen = 1;
		riov[i].iov_base = rbuf[i];
		riov[i].iov_len = REPLY_LEN;
		rmsg[i].msg_hdr.msg_iov = &riov[i];
		rmsg[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = last_rx = now_ns();
	t_meas = t0 + (uint64_t)(warm * 1e9);
	t_end = t_meas + (uint64_t)(secs * 1e9);
	if (rate > 0) {
		gap = (uint64_t)(1e9 / rate);
		next = t0;
	}
	for (;;) {
		uint64_t now = now_ns();
		int want = 0, got, n;

		if (now >= t_end) {
			/* Drain stragglers, then stop. */
			if (now >= t_end + (uint64_t)LOSS_MS * 1000000u ||
			    (rate == 0 && outstanding == 0) ||
			    (rate > 0 && m_recvd >= m_sent))
				break;
		} else if (rate > 0) {
			/* Everything due by now leaves, late or not. */
			while (next <= now && want < BATCH) {
				if (now - next > late_max)
					late_max = now - next;
				next += gap;
				want++;
			}
		} else {
			if (now - last_rx > (uint64_t)LOSS_MS * 1000000u &&
			    outstanding > 0) {
				/* Late answers to these must not count. */
				lost += (uint64_t)outstanding;
				outstanding = 0;
				memset(sent_at, 0, RING * sizeof(*sent_at));
			}
			want = inflight - outstanding;
			if (want > BATCH)
				want = BATCH;
		}
		if (want > 0) {
			for (i = 0; i < want; i++) {
				siov[i].iov_len = (size_t)make_query(qbuf[i],
				    seq + (uint32_t)i);
				sent_at[(seq + (uint32_t)i) % RING] = now;
			}
			n = sendmmsg(fd, smsg, (unsigned)want, 0);
			if (n < 0) {
				if (errno != ECONNREFUSED && errno != EAGAIN &&
				    errno != ENOBUFS) {
					perror("udpload: sendmmsg");
					return 2;
				}
				n = 0;
			}
			for (i = n; i < want; i++)
				sent_at[(seq + (uint32_t)i) % RING] = 0;
			seq += (uint32_t)n;
			sent += (uint64_t)n;
			outstanding += n;
			if (now >= t_meas)
				m_sent += (uint64_t)n;
		}
		got = recvmmsg(fd, rmsg, BATCH, MSG_DONTWAIT, NULL);
		if (got <= 0) {
			struct pollfd p = { fd, POLLIN, 0 };
			struct timespec ts = { 0, 0 };

			if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != ECONNREFUSED) {
				perror("udpload: recvmmsg");
				return 2;
			}
			if (rate > 0 && now < t_end) {
				uint64_t w = next > now ? next - now : 0;

				ts.tv_nsec = (long)w;
			} else if (rate == 0 && outstanding < inflight &&
			    now < t_end)
				continue;
			else
				ts.tv_nsec = 10000000;	/* 10 ms */
			if (ts.tv_nsec > 0)
				ppoll(&p, 1, &ts, NULL);
			continue;
		}
		now = now_ns();
		last_rx = now;
		for (i = 0; i < got; i++) {
			uint32_t s;
			uint64_t st;
			int hr;

			if (parse_reply(rbuf[i], rmsg[i].msg_len, &s, &hr) < 0)
				continue;
			st = sent_at[s % RING];
			if (st == 0)
				continue;	/* declared lost, or a duplicate */
			sent_at[s % RING] = 0;
			outstanding--;
			recvd++;
			if (hr)
				known++;
			else
				unknown++;
			if (st >= t_meas && st < t_end) {
				m_recvd++;
				if (nlat < LAT_MAX)
					lat[nlat++] = (uint32_t)(now - st >
					    UINT32_MAX ? UINT32_MAX : now - st);
			}
		}
	}
	if (outstanding > 0)
		lost += (uint64_t)outstanding;
	lat_sort(lat, nlat);
	printf("mode=%s inflight=%d offered=%.0f sent=%llu answered=%llu "
	    "lost=%llu known=%llu unknown=%llu rate=%.0f p50_us=%.1f "
	    "p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f "
	    "late_max_us=%.1f\n", rate > 0 ? "open" : "closed",
	    rate > 0 ? 0 : inflight, rate, (unsigned long long)sent,
	    (unsigned long long)recvd, (unsigned long long)lost,
	    (unsigned long long)known, (unsigned long long)unknown,
	    (double)m_recvd / secs, lat_pct(lat, nlat, 0.5), lat_pct(lat, nlat, 0.9), lat_pct(lat, nlat, 0.99),
	    lat_pct(lat, nlat, 0.999), nlat ? lat[nlat - 1] / 1000.0 : 0,
	    late_max / 1000.0);
	return 0;
}
