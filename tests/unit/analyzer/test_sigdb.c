/*
 * Unit tests of sigdb.c: loading p0f.fp-format text (every field form,
 * labels, classes, applications, [mtu], [http:*]) and its errors, with the
 * facts of shared/reference/p0f-engine.md §1. Where p0f 3.09b's own
 * behaviour was checked by running Debian's p0f on the same text, the test
 * says so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "match.h"
#include "packet.h"
#include "sigdb.h"

#define HDR "classes = win,unix,other\n[tcp:request]\n"
#define LINUX_SIG "sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\n"

static struct sigdb *
load_ok(const char *text)
{
	struct sigdb *db = (struct sigdb *)1;
	struct sigdb_err err;
	int r;

	r = sigdb_load_mem("t.fp", text, strlen(text), &db, &err);
	if (r != 0)
		fail_msg("load failed (%d): %s", r, err.msg);
	assert_non_null(db);
	return db;
}

/*
 * Loading text must fail with "t.fp:LINE: ..." containing what, and leave
 * nothing behind.
 */
static void
load_err(const char *text, unsigned line, const char *what)
{
	struct sigdb *db = (struct sigdb *)1;
	struct sigdb_err err;
	char prefix[32];
	int r;

	r = sigdb_load_mem("t.fp", text, strlen(text), &db, &err);
	if (r == 0) {
		sigdb_free(db);
		fail_msg("loaded, expected an error at line %u (%s)", line,
		    what);
	}
	assert_int_equal(r, SIGDB_ESYNTAX);
	assert_null(db);
	snprintf(prefix, sizeof(prefix), "t.fp:%u: ", line);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
	    strstr(err.msg, what) == NULL)
		fail_msg("error '%s', expected '%s...%s'", err.msg, prefix,
		    what);
}

/* The only request signature of a one-sig database. */
static const struct tcp_sig *
only_sig(const struct sigdb *db)
{
	const struct tcp_sig *s;

	assert_int_equal(sigdb_tcp_all(db, 0, &s), 1);
	return s;
}

static struct sigdb *
load_sig(const char *sig)
{
	char buf[512];

	snprintf(buf, sizeof(buf), HDR "label = s:unix:A:1\nsig = %s\n", sig);
	return load_ok(buf);
}

static void
sig_err(const char *sig, const char *what)
{
	char buf[512];

	snprintf(buf, sizeof(buf), HDR "label = s:unix:A:1\nsig = %s\n", sig);
	load_err(buf, 4, what);
}

/* ------------------------------------------------------------------ */
/* Signature fields. */

static void
test_sig_basic_fields(void **state)
{
	static const uint8_t layout[5] = { OPT_MSS, OPT_SACKOK, OPT_TS,
		OPT_NOP, OPT_WS };
	struct sigdb *db;
	const struct tcp_sig *s;

	(void)state;
	db = load_sig("4:64:0:1460:mss*20,10:mss,sok,ts,nop,ws:df,id+:0");
	s = only_sig(db);
	assert_int_equal(s->ver, 4);
	assert_int_equal(s->ttl, 64);
	assert_int_equal(s->bad_ttl, 0);
	assert_int_equal(s->olen, 0);
	assert_int_equal(s->mss, 1460);
	assert_int_equal(s->wtype, WIN_MSS);
	assert_int_equal(s->wval, 20);
	assert_int_equal(s->scale, 10);
	assert_int_equal(s->opt_cnt, 5);
	assert_memory_equal(s->opt, layout, 5);
	assert_int_equal(s->eol_pad, 0);
	assert_int_equal(s->quirks, Q_DF | Q_NZ_ID);
	assert_int_equal(s->pclass, 0);
	assert_int_equal(s->line, 4);
	assert_string_equal(s->label->name, "A");
	assert_string_equal(s->label->flavor, "1");
	sigdb_free(db);
}

