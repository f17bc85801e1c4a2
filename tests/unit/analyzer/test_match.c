/*
 * Unit tests of match.c against the facts of shared/reference/
 * p0f-engine.md §2: window multiplier precedence (§2.2), candidate order
 * and fuzzy rules (§2.3, §2.4), distance (§2.5), raw_sig and params
 * (§2.6), and the IP version test of the default mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures.h"
#include "match.h"
#include "packet.h"
#include "sigdb.h"

#define HDR "classes = win,unix,other\n[tcp:request]\n"
#define LAYOUT "mss,sok,ts,nop,ws"

/* A Linux 3.x-like SYN: mss 1460, win 29200 (mss*20), ws 7. */
static void
linux_pkt(struct pkt_tcp *p, int ver)
{
	memset(p, 0, sizeof(*p));
	linux311_fields(p, 123456);
	p->ip_ver = (uint8_t)ver;
	p->flags = TH_SYN;
	p->seq = 1;
	if (ver == 6) {		/* no DF or IP ID; a 40-byte IPv6 header */
		p->quirks = 0;
		p->hdr_len = 80;
	}
}

static const char *
name_of(const struct match *m)
{
	return m->sig ? m->sig->label->name : "???";
}

/* ------------------------------------------------------------------ */
/* Window multiplier (§2.2). */

static void
wm(uint16_t win, int32_t mss, int ts, int ver, unsigned hdr, int resp,
    uint16_t peer, uint8_t want_type, uint16_t want_mul)
{
	uint8_t t;
	uint16_t mul;

	match_win_multi(win, mss, ts, ver, hdr, resp, peer, &t, &mul);
	if (t != want_type || (want_type != WIN_LIT && mul != want_mul))
		fail_msg("win %u mss %d ts %d v%d hdr %u resp %d peer %u: "
		    "got type %u mul %u, want %u %u", win, mss, ts, ver, hdr,
		    resp, peer, t, mul, want_type, want_mul);
}

static void
test_win_mss_first(void **state)
{
	(void)state;
	wm(29200, 1460, 0, 4, 60, 0, 0, WIN_MSS, 20);
	/* MSS comes before 1460: 2920 = 730*4 = 1460*2. */
	wm(2920, 730, 0, 4, 40, 0, 0, WIN_MSS, 4);
	/* Divisible by MSS and by 1500: always "mss". */
	wm(3000, 1500, 0, 4, 40, 0, 0, WIN_MSS, 2);
}

static void
test_win_mss_minus_12_only_with_ts(void **state)
{
	(void)state;
	/* 6940 = 1388*5 (MSS 1400 - 12) and no other divisor. */
	wm(6940, 1400, 1, 4, 60, 0, 0, WIN_MSS, 5);
	wm(6940, 1400, 0, 4, 60, 0, 0, WIN_LIT, 0);
}

static void
test_win_1460_1448(void **state)
{
	(void)state;
	wm(14600, 1400, 0, 4, 40, 0, 0, WIN_MSS, 10);
	wm(14600, 1400, 1, 4, 40, 0, 0, WIN_MSS, 10);
	wm(14480, 1400, 0, 4, 40, 0, 0, WIN_MSS, 10);
}

static void
test_win_ipv6_1440_1428(void **state)
{
	(void)state;
	/* 4320 = 1440*3: "mss" on IPv6, "mtu" (MSS+40) on IPv4. */
	wm(4320, 1400, 0, 6, 60, 0, 0, WIN_MSS, 3);
	wm(4320, 1400, 0, 4, 40, 0, 0, WIN_MTU, 3);
	/* 2856 = 1428*2: only IPv6 knows 1428. */
	wm(2856, 1400, 0, 6, 60, 0, 0, WIN_MSS, 2);
	wm(2856, 1400, 0, 4, 60, 0, 0, WIN_LIT, 0);
}

