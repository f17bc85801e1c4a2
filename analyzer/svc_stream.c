/* The stream-connection server of the API, policy and control services. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdint.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "svc_int.h"

static void
on_conn_closed(uv_handle_t *h)
{
	struct sconn *c = h->data;

	free(c->in);
	free(c);
}

void
sconn_close(struct sconn *c)
{
	struct svc *s = c->svc;

	if (c->closing)
		return;
	c->closing = 1;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	s->ctx->streams--;
	s->cnt->conns_now--;
	uv_close((uv_handle_t *)&c->h, on_conn_closed);
}

struct wreq {
	uv_write_t req;
	struct sconn *c;
	size_t len;
	uint8_t data[];
};

static void read_start(struct sconn *);

static void
on_written(uv_write_t *w, int status)
{
	struct wreq *wr = (struct wreq *)w;
	struct sconn *c = wr->c;

	c->pending -= wr->len;
	free(wr);
	if (c->closing)
		return;
	if (status < 0) {	/* EPIPE: the client went away */
		sconn_close(c);
		return;
	}
	if (c->pending == 0 && c->eof_after_write) {
		sconn_close(c);
		return;
	}
	if (!c->reading && c->pending < STREAM_PENDING_MAX / 2)
		read_start(c);
}

/* Sends out: at once if the socket takes it, else queued. */
static int
send_out(struct sconn *c, const uint8_t *p, size_t n)
{
	uv_buf_t b;
	struct wreq *wr;
	int r = UV_EAGAIN;

	if (n == 0)
		return 0;
	if (c->pending == 0) {
		b = uv_buf_init((char *)(uintptr_t)p, (unsigned)n);
		r = uv_try_write(&c->h.s, &b, 1);
		if (r >= 0) {
			p += r;
			n -= (size_t)r;
			if (n == 0)
				return 0;
		} else if (r != UV_EAGAIN)
			return -1;
	}
	if ((wr = malloc(sizeof(*wr) + n)) == NULL)
		return -1;
	memcpy(wr->data, p, n);
	wr->c = c;
	wr->len = n;
	b = uv_buf_init((char *)wr->data, (unsigned)n);
	if (uv_write(&wr->req, &c->h.s, &b, 1, on_written) < 0) {
		free(wr);
		return -1;
	}
	c->pending += n;
	if (c->pending > STREAM_PENDING_MAX && c->reading) {
		uv_read_stop(&c->h.s);
		c->reading = 0;
	}
	return 0;
}

static void
on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct sconn *c = h->data;

	(void)hint;
	/* One loop thread: the shared buffer is consumed before reuse. */
	*buf = uv_buf_init((char *)c->svc->ctx->rbuf, STREAM_READ_BUF);
}

static int
too_long(const struct stream_proto *p)
{
	log_warnx("%s: request longer than %zu bytes, closing", p->name,
	    p->partial_max);
	return -1;
}

/* Runs proto->consume over what arrived and sends the replies. */
static int
feed(struct sconn *c, const uint8_t *data, size_t n)
{
	const struct stream_proto *p = c->svc->proto;
	struct sb out = { (char *)c->svc->ctx->wbuf, 0, STREAM_READ_BUF };
	const uint8_t *buf;
	size_t len, take;
	ssize_t used;

	for (;;) {
		if (c->in_len > 0) {
			take = p->partial_max - c->in_len;
			take = take < n ? take : n;
			memcpy(c->in + c->in_len, data, take);
			c->in_len += take;
			data += take;
			n -= take;
			buf = c->in;
			len = c->in_len;
		} else {
			buf = data;
			len = n;
		}
		if (len == 0)
			break;
		if ((used = p->consume(c, buf, len, &out)) < 0)
			return -1;
		if (buf == c->in) {
			memmove(c->in, c->in + used, c->in_len - (size_t)used);
			c->in_len -= (size_t)used;
		} else {
			data += used;
			n -= (size_t)used;
		}
		if (out.cap - out.n < p->reply_max) {
			if (send_out(c, (uint8_t *)out.p, out.n) < 0)
				return -1;
			out.n = 0;
			continue;
		}
		if (used > 0)
			continue;
		/* Only an incomplete request is left. */
		if (buf == c->in) {
			if (c->in_len == p->partial_max)
				return too_long(p);
			if (n == 0)
				break;
			continue;
		}
		if (n >= p->partial_max)
			return too_long(p);
		if (c->in == NULL && (c->in = malloc(p->partial_max)) == NULL)
			return -1;
		memcpy(c->in, data, n);
		c->in_len = n;
		break;
	}
	if (send_out(c, (uint8_t *)out.p, out.n) < 0)
		return -1;
	if (p->close_after_reply && out.n > 0) {
		if (c->pending == 0)
			return -1;
		c->eof_after_write = 1;
	}
	return 0;
}

