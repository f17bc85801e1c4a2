/* Client-side requests and hostile-reply parsers of the lookup protocols. */
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
#include "config.h"
#include "qwire.h"

/* The attributes Postfix 3.7 sends besides the ones set here, empty. */
static const char *const policy_empty[] = {
	"client_name", "reverse_client_name", "helo_name", "sender",
	"recipient", "recipient_count", "queue_id", "instance", "size",
	"etrn_domain", "stress", "sasl_method", "sasl_username",
	"sasl_sender", "ccert_subject", "ccert_issuer", "ccert_fingerprint",
	"ccert_pubkey_fingerprint", "encryption_protocol",
	"encryption_cipher", "encryption_keysize", "policy_context",
};

size_t
qwire_field_len(const uint8_t *f, size_t n)
{
	const uint8_t *z = memchr(f, '\0', n);

	return z ? (size_t)(z - f) : n;
}

void
qwire_escape(FILE *f, const uint8_t *s, size_t n, int json)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	if (json)
		putc('"', f);
	for (i = 0; i < n; i++) {
		if (json && s[i] == '"')
			fputs("\\\"", f);
		else if (s[i] >= 0x20 && s[i] <= 0x7e && s[i] != '\\')
			putc(s[i], f);
		else {
			fputs(json ? "\\\\x" : "\\x", f);
			putc(hex[s[i] >> 4], f);
			putc(hex[s[i] & 15], f);
		}
	}
	if (json)
		putc('"', f);
}

/*
 * Appends to buf (cap bytes, *len used). Once something did not fit,
 * nothing more is appended and every call returns -1.
 */
static int __attribute__((format(printf, 4, 5)))
appendf(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= cap)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap - *len) {
		*len = cap;
		return -1;
	}
	*len += (size_t)n;
	return 0;
}

int
qwire_udp_query(char *buf, size_t cap, const char *addr, int port,
    const char *nonce)
{
	size_t len = 0;

	if (port >= 0)
		appendf(buf, cap, &len, "[%s]:%d %s", addr, port, nonce);
	else
		appendf(buf, cap, &len, "[%s] %s", addr, nonce);
	return len < cap ? (int)len : -1;
}

int
qwire_udp_reply(const uint8_t *d, size_t n, const char *msg, size_t len,
    const uint8_t **res, size_t *rlen)
{
	if (n < len + 1 || memcmp(d, msg, len) != 0 || d[len] != ' ')
		return QWIRE_STRAY;
	if (n < len + 3 || d[n - 2] != '\r' || d[n - 1] != '\n')
		return QWIRE_BAD;
	*res = d + len + 1;
	*rlen = n - len - 3;
	return QWIRE_OK;
}

void
qwire_p0f3_query(uint8_t q[P0F3_QUERY_LEN], int v6,
    const uint8_t addr[16])
{
	memset(q, 0, P0F3_QUERY_LEN);
	put_ne32(q, P0F3_QUERY_MAGIC);
	q[4] = v6 ? P0F3_ADDR_V6 : P0F3_ADDR_V4;
	memcpy(q + 5, addr, v6 ? 16 : 4);
}

int
qwire_p0f3_parse(const uint8_t *buf, size_t len, struct qwire_p0f3 *r)
{
	struct cur c;
	uint16_t d;

	if (len < P0F3_REPLY_LEN)
		return QWIRE_SHORT;
	cur_init(&c, buf, P0F3_REPLY_LEN);
	if (cur_ne32(&c, &r->magic) < 0 || cur_ne32(&c, &r->status) < 0 ||
	    cur_ne32(&c, &r->first_seen) < 0 ||
	    cur_ne32(&c, &r->last_seen) < 0 ||
	    cur_ne32(&c, &r->total_conn) < 0 ||
	    cur_ne32(&c, &r->uptime_min) < 0 ||
	    cur_ne32(&c, &r->up_mod_days) < 0 ||
	    cur_ne32(&c, &r->last_nat) < 0 || cur_ne32(&c, &r->last_chg) < 0 ||
	    cur_ne16(&c, &d) < 0 || cur_u8(&c, &r->bad_sw) < 0 ||
	    cur_u8(&c, &r->os_match_q) < 0 ||
	    cur_bytes(&c, r->os_name, P0F3_STR_LEN) < 0 ||
	    cur_bytes(&c, r->os_flavor, P0F3_STR_LEN) < 0 ||
	    cur_bytes(&c, r->http_name, P0F3_STR_LEN) < 0 ||
	    cur_bytes(&c, r->http_flavor, P0F3_STR_LEN) < 0 ||
	    cur_bytes(&c, r->link_type, P0F3_STR_LEN) < 0 ||
	    cur_bytes(&c, r->language, P0F3_STR_LEN) < 0)
		return QWIRE_SHORT;
	r->distance = (int16_t)d;
	return r->magic == P0F3_REPLY_MAGIC ? QWIRE_OK : QWIRE_MAGIC;
}

