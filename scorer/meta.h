/*
 * meta: SpamAssassin meta-rule expressions.  The text is tokenized with
 * SpamAssassin's ARITH_EXPRESSION_LEXER, checked like is_meta_valid(),
 * parsed with Perl 5.36 precedence (including chained comparisons) into a
 * small tree, and evaluated with Perl's numeric semantics: && and || give
 * an operand's value, comparisons and ! give 1 or 0.
 */
#ifndef SCORER_META_H
#define SCORER_META_H

#include <stddef.h>

#define META_E_NOMEM		(-1)	/* out of memory */
#define META_E_INVALID		(-2)	/* SpamAssassin refuses it too */
#define META_E_UNSUPPORTED	(-3)	/* valid there, not reproduced here */

enum meta_op {
	META_NUM, META_RULE, META_NOT, META_NEG, META_MUL, META_DIV,
	META_ADD, META_SUB, META_LT, META_LE, META_GT, META_GE, META_EQ,
	META_NE, META_XOR, META_AND, META_OR, META_COND
};

struct meta_node {
	enum meta_op	op;
	int		a, b, c;	/* operand nodes, -1 when unused */
	int		rule;		/* META_RULE: rule index */
	double		num;		/* META_NUM */
};

/* A compiled expression; meta_release() frees what it holds. */
struct meta_expr {
	struct meta_node *nodes;
	int		  root;		/* -1: never true */
	int		 *deps;		/* rule index of every name used */
	int		  ndeps;
};

/* Maps a rule name to its index (creating it); negative on failure. */
typedef int	(*meta_resolve_fn)(void *arg, const char *name);

/*
 * Compiles text.  On error returns META_E_*, leaves e empty and puts a
 * one-line reason in err (errlen bytes, terminated).
 */
/* 1 if s is a valid rule name (SpamAssassin's IS_RULENAME, <= 128 bytes). */
int	meta_rule_name_ok(const char *s);

int	meta_compile(struct meta_expr *e, const char *text,
	    meta_resolve_fn resolve, void *arg, char *err, size_t errlen)
	    __attribute__((warn_unused_result));
void	meta_release(struct meta_expr *e);

/*
 * Evaluates with val[i] the value of rule i (0 when it did not hit).
 * Returns 0 and the value in *out, or -1 on a division by zero.
 */
int	meta_eval(const struct meta_expr *e, const double *val, double *out);

#endif /* SCORER_META_H */
