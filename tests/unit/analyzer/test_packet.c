/*
 * Unit tests of packet.c: frames are built byte by byte for every link type
 * and fed to pkt_decode(); expectations come from the p0f 3.09b reference
 * (shared/reference/p0f-engine.md §1.6 quirks, §6 capture layer).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/dlt.h>

#include "packet.h"

#define LT_LINUX_SLL2	276
#define LT_IPV4		228
#define LT_IPV6		229
#define LT_RAW		101	/* LINKTYPE_RAW as it appears in files */

/* ------------------------------------------------------------------ */
/* A frame builder. */

struct fb {
	uint8_t b[4096];
	size_t n;
};

static void
put8(struct fb *f, unsigned v)
{
	assert_true(f->n < sizeof(f->b));
	f->b[f->n++] = (uint8_t)v;
}

static void
put16(struct fb *f, unsigned v)
{
	put8(f, v >> 8);
	put8(f, v & 0xff);
}

static void
put32(struct fb *f, uint32_t v)
{
	put16(f, v >> 16);
	put16(f, v & 0xffff);
}

static void
putn(struct fb *f, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put8(f, p[i]);
}

/* Everything of one IPv4/IPv6 + TCP packet. */
struct spec {
	int ver;
	uint8_t tos;		/* IPv4 TOS / IPv6 traffic class */
	uint32_t flow;		/* IPv6 flow label */
	uint8_t ttl;
	uint16_t id;
	uint16_t frag;		/* IPv4 flags + fragment offset */
	uint8_t proto;		/* IPv4 protocol / last next-header */
	uint8_t ipopt[40];
	size_t ipopt_len;
	uint8_t ext[512];	/* IPv6 extension headers, caller-made */
	size_t ext_len;
	uint8_t ext_first;	/* next-header of the IPv6 header */
	int len_adj;		/* added to tot_len / payload length */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint8_t ns;		/* TCP NS bit */
	uint8_t doff_override;	/* data offset in words, 0: computed */
	uint16_t win, urg;
	uint8_t opt[40];
	size_t opt_len;		/* multiple of 4 */
	size_t pay;		/* payload bytes */
};

/* Linux-like options: mss 1460, sok, ts(1000, 0), nop, ws 7. */
static const uint8_t linux_opts[20] = {
	2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 1, 3, 3,
	7,
};

static void
spec_default(struct spec *s, int ver)
{
	memset(s, 0, sizeof(*s));
	s->ver = ver;
	s->ttl = 64;
	s->proto = 6;
	s->ext_first = 6;
	if (ver == 4) {
		s->frag = 0x4000;
		s->id = 0x1234;
		memcpy(s->src, (const uint8_t[]){ 198, 18, 0, 1 }, 4);
		memcpy(s->dst, (const uint8_t[]){ 192, 0, 2, 25 }, 4);
	} else {
		static const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0, 1 };
		static const uint8_t b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0, 0x25 };

		memcpy(s->src, a, 16);
		memcpy(s->dst, b, 16);
	}
	s->sport = 40000;
	s->dport = 25;
	s->seq = 0x11223344;
	s->flags = TH_SYN;
	s->win = 29200;
	memcpy(s->opt, linux_opts, sizeof(linux_opts));
	s->opt_len = sizeof(linux_opts);
}

/*
 * A base for quirk tests: no quirk at all (DF clear with a non-zero ID,
 * non-zero seq, zero ACK, TSval non-zero, TSecr zero).
 */
static void
spec_plain(struct spec *s)
{
	spec_default(s, 4);
	s->frag = 0;
}

static void
build_tcp(struct fb *f, const struct spec *s)
{
	size_t i;
	unsigned doff;

	assert_int_equal(s->opt_len % 4, 0);
	doff = s->doff_override ? s->doff_override :
	    (unsigned)(20 + s->opt_len) / 4;
	put16(f, s->sport);
	put16(f, s->dport);
	put32(f, s->seq);
	put32(f, s->ack);
	put8(f, doff << 4 | (s->ns ? 1 : 0));
	put8(f, s->flags);
	put16(f, s->win);
	put16(f, 0);		/* checksum: never verified */
	put16(f, s->urg);
	putn(f, s->opt, s->opt_len);
	for (i = 0; i < s->pay; i++)
		put8(f, 'A' + i % 26);
}

/* The IP datagram of s appended to f. */
static void
build_ip(struct fb *f, const struct spec *s)
{
	size_t tcp_len = 20 + s->opt_len + s->pay;

	if (s->ver == 4) {
		size_t ihl = 20 + s->ipopt_len;

		assert_int_equal(s->ipopt_len % 4, 0);
		put8(f, 0x40 | (unsigned)(ihl / 4));
		put8(f, s->tos);
		put16(f, (unsigned)((int)(ihl + tcp_len) + s->len_adj));
		put16(f, s->id);
		put16(f, s->frag);
		put8(f, s->ttl);
		put8(f, s->proto);
		put16(f, 0);
		putn(f, s->src, 4);
		putn(f, s->dst, 4);
		putn(f, s->ipopt, s->ipopt_len);
	} else {
		put32(f, 6u << 28 | (uint32_t)s->tos << 20 |
		    (s->flow & 0xfffff));
		put16(f, (unsigned)((int)(s->ext_len + tcp_len) + s->len_adj));
		put8(f, s->ext_first);
		put8(f, s->ttl);
		putn(f, s->src, 16);
		putn(f, s->dst, 16);
		putn(f, s->ext, s->ext_len);
	}
	build_tcp(f, s);
}

