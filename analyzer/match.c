/* Signature matching (p0f 3.09b semantics) and raw signature rendering. */
#include <string.h>

#include "match.h"
#include "strbuf.h"

uint8_t
match_guess_dist(uint8_t ttl)
{
	if (ttl <= 32)
		return (uint8_t)(32 - ttl);
	if (ttl <= 64)
		return (uint8_t)(64 - ttl);
	if (ttl <= 128)
		return (uint8_t)(128 - ttl);
	return (uint8_t)(255 - ttl);
}

/*
 * The first divisor, in p0f's order, that divides the window decides
 * whether it reads as mss*N or mtu*N.
 */
void
match_win_multi(uint16_t win, int32_t mss, int ts, int ip_ver,
    unsigned hdr_len, int response, uint16_t peer_mss, uint8_t *type,
    uint16_t *mul)
{
	struct {
		int32_t div;
		uint8_t type;
	} c[12];
	int n = 0, i;

	*type = WIN_LIT;
	*mul = 0;
	if (win == 0 || mss < MIN_MSS_FOR_MULTI)
		return;
	c[n].div = mss, c[n++].type = WIN_MSS;
	if (ts)
		c[n].div = mss - 12, c[n++].type = WIN_MSS;
	c[n].div = 1460, c[n++].type = WIN_MSS;
	c[n].div = 1448, c[n++].type = WIN_MSS;
	if (ip_ver == 6) {
		c[n].div = 1440, c[n++].type = WIN_MSS;
		c[n].div = 1428, c[n++].type = WIN_MSS;
	}
	c[n].div = mss + 40, c[n++].type = WIN_MTU;
	c[n].div = mss + (int32_t)hdr_len, c[n++].type = WIN_MTU;
	if (ip_ver == 6)
		c[n].div = mss + 60, c[n++].type = WIN_MTU;
	c[n].div = 1500, c[n++].type = WIN_MTU;
	if (response && peer_mss) {
		c[n].div = peer_mss, c[n++].type = WIN_MSS;
		c[n].div = peer_mss - 12, c[n++].type = WIN_MSS;
	}
	for (i = 0; i < n; i++) {
		if (c[i].div <= 0 || win % c[i].div)
			continue;
		*type = c[i].type;
		*mul = (uint16_t)(win / c[i].div);
		return;
	}
}

static int
win_ok(const struct tcp_sig *s, const struct pkt_tcp *p,
    const struct match *m)
{
	switch (s->wtype) {
	case WIN_LIT:
		return p->win == s->wval;
	case WIN_MOD:
		return p->win % s->wval == 0;
	case WIN_MSS:
	case WIN_MTU:
		return m->wtype == s->wtype && m->wmul == s->wval;
	default:
		return 1;
	}
}

void
match_tcp(const struct sigdb *db, const struct pkt_tcp *p, int response,
    uint16_t peer_mss, unsigned flags, struct match *m)
{
	const struct tcp_sig *const *cand, *gmatch = NULL, *fmatch = NULL;
	size_t n, i;

	memset(m, 0, sizeof(*m));
	match_win_multi(p->win, p->mss, p->ts1 != 0, p->ip_ver, p->hdr_len,
	    response, peer_mss, &m->wtype, &m->wmul);
	n = sigdb_tcp_by_layout(db, response, p->opt, p->opt_cnt, &cand);
	for (i = 0; i < n; i++) {
		const struct tcp_sig *s = cand[i];
		uint32_t sq = s->quirks;
		int fuzzy = 0;

		/* p0f never compares the IP version; a "4:" signature only
		 * differs in which quirks it may carry. */
		if (!(flags & MATCH_F_COMPAT) && s->ver != -1 &&
		    s->ver != p->ip_ver)
			continue;
		if (s->ver == -1)
			sq &= p->ip_ver == 4 ? ~Q_FLOW :
			    ~(Q_DF | Q_NZ_ID | Q_ZERO_ID);
		if (sq != p->quirks) {
			uint32_t deleted = (sq ^ p->quirks) & sq;
			uint32_t added = (sq ^ p->quirks) & p->quirks;

			if ((deleted & ~(Q_DF | Q_NZ_ID)) ||
			    (added & ~(Q_ZERO_ID | Q_ECN)) || fmatch)
				continue;
			fuzzy = 1;
		}
		if (s->eol_pad != p->eol_pad || s->olen != p->olen)
			continue;
		if (s->bad_ttl) {
			if (s->ttl < p->ttl)
				continue;
		} else if (s->ttl < p->ttl || s->ttl - p->ttl > MAX_DIST)
			fuzzy = 1;
		if ((s->mss != -1 && s->mss != p->mss) ||
		    (s->scale != -1 && s->scale != p->wscale) ||
		    (s->pclass != -1 && s->pclass != (p->pay_len > 0)))
			continue;
		if (!win_ok(s, p, m))
			continue;
		if (!fuzzy) {
			if (!s->label->generic) {
				m->sig = s;
				m->dist = (uint8_t)(s->ttl - p->ttl);
				return;
			}
			if (gmatch == NULL)
				gmatch = s;
		} else if (fmatch == NULL)
			fmatch = s;
	}
	if (gmatch != NULL) {
		m->sig = gmatch;
		m->generic = 1;
		m->dist = (uint8_t)(gmatch->ttl - p->ttl);
		return;
	}
	if (fmatch == NULL) {
		m->dist = match_guess_dist(p->ttl);
		return;
	}
	/* Applications are never matched fuzzily; p0f then leaves the
	 * distance at 0 rather than guessing it. */
	if (fmatch->label->class_id == CLASS_APP) {
		m->dist = (flags & MATCH_F_COMPAT) ? 0 :
		    match_guess_dist(p->ttl);
		return;
	}
	m->sig = fmatch;
	m->fuzzy = 1;
	m->generic = fmatch->label->generic;
	if (fmatch->ttl < p->ttl || fmatch->ttl - p->ttl > MAX_DIST)
		m->dist = match_guess_dist(p->ttl);
	else
		m->dist = (uint8_t)(fmatch->ttl - p->ttl);
}

