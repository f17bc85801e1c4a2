/* Loader for p0f.fp-format signature files into an immutable struct sigdb. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "match.h"
#include "packet.h"
#include "sigdb.h"

enum section { SEC_NONE, SEC_MTU, SEC_TCP_REQ, SEC_TCP_RESP, SEC_HTTP_REQ,
	SEC_HTTP_RESP };

/* A growable array of fixed-size elements. */
struct vec {
	void *v;
	size_t n, cap, sz;
};

/* Bump allocator for strings and small arrays; freed as a whole. */
struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	unsigned char data[];
};

struct mtu_ent {
	uint16_t mtu;
	uint32_t label;		/* index into mtu_labels */
};

/* A distinct option layout and its signatures, in file order. */
struct layout {
	uint8_t cnt;
	uint8_t opt[MAX_TCP_OPT];
	uint32_t hash;
	const struct tcp_sig **sig;
	size_t nsig;
};

struct layout_index {
	struct layout *slot[SIGDB_LAYOUT_SLOTS]; /* open addressing */
	struct layout *all;
	size_t nall;
};

struct sigdb {
	struct arena_chunk *arena;
	char *classes[SIGDB_MAX_CLASSES];
	int nclasses;
	struct vec names;	/* char * */
	struct vec labels;	/* struct sig_label */
	struct vec tcp[2];	/* struct tcp_sig, request / response */
	struct vec http[2];	/* struct http_sig */
	struct vec mtu;		/* struct mtu_ent */
	struct vec mtu_labels;	/* char * */
	struct vec ua_os;	/* char * (kept verbatim) */
	struct layout_index idx[2];
};

/* Parser state. */
struct parser {
	struct sigdb *db;
	const char *file;
	unsigned line;
	enum section sec;
	int have_label;		/* a label in this section */
	int need_sys;		/* app label waiting for sys */
	int label_sigs;		/* sigs since the last label */
	struct sigdb_err *err;
	/* Label currently open (index, as the vector may move). */
	size_t cur_label;
	/* Sig label indices, resolved to pointers at the end. */
	struct vec tcp_lab[2], http_lab[2];
};

