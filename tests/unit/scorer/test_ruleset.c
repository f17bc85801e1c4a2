/* Unit tests for ruleset, meta and score: rule files to verdicts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ruleset.h"
#include "score.h"

static char diags[8192];

static void
collect(void *arg, const char *file, unsigned line, int warning,
    const char *msg)
{
	size_t n = strlen(diags);

	(void)arg;
	snprintf(diags + n, sizeof(diags) - n, "%s:%u:%s%s\n", file, line,
	    warning ? "W:" : "", msg);
}

/* Loads text; returns ruleset_finish()'s result, the set in *out. */
static int
load(const char *text, struct ruleset **out)
{
	int r;

	diags[0] = '\0';
	assert_int_equal(ruleset_new(out, 0, 0, collect, NULL), 0);
	assert_int_equal(ruleset_load_text(*out, "t.cf", text, strlen(text)),
	    0);
	r = ruleset_finish(*out);
	return r;
}

/* "A=1,B=2.5 total" for msg under rules. */
static const char *
verdict(const char *rules, const char *msg)
{
	static char buf[1024];
	struct ruleset *rs;
	struct score_ctx *sc;
	struct score_result res;
	size_t n = 0;
	int i;

	if (load(rules, &rs) != 0)
		fail_msg("rules rejected: %s", diags);
	assert_int_equal(score_new(&sc, rs), 0);
	score_message(sc, msg, strlen(msg), &res);
	buf[0] = '\0';
	for (i = 0; i < res.nhits; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s=%g",
		    i ? "," : "", ruleset_rule(rs, res.hits[i].rule)->name,
		    res.hits[i].score);
	snprintf(buf + n, sizeof(buf) - n, " %g", res.total);
	score_free(sc);
	ruleset_free(rs);
	return buf;
}

static void
expect_error(const char *text, const char *needle)
{
	struct ruleset *rs;

	assert_int_equal(load(text, &rs), RS_E_RULES);
	if (strstr(diags, needle) == NULL)
		fail_msg("expected '%s' in: %s", needle, diags);
	assert_non_null(strstr(diags, "t.cf:"));
	ruleset_free(rs);
}

static void
test_parse_header_rules(void **state)
{
	struct ruleset *rs;
	const struct rs_rule *r;

	(void)state;
	assert_int_equal(load(
	    "# comment\n"
	    "Header  WXP  X-p0f-OS =~ /\\AWindows XP/  # trailing\n"
	    "header NEG x-p0f-os:raw !~ /Linux/\n"
	    "header UN X-p0f-OS =~ /^none$/ [if-unset: none]\n"
	    "header EX exists:X-p0f-OS\n"
	    "describe WXP Windows XP host\n"
	    "score WXP 2.5\n"
	    "score UN 1 2 3 4\n"
	    "lang de describe WXP Nicht dies\n", &rs), 0);
	r = ruleset_rule(rs, ruleset_find(rs, "WXP"));
	assert_int_equal(r->kind, RS_HEADER);
	assert_true(r->score == 2.5);
	assert_string_equal(r->describe, "Windows XP host");
	r = ruleset_rule(rs, ruleset_find(rs, "NEG"));
	assert_int_equal(r->neg, 1);
	assert_int_equal(ruleset_slot(rs, r->slot)->mods, RS_MOD_RAW);
	assert_int_equal(r->absent, 1);
	r = ruleset_rule(rs, ruleset_find(rs, "UN"));
	assert_string_equal(r->unset, "none");
	assert_true(r->score == 1);
	assert_int_equal(r->absent, 1);
	r = ruleset_rule(rs, ruleset_find(rs, "EX"));
	assert_int_equal(r->kind, RS_EXISTS);
	assert_string_equal(diags, "");
	ruleset_free(rs);
}

