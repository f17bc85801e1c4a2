/*
 * Unit tests of qwire.c, synprint-query's wire formats: escaping of every
 * byte (text and JSON), the UDP query and the reply check, the p0f v3 and
 * v2 queries byte for byte and their answers field by field (every short
 * length refused, a bad magic reported, a 32-byte string without NUL),
 * the policy request (all of Postfix's attributes, every too-small buffer
 * refused) and reply, stats lines and JSON numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "qwire.h"

/* Native-endian stores, as the servers (p0f, synprint) write them. */
static void
st32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void
st16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint32_t
ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t
ld16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* qwire_escape() into a string; the caller frees it. */
static char *
escaped(const uint8_t *s, size_t n, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	qwire_escape(f, s, n, json);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void
test_field_len(void **state)
{
	uint8_t f[4] = { 'a', 'b', 0, 'c' }, g[4] = { 'a', 'b', 'c', 'd' };

	(void)state;
	assert_int_equal(qwire_field_len(f, 4), 2);
	assert_int_equal(qwire_field_len(g, 4), 4);
	assert_int_equal(qwire_field_len(f + 2, 2), 0);
}

static void
test_escape_every_byte(void **state)
{
	uint8_t all[256], back[256];
	char *t, *p;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	t = escaped(all, sizeof(all), 0);
	/* Only printable ASCII comes out, and it decodes to the input. */
	for (p = t; *p; p++) {
		assert_true(*p >= 0x20 && *p <= 0x7e);
		if (*p == '\\') {
			unsigned v;

			assert_int_equal(p[1], 'x');
			assert_int_equal(sscanf(p + 2, "%2x", &v), 1);
			back[n++] = (uint8_t)v;
			p += 3;
		} else
			back[n++] = (uint8_t)*p;
		assert_true(n <= sizeof(back));
	}
	assert_int_equal(n, 256);
	assert_memory_equal(back, all, 256);
	free(t);
}

static void
test_escape_text_and_json(void **state)
{
	static const uint8_t s[] = "a\\b\"c\x01\xff d";
	char *t;

	(void)state;
	t = escaped(s, sizeof(s) - 1, 0);
	assert_string_equal(t, "a\\x5cb\"c\\x01\\xff d");
	free(t);
	t = escaped(s, sizeof(s) - 1, 1);
	assert_string_equal(t, "\"a\\\\x5cb\\\"c\\\\x01\\\\xff d\"");
	free(t);
	t = escaped(s, 0, 1);
	assert_string_equal(t, "\"\"");
	free(t);
}

static void
test_udp_query(void **state)
{
	char buf[QUERY_UDP_SEND_MAX + 1];
	int n;

	(void)state;
	n = qwire_udp_query(buf, sizeof(buf), "127.0.0.2", 40001, "abc");
	assert_int_equal(n, 21);
	assert_string_equal(buf, "[127.0.0.2]:40001 abc");
	n = qwire_udp_query(buf, sizeof(buf), "::2", -1, "n");
	assert_string_equal(buf, "[::2] n");
	assert_int_equal(n, 7);
	n = qwire_udp_query(buf, sizeof(buf), "1:2:3:4:5:6:7:8", 0, "x");
	assert_string_equal(buf, "[1:2:3:4:5:6:7:8]:0 x");
	/* Exactly cap - 1 bytes fit; one more does not. */
	assert_int_equal(qwire_udp_query(buf, 8, "::2", -1, "n"), 7);
	assert_int_equal(qwire_udp_query(buf, 7, "::2", -1, "n"), -1);
}

static int
udp(const char *d, const char **res, size_t *rlen)
{
	static const char msg[] = "[1.2.3.4]:5 n1";

	return qwire_udp_reply((const uint8_t *)d, strlen(d), msg,
	    sizeof(msg) - 1, (const uint8_t **)res, rlen);
}

static void
test_udp_reply(void **state)
{
	const char *res;
	size_t rlen;

	(void)state;
	assert_int_equal(udp("[1.2.3.4]:5 n1 Linux 3.x\r\n", &res, &rlen),
	    QWIRE_OK);
	assert_int_equal(rlen, 9);
	assert_memory_equal(res, "Linux 3.x", 9);
	assert_int_equal(udp("[1.2.3.4]:5 n1 \r\n", &res, &rlen), QWIRE_OK);
	assert_int_equal(rlen, 0);
	/* Result bytes are not interpreted, CRLF inside included. */
	assert_int_equal(udp("[1.2.3.4]:5 n1 a\r\nb\r\n", &res, &rlen),
	    QWIRE_OK);
	assert_int_equal(rlen, 4);
	assert_int_equal(udp("[1.2.3.4]:5 n2 Linux\r\n", &res, &rlen),
	    QWIRE_STRAY);
	assert_int_equal(udp("[1.2.3.4]:5 n1x Linux\r\n", &res, &rlen),
	    QWIRE_STRAY);
	assert_int_equal(udp("[1.2.3.4]:5 n1", &res, &rlen), QWIRE_STRAY);
	assert_int_equal(udp("[1.2.3.4]:5", &res, &rlen), QWIRE_STRAY);
	assert_int_equal(udp("", &res, &rlen), QWIRE_STRAY);
	assert_int_equal(udp("[1.2.3.4]:5 n1 ", &res, &rlen), QWIRE_BAD);
	assert_int_equal(udp("[1.2.3.4]:5 n1 \r", &res, &rlen), QWIRE_BAD);
	assert_int_equal(udp("[1.2.3.4]:5 n1 \n", &res, &rlen), QWIRE_BAD);
	assert_int_equal(udp("[1.2.3.4]:5 n1 Linux\n", &res, &rlen),
	    QWIRE_BAD);
	assert_int_equal(udp("[1.2.3.4]:5 n1 Linux\n\r", &res, &rlen),
	    QWIRE_BAD);
}

static void
test_p0f3_query(void **state)
{
	static const uint8_t a4[16] = { 192, 0, 2, 10 };
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 };
	uint8_t q[P0F3_QUERY_LEN], z[12] = { 0 };

	(void)state;
	memset(q, 0xaa, sizeof(q));
	qwire_p0f3_query(q, 0, a4);
	assert_int_equal(ld32(q), 0x50304601);
	assert_int_equal(q[4], 4);
	assert_memory_equal(q + 5, a4, 4);
	assert_memory_equal(q + 9, z, 12);
	qwire_p0f3_query(q, 1, a6);
	assert_int_equal(q[4], 6);
	assert_memory_equal(q + 5, a6, 16);
}

