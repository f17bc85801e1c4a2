/*
 * Unit tests of proto.c: the amavisd p0f-analyzer 1.502 UDP query forms
 * and reply bytes (every accept/refuse below is what /usr/sbin/p0f-analyzer
 * itself did with the same datagram on loopback, except where a comment
 * says synprint differs on purpose), address text, the p0f v3 and v2 API
 * byte layouts, and the Postfix policy line parser and reply.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "proto.h"

#define T0 1704067200u	/* 2024-01-01 00:00:00 UTC */

/* ------------------------------------------------------------------ */
/* Helpers. */

/* addr[16] of an address text (IPv4 left-aligned, zero-padded). */
static void
addr_of(int ver, const char *text, uint8_t addr[16])
{
	memset(addr, 0, 16);
	assert_int_equal(inet_pton(ver == 4 ? AF_INET : AF_INET6, text,
	    addr), 1);
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t
get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static int
all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* proto_addr_parse. */

struct addr_case {
	const char *in;
	int ver;		/* 0: refused */
	const char *addr;
};

static void
test_addr_parse(void **state)
{
	static const struct addr_case cases[] = {
		{ "1.2.3.4", 4, "1.2.3.4" },
		{ "255.255.255.255", 4, "255.255.255.255" },
		{ "0.0.0.0", 4, "0.0.0.0" },
		{ "::1", 6, "::1" },
		{ "2001:db8::25", 6, "2001:db8::25" },
		{ "IPv6:2001:db8::25", 6, "2001:db8::25" },
		{ "ipv6:::1", 6, "::1" },
		{ "0:0:0:0:0:0:0:2", 6, "::2" },
		/* Mapped with dots is the IPv4 address; in hex it is not. */
		{ "::ffff:1.2.3.4", 4, "1.2.3.4" },
		{ "::FFFF:1.2.3.4", 4, "1.2.3.4" },
		{ "IPv6:::ffff:1.2.3.4", 4, "1.2.3.4" },
		{ "::ffff:102:304", 6, "::ffff:102:304" },
		{ "::1.2.3.4", 6, "::1.2.3.4" },
		{ "1.2.3", 0, NULL },
		{ "1.2.3.4.5", 0, NULL },
		{ "256.1.1.1", 0, NULL },
		{ "01.2.3.4", 0, NULL },
		{ "1.2.3.4444", 0, NULL },
		{ "", 0, NULL },
		{ " 1.2.3.4", 0, NULL },
		{ "1.2.3.4 ", 0, NULL },
		{ "1.2.3.4/24", 0, NULL },
		{ "[1.2.3.4]", 0, NULL },
		{ "localhost", 0, NULL },
		{ "IPv6:1.2.3.4", 0, NULL },
		{ "::1%lo", 0, NULL },
		{ "1::2::3", 0, NULL },
		{ "::ffff:01.2.3.4", 0, NULL },
		{ "0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:"
		    "0:0:1", 0, NULL },
	};
	uint8_t a[16], want[16];
	size_t i;
	int ver;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct addr_case *c = &cases[i];
		int r;

		memset(a, 0xaa, sizeof(a));
		ver = -1;
		r = proto_addr_parse(c->in, strlen(c->in), &ver, a);
		if (c->ver == 0) {
			if (r != -1)
				fail_msg("'%s' was accepted", c->in);
			continue;
		}
		if (r != 0)
			fail_msg("'%s' was refused", c->in);
		assert_int_equal(ver, c->ver);
		addr_of(c->ver, c->addr, want);
		assert_memory_equal(a, want, 16);
	}
}

/* Only len bytes are read; a NUL inside them is not an address. */
static void
test_addr_parse_length(void **state)
{
	uint8_t a[16], want[16];
	int ver;

	(void)state;
	assert_int_equal(proto_addr_parse("1.2.3.45", 7, &ver, a), 0);
	addr_of(4, "1.2.3.4", want);
	assert_int_equal(ver, 4);
	assert_memory_equal(a, want, 16);
	assert_int_equal(proto_addr_parse("::1:2", 3, &ver, a), 0);
	addr_of(6, "::1", want);
	assert_int_equal(ver, 6);
	assert_memory_equal(a, want, 16);
	assert_int_equal(proto_addr_parse("::1\0junk", 8, &ver, a), -1);
	assert_int_equal(proto_addr_parse("1.2.3.4\0", 8, &ver, a), -1);
	assert_int_equal(proto_addr_parse("::ffff:102:304\0.", 16, &ver, a),
	    -1);
}

/* ------------------------------------------------------------------ */
/* UDP: proto_udp_parse. */

enum { NO = 0, YES = 1 };

struct udp_case {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	int ok;
	enum udp_form form;
	int ver;		/* 0: accepted, but no key can match */
	const char *addr;
	uint16_t port;
	size_t qlen;
	const char *nonce;
};

/* A datagram p0f-analyzer gives no reply (len 0: strlen). */
#define REFUSED(in, len) { in, len, NO, UDP_Q_PORT, 0, NULL, 0, 0, NULL }

