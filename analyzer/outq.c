/* SPSC ring + writer thread in front of struct output. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "outq.h"

#define OUTQ_SLOTS	8192	/* records in flight (power of two) */
#define OUTQ_BATCH	256	/* records between wake-ups */

struct slot {
	struct record rec;
	struct pkt_tcp pkt;
	struct match m;
};

struct outq {
	struct output *out;
	struct slot *ring;
	_Atomic size_t head;	/* next to write (producer) */
	_Atomic size_t tail;	/* next to read (consumer) */
	_Atomic int done;
	_Atomic int cons_waiting;
	_Atomic int prod_waiting;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thr;
};

static void
wake(struct outq *q, _Atomic int *flag)
{
	if (atomic_load_explicit(flag, memory_order_seq_cst)) {
		pthread_mutex_lock(&q->mu);
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
}

/* Waits until cond() holds, spinning briefly first. */
static void
wait_for(struct outq *q, _Atomic int *flag, int (*cond)(struct outq *))
{
	int i;

	for (i = 0; i < 200; i++)
		if (cond(q))
			return;
	pthread_mutex_lock(&q->mu);
	atomic_store(flag, 1);
	while (!cond(q))
		pthread_cond_wait(&q->cv, &q->mu);
	atomic_store(flag, 0);
	pthread_mutex_unlock(&q->mu);
}

static int
has_data_or_done(struct outq *q)
{
	return atomic_load_explicit(&q->head, memory_order_acquire) !=
	    atomic_load_explicit(&q->tail, memory_order_relaxed) ||
	    atomic_load(&q->done);
}

static int
has_room(struct outq *q)
{
	return atomic_load_explicit(&q->head, memory_order_relaxed) -
	    atomic_load_explicit(&q->tail, memory_order_acquire) < OUTQ_SLOTS;
}

static void *
writer(void *arg)
{
	struct outq *q = arg;
	size_t t = 0, h, n = 0;

	for (;;) {
		h = atomic_load_explicit(&q->head, memory_order_acquire);
		if (h == t) {
			if (atomic_load(&q->done) &&
			    atomic_load(&q->head) == t)
				break;
			/* Idle: hand what we have to the kernel; a failure
			 * is kept in the output and reported at close. */
			if (output_flush(q->out) < 0)
				continue;
			wait_for(q, &q->cons_waiting, has_data_or_done);
			continue;
		}
		while (t != h) {
			struct slot *s = &q->ring[t & (OUTQ_SLOTS - 1)];

			output_record(&s->rec, q->out);
			t++;
			if (++n % OUTQ_BATCH == 0) {
				atomic_store_explicit(&q->tail, t,
				    memory_order_release);
				wake(q, &q->prod_waiting);
			}
		}
		atomic_store_explicit(&q->tail, t, memory_order_release);
		wake(q, &q->prod_waiting);
	}
	return NULL;
}

struct outq *
outq_new(struct output *o)
{
	struct outq *q;
	int r;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	if ((q->ring = calloc(OUTQ_SLOTS, sizeof(*q->ring))) == NULL) {
		free(q);
		return NULL;
	}
	q->out = o;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	if ((r = pthread_create(&q->thr, NULL, writer, q)) != 0) {
		free(q->ring);
		free(q);
		errno = r;
		return NULL;
	}
	return q;
}

void
outq_record(const struct record *rec, void *arg)
{
	struct outq *q = arg;
	size_t h = atomic_load_explicit(&q->head, memory_order_relaxed);
	struct slot *s;

	if (!has_room(q))
		wait_for(q, &q->prod_waiting, has_room);
	s = &q->ring[h & (OUTQ_SLOTS - 1)];
	s->rec = *rec;
	s->pkt = *rec->pkt;
	s->rec.pkt = &s->pkt;
	if (rec->m) {
		s->m = *rec->m;
		s->rec.m = &s->m;
	}
	atomic_store_explicit(&q->head, h + 1, memory_order_release);
	if ((h + 1) % OUTQ_BATCH == 0)
		wake(q, &q->cons_waiting);
}

int
outq_close(struct outq *q)
{
	int r;

	atomic_store(&q->done, 1);
	pthread_mutex_lock(&q->mu);
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thr, NULL);
	r = output_flush(q->out);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q->ring);
	free(q);
	return r;
}