static void
test_default_scores(void **state)
{
	struct ruleset *rs;

	(void)state;
	assert_int_equal(load("header A X =~ /a/\nheader T_B X =~ /a/\n"
	    "header C X =~ /a/\ntflags C nice\nheader __D X =~ /a/\n"
	    "header E X =~ /a/\nscore E 1.0\nscore E (0.5)\n", &rs), 0);
	assert_true(ruleset_rule(rs, ruleset_find(rs, "A"))->score == 1.0);
	assert_true(ruleset_rule(rs, ruleset_find(rs, "T_B"))->score == 0.01);
	assert_true(ruleset_rule(rs, ruleset_find(rs, "C"))->score == -1.0);
	assert_true(ruleset_rule(rs, ruleset_find(rs, "__D"))->score == 1.0);
	assert_true(ruleset_rule(rs, ruleset_find(rs, "E"))->score == 1.5);
	ruleset_free(rs);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("body B /x/\n", "unsupported: rule type 'body'");
	expect_error("header A eval:check_foo()\n", "unsupported: eval");
	expect_error("header A X =~ /a(/\n", "invalid regexp for A");
	expect_error("header A X =~ /a/\\\n", "invalid regexp");
	expect_error("header 9A X =~ /a/\n", "invalid characters");
	expect_error("header A X:addr =~ /a/\n", "unsupported: header modifier");
	expect_error("header A X =~ /%{FOO}/\n", "capture template");
	expect_error("header A EnvelopeFrom =~ /a/\n", "pseudo-header");
	expect_error("header A X-Languages =~ /a/\n", "metadata");
	expect_error("header A ALL:raw =~ /a/\n", "ALL:raw");
	expect_error("header A X = /a/\n", "invalid head test");
	expect_error("header A\n", "missing required value");
	expect_error("score A x\n", "non-numeric score");
	expect_error("score A 1 2\n", "1 or 4 scores");
	expect_error("score A (1)\n", "relative score");
	expect_error("tflags A multiple\n", "unsupported: tflags");
	expect_error("ifplugin Mail::SpamAssassin::Plugin::Check\n",
	    "conditional");
	expect_error("required_score 5\n", "unknown directive");
	expect_error("include /nonexistent/file.cf\n", "cannot read included");
	expect_error("meta M A +1\n", "invalid meta token");
	expect_error("meta M A ** 2\n", "'**'");
	expect_error("meta M A / B\n", "division by zero possible");
	expect_error("meta M (A\n", "missing right parenthesis");
	expect_error("meta M A B\n", "unexpected token");
	expect_error("meta M A . B\n", "unsupported: operator");
	expect_error("meta M $A\n", "invalid meta rule");
	expect_error("meta M rules_matching(A*)\n", "rules_matching");
	expect_error("meta M N\nmeta N M\n", "unsolved meta dependencies");
	expect_error("header A X =~ /\\x{263a}/\n", "unsupported: \\x{...}");
}

static void
test_lint_mode(void **state)
{
	struct ruleset *rs;

	(void)state;
	diags[0] = '\0';
	assert_int_equal(ruleset_new(&rs, 0, 1, collect, NULL), 0);
	assert_int_equal(ruleset_load_text(rs, "t.cf", "header A X =~ /a|/\n",
	    18), 0);
	assert_int_equal(ruleset_finish(rs), RS_E_RULES);
	assert_non_null(strstr(diags, "always matching"));
	ruleset_free(rs);
}