static void
eth_hdr(struct fb *f)
{
	static const uint8_t mac[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

	putn(f, mac, 12);
}

/* An Ethernet frame of s with VLAN tags (tpid, tci pairs). */
static void
build_eth(struct fb *f, const struct spec *s, const uint16_t *tags,
    size_t ntags)
{
	size_t i;

	f->n = 0;
	eth_hdr(f);
	for (i = 0; i < ntags; i++) {
		put16(f, tags[2 * i]);
		put16(f, tags[2 * i + 1]);
	}
	put16(f, s->ver == 4 ? 0x0800 : 0x86dd);
	build_ip(f, s);
}

static int
decode_spec(const struct spec *s, unsigned flags, struct pkt_tcp *p)
{
	struct fb f;

	build_eth(&f, s, NULL, 0);
	return pkt_decode(DLT_EN10MB, f.b, f.n, flags, p);
}

/* Decodes s and returns its quirks (the decode must succeed). */
static uint32_t
quirks_of(const struct spec *s, unsigned flags)
{
	struct pkt_tcp p;

	assert_int_equal(decode_spec(s, flags, &p), 0);
	return p.quirks;
}

/* The common checks of a decoded default SYN. */
static void
check_default_syn(const struct pkt_tcp *p, int ver)
{
	static const uint8_t layout[5] = { OPT_MSS, OPT_SACKOK, OPT_TS,
		OPT_NOP, OPT_WS };

	assert_int_equal(p->ip_ver, ver);
	assert_int_equal(p->ttl, 64);
	assert_int_equal(p->sport, 40000);
	assert_int_equal(p->dport, 25);
	assert_int_equal(p->seq, 0x11223344);
	assert_int_equal(p->flags, TH_SYN);
	assert_int_equal(p->win, 29200);
	assert_int_equal(p->mss, 1460);
	assert_int_equal(p->wscale, 7);
	assert_int_equal(p->opt_cnt, 5);
	assert_memory_equal(p->opt, layout, 5);
	assert_int_equal(p->has_ts, 1);
	assert_int_equal(p->ts1, 1000);
	assert_int_equal(p->ts2, 0);
	assert_int_equal(p->eol_pad, 0);
	assert_int_equal(p->olen, 0);
	assert_int_equal(p->pay_len, 0);
	if (ver == 4) {
		assert_int_equal(p->quirks, Q_DF | Q_NZ_ID);
		assert_int_equal(p->hdr_len, 20 + 40);
		assert_memory_equal(p->src,
		    ((const uint8_t[]){ 198, 18, 0, 1 }), 4);
		assert_memory_equal(p->dst,
		    ((const uint8_t[]){ 192, 0, 2, 25 }), 4);
	} else {
		assert_int_equal(p->quirks, 0);
		assert_int_equal(p->hdr_len, 40 + 40);
		assert_int_equal(p->src[15], 1);
		assert_int_equal(p->dst[15], 0x25);
		assert_int_equal(p->src[0], 0x20);
	}
}

/* ------------------------------------------------------------------ */
/* Link types. */

static void
test_dlt_en10mb_ipv4(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	check_default_syn(&p, 4);
	assert_int_equal(p.vlans, 0);
	assert_int_equal(p.vlan_id, 0);
}

static void
test_dlt_en10mb_ipv6(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 6);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	check_default_syn(&p, 6);
}

static void
test_dlt_en10mb_not_ip(void **state)
{
	struct fb f = { .n = 0 };
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	eth_hdr(&f);
	put16(&f, 0x0806);	/* ARP */
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p), PKT_ELINK);
}

static void
test_dlt_en10mb_version_mismatch(void **state)
{
	struct fb f = { .n = 0 };
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	/* Ethertype says IPv4, the header is IPv6. */
	spec_default(&s, 6);
	eth_hdr(&f);
	put16(&f, 0x0800);
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p),
	    PKT_EIPHDR);
}

static void
test_dlt_vlan_8021q(void **state)
{
	static const uint16_t tag[] = { 0x8100, 0xa064 }; /* prio 5, VID 100 */
	struct spec s;
	struct fb f;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	build_eth(&f, &s, tag, 1);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 4);
	assert_int_equal(p.vlans, 1);
	assert_int_equal(p.vlan_id, 100);
}

static void
test_dlt_vlan_qinq(void **state)
{
	static const uint16_t tags[] = { 0x88a8, 0x0c8, 0x8100, 0x065 };
	struct spec s;
	struct fb f;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 6);
	build_eth(&f, &s, tags, 2);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 6);
	assert_int_equal(p.vlans, 2);
	assert_int_equal(p.vlan_id, 200); /* the outer tag */
}

static void
test_dlt_vlan_too_many_tags(void **state)
{
	uint16_t tags[2 * (MAX_VLAN_TAGS + 1)];
	struct spec s;
	struct fb f;
	struct pkt_tcp p;
	size_t i;

	(void)state;
	for (i = 0; i < MAX_VLAN_TAGS + 1; i++) {
		tags[2 * i] = 0x8100;
		tags[2 * i + 1] = (uint16_t)(i + 1);
	}
	spec_default(&s, 4);
	build_eth(&f, &s, tags, MAX_VLAN_TAGS);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p), 0);
	assert_int_equal(p.vlans, MAX_VLAN_TAGS);
	build_eth(&f, &s, tags, MAX_VLAN_TAGS + 1);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p), PKT_ELINK);
}

static void
test_dlt_compat_drops_vlan(void **state)
{
	static const uint16_t tag[] = { 0x8100, 100 };
	struct spec s;
	struct fb f;
	struct pkt_tcp p;

	(void)state;
	/* p0f's fixed link offset drops every tagged frame (§6). */
	spec_default(&s, 4);
	build_eth(&f, &s, tag, 1);
	assert_true(pkt_decode(DLT_EN10MB, f.b, f.n, PKT_F_COMPAT, &p) < 0);
	build_eth(&f, &s, NULL, 0);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, PKT_F_COMPAT, &p),
	    0);
}

