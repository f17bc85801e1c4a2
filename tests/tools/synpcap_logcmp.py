#!/usr/bin/env python3
"""synpcap_logcmp: compares p0f-format (-o) logs for synprint's tests.

  compare REF.log TEST.log [--ref-name p0f] [--test-name synprint]
      pairs lines by (mod, cli, srv, subj) and compares, for syn / syn+ack
      lines, the os|app label, dist, params and raw_sig, for mtu lines link
      and raw_mtu, and for the other kinds (uptime, host change, ip sharing,
      sendsyn ...) all fields. Prints a summary and every differing pair;
      exit 1 on any difference or on lines present on one side only.
  manifest MANIFEST REF.log [--correct]
      checks a `synpcap.py fromfp` manifest against p0f's log: every
      generated packet got the answer the p0f model predicts (label and
      exact/generic/fuzzy), and every [tcp:request] sig has an exact,
      non-fuzzy match of its own base packet by the sig's own label (unless
      the manifest says another specific sig shadows it). --correct uses the
      column predicted for a correct ack+ test instead of p0f's buggy one.
"""

import argparse
import difflib
import re
import sys

LINE_RE = re.compile(r"^\[(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d)\] (.*)$")
FIELDS = {
    "syn": ("os", "app", "dist", "params", "raw_sig"),
    "syn+ack": ("os", "app", "dist", "params", "raw_sig"),
    "mtu": ("link", "raw_mtu"),
}


