/*
 * Unit tests of qnet.c, synprint-query's sockets: ports, addresses (IPv4,
 * IPv6 in every spelling amavisd and Postfix use, IPv4-mapped), IP:PORT
 * endpoints and HOST:PORT service specs, deadlines, and the stream reader
 * on a socketpair (a reply in pieces, done() ending it early, the peer
 * closing, the deadline passing).
 */
#include <sys/socket.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "qnet.h"

static void
test_port(void **state)
{
	(void)state;
	assert_int_equal(qnet_port("0"), 0);
	assert_int_equal(qnet_port("25"), 25);
	assert_int_equal(qnet_port("00025"), 25);
	assert_int_equal(qnet_port("65535"), 65535);
	assert_int_equal(qnet_port("65536"), -1);
	assert_int_equal(qnet_port("000025"), -1);
	assert_int_equal(qnet_port(""), -1);
	assert_int_equal(qnet_port("-1"), -1);
	assert_int_equal(qnet_port("+1"), -1);
	assert_int_equal(qnet_port("2a"), -1);
	assert_int_equal(qnet_port(" 25"), -1);
}

/* qnet_addr() must give this family and text form. */
static void
addr_is(const char *in, int family, const char *text)
{
	struct qnet_target t;

	memset(&t, 0xaa, sizeof(t));
	assert_int_equal(qnet_addr(in, &t), 0);
	assert_int_equal(t.family, family);
	assert_string_equal(t.text, text);
}

static void
test_addr(void **state)
{
	static const uint8_t v4[16] = { 127, 0, 0, 2 };
	struct qnet_target t;

	(void)state;
	addr_is("127.0.0.2", AF_INET, "127.0.0.2");
	addr_is("[127.0.0.2]", AF_INET, "127.0.0.2");
	addr_is("::2", AF_INET6, "::2");
	addr_is("0:0:0:0:0:0:0:2", AF_INET6, "::2");
	addr_is("2001:DB8:0::0:7", AF_INET6, "2001:db8::7");
	addr_is("[::1]", AF_INET6, "::1");
	addr_is("IPv6:::2", AF_INET6, "::2");
	addr_is("ipv6:2001:db8::1", AF_INET6, "2001:db8::1");
	addr_is("[IPv6:::2]", AF_INET6, "::2");
	/* IPv4-mapped: the IPv4 address, as amavisd and p0f key it. */
	addr_is("::ffff:127.0.0.2", AF_INET, "127.0.0.2");
	addr_is("IPv6:::ffff:127.0.0.2", AF_INET, "127.0.0.2");
	addr_is("::ffff:7f00:2", AF_INET, "127.0.0.2");
	assert_int_equal(qnet_addr("::ffff:127.0.0.2", &t), 0);
	assert_memory_equal(t.addr, v4, 16);

	assert_int_equal(qnet_addr("", &t), -1);
	assert_int_equal(qnet_addr("[]", &t), -1);
	assert_int_equal(qnet_addr("1.2.3", &t), -1);
	assert_int_equal(qnet_addr("127.000.0.1", &t), -1);
	assert_int_equal(qnet_addr("999.1.1.1", &t), -1);
	assert_int_equal(qnet_addr("localhost", &t), -1);
	assert_int_equal(qnet_addr("[::1", &t), -1);
	assert_int_equal(qnet_addr("1.2.3.4:25", &t), -1);
	assert_int_equal(qnet_addr("IPv6:", &t), -1);
	assert_int_equal(qnet_addr("1:2:3:4:5:6:7:8:9:0:1:2:3:4:5:6:7:8:9:0:"
	    "1:2:3:4", &t), -1);
}

static void
test_endpoint(void **state)
{
	struct qnet_target t;

	(void)state;
	assert_int_equal(qnet_endpoint("192.0.2.25:25", &t), 0);
	assert_int_equal(t.family, AF_INET);
	assert_string_equal(t.text, "192.0.2.25");
	assert_int_equal(t.port, 25);
	assert_int_equal(qnet_endpoint("[2001:db8::25]:2525", &t), 0);
	assert_int_equal(t.family, AF_INET6);
	assert_string_equal(t.text, "2001:db8::25");
	assert_int_equal(t.port, 2525);
	assert_int_equal(qnet_endpoint("0.0.0.0:0", &t), 0);
	assert_int_equal(t.port, 0);

	assert_int_equal(qnet_endpoint("192.0.2.25", &t), -1);
	assert_int_equal(qnet_endpoint("192.0.2.25:", &t), -1);
	assert_int_equal(qnet_endpoint("192.0.2.25:65536", &t), -1);
	assert_int_equal(qnet_endpoint("::1:25", &t), -1);
	assert_int_equal(qnet_endpoint("[::1]25", &t), -1);
	assert_int_equal(qnet_endpoint("[::1]:", &t), -1);
	assert_int_equal(qnet_endpoint("host:25", &t), -1);
	assert_int_equal(qnet_endpoint(":25", &t), -1);
}

