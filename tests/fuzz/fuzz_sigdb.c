/*
 * libFuzzer harness for the signature loader: sigdb_load_mem() on hostile
 * text. On success every look-up is exercised, every TCP signature is
 * matched against a packet built from it, and each label is written as a
 * JSON record whose string escaping is checked; on failure the error must
 * be a terminated "fuzz.fp..." message and nothing may be returned.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "match.h"
#include "output.h"
#include "packet.h"
#include "sigdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 0 if s[0..] is a JSON string body up to the closing quote, which is
 * returned in *end. */
static int
json_string(const char *s, const char **end)
{
	for (; *s != '"'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\0' || c < 0x20)
			return -1;
		if (c == '\\') {
			s++;
			if (*s == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (s[i] == '\0' ||
					    !strchr("0123456789abcdef", s[i]))
						return -1;
				s += 4;
			} else if (*s == '\0' || !strchr("\"\\/bfnrt", *s))
				return -1;
		}
	}
	*end = s;
	return 0;
}

/*
 * Checks that every string of a flat JSON object line is well formed, and
 * that no line comes near OUT_LINE_MAX (config.h proves the longest fits;
 * a line that reached it would have been cut).
 */
static void
check_json(const char *line)
{
	const char *s = line, *e;

	if (strlen(line) >= OUT_LINE_MAX - 1)
		__builtin_trap();
	if (*s != '{')
		__builtin_trap();
	while ((s = strchr(s, '"')) != NULL) {
		if (json_string(s + 1, &e) < 0)
			__builtin_trap();
		s = e + 1;
	}
	if (line[strlen(line) - 1] != '}')
		__builtin_trap();
}

/* A packet that realises sig s as closely as its fields allow. */
static void
packet_for(const struct tcp_sig *s, int response, struct pkt_tcp *p)
{
	memset(p, 0, sizeof(*p));
	p->ip_ver = s->ver == 6 ? 6 : 4;
	p->ttl = s->ttl;
	p->olen = s->olen;
	p->mss = s->mss < 0 ? 1460 : (uint16_t)s->mss;
	p->wscale = s->scale < 0 ? 0 : (uint8_t)s->scale;
	memcpy(p->opt, s->opt, s->opt_cnt);
	p->opt_cnt = s->opt_cnt;
	p->eol_pad = s->eol_pad;
	p->quirks = s->quirks;
	p->pay_len = s->pclass == 1;
	p->flags = response ? TH_SYN | TH_ACK : TH_SYN;
	p->hdr_len = (uint16_t)((p->ip_ver == 4 ? 20 : 40) + p->olen + 20);
	switch (s->wtype) {
	case WIN_LIT:
	case WIN_MOD:
		p->win = s->wval;
		break;
	case WIN_MSS:
		p->win = (uint16_t)(s->wval * p->mss);
		break;
	case WIN_MTU:
		p->win = (uint16_t)(s->wval * (p->mss + 40));
		break;
	default:
		p->win = 1;
		break;
	}
}

static void
exercise(struct sigdb *db)
{
	static const uint8_t six[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct output *o = output_new(-1, OUT_JSON, db);
	struct sigdb_counts c;
	const struct tcp_sig *all;
	const struct http_sig *hs;
	size_t i, j, n;
	int dir;
	char buf[OUT_LINE_MAX];

	if (o == NULL)
		abort();
	sigdb_counts(db, &c);
	if (c.labels != sigdb_label_count(db) || c.generic > c.labels)
		__builtin_trap();
	for (i = 0; i < sigdb_label_count(db); i++) {
		const struct sig_label *l = sigdb_label(db, i);

		if (l == NULL || l->id != i || l->name == NULL ||
		    strlen(l->name) == 0 ||
		    (l->flavor != NULL && strlen(l->flavor) == 0) ||
		    strcmp(sigdb_name(db, l->name_id), l->name) != 0)
			__builtin_trap();
		(void)sigdb_class_name(db, l->class_id);
		for (j = 0; j < l->nsys; j++)
			if (!(l->sys[j] & SYS_CLASS_BIT))
				(void)sigdb_name(db, l->sys[j]);
	}
	if (sigdb_label(db, sigdb_label_count(db)) != NULL)
		__builtin_trap();
	for (i = 0; i < 70000; i += 97)
		(void)sigdb_mtu_label(db, (unsigned)i);
	for (dir = 0; dir < 2; dir++) {
		n = sigdb_http_all(db, dir, &hs);
		for (i = 0; i < n; i++)
			for (j = 0; j < hs[i].nhdr; j++)
				if (hs[i].hdr[j].name == NULL)
					__builtin_trap();
		n = sigdb_tcp_all(db, dir, &all);
		for (i = 0; i < n && i < 256; i++) {
			const struct tcp_sig *const *cand;
			const struct tcp_sig *s = &all[i];
			size_t k, nc;
			int found = 0;
			struct pkt_tcp p;
			struct match m;
			struct record r;

			/* Its layout lists it, in file order. */
			nc = sigdb_tcp_by_layout(db, dir, s->opt, s->opt_cnt,
			    &cand);
			for (k = 0; k < nc; k++) {
				if (cand[k] == s)
					found = 1;
				if (k && cand[k]->line <= cand[k - 1]->line)
					__builtin_trap();
			}
			if (!found)
				__builtin_trap();
			packet_for(s, dir, &p);
			if (p.ip_ver == 6)
				memcpy(p.src, six, 16);
			match_tcp(db, &p, dir, 1460, 0, &m);
			match_tcp(db, &p, dir, 0, MATCH_F_COMPAT, &m);
			/* A record naming this sig's label, as JSON. */
			m.sig = s;
			memset(&r, 0, sizeof(r));
			r.mod = dir ? REC_SYNACK : REC_SYN;
			r.pkt = &p;
			r.to_srv = !dir;
			r.m = &m;
			output_format(o, &r, buf, sizeof(buf));
			check_json(buf);
			r.mod = REC_MTU;
			r.mtu = p.mss + 40u;
			r.link = sigdb_mtu_label(db, r.mtu);
			output_format(o, &r, buf, sizeof(buf));
			check_json(buf);
		}
	}
	output_free(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sigdb *db = (struct sigdb *)1;
	struct sigdb_err err;
	char *text;
	int r;

	/* An exact-size copy, so any overread is caught. */
	if ((text = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	memset(err.msg, 'X', sizeof(err.msg));
	r = sigdb_load_mem("fuzz.fp", text, size, &db, &err);
	if (r == 0) {
		if (db == NULL)
			__builtin_trap();
		exercise(db);
		sigdb_free(db);
	} else {
		if (db != NULL || r > 0 ||
		    memchr(err.msg, '\0', sizeof(err.msg)) == NULL ||
		    strncmp(err.msg, "fuzz.fp", 7) != 0)
			__builtin_trap();
	}
	free(text);
	return 0;
}
