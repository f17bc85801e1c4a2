/* Fixed-capacity keyed LRU table (open addressing + doubly linked age list). */
#include <sys/mman.h>

#include <stdlib.h>
#include <string.h>

#include "lru.h"

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS	MAP_ANON
#endif

#define NIL	UINT32_MAX
#define FREE	(UINT32_MAX - 1)	/* "prev" of an entry not in the table */
#define LINE	64			/* cache line bytes */
#define HUGE	(2 * 1024 * 1024)	/* huge page bytes */

/*
 * Per-entry bookkeeping, followed by the key and then the value, aligned
 * for any object of the value's size. The hash is kept (not the slot), so
 * moving slots never writes to entries; the slot is found from it.
 */
struct ent {
	uint32_t prev, next;	/* age list: head = most recent */
	uint32_t hash;		/* of the key */
	uint32_t seen;		/* low 32 bits of the time, see serial_time() */
};

/* Open addressing: a slot holds an entry index and its key's hash, so a
 * probe reads one cache line and deletion needs no entry access. */
struct slot {
	uint32_t idx;		/* NIL: empty */
	uint32_t hash;
};

struct lru {
	size_t cap, count, key_len, val_off, stride, nslots, bytes;
	uint32_t head, tail;
	uint32_t free;		/* list of removed entries, through "next" */
	uint32_t fresh;		/* entries from here on were never used */
	uint64_t now;		/* latest time given to lru_get/lru_touch */
	uint32_t victim;	/* an entry whose slot was looked up early */
	size_t victim_slot;	/* ... that slot, if it still holds it */
	struct slot *slots;
	unsigned char *mem;	/* entries */
	size_t slots_len, mem_len; /* bytes mapped */
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

/* A little-endian 64-bit word (one load, not eight). */
static inline uint64_t
le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
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
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(in + i);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	b = (uint64_t)len << 56;
	switch (len & 7) {
	case 7:
		b |= (uint64_t)in[i + 6] << 48;
		/* FALLTHROUGH */
	case 6:
		b |= (uint64_t)in[i + 5] << 40;
		/* FALLTHROUGH */
	case 5:
		b |= (uint64_t)in[i + 4] << 32;
		/* FALLTHROUGH */
	case 4:
		b |= (uint64_t)in[i + 3] << 24;
		/* FALLTHROUGH */
	case 3:
		b |= (uint64_t)in[i + 2] << 16;
		/* FALLTHROUGH */
	case 2:
		b |= (uint64_t)in[i + 1] << 8;
		/* FALLTHROUGH */
	case 1:
		b |= in[i];
		break;
	}
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

static size_t
align_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}

/*
 * Zeroed memory for a table, touched only when used. Tables are read at
 * random, so they ask for huge pages where the system has them: fewer TLB
 * misses, and prefetches that are not dropped for want of a translation.
 * *len gets the bytes to give table_unmap().
 */
static void *
table_map(size_t n, size_t *len)
{
	unsigned char *p, *a;
	size_t head;

	if (n > SIZE_MAX - 2 * HUGE)
		return NULL;
	*len = n < HUGE ? n : ((n + HUGE - 1) & ~(size_t)(HUGE - 1)) + HUGE;
	p = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (n < HUGE)
		return p;
	/* Keep a huge-page-aligned run of *len - HUGE bytes. */
	a = (unsigned char *)(((size_t)p + HUGE - 1) & ~(size_t)(HUGE - 1));
	head = (size_t)(a - p);
	if (head)
		munmap(p, head);
	if (HUGE - head)
		munmap(a + *len - HUGE, HUGE - head);
	*len -= HUGE;
#ifdef MADV_HUGEPAGE
	(void)madvise(a, *len, MADV_HUGEPAGE);
#endif
	return a;
}

static void
table_unmap(void *p, size_t len)
{
	if (p != NULL)
		munmap(p, len);
}

struct lru *
lru_new(size_t cap, size_t key_len, size_t val_len, const uint8_t seed[16])
{
	struct lru *t;
	size_t i, val_align;

	if (cap == 0 || cap >= FREE || key_len == 0)
		return NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->cap = cap;
	t->key_len = key_len;
	/* Any object of size val_len is aligned to a power of two dividing
	 * that size; 8 covers every scalar the values hold. */
	val_align = val_len & -val_len;
	if (val_align == 0 || val_align > 8)
		val_align = 8;
	if (val_align < 4)
		val_align = 4;
	t->val_off = align_up(sizeof(struct ent) + key_len, val_align);
	t->stride = align_up(t->val_off + val_len, val_align);
	/* At most half the slots are used, so probes stay short. */
	for (t->nslots = 2; t->nslots < 2 * cap; t->nslots <<= 1)
		;
	memcpy(t->seed, seed, 16);
	/* Entries start on a cache line (mappings are page-aligned). */
	if (cap > SIZE_MAX / t->stride ||
	    (t->slots = table_map(t->nslots * sizeof(*t->slots),
	    &t->slots_len)) == NULL ||
	    (t->mem = table_map(cap * t->stride, &t->mem_len)) == NULL) {
		lru_free(t);
		return NULL;
	}
	t->bytes = sizeof(*t) + t->slots_len + t->mem_len;
	for (i = 0; i < t->nslots; i++)
		t->slots[i].idx = NIL;
	t->free = NIL;
	t->fresh = 0;
	t->victim = NIL;
	t->head = t->tail = NIL;
	return t;
}