/* A p0f v3 answer with a distinct value in every field. */
static void
p0f3_answer(uint8_t *b)
{
	int i;

	memset(b, 0, P0F3_REPLY_LEN);
	st32(b, 0x50304602);
	st32(b + 4, 0x10);
	for (i = 0; i < 7; i++)
		st32(b + 8 + 4 * i, 1000 + (uint32_t)i);
	st16(b + 36, (uint16_t)-1);
	b[38] = 2;
	b[39] = 3;
	memset(b + 40, 'N', 32);		/* no NUL */
	memcpy(b + 72, "flavor", 6);
	memcpy(b + 104, "http", 4);
	memcpy(b + 136, "hflav", 5);
	memcpy(b + 168, "DSL", 3);
	memcpy(b + 200, "English", 7);
}

static void
test_p0f3_parse(void **state)
{
	uint8_t b[P0F3_REPLY_LEN + 2];
	struct qwire_p0f3 r;
	size_t n;

	(void)state;
	p0f3_answer(b);
	assert_int_equal(qwire_p0f3_parse(b, P0F3_REPLY_LEN, &r),
	    QWIRE_OK);
	assert_int_equal(r.status, 0x10);
	assert_int_equal(r.first_seen, 1000);
	assert_int_equal(r.last_seen, 1001);
	assert_int_equal(r.total_conn, 1002);
	assert_int_equal(r.uptime_min, 1003);
	assert_int_equal(r.up_mod_days, 1004);
	assert_int_equal(r.last_nat, 1005);
	assert_int_equal(r.last_chg, 1006);
	assert_int_equal(r.distance, -1);
	assert_int_equal(r.bad_sw, 2);
	assert_int_equal(r.os_match_q, 3);
	assert_int_equal(qwire_field_len(r.os_name, P0F3_STR_LEN), 32);
	assert_memory_equal(r.os_flavor, "flavor", 7);
	assert_memory_equal(r.http_name, "http", 5);
	assert_memory_equal(r.http_flavor, "hflav", 6);
	assert_memory_equal(r.link_type, "DSL", 4);
	assert_memory_equal(r.language, "English", 8);
	/* Every shorter answer is refused; trailing bytes are not read. */
	for (n = 0; n < P0F3_REPLY_LEN; n++)
		assert_int_equal(qwire_p0f3_parse(b, n, &r), QWIRE_SHORT);
	assert_int_equal(qwire_p0f3_parse(b, sizeof(b), &r), QWIRE_OK);
	/* p0f's "unknown" distance. */
	st16(b + 36, 255);
	assert_int_equal(qwire_p0f3_parse(b, sizeof(b), &r), QWIRE_OK);
	assert_int_equal(r.distance, 255);
	/* Byte-swapped magic: a big-endian server, or garbage. */
	st32(b, 0x02463050);
	assert_int_equal(qwire_p0f3_parse(b, P0F3_REPLY_LEN, &r),
	    QWIRE_MAGIC);
	assert_int_equal(r.magic, 0x02463050);
}

