/*
 * Unit tests of output.c: p0f "-o" lines (shared/reference/p0f-engine.md
 * §5.1; the expected lines are the ones Debian's p0f 3.09b wrote for the
 * same packets), p0f-style addresses, and JSON lines checked by a small
 * JSON parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "fixtures.h"
#include "match.h"
#include "output.h"
#include "packet.h"
#include "sigdb.h"

#define T0 1704067200u	/* 2024-01-01 00:00:00 UTC */

static const char db_text[] =
    "classes = win,unix,other\n"
    "[mtu]\n"
    "label = Ethernet or modem\nsig = 1500\n"
    "label = \"odd\" link\\\nsig = 1400\n"
    "[tcp:request]\n"
    "label = s:unix:Linux:3.11 and newer\n"
    "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"
    "label = g:unix:Mac OS X:\n"
    "sig = *:64:0:*:65535,*:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0\n"
    "label = s:!:NMap:SYN scan\nsys = @unix,@win\n"
    "sig = *:64-:0:1460:1024,0:mss::0\n"
    "label = s:other:Odd:a\"b\\c\td\001e\n"
    "sig = *:255:0:0:65535,0:::0\n";

static struct sigdb *db;

static int
setup(void **state)
{
	struct sigdb_err err;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	if (sigdb_load_mem("o.fp", db_text, sizeof(db_text) - 1, &db,
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

static void
linux_syn(struct pkt_tcp *p, uint16_t sport)
{
	memset(p, 0, sizeof(*p));
	p->ip_ver = 4;
	v4(p->src, 198, 18, 0, 1);
	v4(p->dst, 192, 0, 2, 25);
	p->sport = sport;
	p->dport = 25;
	p->flags = TH_SYN;
	linux311_fields(p, 1000);
}

/* A record for p as the engine would make it. */
static void
mkrec(struct record *r, struct match *m, const struct pkt_tcp *p,
    enum rec_mod mod, uint64_t sec)
{
	int resp = pkt_syn_kind(p) == 2;

	match_tcp(db, p, resp, resp ? 1460 : 0, 0, m);
	memset(r, 0, sizeof(*r));
	r->mod = mod;
	r->sec = sec;
	r->pkt = p;
	r->to_srv = !resp;
	r->m = m;
}

static const char *
fmt(enum out_fmt f, const struct record *r)
{
	static char buf[OUT_LINE_MAX];
	struct output *o = output_new(-1, f, db);
	size_t n;

	assert_non_null(o);
	n = output_format(o, r, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	output_free(o);
	return buf;
}

/* ------------------------------------------------------------------ */
/* p0f lines. */

static void
test_p0f_syn_line(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_SYN, T0);
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:00] mod=syn|"
	    "cli=198.18.0.1/41000|srv=192.0.2.25/25|subj=cli|"
	    "os=Linux 3.11 and newer|dist=0|params=none|"
	    "raw_sig=4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
	/* The time is the record's own, in local time (here UTC). */
	r.sec = T0 + 86400 * 366 + 3600 * 13 + 60 * 7 + 9;
	r.usec = 999999;
	assert_true(strncmp(fmt(OUT_P0F, &r), "[2025/01/01 13:07:09] ", 22)
	    == 0);
}

static void
test_p0f_synack_line(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	/* From §5.1: an unknown SYN+ACK of a Linux 6 server. */
	linux_syn(&p, 25);
	v4(p.src, 10, 99, 0, 1);
	v4(p.dst, 10, 99, 0, 2);
	p.dport = 45182;
	p.flags = TH_SYN | TH_ACK;
	p.win = 65160;
	p.wscale = 10;
	p.quirks = Q_DF;
	mkrec(&r, &m, &p, REC_SYNACK, T0);
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:00] "
	    "mod=syn+ack|cli=10.99.0.2/45182|srv=10.99.0.1/25|subj=srv|"
	    "os=???|dist=0|params=none|"
	    "raw_sig=4:64+0:0:1460:mss*45,10:mss,sok,ts,nop,ws:df:0");
}