static const struct udp_case udp_cases[] = {
	/* What amavisd sends, and the forms p0f-analyzer answers. */
	{ "[127.0.0.2]:40001 abc123", 0, YES, UDP_Q_PORT, 4, "127.0.0.2",
	    40001, 17, "abc123" },
	{ "[127.0.0.2]:40001 BllMMJn1MlUh", 0, YES, UDP_Q_PORT, 4,
	    "127.0.0.2", 40001, 17, "BllMMJn1MlUh" },
	{ "[::ffff:127.0.0.2]:40001 abc123", 0, YES, UDP_Q_PORT, 4,
	    "127.0.0.2", 40001, 24, "abc123" },
	{ "[IPv6:::FFFF:127.0.0.2]:40001 x", 0, YES, UDP_Q_PORT, 4,
	    "127.0.0.2", 40001, 29, "x" },
	{ "[0:0:0:0:0:ffff:127.0.0.2]:40001 x", 0, YES, UDP_Q_PORT, 4,
	    "127.0.0.2", 40001, 32, "x" },
	{ "[0000:0:0:0:00:ffff:127.0.0.2]:40001 x", 0, YES, UDP_Q_PORT, 4,
	    "127.0.0.2", 40001, 36, "x" },
	{ "[::2]:40006 n", 0, YES, UDP_Q_PORT, 6, "::2", 40006, 11, "n" },
	{ "[IPv6:::2]:40006 n", 0, YES, UDP_Q_PORT, 6, "::2", 40006, 16,
	    "n" },
	{ "[ipv6:0:0:0:0:0:0:0:0002]:40006 n", 0, YES, UDP_Q_PORT, 6, "::2",
	    40006, 31, "n" },
	{ "[::0:2]:40006 n", 0, YES, UDP_Q_PORT, 6, "::2", 40006, 13, "n" },
	{ "[::ffff:7f00:2]:40007 n", 0, YES, UDP_Q_PORT, 6,
	    "::ffff:7f00:2", 40007, 21, "n" },
	{ "[::FFFF:7F00:2]:40007 n", 0, YES, UDP_Q_PORT, 6,
	    "::ffff:7f00:2", 40007, 21, "n" },
	{ "[::]:1 n", 0, YES, UDP_Q_PORT, 6, "::", 1, 6, "n" },
	{ "[1::2:3]:1 n", 0, YES, UDP_Q_PORT, 6, "1::2:3", 1, 10, "n" },
	{ "[1:2:3:4:5:6:7:8]:1 n", 0, YES, UDP_Q_PORT, 6, "1:2:3:4:5:6:7:8",
	    1, 19, "n" },
	{ "[1:2:3:4:5:6:1.2.3.4]:1 n", 0, YES, UDP_Q_PORT, 6,
	    "1:2:3:4:5:6:1.2.3.4", 1, 23, "n" },
	{ "[127.0.0.2]:65535 n", 0, YES, UDP_Q_PORT, 4, "127.0.0.2", 65535,
	    17, "n" },
	/* Port 0 and "no port" give an empty result. */
	{ "[127.0.0.2]:00000 n", 0, YES, UDP_Q_PORT, 4, "127.0.0.2", 0, 17,
	    "n" },
	{ "[127.0.0.4]:0 abc", 0, YES, UDP_Q_PORT, 4, "127.0.0.4", 0, 13,
	    "abc" },
	{ "[127.0.0.2] abc123", 0, YES, UDP_Q_HOST, 4, "127.0.0.2", 0, 11,
	    "abc123" },
	/* Spellings p0f-analyzer accepts but never stores: empty result. */
	{ "[127.000.0.2]:40001 n", 0, YES, UDP_Q_PORT, 0, NULL, 0, 19, "n" },
	{ "[256.1.1.1]:25 n", 0, YES, UDP_Q_PORT, 0, NULL, 0, 14, "n" },
	{ "[::ffff:01.2.3.4]:25 n", 0, YES, UDP_Q_PORT, 0, NULL, 0, 20, "n" },
	{ "[1.2.3.4]:025 n", 0, YES, UDP_Q_PORT, 4, "1.2.3.4", 0, 13, "n" },
	/* Nonces: empty, spaces, DEL are all echoed. */
	{ "[127.0.0.2]:40001 ", 0, YES, UDP_Q_PORT, 4, "127.0.0.2", 40001,
	    17, "" },
	{ "[127.0.0.2]:40001  two  spaces ", 0, YES, UDP_Q_PORT, 4,
	    "127.0.0.2", 40001, 17, " two  spaces " },
	{ "[127.0.0.2]:40001 n\x7f", 0, YES, UDP_Q_PORT, 4, "127.0.0.2",
	    40001, 17, "n\x7f" },
	/* Silent in p0f-analyzer too. */
	REFUSED("[0:0:0:0:0:0:ffff:127.0.0.2]:40001 x", 0),
	REFUSED("[127.0.0.2]:040001 n", 0),
	REFUSED("[127.0.0.2]:65536 n", 0),
	REFUSED("[127.0.0.2]:99999 n", 0),
	REFUSED("[127.0.0.2]: n", 0),
	REFUSED("[127.0.0.2]x n", 0),
	REFUSED("[127.0.0.2]:1x n", 0),
	REFUSED("[127.0.0.2]:40001\t n", 0),
	REFUSED("[127.0.0.2]]:40001 n", 0),
	REFUSED("[[127.0.0.2]:40001 n", 0),
	REFUSED("[127.0.0.2 n", 0),
	REFUSED(" [127.0.0.2]:40001 n", 0),
	REFUSED("[]:1 n", 0),
	REFUSED("[localhost]:40003 x", 0),
	REFUSED("127.0.0.2:40001 x", 0),
	REFUSED("[127.0.0.2]:40001", 0),
	REFUSED("", 0),
	REFUSED(" ", 0),
	REFUSED("[127.0.0.2]:40001 n\x1f", 0),
	REFUSED("[127.0.0.2]:40001 abc\n", 0),
	REFUSED("[127.0.0.2]:40001 abc\r\n", 0),
	REFUSED("[127.0.0.2]:40001 abc\xff", 0),
	REFUSED("[127.0.0.2]:40001 a\0b", 21),
	REFUSED("[1:2:3:4:5:6:7:8:9]:1 n", 0),
	REFUSED("[1:2:3:4:5:6:7::]:1 n", 0),
	REFUSED("[12345::1]:1 n", 0),
	REFUSED("[::g]:1 n", 0),
	REFUSED("[1:2:3:4:5:6:7:1.2.3.4]:1 n", 0),
	/* The regex allows 6 fields before a dotted quad; inet_pton would
	 * take this one. */
	REFUSED("[::1:2:3:4:5:1.2.3.4]:1 n", 0),
	/* p0f-analyzer dies on these three: synprint is silent on the
	 * invalid ones and answers the valid one. */
	REFUSED("[IPv6::ffff:1.2.3.4]:1 n", 0),
	REFUSED("[1:2:3]:1 n", 0),
	{ "[::1.2.3.4]:1 n", 0, YES, UDP_Q_PORT, 6, "::1.2.3.4", 1, 13,
	    "n" },
	/* Extension: a bare address (p0f-analyzer 1.502 is silent). */
	{ "127.0.0.2 n", 0, YES, UDP_Q_BARE, 4, "127.0.0.2", 0, 9, "n" },
	{ "IPv6:::1 n", 0, YES, UDP_Q_BARE, 6, "::1", 0, 8, "n" },
	{ "::ffff:1.2.3.4 n", 0, YES, UDP_Q_BARE, 4, "1.2.3.4", 0, 14, "n" },
	REFUSED("001.2.3.4 n", 0),
	REFUSED("::1\0x n", 7),
};

