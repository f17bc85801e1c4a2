/* score: one message through a ruleset, with SpamAssassin's hit semantics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "headers.h"
#include "rx.h"
#include "score.h"

struct score_ctx {
	const struct ruleset	*rs;
	struct rx_scratch	*sc;
	struct hdr_msg		 hm;
	char			*val;		/* joined value of one slot */
	int			*hrules;	/* scored header rules by slot */
	int			 nhrules;
	int			*rank;		/* position in name order */
	unsigned char		*exists;	/* SpamAssassin's "ran" mark */
	double			*value;		/* hit value per rule */
	struct score_hit	*hits;
	int			 nhits;
	struct score_error	*errs;
	int			 nerrs;
	int			 nrules;
};

static const struct score_ctx *sort_ctx;

static int
cmp_name(const void *a, const void *b)
{
	const struct rs_rule *x = ruleset_rule(sort_ctx->rs, *(const int *)a);
	const struct rs_rule *y = ruleset_rule(sort_ctx->rs, *(const int *)b);

	return strcmp(x->name, y->name);
}

static int
cmp_slot(const void *a, const void *b)
{
	const struct rs_rule *x = ruleset_rule(sort_ctx->rs, *(const int *)a);
	const struct rs_rule *y = ruleset_rule(sort_ctx->rs, *(const int *)b);

	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return *(const int *)a < *(const int *)b ? -1 : 1;
}

int
score_new(struct score_ctx **out, const struct ruleset *rs)
{
	struct score_ctx *c;
	int *order = NULL, i, n = ruleset_count(rs), r = SCORE_E_NOMEM;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return SCORE_E_NOMEM;
	c->rs = rs;
	c->nrules = n;
	if (hdr_init(&c->hm, SC_MAX_FIELDS) != 0)
		goto out;
	if ((c->sc = rx_scratch_new()) == NULL ||
	    (c->val = malloc(SC_MAX_VALUE_BYTES)) == NULL ||
	    (c->hrules = calloc((size_t)n + 1, sizeof(int))) == NULL ||
	    (c->rank = calloc((size_t)n + 1, sizeof(int))) == NULL ||
	    (order = calloc((size_t)n + 1, sizeof(int))) == NULL ||
	    (c->exists = calloc((size_t)n + 1, 1)) == NULL ||
	    (c->value = calloc((size_t)n + 1, sizeof(double))) == NULL ||
	    (c->hits = calloc((size_t)n + 1, sizeof(*c->hits))) == NULL ||
	    (c->errs = calloc((size_t)n + 2, sizeof(*c->errs))) == NULL)
		goto out;
	sort_ctx = c;
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort(order, (size_t)n, sizeof(int), cmp_name);
	for (i = 0; i < n; i++)
		c->rank[order[i]] = i;
	/* Rules with score 0 never run in SpamAssassin. */
	for (i = 0; i < n; i++) {
		const struct rs_rule *ru = ruleset_rule(rs, i);

		if ((ru->kind == RS_HEADER || ru->kind == RS_EXISTS) &&
		    ru->score != 0)
			c->hrules[c->nhrules++] = i;
	}
	qsort(c->hrules, (size_t)c->nhrules, sizeof(int), cmp_slot);
	*out = c;
	c = NULL;
	r = 0;
out:
	free(order);
	score_free(c);
	return r;
}

void
score_free(struct score_ctx *c)
{
	if (c == NULL)
		return;
	hdr_release(&c->hm);
	rx_scratch_free(c->sc);
	free(c->val);
	free(c->hrules);
	free(c->rank);
	free(c->exists);
	free(c->value);
	free(c->hits);
	free(c->errs);
	free(c);
}

static void
add_error(struct score_ctx *c, int rule, int code)
{
	if (c->nerrs < c->nrules + 2) {
		c->errs[c->nerrs].rule = rule;
		c->errs[c->nerrs].code = code;
		c->nerrs++;
	}
}

/*
 * Builds the value SpamAssassin's get() joins for a slot, decoding each
 * field straight into c->val.  Returns the length, -1 when the header is
 * absent, or -2 when it is too large.
 */
