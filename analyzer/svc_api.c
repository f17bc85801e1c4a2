/* The p0f v3 and v2 query APIs and the control socket, over streams. */
#include <string.h>

#include "config.h"
#include "log.h"
#include "svc_int.h"

/*
 * Fixed-size queries, pipelined, each answered in order by one fixed-size
 * reply that answer() writes at r: as many as are whole and fit in out.
 */
static ssize_t
consume_fixed(struct sconn *c, const uint8_t *buf, size_t len, struct sb *out,
    size_t qlen, size_t rlen, void (*answer)(struct sconn *,
    const uint8_t *q, uint8_t *r))
{
	size_t used = 0;

	while (len - used >= qlen && out->cap - out->n >= rlen) {
		answer(c, buf + used, (uint8_t *)out->p + out->n);
		out->n += rlen;
		used += qlen;
	}
	return (ssize_t)used;
}

/* p0f v3: 21-byte queries by host, 232-byte replies. */
static void
answer_api3(struct sconn *c, const uint8_t *q, uint8_t *r)
{
	struct svc *s = c->svc;
	struct host_view h;
	uint8_t addr[16];
	int ver;

	if (proto_p0f3_parse(q, &ver, addr) < 0) {
		/* p0f answers a bad query with status 0. */
		s->cnt->bad++;
		proto_p0f3_reply(r, P0F3_BADQUERY, NULL);
	} else if (s->cnt->queries++,
	    engine_host_view(s->ctx->eng, ver, addr, &h) == 0) {
		s->cnt->known++;
		proto_p0f3_reply(r, P0F3_OK, &h);
	} else {
		s->cnt->unknown++;
		proto_p0f3_reply(r, P0F3_NOMATCH, NULL);
	}
}

static ssize_t
consume_api3(struct sconn *c, const uint8_t *buf, size_t len, struct sb *out)
{
	return consume_fixed(c, buf, len, out, P0F3_QUERY_LEN, P0F3_REPLY_LEN,
	    answer_api3);
}

/* 1 if a v2 query's server address fits the connection's. */
static int
dst_ok(const struct opts *o, const struct p0f2_query *q,
    const struct conn_view *v)
{
	int i;

	if (memcmp(q->dst, "\0\0\0\0", 4) == 0 ||
	    (v->peer_ver == 4 && memcmp(q->dst, v->peer, 4) == 0))
		return 1;
	/* The server behind NAT names its private address. */
	for (i = 0; i < o->n_p0f2_local; i++)
		if (memcmp(q->dst, o->p0f2_local[i], 4) == 0)
			return 1;
	return 0;
}

/* p0f 2.0.8: 24-byte queries keyed by the 4-tuple, 144-byte replies. */
static void
answer_api2(struct sconn *c, const uint8_t *qb, uint8_t *r)
{
	struct svc *s = c->svc;
	const struct results_entry *e;
	struct p0f2_query q;
	struct conn_view v;
	struct host_view h;
	uint8_t addr[16];
	int have_h;

	if (proto_p0f2_parse(qb, &q) < 0) {
		s->cnt->bad++;
		proto_p0f2_reply(r, q.id, P0F2_RESP_BADQUERY, NULL, NULL);
		return;
	}
	s->cnt->queries++;
	memset(addr, 0, sizeof(addr));
	memcpy(addr, q.src, 4);
	e = results_find(s->ctx->res, 4, addr, q.sport);
	if (e)
		results_view(s->ctx->res, e, &v);
	if (e && (q.dport == 0 || v.peer_port == q.dport) &&
	    dst_ok(s->ctx->o, &q, &v)) {
		have_h = engine_host_view(s->ctx->eng, 4, addr, &h) == 0;
		s->cnt->known++;
		proto_p0f2_reply(r, q.id, P0F2_RESP_OK, &v, have_h ? &h : NULL);
	} else {
		s->cnt->unknown++;
		proto_p0f2_reply(r, q.id, P0F2_RESP_NOMATCH, NULL, NULL);
	}
}

static ssize_t
consume_api2(struct sconn *c, const uint8_t *buf, size_t len, struct sb *out)
{
	return consume_fixed(c, buf, len, out, P0F2_QUERY_LEN, P0F2_REPLY_LEN,
	    answer_api2);
}

/* Control: one command line, one answer, then EOF. */
static ssize_t
consume_control(struct sconn *c, const uint8_t *buf, size_t len,
    struct sb *out)
{
	struct svc *s = c->svc;
	const uint8_t *nl = memchr(buf, '\n', len);
	size_t n;

	if (nl == NULL)
		return 0;
	n = (size_t)(nl - buf);
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	if (n == 5 && memcmp(buf, "stats", 5) == 0) {
		s->cnt->queries++;
		out->n += s->stats(s->arg, out->p + out->n, out->cap - out->n);
	} else {
		s->cnt->bad++;
		sb_str(out, "error unknown command (try: stats)\n");
	}
	return (ssize_t)(nl - buf + 1);
}

const struct stream_proto proto_api3 = {
	.name = "p0f3",
	.partial_max = P0F3_QUERY_LEN,
	.reply_max = P0F3_REPLY_LEN,
	.consume = consume_api3,
};

const struct stream_proto proto_api2 = {
	.name = "p0f2",
	.partial_max = P0F2_QUERY_LEN,
	.reply_max = P0F2_REPLY_LEN,
	.consume = consume_api2,
};

const struct stream_proto proto_control = {
	.name = "control",
	.partial_max = CONTROL_REQ_MAX,
	.reply_max = STREAM_READ_BUF / 2,
	.consume = consume_control,
	.close_after_reply = 1,
	.admin = 1,
};