static void
test_udp_parse_forms(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(udp_cases) / sizeof(udp_cases[0]); i++) {
		const struct udp_case *c = &udp_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		struct udp_query q;
		uint8_t want[16];
		int r;

		r = proto_udp_parse((const uint8_t *)c->in, len, &q);
		if (!c->ok) {
			if (r != -1)
				fail_msg("case %zu '%s' was accepted", i,
				    c->in);
			continue;
		}
		if (r != 0)
			fail_msg("case %zu '%s' was refused", i, c->in);
		assert_int_equal(q.form, c->form);
		assert_int_equal(q.ip_ver, c->ver);
		assert_int_equal(q.port, c->port);
		assert_int_equal(q.qlen, c->qlen);
		assert_int_equal(q.nonce_off, c->qlen + 1);
		assert_int_equal(q.nonce_len, strlen(c->nonce));
		assert_memory_equal(c->in + q.nonce_off, c->nonce,
		    q.nonce_len);
		if (c->ver) {
			addr_of(c->ver, c->addr, want);
			assert_memory_equal(q.addr, want, 16);
		}
	}
}

/* The nonce may be up to 1024 bytes (datagrams are cut at 64 before). */
static void
test_udp_nonce_limit(void **state)
{
	uint8_t d[18 + UDP_NONCE_MAX + 1];
	struct udp_query q;

	(void)state;
	memcpy(d, "[127.0.0.2]:40001 ", 18);
	memset(d + 18, 'a', sizeof(d) - 18);
	assert_int_equal(proto_udp_parse(d, 18 + UDP_NONCE_MAX, &q), 0);
	assert_int_equal(q.nonce_len, UDP_NONCE_MAX);
	assert_int_equal(proto_udp_parse(d, sizeof(d), &q), -1);
}

/* ------------------------------------------------------------------ */
/* UDP: proto_udp_reply. */

static size_t
udp_reply(const char *query, const char *result, uint8_t *out, size_t cap)
{
	struct udp_query q;

	assert_int_equal(proto_udp_parse((const uint8_t *)query,
	    strlen(query), &q), 0);
	return proto_udp_reply((const uint8_t *)query, &q, result,
	    strlen(result), out, cap);
}

/* The datagram amavisd got from p0f-analyzer (164 bytes on the wire). */
static void
test_udp_reply_amavisd_bytes(void **state)
{
	static const char result[] = "Windows XP; dist: 0; link: Ethernet "
	    "or modem; params: none; raw_mtu: 1500; raw_sig: "
	    "4:128+0:0:1460:65535,0:mss,nop,nop,sok:df,id+:0";
	static const char want[] = "[127.0.0.2]:40001 BllMMJn1MlUh Windows "
	    "XP; dist: 0; link: Ethernet or modem; params: none; raw_mtu: "
	    "1500; raw_sig: 4:128+0:0:1460:65535,0:mss,nop,nop,sok:df,id+:0"
	    "\r\n";
	uint8_t out[UDP_REPLY_MAX];
	size_t n;

	(void)state;
	n = udp_reply("[127.0.0.2]:40001 BllMMJn1MlUh", result, out,
	    sizeof(out));
	assert_int_equal(n, 164);
	assert_int_equal(n, sizeof(want) - 1);
	assert_memory_equal(out, want, n);
}