static void
test_win_mtu_forms(void **state)
{
	(void)state;
	/* MSS+40. */
	wm(2880, 1400, 0, 4, 40, 0, 0, WIN_MTU, 2);
	/* MSS + the real header length (52: IPv4 + 32 bytes of TCP). */
	wm(2904, 1400, 0, 4, 52, 0, 0, WIN_MTU, 2);
	wm(2904, 1400, 0, 4, 40, 0, 0, WIN_LIT, 0);
	/* IPv6 MSS+60 (headers 72 so MSS+hdr is another value). */
	wm(2720, 1300, 0, 6, 72, 0, 0, WIN_MTU, 2);
	wm(2720, 1300, 0, 4, 52, 0, 0, WIN_LIT, 0);
	/* 1500. */
	wm(3000, 1400, 0, 4, 52, 0, 0, WIN_MTU, 2);
}

static void
test_win_peer_mss_synack(void **state)
{
	(void)state;
	/* 5520 = 1380*4: only the client's MSS divides it. */
	wm(5520, 1460, 0, 4, 60, 1, 1380, WIN_MSS, 4);
	wm(5520, 1460, 0, 4, 60, 0, 1380, WIN_LIT, 0);
	wm(5520, 1460, 0, 4, 60, 1, 0, WIN_LIT, 0);
	/* 5472 = 1368*4 = (1380-12)*4. */
	wm(5472, 1460, 0, 4, 60, 1, 1380, WIN_MSS, 4);
}

static void
test_win_none(void **state)
{
	(void)state;
	wm(0, 1460, 0, 4, 40, 0, 0, WIN_LIT, 0);
	/* MSS below 100: no multiplier at all (even 1500 divides 3000). */
	wm(198, 99, 0, 4, 40, 0, 0, WIN_LIT, 0);
	wm(3000, 99, 0, 4, 40, 0, 0, WIN_LIT, 0);
	wm(3000, 0, 0, 4, 40, 0, 0, WIN_LIT, 0);
	wm(65535, 1460, 1, 4, 60, 0, 0, WIN_LIT, 0);
}

/* ------------------------------------------------------------------ */
/* Candidate order (§2.3). */

static const char db_order[] = HDR
    "label = g:unix:Gen:eric\n"
    "sig = *:64:0:*:*,*:" LAYOUT ":df,id+:0\n"
    "label = s:unix:Spec:ific\n"
    "sig = *:64:0:*:mss*20,7:" LAYOUT ":df,id+:0\n";

static void
test_specific_beats_generic(void **state)
{
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Spec");
	assert_int_equal(m.generic, 0);
	assert_int_equal(m.fuzzy, 0);
	assert_int_equal(m.dist, 0);
	assert_int_equal(m.wtype, WIN_MSS);
	assert_int_equal(m.wmul, 20);
	/* No specific match: the generic one. */
	p.win = 14600;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Gen");
	assert_int_equal(m.generic, 1);
	assert_int_equal(m.fuzzy, 0);
	sigdb_free(db);
}

static void
test_generic_beats_fuzzy(void **state)
{
	struct sigdb *db = load(HDR
	    "label = s:unix:Fz:1\n"
	    "sig = 4:64:0:1460:mss*20,7:" LAYOUT ":df,id+:0\n"
	    "label = g:unix:Gn:1\n"
	    "sig = 4:64:0:1460:mss*20,7:" LAYOUT "::0\n");
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	p.quirks = 0;	/* DF clear, ID non-zero */
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Gn");
	assert_int_equal(m.generic, 1);
	assert_int_equal(m.fuzzy, 0);
	sigdb_free(db);
}

static void
test_first_fuzzy_may_be_generic(void **state)
{
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	struct match m;
	char buf[64];

	(void)state;
	linux_pkt(&p, 4);
	p.quirks |= Q_ECN;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Gen");
	assert_int_equal(m.fuzzy, 1);
	assert_int_equal(m.generic, 1);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "generic fuzzy");
	sigdb_free(db);
}

