/* p0f "-o" and JSON line formatting of engine records. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "strbuf.h"
#include "wordhash.h"

/*
 * Most of a line repeats: a SYN and its MTU record share their ends, and a
 * SYN's fields (os, dist, params, raw_sig) are a function of the
 * fingerprint, which few distinct ones make up. Both are kept formatted:
 * the ends by the log writer, a SYN's fields in a field cache that the log
 * writer and the result cache each own. A kept text is used only when
 * everything it was made from is equal, compared whole, so the output is
 * the same as without.
 */
#define FC_ENTRIES	256		/* SYNs' fields kept (power of two) */
#define FC_TEXT_MAX	320		/* their longest total kept */

/* What "|cli=...|srv=...|subj=..." is made from. */
struct ends_key {
	uint8_t cli[16], srv[16];
	uint16_t cport, sport;
	uint8_t ip_ver, to_srv;
	uint8_t zero[2];
};

struct ends_text {
	struct ends_key k;
	int valid;
	size_t len;
	char text[2 * (5 + 39 + 6) + 10];
};

/* Everything a SYN or SYN+ACK record's fields are made of. */
struct tail_key {
	const struct tcp_sig *sig;
	uint32_t quirks;
	uint16_t win, mss, wmul;
	uint8_t fuzzy, generic, dist, wtype;
	uint8_t ip_ver, ttl, olen, tos, wscale, opt_cnt, eol_pad;
	uint8_t bits;		/* TK_* */
	uint8_t opt[MAX_TCP_OPT];
	uint8_t zero[(8 - (sizeof(void *) + 22 + MAX_TCP_OPT) % 8) % 8];
};
#define TK_USED		0x01
#define TK_PAYLOAD	0x02
#define TK_SENDSYN	0x04
#define TK_SYNACK	0x08
_Static_assert(sizeof(struct tail_key) % 8 == 0, "tail keys are hashed in "
    "8-byte words");

/* A SYN's four fields: os or app, dist, params, raw_sig. */
#define FC_FIELDS	4

struct fc_entry {
	struct tail_key k;
	enum out_field field[FC_FIELDS];
	uint16_t len[FC_FIELDS];
	char text[FC_TEXT_MAX];		/* the values back to back */
};

struct field_cache {
	struct fc_entry e[FC_ENTRIES];
};

struct output {
	int fd;
	enum out_fmt fmt;
	const struct sigdb *db;
	char *buf;
	size_t used;
	uint64_t lines;
	uint64_t too_long;	/* lines dropped rather than cut */
	int failed;
	uint64_t tcache_sec;	/* second of tcache */
	char tcache[40];	/* formatted time of that second */
	size_t tcache_len;
	struct ends_text ends;	/* the last record's ends, formatted */
	struct field_cache *fields;	/* SYNs' fields */
};

/* JSON string body with escapes. */
static void
sb_json(struct sb *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			sb_chr(b, '\\');
			sb_chr(b, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			sb_str(b, "\\u00");
			sb_chr(b, hex[c >> 4]);
			sb_chr(b, hex[c & 15]);
		} else
			sb_chr(b, (char)c);
	}
}

