/* Wire formats of the lookup services: parsers and reply builders. */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
#include "config.h"
#include "proto.h"

/* ------------------------------------------------------------------ */
/* Address text                                                        */

static int
is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(uint8_t c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 1 if s[0..n) is \d{1,3}(\.\d{1,3}){3}. */
static int
dotted_syntax(const uint8_t *s, size_t n)
{
	size_t i = 0;
	int part, digits;

	for (part = 0; part < 4; part++) {
		if (part) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		for (digits = 0; i < n && is_digit(s[i]) && digits < 3; i++)
			digits++;
		if (digits == 0)
			return 0;
	}
	return i == n;
}

/*
 * A dotted quad as p0f prints IPv4 (values <= 255, no leading zeros):
 * 1 and the address, else 0. Other spellings pass p0f-analyzer's syntax
 * check but can never equal a key it stored.
 */
static int
dotted_canonical(const uint8_t *s, size_t n, uint8_t out[4])
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t start;

		if (part)
			i++;		/* the '.' checked by dotted_syntax() */
		start = i;
		while (i < n && is_digit(s[i]))
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (v > 255 || (i - start > 1 && s[start] == '0'))
			return 0;
		out[part] = (uint8_t)v;
	}
	return 1;
}

/* Skips a case-insensitive "IPv6:" prefix. */
static size_t
skip_v6_prefix(const uint8_t *s, size_t n)
{
	return n >= 5 && strncasecmp((const char *)s, "IPv6:", 5) == 0 ? 5 : 0;
}

/*
 * 1 if s[0..n) is colon-separated fields, between min and max of them,
 * each of 0-4 characters accepted by ok().
 */
static int
fields_ok(const uint8_t *s, size_t n, int min, int max, int (*ok)(uint8_t))
{
	int fields = 1, len = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ':') {
			fields++;
			len = 0;
		} else if (!ok(s[i]) || ++len > 4)
			return 0;
	}
	return fields >= min && fields <= max;
}

static int
is_zero(uint8_t c)
{
	return c == '0';
}

/* The IPv6 text (NUL-terminated copy) through inet_pton. A NUL inside
 * would end the copy early and let trailing bytes pass unread. */
static int
v6_parse(const uint8_t *s, size_t n, uint8_t addr[16])
{
	char tmp[64];

	if (n >= sizeof(tmp) || memchr(s, '\0', n) != NULL)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET6, tmp, addr) == 1 ? 0 : -1;
}

