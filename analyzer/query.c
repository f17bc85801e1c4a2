/*
 * synprint-query: the command-line client of the lookup services (amavisd's
 * p0f-analyzer UDP protocol, p0f's v3 and v2 APIs, Postfix policy
 * delegation) and of the daemon's control socket.
 *
 * Every reply is hostile: it is read into a fixed buffer within one
 * deadline, parsed by qwire.c, and every string is escaped before it is
 * printed.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "qnet.h"
#include "qwire.h"

/* Exit statuses. */
#define Q_FOUND		0	/* an answer with a result */
#define Q_UNKNOWN	1	/* an answer without one */
#define Q_ERROR		2	/* no usable answer, or a usage error */

#define NONCE_LEN		(2 * QUERY_NONCE_BYTES)	/* hex digits */
#define P0F3_DIST_UNKNOWN	255	/* what p0f sends; its README says -1 */
#define P0F2_DST_DEFAULT	"0.0.0.0:25"
#define MS_DIGITS_MAX		9

/* p0f-analyzer reads 64 bytes of a query: the longest one must fit. */
_Static_assert(sizeof("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535 ") -
    1 + NONCE_LEN <= QUERY_UDP_SEND_MAX, "UDP query too long for a nonce");

enum mode {
	MODE_UDP,
	MODE_P0F3,
	MODE_P0F2,
	MODE_POLICY,
	MODE_STATS,
};

struct qopts {
	enum mode	 mode;
	const char	*svc;		/* --udp/--p0f3/--p0f2/--policy value */
	const char	*control;	/* --control path */
	const char	*dst;		/* --dst IP:PORT, NULL when not given */
	int		 timeout_ms;
	int		 json;
};

/* A JSON object being printed: counts members for the commas. */
struct jobj {
	int	 n;
};

/* ---------------------------------------------------------------------
 * Output.
 */

static void
put_text(const uint8_t *s, size_t n)
{
	qwire_escape(stdout, s, n, 0);
}

static void
j_begin(struct jobj *j)
{
	j->n = 0;
	putchar('{');
}

static void
j_key(struct jobj *j, const char *k)
{
	if (j->n++)
		putchar(',');
	qwire_escape(stdout, (const uint8_t *)k, strlen(k), 1);
	putchar(':');
}

static void
j_mem(struct jobj *j, const char *k, const uint8_t *s, size_t n)
{
	j_key(j, k);
	qwire_escape(stdout, s, n, 1);
}

/* A string field of a p0f answer, up to its NUL. */
static void
j_field(struct jobj *j, const char *k, const uint8_t *f, size_t len)
{
	j_mem(j, k, f, qwire_field_len(f, len));
}

static void
j_str(struct jobj *j, const char *k, const char *s)
{
	j_mem(j, k, (const uint8_t *)s, strlen(s));
}

static void
j_int(struct jobj *j, const char *k, long long v)
{
	j_key(j, k);
	printf("%lld", v);
}

static void
j_lit(struct jobj *j, const char *k, const char *lit)
{
	j_key(j, k);
	fputs(lit, stdout);
}

static void
j_port(struct jobj *j, const char *k, int port)
{
	if (port >= 0)
		j_int(j, k, port);
	else
		j_lit(j, k, "null");
}

static void
j_end(struct jobj *j)
{
	(void)j;
	puts("}");
}

/* "Name          = " */
static void
put_label(const char *name)
{
	printf("%-13s = ", name);
}

/* A string field, "???" when empty. */
static void
put_field(const uint8_t *f, size_t len)
{
	size_t n = qwire_field_len(f, len);

	if (n == 0)
		fputs("???", stdout);
	else
		put_text(f, n);
}

/* Two string fields joined by a space ("name flavor"), the second
 * left out when empty. */
static void
put_pair(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t n;

	put_field(a, len);
	if ((n = qwire_field_len(b, len)) > 0) {
		putchar(' ');
		put_text(b, n);
	}
}

