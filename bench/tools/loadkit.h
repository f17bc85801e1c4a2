/* Shared by the bench load generators: a clock and latency percentiles. */
#ifndef SYNPRINT_LOADKIT_H
#define SYNPRINT_LOADKIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts n latencies (ns) in place. */
static inline void
lat_sort(uint32_t *lat, size_t n)
{
	qsort(lat, n, sizeof(*lat), cmp_u32);
}

/* The p-quantile (0..1) of n sorted latencies, in microseconds. */
static inline double
lat_pct(const uint32_t *lat, size_t n, double p)
{
	if (n == 0)
		return 0;
	return lat[(size_t)(p * (double)(n - 1) + 0.5)] / 1000.0;
}

#endif
