/*
 * The per-connection result cache the lookup services answer from: every
 * field of every record about one endpoint (ip:port), merged newest-wins
 * per field name, exactly as amavisd-new's p0f-analyzer merges p0f's
 * output blocks. Fixed capacity, least-recently-seen eviction, idle expiry
 * on record time. Values are stored as text, so a database reload never
 * leaves an entry pointing into freed memory.
 */
#ifndef SYNPRINT_RESULTS_H
#define SYNPRINT_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

struct results;

/* What the structured services need of one endpoint's last SYN. */
struct conn_view {
	uint64_t first_seen;	/* seconds, first record */
	uint64_t last_seen;	/* seconds, last record */
	const char *os;		/* "name flavor" of an OS match, NUL-ended */
	size_t os_len;		/* 0: no OS label */
	size_t name_len;	/* bytes of os that are the name */
	const char *link;	/* NULL: unknown */
	size_t link_len;
	uint8_t dist;		/* 255: unknown */
	uint8_t fuzzy;
	uint8_t generic;
	uint8_t peer_ver;	/* the other end of the last record */
	uint8_t peer[16];
	uint16_t peer_port;
};

struct results_stats {
	uint64_t records;	/* records merged */
	uint64_t evicted;	/* entries pushed out by newer ones */
	uint64_t expired;	/* entries idle past the TTL */
	uint64_t dropped_fields; /* values that did not fit an entry */
	size_t count, cap, bytes;
};

/* cap endpoints, idle TTL in seconds, hash key. NULL on failure. */
struct results *results_new(size_t cap, uint32_t ttl_s,
    const uint8_t seed[16]);
void results_free(struct results *);

/* The signature database changed: forget fields formatted from the old. */
void results_set_db(struct results *);

/* Merges one engine record (an engine_emit_fn; arg is the results). */
void results_record(const struct record *rec, void *arg);

/* The entry of ip:port, or NULL. */
const struct results_entry *results_find(const struct results *, int ip_ver,
    const uint8_t addr[16], uint16_t port);

/*
 * The p0f-analyzer RESULT of an entry: the "os" value, then every other
 * field as "name: value" sorted by name, joined with "; ". Returns the
 * length written (NUL-terminated, cut at len - 1).
 */
size_t results_text(const struct results_entry *, char *buf, size_t len);

/* The structured view of an entry. */
void results_view(const struct results *, const struct results_entry *,
    struct conn_view *out);

void results_stats(const struct results *, struct results_stats *);

#endif