/* A unix time as UTC "YYYY/MM/DD HH:MM:SS". */
static void
put_time(uint32_t t)
{
	char buf[QUERY_TIME_TEXT_MAX];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y/%m/%d %H:%M:%S", &tm) == 0)
		snprintf(buf, sizeof(buf), "%u", t);
	fputs(buf, stdout);
}

/* ---------------------------------------------------------------------
 * amavisd's p0f-analyzer protocol over UDP.
 */

/* Errors after which the next address of a name is worth trying. */
static int
udp_next_ok(int e)
{
	return e == ECONNREFUSED || e == EADDRNOTAVAIL || e == ENETUNREACH ||
	    e == EHOSTUNREACH || e == EAFNOSUPPORT;
}

/*
 * One exchange with one server address: Q_FOUND or Q_UNKNOWN (printed),
 * Q_ERROR, or -1 with *err set when this address cannot be reached (the
 * next may be tried).
 */
static int
udp_exchange(const struct addrinfo *ai, const char *msg, size_t len,
    size_t qlen, const struct timespec *dl, const struct qopts *o,
    const struct qnet_target *t, int *err)
{
	static uint8_t buf[QUERY_UDP_REPLY_MAX];
	const uint8_t *res = NULL;
	size_t rlen = 0;
	struct jobj j;
	ssize_t n;
	int fd, r = Q_ERROR, stray = 0, w;

	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0) {
		if (udp_next_ok(*err = errno))
			return -1;
		log_warn("socket");
		return Q_ERROR;
	}
	/* Connected: the kernel passes on datagrams from the server only. */
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    send(fd, msg, len, 0) != (ssize_t)len) {
		if (udp_next_ok(*err = errno))
			r = -1;
		else
			log_warn("%s", o->svc);
		goto out;
	}
	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ECONNREFUSED) {
			*err = errno;
			r = -1;
			goto out;
		}
		if (n < 0 && errno != EAGAIN) {
			log_warn("%s: recv", o->svc);
			goto out;
		}
		if (n < 0) {
			if ((w = qnet_wait(fd, POLLIN, dl)) < 0) {
				log_warn("%s: poll", o->svc);
				goto out;
			}
			if (w == 0) {
				log_warnx("%s: no reply in time%s", o->svc,
				    stray ? " (only datagrams that were not "
				    "the answer)" : "");
				goto out;
			}
			continue;
		}
		w = qwire_udp_reply(buf, (size_t)n < sizeof(buf) ? (size_t)n :
		    sizeof(buf), msg, len, &res, &rlen);
		if (w == QWIRE_STRAY) {
			/* An old answer, or not an answer at all. */
			stray = 1;
			continue;
		}
		if ((size_t)n > sizeof(buf)) {
			log_warnx("%s: reply longer than %d bytes", o->svc,
			    QUERY_UDP_REPLY_MAX);
			goto out;
		}
		if (w != QWIRE_OK) {
			log_warnx("%s: reply does not end in CRLF", o->svc);
			goto out;
		}
		break;
	}
	r = rlen > 0 ? Q_FOUND : Q_UNKNOWN;
	if (o->json) {
		j_begin(&j);
		j_str(&j, "address", t->text);
		j_port(&j, "port", t->port);
		j_mem(&j, "query", (const uint8_t *)msg, qlen);
		j_lit(&j, "found", rlen > 0 ? "true" : "false");
		j_mem(&j, "result", res, rlen);
		j_end(&j);
	} else if (rlen > 0) {
		put_text(res, rlen);
		putchar('\n');
	}
 out:
	close(fd);
	return r;
}