/* Decimal text of each octet, length first. */
static const char octet[256][4] = {
	{ 1, '0' },
	{ 1, '1' },
	{ 1, '2' },
	{ 1, '3' },
	{ 1, '4' },
	{ 1, '5' },
	{ 1, '6' },
	{ 1, '7' },
	{ 1, '8' },
	{ 1, '9' },
	{ 2, '1', '0' },
	{ 2, '1', '1' },
	{ 2, '1', '2' },
	{ 2, '1', '3' },
	{ 2, '1', '4' },
	{ 2, '1', '5' },
	{ 2, '1', '6' },
	{ 2, '1', '7' },
	{ 2, '1', '8' },
	{ 2, '1', '9' },
	{ 2, '2', '0' },
	{ 2, '2', '1' },
	{ 2, '2', '2' },
	{ 2, '2', '3' },
	{ 2, '2', '4' },
	{ 2, '2', '5' },
	{ 2, '2', '6' },
	{ 2, '2', '7' },
	{ 2, '2', '8' },
	{ 2, '2', '9' },
	{ 2, '3', '0' },
	{ 2, '3', '1' },
	{ 2, '3', '2' },
	{ 2, '3', '3' },
	{ 2, '3', '4' },
	{ 2, '3', '5' },
	{ 2, '3', '6' },
	{ 2, '3', '7' },
	{ 2, '3', '8' },
	{ 2, '3', '9' },
	{ 2, '4', '0' },
	{ 2, '4', '1' },
	{ 2, '4', '2' },
	{ 2, '4', '3' },
	{ 2, '4', '4' },
	{ 2, '4', '5' },
	{ 2, '4', '6' },
	{ 2, '4', '7' },
	{ 2, '4', '8' },
	{ 2, '4', '9' },
	{ 2, '5', '0' },
	{ 2, '5', '1' },
	{ 2, '5', '2' },
	{ 2, '5', '3' },
	{ 2, '5', '4' },
	{ 2, '5', '5' },
	{ 2, '5', '6' },
	{ 2, '5', '7' },
	{ 2, '5', '8' },
	{ 2, '5', '9' },
	{ 2, '6', '0' },
	{ 2, '6', '1' },
	{ 2, '6', '2' },
	{ 2, '6', '3' },
	{ 2, '6', '4' },
	{ 2, '6', '5' },
	{ 2, '6', '6' },
	{ 2, '6', '7' },
	{ 2, '6', '8' },
	{ 2, '6', '9' },
	{ 2, '7', '0' },
	{ 2, '7', '1' },
	{ 2, '7', '2' },
	{ 2, '7', '3' },
	{ 2, '7', '4' },
	{ 2, '7', '5' },
	{ 2, '7', '6' },
	{ 2, '7', '7' },
	{ 2, '7', '8' },
	{ 2, '7', '9' },
	{ 2, '8', '0' },
	{ 2, '8', '1' },
	{ 2, '8', '2' },
	{ 2, '8', '3' },
	{ 2, '8', '4' },
	{ 2, '8', '5' },
	{ 2, '8', '6' },
	{ 2, '8', '7' },
	{ 2, '8', '8' },
	{ 2, '8', '9' },
	{ 2, '9', '0' },
	{ 2, '9', '1' },
	{ 2, '9', '2' },
	{ 2, '9', '3' },
	{ 2, '9', '4' },
	{ 2, '9', '5' },
	{ 2, '9', '6' },
	{ 2, '9', '7' },
	{ 2, '9', '8' },
	{ 2, '9', '9' },
	{ 3, '1', '0', '0' },
	{ 3, '1', '0', '1' },
	{ 3, '1', '0', '2' },
	{ 3, '1', '0', '3' },
	{ 3, '1', '0', '4' },
	{ 3, '1', '0', '5' },
	{ 3, '1', '0', '6' },
	{ 3, '1', '0', '7' },
	{ 3, '1', '0', '8' },
	{ 3, '1', '0', '9' },
	{ 3, '1', '1', '0' },
	{ 3, '1', '1', '1' },
	{ 3, '1', '1', '2' },
	{ 3, '1', '1', '3' },
	{ 3, '1', '1', '4' },
	{ 3, '1', '1', '5' },
	{ 3, '1', '1', '6' },
	{ 3, '1', '1', '7' },
	{ 3, '1', '1', '8' },
	{ 3, '1', '1', '9' },
	{ 3, '1', '2', '0' },
	{ 3, '1', '2', '1' },
	{ 3, '1', '2', '2' },
	{ 3, '1', '2', '3' },
	{ 3, '1', '2', '4' },
	{ 3, '1', '2', '5' },
	{ 3, '1', '2', '6' },
	{ 3, '1', '2', '7' },
	{ 3, '1', '2', '8' },
	{ 3, '1', '2', '9' },
	{ 3, '1', '3', '0' },
	{ 3, '1', '3', '1' },
	{ 3, '1', '3', '2' },
	{ 3, '1', '3', '3' },
	{ 3, '1', '3', '4' },
	{ 3, '1', '3', '5' },
	{ 3, '1', '3', '6' },
	{ 3, '1', '3', '7' },
	{ 3, '1', '3', '8' },
	{ 3, '1', '3', '9' },
	{ 3, '1', '4', '0' },
	{ 3, '1', '4', '1' },
	{ 3, '1', '4', '2' },
	{ 3, '1', '4', '3' },
	{ 3, '1', '4', '4' },
	{ 3, '1', '4', '5' },
	{ 3, '1', '4', '6' },
	{ 3, '1', '4', '7' },
	{ 3, '1', '4', '8' },
	{ 3, '1', '4', '9' },
	{ 3, '1', '5', '0' },
	{ 3, '1', '5', '1' },
	{ 3, '1', '5', '2' },
	{ 3, '1', '5', '3' },
	{ 3, '1', '5', '4' },
	{ 3, '1', '5', '5' },
	{ 3, '1', '5', '6' },
	{ 3, '1', '5', '7' },
	{ 3, '1', '5', '8' },
	{ 3, '1', '5', '9' },
	{ 3, '1', '6', '0' },
	{ 3, '1', '6', '1' },
	{ 3, '1', '6', '2' },
	{ 3, '1', '6', '3' },
	{ 3, '1', '6', '4' },
	{ 3, '1', '6', '5' },
	{ 3, '1', '6', '6' },
	{ 3, '1', '6', '7' },
	{ 3, '1', '6', '8' },
	{ 3, '1', '6', '9' },
	{ 3, '1', '7', '0' },
	{ 3, '1', '7', '1' },
	{ 3, '1', '7', '2' },
	{ 3, '1', '7', '3' },
	{ 3, '1', '7', '4' },
	{ 3, '1', '7', '5' },
	{ 3, '1', '7', '6' },
	{ 3, '1', '7', '7' },
	{ 3, '1', '7', '8' },
	{ 3, '1', '7', '9' },
	{ 3, '1', '8', '0' },
	{ 3, '1', '8', '1' },
	{ 3, '1', '8', '2' },
	{ 3, '1', '8', '3' },
	{ 3, '1', '8', '4' },
	{ 3, '1', '8', '5' },
	{ 3, '1', '8', '6' },
	{ 3, '1', '8', '7' },
	{ 3, '1', '8', '8' },
	{ 3, '1', '8', '9' },
	{ 3, '1', '9', '0' },
	{ 3, '1', '9', '1' },
	{ 3, '1', '9', '2' },
	{ 3, '1', '9', '3' },
	{ 3, '1', '9', '4' },
	{ 3, '1', '9', '5' },
	{ 3, '1', '9', '6' },
	{ 3, '1', '9', '7' },
	{ 3, '1', '9', '8' },
	{ 3, '1', '9', '9' },
	{ 3, '2', '0', '0' },
	{ 3, '2', '0', '1' },
	{ 3, '2', '0', '2' },
	{ 3, '2', '0', '3' },
	{ 3, '2', '0', '4' },
	{ 3, '2', '0', '5' },
	{ 3, '2', '0', '6' },
	{ 3, '2', '0', '7' },
	{ 3, '2', '0', '8' },
	{ 3, '2', '0', '9' },
	{ 3, '2', '1', '0' },
	{ 3, '2', '1', '1' },
	{ 3, '2', '1', '2' },
	{ 3, '2', '1', '3' },
	{ 3, '2', '1', '4' },
	{ 3, '2', '1', '5' },
	{ 3, '2', '1', '6' },
	{ 3, '2', '1', '7' },
	{ 3, '2', '1', '8' },
	{ 3, '2', '1', '9' },
	{ 3, '2', '2', '0' },
	{ 3, '2', '2', '1' },
	{ 3, '2', '2', '2' },
	{ 3, '2', '2', '3' },
	{ 3, '2', '2', '4' },
	{ 3, '2', '2', '5' },
	{ 3, '2', '2', '6' },
	{ 3, '2', '2', '7' },
	{ 3, '2', '2', '8' },
	{ 3, '2', '2', '9' },
	{ 3, '2', '3', '0' },
	{ 3, '2', '3', '1' },
	{ 3, '2', '3', '2' },
	{ 3, '2', '3', '3' },
	{ 3, '2', '3', '4' },
	{ 3, '2', '3', '5' },
	{ 3, '2', '3', '6' },
	{ 3, '2', '3', '7' },
	{ 3, '2', '3', '8' },
	{ 3, '2', '3', '9' },
	{ 3, '2', '4', '0' },
	{ 3, '2', '4', '1' },
	{ 3, '2', '4', '2' },
	{ 3, '2', '4', '3' },
	{ 3, '2', '4', '4' },
	{ 3, '2', '4', '5' },
	{ 3, '2', '4', '6' },
	{ 3, '2', '4', '7' },
	{ 3, '2', '4', '8' },
	{ 3, '2', '4', '9' },
	{ 3, '2', '5', '0' },
	{ 3, '2', '5', '1' },
	{ 3, '2', '5', '2' },
	{ 3, '2', '5', '3' },
	{ 3, '2', '5', '4' },
	{ 3, '2', '5', '5' },
};

