#!/usr/bin/env python3
"""querystub: hostile and odd servers for synprint-query's tests (t201).

Usage: querystub.py DIR

Binds, then writes DIR/ready:
  UDP 127.0.0.1:DIR/udp.port     p0f-analyzer protocol
  DIR/p0f3.sock                  p0f v3 API
  DIR/p0f2.sock                  p0f v2 query API
  TCP 127.0.0.1:DIR/policy.port  Postfix policy delegation (and
  DIR/policy.sock                the same over a unix socket)
  DIR/ctl-NAME.sock              control sockets, one per stats scenario

What a server answers is picked by the request (the scenarios are
listed below), and every request is saved as DIR/SERVICE.last (hex for the
binary protocols). Runs until killed.
"""

import os
import socket
import struct
import sys
import threading
import time

# svcq.py is next to this script, on sys.path[0]. Its recv_exact() is
# called without a timeout: the stub waits as long as the client lets it.
from svcq import recv_exact

D = sys.argv[1]

# ---------------------------------------------------------------------------
# p0f-analyzer over UDP; the scenario is the queried PORT.
#   1 a result full of bytes that must be escaped     2 stray datagrams
#   first (wrong nonce; the right text from another socket), then the answer
#   3 no CRLF   4 silence   5 a 5000-byte answer   6 empty result
#   no port: "HOST <addr>"
NASTY = b'Linux\x07\x1b[31m \\ "q" \xff\r\nend'


