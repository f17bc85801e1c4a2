/* Decoding of captured frames into struct pkt_tcp (link, IP, TCP, quirks). */
#include <string.h>

#include <pcap/dlt.h>

#include "bytes.h"
#include "packet.h"

#define ETH_IPV4	0x0800
#define ETH_IPV6	0x86dd
#define ETH_VLAN	0x8100
#define ETH_QINQ	0x88a8
#define ETH_QINQ_OLD	0x9100

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4	228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6	229
#endif

int
pkt_dlt_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_NULL:
	case DLT_LOOP:
	case DLT_PPP:
	case DLT_PPP_SERIAL:
		return 1;
	default:
		return dlt == 101; /* LINKTYPE_RAW seen as a DLT */
	}
}

const char *
pkt_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case PKT_ELINK:
		return "link header truncated or not IP";
	case PKT_ESHORT:
		return "IP or TCP header truncated";
	case PKT_EIPHDR:
		return "malformed IP header";
	case PKT_ENOTTCP:
		return "not TCP";
	case PKT_EFRAG:
		return "IP fragment";
	case PKT_ETCPHDR:
		return "malformed TCP header";
	case PKT_EFLAGS:
		return "impossible TCP flags";
	case PKT_EEXTHDR:
		return "IPv6 extension header (compat mode)";
	case PKT_EDLT:
		return "unsupported link type";
	default:
		return "unknown error";
	}
}

/* Walks 802.1Q / 802.1ad tags; *etype is the type after the last tag. */
static int
walk_vlans(struct cur *c, uint16_t *etype, struct pkt_tcp *out)
{
	uint16_t tci;

	while (*etype == ETH_VLAN || *etype == ETH_QINQ ||
	    *etype == ETH_QINQ_OLD) {
		if (out->vlans == MAX_VLAN_TAGS)
			return PKT_ELINK;
		if (cur_be16(c, &tci) < 0 || cur_be16(c, etype) < 0)
			return PKT_ELINK;
		if (out->vlans++ == 0)
			out->vlan_id = tci & 0x0fff;
	}
	return 0;
}

/* Positions c at the IP header; returns the IP version seen or an error. */
static int
skip_link(int dlt, struct cur *c, struct pkt_tcp *out)
{
	uint16_t etype;
	uint8_t b;

	switch (dlt) {
	case DLT_EN10MB:
		if (cur_skip(c, 12) < 0 || cur_be16(c, &etype) < 0)
			return PKT_ELINK;
		break;
	case DLT_LINUX_SLL:
		if (cur_skip(c, 14) < 0 || cur_be16(c, &etype) < 0)
			return PKT_ELINK;
		break;
	case DLT_LINUX_SLL2:
		if (cur_be16(c, &etype) < 0 || cur_skip(c, 18) < 0)
			return PKT_ELINK;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		/*
		 * A 4-byte address family, host order (NULL) or network
		 * order (LOOP); its values differ between systems, so the
		 * IP version nibble decides.
		 */
		if (cur_skip(c, 4) < 0)
			return PKT_ELINK;
		etype = 0;
		break;
	case DLT_PPP:
	case DLT_PPP_SERIAL:
		if (cur_skip(c, 2) < 0 || cur_be16(c, &etype) < 0)
			return PKT_ELINK;
		if (etype == 0x0021)
			etype = ETH_IPV4;
		else if (etype == 0x0057)
			etype = ETH_IPV6;
		else
			return PKT_ELINK;
		break;
	default:
		if (!pkt_dlt_supported(dlt))
			return PKT_EDLT;
		etype = 0; /* raw IP */
		break;
	}
	if (etype != 0) {
		int r = walk_vlans(c, &etype, out);

		if (r < 0)
			return r;
		if (etype == ETH_IPV4)
			return 4;
		if (etype == ETH_IPV6)
			return 6;
		return PKT_ELINK;
	}
	if (cur_left(c) < 1)
		return PKT_ELINK;
	b = c->p[0] >> 4;
	if (b == 4 || b == 6)
		return b;
	return PKT_ELINK;
}