static void
test_file_order_within_layout(void **state)
{
	struct sigdb *db;
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	db = load(HDR
	    "label = s:unix:First:1\n"
	    "sig = *:64:0:1460:mss*20,*:" LAYOUT ":df,id+:0\n"
	    "label = s:unix:Second:1\n"
	    "sig = *:64:0:*:mss*20,7:" LAYOUT ":df,id+:0\n");
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "First");
	sigdb_free(db);
	db = load(HDR
	    "label = s:unix:Second:1\n"
	    "sig = *:64:0:*:mss*20,7:" LAYOUT ":df,id+:0\n"
	    "label = s:unix:First:1\n"
	    "sig = *:64:0:1460:mss*20,*:" LAYOUT ":df,id+:0\n");
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Second");
	sigdb_free(db);
}

static void
test_layout_must_be_identical(void **state)
{
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	p.opt[3] = OPT_WS;	/* mss,sok,ts,ws,nop */
	p.opt[4] = OPT_NOP;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	linux_pkt(&p, 4);
	p.opt_cnt = 4;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	sigdb_free(db);
}

/* ------------------------------------------------------------------ */
/* Fuzzy rules (§2.4), on one specific IPv4 signature. */

static const char db_v4[] = HDR
    "label = s:unix:V4:1\n"
    "sig = 4:64:0:1460:mss*20,7:" LAYOUT ":df,id+:0\n";

/* 1 exact, 2 fuzzy, 0 no match. */
static int
outcome(const struct sigdb *db, const struct pkt_tcp *p, unsigned flags,
    struct match *m)
{
	match_tcp(db, p, 0, 0, flags, m);
	return m->sig == NULL ? 0 : m->fuzzy ? 2 : 1;
}

static void
test_fuzzy_quirks_allowed(void **state)
{
	struct sigdb *db = load(db_v4);
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	assert_int_equal(outcome(db, &p, 0, &m), 1);
	p.quirks = Q_DF;		/* id+ vanished */
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	p.quirks = 0;			/* df and id+ vanished */
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	p.quirks = Q_ZERO_ID;		/* ... and id- appeared */
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	p.quirks = Q_DF | Q_NZ_ID | Q_ECN;
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	assert_int_equal(m.dist, 0);
	p.quirks = Q_ZERO_ID | Q_ECN;
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	sigdb_free(db);
}

static void
test_fuzzy_quirks_rejected(void **state)
{
	static const uint32_t added[] = { Q_ZERO_SEQ, Q_PUSH, Q_NZ_ACK,
		Q_OPT_ZERO_TS1, Q_OPT_NZ_TS2, Q_NZ_MBZ, Q_OPT_BAD, Q_URG };
	struct sigdb *db;
	struct pkt_tcp p;
	struct match m;
	size_t i;

	(void)state;
	db = load(db_v4);
	linux_pkt(&p, 4);
	for (i = 0; i < sizeof(added) / sizeof(*added); i++) {
		p.quirks = Q_DF | Q_NZ_ID | added[i];
		assert_int_equal(outcome(db, &p, 0, &m), 0);
		assert_int_equal(m.dist, 0);	/* guessed: 64 - 64 */
	}
	sigdb_free(db);
	/* Quirks of the signature other than df/id+ may not vanish. */
	db = load(HDR "label = s:unix:E:1\n"
	    "sig = 4:64:0:1460:mss*20,7:" LAYOUT ":df,id+,ecn:0\n"
	    "label = s:unix:Z:1\n"
	    "sig = 4:64:0:1460:mss*20,6:" LAYOUT ":id-:0\n");
	linux_pkt(&p, 4);
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	p.quirks = 0;
	p.wscale = 6;
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	p.quirks = Q_ZERO_ID;
	assert_int_equal(outcome(db, &p, 0, &m), 1);
	sigdb_free(db);
}

static void
test_fuzzy_ttl(void **state)
{
	struct sigdb *db = load(db_v4);
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	p.ttl = 29;		/* 35 hops: still exact */
	assert_int_equal(outcome(db, &p, 0, &m), 1);
	assert_int_equal(m.dist, 35);
	p.ttl = 28;		/* 36 hops: fuzzy, distance guessed */
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	assert_int_equal(m.dist, 4);
	p.ttl = 65;		/* above the initial TTL */
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	assert_int_equal(m.dist, 63);
	p.ttl = 50;		/* quirk change + TTL in range */
	p.quirks = 0;
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	assert_int_equal(m.dist, 14);
	p.ttl = 128;		/* both relaxations at once */
	assert_int_equal(outcome(db, &p, 0, &m), 2);
	assert_int_equal(m.dist, 0);
	sigdb_free(db);
}