static int
perr(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
perr(struct parser *p, const char *fmt, ...)
{
	char m[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	snprintf(p->err->msg, sizeof(p->err->msg), "%s:%u: %s", p->file,
	    p->line, m);
	return SIGDB_ESYNTAX;
}

static void *
arena_alloc(struct sigdb *db, size_t n)
{
	struct arena_chunk *c = db->arena;
	size_t cap;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->cap - c->used < n) {
		cap = n > 16384 ? n : 16384;
		c = malloc(sizeof(*c) + cap);
		if (c == NULL)
			return NULL;
		c->next = db->arena;
		c->used = 0;
		c->cap = cap;
		db->arena = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

static char *
arena_strndup(struct sigdb *db, const char *s, size_t n)
{
	char *d = arena_alloc(db, n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void *
vec_push(struct vec *v, size_t sz, size_t max)
{
	void *nv;
	size_t ncap;

	v->sz = sz;
	if (v->n == v->cap) {
		if (v->n >= max)
			return NULL;
		ncap = v->cap ? v->cap * 2 : 16;
		nv = realloc(v->v, ncap * sz);
		if (nv == NULL)
			return NULL;
		v->v = nv;
		v->cap = ncap;
	}
	v->n++;
	return memset((char *)v->v + (v->n - 1) * sz, 0, sz);
}

#define VEC_AT(vec, type, i) (((type *)(vec).v)[i])

/* Strict decimal: digits only, value in [lo, hi]. */
static int
parse_uint(const char *s, size_t n, unsigned long lo, unsigned long hi,
    unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int
name_char_ok(int ch)
{
	return isalnum(ch) || strchr(" ./-_!?()", ch) != NULL;
}

/* Intern a name (case-insensitive); returns its id or -1. */
static long
intern_name(struct sigdb *db, const char *s, size_t n)
{
	size_t i;
	char **slot;
	char *c;

	for (i = 0; i < db->names.n; i++) {
		const char *e = VEC_AT(db->names, char *, i);

		if (strlen(e) == n && strncasecmp(e, s, n) == 0)
			return (long)i;
	}
	if ((c = arena_strndup(db, s, n)) == NULL)
		return -1;
	if ((slot = vec_push(&db->names, sizeof(char *), SIGDB_MAX_NAMES)) ==
	    NULL)
		return -1;
	*slot = c;
	return (long)(db->names.n - 1);
}

static int
find_class(const struct sigdb *db, const char *s, size_t n)
{
	int i;

	for (i = 0; i < db->nclasses; i++)
		if (strlen(db->classes[i]) == n &&
		    strncasecmp(db->classes[i], s, n) == 0)
			return i;
	return -1;
}

static int
parse_classes(struct parser *p, const char *v, size_t n)
{
	struct sigdb *db = p->db;
	size_t i = 0, j;

	if (p->sec != SEC_NONE || db->nclasses)
		return perr(p, "'classes' must come once, before any section");
	while (i < n) {
		while (i < n && (v[i] == ',' || v[i] == ' ' || v[i] == '\t'))
			i++;
		if (i == n)
			break;
		for (j = i; j < n && isalnum((unsigned char)v[j]); j++)
			;
		if (j == i || (j < n && v[j] != ',' && v[j] != ' ' &&
		    v[j] != '\t'))
			return perr(p, "malformed class name");
		if (j - i > SIGDB_NAME_MAX)
			return perr(p, "class name too long");
		if (find_class(db, v + i, j - i) >= 0)
			return perr(p, "duplicate class");
		if (db->nclasses == SIGDB_MAX_CLASSES)
			return perr(p, "too many classes");
		if ((db->classes[db->nclasses] = arena_strndup(db, v + i,
		    j - i)) == NULL)
			return SIGDB_ENOMEM;
		db->nclasses++;
		i = j;
	}
	if (db->nclasses == 0)
		return perr(p, "empty class list");
	return 0;
}

static int
parse_label(struct parser *p, const char *v, size_t n)
{
	struct sigdb *db = p->db;
	struct sig_label *l;
	const char *c1, *c2, *c3, *end = v + n;
	long nid;
	size_t k;

	if (p->need_sys)
		return perr(p, "application label without a 'sys' line");
	if (p->have_label && p->label_sigs == 0)
		return perr(p, "label without signatures");
	if (p->sec == SEC_MTU) {
		char **slot;

		if (n == 0 || n > SIGDB_FLAVOR_MAX)
			return perr(p, "malformed MTU label");
		slot = vec_push(&db->mtu_labels, sizeof(char *),
		    SIGDB_MAX_LABELS);
		if (slot == NULL || (*slot = arena_strndup(db, v, n)) == NULL)
			return SIGDB_ENOMEM;
		p->have_label = 1;
		p->label_sigs = 0;
		return 0;
	}
	if ((c1 = memchr(v, ':', n)) == NULL ||
	    (c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1))) == NULL ||
	    (c3 = memchr(c2 + 1, ':', (size_t)(end - c2 - 1))) == NULL)
		return perr(p, "malformed label (want type:class:name:flavor)");
	if (c1 - v != 1 || (v[0] != 's' && v[0] != 'g'))
		return perr(p, "label type must be 's' or 'g'");
	if ((l = vec_push(&db->labels, sizeof(*l), SIGDB_MAX_LABELS)) == NULL)
		return perr(p, "too many labels");
	l->id = (uint32_t)(db->labels.n - 1);
	l->line = p->line;
	l->generic = v[0] == 'g';
	if (c2 - c1 - 1 == 1 && c1[1] == '!')
		l->class_id = CLASS_APP;
	else {
		int cid = find_class(db, c1 + 1, (size_t)(c2 - c1 - 1));

		if (cid < 0)
			return perr(p, "unknown class '%.*s'",
			    (int)(c2 - c1 - 1), c1 + 1);
		l->class_id = (int8_t)cid;
	}
	if (c3 == c2 + 1 || c3 - c2 - 1 > SIGDB_NAME_MAX)
		return perr(p, "empty or too long OS/application name");
	for (k = 1; c2 + k < c3; k++)
		if (!name_char_ok((unsigned char)c2[k]))
			return perr(p, "bad character in name");
	if ((nid = intern_name(db, c2 + 1, (size_t)(c3 - c2 - 1))) < 0)
		return perr(p, "too many names");
	l->name_id = (uint32_t)nid;
	if (end - c3 - 1 > SIGDB_FLAVOR_MAX)
		return perr(p, "flavor too long");
	if (end > c3 + 1 &&
	    (l->flavor = arena_strndup(db, c3 + 1, (size_t)(end - c3 - 1))) ==
	    NULL)
		return SIGDB_ENOMEM;
	p->cur_label = db->labels.n - 1;
	p->have_label = 1;
	p->label_sigs = 0;
	p->need_sys = l->class_id == CLASS_APP;
	return 0;
}

static int
parse_sys(struct parser *p, const char *v, size_t n)
{
	struct sigdb *db = p->db;
	struct sig_label *l;
	uint32_t ids[SIGDB_MAX_SYS], *dst;
	size_t i = 0, j, cnt = 0;

	if (!p->have_label || !p->need_sys)
		return perr(p, "'sys' only follows an application label");
	while (i < n) {
		while (i < n && (v[i] == ',' || v[i] == ' '))
			i++;
		if (i == n)
			break;
		for (j = i; j < n && v[j] != ','; j++)
			;
		while (j > i && v[j - 1] == ' ')
			j--;
		if (cnt == SIGDB_MAX_SYS)
			return perr(p, "too many 'sys' entries");
		if (v[i] == '@') {
			int cid = find_class(db, v + i + 1, j - i - 1);

			if (cid < 0)
				return perr(p, "unknown class in 'sys'");
			ids[cnt++] = (uint32_t)cid | SYS_CLASS_BIT;
		} else {
			long nid;
			size_t k;

			for (k = i; k < j; k++)
				if (!name_char_ok((unsigned char)v[k]))
					return perr(p, "bad character in 'sys'");
			if (j - i > SIGDB_NAME_MAX ||
			    (nid = intern_name(db, v + i, j - i)) < 0)
				return perr(p, "bad name in 'sys'");
			ids[cnt++] = (uint32_t)nid;
		}
		while (j < n && v[j] != ',')
			j++;
		i = j;
	}
	if (cnt == 0)
		return perr(p, "empty 'sys' line");
	if ((dst = arena_alloc(db, cnt * sizeof(*dst))) == NULL)
		return SIGDB_ENOMEM;
	memcpy(dst, ids, cnt * sizeof(*dst));
	l = &VEC_AT(db->labels, struct sig_label, p->cur_label);
	l->sys = dst;
	l->nsys = (uint16_t)cnt;
	p->need_sys = 0;
	return 0;
}

/* Splits s[0..n) at the next ':'; returns the field length, *rest after. */
static size_t
field(const char **s, const char *end, const char **fs)
{
	const char *c = memchr(*s, ':', (size_t)(end - *s));
	size_t len;

	*fs = *s;
	if (c == NULL) {
		len = (size_t)(end - *s);
		*s = end;
		return len;
	}
	len = (size_t)(c - *s);
	*s = c + 1;
	return len;
}

static int
parse_layout(struct parser *p, const char *s, size_t n, struct tcp_sig *sg)
{
	size_t i = 0, j;
	unsigned long v;
	unsigned k;

	while (i < n) {
		const char *t;
		size_t tl;

		for (j = i; j < n && s[j] != ','; j++)
			;
		t = s + i;
		tl = j - i;
		if (sg->opt_cnt == MAX_TCP_OPT)
			return perr(p, "too many TCP options");
		if (sg->opt_cnt && sg->opt[sg->opt_cnt - 1] == OPT_EOL)
			return perr(p, "'eol' must be the last option");
		for (k = OPT_NOP; k <= OPT_TS; k++)	/* eol has "+N" */
			if (pkt_opt_name(k) != NULL &&
			    strlen(pkt_opt_name(k)) == tl &&
			    !memcmp(t, pkt_opt_name(k), tl))
				break;
		if (k <= OPT_TS)
			sg->opt[sg->opt_cnt++] = (uint8_t)k;
		else if (tl > 4 && !memcmp(t, "eol+", 4)) {
			if (parse_uint(t + 4, tl - 4, 0, 255, &v) < 0)
				return perr(p, "bad 'eol+N' padding");
			sg->opt[sg->opt_cnt++] = OPT_EOL;
			sg->eol_pad = (uint8_t)v;
		} else if (tl > 1 && t[0] == '?') {
			if (parse_uint(t + 1, tl - 1, 0, 255, &v) < 0)
				return perr(p, "bad '?N' option");
			sg->opt[sg->opt_cnt++] = (uint8_t)v;
		} else
			return perr(p, "unknown TCP option '%.*s'", (int)tl, t);
		i = j + 1;
		if (j < n && i == n)
			return perr(p, "trailing comma in option layout");
	}
	return 0;
}

static int
parse_quirks(struct parser *p, const char *s, size_t n, struct tcp_sig *sg)
{
	size_t i = 0, j, k;

	while (i < n) {
		for (j = i; j < n && s[j] != ','; j++)
			;
		for (k = 0; k < pkt_quirk_count;
		    k++)
			if (strlen(pkt_quirk_names[k].name) == j - i &&
			    !memcmp(pkt_quirk_names[k].name, s + i, j - i))
				break;
		if (k == pkt_quirk_count)
			return perr(p, "unknown quirk '%.*s'", (int)(j - i),
			    s + i);
		if (sg->quirks & pkt_quirk_names[k].bit)
			return perr(p, "duplicate quirk '%s'",
			    pkt_quirk_names[k].name);
		sg->quirks |= pkt_quirk_names[k].bit;
		i = j + 1;
		if (j < n && i == n)
			return perr(p, "trailing comma in quirks");
	}
	if (sg->ver == 4 && (sg->quirks & Q_FLOW))
		return perr(p, "quirk 'flow' in an IPv4 signature");
	if (sg->ver == 6 && (sg->quirks & (Q_DF | Q_NZ_ID | Q_ZERO_ID |
	    Q_NZ_MBZ)))
		return perr(p, "IPv4-only quirk in an IPv6 signature");
	return 0;
}

/*
 * True if earlier signature a would match signature b read as a packet,
 * exactly (not fuzzily) - p0f's test for "already covered". A "*:" sig b
 * reads as an IPv6 packet here, so p0f never flags those that carry IPv4
 * quirks; we keep that, so both accept the same files.
 */
static int
sig_covers(const struct tcp_sig *a, const struct tcp_sig *b)
{
	uint32_t sq = a->quirks;
	uint8_t wt = WIN_LIT;
	uint16_t mul = 0, win = b->wval;

	if (a->opt_cnt != b->opt_cnt || memcmp(a->opt, b->opt, a->opt_cnt))
		return 0;
	if (a->ver == -1)
		sq &= b->ver == 4 ? ~Q_FLOW : ~(Q_DF | Q_NZ_ID | Q_ZERO_ID);
	if (sq != b->quirks || a->eol_pad != b->eol_pad || a->olen != b->olen)
		return 0;
	if (a->bad_ttl ? a->ttl < b->ttl :
	    (a->ttl < b->ttl || a->ttl - b->ttl > MAX_DIST))
		return 0;
	if ((a->mss != -1 && a->mss != b->mss) ||
	    (a->scale != -1 && a->scale != b->scale) ||
	    (a->pclass != -1 && a->pclass != b->pclass))
		return 0;
	/* Only a literal window is read as a packet's; any other form
	 * collides only with the same form and value (as p0f finds). */
	if (b->wtype != WIN_LIT)
		return a->wtype == b->wtype && a->wval == b->wval;
	match_win_multi(b->wval, b->mss, 0, b->ver, 0, 0, 0, &wt, &mul);
	switch (a->wtype) {
	case WIN_LIT:
		return win == a->wval;
	case WIN_MOD:
		return win % a->wval == 0;
	case WIN_MSS:
	case WIN_MTU:
		return wt == a->wtype && mul == a->wval;
	default:
		return 1;
	}
}

static int
parse_tcp_sig(struct parser *p, const char *v, size_t n)
{
	struct sigdb *db = p->db;
	int dir = p->sec == SEC_TCP_RESP;
	const char *s = v, *end = v + n, *f, *comma;
	struct tcp_sig sg, *dst;
	size_t fl, i, *lab;
	unsigned long u, d;
	const char *plus;

	memset(&sg, 0, sizeof(sg));
	sg.line = p->line;

	/* ver */
	fl = field(&s, end, &f);
	if (fl == 1 && f[0] == '*')
		sg.ver = -1;
	else if (fl == 1 && (f[0] == '4' || f[0] == '6'))
		sg.ver = (int8_t)(f[0] - '0');
	else
		return perr(p, "bad IP version (want 4, 6 or *)");

	/* ittl: N, N+D, N+?, N- */
	fl = field(&s, end, &f);
	plus = memchr(f, '+', fl);
	if (fl > 1 && f[fl - 1] == '-') {
		if (parse_uint(f, fl - 1, 1, 255, &u) < 0)
			return perr(p, "bad TTL");
		sg.bad_ttl = 1;
	} else if (plus != NULL) {
		if (parse_uint(f, (size_t)(plus - f), 1, 255, &u) < 0)
			return perr(p, "bad TTL");
		if (!(f + fl - plus == 2 && plus[1] == '?')) {
			if (parse_uint(plus + 1, (size_t)(f + fl - plus - 1), 0,
			    255, &d) < 0 || u + d > 255)
				return perr(p, "bad TTL distance");
			u += d;
		}
	} else if (parse_uint(f, fl, 1, 255, &u) < 0)
		return perr(p, "bad TTL");
	sg.ttl = (uint8_t)u;

	/* olen */
	fl = field(&s, end, &f);
	if (parse_uint(f, fl, 0, 255, &u) < 0)
		return perr(p, "bad IP option length");
	if (sg.ver == 6 && u)
		return perr(p, "IP option length in an IPv6 signature");
	sg.olen = (uint8_t)u;

	/* mss */
	fl = field(&s, end, &f);
	if (fl == 1 && f[0] == '*')
		sg.mss = -1;
	else if (parse_uint(f, fl, 0, 65535, &u) == 0)
		sg.mss = (int32_t)u;
	else
		return perr(p, "bad MSS");

	/* wsize,scale */
	fl = field(&s, end, &f);
	if ((comma = memchr(f, ',', fl)) == NULL)
		return perr(p, "window and scale must be 'wsize,scale'");
	i = (size_t)(comma - f);
	if (i == 1 && f[0] == '*')
		sg.wtype = WIN_ANY;
	else if (i > 1 && f[0] == '%') {
		if (parse_uint(f + 1, i - 1, 2, 65535, &u) < 0)
			return perr(p, "bad window modulus");
		sg.wtype = WIN_MOD;
		sg.wval = (uint16_t)u;
	} else if (i > 4 && (!memcmp(f, "mss*", 4) || !memcmp(f, "mtu*", 4))) {
		if (parse_uint(f + 4, i - 4, 1, MAX_WIN_MULTI, &u) < 0)
			return perr(p, "bad window multiplier");
		sg.wtype = f[1] == 's' ? WIN_MSS : WIN_MTU;
		sg.wval = (uint16_t)u;
	} else if (parse_uint(f, i, 0, 65535, &u) == 0) {
		sg.wtype = WIN_LIT;
		sg.wval = (uint16_t)u;
	} else
		return perr(p, "bad window size");
	if (fl - i - 1 == 1 && comma[1] == '*')
		sg.scale = -1;
	else if (parse_uint(comma + 1, fl - i - 1, 0, 255, &u) == 0)
		sg.scale = (int16_t)u;
	else
		return perr(p, "bad window scale");

	/* olayout */
	if (s >= end)
		return perr(p, "too few fields in signature");
	fl = field(&s, end, &f);
	if (parse_layout(p, f, fl, &sg) < 0)
		return SIGDB_ESYNTAX;

	/* quirks */
	if (s >= end)
		return perr(p, "too few fields in signature");
	fl = field(&s, end, &f);
	if (parse_quirks(p, f, fl, &sg) < 0)
		return SIGDB_ESYNTAX;

	/* pclass, the last field */
	if (s > end || memchr(s, ':', (size_t)(end - s)) != NULL)
		return perr(p, "wrong number of fields in signature");
	fl = (size_t)(end - s);
	if (fl == 1 && s[0] == '0')
		sg.pclass = 0;
	else if (fl == 1 && s[0] == '+')
		sg.pclass = 1;
	else if (fl == 1 && s[0] == '*')
		sg.pclass = -1;
	else
		return perr(p, "bad payload class (want 0, + or *)");

	/* An earlier specific signature that already accepts this one. */
	for (i = 0; i < db->tcp[dir].n; i++) {
		const struct tcp_sig *o = &VEC_AT(db->tcp[dir], struct tcp_sig,
		    i);
		size_t ol = VEC_AT(p->tcp_lab[dir], size_t, i);

		if (VEC_AT(db->labels, struct sig_label, ol).generic)
			continue;
		if (sig_covers(o, &sg))
			return perr(p, "signature is already covered by "
			    "line %u", o->line);
	}

	if ((dst = vec_push(&db->tcp[dir], sizeof(*dst), SIGDB_MAX_SIGS)) ==
	    NULL)
		return perr(p, "too many signatures");
	*dst = sg;
	if ((lab = vec_push(&p->tcp_lab[dir], sizeof(size_t),
	    SIGDB_MAX_SIGS)) == NULL)
		return SIGDB_ENOMEM;
	*lab = p->cur_label;
	return 0;
}

/* Splits at top-level commas (not inside [...]); cb per item. */
static int
split_items(const char *s, size_t n, size_t *starts, size_t *lens,
    size_t max, size_t *cnt)
{
	size_t i, st = 0;
	int depth = 0;

	*cnt = 0;
	if (n == 0)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] == '[')
			depth++;
		else if (i < n && s[i] == ']')
			depth--;
		if (i == n || (s[i] == ',' && depth == 0)) {
			if (*cnt == max || i == st)
				return -1;
			starts[*cnt] = st;
			lens[*cnt] = i - st;
			(*cnt)++;
			st = i + 1;
		}
		if (depth < 0 || depth > 1)
			return -1;
	}
	return depth == 0 ? 0 : -1;
}

/* The next ':' that is not inside [...]. */
static const char *
next_colon(const char *s, const char *end)
{
	int depth = 0;

	for (; s < end; s++) {
		if (*s == '[')
			depth++;
		else if (*s == ']')
			depth--;
		else if (*s == ':' && depth == 0)
			return s;
	}
	return NULL;
}

static int
hdr_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > SIGDB_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return 0;
	return 1;
}