static void
test_p0f_ipv6_line(void **state)
{
	static const uint8_t cli[16] = { 0xfd, 0x99, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 2 };
	static const uint8_t srv[16] = { 0xfd, 0x99, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 1 };
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	linux_syn(&p, 41538);
	p.ip_ver = 6;
	memcpy(p.src, cli, 16);
	memcpy(p.dst, srv, 16);
	p.mss = 1440;
	p.win = 64800;
	p.wscale = 10;
	p.quirks = Q_FLOW;
	p.hdr_len = 80;
	mkrec(&r, &m, &p, REC_SYN, T0);
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:00] mod=syn|"
	    "cli=fd99:0:0:0:0:0:0:2/41538|srv=fd99:0:0:0:0:0:0:1/25|"
	    "subj=cli|os=???|dist=0|params=none|"
	    "raw_sig=6:64+0:0:1440:mss*45,10:mss,sok,ts,nop,ws:flow:0");
}

static void
test_p0f_app_line(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.ip_ver = 4;
	v4(p.src, 198, 18, 0, 9);
	v4(p.dst, 192, 0, 2, 25);
	p.sport = 61000;
	p.dport = 25;
	p.flags = TH_SYN;
	p.ttl = 41;
	p.mss = 1460;
	p.win = 1024;
	p.opt[0] = OPT_MSS;
	p.opt_cnt = 1;
	p.hdr_len = 44;
	mkrec(&r, &m, &p, REC_SYN, T0);
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:00] mod=syn|"
	    "cli=198.18.0.9/61000|srv=192.0.2.25/25|subj=cli|"
	    "app=NMap SYN scan|dist=<= 23|params=random_ttl|"
	    "raw_sig=4:41+23:0:1460:1024,0:mss::0");
}

static void
test_p0f_empty_flavor_and_generic(void **state)
{
	static const uint8_t o[9] = { OPT_MSS, OPT_NOP, OPT_WS, OPT_NOP,
		OPT_NOP, OPT_TS, OPT_SACKOK, OPT_EOL };
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	linux_syn(&p, 50000);
	p.win = 65535;
	p.wscale = 5;
	memcpy(p.opt, o, 8);
	p.opt_cnt = 8;
	p.eol_pad = 1;
	p.ttl = 50;
	p.hdr_len = 64;
	mkrec(&r, &m, &p, REC_SYN, T0);
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:00] mod=syn|"
	    "cli=198.18.0.1/50000|srv=192.0.2.25/25|subj=cli|"
	    "os=Mac OS X|dist=14|params=generic|"
	    "raw_sig=4:50+14:0:1460:65535,5:mss,nop,ws,nop,nop,ts,sok,eol+1:"
	    "df,id+:0");
}

/*
 * One output formats records that differ from the one before in a single
 * input at a time: the texts it keeps (a SYN's fields from "|os=" on, the
 * last ends) must never stand in for a record they were not made from.
 * Every line must equal the one a fresh output makes.
 */
static void
test_p0f_cached_parts_never_stale(void **state)
{
	static const uint8_t other_opts[3] = { OPT_MSS, OPT_NOP, OPT_WS };
	struct output *o = output_new(-1, OUT_P0F, db);
	struct pkt_tcp p;
	struct match m;
	struct record r;
	char got[OUT_LINE_MAX], want[OUT_LINE_MAX];
	int step;

	(void)state;
	assert_non_null(o);
	for (step = 0; step < 16; step++) {
		linux_syn(&p, 40000);
		switch (step % 8) {
		case 1: p.tos = 0x20; break;		/* params only */
		case 2: p.ttl = 57; break;		/* dist, raw_sig */
		case 3: p.win = 29201; break;		/* no match */
		case 4: p.src[3] = 2; break;		/* cli only */
		case 5: p.sport = 40001; break;		/* port only */
		case 6:					/* options */
			memcpy(p.opt, other_opts, sizeof(other_opts));
			p.opt_cnt = 3;
			break;
		case 7: p.pay_len = 1; break;		/* payload class */
		}
		mkrec(&r, &m, &p, step < 8 ? REC_SYN : REC_MTU, T0 + step);
		if (r.mod == REC_MTU) {
			r.mtu = 1500;
			r.link = "Ethernet or modem";
		}
		output_format(o, &r, got, sizeof(got));
		snprintf(want, sizeof(want), "%s", fmt(OUT_P0F, &r));
		assert_string_equal(got, want);
		/* Again, now from what was kept. */
		output_format(o, &r, got, sizeof(got));
		assert_string_equal(got, want);
	}
	output_free(o);
}

