/*
 * The wire formats of the lookup services, as pure functions over byte
 * buffers: amavisd-new's p0f-analyzer UDP text protocol, the p0f v3 and
 * v2 query APIs, and Postfix policy delegation. Nothing here does I/O or
 * allocates; every input is hostile and checked against its length.
 */
#ifndef SYNPRINT_PROTO_H
#define SYNPRINT_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "p0fwire.h"
#include "results.h"

/*
 * An address in text: dotted IPv4, or IPv6 (optionally with an "IPv6:"
 * prefix and an embedded dotted quad). An IPv4-mapped address written
 * with a dotted quad (::ffff:1.2.3.4) becomes the IPv4 address; written
 * in hex it stays IPv6, as p0f-analyzer does. 0, or -1 if not an address.
 */
int proto_addr_parse(const char *s, size_t len, int *ip_ver,
    uint8_t addr[16]);

/* ---- amavisd-new p0f-analyzer 1.502 (UDP text) ---- */

enum udp_form {
	UDP_Q_PORT,		/* "[IP]:PORT NONCE": the connection */
	UDP_Q_HOST,		/* "[IP] NONCE": the host (extension) */
	UDP_Q_BARE,		/* "IP NONCE": the host (extension, 1.3xx) */
};

struct udp_query {
	enum udp_form form;
	size_t qlen;		/* bytes of QUERY, echoed in the reply */
	size_t nonce_off;	/* NONCE, echoed */
	size_t nonce_len;
	int ip_ver;
	uint8_t addr[16];
	uint16_t port;		/* UDP_Q_PORT only; may be 0 */
};

/*
 * Parses a datagram (already cut to UDP_QUERY_MAX bytes). 0, or -1 when
 * p0f-analyzer would stay silent.
 */
int proto_udp_parse(const uint8_t *d, size_t len, struct udp_query *q);

/*
 * The reply "QUERY NONCE RESULT\r\n" into out. Returns its length, or 0
 * if it does not fit cap.
 */
size_t proto_udp_reply(const uint8_t *d, const struct udp_query *q,
    const char *result, size_t rlen, uint8_t *out, size_t cap);

/* 1 if a UDP source port may ask (>= 1024, not NFS's 2049). */
int proto_udp_port_ok(uint16_t port);

/* ---- p0f v3 API (unix stream, packed, native endian) ---- */

/* Parses a 21-byte query: 0, or -1 for a bad magic or address type. */
int proto_p0f3_parse(const uint8_t q[P0F3_QUERY_LEN], int *ip_ver,
    uint8_t addr[16]);

/* A 232-byte reply; h is used only for P0F3_OK. */
void proto_p0f3_reply(uint8_t out[P0F3_REPLY_LEN], uint32_t status,
    const struct host_view *h);

/* ---- p0f 2.0.8 query API (unix stream, natural alignment) ---- */

struct p0f2_query {
	uint32_t id;
	uint8_t type;
	uint8_t src[4], dst[4];	/* network order */
	uint16_t sport, dport;
};

/* Parses a 24-byte query: 0, or -1 for a bad magic or query type (the
 * id is still filled in for the error reply). */
int proto_p0f2_parse(const uint8_t q[P0F2_QUERY_LEN], struct p0f2_query *pq);

/* A 144-byte reply; c and h (either may be NULL) fill an OK reply. */
void proto_p0f2_reply(uint8_t out[P0F2_REPLY_LEN], uint32_t id, int type,
    const struct conn_view *c, const struct host_view *h);

/* ---- Postfix SMTPD policy delegation ---- */

/* Attributes kept; a value too long for its field is kept empty. */
struct policy_req {
	char state[24];		/* protocol_state */
	char request[32];	/* request */
	char addr[64];		/* client_address */
	char port[8];		/* client_port */
	unsigned nattr;		/* attribute lines so far */
};

enum { POLICY_MORE = 0, POLICY_DONE = 1, POLICY_BAD = -1 };

void proto_policy_reset(struct policy_req *);

/*
 * One line without its "\n": POLICY_MORE, POLICY_DONE on the empty line
 * that ends a request, or POLICY_BAD (no "=", an empty name, a NUL, too
 * many attributes, or an empty request).
 */
int proto_policy_line(struct policy_req *, const char *line, size_t len);

/*
 * The reply for a request: "action=PREPEND HEADER: OS\n\n" when os is
 * known and the state is DATA, else "action=DUNNO\n\n". Bytes of os
 * outside printable ASCII become '?'. Returns the length, or 0 if it does
 * not fit.
 */
size_t proto_policy_reply(const struct policy_req *, const char *header,
    const char *os, size_t os_len, char *out, size_t cap);

#endif
