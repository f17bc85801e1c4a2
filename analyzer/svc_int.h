/* Internals shared by the stream services (not for other modules). */
#ifndef SYNPRINT_SVC_INT_H
#define SYNPRINT_SVC_INT_H

#include "strbuf.h"
#include "svc.h"

struct sconn;

/*
 * A stream protocol: consume() takes complete requests from buf[0..len),
 * appends replies to out and returns the bytes used (the rest is kept
 * for the next read), or -1 to close the connection. It must stop before
 * out would overflow (out->cap - out->n < reply_max).
 */
struct stream_proto {
	const char *name;
	size_t partial_max;	/* longest incomplete request kept */
	size_t reply_max;	/* longest single reply */
	ssize_t (*consume)(struct sconn *, const uint8_t *buf, size_t len,
	    struct sb *out);
	int close_after_reply;	/* control: answer once, then EOF */
	int admin;		/* control: socket mode 0600 and no socket
				   group; not refused at max-clients, so it
				   answers when clients fill the daemon */
};

struct svc {
	struct svc_ctx *ctx;
	const struct stream_proto *proto;
	struct svc_counters *cnt;
	int kind;		/* SVC_UDP, SVC_PIPE, SVC_TCP */
	union {
		uv_udp_t udp;
		uv_pipe_t pipe;
		uv_tcp_t tcp;
	} h;
	char *path;		/* unix socket to unlink at close */
	struct sconn *conns;	/* open connections */
	void *arg;		/* control: stats formatter */
	svc_stats_fn stats;
	int inited;		/* the listening handle needs uv_close */
};

enum { SVC_UDP, SVC_PIPE, SVC_TCP };

struct sconn {
	union {
		uv_pipe_t pipe;
		uv_tcp_t tcp;
		uv_stream_t s;
	} h;
	struct svc *svc;
	struct sconn *prev, *next;
	uint64_t last_ms;	/* last read */
	size_t pending;		/* bytes queued in uv_write */
	int reading;
	int closing;
	int eof_after_write;
	uint8_t *in;		/* incomplete request, partial_max bytes */
	size_t in_len;
	struct policy_req req;	/* policy: the request being read */
};

/* Listens on a unix path or a TCP "inet:HOST:PORT" for proto. */
int stream_listen(struct svc_ctx *, const struct stream_proto *,
    const char *spec, struct svc_counters *, struct svc **out, char *err,
    size_t errlen);

/*
 * Splits "HOST:PORT", "[HOST]:PORT" or a bare "PORT" (host "") with
 * PORT 1-65535: 0, or -1.
 */
int svc_split_hostport(const char *spec, char *host, size_t hostlen,
    int *port);

/* A numeric IPv4 or IPv6 address and a port: 0, or -1. */
int svc_ip_addr(const char *host, int port, struct sockaddr_storage *ss);

/* Closes a connection (idempotent). */
void sconn_close(struct sconn *);

extern const struct stream_proto proto_api3, proto_api2, proto_policy,
    proto_control;

#endif
