/*
 * A pcap file or stream (standard input, a FIFO) read by its own thread
 * into a bounded ring that the event loop drains, so a slow or stalled
 * stream never blocks the lookup services. When the ring is full the
 * reader waits: frames are delayed, never dropped.
 */
#ifndef SYNPRINT_FEED_H
#define SYNPRINT_FEED_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "capture.h"

struct feed;

/* Called when the source ends: status 0 at a clean end, else a
 * capture_run() error with its message. */
typedef void (*feed_end_fn)(void *arg, int status, const char *err);

/*
 * Starts reading c (owned by the feed from now on) in a thread; frames
 * are delivered to fn on loop. NULL on failure (c is closed).
 */
struct feed *feed_new(uv_loop_t *loop, struct capture *c, capture_fn fn,
    feed_end_fn end, void *arg);

/* Frames delivered so far. */
uint64_t feed_frames(const struct feed *);

/* Stops the reader (it may be blocked reading a stream: the thread is
 * then left to end with the process) and closes the handles; the feed
 * is freed in the close callback. */
void feed_close(struct feed *);

#endif
