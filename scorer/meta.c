/* meta: SpamAssassin meta-rule expressions: lexing, parsing, evaluation. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "meta.h"


enum tok { T_NUM, T_NAME, T_LP, T_RP, T_OR, T_AND, T_XOR, T_NOT, T_GT,
	T_GE, T_LT, T_LE, T_EQ, T_NE, T_ADD, T_SUB, T_MUL, T_DIV, T_Q,
	T_COLON, T_LOCAL };

struct token {
	enum tok	 t;
	double		 num;
	char		 name[SC_MAX_RULE_NAME + 1];
};

struct mparse {
	meta_resolve_fn	 resolve;
	void		*arg;
	char		*err;
	size_t		 errlen;
	int		 unsupported;
	struct token	*tok;
	int		 ntok, pos;
	struct meta_node	*nodes;
	int		 nnodes, cap;
	int		 depth;
	int		 failed;
	int		 maxrule;	/* highest rule index seen */
};

static void
merr(struct mparse *mp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
merr(struct mparse *mp, const char *fmt, ...)
{
	va_list ap;

	if (mp->failed)
		return;
	mp->failed = 1;
	if (strncmp(fmt, "unsupported", 11) == 0)
		mp->unsupported = 1;
	va_start(ap, fmt);
	vsnprintf(mp->err, mp->errlen, fmt, ap);
	va_end(ap);
}

/* IS_RULENAME: [_a-zA-Z][_a-zA-Z0-9]{0,127} */
int
meta_rule_name_ok(const char *s)
{
	size_t i;

	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return i <= 128;
}

/*
 * SpamAssassin's ARITH_EXPRESSION_LEXER, then is_meta_valid()'s token
 * check.  Characters no alternative matches are skipped, as there.
 */
static int
meta_lex(struct mparse *mp, const char *s)
{
	const char *p = s, *q;
	char buf[256];
	size_t n;

	mp->ntok = 0;
	while (*p != '\0') {
		struct token *t;

		if (mp->ntok >= SC_MAX_META_TOKENS) {
			merr(mp, "more than %d "
			    "tokens", SC_MAX_META_TOKENS);
			return -1;
		}
		t = &mp->tok[mp->ntok];
		q = p;
		if (*p == '-' || *p == '+' || *p == '.' ||
		    isdigit((unsigned char)*p)) {
			while (*q == '-' || *q == '+' || *q == '.' ||
			    isdigit((unsigned char)*q))
				q++;
		} else if (isalnum((unsigned char)*p) || *p == '_') {
			while (isalnum((unsigned char)*q) || *q == '_' ||
			    *q == ':')
				q++;
		} else if (*p == '(' || *p == ')' || *p == '^' || *p == '*' ||
		    *p == '/' || *p == '?' || *p == ':') {
			q = p + 1;
		} else if ((p[0] == '|' && p[1] == '|') ||
		    (p[0] == '&' && p[1] == '&') ||
		    (p[0] == '=' && p[1] == '=') ||
		    (p[0] == '!' && p[1] == '=')) {
			q = p + 2;
		} else if (*p == '!') {
			q = p + 1;
		} else if (*p == '>' || *p == '<') {
			q = p + (p[1] == '=' ? 2 : 1);
		} else {
			p++;	/* no alternative matches: skipped */
			continue;
		}
		n = (size_t)(q - p);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, p, n);
		buf[n] = '\0';
		p = q;
		if (meta_rule_name_ok(buf)) {
			if (strcmp(buf, "local_tests_only") == 0) {
				t->t = T_LOCAL;
			} else if (strcmp(buf, "rules_matching") == 0) {
				merr(mp, "unsupported: rules_matching()");
				return -1;
			} else if (strlen(buf) > SC_MAX_RULE_NAME) {
				merr(mp, "rule name "
				    "longer than %d characters", SC_MAX_RULE_NAME);
				return -1;
			} else {
				t->t = T_NAME;
				memcpy(t->name, buf, strlen(buf) + 1);
			}
		} else if (isdigit((unsigned char)buf[0])) {
			const char *d = buf;

			while (isdigit((unsigned char)*d))
				d++;
			if (*d == '.' && isdigit((unsigned char)d[1])) {
				d++;
				while (isdigit((unsigned char)*d))
					d++;
			}
			if (*d != '\0')
				goto invalid;
			if (buf[0] == '0' && isdigit((unsigned char)buf[1])) {
				merr(mp, "unsupported: number with a leading zero "
				    "(Perl octal) '%s'", buf);
				return -1;
			}
			t->t = T_NUM;
			t->num = strtod(buf, NULL);
		} else {
			size_t k;

			for (k = 0; buf[k] != '\0'; k++)
				if (!ispunct((unsigned char)buf[k]))
					goto invalid;
			if (k > 2)
				goto invalid;
			if (!strcmp(buf, "(")) t->t = T_LP;
			else if (!strcmp(buf, ")")) t->t = T_RP;
			else if (!strcmp(buf, "||")) t->t = T_OR;
			else if (!strcmp(buf, "&&")) t->t = T_AND;
			else if (!strcmp(buf, "^")) t->t = T_XOR;
			else if (!strcmp(buf, "!")) t->t = T_NOT;
			else if (!strcmp(buf, ">")) t->t = T_GT;
			else if (!strcmp(buf, ">=")) t->t = T_GE;
			else if (!strcmp(buf, "<")) t->t = T_LT;
			else if (!strcmp(buf, "<=")) t->t = T_LE;
			else if (!strcmp(buf, "==")) t->t = T_EQ;
			else if (!strcmp(buf, "!=")) t->t = T_NE;
			else if (!strcmp(buf, "+")) t->t = T_ADD;
			else if (!strcmp(buf, "-")) t->t = T_SUB;
			else if (!strcmp(buf, "*")) t->t = T_MUL;
			else if (!strcmp(buf, "/")) t->t = T_DIV;
			else if (!strcmp(buf, "?")) t->t = T_Q;
			else if (!strcmp(buf, ":")) t->t = T_COLON;
			else {
				merr(mp, "unsupported: operator '%s'", buf);
				return -1;
			}
		}
		mp->ntok++;
		continue;
invalid:
		merr(mp, "invalid meta token: %s", buf);
		return -1;
	}
	return 0;
}