static int
parse_http_sig(struct parser *p, const char *v, size_t n)
{
	struct sigdb *db = p->db;
	int dir = p->sec == SEC_HTTP_RESP;
	const char *end = v + n, *c1, *c2, *c3;
	size_t st[SIGDB_MAX_HTTP_HDRS], ln[SIGDB_MAX_HTTP_HDRS], cnt, i, *lab;
	struct http_sig hs, *dst;
	struct http_hdr *hdr = NULL;
	const char **abs = NULL;

	memset(&hs, 0, sizeof(hs));
	hs.line = p->line;
	if ((c1 = next_colon(v, end)) == NULL ||
	    (c2 = next_colon(c1 + 1, end)) == NULL ||
	    (c3 = next_colon(c2 + 1, end)) == NULL)
		return perr(p, "malformed HTTP signature "
		    "(want ver:horder:habsent:expsw)");
	if (c1 - v == 1 && v[0] == '*')
		hs.ver = -1;
	else if (c1 - v == 1 && (v[0] == '0' || v[0] == '1'))
		hs.ver = (int8_t)(v[0] - '0');
	else
		return perr(p, "bad HTTP version (want 0, 1 or *)");

	if (split_items(c1 + 1, (size_t)(c2 - c1 - 1), st, ln,
	    SIGDB_MAX_HTTP_HDRS, &cnt) < 0)
		return perr(p, "malformed HTTP header list");
	if (cnt && (hdr = arena_alloc(db, cnt * sizeof(*hdr))) == NULL)
		return SIGDB_ENOMEM;
	for (i = 0; i < cnt; i++) {
		const char *it = c1 + 1 + st[i], *eq;
		size_t il = ln[i];

		memset(&hdr[i], 0, sizeof(hdr[i]));
		if (it[0] == '?') {
			hdr[i].optional = 1;
			it++;
			il--;
		}
		eq = memchr(it, '=', il);
		if (eq != NULL) {
			if (eq[1] != '[' || it[il - 1] != ']' ||
			    it + il - eq < 3)
				return perr(p, "malformed header value "
				    "(want Name=[value])");
			hdr[i].value = arena_strndup(db, eq + 2,
			    (size_t)(it + il - eq - 3));
			il = (size_t)(eq - it);
		}
		if (!hdr_name_ok(it, il))
			return perr(p, "bad header name");
		if ((hdr[i].name = arena_strndup(db, it, il)) == NULL)
			return SIGDB_ENOMEM;
	}
	hs.hdr = cnt ? hdr : NULL;
	hs.nhdr = (uint16_t)cnt;

	if (split_items(c2 + 1, (size_t)(c3 - c2 - 1), st, ln,
	    SIGDB_MAX_HTTP_HDRS, &cnt) < 0)
		return perr(p, "malformed absent-header list");
	if (cnt && (abs = arena_alloc(db, cnt * sizeof(*abs))) == NULL)
		return SIGDB_ENOMEM;
	for (i = 0; i < cnt; i++) {
		if (!hdr_name_ok(c2 + 1 + st[i], ln[i]))
			return perr(p, "bad absent-header name");
		if ((abs[i] = arena_strndup(db, c2 + 1 + st[i], ln[i])) == NULL)
			return SIGDB_ENOMEM;
	}
	hs.absent = cnt ? abs : NULL;
	hs.nabsent = (uint16_t)cnt;
	if (end > c3 + 1 && (hs.expsw = arena_strndup(db, c3 + 1,
	    (size_t)(end - c3 - 1))) == NULL)
		return SIGDB_ENOMEM;

	if ((dst = vec_push(&db->http[dir], sizeof(*dst), SIGDB_MAX_SIGS)) ==
	    NULL)
		return perr(p, "too many signatures");
	*dst = hs;
	if ((lab = vec_push(&p->http_lab[dir], sizeof(size_t),
	    SIGDB_MAX_SIGS)) == NULL)
		return SIGDB_ENOMEM;
	*lab = p->cur_label;
	return 0;
}