static void
test_dlt_linux_sll(void **state)
{
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;
	int v;

	(void)state;
	for (v = 4; v <= 6; v += 2) {
		f.n = 0;
		spec_default(&s, v);
		put16(&f, 0);		/* packet type: to us */
		put16(&f, 1);		/* ARPHRD_ETHER */
		put16(&f, 6);		/* address length */
		putn(&f, (const uint8_t *)"\x02\0\0\0\0\x02\0\0", 8);
		put16(&f, v == 4 ? 0x0800 : 0x86dd);
		assert_int_equal(f.n, 16);
		build_ip(&f, &s);
		assert_int_equal(pkt_decode(DLT_LINUX_SLL, f.b, f.n, 0, &p),
		    0);
		check_default_syn(&p, v);
	}
}

static void
test_dlt_linux_sll2(void **state)
{
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;
	int v;

	(void)state;
	for (v = 4; v <= 6; v += 2) {
		f.n = 0;
		spec_default(&s, v);
		put16(&f, v == 4 ? 0x0800 : 0x86dd); /* protocol first */
		put16(&f, 0);		/* reserved */
		put32(&f, 2);		/* interface index */
		put16(&f, 1);		/* ARPHRD_ETHER */
		put8(&f, 0);		/* packet type */
		put8(&f, 6);		/* address length */
		putn(&f, (const uint8_t *)"\x02\0\0\0\0\x02\0\0", 8);
		assert_int_equal(f.n, 20);
		build_ip(&f, &s);
		assert_int_equal(pkt_decode(LT_LINUX_SLL2, f.b, f.n, 0, &p),
		    0);
		check_default_syn(&p, v);
	}
}

static void
test_dlt_raw(void **state)
{
	static const int dlts[] = { DLT_RAW, LT_RAW };
	struct spec s;
	struct fb f;
	struct pkt_tcp p;
	size_t i;
	int v;

	(void)state;
	for (i = 0; i < 2; i++)
		for (v = 4; v <= 6; v += 2) {
			f.n = 0;
			spec_default(&s, v);
			build_ip(&f, &s);
			assert_int_equal(pkt_decode(dlts[i], f.b, f.n, 0, &p),
			    0);
			check_default_syn(&p, v);
		}
}

static void
test_dlt_ipv4_ipv6(void **state)
{
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	build_ip(&f, &s);
	assert_true(pkt_dlt_supported(LT_IPV4));
	assert_int_equal(pkt_decode(LT_IPV4, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 4);
	f.n = 0;
	spec_default(&s, 6);
	build_ip(&f, &s);
	assert_true(pkt_dlt_supported(LT_IPV6));
	assert_int_equal(pkt_decode(LT_IPV6, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 6);
}

/* DLT_NULL: 4-byte AF in host (here little-endian file) order. */
static void
test_dlt_null(void **state)
{
	static const uint32_t af6[] = { 24, 28, 30 };
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;
	size_t i;

	(void)state;
	spec_default(&s, 4);
	putn(&f, (const uint8_t *)"\x02\0\0\0", 4);
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_NULL, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 4);
	for (i = 0; i < 3; i++) {
		f.n = 0;
		spec_default(&s, 6);
		put8(&f, af6[i]);
		put8(&f, 0);
		put16(&f, 0);
		build_ip(&f, &s);
		assert_int_equal(pkt_decode(DLT_NULL, f.b, f.n, 0, &p), 0);
		check_default_syn(&p, 6);
	}
}

/* DLT_LOOP: the AF in network order (p0f's offset 8 is wrong, §6). */
static void
test_dlt_loop(void **state)
{
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	put32(&f, 2);
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_LOOP, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 4);
	f.n = 0;
	spec_default(&s, 6);
	put32(&f, 24);
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_LOOP, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 6);
}

static void
test_dlt_ppp(void **state)
{
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	put16(&f, 0xff03);
	put16(&f, 0x0021);	/* PPP_IP */
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_PPP, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 4);

	f.n = 0;
	spec_default(&s, 6);
	put16(&f, 0xff03);
	put16(&f, 0x0057);	/* PPP_IPV6 */
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_PPP, f.b, f.n, 0, &p), 0);
	check_default_syn(&p, 6);

	f.n = 0;
	spec_default(&s, 4);
	put16(&f, 0xff03);
	put16(&f, 0xc021);	/* LCP */
	build_ip(&f, &s);
	assert_int_equal(pkt_decode(DLT_PPP, f.b, f.n, 0, &p), PKT_ELINK);
}

static void
test_dlt_unsupported(void **state)
{
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	build_ip(&f, &s);
	assert_false(pkt_dlt_supported(DLT_IEEE802_11));
	assert_int_equal(pkt_decode(DLT_IEEE802_11, f.b, f.n, 0, &p),
	    PKT_EDLT);
	assert_true(pkt_dlt_supported(DLT_EN10MB));
	assert_true(pkt_dlt_supported(DLT_LINUX_SLL));
	assert_true(pkt_dlt_supported(LT_LINUX_SLL2));
	assert_true(pkt_dlt_supported(DLT_NULL));
	assert_true(pkt_dlt_supported(DLT_LOOP));
	assert_true(pkt_dlt_supported(DLT_PPP));
	assert_true(pkt_dlt_supported(DLT_RAW));
}

static void
test_strerror_distinct(void **state)
{
	int i, j;

	(void)state;
	assert_string_equal(pkt_strerror(0), "ok");
	for (i = 1; i < PKT_NERR; i++)
		for (j = i + 1; j < PKT_NERR; j++)
			assert_string_not_equal(pkt_strerror(-i),
			    pkt_strerror(-j));
}

/* ------------------------------------------------------------------ */
/* IPv4. */

static void
test_ipv4_options_olen(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.ipopt_len = 4;
	memcpy(s.ipopt, (const uint8_t[]){ 0x94, 4, 0, 0 }, 4); /* RA */
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.olen, 4);
	assert_int_equal(p.hdr_len, 24 + 40);
	assert_int_equal(p.mss, 1460);
	assert_int_equal(p.pay_len, 0);

	s.ipopt_len = 12;
	memset(s.ipopt, 1, 12);	/* NOPs */
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.olen, 12);
	assert_int_equal(p.hdr_len, 32 + 40);
	assert_int_equal(p.wscale, 7);
}