static int
node_new(struct mparse *mp, enum meta_op op, int a, int b, int c)
{
	struct meta_node *n;

	if (mp->failed)
		return -1;
	if (mp->nnodes >= mp->cap) {
		int cap = mp->cap ? mp->cap * 2 : 16;

		if ((n = realloc(mp->nodes, (size_t)cap * sizeof(*n))) ==
		    NULL) {
			mp->failed = 1;
			return -1;
		}
		mp->nodes = n;
		mp->cap = cap;
	}
	n = &mp->nodes[mp->nnodes];
	n->op = op;
	n->a = a;
	n->b = b;
	n->c = c;
	n->rule = -1;
	n->num = 0;
	return mp->nnodes++;
}

static void
mp_fail(struct mparse *mp, const char *why)
{
	if (!mp->failed)
		merr(mp, "invalid expression: %s", why);
}

static int
peek(struct mparse *mp, enum tok t)
{
	return mp->pos < mp->ntok && mp->tok[mp->pos].t == t;
}

static int p_ternary(struct mparse *mp);

static int
p_primary(struct mparse *mp)
{
	struct token *t;
	int n;

	if (mp->failed)
		return -1;
	if (mp->pos >= mp->ntok) {
		mp_fail(mp, "syntax error (expression ends early)");
		return -1;
	}
	t = &mp->tok[mp->pos++];
	switch (t->t) {
	case T_NUM:
		n = node_new(mp, META_NUM, -1, -1, -1);
		if (n >= 0)
			mp->nodes[n].num = t->num;
		return n;
	case T_LOCAL:
		/* spamassassin -L: local tests only is true. */
		n = node_new(mp, META_NUM, -1, -1, -1);
		if (n >= 0)
			mp->nodes[n].num = 1;
		return n;
	case T_NAME:
		n = node_new(mp, META_RULE, -1, -1, -1);
		if (n >= 0) {
			int r = mp->resolve(mp->arg, t->name);

			if (r < 0) {
				mp_fail(mp, "too many rules");
				return -1;
			}
			mp->nodes[n].rule = r;
			if (r > mp->maxrule)
				mp->maxrule = r;
		}
		return n;
	case T_LP:
		if (++mp->depth > SC_MAX_META_DEPTH) {
			mp_fail(mp, "nested too deeply");
			return -1;
		}
		if (peek(mp, T_RP)) {
			mp_fail(mp, "syntax error (empty parentheses)");
			return -1;
		}
		n = p_ternary(mp);
		mp->depth--;
		if (!peek(mp, T_RP)) {
			mp_fail(mp, "syntax error (missing right parenthesis)");
			return -1;
		}
		mp->pos++;
		return n;
	default:
		mp_fail(mp, "syntax error (operand expected)");
		return -1;
	}
}

