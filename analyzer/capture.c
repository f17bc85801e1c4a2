/* libpcap sources: offline files and pcap streams. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "config.h"
#include "packet.h"

struct capture {
	pcap_t *pc;
	int dlt;
	uint64_t records;
	uint64_t bytes;		/* consumed, for streams without ftello */
	capture_fn fn;
	void *arg;
	int live;		/* an interface, not a file */
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

/* The capture's link type, if the decoder knows it: 0, or -1 saying why. */
static int
take_dlt(struct capture *c, const char *name, char *err, size_t errlen)
{
	const char *dn;

	c->dlt = pcap_datalink(c->pc);
	if (pkt_dlt_supported(c->dlt))
		return 0;
	dn = pcap_datalink_val_to_name(c->dlt);
	snprintf(err, errlen, "%s: link type %s (%d) not supported", name,
	    dn ? dn : "?", c->dlt);
	return -1;
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
	if (take_dlt(c, path, err, errlen) < 0) {
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

int
capture_open_live(const char *iface, const char *filter, int bufsize,
    struct capture **out, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct capture *c;
	int r = CAP_EOPEN;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return CAP_EOPEN;
	}
	c->live = 1;
	if ((c->pc = pcap_create(iface, ebuf)) == NULL) {
		snprintf(err, errlen, "%s: %s", iface, ebuf);
		goto out;
	}
	/* Headers are all we read; a SYN's fit in CAP_LIVE_SNAPLEN. */
	if (pcap_set_snaplen(c->pc, CAP_LIVE_SNAPLEN) != 0 ||
	    pcap_set_promisc(c->pc, 0) != 0 ||
	    pcap_set_immediate_mode(c->pc, 1) != 0 ||
	    pcap_set_buffer_size(c->pc, bufsize) != 0) {
		snprintf(err, errlen, "%s: cannot set capture options", iface);
		goto out;
	}
	if ((r = pcap_activate(c->pc)) < 0) {
		snprintf(err, errlen, "%s: %s", iface, r == PCAP_ERROR ?
		    pcap_geterr(c->pc) : pcap_statustostr(r));
		r = CAP_EOPEN;
		goto out;
	}
	if (take_dlt(c, iface, err, errlen) < 0) {
		r = CAP_EDLT;
		goto out;
	}
	if ((r = set_filter(c, filter, err, errlen)) < 0)
		goto out;
	if (pcap_setnonblock(c->pc, 1, ebuf) < 0 ||
	    pcap_get_selectable_fd(c->pc) < 0) {
		snprintf(err, errlen, "%s: cannot poll the capture: %s",
		    iface, ebuf);
		r = CAP_EOPEN;
		goto out;
	}
	*out = c;
	return 0;
out:
	capture_close(c);
	return r;
}

int
capture_fd(const struct capture *c)
{
	return pcap_get_selectable_fd(c->pc);
}

int
capture_stats(const struct capture *c, uint64_t *recv, uint64_t *drop,
    uint64_t *ifdrop)
{
	struct pcap_stat st;

	if (!c->live || pcap_stats(c->pc, &st) < 0)
		return -1;
	*recv = st.ps_recv;
	*drop = st.ps_drop;
	*ifdrop = st.ps_ifdrop;
	return 0;
}

static void on_packet(u_char *, const struct pcap_pkthdr *, const u_char *);

int
capture_dispatch(struct capture *c, capture_fn fn, void *arg, int max,
    char *err, size_t errlen)
{
	int n;

	c->fn = fn;
	c->arg = arg;
	n = pcap_dispatch(c->pc, max, on_packet, (u_char *)c);
	if (n == PCAP_ERROR) {
		snprintf(err, errlen, "%s", pcap_geterr(c->pc));
		return CAP_EREAD;
	}
	return n < 0 ? 0 : n;
}

void
capture_break(struct capture *c)
{
	pcap_breakloop(c->pc);
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
