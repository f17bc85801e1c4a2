/* A reader thread for pcap files and streams, feeding the event loop. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "feed.h"
#include "log.h"

struct fslot {
	uint64_t sec;
	uint32_t usec;
	uint32_t caplen;
	uint8_t data[FEED_SNAP];
};

struct feed {
	uv_async_t async;	/* reader -> loop: frames or the end */
	struct capture *cap;
	capture_fn fn;
	feed_end_fn end;
	void *arg;
	struct fslot *ring;
	_Atomic size_t head;	/* written by the reader */
	_Atomic size_t tail;	/* written by the loop */
	_Atomic int done;	/* reader finished */
	_Atomic int stop;	/* loop asks the reader to stop */
	pthread_mutex_t mu;
	pthread_cond_t room;
	pthread_t thr;
	int thr_started;
	int status;
	char err[256];
	int ended;		/* end callback called */
	uint64_t frames;
};

static void
reader_frame(void *arg, const uint8_t *frame, size_t caplen, uint64_t sec,
    uint32_t usec)
{
	struct feed *f = arg;
	size_t h = atomic_load_explicit(&f->head, memory_order_relaxed);
	struct fslot *s;

	if (h - atomic_load_explicit(&f->tail, memory_order_acquire) >=
	    FEED_SLOTS) {
		pthread_mutex_lock(&f->mu);
		while (h - atomic_load(&f->tail) >= FEED_SLOTS &&
		    !atomic_load(&f->stop))
			pthread_cond_wait(&f->room, &f->mu);
		pthread_mutex_unlock(&f->mu);
		if (atomic_load(&f->stop)) {
			capture_break(f->cap);
			return;
		}
	}
	s = &f->ring[h & (FEED_SLOTS - 1)];
	s->sec = sec;
	s->usec = usec;
	/* A truncated frame decodes as truncated, like a short snaplen. */
	s->caplen = (uint32_t)(caplen < FEED_SNAP ? caplen : FEED_SNAP);
	memcpy(s->data, frame, s->caplen);
	atomic_store_explicit(&f->head, h + 1, memory_order_release);
	uv_async_send(&f->async);
}

static void *
reader(void *arg)
{
	struct feed *f = arg;

	f->status = capture_run(f->cap, reader_frame, f, f->err,
	    sizeof(f->err));
	atomic_store(&f->done, 1);
	uv_async_send(&f->async);
	return NULL;
}

static void
on_async(uv_async_t *a)
{
	struct feed *f = a->data;
	size_t t = atomic_load_explicit(&f->tail, memory_order_relaxed);
	size_t h = atomic_load_explicit(&f->head, memory_order_acquire);
	size_t n = 0;

	while (t != h && n < FEED_BUDGET) {
		struct fslot *s = &f->ring[t & (FEED_SLOTS - 1)];

		f->fn(f->arg, s->data, s->caplen, s->sec, s->usec);
		t++;
		n++;
	}
	f->frames += n;
	atomic_store_explicit(&f->tail, t, memory_order_release);
	if (n) {
		pthread_mutex_lock(&f->mu);
		pthread_cond_signal(&f->room);
		pthread_mutex_unlock(&f->mu);
	}
	/* More waiting: come back after the loop has polled for I/O. */
	if (t != atomic_load_explicit(&f->head, memory_order_acquire)) {
		uv_async_send(&f->async);
		return;
	}
	if (atomic_load(&f->done) && !f->ended) {
		f->ended = 1;
		pthread_join(f->thr, NULL);
		f->thr_started = 0;
		f->end(f->arg, f->status, f->err);
	}
}

struct feed *
feed_new(uv_loop_t *loop, struct capture *c, capture_fn fn, feed_end_fn end,
    void *arg)
{
	struct feed *f;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->ring = calloc(FEED_SLOTS, sizeof(*f->ring))) == NULL) {
		free(f);
		capture_close(c);
		return NULL;
	}
	f->cap = c;
	f->fn = fn;
	f->end = end;
	f->arg = arg;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->room, NULL);
	if (uv_async_init(loop, &f->async, on_async) != 0)
		goto fail;
	f->async.data = f;
	if (pthread_create(&f->thr, NULL, reader, f) != 0) {
		uv_close((uv_handle_t *)&f->async, NULL);
		goto fail;
	}
	f->thr_started = 1;
	return f;
fail:
	/* The async handle (if any) is closed; its memory must outlive
	 * the close callback, so a failed feed is leaked on purpose. */
	capture_close(c);
	f->cap = NULL;
	return NULL;
}

uint64_t
feed_frames(const struct feed *f)
{
	return f->frames;
}

static void
on_closed(uv_handle_t *h)
{
	struct feed *f = h->data;

	if (f->thr_started)
		return;		/* the reader still owns cap and ring */
	capture_close(f->cap);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->room);
	free(f->ring);
	free(f);
}

void
feed_close(struct feed *f)
{
	atomic_store(&f->stop, 1);
	pthread_mutex_lock(&f->mu);
	pthread_cond_broadcast(&f->room);
	pthread_mutex_unlock(&f->mu);
	if (f->thr_started && atomic_load(&f->done)) {
		pthread_join(f->thr, NULL);
		f->thr_started = 0;
	} else if (f->thr_started)
		pthread_detach(f->thr);
	uv_close((uv_handle_t *)&f->async, on_closed);
}
