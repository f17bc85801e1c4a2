/* Unit tests for rx: Perl pattern translation, flags, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rx.h"

static struct rx_scratch *sc;

static int
setup(void **state)
{
	(void)state;
	sc = rx_scratch_new();
	return sc == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	rx_scratch_free(sc);
	return 0;
}

/* Compiles pat (must succeed) and matches subj; returns rx_match(). */
static int
m(const char *pat, const char *subj)
{
	struct rx *rx;
	char err[256];
	int r;

	r = rx_compile(&rx, pat, strlen(pat), 0, err, sizeof(err));
	if (r != 0)
		fail_msg("compile %s: %s", pat, err);
	r = rx_match(rx, sc, subj, strlen(subj));
	rx_free(rx);
	return r;
}

static int
c(const char *pat, int lint)
{
	struct rx *rx = NULL;
	char err[256];
	int r;

	r = rx_compile(&rx, pat, strlen(pat), lint, err, sizeof(err));
	rx_free(rx);
	if (r != 0)
		assert_true(err[0] != '\0');
	return r;
}

static void
test_delimiters(void **state)
{
	(void)state;
	assert_int_equal(m("/XP/", "Windows XP"), 1);
	assert_int_equal(m("m{XP}", "Windows XP"), 1);
	assert_int_equal(m("m(X(P))", "Windows XP"), 1);
	assert_int_equal(m("m<XP>", "Windows XP"), 1);
	assert_int_equal(m("m[XP]", "Windows XP"), 1);
	assert_int_equal(m("m!a/b!", "a/b"), 1);
	assert_int_equal(m("m#a#", "a"), 1);
	assert_int_equal(m("qr/a/", "a"), 1);
	assert_int_equal(m("m{a{1,2}}", "aa"), 1);
	assert_int_equal(c("XP", 0), RX_E_DELIM);
	assert_int_equal(c("/a/b/", 0), RX_E_DELIM);
	assert_int_equal(c("/a", 0), RX_E_DELIM);
	assert_int_equal(c("/a/ ", 0), RX_E_DELIM);
	assert_int_equal(c("m\\a\\", 0), RX_E_DELIM);
	assert_int_equal(c("/a/g", 0), RX_E_DELIM);
	assert_int_equal(c("/a/o", 0), RX_E_DELIM);
	assert_int_equal(c("/a/r", 0), RX_E_DELIM);
	assert_int_equal(m("/a\\/b/", "a/b"), 1);
}

static void
test_flags(void **state)
{
	(void)state;
	assert_int_equal(m("/windows/i", "WINDOWS"), 1);
	assert_int_equal(m("/windows/", "WINDOWS"), 0);
	assert_int_equal(m("/^b/", "a\nb"), 0);
	assert_int_equal(m("/^b/m", "a\nb"), 1);
	assert_int_equal(m("/a.b/", "a\nb"), 0);
	assert_int_equal(m("/a.b/s", "a\nb"), 1);
	assert_int_equal(m("/a b # c/x", "ab"), 1);
	/* /n: groups do not capture, so \1 refers to nothing (Perl too). */
	assert_int_equal(c("/(a)\\1/n", 0), RX_E_SYNTAX);
	assert_int_equal(m("/(a)\\1/", "aa"), 1);
	assert_int_equal(m("/a/aa", "a"), 1);
	assert_int_equal(m("/a/p", "a"), 1);
	assert_int_equal(c("/a/a", 0), RX_E_UNSUPPORTED);
	assert_int_equal(c("/a/u", 0), RX_E_UNSUPPORTED);
	assert_int_equal(c("/a/l", 0), RX_E_UNSUPPORTED);
	assert_int_equal(c("/(?u)a/", 0), RX_E_UNSUPPORTED);
	assert_int_equal(c("/(?^i:a)/", 0), RX_E_UNSUPPORTED);
	assert_int_equal(m("/(?i)xp/", "XP"), 1);
	assert_int_equal(m("/(?i:x)p/", "Xp"), 1);
	assert_int_equal(m("/(?i:x)p/", "XP"), 0);
	assert_int_equal(m("/(?x) a b /", "ab"), 1);
}

static void
test_anchors(void **state)
{
	(void)state;
	/* Perl: $ matches before a final newline, \z only at the end. */
	assert_int_equal(m("/XP$/", "Windows XP\n"), 1);
	assert_int_equal(m("/XP\\z/", "Windows XP\n"), 0);
	assert_int_equal(m("/XP\\Z/", "Windows XP\n"), 1);
	assert_int_equal(m("/\\ALinux/m", "Windows\nLinux\n"), 0);
	assert_int_equal(m("/^Linux/m", "Windows\nLinux\n"), 1);
	/* /m ^ does not match after the final newline. */
	assert_int_equal(m("/\\n^/m", "a\n"), 0);
}

