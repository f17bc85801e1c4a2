/*
 * Unit tests of results.c: p0f-analyzer's per-endpoint merge (newest value
 * wins per field, "os" first then the other fields sorted by name, an app
 * match beside the OS), SYN+ACK results keyed by the server, bounded
 * capacity with least-recently-seen eviction, idle expiry on record time,
 * values that do not fit an entry, and a randomised comparison with a
 * model that merges the way p0f-analyzer's Perl hash does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "fixtures.h"
#include "match.h"
#include "output.h"
#include "packet.h"
#include "results.h"
#include "sigdb.h"

#define T0 1704067200u	/* 2024-01-01 00:00:00 UTC */

/* Names and flavors near the loader's limits, for entries that fill up. */
#define LONG_NAME \
	"LongOS-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz"
#define LONG_FLAVOR \
	"flavor-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-" \
	"abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-0123456789"
#define LONG_APP \
	"LongApp-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxy"

static const char db_text[] =
    "classes = win,unix,other\n"
    "[mtu]\n"
    "label = Ethernet or modem\nsig = 1500\n"
    "label = DSL\nsig = 1492\n"
    "[tcp:request]\n"
    "label = s:unix:Linux:3.11 and newer\n"
    "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"
    "label = s:win:Windows:7 or 8\n"
    "sig = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0\n"
    "label = s:!:NMap:SYN scan\nsys = @unix,@win\n"
    "sig = *:64-:0:1460:1024,0:mss::0\n"
    "label = s:other:" LONG_NAME ":" LONG_FLAVOR "\n"
    "sig = *:255:0:1400:4321,0:mss::0\n"
    "label = s:!:" LONG_APP ":" LONG_FLAVOR "\nsys = @other\n"
    "sig = *:255:0:1400:4322,0:mss::0\n"
    "[tcp:response]\n"
    "label = s:unix:Linux:3.x\n"
    "sig = *:64:0:*:mss*10,7:mss,sok,ts,nop,ws:df:0\n";

static struct sigdb *db;
static const uint8_t seed0[16] = { 0 };