static int
query_udp(const struct qopts *o, const struct qnet_target *t)
{
	static const char hex[] = "0123456789abcdef";
	char msg[QUERY_UDP_SEND_MAX + 1], nonce[NONCE_LEN + 1];
	uint8_t rnd[QUERY_NONCE_BYTES];
	struct addrinfo *res = NULL, *ai;
	struct timespec dl;
	size_t i;
	int len, r = -1, err = 0;

	if (qnet_random(rnd, sizeof(rnd)) < 0)
		return Q_ERROR;
	for (i = 0; i < sizeof(rnd); i++) {
		nonce[2 * i] = hex[rnd[i] >> 4];
		nonce[2 * i + 1] = hex[rnd[i] & 15];
	}
	nonce[NONCE_LEN] = '\0';
	len = qwire_udp_query(msg, sizeof(msg), t->text, t->port, nonce);
	if (len < 0) {
		log_warnx("query longer than %d bytes", QUERY_UDP_SEND_MAX);
		return Q_ERROR;
	}
	qnet_deadline(&dl, o->timeout_ms);
	if (qnet_resolve(o->svc, QUERY_UDP_HOST_DEFAULT, SOCK_DGRAM,
	    &res) < 0)
		return Q_ERROR;
	for (ai = res; ai != NULL && r == -1; ai = ai->ai_next)
		r = udp_exchange(ai, msg, (size_t)len,
		    (size_t)len - NONCE_LEN - 1, &dl, o, t, &err);
	freeaddrinfo(res);
	if (r == -1) {
		errno = err;
		log_warn("%s%s", o->svc, err == ECONNREFUSED ?
		    " (nothing listening)" : "");
		r = Q_ERROR;
	}
	return r;
}

/* ---------------------------------------------------------------------
 * p0f v3 API.
 */

static int
p0f3_dist_known(int16_t d)
{
	return d != P0F3_DIST_UNKNOWN && d != -1;
}

/* Like p0f's own p0f-client, dates in UTC. */
static void
p0f3_print(const struct qwire_p0f3 *r)
{
	put_label("First seen");
	put_time(r->first_seen);
	putchar('\n');
	put_label("Last update");
	put_time(r->last_seen);
	putchar('\n');
	put_label("Total flows");
	printf("%u\n", r->total_conn);
	put_label("Detected OS");
	put_pair(r->os_name, r->os_flavor, P0F3_STR_LEN);
	if (qwire_field_len(r->os_name, P0F3_STR_LEN) > 0) {
		if (r->os_match_q & P0F3_MATCH_GENERIC)
			fputs(" (generic)", stdout);
		if (r->os_match_q & P0F3_MATCH_FUZZY)
			fputs(" (fuzzy)", stdout);
	}
	putchar('\n');
	put_label("HTTP software");
	put_pair(r->http_name, r->http_flavor, P0F3_STR_LEN);
	if (qwire_field_len(r->http_name, P0F3_STR_LEN) > 0)
		printf(" (ID %s)", r->bad_sw == 2 ? "is fake" :
		    r->bad_sw ? "OS mismatch" : "seems legit");
	putchar('\n');
	put_label("Network link");
	put_field(r->link_type, P0F3_STR_LEN);
	putchar('\n');
	put_label("Language");
	put_field(r->language, P0F3_STR_LEN);
	putchar('\n');
	put_label("Distance");
	if (p0f3_dist_known(r->distance))
		printf("%d\n", r->distance);
	else
		puts("???");
	if (r->uptime_min) {
		put_label("Uptime");
		printf("%u days %u hrs %u min (modulo %u days)\n",
		    r->uptime_min / 60 / 24, (r->uptime_min / 60) % 24,
		    r->uptime_min % 60, r->up_mod_days);
	}
	if (r->last_nat) {
		put_label("IP sharing");
		put_time(r->last_nat);
		putchar('\n');
	}
	if (r->last_chg) {
		put_label("Sys change");
		put_time(r->last_chg);
		putchar('\n');
	}
}

