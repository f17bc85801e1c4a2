#!/usr/bin/env python3
"""Writes a reproducible mbox of N realistic messages for the scorer bench.

Each message has the headers a mail exchanger sees after the synprint policy
service or amavisd-new ran (X-p0f-OS or X-Amavis-OS-Fingerprint on top,
Received chain, From/To/Subject/Date/Message-ID, MIME headers) and a short
body.  Usage: gen_mbox.py N OUT
"""
import random
import sys

OS = ["Windows XP", "Windows 7 or 8", "Windows 10 or 11", "Windows NT kernel",
      "Linux 3.11 and newer", "Linux 2.2.x-3.x", "Linux 4.x and newer", "???",
      "FreeBSD 9.x or newer", "Mac OS X 10.x", "iOS iPhone or iPad", "Solaris 10",
      "UNKNOWN [S4:64:1:60:M1460,S,T,N,W7:.:?:?]", "Windows XP SP1+, 2000 SP3"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(2024)
    with open(out, "wb", buffering=1 << 22) as f:
        for i in range(n):
            os_ = rnd.choice(OS)
            ip = "198.51.100.%d" % rnd.randrange(1, 255)
            h = []
            r = rnd.random()
            if r < 0.6:
                h.append("X-p0f-OS: %s" % os_)
            elif r < 0.9:
                h.append("X-Amavis-OS-Fingerprint: %s; dist: %d; link: Ethernet or modem;\n"
                         " params: none; raw_mtu: 1500" % (os_, rnd.randrange(0, 30)))
            h += [
                "Received: from mail%d.example.net (mail%d.example.net [%s])\n"
                "\tby mx.example.org (Postfix) with ESMTP id %08X\n"
                "\tfor <user%d@example.org>; Mon, 1 Jan 2024 00:%02d:%02d +0000"
                % (i % 97, i % 97, ip, i, i % 1000, i % 60, i % 60),
                "Received: from [10.0.0.%d] by mail%d.example.net; Mon, 1 Jan 2024 00:00:00 +0000"
                % (i % 250, i % 97),
                "From: \"Sender %d\" <sender%d@example.net>" % (i, i),
                "To: <user%d@example.org>" % (i % 1000),
                "Subject: Message number %d about %s" % (i, rnd.choice(["invoices", "lunch", "the report", "offers"])),
                "Date: Mon, 1 Jan 2024 00:00:%02d +0000" % (i % 60),
                "Message-ID: <%d.%d@example.net>" % (i, rnd.randrange(10 ** 9)),
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 7bit",
            ]
            body = "Hello,\n\nthis is message %d.\n\n-- \nSender\n" % i
            f.write(("From sender%d@example.net Mon Jan  1 00:00:00 2024\n" % i).encode())
            f.write(("\n".join(h) + "\n\n" + body + "\n").encode())


if __name__ == "__main__":
    main()