static void
test_verdicts(void **state)
{
	const char *r =
	    "header WXP X-p0f-OS =~ /\\AWindows XP/\nscore WXP 2.5\n"
	    "header LIN X-p0f-OS =~ /^Linux/m\nscore LIN -0.1\n"
	    "header T_ANY X-p0f-OS =~ /./\n"
	    "header NONE X-p0f-OS !~ /./\n";

	(void)state;
	assert_string_equal(verdict(r, "X-p0f-OS: Windows XP\n\n"),
	    "T_ANY=0.01,WXP=2.5 2.51");
	/* \A sees the first instance only; /m sees every line. */
	assert_string_equal(verdict(r,
	    "X-p0f-OS: Linux 2.6\nX-p0f-OS: Windows XP\n\n"),
	    "LIN=-0.1,T_ANY=0.01 -0.09");
	assert_string_equal(verdict(r,
	    "X-p0f-OS: Windows XP\nX-p0f-OS: Linux 2.6\n\n"),
	    "LIN=-0.1,T_ANY=0.01,WXP=2.5 2.41");
	/* An absent header matches as an empty string. */
	assert_string_equal(verdict(r, "Subject: x\n\n"), "NONE=1 1");
}

static void
test_meta_semantics(void **state)
{
	const char *r =
	    "header __A X =~ /a/\nheader __B X =~ /b/\n"
	    "header Z X =~ /z/\nscore Z 0\n"
	    "meta AND __A && __B\n"
	    "meta SUM (__A + __B) > 1\nscore SUM 2\n"
	    "meta VAL __A + __B\n"
	    "meta OFVAL VAL > 1\n"
	    "meta NOT !__A\n"
	    "meta ZERO Z || __A\n"
	    "meta UNDEF NO_SUCH || __B\n"
	    "meta TERN __A ? __B : 1\n"
	    "meta CHAIN 0 < __A < 2\n"
	    "meta XOR __A ^ __B\n"
	    "meta OFF __A\nscore OFF 0\n"
	    "meta OFFDEP OFF || __B\n";

	(void)state;
	/* OFF hits with score 0: OFFDEP never becomes ready (as in SA). */
	assert_string_equal(verdict(r, "X: ab\n\n"),
	    "AND=1,CHAIN=1,OFVAL=1,SUM=2,TERN=1,UNDEF=1,VAL=1,ZERO=1 9");
	assert_string_equal(verdict(r, "X: a\n\n"),
	    "CHAIN=1,VAL=1,XOR=1,ZERO=1 4");
	/* OFF did not hit, so OFFDEP sees it as 0. */
	assert_string_equal(verdict(r, "X: b\n\n"),
	    "NOT=1,OFFDEP=1,TERN=1,UNDEF=1,VAL=1,XOR=1 6");
	assert_string_equal(verdict(r, "X: z\n\n"), "NOT=1,TERN=1 2");
}

static void
test_meta_direct(void **state)
{
	struct meta_expr e;
	char err[128];
	double v, val[4] = { 0, 2, 3, 0 };

	(void)state;
	assert_int_equal(meta_compile(&e, "2 * 3 + 1 == 7 && 1", NULL, NULL,
	    err, sizeof(err)), 0);
	assert_int_equal(meta_eval(&e, val, &v), 0);
	assert_true(v == 1);
	meta_release(&e);
	/* "-1" is one token to SpamAssassin's lexer, and not a valid one. */
	assert_int_equal(meta_compile(&e, "-1 ? 5 : 6", NULL, NULL, err,
	    sizeof(err)), META_E_INVALID);
	assert_int_equal(meta_compile(&e, "- 1 ? 5 : 6", NULL, NULL, err,
	    sizeof(err)), 0);
	assert_int_equal(meta_eval(&e, val, &v), 0);
	assert_true(v == 5);
	meta_release(&e);
	assert_int_equal(meta_compile(&e, "()", NULL, NULL, err, sizeof(err)),
	    0);
	assert_int_equal(meta_eval(&e, val, &v), 0);
	assert_true(v == 0);
	meta_release(&e);
	assert_int_equal(meta_compile(&e, "((((((((((((((((((((((((((((((((("
	    "((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))"
	    "))))))))))))))))))))))))))))))))))", NULL, NULL, err,
	    sizeof(err)), META_E_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_header_rules),
		cmocka_unit_test(test_default_scores),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lint_mode),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_meta_semantics),
		cmocka_unit_test(test_meta_direct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
