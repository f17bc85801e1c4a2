/* The per-connection result cache: p0f-analyzer's merged fields per ip:port. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "lru.h"
#include "output.h"
#include "results.h"
#include "strbuf.h"

/* Fields are output.h's enum out_field, in the order of their names:
 * the RESULT order after "os". */

#define KEY_LEN	19		/* version, address, port */

struct results_entry {
	uint64_t first_seen;
	uint8_t peer[16];
	uint16_t peer_port;
	uint8_t peer_ver;
	uint8_t dist;		/* of the last SYN / SYN+ACK, 255 unknown */
	uint8_t fuzzy;
	uint8_t generic;
	uint8_t name_len;	/* 0: the "os" field is not an OS label */
	uint8_t link_known;	/* the "link" field names a link type */
	uint16_t present;	/* bit per field */
	uint16_t off[OF_COUNT];
	uint16_t len[OF_COUNT];
	uint16_t used;		/* bytes of text in use */
	char text[RESULTS_TEXT_BYTES]; /* values, each NUL-ended */
};

struct results {
	struct lru *t;
	struct field_cache *fields;	/* SYNs' fields by fingerprint */
	uint32_t ttl_s;
	uint32_t since_expiry;
	struct results_stats st;
};

struct results *
results_new(size_t cap, uint32_t ttl_s, const uint8_t seed[16])
{
	struct results *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->t = lru_new(cap, KEY_LEN, sizeof(struct results_entry), seed);
	if (r->t == NULL || (r->fields = field_cache_new()) == NULL) {
		results_free(r);
		return NULL;
	}
	r->ttl_s = ttl_s;
	return r;
}

void
results_free(struct results *r)
{
	if (r == NULL)
		return;
	lru_free(r->t);
	field_cache_free(r->fields);
	free(r);
}

void
results_set_db(struct results *r)
{
	field_cache_clear(r->fields);
}

static void
make_key(uint8_t *k, int ver, const uint8_t *addr, uint16_t port)
{
	k[0] = (uint8_t)ver;
	memcpy(k + 1, addr, 16);
	k[17] = (uint8_t)(port >> 8);
	k[18] = (uint8_t)port;
}

const struct results_entry *
results_find(const struct results *r, int ver, const uint8_t addr[16],
    uint16_t port)
{
	uint8_t k[KEY_LEN];

	make_key(k, ver, addr, port);
	return lru_find(r->t, k);
}

/* Removes field i's value and closes the gap. */
static void
field_drop(struct results_entry *e, int i)
{
	uint16_t off = e->off[i], n = (uint16_t)(e->len[i] + 1);
	int j;

	if (!(e->present & (1u << i)))
		return;
	memmove(e->text + off, e->text + off + n, e->used - off - n);
	e->used = (uint16_t)(e->used - n);
	for (j = 0; j < OF_COUNT; j++)
		if ((e->present & (1u << j)) && e->off[j] > off)
			e->off[j] = (uint16_t)(e->off[j] - n);
	e->present &= (uint16_t)~(1u << i);
}

struct merge {
	struct results *r;
	struct results_entry *e;
};

static void
merge_field(void *arg, enum out_field i, const char *val, size_t len)
{
	struct merge *m = arg;
	struct results_entry *e = m->e;

	field_drop(e, i);
	if (len + 1 > sizeof(e->text) - e->used) {
		m->r->st.dropped_fields++;
		return;
	}
	memcpy(e->text + e->used, val, len);
	e->text[e->used + len] = '\0';
	e->off[i] = e->used;
	e->len[i] = (uint16_t)len;
	e->used = (uint16_t)(e->used + len + 1);
	e->present |= (uint16_t)(1u << i);
}

void
results_record(const struct record *rec, void *arg)
{
	struct results *r = arg;
	const struct pkt_tcp *p = rec->pkt;
	struct results_entry *e;
	struct merge m;
	uint8_t k[KEY_LEN];
	int created, evicted;

	if (++r->since_expiry >= RESULTS_EXPIRE_EVERY) {
		r->since_expiry = 0;
		if (rec->sec > r->ttl_s)
			r->st.expired += lru_expire(r->t, rec->sec - r->ttl_s);
	}
	/* The subject of every record is the packet's sender. */
	make_key(k, p->ip_ver, p->src, p->sport);
	e = lru_get(r->t, k, rec->sec, &created, &evicted);
	if (evicted)
		r->st.evicted++;
	if (created) {
		e->first_seen = rec->sec;
		e->dist = 255;
	}
	r->st.records++;
	e->peer_ver = p->ip_ver;
	memcpy(e->peer, p->dst, 16);
	e->peer_port = p->dport;
	if (rec->mod == REC_MTU)
		e->link_known = rec->link != NULL;
	if (rec->mod == REC_SYN || rec->mod == REC_SYNACK) {
		const struct tcp_sig *s = rec->m->sig;

		e->dist = rec->m->dist;
		e->fuzzy = rec->m->fuzzy;
		e->generic = rec->m->generic;
		/* An app match sets "app" and leaves "os" as it was. */
		if (s == NULL)
			e->name_len = 0;
		else if (!rec->sendsyn && s->label->class_id != CLASS_APP)
			e->name_len = (uint8_t)s->label->name_len;
	}
	m.r = r;
	m.e = e;
	output_fields_cached(rec, r->fields, merge_field, &m);
}

size_t
results_text(const struct results_entry *e, char *buf, size_t len)
{
	struct sb b = { buf, 0, len ? len - 1 : 0 };
	int i;

	if (len == 0)
		return 0;
	if (e->present & (1u << OF_OS))
		sb_mem(&b, e->text + e->off[OF_OS], e->len[OF_OS]);
	for (i = 0; i < OF_COUNT; i++) {
		if (i == OF_OS || !(e->present & (1u << i)))
			continue;
		sb_lit(&b, "; ");
		sb_mem(&b, output_field_name((enum out_field)i),
		    output_field_name_len((enum out_field)i));
		sb_lit(&b, ": ");
		sb_mem(&b, e->text + e->off[i], e->len[i]);
	}
	buf[b.n] = '\0';
	return b.n;
}

void
results_view(const struct results *r, const struct results_entry *e,
    struct conn_view *v)
{
	memset(v, 0, sizeof(*v));
	v->first_seen = e->first_seen;
	v->last_seen = lru_seen(r->t, e);
	if (e->name_len && (e->present & (1u << OF_OS))) {
		v->os = e->text + e->off[OF_OS];
		v->os_len = e->len[OF_OS];
		v->name_len = e->name_len <= v->os_len ? e->name_len :
		    v->os_len;
	}
	if (e->link_known && (e->present & (1u << OF_LINK))) {
		v->link = e->text + e->off[OF_LINK];
		v->link_len = e->len[OF_LINK];
	}
	v->dist = e->dist;
	v->fuzzy = e->fuzzy;
	v->generic = e->generic;
	v->peer_ver = e->peer_ver;
	memcpy(v->peer, e->peer, 16);
	v->peer_port = e->peer_port;
}

void
results_stats(const struct results *r, struct results_stats *s)
{
	*s = r->st;
	s->count = lru_count(r->t);
	s->cap = lru_capacity(r->t);
	s->bytes = lru_bytes(r->t) + sizeof(*r) + field_cache_bytes();
}