size_t
output_addr(char *buf, size_t len, int ip_ver, const uint8_t *a)
{
	struct sb b = { buf, 0, len ? len - 1 : 0 };
	static const char hex[] = "0123456789abcdef";
	int i;

	if (len == 0)
		return 0;
	if (ip_ver == 4) {
		for (i = 0; i < 4; i++) {
			const char *d = octet[a[i]];

			if (i)
				sb_chr(&b, '.');
			sb_mem(&b, d + 1, (size_t)d[0]);
		}
	} else {
		for (i = 0; i < 8; i++) {
			unsigned g = (unsigned)(a[2 * i] << 8 | a[2 * i + 1]);
			int started = 0, sh;

			if (i)
				sb_chr(&b, ':');
			for (sh = 12; sh >= 0; sh -= 4) {
				unsigned d = (g >> sh) & 15;

				if (d || started || sh == 0) {
					sb_chr(&b, hex[d]);
					started = 1;
				}
			}
		}
	}
	buf[b.n] = '\0';
	return b.n;
}

struct output *
output_new(int fd, enum out_fmt fmt, const struct sigdb *db)
{
	struct output *o;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	if ((o->buf = malloc(OUT_BUF_BYTES)) == NULL ||
	    (fmt == OUT_P0F && (o->fields = field_cache_new()) == NULL)) {
		free(o->buf);
		free(o);
		return NULL;
	}
	o->fd = fd;
	o->fmt = fmt;
	o->db = db;
	o->tcache_sec = UINT64_MAX;
	return o;
}