static long
slot_value(struct score_ctx *c, const struct rs_slot *s)
{
	const struct hdr_msg *m = &c->hm;
	int32_t fi = -1;
	size_t len = 0;
	enum hdr_form form = HDR_DECODED;
	int k, newline_join = -1;
	ssize_t r;

	/* Hdr:raw is raw_header(); ToCc/MESSAGEID:raw get_header(h, 1). */
	if (s->mods & RS_MOD_RAW)
		form = s->kind == RS_SLOT_LIST ? HDR_RAW_JOINED : HDR_RAW;
	if (s->kind == RS_SLOT_ALL) {
		if (m->nf == 0)
			return -1;
		r = hdr_all(m, c->val, SC_MAX_VALUE_BYTES);
		return r < 0 ? -2 : (long)r;
	}
	/* :first (it wins over :last) and :last take one field. */
	if (s->mods & (RS_MOD_FIRST | RS_MOD_LAST)) {
		if (s->mods & RS_MOD_FIRST)
			for (k = 0; k < s->nids && fi < 0; k++)
				fi = m->head[s->ids[k]];
		else
			for (k = s->nids - 1; k >= 0 && fi < 0; k--)
				fi = m->tail[s->ids[k]];
		if (fi < 0)
			return -1;
		r = hdr_value(m, &m->f[fi], form, c->val, SC_MAX_VALUE_BYTES);
		return r < 0 ? -2 : (long)r;
	}
	for (k = 0; k < s->nids; k++)
		for (fi = m->head[s->ids[k]]; fi >= 0; fi = m->f[fi].next) {
			if (newline_join > 0) {
				if (len >= SC_MAX_VALUE_BYTES)
					return -2;
				c->val[len++] = '\n';
			}
			r = hdr_value(m, &m->f[fi], form, c->val + len,
			    SC_MAX_VALUE_BYTES - len);
			if (r < 0)
				return -2;
			/* Joined with "\n" unless the first ends in one. */
			if (newline_join < 0)
				newline_join = !(r > 0 &&
				    c->val[r - 1] == '\n');
			len += (size_t)r;
		}
	return newline_join < 0 ? -1 : (long)len;
}

static void
record_hit(struct score_ctx *c, int rule, double value)
{
	const struct rs_rule *ru = ruleset_rule(c->rs, rule);

	c->exists[rule] = 1;
	c->value[rule] = value;
	if (ru->name[0] == '_' && ru->name[1] == '_')
		return;		/* sub-rules count for metas only */
	c->hits[c->nhits].rule = rule;
	c->hits[c->nhits].score = ru->score;
	c->nhits++;
}

static void
eval_meta(struct score_ctx *c, int m)
{
	const struct rs_rule *ru = ruleset_rule(c->rs, m);
	double v;

	if (meta_eval(&ru->meta, c->value, &v) != 0) {
		add_error(c, m, SCORE_ERR_META);
		v = 0;
	}
	if (v != 0) {
		/* A hit with score 0 is dropped without marking the rule. */
		if (ru->score != 0)
			record_hit(c, m, v > 0 ? v : 1);
	} else {
		c->exists[m] = 1;
		c->value[m] = 0;
	}
}

static int
deps_ready(const struct score_ctx *c, const struct rs_rule *ru)
{
	int k;

	for (k = 0; k < ru->meta.ndeps; k++)
		if (ru->meta.deps[k] < 0 || !c->exists[ru->meta.deps[k]])
			return 0;
	return 1;
}

void
score_message(struct score_ctx *c, const char *msg, size_t len,
    struct score_result *res)
{
	const struct ruleset *rs = c->rs;
	const int *metas;
	int i, k, nmeta, cur_slot = -1, j;
	long vlen = -1;

	hdr_parse(&c->hm, msg, len, ruleset_names(rs));
	memset(c->exists, 0, (size_t)c->nrules);
	memset(c->value, 0, (size_t)c->nrules * sizeof(double));
	c->nhits = 0;
	c->nerrs = 0;
	if (c->hm.overflow)
		add_error(c, -1, SCORE_ERR_FIELDS);

