/* Unit tests for output: Perl number printing, report formats. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "output.h"

/* Runs fn with a writer on a pipe and returns what it wrote. */
static char *
capture(void (*fn)(struct out *, void *), void *arg)
{
	static char buf[65536];
	struct out *o;
	int fd[2];
	ssize_t n;

	assert_int_equal(pipe(fd), 0);
	assert_int_equal(out_new(&o, fd[1]), 0);
	fn(o, arg);
	assert_int_equal(out_free(o), 0);
	close(fd[1]);
	n = read(fd[0], buf, sizeof(buf) - 1);
	close(fd[0]);
	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

static void
put_num(struct out *o, void *arg)
{
	out_num(o, *(double *)arg);
}

static void
test_num_matches_perl_format(void **state)
{
	char want[64];
	double v;
	uint32_t x = 1;
	int i;

	(void)state;
	/* Short decimals (the fast path) and arbitrary doubles (fallback). */
	for (i = -20000; i <= 20000; i += 7) {
		v = i / 1000.0;
		snprintf(want, sizeof(want), "%.15g", v == 0 ? 0.0 : v);
		assert_string_equal(capture(put_num, &v), want);
	}
	for (i = 0; i < 20000; i++) {
		x = x * 1664525u + 1013904223u;
		v = ((double)x / 4294967296.0 - 0.5) * 2000.0;
		snprintf(want, sizeof(want), "%.15g", v);
		assert_string_equal(capture(put_num, &v), want);
	}
	v = 0.1 + 0.2;
	assert_string_equal(capture(put_num, &v), "0.3");
	v = -0.0;
	assert_string_equal(capture(put_num, &v), "0");
	v = 1e20;
	assert_string_equal(capture(put_num, &v), "1e+20");
	v = 2.51;
	assert_string_equal(capture(put_num, &v), "2.51");
}

static void
put_json_error(struct out *o, void *arg)
{
	out_input_error(o, OUT_JSON, (const char *)arg, 3, "bad \"x\"\n");
}

static void
test_json_escaping(void **state)
{
	(void)state;
	assert_string_equal(capture(put_json_error, "a\tb\xff\xc3\xa9"),
	    "{\"source\":\"a\\u0009b\\u00ff\xc3\xa9\",\"message\":3,"
	    "\"error\":\"bad \\\"x\\\"\\u000a\"}\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_num_matches_perl_format),
		cmocka_unit_test(test_json_escaping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