static int
setup(void **state)
{
	struct sigdb_err err;

	(void)state;
	if (sigdb_load_mem("r.fp", db_text, sizeof(db_text) - 1, &db,
	    &err) != 0) {
		print_error("load: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	sigdb_free(db);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Packets and records. */

enum os_kind { K_LINUX, K_WINDOWS, K_NMAP, K_UNKNOWN, K_LONG_OS,
	K_LONG_APP, K_COUNT };

/* A SYN from 198.18.0.host:sport to 192.0.2.25:25 that matches kind. */
static void
syn(struct pkt_tcp *p, enum os_kind kind, unsigned host, uint16_t sport)
{
	static const uint8_t win[6] = { OPT_MSS, OPT_NOP, OPT_WS, OPT_NOP,
		OPT_NOP, OPT_SACKOK };

	memset(p, 0, sizeof(*p));
	p->ip_ver = 4;
	v4(p->src, 198, 18, 0, host);
	v4(p->dst, 192, 0, 2, 25);
	p->sport = sport;
	p->dport = 25;
	p->flags = TH_SYN;
	p->hdr_len = 40;
	p->mss = 1460;
	p->opt[0] = OPT_MSS;
	p->opt_cnt = 1;
	switch (kind) {
	case K_LINUX:
		linux311_fields(p, 1000);
		break;
	case K_WINDOWS:
		p->ttl = 128;
		p->win = 8192;
		p->wscale = 8;
		memcpy(p->opt, win, 6);
		p->opt_cnt = 6;
		p->quirks = Q_DF | Q_NZ_ID;
		p->hdr_len = 52;
		break;
	case K_NMAP:
		p->ttl = 50;
		p->win = 1024;
		p->hdr_len = 44;
		break;
	case K_UNKNOWN:
		p->ttl = 64;
		p->win = 1;
		break;
	case K_LONG_OS:
	case K_LONG_APP:
		p->ttl = 255;
		p->mss = 1400;
		p->win = kind == K_LONG_OS ? 4321 : 4322;
		p->hdr_len = 44;
		break;
	default:
		fail();
	}
}

struct rec_buf {
	struct record r;
	struct match m;
	struct pkt_tcp p;
};

/* A SYN or SYN+ACK record for b->p, matched against db. */
static const struct record *
mk_tcp(struct rec_buf *b, uint64_t sec)
{
	int resp = pkt_syn_kind(&b->p) == 2;

	match_tcp(db, &b->p, resp, resp ? 1460 : 0, 0, &b->m);
	memset(&b->r, 0, sizeof(b->r));
	b->r.mod = resp ? REC_SYNACK : REC_SYN;
	b->r.sec = sec;
	b->r.pkt = &b->p;
	b->r.to_srv = !resp;
	b->r.m = &b->m;
	return &b->r;
}

static void
feed_syn(struct results *res, enum os_kind kind, unsigned host,
    uint16_t sport, uint64_t sec)
{
	struct rec_buf b;

	syn(&b.p, kind, host, sport);
	results_record(mk_tcp(&b, sec), res);
}

/* A record of mod (MTU, uptime, host change) about a SYN's sender. */
static void
feed_other(struct results *res, enum rec_mod mod, unsigned host,
    uint16_t sport, uint64_t sec, unsigned arg)
{
	struct rec_buf b;

	syn(&b.p, K_LINUX, host, sport);
	memset(&b.r, 0, sizeof(b.r));
	b.r.mod = mod;
	b.r.sec = sec;
	b.r.pkt = &b.p;
	b.r.to_srv = 1;
	switch (mod) {
	case REC_MTU:
		b.r.mtu = arg;
		b.r.link = arg == 1500 ? "Ethernet or modem" :
		    arg == 1492 ? "DSL" : NULL;
		break;
	case REC_UPTIME:
		b.r.up_min = arg;
		b.r.up_mod_days = 49;
		b.r.freq = 1000.0;
		break;
	case REC_CHANGE:
	case REC_SHARING:
		b.r.reasons = arg;
		b.r.hits[1] = 1;
		break;
	default:
		fail();
	}
	results_record(&b.r, res);
}

static const struct results_entry *
find(const struct results *res, unsigned host, uint16_t port)
{
	uint8_t a[16];

	v4(a, 198, 18, 0, host);
	return results_find(res, 4, a, port);
}

static const char *
text(const struct results *res, unsigned host, uint16_t port)
{
	static char buf[1024];
	const struct results_entry *e = find(res, host, port);
	size_t n;

	assert_non_null(e);
	n = results_text(e, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	return buf;
}

static struct results *
table(size_t cap, uint32_t ttl)
{
	struct results *res = results_new(cap, ttl, seed0);

	assert_non_null(res);
	return res;
}

#define LINUX_SIG "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0"
#define WINDOWS_SIG "4:128+0:0:1460:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0"

/* ------------------------------------------------------------------ */

/* One SYN: p0f-analyzer's RESULT and the structured view. */
static void
test_syn_result(void **state)
{
	struct results *res = table(16, 600);
	struct results_stats st;
	struct conn_view v;
	uint8_t srv[16], cli[16];

	(void)state;
	feed_syn(res, K_LINUX, 1, 40001, T0);
	assert_string_equal(text(res, 1, 40001), "Linux 3.11 and newer; "
	    "dist: 0; params: none; raw_sig: " LINUX_SIG);
	results_view(res, find(res, 1, 40001), &v);
	assert_int_equal(v.first_seen, T0);
	assert_int_equal(v.last_seen, T0);
	assert_int_equal(v.os_len, 20);
	assert_memory_equal(v.os, "Linux 3.11 and newer", 20);
	assert_int_equal(v.name_len, 5);
	assert_null(v.link);
	assert_int_equal(v.dist, 0);
	assert_int_equal(v.fuzzy, 0);
	assert_int_equal(v.generic, 0);
	v4(srv, 192, 0, 2, 25);
	assert_int_equal(v.peer_ver, 4);
	assert_memory_equal(v.peer, srv, 16);
	assert_int_equal(v.peer_port, 25);
	/* Only that endpoint. */
	assert_null(find(res, 1, 40002));
	assert_null(find(res, 2, 40001));
	v4(cli, 198, 18, 0, 1);
	assert_null(results_find(res, 6, cli, 40001));
	results_stats(res, &st);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.count, 1);
	assert_int_equal(st.cap, 16);
	assert_true(st.bytes > 16 * RESULTS_TEXT_BYTES);
	assert_int_equal(st.dropped_fields, 0);
	results_free(res);
}

/* Newest value wins per field; fields of other records stay. */
static void
test_merge_newest_wins(void **state)
{
	struct results *res = table(16, 600);
	struct conn_view v;

	(void)state;
	feed_syn(res, K_LINUX, 1, 40001, T0);
	feed_other(res, REC_MTU, 1, 40001, T0 + 1, 1492);
	assert_string_equal(text(res, 1, 40001), "Linux 3.11 and newer; "
	    "dist: 0; link: DSL; params: none; raw_mtu: 1492; raw_sig: "
	    LINUX_SIG);
	/* The same ip:port again, now a Windows SYN. */
	feed_syn(res, K_WINDOWS, 1, 40001, T0 + 2);
	assert_string_equal(text(res, 1, 40001), "Windows 7 or 8; dist: 0; "
	    "link: DSL; params: none; raw_mtu: 1492; raw_sig: " WINDOWS_SIG);
	feed_other(res, REC_MTU, 1, 40001, T0 + 3, 1500);
	assert_string_equal(text(res, 1, 40001), "Windows 7 or 8; dist: 0; "
	    "link: Ethernet or modem; params: none; raw_mtu: 1500; raw_sig: "
	    WINDOWS_SIG);
	results_view(res, find(res, 1, 40001), &v);
	assert_int_equal(v.first_seen, T0);
	assert_int_equal(v.last_seen, T0 + 3);
	assert_memory_equal(v.os, "Windows 7 or 8", 14);
	assert_int_equal(v.os_len, 14);
	assert_int_equal(v.name_len, 7);
	assert_int_equal(v.link_len, 17);
	assert_memory_equal(v.link, "Ethernet or modem", 17);
	results_free(res);
}

/* Without an "os" field the result starts with "; " (p0f-analyzer's
 * join of an undefined os); an unknown link is "???" in the text only. */
static void
test_no_os_field(void **state)
{
	struct results *res = table(16, 600);
	struct conn_view v;

	(void)state;
	feed_other(res, REC_MTU, 3, 40002, T0, 1492);
	assert_string_equal(text(res, 3, 40002), "; link: DSL; raw_mtu: 1492");
	results_view(res, find(res, 3, 40002), &v);
	assert_null(v.os);
	assert_int_equal(v.os_len, 0);
	assert_int_equal(v.dist, 255);
	feed_other(res, REC_MTU, 3, 40002, T0, 9000);
	assert_string_equal(text(res, 3, 40002), "; link: ???; raw_mtu: 9000");
	results_view(res, find(res, 3, 40002), &v);
	assert_null(v.link);
	results_free(res);
}

/* Every field present: "os" first, then the rest in byte order of
 * their names (Perl's sort keys). */
static void
test_field_order(void **state)
{
	static const char *const order[] = { "; app: ", "; dist: ",
		"; link: ", "; params: ", "; raw_freq: ", "; raw_hits: ",
		"; raw_mtu: ", "; raw_sig: ", "; reason: ", "; uptime: " };
	struct results *res = table(16, 600);
	const char *t, *prev;
	size_t i;

	(void)state;
	feed_other(res, REC_CHANGE, 1, 40001, T0, NAT_TTL);
	feed_other(res, REC_UPTIME, 1, 40001, T0, 1234);
	feed_syn(res, K_LINUX, 1, 40001, T0);
	feed_other(res, REC_MTU, 1, 40001, T0, 1500);
	feed_syn(res, K_NMAP, 1, 40001, T0);
	t = text(res, 1, 40001);
	assert_memory_equal(t, "Linux 3.11 and newer; app: NMap SYN scan; ",
	    42);
	prev = t;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const char *at = strstr(t, order[i]);

		if (at == NULL || at < prev)
			fail_msg("'%s' missing or out of order in '%s'",
			    order[i], t);
		prev = at;
	}
	assert_non_null(strstr(t, "; reason: ttl; "));
	results_free(res);
}

/* An app match sets "app" and leaves the OS; an unknown OS replaces it
 * and the structured view then has none. */
static void
test_app_and_unknown(void **state)
{
	struct results *res = table(16, 600);
	struct conn_view v;
	struct rec_buf b;

	(void)state;
	feed_syn(res, K_LINUX, 1, 40001, T0);
	feed_syn(res, K_NMAP, 1, 40001, T0 + 1);
	results_view(res, find(res, 1, 40001), &v);
	assert_int_equal(v.os_len, 20);
	assert_int_equal(v.name_len, 5);
	assert_non_null(strstr(text(res, 1, 40001), "; app: NMap SYN scan;"));
	feed_syn(res, K_UNKNOWN, 1, 40001, T0 + 2);
	assert_memory_equal(text(res, 1, 40001), "???; app: NMap SYN scan; ",
	    25);
	results_view(res, find(res, 1, 40001), &v);
	assert_null(v.os);
	/* An app alone: no OS in the text or the view. */
	feed_syn(res, K_NMAP, 2, 40001, T0);
	assert_memory_equal(text(res, 2, 40001), "; app: NMap SYN scan; ", 22);
	results_view(res, find(res, 2, 40001), &v);
	assert_null(v.os);
	/* A p0f-sendsyn probe's answer is an "app", never the host's OS. */
	syn(&b.p, K_LINUX, 3, 40001);
	mk_tcp(&b, T0);
	b.r.sendsyn = 1;
	results_record(&b.r, res);
	assert_memory_equal(text(res, 3, 40001), "; app: Linux 3.11 and newer;",
	    28);
	results_view(res, find(res, 3, 40001), &v);
	assert_null(v.os);
	results_free(res);
}

/* A SYN+ACK describes the server: keyed by the server's ip:port. */
static void
test_synack_keyed_by_server(void **state)
{
	struct results *res = table(16, 600);
	struct conn_view v;
	struct rec_buf b;
	uint8_t srv[16], cli[16];

	(void)state;
	syn(&b.p, K_LINUX, 1, 40001);
	memcpy(cli, b.p.src, 16);
	memcpy(srv, b.p.dst, 16);
	memcpy(b.p.src, srv, 16);
	memcpy(b.p.dst, cli, 16);
	b.p.sport = 25;
	b.p.dport = 40001;
	b.p.flags = TH_SYN | TH_ACK;
	b.p.win = 14600;
	b.p.quirks = Q_DF;
	results_record(mk_tcp(&b, T0), res);
	assert_null(find(res, 1, 40001));
	assert_non_null(results_find(res, 4, srv, 25));
	results_view(res, results_find(res, 4, srv, 25), &v);
	assert_memory_equal(v.os, "Linux 3.x", 9);
	assert_memory_equal(v.peer, cli, 16);
	assert_int_equal(v.peer_port, 40001);
	results_free(res);
}

/* IPv4 and IPv6 keys with the same bytes are different endpoints. */
static void
test_keys_by_version(void **state)
{
	struct results *res = table(16, 600);
	struct rec_buf b;
	uint8_t a[16];

	(void)state;
	syn(&b.p, K_LINUX, 1, 40001);
	b.p.ip_ver = 6;
	memcpy(a, b.p.src, 16);
	results_record(mk_tcp(&b, T0), res);
	assert_non_null(results_find(res, 6, a, 40001));
	assert_null(results_find(res, 4, a, 40001));
	results_free(res);
}

/* Full: the least recently seen endpoint goes first. */
static void
test_eviction_at_capacity(void **state)
{
	struct results *res = table(4, 600);
	struct results_stats st;
	unsigned h;

	(void)state;
	for (h = 1; h <= 4; h++)
		feed_syn(res, K_LINUX, h, 40000, T0 + h);
	feed_other(res, REC_MTU, 1, 40000, T0 + 5, 1500); /* 1 is fresh */
	feed_syn(res, K_LINUX, 5, 40000, T0 + 6);
	assert_non_null(find(res, 1, 40000));
	assert_null(find(res, 2, 40000));
	assert_non_null(find(res, 3, 40000));
	feed_syn(res, K_WINDOWS, 6, 40000, T0 + 7);
	assert_null(find(res, 3, 40000));
	results_stats(res, &st);
	assert_int_equal(st.count, 4);
	assert_int_equal(st.evicted, 2);
	assert_int_equal(st.records, 7);
	/* A new entry starts clean. */
	assert_string_equal(text(res, 6, 40000), "Windows 7 or 8; dist: 0; "
	    "params: none; raw_sig: " WINDOWS_SIG);
	/* A flood stays bounded. */
	for (h = 0; h < 1000; h++)
		feed_syn(res, K_LINUX, 7, (uint16_t)(1024 + h), T0 + 8);
	results_stats(res, &st);
	assert_int_equal(st.count, 4);
	assert_int_equal(st.evicted, 1002);
	results_free(res);
}

/* Idle entries expire by record time, every RESULTS_EXPIRE_EVERY
 * records, as p0f-analyzer expires them only when p0f writes. */
static void
test_ttl_on_record_time(void **state)
{
	struct results *res = table(16, 600);
	struct results_stats st;
	int i;

	(void)state;
	feed_syn(res, K_LINUX, 1, 40001, T0);		/* record 1 */
	feed_syn(res, K_LINUX, 2, 40001, T0 + 100);	/* record 2 */
	for (i = 3; i < RESULTS_EXPIRE_EVERY; i++)
		feed_syn(res, K_LINUX, 3, 40001, T0 + 700);
	/* Idle past the TTL but not yet swept: still answered. */
	assert_non_null(find(res, 1, 40001));
	feed_syn(res, K_LINUX, 3, 40001, T0 + 700);	/* sweep */
	assert_null(find(res, 1, 40001));
	/* Seen exactly TTL seconds ago: kept. */
	assert_non_null(find(res, 2, 40001));
	assert_non_null(find(res, 3, 40001));
	results_stats(res, &st);
	assert_int_equal(st.expired, 1);
	assert_int_equal(st.count, 2);
	/* Records with old times never expire anything newer. */
	for (i = 0; i < RESULTS_EXPIRE_EVERY; i++)
		feed_syn(res, K_LINUX, 4, 40001, T0);
	assert_non_null(find(res, 2, 40001));
	results_stats(res, &st);
	assert_int_equal(st.expired, 1);
	results_free(res);
}

/* Values that do not fit an entry's text are dropped and counted; the
 * rest stays consistent, and space freed by a shorter value is reused. */
static void
test_dropped_fields(void **state)
{
	static const char os_text[] = LONG_NAME " " LONG_FLAVOR;
	static const char app_text[] = LONG_APP " " LONG_FLAVOR;
	struct results *res = table(16, 600);
	struct results_stats st;
	struct conn_view v;
	const char *t;

	(void)state;
	feed_syn(res, K_LONG_OS, 1, 40001, T0);
	t = text(res, 1, 40001);
	assert_memory_equal(t, os_text, sizeof(os_text) - 1);
	results_stats(res, &st);
	assert_int_equal(st.dropped_fields, 0);
	feed_syn(res, K_LONG_APP, 1, 40001, T0 + 1);
	results_stats(res, &st);
	assert_int_equal(st.dropped_fields, 1);
	t = text(res, 1, 40001);
	assert_memory_equal(t, os_text, sizeof(os_text) - 1);
	assert_null(strstr(t, "app:"));
	assert_non_null(strstr(t, "; dist: 0; params: none; raw_sig: "
	    "4:255+0:0:1400:4322,0:mss::0"));
	results_view(res, find(res, 1, 40001), &v);
	assert_int_equal(v.os_len, sizeof(os_text) - 1);
	assert_int_equal(v.name_len, strlen(LONG_NAME));
	/* A short OS leaves room for the app. */
	feed_syn(res, K_LINUX, 1, 40001, T0 + 2);
	feed_syn(res, K_LONG_APP, 1, 40001, T0 + 3);
	t = text(res, 1, 40001);
	assert_memory_equal(t, "Linux 3.11 and newer; app: " LONG_APP " ",
	    27 + strlen(LONG_APP) + 1);
	assert_non_null(strstr(t, app_text));
	results_stats(res, &st);
	assert_int_equal(st.dropped_fields, 1);
	/* Now the long OS cannot join the long app. */
	feed_syn(res, K_LONG_OS, 1, 40001, T0 + 4);
	results_stats(res, &st);
	assert_int_equal(st.dropped_fields, 2);
	t = text(res, 1, 40001);
	assert_memory_equal(t, "; app: ", 7);
	results_view(res, find(res, 1, 40001), &v);
	assert_null(v.os);
	results_free(res);
}

/* A short buffer cuts the text and still terminates it. */
static void
test_text_cut(void **state)
{
	struct results *res = table(16, 600);
	const struct results_entry *e;
	char buf[16];

	(void)state;
	feed_syn(res, K_LINUX, 1, 40001, T0);
	e = find(res, 1, 40001);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(results_text(e, buf, 10), 9);
	assert_string_equal(buf, "Linux 3.1");
	assert_int_equal(buf[10], 'x');
	assert_int_equal(results_text(e, buf, 1), 0);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(results_text(e, buf, 0), 0);
	results_free(res);
}

/* ------------------------------------------------------------------ */
/* Randomised comparison with a model of p0f-analyzer's merge. */

#define M_ENDPOINTS	6
#define M_FIELDS	11
#define M_VAL		256

struct model {
	int present[M_FIELDS];
	char val[M_FIELDS][M_VAL];
};

static const char *const m_names[M_FIELDS] = { "app", "dist", "link", "os",
	"params", "raw_freq", "raw_hits", "raw_mtu", "raw_sig", "reason",
	"uptime" };

static void
model_field(void *arg, enum out_field f, const char *val, size_t len)
{
	struct model *m = arg;
	const char *name = output_field_name(f);
	int i;

	for (i = 0; i < M_FIELDS; i++)
		if (strcmp(m_names[i], name) == 0) {
			assert_true(len < M_VAL);
			m->present[i] = 1;
			memcpy(m->val[i], val, len);
			m->val[i][len] = '\0';
			return;
		}
	fail_msg("unknown field %s", name);
}

/* Perl: join('; ', $os, map("$_: $a{$_}", sort keys %a)). */
static void
model_text(const struct model *m, char *buf, size_t len)
{
	int i;

	snprintf(buf, len, "%s", m->val[3]);
	for (i = 0; i < M_FIELDS; i++)
		if (i != 3 && m->present[i])
			snprintf(buf + strlen(buf), len - strlen(buf),
			    "; %s: %s", m_names[i], m->val[i]);
}

static void
test_model_comparison(void **state)
{
	static struct model m[M_ENDPOINTS];
	struct results *res = table(M_ENDPOINTS, 1000000);
	struct rec_buf b;
	char want[2048], got[2048];
	unsigned seed = 12345;
	int step, ep;

	(void)state;
	memset(m, 0, sizeof(m));
	for (step = 0; step < 5000; step++) {
		unsigned x = (seed = seed * 1103515245u + 12345u) >> 8;
		int kind = (int)(x % 8);

		ep = (int)((x >> 4) % M_ENDPOINTS);
		syn(&b.p, (enum os_kind)(x % 4), (unsigned)ep + 1, 40001);
		memset(&b.r, 0, sizeof(b.r));
		b.r.sec = T0 + (uint64_t)step;
		b.r.pkt = &b.p;
		b.r.to_srv = 1;
		if (kind < 4) {
			mk_tcp(&b, T0 + (uint64_t)step);
		} else if (kind == 4) {
			b.r.mod = REC_MTU;
			b.r.mtu = (x >> 12) % 2 ? 1500 : 1400 + (x >> 13) % 90;
			b.r.link = b.r.mtu == 1500 ? "Ethernet or modem" : NULL;
		} else if (kind == 5) {
			b.r.mod = REC_UPTIME;
			b.r.up_min = (x >> 12) % 100000;
			b.r.up_mod_days = 49;
			b.r.freq = 100.0 + (double)((x >> 14) % 900);
		} else {
			b.r.mod = kind == 6 ? REC_CHANGE : REC_SHARING;
			b.r.reasons = (x >> 12) & 0x1ff;
			b.r.hits[(x >> 20) % 4] = 1;
		}
		results_record(&b.r, res);
		output_fields(&b.r, model_field, &m[ep]);
		model_text(&m[ep], want, sizeof(want));
		results_text(find(res, (unsigned)ep + 1, 40001), got,
		    sizeof(got));
		if (strcmp(want, got) != 0)
			fail_msg("step %d: '%s' != '%s'", step, got, want);
	}
	results_free(res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syn_result),
		cmocka_unit_test(test_merge_newest_wins),
		cmocka_unit_test(test_no_os_field),
		cmocka_unit_test(test_field_order),
		cmocka_unit_test(test_app_and_unknown),
		cmocka_unit_test(test_synack_keyed_by_server),
		cmocka_unit_test(test_keys_by_version),
		cmocka_unit_test(test_eviction_at_capacity),
		cmocka_unit_test(test_ttl_on_record_time),
		cmocka_unit_test(test_dropped_fields),
		cmocka_unit_test(test_text_cut),
		cmocka_unit_test(test_model_comparison),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
