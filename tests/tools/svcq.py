#!/usr/bin/env python3
"""svcq: tiny clients of synprint-analyzer's lookup services, for the
daemon's integration tests (python3 standard library only; loopback only).

As a module (PYTHONPATH=tests/tools): udp_ask(), udp_ask_many(),
p0f3_query()/p0f3_parse(), p0f2_query()/p0f2_parse(), policy_request(),
stats(), free_ports().

As a program (the shell scripts read counters with lib.sh's ctl_stat and
ctl_wait, through synprint-query):
  svcq.py ports udp|tcp N            N free loopback ports, one per line
  svcq.py udp HOST PORT PAYLOAD [T]  send PAYLOAD (Python escapes allowed,
                                     e.g. '\\r\\n', '\\xff'), print the reply
                                     as repr() or SILENT after T seconds
"""

import ast
import os
import select
import socket
import struct
import sys
import time

P0F3_QMAGIC = 0x50304601
P0F3_RMAGIC = 0x50304602
P0F3_QLEN = 21
P0F3_RLEN = 232
P0F2_MAGIC = 0x0DEFACED
P0F2_QLEN = 24
P0F2_RLEN = 144


def _family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def udp_ask(host, port, payload, src=None, timeout=0.3):
    """Send one datagram; the reply bytes, or None if none came in time.
    SRC = (addr, port) binds the client socket first (port < 1024 needs
    root)."""
    return udp_ask_many(host, port, [(payload, src)], timeout)[0]


def udp_ask_many(host, port, items, timeout=0.3):
    """Sends every (payload, src) of ITEMS from its own socket at once and
    collects the first reply of each: a list of bytes or None (no reply
    within TIMEOUT seconds after the last send). Replies from another
    address than (host, port) are ignored."""
    fam = _family(host)
    socks = []
    try:
        for payload, src in items:
            s = socket.socket(fam, socket.SOCK_DGRAM)
            if src is not None:
                # Only for a chosen source: two unbound sockets that both
                # have SO_REUSEADDR may be given one ephemeral port, and
                # then one of them gets the other's reply.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(src)
            s.setblocking(False)
            socks.append(s)
            s.sendto(payload, (host, port))
        out = [None] * len(socks)
        left = {s.fileno(): i for i, s in enumerate(socks)}
        end = time.monotonic() + timeout
        while left:
            wait = end - time.monotonic()
            if wait <= 0:
                break
            r, _, _ = select.select(list(left), [], [], wait)
            for fd in r:
                i = left[fd]
                data, peer = socks[i].recvfrom(65535)
                if peer[1] != port:
                    continue
                out[i] = data
                del left[fd]
        return out
    finally:
        for s in socks:
            s.close()


def _addr16(ver, addr):
    if ver == 4:
        return socket.inet_pton(socket.AF_INET, addr) + bytes(12)
    return socket.inet_pton(socket.AF_INET6, addr)


def p0f3_query(addr, ver=None, magic=P0F3_QMAGIC):
    """The 21-byte v3 API query for ADDR (native endian, as p0f)."""
    if ver is None:
        ver = 6 if ":" in addr else 4
    return struct.pack("=IB", magic, ver) + _addr16(ver if ver in (4, 6)
                                                     else 4, addr)


def _cstr(b):
    return b.split(b"\0", 1)[0].decode("latin-1")


def p0f3_parse(r):
    """A dict of the 232-byte v3 API answer."""
    if len(r) != P0F3_RLEN:
        raise ValueError("v3 answer of %d bytes" % len(r))
    f = struct.unpack("=IIIIIIIIIhBB32s32s32s32s32s32s", r)
    keys = ("magic", "status", "first_seen", "last_seen", "total_conn",
            "uptime_min", "up_mod_days", "last_nat", "last_chg",
            "distance", "bad_sw", "os_match_q")
    d = dict(zip(keys, f[:12]))
    for k, v in zip(("os_name", "os_flavor", "http_name", "http_flavor",
                     "link_type", "language"), f[12:]):
        d[k] = _cstr(v)
    return d


def p0f2_query(src, dst, sport, dport, qid=1, magic=P0F2_MAGIC, qtype=1):
    """The 24-byte v2 query (p0f 2.0.8's struct p0f_query, x86-64)."""
    return (struct.pack("=IB3xI", magic, qtype, qid) +
            socket.inet_aton(src) + socket.inet_aton(dst) +
            struct.pack("=HH", sport, dport))


def p0f2_parse(r):
    """A dict of the 144-byte v2 answer (struct p0f_response)."""
    if len(r) != P0F2_RLEN:
        raise ValueError("v2 answer of %d bytes" % len(r))
    magic, qid, rtype = struct.unpack_from("=IIB", r, 0)
    d = {"magic": magic, "id": qid, "type": rtype,
         "genre": _cstr(r[9:29]), "detail": _cstr(r[29:69]),
         "dist": struct.unpack_from("=b", r, 69)[0],
         "link": _cstr(r[70:100]), "tos": _cstr(r[100:130]),
         "fw": r[130], "nat": r[131], "real": r[132]}
    d["score"], d["mflags"] = struct.unpack_from("=hH", r, 134)
    d["uptime"] = struct.unpack_from("=i", r, 140)[0]
    return d


def recv_exact(s, n, timeout=5.0):
    """N bytes from stream socket S, or fewer if it closed first."""
    s.settimeout(timeout)
    buf = b""
    while len(buf) < n:
        b = s.recv(n - len(buf))
        if not b:
            break
        buf += b
    return buf


def unix_connect(path, timeout=5.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


def policy_request(attrs):
    """One Postfix policy request: name=value lines and the empty line."""
    return "".join("%s=%s\n" % kv for kv in attrs).encode() + b"\n"


def stats(path, timeout=5.0):
    """The control socket's counters as a dict of str -> str."""
    s = unix_connect(path, timeout)
    try:
        s.sendall(b"stats\n")
        buf = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            buf += b
    finally:
        s.close()
    out = {}
    for line in buf.decode("latin-1").splitlines():
        k, _, v = line.partition(" ")
        out[k] = v
    return out


def free_ports(kind, n):
    """N distinct loopback ports that were free a moment ago."""
    typ = socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
    socks, ports = [], []
    try:
        while len(ports) < n:
            s = socket.socket(socket.AF_INET, typ)
            s.bind(("127.0.0.1", 0))
            p = s.getsockname()[1]
            socks.append(s)
            # Also free on [::1]: the UDP service binds both.
            try:
                t = socket.socket(socket.AF_INET6, typ)
                t.bind(("::1", p))
                t.close()
            except OSError:
                continue
            ports.append(p)
    finally:
        for s in socks:
            s.close()
    return ports


def main(argv):
    if len(argv) == 3 and argv[0] == "ports":
        for p in free_ports(argv[1], int(argv[2])):
            print(p)
        return 0
    if len(argv) in (4, 5) and argv[0] == "udp":
        payload = ast.literal_eval("b'''" + argv[3].replace("'", "\\'") +
                                   "'''")
        t = float(argv[4]) if len(argv) == 5 else 0.3
        r = udp_ask(argv[1], int(argv[2]), payload, timeout=t)
        print("SILENT" if r is None else repr(r))
        return 0 if r is not None else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