static void
test_sig_wildcards(void **state)
{
	struct sigdb *db;
	const struct tcp_sig *s;

	(void)state;
	db = load_sig("*:128:0:*:*,*:mss::*");
	s = only_sig(db);
	assert_int_equal(s->ver, -1);
	assert_int_equal(s->mss, -1);
	assert_int_equal(s->wtype, WIN_ANY);
	assert_int_equal(s->scale, -1);
	assert_int_equal(s->quirks, 0);
	assert_int_equal(s->pclass, -1);
	sigdb_free(db);
	db = load_sig("6:64:0:0:65535,0:::+");
	s = only_sig(db);
	assert_int_equal(s->ver, 6);
	assert_int_equal(s->mss, 0);
	assert_int_equal(s->wtype, WIN_LIT);
	assert_int_equal(s->wval, 65535);
	assert_int_equal(s->opt_cnt, 0);
	assert_int_equal(s->pclass, 1);
	sigdb_free(db);
}

static void
test_sig_ttl_forms(void **state)
{
	struct sigdb *db;
	const struct tcp_sig *s;

	(void)state;
	/* N+D: the TTL and distance of a copied raw signature, summed. */
	db = load_sig("4:60+4:0:1460:8192,0:mss::0");
	s = only_sig(db);
	assert_int_equal(s->ttl, 64);
	assert_int_equal(s->bad_ttl, 0);
	sigdb_free(db);
	/* N+?: a raw signature whose distance was not guessed. */
	db = load_sig("4:64+?:0:1460:8192,0:mss::0");
	s = only_sig(db);
	assert_int_equal(s->ttl, 64);
	assert_int_equal(s->bad_ttl, 0);
	sigdb_free(db);
	/* N-: random TTL up to N. */
	db = load_sig("4:64-:0:1460:8192,0:mss::0");
	s = only_sig(db);
	assert_int_equal(s->ttl, 64);
	assert_int_equal(s->bad_ttl, 1);
	sigdb_free(db);
	sig_err("4:0:0:1460:8192,0:mss::0", "TTL");
	sig_err("4:256:0:1460:8192,0:mss::0", "TTL");
	sig_err("4:60+200:0:1460:8192,0:mss::0", "TTL");
	sig_err("4:64--:0:1460:8192,0:mss::0", "TTL");
}

static void
test_sig_window_forms(void **state)
{
	struct sigdb *db;
	const struct tcp_sig *s;

	(void)state;
	db = load_sig("4:64:0:*:%8192,*:mss::0");
	s = only_sig(db);
	assert_int_equal(s->wtype, WIN_MOD);
	assert_int_equal(s->wval, 8192);
	sigdb_free(db);
	db = load_sig("4:64:0:*:mtu*4,*:mss::0");
	s = only_sig(db);
	assert_int_equal(s->wtype, WIN_MTU);
	assert_int_equal(s->wval, 4);
	sigdb_free(db);
	db = load_sig("4:64:0:*:mss*1000,*:mss::0");
	s = only_sig(db);
	assert_int_equal(s->wtype, WIN_MSS);
	assert_int_equal(s->wval, 1000);
	sigdb_free(db);
	/* Ranges as p0f checks them (verified with p0f 3.09b). */
	sig_err("4:64:0:*:%1,*:mss::0", "modulus");
	sig_err("4:64:0:*:%65536,*:mss::0", "modulus");
	sig_err("4:64:0:*:mss*0,*:mss::0", "multiplier");
	sig_err("4:64:0:*:mss*1001,*:mss::0", "multiplier");
	sig_err("4:64:0:*:65536,*:mss::0", "window");
	sig_err("4:64:0:*:1,256:mss::0", "scale");
	sig_err("4:64:0:65536:1,0:mss::0", "MSS");
	sig_err("4:64:0:1460:1:mss::0", "wsize,scale");
}

static void
test_sig_layout_forms(void **state)
{
	static const uint8_t layout[5] = { OPT_MSS, OPT_SACK, 34, OPT_NOP,
		OPT_EOL };
	struct sigdb *db;
	const struct tcp_sig *s;

	(void)state;
	db = load_sig("4:64:0:*:*,*:mss,sack,?34,nop,eol+7::0");
	s = only_sig(db);
	assert_int_equal(s->opt_cnt, 5);
	assert_memory_equal(s->opt, layout, 5);
	assert_int_equal(s->eol_pad, 7);
	sigdb_free(db);
	sig_err("4:64:0:*:*,*:eol+1,mss::0", "last");
	sig_err("4:64:0:*:*,*:mss,eol+256::0", "eol");
	sig_err("4:64:0:*:*,*:mss,?256::0", "?N");
	sig_err("4:64:0:*:*,*:MSS::0", "option");
	sig_err("4:64:0:*:*,*:nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,"
	    "nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop::0",
	    "too many");
}

