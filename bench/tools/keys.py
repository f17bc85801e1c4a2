#!/usr/bin/env python3
"""keys.py PCAP: prints "VER ADDR PORT" for each distinct client endpoint of
the SYNs in a pcap, in capture order: the connections a benchmark may ask a
server about. The pcap is read by tests/tools/svcpcap.py (Ethernet with
802.1Q/QinQ tags, or raw IP)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "tools"))
from svcpcap import ACK, SYN, ip_tcp, read_pcap  # noqa: E402


def main():
    dlt, recs = read_pcap(sys.argv[1])
    seen, out = set(), []
    for rec in recs:
        r = ip_tcp(dlt, rec[4])
        if r is None or r[5] & (SYN | ACK) != SYN:    # client SYNs only
            continue
        k = (r[0], r[1], r[3])
        if k not in seen:
            seen.add(k)
            out.append("%d %s %d\n" % k)
    sys.stdout.write("".join(out))


main()