static int
parse_mtu_sig(struct parser *p, const char *v, size_t n)
{
	struct sigdb *db = p->db;
	struct mtu_ent *e;
	unsigned long u;
	size_t i;

	if (parse_uint(v, n, 1, 65535, &u) < 0)
		return perr(p, "bad MTU (want 1-65535)");
	for (i = 0; i < db->mtu.n; i++)
		if (VEC_AT(db->mtu, struct mtu_ent, i).mtu == u)
			return perr(p, "MTU %lu listed twice", u);
	if ((e = vec_push(&db->mtu, sizeof(*e), SIGDB_MAX_SIGS)) == NULL)
		return perr(p, "too many MTU entries");
	e->mtu = (uint16_t)u;
	e->label = (uint32_t)(db->mtu_labels.n - 1);
	return 0;
}

static int
parse_section(struct parser *p, const char *s, size_t n)
{
	static const struct {
		const char *name;
		enum section sec;
	} secs[] = {
		{ "[mtu]", SEC_MTU }, { "[tcp:request]", SEC_TCP_REQ },
		{ "[tcp:response]", SEC_TCP_RESP },
		{ "[http:request]", SEC_HTTP_REQ },
		{ "[http:response]", SEC_HTTP_RESP },
	};
	size_t i;

	if (p->need_sys)
		return perr(p, "application label without a 'sys' line");
	if (p->have_label && p->label_sigs == 0)
		return perr(p, "label without signatures");
	for (i = 0; i < sizeof(secs) / sizeof(*secs); i++)
		if (strlen(secs[i].name) == n && !memcmp(secs[i].name, s, n)) {
			if (secs[i].sec != SEC_MTU && p->db->nclasses == 0)
				return perr(p, "'classes' must come first");
			p->sec = secs[i].sec;
			p->have_label = 0;
			p->label_sigs = 0;
			return 0;
		}
	return perr(p, "unknown section '%.*s'", (int)n, s);
}

