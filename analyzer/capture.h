/*
 * Packet sources through libpcap: an offline pcap/pcapng file, or a pcap
 * stream on standard input or a FIFO ("-"), which is read as data arrives.
 * Errors carry the byte offset and the number of records read.
 */
#ifndef SYNPRINT_CAPTURE_H
#define SYNPRINT_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

struct capture;

/* Called per captured frame. */
typedef void (*capture_fn)(void *arg, const uint8_t *frame, size_t caplen,
    uint64_t sec, uint32_t usec);

enum capture_err {
	CAP_EOPEN = -1,		/* could not open / not a capture */
	CAP_EFILTER = -2,	/* BPF filter did not compile */
	CAP_EDLT = -3,		/* link type not supported */
	CAP_EREAD = -4,		/* corrupt or truncated capture */
};

/*
 * Opens path ("-" = standard input). filter is a BPF expression or NULL.
 * On failure err holds the reason.
 */
int capture_open_file(const char *path, const char *filter,
    struct capture **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/*
 * Reads to the end, calling fn per frame. 0 at a clean end; CAP_EREAD
 * with err set ("offset N, after M records: reason") otherwise. Frames
 * read before an error have been delivered.
 */
int capture_run(struct capture *, capture_fn fn, void *arg, char *err,
    size_t errlen) __attribute__((warn_unused_result));

/*
 * Opens interface iface ("any" for all) for live capture: non-blocking,
 * immediate mode, a kernel buffer of bufsize bytes, headers only.
 */
int capture_open_live(const char *iface, const char *filter, int bufsize,
    struct capture **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The descriptor to poll for a live capture. */
int capture_fd(const struct capture *);

/*
 * Processes up to max waiting frames (live) or the next max frames
 * (offline); returns how many, or CAP_EREAD with err set.
 */
int capture_dispatch(struct capture *, capture_fn fn, void *arg, int max,
    char *err, size_t errlen) __attribute__((warn_unused_result));

/* Kernel counters of a live capture: 0, or -1 if there are none. */
int capture_stats(const struct capture *, uint64_t *recv, uint64_t *drop,
    uint64_t *ifdrop);

/* Makes a running capture_run() return (from another thread too). */
void capture_break(struct capture *);

int capture_datalink(const struct capture *);
void capture_close(struct capture *);

#endif
