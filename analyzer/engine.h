/*
 * The fingerprinting engine: takes decoded SYNs and SYN+ACKs with their
 * capture time, matches them, keeps bounded per-host and per-connection
 * state (uptime, link, distance, NAT / host-change scores) and reports
 * observations as records through a callback. Time is always packet time,
 * so replays are deterministic; memory is fixed by engine_new(). Host
 * state keeps times in 32 bits, as p0f does: seconds past UINT32_MAX (the
 * year 2106) count as UINT32_MAX.
 */
#ifndef SYNPRINT_ENGINE_H
#define SYNPRINT_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "match.h"
#include "packet.h"
#include "sigdb.h"

/* NAT / host-change reasons (bit order is the print order). */
#define NAT_APP_SIG	0x0001	/* app_vs_os */
#define NAT_OS_SIG	0x0002	/* os_diff */
#define NAT_UNK_DIFF	0x0004	/* sig_diff */
#define NAT_TO_UNK	0x0008	/* x_known */
#define NAT_TS		0x0010	/* tstamp */
#define NAT_TTL		0x0020	/* ttl */
#define NAT_PORT	0x0040	/* port */
#define NAT_MSS		0x0080	/* mtu */
#define NAT_FUZZY	0x0100	/* fuzzy */

/* Kinds of observation, named as p0f's "mod=" values. */
enum rec_mod { REC_SYN, REC_SYNACK, REC_MTU, REC_UPTIME, REC_CHANGE,
	REC_SHARING };

/* One observation, valid only during the callback. */
struct record {
	enum rec_mod mod;
	uint64_t sec;		/* capture time */
	uint32_t usec;
	const struct pkt_tcp *pkt;
	int to_srv;		/* 1: pkt goes client -> server */
	int sendsyn;		/* part of a p0f-sendsyn probe */
	const struct match *m;	/* REC_SYN, REC_SYNACK */
	unsigned mtu;		/* REC_MTU */
	const char *link;	/* REC_MTU, NULL if unknown */
	uint32_t up_min;	/* REC_UPTIME */
	uint32_t up_mod_days;
	double freq;		/* Hz */
	uint32_t reasons;	/* REC_CHANGE, REC_SHARING */
	uint8_t hits[4];
};

typedef void (*engine_emit_fn)(const struct record *, void *arg);

#define ENGINE_F_COMPAT	0x1	/* p0f 3.09b matching semantics */

struct engine_conf {
	size_t host_cap;	/* hosts kept */
	size_t conn_cap;	/* connections kept */
	uint32_t host_idle_s;	/* host idle expiry */
	uint32_t conn_age_s;	/* connection lifetime */
	unsigned flags;		/* ENGINE_F_* */
	uint8_t seed[16];	/* hash key */
};

struct engine_stats {
	uint64_t syn, syn_retrans, synack, synack_no_conn;
	uint64_t matched, fuzzy, generic, unknown, apps;
	uint64_t host_evicted, host_expired, conn_evicted;
	size_t hosts, host_cap, conns, conn_cap, bytes;
};

/* Fills conf with the defaults of config.h and a random seed. */
void engine_conf_defaults(struct engine_conf *);

/* NULL on allocation failure. db must outlive its use (engine_set_db). */
struct engine *engine_new(const struct engine_conf *, const struct sigdb *db);
void engine_free(struct engine *);

/*
 * Switch to another database. Host state that points into the old one
 * (OS labels) is cleared, so the old database may be freed afterwards.
 */
void engine_set_db(struct engine *, const struct sigdb *db);

/*
 * The clock: call once per captured frame (decoded or not) with its time.
 * Every EXPIRE_EVERY_PKTS frames, at most once per second of capture time,
 * old connections and idle hosts are expired (p0f's cadence).
 */
void engine_tick(struct engine *, uint64_t sec);

/* Process one decoded packet (anything but a SYN or SYN+ACK is ignored). */
void engine_packet(struct engine *, const struct pkt_tcp *p, uint64_t sec,
    uint32_t usec, engine_emit_fn emit, void *arg);

/*
 * Batching: engine_prefetch() hashes a packet's keys into *hint and starts
 * fetching the table slots; engine_packet_hint() later processes it with
 * those hashes. Each call also advances the fetches started by the calls
 * before it (the entries in those slots, then the entries they are linked
 * to), so prefetching about 8 packets ahead hides most memory latency.
 */
/* Every input of match_tcp(), compared whole by the engine's memo. */
struct engine_memo_key {
	uint32_t quirks;
	uint16_t win, mss, hdr_len, peer_mss;
	uint8_t ip_ver, ttl, olen, eol_pad, wscale, opt_cnt;
	uint8_t bits;		/* engine.c's MEMO_* */
	uint8_t pad;
	uint8_t opt[MAX_TCP_OPT]; /* zero past opt_cnt */
	uint8_t zero[4];	/* to a whole number of 8-byte words */
};

struct engine_hint {
	uint32_t conn;		/* hash of the connection key */
	uint32_t host;		/* hash of the sender's host key */
	uint64_t memo;		/* a SYN's match memo hash ... */
	struct engine_memo_key memo_key; /* ... and key */
};
void engine_prefetch(struct engine *, const struct pkt_tcp *p,
    struct engine_hint *hint);
void engine_packet_hint(struct engine *, const struct pkt_tcp *p,
    const struct engine_hint *hint, uint64_t sec, uint32_t usec,
    engine_emit_fn emit, void *arg);

/* What the lookup services need of a host, copied out. */
struct host_view {
	uint64_t first_seen;	/* seconds */
	uint64_t last_seen;	/* seconds */
	uint64_t last_nat;	/* 0 = never */
	uint64_t last_chg;	/* 0 = never */
	const struct sig_label *os; /* last OS match, or NULL */
	const char *link;	/* [mtu] label, or NULL */
	uint32_t total_conn;
	uint32_t uptime_min;	/* 0 = unknown */
	uint32_t up_mod_days;
	uint16_t last_port;	/* source port of its last SYN */
	uint8_t os_fuzzy;
	uint8_t os_generic;
	uint8_t distance;	/* 255 = unknown */
};

/*
 * Copies the state of host (ip_ver, addr) into *out: 0, or -1 when the
 * host is not in the table. Pointers stay valid until the next
 * engine_set_db().
 */
int engine_host_view(const struct engine *, int ip_ver,
    const uint8_t addr[16], struct host_view *out);

void engine_stats(const struct engine *, struct engine_stats *);

/* "os_diff sig_diff ..." for a reasons mask. */
void engine_reasons(uint32_t reasons, char *buf, size_t len);

#endif
