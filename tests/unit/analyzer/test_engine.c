/*
 * Unit tests of engine.c: which records a SYN / SYN+ACK produce, host and
 * connection state, uptime (§3.1), host change / ip sharing (§3.3), table
 * bounds and expiry on packet time, database switches. Expected values are
 * from shared/reference/p0f-engine.md; the record sequences of uptime and
 * host change were also checked against Debian's p0f 3.09b on the same
 * packets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "fixtures.h"
#include "match.h"
#include "packet.h"
#include "sigdb.h"

#define T0 1704067200u	/* 2024-01-01 00:00:00 UTC */

static const char db_text[] =
    "classes = win,unix,other\n"
    "[mtu]\n"
    "label = Ethernet or modem\nsig = 576\nsig = 1500\n"
    "label = generic tunnel or VPN\nsig = 1460\n"
    "[tcp:request]\n"
    "label = s:unix:Linux:3.11 and newer\n"
    "sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\n"
    "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"
    "label = s:win:Windows:7 or 8\n"
    "sig = *:128:0:*:8192,0:mss,nop,nop,sok:df,id+:0\n"
    "sig = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0\n"
    "label = s:!:NMap:SYN scan\nsys = @unix,@win\n"
    "sig = *:64-:0:1460:1024,0:mss::0\n"
    "label = s:!:WinTool:1\nsys = @win\n"
    "sig = *:64-:0:1400:2048,0:mss::0\n"
    "label = s:unix:RandTTL:1\n"
    "sig = *:128-:0:1400:4096,0:mss::0\n"
    "[tcp:response]\n"
    "label = s:unix:PeerMss:1\n"
    "sig = *:64:0:1460:mss*4,7:mss,sok,ts,nop,ws:df:0\n";

/* The same OS labels, in another order and with another [mtu] text. */
static const char db2_text[] =
    "classes = win,unix,other\n"
    "[mtu]\n"
    "label = Ethernet\nsig = 1500\n"
    "[tcp:request]\n"
    "label = s:unix:FreeBSD:9.x or newer\n"
    "sig = *:64:0:*:65535,6:mss,nop,ws,sok,ts:df,id+:0\n"
    "label = s:unix:Linux:3.11 and newer\n"
    "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n";

/* ------------------------------------------------------------------ */
/* Recording records. */

struct rec {
	enum rec_mod mod;
	uint64_t sec;
	int to_srv;
	int sendsyn;
	const char *name;	/* matched label's name, or NULL */
	int app;
	uint8_t dist;
	unsigned mtu;
	const char *link;
	uint32_t up_min, up_mod_days;
	double freq;
	uint32_t reasons;
	uint8_t hits[4];
	uint8_t src3;		/* last byte of the packet's source */
};

struct log {
	struct rec r[64];
	size_t n;
};

static void
emit(const struct record *r, void *arg)
{
	struct log *l = arg;
	struct rec *o;

	assert_true(l->n < 64);
	o = &l->r[l->n++];
	memset(o, 0, sizeof(*o));
	o->mod = r->mod;
	o->sec = r->sec;
	o->to_srv = r->to_srv;
	o->sendsyn = r->sendsyn;
	o->src3 = r->pkt->src[3];
	if ((r->mod == REC_SYN || r->mod == REC_SYNACK) && r->m->sig) {
		o->name = r->m->sig->label->name;
		o->app = r->m->sig->label->class_id == CLASS_APP;
	}
	if (r->mod == REC_SYN || r->mod == REC_SYNACK)
		o->dist = r->m->dist;
	o->mtu = r->mtu;
	o->link = r->link;
	o->up_min = r->up_min;
	o->up_mod_days = r->up_mod_days;
	o->freq = r->freq;
	o->reasons = r->reasons;
	memcpy(o->hits, r->hits, 4);
}

static size_t
count_mod(const struct log *l, enum rec_mod mod)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->r[i].mod == mod;
	return n;
}

