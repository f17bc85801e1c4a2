/* Postfix SMTPD policy delegation: PREPEND the sender's OS at DATA. */
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "config.h"
#include "log.h"
#include "svc_int.h"

/* The reply to a complete request, appended to out. */
static void
answer(struct sconn *c, struct sb *out)
{
	struct svc *s = c->svc;
	const char *os = NULL;
	size_t os_len = 0, n;
	uint8_t addr[16];
	char *end;
	long port = -1;
	int ver;

	s->cnt->queries++;
	if (strcasecmp(c->req.state, "DATA") == 0 &&
	    proto_addr_parse(c->req.addr, strlen(c->req.addr), &ver,
	    addr) == 0) {
		if (c->req.port[0]) {
			port = strtol(c->req.port, &end, 10);
			if (*end || port < 0 || port > 65535)
				port = -1;
		}
		/* Only OS labels come back, never "???". */
		os = svc_os_text(s->ctx, ver, addr, (int)port, &os_len);
	}
	if (os)
		s->cnt->known++;
	else
		s->cnt->unknown++;
	n = proto_policy_reply(&c->req, s->ctx->o->policy_header, os, os_len,
	    out->p + out->n, out->cap - out->n);
	out->n += n;
}

/* Lines "name=value\n" up to an empty line; one reply per request. */
static ssize_t
consume_policy(struct sconn *c, const uint8_t *buf, size_t len,
    struct sb *out)
{
	struct svc *s = c->svc;
	const uint8_t *p = buf, *nl;
	size_t line;
	int r;

	while ((nl = memchr(p, '\n', len - (size_t)(p - buf))) != NULL &&
	    out->cap - out->n >= s->proto->reply_max) {
		line = (size_t)(nl - p);
		r = proto_policy_line(&c->req, (const char *)p, line);
		p = nl + 1;
		if (r == POLICY_BAD) {
			/* Postfix expects a close, and retries. */
			s->cnt->bad++;
			log_warnx("policy: malformed request line, closing");
			return -1;
		}
		if (r == POLICY_DONE) {
			answer(c, out);
			proto_policy_reset(&c->req);
			/* Everything before is consumed: a request spanning
			 * reads keeps only its unread lines. */
			return (ssize_t)(p - buf);
		}
	}
	/* Attribute lines of an unfinished request are remembered in req,
	 * so they are consumed too. */
	return (ssize_t)(p - buf);
}

const struct stream_proto proto_policy = {
	.name = "policy",
	.partial_max = POLICY_REQ_MAX,
	.reply_max = 1024,
	.consume = consume_policy,
};