static int
parse_line(struct parser *p, const char *s, size_t n)
{
	const char *k = s, *v;
	size_t kl = 0, vl;
	int r;

	if (s[0] == '[')
		return parse_section(p, s, n);
	while (kl < n && (isalpha((unsigned char)s[kl]) || s[kl] == '_'))
		kl++;
	if (kl == 0)
		return perr(p, "expected 'key = value'");
	v = s + kl;
	while (v < s + n && (*v == ' ' || *v == '\t'))
		v++;
	if (v == s + n || *v != '=')
		return perr(p, "expected '=' after '%.*s'", (int)kl, k);
	v++;
	while (v < s + n && (*v == ' ' || *v == '\t'))
		v++;
	vl = (size_t)(s + n - v);

	if (kl == 7 && !memcmp(k, "classes", 7))
		return parse_classes(p, v, vl);
	if (p->sec == SEC_NONE)
		return perr(p, "'%.*s' outside of any section", (int)kl, k);
	if (kl == 5 && !memcmp(k, "label", 5))
		return parse_label(p, v, vl);
	if (kl == 3 && !memcmp(k, "sys", 3)) {
		if (p->sec == SEC_MTU)
			return perr(p, "'sys' in [mtu]");
		return parse_sys(p, v, vl);
	}
	if (kl == 5 && !memcmp(k, "ua_os", 5)) {
		char **slot;

		if (p->sec != SEC_HTTP_REQ || p->have_label)
			return perr(p, "'ua_os' only at the top of "
			    "[http:request]");
		slot = vec_push(&p->db->ua_os, sizeof(char *), 16);
		if (slot == NULL || (*slot = arena_strndup(p->db, v, vl)) ==
		    NULL)
			return perr(p, "too many 'ua_os' lines");
		return 0;
	}
	if (kl == 3 && !memcmp(k, "sig", 3)) {
		if (!p->have_label)
			return perr(p, "signature before any label");
		if (p->need_sys)
			return perr(p, "application label without a "
			    "'sys' line");
		switch (p->sec) {
		case SEC_MTU:
			r = parse_mtu_sig(p, v, vl);
			break;
		case SEC_TCP_REQ:
		case SEC_TCP_RESP:
			r = parse_tcp_sig(p, v, vl);
			break;
		default:
			r = parse_http_sig(p, v, vl);
			break;
		}
		if (r == 0)
			p->label_sigs++;
		return r;
	}
	return perr(p, "unknown key '%.*s'", (int)kl, k);
}

