/*
 * Link, IPv4/IPv6 and TCP decoding of one captured frame into a plain value
 * (struct pkt_tcp) with p0f's quirk bits. No allocation, no global state.
 */
#ifndef SYNPRINT_PACKET_H
#define SYNPRINT_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* Quirk bits (values as in p0f 3.09b, so raw dumps line up). */
#define Q_ECN		0x00000001u
#define Q_DF		0x00000002u
#define Q_NZ_ID		0x00000004u /* id+ */
#define Q_ZERO_ID	0x00000008u /* id- */
#define Q_NZ_MBZ	0x00000010u /* 0+ */
#define Q_FLOW		0x00000020u
#define Q_ZERO_SEQ	0x00001000u /* seq- */
#define Q_NZ_ACK	0x00002000u /* ack+ */
#define Q_ZERO_ACK	0x00004000u /* ack- */
#define Q_NZ_URG	0x00008000u /* uptr+ */
#define Q_URG		0x00010000u /* urgf+ */
#define Q_PUSH		0x00020000u /* pushf+ */
#define Q_OPT_ZERO_TS1	0x01000000u /* ts1- */
#define Q_OPT_NZ_TS2	0x02000000u /* ts2+ */
#define Q_OPT_EOL_NZ	0x04000000u /* opt+ */
#define Q_OPT_EXWS	0x08000000u /* exws */
#define Q_OPT_BAD	0x10000000u /* bad */

/* TCP flag bits. */
#define TH_FIN	0x01
#define TH_SYN	0x02
#define TH_RST	0x04
#define TH_PUSH	0x08
#define TH_ACK	0x10
#define TH_URG	0x20
#define TH_ECE	0x40
#define TH_CWR	0x80

/* TCP option kinds named in signatures. */
#define OPT_EOL		0
#define OPT_NOP		1
#define OPT_MSS		2
#define OPT_WS		3
#define OPT_SACKOK	4
#define OPT_SACK	5
#define OPT_TS		8

/* The p0f.fp spelling of each quirk, in p0f's raw_sig order. */
struct pkt_quirk_name {
	uint32_t bit;
	const char *name;
};
extern const struct pkt_quirk_name pkt_quirk_names[];
extern const size_t pkt_quirk_count;

/* The p0f.fp name of option kind k ("eol", "nop", "mss", "ws", "sok",
 * "sack", "ts"), or NULL for one signatures spell "?N". */
const char *pkt_opt_name(unsigned k);

/* Decoding flags. */
#define PKT_F_COMPAT	0x1	/* reproduce p0f 3.09b's decoding exactly */

/* A decoded TCP segment header. */
struct pkt_tcp {
	uint8_t ip_ver;			/* 4 or 6 */
	uint8_t ttl;			/* TTL / hop limit */
	uint8_t tos;			/* IPv4 TOS / IPv6 traffic class byte */
	uint8_t olen;			/* IPv4 option bytes */
	uint8_t src[16];		/* IPv4 in the first 4 bytes */
	uint8_t dst[16];
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;			/* TH_* */
	uint16_t win;
	uint16_t urg;			/* urgent pointer */
	uint16_t mss;			/* 0: no MSS option */
	uint8_t wscale;			/* 0: no WS option */
	uint8_t opt_cnt;		/* kinds in opt[] */
	uint8_t opt[MAX_TCP_OPT];	/* option kinds in wire order */
	uint8_t eol_pad;		/* bytes after an EOL */
	uint8_t has_ts;			/* a timestamp option was seen */
	uint32_t ts1;			/* TSval */
	uint32_t ts2;			/* TSecr */
	uint32_t quirks;		/* Q_* */
	uint16_t hdr_len;		/* IP (+options, +ext hdrs) + TCP header */
	uint16_t pay_len;		/* TCP payload bytes */
	uint8_t vlans;			/* VLAN tags walked */
	uint16_t vlan_id;		/* outermost VLAN id, 0 if none */
};

/* Why a frame was not decoded (negative, counted by the caller). */
enum pkt_err {
	PKT_ELINK = -1,		/* link header truncated or not IP */
	PKT_ESHORT = -2,	/* IP/TCP header truncated */
	PKT_EIPHDR = -3,	/* malformed IP header */
	PKT_ENOTTCP = -4,	/* not TCP (or hidden behind other headers) */
	PKT_EFRAG = -5,		/* an IP fragment */
	PKT_ETCPHDR = -6,	/* malformed TCP header */
	PKT_EFLAGS = -7,	/* impossible flag combination */
	PKT_EEXTHDR = -8,	/* IPv6 extension header (compat mode) */
	PKT_EDLT = -9,		/* link type not supported */
};
#define PKT_NERR 10

/*
 * Decode a frame of link type dlt (libpcap DLT_* value). caplen bytes are
 * readable at frame. Returns 0 with *out filled, or a negative pkt_err.
 */
int pkt_decode(int dlt, const uint8_t *frame, size_t caplen, unsigned flags,
    struct pkt_tcp *out) __attribute__((warn_unused_result));

/* 1 if libpcap link type dlt is one pkt_decode understands. */
int pkt_dlt_supported(int dlt);

/* Short text for a pkt_err value. */
const char *pkt_strerror(int err);

/* SYN only (no ACK/FIN/RST): 1; SYN+ACK: 2; anything else: 0. */
static inline int
pkt_syn_kind(const struct pkt_tcp *p)
{
	uint8_t f = p->flags & (TH_SYN | TH_ACK | TH_FIN | TH_RST);

	return f == TH_SYN ? 1 : f == (TH_SYN | TH_ACK) ? 2 : 0;
}

#endif