void
lru_free(struct lru *t)
{
	if (t == NULL)
		return;
	table_unmap(t->slots, t->slots_len);
	table_unmap(t->mem, t->mem_len);
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

/* The slot of a live entry. */
static size_t
slot_of(const struct lru *t, uint32_t i)
{
	size_t mask = t->nslots - 1, s = E(t, i)->hash & mask;

	while (t->slots[s].idx != i)
		s = (s + 1) & mask;
	return s;
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

/* The entry under the first slot of hash h, or NIL; reads slots only. */
static uint32_t
first_of_hash(const struct lru *t, uint32_t h)
{
	size_t mask = t->nslots - 1, s = h & mask;

	for (;; s = (s + 1) & mask) {
		if (t->slots[s].idx == NIL)
			return NIL;
		if (t->slots[s].hash == h)
			return t->slots[s].idx;
	}
}

void
lru_prefetch_entry(const struct lru *t, uint32_t h)
{
	uint32_t i = first_of_hash(t, h);
	const unsigned char *p;
	size_t off;

	if (i == NIL)
		return;
	p = (const unsigned char *)E(t, i);
	for (off = 0; off < t->stride; off += LINE)
		__builtin_prefetch(p + off, 1);
}

void
lru_prefetch_links(const struct lru *t, uint32_t h)
{
	uint32_t i = first_of_hash(t, h);
	const struct ent *e;

	if (i == NIL)
		return;
	e = E(t, i);
	if (e->prev != NIL && e->prev != FREE)
		__builtin_prefetch(E(t, e->prev), 1);
	if (e->next != NIL && e->prev != FREE)
		__builtin_prefetch(E(t, e->next), 1);
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
		hole = s;
	}
	t->slots[hole].idx = NIL;
}

/*
 * The tail is the next entry evicted, and its memory is reused for the
 * entry that evicts it. Evictions come one a packet, so the fetches run a
 * pipeline along the age list: the tail's entry was fetched two evictions
 * ago and its slot one eviction ago, so looking up its slot now (a load,
 * not a prefetch: measured, prefetching that line alone did not keep it in
 * cache here) finds both in cache. The age list may change before the
 * next eviction; then a fetch was wasted, nothing else.
 */
static void
prepare_tail(struct lru *t)
{
	const unsigned char *p;
	const struct ent *e, *n;
	size_t off;

	if (t->tail == NIL)
		return;
	e = E(t, t->tail);
	t->victim = t->tail;
	t->victim_slot = slot_of(t, t->tail);
	p = (const unsigned char *)e;
	for (off = LINE; off < t->stride; off += LINE)
		__builtin_prefetch(p + off, 1);
	if (e->prev == NIL)
		return;
	n = E(t, e->prev);		/* the next victim, fetched last time */
	__builtin_prefetch(&t->slots[n->hash & (t->nslots - 1)]);
	if (n->prev != NIL)
		__builtin_prefetch(E(t, n->prev), 1);
}

static void
remove_idx(struct lru *t, uint32_t i)
{
	struct ent *e = E(t, i);
	int was_tail = i == t->tail;

	slot_delete(t, i == t->victim && t->slots[t->victim_slot].idx == i ?
	    t->victim_slot : slot_of(t, i));
	age_unlink(t, i);
	e->prev = FREE;
	e->next = t->free;
	t->free = i;
	t->count--;
	if (was_tail)
		prepare_tail(t);
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
		e->seen = (uint32_t)now;
		t->now = now;
		return val_of(t, e);
	}
	if (t->free == NIL && t->fresh == t->cap) {
		remove_idx(t, t->tail);
		if (evicted)
			*evicted = 1;
		/* The deletion may have moved slots: find the place anew. */
		s = probe(t, key, h);
	}
	if (t->free != NIL) {
		i = t->free;
		t->free = E(t, i)->next;
	} else
		i = t->fresh++;
	e = E(t, i);
	memset(e, 0, t->stride);
	e->seen = (uint32_t)now;
	t->now = now;
	e->hash = h;
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
	return E(t, idx_of(t, val))->prev != FREE;
}

void
lru_touch(struct lru *t, void *val, uint64_t now)
{
	uint32_t i = idx_of(t, val);

	if (t->head != i) {
		age_unlink(t, i);
		age_push(t, i);
	}
	E(t, i)->seen = (uint32_t)now;
	t->now = now;
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

	while (t->tail != NIL &&
	    (int32_t)(E(t, t->tail)->seen - (uint32_t)cutoff) < 0) {
		remove_idx(t, t->tail);
		n++;
	}
	return n;
}

uint64_t
lru_oldest(const struct lru *t)
{
	return t->tail == NIL ? 0 : serial_time(E(t, t->tail)->seen, t->now);
}

const void *
lru_key(const struct lru *t, const void *val)
{
	return key_of(t, E(t, idx_of(t, val)));
}

uint64_t
lru_seen(const struct lru *t, const void *val)
{
	return serial_time(E(t, idx_of(t, val))->seen, t->now);
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