static void
test_p0f2_query(void **state)
{
	static const uint8_t src[4] = { 192, 0, 2, 7 }, dst[4] = { 10, 1, 2,
	    3 };
	uint8_t q[P0F2_QUERY_LEN];

	(void)state;
	memset(q, 0xaa, sizeof(q));
	qwire_p0f2_query(q, 0x11223344, src, dst, 40001, 25);
	assert_int_equal(ld32(q), 0x0defaced);
	assert_int_equal(q[4], 1);
	assert_int_equal(q[5] | q[6] | q[7], 0);
	assert_int_equal(ld32(q + 8), 0x11223344);
	assert_memory_equal(q + 12, src, 4);
	assert_memory_equal(q + 16, dst, 4);
	assert_int_equal(ld16(q + 20), 40001);
	assert_int_equal(ld16(q + 22), 25);
}

static void
test_p0f2_parse(void **state)
{
	uint8_t b[P0F2_REPLY_LEN];
	struct qwire_p0f2 r;
	size_t n;

	(void)state;
	memset(b, 0, sizeof(b));
	st32(b, 0x0defaced);
	st32(b + 4, 77);
	b[8] = 2;
	memset(b + 9, 'G', 20);			/* no NUL */
	memcpy(b + 29, "detail", 6);
	b[69] = 0xff;				/* -1 */
	memcpy(b + 70, "link", 4);
	memcpy(b + 100, "tos", 3);
	b[130] = 1;
	b[131] = 2;
	b[132] = 3;
	b[133] = 0xee;				/* padding, ignored */
	st16(b + 134, (uint16_t)-100);
	st16(b + 136, 0x1234);
	b[138] = b[139] = 0xee;
	st32(b + 140, (uint32_t)-1);
	assert_int_equal(qwire_p0f2_parse(b, sizeof(b), &r), QWIRE_OK);
	assert_int_equal(r.id, 77);
	assert_int_equal(r.type, 2);
	assert_int_equal(qwire_field_len(r.genre, P0F2_GENRE_LEN), 20);
	assert_memory_equal(r.detail, "detail", 7);
	assert_int_equal(r.dist, -1);
	assert_memory_equal(r.link, "link", 5);
	assert_memory_equal(r.tos, "tos", 4);
	assert_int_equal(r.fw, 1);
	assert_int_equal(r.nat, 2);
	assert_int_equal(r.real, 3);
	assert_int_equal(r.score, -100);
	assert_int_equal(r.mflags, 0x1234);
	assert_int_equal(r.uptime, -1);
	for (n = 0; n < sizeof(b); n++)
		assert_int_equal(qwire_p0f2_parse(b, n, &r), QWIRE_SHORT);
	st32(b, 0x0defacee);
	assert_int_equal(qwire_p0f2_parse(b, sizeof(b), &r), QWIRE_MAGIC);
}

