/*
 * synblast: replays the frames of a classic pcap file into a network
 * interface at a fixed packet rate, for bench/live at rates tcpreplay does
 * not reach on a small machine (tcpreplay sends one frame per system call).
 * Frames go through a PACKET_TX_RING (TPACKET_V2) with PACKET_QDISC_BYPASS:
 * one send() hands the kernel a burst of up to BURST frames. The schedule
 * is absolute (burst k leaves at start + k * BURST / RATE), so a late burst
 * is caught up by the next ones, and the rate reached is printed.
 *
 *   synblast -i IFACE -r RATE -t SECONDS FILE.pcap
 *
 * Prints "sent=N seconds=S pps=R". Exit 0, or 1 with a message.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mman.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loadkit.h"

#define FRAME_SIZE	2048		/* ring slot: header + frame */
#define FRAMES		4096		/* ring slots */
#define BLOCK_SIZE	(64 * 1024)
#define BURST		64		/* frames per send() */
#define SNAP_MAX	(FRAME_SIZE - 64)

struct frames {
	uint8_t *data;			/* frames back to back */
	uint32_t *off, *len;
	size_t n;
};

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "synblast: ");
	fprintf(stderr, fmt, arg);
	if (errno)
		fprintf(stderr, ": %s", strerror(errno));
	fputc('\n', stderr);
	exit(1);
}

static uint32_t
rd32(const uint8_t *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

/* Every frame of a classic pcap file (either byte order, us or ns). */
static void
load(const char *path, struct frames *f)
{
	FILE *fp = fopen(path, "rb");
	uint8_t gh[24], rh[16];
	size_t cap = 1 << 16, used = 0, ncap = 1 << 12;
	uint32_t magic, caplen;
	int swap;

	errno = 0;
	if (fp == NULL || fread(gh, 1, 24, fp) != 24)
		die("cannot read %s", path);
	memcpy(&magic, gh, 4);
	if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du)
		swap = 0;
	else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u)
		swap = 1;
	else
		die("%s: not a classic pcap file", path);
	f->data = malloc(cap);
	f->off = malloc(ncap * sizeof(*f->off));
	f->len = malloc(ncap * sizeof(*f->len));
	f->n = 0;
	while (fread(rh, 1, 16, fp) == 16) {
		caplen = rd32(rh + 8, swap);
		if (caplen == 0 || caplen > SNAP_MAX)
			die("%s: a frame is empty or too long for the ring",
			    path);
		if (used + caplen > cap) {
			cap = 2 * (used + caplen);
			if ((f->data = realloc(f->data, cap)) == NULL)
				die("out of memory%s", "");
		}
		if (f->n == ncap) {
			ncap *= 2;
			f->off = realloc(f->off, ncap * sizeof(*f->off));
			f->len = realloc(f->len, ncap * sizeof(*f->len));
			if (f->off == NULL || f->len == NULL)
				die("out of memory%s", "");
		}
		if (fread(f->data + used, 1, caplen, fp) != caplen)
			die("%s: truncated", path);
		f->off[f->n] = (uint32_t)used;
		f->len[f->n++] = caplen;
		used += caplen;
	}
	fclose(fp);
	if (f->n == 0)
		die("%s: no frames", path);
}

/* Sleeps until now_ns() reaches t. */
static void
sleep_until(uint64_t t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(t / 1000000000u);
	ts.tv_nsec = (long)(t % 1000000000u);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
}

int
main(int argc, char **argv)
{
	const char *ifname = NULL;
	double rate = 0, secs = 0, t;
	uint64_t start;
	struct tpacket_req req;
	struct sockaddr_ll ll;
	struct frames f;
	uint8_t *ring;
	size_t total, sent = 0, next = 0, slot = 0, k, i;
	int fd, v, c;

	while ((c = getopt(argc, argv, "i:r:t:")) != -1) {
		switch (c) {
		case 'i': ifname = optarg; break;
		case 'r': rate = atof(optarg); break;
		case 't': secs = atof(optarg); break;
		default: ifname = NULL; optind = argc + 1; break;
		}
	}
	if (ifname == NULL || rate <= 0 || secs <= 0 || optind != argc - 1) {
		fprintf(stderr, "usage: synblast -i IFACE -r RATE -t SECONDS "
		    "FILE.pcap\n");
		return 2;
	}
	load(argv[optind], &f);
	total = (size_t)(rate * secs);

	errno = 0;
	if ((fd = socket(AF_PACKET, SOCK_RAW, 0)) < 0)
		die("socket(AF_PACKET)%s", "");
	v = TPACKET_V2;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0)
		die("PACKET_VERSION%s", "");
	v = 1;
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &v, sizeof(v)) < 0)
		die("PACKET_QDISC_BYPASS%s", "");
	memset(&req, 0, sizeof(req));
	req.tp_block_size = BLOCK_SIZE;
	req.tp_frame_size = FRAME_SIZE;
	req.tp_block_nr = FRAMES / (BLOCK_SIZE / FRAME_SIZE);
	req.tp_frame_nr = FRAMES;
	if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) < 0)
		die("PACKET_TX_RING%s", "");
	ring = mmap(NULL, (size_t)BLOCK_SIZE * req.tp_block_nr,
	    PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ring == MAP_FAILED)
		die("mmap%s", "");
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_ALL);
	if ((ll.sll_ifindex = (int)if_nametoindex(ifname)) == 0)
		die("no interface %s", ifname);
	if (bind(fd, (struct sockaddr *)&ll, sizeof(ll)) < 0)
		die("bind %s", ifname);

	start = now_ns();
	for (k = 0; sent < total; k++) {
		size_t burst = total - sent < BURST ? total - sent : BURST;

		sleep_until(start + (uint64_t)((double)(k * BURST) * 1e9 /
		    rate));
		for (i = 0; i < burst; i++) {
			uint8_t *fr = ring + slot * FRAME_SIZE;
			struct tpacket2_hdr *h = (struct tpacket2_hdr *)fr;

			/* A blocking send() returns once the kernel took
			 * every frame, so the slot is free again. */
			if (h->tp_status != TP_STATUS_AVAILABLE) {
				errno = 0;
				die("ring slot still in use%s", "");
			}
			memcpy(fr + TPACKET2_HDRLEN - sizeof(struct sockaddr_ll),
			    f.data + f.off[next], f.len[next]);
			h->tp_len = f.len[next];
			h->tp_status = TP_STATUS_SEND_REQUEST;
			next = (next + 1) % f.n;
			slot = (slot + 1) % FRAMES;
		}
		if (send(fd, NULL, 0, 0) < 0)
			die("send%s", "");
		sent += burst;
	}
	t = (double)(now_ns() - start) / 1e9;
	printf("sent=%zu seconds=%.3f pps=%.0f\n", sent, t, (double)sent / t);
	return 0;
}