static void
test_sig_every_quirk(void **state)
{
	struct sigdb *db;
	const struct tcp_sig *s;

	(void)state;
	db = load_sig("*:64:0:*:*,*:mss:df,id+,id-,ecn,0+,flow,seq-,ack+,"
	    "ack-,uptr+,urgf+,pushf+,ts1-,ts2+,opt+,exws,bad:0");
	s = only_sig(db);
	assert_int_equal(s->quirks, Q_DF | Q_NZ_ID | Q_ZERO_ID | Q_ECN |
	    Q_NZ_MBZ | Q_FLOW | Q_ZERO_SEQ | Q_NZ_ACK | Q_ZERO_ACK |
	    Q_NZ_URG | Q_URG | Q_PUSH | Q_OPT_ZERO_TS1 | Q_OPT_NZ_TS2 |
	    Q_OPT_EOL_NZ | Q_OPT_EXWS | Q_OPT_BAD);
	sigdb_free(db);
}

static void
test_sig_bad_quirk(void **state)
{
	(void)state;
	sig_err("4:64:0:*:*,*:mss:df,foo:0", "quirk");
}

static void
test_sig_version_quirks(void **state)
{
	(void)state;
	sig_err("4:64:0:*:*,*:mss:flow:0", "flow");
	sig_err("6:64:0:*:*,*:mss:df:0", "IPv6");
	sig_err("6:64:0:*:*,*:mss:id+:0", "IPv6");
	sig_err("6:64:0:*:*,*:mss:id-:0", "IPv6");
	sig_err("6:64:0:*:*,*:mss:0+:0", "IPv6");
	sigdb_free(load_sig("6:64:0:*:*,*:mss:flow:0"));
	sigdb_free(load_sig("*:64:0:*:*,*:mss:flow,df:0"));
}

static void
test_sig_field_count(void **state)
{
	(void)state;
	sig_err("4:64:0:*:*,*", "too few fields");
	sig_err("4:64:0:*:*,*:mss", "too few fields");
	sig_err("4:64:0:*:*,*:mss:df:0:", "fields");
	sig_err("4:64:0:*:*,*:mss:df:0:0", "fields");
	sig_err("4:64:0:*:*,*:mss:df:1", "payload class");
	sig_err("5:64:0:*:*,*:mss:df:0", "version");
}

static void
test_sig_trailing_comma(void **state)
{
	(void)state;
	sig_err("4:64:0:*:*,*:mss,:df:0", "trailing comma");
	sig_err("4:64:0:*:*,*:mss:df,:0", "trailing comma");
}

/* ------------------------------------------------------------------ */
/* Labels, classes, names, applications. */

static void
test_label_fields(void **state)
{
	struct sigdb *db;
	const struct sig_label *l;

	(void)state;
	db = load_ok(HDR
	    "label = s:unix:Linux:3.11 and newer\n" LINUX_SIG
	    "label = g:win:Windows:\n"
	    "sig = *:128:0:*:*,*:mss,nop,nop,sok:df,id+:0\n"
	    "label = s:other:Foo:a:b c:d\n"
	    "sig = *:255:0:*:*,*:::0\n");
	assert_int_equal(sigdb_label_count(db), 3);
	l = sigdb_label(db, 0);
	assert_int_equal(l->id, 0);
	assert_int_equal(l->generic, 0);
	assert_string_equal(sigdb_class_name(db, l->class_id), "unix");
	assert_string_equal(l->name, "Linux");
	assert_string_equal(l->flavor, "3.11 and newer");
	assert_int_equal(l->line, 3);
	l = sigdb_label(db, 1);
	assert_int_equal(l->id, 1);
	assert_int_equal(l->generic, 1);
	assert_string_equal(sigdb_class_name(db, l->class_id), "win");
	assert_null(l->flavor);	/* empty flavor */
	l = sigdb_label(db, 2);
	assert_string_equal(sigdb_class_name(db, l->class_id), "other");
	assert_string_equal(l->flavor, "a:b c:d");
	assert_null(sigdb_label(db, 3));
	sigdb_free(db);
}