static void
on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf)
{
	struct sconn *c = st->data;

	if (c->closing)
		return;
	if (nread < 0) {	/* EOF, ECONNRESET: the client is done */
		sconn_close(c);
		return;
	}
	if (nread == 0)
		return;
	c->last_ms = uv_now(c->svc->ctx->loop);
	if (feed(c, (const uint8_t *)buf->base, (size_t)nread) < 0)
		sconn_close(c);
}

static void
read_start(struct sconn *c)
{
	if (uv_read_start(&c->h.s, on_alloc, on_read) == 0)
		c->reading = 1;
	else
		sconn_close(c);
}

static void
on_connection(uv_stream_t *server, int status)
{
	struct svc *s = server->data;
	struct sconn *c;
	int r;

	if (status < 0)
		return;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return;
	c->svc = s;
	if (s->kind == SVC_PIPE)
		r = uv_pipe_init(s->ctx->loop, &c->h.pipe, 0);
	else
		r = uv_tcp_init(s->ctx->loop, &c->h.tcp);
	if (r < 0) {
		free(c);
		return;
	}
	c->h.s.data = c;
	s->ctx->streams++;
	s->cnt->conns_now++;
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	if (uv_accept(server, &c->h.s) < 0) {
		sconn_close(c);
		return;
	}
	/* Over the cap: accept and close, never spin on the backlog. */
	if (!s->proto->admin &&
	    s->ctx->streams > s->ctx->o->max_clients) {
		s->cnt->refused++;
		sconn_close(c);
		return;
	}
	s->cnt->conns++;
	c->last_ms = uv_now(s->ctx->loop);
	read_start(c);
}

/* Whether a process listens on the socket file at path. Non-blocking, so
 * a full backlog answers EAGAIN (alive) instead of waiting. */
static int
socket_alive(const char *path)
{
	struct sockaddr_un sun;
	int fd, r, e;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) < 0)
		return 0;
	r = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	e = errno;
	close(fd);
	return r == 0 || e == EAGAIN;
}

/* Binds a unix socket at path, replacing a stale socket file, never one
 * another daemon still listens on. */
