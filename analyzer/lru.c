/* Fixed-capacity keyed LRU table (open addressing + doubly linked age list). */
#include <stdlib.h>
#include <string.h>

#include "lru.h"

#define NIL UINT32_MAX

/* Per-entry bookkeeping, followed by key and value (8-byte aligned). */
struct ent {
	uint32_t prev, next;	/* age list: head = most recent */
	uint32_t slot;		/* index in the slot array */
	uint32_t pad;
	uint64_t seen;
};

/* Open addressing: a slot holds an entry index and its key's hash, so a
 * probe reads one cache line and deletion needs no entry access. */
struct slot {
	uint32_t idx;		/* NIL: empty */
	uint32_t hash;
};

struct lru {
	size_t cap, count, key_len, val_off, stride, nslots, bytes;
	uint32_t head, tail, free;
	struct slot *slots;
	unsigned char *mem;
	uint8_t seed[16];
};

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND \
	do { \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
	} while (0)

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint64_t
lru_siphash(const uint8_t key[16], const void *buf, size_t len)
{
	const uint8_t *in = buf;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, b;
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(in + i);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	b = (uint64_t)len << 56;
	while (left--)
		b |= (uint64_t)in[i + left] << (8 * left);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static struct ent *
E(const struct lru *t, uint32_t i)
{
	return (struct ent *)(void *)(t->mem + (size_t)i * t->stride);
}

static uint32_t
idx_of(const struct lru *t, const void *val)
{
	return (uint32_t)(((const unsigned char *)val - t->val_off - t->mem) /
	    t->stride);
}

static void *
key_of(const struct lru *t, struct ent *e)
{
	return (unsigned char *)e + sizeof(struct ent);
}

static void *
val_of(const struct lru *t, struct ent *e)
{
	return (unsigned char *)e + t->val_off;
}

struct lru *
lru_new(size_t cap, size_t key_len, size_t val_len, const uint8_t seed[16])
{
	struct lru *t;
	size_t i;

	if (cap == 0 || cap >= NIL || key_len == 0)
		return NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->cap = cap;
	t->key_len = key_len;
	t->val_off = (sizeof(struct ent) + key_len + 7) & ~(size_t)7;
	t->stride = (t->val_off + val_len + 7) & ~(size_t)7;
	/* At most half the slots are used, so probes stay short. */
	for (t->nslots = 2; t->nslots < 2 * cap; t->nslots <<= 1)
		;
	memcpy(t->seed, seed, 16);
	t->slots = malloc(t->nslots * sizeof(*t->slots));
	t->mem = calloc(cap, t->stride);
	if (t->slots == NULL || t->mem == NULL) {
		lru_free(t);
		return NULL;
	}
	t->bytes = sizeof(*t) + t->nslots * sizeof(*t->slots) +
	    cap * t->stride;
	for (i = 0; i < t->nslots; i++)
		t->slots[i].idx = NIL;
	/* Free list threaded through "next". */
	for (i = 0; i < cap; i++)
		E(t, (uint32_t)i)->next = i + 1 < cap ? (uint32_t)(i + 1) : NIL;
	t->free = 0;
	t->head = t->tail = NIL;
	return t;
}

void
lru_free(struct lru *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t->mem);
	free(t);
}

