/*
 * Unit tests of lru.c: fixed capacity, least-recently-seen eviction,
 * recency on lru_get/lru_touch (not lru_find), expiry by cutoff, removal,
 * iteration order, a flood, a randomised comparison with a trivial model,
 * and SipHash-1-3 known answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "lru.h"

static const uint8_t seed0[16] = { 0 };

struct val {
	uint32_t a, b;
};

static void
key_of(uint8_t k[8], uint64_t n)
{
	int i;

	for (i = 0; i < 8; i++)
		k[i] = (uint8_t)(n >> (8 * i));
}

static struct val *
get(struct lru *t, uint64_t n, uint64_t now, int *created, int *evicted)
{
	uint8_t k[8];
	int c, e;

	key_of(k, n);
	return lru_get(t, k, now, created ? created : &c,
	    evicted ? evicted : &e);
}

static struct val *
find(const struct lru *t, uint64_t n)
{
	uint8_t k[8];

	key_of(k, n);
	return lru_find(t, k);
}

static struct lru *
table(size_t cap)
{
	struct lru *t = lru_new(cap, 8, sizeof(struct val), seed0);

	assert_non_null(t);
	assert_int_equal(lru_capacity(t), cap);
	assert_int_equal(lru_count(t), 0);
	return t;
}

/* ------------------------------------------------------------------ */

/*
 * SipHash-1-3 known answers. Key 00..0f, message 00..(n-1): computed with
 * a model that reproduces the reference SipHash-2-4 vectors (e.g. n=0:
 * 0x726fdb47dd0e0e31) when run with 2/4 rounds. Zero key: CPython's
 * built-in siphash13 (hash() of bytes with PYTHONHASHSEED=0) agrees.
 */
static void
test_siphash13_known_answers(void **state)
{
	static const struct {
		size_t n;
		uint64_t h;
	} v[] = {
		{ 0, 0xabac0158050fc4dcULL }, { 1, 0xc9f49bf37d57ca93ULL },
		{ 7, 0xd3927d989bb11140ULL }, { 8, 0x369095118d299a8eULL },
		{ 15, 0xd320d86d2a519956ULL }, { 16, 0xcc4fdd1a7d908b66ULL },
		{ 63, 0x9d199062b7bbb3a8ULL },
	};
	uint8_t key[16], msg[64];
	size_t i;

	(void)state;
	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	for (i = 0; i < sizeof(v) / sizeof(*v); i++)
		if (lru_siphash(key, msg, v[i].n) != v[i].h)
			fail_msg("len %zu: %016llx != %016llx", v[i].n,
			    (unsigned long long)lru_siphash(key, msg, v[i].n),
			    (unsigned long long)v[i].h);
	assert_true(lru_siphash(seed0, "siphash", 7) ==
	    0x8264ceeccb16bcbeULL);
	assert_true(lru_siphash(seed0, "digest-sip_hash", 15) ==
	    0xce31007e34130c0aULL);
	assert_true(lru_siphash(seed0, "a", 1) == 0x407448d2b89b1813ULL);
	assert_true(lru_siphash(seed0, "abcdefgh", 8) ==
	    0x3f7b849c0b8e35eaULL);
	assert_true(lru_siphash(seed0, "abcdefghi", 9) ==
	    0xf89b34a3d11eb6e5ULL);
}

static void
test_siphash_key_sensitivity(void **state)
{
	uint8_t k1[16] = { 0 }, k2[16] = { 0 };
	struct lru *a, *b;
	uint8_t key[8];
	int i, differ = 0;

	(void)state;
	k2[15] = 1;
	assert_true(lru_siphash(k1, "x", 1) != lru_siphash(k2, "x", 1));
	assert_true(lru_siphash(k1, "x", 1) == lru_siphash(k1, "x", 1));
	/* Tables keyed differently spread the same keys differently. */
	a = lru_new(16, 8, 8, k1);
	b = lru_new(16, 8, 8, k2);
	assert_non_null(a);
	assert_non_null(b);
	for (i = 0; i < 16; i++) {
		key_of(key, (uint64_t)i);
		assert_int_equal(lru_hash(a, key), lru_hash(a, key));
		differ += lru_hash(a, key) != lru_hash(b, key);
	}
	assert_true(differ >= 15);
	lru_free(a);
	lru_free(b);
}

static void
test_new_rejects_bad_sizes(void **state)
{
	(void)state;
	assert_null(lru_new(0, 8, 8, seed0));
	assert_null(lru_new(8, 0, 8, seed0));
}