/* p0f's field names, as Haraka's p0f plugin reports them. */
static void
p0f3_json(const struct qwire_p0f3 *r, const struct qnet_target *t)
{
	struct jobj j;

	j_begin(&j);
	j_str(&j, "address", t->text);
	if (r->status != P0F3_OK) {
		j_str(&j, "status", "nomatch");
		j_end(&j);
		return;
	}
	j_str(&j, "status", "ok");
	j_int(&j, "first_seen", r->first_seen);
	j_int(&j, "last_seen", r->last_seen);
	j_int(&j, "total_conn", r->total_conn);
	j_int(&j, "uptime_min", r->uptime_min);
	j_int(&j, "up_mod_days", r->up_mod_days);
	j_int(&j, "last_nat", r->last_nat);
	j_int(&j, "last_chg", r->last_chg);
	if (p0f3_dist_known(r->distance))
		j_int(&j, "distance", r->distance);
	else
		j_lit(&j, "distance", "null");
	j_int(&j, "bad_sw", r->bad_sw);
	j_int(&j, "os_match_q", r->os_match_q);
	j_field(&j, "os_name", r->os_name, P0F3_STR_LEN);
	j_field(&j, "os_flavor", r->os_flavor, P0F3_STR_LEN);
	j_field(&j, "http_name", r->http_name, P0F3_STR_LEN);
	j_field(&j, "http_flavor", r->http_flavor, P0F3_STR_LEN);
	j_field(&j, "link_type", r->link_type, P0F3_STR_LEN);
	j_field(&j, "language", r->language, P0F3_STR_LEN);
	j_end(&j);
}

/* Connects to "inet:HOST:PORT", "unix:PATH" or PATH. */
static int
stream_connect(const char *spec, const struct timespec *dl)
{
	struct addrinfo *res = NULL, *ai;
	int fd = -1;

	if (strncmp(spec, "inet:", 5) == 0) {
		if (qnet_resolve(spec + 5, NULL, SOCK_STREAM, &res) < 0)
			return -1;
		for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
			fd = qnet_connect(ai->ai_addr, ai->ai_addrlen, dl,
			    spec);
		freeaddrinfo(res);
		return fd;
	}
	if (strncmp(spec, "unix:", 5) == 0)
		spec += 5;
	return qnet_connect_unix(spec, dl);
}

/*
 * One exchange on a fresh connection to spec: sends q, reads into buf
 * until done() says the reply is whole (NULL: until EOF or buf is full).
 * The bytes read, or -1 after saying why.
 */
static ssize_t
ask(const char *spec, int timeout_ms, const void *q, size_t ql, uint8_t *buf,
    size_t bl, int (*done)(const uint8_t *, size_t))
{
	struct timespec dl;
	ssize_t n = -1;
	int fd;

	qnet_deadline(&dl, timeout_ms);
	if ((fd = stream_connect(spec, &dl)) < 0)
		return -1;
	if (qnet_send(fd, q, ql, &dl, spec) == 0)
		n = qnet_recv(fd, buf, bl, &dl, spec, done);
	close(fd);
	return n;
}

/* A qwire_*_parse() verdict: 0 if the reply can be read, else -1 after
 * saying why. */
static int
reply_usable(const struct qopts *o, int verdict, uint32_t magic, ssize_t n,
    int want)
{
	switch (verdict) {
	case QWIRE_OK:
		return 0;
	case QWIRE_MAGIC:
		log_warnx("%s: bad reply magic 0x%08x", o->svc, magic);
		return -1;
	default:
		log_warnx("%s: short reply (%zd of %d bytes)", o->svc, n,
		    want);
		return -1;
	}
}

static int
query_p0f3(const struct qopts *o, const struct qnet_target *t)
{
	uint8_t q[P0F3_QUERY_LEN], buf[P0F3_REPLY_LEN];
	struct qwire_p0f3 rep;
	ssize_t n;
	int r = Q_ERROR;

	qwire_p0f3_query(q, t->family == AF_INET6, t->addr);
	if ((n = ask(o->svc, o->timeout_ms, q, sizeof(q), buf, sizeof(buf),
	    NULL)) < 0 ||
	    reply_usable(o, qwire_p0f3_parse(buf, (size_t)n, &rep), rep.magic,
	    n, P0F3_REPLY_LEN) < 0)
		return Q_ERROR;
	switch (rep.status) {
	case P0F3_OK:
		r = Q_FOUND;
		break;
	case P0F3_NOMATCH:
		r = Q_UNKNOWN;
		break;
	case P0F3_BADQUERY:
		log_warnx("%s: the server did not understand the query",
		    o->svc);
		return Q_ERROR;
	default:
		log_warnx("%s: unknown reply status 0x%x", o->svc,
		    rep.status);
		return Q_ERROR;
	}
	if (o->json)
		p0f3_json(&rep, t);
	else if (r == Q_FOUND)
		p0f3_print(&rep);
	return r;
}

