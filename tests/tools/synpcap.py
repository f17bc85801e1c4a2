#!/usr/bin/env python3
"""synpcap: synthesises pcap files of TCP SYNs and SYN+ACKs for synprint's
tests and benchmarks (python3 standard library only; nothing is sent).

Subcommands:
  fromfp P0F_FP OUT.pcap [--variants] [--manifest M]
      one packet per [tcp:request] sig (IPv4 and/or IPv6), and a client SYN
      followed by a SYN+ACK per [tcp:response] sig, each realising the sig
      exactly; --variants adds fuzzy/quirk variants. A TSV manifest (default
      OUT.pcap.manifest) says, per packet, which sig it came from and what
      p0f 3.09b is expected to answer (from a model of its matcher).
  mix OUT.pcap --count N [--seed S] [--v6-share F] [--vlan-share F] [--dlt D]
      [--distinct]
      N SYNs from many sources with a realistic OS mix (benchmark input);
      IPv4 sources come from a /15, so they repeat; with --distinct every
      SYN has its own source (IPv4 10.0.0.1 upwards, IPv6 random 96 bits).
  dlt OUTDIR
      the same SYNs in every supported link type and encapsulation, plus IPv4
      options, IPv6 extension headers, fragments and truncated records.
  state OUT.pcap
      short per-host stories for p0f's stateful outputs: TCP-timestamp
      uptime (SYN to SYN, server side, bad clocks; --inflow: within a
      flow, from later ACKs), host
      change and ip sharing (alternating OSes, TTL/MSS/port changes),
      retransmitted SYNs.

The p0f facts used here are in shared/reference/p0f-engine.md (sections in
brackets below refer to it).
"""

import argparse
import ipaddress
import os
import random
import struct
import sys

# ---------------------------------------------------------------------------
# Link types (pcap LINKTYPE_* values).

DLT_NULL = 0
DLT_EN10MB = 1
DLT_RAW = 101
DLT_LOOP = 108
DLT_LINUX_SLL = 113
DLT_IPV4 = 228
DLT_IPV6 = 229
DLT_LINUX_SLL2 = 276

DLT_NAMES = {
    "en10mb": DLT_EN10MB, "sll": DLT_LINUX_SLL, "sll2": DLT_LINUX_SLL2,
    "raw": DLT_RAW, "null": DLT_NULL, "loop": DLT_LOOP,
    "ipv4": DLT_IPV4, "ipv6": DLT_IPV6,
}

# TCP flags.
FIN, SYN, RST, PSH, ACK, URG, ECE, CWR = 1, 2, 4, 8, 16, 32, 64, 128

# p0f quirk bits [1.6] and their raw_sig order [2.6].
Q_ECN, Q_DF, Q_NZ_ID, Q_ZERO_ID, Q_NZ_MBZ, Q_FLOW = (
    0x1, 0x2, 0x4, 0x8, 0x10, 0x20)
Q_ZERO_SEQ, Q_NZ_ACK, Q_ZERO_ACK, Q_NZ_URG, Q_URG, Q_PUSH = (
    0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000)
Q_OPT_ZERO_TS1, Q_OPT_NZ_TS2, Q_OPT_EOL_NZ, Q_OPT_EXWS, Q_OPT_BAD = (
    0x1000000, 0x2000000, 0x4000000, 0x8000000, 0x10000000)
QUIRKS = [
    ("df", Q_DF), ("id+", Q_NZ_ID), ("id-", Q_ZERO_ID), ("ecn", Q_ECN),
    ("0+", Q_NZ_MBZ), ("flow", Q_FLOW), ("seq-", Q_ZERO_SEQ),
    ("ack+", Q_NZ_ACK), ("ack-", Q_ZERO_ACK), ("uptr+", Q_NZ_URG),
    ("urgf+", Q_URG), ("pushf+", Q_PUSH), ("ts1-", Q_OPT_ZERO_TS1),
    ("ts2+", Q_OPT_NZ_TS2), ("opt+", Q_OPT_EOL_NZ), ("exws", Q_OPT_EXWS),
    ("bad", Q_OPT_BAD),
]
QUIRK_BITS = dict(QUIRKS)

OPT_KINDS = {"eol": 0, "nop": 1, "mss": 2, "ws": 3, "sok": 4, "sack": 5,
             "ts": 8}
KIND_NAMES = {v: k for k, v in OPT_KINDS.items()}

MAX_DIST = 35            # p0f: larger TTL distance makes a match fuzzy.
MIN_TCP4 = 40            # IPv4 + TCP header without options, bytes.
MIN_TCP6 = 60            # IPv6 + TCP header without options, bytes.
EPOCH = 1704067200       # 2024-01-01 00:00:00 UTC, first packet time.

# ---------------------------------------------------------------------------
# Checksums and header builders.


def csum_add(data, s=0):
    """Ones'-complement sum of DATA's 16-bit big-endian words, unfolded."""
    if len(data) & 1:
        data = bytes(data) + b"\0"
    for (w,) in struct.iter_unpack("!H", data):
        s += w
    return s


def csum_fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip_bytes(addr):
    """'198.18.0.1' or '2001:db8::1' -> 4 or 16 bytes."""
    return ipaddress.ip_address(addr).packed


class Syn:
    """Every field of one IPv4/IPv6 + TCP packet; build() makes the bytes.

    Defaults are a plain IPv4 SYN without options."""

    def __init__(self, **kw):
        self.ver = 4
        self.src = "198.18.0.1"
        self.dst = "192.0.2.25"
        self.sport = 40000
        self.dport = 25
        self.ttl = 64
        self.tos = 0            # IPv4 TOS / IPv6 traffic class (DSCP<<2|ECN).
        self.flow = 0           # IPv6 flow label.
        self.df = True
        self.ipid = 1
        self.mbz = False        # IPv4 reserved flag (quirk 0+).
        self.mf = False         # IPv4 more-fragments flag.
        self.frag_off = 0       # IPv4 fragment offset in 8-byte units.
        self.ip_opts = b""      # IPv4 options (multiple of 4 bytes).
        self.ext = []           # IPv6 extension headers: [(nh, bytes)].
        self.seq = 0x12345678
        self.ack = 0
        self.flags = SYN
        self.ns = False         # TCP NS bit (low bit of the data-offset byte).
        self.win = 65535
        self.urg = 0
        self.opts = b""         # TCP options, multiple of 4 bytes.
        self.payload = b""
        for k, v in kw.items():
            if not hasattr(self, k):
                raise TypeError("Syn: unknown field " + k)
            setattr(self, k, v)

    def copy(self, **kw):
        n = Syn()
        n.__dict__.update(self.__dict__)
        n.ext = list(self.ext)
        for k, v in kw.items():
            if not hasattr(n, k):
                raise TypeError("Syn: unknown field " + k)
            setattr(n, k, v)
        return n

    def tcp_bytes(self, src, dst):
        if len(self.opts) % 4 or len(self.opts) > 40:
            raise ValueError("TCP options must be 4-byte aligned, <= 40")
        doff = (20 + len(self.opts)) // 4
        hdr = struct.pack("!HHIIBBHHH", self.sport, self.dport,
                          self.seq & 0xFFFFFFFF, self.ack & 0xFFFFFFFF,
                          doff << 4 | (1 if self.ns else 0), self.flags,
                          self.win, 0, self.urg)
        seg = hdr + self.opts + self.payload
        if self.ver == 4:
            pseudo = src + dst + struct.pack("!BBH", 0, 6, len(seg))
        else:
            pseudo = src + dst + struct.pack("!I3xB", len(seg), 6)
        c = csum_fold(csum_add(seg, csum_add(pseudo)))
        return seg[:16] + struct.pack("!H", c) + seg[18:]

    def build(self):
        """IP datagram bytes (IPv4 or IPv6 with its extension headers)."""
        src, dst = ip_bytes(self.src), ip_bytes(self.dst)
        tcp = self.tcp_bytes(src, dst)
        if self.ver == 4:
            if len(self.ip_opts) % 4 or len(self.ip_opts) > 40:
                raise ValueError("IPv4 options must be 4-byte aligned")
            ihl = 5 + len(self.ip_opts) // 4
            fl = ((0x8000 if self.mbz else 0) | (0x4000 if self.df else 0) |
                  (0x2000 if self.mf else 0) | (self.frag_off & 0x1FFF))
            hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, self.tos,
                              ihl * 4 + len(tcp), self.ipid & 0xFFFF, fl,
                              self.ttl, 6, 0, src, dst) + self.ip_opts
            c = csum_fold(csum_add(hdr))
            return hdr[:10] + struct.pack("!H", c) + hdr[12:] + tcp
        chain = b""
        nhs = [nh for nh, _ in self.ext] + [6]
        for i, (_, body) in enumerate(self.ext):
            chain += bytes([nhs[i + 1]]) + body[1:]
        first = nhs[0]
        w = 6 << 28 | (self.tos & 0xFF) << 20 | (self.flow & 0xFFFFF)
        return struct.pack("!IHBB16s16s", w, len(chain) + len(tcp), first,
                           self.ttl, src, dst) + chain + tcp