static void
test_insert_find_zeroed(void **state)
{
	struct lru *t = table(4);
	struct val *v;
	int created, evicted;
	uint8_t k[8];

	(void)state;
	assert_null(find(t, 1));
	v = get(t, 1, 100, &created, &evicted);
	assert_non_null(v);
	assert_int_equal(created, 1);
	assert_int_equal(evicted, 0);
	assert_int_equal(v->a, 0);
	assert_int_equal(v->b, 0);
	v->a = 7;
	assert_ptr_equal(find(t, 1), v);
	/* Getting it again finds the same value, not a new one. */
	v = get(t, 1, 101, &created, &evicted);
	assert_int_equal(created, 0);
	assert_int_equal(v->a, 7);
	assert_int_equal(lru_count(t), 1);
	key_of(k, 1);
	assert_memory_equal(lru_key(t, v), k, 8);
	assert_int_equal(lru_seen(t, v), 101);
	assert_int_equal(lru_live(t, v), 1);
	lru_free(t);
}

static void
test_capacity_and_eviction_order(void **state)
{
	struct lru *t = table(8);
	int created, evicted;
	uint64_t i;

	(void)state;
	for (i = 0; i < 8; i++) {
		get(t, i, 10 + i, &created, &evicted);
		assert_int_equal(evicted, 0);
	}
	assert_int_equal(lru_count(t), 8);
	assert_int_equal(lru_oldest(t), 10);
	for (i = 8; i < 20; i++) {
		struct val *v = get(t, i, 10 + i, &created, &evicted);

		assert_int_equal(created, 1);
		assert_int_equal(evicted, 1);
		assert_int_equal(lru_count(t), 8);
		/* The oldest one went, and only it. */
		assert_null(find(t, i - 8));
		assert_non_null(find(t, i - 7));
		assert_int_equal(v->a, 0);	/* a reused slot is zeroed */
		v->a = 0xdead;
	}
	assert_int_equal(lru_oldest(t), 22);
	lru_free(t);
}

static void
test_get_refreshes_find_does_not(void **state)
{
	struct lru *t = table(4);
	uint64_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		get(t, i, 1, NULL, NULL);
	/* lru_find on the oldest changes nothing: it is evicted next. */
	assert_non_null(find(t, 0));
	get(t, 10, 2, NULL, NULL);
	assert_null(find(t, 0));
	/* lru_get on the oldest (now 1) makes it the youngest. */
	get(t, 1, 3, NULL, NULL);
	get(t, 11, 4, NULL, NULL);
	assert_non_null(find(t, 1));
	assert_null(find(t, 2));
	/* lru_touch too. */
	lru_touch(t, find(t, 3), 5);
	assert_int_equal(lru_seen(t, find(t, 3)), 5);
	get(t, 12, 6, NULL, NULL);
	assert_non_null(find(t, 3));
	assert_null(find(t, 10));
	lru_free(t);
}

struct collect {
	const struct lru *t;
	uint64_t keys[16];
	size_t n;
};

static void
collect_fn(void *val, void *arg)
{
	struct collect *c = arg;
	const uint8_t *k = lru_key(c->t, val);
	uint64_t n = 0;
	int i;

	for (i = 7; i >= 0; i--)
		n = n << 8 | k[i];
	assert_true(c->n < 16);
	c->keys[c->n++] = n;
}

static void
test_foreach_most_recent_first(void **state)
{
	struct lru *t = table(8);
	struct collect c = { .t = NULL, .n = 0 };

	(void)state;
	c.t = t;
	get(t, 5, 1, NULL, NULL);
	get(t, 6, 2, NULL, NULL);
	get(t, 7, 3, NULL, NULL);
	get(t, 5, 4, NULL, NULL);
	lru_foreach(t, collect_fn, &c);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.keys[0], 5);
	assert_int_equal(c.keys[1], 7);
	assert_int_equal(c.keys[2], 6);
	lru_free(t);
}

static void
test_expire_by_cutoff(void **state)
{
	struct lru *t = table(8);

	(void)state;
	get(t, 1, 10, NULL, NULL);
	get(t, 2, 20, NULL, NULL);
	get(t, 3, 30, NULL, NULL);
	assert_int_equal(lru_expire(t, 10), 0);	/* strictly before */
	assert_int_equal(lru_expire(t, 25), 2);
	assert_null(find(t, 1));
	assert_null(find(t, 2));
	assert_non_null(find(t, 3));
	assert_int_equal(lru_count(t), 1);
	assert_int_equal(lru_oldest(t), 30);
	assert_int_equal(lru_expire(t, 1000), 1);
	assert_int_equal(lru_count(t), 0);
	assert_int_equal(lru_oldest(t), 0);
	/* The table is usable afterwards. */
	get(t, 4, 40, NULL, NULL);
	assert_non_null(find(t, 4));
	lru_free(t);
}