/* ---------------------------------------------------------------------
 * p0f v2 query protocol.
 */

static void
p0f2_print(const struct qwire_p0f2 *r)
{
	put_label("Genre");
	put_field(r->genre, P0F2_GENRE_LEN);
	putchar('\n');
	put_label("Detail");
	put_field(r->detail, P0F2_DETAIL_LEN);
	putchar('\n');
	put_label("Distance");
	if (r->dist < 0)
		puts("???");
	else
		printf("%d\n", r->dist);
	put_label("Network link");
	put_field(r->link, P0F2_LINK_LEN);
	putchar('\n');
	put_label("Uptime");
	if (r->uptime < 0)
		puts("???");
	else
		printf("%d hrs\n", r->uptime);
}

static void
p0f2_json(const struct qwire_p0f2 *r, const struct qnet_target *t,
    const struct qnet_target *d)
{
	struct jobj j;

	j_begin(&j);
	j_str(&j, "address", t->text);
	j_int(&j, "port", t->port);
	j_str(&j, "dst_address", d->text);
	j_int(&j, "dst_port", d->port);
	if (r->type != P0F2_RESP_OK) {
		j_str(&j, "status", "nomatch");
		j_end(&j);
		return;
	}
	j_str(&j, "status", "ok");
	j_field(&j, "genre", r->genre, P0F2_GENRE_LEN);
	j_field(&j, "detail", r->detail, P0F2_DETAIL_LEN);
	if (r->dist < 0)
		j_lit(&j, "distance", "null");
	else
		j_int(&j, "distance", r->dist);
	j_field(&j, "link", r->link, P0F2_LINK_LEN);
	j_field(&j, "tos", r->tos, P0F2_TOS_LEN);
	j_int(&j, "fw", r->fw);
	j_int(&j, "nat", r->nat);
	j_int(&j, "real", r->real);
	j_int(&j, "score", r->score);
	j_int(&j, "mflags", r->mflags);
	if (r->uptime < 0)
		j_lit(&j, "uptime", "null");
	else
		j_int(&j, "uptime", r->uptime);
	j_end(&j);
}

static int
query_p0f2(const struct qopts *o, const struct qnet_target *t)
{
	uint8_t q[P0F2_QUERY_LEN], buf[P0F2_REPLY_LEN];
	struct qwire_p0f2 rep;
	struct qnet_target d;
	uint32_t id;
	ssize_t n;
	int r = Q_ERROR;

	if (qnet_endpoint(o->dst ? o->dst : P0F2_DST_DEFAULT, &d) < 0) {
		log_warnx("--dst: not IP:PORT: %s", o->dst);
		return Q_ERROR;
	}
	if (t->family != AF_INET || d.family != AF_INET) {
		log_warnx("the p0f v2 API knows IPv4 only");
		return Q_ERROR;
	}
	if (qnet_random(&id, sizeof(id)) < 0)
		return Q_ERROR;
	qwire_p0f2_query(q, id, t->addr, d.addr, (uint16_t)t->port,
	    (uint16_t)d.port);
	if ((n = ask(o->svc, o->timeout_ms, q, sizeof(q), buf, sizeof(buf),
	    NULL)) < 0 ||
	    reply_usable(o, qwire_p0f2_parse(buf, (size_t)n, &rep), rep.magic,
	    n, P0F2_REPLY_LEN) < 0)
		return Q_ERROR;
	if (rep.id != id) {
		log_warnx("%s: reply to another query (id 0x%08x, not "
		    "0x%08x)", o->svc, rep.id, id);
		return Q_ERROR;
	}
	switch (rep.type) {
	case P0F2_RESP_OK:
		r = Q_FOUND;
		break;
	case P0F2_RESP_NOMATCH:
		r = Q_UNKNOWN;
		break;
	case P0F2_RESP_BADQUERY:
		log_warnx("%s: the server did not understand the query",
		    o->svc);
		return Q_ERROR;
	default:
		log_warnx("%s: unknown reply type %u", o->svc, rep.type);
		return Q_ERROR;
	}
	if (o->json)
		p0f2_json(&rep, t, &d);
	else if (r == Q_FOUND)
		p0f2_print(&rep);
	return r;
}