void
output_set_db(struct output *o, const struct sigdb *db)
{
	o->db = db;
	field_cache_clear(o->fields);
}

void
output_free(struct output *o)
{
	if (o == NULL)
		return;
	free(o->buf);
	field_cache_free(o->fields);
	free(o);
}

uint64_t
output_lines(const struct output *o)
{
	return o->lines;
}

uint64_t
output_too_long(const struct output *o)
{
	return o->too_long;
}

int
output_failed(const struct output *o)
{
	return o->failed;
}

int
output_flush(struct output *o)
{
	size_t off = 0;
	ssize_t n;

	while (off < o->used) {
		n = write(o->fd, o->buf + off, o->used - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->failed = 1;
			o->used = 0;
			return -1;
		}
		off += (size_t)n;
	}
	o->used = 0;
	return 0;
}

/* "[YYYY/MM/DD HH:MM:SS]" in local time (p0f) or ISO 8601 UTC (JSON). */
static void
put_time(struct output *o, struct sb *b, uint64_t sec, uint32_t usec)
{
	time_t t = (time_t)sec;
	struct tm tm;

	if (o->tcache_sec != sec) {
		if (o->fmt == OUT_P0F) {
			localtime_r(&t, &tm);
			o->tcache_len = strftime(o->tcache, sizeof(o->tcache),
			    "[%Y/%m/%d %H:%M:%S] ", &tm);
		} else {
			gmtime_r(&t, &tm);
			o->tcache_len = strftime(o->tcache, sizeof(o->tcache),
			    "%Y-%m-%dT%H:%M:%S", &tm);
		}
		o->tcache_sec = sec;
	}
	sb_mem(b, o->tcache, o->tcache_len);
	if (o->fmt == OUT_JSON) {
		char us[8];
		int i;

		for (i = 5; i >= 0; i--, usec /= 10)
			us[i] = (char)('0' + usec % 10);
		sb_chr(b, '.');
		sb_mem(b, us, 6);
		sb_chr(b, 'Z');
	}
}