# IPv6 extension headers (the first byte, next-header, is filled by build()).
def ext_hopopts():
    # Hop-by-hop: PadN option filling 8 bytes.
    return (0, bytes([0, 0, 1, 4, 0, 0, 0, 0]))


def ext_dstopts():
    return (60, bytes([0, 0, 1, 4, 0, 0, 0, 0]))


def ext_routing(seg):
    # Segment routing header (type 4), segments left 0: final destination.
    return (43, bytes([0, 2, 4, 0, 0, 0, 0, 0]) + ip_bytes(seg))


def ext_fragment(off, more, ident):
    return (44, struct.pack("!BBHI", 0, 0, off << 3 | (1 if more else 0),
                            ident))


# ---------------------------------------------------------------------------
# Link-layer framing.

ETH_DST = bytes.fromhex("020000000001")
ETH_SRC = bytes.fromhex("020000000002")


def link_wrap(dlt, ip, vlans=(), af6=None):
    """Frame the IP datagram IP for link type DLT.

    VLANS: EN10MB only, list of (tpid, vid) outermost first. AF6: the
    address-family value used for IPv6 on DLT_NULL/DLT_LOOP (BSDs differ:
    24 OpenBSD/NetBSD, 28 FreeBSD, 30 Darwin)."""
    v6 = (ip[0] >> 4) == 6
    etype = 0x86DD if v6 else 0x0800
    if dlt == DLT_EN10MB:
        tags = b"".join(struct.pack("!HH", tpid, vid) for tpid, vid in vlans)
        return ETH_DST + ETH_SRC + tags + struct.pack("!H", etype) + ip
    if vlans:
        raise ValueError("VLAN tags only on EN10MB")
    if dlt in (DLT_RAW, DLT_IPV4, DLT_IPV6):
        return ip
    if dlt == DLT_LINUX_SLL:
        return struct.pack("!HHH8sH", 0, 1, 6, ETH_SRC, etype) + ip
    if dlt == DLT_LINUX_SLL2:
        return struct.pack("!HHIHBB8s", etype, 0, 2, 1, 0, 6, ETH_SRC) + ip
    af = (af6 or 24) if v6 else 2
    if dlt == DLT_NULL:
        return struct.pack("<I", af) + ip      # host order; files are LE
    if dlt == DLT_LOOP:
        return struct.pack("!I", af) + ip
    raise ValueError("unsupported link type %d" % dlt)


class PcapWriter:
    """Classic little-endian pcap (v2.4, microsecond timestamps)."""

    def __init__(self, path, dlt, snaplen=65535):
        self.f = open(path, "wb")
        self.snaplen = snaplen
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0,
                                 snaplen, dlt))
        self.n = 0

    def write(self, t_usec, frame, caplen=None, origlen=None):
        if caplen is None:
            caplen = min(len(frame), self.snaplen)
        if origlen is None:
            origlen = len(frame)
        self.f.write(struct.pack("<IIII", t_usec // 1000000,
                                 t_usec % 1000000, caplen, origlen))
        self.f.write(frame[:caplen])
        self.n += 1

    def close(self):
        self.f.close()


# ---------------------------------------------------------------------------
# p0f.fp parsing [1].


class FpError(Exception):
    pass


class Sig:
    """One [tcp:request] / [tcp:response] sig line."""

    def __init__(self, text, line, direction, label, label_line):
        self.text = text
        self.line = line
        self.direction = direction          # 'request' or 'response'
        self.label_line = label_line
        parts = label.split(":", 3)
        if len(parts) != 4:
            raise FpError("line %d: malformed label" % label_line)
        self.generic = parts[0] == "g"
        self.app = parts[1] == "!"
        self.name = parts[2]
        self.flavor = parts[3]
        f = text.split(":")
        if len(f) != 8:
            raise FpError("line %d: sig needs 8 fields" % line)
        ver, ittl, olen, mss, win, layout, quirks, pclass = f
        self.ver = -1 if ver == "*" else int(ver)
        self.bad_ttl = False
        if ittl.endswith("-"):
            self.bad_ttl = True
            self.ttl = int(ittl[:-1])
        elif "+" in ittl:
            a, b = ittl.split("+", 1)
            self.ttl = int(a) + int(b)
        else:
            self.ttl = int(ittl)
        self.olen = int(olen)
        self.mss = -1 if mss == "*" else int(mss)
        wsize, scale = win.split(",", 1)
        self.scale = -1 if scale == "*" else int(scale)
        if wsize == "*":
            self.wtype, self.win = "any", 0
        elif wsize.startswith("%"):
            self.wtype, self.win = "mod", int(wsize[1:])
        elif wsize.startswith("mss*"):
            self.wtype, self.win = "mss", int(wsize[4:])
        elif wsize.startswith("mtu*"):
            self.wtype, self.win = "mtu", int(wsize[4:])
        else:
            self.wtype, self.win = "lit", int(wsize)
        self.layout = []                    # option kinds, EOL included
        self.eol_pad = 0
        for tok in (layout.split(",") if layout else []):
            if tok.startswith("eol+"):
                self.layout.append(0)
                self.eol_pad = int(tok[4:])
            elif tok.startswith("?"):
                self.layout.append(int(tok[1:]))
            elif tok in OPT_KINDS:
                self.layout.append(OPT_KINDS[tok])
            else:
                raise FpError("line %d: bad option %r" % (line, tok))
        self.quirks = 0
        for tok in (quirks.split(",") if quirks else []):
            if tok not in QUIRK_BITS:
                raise FpError("line %d: bad quirk %r" % (line, tok))
            self.quirks |= QUIRK_BITS[tok]
        self.pclass = -1 if pclass == "*" else (1 if pclass == "+" else 0)

    def label(self):
        """The os=/app= field as p0f logs it."""
        name = self.name + (" " + self.flavor if self.flavor else "")
        return ("app=" if self.app else "os=") + name


def parse_fp(path):
    """All TCP sigs of a p0f.fp file, in file order."""
    sigs = []
    section = None
    label = None
    label_line = 0
    with open(path, encoding="latin-1") as f:
        for no, raw in enumerate(f, 1):
            s = raw.rstrip("\n").lstrip(" \t")
            if not s or s.startswith(";"):
                continue
            if s.startswith("["):
                section = s
                label = None
                continue
            if "=" not in s:
                continue
            key, val = s.split("=", 1)
            key, val = key.strip(), val.strip()
            if section not in ("[tcp:request]", "[tcp:response]"):
                continue
            if key == "label":
                label, label_line = val, no
            elif key == "sig":
                d = "request" if section == "[tcp:request]" else "response"
                sigs.append(Sig(val, no, d, label, label_line))
    return sigs


# ---------------------------------------------------------------------------
# A model of p0f 3.09b's matcher [2], used to pick concrete values that make
# the intended sig win and to write the expected answer into the manifest.


class Obs:
    """The observed signature of one generated packet."""
    __slots__ = ("ver", "ttl", "olen", "mss", "win", "scale", "layout",
                 "eol_pad", "quirks", "pclass", "ts1", "tot_hdr", "syn_mss")