	for (i = 0; i < c->nhrules; i++) {
		int rule = c->hrules[i], r;
		const struct rs_rule *ru = ruleset_rule(rs, rule);

		if (ru->slot != cur_slot) {
			cur_slot = ru->slot;
			vlen = slot_value(c, ruleset_slot(rs, cur_slot));
		}
		c->exists[rule] = 1;
		if (vlen == -2) {
			add_error(c, rule, SCORE_ERR_VALUE);
			continue;
		}
		if (ru->kind == RS_EXISTS) {
			r = vlen >= 0;
		} else if (vlen == -1) {
			r = ru->absent;
		} else {
			r = rx_match(ru->rx, c->sc, c->val, (size_t)vlen);
			if (r < 0) {
				add_error(c, rule, r);
				continue;
			}
			if (ru->neg)
				r = !r;
		}
		if (r)
			record_hit(c, rule, 1);
	}

	/* Metas as their dependencies become ready (one topological pass). */
	metas = ruleset_meta_order(rs, &nmeta);
	for (i = 0; i < nmeta; i++) {
		const struct rs_rule *ru = ruleset_rule(rs, metas[i]);

		if (ru->meta.ndeps == 0 || deps_ready(c, ru))
			eval_meta(c, metas[i]);
	}
	/*
	 * The finishing pass: scored metas still waiting see their missing
	 * non-meta dependencies as 0 (zero-score or undefined rules).  A
	 * scored meta is marked in exists[] once evaluated, hit or not.
	 */
	for (i = 0; i < nmeta; i++) {
		const struct rs_rule *ru = ruleset_rule(rs, metas[i]);

		if (c->exists[metas[i]] || ru->score == 0)
			continue;
		for (k = 0; k < ru->meta.ndeps; k++) {
			int d = ru->meta.deps[k];

			if (d >= 0 && ruleset_rule(rs, d)->kind != RS_META &&
			    !c->exists[d]) {
				c->exists[d] = 1;
				c->value[d] = 0;
			}
		}
	}
	for (i = 0; i < nmeta; i++) {
		const struct rs_rule *ru = ruleset_rule(rs, metas[i]);

		if (c->exists[metas[i]] || ru->score == 0)
			continue;
		if (deps_ready(c, ru))
			eval_meta(c, metas[i]);
	}

	/* tests= order (Perl's sort: byte order of names). */
	for (i = 1; i < c->nhits; i++) {
		struct score_hit h = c->hits[i];

		for (j = i; j > 0 && c->rank[c->hits[j - 1].rule] >
		    c->rank[h.rule]; j--)
			c->hits[j] = c->hits[j - 1];
		c->hits[j] = h;
	}
	{
		double total = 0;
		char buf[64];

		for (i = 0; i < c->nhits; i++)
			total += c->hits[i].score;
		/*
		 * SpamAssassin: $score = (sprintf "%0.3f", $score) + 0.  Away
		 * from a rounding tie the nearest integer of total * 1000 is
		 * what sprintf rounds to; near one, ask sprintf itself.
		 */
		double scaled = total * 1000, r = nearbyint(scaled);

		if (fabs(scaled - r) < 0.25 && fabs(scaled) < 1e15) {
			res->total = r / 1000;
		} else {
			snprintf(buf, sizeof(buf), "%0.3f", total);
			res->total = strtod(buf, NULL);
		}
	}
	res->hits = c->hits;
	res->nhits = c->nhits;
	res->errors = c->errs;
	res->nerrors = c->nerrs;
	res->body = c->hm.body;
	res->start = c->hm.start;
	res->crlf = c->hm.crlf;
}

const char *
score_strerror(int code)
{
	switch (code) {
	case SCORE_E_NOMEM: return "out of memory";
	case SCORE_ERR_VALUE: return "header value larger than the limit";
	case SCORE_ERR_META: return "division by zero in meta rule";
	case SCORE_ERR_FIELDS: return "more header fields than the limit";
	default: return rx_strerror(code);
	}
}