static void
test_no_fuzziness_elsewhere(void **state)
{
	struct sigdb *db = load(db_v4);
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	p.olen = 4;
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	linux_pkt(&p, 4);
	p.eol_pad = 1;
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	linux_pkt(&p, 4);
	p.mss = 1400;
	p.win = 28000;		/* still mss*20 */
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	linux_pkt(&p, 4);
	p.wscale = 6;
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	linux_pkt(&p, 4);
	p.pay_len = 1;
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	linux_pkt(&p, 4);
	p.win = 14600;		/* mss*10 */
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	linux_pkt(&p, 4);
	p.win = 29201;
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	sigdb_free(db);
}

static void
test_window_literal_and_mod(void **state)
{
	struct sigdb *db = load(HDR
	    "label = s:unix:Lit:1\nsig = 4:64:0:*:8192,*:mss::0\n"
	    "label = s:unix:Mod:1\nsig = 4:64:0:*:%1000,*:mss::0\n"
	    "label = s:unix:Mtu:1\nsig = 4:64:0:*:mtu*3,*:mss::0\n");
	struct pkt_tcp p;
	struct match m;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.ip_ver = 4;
	p.ttl = 64;
	p.flags = TH_SYN;
	p.opt[0] = OPT_MSS;
	p.opt_cnt = 1;
	p.mss = 1460;
	p.hdr_len = 44;
	p.win = 8192;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Lit");
	p.win = 7000;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Mod");
	p.win = 4500;		/* 1500*3: MSS+40 */
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Mtu");
	/* A window that reads as mss*N cannot match mtu*N. */
	p.mss = 1500;
	p.win = 4500;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	sigdb_free(db);
}

/* ------------------------------------------------------------------ */
/* Applications and random TTLs. */

static const char db_app[] = HDR
    "label = s:!:NMap:SYN scan\nsys = @unix,@win\n"
    "sig = *:64-:0:1460:1024,0:mss::0\n";

static void
app_pkt(struct pkt_tcp *p, uint8_t ttl)
{
	memset(p, 0, sizeof(*p));
	p->ip_ver = 4;
	p->ttl = ttl;
	p->flags = TH_SYN;
	p->opt[0] = OPT_MSS;
	p->opt_cnt = 1;
	p->mss = 1460;
	p->win = 1024;
	p->hdr_len = 44;
}

static void
test_bad_ttl_sig(void **state)
{
	struct sigdb *db = load(db_app);
	struct pkt_tcp p;
	struct match m;
	char buf[64];

	(void)state;
	app_pkt(&p, 41);
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "NMap");
	assert_int_equal(m.dist, 23);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "random_ttl");
	app_pkt(&p, 64);
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "NMap");
	assert_int_equal(m.dist, 0);
	/* Far below is still exact for N- sigs. */
	app_pkt(&p, 20);
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "NMap");
	assert_int_equal(m.fuzzy, 0);
	assert_int_equal(m.dist, 44);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "random_ttl excess_dist");
	/* Above N: no match. */
	app_pkt(&p, 65);
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	sigdb_free(db);
}

static void
test_app_never_fuzzy(void **state)
{
	struct sigdb *db = load(db_app);
	struct pkt_tcp p;
	struct match m;

	(void)state;
	app_pkt(&p, 50);
	p.quirks = Q_ECN;	/* would be a fuzzy match for an OS sig */
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	assert_int_equal(m.fuzzy, 0);
	assert_int_equal(m.dist, 14);	/* default mode: guessed */
	match_tcp(db, &p, 0, 0, MATCH_F_COMPAT, &m);
	assert_null(m.sig);
	assert_int_equal(m.dist, 0);	/* p0f leaves 0 there */
	sigdb_free(db);
}

/* ------------------------------------------------------------------ */
/* IP version. */

