/* amavisd-new's p0f-analyzer UDP text protocol, answered from the cache. */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "svc_int.h"

#define UDP_BATCH	(UDP_RECV_BUF / 65536)	/* datagrams a recvmmsg reads */

/*
 * Replies to the datagrams of one recvmmsg() call, sent together with one
 * sendmmsg() call once libuv has handed over the last of them.
 */
struct udp_batch {
	uv_udp_t *h;			/* whose replies these are */
	struct svc *s;
	unsigned n;
	struct mmsghdr msg[UDP_BATCH];
	struct iovec iov[UDP_BATCH];
	struct sockaddr_storage to[UDP_BATCH];
	uint8_t reply[UDP_BATCH][UDP_REPLY_MAX];
};

struct udp_svc_buf {
	uint8_t q[UDP_RECV_BUF];	/* recvmmsg: 64 KiB a datagram */
	char result[UDP_REPLY_MAX];
	struct udp_batch out;
};

/* One loop thread: one set of buffers serves every UDP socket. */
static struct udp_svc_buf ubuf;

static void
on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	(void)h;
	(void)hint;
	/* Room for a batch of datagrams: libuv then reads them with one
	 * recvmmsg() call. Each is cut to 64 bytes in on_recv(). */
	*buf = uv_buf_init((char *)ubuf.q, sizeof(ubuf.q));
}

static int
peer_addr(const struct sockaddr *sa, int *ver, uint8_t addr[16],
    uint16_t *port)
{
	memset(addr, 0, 16);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		*ver = 4;
		memcpy(addr, &s4->sin_addr, 4);
		*port = ntohs(s4->sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		*ver = 6;
		memcpy(addr, &s6->sin6_addr, 16);
		*port = ntohs(s6->sin6_port);
		return 0;
	}
	return -1;
}

/*
 * Sends the batched replies. A reply the socket will not take now (its
 * send buffer is full) is dropped and counted, as a lost datagram would be;
 * the client asks again.
 */
static void
batch_flush(struct udp_batch *b)
{
	uv_os_fd_t fd;
	unsigned i = 0;
	int r;

	if (b->n == 0)
		return;
	if (uv_fileno((uv_handle_t *)b->h, &fd) < 0) {
		b->s->cnt->send_fail += b->n;
		b->n = 0;
		return;
	}
	while (i < b->n) {
		r = sendmmsg(fd, b->msg + i, b->n - i, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			/* Not the whole batch's fault: skip the one that
			 * failed (e.g. an unreachable peer), try the rest. */
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == ENOBUFS) {
				b->s->cnt->send_fail += b->n - i;
				break;
			}
			b->s->cnt->send_fail++;
			i++;
			continue;
		}
		i += (unsigned)r;
	}
	b->n = 0;
}

/* Points each message of the batch at its own address and reply, once:
 * only the lengths change from one batch to the next. */
static void
batch_init(struct udp_batch *b)
{
	unsigned i;

	for (i = 0; i < UDP_BATCH; i++) {
		b->iov[i].iov_base = b->reply[i];
		b->msg[i].msg_hdr.msg_name = &b->to[i];
		b->msg[i].msg_hdr.msg_iov = &b->iov[i];
		b->msg[i].msg_hdr.msg_iovlen = 1;
	}
}

/* The buffer for h's next reply. */
static uint8_t *
batch_next(uv_udp_t *h)
{
	struct udp_batch *b = &ubuf.out;

	if (b->n > 0 && b->h != h)
		batch_flush(b);
	return b->reply[b->n];
}

/* Queues the n bytes written at batch_next(h) as a reply to from; sends
 * the batch when it is full. */
static void
batch_add(uv_udp_t *h, struct svc *s, const struct sockaddr *from,
    size_t n)
{
	struct udp_batch *b = &ubuf.out;
	socklen_t alen = from->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	unsigned i = b->n++;

	b->h = h;
	b->s = s;
	memcpy(&b->to[i], from, alen);
	b->iov[i].iov_len = n;
	b->msg[i].msg_hdr.msg_namelen = alen;
	if (b->n == UDP_BATCH)
		batch_flush(b);
}

/*
 * libuv reads a batch with recvmmsg(): one call per datagram, flagged
 * UV_UDP_MMSG_CHUNK, then one with UV_UDP_MMSG_FREE once all are handed
 * over; the replies go out then. A datagram read on its own (no CHUNK
 * flag) is answered at once.
 */
