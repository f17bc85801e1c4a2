#!/usr/bin/env python3
"""svcpcap: pcap files for the daemon's integration tests (python3 standard
library only; nothing is sent). Builds on synpcap.py beside it.

Subcommands:
  known OUT.pcap
      SYNs of known OSes from known loopback clients to port 25 (the
      clients of shared/reference/mail-clients.md 1.5, plus a host seen
      three times, an IPv6 host seen twice and a client port below 10000);
      prints "ip port os" lines.
  merge OUT.pcap IN.pcap...
      the inputs one after the other (same link type), each input's
      packet times shifted to start 1 s after the previous input ended.
  subjects PCAP
      "ip port kind" per distinct subject of a SYN (the client, kind syn)
      or SYN+ACK (the server, kind syn+ack), first-seen order; IPv4 and
      IPv6 (no extension headers) over Ethernet, 802.1Q, raw IP.
  flood OUT.pcap --count N
      N SYNs from N distinct IPv4 sources 100.64.0.0 + i (100.64.0.0/10
      holds 4M), one Linux-like template, 1 ms apart, written directly.
"""

import argparse
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synpcap  # noqa: E402
from synpcap import (ACK, DLT_EN10MB, DLT_IPV4, DLT_IPV6, DLT_RAW, SYN,  # noqa: E402,E501
                     EPOCH, PcapWriter, Syn, build_options, link_wrap)

SRV4, SRV6 = "127.0.0.1", "::1"

# (src, sport, os, builder) of the "known" capture, in packet order.
KNOWN = [
    ("127.0.0.2", 40001, "Windows XP", "xp"),
    ("127.0.0.3", 40002, "Windows 7 or 8", "w7"),
    ("127.0.0.4", 40003, "Linux 3.11 and newer", "linux"),
    ("::2", 40006, "Linux 3.11 and newer", "linux"),
    ("127.0.0.6", 40010, "Windows XP", "xp"),
    ("127.0.0.6", 40011, "Linux 3.11 and newer", "linux"),
    ("127.0.0.6", 40012, "Windows 7 or 8", "w7"),
    ("2001:db8::6", 40020, "Windows 7 or 8", "w7"),
    ("2001:db8::6", 40021, "Linux 3.11 and newer", "linux"),
    ("127.0.0.7", 2525, "Windows XP", "xp"),
]


def known_syn(src, sport, kind, i):
    ver = 6 if ":" in src else 4
    p = Syn(ver=ver, src=src, dst=SRV6 if ver == 6 else SRV4, sport=sport,
            dport=25, df=(ver == 4), ipid=(0x1000 + i) if ver == 4 else 0,
            seq=0x01000000 * (i + 1) + sport)
    if kind == "xp":
        # 4:128+0:0:1460:65535,0:mss,nop,nop,sok:df,id+:0
        p.ttl, p.win = 128, 65535
        p.opts = build_options([2, 1, 1, 4], 0, 1460, 0, 0, 0, 0, 0)
    elif kind == "w7":
        # 4:128+0:0:1460:8192,2:mss,nop,ws,nop,nop,sok:df,id+:0
        p.ttl, p.win = 128, 8192
        p.opts = build_options([2, 1, 3, 1, 1, 4], 0, 1460, 2, 0, 0, 0, 0)
    else:
        # Linux 3.11+: mss*20,7:mss,sok,ts,nop,ws
        mss = 1460 if ver == 4 else 1440
        p.ttl, p.win = 64, mss * 20
        p.opts = build_options([2, 4, 8, 1, 3], 0, mss, 7, 1000000 + i, 0,
                               0, 0)
    return p


def cmd_known(args):
    w = PcapWriter(args.out, DLT_EN10MB)
    t = (EPOCH + 10) * 1000000
    for i, (src, sport, os_, kind) in enumerate(KNOWN):
        w.write(t + i * 100000, link_wrap(DLT_EN10MB,
                                          known_syn(src, sport, kind,
                                                    i).build()))
        print(src, sport, os_)
    w.close()
    return 0