static const char *
mod_name(const struct record *r)
{
	switch (r->mod) {
	case REC_SYN:
		return r->sendsyn ? "sendsyn probe" : "syn";
	case REC_SYNACK:
		return r->sendsyn ? "sendsyn response" : "syn+ack";
	case REC_MTU:
		return "mtu";
	case REC_UPTIME:
		return "uptime";
	case REC_CHANGE:
		return "host change";
	default:
		return "ip sharing";
	}
}

static void
put_label(struct sb *b, const struct sig_label *l, int json)
{
	if (json)
		sb_json(b, l->text);
	else
		sb_mem(b, l->text, l->text_len);
}

static void
put_uptime(struct sb *b, const struct record *r)
{
	sb_u64(b, r->up_min / 60 / 24);
	sb_str(b, " days ");
	sb_u64(b, (r->up_min / 60) % 24);
	sb_str(b, " hrs ");
	sb_u64(b, r->up_min % 60);
	sb_str(b, " min (modulo ");
	sb_u64(b, r->up_mod_days);
	sb_str(b, " days)");
}

static void
put_freq(struct sb *b, double f)
{
	uint64_t c = (uint64_t)(f * 100 + 0.5);

	sb_u64(b, c / 100);
	sb_chr(b, '.');
	sb_chr(b, (char)('0' + (c / 10) % 10));
	sb_chr(b, (char)('0' + c % 10));
}

static void
put_hits(struct sb *b, const struct record *r)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			sb_chr(b, ',');
		sb_u64(b, r->hits[i]);
	}
}

#define FIELD(name)	{ name, sizeof(name) - 1 }
static const struct {
	const char *name;
	size_t len;
} field_names[OF_COUNT] = {
	FIELD("app"), FIELD("dist"), FIELD("link"), FIELD("os"),
	FIELD("params"), FIELD("raw_freq"), FIELD("raw_hits"),
	FIELD("raw_mtu"), FIELD("raw_sig"), FIELD("reason"), FIELD("uptime"),
};
#undef FIELD

const char *
output_field_name(enum out_field f)
{
	return field_names[f].name;
}

size_t
output_field_name_len(enum out_field f)
{
	return field_names[f].len;
}

/* Appends "|name=value" to the builder in arg. */
static void
put_field(void *arg, enum out_field f, const char *val, size_t len)
{
	struct sb *b = arg;

	sb_chr(b, '|');
	sb_mem(b, field_names[f].name, field_names[f].len);
	sb_chr(b, '=');
	sb_mem(b, val, len);
}

/* A SYN or SYN+ACK record's raw_sig into buf; its length. */
static size_t
syn_raw_sig(const struct record *r, char *buf, size_t len)
{
	return r->sendsyn ? match_raw_sig_sendsyn(r->pkt, r->m, buf, len) :
	    match_raw_sig(r->pkt, r->m, buf, len);
}

