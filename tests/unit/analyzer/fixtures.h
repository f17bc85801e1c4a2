/*
 * Fixtures shared by the analyzer's unit tests: a signature set from text,
 * an IPv4 address in a 16-byte field, the fields of a Linux 3.11 SYN.
 * Everything is static inline, so a test uses what it needs. Include it
 * after <cmocka.h>.
 */
#ifndef FIXTURES_H
#define FIXTURES_H

#include <stdint.h>
#include <string.h>

#include "packet.h"
#include "sigdb.h"

/* The signature set in TEXT (p0f.fp format); the caller frees it. A text
 * that does not load fails the test. */
static inline struct sigdb *
load(const char *text)
{
	struct sigdb *db;
	struct sigdb_err err;

	if (sigdb_load_mem("test.fp", text, strlen(text), &db, &err) != 0)
		fail_msg("load: %s", err.msg);
	return db;
}

/* Writes the IPv4 address x.y.z.w into the 16-byte field a. */
static inline void
v4(uint8_t *a, unsigned x, unsigned y, unsigned z, unsigned w)
{
	memset(a, 0, 16);
	a[0] = (uint8_t)x;
	a[1] = (uint8_t)y;
	a[2] = (uint8_t)z;
	a[3] = (uint8_t)w;
}

/*
 * The fingerprinted fields of a Linux 3.11 SYN over IPv4: TTL 64, MSS
 * 1460, window 29200 (mss*20), window scale 7, options mss,sok,ts,nop,ws
 * with timestamp tsval, DF and a non-zero IP ID, a 60-byte header.
 * Addresses, ports, flags and sequence numbers are left to the caller.
 */
static inline void
linux311_fields(struct pkt_tcp *p, uint32_t tsval)
{
	static const uint8_t o[5] = {OPT_MSS, OPT_SACKOK, OPT_TS, OPT_NOP,
				     OPT_WS};

	p->ttl = 64;
	p->mss = 1460;
	p->win = 29200;
	p->wscale = 7;
	memcpy(p->opt, o, sizeof(o));
	p->opt_cnt = 5;
	p->has_ts = 1;
	p->ts1 = tsval;
	p->quirks = Q_DF | Q_NZ_ID;
	p->hdr_len = 60;
}

#endif
