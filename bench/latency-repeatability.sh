#!/usr/bin/env bash
# Repeatability of the study measurement phase: measures every configuration of a study (untrained: latency
# needs no weights) twice with `pflab bench STUDY`, and prints per configuration both latency ratios to the
# baseline, whether they agree within +-3%, and whether every delta latency whose 95% interval excludes zero
# has the same sign in both runs. Goal: every line agrees and no sign flips. Each run's rounds, instances and
# stop reasons are printed first: a run that stopped at max_seconds before its ratio CIs were within +-1% says so.
# Usage: bench/latency-repeatability.sh [STUDY] [PROFILE]   (defaults: studies/depthwise-replacement.yaml quick)
#        extra `pflab bench` options in BENCH_ARGS, e.g. BENCH_ARGS="--max-seconds 0.2 --throughput-batch 0" for a smoke run
source "$(dirname "$0")/common.sh"
STUDY="${1:-studies/depthwise-replacement.yaml}"
PROFILE="${2:-quick}"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
for run in 1 2; do
  # shellcheck disable=SC2086
  "$PFLAB" bench "$STUDY" --profile "$PROFILE" --results "$dir/results" --format csv ${BENCH_ARGS:-} | tr -d '\r' > "$dir/run$run.csv"
done
python3 - "$dir/run1.csv" "$dir/run2.csv" <<'PY'
import csv, sys
runs = [{r["model"]: r for r in csv.DictReader(open(p))} for p in sys.argv[1:3]]
for i, run in enumerate(runs, 1):
    first = next(iter(run.values()))   # the provenance is the same on every row of a run
    print(f"# run {i}: other processes busy on {first['other_cpu_busy']} cores; {first['measure_runs']}")
def sign(r):
    lo, hi = float(r["ratio_ci_low"]), float(r["ratio_ci_high"])
    return "+" if lo > 1 else "-" if hi < 1 else "0"   # delta = ratio - 1; "0": its interval holds zero
print(f"{'configuration':<28} {'ratio run 1 [95% CI]':>24} {'ratio run 2 [95% CI]':>24}  within 3%  sign")
agree = signs = True
for name, a in runs[0].items():
    b = runs[1][name]
    r1, r2 = float(a["ratio"]), float(b["ratio"])
    ok = abs(r2 - r1) <= 0.03 * r1
    s1, s2 = sign(a), sign(b)
    same = s1 == "0" or s2 == "0" or s1 == s2
    agree &= ok; signs &= same
    cell = lambda r: f"{float(r['ratio']):.3f} [{float(r['ratio_ci_low']):.3f}, {float(r['ratio_ci_high']):.3f}]"
    print(f"{name:<28} {cell(a):>24} {cell(b):>24}  {'yes' if ok else 'NO':>9}  {s1}/{s2}{'' if same else ' FLIPPED'}")
def widest(run):
    return max((float(r["ratio_ci_high"]) - float(r["ratio_ci_low"])) / 2 / float(r["ratio"]) * 100 for r in run.values())
print(f"widest ratio CI: run 1 +-{widest(runs[0]):.1f}%, run 2 +-{widest(runs[1]):.1f}% (the stopping rule aims at +-1%)")
print(f"ratios within +-3%: {'PASS' if agree else 'FAIL'}; significant deltas keep their sign: {'PASS' if signs else 'FAIL'}")
PY