static void
test_remove_and_evict(void **state)
{
	struct lru *t = table(4);
	struct val *v;
	uint64_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		get(t, i, i, NULL, NULL);
	v = find(t, 2);
	lru_remove(t, v);
	assert_int_equal(lru_live(t, v), 0);
	assert_null(find(t, 2));
	assert_int_equal(lru_count(t), 3);
	for (i = 0; i < 4; i++)
		if (i != 2)
			assert_non_null(find(t, i));
	/* A free slot: no eviction for the next insert. */
	{
		int created, evicted;

		get(t, 9, 9, &created, &evicted);
		assert_int_equal(evicted, 0);
	}
	assert_int_equal(lru_evict(t, 2), 2);	/* 0 and 1 */
	assert_null(find(t, 0));
	assert_null(find(t, 1));
	assert_non_null(find(t, 3));
	assert_non_null(find(t, 9));
	assert_int_equal(lru_evict(t, 10), 2);
	assert_int_equal(lru_count(t), 0);
	lru_free(t);
}

static void
test_flood_bounded(void **state)
{
	struct lru *t = table(1000);
	size_t bytes = lru_bytes(t);
	uint64_t i, evictions = 0;

	(void)state;
	assert_true(bytes > 0);
	for (i = 0; i < 100000; i++) {
		int created, evicted;

		get(t, i * 2654435761u, i, &created, &evicted);
		assert_true(created);
		evictions += (uint64_t)evicted;
		if (lru_count(t) > 1000)
			fail_msg("count %zu > 1000", lru_count(t));
	}
	assert_int_equal(lru_count(t), 1000);
	assert_int_equal(evictions, 100000 - 1000);
	assert_int_equal(lru_bytes(t), bytes);
	for (i = 99000; i < 100000; i++)
		assert_non_null(find(t, i * 2654435761u));
	assert_null(find(t, 98999 * 2654435761u));
	lru_free(t);
}

/*
 * Random gets, finds, touches and removes on a small table with many
 * collisions, checked after every step against a plain array model.
 */
struct model {
	uint64_t key[32];
	uint64_t age[32];	/* larger = more recent */
	int used[32];
};

static int
model_find(const struct model *m, uint64_t k)
{
	int i;

	for (i = 0; i < 32; i++)
		if (m->used[i] && m->key[i] == k)
			return i;
	return -1;
}

static void
test_random_against_model(void **state)
{
	struct lru *t = table(32);
	struct model m;
	uint64_t rnd = 88172645463325252ULL, clock = 0;
	int step, i;

	(void)state;
	memset(&m, 0, sizeof(m));
	for (step = 0; step < 60000; step++) {
		uint64_t k, op;
		int mi;
		struct val *v;

		rnd ^= rnd << 13;
		rnd ^= rnd >> 7;
		rnd ^= rnd << 17;
		k = (rnd >> 8) % 80;
		op = rnd % 10;
		mi = model_find(&m, k);
		v = find(t, k);
		if ((mi >= 0) != (v != NULL))
			fail_msg("step %d: key %llu model %d table %p", step,
			    (unsigned long long)k, mi, (void *)v);
		if (v != NULL && v->a != (uint32_t)k + 1)
			fail_msg("step %d: value of %llu lost", step,
			    (unsigned long long)k);
		clock++;
		if (op < 6) {			/* get */
			int created, evicted, n = 0, old = -1;

			v = get(t, k, clock, &created, &evicted);
			assert_int_equal(created, mi < 0);
			if (mi < 0) {
				for (i = 0; i < 32; i++) {
					n += m.used[i];
					if (m.used[i] && (old < 0 ||
					    m.age[i] < m.age[old]))
						old = i;
				}
				assert_int_equal(evicted, n == 32);
				if (n == 32)
					m.used[old] = 0;
				for (mi = 0; m.used[mi]; mi++)
					;
				m.used[mi] = 1;
				m.key[mi] = k;
				v->a = (uint32_t)k + 1;
			}
			m.age[mi] = clock;
		} else if (op < 8 && v != NULL) {	/* remove */
			lru_remove(t, v);
			m.used[mi] = 0;
		} else if (v != NULL) {			/* touch */
			lru_touch(t, v, clock);
			m.age[mi] = clock;
		}
		{
			size_t n = 0;

			for (i = 0; i < 32; i++)
				n += (size_t)m.used[i];
			assert_int_equal(lru_count(t), n);
		}
	}
	lru_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash13_known_answers),
		cmocka_unit_test(test_siphash_key_sensitivity),
		cmocka_unit_test(test_new_rejects_bad_sizes),
		cmocka_unit_test(test_insert_find_zeroed),
		cmocka_unit_test(test_capacity_and_eviction_order),
		cmocka_unit_test(test_get_refreshes_find_does_not),
		cmocka_unit_test(test_foreach_most_recent_first),
		cmocka_unit_test(test_expire_by_cutoff),
		cmocka_unit_test(test_remove_and_evict),
		cmocka_unit_test(test_flood_bounded),
		cmocka_unit_test(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
