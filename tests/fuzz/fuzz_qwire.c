/*
 * libFuzzer harness for qwire.c, synprint-query's reply parsers: the same
 * hostile bytes as a UDP answer (to the query they start with), a p0f v3
 * and a p0f v2 answer, a policy reply and a stats reply. Every slice a
 * parser hands back must lie inside the input, and the escaped text of
 * every string must be printable ASCII only (checked through a memory
 * stream).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qwire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define QUERY_MAX	64	/* longest query taken from the input */

/* Escapes s both ways and traps on any byte outside 0x20-0x7e. */
static void
check_escape(const uint8_t *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int json;

	for (json = 0; json < 2; json++) {
		if ((f = open_memstream(&buf, &len)) == NULL)
			abort();
		qwire_escape(f, s, n, json);
		if (fclose(f) != 0)
			abort();
		for (i = 0; i < len; i++)
			if (buf[i] < 0x20 || buf[i] > 0x7e)
				__builtin_trap();
		free(buf);
		buf = NULL;
	}
}

static void
inside(const uint8_t *p, size_t n, const uint8_t *data, size_t size)
{
	if (p < data || n > size || p > data + size - n)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[QUERY_MAX + 1];
	const uint8_t *sp, *res, *act, *p, *nl, *end = data + size;
	struct qwire_p0f3 r3;
	struct qwire_p0f2 r2;
	size_t mlen, rlen, alen;
	int k;

	/* UDP: the query is what precedes the second space. */
	sp = memchr(data, ' ', size);
	if (sp != NULL)
		sp = memchr(sp + 1, ' ', (size_t)(end - sp - 1));
	mlen = sp ? (size_t)(sp - data) : size;
	if (mlen > QUERY_MAX)
		mlen = QUERY_MAX;
	memcpy(msg, data, mlen);
	msg[mlen] = '\0';
	if (qwire_udp_reply(data, size, msg, mlen, &res, &rlen) ==
	    QWIRE_OK) {
		inside(res, rlen, data, size);
		if (res + rlen + 2 != end)
			__builtin_trap();
		check_escape(res, rlen);
	}

	if (qwire_p0f3_parse(data, size, &r3) != QWIRE_SHORT) {
		if (size < P0F3_REPLY_LEN)
			__builtin_trap();
		check_escape(r3.os_name, qwire_field_len(r3.os_name,
		    P0F3_STR_LEN));
		check_escape(r3.language, qwire_field_len(r3.language,
		    P0F3_STR_LEN));
	}
	if (qwire_p0f2_parse(data, size, &r2) != QWIRE_SHORT) {
		if (size < P0F2_REPLY_LEN)
			__builtin_trap();
		check_escape(r2.genre, qwire_field_len(r2.genre,
		    P0F2_GENRE_LEN));
	}

	k = qwire_policy_complete(data, size);
	if (qwire_policy_action(data, size, &act, &alen) == QWIRE_OK) {
		if (!k)
			__builtin_trap();
		inside(act, alen, data, size);
		(void)qwire_policy_kind(act, alen);
		check_escape(act, alen);
	}

	for (p = data; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		k = qwire_stats_line(p, (size_t)(nl - p));
		if (k >= 0) {
			if ((size_t)k >= (size_t)(nl - p))
				__builtin_trap();
			(void)qwire_json_number(p + k + 1,
			    (size_t)(nl - p - k - 1));
		}
	}
	check_escape(data, size);
	return 0;
}