static void
test_ipv4_bad_ihl(void **state)
{
	struct spec s;
	struct fb f;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	build_eth(&f, &s, NULL, 0);
	f.b[14] = 0x44;		/* IHL 16 bytes */
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p), PKT_EIPHDR);
}

static void
test_ipv4_not_tcp(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.proto = 17;
	assert_int_equal(decode_spec(&s, 0, &p), PKT_ENOTTCP);
}

static void
test_ipv4_fragments(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.frag = 0x2000;	/* MF */
	assert_int_equal(decode_spec(&s, 0, &p), PKT_EFRAG);
	s.frag = 0x0001;	/* offset 8 */
	assert_int_equal(decode_spec(&s, 0, &p), PKT_EFRAG);
	s.frag = 0x4000 | 0x1fff;
	assert_int_equal(decode_spec(&s, 0, &p), PKT_EFRAG);
	s.frag = 0x2000;
	assert_int_equal(decode_spec(&s, PKT_F_COMPAT, &p), PKT_EFRAG);
	/* DF and the reserved bit alone are no fragment. */
	s.frag = 0xc000;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
}

/* Ethernet padding after a short datagram is not payload (tot_len). */
static void
test_ipv4_trailer_trimmed(void **state)
{
	struct spec s;
	struct fb f;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.opt_len = 0;
	build_eth(&f, &s, NULL, 0);
	assert_int_equal(f.n, 54);
	memset(f.b + f.n, 0xee, 6);	/* minimum frame size 60 */
	f.n += 6;
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, 0, &p), 0);
	assert_int_equal(p.pay_len, 0);
	assert_int_equal(p.hdr_len, 40);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n, PKT_F_COMPAT, &p),
	    0);
	assert_int_equal(p.pay_len, 0);
}

static void
test_ipv4_payload_len(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.pay = 13;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.pay_len, 13);
	assert_int_equal(p.hdr_len, 60);
}

/* A datagram cut by the snap length: p0f drops it (compat); by default
 * it is kept when its headers are whole, payload counted from tot_len. */
static void
test_ipv4_snaplen_cut_payload(void **state)
{
	struct spec s;
	struct fb f;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.pay = 100;
	build_eth(&f, &s, NULL, 0);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n - 50, 0, &p), 0);
	assert_int_equal(p.pay_len, 100);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n - 50, PKT_F_COMPAT,
	    &p), PKT_ESHORT);
}

static void
test_ipv4_totlen_below_headers(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.len_adj = 19 - 60;		/* tot_len 19 < IHL */
	assert_int_equal(decode_spec(&s, 0, &p), PKT_EIPHDR);
	s.len_adj = 30 - 60;		/* room for less than the TCP header */
	assert_true(decode_spec(&s, 0, &p) < 0);
}

static void
test_compat_short_frame(void **state)
{
	struct spec s;
	struct fb f = { .n = 0 };
	struct pkt_tcp p;

	(void)state;
	/* Exactly 40 bytes of IPv4 + TCP: fine in both modes. */
	spec_default(&s, 4);
	s.opt_len = 0;
	build_ip(&f, &s);
	assert_int_equal(f.n, 40);
	assert_int_equal(pkt_decode(LT_RAW, f.b, f.n, PKT_F_COMPAT, &p), 0);
	assert_int_equal(p.opt_cnt, 0);
	assert_int_equal(p.mss, 0);
	/* 39: p0f never looks at it; neither do we. */
	assert_true(pkt_decode(LT_RAW, f.b, 39, PKT_F_COMPAT, &p) < 0);
	assert_true(pkt_decode(LT_RAW, f.b, 39, 0, &p) < 0);
}

/* ------------------------------------------------------------------ */
/* IPv6 and its extension headers. */

/* Appends one 8-byte-multiple extension header with next header nxt. */
static void
add_ext(struct spec *s, uint8_t type, uint8_t nxt, size_t len8)
{
	uint8_t *e = s->ext + s->ext_len;
	size_t total = (len8 + 1) * 8;

	if (s->ext_len == 0)
		s->ext_first = type;
	memset(e, 0, total);
	e[0] = nxt;
	e[1] = (uint8_t)len8;
	if (type == 0 || type == 60) {	/* PadN filling the rest */
		e[2] = 1;
		e[3] = (uint8_t)(total - 4);
	}
	s->ext_len += total;
}

static void
test_ipv6_ext_headers(void **state)
{
	static const uint8_t types[] = { 0, 43, 60 };
	struct spec s;
	struct pkt_tcp p;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		spec_default(&s, 6);
		add_ext(&s, types[i], 6, i); /* 8, 16, 24 bytes */
		assert_int_equal(decode_spec(&s, 0, &p), 0);
		assert_int_equal(p.ip_ver, 6);
		assert_int_equal(p.mss, 1460);
		assert_int_equal(p.opt_cnt, 5);
		assert_int_equal(p.hdr_len, 40 + (i + 1) * 8 + 40);
		assert_int_equal(p.pay_len, 0);
		assert_int_equal(p.olen, 0);
	}
	/* A chain: hop-by-hop, dest-opts, routing, dest-opts. */
	spec_default(&s, 6);
	s.pay = 5;
	add_ext(&s, 0, 60, 0);
	add_ext(&s, 60, 43, 1);
	add_ext(&s, 43, 60, 0);
	add_ext(&s, 60, 6, 0);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.hdr_len, 40 + 40 + 40);
	assert_int_equal(p.pay_len, 5);
	assert_int_equal(p.wscale, 7);
}

static void
test_ipv6_ext_compat(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 6);
	add_ext(&s, 0, 6, 0);
	assert_int_equal(decode_spec(&s, PKT_F_COMPAT, &p), PKT_EEXTHDR);
	spec_default(&s, 6);
	assert_int_equal(decode_spec(&s, PKT_F_COMPAT, &p), 0);
}