def detect_win_multi(o):
    """(N, use_mtu) as p0f's detect_win_multi [2.2], or (-1, False)."""
    win, mss = o.win, o.mss
    if not win or mss < 100:
        return -1, False
    divs = [(mss, False)]
    if o.ts1:
        divs.append((mss - 12, False))
    divs += [(1500 - MIN_TCP4, False), (1500 - MIN_TCP4 - 12, False)]
    if o.ver == 6:
        divs += [(1500 - MIN_TCP6, False), (1500 - MIN_TCP6 - 12, False)]
    divs += [(mss + MIN_TCP4, True), (mss + o.tot_hdr, True)]
    if o.ver == 6:
        divs.append((mss + MIN_TCP6, True))
    divs.append((1500, True))
    if o.syn_mss:
        divs += [(o.syn_mss, False), (o.syn_mss - 12, False)]
    for d, mtu in divs:
        if d and win % d == 0:
            return win // d, mtu
    return -1, False


def p0f_match(o, sigs):
    """(sig or None, fuzzy) the way tcp_find_match picks it [2.3]."""
    fmatch = gmatch = None
    multi, use_mtu = detect_win_multi(o)
    for s in sigs:
        if s.layout != o.layout:
            continue
        fuzzy = False
        rq = s.quirks
        if s.ver == -1:
            rq &= ~Q_FLOW if o.ver == 4 else ~(Q_DF | Q_NZ_ID | Q_ZERO_ID)
        if rq != o.quirks:
            deleted = (rq ^ o.quirks) & rq
            added = (rq ^ o.quirks) & o.quirks
            if (fmatch or deleted & ~(Q_DF | Q_NZ_ID) or
                    added & ~(Q_ZERO_ID | Q_ECN)):
                continue
            fuzzy = True
        if s.eol_pad != o.eol_pad or s.olen != o.olen:
            continue
        if s.bad_ttl:
            if s.ttl < o.ttl:
                continue
        elif s.ttl < o.ttl or s.ttl - o.ttl > MAX_DIST:
            fuzzy = True
        if s.mss != -1 and s.mss != o.mss:
            continue
        if s.scale != -1 and s.scale != o.scale:
            continue
        if s.pclass != -1 and s.pclass != o.pclass:
            continue
        if s.wtype == "lit" and s.win != o.win:
            continue
        if s.wtype == "mod" and o.win % s.win:
            continue
        if s.wtype == "mss" and (use_mtu or s.win != multi):
            continue
        if s.wtype == "mtu" and (not use_mtu or s.win != multi):
            continue
        if not fuzzy:
            if not s.generic:
                return s, False
            if gmatch is None:
                gmatch = s
        elif fmatch is None:
            fmatch = s
    if gmatch:
        return gmatch, False
    if fmatch and fmatch.app:
        return None, False
    return fmatch, fmatch is not None


# ---------------------------------------------------------------------------
# Realising one sig as a packet.


class Unrealisable(Exception):
    pass


def build_options(layout, eol_pad, mss, scale, tsval, tsecr, opt_nz, bad):
    """TCP option bytes for LAYOUT (kinds); BAD corrupts one length byte."""
    out = bytearray()
    bad_done = not bad
    for k in layout:
        if k == 0:
            # opt+: p0f 3.09b only notices a non-zero byte that is not the
            # last one of the padding (its scan steps past the first
            # non-zero byte before testing for the end), so the first pad
            # byte is set; opt_nz == "last" sets only the last one.
            pad = bytearray(eol_pad)
            if opt_nz == "last" and eol_pad:
                pad[-1] = 0x5A
            elif opt_nz and eol_pad:
                pad[0] = 0x5A
            out += b"\0" + pad
            break
        if k == 1:
            out += b"\x01"
        elif k == 2:
            out += struct.pack("!BBH", 2, 4 if bad_done else 5, mss)
            bad_done = True
        elif k == 3:
            out += struct.pack("!BBB", 3, 3 if bad_done else 4, scale)
            bad_done = True
        elif k == 4:
            out += bytes([4, 2 if bad_done else 3])
            bad_done = True
        elif k == 5:
            out += struct.pack("!BBII", 5, 10, 0x1000, 0x2000)
        elif k == 8:
            out += struct.pack("!BBII", 8, 10 if bad_done else 11, tsval,
                               tsecr)
            bad_done = True
        else:
            out += bytes([k, 2])
    if not bad_done:
        raise Unrealisable("'bad' needs mss/ws/sok/ts in the layout")
    if len(out) > 40 or len(out) % 4:
        raise Unrealisable("option layout is %d bytes (needs 4n <= 40)"
                           % len(out))
    return bytes(out)


def observe(p, bugs=True, syn_mss=0):
    """Obs of Syn P as p0f 3.09b sees it. BUGS: with p0f's ack+ test (bit 0
    of the raw little-endian ACK word) and opt+ scan (blind to a non-zero
    last padding byte); without: as a correct decoder sees it."""
    o = Obs()
    o.ver = p.ver
    o.ttl = p.ttl
    o.olen = len(p.ip_opts) if p.ver == 4 else 0
    o.pclass = 1 if p.payload else 0
    q = 0
    if p.ver == 4:
        if p.tos & 3:
            q |= Q_ECN
        if p.df:
            q |= Q_DF
            if p.ipid:
                q |= Q_NZ_ID
        elif p.ipid == 0:
            q |= Q_ZERO_ID
        if p.mbz:
            q |= Q_NZ_MBZ
    else:
        if p.tos & 3:
            q |= Q_ECN
        if p.flow:
            q |= Q_FLOW
    if p.flags & (ECE | CWR) or p.ns:
        q |= Q_ECN
    if p.seq == 0:
        q |= Q_ZERO_SEQ
    if p.flags & ACK:
        if p.ack == 0:
            q |= Q_ZERO_ACK
    elif not p.flags & RST:
        hit = (p.ack >> 24) & 1 if bugs else p.ack != 0
        if hit:
            q |= Q_NZ_ACK
    if p.flags & URG:
        q |= Q_URG
    elif p.urg:
        q |= Q_NZ_URG
    if p.flags & PSH:
        q |= Q_PUSH
    # Options (only well-formed ones are generated here, apart from 'bad').
    layout, mss, scale, ts1, eol_pad = [], 0, 0, 0, 0
    b = p.opts
    i = 0
    while i < len(b):
        k = b[i]
        layout.append(k)
        if k == 0:
            eol_pad = len(b) - i - 1
            if any(b[i + 1:-1] if bugs else b[i + 1:]):
                q |= Q_OPT_EOL_NZ
            break
        if k == 1:
            i += 1
            continue
        ln = b[i + 1]
        if k == 2:
            if ln != 4:
                q |= Q_OPT_BAD
            mss = struct.unpack_from("!H", b, i + 2)[0]
            i += 4
        elif k == 3:
            if ln != 3:
                q |= Q_OPT_BAD
            scale = b[i + 2]
            if scale > 14:
                q |= Q_OPT_EXWS
            i += 3
        elif k == 4:
            if ln != 2:
                q |= Q_OPT_BAD
            i += 2
        elif k == 8:
            if ln != 10:
                q |= Q_OPT_BAD
            ts1, ts2 = struct.unpack_from("!II", b, i + 2)
            if not ts1:
                q |= Q_OPT_ZERO_TS1
            if ts2 and p.flags & (SYN | ACK | FIN | RST) == SYN:
                q |= Q_OPT_NZ_TS2
            i += 10
        else:
            i += ln
    o.layout, o.mss, o.scale, o.ts1, o.eol_pad = layout, mss, scale, ts1, \
        eol_pad
    o.quirks = q
    o.win = p.win
    hl = (20 + len(p.ip_opts)) if p.ver == 4 else 40
    o.tot_hdr = hl + 20 + len(p.opts)
    o.syn_mss = syn_mss
    return o


MSS_CHOICES = [1460, 1452, 1440, 1400, 1380, 1360, 1420, 1412, 1300, 1220]
ANY_WINDOWS = [12345, 29999, 4321, 65000, 7777, 31337, 9999, 54321, 1234,
               40001]


