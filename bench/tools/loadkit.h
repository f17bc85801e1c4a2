/*
 * Shared by the bench load generators: a clock, latency percentiles and the
 * reader of KEYS files.
 */
#ifndef SYNPRINT_LOADKIT_H
#define SYNPRINT_LOADKIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define KEYS_LINE	256		/* bytes of a KEYS line */
#define KEYS_ADDR	128		/* bytes of its address, NUL included */

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

/*
 * Reads the "VER ADDR PORT" lines of the KEYS file path (bench/tools/keys.py
 * writes them) and calls fn(i, ver, addr, port) for each line that parses, i
 * being the number of lines kept so far; fn returns 1 to keep the line, 0 to
 * skip it. Stops after max kept lines. Returns how many were kept (at least
 * one), or -1 after a message on stderr, prefixed with prog, when the file
 * cannot be opened or keeps none.
 */
static inline int
keys_read(const char *prog, const char *path, int max,
    int (*fn)(int i, int ver, const char *addr, int port))
{
	char line[KEYS_LINE], addr[KEYS_ADDR];
	FILE *f;
	int n = 0, ver, port;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "%s: ", prog);
		perror(path);
		return -1;
	}
	while (n < max && fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %127s %d", &ver, addr, &port) == 3)
			n += fn(n, ver, addr, port);
	fclose(f);
	if (n == 0) {
		fprintf(stderr, "%s: no keys in %s\n", prog, path);
		return -1;
	}
	return n;
}

#endif
