/*
 * libFuzzer harness for the p0f v3 and v2 query APIs: proto_p0f3_parse()
 * and proto_p0f2_parse() on hostile query bytes, and both reply builders
 * on host and connection views whose strings come from the input (any
 * length, any bytes, held in exact-size buffers so a read past a string
 * is caught).
 *
 * Checked: a query is accepted exactly for the right magic and type, the
 * address and fields are the query's bytes; every reply has its fixed
 * size, its magic and status, strings cut to their field (v2 fields keep
 * a NUL, v3 ones may fill all 32 bytes), every byte no field owns is
 * zero, and error replies carry nothing but magic, status (and, for v2,
 * id, score and uptime).
 *
 * Input: 21 bytes of v3 query, 24 bytes of v2 query, then the values of
 * the views (missing bytes read as zero).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

struct cur {
	const uint8_t *p, *end;
};

static void
take(struct cur *c, void *out, size_t n)
{
	size_t have = (size_t)(c->end - c->p);

	if (have > n)
		have = n;
	memcpy(out, c->p, have);
	memset((uint8_t *)out + have, 0, n - have);
	c->p += have;
}

static uint8_t
take8(struct cur *c)
{
	uint8_t v;

	take(c, &v, 1);
	return v;
}

static uint64_t
take64(struct cur *c)
{
	uint64_t v;

	take(c, &v, 8);
	return v;
}

/* A string of 0-79 input bytes in an exact-size allocation; with_nul
 * adds the terminator (a C string may then be shorter than *len). */