/* Unknown, port 0, an empty nonce: the query is echoed as it came. */
static void
test_udp_reply_echo(void **state)
{
	uint8_t out[UDP_REPLY_MAX];
	size_t n;

	(void)state;
	n = udp_reply("[127.0.0.9]:1234 abc123", "", out, sizeof(out));
	assert_int_equal(n, 26);
	assert_memory_equal(out, "[127.0.0.9]:1234 abc123 \r\n", n);
	n = udp_reply("[IPv6:::2]:40006 x", "Linux 3.11 and newer", out,
	    sizeof(out));
	assert_int_equal(n, 41);
	assert_memory_equal(out, "[IPv6:::2]:40006 x Linux 3.11 and newer"
	    "\r\n", n);
	n = udp_reply("[127.0.0.4]:40003 ", "Linux", out, sizeof(out));
	assert_int_equal(n, 26);
	assert_memory_equal(out, "[127.0.0.4]:40003  Linux\r\n", n);
	n = udp_reply("[127.0.0.4]:40003  a b ", "", out, sizeof(out));
	assert_int_equal(n, 26);
	assert_memory_equal(out, "[127.0.0.4]:40003  a b  \r\n", n);
}

/* A 78-byte datagram cut to 64: the cut nonce is echoed. */
static void
test_udp_reply_cut_query(void **state)
{
	char d[79];
	uint8_t out[UDP_REPLY_MAX];
	struct udp_query q;
	size_t n;

	(void)state;
	memcpy(d, "[127.0.0.2]:40001 ", 18);
	memset(d + 18, 'A', 60);
	d[78] = '\0';
	assert_int_equal(proto_udp_parse((const uint8_t *)d, UDP_QUERY_MAX,
	    &q), 0);
	assert_int_equal(q.nonce_len, 46);
	n = proto_udp_reply((const uint8_t *)d, &q, "Windows XP", 10, out,
	    sizeof(out));
	assert_int_equal(n, 64 + 1 + 10 + 2);
	assert_memory_equal(out, d, 64);
	assert_memory_equal(out + 64, " Windows XP\r\n", 13);
}

/* A reply that does not fit is not built; one that just fits is. */
static void
test_udp_reply_capacity(void **state)
{
	uint8_t out[64];
	size_t need = strlen("[1.2.3.4]:5 n Linux\r\n");

	(void)state;
	memset(out, 0x55, sizeof(out));
	assert_int_equal(udp_reply("[1.2.3.4]:5 n", "Linux", out, need - 1),
	    0);
	assert_int_equal(out[0], 0x55);
	assert_int_equal(udp_reply("[1.2.3.4]:5 n", "Linux", out, need),
	    need);
	assert_memory_equal(out, "[1.2.3.4]:5 n Linux\r\n", need);
	assert_int_equal(out[need], 0x55);
}

static void
test_udp_port_ok(void **state)
{
	(void)state;
	assert_false(proto_udp_port_ok(0));
	assert_false(proto_udp_port_ok(53));
	assert_false(proto_udp_port_ok(1023));
	assert_true(proto_udp_port_ok(1024));
	assert_true(proto_udp_port_ok(2048));
	assert_false(proto_udp_port_ok(2049));
	assert_true(proto_udp_port_ok(2050));
	assert_true(proto_udp_port_ok(65535));
}

/* ------------------------------------------------------------------ */
/* p0f v3. */

static void
p0f3_query(uint8_t q[P0F3_QUERY_LEN], uint32_t magic, uint8_t type,
    const uint8_t *addr, size_t alen)
{
	memset(q, 0, P0F3_QUERY_LEN);
	memcpy(q, &magic, 4);
	q[4] = type;
	memcpy(q + 5, addr, alen);
}

static void
test_p0f3_parse(void **state)
{
	static const uint8_t v4[16] = { 127, 0, 0, 2, 9, 9, 9, 9, 9, 9, 9, 9,
		9, 9, 9, 9 };
	uint8_t q[P0F3_QUERY_LEN], a[16], want[16];
	int ver;

	(void)state;
	/* What rspamd / Haraka / qpsmtpd send, on little endian. */
	memcpy(q, "\x01\x46\x30\x50\x04\x7f\x00\x00\x02", 9);
	memset(q + 9, 0, 12);
	assert_int_equal(proto_p0f3_parse(q, &ver, a), 0);
	assert_int_equal(ver, 4);
	addr_of(4, "127.0.0.2", want);
	assert_memory_equal(a, want, 16);
	/* Bytes after an IPv4 address are ignored. */
	p0f3_query(q, P0F3_QUERY_MAGIC, 4, v4, 16);
	memset(a, 0xee, sizeof(a));
	assert_int_equal(proto_p0f3_parse(q, &ver, a), 0);
	assert_memory_equal(a, want, 16);
	addr_of(6, "2001:db8::25", want);
	p0f3_query(q, P0F3_QUERY_MAGIC, 6, want, 16);
	assert_int_equal(proto_p0f3_parse(q, &ver, a), 0);
	assert_int_equal(ver, 6);
	assert_memory_equal(a, want, 16);
	/* A byte-swapped magic, the reply magic, bad address types. */
	p0f3_query(q, 0x01463050u, 4, v4, 4);
	assert_int_equal(proto_p0f3_parse(q, &ver, a), -1);
	p0f3_query(q, P0F3_REPLY_MAGIC, 4, v4, 4);
	assert_int_equal(proto_p0f3_parse(q, &ver, a), -1);
	p0f3_query(q, P0F3_QUERY_MAGIC, 0, v4, 4);
	assert_int_equal(proto_p0f3_parse(q, &ver, a), -1);
	p0f3_query(q, P0F3_QUERY_MAGIC, 5, v4, 4);
	assert_int_equal(proto_p0f3_parse(q, &ver, a), -1);
	p0f3_query(q, P0F3_QUERY_MAGIC, 0x46, v4, 4);
	assert_int_equal(proto_p0f3_parse(q, &ver, a), -1);
}