static void
test_ip_version_default_vs_compat(void **state)
{
	struct sigdb *db = load(HDR
	    "label = s:unix:Four:1\n"
	    "sig = 4:64:0:1460:mss*20,7:" LAYOUT "::0\n"
	    "label = s:unix:Six:1\n"
	    "sig = 6:64:0:1460:mss*20,6:" LAYOUT "::0\n");
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 6);
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	match_tcp(db, &p, 0, 0, MATCH_F_COMPAT, &m);
	assert_string_equal(name_of(&m), "Four");
	linux_pkt(&p, 4);
	p.quirks = 0;
	p.wscale = 6;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	match_tcp(db, &p, 0, 0, MATCH_F_COMPAT, &m);
	assert_string_equal(name_of(&m), "Six");
	p.wscale = 7;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_string_equal(name_of(&m), "Four");
	sigdb_free(db);
}

static void
test_star_sig_quirk_masks(void **state)
{
	struct sigdb *db = load(HDR
	    "label = s:unix:Any:1\n"
	    "sig = *:64:0:*:mss*20,7:" LAYOUT ":df,id+:0\n"
	    "label = s:unix:AnyFlow:1\n"
	    "sig = *:64:0:*:mss*20,6:" LAYOUT ":df,id+,flow:0\n");
	struct pkt_tcp p;
	struct match m;

	(void)state;
	/* IPv6: the sig's df/id+ are ignored -> exact. */
	linux_pkt(&p, 6);
	assert_int_equal(outcome(db, &p, 0, &m), 1);
	assert_string_equal(name_of(&m), "Any");
	/* An added flow label is not a fuzzy change: the modern Linux
	 * IPv6 SYN is unknown (§6). */
	p.quirks = Q_FLOW;
	assert_int_equal(outcome(db, &p, 0, &m), 0);
	/* IPv4: the sig's flow is ignored. */
	linux_pkt(&p, 4);
	p.wscale = 6;
	assert_int_equal(outcome(db, &p, 0, &m), 1);
	assert_string_equal(name_of(&m), "AnyFlow");
	/* IPv6 with flow against df,id+,flow: exact. */
	linux_pkt(&p, 6);
	p.wscale = 6;
	p.quirks = Q_FLOW;
	assert_int_equal(outcome(db, &p, 0, &m), 1);
	sigdb_free(db);
}

/* ------------------------------------------------------------------ */
/* Distance (§2.5). */

static void
test_guess_dist(void **state)
{
	(void)state;
	assert_int_equal(match_guess_dist(0), 32);
	assert_int_equal(match_guess_dist(1), 31);
	assert_int_equal(match_guess_dist(32), 0);
	assert_int_equal(match_guess_dist(33), 31);
	assert_int_equal(match_guess_dist(64), 0);
	assert_int_equal(match_guess_dist(65), 63);
	assert_int_equal(match_guess_dist(128), 0);
	assert_int_equal(match_guess_dist(129), 126);
	assert_int_equal(match_guess_dist(254), 1);
	assert_int_equal(match_guess_dist(255), 0);
}

static void
test_no_match_distance_guessed(void **state)
{
	struct sigdb *db = load(db_v4);
	struct pkt_tcp p;
	struct match m;

	(void)state;
	linux_pkt(&p, 4);
	p.wscale = 9;
	p.ttl = 117;
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	assert_int_equal(m.dist, 11);
	sigdb_free(db);
}

static void
test_synack_uses_peer_mss(void **state)
{
	struct sigdb *db = load("classes = unix\n[tcp:response]\n"
	    "label = s:unix:Srv:1\nsig = 4:64:0:*:mss*4,0:mss::0\n");
	struct pkt_tcp p;
	struct match m;

	(void)state;
	app_pkt(&p, 64);
	p.flags = TH_SYN | TH_ACK;
	p.win = 5520;		/* 1380*4: the client's MSS */
	match_tcp(db, &p, 1, 1380, 0, &m);
	assert_string_equal(name_of(&m), "Srv");
	match_tcp(db, &p, 1, 0, 0, &m);
	assert_null(m.sig);
	/* The response section only. */
	p.flags = TH_SYN;
	match_tcp(db, &p, 0, 1380, 0, &m);
	assert_null(m.sig);
	sigdb_free(db);
}