static char *
take_str(struct cur *c, size_t *len, int with_nul)
{
	size_t n = take8(c) % 80, sz = n + (with_nul ? 1 : 0);
	char *s = malloc(sz ? sz : 1);

	if (s == NULL)
		abort();
	take(c, s, n);
	if (with_nul)
		s[n] = '\0';
	*len = n;
	return s;
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static int
zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

/* Field [off, off+size) holds the first bytes of s (n of them), cut to
 * size - keep_nul, then zeros. */
static void
check_str(const uint8_t *out, size_t off, size_t size, const char *s,
    size_t n, int keep_nul)
{
	size_t m = n < size - (size_t)keep_nul ? n : size - (size_t)keep_nul;

	if (s == NULL)
		m = 0;
	CHECK(m == 0 || memcmp(out + off, s, m) == 0);
	CHECK(zero(out + off + m, size - m));
}

static uint32_t
clamp32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void
fuzz_p0f3(const uint8_t q[P0F3_QUERY_LEN], struct cur *c)
{
	static const uint8_t mark[16] = { 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5,
		0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5 };
	uint8_t addr[16], out[P0F3_REPLY_LEN + 1];
	struct sig_label l;
	struct host_view h;
	char *name, *flavor, *link;
	size_t nl, fl, ll;
	int ver = 0, r, want_ok;
	uint32_t status;

	memcpy(addr, mark, 16);
	r = proto_p0f3_parse(q, &ver, addr);
	want_ok = get32(q) == P0F3_QUERY_MAGIC && (q[4] == 4 || q[4] == 6);
	CHECK((r == 0) == want_ok);
	if (r == 0) {
		CHECK(ver == q[4]);
		CHECK(memcmp(addr, q + 5, ver == 4 ? 4 : 16) == 0);
		CHECK(ver == 6 || zero(addr + 4, 12));
	}

	memset(&h, 0, sizeof(h));
	memset(&l, 0, sizeof(l));
	h.first_seen = take64(c);
	h.last_seen = take64(c);
	h.last_nat = take64(c);
	h.last_chg = take64(c);
	take(c, &h.total_conn, 4);
	take(c, &h.uptime_min, 4);
	take(c, &h.up_mod_days, 4);
	h.os_fuzzy = take8(c) & 1;
	h.os_generic = take8(c) & 1;
	h.distance = take8(c);
	name = take_str(c, &nl, 1);
	flavor = take_str(c, &fl, 1);
	link = take_str(c, &ll, 1);
	l.name = name;
	l.flavor = fl ? flavor : NULL;
	if (take8(c) & 1)
		h.os = &l;
	if (ll)
		h.link = link;
	status = r < 0 ? P0F3_BADQUERY : (take8(c) & 1) ? P0F3_OK :
	    P0F3_NOMATCH;

	out[P0F3_REPLY_LEN] = 0x5a;
	proto_p0f3_reply(out, status, &h);
	CHECK(out[P0F3_REPLY_LEN] == 0x5a);
	CHECK(get32(out) == P0F3_REPLY_MAGIC);
	CHECK(get32(out + 4) == status);
	if (status != P0F3_OK) {
		CHECK(zero(out + 8, P0F3_REPLY_LEN - 8));
		goto out;
	}
	CHECK(get32(out + 8) == clamp32(h.first_seen));
	CHECK(get32(out + 12) == clamp32(h.last_seen));
	CHECK(get32(out + 16) == h.total_conn);
	CHECK(get32(out + 20) == h.uptime_min);
	CHECK(get32(out + 24) == h.up_mod_days);
	CHECK(get32(out + 28) == clamp32(h.last_nat));
	CHECK(get32(out + 32) == clamp32(h.last_chg));
	CHECK(out[36] == h.distance && out[37] == 0);	/* little endian */
	CHECK(out[38] == 0);
	CHECK(out[39] == (h.os_fuzzy | h.os_generic << 1));
	check_str(out, 40, 32, h.os ? name : NULL, strlen(name), 0);
	check_str(out, 72, 32, h.os ? l.flavor : NULL,
	    l.flavor ? strlen(l.flavor) : 0, 0);
	CHECK(zero(out + 104, 64));
	check_str(out, 168, 32, h.link, h.link ? strlen(h.link) : 0, 0);
	CHECK(zero(out + 200, 32));
out:
	free(name);
	free(flavor);
	free(link);
}

static void
fuzz_p0f2(const uint8_t q[P0F2_QUERY_LEN], struct cur *c)
{
	struct p0f2_query pq;
	struct conn_view v;
	struct host_view h;
	uint8_t out[P0F2_REPLY_LEN + 1];
	char *os, *link;
	size_t ol, ll, fl;
	int r, want_ok, type, have_c, have_h;
	int16_t score;
	int32_t up, want_up;
	uint16_t port;

	r = proto_p0f2_parse(q, &pq);
	want_ok = get32(q) == P0F2_MAGIC && q[4] == P0F2_QTYPE_FP;
	CHECK((r == 0) == want_ok);
	CHECK(pq.id == get32(q + 8));
	CHECK(pq.type == q[4]);
	CHECK(memcmp(pq.src, q + 12, 4) == 0);
	CHECK(memcmp(pq.dst, q + 16, 4) == 0);
	memcpy(&port, q + 20, 2);
	CHECK(pq.sport == port);
	memcpy(&port, q + 22, 2);
	CHECK(pq.dport == port);

	/* A connection view as results_view() makes one: name_len <= os_len,
	 * strings not NUL-terminated where they end. */
	memset(&v, 0, sizeof(v));
	memset(&h, 0, sizeof(h));
	os = take_str(c, &ol, 0);
	link = take_str(c, &ll, 0);
	if (ol) {
		v.os = os;
		v.os_len = ol;
		v.name_len = take8(c) % (ol + 1);
	}
	if (ll) {
		v.link = link;
		v.link_len = ll;
	}
	v.dist = take8(c);
	v.fuzzy = take8(c) & 1;
	h.last_nat = take64(c);
	take(c, &h.uptime_min, 4);
	have_c = take8(c) & 1;
	have_h = take8(c) & 1;
	type = r < 0 ? P0F2_RESP_BADQUERY : (take8(c) & 1) ? P0F2_RESP_OK :
	    P0F2_RESP_NOMATCH;

	out[P0F2_REPLY_LEN] = 0x5a;
	proto_p0f2_reply(out, pq.id, type, have_c ? &v : NULL,
	    have_h ? &h : NULL);
	CHECK(out[P0F2_REPLY_LEN] == 0x5a);
	CHECK(get32(out) == P0F2_MAGIC);
	CHECK(get32(out + 4) == pq.id);
	CHECK(out[8] == type);
	memcpy(&score, out + 134, 2);
	CHECK(score == -100);
	CHECK(zero(out + 136, 4));	/* mflags, padding */
	memcpy(&up, out + 140, 4);
	if (type != P0F2_RESP_OK) {
		CHECK(zero(out + 9, 134 - 9));
		CHECK(up == -1);
		goto out;
	}
	if (have_c && v.os_len) {
		fl = v.os_len > v.name_len ? v.os_len - v.name_len - 1 : 0;
		check_str(out, 9, 20, v.os, v.name_len, 1);
		check_str(out, 29, 40, v.os + v.name_len + 1, fl, 1);
	} else
		CHECK(zero(out + 9, 60));
	CHECK(out[69] == (have_c ? v.dist : 0xff));
	check_str(out, 70, 30, have_c ? v.link : NULL, v.link_len, 1);
	CHECK(zero(out + 100, 31));	/* tos, fw */
	CHECK(out[131] == (have_h && h.last_nat ? 1 : 0));
	CHECK(out[132] == (have_c && v.fuzzy ? 0 : 1));
	CHECK(out[133] == 0);
	want_up = have_h && h.uptime_min ? (int32_t)(h.uptime_min / 60) : -1;
	CHECK(up == want_up);
out:
	free(os);
	free(link);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t q3[P0F3_QUERY_LEN], q2[P0F2_QUERY_LEN];
	struct cur c = { data, data + size };

	take(&c, q3, sizeof(q3));
	take(&c, q2, sizeof(q2));
	fuzz_p0f3(q3, &c);
	fuzz_p0f2(q2, &c);
	return 0;
}