static void
test_classes_case_insensitive(void **state)
{
	struct sigdb *db;

	(void)state;
	db = load_ok(HDR "label = s:UNIX:A:1\n" LINUX_SIG);
	assert_string_equal(sigdb_class_name(db,
	    sigdb_label(db, 0)->class_id), "unix");
	assert_string_equal(sigdb_class_name(db, CLASS_APP), "!");
	sigdb_free(db);
}

static void
test_names_interned(void **state)
{
	struct sigdb *db;
	const struct sig_label *a, *b;

	(void)state;
	db = load_ok(HDR
	    "label = s:unix:Linux:3.x\n" LINUX_SIG
	    "label = s:unix:LINUX:2.x\n"
	    "sig = *:64:0:*:mss*4,7:mss,sok,ts,nop,ws:df,id+:0\n"
	    "label = s:!:Tool:x\nsys = linux,@win\n"
	    "sig = *:64-:0:1460:1024,0:mss::0\n");
	a = sigdb_label(db, 0);
	b = sigdb_label(db, 1);
	assert_int_equal(a->name_id, b->name_id);
	assert_string_equal(b->name, "Linux");	/* first spelling wins */
	assert_string_equal(sigdb_name(db, a->name_id), "Linux");
	b = sigdb_label(db, 2);
	assert_int_equal(b->class_id, CLASS_APP);
	assert_int_equal(b->nsys, 2);
	assert_int_equal(b->sys[0], a->name_id);
	assert_int_equal(a->class_id, 1);	/* win, unix, other */
	assert_int_equal(b->sys[1], SYS_CLASS_BIT | 0u);
	sigdb_free(db);
}

static void
test_app_needs_sys(void **state)
{
	(void)state;
	load_err(HDR "label = s:!:NMap:SYN scan\n"
	    "sig = *:64-:0:1460:1024,0:mss::0\n", 4, "sys");
	/* A section header right after an application label, too. */
	load_err(HDR "label = s:!:NMap:SYN scan\n[tcp:response]\n", 4,
	    "sys");
	/* "sys" after an OS label is misplaced. */
	load_err(HDR "label = s:unix:A:1\nsys = Linux\n" LINUX_SIG, 4,
	    "sys");
	load_err(HDR "label = s:!:NMap:x\nsys = @bsd\n" LINUX_SIG, 4,
	    "class");
}

static void
test_unknown_class(void **state)
{
	(void)state;
	load_err(HDR "label = s:bsd:A:1\n" LINUX_SIG, 3, "unknown class");
	load_err(HDR "label = x:unix:A:1\n" LINUX_SIG, 3, "'s' or 'g'");
	load_err(HDR "label = s:unix::1\n" LINUX_SIG, 3, "name");
	load_err(HDR "label = s:unix:A,B:1\n" LINUX_SIG, 3, "name");
	load_err(HDR "label = s:unix:A\n" LINUX_SIG, 3, "label");
}

static void
test_label_without_sigs(void **state)
{
	(void)state;
	load_err(HDR "label = s:unix:A:1\nlabel = s:unix:B:1\n" LINUX_SIG, 4,
	    "without signatures");
}

static void
test_unknown_section(void **state)
{
	(void)state;
	load_err("classes = win,unix\n\n; comment\n[tcp:foo]\n", 4,
	    "unknown section");
	load_err(HDR "label = s:unix:A:1\n" LINUX_SIG "[udp:request]\n", 5,
	    "unknown section");
}

static void
test_classes_after_section(void **state)
{
	(void)state;
	load_err(HDR "label = s:unix:A:1\n" LINUX_SIG "classes = x,y\n", 5,
	    "classes");
}

static void
test_misplaced_lines(void **state)
{
	(void)state;
	load_err(HDR LINUX_SIG, 3, "label");
	load_err("classes = win,unix,other\n" LINUX_SIG, 2, "section");
	load_err(HDR "label = s:unix:A:1\nfoo = 1\n", 4, "foo");
	load_err(HDR "label = s:unix:A:1\nua_os = Linux\n", 4, "ua_os");
}

static void
test_error_line_numbers_count_comments(void **state)
{
	(void)state;
	load_err("; a comment\n\n   ; indented comment\n"
	    "classes = win,unix,other\n\n[tcp:request]\n\n"
	    "label = s:unix:A:1\n" LINUX_SIG "\n\n"
	    "sig = *:64:0:*:*,*:mss:nope:0\n", 12, "quirk");
}

