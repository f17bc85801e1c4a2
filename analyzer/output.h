/*
 * Writing engine records as p0f-compatible "-o" log lines or as JSON lines
 * to a file descriptor, through one reused buffer. Lines are only ever
 * written whole.
 */
#ifndef SYNPRINT_OUTPUT_H
#define SYNPRINT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

enum out_fmt { OUT_P0F, OUT_JSON };

struct output;

/* fd is not closed by output_free. NULL on allocation failure. */
struct output *output_new(int fd, enum out_fmt fmt, const struct sigdb *db);
void output_free(struct output *);

/* After a database reload: class names come from db from now on. */
void output_set_db(struct output *, const struct sigdb *db);

/* Formats one record (an engine_emit_fn; arg is the struct output). */
void output_record(const struct record *rec, void *arg);

/* Writes what is buffered. 0, or -1 with errno set (e.g. EPIPE). */
int output_flush(struct output *) __attribute__((warn_unused_result));

/* Lines written so far, and write errors. */
uint64_t output_lines(const struct output *);
int output_failed(const struct output *);
/* Lines not written because they would not fit OUT_LINE_MAX (a label
 * made of control characters, say). */
uint64_t output_too_long(const struct output *);

/* The fields of records, as p0f names them, in the order of their names. */
enum out_field { OF_APP, OF_DIST, OF_LINK, OF_OS, OF_PARAMS, OF_RAW_FREQ,
	OF_RAW_HITS, OF_RAW_MTU, OF_RAW_SIG, OF_REASON, OF_UPTIME, OF_COUNT };

/* "app", "dist", ... for a field, and its length. */
const char *output_field_name(enum out_field);
size_t output_field_name_len(enum out_field);

/*
 * The fields of a record after "subj=", in log order ("os" or "app",
 * "dist", "params", "raw_sig"; "link", "raw_mtu"; "uptime", "raw_freq";
 * "reason", "raw_hits"). val is not NUL-terminated and only valid during
 * the call.
 */
typedef void (*output_field_fn)(void *arg, enum out_field field,
    const char *val, size_t len);
void output_fields(const struct record *rec, output_field_fn fn, void *arg);

/*
 * The same through a cache of SYNs' fields by fingerprint (few distinct
 * ones make up real traffic): each owner of such a cache formats a
 * fingerprint once. Clear it when the signature database changes.
 */
struct field_cache;
struct field_cache *field_cache_new(void);
void field_cache_clear(struct field_cache *);	/* NULL: nothing */
void field_cache_free(struct field_cache *);
size_t field_cache_bytes(void);		/* of one cache */
void output_fields_cached(const struct record *rec, struct field_cache *,
    output_field_fn fn, void *arg);

/* Formats an address the way p0f does (IPv6: 8 groups, no "::"). */
size_t output_addr(char *buf, size_t len, int ip_ver, const uint8_t *addr);

/* The record as one line (no newline) into buf; returns its length. */
size_t output_format(struct output *, const struct record *rec, char *buf,
    size_t len);

#endif