def parse_log(path):
    """[(ts, {field: value}, raw line)] of a p0f -o log."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            m = LINE_RE.match(raw)
            if not m:
                continue
            d = {}
            for part in m.group(2).split("|"):
                k, _, v = part.partition("=")
                d[k] = v
            out.append((m.group(1), d, raw))
    return out


def key_of(d):
    return (d.get("mod", ""), d.get("cli", ""), d.get("srv", ""),
            d.get("subj", ""))


def index(lines):
    """{key: [lines]} keeping file order within a key."""
    idx = {}
    for ts, d, raw in lines:
        idx.setdefault(key_of(d), []).append((ts, d, raw))
    return idx


def cmd_compare(a):
    ref = index(parse_log(a.ref))
    test = index(parse_log(a.test))
    mods = set(a.mods.split(",")) if a.mods else None
    n = same = 0
    diffs = []
    only_ref = []
    only_test = []
    per_mod = {}
    for k in sorted(set(ref) | set(test)):
        if mods is not None and k[0] not in mods:
            continue
        r, t = ref.get(k, []), test.get(k, [])
        flds = FIELDS.get(k[0])
        if flds is None:
            flds = sorted({f for x in r + t for f in x[1]})

        def sig(x):
            return ((x[0] if a.timestamps else None),
                    tuple(x[1].get(f) for f in flds))
        # Align the lines of one key (e.g. a retransmitted SYN logged by one
        # side only) instead of pairing them by position.
        sm = difflib.SequenceMatcher(None, [sig(x) for x in r],
                                     [sig(x) for x in t], autojunk=False)
        pm = per_mod.setdefault(k[0], [0, 0])
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                n += i2 - i1
                same += i2 - i1
                pm[0] += i2 - i1
                pm[1] += i2 - i1
                continue
            m = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for d in range(m):
                rx, tx = r[i1 + d], t[j1 + d]
                bad = (["time"] if a.timestamps and rx[0] != tx[0] else [])
                bad += [f for f in flds if rx[1].get(f) != tx[1].get(f)]
                diffs.append((bad, rx[2], tx[2]))
                n += 1
                pm[0] += 1
            only_ref += [x[2] for x in r[i1 + m:i2]]
            only_test += [x[2] for x in t[j1 + m:j2]]
    print("compared %d line pairs (%s vs %s): %d identical, %d differ; "
          "%d only in %s, %d only in %s"
          % (n, a.ref_name, a.test_name, same, len(diffs), len(only_ref),
             a.ref_name, len(only_test), a.test_name))
    for m in sorted(per_mod):
        print("  mod=%-12s %6d compared, %6d identical"
              % (m, per_mod[m][0], per_mod[m][1]))
    lim = a.limit
    for bad, r, t in diffs[:lim]:
        print("DIFF [%s]\n  %-8s %s\n  %-8s %s"
              % (",".join(bad), a.ref_name, r, a.test_name, t))
    for r in only_ref[:lim]:
        print("ONLY %s: %s" % (a.ref_name, r))
    for t in only_test[:lim]:
        print("ONLY %s: %s" % (a.test_name, t))
    for what, lst in (("differing pairs", diffs), ("only " + a.ref_name,
                      only_ref), ("only " + a.test_name, only_test)):
        if len(lst) > lim:
            print("... %d more %s not shown" % (len(lst) - lim, what))
    if a.min_pairs and n < a.min_pairs:
        print("too few line pairs: %d < %d" % (n, a.min_pairs))
        return 1
    return 0 if not diffs and not only_ref and not only_test else 1


def read_manifest(path):
    rows = []
    with open(path) as f:
        for raw in f:
            if raw.startswith("#") or not raw.strip():
                continue
            c = raw.rstrip("\n").split("\t")
            rows.append(dict(mod=c[0], cli=c[1], srv=c[2], line=int(c[3]),
                             variant=c[4], ver=c[5], sig_label=c[6],
                             expect=c[7], kind=c[8], expect_line=int(c[9]),
                             correct=c[10], sig=c[11]))
    return rows


def kind_of(d):
    ps = d.get("params", "").split()
    if "generic" in ps and "fuzzy" in ps:
        return "generic fuzzy"
    if "generic" in ps:
        return "generic"
    if "fuzzy" in ps:
        return "fuzzy"
    return "exact"


def label_of(d):
    if "app" in d:
        return "app=" + d["app"]
    return "os=" + d.get("os", "")


def cmd_manifest(a):
    rows = read_manifest(a.manifest)
    idx = {}
    for ts, d, raw in parse_log(a.log):
        mod = d.get("mod")
        if mod in ("syn", "syn+ack", "sendsyn probe"):
            idx[(mod, d.get("cli"), d.get("srv"))] = (d, raw)
    bad = []
    covered = {}
    want_cover = {}
    for r in rows:
        if r["line"] and r["mod"] in ("syn", "sendsyn probe"):
            want_cover.setdefault(r["line"], r)
        got = idx.get((r["mod"], r["cli"], r["srv"]))
        exp = r["correct"] if a.correct else r["expect"]
        if got is None:
            bad.append("no %s line for %s -> %s (line %d %s %s)"
                       % (r["mod"], r["cli"], r["srv"], r["line"],
                          r["variant"], r["sig"]))
            continue
        d, raw = got
        lab = label_of(d)
        kind = "none" if lab == "os=???" else kind_of(d)
        ekind = r["kind"] if not a.correct else None
        if lab != exp or (ekind is not None and kind != ekind):
            bad.append("line %d %s IPv%s [%s]: expected %s (%s), got %s (%s)"
                       "\n    %s" % (r["line"], r["variant"], r["ver"],
                                     r["sig"], exp, r["kind"], lab, kind,
                                     raw))
        if (r["variant"] == "base" and r["mod"] != "syn+ack" and
                kind in ("exact", "generic") and lab == exp):
            covered[r["line"]] = True
    uncovered = [r for ln, r in sorted(want_cover.items())
                 if ln not in covered]
    shadowed = [r for ln, r in sorted(want_cover.items())
                if r["expect_line"] != ln]
    n = len(rows)
    print("manifest: %d packets checked against the log, %d as predicted; "
          "%d/%d [tcp:request] sigs exactly matched by their base packet"
          % (n, n - len(bad), len(want_cover) - len(uncovered),
             len(want_cover)))
    for r in shadowed:
        print("  (line %d %s is shadowed: its packet is %s, line %d)"
              % (r["line"], r["sig"], r["expect"], r["expect_line"]))
    for b in bad[:a.limit]:
        print("UNEXPECTED " + b)
    if len(bad) > a.limit:
        print("... %d more" % (len(bad) - a.limit))
    for r in uncovered:
        print("UNCOVERED line %d: %s" % (r["line"], r["sig"]))
    return 1 if bad or uncovered else 0


def main():
    ap = argparse.ArgumentParser(prog="synpcap_logcmp.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("ref")
    c.add_argument("test")
    c.add_argument("--ref-name", default="p0f")
    c.add_argument("--test-name", default="synprint")
    c.add_argument("--mods", help="comma list of mod= values to compare")
    c.add_argument("--timestamps", action="store_true",
                   help="also require equal [timestamps]")
    c.add_argument("--min-pairs", type=int, default=0)
    c.add_argument("--limit", type=int, default=40)
    c.set_defaults(func=cmd_compare)
    m = sub.add_parser("manifest")
    m.add_argument("manifest")
    m.add_argument("log")
    m.add_argument("--correct", action="store_true")
    m.add_argument("--limit", type=int, default=40)
    m.set_defaults(func=cmd_manifest)
    a = ap.parse_args()
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