void
qwire_p0f2_query(uint8_t q[P0F2_QUERY_LEN], uint32_t id,
    const uint8_t src[4], const uint8_t dst[4], uint16_t sport,
    uint16_t dport)
{
	memset(q, 0, P0F2_QUERY_LEN);
	put_ne32(q, P0F2_MAGIC);
	q[4] = P0F2_QTYPE_FP;		/* then 3 bytes of padding */
	put_ne32(q + 8, id);
	memcpy(q + 12, src, 4);
	memcpy(q + 16, dst, 4);
	put_ne16(q + 20, sport);
	put_ne16(q + 22, dport);
}

int
qwire_p0f2_parse(const uint8_t *buf, size_t len, struct qwire_p0f2 *r)
{
	struct cur c;
	uint8_t dist;
	uint16_t score;
	uint32_t up;

	if (len < P0F2_REPLY_LEN)
		return QWIRE_SHORT;
	cur_init(&c, buf, P0F2_REPLY_LEN);
	if (cur_ne32(&c, &r->magic) < 0 || cur_ne32(&c, &r->id) < 0 ||
	    cur_u8(&c, &r->type) < 0 ||
	    cur_bytes(&c, r->genre, P0F2_GENRE_LEN) < 0 ||
	    cur_bytes(&c, r->detail, P0F2_DETAIL_LEN) < 0 ||
	    cur_u8(&c, &dist) < 0 ||
	    cur_bytes(&c, r->link, P0F2_LINK_LEN) < 0 ||
	    cur_bytes(&c, r->tos, P0F2_TOS_LEN) < 0 ||
	    cur_u8(&c, &r->fw) < 0 || cur_u8(&c, &r->nat) < 0 ||
	    cur_u8(&c, &r->real) < 0 ||
	    cur_skip(&c, 1) < 0 ||		/* padding */
	    cur_ne16(&c, &score) < 0 || cur_ne16(&c, &r->mflags) < 0 ||
	    cur_skip(&c, 2) < 0 ||		/* padding */
	    cur_ne32(&c, &up) < 0)
		return QWIRE_SHORT;
	r->dist = (int8_t)dist;
	r->score = (int16_t)score;
	r->uptime = (int32_t)up;
	return r->magic == P0F2_MAGIC ? QWIRE_OK : QWIRE_MAGIC;
}

int
qwire_policy_request(char *buf, size_t cap, const char *client, int port,
    const char *server, int sport)
{
	size_t len = 0, i;

	appendf(buf, cap, &len, "request=smtpd_access_policy\n"
	    "protocol_state=DATA\nprotocol_name=ESMTP\nclient_address=%s\n",
	    client);
	if (port >= 0)
		appendf(buf, cap, &len, "client_port=%d\n", port);
	else
		appendf(buf, cap, &len, "client_port=\n");
	if (server != NULL)
		appendf(buf, cap, &len, "server_address=%s\nserver_port=%d\n",
		    server, sport);
	else
		appendf(buf, cap, &len, "server_address=\nserver_port=\n");
	for (i = 0; i < sizeof(policy_empty) / sizeof(policy_empty[0]); i++)
		appendf(buf, cap, &len, "%s=\n", policy_empty[i]);
	if (appendf(buf, cap, &len, "\n") < 0)
		return -1;
	return (int)len;
}

int
qwire_policy_complete(const uint8_t *buf, size_t n)
{
	if (n >= 1 && buf[0] == '\n')
		return 1;
	return memmem(buf, n, "\n\n", 2) != NULL;
}

int
qwire_policy_action(const uint8_t *buf, size_t n, const uint8_t **act,
    size_t *alen)
{
	const uint8_t *p = buf, *end = buf + n, *nl;

	*act = NULL;
	*alen = 0;
	for (;;) {
		if (p == end)
			return QWIRE_SHORT;
		if (*p == '\n')
			break;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return QWIRE_SHORT;
		if ((size_t)(nl - p) >= 7 && memcmp(p, "action=", 7) == 0) {
			if (*act != NULL)
				return QWIRE_BAD;
			*act = p + 7;
			*alen = (size_t)(nl - p - 7);
		}
		p = nl + 1;
	}
	return *act != NULL ? QWIRE_OK : QWIRE_BAD;
}

int
qwire_policy_kind(const uint8_t *act, size_t alen)
{
	/* Postfix takes access(5) actions in any case. */
	if (alen > 8 && strncasecmp((const char *)act, "PREPEND ", 8) == 0)
		return QWIRE_ACT_PREPEND;
	if (alen == 5 && strncasecmp((const char *)act, "DUNNO", 5) == 0)
		return QWIRE_ACT_DUNNO;
	return QWIRE_ACT_OTHER;
}

int
qwire_stats_line(const uint8_t *p, size_t n)
{
	const uint8_t *sp = memchr(p, ' ', n);
	size_t i, k;

	if (sp == NULL)
		return -1;
	k = (size_t)(sp - p);
	if (k == 0 || k > QUERY_STAT_NAME_MAX)
		return -1;
	for (i = 0; i < k; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '_' || p[i] == '.' || p[i] == '-' || p[i] == ':'))
			return -1;
	return (int)k;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
int
qwire_json_number(const uint8_t *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else {
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}