def udp_server():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind(("127.0.0.1", 0))
    with open(os.path.join(D, "udp.port"), "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    while True:
        d, peer = s.recvfrom(65536)
        with open(os.path.join(D, "udp.last"), "wb") as f:
            f.write(d)
        if b" " not in d:
            continue
        q, nonce = d.split(b" ", 1)
        head = q + b" " + nonce + b" "
        port = q.rsplit(b"]:", 1)[1] if b"]:" in q else None
        if port is None:
            s.sendto(head + b"HOST " + q.strip(b"[]") + b"\r\n", peer)
        elif port == b"1":
            s.sendto(head + NASTY + b"\r\n", peer)
        elif port == b"2":
            s.sendto(q + b" x" + nonce + b" WRONG NONCE\r\n", peer)
            s.sendto(q + b"\r\n", peer)
            other.sendto(head + b"WRONG SOURCE\r\n", peer)
            time.sleep(0.05)
            s.sendto(head + b"RIGHT\r\n", peer)
        elif port == b"3":
            s.sendto(head + b"Linux", peer)
        elif port == b"4":
            pass
        elif port == b"5":
            s.sendto(head + b"x" * 5000 + b"\r\n", peer)
        elif port == b"6":
            s.sendto(head + b"\r\n", peer)


# ---------------------------------------------------------------------------
# Stream servers: one thread per connection.

def serve_unix(path, handler):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(16)
    threading.Thread(target=accept_loop, args=(s, handler),
                     daemon=True).start()


def accept_loop(s, handler):
    while True:
        c, _ = s.accept()
        threading.Thread(target=run_handler, args=(c, handler),
                         daemon=True).start()


def run_handler(c, handler):
    try:
        handler(c)
    except OSError:
        pass
    finally:
        c.close()


def field(s, n):
    return s[:n].ljust(n, b"\0")


# p0f v3; the scenario is the last byte of an IPv4 address 127.0.0.N:
#   1 every field set, strings without NUL and with bytes to escape
#   2 231 bytes   3 bad magic   4 status 0 (bad query)   5 the answer in
#   two writes 50 ms apart   6 silence   7 no match   8 status 0x30
#   an IPv6 address: a plain answer, os_name "v6", distance 255
def p0f3_reply(status, magic=0x50304602, first=1700000000, last=1700000100,
               total=7, up=3 * 1440 + 4 * 60 + 5, mod=49, nat=1700000200,
               chg=1700000300, dist=12, bad_sw=1, q=3,
               names=(b"N" * 32, b"fl\x01\\v", b"Apache", b"2.x",
                      b"DSL", b"English")):
    b = struct.pack("<IIIIIIIIIhBB", magic, status, first, last, total, up,
                    mod, nat, chg, dist, bad_sw, q)
    for n in names:
        b += field(n, 32)
    assert len(b) == 232
    return b


def p0f3_handler(c):
    q = recv_exact(c, 21, timeout=None)
    with open(os.path.join(D, "p0f3.last"), "w") as f:
        f.write(q.hex() + "\n")
    if len(q) < 21:
        return
    if q[4] == 6:
        c.sendall(p0f3_reply(0x10, dist=255, q=0, nat=0, chg=0, up=0,
                             names=(b"v6", b"", b"", b"", b"", b"")))
        return
    n = q[8]
    if n == 1:
        c.sendall(p0f3_reply(0x10))
    elif n == 2:
        c.sendall(p0f3_reply(0x10)[:231])
    elif n == 3:
        c.sendall(p0f3_reply(0x10, magic=0x02463050))
    elif n == 4:
        c.sendall(p0f3_reply(0x00, first=0, last=0, names=(b"",) * 6))
    elif n == 5:
        r = p0f3_reply(0x10)
        c.sendall(r[:100])
        time.sleep(0.05)
        c.sendall(r[100:])
    elif n == 6:
        time.sleep(5)
    elif n == 7:
        c.sendall(p0f3_reply(0x20, names=(b"",) * 6))
    elif n == 8:
        c.sendall(p0f3_reply(0x30))


# p0f v2; the scenario is the source port:
#   1 an answer   2 another query's id   3 no match   4 143 bytes
#   5 bad magic   6 bad query
def p0f2_handler(c):
    q = recv_exact(c, 24, timeout=None)
    with open(os.path.join(D, "p0f2.last"), "w") as f:
        f.write(q.hex() + "\n")
    if len(q) < 24:
        return
    magic, qtype, qid, src, dst, sport, dport = struct.unpack(
        "<IB3xI4s4sHH", q)

    def reply(rtype=0, rid=qid, rmagic=0x0defaced):
        return struct.pack("<IIB20s40sb30s30sBBBxhH2xi", rmagic, rid, rtype,
                           b"Linux", b"2.6 (newer, \x1b7)", 3,
                           b"ethernet/modem", b"", 0, 1, 1, -100, 0, 5)
    if sport == 1:
        c.sendall(reply())
    elif sport == 2:
        c.sendall(reply(rid=qid ^ 1))
    elif sport == 3:
        c.sendall(reply(rtype=2))
    elif sport == 4:
        c.sendall(reply()[:143])
    elif sport == 5:
        c.sendall(reply(rmagic=0xdeadbeef))
    elif sport == 6:
        c.sendall(reply(rtype=1))


# Postfix policy; the scenario is client_port:
#   1 PREPEND   2 DUNNO   3 REJECT   4 no action line   5 close without
#   an answer   6 two actions   7 PREPEND in pieces, after other lines
#   8 an answer longer than the client reads
def policy_handler(c):
    buf = b""
    while b"\n\n" not in buf:
        k = c.recv(4096)
        if not k:
            return
        buf += k
    req = buf.split(b"\n\n", 1)[0]
    with open(os.path.join(D, "policy.last"), "wb") as f:
        f.write(req + b"\n")
    attrs = dict(l.split(b"=", 1) for l in req.split(b"\n"))
    sc = attrs.get(b"client_port", b"")
    if sc == b"1":
        c.sendall(b"action=PREPEND X-p0f-OS: Linux 3.11 and newer\n\n")
    elif sc == b"2":
        c.sendall(b"action=dunno\n\n")
    elif sc == b"3":
        c.sendall(b"action=REJECT go away\n\n")
    elif sc == b"4":
        c.sendall(b"foo=bar\n\n")
    elif sc == b"5":
        return
    elif sc == b"6":
        c.sendall(b"action=DUNNO\naction=OK\n\n")
    elif sc == b"7":
        for part in (b"x-extra=1\nact", b"ion=PREPEND X-p0f-OS: Win\x01",
                     b"dows\n", b"\n"):
            c.sendall(part)
            time.sleep(0.02)
    elif sc == b"8":
        c.sendall(b"action=PREPEND X: " + b"y" * 5000 + b"\n\n")


def serve_tcp(handler, portfile):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    with open(os.path.join(D, portfile), "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    threading.Thread(target=accept_loop, args=(s, handler),
                     daemon=True).start()


# Control sockets, one per scenario.
STATS = {
    "ok": b"udp_queries 5\nversion 0.1.0\nratio 0.5\nlead 007\n"
          b"neg -3\nodd x\\\x01y\nempty \n",
    "cut": b"udp_queries 5\nudp_bad 1",
    "badname": b"udp_queries 5\nbad\x01name 1\n",
    "noval": b"udp_queries\n",
    "big": b"x 1\n" * 20000,
    "empty": b"",
}


def stats_handler(name):
    def h(c):
        cmd = b""
        while not cmd.endswith(b"\n"):
            k = c.recv(64)
            if not k:
                break
            cmd += k
        with open(os.path.join(D, "ctl.last"), "wb") as f:
            f.write(cmd)
        c.sendall(STATS[name])
    return h


def main():
    threading.Thread(target=udp_server, daemon=True).start()
    serve_unix(os.path.join(D, "p0f3.sock"), p0f3_handler)
    serve_unix(os.path.join(D, "p0f2.sock"), p0f2_handler)
    serve_unix(os.path.join(D, "policy.sock"), policy_handler)
    serve_tcp(policy_handler, "policy.port")
    for name in STATS:
        serve_unix(os.path.join(D, "ctl-%s.sock" % name),
                   stats_handler(name))
    while not os.path.exists(os.path.join(D, "udp.port")):
        time.sleep(0.01)
    with open(os.path.join(D, "ready"), "w") as f:
        f.write("ready\n")
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