/* UDP over IPv6 is "not TCP" in both modes, not an extension header. */
static void
test_ipv6_udp_is_not_tcp(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 6);
	s.ext_first = 17;
	assert_int_equal(decode_spec(&s, 0, &p), PKT_ENOTTCP);
	assert_int_equal(decode_spec(&s, PKT_F_COMPAT, &p), PKT_ENOTTCP);
}

static void
test_ipv6_too_many_ext(void **state)
{
	struct spec s;
	struct pkt_tcp p;
	size_t i;

	(void)state;
	spec_default(&s, 6);
	for (i = 0; i < MAX_IP6_EXT_HDRS; i++)
		add_ext(&s, 60, i + 1 < MAX_IP6_EXT_HDRS ? 60 : 6, 0);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	spec_default(&s, 6);
	for (i = 0; i < MAX_IP6_EXT_HDRS + 1; i++)
		add_ext(&s, 60, i < MAX_IP6_EXT_HDRS ? 60 : 6, 0);
	assert_int_equal(decode_spec(&s, 0, &p), PKT_ENOTTCP);
}

static void
add_frag(struct spec *s, uint16_t off_m)
{
	uint8_t *e = s->ext + s->ext_len;

	if (s->ext_len == 0)
		s->ext_first = 44;
	e[0] = 6;
	e[1] = 0;
	e[2] = (uint8_t)(off_m >> 8);
	e[3] = (uint8_t)off_m;
	e[4] = 0xde;
	e[5] = 0xad;
	e[6] = 0xbe;
	e[7] = 0xef;
	s->ext_len += 8;
}

static void
test_ipv6_fragments(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 6);
	add_frag(&s, 0x0001);		/* offset 0, M */
	assert_int_equal(decode_spec(&s, 0, &p), PKT_EFRAG);
	spec_default(&s, 6);
	add_frag(&s, 0x0008);		/* offset 1, no M */
	assert_int_equal(decode_spec(&s, 0, &p), PKT_EFRAG);
	/* Atomic fragment (RFC 6946): a whole packet. */
	spec_default(&s, 6);
	add_frag(&s, 0x0000);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.hdr_len, 40 + 8 + 40);
	assert_int_equal(p.mss, 1460);
}

static void
test_ipv6_payload_len(void **state)
{
	struct spec s;
	struct fb f;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 6);
	s.pay = 7;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.pay_len, 7);
	/* Trailing capture bytes beyond the payload length are ignored. */
	s.pay = 0;
	build_eth(&f, &s, NULL, 0);
	memset(f.b + f.n, 0xee, 9);
	assert_int_equal(pkt_decode(DLT_EN10MB, f.b, f.n + 9, 0, &p), 0);
	assert_int_equal(p.pay_len, 0);
}

/* ------------------------------------------------------------------ */
/* Truncation: every strict prefix of a header-only frame is an error. */

static void
all_prefixes_fail(int dlt, const struct fb *f, unsigned flags)
{
	struct pkt_tcp p;
	size_t n;

	for (n = 0; n < f->n; n++) {
		uint8_t *copy = malloc(n ? n : 1);

		assert_non_null(copy);
		memcpy(copy, f->b, n);
		if (pkt_decode(dlt, copy, n, flags, &p) >= 0)
			fail_msg("dlt %d: a %zu-byte prefix of %zu decoded",
			    dlt, n, f->n);
		free(copy);
	}
	assert_int_equal(pkt_decode(dlt, f->b, f->n, flags, &p), 0);
}

static void
test_truncation_every_byte(void **state)
{
	static const uint16_t tags[] = { 0x88a8, 1, 0x8100, 2 };
	struct spec s;
	struct fb f;
	unsigned fl;

	(void)state;
	for (fl = 0; fl <= PKT_F_COMPAT; fl++) {
		spec_default(&s, 4);
		s.ipopt_len = 8;
		memset(s.ipopt, 1, 8);
		build_eth(&f, &s, NULL, 0);
		all_prefixes_fail(DLT_EN10MB, &f, fl);

		spec_default(&s, 6);
		build_eth(&f, &s, NULL, 0);
		all_prefixes_fail(DLT_EN10MB, &f, fl);

		f.n = 0;
		spec_default(&s, 6);
		put16(&f, 0x86dd);
		putn(&f, (const uint8_t *)"\0\0\0\0\0\x02\0\x01\0\x06"
		    "\x02\0\0\0\0\x02\0\0", 18);
		build_ip(&f, &s);
		all_prefixes_fail(LT_LINUX_SLL2, &f, fl);

		f.n = 0;
		put32(&f, 2);
		spec_default(&s, 4);
		build_ip(&f, &s);
		all_prefixes_fail(DLT_LOOP, &f, fl);
	}
	spec_default(&s, 4);
	build_eth(&f, &s, tags, 2);
	all_prefixes_fail(DLT_EN10MB, &f, 0);
	spec_default(&s, 6);
	add_ext(&s, 0, 43, 1);
	add_ext(&s, 43, 44, 0);
	add_frag(&s, 0);
	build_eth(&f, &s, NULL, 0);
	all_prefixes_fail(DLT_EN10MB, &f, 0);
}

static void
test_tcp_bad_data_offset(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 4);
	s.doff_override = 4;
	assert_int_equal(decode_spec(&s, 0, &p), PKT_ETCPHDR);
	s.doff_override = 15;	/* 60 bytes, but only 40 arrived */
	assert_int_equal(decode_spec(&s, 0, &p), PKT_ESHORT);
}