uint32_t
sigdb_layout_hash(const uint8_t *opt, uint8_t cnt)
{
	uint32_t h = 2166136261u ^ cnt;
	uint8_t i;

	for (i = 0; i < cnt; i++)
		h = (h ^ opt[i]) * 16777619u;
	return h;
}

static struct layout *
layout_find(const struct layout_index *ix, const uint8_t *opt, uint8_t cnt,
    uint32_t h)
{
	size_t i, s;

	for (i = 0; i < SIGDB_LAYOUT_SLOTS; i++) {
		struct layout *l;

		s = (h + i) & (SIGDB_LAYOUT_SLOTS - 1);
		l = ix->slot[s];
		if (l == NULL)
			return NULL;
		if (l->hash == h && l->cnt == cnt &&
		    memcmp(l->opt, opt, cnt) == 0)
			return l;
	}
	return NULL;
}

/* Resolves label indices to pointers and builds the layout index. */
static int
finalize(struct parser *p)
{
	struct sigdb *db = p->db;
	struct sig_label *labels = db->labels.v;
	int dir;
	size_t i, j;

	for (dir = 0; dir < 2; dir++) {
		struct tcp_sig *sigs = db->tcp[dir].v;
		struct http_sig *hs = db->http[dir].v;
		struct layout_index *ix = &db->idx[dir];

		for (i = 0; i < db->http[dir].n; i++)
			hs[i].label = &labels[VEC_AT(p->http_lab[dir], size_t,
			    i)];
		if (db->tcp[dir].n == 0)
			continue;
		ix->all = calloc(db->tcp[dir].n, sizeof(*ix->all));
		if (ix->all == NULL)
			return SIGDB_ENOMEM;
		for (i = 0; i < db->tcp[dir].n; i++) {
			uint32_t h;
			struct layout *l;

			sigs[i].label = &labels[VEC_AT(p->tcp_lab[dir], size_t,
			    i)];
			h = sigdb_layout_hash(sigs[i].opt, sigs[i].opt_cnt);
			l = layout_find(ix, sigs[i].opt, sigs[i].opt_cnt, h);
			if (l == NULL) {
				if (ix->nall == SIGDB_LAYOUT_SLOTS / 2) {
					snprintf(p->err->msg,
					    sizeof(p->err->msg),
					    "%s: more than %d distinct option "
					    "layouts", p->file,
					    SIGDB_LAYOUT_SLOTS / 2);
					return SIGDB_ETOOBIG;
				}
				l = &ix->all[ix->nall++];
				l->cnt = sigs[i].opt_cnt;
				memcpy(l->opt, sigs[i].opt, l->cnt);
				l->hash = h;
				for (j = h & (SIGDB_LAYOUT_SLOTS - 1);
				    ix->slot[j] != NULL;
				    j = (j + 1) & (SIGDB_LAYOUT_SLOTS - 1))
					;
				ix->slot[j] = l;
			}
			l->nsig++;
		}
		for (i = 0; i < ix->nall; i++) {
			ix->all[i].sig = calloc(ix->all[i].nsig,
			    sizeof(*ix->all[i].sig));
			if (ix->all[i].sig == NULL)
				return SIGDB_ENOMEM;
			ix->all[i].nsig = 0;
		}
		for (i = 0; i < db->tcp[dir].n; i++) {
			struct layout *l = layout_find(ix, sigs[i].opt,
			    sigs[i].opt_cnt, sigdb_layout_hash(sigs[i].opt,
			    sigs[i].opt_cnt));

			l->sig[l->nsig++] = &sigs[i];
		}
	}
	for (i = 0; i < db->labels.n; i++) {
		struct sig_label *l = &labels[i];
		size_t nl, fl;
		char *t;

		l->name = VEC_AT(db->names, char *, l->name_id);
		nl = strlen(l->name);
		fl = l->flavor ? strlen(l->flavor) + 1 : 0;
		if ((t = arena_alloc(db, nl + fl + 1)) == NULL)
			return SIGDB_ENOMEM;
		memcpy(t, l->name, nl);
		if (l->flavor) {
			t[nl] = ' ';
			memcpy(t + nl + 1, l->flavor, fl - 1);
		}
		t[nl + fl] = '\0';
		l->text = t;
		l->text_len = (uint16_t)(nl + fl);
		l->name_len = (uint16_t)nl;
	}
	return 0;
}