int
proto_addr_parse(const char *str, size_t len, int *ver, uint8_t addr[16])
{
	const uint8_t *s = (const uint8_t *)str;
	uint8_t v4[4];
	size_t p;
	const uint8_t *dot;

	memset(addr, 0, 16);
	if (dotted_syntax(s, len)) {
		if (!dotted_canonical(s, len, v4))
			return -1;
		memcpy(addr, v4, 4);
		*ver = 4;
		return 0;
	}
	p = skip_v6_prefix(s, len);
	if (v6_parse(s + p, len - p, addr) < 0)
		return -1;
	/* ::ffff:a.b.c.d, written with the dots, is the IPv4 address. */
	dot = memchr(s + p, '.', len - p);
	if (dot && memcmp(addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		memmove(addr, addr + 12, 4);
		memset(addr + 4, 0, 12);
		*ver = 4;
		return 0;
	}
	*ver = 6;
	return 0;
}

/* ------------------------------------------------------------------ */
/* amavisd-new p0f-analyzer UDP                                        */

/*
 * The address inside "[...]" the way p0f-analyzer 1.502 takes it: 1 with
 * the address, 0 when its syntax is accepted but no stored key can match
 * (the reply is then empty), -1 when it gives no reply.
 */
static int
udp_addr(const uint8_t *s, size_t n, int *ver, uint8_t addr[16])
{
	const uint8_t *colon;
	size_t p, q;

	memset(addr, 0, 16);
	*ver = 4;
	/* Dotted IPv4. */
	if (dotted_syntax(s, n))
		return dotted_canonical(s, n, addr) ? 1 : 0;
	p = skip_v6_prefix(s, n);
	/* The last colon separates a dotted quad in the alternative form. */
	colon = NULL;
	for (q = n; q > p; q--)
		if (s[q - 1] == ':') {
			colon = s + q - 1;
			break;
		}
	if (colon && dotted_syntax(colon + 1, (size_t)(s + n - colon - 1))) {
		const uint8_t *d = colon + 1;
		size_t dn = (size_t)(s + n - d), pre = (size_t)(colon - s) - p;

		/* IPv4-mapped, (IPv6:)0{0,4}(:0{0,4}){1,4}:ffff:a.b.c.d */
		if (pre >= 5 && strncasecmp((const char *)colon - 4, "ffff",
		    4) == 0 && colon[-5] == ':' &&
		    fields_ok(s + p, pre - 5, 2, 5, is_zero))
			return dotted_canonical(d, dn, addr) ? 1 : 0;
		/* x:x::a.b.c.d; p0f-analyzer dies on these, we answer. */
		if (fields_ok(s + p, pre, 2, 6, is_hex)) {
			*ver = 6;
			return v6_parse(s + p, n - p, addr) == 0 ? 1 : -1;
		}
		return -1;
	}
	/* Hex IPv6. Spellings inet_pton refuses kill p0f-analyzer. */
	if (fields_ok(s + p, n - p, 3, 8, is_hex)) {
		*ver = 6;
		return v6_parse(s + p, n - p, addr) == 0 ? 1 : -1;
	}
	return -1;
}

int
proto_udp_parse(const uint8_t *d, size_t len, struct udp_query *q)
{
	const uint8_t *sp, *close;
	size_t i, qlen;
	int r;

	memset(q, 0, sizeof(*q));
	/* "^([^ ]+) (.*)$": QUERY up to the first space, NONCE the rest. */
	sp = memchr(d, ' ', len);
	if (sp == NULL || sp == d)
		return -1;
	qlen = (size_t)(sp - d);
	q->qlen = qlen;
	q->nonce_off = qlen + 1;
	q->nonce_len = len - qlen - 1;
	if (q->nonce_len > UDP_NONCE_MAX)
		return -1;
	for (i = q->nonce_off; i < len; i++)
		if (d[i] < 0x20 || d[i] > 0x7f)
			return -1;
	if (d[0] != '[') {
		/* Extension: a bare address, as p0f-analyzer 1.3xx took. */
		q->form = UDP_Q_BARE;
		return proto_addr_parse((const char *)d, qlen, &q->ip_ver,
		    q->addr);
	}
	close = memchr(d, ']', qlen);
	if (close == NULL)
		return -1;
	if ((size_t)(close - d) + 1 == qlen)
		q->form = UDP_Q_HOST;
	else {
		const uint8_t *pp = close + 2;
		size_t pn = qlen - (size_t)(pp - d);
		unsigned port = 0;

		if (close[1] != ':' || pn < 1 || pn > 5)
			return -1;
		for (i = 0; i < pn; i++) {
			if (!is_digit(pp[i]))
				return -1;
			port = port * 10 + (unsigned)(pp[i] - '0');
		}
		if (port > 65535)
			return -1;
		q->form = UDP_Q_PORT;
		/* "[ip]:025" is a key p0f-analyzer never stores. */
		q->port = pn > 1 && pp[0] == '0' ? 0 : (uint16_t)port;
	}
	r = udp_addr(d + 1, (size_t)(close - d) - 1, &q->ip_ver, q->addr);
	if (r < 0)
		return -1;
	if (r == 0) {
		q->ip_ver = 0;	/* matches nothing */
		q->port = 0;
	}
	return 0;
}

size_t
proto_udp_reply(const uint8_t *d, const struct udp_query *q,
    const char *result, size_t rlen, uint8_t *out, size_t cap)
{
	size_t n = q->qlen + 1 + q->nonce_len + 1 + rlen + 2;

	if (n > cap)
		return 0;
	memcpy(out, d, q->qlen);
	out[q->qlen] = ' ';
	memcpy(out + q->qlen + 1, d + q->nonce_off, q->nonce_len);
	out[q->qlen + 1 + q->nonce_len] = ' ';
	memcpy(out + q->qlen + q->nonce_len + 2, result, rlen);
	memcpy(out + n - 2, "\r\n", 2);
	return n;
}

int
proto_udp_port_ok(uint16_t port)
{
	return port >= 1024 && port != 2049;
}

/* ------------------------------------------------------------------ */
/* p0f v3 API                                                          */

/* p0f's bounded copy: a value that fills the field has no NUL. */
static void
put_str(uint8_t *dst, size_t field, const char *s, size_t n)
{
	if (s == NULL)
		return;
	memcpy(dst, s, n < field ? n : field);
}

int
proto_p0f3_parse(const uint8_t q[P0F3_QUERY_LEN], int *ver, uint8_t addr[16])
{
	if (get_ne32(q) != P0F3_QUERY_MAGIC ||
	    (q[4] != P0F3_ADDR_V4 && q[4] != P0F3_ADDR_V6))
		return -1;
	*ver = q[4];
	memcpy(addr, q + 5, 16);
	if (*ver == P0F3_ADDR_V4)
		memset(addr + 4, 0, 12);
	return 0;
}

static uint32_t
clamp32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

void
proto_p0f3_reply(uint8_t out[P0F3_REPLY_LEN], uint32_t status,
    const struct host_view *h)
{
	memset(out, 0, P0F3_REPLY_LEN);
	put_ne32(out, P0F3_REPLY_MAGIC);
	put_ne32(out + 4, status);
	if (status != P0F3_OK || h == NULL)
		return;
	put_ne32(out + 8, clamp32(h->first_seen));
	put_ne32(out + 12, clamp32(h->last_seen));
	put_ne32(out + 16, h->total_conn);
	put_ne32(out + 20, h->uptime_min);
	put_ne32(out + 24, h->up_mod_days);
	put_ne32(out + 28, clamp32(h->last_nat));
	put_ne32(out + 32, clamp32(h->last_chg));
	/* p0f sends its u8 "unknown" (255), not -1. */
	put_ne16(out + 36, h->distance);
	out[38] = 0;		/* bad_sw: HTTP only */
	out[39] = (uint8_t)((h->os_fuzzy ? P0F3_MATCH_FUZZY : 0) |
	    (h->os_generic ? P0F3_MATCH_GENERIC : 0));
	if (h->os) {
		put_str(out + 40, P0F3_STR_LEN, h->os->name,
		    strlen(h->os->name));
		if (h->os->flavor)
			put_str(out + 72, P0F3_STR_LEN, h->os->flavor,
			    strlen(h->os->flavor));
	}
	if (h->link)
		put_str(out + 168, P0F3_STR_LEN, h->link, strlen(h->link));
}

/* ------------------------------------------------------------------ */
/* p0f v2 API                                                          */

int
proto_p0f2_parse(const uint8_t q[P0F2_QUERY_LEN], struct p0f2_query *pq)
{
	memset(pq, 0, sizeof(*pq));
	pq->id = get_ne32(q + 8);
	pq->type = q[4];
	memcpy(pq->src, q + 12, 4);
	memcpy(pq->dst, q + 16, 4);
	pq->sport = get_ne16(q + 20);
	pq->dport = get_ne16(q + 22);
	if (get_ne32(q) != P0F2_MAGIC || pq->type != P0F2_QTYPE_FP)
		return -1;
	return 0;
}

void
proto_p0f2_reply(uint8_t out[P0F2_REPLY_LEN], uint32_t id, int type,
    const struct conn_view *c, const struct host_view *h)
{
	int16_t score = -100;
	int32_t up = -1;

	memset(out, 0, P0F2_REPLY_LEN);
	put_ne32(out, P0F2_MAGIC);
	put_ne32(out + 4, id);
	out[8] = (uint8_t)type;
	if (type == P0F2_RESP_OK) {
		if (c && c->os_len) {
			size_t fl = c->os_len > c->name_len ?
			    c->os_len - c->name_len - 1 : 0;

			/* The v2 strings keep a NUL. */
			put_str(out + 9, P0F2_GENRE_LEN - 1, c->os,
			    c->name_len);
			put_str(out + 29, P0F2_DETAIL_LEN - 1,
			    c->os + c->name_len + 1, fl);
		}
		out[69] = c ? (uint8_t)(c->dist == 255 ? 0xff : c->dist) :
		    0xff;
		if (c && c->link)
			put_str(out + 70, P0F2_LINK_LEN - 1, c->link,
			    c->link_len);
		out[131] = h && h->last_nat ? 1 : 0;	/* nat */
		out[132] = c && c->fuzzy ? 0 : 1;	/* real */
		if (h && h->uptime_min)
			up = (int32_t)(h->uptime_min / 60);
	}
	memcpy(out + 134, &score, 2);
	memcpy(out + 140, &up, 4);
}

/* ------------------------------------------------------------------ */
/* Postfix policy delegation                                           */

void
proto_policy_reset(struct policy_req *r)
{
	memset(r, 0, sizeof(*r));
}

/* A value too long for its field is none Postfix sends: kept empty, so
 * a cut can never make another valid value of it ("0040001xyz"). */
static void
copy_attr(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		n = 0;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

int
proto_policy_line(struct policy_req *r, const char *line, size_t len)
{
	const char *eq;
	size_t nl, vl;

	if (len == 0)
		return r->nattr ? POLICY_DONE : POLICY_BAD;
	if (memchr(line, '\0', len) != NULL)
		return POLICY_BAD;
	eq = memchr(line, '=', len);
	if (eq == NULL || eq == line || ++r->nattr > POLICY_ATTRS_MAX)
		return POLICY_BAD;
	nl = (size_t)(eq - line);
	vl = len - nl - 1;
	eq++;
#define IS(name) (nl == sizeof(name) - 1 && memcmp(line, name, nl) == 0)
	if (IS("protocol_state"))
		copy_attr(r->state, sizeof(r->state), eq, vl);
	else if (IS("request"))
		copy_attr(r->request, sizeof(r->request), eq, vl);
	else if (IS("client_address"))
		copy_attr(r->addr, sizeof(r->addr), eq, vl);
	else if (IS("client_port"))
		copy_attr(r->port, sizeof(r->port), eq, vl);
#undef IS
	return POLICY_MORE;
}

size_t
proto_policy_reply(const struct policy_req *r, const char *header,
    const char *os, size_t os_len, char *out, size_t cap)
{
	static const char dunno[] = "action=DUNNO\n\n";
	size_t n, hl = strlen(header), i;

	if (os == NULL || os_len == 0 || strcasecmp(r->state, "DATA") != 0) {
		if (cap < sizeof(dunno) - 1)
			return 0;
		memcpy(out, dunno, sizeof(dunno) - 1);
		return sizeof(dunno) - 1;
	}
	n = 15 + hl + 2 + os_len + 2;	/* "action=PREPEND " */
	if (n > cap)
		return 0;
	memcpy(out, "action=PREPEND ", 15);
	memcpy(out + 15, header, hl);
	memcpy(out + 15 + hl, ": ", 2);
	for (i = 0; i < os_len; i++) {
		unsigned char c = (unsigned char)os[i];

		out[17 + hl + i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	memcpy(out + n - 2, "\n\n", 2);
	return n;
}