void
output_fields(const struct record *r, output_field_fn fn, void *arg)
{
	const struct pkt_tcp *p = r->pkt;
	char v[OUT_FIELD_MAX], tmp[RAW_SIG_MAX];
	struct sb b = { v, 0, sizeof(v) };

	switch (r->mod) {
	case REC_SYN:
	case REC_SYNACK:
		if (r->m->sig) {
			put_label(&b, r->m->sig->label, 0);
			fn(arg, r->sendsyn ||
			    r->m->sig->label->class_id == CLASS_APP ?
			    OF_APP : OF_OS, v, b.n);
		} else
			fn(arg, OF_OS, "???", 3);
		b.n = 0;
		if (r->m->sig && r->m->sig->bad_ttl)
			sb_str(&b, "<= ");
		sb_u64(&b, r->m->dist);
		fn(arg, OF_DIST, v, b.n);
		fn(arg, OF_PARAMS, tmp, match_params(p, r->m, tmp,
		    sizeof(tmp)));
		fn(arg, OF_RAW_SIG, tmp, syn_raw_sig(r, tmp, sizeof(tmp)));
		break;
	case REC_MTU:
		if (r->link)
			fn(arg, OF_LINK, r->link, strlen(r->link));
		else
			fn(arg, OF_LINK, "???", 3);
		sb_u64(&b, r->mtu);
		fn(arg, OF_RAW_MTU, v, b.n);
		break;
	case REC_UPTIME:
		put_uptime(&b, r);
		fn(arg, OF_UPTIME, v, b.n);
		b.n = 0;
		put_freq(&b, r->freq);
		sb_str(&b, " Hz");
		fn(arg, OF_RAW_FREQ, v, b.n);
		break;
	case REC_CHANGE:
	case REC_SHARING:
		engine_reasons(r->reasons, tmp, sizeof(tmp));
		fn(arg, OF_REASON, tmp, strlen(tmp));
		put_hits(&b, r);
		fn(arg, OF_RAW_HITS, v, b.n);
		break;
	}
}

struct field_cache *
field_cache_new(void)
{
	return calloc(1, sizeof(struct field_cache));
}

void
field_cache_clear(struct field_cache *fc)
{
	if (fc != NULL)
		memset(fc, 0, sizeof(*fc));
}

void
field_cache_free(struct field_cache *fc)
{
	free(fc);
}

size_t
field_cache_bytes(void)
{
	return sizeof(struct field_cache);
}

static void
tail_key_of(const struct record *r, struct tail_key *k)
{
	const struct pkt_tcp *p = r->pkt;
	const struct match *m = r->m;

	memset(k, 0, sizeof(*k));
	k->sig = m->sig;
	k->quirks = p->quirks;
	k->win = p->win;
	k->mss = p->mss;
	k->wmul = m->wmul;
	k->fuzzy = m->fuzzy;
	k->generic = m->generic;
	k->dist = m->dist;
	k->wtype = m->wtype;
	k->ip_ver = p->ip_ver;
	k->ttl = p->ttl;
	k->olen = p->olen;
	k->tos = p->tos;
	k->wscale = p->wscale;
	k->opt_cnt = p->opt_cnt;
	k->eol_pad = p->eol_pad;
	k->bits = TK_USED | (p->pay_len ? TK_PAYLOAD : 0) |
	    (r->sendsyn ? TK_SENDSYN : 0) | (r->mod == REC_SYNACK ? TK_SYNACK :
	    0);
	memcpy(k->opt, p->opt, p->opt_cnt < MAX_TCP_OPT ? p->opt_cnt :
	    MAX_TCP_OPT);
}

/* output_fields() into a cache entry, passing each field on. */
struct fc_fill {
	struct fc_entry *t;
	unsigned n;
	size_t used;
	int fits;
	output_field_fn fn;
	void *arg;
};

static void
fc_keep(void *arg, enum out_field f, const char *val, size_t len)
{
	struct fc_fill *c = arg;

	c->fn(c->arg, f, val, len);
	if (c->n == FC_FIELDS || len > sizeof(c->t->text) - c->used) {
		c->fits = 0;
		return;
	}
	memcpy(c->t->text + c->used, val, len);
	c->t->field[c->n] = f;
	c->t->len[c->n++] = (uint16_t)len;
	c->used += len;
}