def read_pcap(path):
    """(dlt, [(sec, usec, caplen, origlen, bytes)]) of a classic pcap."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack_from("<I", data, 0)[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        e = "<"
    elif magic in (0xD4C3B2A1, 0x4D3CB2A1):
        e = ">"
    else:
        raise ValueError("%s: not a classic pcap file" % path)
    dlt = struct.unpack_from(e + "I", data, 20)[0] & 0x0FFFFFFF
    recs = []
    off = 24
    while off + 16 <= len(data):
        sec, usec, cap, orig = struct.unpack_from(e + "IIII", data, off)
        off += 16
        recs.append((sec, usec, cap, orig, data[off:off + cap]))
        off += cap
    return dlt, recs


def cmd_merge(args):
    w = None
    t_next = None
    dlt0 = None
    for path in args.inputs:
        dlt, recs = read_pcap(path)
        if w is None:
            dlt0 = dlt
            w = PcapWriter(args.out, dlt)
        elif dlt != dlt0:
            print("svcpcap: %s: link type %d, not %d" % (path, dlt, dlt0),
                  file=sys.stderr)
            return 1
        if not recs:
            continue
        t0 = recs[0][0] * 1000000 + recs[0][1]
        shift = 0 if t_next is None else t_next - t0
        t = t0
        for sec, usec, cap, orig, frame in recs:
            t = sec * 1000000 + usec + shift
            w.write(t, frame, cap, orig)
        t_next = t + 1000000
    if w is None:
        return 1
    w.close()
    return 0


def ip_tcp(dlt, frame):
    """(ver, src, dst, sport, dport, flags) of a TCP frame, or None."""
    off = 0
    if dlt == DLT_EN10MB:
        if len(frame) < 14:
            return None
        et = struct.unpack_from("!H", frame, 12)[0]
        off = 14
        while et in (0x8100, 0x88A8) and len(frame) >= off + 4:
            et = struct.unpack_from("!H", frame, off + 2)[0]
            off += 4
        if et not in (0x0800, 0x86DD):
            return None
    elif dlt not in (DLT_RAW, DLT_IPV4, DLT_IPV6):
        return None
    ip = frame[off:]
    if len(ip) < 20:
        return None
    ver = ip[0] >> 4
    if ver == 4:
        ihl = (ip[0] & 15) * 4
        if ip[9] != 6 or len(ip) < ihl + 14:
            return None
        if struct.unpack_from("!H", ip, 6)[0] & 0x3FFF:
            return None             # a fragment
        src = str(ipaddress.IPv4Address(ip[12:16]))
        dst = str(ipaddress.IPv4Address(ip[16:20]))
        tcp = ip[ihl:]
    elif ver == 6:
        if len(ip) < 54 or ip[6] != 6:
            return None
        src = str(ipaddress.IPv6Address(ip[8:24]))
        dst = str(ipaddress.IPv6Address(ip[24:40]))
        tcp = ip[40:]
    else:
        return None
    sport, dport = struct.unpack_from("!HH", tcp, 0)
    return ver, src, dst, sport, dport, tcp[13]


def cmd_subjects(args):
    dlt, recs = read_pcap(args.pcap)
    seen = set()
    for rec in recs:
        r = ip_tcp(dlt, rec[4])
        if r is None:
            continue
        _ver, src, _dst, sport, _dport, flags = r
        if flags & (SYN | ACK) == SYN:
            kind = "syn"
        elif flags & (SYN | ACK) == SYN | ACK:
            kind = "syn+ack"
        else:
            continue
        key = (src, sport)
        if key in seen:
            continue
        seen.add(key)
        print(src, sport, kind)
    return 0


def cmd_flood(args):
    base = int(ipaddress.IPv4Address("100.64.0.0"))
    if args.count > (1 << 22):
        print("svcpcap: at most %d sources" % (1 << 22), file=sys.stderr)
        return 1
    p = Syn(ver=4, src="0.0.0.0", dst="192.0.2.25", sport=40000, dport=25,
            ttl=64, df=True, ipid=1, seq=0x12345678, win=29200)
    p.opts = build_options([2, 4, 8, 1, 3], 0, 1460, 7, 1000, 0, 0, 0)
    frame = bytearray(link_wrap(DLT_EN10MB, p.build()))
    n = len(frame)
    ip_off, tcp_off = 14, 34
    # Checksums without the source address, patched per packet.
    hdr = bytearray(frame[ip_off:ip_off + 20])
    hdr[10:12] = b"\0\0"
    ip_sum = synpcap.csum_add(hdr)
    seg = bytearray(frame[tcp_off:])
    seg[16:18] = b"\0\0"
    pseudo = synpcap.ip_bytes(p.dst) + struct.pack("!BBH", 0, 6, len(seg))
    tcp_sum = synpcap.csum_add(seg, synpcap.csum_add(pseudo))
    pack_into = struct.pack_into
    rec = 16 + n
    chunk = 8192
    t0 = EPOCH * 1000000
    with open(args.out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                            DLT_EN10MB))
        buf = bytearray(rec * chunk)
        for k in range(chunk):
            buf[k * rec + 16:(k + 1) * rec] = frame
        i = 0
        while i < args.count:
            m = min(chunk, args.count - i)
            for k in range(m):
                o = k * rec
                src = base + i + k
                t = t0 + (i + k) * 1000
                ws = (src >> 16) + (src & 0xFFFF)
                c = ip_sum + ws
                c = (c & 0xFFFF) + (c >> 16)
                c = (c & 0xFFFF) + (c >> 16)
                s = tcp_sum + ws
                s = (s & 0xFFFF) + (s >> 16)
                s = (s & 0xFFFF) + (s >> 16)
                pack_into("<IIII", buf, o, t // 1000000, t % 1000000, n, n)
                pack_into("!HI", buf, o + 16 + ip_off + 10, ~c & 0xFFFF, src)
                pack_into("!H", buf, o + 16 + tcp_off + 16, ~s & 0xFFFF)
            f.write(buf[:m * rec])
            i += m
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(prog="svcpcap.py",
                                 description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("known")
    k.add_argument("out")
    k.set_defaults(func=cmd_known)
    m = sub.add_parser("merge")
    m.add_argument("out")
    m.add_argument("inputs", nargs="+")
    m.set_defaults(func=cmd_merge)
    s = sub.add_parser("subjects")
    s.add_argument("pcap")
    s.set_defaults(func=cmd_subjects)
    f = sub.add_parser("flood")
    f.add_argument("out")
    f.add_argument("--count", type=int, required=True)
    f.set_defaults(func=cmd_flood)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
