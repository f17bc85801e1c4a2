/*
 * synseq: writes a pcap of N TCP SYNs to 192.0.2.25 port 25, each from a
 * distinct IPv4 source (10.0.0.1 + i, so up to 16,777,214), with a Linux
 * 3.11+ option layout (mss,sok,ts,nop,ws) and valid checksums. Packet i is
 * stamped 10 us after packet i-1. Used by bench/daemon-rss for "N distinct
 * hosts" (tests/tools/synpcap.py mix draws sources from a /15, so it cannot
 * give a million distinct ones).
 *
 *   synseq N OUT.pcap
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ETH_LEN		14
#define IP_LEN		20
#define TCP_LEN		40		/* 20 + 20 bytes of options */
#define FRAME_LEN	(ETH_LEN + IP_LEN + TCP_LEN)
#define T0_SEC		1704067200u	/* 2024-01-01 00:00:00 UTC */
#define GAP_US		10u
#define SRC_BASE	0x0a000001u	/* 10.0.0.1 */
#define DST_ADDR	0xc0000219u	/* 192.0.2.25 */

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void
le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Ones' complement sum of len bytes (even), folded. */
static uint32_t
csum(const uint8_t *p, size_t len, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

int
main(int argc, char **argv)
{
	static const uint8_t opts[20] = {
		2, 4, 0x05, 0xb4,		/* mss 1460 */
		4, 2,				/* sok */
		8, 10, 0, 0, 0, 0, 0, 0, 0, 0,	/* ts (filled in) */
		1,				/* nop */
		3, 3, 7				/* ws 7 */
	};
	uint8_t hdr[24], rec[16], f[FRAME_LEN], *ip = f + ETH_LEN,
	    *tcp = f + ETH_LEN + IP_LEN, pseudo[12];
	unsigned long n, i;
	uint64_t us = 0;
	FILE *out;

	if (argc != 3 || (n = strtoul(argv[1], NULL, 10)) == 0 ||
	    n > 16777214ul) {
		fprintf(stderr, "usage: synseq N OUT.pcap  (N <= 16777214)\n");
		return 2;
	}
	if ((out = fopen(argv[2], "wb")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	le32(hdr, 0xa1b2c3d4);
	hdr[4] = 2, hdr[5] = 0, hdr[6] = 4, hdr[7] = 0;	/* version 2.4 */
	memset(hdr + 8, 0, 8);
	le32(hdr + 16, 65535);
	le32(hdr + 20, 1);				/* Ethernet */
	fwrite(hdr, 1, sizeof(hdr), out);

	memset(f, 0, sizeof(f));
	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, IP_LEN + TCP_LEN);
	put16(ip + 6, 0x4000);				/* DF */
	ip[8] = 61;					/* 3 hops from 64 */
	ip[9] = 6;
	put32(ip + 16, DST_ADDR);
	put16(tcp + 2, 25);
	tcp[12] = (TCP_LEN / 4) << 4;
	tcp[13] = 0x02;					/* SYN */
	put16(tcp + 14, 64240);
	memcpy(tcp + 20, opts, sizeof(opts));
	put32(pseudo + 4, DST_ADDR);
	pseudo[8] = 0, pseudo[9] = 6;
	put16(pseudo + 10, TCP_LEN);
	for (i = 0; i < n; i++) {
		uint32_t src = SRC_BASE + (uint32_t)i;

		put16(ip + 4, 1 + (uint32_t)(i * 7919u % 65535u));	/* id */
		put32(ip + 12, src);
		put16(ip + 10, 0);
		put16(ip + 10, ~csum(ip, IP_LEN, 0) & 0xffff);
		put16(tcp, 1024 + (uint32_t)(i % 64000));
		put32(tcp + 4, (uint32_t)((i + 1) * 2654435761u));	/* seq */
		put32(tcp + 28, 100000u + (uint32_t)i);		/* tsval */
		put16(tcp + 16, 0);
		put32(pseudo, src);
		put16(tcp + 16, ~csum(tcp, TCP_LEN, csum(pseudo,
		    sizeof(pseudo), 0)) & 0xffff);
		le32(rec, T0_SEC + (uint32_t)(us / 1000000));
		le32(rec + 4, (uint32_t)(us % 1000000));
		le32(rec + 8, FRAME_LEN);
		le32(rec + 12, FRAME_LEN);
		fwrite(rec, 1, sizeof(rec), out);
		fwrite(f, 1, sizeof(f), out);
		us += GAP_US;
	}
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