void
sigdb_free(struct sigdb *db)
{
	struct arena_chunk *c, *n;
	int dir;
	size_t i;

	if (db == NULL)
		return;
	for (dir = 0; dir < 2; dir++) {
		for (i = 0; i < db->idx[dir].nall; i++)
			free(db->idx[dir].all[i].sig);
		free(db->idx[dir].all);
		free(db->tcp[dir].v);
		free(db->http[dir].v);
	}
	free(db->names.v);
	free(db->labels.v);
	free(db->mtu.v);
	free(db->mtu_labels.v);
	free(db->ua_os.v);
	for (c = db->arena; c != NULL; c = n) {
		n = c->next;
		free(c);
	}
	free(db);
}

int
sigdb_load_mem(const char *name, const char *buf, size_t len,
    struct sigdb **out, struct sigdb_err *err)
{
	struct parser p;
	const char *s = buf, *end = buf + len, *nl, *e;
	int r = SIGDB_ENOMEM, dir;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.file = name;
	p.err = err;
	err->msg[0] = '\0';
	if ((p.db = calloc(1, sizeof(*p.db))) == NULL)
		goto out;
	if (len > SIGDB_MAX_FILE_BYTES) {
		snprintf(err->msg, sizeof(err->msg), "%s: larger than %d bytes",
		    name, SIGDB_MAX_FILE_BYTES);
		r = SIGDB_ETOOBIG;
		goto out;
	}
	while (s < end) {
		p.line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		e = nl ? nl : end;
		if ((size_t)(e - s) > SIGDB_MAX_LINE_BYTES) {
			r = perr(&p, "line longer than %d bytes",
			    SIGDB_MAX_LINE_BYTES);
			goto out;
		}
		if (memchr(s, '\0', (size_t)(e - s)) != NULL) {
			r = perr(&p, "NUL byte in line");
			goto out;
		}
		/* Leading blanks go; trailing blanks and a CR (a CRLF file)
		 * go too, unlike p0f, which rejects such lines. */
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s < e && *s != ';') {
			if ((r = parse_line(&p, s, (size_t)(e - s))) < 0)
				goto out;
		}
		s = nl ? nl + 1 : end;
	}
	if (p.need_sys || (p.have_label && p.label_sigs == 0)) {
		r = perr(&p, "last label has no signatures");
		goto out;
	}
	if (p.db->tcp[0].n == 0 && p.db->tcp[1].n == 0) {
		snprintf(err->msg, sizeof(err->msg),
		    "%s: no TCP signatures found", name);
		r = SIGDB_ESYNTAX;
		goto out;
	}
	if ((r = finalize(&p)) < 0)
		goto out;
	*out = p.db;
	p.db = NULL;
	r = 0;