/* After a reload the kept SYN fields of the old database are gone. */
static void
test_p0f_reload_forgets_cached_labels(void **state)
{
	static const char other_text[] =
	    "classes = unix\n[tcp:request]\n"
	    "label = s:unix:Other:label\n"
	    "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n";
	struct sigdb *db2;
	struct sigdb_err err;
	struct output *o = output_new(-1, OUT_P0F, db);
	struct pkt_tcp p;
	struct match m;
	struct record r;
	char line[OUT_LINE_MAX];

	(void)state;
	assert_int_equal(sigdb_load_mem("o2.fp", other_text,
	    sizeof(other_text) - 1, &db2, &err), 0);
	linux_syn(&p, 40000);
	mkrec(&r, &m, &p, REC_SYN, T0);
	output_format(o, &r, line, sizeof(line));
	assert_non_null(strstr(line, "|os=Linux 3.11 and newer|"));
	/* The same fingerprint, matched against the new database. */
	output_set_db(o, db2);
	match_tcp(db2, &p, 0, 0, 0, &m);
	output_format(o, &r, line, sizeof(line));
	assert_non_null(strstr(line, "|os=Other label|"));
	output_free(o);
	sigdb_free(db2);
}

static void
test_p0f_mtu_lines(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_MTU, T0);
	r.mtu = 1500;
	r.link = sigdb_mtu_label(db, 1500);
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:00] mod=mtu|"
	    "cli=198.18.0.1/41000|srv=192.0.2.25/25|subj=cli|"
	    "link=Ethernet or modem|raw_mtu=1500");
	r.mtu = 1520;
	r.link = NULL;
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:00] mod=mtu|"
	    "cli=198.18.0.1/41000|srv=192.0.2.25/25|subj=cli|"
	    "link=???|raw_mtu=1520");
}

static void
test_p0f_uptime_line(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	linux_syn(&p, 41001);
	mkrec(&r, &m, &p, REC_UPTIME, T0 + 1);
	r.up_min = 16460;
	r.up_mod_days = 49;
	r.freq = 1000.0;
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:00:01] "
	    "mod=uptime|cli=198.18.0.1/41001|srv=192.0.2.25/25|subj=cli|"
	    "uptime=11 days 10 hrs 20 min (modulo 49 days)|"
	    "raw_freq=1000.00 Hz");
	r.up_min = 59;
	r.up_mod_days = 198;
	r.freq = 263.0;
	assert_non_null(strstr(fmt(OUT_P0F, &r), "|uptime=0 days 0 hrs 59 "
	    "min (modulo 198 days)|raw_freq=263.00 Hz"));
	r.freq = 0.8;
	assert_non_null(strstr(fmt(OUT_P0F, &r), "|raw_freq=0.80 Hz"));
}

static void
test_p0f_nat_lines(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	linux_syn(&p, 46010);
	v4(p.src, 198, 18, 200, 50);
	mkrec(&r, &m, &p, REC_CHANGE, T0 + 100);
	r.reasons = NAT_OS_SIG;
	memset(r.hits, 1, 4);
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:01:40] "
	    "mod=host change|cli=198.18.200.50/46010|srv=192.0.2.25/25|"
	    "subj=cli|reason=os_diff|raw_hits=1,1,1,1");
	r.mod = REC_SHARING;
	memset(r.hits, 3, 4);
	r.hits[3] = 12;
	r.reasons = NAT_OS_SIG | NAT_TTL | NAT_MSS;
	assert_string_equal(fmt(OUT_P0F, &r), "[2024/01/01 00:01:40] "
	    "mod=ip sharing|cli=198.18.200.50/46010|srv=192.0.2.25/25|"
	    "subj=cli|reason=os_diff ttl mtu|raw_hits=3,3,3,12");
}