/* Error replies: magic and status, everything else zero. */
static void
test_p0f3_reply_errors(void **state)
{
	struct host_view h;
	uint8_t out[P0F3_REPLY_LEN];

	(void)state;
	memset(&h, 0x11, sizeof(h));
	h.os = NULL;
	h.link = NULL;
	memset(out, 0xcc, sizeof(out));
	proto_p0f3_reply(out, P0F3_BADQUERY, &h);
	assert_memory_equal(out, "\x02\x46\x30\x50\0\0\0\0", 8);
	assert_true(all_zero(out + 8, P0F3_REPLY_LEN - 8));
	memset(out, 0xcc, sizeof(out));
	proto_p0f3_reply(out, P0F3_NOMATCH, &h);
	assert_int_equal(get32(out), P0F3_REPLY_MAGIC);
	assert_int_equal(get32(out + 4), 0x20);
	assert_true(all_zero(out + 8, P0F3_REPLY_LEN - 8));
	memset(out, 0xcc, sizeof(out));
	proto_p0f3_reply(out, P0F3_OK, NULL);
	assert_int_equal(get32(out + 4), 0x10);
	assert_true(all_zero(out + 8, P0F3_REPLY_LEN - 8));
}

static void
test_p0f3_reply_layout(void **state)
{
	struct sig_label l = { .name = "Linux", .flavor = "3.11 and newer" };
	struct host_view h = {
		.first_seen = T0, .last_seen = T0 + 60, .last_nat = T0 + 30,
		.last_chg = T0 + 40, .os = &l, .link = "Ethernet or modem",
		.total_conn = 7, .uptime_min = 1234, .up_mod_days = 49,
		.last_port = 40001, .os_fuzzy = 1, .os_generic = 1,
		.distance = 3,
	};
	uint8_t out[P0F3_REPLY_LEN];
	char s[40];

	(void)state;
	memset(out, 0xcc, sizeof(out));
	proto_p0f3_reply(out, P0F3_OK, &h);
	assert_int_equal(get32(out), P0F3_REPLY_MAGIC);
	assert_int_equal(get32(out + 4), P0F3_OK);
	assert_int_equal(get32(out + 8), T0);
	assert_int_equal(get32(out + 12), T0 + 60);
	assert_int_equal(get32(out + 16), 7);
	assert_int_equal(get32(out + 20), 1234);
	assert_int_equal(get32(out + 24), 49);
	assert_int_equal(get32(out + 28), T0 + 30);
	assert_int_equal(get32(out + 32), T0 + 40);
	assert_int_equal(get16(out + 36), 3);
	assert_int_equal(out[38], 0);
	assert_int_equal(out[39], 3);
	/* Strings NUL-padded to 32 bytes. */
	memset(s, 0, sizeof(s));
	memcpy(s, "Linux", 5);
	assert_memory_equal(out + 40, s, 32);
	memset(s, 0, sizeof(s));
	memcpy(s, "3.11 and newer", 14);
	assert_memory_equal(out + 72, s, 32);
	assert_true(all_zero(out + 104, 64));	/* http name, flavor */
	memset(s, 0, sizeof(s));
	memcpy(s, "Ethernet or modem", 17);
	assert_memory_equal(out + 168, s, 32);
	assert_true(all_zero(out + 200, 32));	/* language */
	/* Each quality bit alone. */
	h.os_generic = 0;
	proto_p0f3_reply(out, P0F3_OK, &h);
	assert_int_equal(out[39], 1);
	h.os_fuzzy = 0;
	h.os_generic = 1;
	proto_p0f3_reply(out, P0F3_OK, &h);
	assert_int_equal(out[39], 2);
}

/* Unknown distance is p0f's u8 255 (not -1); an app-only host has an
 * empty os_name; times past 2106 are clamped. */
static void
test_p0f3_reply_unknowns(void **state)
{
	struct host_view h = { .first_seen = 0x1ffffffffull, .last_seen = T0,
		.distance = 255 };
	uint8_t out[P0F3_REPLY_LEN];

	(void)state;
	proto_p0f3_reply(out, P0F3_OK, &h);
	assert_memory_equal(out + 36, "\xff\x00", 2);
	assert_int_equal(get16(out + 36), 255);
	assert_int_equal(get32(out + 8), UINT32_MAX);
	assert_int_equal(get32(out + 12), T0);
	assert_int_equal(out[39], 0);
	assert_true(all_zero(out + 40, P0F3_REPLY_LEN - 40));
}

/* A 32-byte value fills its field without a NUL and never spills. */
static void
test_p0f3_reply_full_strings(void **state)
{
	static const char name32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
	static const char flavor40[] =
	    "10.9 or newer (sometimes iPhone or iPad)";
	static const char link50[] =
	    "0123456789012345678901234567890123456789012345678X";
	struct sig_label l = { .name = name32, .flavor = flavor40 };
	struct host_view h = { .os = &l, .link = link50, .distance = 0 };
	uint8_t out[P0F3_REPLY_LEN];

	(void)state;
	assert_int_equal(strlen(name32), 32);
	proto_p0f3_reply(out, P0F3_OK, &h);
	assert_memory_equal(out + 40, name32, 32);
	assert_memory_equal(out + 72, flavor40, 32);
	assert_true(all_zero(out + 104, 64));
	assert_memory_equal(out + 168, link50, 32);
	assert_true(all_zero(out + 200, 32));
	/* A name of 31 keeps one NUL; no flavor leaves its field zero. */
	l.name = "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
	l.flavor = NULL;
	proto_p0f3_reply(out, P0F3_OK, &h);
	assert_memory_equal(out + 40, l.name, 31);
	assert_int_equal(out[71], 0);
	assert_true(all_zero(out + 72, 32));
}