/* ---------------------------------------------------------------------
 * Postfix policy delegation.
 */

static void
policy_json(const struct qnet_target *t, const uint8_t *act, size_t alen,
    int kind)
{
	const uint8_t *colon = NULL, *v, *end = act + alen;
	struct jobj j;

	j_begin(&j);
	j_str(&j, "address", t->text);
	j_port(&j, "port", t->port);
	j_mem(&j, "action", act, alen);
	/* PREPEND Name: value */
	if (kind == QWIRE_ACT_PREPEND)
		colon = memchr(act + 8, ':', alen - 8);
	if (colon != NULL) {
		j_mem(&j, "header", act + 8, (size_t)(colon - act - 8));
		for (v = colon + 1; v < end && *v == ' '; v++)
			;
		j_mem(&j, "value", v, (size_t)(end - v));
	}
	j_end(&j);
}

static int
query_policy(const struct qopts *o, const struct qnet_target *t)
{
	char req[QUERY_POLICY_REQ_MAX];
	uint8_t buf[QUERY_POLICY_REPLY_MAX];
	struct qnet_target d;
	const uint8_t *act;
	size_t alen;
	ssize_t n;
	int len, kind, r = Q_ERROR;

	if (o->dst != NULL && qnet_endpoint(o->dst, &d) < 0) {
		log_warnx("--dst: not IP:PORT: %s", o->dst);
		return Q_ERROR;
	}
	len = qwire_policy_request(req, sizeof(req), t->text, t->port,
	    o->dst ? d.text : NULL, o->dst ? d.port : -1);
	if (len < 0) {
		log_warnx("policy request longer than %d bytes",
		    QUERY_POLICY_REQ_MAX);
		return Q_ERROR;
	}
	if ((n = ask(o->svc, o->timeout_ms, req, (size_t)len, buf, sizeof(buf),
	    qwire_policy_complete)) < 0)
		return Q_ERROR;
	switch (qwire_policy_action(buf, (size_t)n, &act, &alen)) {
	case QWIRE_OK:
		break;
	case QWIRE_SHORT:
		if ((size_t)n == sizeof(buf))
			log_warnx("%s: reply longer than %d bytes", o->svc,
			    QUERY_POLICY_REPLY_MAX);
		else
			log_warnx("%s: connection closed before the end of "
			    "the reply (%zd bytes)", o->svc, n);
		return Q_ERROR;
	default:
		log_warnx("%s: the reply has no action, or two", o->svc);
		return Q_ERROR;
	}
	kind = qwire_policy_kind(act, alen);
	if (o->json)
		policy_json(t, act, alen, kind);
	else {
		put_text(act, alen);
		putchar('\n');
	}
	if (kind == QWIRE_ACT_PREPEND)
		r = Q_FOUND;
	else if (kind == QWIRE_ACT_DUNNO)
		r = Q_UNKNOWN;
	else
		log_warnx("%s: the action is neither PREPEND nor DUNNO",
		    o->svc);
	return r;
}

/* ---------------------------------------------------------------------
 * The daemon's control socket: "stats".
 */

/* Prints the checked reply: "name value" lines or one JSON object. */
static void
stats_print(const uint8_t *buf, size_t n, int json)
{
	const uint8_t *p, *nl, *v, *end = buf + n;
	struct jobj j;
	size_t vlen;
	int k;

	if (json)
		j_begin(&j);
	for (p = buf; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!json) {
			put_text(p, (size_t)(nl - p));
			putchar('\n');
			continue;
		}
		k = qwire_stats_line(p, (size_t)(nl - p));
		v = p + k + 1;
		vlen = (size_t)(nl - v);
		if (j.n++)
			putchar(',');
		qwire_escape(stdout, p, (size_t)k, 1);
		putchar(':');
		if (qwire_json_number(v, vlen))
			fwrite(v, 1, vlen, stdout);
		else
			qwire_escape(stdout, v, vlen, 1);
	}
	if (json)
		j_end(&j);
}

