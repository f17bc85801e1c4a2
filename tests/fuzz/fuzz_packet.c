/*
 * libFuzzer harness for the per-packet path: pkt_decode() on hostile
 * frames, then matching, raw_sig/params rendering, the engine (a SYN, the
 * SYN+ACK answering it, a second SYN later) and both output formats.
 *
 * Input: byte 0 picks the link type (low 7 bits, modulo the table below)
 * and compat mode (bit 7); the rest is the frame.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "match.h"
#include "output.h"
#include "packet.h"
#include "sigdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Supported link types (DLT_RAW is 12 or 14 depending on the system),
 * and one that is not. */
static const int dlts[] = { 1, 113, 276, 12, 14, 101, 228, 229, 0, 108, 9,
	50, 105 };
#define NDLT (sizeof(dlts) / sizeof(*dlts))

static const char db_text[] =
    "classes = win,unix,other\n"
    "[mtu]\n"
    "label = Ethernet or modem\nsig = 576\nsig = 1500\n"
    "label = DSL\nsig = 1492\n"
    "[tcp:request]\n"
    "label = s:unix:Linux:3.11 and newer\n"
    "sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\n"
    "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"
    "label = g:unix:Linux:2.2.x-3.x\n"
    "sig = *:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0\n"
    "label = s:win:Windows:7 or 8\n"
    "sig = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0\n"
    "label = s:unix:Mac OS X:10.x\n"
    "sig = *:64:0:*:65535,1:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0\n"
    "label = s:unix:Odd:quirks\n"
    "sig = 4:64-:4:*:%512,*:?30,nop,eol+3:ecn,0+,seq-,ack+,uptr+,urgf+,"
    "pushf+,ts1-,ts2+,opt+,exws,bad:+\n"
    "sig = 6:255:0:*:mtu*3,*:sack,mss::*\n"
    "label = s:!:NMap:SYN scan\nsys = @unix,@win\n"
    "sig = *:64-:0:1460:1024,0:mss::0\n"
    "[tcp:response]\n"
    "label = s:unix:Linux:3.x\n"
    "sig = *:64:0:*:mss*10,0:mss::0\n"
    "sig = *:64:0:*:mss*10,*:mss,sok,ts,nop,ws:df:0\n"
    "label = g:unix:Linux:any\n"
    "sig = *:64:0:*:*,*:mss,sok,ts,nop,ws::0\n";

static struct sigdb *db;
static struct output *out_p0f, *out_json;

static void
init(void)
{
	struct sigdb_err err;

	if (db != NULL)
		return;
	if (sigdb_load_mem("fuzz.fp", db_text, sizeof(db_text) - 1, &db,
	    &err) != 0)
		abort();
	out_p0f = output_new(-1, OUT_P0F, db);
	out_json = output_new(-1, OUT_JSON, db);
	if (out_p0f == NULL || out_json == NULL)
		abort();
}

static void
emit(const struct record *r, void *arg)
{
	char buf[OUT_LINE_MAX];
	size_t n;

	(void)arg;
	n = output_format(out_p0f, r, buf, sizeof(buf));
	if (n >= sizeof(buf) || strlen(buf) != n)
		__builtin_trap();
	n = output_format(out_json, r, buf, sizeof(buf));
	if (n >= sizeof(buf) || strlen(buf) != n)
		__builtin_trap();
}

static void
render(const struct pkt_tcp *p, const struct match *m)
{
	char buf[RAW_SIG_MAX];

	match_raw_sig(p, m, buf, sizeof(buf));
	if (strlen(buf) >= sizeof(buf))
		__builtin_trap();
	match_raw_sig_sendsyn(p, m, buf, sizeof(buf));
	match_params(p, m, buf, sizeof(buf));
	match_raw_sig(p, m, buf, 7);	/* a cut buffer */
	if (strlen(buf) > 6)
		__builtin_trap();
}

static void
run_engine(const struct pkt_tcp *p, unsigned eflags)
{
	struct engine_conf c;
	struct engine *e;
	struct pkt_tcp q;

	memset(&c, 0, sizeof(c));
	c.host_cap = 8;
	c.conn_cap = 8;
	c.host_idle_s = 60;
	c.conn_age_s = 30;
	c.flags = eflags;
	if ((e = engine_new(&c, db)) == NULL)
		abort();
	engine_tick(e, 1000);
	engine_packet(e, p, 1000, 0, emit, NULL);
	/* The other direction of the same connection. */
	q = *p;
	memcpy(q.src, p->dst, 16);
	memcpy(q.dst, p->src, 16);
	q.sport = p->dport;
	q.dport = p->sport;
	q.flags = (uint8_t)(pkt_syn_kind(p) == 1 ? TH_SYN | TH_ACK : TH_SYN);
	engine_tick(e, 1000);
	engine_packet(e, &q, 1000, 500, emit, NULL);
	/* The same host again later: uptime, NAT scoring. */
	q = *p;
	q.seq++;
	q.ts1 += 1000;
	engine_tick(e, 1001);
	engine_packet(e, &q, 1001, 0, emit, NULL);
	q.ttl ^= 0x40;
	q.mss ^= 0x100;
	q.sport -= 100;
	q.seq++;
	engine_tick(e, 1002);
	engine_packet(e, &q, 1002, 0, emit, NULL);
	engine_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_tcp p;
	struct match m;
	unsigned flags;
	int dlt, r;
	uint8_t *frame;

	init();
	if (size < 1)
		return 0;
	dlt = dlts[(data[0] & 0x7f) % NDLT];
	flags = (data[0] & 0x80) ? PKT_F_COMPAT : 0;
	/* An exact-size copy, so any overread is caught. */
	if ((frame = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(frame, data + 1, size - 1);
	r = pkt_decode(dlt, frame, size - 1, flags, &p);
	if (r > 0 || r < -PKT_NERR || pkt_strerror(r) == NULL)
		__builtin_trap();
	if (r == 0) {
		unsigned mf = flags ? MATCH_F_COMPAT : 0;

		if ((p.ip_ver != 4 && p.ip_ver != 6) ||
		    p.opt_cnt > MAX_TCP_OPT)
			__builtin_trap();
		match_tcp(db, &p, 0, 0, mf, &m);
		render(&p, &m);
		match_tcp(db, &p, 1, p.mss, mf, &m);
		render(&p, &m);
		run_engine(&p, flags ? ENGINE_F_COMPAT : 0);
	}
	free(frame);
	return 0;
}