static void
test_quantifiers(void **state)
{
	(void)state;
	/* Perl 5.34+ forms PCRE2 10.42 does not know. */
	assert_int_equal(m("/^a{,2}$/", "aa"), 1);
	assert_int_equal(m("/^a{,2}$/", "aaa"), 0);
	assert_int_equal(m("/^a{ 1 , 2 }$/", "aa"), 1);
	assert_int_equal(m("/^a{1 ,2}$/", "a"), 1);
	assert_int_equal(m("/^a{2}+$/", "aa"), 1);
	/* A brace that cannot quantify is a literal where Perl allows it. */
	assert_int_equal(m("/{a}/", "{a}"), 1);
	assert_int_equal(m("/x|{/", "{"), 1);
	assert_int_equal(m("/^{/", "{"), 1);
	assert_int_equal(m("/[{]/", "{"), 1);
	/* And an error where Perl gives "Unescaped left brace". */
	assert_int_equal(c("/x{abc}/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a{,}/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a{}/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a{1}{2}/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a{1}?/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a{2,1}/", 0), RX_E_SYNTAX);
}

static void
test_escapes(void **state)
{
	(void)state;
	assert_int_equal(c("/a\\Qb/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a\\Eb/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a\\Ub/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/a\\lb/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/\\C/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/\\y/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/\\x{100}/", 0), RX_E_UNSUPPORTED);
	assert_int_equal(c("/\\N{U+41}/", 0), RX_E_UNSUPPORTED);
	assert_int_equal(c("/\\b{wb}/", 0), RX_E_UNSUPPORTED);
	assert_int_equal(c("/(?{ 1 })/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/(*UTF)a/", 0), RX_E_SYNTAX);
	assert_int_equal(c("/(*LIMIT_MATCH=1)a/", 0), RX_E_SYNTAX);
	assert_int_equal(m("/a(*SKIP)(*FAIL)|b/", "ab"), 1);
	assert_int_equal(m("/\\x{e9}/", "\xe9"), 1);
	assert_int_equal(m("/\\xe9/", "\xe9"), 1);
	assert_int_equal(m("/\\o{351}/", "\xe9"), 1);
	assert_int_equal(m("/\\?\\?\\?/", "???"), 1);
	assert_int_equal(m("/\\#/", "#"), 1);
	assert_int_equal(m("/\\p{Lu}/", "\xc9"), 1);
	assert_int_equal(m("/\\N/", "a"), 1);
}

static void
test_ascii_classes(void **state)
{
	(void)state;
	/* /aa: \w \d \s and POSIX classes stay ASCII on bytes. */
	assert_int_equal(m("/\\w/", "\xe9"), 0);
	assert_int_equal(m("/\\s/", "\xa0"), 0);
	assert_int_equal(m("/\\s/", "\x0b"), 1);
	assert_int_equal(m("/[[:alpha:]]/", "\xe9"), 0);
	/* but /i folds Latin-1 letters, as Perl does for bytes. */
	assert_int_equal(m("/\\xe9/i", "\xc9"), 1);
	assert_int_equal(m("/\\xc9/i", "\xe9"), 1);
	assert_int_equal(m("/[\\xe0-\\xfe]/i", "\xc0"), 1);
	assert_int_equal(m("/\\xd7/i", "\xf7"), 0);
	assert_int_equal(m("/ss/i", "\xdf"), 0);
	assert_int_equal(m("/\\xe9/", "\xc9"), 0);
}

static void
test_lint_always_matching(void **state)
{
	(void)state;
	assert_int_equal(c("//", 1), RX_E_ALWAYS);
	assert_int_equal(c("/a||b/", 1), RX_E_ALWAYS);
	assert_int_equal(c("/|a/", 1), RX_E_ALWAYS);
	assert_int_equal(c("/a|/", 1), RX_E_ALWAYS);
	assert_int_equal(c("/a\\|/", 1), 0);
	assert_int_equal(c("//", 0), 0);
	assert_int_equal(m("//", "anything"), 1);
}

static void
test_limits(void **state)
{
	struct rx *rx;
	char err[256], subj[64];
	int r;

	(void)state;
	/* Catastrophic backtracking stops at the match limit, not a hang. */
	r = rx_compile(&rx, "/^(a+)+$/", 9, 0, err, sizeof(err));
	assert_int_equal(r, 0);
	memset(subj, 'a', 40);
	subj[40] = 'b';
	r = rx_match(rx, sc, subj, 41);
	assert_true(r == RX_E_MATCHLIMIT || r == RX_E_DEPTHLIMIT ||
	    r == RX_E_HEAPLIMIT || r == RX_E_JITSTACK);
	assert_string_not_equal(rx_strerror(r), "unknown regexp error");
	rx_free(rx);
	/* NUL bytes are ordinary bytes. */
	r = rx_compile(&rx, "/a\\x00b/", 8, 0, err, sizeof(err));
	assert_int_equal(r, 0);
	assert_int_equal(rx_match(rx, sc, "a\0b", 3), 1);
	assert_int_equal(rx_match(rx, sc, NULL, 0), 0);
	rx_free(rx);
	/* Overlong patterns are refused. */
	{
		static char big[20000];

		memset(big, 'a', sizeof(big));
		big[0] = '/';
		big[sizeof(big) - 1] = '/';
		assert_int_equal(rx_compile(&rx, big, sizeof(big), 0, err,
		    sizeof(err)), RX_E_TOOLONG);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delimiters),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_quantifiers),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_ascii_classes),
		cmocka_unit_test(test_lint_always_matching),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