static int
p_unary(struct mparse *mp)
{
	int a;

	if (peek(mp, T_NOT) || peek(mp, T_SUB) || peek(mp, T_ADD)) {
		enum tok t = mp->tok[mp->pos++].t;

		if (++mp->depth > SC_MAX_META_DEPTH) {
			mp_fail(mp, "nested too deeply");
			return -1;
		}
		a = p_unary(mp);
		mp->depth--;
		if (t == T_ADD)
			return a;
		return node_new(mp, t == T_NOT ? META_NOT : META_NEG, a, -1,
		    -1);
	}
	return p_primary(mp);
}

static int
p_mul(struct mparse *mp)
{
	int a = p_unary(mp), b;

	while (peek(mp, T_MUL) || peek(mp, T_DIV)) {
		enum tok t = mp->tok[mp->pos++].t;

		b = p_unary(mp);
		a = node_new(mp, t == T_MUL ? META_MUL : META_DIV, a, b, -1);
	}
	return a;
}

static int
p_add(struct mparse *mp)
{
	int a = p_mul(mp), b;

	while (peek(mp, T_ADD) || peek(mp, T_SUB)) {
		enum tok t = mp->tok[mp->pos++].t;

		b = p_mul(mp);
		a = node_new(mp, t == T_ADD ? META_ADD : META_SUB, a, b, -1);
	}
	return a;
}

/* Perl 5.32+ chains relational and equality operators: a < b < c. */
static int
p_chain(struct mparse *mp, int (*sub)(struct mparse *), const enum tok *ops,
    const enum meta_op *rops, int nops)
{
	int a = sub(mp), b, res = -1, k, found;
	enum meta_op op = META_LT;

	for (;;) {
		found = 0;
		for (k = 0; k < nops; k++)
			if (peek(mp, ops[k])) {
				found = 1;
				op = rops[k];
				break;
			}
		if (!found)
			break;
		mp->pos++;
		b = sub(mp);
		k = node_new(mp, op, a, b, -1);
		res = res < 0 ? k : node_new(mp, META_AND, res, k, -1);
		a = b;
	}
	return res < 0 ? a : res;
}

static int
p_rel(struct mparse *mp)
{
	static const enum tok ops[] = { T_LT, T_LE, T_GT, T_GE };
	static const enum meta_op rops[] = { META_LT, META_LE, META_GT,
	    META_GE };

	return p_chain(mp, p_add, ops, rops, 4);
}

static int
p_eq(struct mparse *mp)
{
	static const enum tok ops[] = { T_EQ, T_NE };
	static const enum meta_op rops[] = { META_EQ, META_NE };

	return p_chain(mp, p_rel, ops, rops, 2);
}