static size_t raw_sig(const struct pkt_tcp *, const struct match *, char *,
    size_t, int);

size_t
match_raw_sig(const struct pkt_tcp *p, const struct match *m, char *buf,
    size_t len)
{
	return raw_sig(p, m, buf, len, 0);
}

size_t
match_raw_sig_sendsyn(const struct pkt_tcp *p, const struct match *m,
    char *buf, size_t len)
{
	return raw_sig(p, m, buf, len,
	    pkt_syn_kind(p) == 2 && p->mss == SENDSYN_MSS);
}

static size_t
raw_sig(const struct pkt_tcp *p, const struct match *m, char *buf, size_t len,
    int star_mss)
{
	struct sb b = { buf, 0, len ? len - 1 : 0 };
	uint8_t d = match_guess_dist(p->ttl);
	size_t i;
	int first = 1;

	if (len == 0)
		return 0;
	sb_u64(&b, p->ip_ver);
	sb_chr(&b, ':');
	sb_u64(&b, p->ttl);
	sb_chr(&b, '+');
	if (d > MAX_DIST)
		sb_chr(&b, '?');
	else
		sb_u64(&b, d);
	sb_chr(&b, ':');
	sb_u64(&b, p->olen);
	sb_chr(&b, ':');
	if (star_mss)
		sb_chr(&b, '*');
	else
		sb_u64(&b, p->mss);
	sb_chr(&b, ':');
	if (m->wtype == WIN_MSS || m->wtype == WIN_MTU) {
		sb_str(&b, m->wtype == WIN_MSS ? "mss*" : "mtu*");
		sb_u64(&b, m->wmul);
	} else
		sb_u64(&b, p->win);
	sb_chr(&b, ',');
	sb_u64(&b, p->wscale);
	sb_chr(&b, ':');
	for (i = 0; i < p->opt_cnt; i++) {
		uint8_t k = p->opt[i];

		if (i)
			sb_chr(&b, ',');
		if (pkt_opt_name(k) != NULL) {
			sb_str(&b, pkt_opt_name(k));
			if (k == OPT_EOL) {
				sb_chr(&b, '+');
				sb_u64(&b, p->eol_pad);
			}
		} else {
			sb_chr(&b, '?');
			sb_u64(&b, k);
		}
	}
	sb_chr(&b, ':');
	for (i = 0; i < pkt_quirk_count; i++)
		if (p->quirks & pkt_quirk_names[i].bit) {
			if (!first)
				sb_chr(&b, ',');
			sb_str(&b, pkt_quirk_names[i].name);
			first = 0;
		}
	sb_chr(&b, ':');
	sb_chr(&b, p->pay_len ? '+' : '0');
	buf[b.n] = '\0';
	return b.n;
}

static void
param(struct sb *b, const char *s)
{
	if (b->n)
		sb_chr(b, ' ');
	sb_str(b, s);
}

size_t
match_params(const struct pkt_tcp *p, const struct match *m, char *buf,
    size_t len)
{
	struct sb b = { buf, 0, len ? len - 1 : 0 };

	if (len == 0)
		return 0;
	if (m->sig && m->generic)
		param(&b, "generic");
	if (m->fuzzy)
		param(&b, "fuzzy");
	if (m->sig && m->sig->bad_ttl)
		param(&b, "random_ttl");
	if (m->dist > MAX_DIST)
		param(&b, "excess_dist");
	if (p->tos >> 2) {
		param(&b, "tos:0x");
		sb_hex2(&b, (unsigned)(p->tos >> 2));
	}
	if (b.n == 0)
		sb_str(&b, "none");
	buf[b.n] = '\0';
	return b.n;
}