static void
test_reason_names(void **state)
{
	char buf[256];

	(void)state;
	engine_reasons(NAT_APP_SIG | NAT_OS_SIG | NAT_UNK_DIFF | NAT_TO_UNK |
	    NAT_TS | NAT_TTL | NAT_PORT | NAT_MSS | NAT_FUZZY, buf,
	    sizeof(buf));
	assert_string_equal(buf, "app_vs_os os_diff sig_diff x_known tstamp "
	    "ttl port mtu fuzzy");
	engine_reasons(NAT_FUZZY | NAT_APP_SIG, buf, sizeof(buf));
	assert_string_equal(buf, "app_vs_os fuzzy");
	engine_reasons(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void
test_p0f_sendsyn(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;

	(void)state;
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_SYN, T0);
	r.sendsyn = 1;
	assert_non_null(strstr(fmt(OUT_P0F, &r), "] mod=sendsyn probe|"));
	r.mod = REC_SYNACK;
	assert_non_null(strstr(fmt(OUT_P0F, &r), "] mod=sendsyn response|"));
}

/* A sendsyn response's raw_sig (MSS shown as "*") is the same in both
 * formats. */
static void
test_sendsyn_raw_sig_both_formats(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;
	char want[RAW_SIG_MAX + 16];
	const char *line, *sig;

	(void)state;
	linux_syn(&p, 41000);
	p.flags = TH_SYN | TH_ACK;
	p.mss = SENDSYN_MSS;
	mkrec(&r, &m, &p, REC_SYNACK, T0);
	r.sendsyn = 1;
	line = fmt(OUT_P0F, &r);
	assert_non_null(sig = strstr(line, "|raw_sig="));
	assert_non_null(strstr(sig, ":*:"));
	snprintf(want, sizeof(want), "\"raw_sig\":\"%s\"",
	    sig + strlen("|raw_sig="));
	assert_non_null(strstr(fmt(OUT_JSON, &r), want));
}

/* ------------------------------------------------------------------ */
/* Addresses. */

static const char *
addr(int ver, const uint8_t *a)
{
	static char buf[64];

	output_addr(buf, sizeof(buf), ver, a);
	return buf;
}

static void
test_addresses(void **state)
{
	uint8_t a[16];
	char small[8];
	int i;

	(void)state;
	v4(a, 0, 0, 0, 0);
	assert_string_equal(addr(4, a), "0.0.0.0");
	v4(a, 255, 255, 255, 255);
	assert_string_equal(addr(4, a), "255.255.255.255");
	v4(a, 10, 100, 9, 199);
	assert_string_equal(addr(4, a), "10.100.9.199");
	memset(a, 0, 16);
	assert_string_equal(addr(6, a), "0:0:0:0:0:0:0:0");
	a[15] = 1;
	assert_string_equal(addr(6, a), "0:0:0:0:0:0:0:1");
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	assert_string_equal(addr(6, a), "2001:db8:0:0:0:0:0:1");
	memset(a, 0, 16);
	a[0] = 0xfe;
	a[1] = 0x80;
	a[12] = 0xab;
	a[13] = 0xcd;
	a[14] = 0x00;
	a[15] = 0x10;
	assert_string_equal(addr(6, a), "fe80:0:0:0:0:0:abcd:10");
	for (i = 0; i < 16; i++)
		a[i] = 0xff;
	assert_string_equal(addr(6, a),
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	/* Cut to the buffer, always terminated. */
	assert_true(output_addr(small, sizeof(small), 6, a) < sizeof(small));
	assert_string_equal(small, "ffff:ff");
}

/* ------------------------------------------------------------------ */
/* JSON: a small validating parser. */

struct jp {
	const char *s;
	int depth;
};

static int jvalue(struct jp *);

static void
jws(struct jp *j)
{
	while (*j->s == ' ' || *j->s == '\t' || *j->s == '\n' ||
	    *j->s == '\r')
		j->s++;
}

static int
jstring(struct jp *j)
{
	if (*j->s != '"')
		return -1;
	for (j->s++; *j->s != '"'; j->s++) {
		unsigned char c = (unsigned char)*j->s;

		if (c < 0x20)
			return -1;	/* raw control character */
		if (c == '\\') {
			j->s++;
			if (*j->s == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF",
					    j->s[i]) || j->s[i] == '\0')
						return -1;
				j->s += 4;
			} else if (!*j->s || !strchr("\"\\/bfnrt", *j->s))
				return -1;
		}
	}
	j->s++;
	return 0;
}