static void
test_crlf_accepted(void **state)
{
	struct sigdb *db;
	const struct tcp_sig *s;

	(void)state;
	/* A documented difference: p0f rejects CRLF files. */
	db = load_ok("classes = win,unix,other\r\n[tcp:request]\r\n"
	    "label = s:unix:Linux:3.x\r\n"
	    "sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\r\n");
	s = only_sig(db);
	assert_int_equal(s->pclass, 0);
	assert_string_equal(s->label->flavor, "3.x");
	sigdb_free(db);
}

static void
test_no_half_load(void **state)
{
	static const char *const bad[] = {
		HDR "label = s:unix:A:1\n" LINUX_SIG "sig = bogus\n",
		HDR "label = s:unix:A:1\n",
		"",
		"classes = a\n[mtu]\nlabel = x\nsig = 0\n",
	};
	struct sigdb *db;
	struct sigdb_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		db = (struct sigdb *)1;
		assert_true(sigdb_load_mem("t.fp", bad[i], strlen(bad[i]), &db,
		    &err) < 0);
		assert_null(db);
		assert_true(strncmp(err.msg, "t.fp", 4) == 0);
	}
}

static void
test_load_file_missing(void **state)
{
	struct sigdb *db = (struct sigdb *)1;
	struct sigdb_err err;

	(void)state;
	assert_int_equal(sigdb_load_file("/nonexistent/p0f.fp", &db, &err),
	    SIGDB_EIO);
	assert_null(db);
	assert_non_null(strstr(err.msg, "/nonexistent/p0f.fp"));
}

/* ------------------------------------------------------------------ */
/* [mtu] and [http:*]. */

static void
test_mtu_section(void **state)
{
	struct sigdb *db;
	struct sigdb_counts c;

	(void)state;
	db = load_ok("classes = win,unix,other\n[mtu]\n"
	    "label = Ethernet or modem\nsig = 576\nsig = 1500\n"
	    "label = a:b \"c\"\nsig = 1492\n"
	    "[tcp:request]\nlabel = s:unix:A:1\n" LINUX_SIG);
	assert_string_equal(sigdb_mtu_label(db, 1500), "Ethernet or modem");
	assert_string_equal(sigdb_mtu_label(db, 576), "Ethernet or modem");
	assert_string_equal(sigdb_mtu_label(db, 1492), "a:b \"c\"");
	assert_null(sigdb_mtu_label(db, 1501));
	sigdb_counts(db, &c);
	assert_int_equal(c.mtu, 3);
	assert_int_equal(c.labels, 1);	/* [mtu] labels are not labels */
	sigdb_free(db);
	load_err("classes = a\n[mtu]\nlabel = x\nsig = 0\n", 4, "MTU");
	load_err("classes = a\n[mtu]\nlabel = x\nsig = 65536\n", 4, "MTU");
}