static void
on_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
    const struct sockaddr *from, unsigned flags)
{
	struct svc *s = h->data;
	struct udp_query q;
	uint8_t paddr[16];
	uint16_t pport;
	size_t rlen, n;
	int pver, port;

	if (nread < 0 || from == NULL) {
		batch_flush(&ubuf.out);
		return;
	}
	/* p0f-analyzer reads 64 bytes; a longer query is cut there. */
	if (nread > UDP_QUERY_MAX)
		nread = UDP_QUERY_MAX;
	if (peer_addr(from, &pver, paddr, &pport) < 0 ||
	    !opts_acl_match(s->ctx->o, pver, paddr) ||
	    !proto_udp_port_ok(pport)) {
		s->cnt->denied++;
		goto out;
	}
	if (proto_udp_parse((const uint8_t *)buf->base, (size_t)nread,
	    &q) < 0) {
		s->cnt->bad++;	/* p0f-analyzer is silent here too */
		goto out;
	}
	s->cnt->queries++;
	port = q.form == UDP_Q_PORT ? q.port : -1;
	if (q.ip_ver == 0)	/* a spelling no stored key can match */
		rlen = 0;
	else	/* port 0 finds nothing there, as in p0f-analyzer */
		rlen = svc_result_text(s->ctx, q.ip_ver, q.addr, port,
		    ubuf.result, sizeof(ubuf.result));
	if (rlen)
		s->cnt->known++;
	else
		s->cnt->unknown++;
	n = proto_udp_reply((const uint8_t *)buf->base, &q, ubuf.result, rlen,
	    batch_next(h), sizeof(ubuf.out.reply[0]));
	if (n == 0)
		s->cnt->send_fail++;
	else
		batch_add(h, s, from, n);
out:
	if (!(flags & UV_UDP_MMSG_CHUNK))
		batch_flush(&ubuf.out);
}

static int
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr.s_addr) >> 24) == 127;
	return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)
	    (const void *)sa)->sin6_addr);
}

static int
udp_bind(struct svc_ctx *ctx, const struct sockaddr *sa, const char *spec,
    struct svc_counters *cnt, struct svc **out, char *err, size_t errlen)
{
	struct svc *s;
	int r, rcvbuf;

	if (!is_loopback(sa) && ctx->o->n_allow == 0) {
		snprintf(err, errlen, "udp %s: a non-loopback address needs "
		    "udp-allow with the client networks", spec);
		return -1;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->ctx = ctx;
	s->cnt = cnt;
	s->kind = SVC_UDP;
	if ((r = uv_udp_init_ex(ctx->loop, &s->h.udp, AF_UNSPEC |
	    UV_UDP_RECVMMSG)) < 0) {
		free(s);
		snprintf(err, errlen, "udp %s: %s", spec, uv_strerror(r));
		return -1;
	}
	s->h.udp.data = s;
	s->inited = 1;
	if ((r = uv_udp_bind(&s->h.udp, sa, sa->sa_family == AF_INET6 ?
	    UV_UDP_IPV6ONLY : 0)) < 0 ||
	    (r = uv_udp_recv_start(&s->h.udp, on_alloc, on_recv)) < 0) {
		snprintf(err, errlen, "udp %s: %s", spec, uv_strerror(r));
		svc_close(s);
		return -1;
	}
	/* A burst waits in the kernel instead of being dropped there. */
	rcvbuf = UDP_RCVBUF;
	if (uv_recv_buffer_size((uv_handle_t *)&s->h.udp, &rcvbuf) < 0)
		log_warnx("udp %s: cannot enlarge the receive buffer", spec);
	*out = s;
	return 0;
}

int
svc_udp_start(struct svc_ctx *ctx, const char *spec, struct svc_counters *cnt,
    struct svc *out[2], char *err, size_t errlen)
{
	struct sockaddr_storage a[2];
	char host[64];
	int n = 0, i, port;

	out[0] = out[1] = NULL;
	batch_init(&ubuf.out);
	if (svc_split_hostport(spec, host, sizeof(host), &port) < 0) {
		snprintf(err, errlen, "udp %s: want PORT, ADDR:PORT, "
		    "[ADDR]:PORT or *:PORT", spec);
		return -1;
	}
	/* p0f-analyzer's forms: a bare port means localhost, both. */
	if (host[0] == '\0' || strcmp(host, "localhost") == 0) {
		uv_ip4_addr("127.0.0.1", port, (struct sockaddr_in *)&a[0]);
		uv_ip6_addr("::1", port, (struct sockaddr_in6 *)&a[1]);
		n = 2;
	} else if (strcmp(host, "*") == 0) {
		uv_ip4_addr("0.0.0.0", port, (struct sockaddr_in *)&a[0]);
		uv_ip6_addr("::", port, (struct sockaddr_in6 *)&a[1]);
		n = 2;
	} else if (svc_ip_addr(host, port, &a[0]) == 0)
		n = 1;
	else {
		snprintf(err, errlen, "udp %s: '%s' is not an address", spec,
		    host);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (udp_bind(ctx, (struct sockaddr *)&a[i], spec, cnt, &out[i],
		    err, errlen) < 0) {
			svc_close(out[0]);
			out[0] = NULL;
			return -1;
		}
	return 0;
}