static void
test_policy_request(void **state)
{
	static const char want[] =
	    "request=smtpd_access_policy\nprotocol_state=DATA\n"
	    "protocol_name=ESMTP\nclient_address=2001:db8::7\n"
	    "client_port=40001\nserver_address=192.0.2.25\nserver_port=25\n"
	    "client_name=\nreverse_client_name=\nhelo_name=\nsender=\n"
	    "recipient=\nrecipient_count=\nqueue_id=\ninstance=\nsize=\n"
	    "etrn_domain=\nstress=\nsasl_method=\nsasl_username=\n"
	    "sasl_sender=\nccert_subject=\nccert_issuer=\n"
	    "ccert_fingerprint=\nccert_pubkey_fingerprint=\n"
	    "encryption_protocol=\nencryption_cipher=\n"
	    "encryption_keysize=\npolicy_context=\n\n";
	char buf[QUERY_POLICY_REQ_MAX];
	size_t cap;
	int n;

	(void)state;
	n = qwire_policy_request(buf, sizeof(buf), "2001:db8::7", 40001,
	    "192.0.2.25", 25);
	assert_int_equal(n, sizeof(want) - 1);
	assert_memory_equal(buf, want, sizeof(want) - 1);
	n = qwire_policy_request(buf, sizeof(buf), "192.0.2.7", -1, NULL, 0);
	assert_true(n > 0);
	assert_non_null(strstr(buf, "\nclient_port=\nserver_address=\n"
	    "server_port=\n"));
	/* Every buffer too small is refused; one byte more than it takes
	 * (the NUL) is enough. */
	for (cap = 0; cap <= sizeof(want) - 1; cap++)
		assert_int_equal(qwire_policy_request(buf, cap, "2001:db8::7",
		    40001, "192.0.2.25", 25), -1);
	assert_int_equal(qwire_policy_request(buf, sizeof(want),
	    "2001:db8::7", 40001, "192.0.2.25", 25), sizeof(want) - 1);
}

static int
action(const char *s, const char **act, size_t *alen)
{
	return qwire_policy_action((const uint8_t *)s, strlen(s),
	    (const uint8_t **)act, alen);
}