static int
bind_pipe(struct svc *s, const char *path, char *err, size_t errlen)
{
	struct stat st;
	struct group *g;
	int r;

	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "%s: exists and is not a socket",
			    path);
			return -1;
		}
		if (socket_alive(path)) {
			snprintf(err, errlen, "%s: in use by a running process",
			    path);
			return -1;
		}
		unlink(path);
	}
	if ((r = uv_pipe_init(s->ctx->loop, &s->h.pipe, 0)) == 0)
		s->inited = 1;
	if (r < 0 || (r = uv_pipe_bind(&s->h.pipe, path)) < 0) {
		snprintf(err, errlen, "%s: %s", path, uv_strerror(r));
		return -1;
	}
	s->path = strdup(path);
	/* Counters and settings are for the administrator only. */
	if (chmod(path, s->proto->admin ? 0600 : s->ctx->o->socket_mode) < 0) {
		snprintf(err, errlen, "%s: chmod: %s", path, strerror(errno));
		return -1;
	}
	if (s->ctx->o->socket_group && !s->proto->admin) {
		if ((g = getgrnam(s->ctx->o->socket_group)) == NULL) {
			snprintf(err, errlen, "%s: no group %s", path,
			    s->ctx->o->socket_group);
			return -1;
		}
		if (chown(path, (uid_t)-1, g->gr_gid) < 0) {
			snprintf(err, errlen, "%s: chown: %s", path,
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

int
svc_ip_addr(const char *host, int port, struct sockaddr_storage *ss)
{
	if (uv_ip4_addr(host, port, (struct sockaddr_in *)ss) == 0 ||
	    uv_ip6_addr(host, port, (struct sockaddr_in6 *)ss) == 0)
		return 0;
	return -1;
}

int
svc_split_hostport(const char *spec, char *host, size_t hostlen, int *port)
{
	const char *colon = strrchr(spec, ':'), *h = spec, *ps;
	size_t hl;
	long p;
	char *end;

	ps = colon ? colon + 1 : spec;
	p = strtol(ps, &end, 10);
	if (*end || end == ps || p < 1 || p > 65535)
		return -1;
	hl = colon ? (size_t)(colon - spec) : 0;
	if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
		h = spec + 1;
		hl -= 2;
	}
	if (hl >= hostlen)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (int)p;
	return 0;
}

/* "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int
parse_hostport(const char *spec, struct sockaddr_storage *ss)
{
	char host[64];
	int port;

	if (svc_split_hostport(spec, host, sizeof(host), &port) < 0 ||
	    host[0] == '\0')
		return -1;
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	return svc_ip_addr(host, port, ss);
}

int
stream_listen(struct svc_ctx *ctx, const struct stream_proto *proto,
    const char *spec, struct svc_counters *cnt, struct svc **out, char *err,
    size_t errlen)
{
	struct sockaddr_storage ss;
	struct svc *s;
	int r;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->ctx = ctx;
	s->proto = proto;
	s->cnt = cnt;
	if (strncmp(spec, "inet:", 5) == 0) {
		s->kind = SVC_TCP;
		if (parse_hostport(spec + 5, &ss) < 0) {
			snprintf(err, errlen, "%s: want inet:HOST:PORT", spec);
			free(s);
			return -1;
		}
		if ((r = uv_tcp_init(ctx->loop, &s->h.tcp)) == 0)
			s->inited = 1;
		if (r < 0 || (r = uv_tcp_bind(&s->h.tcp, (struct sockaddr *)&ss,
		    0)) < 0) {
			snprintf(err, errlen, "%s: %s", spec, uv_strerror(r));
			goto fail;
		}
	} else {
		s->kind = SVC_PIPE;
		if (strncmp(spec, "unix:", 5) == 0)
			spec += 5;
		if (bind_pipe(s, spec, err, errlen) < 0)
			goto fail;
	}
	s->h.tcp.data = s;
	if ((r = uv_listen((uv_stream_t *)&s->h, STREAM_BACKLOG,
	    on_connection)) < 0) {
		snprintf(err, errlen, "%s: listen: %s", spec, uv_strerror(r));
		goto fail;
	}
	*out = s;
	return 0;
fail:
	/* The handle may be initialised: close it, free in the callback. */
	svc_close(s);
	return -1;
}

static void
on_svc_closed(uv_handle_t *h)
{
	struct svc *s = h->data;

	free(s->path);
	free(s);
}

void
svc_close(struct svc *s)
{
	if (s == NULL)
		return;
	while (s->conns)
		sconn_close(s->conns);
	if (s->path)
		unlink(s->path);	/* fails once chrooted; harmless */
	s->h.tcp.data = s;
	if (s->inited)
		uv_close((uv_handle_t *)&s->h.tcp, on_svc_closed);
	else
		on_svc_closed((uv_handle_t *)&s->h.tcp);
}

void
svc_sweep(struct svc *s, uint64_t now_ms)
{
	struct sconn *c, *next;

	if (s == NULL)
		return;
	for (c = s->conns; c; c = next) {
		next = c->next;
		if (now_ms - c->last_ms > (uint64_t)STREAM_IDLE_S * 1000)
			sconn_close(c);
	}
}

int
svc_api_start(struct svc_ctx *ctx, int version, const char *path,
    struct svc_counters *cnt, struct svc **out, char *err, size_t errlen)
{
	return stream_listen(ctx, version == 2 ? &proto_api2 : &proto_api3,
	    path, cnt, out, err, errlen);
}

int
svc_policy_start(struct svc_ctx *ctx, const char *spec,
    struct svc_counters *cnt, struct svc **out, char *err, size_t errlen)
{
	return stream_listen(ctx, &proto_policy, spec, cnt, out, err, errlen);
}

int
svc_control_start(struct svc_ctx *ctx, const char *path, svc_stats_fn fmt,
    void *arg, struct svc_counters *cnt, struct svc **out, char *err,
    size_t errlen)
{
	if (stream_listen(ctx, &proto_control, path, cnt, out, err,
	    errlen) < 0)
		return -1;
	(*out)->stats = fmt;
	(*out)->arg = arg;
	return 0;
}

/* ---- lookups ---- */

size_t
svc_result_text(const struct svc_ctx *ctx, int ver, const uint8_t addr[16],
    int port, char *buf, size_t len)
{
	const struct results_entry *e = NULL;
	struct host_view h;
	struct sb b = { buf, 0, len ? len - 1 : 0 };

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (port >= 0) {
		if (port > 0)
			e = results_find(ctx->res, ver, addr, (uint16_t)port);
		return e ? results_text(e, buf, len) : 0;
	}
	/* The host: its latest connection, else what the host table has. */
	if (engine_host_view(ctx->eng, ver, addr, &h) < 0)
		return 0;
	if (h.last_port &&
	    (e = results_find(ctx->res, ver, addr, h.last_port)) != NULL)
		return results_text(e, buf, len);
	if (h.os)
		sb_mem(&b, h.os->text, h.os->text_len);
	else
		sb_lit(&b, "???");
	if (h.distance != 255) {
		sb_lit(&b, "; dist: ");
		sb_u64(&b, h.distance);
	}
	if (h.link) {
		sb_lit(&b, "; link: ");
		sb_str(&b, h.link);
	}
	buf[b.n] = '\0';
	return b.n;
}

const char *
svc_os_text(const struct svc_ctx *ctx, int ver, const uint8_t addr[16],
    int port, size_t *len)
{
	const struct results_entry *e;
	struct conn_view v;
	struct host_view h;

	if (port > 0 && (e = results_find(ctx->res, ver, addr,
	    (uint16_t)port)) != NULL) {
		results_view(ctx->res, e, &v);
		if (v.os_len) {
			*len = v.os_len;
			return v.os;
		}
	}
	if (engine_host_view(ctx->eng, ver, addr, &h) == 0 && h.os) {
		*len = h.os->text_len;
		return h.os->text;
	}
	return NULL;
}