/* IPv4 header; leaves c at the TCP header, limited to the datagram. */
static int
decode_ip4(struct cur *c, unsigned flags, struct pkt_tcp *out)
{
	uint8_t vihl, tos, ttl, proto;
	uint16_t tot_len, id, frag;
	size_t ihl, caplen = cur_left(c);

	if (cur_left(c) < 20)
		return PKT_ESHORT;
	if (cur_u8(c, &vihl) < 0 || cur_u8(c, &tos) < 0 ||
	    cur_be16(c, &tot_len) < 0 || cur_be16(c, &id) < 0 ||
	    cur_be16(c, &frag) < 0 || cur_u8(c, &ttl) < 0 ||
	    cur_u8(c, &proto) < 0 || cur_skip(c, 2) < 0 ||
	    cur_bytes(c, out->src, 4) < 0 || cur_bytes(c, out->dst, 4) < 0)
		return PKT_ESHORT;
	ihl = (size_t)(vihl & 0x0f) * 4;
	if (ihl < 20 || tot_len < ihl)
		return PKT_EIPHDR;
	if (tot_len > caplen) {
		/* p0f drops truncated datagrams; we keep them if the
		 * headers are whole, with payload counted from tot_len. */
		if (flags & PKT_F_COMPAT)
			return PKT_ESHORT;
	}
	if (proto != 6)
		return PKT_ENOTTCP;
	if ((frag & 0x2000) || (frag & 0x1fff))
		return PKT_EFRAG;
	if (cur_skip(c, ihl - 20) < 0)
		return PKT_ESHORT;
	cur_limit(c, tot_len - ihl);
	if (cur_left(c) < 20)
		return PKT_ESHORT;

	out->ip_ver = 4;
	out->ttl = ttl;
	out->tos = tos;
	out->olen = (uint8_t)(ihl - 20);
	out->hdr_len = (uint16_t)ihl;
	out->pay_len = (uint16_t)(tot_len - ihl); /* TCP header removed later */
	if (tos & 0x03)
		out->quirks |= Q_ECN;
	if (frag & 0x8000)
		out->quirks |= Q_NZ_MBZ;
	if (frag & 0x4000) {
		out->quirks |= Q_DF;
		if (id)
			out->quirks |= Q_NZ_ID;
	} else if (id == 0)
		out->quirks |= Q_ZERO_ID;
	return 0;
}

/* IPv6 header and extension headers; leaves c at the TCP header. */
static int
decode_ip6(struct cur *c, unsigned flags, struct pkt_tcp *out)
{
	uint32_t vcf;
	uint16_t plen, fo;
	uint8_t nxt, hlim, len;
	size_t hdrs = 40, caplen = cur_left(c), n = 0, elen, used;

	if (cur_be32(c, &vcf) < 0 || cur_be16(c, &plen) < 0 ||
	    cur_u8(c, &nxt) < 0 || cur_u8(c, &hlim) < 0 ||
	    cur_bytes(c, out->src, 16) < 0 || cur_bytes(c, out->dst, 16) < 0)
		return PKT_ESHORT;
	if ((size_t)plen + 40 > caplen && (flags & PKT_F_COMPAT))
		return PKT_ESHORT;
	cur_limit(c, plen);

	while (nxt != 6) {
		if ((flags & PKT_F_COMPAT) && (nxt == 0 || nxt == 43 ||
		    nxt == 44 || nxt == 51 || nxt == 60))
			return PKT_EEXTHDR;
		if (++n > MAX_IP6_EXT_HDRS)
			return PKT_ENOTTCP;
		switch (nxt) {
		case 0:  /* hop-by-hop options */
		case 43: /* routing */
		case 60: /* destination options */
			if (cur_u8(c, &nxt) < 0 || cur_u8(c, &len) < 0)
				return PKT_ESHORT;
			elen = ((size_t)len + 1) * 8;
			used = 2;
			break;
		case 44: /* fragment: only an atomic one is a whole packet */
			if (cur_u8(c, &nxt) < 0 || cur_skip(c, 1) < 0 ||
			    cur_be16(c, &fo) < 0)
				return PKT_ESHORT;
			if (fo & 0xfff9)
				return PKT_EFRAG;
			elen = 8;
			used = 4;
			break;
		case 51: /* authentication header */
			if (cur_u8(c, &nxt) < 0 || cur_u8(c, &len) < 0)
				return PKT_ESHORT;
			elen = ((size_t)len + 2) * 4;
			used = 2;
			break;
		default:
			return PKT_ENOTTCP;
		}
		if (cur_skip(c, elen - used) < 0)
			return PKT_ESHORT;
		hdrs += elen;
	}
	if (cur_left(c) < 20)
		return PKT_ESHORT;

	out->ip_ver = 6;
	out->ttl = hlim;
	out->tos = (uint8_t)(vcf >> 20);
	out->olen = 0;
	out->hdr_len = (uint16_t)hdrs;
	out->pay_len = (uint16_t)(plen > hdrs - 40 ? plen - (hdrs - 40) : 0);
	if (out->tos & 0x03)
		out->quirks |= Q_ECN;
	if (vcf & 0x000fffff)
		out->quirks |= Q_FLOW;
	return 0;
}