out:
	if (r == SIGDB_ENOMEM && err->msg[0] == '\0')
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", name);
	for (dir = 0; dir < 2; dir++) {
		free(p.tcp_lab[dir].v);
		free(p.http_lab[dir].v);
	}
	sigdb_free(p.db);
	return r;
}

int
sigdb_load_file(const char *path, struct sigdb **out, struct sigdb_err *err)
{
	return sigdb_load_at(AT_FDCWD, path, path, out, err);
}

int
sigdb_load_at(int dirfd, const char *name, const char *path,
    struct sigdb **out, struct sigdb_err *err)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd, r = SIGDB_EIO;

	*out = NULL;
	if ((fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err->msg, sizeof(err->msg), "%s: %s", path,
		    strerror(errno));
		return SIGDB_EIO;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err->msg, sizeof(err->msg), "%s: not a regular file",
		    path);
		goto out;
	}
	if (st.st_size > SIGDB_MAX_FILE_BYTES) {
		snprintf(err->msg, sizeof(err->msg), "%s: larger than %d bytes",
		    path, SIGDB_MAX_FILE_BYTES);
		r = SIGDB_ETOOBIG;
		goto out;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		r = SIGDB_ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err->msg, sizeof(err->msg), "%s: read: %s",
			    path, n < 0 ? strerror(errno) : "short file");
			goto out;
		}
		got += (size_t)n;
	}
	r = sigdb_load_mem(path, buf, got, out, err);
out:
	free(buf);
	close(fd);
	return r;
}

void
sigdb_counts(const struct sigdb *db, struct sigdb_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->mtu = db->mtu.n;
	c->tcp_req = db->tcp[0].n;
	c->tcp_resp = db->tcp[1].n;
	c->http_req = db->http[0].n;
	c->http_resp = db->http[1].n;
	c->labels = db->labels.n;
	for (i = 0; i < db->labels.n; i++)
		if (VEC_AT(db->labels, struct sig_label, i).generic)
			c->generic++;
}

size_t
sigdb_tcp_by_layout(const struct sigdb *db, int response, const uint8_t *opt,
    uint8_t cnt, const struct tcp_sig *const **out)
{
	const struct layout *l;

	l = layout_find(&db->idx[response != 0], opt, cnt,
	    sigdb_layout_hash(opt, cnt));
	if (l == NULL)
		return 0;
	*out = l->sig;
	return l->nsig;
}

size_t
sigdb_tcp_all(const struct sigdb *db, int response, const struct tcp_sig **out)
{
	*out = db->tcp[response != 0].v;
	return db->tcp[response != 0].n;
}

size_t
sigdb_http_all(const struct sigdb *db, int response,
    const struct http_sig **out)
{
	*out = db->http[response != 0].v;
	return db->http[response != 0].n;
}

const char *
sigdb_mtu_label(const struct sigdb *db, unsigned mtu)
{
	size_t i;

	for (i = 0; i < db->mtu.n; i++) {
		const struct mtu_ent *e = &VEC_AT(db->mtu, struct mtu_ent, i);

		if (e->mtu == mtu)
			return VEC_AT(db->mtu_labels, char *, e->label);
	}
	return NULL;
}

const char *
sigdb_class_name(const struct sigdb *db, int class_id)
{
	if (class_id == CLASS_APP)
		return "!";
	if (class_id < 0 || class_id >= db->nclasses)
		return "?";
	return db->classes[class_id];
}

const char *
sigdb_name(const struct sigdb *db, uint32_t name_id)
{
	if (name_id >= db->names.n)
		return "?";
	return VEC_AT(db->names, char *, name_id);
}

size_t
sigdb_label_count(const struct sigdb *db)
{
	return db->labels.n;
}

const struct sig_label *
sigdb_label(const struct sigdb *db, size_t id)
{
	return id < db->labels.n ? &VEC_AT(db->labels, struct sig_label, id) :
	    NULL;
}