static int
jnumber(struct jp *j)
{
	const char *st = j->s;

	if (*j->s == '-')
		j->s++;
	if (*j->s < '0' || *j->s > '9')
		return -1;
	if (*j->s == '0' && j->s[1] >= '0' && j->s[1] <= '9')
		return -1;	/* leading zero */
	while (*j->s >= '0' && *j->s <= '9')
		j->s++;
	if (*j->s == '.') {
		j->s++;
		if (*j->s < '0' || *j->s > '9')
			return -1;
		while (*j->s >= '0' && *j->s <= '9')
			j->s++;
	}
	return j->s > st ? 0 : -1;
}

static int
jvalue(struct jp *j)
{
	jws(j);
	if (++j->depth > 16)
		return -1;
	switch (*j->s) {
	case '{':
		j->s++;
		jws(j);
		if (*j->s == '}') {
			j->s++;
			break;
		}
		for (;;) {
			jws(j);
			if (jstring(j) < 0)
				return -1;
			jws(j);
			if (*j->s++ != ':' || jvalue(j) < 0)
				return -1;
			jws(j);
			if (*j->s == ',') {
				j->s++;
				continue;
			}
			if (*j->s++ != '}')
				return -1;
			break;
		}
		break;
	case '[':
		j->s++;
		jws(j);
		if (*j->s == ']') {
			j->s++;
			break;
		}
		for (;;) {
			if (jvalue(j) < 0)
				return -1;
			jws(j);
			if (*j->s == ',') {
				j->s++;
				continue;
			}
			if (*j->s++ != ']')
				return -1;
			break;
		}
		break;
	case '"':
		if (jstring(j) < 0)
			return -1;
		break;
	case 't':
		if (strncmp(j->s, "true", 4))
			return -1;
		j->s += 4;
		break;
	case 'f':
		if (strncmp(j->s, "false", 5))
			return -1;
		j->s += 5;
		break;
	case 'n':
		if (strncmp(j->s, "null", 4))
			return -1;
		j->s += 4;
		break;
	default:
		if (jnumber(j) < 0)
			return -1;
	}
	j->depth--;
	return 0;
}

/* 0 if s is exactly one JSON object. */
static int
json_ok(const char *s)
{
	struct jp j = { s, 0 };

	jws(&j);
	if (*j.s != '{' || jvalue(&j) < 0)
		return -1;
	jws(&j);
	return *j.s == '\0' ? 0 : -1;
}

static void
test_json_checker_itself(void **state)
{
	(void)state;
	assert_int_equal(json_ok("{\"a\":1,\"b\":[1,2.5,\"x\\\"\"],"
	    "\"c\":{\"d\":true,\"e\":null}}"), 0);
	assert_int_equal(json_ok("{\"a\":\"\t\"}"), -1);
	assert_int_equal(json_ok("{\"a\":\"\\q\"}"), -1);
	assert_int_equal(json_ok("{\"a\":1,}"), -1);
	assert_int_equal(json_ok("{\"a\":01}"), -1);
	assert_int_equal(json_ok("{\"a\":1}x"), -1);
	assert_int_equal(json_ok("{\"a\":\"\\u00g1\"}"), -1);
	assert_int_equal(json_ok("{\"a\":\"unterminated}"), -1);
}

static void
json_must_be_valid(const char *s)
{
	if (json_ok(s) != 0)
		fail_msg("invalid JSON: %s", s);
}

static void
test_json_syn(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;
	const char *s;

	(void)state;
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_SYN, T0);
	r.usec = 42;
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"time\":\"2024-01-01T00:00:00.000042Z\""));
	assert_non_null(strstr(s, "\"mod\":\"syn\""));
	assert_non_null(strstr(s, "\"cli\":\"198.18.0.1\""));
	assert_non_null(strstr(s, "\"cli_port\":41000"));
	assert_non_null(strstr(s, "\"srv_port\":25"));
	assert_non_null(strstr(s, "\"os\":\"Linux 3.11 and newer\""));
	assert_non_null(strstr(s, "\"class\":\"unix\""));
	assert_non_null(strstr(s, "\"name\":\"Linux\""));
	assert_non_null(strstr(s, "\"flavor\":\"3.11 and newer\""));
	assert_non_null(strstr(s, "\"quality\":\"exact\""));
	assert_non_null(strstr(s, "\"dist\":0"));
	assert_non_null(strstr(s,
	    "\"raw_sig\":\"4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\""));
	/* Unknown, with a VLAN. */
	p.wscale = 3;
	p.vlans = 1;
	p.vlan_id = 100;
	mkrec(&r, &m, &p, REC_SYN, T0);
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"os\":\"???\""));
	assert_non_null(strstr(s, "\"vlan\":100"));
}