/*
 * TCP options, p0f's way: known options have fixed sizes (a wrong length
 * byte sets "bad" but parsing goes on); a truncated option, a SACK or
 * unknown option with an impossible length, or too many options set "bad"
 * and stop parsing.
 */
static void
decode_opts(struct cur *c, unsigned flags, struct pkt_tcp *out)
{
	uint8_t kind, len;
	const uint8_t *q;

	while (cur_left(c) > 0) {
		(void)cur_u8(c, &kind);
		if (out->opt_cnt == MAX_TCP_OPT) {
			out->quirks |= Q_OPT_BAD;
			return;
		}
		out->opt[out->opt_cnt++] = kind;
		switch (kind) {
		case OPT_EOL:
			out->eol_pad = (uint8_t)(cur_left(c) > 255 ? 255 :
			    cur_left(c));
			/*
			 * p0f 3.09b's scan stops one byte short: a non-zero
			 * last byte alone goes unnoticed there.
			 */
			for (q = c->p; q < c->end; q++)
				if (*q && !((flags & PKT_F_COMPAT) &&
				    q + 1 == c->end)) {
					out->quirks |= Q_OPT_EOL_NZ;
					break;
				}
			return;
		case OPT_NOP:
			break;
		case OPT_MSS:
			if (cur_left(c) < 3)
				goto bad;
			if (c->p[0] != 4)
				out->quirks |= Q_OPT_BAD;
			out->mss = (uint16_t)((c->p[1] << 8) | c->p[2]);
			(void)cur_skip(c, 3);
			break;
		case OPT_WS:
			if (cur_left(c) < 2)
				goto bad;
			if (c->p[0] != 3)
				out->quirks |= Q_OPT_BAD;
			out->wscale = c->p[1];
			if (out->wscale > 14)
				out->quirks |= Q_OPT_EXWS;
			(void)cur_skip(c, 2);
			break;
		case OPT_SACKOK:
			if (cur_left(c) < 1)
				goto bad;
			if (c->p[0] != 2)
				out->quirks |= Q_OPT_BAD;
			(void)cur_skip(c, 1);
			break;
		case OPT_SACK:
			if (cur_u8(c, &len) < 0 || len < 10 || len > 34 ||
			    cur_skip(c, (size_t)len - 2) < 0)
				goto bad;
			break;
		case OPT_TS:
			if (cur_left(c) < 9)
				goto bad;
			if (c->p[0] != 10)
				out->quirks |= Q_OPT_BAD;
			out->has_ts = 1;
			out->ts1 = ((uint32_t)c->p[1] << 24) |
			    ((uint32_t)c->p[2] << 16) |
			    ((uint32_t)c->p[3] << 8) | c->p[4];
			out->ts2 = ((uint32_t)c->p[5] << 24) |
			    ((uint32_t)c->p[6] << 16) |
			    ((uint32_t)c->p[7] << 8) | c->p[8];
			if (out->ts1 == 0)
				out->quirks |= Q_OPT_ZERO_TS1;
			if (pkt_syn_kind(out) == 1 && out->ts2 != 0)
				out->quirks |= Q_OPT_NZ_TS2;
			(void)cur_skip(c, 9);
			break;
		default:
			if (cur_u8(c, &len) < 0 || len < 2 || len > 40 ||
			    cur_skip(c, (size_t)len - 2) < 0)
				goto bad;
			break;
		}
	}
	return;
bad:
	out->quirks |= Q_OPT_BAD;
}