/* ------------------------------------------------------------------ */
/* p0f v2. */

/* What qpsmtpd's ident/p0f "version 2" sent (captured). */
static const uint8_t qpsmtpd_v2[P0F2_QUERY_LEN] = {
	0xed, 0xac, 0xef, 0x0d, 0x01, 0x00, 0x00, 0x00,
	0x50, 0x82, 0x04, 0x6b, 0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01, 0xde, 0x89, 0xdf, 0x09,
};

static void
test_p0f2_parse(void **state)
{
	struct p0f2_query pq;
	uint8_t q[P0F2_QUERY_LEN];

	(void)state;
	assert_int_equal(proto_p0f2_parse(qpsmtpd_v2, &pq), 0);
	assert_int_equal(pq.id, 0x6b048250u);
	assert_int_equal(pq.type, P0F2_QTYPE_FP);
	assert_memory_equal(pq.src, "\x7f\0\0\x01", 4);
	assert_memory_equal(pq.dst, "\x7f\0\0\x01", 4);
	assert_int_equal(pq.sport, 35294);
	assert_int_equal(pq.dport, 2527);
	/* A status query (type 2) and a bad magic: refused, id kept for
	 * the error reply. */
	memcpy(q, qpsmtpd_v2, sizeof(q));
	q[4] = 2;
	assert_int_equal(proto_p0f2_parse(q, &pq), -1);
	assert_int_equal(pq.id, 0x6b048250u);
	memcpy(q, qpsmtpd_v2, sizeof(q));
	q[0] = 0xee;
	assert_int_equal(proto_p0f2_parse(q, &pq), -1);
	assert_int_equal(pq.id, 0x6b048250u);
	memcpy(q, qpsmtpd_v2, sizeof(q));
	q[4] = 0;
	assert_int_equal(proto_p0f2_parse(q, &pq), -1);
}

static void
test_p0f2_reply_ok(void **state)
{
	static const char os[] = "Linux 3.11 and newer";
	struct conn_view c = { .os = os, .os_len = sizeof(os) - 1,
		.name_len = 5, .link = "Ethernet or modem", .link_len = 17,
		.dist = 3 };
	struct host_view h = { .uptime_min = 125, .last_nat = T0 };
	uint8_t out[P0F2_REPLY_LEN], want[40];
	int16_t score;
	int32_t up;

	(void)state;
	memset(out, 0xcc, sizeof(out));
	proto_p0f2_reply(out, 0x6b048250u, P0F2_RESP_OK, &c, &h);
	assert_int_equal(get32(out), P0F2_MAGIC);
	assert_int_equal(get32(out + 4), 0x6b048250u);
	assert_int_equal(out[8], P0F2_RESP_OK);
	memset(want, 0, sizeof(want));
	memcpy(want, "Linux", 5);
	assert_memory_equal(out + 9, want, 20);		/* genre */
	memset(want, 0, sizeof(want));
	memcpy(want, "3.11 and newer", 14);
	assert_memory_equal(out + 29, want, 40);	/* detail */
	assert_int_equal(out[69], 3);			/* dist */
	memset(want, 0, sizeof(want));
	memcpy(want, "Ethernet or modem", 17);
	assert_memory_equal(out + 70, want, 30);	/* link */
	assert_true(all_zero(out + 100, 31));		/* tos, fw */
	assert_int_equal(out[131], 1);			/* nat */
	assert_int_equal(out[132], 1);			/* real */
	assert_int_equal(out[133], 0);
	memcpy(&score, out + 134, 2);
	assert_int_equal(score, -100);
	assert_true(all_zero(out + 136, 4));		/* mflags, pad */
	memcpy(&up, out + 140, 4);
	assert_int_equal(up, 2);			/* hours */
}

/* Fields cut to keep their NUL; a fuzzy match is not "real"; unknown
 * distance is -1; no uptime is -1. */