static int
split(const char *s, const char *def, char *host, char *port)
{
	return qnet_split(s, def, host, 16, port, 6);
}

static void
test_split(void **state)
{
	char h[16], p[6];

	(void)state;
	assert_int_equal(split("127.0.0.1:2345", NULL, h, p), 0);
	assert_string_equal(h, "127.0.0.1");
	assert_string_equal(p, "2345");
	assert_int_equal(split("[::1]:2345", NULL, h, p), 0);
	assert_string_equal(h, "::1");
	assert_string_equal(p, "2345");
	assert_int_equal(split("localhost:10040", NULL, h, p), 0);
	assert_string_equal(h, "localhost");
	assert_int_equal(split("2345", "127.0.0.1", h, p), 0);
	assert_string_equal(h, "127.0.0.1");
	assert_string_equal(p, "2345");

	assert_int_equal(split("2345", NULL, h, p), -1);
	assert_int_equal(split(":2345", NULL, h, p), -1);
	assert_int_equal(split("[]:2345", NULL, h, p), -1);
	assert_int_equal(split("host:0", NULL, h, p), -1);
	assert_int_equal(split("0", "127.0.0.1", h, p), -1);
	assert_int_equal(split("host:65536", NULL, h, p), -1);
	assert_int_equal(split("host:", NULL, h, p), -1);
	assert_int_equal(split("host", NULL, h, p), -1);
	assert_int_equal(split("a:b:25", NULL, h, p), -1);
	assert_int_equal(split("::1:25", NULL, h, p), -1);
	assert_int_equal(split("[::1]", NULL, h, p), -1);
	/* The host must fit (15 bytes and a NUL here). */
	assert_int_equal(split("abcdefghijklmno:25", NULL, h, p), 0);
	assert_int_equal(split("abcdefghijklmnop:25", NULL, h, p), -1);
}

static void
test_deadline(void **state)
{
	struct timespec dl;
	int ms;

	(void)state;
	qnet_deadline(&dl, 1500);
	ms = qnet_left_ms(&dl);
	assert_true(ms > 1000 && ms <= 1500);
	qnet_deadline(&dl, 0);
	assert_int_equal(qnet_left_ms(&dl), 0);
}

static int
has_nl(const uint8_t *b, size_t n)
{
	return memchr(b, '\n', n) != NULL;
}

static void
test_recv(void **state)
{
	struct timespec dl, t0, t1;
	uint8_t buf[16];
	int sv[2];
	long ms;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
	    sv), 0);
	qnet_deadline(&dl, 1000);
	/* Pieces are put together up to len. */
	assert_int_equal(write(sv[1], "abc", 3), 3);
	assert_int_equal(write(sv[1], "defghijklmnopqrstu", 18), 18);
	assert_int_equal(qnet_recv(sv[0], buf, 16, &dl, "t", NULL), 16);
	assert_memory_equal(buf, "abcdefghijklmnop", 16);
	/* done() ends a reply before len (with what that read brought). */
	assert_int_equal(write(sv[1], "x\ny", 3), 3);
	assert_int_equal(qnet_recv(sv[0], buf, 16, &dl, "t", has_nl), 8);
	assert_memory_equal(buf, "qrstux\ny", 8);
	/* Nothing more arrives: -1 once the deadline has passed. */
	qnet_deadline(&dl, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(qnet_recv(sv[0], buf, 16, &dl, "t", NULL), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) /
	    1000000;
	assert_true(ms >= 150 && ms < 1000);
	/* The peer closes: what arrived is returned. */
	qnet_deadline(&dl, 1000);
	assert_int_equal(qnet_send(sv[1], "zz", 2, &dl, "t"), 0);
	close(sv[1]);
	assert_int_equal(qnet_recv(sv[0], buf, 16, &dl, "t", NULL), 2);
	assert_memory_equal(buf, "zz", 2);
	/* Sending to a closed peer fails without SIGPIPE. */
	assert_int_equal(qnet_send(sv[0], "a", 1, &dl, "t"), -1);
	close(sv[0]);
}

static void
test_connect_unix(void **state)
{
	struct timespec dl;
	char longp[200];

	(void)state;
	qnet_deadline(&dl, 500);
	assert_int_equal(qnet_connect_unix("/nonexistent/synprint.sock", &dl),
	    -1);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	assert_int_equal(qnet_connect_unix(longp, &dl), -1);
	assert_int_equal(qnet_connect_unix("", &dl), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_endpoint),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_recv),
		cmocka_unit_test(test_connect_unix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
