/*
 * A fixed-capacity table of fixed-size entries keyed by a byte string, with
 * least-recently-seen eviction and idle expiry on an injected clock. All
 * memory is allocated by lru_new(); inserting never allocates. The hash is
 * SipHash-1-3 with a per-table random key, so floods cannot aim at buckets.
 *
 * Entries start on a cache line and take 16 bytes of bookkeeping plus the
 * key before the value. Times (seconds) are kept in 32 bits and compared
 * as serial numbers: exact while the times compared are less than 2^31 s
 * (68 years) apart, and read relative to the latest time given.
 */
#ifndef SYNPRINT_LRU_H
#define SYNPRINT_LRU_H

#include <stddef.h>
#include <stdint.h>

struct lru;

/*
 * A time kept as its low 32 bits, read as the time nearest to ref
 * (serial-number arithmetic): exact while the two are less than 2^31 s
 * (68 years) apart. For the table and for the times its values hold.
 */
static inline uint64_t
serial_time(uint32_t lo, uint64_t ref)
{
	return ref + (uint64_t)(int64_t)(int32_t)(lo - (uint32_t)ref);
}

/*
 * cap entries, each with a key of key_len bytes and a value of val_len
 * bytes (zeroed on insert), aligned for any object of that size. seed[16]
 * keys the hash. NULL on failure. Entry memory is touched only as entries
 * are first used.
 */
struct lru *lru_new(size_t cap, size_t key_len, size_t val_len,
    const uint8_t seed[16]);
void lru_free(struct lru *);

/* The value stored under key, or NULL. Does not change recency. */
void *lru_find(const struct lru *, const void *key);

/*
 * The value under key, created (zeroed, *created = 1) if absent, and made
 * most recently seen at time now (seconds). When the table is full the
 * least recently seen entry is evicted first; *evicted (if non-NULL) is
 * set to 1 then.
 */
void *lru_get(struct lru *, const void *key, uint64_t now, int *created,
    int *evicted);

/* 1 if val (a value pointer of this table) currently holds an entry. */
int lru_live(const struct lru *, const void *val);

/*
 * For batched callers: the hash of a key; prefetches in three stages, each
 * best called once the previous one's memory has arrived: the slot the
 * hash lands in, the entry there, and the entries next to it in age order
 * (which lru_get() writes when it makes the entry the most recent); and
 * lru_get/lru_find with the hash precomputed.
 */
uint32_t lru_hash(const struct lru *, const void *key);
void lru_prefetch(const struct lru *, uint32_t hash);
void lru_prefetch_entry(const struct lru *, uint32_t hash);
void lru_prefetch_links(const struct lru *, uint32_t hash);
void *lru_get_h(struct lru *, const void *key, uint32_t hash, uint64_t now,
    int *created, int *evicted);
void *lru_find_h(const struct lru *, const void *key, uint32_t hash);

/* Make an entry (a value pointer from this table) most recently seen. */
void lru_touch(struct lru *, void *val, uint64_t now);

/* Remove an entry. */
void lru_remove(struct lru *, void *val);

/* Remove the n least recently seen entries; returns how many. */
size_t lru_evict(struct lru *, size_t n);

/* Remove every entry last seen before cutoff; returns how many. */
size_t lru_expire(struct lru *, uint64_t cutoff);

/* Oldest entry's last-seen time, or 0 when empty. */
uint64_t lru_oldest(const struct lru *);

/* Key and last-seen time of a value pointer. */
const void *lru_key(const struct lru *, const void *val);
uint64_t lru_seen(const struct lru *, const void *val);

/* Calls fn for every value, most recent first. fn must not modify the
 * table's membership. */
void lru_foreach(struct lru *, void (*fn)(void *val, void *arg), void *arg);

size_t lru_count(const struct lru *);
size_t lru_capacity(const struct lru *);
/* Bytes allocated by lru_new(). */
size_t lru_bytes(const struct lru *);

/* SipHash-1-3 of buf under key[16] (exposed for tests). */
uint64_t lru_siphash(const uint8_t key[16], const void *buf, size_t len);

#endif
