/*
 * Matching a decoded SYN or SYN+ACK against a signature database with
 * p0f 3.09b's semantics, and rendering the packet's raw signature.
 */
#ifndef SYNPRINT_MATCH_H
#define SYNPRINT_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "packet.h"
#include "sigdb.h"

#define MATCH_F_COMPAT	0x1	/* p0f 3.09b exactly (see FINGERPRINTS.md) */

/* The outcome of matching one packet. */
struct match {
	const struct tcp_sig *sig;	/* NULL: no match ("???") */
	uint8_t fuzzy;			/* matched with relaxations */
	uint8_t generic;		/* the label is generic */
	uint8_t dist;			/* hops from the initial TTL */
	uint8_t wtype;			/* window seen as WIN_LIT/MSS/MTU */
	uint16_t wmul;			/* N of mss*N / mtu*N */
};

/*
 * Match p (a SYN if response == 0, a SYN+ACK if 1). peer_mss is the MSS of
 * the client's SYN for a SYN+ACK (0 if unknown). Always fills *m.
 */
void match_tcp(const struct sigdb *db, const struct pkt_tcp *p, int response,
    uint16_t peer_mss, unsigned flags, struct match *m);

/*
 * How a window reads (p0f's precedence): *type becomes WIN_MSS or WIN_MTU
 * with *mul = N, or WIN_LIT. ts: a timestamp value is present; hdr_len:
 * IP + TCP header bytes; peer_mss: the SYN's MSS when judging a SYN+ACK.
 */
void match_win_multi(uint16_t win, int32_t mss, int ts, int ip_ver,
    unsigned hdr_len, int response, uint16_t peer_mss, uint8_t *type,
    uint16_t *mul);

/* Distance when no signature says the initial TTL (32/64/128/255). */
uint8_t match_guess_dist(uint8_t ttl);

/* "ver:ttl+dist:olen:mss:win,scale:layout:quirks:pclass" into buf; its
 * length. */
size_t match_raw_sig(const struct pkt_tcp *p, const struct match *m, char *buf,
    size_t len);
/* The same for a packet of a p0f-sendsyn probe (an echoed MSS reads "*"). */
size_t match_raw_sig_sendsyn(const struct pkt_tcp *p, const struct match *m,
    char *buf, size_t len);

/* The params field: "generic fuzzy random_ttl excess_dist tos:0xNN", or
 * "none"; its length. */
size_t match_params(const struct pkt_tcp *p, const struct match *m, char *buf,
    size_t len);

#endif