static int
decode_tcp(struct cur *c, unsigned flags, struct pkt_tcp *out)
{
	uint8_t off, fl;
	size_t doff;
	struct cur opts;
	uint8_t f;

	if (cur_be16(c, &out->sport) < 0 || cur_be16(c, &out->dport) < 0 ||
	    cur_be32(c, &out->seq) < 0 || cur_be32(c, &out->ack) < 0 ||
	    cur_u8(c, &off) < 0 || cur_u8(c, &fl) < 0 ||
	    cur_be16(c, &out->win) < 0 || cur_skip(c, 2) < 0 ||
	    cur_be16(c, &out->urg) < 0)
		return PKT_ESHORT;
	doff = (size_t)(off >> 4) * 4;
	if (doff < 20)
		return PKT_ETCPHDR;
	if (cur_left(c) < doff - 20)
		return PKT_ESHORT;
	out->flags = fl;
	f = fl & (TH_SYN | TH_ACK | TH_FIN | TH_RST);
	if (((f & TH_SYN) && (f & (TH_FIN | TH_RST))) ||
	    (f & (TH_FIN | TH_RST)) == (TH_FIN | TH_RST) || f == 0)
		return PKT_EFLAGS;

	out->hdr_len = (uint16_t)(out->hdr_len + doff);
	out->pay_len = out->pay_len > doff ? (uint16_t)(out->pay_len - doff) :
	    0;

	if ((fl & (TH_ECE | TH_CWR)) || (off & 0x01))
		out->quirks |= Q_ECN;
	if (out->seq == 0)
		out->quirks |= Q_ZERO_SEQ;
	if (fl & TH_ACK) {
		if (out->ack == 0)
			out->quirks |= Q_ZERO_ACK;
	} else if (out->ack != 0 && !(fl & TH_RST)) {
		/*
		 * p0f 3.09b tests the lowest bit of the ACK field read in
		 * host order, i.e. on little-endian machines the lowest bit
		 * of its most significant byte; compat mode reproduces that.
		 */
		if (!(flags & PKT_F_COMPAT) || ((out->ack >> 24) & 1))
			out->quirks |= Q_NZ_ACK;
	}
	if (fl & TH_URG)
		out->quirks |= Q_URG;
	else if (out->urg)
		out->quirks |= Q_NZ_URG;
	if (fl & TH_PUSH)
		out->quirks |= Q_PUSH;

	opts.p = c->p;
	opts.end = c->p + (doff - 20);
	decode_opts(&opts, flags, out);
	return 0;
}

const struct pkt_quirk_name pkt_quirk_names[] = {
	{ Q_DF, "df" }, { Q_NZ_ID, "id+" }, { Q_ZERO_ID, "id-" },
	{ Q_ECN, "ecn" }, { Q_NZ_MBZ, "0+" }, { Q_FLOW, "flow" },
	{ Q_ZERO_SEQ, "seq-" }, { Q_NZ_ACK, "ack+" }, { Q_ZERO_ACK, "ack-" },
	{ Q_NZ_URG, "uptr+" }, { Q_URG, "urgf+" }, { Q_PUSH, "pushf+" },
	{ Q_OPT_ZERO_TS1, "ts1-" }, { Q_OPT_NZ_TS2, "ts2+" },
	{ Q_OPT_EOL_NZ, "opt+" }, { Q_OPT_EXWS, "exws" }, { Q_OPT_BAD, "bad" },
};
const size_t pkt_quirk_count = sizeof(pkt_quirk_names) /
    sizeof(*pkt_quirk_names);

const char *
pkt_opt_name(unsigned k)
{
	static const char *const names[] = { "eol", "nop", "mss", "ws",
		"sok", "sack", NULL, NULL, "ts" };

	return k < sizeof(names) / sizeof(*names) ? names[k] : NULL;
}

int
pkt_decode(int dlt, const uint8_t *frame, size_t caplen, unsigned flags,
    struct pkt_tcp *out)
{
	struct cur c;
	int r;

	memset(out, 0, sizeof(*out));
	cur_init(&c, frame, caplen);
	r = skip_link(dlt, &c, out);
	if (r < 0)
		return r;
	if (flags & PKT_F_COMPAT) {
		/* p0f drops VLAN-tagged frames: its link offset is fixed. */
		if (out->vlans)
			return PKT_ELINK;
		/* Nor does it look at anything shorter than 40 bytes. */
		if (cur_left(&c) < 40)
			return PKT_ESHORT;
	}
	if (cur_left(&c) < 1 || (c.p[0] >> 4) != (r == 4 ? 4 : 6))
		return PKT_EIPHDR;
	if (r == 4)
		r = decode_ip4(&c, flags, out);
	else
		r = decode_ip6(&c, flags, out);
	if (r < 0)
		return r;
	return decode_tcp(&c, flags, out);
}