static void
test_tcp_flag_combos(void **state)
{
	static const uint8_t bad[] = {
		TH_SYN | TH_FIN, TH_SYN | TH_RST, TH_FIN | TH_RST,
		TH_SYN | TH_ACK | TH_FIN, 0, TH_PUSH, TH_URG | TH_ECE,
	};
	static const uint8_t good[] = {
		TH_SYN, TH_SYN | TH_ACK, TH_ACK, TH_FIN | TH_ACK, TH_RST,
		TH_RST | TH_ACK, TH_FIN,
	};
	struct spec s;
	struct pkt_tcp p;
	size_t i;

	(void)state;
	spec_default(&s, 4);
	for (i = 0; i < sizeof(bad); i++) {
		s.flags = bad[i];
		assert_int_equal(decode_spec(&s, 0, &p), PKT_EFLAGS);
	}
	for (i = 0; i < sizeof(good); i++) {
		s.flags = good[i];
		assert_int_equal(decode_spec(&s, 0, &p), 0);
	}
	s.flags = TH_SYN;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(pkt_syn_kind(&p), 1);
	s.flags = TH_SYN | TH_ACK | TH_ECE;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(pkt_syn_kind(&p), 2);
	s.flags = TH_ACK;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(pkt_syn_kind(&p), 0);
}

/* ------------------------------------------------------------------ */
/* Quirks, one at a time, from a packet with none. */

static void
test_quirk_none_base(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	assert_int_equal(quirks_of(&s, 0), 0);
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), 0);
}

static void
test_quirk_df_id(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.frag = 0x4000;
	s.id = 0;
	assert_int_equal(quirks_of(&s, 0), Q_DF);
	s.id = 1;
	assert_int_equal(quirks_of(&s, 0), Q_DF | Q_NZ_ID);
	s.frag = 0;
	s.id = 0;
	assert_int_equal(quirks_of(&s, 0), Q_ZERO_ID);
	s.id = 1;
	assert_int_equal(quirks_of(&s, 0), 0);
}

static void
test_quirk_mbz(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.frag = 0x8000;
	assert_int_equal(quirks_of(&s, 0), Q_NZ_MBZ);
}

static void
test_quirk_ecn(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.tos = 0x01;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
	s.tos = 0x02;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
	s.tos = 0x03;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
	s.tos = 0xfc;		/* DSCP only */
	assert_int_equal(quirks_of(&s, 0), 0);
	s.tos = 0;
	s.flags = TH_SYN | TH_ECE;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
	s.flags = TH_SYN | TH_CWR;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
	s.flags = TH_SYN;
	s.ns = 1;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
}

static void
test_quirk_ipv6_tclass_flow(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_default(&s, 6);
	s.tos = 0xb8;		/* DSCP 46, no ECN */
	assert_int_equal(quirks_of(&s, 0), 0);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.tos, 0xb8);
	s.tos = 0x01;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
	s.tos = 0x02;
	assert_int_equal(quirks_of(&s, 0), Q_ECN);
	s.tos = 0;
	s.flow = 1;
	assert_int_equal(quirks_of(&s, 0), Q_FLOW);
	s.flow = 0x80000;
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), Q_FLOW);
	/* Traffic class bits are not the flow label. */
	s.flow = 0;
	s.tos = 0xf0;
	assert_int_equal(quirks_of(&s, 0), 0);
}

static void
test_quirk_seq_zero(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.seq = 0;
	assert_int_equal(quirks_of(&s, 0), Q_ZERO_SEQ);
}

static void
test_quirk_ack_plus_default(void **state)
{
	static const uint32_t acks[] = { 1, 0x01000000, 0x02000000,
		0xfffffffe };
	struct spec s;
	size_t i;

	(void)state;
	spec_plain(&s);
	for (i = 0; i < 4; i++) {
		s.ack = acks[i];
		assert_int_equal(quirks_of(&s, 0), Q_NZ_ACK);
	}
	/* Not with RST (a RST without ACK may carry any ACK field). */
	s.flags = TH_RST;
	s.ack = 5;
	assert_int_equal(quirks_of(&s, 0) & Q_NZ_ACK, 0);
	/* Not with the ACK flag. */
	s.flags = TH_SYN | TH_ACK;
	assert_int_equal(quirks_of(&s, 0) & Q_NZ_ACK, 0);
}

/* p0f 3.09b's ack+ tests bit 0 of the most significant byte (§1.6). */
static void
test_quirk_ack_plus_compat(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.ack = 0x01000000;
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), Q_NZ_ACK);
	s.ack = 0xfffffffe;
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), Q_NZ_ACK);
	s.ack = 0x00000001;
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), 0);
	s.ack = 0x02000000;
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), 0);
}

static void
test_quirk_ack_minus(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.flags = TH_SYN | TH_ACK;
	s.ack = 0;
	assert_int_equal(quirks_of(&s, 0), Q_ZERO_ACK);
	s.ack = 7;
	assert_int_equal(quirks_of(&s, 0), 0);
}

static void
test_quirk_urg(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.urg = 1;
	assert_int_equal(quirks_of(&s, 0), Q_NZ_URG);
	s.flags = TH_SYN | TH_URG;
	assert_int_equal(quirks_of(&s, 0), Q_URG);
	s.urg = 0;
	assert_int_equal(quirks_of(&s, 0), Q_URG);
}

static void
test_quirk_push(void **state)
{
	struct spec s;

	(void)state;
	spec_plain(&s);
	s.flags = TH_SYN | TH_PUSH;
	assert_int_equal(quirks_of(&s, 0), Q_PUSH);
}

static void
test_quirk_ts1_zero(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	memset(s.opt + 8, 0, 4);	/* TSval 0 */
	assert_int_equal(quirks_of(&s, 0), Q_OPT_ZERO_TS1);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.has_ts, 1);
	assert_int_equal(p.ts1, 0);
}

static void
test_quirk_ts2_nonzero(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	s.opt[15] = 9;		/* TSecr 9 */
	assert_int_equal(quirks_of(&s, 0), Q_OPT_NZ_TS2);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.ts2, 9);
	/* A SYN+ACK echoes the peer's TSval: no quirk. */
	s.flags = TH_SYN | TH_ACK;
	s.ack = 1;
	assert_int_equal(quirks_of(&s, 0), 0);
	/* A pure SYN with PSH or URG is still a pure SYN. */
	s.flags = TH_SYN | TH_PUSH;
	s.ack = 0;
	assert_int_equal(quirks_of(&s, 0), Q_OPT_NZ_TS2 | Q_PUSH);
}

