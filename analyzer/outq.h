/*
 * A writer thread for output: the engine's records are copied into a
 * bounded single-producer/single-consumer ring and formatted and written
 * by a second thread, so formatting runs beside decoding and matching.
 * Records point into the signature set only, which must outlive the queue.
 */
#ifndef SYNPRINT_OUTQ_H
#define SYNPRINT_OUTQ_H

#include "engine.h"
#include "output.h"

struct outq;

/* Starts the writer for o. NULL on failure (errno set). */
struct outq *outq_new(struct output *o);

/* An engine_emit_fn: queues a copy (waits while the ring is full). */
void outq_record(const struct record *rec, void *arg);

/* Drains the ring, stops the thread, flushes o; frees the queue.
 * Returns output_flush()'s result. */
int outq_close(struct outq *) __attribute__((warn_unused_result));

#endif