void
output_fields_cached(const struct record *r, struct field_cache *fc,
    output_field_fn fn, void *arg)
{
	struct fc_fill c = { NULL, 0, 0, 1, fn, arg };
	struct tail_key k;
	struct fc_entry *t;
	size_t off = 0;
	unsigned i;

	if (fc == NULL || (r->mod != REC_SYN && r->mod != REC_SYNACK)) {
		output_fields(r, fn, arg);
		return;
	}
	tail_key_of(r, &k);
	/* Unseeded: keys made to collide cost no more than no cache. */
	t = &fc->e[(wordhash(&k, sizeof(k) / 8, 0) >> 20) & (FC_ENTRIES - 1)];
	if (memcmp(&t->k, &k, sizeof(k)) == 0) {
		for (i = 0; i < FC_FIELDS; off += t->len[i++])
			fn(arg, t->field[i], t->text + off, t->len[i]);
		return;
	}
	memset(&t->k, 0, sizeof(t->k));	/* invalid while being filled */
	c.t = t;
	output_fields(r, fc_keep, &c);
	if (c.fits && c.n == FC_FIELDS)
		t->k = k;
}

/* Client and server of a record, whichever way its packet went. */
struct ends {
	const uint8_t *cli, *srv;
	uint16_t cport, sport;
};

static void
ends_of(const struct record *r, struct ends *e)
{
	const struct pkt_tcp *p = r->pkt;

	e->cli = r->to_srv ? p->src : p->dst;
	e->srv = r->to_srv ? p->dst : p->src;
	e->cport = r->to_srv ? p->sport : p->dport;
	e->sport = r->to_srv ? p->dport : p->sport;
}

/* "|cli=A/P|srv=B/Q|subj=X", reused while records are of one packet. */
static void
put_ends(struct output *o, const struct record *r, struct sb *b)
{
	struct ends_text *t = &o->ends;
	struct ends_key k;
	struct sb tb = { t->text, 0, sizeof(t->text) };
	struct ends e;
	char a[48];

	ends_of(r, &e);
	memset(&k, 0, sizeof(k));
	memcpy(k.cli, e.cli, sizeof(k.cli));
	memcpy(k.srv, e.srv, sizeof(k.srv));
	k.cport = e.cport;
	k.sport = e.sport;
	k.ip_ver = r->pkt->ip_ver;
	k.to_srv = (uint8_t)(r->to_srv != 0);
	if (!t->valid || memcmp(&t->k, &k, sizeof(k)) != 0) {
		sb_lit(&tb, "|cli=");
		sb_mem(&tb, a, output_addr(a, sizeof(a), k.ip_ver, e.cli));
		sb_chr(&tb, '/');
		sb_u64(&tb, e.cport);
		sb_lit(&tb, "|srv=");
		sb_mem(&tb, a, output_addr(a, sizeof(a), k.ip_ver, e.srv));
		sb_chr(&tb, '/');
		sb_u64(&tb, e.sport);
		if (r->to_srv)
			sb_lit(&tb, "|subj=cli");
		else
			sb_lit(&tb, "|subj=srv");
		t->k = k;
		t->len = tb.n;
		t->valid = 1;
	}
	sb_mem(b, t->text, t->len);
}

static void
format_p0f(struct output *o, const struct record *r, struct sb *b)
{
	put_time(o, b, r->sec, r->usec);
	sb_lit(b, "mod=");
	sb_str(b, mod_name(r));
	put_ends(o, r, b);
	output_fields_cached(r, o->fields, put_field, b);
}