/* ------------------------------------------------------------------ */
/* raw_sig and params (§2.6). */

static void
raw(const struct pkt_tcp *p, const struct sigdb *db, int resp,
    uint16_t peer, char *buf, size_t len)
{
	struct match m;

	match_tcp(db, p, resp, peer, 0, &m);
	match_raw_sig(p, &m, buf, len);
}

static void
test_raw_sig_real_lines(void **state)
{
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	char buf[RAW_SIG_MAX];

	(void)state;
	/* As p0f logged them (§5.1). */
	linux_pkt(&p, 4);
	p.win = 64240;		/* 1460*44 */
	p.wscale = 10;
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "4:64+0:0:1460:mss*44,10:mss,sok,ts,nop,ws:df,id+:0");
	/* SYN+ACK with a timestamp: 65160 = (1460-12)*45. */
	p.win = 65160;
	p.flags = TH_SYN | TH_ACK;
	p.quirks = Q_DF;
	raw(&p, db, 1, 1460, buf, sizeof(buf));
	assert_string_equal(buf,
	    "4:64+0:0:1460:mss*45,10:mss,sok,ts,nop,ws:df:0");
	/* IPv6 with a flow label: 64800 = 1440*45. */
	linux_pkt(&p, 6);
	p.mss = 1440;
	p.win = 64800;
	p.wscale = 10;
	p.quirks = Q_FLOW;
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "6:64+0:0:1440:mss*45,10:mss,sok,ts,nop,ws:flow:0");
	sigdb_free(db);
}

static void
test_raw_sig_distance(void **state)
{
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	char buf[RAW_SIG_MAX];

	(void)state;
	linux_pkt(&p, 4);
	p.ttl = 57;
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "4:57+7:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
	p.ttl = 29;		/* guessed 3 from 32 */
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "4:29+3:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
	p.ttl = 200;		/* guessed 55 > 35 */
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "4:200+?:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
	p.ttl = 219;		/* guessed 36 */
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "4:219+?:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
	p.ttl = 220;		/* guessed 35 */
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "4:220+35:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0");
	sigdb_free(db);
}

static void
test_raw_sig_quirk_order_and_layout(void **state)
{
	static const uint8_t o[6] = { OPT_NOP, 77, OPT_SACK, OPT_MSS, OPT_WS,
		OPT_EOL };
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	char buf[RAW_SIG_MAX];

	(void)state;
	memset(&p, 0, sizeof(p));
	p.ip_ver = 4;
	p.ttl = 128;
	p.olen = 8;
	p.mss = 0;
	p.win = 1234;
	p.wscale = 15;
	memcpy(p.opt, o, 6);
	p.opt_cnt = 6;
	p.eol_pad = 3;
	p.pay_len = 10;
	p.quirks = 0xffffffffu;	/* every bit, printed in p0f's order */
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "4:128+0:8:0:1234,15:nop,?77,sack,mss,ws,"
	    "eol+3:df,id+,id-,ecn,0+,flow,seq-,ack+,ack-,uptr+,urgf+,pushf+,"
	    "ts1-,ts2+,opt+,exws,bad:+");
	/* No options, no quirks. */
	p.opt_cnt = 0;
	p.eol_pad = 0;
	p.quirks = 0;
	p.pay_len = 0;
	p.olen = 0;
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "4:128+0:0:0:1234,15:::0");
	/* A short buffer is cut and terminated. */
	match_raw_sig(&p, &(struct match){ 0 }, buf, 6);
	assert_string_equal(buf, "4:128");
	sigdb_free(db);
}