static int
query_stats(const struct qopts *o)
{
	static uint8_t buf[QUERY_STATS_MAX + 1];
	static const char cmd[] = "stats\n";
	const uint8_t *p, *nl, *end;
	size_t lines = 0;
	ssize_t n;

	if ((n = ask(o->control, o->timeout_ms, cmd, sizeof(cmd) - 1, buf,
	    sizeof(buf), NULL)) < 0)
		return Q_ERROR;
	if ((size_t)n > QUERY_STATS_MAX) {
		log_warnx("%s: reply longer than %d bytes", o->control,
		    QUERY_STATS_MAX);
		return Q_ERROR;
	}
	if (n == 0) {
		log_warnx("%s: empty reply", o->control);
		return Q_ERROR;
	}
	/* Every line is checked before anything is printed. */
	end = buf + n;
	for (p = buf; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			log_warnx("%s: last line cut short", o->control);
			return Q_ERROR;
		}
		if (++lines > QUERY_STATS_LINES_MAX) {
			log_warnx("%s: more than %d lines", o->control,
			    QUERY_STATS_LINES_MAX);
			return Q_ERROR;
		}
		if (qwire_stats_line(p, (size_t)(nl - p)) < 0) {
			log_warnx("%s: line %zu is not \"name value\"",
			    o->control, lines);
			return Q_ERROR;
		}
	}
	stats_print(buf, (size_t)n, o->json);
	return Q_FOUND;
}

/* ---------------------------------------------------------------------
 * Command line.
 */

static void
usage(FILE *f)
{
	fprintf(f,
"usage: synprint-query [--udp HOST:PORT | --p0f3 PATH | --p0f2 PATH |\n"
"                      --policy SPEC] [-t MS] [--json] [--dst IP:PORT]\n"
"                      ADDRESS [PORT]\n"
"       synprint-query --stats [--control PATH] [-t MS] [--json]\n"
"  --udp HOST:PORT  amavisd's p0f-analyzer protocol (the default:\n"
"                   %s); without PORT, synprint answers with\n"
"                   the host's latest result\n"
"  --p0f3 PATH      p0f v3 API unix socket (per host: no PORT)\n"
"  --p0f2 PATH      p0f v2 query unix socket (IPv4, PORT required)\n"
"  --policy SPEC    Postfix policy server: inet:HOST:PORT, unix:PATH or PATH\n"
"  --dst IP:PORT    the server side of the connection (--p0f2: default\n"
"                   %s; --policy: server_address, server_port)\n"
"  --stats          print the daemon's counters\n"
"  --control PATH   its control socket (default %s)\n"
"  -t, --timeout MS give up after MS milliseconds (default %d)\n"
"  -j, --json       print one JSON object\n"
"  -h, --help       this text\n"
"  -V, --version    the version\n"
"Exit status: 0 a result, 1 none (unknown address, empty result, DUNNO),\n"
"2 error, timeout or any other answer.\n",
	    QUERY_UDP_DEFAULT, P0F2_DST_DEFAULT, QUERY_CONTROL_DEFAULT,
	    QUERY_TIMEOUT_DEFAULT_MS);
}

/* Milliseconds, digits only: the number, or -1. */
static int
parse_ms(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > MS_DIGITS_MAX || strspn(s, "0123456789") != n)
		return -1;
	return atoi(s);
}

/* Sets the service once: a second mode option is a usage error. */
static int
set_mode(struct qopts *o, int *given, enum mode m, const char *svc)
{
	if (*given) {
		log_warnx("give one of --udp, --p0f3, --p0f2, --policy, "
		    "--stats");
		return -1;
	}
	*given = 1;
	o->mode = m;
	o->svc = svc;
	return 0;
}