def realise(sig, ver, idx, rng, sigs, client_mss=0):
    """A Syn realising SIG exactly for IP version VER (p0f's view).

    Wildcards are concretised so that, where possible, p0f's model picks
    SIG itself; IDX varies the choices. Raises Unrealisable."""
    q = sig.quirks
    if sig.ver != -1 and sig.ver != ver:
        raise Unrealisable("sig is IPv%d only" % sig.ver)
    if ver == 6 and (sig.olen or q & Q_NZ_MBZ or
                     (sig.ver == 6 and q & (Q_DF | Q_NZ_ID | Q_ZERO_ID))):
        raise Unrealisable("IPv4-only properties")
    if sig.olen % 4:
        raise Unrealisable("IP option length not a multiple of 4")
    if q & Q_NZ_URG and q & Q_URG:
        raise Unrealisable("uptr+ and urgf+ exclude each other")
    resp = sig.direction == "response"
    if resp and q & (Q_NZ_ACK | Q_OPT_NZ_TS2):
        raise Unrealisable("ack+/ts2+ cannot occur on a SYN+ACK")
    if not resp and q & Q_ZERO_ACK:
        raise Unrealisable("ack- needs the ACK flag: not a SYN")
    has_ts = 8 in sig.layout
    if q & (Q_OPT_ZERO_TS1 | Q_OPT_NZ_TS2) and not has_ts:
        raise Unrealisable("ts quirks without a ts option")
    if q & Q_OPT_EOL_NZ and not (0 in sig.layout and sig.eol_pad >= 2):
        raise Unrealisable("opt+ needs eol+N padding, N >= 2 (p0f misses "
                           "a non-zero last pad byte)")
    if q & Q_OPT_EXWS and sig.scale != -1 and sig.scale <= 14:
        raise Unrealisable("exws with a scale <= 14")
    if not q & Q_OPT_EXWS and sig.scale > 14:
        raise Unrealisable("scale > 14 without exws")

    p = Syn(ver=ver)
    p.flags = SYN | (ACK if resp else 0)
    dist = idx % 20
    p.ttl = max(1, sig.ttl - dist)
    if ver == 4:
        p.df = bool(q & Q_DF)
        if p.df:
            p.ipid = rng.randrange(1, 65536) if q & Q_NZ_ID else 0
        else:
            p.ipid = 0 if q & Q_ZERO_ID else rng.randrange(1, 65536)
        p.mbz = bool(q & Q_NZ_MBZ)
        if sig.olen:
            p.ip_opts = b"\x94\x04\0\0" + b"\x01" * (sig.olen - 4)
    else:
        p.df, p.ipid = False, 0
        if q & Q_FLOW:
            p.flow = rng.randrange(1, 1 << 20)
    if q & Q_ECN:
        # Alternate between the IP ECN field and TCP ECE+CWR.
        if idx & 1:
            p.tos |= 2
        else:
            p.flags |= ECE | CWR
    p.seq = 0 if q & Q_ZERO_SEQ else rng.randrange(1, 1 << 32)
    if resp and not q & Q_ZERO_ACK:
        p.ack = rng.randrange(1, 1 << 32)   # fromfp sets client seq + 1
    if not resp and q & Q_NZ_ACK:
        # Non-zero for a correct test and odd top byte for p0f's raw test.
        p.ack = (rng.randrange(0, 128) * 2 + 1) << 24 | rng.randrange(1 << 24)
    if q & Q_NZ_URG:
        p.urg = rng.randrange(1, 65536)
    if q & Q_URG:
        p.flags |= URG
    if q & Q_PUSH:
        p.flags |= PSH
    if sig.pclass == 1:
        p.payload = bytes(range(0x41, 0x41 + 16))
    tsval = 0 if q & Q_OPT_ZERO_TS1 else rng.randrange(1, 1 << 31)
    if resp:
        tsecr = rng.randrange(1, 1 << 31)
    else:
        tsecr = rng.randrange(1, 1 << 31) if q & Q_OPT_NZ_TS2 else 0

    # Candidate concrete values for wildcards, most plausible first.
    if sig.mss != -1:
        msss = [sig.mss]
    else:
        base = MSS_CHOICES[idx % len(MSS_CHOICES):] + \
            MSS_CHOICES[:idx % len(MSS_CHOICES)]
        if ver == 6:
            base = [m - 20 for m in base]
        msss = base + [536, 1024, 8960]
    if 3 not in sig.layout:
        scales = [0]
    elif sig.scale != -1:
        scales = [sig.scale]
    elif q & Q_OPT_EXWS:
        scales = [15, 16, 255]
    else:
        scales = [(idx + k) % 15 for k in range(15)]
    first = None
    for mss in msss:
        if 2 not in sig.layout and sig.mss not in (-1, 0):
            raise Unrealisable("mss value without an mss option")
        if 2 not in sig.layout:
            mss = 0
        for scale in scales:
            for win in window_candidates(sig, mss, ver, idx):
                p.win = win
                p.opts = build_options(sig.layout, sig.eol_pad, mss, scale,
                                       tsval, tsecr, q & Q_OPT_EOL_NZ,
                                       q & Q_OPT_BAD)
                o = observe(p, syn_mss=client_mss)
                if o.quirks != quirks_for(sig, ver):
                    raise Unrealisable("quirk realisation failed (%x vs %x)"
                                       % (o.quirks, quirks_for(sig, ver)))
                m, fz = p0f_match(o, [s for s in sigs
                                      if s.direction == sig.direction])
                if first is None:
                    first = p.copy()
                if m is sig and not fz:
                    return p
    if first is None:
        raise Unrealisable("no window realises %s" % sig.text)
    return first                            # shadowed: best effort


def quirks_for(sig, ver):
    q = sig.quirks
    if ver == 6:
        q &= ~(Q_DF | Q_NZ_ID | Q_ZERO_ID)
    else:
        q &= ~Q_FLOW
    return q


def window_candidates(sig, mss, ver, idx):
    if sig.wtype == "lit":
        return [sig.win]
    if sig.wtype == "mod":
        n = sig.win
        return [n * k for k in (idx % 5 + 2, 1, 3, 7) if n * k <= 65535]
    if sig.wtype == "mss":
        return [sig.win * mss] if mss and sig.win * mss <= 65535 else []
    if sig.wtype == "mtu":
        out = []
        for d in (mss + MIN_TCP4, 1500):
            if mss and sig.win * d <= 65535:
                out.append(sig.win * d)
        return out
    return ANY_WINDOWS[idx % len(ANY_WINDOWS):] + \
        ANY_WINDOWS[:idx % len(ANY_WINDOWS)]


# ---------------------------------------------------------------------------
# fromfp: one packet (and variants) per sig.

def client_syn(ver, rng):
    """A Linux-style client SYN (mss,sok,ts,nop,ws) for the response sigs."""
    mss = 1460 if ver == 4 else 1440
    p = Syn(ver=ver, ttl=64, df=(ver == 4), ipid=(rng.randrange(1, 65536)
                                                   if ver == 4 else 0))
    p.seq = rng.randrange(1, 1 << 32)
    p.win = 64240
    p.opts = build_options([2, 4, 8, 1, 3], 0, mss, 7,
                           rng.randrange(1, 1 << 31), 0, 0, 0)
    return p


class Addrs:
    """Distinct client/server addresses, per direction and version."""

    def __init__(self):
        self.n = 0

    def next(self, ver, server=False):
        self.n += 1
        i = self.n
        if ver == 4:
            return "198.%d.%d.%d" % (18 + (i >> 16 & 1), i >> 8 & 255,
                                     i & 255)
        return "2001:db8:%x:%x::%x" % (2 if server else 1, i >> 16,
                                       i & 0xFFFF)