static void
test_raw_sig_mtu_and_sendsyn(void **state)
{
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	struct match m;
	char buf[RAW_SIG_MAX];

	(void)state;
	app_pkt(&p, 64);
	p.win = 4500;		/* mtu*3 */
	raw(&p, db, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "4:64+0:0:1460:mtu*3,0:mss::0");
	/* A p0f-sendsyn response echoing MSS 1331 shows "*". */
	p.flags = TH_SYN | TH_ACK;
	p.mss = SENDSYN_MSS;
	p.win = 8192;
	match_tcp(db, &p, 1, SENDSYN_MSS, 0, &m);
	match_raw_sig_sendsyn(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "4:64+0:0:*:8192,0:mss::0");
	match_raw_sig(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "4:64+0:0:1331:8192,0:mss::0");
	sigdb_free(db);
}

static void
test_params(void **state)
{
	struct sigdb *db = load(db_order);
	struct pkt_tcp p;
	struct match m;
	char buf[64];

	(void)state;
	linux_pkt(&p, 4);
	match_tcp(db, &p, 0, 0, 0, &m);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	p.win = 14600;		/* generic */
	match_tcp(db, &p, 0, 0, 0, &m);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "generic");
	p.win = 29200;
	p.quirks = Q_DF;	/* fuzzy, first candidate is the generic */
	match_tcp(db, &p, 0, 0, 0, &m);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "generic fuzzy");
	p.quirks = Q_DF | Q_NZ_ID;
	p.tos = 0x20;		/* DSCP 8 */
	match_tcp(db, &p, 0, 0, 0, &m);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "tos:0x08");
	p.tos = 0xb9;		/* DSCP 46 + ECT(1) */
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "tos:0x2e");
	p.tos = 0x03;		/* ECN bits only: no tos */
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	/* Unknown and far: excess_dist. */
	p.tos = 0;
	p.ttl = 200;
	p.opt_cnt = 4;		/* a layout no sig has */
	match_tcp(db, &p, 0, 0, 0, &m);
	assert_null(m.sig);
	assert_int_equal(m.dist, 55);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "excess_dist");
	sigdb_free(db);
}

static void
test_params_fuzzy_specific(void **state)
{
	struct sigdb *db = load(db_v4);
	struct pkt_tcp p;
	struct match m;
	char buf[64];

	(void)state;
	linux_pkt(&p, 4);
	p.quirks = 0;
	p.tos = 0x20;
	match_tcp(db, &p, 0, 0, 0, &m);
	match_params(&p, &m, buf, sizeof(buf));
	assert_string_equal(buf, "fuzzy tos:0x08");
	sigdb_free(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_win_mss_first),
		cmocka_unit_test(test_win_mss_minus_12_only_with_ts),
		cmocka_unit_test(test_win_1460_1448),
		cmocka_unit_test(test_win_ipv6_1440_1428),
		cmocka_unit_test(test_win_mtu_forms),
		cmocka_unit_test(test_win_peer_mss_synack),
		cmocka_unit_test(test_win_none),
		cmocka_unit_test(test_specific_beats_generic),
		cmocka_unit_test(test_generic_beats_fuzzy),
		cmocka_unit_test(test_first_fuzzy_may_be_generic),
		cmocka_unit_test(test_file_order_within_layout),
		cmocka_unit_test(test_layout_must_be_identical),
		cmocka_unit_test(test_fuzzy_quirks_allowed),
		cmocka_unit_test(test_fuzzy_quirks_rejected),
		cmocka_unit_test(test_fuzzy_ttl),
		cmocka_unit_test(test_no_fuzziness_elsewhere),
		cmocka_unit_test(test_window_literal_and_mod),
		cmocka_unit_test(test_bad_ttl_sig),
		cmocka_unit_test(test_app_never_fuzzy),
		cmocka_unit_test(test_ip_version_default_vs_compat),
		cmocka_unit_test(test_star_sig_quirk_masks),
		cmocka_unit_test(test_guess_dist),
		cmocka_unit_test(test_no_match_distance_guessed),
		cmocka_unit_test(test_synack_uses_peer_mss),
		cmocka_unit_test(test_raw_sig_real_lines),
		cmocka_unit_test(test_raw_sig_distance),
		cmocka_unit_test(test_raw_sig_quirk_order_and_layout),
		cmocka_unit_test(test_raw_sig_mtu_and_sendsyn),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_params_fuzzy_specific),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