static void
test_p0f2_reply_limits(void **state)
{
	static const char os[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ "
	    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
	static const char link[] = "0123456789012345678901234567890123456789";
	struct conn_view c = { .os = os, .os_len = sizeof(os) - 1,
		.name_len = 26, .link = link, .link_len = 40, .dist = 255,
		.fuzzy = 1 };
	uint8_t out[P0F2_REPLY_LEN];
	int32_t up;

	(void)state;
	proto_p0f2_reply(out, 1, P0F2_RESP_OK, &c, NULL);
	assert_memory_equal(out + 9, os, 19);
	assert_int_equal(out[28], 0);
	assert_memory_equal(out + 29, os + 27, 39);
	assert_int_equal(out[68], 0);
	assert_int_equal(out[69], 0xff);
	assert_memory_equal(out + 70, link, 29);
	assert_int_equal(out[99], 0);
	assert_int_equal(out[131], 0);
	assert_int_equal(out[132], 0);
	memcpy(&up, out + 140, 4);
	assert_int_equal(up, -1);
	/* A name without flavor; no OS at all; no connection view. */
	c.os_len = c.name_len = 5;
	proto_p0f2_reply(out, 1, P0F2_RESP_OK, &c, NULL);
	assert_memory_equal(out + 9, "ABCDE\0", 6);
	assert_true(all_zero(out + 29, 40));
	c.os = NULL;
	c.os_len = c.name_len = 0;
	proto_p0f2_reply(out, 1, P0F2_RESP_OK, &c, NULL);
	assert_true(all_zero(out + 9, 60));
	proto_p0f2_reply(out, 1, P0F2_RESP_OK, NULL, NULL);
	assert_true(all_zero(out + 9, 60));
	assert_int_equal(out[69], 0xff);
	assert_true(all_zero(out + 70, 61));
	assert_int_equal(out[132], 1);
}

static void
test_p0f2_reply_errors(void **state)
{
	static const char os[] = "Linux 3.11";
	struct conn_view c = { .os = os, .os_len = 10, .name_len = 5,
		.dist = 1 };
	uint8_t out[P0F2_REPLY_LEN];
	int16_t score;
	int32_t up;
	int type;

	(void)state;
	for (type = P0F2_RESP_BADQUERY; type <= P0F2_RESP_NOMATCH; type++) {
		memset(out, 0xcc, sizeof(out));
		proto_p0f2_reply(out, 0xabcdef01u, type, &c, NULL);
		assert_int_equal(get32(out), P0F2_MAGIC);
		assert_int_equal(get32(out + 4), 0xabcdef01u);
		assert_int_equal(out[8], type);
		assert_true(all_zero(out + 9, 134 - 9));
		memcpy(&score, out + 134, 2);
		assert_int_equal(score, -100);
		assert_true(all_zero(out + 136, 4));
		memcpy(&up, out + 140, 4);
		assert_int_equal(up, -1);
	}
}

/* ------------------------------------------------------------------ */
/* Postfix policy. */

static int
feed(struct policy_req *r, const char *line)
{
	return proto_policy_line(r, line, strlen(line));
}

/* The attribute lines Postfix 3.7 sends at DATA (abridged). */
static void
test_policy_request(void **state)
{
	static const char *const lines[] = {
		"request=smtpd_access_policy", "protocol_state=DATA",
		"protocol_name=ESMTP", "client_address=127.0.0.2",
		"client_name=localhost", "client_port=40001",
		"reverse_client_name=localhost", "helo_name=client.test",
		"sender=s@example.com", "recipient=rcpt@example.test",
		"recipient_count=1", "queue_id=", "instance=123.456.1",
		"size=0", "policy_context=", "x=y=z",
	};
	struct policy_req r;
	char out[256];
	size_t i, n;

	(void)state;
	proto_policy_reset(&r);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int_equal(feed(&r, lines[i]), POLICY_MORE);
	assert_int_equal(proto_policy_line(&r, "", 0), POLICY_DONE);
	assert_string_equal(r.request, "smtpd_access_policy");
	assert_string_equal(r.state, "DATA");
	assert_string_equal(r.addr, "127.0.0.2");
	assert_string_equal(r.port, "40001");
	assert_int_equal(r.nattr, 16);
	n = proto_policy_reply(&r, "X-p0f-OS", "Linux 3.11 and newer", 20,
	    out, sizeof(out));
	assert_int_equal(n, strlen("action=PREPEND X-p0f-OS: Linux 3.11 "
	    "and newer\n\n"));
	assert_memory_equal(out, "action=PREPEND X-p0f-OS: Linux 3.11 and "
	    "newer\n\n", n);
	/* A reset starts the next request on the same connection. */
	proto_policy_reset(&r);
	assert_int_equal(r.nattr, 0);
	assert_string_equal(r.state, "");
	assert_int_equal(feed(&r, "client_address=::1"), POLICY_MORE);
	assert_int_equal(proto_policy_line(&r, "", 0), POLICY_DONE);
	assert_string_equal(r.addr, "::1");
	assert_string_equal(r.port, "");
}

static void
test_policy_bad_lines(void **state)
{
	struct policy_req r;
	char name[32];
	int i;

	(void)state;
	proto_policy_reset(&r);
	assert_int_equal(proto_policy_line(&r, "", 0), POLICY_BAD);
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "no equals sign"), POLICY_BAD);
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "=value"), POLICY_BAD);
	proto_policy_reset(&r);
	assert_int_equal(proto_policy_line(&r, "a=b\0c", 5), POLICY_BAD);
	proto_policy_reset(&r);
	assert_int_equal(proto_policy_line(&r, "\0=b", 3), POLICY_BAD);
	/* Empty values are fine; so is an unknown name. */
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "queue_id="), POLICY_MORE);
	assert_int_equal(feed(&r, "future_attribute=1"), POLICY_MORE);
	/* At most POLICY_ATTRS_MAX attribute lines in one request. */
	proto_policy_reset(&r);
	for (i = 0; i < POLICY_ATTRS_MAX; i++) {
		snprintf(name, sizeof(name), "a%d=%d", i, i);
		assert_int_equal(feed(&r, name), POLICY_MORE);
	}
	assert_int_equal(feed(&r, "one=too many"), POLICY_BAD);
}

/* A value too long for its field is none Postfix sends: it is kept
 * empty, never cut into another value (a cut "0040001xyz" read 40001). */
