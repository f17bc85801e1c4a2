/*
 * libFuzzer harness for the amavisd p0f-analyzer UDP protocol:
 * proto_udp_parse() and proto_udp_reply() on hostile datagrams.
 *
 * Checked on every input:
 * - a parsed query lies inside the datagram: QUERY is the bytes before
 *   the first space, NONCE everything after it, in 0x20-0x7F, and the
 *   reply is exactly QUERY SP NONCE SP RESULT CR LF (and is not built
 *   when it does not fit);
 * - the decision agrees with p0f-analyzer 1.502's own regular expressions
 *   (rebuilt with POSIX regcomp; its IPv6 spellings that inet_pton
 *   refuses, on which p0f-analyzer dies, must stay unanswered), and a
 *   bare address (synprint's extension) is accepted exactly when
 *   inet_pton takes it;
 * - the address and port found are the ones the text names.
 * The input is the datagram itself (the daemon cuts it to 64 bytes; this
 * harness also takes longer ones, as the parser allows).
 */
#include <arpa/inet.h>
#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

/* p0f-analyzer 1.502's patterns, in the order it tries them. */
enum { RX_QUERY, RX_V4, RX_MAPPED, RX_V6, RX_V6_DOTTED, RX_COUNT };

static const struct {
	const char *re;
	int icase;
} rx_src[RX_COUNT] = {
	{ "^\\[([^]]*)\\](:([0-9]{1,5}))?$", 0 },
	{ "^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$", 0 },
	{ "^((IPv6:)?0{0,4}(:0{0,4}){1,4}:ffff:)?"
	    "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$", 1 },
	{ "^(IPv6:)?[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$", 1 },
	{ "^(IPv6:)?[0-9a-f]{0,4}(:[0-9a-f]{0,4}){1,5}:"
	    "[0-9]{1,3}(\\.[0-9]{1,3}){3}$", 1 },
};

static regex_t rx[RX_COUNT];

static void
init(void)
{
	static int done;
	int i;

	if (done)
		return;
	for (i = 0; i < RX_COUNT; i++)
		if (regcomp(&rx[i], rx_src[i].re, REG_EXTENDED |
		    (rx_src[i].icase ? REG_ICASE : 0)) != 0)
			abort();
	done = 1;
}

static int
rx_match(int i, const char *s, size_t nm, regmatch_t *m)
{
	return regexec(&rx[i], s, nm, m, 0) == 0;
}

/* The text without a leading "IPv6:" (any case). */
static const char *
strip_v6(const char *s)
{
	return strncasecmp(s, "IPv6:", 5) == 0 ? s + 5 : s;
}

/* What an accepted address must be. */
struct expect {
	int ok;			/* 0: no reply */
	int ver;		/* 4, 6, or 0 for "no key can match" */
	uint8_t addr[16];
};

/* The dotted quad at the end of s, if inet_pton takes it as p0f prints
 * IPv4 (no leading zeros, each part <= 255). */
static int
dotted_tail(const char *s, uint8_t addr[16])
{
	const char *colon = strrchr(s, ':');

	memset(addr, 0, 16);
	return inet_pton(AF_INET, colon ? colon + 1 : s, addr) == 1;
}

/* p0f-analyzer's decision for the text inside "[...]". */
static void
expect_bracketed(const char *ip, struct expect *e)
{
	memset(e, 0, sizeof(*e));
	if (rx_match(RX_V4, ip, 0, NULL) || rx_match(RX_MAPPED, ip, 0,
	    NULL)) {
		e->ok = 1;
		e->ver = dotted_tail(ip, e->addr) ? 4 : 0;
		if (e->ver == 0)
			memset(e->addr, 0, 16);
		return;
	}
	if (rx_match(RX_V6, ip, 0, NULL) || rx_match(RX_V6_DOTTED, ip, 0,
	    NULL)) {
		/* p0f-analyzer dies where inet_pton refuses (and on every
		 * embedded dotted quad); synprint answers the valid ones. */
		e->ok = inet_pton(AF_INET6, strip_v6(ip), e->addr) == 1;
		e->ver = 6;
	}
}