static int
p_xor(struct mparse *mp)
{
	int a = p_eq(mp), b;

	while (peek(mp, T_XOR)) {
		mp->pos++;
		b = p_eq(mp);
		a = node_new(mp, META_XOR, a, b, -1);
	}
	return a;
}

static int
p_and(struct mparse *mp)
{
	int a = p_xor(mp), b;

	while (peek(mp, T_AND)) {
		mp->pos++;
		b = p_xor(mp);
		a = node_new(mp, META_AND, a, b, -1);
	}
	return a;
}

static int
p_or(struct mparse *mp)
{
	int a = p_and(mp), b;

	while (peek(mp, T_OR)) {
		mp->pos++;
		b = p_and(mp);
		a = node_new(mp, META_OR, a, b, -1);
	}
	return a;
}

static int
p_ternary(struct mparse *mp)
{
	int a = p_or(mp), b, c;

	if (peek(mp, T_Q)) {
		mp->pos++;
		if (++mp->depth > SC_MAX_META_DEPTH) {
			mp_fail(mp, "nested too deeply");
			return -1;
		}
		b = p_ternary(mp);
		if (!peek(mp, T_COLON)) {
			mp_fail(mp, "syntax error (':' expected)");
			return -1;
		}
		mp->pos++;
		c = p_ternary(mp);
		mp->depth--;
		a = node_new(mp, META_COND, a, b, c);
	}
	return a;
}

/* Perl's ^ on numbers: both sides as unsigned 64-bit integers. */
static double
perl_xor(double a, double b)
{
	uint64_t x, y;

	x = a < 0 ? (uint64_t)(int64_t)a : a >= 18446744073709551615.0 ?
	    UINT64_MAX : (uint64_t)a;
	y = b < 0 ? (uint64_t)(int64_t)b : b >= 18446744073709551615.0 ?
	    UINT64_MAX : (uint64_t)b;
	return (double)(x ^ y);
}

static int
eval_node(const struct meta_node *nd, int i, const double *val, double *out)
{
	const struct meta_node *n = &nd[i];
	double a, b;

	switch (n->op) {
	case META_NUM:
		*out = n->num;
		return 0;
	case META_RULE:
		*out = n->rule >= 0 ? val[n->rule] : 0;
		return 0;
	case META_AND:
		if (eval_node(nd, n->a, val, &a) != 0)
			return -1;
		if (a == 0) {
			*out = a;
			return 0;
		}
		return eval_node(nd, n->b, val, out);
	case META_OR:
		if (eval_node(nd, n->a, val, &a) != 0)
			return -1;
		if (a != 0) {
			*out = a;
			return 0;
		}
		return eval_node(nd, n->b, val, out);
	case META_COND:
		if (eval_node(nd, n->a, val, &a) != 0)
			return -1;
		return eval_node(nd, a != 0 ? n->b : n->c, val, out);
	case META_NOT:
		if (eval_node(nd, n->a, val, &a) != 0)
			return -1;
		*out = a == 0;
		return 0;
	case META_NEG:
		if (eval_node(nd, n->a, val, &a) != 0)
			return -1;
		*out = -a;
		return 0;
	default:
		break;
	}
	if (eval_node(nd, n->a, val, &a) != 0 ||
	    eval_node(nd, n->b, val, &b) != 0)
		return -1;
	switch (n->op) {
	case META_MUL: *out = a * b; break;
	case META_DIV:
		if (b == 0)
			return -1;
		*out = a / b;
		break;
	case META_ADD: *out = a + b; break;
	case META_SUB: *out = a - b; break;
	case META_LT: *out = a < b; break;
	case META_LE: *out = a <= b; break;
	case META_GT: *out = a > b; break;
	case META_GE: *out = a >= b; break;
	case META_EQ: *out = a == b; break;
	case META_NE: *out = a != b; break;
	case META_XOR: *out = perl_xor(a, b); break;
	default: return -1;
	}
	return 0;
}

