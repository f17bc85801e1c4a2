/*
 * libFuzzer harness for Postfix policy delegation: a request stream cut
 * into lines the way svc_policy.c does (at "\n", the connection closed at
 * the first malformed line), each line through proto_policy_line(), and
 * every complete request answered by proto_policy_reply() with an OS text
 * from the input (any bytes, as a hostile signature label could hold).
 *
 * Checked: each line's verdict and the attributes kept agree with a
 * small model of the protocol; kept values are NUL-terminated and what
 * was sent, or empty when that did not fit; a reply is either
 * "action=DUNNO\n\n" or
 * "action=PREPEND X-p0f-OS: VALUE\n\n" where VALUE has only printable
 * ASCII (so no newline can end the header early or inject a line), is as
 * long as the OS text and equals it where that was printable.
 *
 * Input: byte 0 = length of the OS text (mod 128), the OS text, then the
 * bytes a policy client sends.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

static const char header[] = "X-p0f-OS";

/* What proto_policy_line() should have kept of an attribute. */
struct model {
	char state[24], request[32], addr[64], port[8];
	unsigned nattr;
};

/* A value too long for its field is kept empty. */
static void
model_copy(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		n = 0;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

/* The verdict for one line, applied to the model. */
static int
model_line(struct model *m, const char *line, size_t len)
{
	const char *eq;
	size_t nl;

	if (len == 0)
		return m->nattr ? POLICY_DONE : POLICY_BAD;
	if (memchr(line, '\0', len))
		return POLICY_BAD;
	eq = memchr(line, '=', len);
	if (eq == NULL || eq == line || m->nattr + 1 > POLICY_ATTRS_MAX)
		return POLICY_BAD;
	m->nattr++;
	nl = (size_t)(eq - line);
	if (nl == 14 && memcmp(line, "protocol_state", 14) == 0)
		model_copy(m->state, sizeof(m->state), eq + 1, len - nl - 1);
	else if (nl == 7 && memcmp(line, "request", 7) == 0)
		model_copy(m->request, sizeof(m->request), eq + 1,
		    len - nl - 1);
	else if (nl == 14 && memcmp(line, "client_address", 14) == 0)
		model_copy(m->addr, sizeof(m->addr), eq + 1, len - nl - 1);
	else if (nl == 11 && memcmp(line, "client_port", 11) == 0)
		model_copy(m->port, sizeof(m->port), eq + 1, len - nl - 1);
	return POLICY_MORE;
}

static void
check_kept(const char *kept, size_t cap, const char *want)
{
	CHECK(memchr(kept, '\0', cap) != NULL);
	CHECK(strcmp(kept, want) == 0);
}

static void
check_reply(const struct policy_req *r, const char *os, size_t os_len)
{
	static char out[1024];
	size_t n, i, hl = sizeof(header) - 1;
	const char *v;
	uint8_t addr[16];
	int ver;

	/* What svc_policy.c does with the address before answering. */
	if (proto_addr_parse(r->addr, strlen(r->addr), &ver, addr) == 0)
		CHECK(ver == 4 || ver == 6);
	n = proto_policy_reply(r, header, os, os_len, out, sizeof(out));
	CHECK(n >= 2 && n <= sizeof(out));
	CHECK(memcmp(out + n - 2, "\n\n", 2) == 0);
	CHECK(memchr(out, '\n', n - 2) == NULL);
	for (i = 0; i < n - 2; i++)
		CHECK(out[i] >= 0x20 && out[i] < 0x7f);
	if (os_len == 0 || strcasecmp(r->state, "DATA") != 0) {
		CHECK(n == 14 && memcmp(out, "action=DUNNO\n\n", 14) == 0);
		return;
	}
	CHECK(n == 15 + hl + 2 + os_len + 2);
	CHECK(memcmp(out, "action=PREPEND ", 15) == 0);
	CHECK(memcmp(out + 15, header, hl) == 0);
	CHECK(memcmp(out + 15 + hl, ": ", 2) == 0);
	v = out + 17 + hl;
	for (i = 0; i < os_len; i++) {
		unsigned char c = (unsigned char)os[i];

		CHECK(v[i] == (c >= 0x20 && c < 0x7f ? os[i] : '?'));
	}
	/* Too small for the reply: nothing. */
	CHECK(proto_policy_reply(r, header, os, os_len, out, n - 1) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_req r;
	struct model m;
	const char *os, *p, *end, *nl;
	size_t os_len, len;
	int v, mv;

	if (size < 1)
		return 0;
	os_len = data[0] % 128;
	if (os_len > size - 1)
		os_len = size - 1;
	os = (const char *)data + 1;
	p = os + os_len;
	end = (const char *)data + size;
	proto_policy_reset(&r);
	memset(&m, 0, sizeof(m));
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		len = (size_t)(nl - p);
		v = proto_policy_line(&r, p, len);
		mv = model_line(&m, p, len);
		CHECK(v == mv);
		p = nl + 1;
		if (v == POLICY_BAD)
			return 0;	/* the connection is closed */
		CHECK(r.nattr == m.nattr && r.nattr <= POLICY_ATTRS_MAX);
		check_kept(r.state, sizeof(r.state), m.state);
		check_kept(r.request, sizeof(r.request), m.request);
		check_kept(r.addr, sizeof(r.addr), m.addr);
		check_kept(r.port, sizeof(r.port), m.port);
		if (v == POLICY_DONE) {
			check_reply(&r, os, os_len);
			check_reply(&r, os, 0);
			proto_policy_reset(&r);
			memset(&m, 0, sizeof(m));
		}
	}
	return 0;
}
