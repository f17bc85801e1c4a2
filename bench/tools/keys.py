#!/usr/bin/env python3
"""keys.py PCAP: prints "VER ADDR PORT" for each distinct client endpoint of
the SYNs in an Ethernet pcap (optionally 802.1Q/QinQ tagged), in capture
order: the connections a benchmark may ask a server about."""
import ipaddress
import struct
import sys


def main():
    data = open(sys.argv[1], "rb").read()
    magic, = struct.unpack_from("<I", data, 0)
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        sys.exit("keys.py: not a little-endian pcap")
    if struct.unpack_from("<I", data, 20)[0] != 1:
        sys.exit("keys.py: link type is not Ethernet")
    pos, seen, out = 24, set(), []
    while pos + 16 <= len(data):
        caplen, = struct.unpack_from("<I", data, pos + 8)
        f = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        o = 12
        et, = struct.unpack_from("!H", f, o)
        while et in (0x8100, 0x88A8):
            o += 4
            et, = struct.unpack_from("!H", f, o)
        o += 2
        if et == 0x0800:
            ver, tcp = 4, o + (f[o] & 15) * 4
            if f[o + 9] != 6:
                continue
            src = ipaddress.IPv4Address(f[o + 12:o + 16])
        elif et == 0x86DD:
            ver, tcp = 6, o + 40
            if f[o + 6] != 6:
                continue
            src = ipaddress.IPv6Address(f[o + 8:o + 24])
        else:
            continue
        sport, = struct.unpack_from("!H", f, tcp)
        if f[tcp + 13] & 0x12 != 0x02:     # client SYNs only
            continue
        k = (ver, str(src), sport)
        if k not in seen:
            seen.add(k)
            out.append("%d %s %d\n" % k)
    sys.stdout.write("".join(out))


main()