/* synprint's bare form: what inet_pton takes, mapped dotted = IPv4. */
static void
expect_bare(const char *s, struct expect *e)
{
	memset(e, 0, sizeof(*e));
	if (inet_pton(AF_INET, s, e->addr) == 1) {
		e->ok = 1;
		e->ver = 4;
		return;
	}
	memset(e->addr, 0, 16);
	if (inet_pton(AF_INET6, strip_v6(s), e->addr) != 1)
		return;
	e->ok = 1;
	e->ver = 6;
	if (strchr(s, '.') && memcmp(e->addr,
	    "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		memmove(e->addr, e->addr + 12, 4);
		memset(e->addr + 4, 0, 12);
		e->ver = 4;
	}
}

/* The whole decision for a datagram without NUL bytes. */
static void
check_oracle(const uint8_t *d, size_t len, int r, const struct udp_query *q)
{
	char *s, *query;
	const char *sp;
	regmatch_t m[4];
	struct expect e;
	unsigned long port = 0;
	size_t i, qlen;
	int port_given = 0, lead0 = 0, nonce_ok = 1;

	if ((s = malloc(len + 1)) == NULL)
		abort();
	memcpy(s, d, len);
	s[len] = '\0';
	sp = strchr(s, ' ');
	if (sp == NULL || sp == s) {
		CHECK(r == -1);
		goto out;
	}
	qlen = (size_t)(sp - s);
	if (len - qlen - 1 > UDP_NONCE_MAX)
		nonce_ok = 0;
	for (i = qlen + 1; i < len; i++)
		if (d[i] < 0x20 || d[i] > 0x7f)
			nonce_ok = 0;
	query = s;
	query[qlen] = '\0';
	if (query[0] != '[')
		expect_bare(query, &e);
	else if (!rx_match(RX_QUERY, query, 4, m))
		memset(&e, 0, sizeof(e));
	else {
		if (m[3].rm_so >= 0) {
			port_given = 1;
			lead0 = m[3].rm_eo - m[3].rm_so > 1 &&
			    query[m[3].rm_so] == '0';
			port = strtoul(query + m[3].rm_so, NULL, 10);
		}
		query[m[1].rm_eo] = '\0';
		expect_bracketed(query + 1, &e);
		if (port > 65535)
			e.ok = 0;
	}
	if (!nonce_ok || !e.ok) {
		CHECK(r == -1);
		goto out;
	}
	CHECK(r == 0);
	CHECK(q->ip_ver == e.ver);
	/* With no key to match, the address is not used. */
	CHECK(e.ver == 0 || memcmp(q->addr, e.addr, 16) == 0);
	if (s[0] != '[')
		CHECK(q->form == UDP_Q_BARE);
	else if (port_given)
		CHECK(q->form == UDP_Q_PORT &&
		    q->port == (e.ver == 0 || lead0 ? 0 : port));
	else
		CHECK(q->form == UDP_Q_HOST && q->port == 0);
out:
	free(s);
}

static void
check_reply(const uint8_t *d, size_t len, const struct udp_query *q,
    const char *result, size_t rlen)
{
	static uint8_t out[UDP_NONCE_MAX + 4096];
	size_t n, want = len + 1 + rlen + 2;

	if (want > sizeof(out))
		return;
	n = proto_udp_reply(d, q, result, rlen, out, want);
	CHECK(n == want);
	CHECK(memcmp(out, d, q->qlen) == 0);
	CHECK(out[q->qlen] == ' ');
	CHECK(memcmp(out + q->qlen + 1, d + q->nonce_off, q->nonce_len) == 0);
	CHECK(out[q->qlen + 1 + q->nonce_len] == ' ');
	CHECK(memcmp(out + q->qlen + q->nonce_len + 2, result, rlen) == 0);
	CHECK(memcmp(out + n - 2, "\r\n", 2) == 0);
	/* The reply is the datagram, a space, the result and CR LF. */
	CHECK(memcmp(out, d, len) == 0);
	CHECK(proto_udp_reply(d, q, result, rlen, out, want - 1) == 0);
}

static void
one(const uint8_t *d, size_t len)
{
	static const char result[] = "Linux 3.11 and newer; dist: 0; "
	    "params: none; raw_sig: 4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,"
	    "ws:df,id+:0";
	struct udp_query q;
	const uint8_t *sp;
	size_t i;
	int r;

	r = proto_udp_parse(d, len, &q);
	if (memchr(d, '\0', len) != NULL)
		CHECK(r == -1);	/* never valid, in any field */
	else
		check_oracle(d, len, r, &q);
	if (r < 0)
		return;
	/* QUERY and NONCE lie inside the datagram, split at its first
	 * space. */
	sp = memchr(d, ' ', len);
	CHECK(sp != NULL && q.qlen == (size_t)(sp - d) && q.qlen >= 1);
	CHECK(q.nonce_off == q.qlen + 1);
	CHECK(q.nonce_off + q.nonce_len == len);
	CHECK(q.nonce_len <= UDP_NONCE_MAX);
	for (i = q.nonce_off; i < len; i++)
		CHECK(d[i] >= 0x20 && d[i] <= 0x7f);
	CHECK(q.ip_ver == 0 || q.ip_ver == 4 || q.ip_ver == 6);
	if (q.ip_ver == 4)
		for (i = 4; i < 16; i++)
			CHECK(q.addr[i] == 0);
	if (q.ip_ver == 0)
		CHECK(q.port == 0 && q.form != UDP_Q_BARE);
	if (q.form != UDP_Q_PORT)
		CHECK(q.port == 0);
	check_reply(d, len, &q, result, sizeof(result) - 1);
	check_reply(d, len, &q, "", 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	init();
	one(data, size);
	/* What the daemon reads of it. */
	if (size > UDP_QUERY_MAX)
		one(data, UDP_QUERY_MAX);
	return 0;
}