static void
test_quirk_exws(void **state)
{
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	s.opt[19] = 14;
	assert_int_equal(quirks_of(&s, 0), 0);
	s.opt[19] = 15;
	assert_int_equal(quirks_of(&s, 0), Q_OPT_EXWS);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.wscale, 15);
}

static void
test_eol_pad_and_opt_plus(void **state)
{
	static const uint8_t zero_pad[8] = { 2, 4, 5, 0xb4, 0, 0, 0, 0 };
	static const uint8_t nz_pad[8] = { 2, 4, 5, 0xb4, 0, 0, 7, 0 };
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	memcpy(s.opt, zero_pad, 8);
	s.opt_len = 8;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.opt_cnt, 2);
	assert_int_equal(p.opt[0], OPT_MSS);
	assert_int_equal(p.opt[1], OPT_EOL);
	assert_int_equal(p.eol_pad, 3);
	assert_int_equal(p.quirks, 0);
	assert_int_equal(p.mss, 1460);

	memcpy(s.opt, nz_pad, 8);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.eol_pad, 3);
	assert_int_equal(p.opt_cnt, 2);
	assert_int_equal(p.quirks, Q_OPT_EOL_NZ);
}

/*
 * p0f 3.09b's opt+ scan stops one byte short: a non-zero last padding
 * byte alone goes unnoticed (checked with Debian's p0f: padding 00 00 07
 * -> no opt+, 00 07 00 and 07 00 00 -> opt+). Compat mode keeps that.
 */
static void
test_opt_plus_last_byte_compat(void **state)
{
	static const uint8_t last[8] = { 2, 4, 5, 0xb4, 0, 0, 0, 7 };
	static const uint8_t first[8] = { 2, 4, 5, 0xb4, 0, 7, 0, 0 };
	struct spec s;

	(void)state;
	spec_plain(&s);
	memcpy(s.opt, last, 8);
	s.opt_len = 8;
	assert_int_equal(quirks_of(&s, 0), Q_OPT_EOL_NZ);
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), 0);
	memcpy(s.opt, first, 8);
	assert_int_equal(quirks_of(&s, 0), Q_OPT_EOL_NZ);
	assert_int_equal(quirks_of(&s, PKT_F_COMPAT), Q_OPT_EOL_NZ);
}

static void
set_opts(struct spec *s, const uint8_t *o, size_t n)
{
	memcpy(s->opt, o, n);
	s->opt_len = n;
}

/* A wrong length byte of MSS/WS/SOK/TS: "bad", parsing goes on. */
static void
test_quirk_bad_wrong_len_continues(void **state)
{
	static const uint8_t mss5[8] = { 2, 5, 5, 0xb4, 1, 3, 3, 6 };
	static const uint8_t ws4[8] = { 3, 4, 9, 1, 2, 4, 5, 0xb4 };
	static const uint8_t sok3[8] = { 4, 3, 1, 1, 3, 3, 5, 1 };
	static const uint8_t ts9[16] = { 8, 9, 0, 0, 0, 1, 0, 0, 0, 0, 3, 3, 4,
		1, 1, 1 };
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	set_opts(&s, mss5, 8);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.opt_cnt, 3);		/* mss, nop, ws */
	assert_int_equal(p.opt[2], OPT_WS);
	assert_int_equal(p.wscale, 6);

	set_opts(&s, ws4, 8);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.wscale, 9);
	assert_int_equal(p.opt_cnt, 3);		/* ws, nop, mss */
	assert_int_equal(p.mss, 1460);

	set_opts(&s, sok3, 8);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.opt_cnt, 5);		/* sok, nop, nop, ws, nop */
	assert_int_equal(p.opt[3], OPT_WS);
	assert_int_equal(p.wscale, 5);

	set_opts(&s, ts9, 16);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.ts1, 1);
	assert_int_equal(p.opt[1], OPT_WS);
	assert_int_equal(p.wscale, 4);
}

/* A truncated option sets "bad" and stops parsing. */
static void
test_quirk_bad_truncated_aborts(void **state)
{
	static const uint8_t cut_ts[8] = { 1, 1, 1, 8, 10, 0, 0, 1 };
	static const uint8_t cut_mss[4] = { 1, 1, 2, 4 };
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	set_opts(&s, cut_ts, 8);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.has_ts, 0);
	assert_int_equal(p.ts1, 0);
	set_opts(&s, cut_mss, 4);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.mss, 0);
}

static void
test_quirk_bad_sack_len(void **state)
{
	uint8_t o[40];
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	/* SACK length 10: fine, and parsing continues after it. */
	memset(o, 0, sizeof(o));
	o[0] = 5;
	o[1] = 10;
	o[10] = 1;
	o[11] = 3;
	o[12] = 3;
	o[13] = 2;
	o[14] = o[15] = 1;
	set_opts(&s, o, 16);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, 0);
	assert_int_equal(p.opt[0], OPT_SACK);
	assert_int_equal(p.opt[2], OPT_WS);
	assert_int_equal(p.wscale, 2);
	/* Length 34 (the largest): fine. */
	memset(o, 1, sizeof(o));
	o[0] = 5;
	o[1] = 34;
	set_opts(&s, o, 36);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, 0);
	assert_int_equal(p.opt_cnt, 3);
	/* Length 8 and 35: bad, abort (the WS after is not read). */
	memset(o, 0, sizeof(o));
	o[0] = 5;
	o[1] = 8;
	o[8] = 3;
	o[9] = 3;
	o[10] = 4;
	o[11] = 1;
	set_opts(&s, o, 12);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.opt_cnt, 1);
	assert_int_equal(p.wscale, 0);
	memset(o, 1, sizeof(o));
	o[0] = 5;
	o[1] = 35;
	set_opts(&s, o, 40);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.opt_cnt, 1);
}

