/*
 * The lookup protocols as synprint-query speaks them: requests built into
 * the caller's buffers and replies parsed from hostile bytes (through the
 * cursor of bytes.h), plus the escaping every reply string gets before it
 * is printed. No I/O but the FILE the escaping writes to, no allocation.
 *
 * Wire formats: docs/synprint-query.1 and the references it names
 * (amavisd's p0f-analyzer, p0f 3.09b's api.h, p0f 2.0.8's p0f-query.h,
 * Postfix's SMTPD_POLICY_README).
 */
#ifndef SYNPRINT_QWIRE_H
#define SYNPRINT_QWIRE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "p0fwire.h"

/* Results of the reply checks. */
#define QWIRE_OK	0
#define QWIRE_STRAY	(-1)	/* not the answer to this query */
#define QWIRE_BAD	(-2)	/* the answer, malformed */
#define QWIRE_SHORT	(-3)	/* fewer bytes than the format has */
#define QWIRE_MAGIC	(-4)	/* wrong magic number */

/* Policy actions, by what synprint-query makes of them. */
#define QWIRE_ACT_PREPEND	0
#define QWIRE_ACT_DUNNO		1
#define QWIRE_ACT_OTHER		2

/* One p0f v3 answer; string fields are raw (see qwire_field_len). */
struct qwire_p0f3 {
	uint32_t magic, status;
	uint32_t first_seen, last_seen;		/* unix time */
	uint32_t total_conn;
	uint32_t uptime_min, up_mod_days;
	uint32_t last_nat, last_chg;		/* unix time, 0 never */
	int16_t	 distance;			/* -1 or 255: unknown */
	uint8_t	 bad_sw, os_match_q;
	uint8_t	 os_name[P0F3_STR_LEN];
	uint8_t	 os_flavor[P0F3_STR_LEN];
	uint8_t	 http_name[P0F3_STR_LEN];
	uint8_t	 http_flavor[P0F3_STR_LEN];
	uint8_t	 link_type[P0F3_STR_LEN];
	uint8_t	 language[P0F3_STR_LEN];
};

/* One p0f v2 answer. */
struct qwire_p0f2 {
	uint32_t magic, id;
	uint8_t	 type;				/* P0F2_RESP_* */
	uint8_t	 genre[P0F2_GENRE_LEN];
	uint8_t	 detail[P0F2_DETAIL_LEN];
	int8_t	 dist;				/* -1 unknown */
	uint8_t	 link[P0F2_LINK_LEN];
	uint8_t	 tos[P0F2_TOS_LEN];
	uint8_t	 fw, nat, real;
	int16_t	 score;
	uint16_t mflags;
	int32_t	 uptime;			/* hours, -1 unknown */
};

/* Length of a fixed-size string field up to its first NUL, if any. */
size_t	qwire_field_len(const uint8_t *f, size_t n);

/*
 * Writes s to f with every byte outside 0x20-0x7e, and the backslash, as
 * \xNN; json != 0 writes the same text as a JSON string (quotes
 * included, '"' and that backslash escaped).
 */
void	qwire_escape(FILE *f, const uint8_t *s, size_t n, int json);

/*
 * amavisd's p0f-analyzer protocol. qwire_udp_query() writes
 * "[ADDR]:PORT NONCE" (or "[ADDR] NONCE" when port < 0) into buf and
 * returns its length, or -1 when it does not fit in cap bytes.
 * qwire_udp_reply() checks a datagram against the query sent (msg, len
 * bytes): QWIRE_OK with *res and *rlen set to RESULT when it is
 * "msg RESULT\r\n", QWIRE_STRAY when it does not start with msg and a
 * space, QWIRE_BAD when it does but does not end in CRLF.
 */
int	qwire_udp_query(char *buf, size_t cap, const char *addr, int port,
	    const char *nonce);
int	qwire_udp_reply(const uint8_t *d, size_t n, const char *msg,
	    size_t len, const uint8_t **res, size_t *rlen);

/* p0f v3: the 21-byte query for an IPv4 (4) or IPv6 (6) address, and the
 * answer: QWIRE_OK, QWIRE_SHORT or QWIRE_MAGIC. */
void	qwire_p0f3_query(uint8_t q[P0F3_QUERY_LEN], int v6,
	    const uint8_t addr[16]);
int	qwire_p0f3_parse(const uint8_t *buf, size_t len,
	    struct qwire_p0f3 *r);

/* p0f v2: the 24-byte query (addresses in network order, ports host
 * order) and the answer: QWIRE_OK, QWIRE_SHORT or QWIRE_MAGIC. */
void	qwire_p0f2_query(uint8_t q[P0F2_QUERY_LEN], uint32_t id,
	    const uint8_t src[4], const uint8_t dst[4], uint16_t sport,
	    uint16_t dport);
int	qwire_p0f2_parse(const uint8_t *buf, size_t len,
	    struct qwire_p0f2 *r);

/*
 * Postfix policy delegation. qwire_policy_request() writes one DATA-state
 * request for client (port < 0: empty) and, when server is not NULL, the
 * server's address and port, with every other attribute Postfix 3.7 sends
 * present and empty, and the empty line; returns its length or -1 when
 * it does not fit in cap bytes. qwire_policy_complete() says whether a
 * reply has its empty line. qwire_policy_action() finds the value of the
 * one "action=" line before it: QWIRE_OK, QWIRE_SHORT (no empty line) or
 * QWIRE_BAD (no action, or two). qwire_policy_kind() classifies it.
 */
int	qwire_policy_request(char *buf, size_t cap, const char *client,
	    int port, const char *server, int sport);
int	qwire_policy_complete(const uint8_t *buf, size_t n);
int	qwire_policy_action(const uint8_t *buf, size_t n,
	    const uint8_t **act, size_t *alen);
int	qwire_policy_kind(const uint8_t *act, size_t alen);

/*
 * One control-socket stats line (without its '\n'): "NAME VALUE" with NAME
 * 1-QUERY_STAT_NAME_MAX bytes of [A-Za-z0-9_.:-]. Returns the length of
 * NAME (VALUE starts one byte later), or -1.
 */
int	qwire_stats_line(const uint8_t *p, size_t n);

/* 1 when s is a JSON number, else 0. */
int	qwire_json_number(const uint8_t *s, size_t n);

#endif