static void
test_json_escapes(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;
	const char *s;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.ip_ver = 4;
	v4(p.src, 198, 18, 0, 7);
	v4(p.dst, 192, 0, 2, 25);
	p.sport = 1234;
	p.dport = 25;
	p.flags = TH_SYN;
	p.ttl = 255;
	p.win = 65535;
	p.hdr_len = 40;
	mkrec(&r, &m, &p, REC_SYN, T0);
	assert_non_null(m.sig);
	assert_string_equal(m.sig->label->flavor, "a\"b\\c\td\001e");
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s,
	    "\"os\":\"Odd a\\\"b\\\\c\\u0009d\\u0001e\""));
	assert_non_null(strstr(s, "\"flavor\":\"a\\\"b\\\\c\\u0009d\\u0001e\""));
	/* An [mtu] label with a quote and a backslash. */
	r.mod = REC_MTU;
	r.mtu = 1400;
	r.link = sigdb_mtu_label(db, 1400);
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"link\":\"\\\"odd\\\" link\\\\\""));
}

static void
test_json_every_record_kind(void **state)
{
	static const uint8_t six[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1 };
	struct pkt_tcp p;
	struct match m;
	struct record r;
	const char *s;

	(void)state;
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_MTU, T0);
	r.mtu = 1500;
	r.link = sigdb_mtu_label(db, 1500);
	json_must_be_valid(fmt(OUT_JSON, &r));
	r.link = NULL;
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"link\":\"???\""));
	r.mod = REC_UPTIME;
	r.up_min = 16460;
	r.up_mod_days = 49;
	r.freq = 1000;
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"uptime_min\":16460"));
	assert_non_null(strstr(s, "\"up_mod_days\":49"));
	r.mod = REC_CHANGE;
	r.reasons = NAT_OS_SIG | NAT_PORT;
	memset(r.hits, 2, 4);
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"mod\":\"host change\""));
	assert_non_null(strstr(s, "\"reason\":\"os_diff port\""));
	r.mod = REC_SHARING;
	json_must_be_valid(fmt(OUT_JSON, &r));
	/* An application, and a SYN+ACK over IPv6. */
	memset(&p, 0, sizeof(p));
	p.ip_ver = 4;
	p.flags = TH_SYN;
	p.ttl = 41;
	p.mss = 1460;
	p.win = 1024;
	p.opt[0] = OPT_MSS;
	p.opt_cnt = 1;
	p.hdr_len = 44;
	mkrec(&r, &m, &p, REC_SYN, T0);
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"app\":\"NMap SYN scan\""));
	assert_non_null(strstr(s, "\"class\":\"!\""));
	linux_syn(&p, 25);
	p.ip_ver = 6;
	memcpy(p.src, six, 16);
	p.flags = TH_SYN | TH_ACK;
	mkrec(&r, &m, &p, REC_SYNACK, T0);
	s = fmt(OUT_JSON, &r);
	json_must_be_valid(s);
	assert_non_null(strstr(s, "\"srv\":\"2001:db8:0:0:0:0:0:1\""));
	assert_non_null(strstr(s, "\"subj\":\"srv\""));
}

/*
 * A label whose flavor is 120 control characters (legal in a .fp file:
 * only NUL is refused) grows sixfold when escaped and appears twice in a
 * JSON syn line, so the line exceeds OUT_LINE_MAX. It must still be one
 * valid JSON object (shortened, never cut inside an escape or a string).
 * Found by fuzz_sigdb.
 */