/* Checks the positional arguments of a lookup: ADDRESS [PORT]. */
static int
parse_target(const struct qopts *o, int argc, char **argv,
    struct qnet_target *t)
{
	if (argc < 1 || argc > 2) {
		log_warnx("give ADDRESS and optionally PORT");
		return -1;
	}
	if (qnet_addr(argv[0], t) < 0) {
		log_warnx("%s: not an IPv4 or IPv6 address", argv[0]);
		return -1;
	}
	t->port = -1;
	if (argc == 2 && (t->port = qnet_port(argv[1])) < 0) {
		log_warnx("%s: not a port (0-65535)", argv[1]);
		return -1;
	}
	if (o->mode == MODE_P0F3 && t->port >= 0) {
		log_warnx("--p0f3 answers per host: no PORT");
		return -1;
	}
	if (o->mode == MODE_P0F2 && t->port < 0) {
		log_warnx("--p0f2 needs the client's PORT");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	enum {
		OPT_UDP = 256, OPT_P0F3, OPT_P0F2, OPT_POLICY, OPT_STATS,
		OPT_CONTROL, OPT_DST,
	};
	static const struct option longopts[] = {
		{ "udp", required_argument, NULL, OPT_UDP },
		{ "p0f3", required_argument, NULL, OPT_P0F3 },
		{ "p0f2", required_argument, NULL, OPT_P0F2 },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "control", required_argument, NULL, OPT_CONTROL },
		{ "dst", required_argument, NULL, OPT_DST },
		{ "timeout", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct qopts o;
	struct qnet_target t;
	int ch, given = 0, r = Q_ERROR;

	log_init("synprint-query", 0, 0);
	memset(&o, 0, sizeof(o));
	memset(&t, 0, sizeof(t));
	o.mode = MODE_UDP;
	o.svc = QUERY_UDP_DEFAULT;
	o.timeout_ms = QUERY_TIMEOUT_DEFAULT_MS;
	while ((ch = getopt_long(argc, argv, "t:jhV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_UDP:
		case OPT_P0F3:
		case OPT_P0F2:
		case OPT_POLICY:
		case OPT_STATS:
			if (set_mode(&o, &given, ch == OPT_UDP ? MODE_UDP :
			    ch == OPT_P0F3 ? MODE_P0F3 : ch == OPT_P0F2 ?
			    MODE_P0F2 : ch == OPT_POLICY ? MODE_POLICY :
			    MODE_STATS, optarg) < 0)
				goto usage;
			break;
		case OPT_CONTROL:
			o.control = optarg;
			break;
		case OPT_DST:
			o.dst = optarg;
			break;
		case 't':
			o.timeout_ms = parse_ms(optarg);
			if (o.timeout_ms < 1 ||
			    o.timeout_ms > QUERY_TIMEOUT_MAX_MS) {
				log_warnx("-t wants milliseconds within 1-%d",
				    QUERY_TIMEOUT_MAX_MS);
				goto usage;
			}
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("synprint-query %s\n", SYNPRINT_VERSION);
			return 0;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (o.control != NULL && o.mode != MODE_STATS) {
		log_warnx("--control goes with --stats");
		goto usage;
	}
	if (o.dst != NULL && o.mode != MODE_P0F2 && o.mode != MODE_POLICY) {
		log_warnx("--dst goes with --p0f2 or --policy");
		goto usage;
	}
	if (o.mode == MODE_STATS) {
		if (argc != 0) {
			log_warnx("--stats takes no address");
			goto usage;
		}
		if (o.control == NULL)
			o.control = QUERY_CONTROL_DEFAULT;
	} else if (parse_target(&o, argc, argv, &t) < 0)
		goto usage;

	switch (o.mode) {
	case MODE_UDP:
		r = query_udp(&o, &t);
		break;
	case MODE_P0F3:
		r = query_p0f3(&o, &t);
		break;
	case MODE_P0F2:
		r = query_p0f2(&o, &t);
		break;
	case MODE_POLICY:
		r = query_policy(&o, &t);
		break;
	case MODE_STATS:
		r = query_stats(&o);
		break;
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("standard output");
		r = Q_ERROR;
	}
	return r;
 usage:
	usage(stderr);
	return Q_ERROR;
}
