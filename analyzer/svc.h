/*
 * The lookup services on the event loop: amavisd's UDP text protocol, the
 * p0f v3 and v2 APIs, Postfix policy delegation and the control socket.
 * They share one context (the engine and the result cache, read-only)
 * and a stream-connection server with a connection cap, idle timeout,
 * one reply buffer per read and back-pressure on slow readers.
 */
#ifndef SYNPRINT_SVC_H
#define SYNPRINT_SVC_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "engine.h"
#include "opts.h"
#include "proto.h"
#include "results.h"

struct svc_counters {
	uint64_t queries;	/* well-formed queries */
	uint64_t known;		/* answered with a result */
	uint64_t unknown;	/* answered "nothing known" */
	uint64_t bad;		/* malformed (dropped or refused) */
	uint64_t denied;	/* not on the allow-list / bad port */
	uint64_t send_fail;	/* replies the kernel would not take */
	uint64_t conns;		/* connections accepted */
	uint64_t refused;	/* connections over max-clients */
	uint64_t conns_now;
};

struct svc_ctx {
	uv_loop_t *loop;
	const struct opts *o;
	struct engine *eng;
	struct results *res;
	int streams;		/* open stream connections, all services */
	uint8_t *rbuf;		/* shared read buffer, STREAM_READ_BUF */
	uint8_t *wbuf;		/* shared reply buffer, STREAM_READ_BUF */
};

/* A started listener; stopped by svc_close(). */
struct svc;

/*
 * Each returns 0, or -1 with err set. counters must outlive the service.
 * Unix socket paths are unlinked first if they hold a stale socket, and
 * get opts' socket-mode and socket-group.
 */
/* A UDP spec may mean two sockets (127.0.0.1 and [::1]): out[2]. */
int svc_udp_start(struct svc_ctx *, const char *spec, struct svc_counters *,
    struct svc *out[2], char *err, size_t errlen);
int svc_api_start(struct svc_ctx *, int version, const char *path,
    struct svc_counters *, struct svc **out, char *err, size_t errlen);
int svc_policy_start(struct svc_ctx *, const char *spec,
    struct svc_counters *, struct svc **out, char *err, size_t errlen);

/* Control: "stats\n" is answered with the text fmt() writes, then EOF. */
typedef size_t (*svc_stats_fn)(void *arg, char *buf, size_t len);
int svc_control_start(struct svc_ctx *, const char *path, svc_stats_fn fmt,
    void *arg, struct svc_counters *, struct svc **out, char *err,
    size_t errlen);

/* Closes idle stream connections (call every few seconds). */
void svc_sweep(struct svc *, uint64_t now_ms);

/* Stops listening and closes every connection of the service. */
void svc_close(struct svc *);

/* Lookups shared by the services. */

/* The p0f-analyzer RESULT for ip:port, or (port < 0) for the host's
 * latest connection; "" when nothing is known. */
size_t svc_result_text(const struct svc_ctx *, int ip_ver,
    const uint8_t addr[16], int port, char *buf, size_t len);

/* "name flavor" of the OS of ip:port (or the host's latest), or NULL. */
const char *svc_os_text(const struct svc_ctx *, int ip_ver,
    const uint8_t addr[16], int port, size_t *len);

#endif
