/* libpcap sources: offline files and pcap streams. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "packet.h"

struct capture {
	pcap_t *pc;
	int dlt;
	uint64_t records;
	uint64_t bytes;		/* consumed, for streams without ftello */
	capture_fn fn;
	void *arg;
};

static int
set_filter(struct capture *c, const char *filter, char *err, size_t errlen)
{
	struct bpf_program prog;
	char *both = NULL;
	int r = -1;

	if (filter == NULL || *filter == '\0')
		return 0;
	/*
	 * Tagged frames need the filter again behind "vlan"; nesting (each
	 * "vlan" shifts what follows by one tag) reaches QinQ as well.
	 */
	if (c->dlt == DLT_EN10MB &&
	    asprintf(&both, "(%s) or (vlan and ((%s) or (vlan and (%s))))",
	    filter, filter, filter) > 0 &&
	    pcap_compile(c->pc, &prog, both, 1, PCAP_NETMASK_UNKNOWN) == 0)
		r = 0;
	else if (pcap_compile(c->pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) ==
	    0)
		r = 0;
	free(both);
	if (r < 0) {
		snprintf(err, errlen, "bad filter '%s': %s", filter,
		    pcap_geterr(c->pc));
		return CAP_EFILTER;
	}
	if (pcap_setfilter(c->pc, &prog) < 0) {
		snprintf(err, errlen, "cannot set filter: %s",
		    pcap_geterr(c->pc));
		pcap_freecode(&prog);
		return CAP_EFILTER;
	}
	pcap_freecode(&prog);
	return 0;
}

int
capture_open_file(const char *path, const char *filter, struct capture **out,
    char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct capture *c;
	int r;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return CAP_EOPEN;
	}
	if (strcmp(path, "-") == 0)
		c->pc = pcap_fopen_offline_with_tstamp_precision(stdin,
		    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	else
		c->pc = pcap_open_offline_with_tstamp_precision(path,
		    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (c->pc == NULL) {
		snprintf(err, errlen, "%s: %s", strcmp(path, "-") ?
		    path : "standard input", ebuf[0] ? ebuf :
		    "not a pcap or pcapng capture");
		free(c);
		return CAP_EOPEN;
	}
	c->dlt = pcap_datalink(c->pc);
	if (!pkt_dlt_supported(c->dlt)) {
		snprintf(err, errlen, "%s: link type %s (%d) not supported",
		    path, pcap_datalink_val_to_name(c->dlt) ?
		    pcap_datalink_val_to_name(c->dlt) : "?", c->dlt);
		capture_close(c);
		return CAP_EDLT;
	}
	if ((r = set_filter(c, filter, err, errlen)) < 0) {
		capture_close(c);
		return r;
	}
	*out = c;
	return 0;
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct capture *c = (struct capture *)(void *)user;

	c->records++;
	c->bytes += 16 + h->caplen;
	c->fn(c->arg, bytes, h->caplen, (uint64_t)h->ts.tv_sec,
	    (uint32_t)h->ts.tv_usec);
}

int
capture_run(struct capture *c, capture_fn fn, void *arg, char *err,
    size_t errlen)
{
	FILE *f;
	long long off;
	int r;

	c->fn = fn;
	c->arg = arg;
	r = pcap_loop(c->pc, -1, on_packet, (u_char *)c);
	if (r == 0 || r == PCAP_ERROR_BREAK)
		return 0;
	f = pcap_file(c->pc);
	off = f ? (long long)ftello(f) : -1;
	if (off < 0)
		snprintf(err, errlen, "corrupt capture after %llu records "
		    "(about byte %llu): %s", (unsigned long long)c->records,
		    (unsigned long long)c->bytes + 24, pcap_geterr(c->pc));
	else
		snprintf(err, errlen, "corrupt capture at byte offset %lld, "
		    "after %llu records: %s", off,
		    (unsigned long long)c->records, pcap_geterr(c->pc));
	return CAP_EREAD;
}

int
capture_datalink(const struct capture *c)
{
	return c->dlt;
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->pc)
		pcap_close(c->pc);
	free(c);
}