static void
format_json(struct output *o, const struct record *r, struct sb *b)
{
	const struct pkt_tcp *p = r->pkt;
	char a[48], tmp[RAW_SIG_MAX];
	struct ends e;

	ends_of(r, &e);
	sb_str(b, "{\"time\":\"");
	put_time(o, b, r->sec, r->usec);
	sb_str(b, "\",\"mod\":\"");
	sb_str(b, mod_name(r));
	sb_str(b, "\",\"cli\":\"");
	sb_mem(b, a, output_addr(a, sizeof(a), p->ip_ver, e.cli));
	sb_str(b, "\",\"cli_port\":");
	sb_u64(b, e.cport);
	sb_str(b, ",\"srv\":\"");
	sb_mem(b, a, output_addr(a, sizeof(a), p->ip_ver, e.srv));
	sb_str(b, "\",\"srv_port\":");
	sb_u64(b, e.sport);
	sb_str(b, r->to_srv ? ",\"subj\":\"cli\"" : ",\"subj\":\"srv\"");

	switch (r->mod) {
	case REC_SYN:
	case REC_SYNACK: {
		const struct sig_label *l = r->m->sig ? r->m->sig->label :
		    NULL;

		if (l) {
			sb_str(b, (r->sendsyn || l->class_id == CLASS_APP) ?
			    ",\"app\":\"" :
			    ",\"os\":\"");
			put_label(b, l, 1);
			sb_str(b, "\",\"class\":\"");
			sb_json(b, sigdb_class_name(o->db, l->class_id));
			sb_str(b, "\",\"name\":\"");
			sb_json(b, l->name);
			sb_str(b, "\",\"flavor\":\"");
			if (l->flavor)
				sb_json(b, l->flavor);
			sb_str(b, "\",\"quality\":\"");
			sb_str(b, r->m->generic && r->m->fuzzy ?
			    "generic fuzzy" : r->m->generic ? "generic" :
			    r->m->fuzzy ? "fuzzy" : "exact");
			sb_chr(b, '"');
		} else
			sb_str(b, ",\"os\":\"???\",\"quality\":\"none\"");
		sb_str(b, ",\"dist\":");
		sb_u64(b, r->m->dist);
		if (l && r->m->sig->bad_ttl)
			sb_str(b, ",\"dist_max\":true");
		sb_lit(b, ",\"params\":\"");
		sb_mem(b, tmp, match_params(p, r->m, tmp, sizeof(tmp)));
		sb_lit(b, "\",\"raw_sig\":\"");
		sb_mem(b, tmp, syn_raw_sig(r, tmp, sizeof(tmp)));
		sb_chr(b, '"');
		if (p->vlans) {
			sb_str(b, ",\"vlan\":");
			sb_u64(b, p->vlan_id);
		}
		break;
	}
	case REC_MTU:
		sb_str(b, ",\"link\":\"");
		sb_json(b, r->link ? r->link : "???");
		sb_str(b, "\",\"raw_mtu\":");
		sb_u64(b, r->mtu);
		break;
	case REC_UPTIME:
		sb_str(b, ",\"uptime_min\":");
		sb_u64(b, r->up_min);
		sb_str(b, ",\"up_mod_days\":");
		sb_u64(b, r->up_mod_days);
		sb_str(b, ",\"raw_freq\":");
		put_freq(b, r->freq);
		break;
	case REC_CHANGE:
	case REC_SHARING:
		engine_reasons(r->reasons, tmp, sizeof(tmp));
		sb_str(b, ",\"reason\":\"");
		sb_str(b, tmp);
		sb_str(b, "\",\"raw_hits\":[");
		put_hits(b, r);
		sb_chr(b, ']');
		break;
	}
	sb_chr(b, '}');
}

size_t
output_format(struct output *o, const struct record *rec, char *buf,
    size_t len)
{
	struct sb b = { buf, 0, len ? len - 1 : 0 };

	if (len == 0)
		return 0;
	if (o->fmt == OUT_P0F)
		format_p0f(o, rec, &b);
	else
		format_json(o, rec, &b);
	buf[b.n] = '\0';
	return b.n;
}

void
output_record(const struct record *rec, void *arg)
{
	struct output *o = arg;
	size_t n;

	if (o->failed)
		return;
	if (OUT_BUF_BYTES - o->used < OUT_LINE_MAX + 1 &&
	    output_flush(o) < 0)
		return;
	n = output_format(o, rec, o->buf + o->used, OUT_LINE_MAX);
	/* A line that filled the buffer may be cut: never write half. */
	if (n >= OUT_LINE_MAX - 1) {
		o->too_long++;
		return;
	}
	o->buf[o->used + n] = '\n';
	o->used += n + 1;
	o->lines++;
}