static uint32_t
hash_of(const struct lru *t, const void *key)
{
	return (uint32_t)lru_siphash(t->seed, key, t->key_len);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t
probe(const struct lru *t, const void *key, uint32_t h)
{
	size_t mask = t->nslots - 1, s = h & mask;
	const struct slot *sl;

	for (;; s = (s + 1) & mask) {
		sl = &t->slots[s];
		if (sl->idx == NIL)
			return s;
		if (sl->hash == h &&
		    memcmp(key_of(t, E(t, sl->idx)), key, t->key_len) == 0)
			return s;
	}
}

uint32_t
lru_hash(const struct lru *t, const void *key)
{
	return hash_of(t, key);
}

void
lru_prefetch(const struct lru *t, uint32_t h)
{
	__builtin_prefetch(&t->slots[h & (t->nslots - 1)]);
}

void *
lru_find(const struct lru *t, const void *key)
{
	return lru_find_h(t, key, hash_of(t, key));
}

void *
lru_find_h(const struct lru *t, const void *key, uint32_t h)
{
	size_t s = probe(t, key, h);

	if (t->slots[s].idx == NIL)
		return NULL;
	return val_of(t, E(t, t->slots[s].idx));
}

static void
age_unlink(struct lru *t, uint32_t i)
{
	struct ent *e = E(t, i);

	if (e->prev != NIL)
		E(t, e->prev)->next = e->next;
	else
		t->head = e->next;
	if (e->next != NIL)
		E(t, e->next)->prev = e->prev;
	else
		t->tail = e->prev;
}

static void
age_push(struct lru *t, uint32_t i)
{
	struct ent *e = E(t, i);

	e->prev = NIL;
	e->next = t->head;
	if (t->head != NIL)
		E(t, t->head)->prev = i;
	t->head = i;
	if (t->tail == NIL)
		t->tail = i;
}

/* Backward-shift deletion keeps every probe sequence unbroken. */
static void
slot_delete(struct lru *t, size_t hole)
{
	size_t mask = t->nslots - 1, s = hole, home;

	for (;;) {
		s = (s + 1) & mask;
		if (t->slots[s].idx == NIL)
			break;
		home = t->slots[s].hash & mask;
		/* Leave it if its home lies cyclically in (hole, s]. */
		if (hole <= s ? (hole < home && home <= s) :
		    (hole < home || home <= s))
			continue;
		t->slots[hole] = t->slots[s];
		E(t, t->slots[hole].idx)->slot = (uint32_t)hole;
		hole = s;
	}
	t->slots[hole].idx = NIL;
}

static void
remove_idx(struct lru *t, uint32_t i)
{
	struct ent *e = E(t, i);

	slot_delete(t, e->slot);
	age_unlink(t, i);
	/* The next eviction starts at the new tail: fetch it early. */
	if (t->tail != NIL)
		__builtin_prefetch(E(t, t->tail));
	e->next = t->free;
	t->free = i;
	t->count--;
}

void *
lru_get(struct lru *t, const void *key, uint64_t now, int *created,
    int *evicted)
{
	return lru_get_h(t, key, hash_of(t, key), now, created, evicted);
}

void *
lru_get_h(struct lru *t, const void *key, uint32_t h, uint64_t now,
    int *created, int *evicted)
{
	uint32_t i;
	size_t s = probe(t, key, h);
	struct ent *e;

	*created = 0;
	if (evicted)
		*evicted = 0;
	if (t->slots[s].idx != NIL) {
		i = t->slots[s].idx;
		e = E(t, i);
		if (t->head != i) {
			age_unlink(t, i);
			age_push(t, i);
		}
		e->seen = now;
		return val_of(t, e);
	}
	if (t->free == NIL) {
		remove_idx(t, t->tail);
		if (evicted)
			*evicted = 1;
		/* The deletion may have moved slots: find the place anew. */
		s = probe(t, key, h);
	}
	i = t->free;
	e = E(t, i);
	t->free = e->next;
	memset(e, 0, t->stride);
	e->seen = now;
	e->slot = (uint32_t)s;
	memcpy(key_of(t, e), key, t->key_len);
	t->slots[s].idx = i;
	t->slots[s].hash = h;
	age_push(t, i);
	t->count++;
	*created = 1;
	return val_of(t, e);
}

int
lru_live(const struct lru *t, const void *val)
{
	uint32_t i = idx_of(t, val);

	return t->slots[E(t, i)->slot].idx == i;
}

void
lru_touch(struct lru *t, void *val, uint64_t now)
{
	uint32_t i = idx_of(t, val);

	if (t->head != i) {
		age_unlink(t, i);
		age_push(t, i);
	}
	E(t, i)->seen = now;
}

void
lru_remove(struct lru *t, void *val)
{
	remove_idx(t, idx_of(t, val));
}

size_t
lru_evict(struct lru *t, size_t n)
{
	size_t k = 0;

	while (k < n && t->tail != NIL) {
		remove_idx(t, t->tail);
		k++;
	}
	return k;
}

size_t
lru_expire(struct lru *t, uint64_t cutoff)
{
	size_t n = 0;

	while (t->tail != NIL && E(t, t->tail)->seen < cutoff) {
		remove_idx(t, t->tail);
		n++;
	}
	return n;
}

uint64_t
lru_oldest(const struct lru *t)
{
	return t->tail == NIL ? 0 : E(t, t->tail)->seen;
}

const void *
lru_key(const struct lru *t, const void *val)
{
	return key_of(t, E(t, idx_of(t, val)));
}

uint64_t
lru_seen(const struct lru *t, const void *val)
{
	return E(t, idx_of(t, val))->seen;
}

size_t
lru_count(const struct lru *t)
{
	return t->count;
}

size_t
lru_capacity(const struct lru *t)
{
	return t->cap;
}

size_t
lru_bytes(const struct lru *t)
{
	return t->bytes;
}

void
lru_foreach(struct lru *t, void (*fn)(void *val, void *arg), void *arg)
{
	uint32_t i;

	for (i = t->head; i != NIL; i = E(t, i)->next)
		fn(val_of(t, E(t, i)), arg);
}