static void
test_http_sections(void **state)
{
	struct sigdb *db;
	const struct http_sig *h;
	struct sigdb_counts c;

	(void)state;
	db = load_ok(HDR "label = s:unix:A:1\n" LINUX_SIG
	    "[http:request]\n"
	    "ua_os = Linux,Windows,iOS=[iPad],iOS=[iPhone]\n"
	    "label = s:!:Firefox:2.x\nsys = Windows,@unix\n"
	    "sig = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,"
	    "Accept-Encoding=[gzip,deflate],Accept-Charset=[utf-8;q=0.7,*;q=0.7],"
	    "Keep-Alive=[300],Connection=[keep-alive]::Firefox/\n"
	    "[http:response]\n"
	    "label = g:!:Apache:2.x\nsys = @unix\n"
	    "sig = 1:Date=[a:b],Server,?Content-Length=[9],Connection=[close]:"
	    "Keep-Alive,Accept-Ranges:Apache\n");
	assert_int_equal(sigdb_http_all(db, 0, &h), 1);
	assert_int_equal(h->ver, -1);
	assert_int_equal(h->nhdr, 8);
	assert_string_equal(h->hdr[0].name, "Host");
	assert_null(h->hdr[0].value);
	assert_string_equal(h->hdr[2].name, "Accept");
	assert_string_equal(h->hdr[2].value, ",*/*;q=");
	assert_int_equal(h->hdr[3].optional, 1);
	assert_string_equal(h->hdr[3].name, "Accept-Language");
	assert_string_equal(h->hdr[5].value, "utf-8;q=0.7,*;q=0.7");
	assert_int_equal(h->nabsent, 0);
	assert_string_equal(h->expsw, "Firefox/");
	assert_string_equal(h->label->name, "Firefox");
	assert_int_equal(h->label->nsys, 2);

	assert_int_equal(sigdb_http_all(db, 1, &h), 1);
	assert_int_equal(h->ver, 1);
	assert_int_equal(h->nhdr, 4);
	assert_string_equal(h->hdr[0].value, "a:b");
	assert_int_equal(h->hdr[2].optional, 1);
	assert_string_equal(h->hdr[2].name, "Content-Length");
	assert_string_equal(h->hdr[2].value, "9");
	assert_int_equal(h->nabsent, 2);
	assert_string_equal(h->absent[1], "Accept-Ranges");
	assert_string_equal(h->expsw, "Apache");
	assert_int_equal(h->label->generic, 1);
	sigdb_counts(db, &c);
	assert_int_equal(c.http_req, 1);
	assert_int_equal(c.http_resp, 1);
	assert_int_equal(c.labels, 3);
	assert_int_equal(c.generic, 1);
	sigdb_free(db);

	load_err(HDR "label = s:unix:A:1\n" LINUX_SIG "[http:request]\n"
	    "label = s:!:F:2\nsys = Windows\nsig = 2:Host::\n", 8, "version");
	load_err(HDR "label = s:unix:A:1\n" LINUX_SIG "[http:request]\n"
	    "label = s:!:F:2\nsys = Windows\nsig = *:Host\n", 8, "HTTP");
	load_err(HDR "label = s:unix:A:1\n" LINUX_SIG "[http:request]\n"
	    "label = s:!:F:2\nsys = Windows\nsig = *:Host::\nua_os = x\n", 9,
	    "ua_os");
}

/* ------------------------------------------------------------------ */
/* Look-ups. */

static void
test_by_layout_file_order(void **state)
{
	static const uint8_t lin[5] = { OPT_MSS, OPT_SACKOK, OPT_TS, OPT_NOP,
		OPT_WS };
	static const uint8_t win[4] = { OPT_MSS, OPT_NOP, OPT_NOP,
		OPT_SACKOK };
	static const uint8_t none[1] = { OPT_NOP };
	const struct tcp_sig *const *c;
	struct sigdb *db;

	(void)state;
	db = load_ok(HDR
	    "label = s:unix:L1:1\n" LINUX_SIG
	    "label = s:win:W:1\nsig = *:128:0:*:8192,0:mss,nop,nop,sok:df,id+:0\n"
	    "label = s:unix:L2:1\n"
	    "sig = *:64:0:*:mss*4,7:mss,sok,ts,nop,ws:df,id+:0\n"
	    "[tcp:response]\n"
	    "label = s:unix:R:1\n"
	    "sig = *:64:0:*:mss*10,7:mss,sok,ts,nop,ws:df:0\n");
	assert_int_equal(sigdb_tcp_by_layout(db, 0, lin, 5, &c), 2);
	assert_string_equal(c[0]->label->name, "L1");
	assert_string_equal(c[1]->label->name, "L2");
	assert_int_equal(sigdb_tcp_by_layout(db, 0, win, 4, &c), 1);
	assert_string_equal(c[0]->label->name, "W");
	assert_int_equal(sigdb_tcp_by_layout(db, 0, none, 1, &c), 0);
	assert_int_equal(sigdb_tcp_by_layout(db, 0, lin, 4, &c), 0);
	assert_int_equal(sigdb_tcp_by_layout(db, 1, lin, 5, &c), 1);
	assert_string_equal(c[0]->label->name, "R");
	assert_int_equal(sigdb_tcp_by_layout(db, 1, win, 4, &c), 0);
	sigdb_free(db);
}

/* ------------------------------------------------------------------ */
/* "Already covered" (p0f's duplicate check, verified with p0f 3.09b). */

static char covered_buf[1024];

static const char *
two(const char *t1, const char *s1, const char *t2, const char *s2)
{
	snprintf(covered_buf, sizeof(covered_buf), HDR
	    "label = %s:unix:A:1\nsig = %s\nlabel = %s:unix:B:1\nsig = %s\n",
	    t1, s1, t2, s2);
	return covered_buf;
}