int
meta_eval(const struct meta_expr *e, const double *val, double *out)
{
	if (e->root < 0) {
		*out = 0;
		return 0;
	}
	return eval_node(e->nodes, e->root, val, out);
}

void
meta_release(struct meta_expr *e)
{
	free(e->nodes);
	free(e->deps);
	memset(e, 0, sizeof(*e));
	e->root = -1;
}

int
meta_compile(struct meta_expr *e, const char *text, meta_resolve_fn resolve,
    void *arg, char *err, size_t errlen)
{
	struct mparse mp;
	const char *q;
	double *zeros = NULL, v;
	int i, k, r = META_E_INVALID;

	memset(e, 0, sizeof(*e));
	e->root = -1;
	memset(&mp, 0, sizeof(mp));
	mp.resolve = resolve;
	mp.arg = arg;
	mp.err = err;
	mp.errlen = errlen;
	if (errlen > 0)
		err[0] = '\0';
	/* is_meta_valid()'s paranoid check (Bug 7557). */
	for (q = text; *q != '\0'; q++)
		if ((q[0] == ':' && q[1] == ':') || (q[0] == '-' &&
		    q[1] == '>') || strchr("$@%;{}", *q) != NULL) {
			merr(&mp, "invalid meta rule: %s", text);
			goto out;
		}
	for (q = text; *q != '\0'; q++)
		if (*q == '*') {
			const char *t = q + 1;

			while (isspace((unsigned char)*t))
				t++;
			if (*t == '*') {
				merr(&mp, "invalid '**' or '* *' operator in "
				    "meta command");
				goto out;
			}
		}
	if ((mp.tok = calloc(SC_MAX_META_TOKENS, sizeof(*mp.tok))) == NULL) {
		r = META_E_NOMEM;
		goto out;
	}
	if (meta_lex(&mp, text) != 0)
		goto out;
	if (mp.ntok == 2 && mp.tok[0].t == T_LP && mp.tok[1].t == T_RP) {
		/* "meta FOO ()" declares a rule that never fires. */
		e->root = node_new(&mp, META_NUM, -1, -1, -1);
	} else if (mp.ntok == 0) {
		mp_fail(&mp, "syntax error (empty expression)");
		goto out;
	} else {
		e->root = p_ternary(&mp);
		if (!mp.failed && mp.pos < mp.ntok)
			mp_fail(&mp, "syntax error (unexpected token)");
	}
	if (mp.failed)
		goto out;
	if (e->root < 0) {
		r = META_E_NOMEM;
		goto out;
	}
	/* is_meta_valid(): with every rule name as 0 it must evaluate. */
	if ((zeros = calloc((size_t)mp.maxrule + 1, sizeof(double))) == NULL) {
		r = META_E_NOMEM;
		goto out;
	}
	if (eval_node(mp.nodes, e->root, zeros, &v) != 0) {
		merr(&mp, "division by zero possible");
		goto out;
	}
	for (i = 0; i < mp.nnodes; i++)
		if (mp.nodes[i].op == META_RULE)
			e->ndeps++;
	if (e->ndeps > 0 && (e->deps = calloc((size_t)e->ndeps,
	    sizeof(int))) == NULL) {
		r = META_E_NOMEM;
		goto out;
	}
	for (i = 0, k = 0; i < mp.nnodes; i++)
		if (mp.nodes[i].op == META_RULE)
			e->deps[k++] = mp.nodes[i].rule;
	e->nodes = mp.nodes;
	mp.nodes = NULL;
	r = 0;
out:
	if (r != 0) {
		if (r == META_E_NOMEM)
			snprintf(err, errlen, "out of memory");
		else if (mp.unsupported)
			r = META_E_UNSUPPORTED;
		free(e->deps);
		e->deps = NULL;
		e->ndeps = 0;
		e->root = -1;
	}
	free(zeros);
	free(mp.nodes);
	free(mp.tok);
	return r;
}