static void
test_policy_long_values(void **state)
{
	struct policy_req r;
	char line[300];

	(void)state;
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "client_port=0040001xyz"), POLICY_MORE);
	assert_string_equal(r.port, "");
	assert_int_equal(feed(&r, "client_port=1234567"), POLICY_MORE);
	assert_string_equal(r.port, "1234567");
	memcpy(line, "client_address=", 15);
	memset(line + 15, '1', 200);
	line[215] = '\0';
	assert_int_equal(feed(&r, line), POLICY_MORE);
	assert_string_equal(r.addr, "");
	assert_int_equal(feed(&r, "client_address=0000:0000:0000:0000:0000:"
	    "0000:255.255.255.255"), POLICY_MORE);
	assert_string_equal(r.addr, "0000:0000:0000:0000:0000:0000:"
	    "255.255.255.255");
	assert_int_equal(feed(&r, "protocol_state=DATAAAAAAAAAAAAAAAAAAAAAA"),
	    POLICY_MORE);
	assert_string_equal(r.state, "");
	assert_int_equal(feed(&r, "protocol_state=END-OF-MESSAGE"),
	    POLICY_MORE);
	assert_string_equal(r.state, "END-OF-MESSAGE");
	assert_int_equal(feed(&r, "request=smtpd_access_policy_with_a_long_"
	    "tail"), POLICY_MORE);
	assert_string_equal(r.request, "");
}

static void
test_policy_reply_dunno(void **state)
{
	struct policy_req r;
	char out[64];
	size_t n;

	(void)state;
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "protocol_state=RCPT"), POLICY_MORE);
	n = proto_policy_reply(&r, "X-p0f-OS", "Linux", 5, out, sizeof(out));
	assert_int_equal(n, 14);
	assert_memory_equal(out, "action=DUNNO\n\n", 14);
	/* DATA but nothing known. */
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "protocol_state=DATA"), POLICY_MORE);
	assert_int_equal(proto_policy_reply(&r, "X-p0f-OS", NULL, 0, out,
	    sizeof(out)), 14);
	assert_int_equal(proto_policy_reply(&r, "X-p0f-OS", "Linux", 0, out,
	    sizeof(out)), 14);
	assert_memory_equal(out, "action=DUNNO\n\n", 14);
	/* The state is compared without case. */
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "protocol_state=data"), POLICY_MORE);
	n = proto_policy_reply(&r, "H", "Linux", 5, out, sizeof(out));
	assert_memory_equal(out, "action=PREPEND H: Linux\n\n", n);
	/* Not even DUNNO fits: nothing. */
	proto_policy_reset(&r);
	assert_int_equal(proto_policy_reply(&r, "X-p0f-OS", NULL, 0, out,
	    13), 0);
}

/* Bytes of the OS outside printable ASCII (a label from a hostile
 * database) cannot end the header or inject a line. */
static void
test_policy_reply_sanitised(void **state)
{
	static const char os[] = "Evil\r\nX-Spam: no\n\nDEL\x7f\x01\xff";
	static const char want[] = "action=PREPEND X-p0f-OS: "
	    "Evil??X-Spam: no??DEL???\n\n";
	struct policy_req r;
	char out[128];
	size_t n;

	(void)state;
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "protocol_state=DATA"), POLICY_MORE);
	n = proto_policy_reply(&r, "X-p0f-OS", os, sizeof(os) - 1, out,
	    sizeof(out));
	assert_int_equal(n, sizeof(want) - 1);
	assert_memory_equal(out, want, n);
	/* An embedded NUL is replaced too, the length is what counts. */
	n = proto_policy_reply(&r, "X-p0f-OS", "a\0b", 3, out, sizeof(out));
	assert_memory_equal(out, "action=PREPEND X-p0f-OS: a?b\n\n", n);
}

static void
test_policy_reply_capacity(void **state)
{
	static const char want[] = "action=PREPEND X-p0f-OS: Linux\n\n";
	struct policy_req r;
	char out[64];

	(void)state;
	proto_policy_reset(&r);
	assert_int_equal(feed(&r, "protocol_state=DATA"), POLICY_MORE);
	memset(out, 0x55, sizeof(out));
	assert_int_equal(proto_policy_reply(&r, "X-p0f-OS", "Linux", 5, out,
	    sizeof(want) - 2), 0);
	assert_int_equal((uint8_t)out[0], 0x55);
	assert_int_equal(proto_policy_reply(&r, "X-p0f-OS", "Linux", 5, out,
	    sizeof(want) - 1), sizeof(want) - 1);
	assert_memory_equal(out, want, sizeof(want) - 1);
	assert_int_equal((uint8_t)out[sizeof(want) - 1], 0x55);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_addr_parse_length),
		cmocka_unit_test(test_udp_parse_forms),
		cmocka_unit_test(test_udp_nonce_limit),
		cmocka_unit_test(test_udp_reply_amavisd_bytes),
		cmocka_unit_test(test_udp_reply_echo),
		cmocka_unit_test(test_udp_reply_cut_query),
		cmocka_unit_test(test_udp_reply_capacity),
		cmocka_unit_test(test_udp_port_ok),
		cmocka_unit_test(test_p0f3_parse),
		cmocka_unit_test(test_p0f3_reply_errors),
		cmocka_unit_test(test_p0f3_reply_layout),
		cmocka_unit_test(test_p0f3_reply_unknowns),
		cmocka_unit_test(test_p0f3_reply_full_strings),
		cmocka_unit_test(test_p0f2_parse),
		cmocka_unit_test(test_p0f2_reply_ok),
		cmocka_unit_test(test_p0f2_reply_limits),
		cmocka_unit_test(test_p0f2_reply_errors),
		cmocka_unit_test(test_policy_request),
		cmocka_unit_test(test_policy_bad_lines),
		cmocka_unit_test(test_policy_long_values),
		cmocka_unit_test(test_policy_reply_dunno),
		cmocka_unit_test(test_policy_reply_sanitised),
		cmocka_unit_test(test_policy_reply_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
