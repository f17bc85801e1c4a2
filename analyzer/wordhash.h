/*
 * A fast hash of a key made of whole 8-byte words, for the caches that
 * compare their keys whole (the match memo, the writer's SYN tails): it
 * only spreads keys over sets, it decides nothing. seed keeps chosen keys
 * from aiming at one set where the keys come from the network.
 */
#ifndef SYNPRINT_WORDHASH_H
#define SYNPRINT_WORDHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t
wordhash(const void *key, size_t words, uint64_t seed)
{
	const unsigned char *p = key;
	uint64_t h = seed, w;
	size_t i;

	for (i = 0; i < words; i++) {
		memcpy(&w, p + 8 * i, sizeof(w));
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	return h;
}

#endif