static void
test_json_long_escaped_label_stays_valid(void **state)
{
	char text[512];
	struct sigdb *ldb;
	struct sigdb_err err;
	struct output *o;
	struct pkt_tcp p;
	struct match m;
	struct record r;
	char buf[OUT_LINE_MAX];
	int n;

	(void)state;
	n = snprintf(text, sizeof(text), "classes = win\n[tcp:request]\n"
	    "label = s:!:Tool:");
	memset(text + n, '\f', 120);
	snprintf(text + n + 120, sizeof(text) - (size_t)n - 120,
	    "\nsys = @win\nsig = *:64:0:*:*,*:::0\n");
	assert_int_equal(sigdb_load_mem("l.fp", text, strlen(text), &ldb,
	    &err), 0);
	memset(&p, 0, sizeof(p));
	p.ip_ver = 4;
	p.flags = TH_SYN;
	p.ttl = 64;
	p.win = 1;
	p.hdr_len = 40;
	match_tcp(ldb, &p, 0, 0, 0, &m);
	assert_non_null(m.sig);
	memset(&r, 0, sizeof(r));
	r.mod = REC_SYN;
	r.pkt = &p;
	r.to_srv = 1;
	r.m = &m;
	o = output_new(-1, OUT_JSON, ldb);
	output_format(o, &r, buf, sizeof(buf));
	output_free(o);
	sigdb_free(ldb);
	json_must_be_valid(buf);
}

/* ------------------------------------------------------------------ */
/* Writing. */

static void
test_record_and_flush(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;
	struct output *o;
	int fds[2];
	char buf[4096], want[OUT_LINE_MAX];
	ssize_t n;
	size_t i;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	o = output_new(fds[1], OUT_P0F, db);
	assert_non_null(o);
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_SYN, T0);
	for (i = 0; i < 3; i++)
		output_record(&r, o);
	assert_int_equal(output_lines(o), 3);
	assert_int_equal(output_flush(o), 0);
	assert_int_equal(output_failed(o), 0);
	n = read(fds[0], buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	{
		struct output *o2 = output_new(-1, OUT_P0F, db);
		size_t l = output_format(o2, &r, want, sizeof(want));

		output_free(o2);
		assert_int_equal((size_t)n, 3 * (l + 1));
		for (i = 0; i < 3; i++) {
			assert_memory_equal(buf + i * (l + 1), want, l);
			assert_int_equal(buf[i * (l + 1) + l], '\n');
		}
	}
	output_free(o);
	close(fds[0]);
	close(fds[1]);
}

static void
test_flush_error(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;
	struct output *o = output_new(-1, OUT_JSON, db);

	(void)state;
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_SYN, T0);
	output_record(&r, o);
	assert_int_equal(output_flush(o), -1);
	assert_int_equal(output_failed(o), 1);
	output_free(o);
}

static void
test_format_small_buffer(void **state)
{
	struct pkt_tcp p;
	struct match m;
	struct record r;
	struct output *o = output_new(-1, OUT_P0F, db);
	char buf[12];

	(void)state;
	linux_syn(&p, 41000);
	mkrec(&r, &m, &p, REC_SYN, T0);
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(output_format(o, &r, buf, sizeof(buf)), 11);
	assert_string_equal(buf, "[2024/01/01");
	assert_int_equal(output_format(o, &r, buf, 1), 0);
	assert_string_equal(buf, "");
	output_free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_p0f_syn_line),
		cmocka_unit_test(test_p0f_synack_line),
		cmocka_unit_test(test_p0f_ipv6_line),
		cmocka_unit_test(test_p0f_app_line),
		cmocka_unit_test(test_p0f_empty_flavor_and_generic),
		cmocka_unit_test(test_p0f_cached_parts_never_stale),
		cmocka_unit_test(test_p0f_reload_forgets_cached_labels),
		cmocka_unit_test(test_p0f_mtu_lines),
		cmocka_unit_test(test_p0f_uptime_line),
		cmocka_unit_test(test_p0f_nat_lines),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_p0f_sendsyn),
		cmocka_unit_test(test_sendsyn_raw_sig_both_formats),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_json_checker_itself),
		cmocka_unit_test(test_json_syn),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_every_record_kind),
		cmocka_unit_test(test_json_long_escaped_label_stays_valid),
		cmocka_unit_test(test_record_and_flush),
		cmocka_unit_test(test_flush_error),
		cmocka_unit_test(test_format_small_buffer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