static void
test_policy_reply(void **state)
{
	const char *a;
	size_t n;

	(void)state;
	assert_int_equal(action("action=DUNNO\n\n", &a, &n), QWIRE_OK);
	assert_int_equal(n, 5);
	assert_memory_equal(a, "DUNNO", 5);
	assert_int_equal(action("x=1\naction=PREPEND H: v\ny=2\n\n", &a, &n),
	    QWIRE_OK);
	assert_int_equal(n, 12);
	assert_memory_equal(a, "PREPEND H: v", 12);
	assert_int_equal(action("action=\n\n", &a, &n), QWIRE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(action("action=DUNNO\n", &a, &n), QWIRE_SHORT);
	assert_int_equal(action("action=DUNNO", &a, &n), QWIRE_SHORT);
	assert_int_equal(action("", &a, &n), QWIRE_SHORT);
	assert_int_equal(action("\n", &a, &n), QWIRE_BAD);
	assert_int_equal(action("foo=bar\n\n", &a, &n), QWIRE_BAD);
	assert_int_equal(action("Action=DUNNO\n\n", &a, &n), QWIRE_BAD);
	assert_int_equal(action("action=OK\naction=DUNNO\n\n", &a, &n),
	    QWIRE_BAD);
	/* Lines after the empty one are not part of this reply. */
	assert_int_equal(action("action=OK\n\naction=DUNNO\n\n", &a, &n),
	    QWIRE_OK);
	assert_memory_equal(a, "OK", 2);

	assert_int_equal(qwire_policy_complete((const uint8_t *)"a=b\n", 4),
	    0);
	assert_int_equal(qwire_policy_complete((const uint8_t *)"a=b\n\n",
	    5), 1);
	assert_int_equal(qwire_policy_complete((const uint8_t *)"\n", 1), 1);
	assert_int_equal(qwire_policy_complete((const uint8_t *)"", 0), 0);
}

static int
kind(const char *s)
{
	return qwire_policy_kind((const uint8_t *)s, strlen(s));
}

static void
test_policy_kind(void **state)
{
	(void)state;
	assert_int_equal(kind("PREPEND X-p0f-OS: Linux"), QWIRE_ACT_PREPEND);
	assert_int_equal(kind("prepend X: y"), QWIRE_ACT_PREPEND);
	assert_int_equal(kind("PREPEND "), QWIRE_ACT_OTHER);
	assert_int_equal(kind("PREPEND"), QWIRE_ACT_OTHER);
	assert_int_equal(kind("PREPENDX: y"), QWIRE_ACT_OTHER);
	assert_int_equal(kind("DUNNO"), QWIRE_ACT_DUNNO);
	assert_int_equal(kind("dunno"), QWIRE_ACT_DUNNO);
	assert_int_equal(kind("DUNNO "), QWIRE_ACT_OTHER);
	assert_int_equal(kind("DUNN"), QWIRE_ACT_OTHER);
	assert_int_equal(kind("REJECT go away"), QWIRE_ACT_OTHER);
	assert_int_equal(kind(""), QWIRE_ACT_OTHER);
}

static int
stat_line(const char *s)
{
	return qwire_stats_line((const uint8_t *)s, strlen(s));
}

static void
test_stats_line(void **state)
{
	char name[QUERY_STAT_NAME_MAX + 4];

	(void)state;
	assert_int_equal(stat_line("udp_queries 5"), 11);
	assert_int_equal(stat_line("a.b-c:d_E9 x y"), 10);
	assert_int_equal(stat_line("empty "), 5);
	assert_int_equal(stat_line("novalue"), -1);
	assert_int_equal(stat_line(" 5"), -1);
	assert_int_equal(stat_line("bad\x01name 1"), -1);
	assert_int_equal(stat_line("bad/name 1"), -1);
	assert_int_equal(stat_line(""), -1);
	memset(name, 'n', sizeof(name));
	memcpy(name + QUERY_STAT_NAME_MAX, " 1", 3);
	assert_int_equal(stat_line(name), QUERY_STAT_NAME_MAX);
	memset(name, 'n', sizeof(name));
	memcpy(name + QUERY_STAT_NAME_MAX + 1, " 1", 3);
	assert_int_equal(stat_line(name), -1);
}

static int
num(const char *s)
{
	return qwire_json_number((const uint8_t *)s, strlen(s));
}

static void
test_json_number(void **state)
{
	static const char *const yes[] = { "0", "-0", "5", "123", "-3",
	    "0.5", "10.25", "1e5", "1E+5", "-2.5e-3", "0e0" };
	static const char *const no[] = { "", "-", "007", "01", "+1", ".5",
	    "5.", "1e", "1e+", "0x10", "1 ", " 1", "1.2.3", "NaN", "inf",
	    "--1", "1-" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(num(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(num(no[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_len),
		cmocka_unit_test(test_escape_every_byte),
		cmocka_unit_test(test_escape_text_and_json),
		cmocka_unit_test(test_udp_query),
		cmocka_unit_test(test_udp_reply),
		cmocka_unit_test(test_p0f3_query),
		cmocka_unit_test(test_p0f3_parse),
		cmocka_unit_test(test_p0f2_query),
		cmocka_unit_test(test_p0f2_parse),
		cmocka_unit_test(test_policy_request),
		cmocka_unit_test(test_policy_reply),
		cmocka_unit_test(test_policy_kind),
		cmocka_unit_test(test_stats_line),
		cmocka_unit_test(test_json_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