def variants(p, sig, ver, resp):
    """(name, Syn) fuzzy/quirk variants of the realised packet P."""
    out = []
    if ver == 4 and p.df:
        out.append(("nodf", p.copy(df=False, ipid=0)))
    if p.ttl > 40:
        out.append(("far", p.copy(ttl=p.ttl - 40)))
    if sig.ttl < 255:
        out.append(("high", p.copy(ttl=min(255, sig.ttl + 3))))
    if not sig.quirks & Q_ECN:
        out.append(("ecn", p.copy(tos=p.tos | (2 if ver == 4 else 1))))
        out.append(("ecnflags", p.copy(flags=p.flags | ECE | CWR)))
    out.append(("dscp", p.copy(tos=p.tos | 0x20)))
    if not resp:
        if sig.quirks & Q_NZ_ACK:
            # Non-zero ACK, even top byte: ack+ only for a correct test.
            out.append(("ack2", p.copy(ack=0x02000000)))
            out.append(("ack1", p.copy(ack=0x00000001)))
        else:
            out.append(("ack1", p.copy(ack=0x00000001)))
            out.append(("ackmsb", p.copy(ack=0x01000000)))
    if ver == 6 and not p.flow:
        out.append(("flow", p.copy(flow=0x12345)))
    if sig.eol_pad and not sig.quirks & Q_OPT_EOL_NZ:
        # Non-zero last pad byte: opt+ for a correct decoder, not for p0f.
        o = observe(p)
        out.append(("padlast", p.copy(opts=build_options(
            o.layout, o.eol_pad, o.mss, o.scale, o.ts1, tsecr_of(p), "last",
            0))))
    return out


def tsecr_of(p):
    i = p.opts.find(b"\x08\x0a")
    return struct.unpack_from("!I", p.opts, i + 6)[0] if i >= 0 else 0


SENDSYN_MSS, SENDSYN_WIN = 1331, 1337   # p0f-sendsyn probe markers


def is_sendsyn(p):
    """p0f flags a SYN with MSS 1331 and window 1337 as its own probe: it
    logs mod=sendsyn probe and app= for whatever it matches."""
    o = observe(p)
    return not p.flags & ACK and o.mss == SENDSYN_MSS and p.win == SENDSYN_WIN


def expect(p, sigs, direction, syn_mss=0, bugs=True):
    """(label, kind, sig line) p0f is expected to log for packet P."""
    o = observe(p, bugs=bugs, syn_mss=syn_mss)
    m, fz = p0f_match(o, [s for s in sigs if s.direction == direction])
    if m is None:
        return "os=???", "none", 0
    kind = "generic" if m.generic else ("fuzzy" if fz else "exact")
    if m.generic and fz:
        kind = "generic fuzzy"
    lab = m.label()
    if direction == "request" and is_sendsyn(p):
        lab = "app=" + lab.split("=", 1)[1]
    return lab, kind, m.line


def fmt_ip(addr):
    """p0f's log spelling: dotted IPv4, IPv6 as 8 uncompressed %x groups."""
    a = ipaddress.ip_address(addr)
    if a.version == 4:
        return str(a)
    return ":".join("%x" % w for w in struct.unpack("!8H", a.packed))