static void
test_covered_by_earlier_specific(void **state)
{
	(void)state;
	load_err(two("s", "4:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:65535,0:mss,sok:df,id+:0"), 6, "covered by line 4");
	/* Within one label. */
	load_err(HDR "label = s:unix:A:1\n"
	    "sig = 4:64:0:1460:5840,0:mss,sok:df,id+:0\n"
	    "sig = 4:64:0:1460:5840,0:mss,sok:df,id+:0\n", 5,
	    "covered by line 4");
	/* A "*:" sig covers a "4:" sig with IPv4 quirks. */
	load_err(two("s", "*:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:65535,0:mss,sok:df,id+:0"), 6, "covered by line 4");
	/* A generic sig covered by an earlier specific one. */
	load_err(two("s", "4:64:0:1460:*,0:mss,sok:df,id+:0", "g",
	    "4:64:0:1460:65535,0:mss,sok:df,id+:0"), 6, "covered by line 4");
	/* %N covers a literal it divides; N- covers a lower TTL. */
	load_err(two("s", "4:64:0:1460:%8,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:8192,0:mss,sok:df,id+:0"), 6, "covered");
	load_err(two("s", "4:64-:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:60:0:1460:65535,0:mss,sok:df,id+:0"), 6, "covered");
	/* Identical non-literal windows. */
	load_err(two("s", "4:128:0:1460:%8,*:mss,sok::0", "s",
	    "4:128:0:1460:%8,*:mss,sok::0"), 6, "covered");
	load_err(two("s", "4:128:0:*:mss*4,*:mss,sok::0", "s",
	    "4:128:0:*:mss*4,*:mss,sok::0"), 6, "covered");
	/* TTL within 35 below is exact. */
	load_err(two("s", "4:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:29:0:1460:65535,0:mss,sok:df,id+:0"), 6, "covered");
}

