#!/usr/bin/python3
"""Counts the oneDNN primitives a process ran, from its ONEDNN_VERBOSE=1 log on standard input.

    ONEDNN_VERBOSE=1 PROGRAM ... | /usr/bin/python3 bench/python/onednn_summary.py --per STEPS

Prints one line per (primitive kind, implementation, propagation, source layout) with the number of executions
and their summed time, divided by --per (the number of steps the program ran, warm-up included), sorted by time.
The counts are exact whatever the machine's load; the times are oneDNN's own and only a hint on a busy machine.
Lines that are not oneDNN execution records (the program's own output) are passed over.
"""
import argparse
import collections
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--per", type=float, default=1.0, help="divide counts and times by this (steps run)")
args = ap.parse_args()



def layout(descriptors, names):
    """The format tag (abcd = NCHW, acdb = NHWC, aBcd16b = blocked) of the first memory descriptor named so."""
    for d in descriptors.split(" "):
        parts = d.split(":")
        if parts[0] in names and "blocked" in parts:
            return parts[parts.index("blocked") + 1]
    return "-"


count = collections.Counter()
ms = collections.Counter()
for line in sys.stdin:
    if not line.startswith("onednn_verbose"):
        continue
    f = line.rstrip("\n").split(",")
    if "exec" not in f:
        continue
    i = f.index("exec")
    kind, impl, prop = f[i + 2], f[i + 3], f[i + 4]
    src = layout(f[i + 5], ("src", "diff_dst")) + ">" + layout(f[i + 5], ("dst", "diff_src"))
    try:
        t = float(f[-1])
    except ValueError:
        continue
    key = (kind, impl, prop, src)
    count[key] += 1
    ms[key] += t

total = sum(ms.values())
print(f"{'kind':<14} {'implementation':<28} {'propagation':<18} {'layout in>out':<20} {'runs/step':>9} {'ms/step':>8} {'share':>6}")
for key, t in sorted(ms.items(), key=lambda kv: -kv[1]):
    kind, impl, prop, src = key
    print(f"{kind:<14} {impl:<28} {prop:<18} {src:<20} {count[key] / args.per:>9.1f} {t / args.per:>8.3f} {t / total if total else 0:>6.1%}")
by_kind = collections.Counter()
for (kind, *_), t in ms.items():
    by_kind[kind] += t
print("per kind (ms/step): " + ", ".join(f"{k} {t / args.per:.3f}" for k, t in by_kind.most_common()))
print(f"total oneDNN: {sum(count.values()) / args.per:.1f} primitives, {total / args.per:.3f} ms per step")