static void
test_quirk_bad_unknown_len(void **state)
{
	uint8_t o[40];
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	memset(o, 1, sizeof(o));
	o[0] = 30;		/* unknown kind, length 2: fine */
	o[1] = 2;
	o[2] = 3;
	o[3] = 3;
	o[4] = 3;
	set_opts(&s, o, 8);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, 0);
	assert_int_equal(p.opt[0], 30);
	assert_int_equal(p.opt[1], OPT_WS);
	assert_int_equal(p.wscale, 3);
	/* Length 40, filling the whole area: fine. */
	o[1] = 40;
	set_opts(&s, o, 40);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, 0);
	assert_int_equal(p.opt_cnt, 1);
	/* Length 1 and 0: bad, abort. */
	o[1] = 1;
	set_opts(&s, o, 8);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.opt_cnt, 1);
	o[1] = 0;
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	/* Length 41 (beyond 40): bad. */
	o[1] = 41;
	set_opts(&s, o, 40);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
}

static void
test_quirk_bad_too_many_options(void **state)
{
	uint8_t o[40];
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	memset(o, 1, sizeof(o));
	set_opts(&s, o, MAX_TCP_OPT);	/* 24 NOPs: the limit */
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, 0);
	assert_int_equal(p.opt_cnt, MAX_TCP_OPT);
	set_opts(&s, o, 28);		/* 28 NOPs */
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.quirks, Q_OPT_BAD);
	assert_int_equal(p.opt_cnt, MAX_TCP_OPT);
}

static void
test_unknown_option_in_layout(void **state)
{
	static const uint8_t o[12] = { 2, 4, 5, 0x64, 34, 3, 0, 1, 254, 2, 0,
		0 };
	struct spec s;
	struct pkt_tcp p;

	(void)state;
	spec_plain(&s);
	set_opts(&s, o, 12);
	assert_int_equal(decode_spec(&s, 0, &p), 0);
	assert_int_equal(p.mss, 1380);
	assert_int_equal(p.opt_cnt, 5);
	assert_int_equal(p.opt[1], 34);
	assert_int_equal(p.opt[2], OPT_NOP);
	assert_int_equal(p.opt[3], 254);
	assert_int_equal(p.opt[4], OPT_EOL);
	assert_int_equal(p.eol_pad, 1);
	assert_int_equal(p.quirks, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dlt_en10mb_ipv4),
		cmocka_unit_test(test_dlt_en10mb_ipv6),
		cmocka_unit_test(test_dlt_en10mb_not_ip),
		cmocka_unit_test(test_dlt_en10mb_version_mismatch),
		cmocka_unit_test(test_dlt_vlan_8021q),
		cmocka_unit_test(test_dlt_vlan_qinq),
		cmocka_unit_test(test_dlt_vlan_too_many_tags),
		cmocka_unit_test(test_dlt_compat_drops_vlan),
		cmocka_unit_test(test_dlt_linux_sll),
		cmocka_unit_test(test_dlt_linux_sll2),
		cmocka_unit_test(test_dlt_raw),
		cmocka_unit_test(test_dlt_ipv4_ipv6),
		cmocka_unit_test(test_dlt_null),
		cmocka_unit_test(test_dlt_loop),
		cmocka_unit_test(test_dlt_ppp),
		cmocka_unit_test(test_dlt_unsupported),
		cmocka_unit_test(test_strerror_distinct),
		cmocka_unit_test(test_ipv4_options_olen),
		cmocka_unit_test(test_ipv4_bad_ihl),
		cmocka_unit_test(test_ipv4_not_tcp),
		cmocka_unit_test(test_ipv4_fragments),
		cmocka_unit_test(test_ipv4_trailer_trimmed),
		cmocka_unit_test(test_ipv4_payload_len),
		cmocka_unit_test(test_ipv4_snaplen_cut_payload),
		cmocka_unit_test(test_ipv4_totlen_below_headers),
		cmocka_unit_test(test_compat_short_frame),
		cmocka_unit_test(test_ipv6_ext_headers),
		cmocka_unit_test(test_ipv6_ext_compat),
		cmocka_unit_test(test_ipv6_udp_is_not_tcp),
		cmocka_unit_test(test_ipv6_too_many_ext),
		cmocka_unit_test(test_ipv6_fragments),
		cmocka_unit_test(test_ipv6_payload_len),
		cmocka_unit_test(test_truncation_every_byte),
		cmocka_unit_test(test_tcp_bad_data_offset),
		cmocka_unit_test(test_tcp_flag_combos),
		cmocka_unit_test(test_quirk_none_base),
		cmocka_unit_test(test_quirk_df_id),
		cmocka_unit_test(test_quirk_mbz),
		cmocka_unit_test(test_quirk_ecn),
		cmocka_unit_test(test_quirk_ipv6_tclass_flow),
		cmocka_unit_test(test_quirk_seq_zero),
		cmocka_unit_test(test_quirk_ack_plus_default),
		cmocka_unit_test(test_quirk_ack_plus_compat),
		cmocka_unit_test(test_quirk_ack_minus),
		cmocka_unit_test(test_quirk_urg),
		cmocka_unit_test(test_quirk_push),
		cmocka_unit_test(test_quirk_ts1_zero),
		cmocka_unit_test(test_quirk_ts2_nonzero),
		cmocka_unit_test(test_quirk_exws),
		cmocka_unit_test(test_eol_pad_and_opt_plus),
		cmocka_unit_test(test_opt_plus_last_byte_compat),
		cmocka_unit_test(test_quirk_bad_wrong_len_continues),
		cmocka_unit_test(test_quirk_bad_truncated_aborts),
		cmocka_unit_test(test_quirk_bad_sack_len),
		cmocka_unit_test(test_quirk_bad_unknown_len),
		cmocka_unit_test(test_quirk_bad_too_many_options),
		cmocka_unit_test(test_unknown_option_in_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