static void
test_identical_star_sigs_accepted(void **state)
{
	(void)state;
	/* p0f reads a "*:" sig as IPv6 here: df,id+ are masked away. */
	sigdb_free(load_ok(two("s", "*:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "*:64:0:1460:*,0:mss,sok:df,id+:0")));
}

static void
test_mss_multiple_covers_literal(void **state)
{
	(void)state;
	load_err(two("s", "4:64:0:1460:mss*4,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:5840,0:mss,sok:df,id+:0"), 6, "covered by line 4");
	sigdb_free(load_ok(two("s", "4:64:0:1460:5840,0:mss,sok:df,id+:0",
	    "s", "4:64:0:1460:mss*4,0:mss,sok:df,id+:0")));
	/* 6000 with MSS 1460 reads as mtu*4 (MSS+40). */
	load_err(two("s", "4:64:0:1460:mtu*4,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:6000,0:mss,sok:df,id+:0"), 6, "covered");
}

static void
test_not_covered(void **state)
{
	(void)state;
	/* An earlier generic sig covers nothing. */
	sigdb_free(load_ok(two("g", "4:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:65535,0:mss,sok:df,id+:0")));
	/* Only fuzzily: quirks differ, TTL above, TTL 36 below. */
	sigdb_free(load_ok(two("s", "4:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:65535,0:mss,sok:df:0")));
	sigdb_free(load_ok(two("s", "4:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:128:0:1460:65535,0:mss,sok:df,id+:0")));
	sigdb_free(load_ok(two("s", "4:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:28:0:1460:65535,0:mss,sok:df,id+:0")));
	/* Another option layout, another section. */
	sigdb_free(load_ok(two("s", "4:64:0:1460:*,0:mss,sok:df,id+:0", "s",
	    "4:64:0:1460:65535,0:sok,mss:df,id+:0")));
	sigdb_free(load_ok(HDR "label = s:unix:A:1\n"
	    "sig = 4:64:0:1460:*,0:mss:df,id+:0\n[tcp:response]\n"
	    "label = s:unix:A:1\nsig = 4:64:0:1460:*,0:mss:df,id+:0\n"));
}

/*
 * For a new sig whose window is not a literal ("*", "%N", "mss*N",
 * "mtu*N"), p0f 3.09b counts it as covered only by an earlier sig with
 * the same window type and value. Each pair below loads in Debian's p0f
 * 3.09b ("Loaded 2 signatures"); synprint must accept the same files.
 */
static void
test_covered_window_types_like_p0f(void **state)
{
	static const char *const pairs[][2] = {
		{ "4:128:0:*:*,*:mss,sok::0", "4:128:0:1460:mss*4,7:mss,sok::0" },
		{ "4:128:0:*:*,*:mss,sok::0", "4:128:0:1460:%8,7:mss,sok::0" },
		{ "4:128:0:0:*,*:mss,sok::0", "6:128:0:0:%1460,7:mss,sok::0" },
		{ "*:128:0:*:%8,*:mss,sok::0", "4:128:0:1460:%16,*:mss,sok::0" },
		{ "*:128:0:*:8192,*:mss,sok::0",
		    "4:128:0:1460:%8192,*:mss,sok::0" },
		{ "*:128:0:*:0,*:mss,sok::0", "4:128:0:1460:*,*:mss,sok::0" },
	};
	struct sigdb *db;
	struct sigdb_err err;
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(*pairs); i++) {
		const char *t = two("s", pairs[i][0], "s", pairs[i][1]);

		if (sigdb_load_mem("t.fp", t, strlen(t), &db, &err) != 0) {
			print_error("p0f accepts, synprint rejects: %s || %s:"
			    " %s\n", pairs[i][0], pairs[i][1], err.msg);
			bad++;
		} else
			sigdb_free(db);
	}
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* The stock database. */

static void
test_stock_p0f_fp(void **state)
{
	struct sigdb *db;
	struct sigdb_err err;
	struct sigdb_counts c;

	(void)state;
	if (access("/etc/p0f/p0f.fp", R_OK) != 0)
		skip();
	assert_int_equal(sigdb_load_file("/etc/p0f/p0f.fp", &db, &err), 0);
	sigdb_counts(db, &c);
	assert_int_equal(c.tcp_req, 91);
	assert_int_equal(c.tcp_resp, 101);
	assert_int_equal(c.http_req + c.http_resp, 105);
	assert_int_equal(c.http_req, 85);
	assert_int_equal(c.mtu, 25);
	assert_int_equal(c.labels, 129);
	/* 10 "g:" label lines in the file (the reference's "11 generic"
	 * does not count label lines). */
	assert_int_equal(c.generic, 10);
	assert_string_equal(sigdb_mtu_label(db, 1500), "Ethernet or modem");
	assert_string_equal(sigdb_mtu_label(db, 9000), "jumbo Ethernet");
	sigdb_free(db);
}

static void
test_limits(void **state)
{
	char line[SIGDB_MAX_LINE_BYTES + 64];

	(void)state;
	memset(line, ' ', sizeof(line));
	memcpy(line, "; ", 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	load_err(line, 1, "line");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sig_basic_fields),
		cmocka_unit_test(test_sig_wildcards),
		cmocka_unit_test(test_sig_ttl_forms),
		cmocka_unit_test(test_sig_window_forms),
		cmocka_unit_test(test_sig_layout_forms),
		cmocka_unit_test(test_sig_every_quirk),
		cmocka_unit_test(test_sig_bad_quirk),
		cmocka_unit_test(test_sig_version_quirks),
		cmocka_unit_test(test_sig_field_count),
		cmocka_unit_test(test_sig_trailing_comma),
		cmocka_unit_test(test_label_fields),
		cmocka_unit_test(test_classes_case_insensitive),
		cmocka_unit_test(test_names_interned),
		cmocka_unit_test(test_app_needs_sys),
		cmocka_unit_test(test_unknown_class),
		cmocka_unit_test(test_label_without_sigs),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_classes_after_section),
		cmocka_unit_test(test_misplaced_lines),
		cmocka_unit_test(test_error_line_numbers_count_comments),
		cmocka_unit_test(test_crlf_accepted),
		cmocka_unit_test(test_no_half_load),
		cmocka_unit_test(test_load_file_missing),
		cmocka_unit_test(test_mtu_section),
		cmocka_unit_test(test_http_sections),
		cmocka_unit_test(test_by_layout_file_order),
		cmocka_unit_test(test_covered_by_earlier_specific),
		cmocka_unit_test(test_identical_star_sigs_accepted),
		cmocka_unit_test(test_mss_multiple_covers_literal),
		cmocka_unit_test(test_not_covered),
		cmocka_unit_test(test_covered_window_types_like_p0f),
		cmocka_unit_test(test_stock_p0f_fp),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