static const struct rec *
find_mod(const struct log *l, enum rec_mod mod)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->r[i].mod == mod)
			return &l->r[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Packets. */

static const uint8_t SRV[4] = { 192, 0, 2, 25 };

static void
base(struct pkt_tcp *p, uint32_t src, uint16_t sport)
{
	memset(p, 0, sizeof(*p));
	p->ip_ver = 4;
	p->src[0] = (uint8_t)(src >> 24);
	p->src[1] = (uint8_t)(src >> 16);
	p->src[2] = (uint8_t)(src >> 8);
	p->src[3] = (uint8_t)src;
	memcpy(p->dst, SRV, 4);
	p->sport = sport;
	p->dport = 25;
	p->seq = 0x10000000u + sport * 7919u;
	p->flags = TH_SYN;
}

/* Linux 3.11: mss 1460, win 29200 (mss*20), ws 7, timestamps. */
static void
linux_syn(struct pkt_tcp *p, uint32_t src, uint16_t sport, uint32_t tsval)
{
	base(p, src, sport);
	linux311_fields(p, tsval);
}

/* Windows 7: mss 1460, win 8192, ws 8, no timestamps. */
static void
win7_syn(struct pkt_tcp *p, uint32_t src, uint16_t sport)
{
	static const uint8_t o[6] = { OPT_MSS, OPT_NOP, OPT_WS, OPT_NOP,
		OPT_NOP, OPT_SACKOK };

	base(p, src, sport);
	p->ttl = 128;
	p->mss = 1460;
	p->win = 8192;
	p->wscale = 8;
	memcpy(p->opt, o, 6);
	p->opt_cnt = 6;
	p->quirks = Q_DF | Q_NZ_ID;
	p->hdr_len = 52;
}

/* NMap-like: TTL 41, mss 1460 (or 1400 for WinTool), win 1024/2048. */
static void
tool_syn(struct pkt_tcp *p, uint32_t src, uint16_t sport, int wintool)
{
	base(p, src, sport);
	p->ttl = 41;
	p->mss = wintool ? 1400 : 1460;
	p->win = wintool ? 2048 : 1024;
	p->opt[0] = OPT_MSS;
	p->opt_cnt = 1;
	p->hdr_len = 44;
}

/* The server's answer to a client SYN c. */
static void
synack_for(struct pkt_tcp *p, const struct pkt_tcp *c)
{
	static const uint8_t o[5] = { OPT_MSS, OPT_SACKOK, OPT_TS, OPT_NOP,
		OPT_WS };

	memset(p, 0, sizeof(*p));
	p->ip_ver = c->ip_ver;
	memcpy(p->src, c->dst, 16);
	memcpy(p->dst, c->src, 16);
	p->sport = c->dport;
	p->dport = c->sport;
	p->seq = 0x55550000;
	p->ack = c->seq + 1;
	p->flags = TH_SYN | TH_ACK;
	p->ttl = 64;
	p->mss = 1460;
	p->win = 5520;		/* 1380*4 */
	p->wscale = 7;
	memcpy(p->opt, o, 5);
	p->opt_cnt = 5;
	p->has_ts = 1;
	p->ts1 = 777;
	p->ts2 = c->ts1;
	p->quirks = Q_DF;
	p->hdr_len = 60;
}

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

/* ------------------------------------------------------------------ */
/* Fixture. */

struct fx {
	struct sigdb *db;
	struct engine *e;
	struct log log;
};

static struct fx *
fx_new(size_t host_cap, size_t conn_cap, unsigned flags)
{
	static struct fx f;
	struct engine_conf c;

	memset(&f, 0, sizeof(f));
	f.db = load(db_text);
	engine_conf_defaults(&c);
	if (host_cap)
		c.host_cap = host_cap;
	if (conn_cap)
		c.conn_cap = conn_cap;
	c.flags = flags;
	memset(c.seed, 0x5a, sizeof(c.seed));
	f.e = engine_new(&c, f.db);
	assert_non_null(f.e);
	return &f;
}

static void
fx_free(struct fx *f)
{
	engine_free(f->e);
	sigdb_free(f->db);
}

/* One captured frame: the clock, then the packet. */
static void
feed(struct fx *f, const struct pkt_tcp *p, uint64_t sec, uint32_t usec)
{
	engine_tick(f->e, sec);
	engine_packet(f->e, p, sec, usec, emit, &f->log);
}

/* 1 if the engine keeps state for host ip; *v gets it. */
static int
view(const struct fx *f, uint32_t ip, struct host_view *v)
{
	uint8_t a[16] = { 0 };

	a[0] = (uint8_t)(ip >> 24);
	a[1] = (uint8_t)(ip >> 16);
	a[2] = (uint8_t)(ip >> 8);
	a[3] = (uint8_t)ip;
	return engine_host_view(f->e, 4, a, v) == 0;
}

static int
known(const struct fx *f, uint32_t ip)
{
	struct host_view v;

	return view(f, ip, &v);
}

/* The state of a host that must be known; the copy lives until four
 * more calls. */
static const struct host_view *
host(const struct fx *f, uint32_t ip)
{
	static struct host_view v[4];
	static unsigned next;
	struct host_view *out = &v[next++ % 4];

	if (!view(f, ip, out))
		fail_msg("host %08x unknown", ip);
	return out;
}

#define CLI IP(198, 18, 0, 1)
#define SRVIP IP(192, 0, 2, 25)

/* ------------------------------------------------------------------ */

static void
test_syn_then_mtu(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;
	const struct host_view *h;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	feed(f, &p, T0, 0);
	assert_int_equal(f->log.n, 2);
	assert_int_equal(f->log.r[0].mod, REC_SYN);
	assert_int_equal(f->log.r[0].to_srv, 1);
	assert_string_equal(f->log.r[0].name, "Linux");
	assert_int_equal(f->log.r[0].dist, 0);
	assert_int_equal(f->log.r[1].mod, REC_MTU);
	assert_int_equal(f->log.r[1].mtu, 1500);
	assert_string_equal(f->log.r[1].link, "Ethernet or modem");
	h = host(f, CLI);
	assert_non_null(h);
	assert_non_null(h->os);
	assert_string_equal(h->os->name, "Linux");
	assert_string_equal(h->os->flavor, "3.11 and newer");
	assert_int_equal(h->distance, 0);
	assert_string_equal(h->link, "Ethernet or modem");
	assert_int_equal(h->total_conn, 1);
	assert_int_equal(h->first_seen, T0);
	assert_int_equal(h->last_seen, T0);
	assert_int_equal(h->last_port, 40000);
	fx_free(f);
}

static void
test_mtu_unknown_link_and_no_mss(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	p.mss = 1380;		/* MTU 1420: not in [mtu] */
	p.win = 27600;
	feed(f, &p, T0, 0);
	assert_int_equal(f->log.n, 2);
	assert_int_equal(f->log.r[1].mtu, 1420);
	assert_null(f->log.r[1].link);
	assert_null(host(f, CLI)->link);
	/* No MSS option: no mtu record. */
	f->log.n = 0;
	win7_syn(&p, CLI + 1, 40001);
	p.mss = 0;
	p.opt[0] = OPT_NOP;
	feed(f, &p, T0, 0);
	assert_int_equal(f->log.n, 1);
	assert_int_equal(f->log.r[0].mod, REC_SYN);
	fx_free(f);
}

static void
test_ipv6_mtu_is_mss_plus_60(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	p.ip_ver = 6;
	p.quirks = 0;
	p.hdr_len = 80;
	p.mss = 1440;
	p.win = 28800;
	feed(f, &p, T0, 0);
	assert_int_equal(f->log.n, 2);
	assert_string_equal(f->log.r[0].name, "Linux");
	assert_int_equal(f->log.r[1].mtu, 1500);
	/* IPv6 MSS 1460 -> raw_mtu 1520, link unknown. */
	f->log.n = 0;
	p.sport++;
	p.seq++;
	p.mss = 1460;
	p.win = 29200;
	feed(f, &p, T0, 0);
	assert_int_equal(f->log.r[1].mtu, 1520);
	assert_null(f->log.r[1].link);
	fx_free(f);
}

static void
test_new_host_distance_255(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;
	const struct host_view *h;
	struct engine_stats st;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	p.ttl = 57;
	feed(f, &p, T0, 0);
	/* The server got a host entry from the SYN, with no distance. */
	h = host(f, SRVIP);
	assert_non_null(h);
	assert_int_equal(h->distance, 255);
	assert_null(h->os);
	assert_int_equal(h->total_conn, 1);
	assert_int_equal(host(f, CLI)->distance, 7);
	engine_stats(f->e, &st);
	assert_int_equal(st.hosts, 2);
	assert_int_equal(st.syn, 1);
	assert_int_equal(st.matched, 1);
	fx_free(f);
}

/* An OS sig with a random TTL ("N-") says nothing about the distance. */
static void
test_bad_ttl_keeps_distance(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	p.ttl = 60;
	feed(f, &p, T0, 0);
	assert_int_equal(host(f, CLI)->distance, 4);
	tool_syn(&p, CLI, 40001, 1);
	p.ttl = 100;
	p.win = 4096;
	f->log.n = 0;
	feed(f, &p, T0 + 1, 0);
	assert_string_equal(f->log.r[0].name, "RandTTL");
	assert_int_equal(f->log.r[0].app, 0);
	assert_int_equal(f->log.r[0].dist, 28);
	assert_int_equal(host(f, CLI)->distance, 4);
	assert_string_equal(host(f, CLI)->os->name, "RandTTL");
	fx_free(f);
}

static void
test_synack_needs_syn(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp c, s;
	struct engine_stats st;

	(void)state;
	linux_syn(&c, CLI, 40000, 1000);
	synack_for(&s, &c);
	feed(f, &s, T0, 0);
	assert_int_equal(f->log.n, 0);
	engine_stats(f->e, &st);
	assert_int_equal(st.synack_no_conn, 1);
	assert_false(known(f, SRVIP));

	feed(f, &c, T0, 0);
	f->log.n = 0;
	/* Another client port: still no connection. */
	s.dport = 40001;
	feed(f, &s, T0, 1000);
	assert_int_equal(f->log.n, 0);
	s.dport = 40000;
	feed(f, &s, T0, 2000);
	assert_int_equal(f->log.n, 2);
	assert_int_equal(f->log.r[0].mod, REC_SYNACK);
	assert_int_equal(f->log.r[0].to_srv, 0);
	assert_int_equal(f->log.r[1].mod, REC_MTU);
	assert_int_equal(f->log.r[1].to_srv, 0);
	engine_stats(f->e, &st);
	assert_int_equal(st.synack, 3);
	assert_int_equal(st.synack_no_conn, 2);
	fx_free(f);
}

static void
test_synack_window_from_client_mss(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp c, s;
	const struct host_view *h;

	(void)state;
	linux_syn(&c, CLI, 40000, 1000);
	c.mss = 1380;		/* win 5520 = 1380*4 */
	c.win = 27600;
	feed(f, &c, T0, 0);
	synack_for(&s, &c);
	f->log.n = 0;
	feed(f, &s, T0, 500);
	assert_int_equal(f->log.r[0].mod, REC_SYNACK);
	assert_non_null(f->log.r[0].name);
	assert_string_equal(f->log.r[0].name, "PeerMss");
	h = host(f, SRVIP);
	assert_string_equal(h->os->name, "PeerMss");
	assert_int_equal(h->distance, 0);
	fx_free(f);
}

static void
test_app_match_no_mtu_conn_removed(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp c, s;
	const struct host_view *h;
	struct engine_stats st;

	(void)state;
	tool_syn(&c, CLI, 40000, 0);
	feed(f, &c, T0, 0);
	assert_int_equal(f->log.n, 1);
	assert_int_equal(f->log.r[0].mod, REC_SYN);
	assert_string_equal(f->log.r[0].name, "NMap");
	assert_int_equal(f->log.r[0].app, 1);
	assert_int_equal(f->log.r[0].dist, 23);
	/* The host exists, but an application never sets its OS or
	 * distance (p0f's API answers distance 255). */
	h = host(f, CLI);
	assert_non_null(h);
	assert_null(h->os);
	assert_int_equal(h->distance, 255);
	/* The connection is gone: its SYN+ACK is not reported. */
	synack_for(&s, &c);
	f->log.n = 0;
	feed(f, &s, T0, 100);
	assert_int_equal(f->log.n, 0);
	engine_stats(f->e, &st);
	assert_int_equal(st.apps, 1);
	assert_int_equal(st.synack_no_conn, 1);
	fx_free(f);
}

static void
test_app_vs_os(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;
	const struct rec *r;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	feed(f, &p, T0, 0);
	/* NMap's sys includes @unix: no alarm. */
	tool_syn(&p, CLI, 40001, 0);
	f->log.n = 0;
	feed(f, &p, T0 + 1, 0);
	assert_int_equal(f->log.n, 1);
	/* WinTool's sys is @win only, the host is Linux: +4 app_vs_os. */
	tool_syn(&p, CLI, 40002, 1);
	f->log.n = 0;
	feed(f, &p, T0 + 2, 0);
	assert_int_equal(f->log.n, 2);
	assert_string_equal(f->log.r[0].name, "WinTool");
	r = &f->log.r[1];
	assert_int_equal(r->mod, REC_CHANGE);
	assert_int_equal(r->reasons, NAT_APP_SIG);
	assert_int_equal(r->hits[0], 0);
	assert_int_equal(r->hits[1], 1);
	assert_int_equal(r->hits[2], 1);
	assert_int_equal(r->hits[3], 1);
	assert_int_equal(host(f, CLI)->last_chg, T0 + 2);
	/* The host is still Linux. */
	assert_string_equal(host(f, CLI)->os->name, "Linux");
	fx_free(f);
}

static void
test_retransmitted_syn_once(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;
	struct engine_stats st;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	feed(f, &p, T0, 0);
	feed(f, &p, T0 + 1, 0);
	feed(f, &p, T0 + 3, 0);
	assert_int_equal(count_mod(&f->log, REC_SYN), 1);
	assert_int_equal(host(f, CLI)->total_conn, 1);
	/* A new ISN on the same 4-tuple is a new connection. */
	p.seq += 99999;
	feed(f, &p, T0 + 7, 0);
	assert_int_equal(count_mod(&f->log, REC_SYN), 2);
	engine_stats(f->e, &st);
	assert_int_equal(st.syn_retrans, 2);
	fx_free(f);
}

static void
test_sendsyn_kept_out_of_state(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp c, s;

	(void)state;
	win7_syn(&c, CLI, 40000);
	c.win = SENDSYN_WIN;
	c.mss = SENDSYN_MSS;
	feed(f, &c, T0, 0);
	assert_int_equal(f->log.n, 1);
	assert_int_equal(f->log.r[0].mod, REC_SYN);
	assert_int_equal(f->log.r[0].sendsyn, 1);
	assert_false(known(f, CLI));
	assert_false(known(f, SRVIP));
	synack_for(&s, &c);
	s.mss = SENDSYN_MSS;
	feed(f, &s, T0, 100);
	assert_int_equal(f->log.n, 2);
	assert_int_equal(f->log.r[1].mod, REC_SYNACK);
	assert_int_equal(f->log.r[1].sendsyn, 1);
	assert_false(known(f, SRVIP));
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* Uptime (§3.1). */

/* Two Linux SYNs of one host, ms apart, TSval ts1 then ts2. */
static const struct rec *
two_syns(struct fx *f, uint32_t src, uint32_t ms, uint32_t ts1,
    uint32_t ts2)
{
	struct pkt_tcp p;

	linux_syn(&p, src, 41000, ts1);
	feed(f, &p, T0, 0);
	linux_syn(&p, src, 41001, ts2);
	feed(f, &p, T0 + ms / 1000, (ms % 1000) * 1000);
	return find_mod(&f->log, REC_UPTIME);
}

static void
test_uptime_1000hz(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	const uint32_t up_s = 11 * 86400 + 10 * 3600 + 20 * 60;
	const struct rec *r;
	const struct host_view *h;

	(void)state;
	r = two_syns(f, CLI, 1000, up_s * 1000, (up_s + 1) * 1000);
	assert_non_null(r);
	assert_int_equal(r->to_srv, 1);
	/* 11 days 10 hrs 20 min (modulo 49 days) */
	assert_int_equal(r->up_min, 16460);
	assert_int_equal(r->up_min / 60 / 24, 11);
	assert_int_equal((r->up_min / 60) % 24, 10);
	assert_int_equal(r->up_min % 60, 20);
	assert_int_equal(r->up_mod_days, 49);
	assert_true(r->freq > 999.99 && r->freq < 1000.01);
	h = host(f, CLI);
	assert_int_equal(h->uptime_min, 16460);
	assert_int_equal(h->up_mod_days, 49);
	assert_int_equal(count_mod(&f->log, REC_UPTIME), 1);
	fx_free(f);
}

static void
test_uptime_rounding_bands(void **state)
{
	static const struct {
		uint32_t ms, ticks, f;	/* interval, TS delta, rounded Hz */
	} c[] = {
		{ 1000, 1000, 1000 },
		{ 1000, 1450, 1500 },	/* >500: (f+67)/100*100 */
		{ 1000, 640, 700 },
		{ 1000, 533, 600 },
		{ 1000, 532, 500 },
		{ 1000, 263, 250 },	/* 101-500: (f+33)/50*50 */
		{ 1000, 117, 150 },
		{ 1000, 116, 100 },
		{ 1000, 57, 60 },	/* 51-100: (f+7)/10*10 */
		{ 1000, 53, 60 },
		{ 1000, 52, 50 },
		{ 1000, 23, 25 },	/* 11-50: (f+3)/5*5 */
		{ 1000, 12, 15 },
		{ 1000, 11, 10 },
		{ 2000, 14, 7 },	/* 1-10: unchanged */
		{ 10000, 8, 1 },	/* 0.8 Hz: 0 -> 1 */
		{ 10000, 7, 1 },	/* 0.7 Hz: the lower bound */
	};
	const uint32_t ts2 = 90000000;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(*c); i++) {
		struct fx *f = fx_new(0, 0, 0);
		const struct rec *r;
		double want = (double)c[i].ticks * 1000.0 / c[i].ms;

		r = two_syns(f, CLI, c[i].ms, ts2 - c[i].ticks, ts2);
		if (r == NULL)
			fail_msg("case %zu: no uptime", i);
		if (r->up_min != ts2 / c[i].f / 60 ||
		    r->up_mod_days != 0xffffffffu / (c[i].f * 86400u))
			fail_msg("case %zu (%u Hz): up_min %u mod %u, want "
			    "%u %u", i, c[i].f, r->up_min, r->up_mod_days,
			    ts2 / c[i].f / 60,
			    0xffffffffu / (c[i].f * 86400u));
		assert_true(r->freq > want - 0.01 && r->freq < want + 0.01);
		fx_free(f);
	}
}

static void
test_no_uptime_cases(void **state)
{
	static const struct {
		uint32_t ms, ts1, ts2;
		const char *why;
	} c[] = {
		{ 20, 1000000, 1000020, "20 ms < 25 ms" },
		{ 1000, 1000000, 999000, "TS went backwards" },
		{ 1000, 1000000, 1000004, "fewer than 5 ticks" },
		{ 10000, 1000000, 1000006, "0.6 Hz < 0.7 Hz" },
		{ 1000, 1000000, 1001501, "1501 Hz > 1500 Hz" },
		{ 601000, 1000000, 1601000, "more than 10 min" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(*c); i++) {
		struct fx *f = fx_new(0, 0, 0);

		if (two_syns(f, CLI, c[i].ms, c[i].ts1, c[i].ts2) != NULL)
			fail_msg("uptime reported although %s", c[i].why);
		assert_int_equal(host(f, CLI)->uptime_min, 0);
		fx_free(f);
	}
}

static void
test_uptime_25ms_is_enough(void **state)
{
	struct fx *f = fx_new(0, 0, 0);

	(void)state;
	assert_non_null(two_syns(f, CLI, 25, 1000000, 1000025));
	fx_free(f);
}

static void
test_no_uptime_without_timestamps(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;

	(void)state;
	win7_syn(&p, CLI, 40000);
	feed(f, &p, T0, 0);
	win7_syn(&p, CLI, 40001);
	feed(f, &p, T0 + 1, 0);
	assert_int_equal(count_mod(&f->log, REC_UPTIME), 0);
	fx_free(f);
}

/*
 * p0f 3.09b logs mtu before uptime (fingerprint_mtu() runs before
 * check_ts_tcp(); checked with Debian's p0f on two crafted Linux SYNs).
 * Compat mode promises p0f's output line by line.
 */
static void
test_compat_uptime_after_mtu(void **state)
{
	struct fx *f = fx_new(0, 0, ENGINE_F_COMPAT);

	(void)state;
	assert_non_null(two_syns(f, CLI, 1000, 1000000, 1001000));
	assert_int_equal(f->log.n, 5);
	assert_int_equal(f->log.r[2].mod, REC_SYN);
	assert_int_equal(f->log.r[3].mod, REC_MTU);
	assert_int_equal(f->log.r[4].mod, REC_UPTIME);
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* Host change and ip sharing (§3.3). */

static void
test_host_change_then_ip_sharing(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	static const struct {
		enum rec_mod mod;
		uint8_t hits;
	} want[9] = {
		{ REC_CHANGE, 1 }, { REC_CHANGE, 2 }, { REC_SHARING, 3 },
		{ REC_CHANGE, 1 }, { REC_CHANGE, 2 }, { REC_SHARING, 3 },
		{ REC_CHANGE, 1 }, { REC_CHANGE, 2 }, { REC_SHARING, 3 },
	};
	struct pkt_tcp p;
	size_t i, k = 0;
	const struct host_view *h;

	(void)state;
	for (i = 0; i < 10; i++) {
		uint16_t port = (uint16_t)(46000 + i * 10);

		if (i & 1)
			win7_syn(&p, CLI, port);
		else
			linux_syn(&p, CLI, port, 900000 + (uint32_t)i * 500);
		feed(f, &p, T0 + 100 + i / 2, (uint32_t)(i & 1) * 500000);
	}
	for (i = 0; i < f->log.n; i++) {
		const struct rec *r = &f->log.r[i];

		if (r->mod != REC_CHANGE && r->mod != REC_SHARING)
			continue;
		assert_true(k < 9);
		/* Right after the SYN that caused it, like p0f. */
		assert_int_equal(f->log.r[i - 1].mod, REC_SYN);
		if (r->mod != want[k].mod || r->hits[0] != want[k].hits ||
		    r->hits[1] != want[k].hits || r->hits[2] != want[k].hits ||
		    r->hits[3] != want[k].hits)
			fail_msg("alarm %zu: mod %d hits %u,%u,%u,%u; want "
			    "mod %d hits %u x4", k, r->mod, r->hits[0],
			    r->hits[1], r->hits[2], r->hits[3], want[k].mod,
			    want[k].hits);
		assert_int_equal(r->reasons, NAT_OS_SIG);
		k++;
	}
	assert_int_equal(k, 9);
	h = host(f, CLI);
	assert_int_equal(h->last_nat, T0 + 104);
	assert_int_equal(h->last_chg, T0 + 104);
	assert_string_equal(h->os->name, "Windows");
	fx_free(f);
}

static void
test_same_os_no_alarm(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct pkt_tcp p;
	int i;

	(void)state;
	for (i = 0; i < 10; i++) {
		linux_syn(&p, CLI, (uint16_t)(40000 + i), 1000 + (uint32_t)i *
		    1000);
		feed(f, &p, T0 + (uint64_t)i, 0);
	}
	assert_int_equal(count_mod(&f->log, REC_CHANGE), 0);
	assert_int_equal(count_mod(&f->log, REC_SHARING), 0);
	assert_int_equal(count_mod(&f->log, REC_UPTIME), 9);
	assert_int_equal(host(f, CLI)->last_chg, 0);
	assert_int_equal(host(f, CLI)->last_nat, 0);
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* Bounds and expiry. */

static void
test_host_table_bounded(void **state)
{
	struct fx *f = fx_new(100, 100, 0);
	struct pkt_tcp p;
	struct engine_stats st;
	uint32_t i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		linux_syn(&p, IP(10, 0, 0, 0) + i, 40000, 1000);
		feed(f, &p, T0 + i / 100, 0);
		f->log.n = 0;
	}
	engine_stats(f->e, &st);
	assert_int_equal(st.hosts, 100);
	assert_int_equal(st.host_cap, 100);
	assert_int_equal(st.conns, 100);
	/* 10000 clients + 1 server went into 100 slots. */
	assert_int_equal(st.host_evicted, 10001 - 100);
	assert_int_equal(st.conn_evicted, 10000 - 100);
	assert_true(known(f, SRVIP));
	assert_true(known(f, IP(10, 0, 0, 0) + 9999));
	assert_true(known(f, IP(10, 0, 0, 0) + 9901));
	assert_false(known(f, IP(10, 0, 0, 0) + 9900));
	assert_false(known(f, IP(10, 0, 0, 0)));
	fx_free(f);
}

static void
test_idle_expiry_on_packet_time(void **state)
{
	struct fx *f;
	struct engine_conf c;
	struct pkt_tcp a, b, s;
	struct engine_stats st;
	int i;

	(void)state;
	f = fx_new(0, 0, 0);
	engine_free(f->e);
	engine_conf_defaults(&c);
	c.host_idle_s = 60;
	c.conn_age_s = 30;
	f->e = engine_new(&c, f->db);
	assert_non_null(f->e);

	linux_syn(&a, CLI, 40000, 1000);
	feed(f, &a, 1000, 0);
	/* 49 more frames at the same time: nothing expires. */
	for (i = 0; i < EXPIRE_EVERY_PKTS - 1; i++)
		engine_tick(f->e, 1000);
	assert_true(known(f, CLI));
	/* Later frames: at the next 50th, A (idle 61 s) goes; B, seen just
	 * before, and the server it talks to stay. */
	for (i = 0; i < EXPIRE_EVERY_PKTS - 2; i++)
		engine_tick(f->e, 1061);
	linux_syn(&b, CLI + 1, 40000, 1000);
	feed(f, &b, 1061, 0);
	assert_true(known(f, CLI));
	engine_tick(f->e, 1061);
	assert_false(known(f, CLI));
	assert_true(known(f, CLI + 1));
	assert_true(known(f, SRVIP));
	engine_stats(f->e, &st);
	assert_int_equal(st.host_expired, 1);
	/* A's connection is older than 30 s: its SYN+ACK finds nothing. */
	synack_for(&s, &a);
	f->log.n = 0;
	feed(f, &s, 1061, 0);
	assert_int_equal(f->log.n, 0);
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* Database switch. */

static void
test_set_db_remaps_labels(void **state)
{
	struct fx *f = fx_new(0, 0, 0);
	struct sigdb *db2 = load(db2_text);
	struct pkt_tcp p;
	const struct host_view *h;

	(void)state;
	linux_syn(&p, CLI, 40000, 1000);
	feed(f, &p, T0, 0);
	win7_syn(&p, CLI + 1, 40000);
	feed(f, &p, T0, 0);
	engine_set_db(f->e, db2);
	sigdb_free(f->db);
	f->db = db2;
	h = host(f, CLI);
	assert_ptr_equal(h->os, sigdb_label(db2, 1));
	assert_string_equal(h->os->name, "Linux");
	assert_string_equal(h->os->flavor, "3.11 and newer");
	assert_ptr_equal(h->link, sigdb_mtu_label(db2, 1500));
	assert_string_equal(h->link, "Ethernet");
	/* Windows is not in the new set. */
	assert_null(host(f, CLI + 1)->os);
	/* Matching goes on with the new set. */
	f->log.n = 0;
	linux_syn(&p, CLI, 40001, 2000);
	feed(f, &p, T0 + 1, 0);
	assert_ptr_equal(host(f, CLI)->os, sigdb_label(db2, 1));
	fx_free(f);
}

/*
 * The engine remembers match results (a memo keyed by every input of
 * match_tcp()): each SYN and SYN+ACK record must carry exactly what
 * match_tcp() answers, for packets that vary every such input, seen
 * repeatedly, across a database switch.
 */
struct memo_check {
	const struct sigdb *db;
	unsigned flags;
	uint16_t peer_mss;	/* of the SYN a SYN+ACK answers */
	size_t checked;
};

static void
emit_check(const struct record *r, void *arg)
{
	struct memo_check *c = arg;
	struct match m;

	if (r->mod != REC_SYN && r->mod != REC_SYNACK)
		return;
	match_tcp(c->db, r->pkt, !r->to_srv, r->to_srv ? 0 : c->peer_mss,
	    c->flags, &m);
	assert_ptr_equal(r->m->sig, m.sig);
	assert_int_equal(r->m->fuzzy, m.fuzzy);
	assert_int_equal(r->m->generic, m.generic);
	assert_int_equal(r->m->dist, m.dist);
	assert_int_equal(r->m->wtype, m.wtype);
	assert_int_equal(r->m->wmul, m.wmul);
	c->checked++;
}

static void
test_match_memo_exact(void **state)
{
	static const uint8_t kinds[] = { OPT_MSS, OPT_NOP, OPT_WS,
		OPT_SACKOK, OPT_TS, OPT_EOL };
	static const uint16_t wins[] = { 29200, 8192, 1024, 2048, 4096, 5520,
		5840, 65535 };
	static const uint16_t msss[] = { 1460, 1400, 1380, 0, 536 };
	struct memo_check c = { 0 };
	struct sigdb *db2 = load(db2_text);
	struct pkt_tcp p, sa;
	uint64_t x = 88172645463325252ULL;
	unsigned i, compat;

	(void)state;
	for (compat = 0; compat < 2; compat++) {
		struct fx *f = fx_new(64, 64, compat ? ENGINE_F_COMPAT : 0);

		c.db = f->db;
		c.flags = compat ? MATCH_F_COMPAT : 0;
		for (i = 0; i < 20000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			switch (x % 3) {
			case 0:
				linux_syn(&p, IP(10, 1, 0, 0) + i, 1024 + i,
				    (uint32_t)(x >> 40) & 1);
				break;
			case 1:
				win7_syn(&p, IP(10, 1, 0, 0) + i, 1024 + i);
				break;
			default:
				tool_syn(&p, IP(10, 1, 0, 0) + i, 1024 + i,
				    (x >> 8) & 1);
			}
			/* Few values per input, so most packets repeat. */
			if ((x >> 10) & 1)
				p.ttl = (uint8_t)(p.ttl - ((x >> 11) & 7) +
				    ((x >> 14) & 1) * 70);
			if ((x >> 15) & 1)
				p.win = wins[(x >> 16) % 8];
			if ((x >> 19) & 1)
				p.mss = msss[(x >> 20) % 5];
			if ((x >> 23) & 1)
				p.wscale = (uint8_t)((x >> 24) % 10);
			if ((x >> 28) & 1)
				p.quirks ^= (uint32_t)1 << ((x >> 29) % 6);
			if ((x >> 32) & 1)
				p.opt[(x >> 33) % 6] = kinds[(x >> 36) % 6];
			if ((x >> 39) & 1)
				p.eol_pad = (uint8_t)((x >> 40) % 3);
			if ((x >> 42) & 1)
				p.olen = 4;
			if ((x >> 43) & 1)
				p.pay_len = 10;
			if ((x >> 44) & 1)
				p.hdr_len = (uint16_t)(p.hdr_len + 4);
			if ((x >> 45) & 1)
				p.ip_ver = 6;
			if (i == 10000) {
				engine_set_db(f->e, db2);
				c.db = db2;
			}
			engine_tick(f->e, T0 + i / 100);
			engine_packet(f->e, &p, T0 + i / 100, 0, emit_check,
			    &c);
			if ((x >> 46) & 1) {
				synack_for(&sa, &p);
				if ((x >> 47) & 1)
					sa.win = wins[(x >> 48) % 8];
				c.peer_mss = p.mss;
				engine_packet(f->e, &sa, T0 + i / 100, 1,
				    emit_check, &c);
			}
		}
		engine_free(f->e);
		sigdb_free(f->db);
	}
	sigdb_free(db2);
	assert_true(c.checked > 40000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syn_then_mtu),
		cmocka_unit_test(test_mtu_unknown_link_and_no_mss),
		cmocka_unit_test(test_ipv6_mtu_is_mss_plus_60),
		cmocka_unit_test(test_new_host_distance_255),
		cmocka_unit_test(test_bad_ttl_keeps_distance),
		cmocka_unit_test(test_synack_needs_syn),
		cmocka_unit_test(test_synack_window_from_client_mss),
		cmocka_unit_test(test_app_match_no_mtu_conn_removed),
		cmocka_unit_test(test_app_vs_os),
		cmocka_unit_test(test_retransmitted_syn_once),
		cmocka_unit_test(test_sendsyn_kept_out_of_state),
		cmocka_unit_test(test_uptime_1000hz),
		cmocka_unit_test(test_uptime_rounding_bands),
		cmocka_unit_test(test_no_uptime_cases),
		cmocka_unit_test(test_uptime_25ms_is_enough),
		cmocka_unit_test(test_no_uptime_without_timestamps),
		cmocka_unit_test(test_compat_uptime_after_mtu),
		cmocka_unit_test(test_host_change_then_ip_sharing),
		cmocka_unit_test(test_same_os_no_alarm),
		cmocka_unit_test(test_host_table_bounded),
		cmocka_unit_test(test_idle_expiry_on_packet_time),
		cmocka_unit_test(test_set_db_remaps_labels),
		cmocka_unit_test(test_match_memo_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