def cmd_fromfp(args):
    sigs = parse_fp(args.fp)
    rng = random.Random(args.seed)
    dlt = DLT_NAMES[args.dlt]
    w = PcapWriter(args.out, dlt)
    man = open(args.manifest or args.out + ".manifest", "w")
    man.write("# mod\tcli\tsrv\tline\tvariant\tver\tsig_label\texpect\tkind"
              "\texpect_line\tcorrect_expect\tsig\n")
    addrs = Addrs()
    t = EPOCH * 1000000
    sport = 1024
    skipped = []
    idx = 0
    for sig in sigs:
        resp = sig.direction == "response"
        vers = [4, 6] if sig.ver == -1 else [sig.ver]
        done = 0
        for ver in vers:
            idx += 1
            cmss = (1460 if ver == 4 else 1440) if resp else 0
            try:
                base = realise(sig, ver, idx, rng, sigs, client_mss=cmss)
            except Unrealisable as e:
                skipped.append("line %d IPv%d: %s" % (sig.line, ver, e))
                continue
            done += 1
            todo = [("base", base)]
            if args.variants:
                todo += variants(base, sig, ver, resp)
            for vname, p in todo:
                sport = sport + 1 if sport < 65000 else 1025
                cli = addrs.next(ver)
                srv = addrs.next(ver, server=True) if resp else (
                    "192.0.2.25" if ver == 4 else "2001:db8::25")
                if resp:
                    c = client_syn(ver, rng)
                    c.src, c.dst, c.sport, c.dport = cli, srv, sport, 25
                    p = p.copy(src=srv, dst=cli, sport=25, dport=sport)
                    if p.ack:
                        p.ack = (c.seq + 1) & 0xFFFFFFFF
                    t += 10000
                    w.write(t, link_wrap(dlt, c.build()))
                    lab, kind, line = expect(c, sigs, "request")
                    man.write("syn\t%s/%d\t%s/25\t0\tclient\t%d\t-\t%s\t%s"
                              "\t%d\t%s\t-\n" % (fmt_ip(cli), sport,
                                                 fmt_ip(srv), ver, lab, kind,
                                                 line, lab))
                    mod = "syn+ack"
                else:
                    p = p.copy(src=cli, dst=srv, sport=sport, dport=25)
                    mod = "sendsyn probe" if is_sendsyn(p) else "syn"
                t += 10000
                w.write(t, link_wrap(dlt, p.build()))
                cm = (1460 if ver == 4 else 1440) if resp else 0
                lab, kind, line = expect(p, sigs, sig.direction, cm)
                clab = expect(p, sigs, sig.direction, cm, bugs=False)[0]
                man.write("%s\t%s/%d\t%s/25\t%d\t%s\t%d\t%s\t%s\t%s\t%d\t%s"
                          "\t%s\n" % (mod, fmt_ip(cli), sport, fmt_ip(srv),
                                      sig.line, vname, ver, sig.label(),
                                      lab, kind, line, clab, sig.text))
        if not done:
            man.write("# unrealisable line %d: %s\n" % (sig.line, sig.text))
    for s in skipped:
        man.write("# skipped %s\n" % s)
    w.close()
    man.close()
    print("synpcap: %d packets, %d sigs, %d sig/version pairs skipped -> %s"
          % (w.n, len(sigs), len(skipped), args.out), file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# mix: a large benchmark capture. A few hundred frame templates are built
# once; per packet only the source address, ports, IP ID, sequence number,
# TSval and flow label are patched in and the checksums updated
# incrementally, so a million SYNs take seconds.

# (name, weight, initial TTL, window (int or ('mss', N)), scale (None: no
# ws option), layout, DF, IPv6 flow label set)
OS_PROFILES = [
    ("windows10", 30, 128, ("mss", 44), 8, [2, 1, 3, 1, 1, 4], True, False),
    ("windows7", 5, 128, 8192, 8, [2, 1, 3, 1, 1, 4], True, False),
    ("linux-4.19+", 14, 64, ("mss", 44), 7, [2, 4, 8, 1, 3], True, True),
    ("linux-5+ws10", 6, 64, ("mss", 44), 10, [2, 4, 8, 1, 3], True, True),
    ("linux-3.11", 5, 64, ("mss", 20), 7, [2, 4, 8, 1, 3], True, True),
    ("macos", 10, 64, 65535, 6, [2, 1, 3, 1, 1, 8, 4, 0], True, True),
    ("ios", 8, 64, 65535, 6, [2, 1, 3, 1, 1, 8, 4, 0], True, True),
    ("freebsd", 3, 64, 65535, 6, [2, 1, 3, 4, 8], True, False),
    ("android", 8, 64, 65535, 8, [2, 4, 8, 1, 3], True, True),
    ("nmap-syn", 1, 64, 1024, None, [2], False, False),
]
MIX_MSS = [1460, 1460, 1460, 1460, 1452, 1440, 1400, 1380]
JUNK_PROFILES = 24       # random stacks sharing JUNK_WEIGHT
JUNK_WEIGHT = 5


def junk_profiles(rng):
    out = []
    for i in range(JUNK_PROFILES):
        layouts = [[], [2], [2, 1, 1, 4], [2, 4, 8, 1, 3], [1, 3, 2],
                   [2, 1, 3, 1, 1, 8, 4, 0], [8, 1, 1, 2, 1, 3]]
        lay = rng.choice(layouts)
        out.append(("junk-%d" % i, JUNK_WEIGHT / JUNK_PROFILES,
                    rng.choice([32, 60, 64, 128, 255]),
                    rng.randrange(1, 65536),
                    rng.randrange(0, 15) if 3 in lay else None, lay,
                    rng.random() < 0.5, rng.random() < 0.5))
    return out


class Template:
    """One prebuilt frame and where to patch it."""
    __slots__ = ("frame", "ver", "ip", "tcp", "ts", "ip_sum", "tcp_sum",
                 "flow", "flow_word")


def make_template(dlt, prof, mss, ver, vlans, af6):
    name, _w, ttl, win, scale, lay, df, flow = prof
    if ver == 6:
        mss -= 20
    if isinstance(win, tuple):
        win = min(65535, win[1] * mss)
    p = Syn(ver=ver, src="0.0.0.0" if ver == 4 else "::",
            dst="192.0.2.25" if ver == 4 else "2001:db8::25", sport=0,
            dport=25, ttl=ttl, df=df and ver == 4, ipid=0, seq=0, win=win)
    eol_pad = 0
    size = sum({0: 1, 1: 1, 2: 4, 3: 3, 4: 2, 8: 10}[k] for k in lay)
    if 0 in lay:
        eol_pad = (-size) % 4
    elif size % 4:
        lay = lay + [1] * ((-size) % 4)
    p.opts = build_options(lay, eol_pad, mss, scale or 0, 0, 0, 0, 0)
    ip = p.build()
    frame = link_wrap(dlt, ip, vlans, af6)
    t = Template()
    t.frame = frame
    t.ver = ver
    t.ip = len(frame) - len(ip)
    t.tcp = t.ip + (20 if ver == 4 else 40)
    i = p.opts.find(b"\x08\x0a")
    t.ts = t.tcp + 20 + i + 2 if 8 in lay else -1
    seg = bytearray(frame[t.tcp:])
    seg[16:18] = b"\0\0"
    dst = ip_bytes(p.dst)
    if ver == 4:
        pseudo = dst + struct.pack("!BBH", 0, 6, len(seg))
        hdr = bytearray(frame[t.ip:t.ip + 20])
        hdr[10:12] = b"\0\0"
        t.ip_sum = csum_add(hdr)
    else:
        pseudo = dst + struct.pack("!I3xB", len(seg), 6)
        t.ip_sum = 0
    t.tcp_sum = csum_add(seg, csum_add(pseudo))
    t.flow = flow and ver == 6
    t.flow_word = struct.unpack_from("!I", frame, t.ip)[0] if ver == 6 else 0
    return t


def cmd_mix(args):
    rng = random.Random(args.seed)
    dlt = DLT_NAMES[args.dlt]
    profs = OS_PROFILES + junk_profiles(rng)
    # Weighted table: a host's OS is a function of its address.
    table = []
    for i, p in enumerate(profs):
        table += [i] * max(1, int(round(p[1] * 10)))
    tsize = len(table)
    vmodes = [(), ((0x8100, 100),), ((0x88A8, 200), (0x8100, 300))]
    if dlt != DLT_EN10MB:
        vmodes = vmodes[:1]
    tmpl = []
    for pi, prof in enumerate(profs):
        for mss in range(len(MIX_MSS)):
            for ver in (4, 6):
                for vm in vmodes:
                    tmpl.append(make_template(dlt, prof, MIX_MSS[mss], ver, vm,
                                              30 if pi & 1 else 24))
    nm, nv = len(MIX_MSS), len(vmodes)
    v6_cut = int(args.v6_share * 65536)
    vlan_cut = int(args.vlan_share * 65536) if nv > 1 else 0
    getrandbits = rng.getrandbits
    pack_into = struct.pack_into   # NB: 'x' pad bytes would write zeros
    out = open(args.out, "wb")
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, dlt))
    buf = bytearray(1 << 22)
    pos = 0
    t = EPOCH * 1000000
    lim = len(buf) - 256
    v4base = 0xC6120000               # 198.18.0.0/15
    if args.distinct:
        if args.count >= 1 << 24:
            raise SystemExit("synpcap: --distinct: at most 16777215 SYNs")
        v4base = 0x0A000000           # 10.0.0.0/8, one address per SYN
    n4 = 0
    for _ in range(args.count):
        r = getrandbits(64)
        t += 40 + (r & 127)
        if (r >> 8 & 0xFFFF) < v6_cut:
            hi = 0x20010DB8
            lo = getrandbits(96)
            h = (lo * 2654435761) >> 13
            ver6 = 1
        else:
            if args.distinct:
                n4 += 1
                src = v4base + n4
            else:
                src = v4base | getrandbits(17)
            h = (src * 2654435761) >> 13
            ver6 = 0
        vm = 0
        if (r >> 24 & 0xFFFF) < vlan_cut:
            vm = 1 if (r >> 40) & 3 else 2
        tp = tmpl[((table[h % tsize] * nm + (h >> 12) % nm) * 2 + ver6) * nv
                  + vm]
        frame = tp.frame
        flen = len(frame)
        if pos > lim:
            out.write(buf[:pos])
            pos = 0
        pack_into("<IIII", buf, pos, t // 1000000, t % 1000000, flen, flen)
        pos += 16
        buf[pos:pos + flen] = frame
        ipo = pos + tp.ip
        tco = pos + tp.tcp
        sport = 1024 + (r >> 42 & 0xFFFF) % 64000
        seq = getrandbits(32)
        s = tp.tcp_sum + sport + (seq >> 16) + (seq & 0xFFFF)
        if tp.ts >= 0:
            tsv = (r >> 10 & 0x3FFFFFFF) | 1
            pack_into("!I", buf, pos + tp.ts, tsv)
            s += (tsv >> 16) + (tsv & 0xFFFF)
        if ver6:
            a = lo
            pack_into("!IQI", buf, ipo + 8, hi, a >> 32, a & 0xFFFFFFFF)
            s += (0x2001 + 0x0DB8 + (a >> 80) + (a >> 64 & 0xFFFF) +
                  (a >> 48 & 0xFFFF) + (a >> 32 & 0xFFFF) +
                  (a >> 16 & 0xFFFF) + (a & 0xFFFF))
            if tp.flow:
                pack_into("!I", buf, ipo, tp.flow_word | (h & 0xFFFFF) | 1)
        else:
            ipid = (r >> 26) & 0xFFFF or 1
            ws = (src >> 16) + (src & 0xFFFF)
            c = tp.ip_sum + ipid + ws
            c = (c & 0xFFFF) + (c >> 16)
            c = (c & 0xFFFF) + (c >> 16)
            pack_into("!H", buf, ipo + 4, ipid)
            pack_into("!HI", buf, ipo + 10, ~c & 0xFFFF, src)
            s += ws
        s = (s & 0xFFFF) + (s >> 16)
        s = (s & 0xFFFF) + (s >> 16)
        s = (s & 0xFFFF) + (s >> 16)
        pack_into("!H", buf, tco, sport)
        pack_into("!I", buf, tco + 4, seq)
        pack_into("!H", buf, tco + 16, ~s & 0xFFFF)
        pos += flen
    out.write(buf[:pos])
    out.close()
    print("synpcap: %d SYNs (%d templates) -> %s"
          % (args.count, len(tmpl), args.out), file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# dlt: the same two SYNs in every link type and encapsulation.

DLT_T0 = EPOCH * 1000000


def dlt_base():
    """The two reference SYNs: a Linux 3.11+ SYN over IPv4 and a Windows 7
    SYN over IPv6, both exact matches in the stock p0f.fp."""
    v4 = Syn(ver=4, src="198.18.7.1", dst="192.0.2.25", sport=40001,
             dport=25, ttl=61, df=True, ipid=0x1c46, seq=0x5eed0001,
             win=29200)
    v4.opts = build_options([2, 4, 8, 1, 3], 0, 1460, 7, 0x00112233, 0, 0,
                            0)
    v6 = Syn(ver=6, src="2001:db8:7::1", dst="2001:db8::25", sport=40002,
             dport=25, ttl=120, df=False, ipid=0, seq=0x5eed0002, win=8192)
    v6.opts = build_options([2, 1, 3, 1, 1, 4], 0, 1440, 8, 0, 0, 0, 0)
    return v4, v6


def write_frames(path, dlt, frames, snaplen=65535):
    """FRAMES: [(frame bytes, caplen or None, origlen or None)]."""
    w = PcapWriter(path, dlt, snaplen)
    for i, (fr, cap, orig) in enumerate(frames):
        w.write(DLT_T0 + i * 1000, fr, cap, orig)
    w.close()


def cmd_dlt(args):
    """Writes OUTDIR/<case>.pcap; prints the case names and what they hold."""
    d = args.outdir
    os.makedirs(d, exist_ok=True)
    v4, v6 = dlt_base()
    i4, i6 = v4.build(), v6.build()
    both = [i4, i6]
    cases = []

    def case(name, dlt, frames, what):
        write_frames(os.path.join(d, name + ".pcap"), dlt,
                     [f if isinstance(f, tuple) else (f, None, None)
                      for f in frames])
        cases.append((name, what))

    E = DLT_EN10MB
    case("en10mb", E, [link_wrap(E, ip) for ip in both],
         "reference: plain Ethernet, IPv4 + IPv6 SYN")
    case("vlan", E, [link_wrap(E, ip, [(0x8100, 100)]) for ip in both],
         "802.1Q tag (0x8100, VID 100)")
    case("qinq", E, [link_wrap(E, ip, [(0x88A8, 200), (0x8100, 300)])
                     for ip in both], "QinQ: 802.1ad 0x88a8 outer + 0x8100")
    case("qinq8100", E, [link_wrap(E, ip, [(0x8100, 200), (0x8100, 300)])
                         for ip in both], "double 0x8100 tag")
    case("sll", DLT_LINUX_SLL, [link_wrap(DLT_LINUX_SLL, ip) for ip in both],
         "LINUX_SLL (113), 16-byte cooked header")
    case("sll2", DLT_LINUX_SLL2,
         [link_wrap(DLT_LINUX_SLL2, ip) for ip in both],
         "LINUX_SLL2 (276), 20-byte cooked header")
    case("raw", DLT_RAW, both, "DLT_RAW (101)")
    case("ipv4", DLT_IPV4, [i4], "LINKTYPE_IPV4 (228), IPv4 only")
    case("ipv6", DLT_IPV6, [i6], "LINKTYPE_IPV6 (229), IPv6 only")
    case("null", DLT_NULL, [link_wrap(DLT_NULL, i4),
                            link_wrap(DLT_NULL, i6, af6=24)],
         "DLT_NULL (0), host-order AF 2 / 24 (OpenBSD, NetBSD)")
    case("null-freebsd", DLT_NULL, [link_wrap(DLT_NULL, i6, af6=28)],
         "DLT_NULL, IPv6 AF 28 (FreeBSD)")
    case("null-darwin", DLT_NULL, [link_wrap(DLT_NULL, i6, af6=30)],
         "DLT_NULL, IPv6 AF 30 (Darwin)")
    case("loop", DLT_LOOP, [link_wrap(DLT_LOOP, i4),
                            link_wrap(DLT_LOOP, i6, af6=24)],
         "DLT_LOOP (108), network-order AF 2 / 24")
    for name, ext, what in (
            ("v6-hopopts", [ext_hopopts()], "hop-by-hop options"),
            ("v6-dstopts", [ext_dstopts()], "destination options"),
            ("v6-routing", [ext_routing("2001:db8::25")],
             "routing header (SRH, segments left 0)"),
            ("v6-chain", [ext_hopopts(), ext_dstopts(),
                          ext_routing("2001:db8::25"), ext_dstopts()],
             "hop-by-hop, dest-opts, routing, dest-opts")):
        case(name, E, [link_wrap(E, v6.copy(ext=ext).build())],
             "IPv6 SYN behind " + what)
    # IPv4 options: olen 4 (router alert) and 12 (NOPs, timestamp stub).
    o4 = v4.copy(src="198.18.7.4", ip_opts=b"\x94\x04\0\0")
    o12 = v4.copy(src="198.18.7.12",
                  ip_opts=b"\x01\x01\x01\x01" + b"\x44\x08\x05\x00" +
                  b"\0\0\0\0")
    case("v4-options", E,
         [link_wrap(E, o4.build()), link_wrap(E, o12.build())],
         "IPv4 SYNs with 4 and 12 bytes of IP options")
    # Fragments: none may be fingerprinted; the plain SYNs follow.
    f1 = v4.copy(src="198.18.7.21", mf=True, df=False).build()  # first, MF
    f2 = v4.copy(src="198.18.7.22", frag_off=3).build()        # later frag
    f3 = v4.copy(src="198.18.7.23", mf=True, frag_off=2, df=False).build()
    f6 = v6.copy(src="2001:db8:7::21",
                 ext=[ext_fragment(0, True, 0x1234)]).build()
    f6b = v6.copy(src="2001:db8:7::22",
                  ext=[ext_hopopts(), ext_fragment(0, True, 0x1235)]).build()
    case("fragments", E, [link_wrap(E, x) for x in (f1, f2, f3, f6, f6b)] +
         [link_wrap(E, ip) for ip in both],
         "IPv4 MF / offset fragments, IPv6 fragment headers, then the SYNs")
    # Truncated and inconsistent records; the plain SYNs follow.
    t4 = link_wrap(E, v4.copy(src="198.18.7.31").build())
    t6 = link_wrap(E, v6.copy(src="2001:db8:7::31").build())
    long4 = bytearray(link_wrap(E, v4.copy(src="198.18.7.32").build()))
    struct.pack_into("!H", long4, 14 + 2, len(long4) - 14 + 100)
    doff = bytearray(link_wrap(E, v4.copy(src="198.18.7.33").build()))
    doff[14 + 20 + 12] = 0xF0                     # data offset 60 > packet
    ihl = bytearray(link_wrap(E, v4.copy(src="198.18.7.34").build()))
    ihl[14] = 0x4F                                # IHL 60: no room for TCP
    long6 = bytearray(link_wrap(E, v6.copy(src="2001:db8:7::32").build()))
    struct.pack_into("!H", long6, 14 + 4, len(long6) - 54 + 64)
    snap = link_wrap(E, v4.copy(src="198.18.7.36",
                                payload=bytes(range(32))).build())
    badopt = v4.copy(src="198.18.7.35")
    badopt.opts = struct.pack("!BBHBB", 2, 4, 1460, 0x42, 0xFF) + b"\0\0"
    case("truncated", E, [
        (t4, 10, len(t4)),            # inside the Ethernet header
        (t4, 14 + 10, len(t4)),       # inside the IPv4 header
        (t4, 14 + 20 + 10, len(t4)),  # inside the TCP header
        (t4, 14 + 20 + 30, len(t4)),  # inside the TCP options
        (t4, 0, len(t4)),             # nothing captured
        (t6, 14 + 30, len(t6)),       # inside the IPv6 header
        (t6, 14 + 40 + 24, len(t6)),  # inside the TCP options
        bytes(long4),                 # IPv4 total length beyond the data
        bytes(doff),                  # TCP data offset beyond the data
        bytes(ihl),                   # IPv4 IHL leaves no TCP header
        bytes(long6),                 # IPv6 payload length beyond the data
        link_wrap(E, badopt.build()),  # option length 255 overruns
        (snap, 14 + 60 + 8, len(snap)),  # snaplen cut inside the payload
    ] + [link_wrap(E, ip) for ip in both],
        "truncated / inconsistent records, a bad option, then the SYNs")
    with open(os.path.join(d, "CASES"), "w") as f:
        for name, what in cases:
            f.write("%s\t%s\n" % (name, what))
    for name, what in cases:
        print("%-14s %s" % (name, what))
    return 0


# ---------------------------------------------------------------------------
# state: short per-host stories for the stateful outputs (uptime, host
# change, ip sharing) [3.1, 3.3].


def linux_syn(src, sport, tsval, ttl=64, mss=1460, ver=4, dst=None):
    p = Syn(ver=ver, src=src, dst=dst or ("192.0.2.25" if ver == 4 else
                                          "2001:db8::25"),
            sport=sport, dport=25, ttl=ttl, df=(ver == 4),
            ipid=0x2000 + (sport & 0xFFF) if ver == 4 else 0,
            seq=0x10000000 + sport * 7919, win=mss * 20)
    p.opts = build_options([2, 4, 8, 1, 3], 0, mss, 7, tsval, 0, 0, 0)
    return p


def win7_syn(src, sport, ttl=128, ver=4):
    p = Syn(ver=ver, src=src, dst="192.0.2.25" if ver == 4 else
            "2001:db8::25", sport=sport, dport=25, ttl=ttl, df=(ver == 4),
            ipid=0x3000 + (sport & 0xFFF) if ver == 4 else 0,
            seq=0x20000000 + sport * 7919, win=8192)
    p.opts = build_options([2, 1, 3, 1, 1, 4], 0, 1460, 8, 0, 0, 0, 0)
    return p


def cmd_state(args):
    w = PcapWriter(args.out, DLT_NAMES[args.dlt])
    dlt = DLT_NAMES[args.dlt]
    ev = []                       # (t_usec, Syn)
    t0 = (EPOCH + 100) * 1000000
    up_s = 11 * 86400 + 10 * 3600 + 20 * 60     # 11 d 10 h 20 min

    # 1. Uptime from SYN to SYN: clocks of several frequencies, 3 SYNs each.
    for i, hz in enumerate((1000, 250, 100, 10, 2)):
        src = "198.18.200.%d" % (10 + i)
        for k in range(3):
            dt = k * 1.5
            ts = int((up_s + dt) * hz) & 0xFFFFFFFF
            ev.append((t0 + int(dt * 1e6) + i * 1000,
                       linux_syn(src, 41000 + k * 100, ts)))
    # 1b. The same over IPv6.
    for k in range(3):
        dt = k * 2.0
        ev.append((t0 + int(dt * 1e6) + 7000,
                   linux_syn("2001:db8:200::10", 42000 + k * 100,
                             int((up_s + dt) * 1000), ver=6, mss=1440)))
    # 1c. A clock running backwards, and one far too fast: no uptime.
    for k in range(3):
        ev.append((t0 + k * 1000000 + 8000,
                   linux_syn("198.18.200.20", 43000 + k * 100,
                             5000000 - k * 3000)))
        ev.append((t0 + k * 1000000 + 9000,
                   linux_syn("198.18.200.21", 43000 + k * 100,
                             1000 + k * 90000000)))
    if args.inflow:
        # 2. Uptime within one flow: SYN, SYN+ACK, then client ACKs with a TS
        #    advanced at 1000 Hz (p0f also checks later packets of a flow).
        cli, srv, cp = "198.18.200.30", "192.0.2.25", 44000
        syn = linux_syn(cli, cp, up_s * 1000)
        sa = Syn(ver=4, src=srv, dst=cli, sport=25, dport=cp, ttl=64, df=True,
                 ipid=0, seq=0x55550000, ack=syn.seq + 1, flags=SYN | ACK,
                 win=28960)
        sa.opts = build_options([2, 4, 8, 1, 3], 0, 1460, 7, 777000,
                                up_s * 1000, 0, 0)
        ev.append((t0 + 20000, syn))
        ev.append((t0 + 20500, sa))
        for k, dt in enumerate((0.001, 1.2, 2.5)):
            a = Syn(ver=4, src=cli, dst=srv, sport=cp, dport=25, ttl=64,
                    df=True, ipid=0x4000 + k, seq=syn.seq + 1,
                    ack=sa.seq + 1, flags=ACK | (PSH if k else 0), win=229)
            a.opts = build_options([1, 1, 8], 0, 0, 0,
                                   up_s * 1000 + int(dt * 1000), 777000, 0, 0)
            if k:
                a.payload = b"EHLO x\r\n"
            ev.append((t0 + 20000 + int(dt * 1e6), a))
    # 3. Server uptime: SYN+ACKs of one server with a 1000 Hz clock.
    for k in range(3):
        c = linux_syn("198.18.200.%d" % (40 + k), 45000 + k, 1000 + k)
        c.dst = "192.0.2.99"
        sa = Syn(ver=4, src="192.0.2.99", dst=c.src, sport=25,
                 dport=c.sport, ttl=64, df=True, ipid=0,
                 seq=0x66660000 + k, ack=c.seq + 1, flags=SYN | ACK,
                 win=28960)
        sa.opts = build_options([2, 4, 8, 1, 3], 0, 1460, 7,
                                (up_s + k * 2) * 1000, c.opts and 1000 + k,
                                0, 0)
        ev.append((t0 + 30000 + k * 2000000, c))
        ev.append((t0 + 30200 + k * 2000000, sa))
    # 4. One address, two OSes alternating every 0.5 s: host change, then
    #    ip sharing [3.3].
    for k in range(10):
        src = "198.18.200.50"
        p = (win7_syn(src, 46000 + k * 10) if k & 1 else
             linux_syn(src, 46000 + k * 10, 900000 + k * 500))
        ev.append((t0 + 40000 + k * 500000, p))
    # 4b. The same over IPv6.
    for k in range(8):
        src = "2001:db8:200::50"
        p = (win7_syn(src, 46500 + k * 10, ver=6) if k & 1 else
             linux_syn(src, 46500 + k * 10, 900000 + k * 500, ver=6,
                       mss=1440))
        ev.append((t0 + 45000 + k * 500000, p))
    # 5. Same OS, changing TTL, MSS and falling ports: smaller scores.
    for k in range(8):
        ev.append((t0 + 50000 + k * 700000,
                   linux_syn("198.18.200.60", 47000 - k * 100,
                             (k * 7919) & 0xFFFF,
                             ttl=(64 if k % 3 else 50),
                             mss=(1460 if k % 2 else 1400))))
    # 6. Retransmitted SYNs (same 4-tuple and ISN while the flow lives: p0f
    #    ignores them), and a new ISN on the same 4-tuple (a new flow).
    r = linux_syn("198.18.200.70", 48000, 123456)
    ev.append((t0 + 60000, r))
    ev.append((t0 + 1060000, r.copy()))
    ev.append((t0 + 3060000, r.copy()))
    ev.append((t0 + 7060000, r.copy(seq=r.seq + 99999)))
    r6 = linux_syn("2001:db8:200::70", 48000, 123456, ver=6, mss=1440)
    ev.append((t0 + 61000, r6))
    ev.append((t0 + 1061000, r6.copy()))
    ev.sort(key=lambda e: e[0])
    for t, p in ev:
        w.write(t, link_wrap(dlt, p.build()))
    w.close()
    print("synpcap: %d packets -> %s" % (w.n, args.out), file=sys.stderr)
    return 0


def build_argparser():
    ap = argparse.ArgumentParser(prog="synpcap.py",
                                 description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fromfp", help="one packet per p0f.fp TCP sig")
    f.add_argument("fp")
    f.add_argument("out")
    f.add_argument("--variants", action="store_true")
    f.add_argument("--manifest")
    f.add_argument("--seed", type=int, default=1)
    f.add_argument("--dlt", default="en10mb", choices=sorted(DLT_NAMES))
    f.set_defaults(func=cmd_fromfp)
    m = sub.add_parser("mix", help="N SYNs, many sources, mixed OSes")
    m.add_argument("out")
    m.add_argument("--count", type=int, required=True)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--v6-share", type=float, default=0.1)
    m.add_argument("--vlan-share", type=float, default=0.1)
    m.add_argument("--distinct", action="store_true",
                   help="every SYN from a source of its own")
    m.add_argument("--dlt", default="en10mb",
                   choices=["en10mb", "sll", "sll2", "raw", "null", "loop"])
    m.set_defaults(func=cmd_mix)
    d = sub.add_parser("dlt",
                       help="one SYN pair per link type / encapsulation")
    d.add_argument("outdir")
    d.set_defaults(func=cmd_dlt)
    st = sub.add_parser("state", help="uptime / host change / ip sharing")
    st.add_argument("out")
    st.add_argument("--dlt", default="en10mb", choices=sorted(DLT_NAMES))
    st.add_argument("--inflow", action="store_true",
                    help="add uptime from later ACKs of one flow (p0f "
                    "reports it; synprint by design does not)")
    st.set_defaults(func=cmd_state)
    return ap


def main(argv=None):
    args = build_argparser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
