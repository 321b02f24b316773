#!/usr/bin/env bash
# Repeatability of the study measurement phase: measures every configuration of a study (untrained: latency
# needs no weights) twice with `pflab bench STUDY`, and prints per configuration both latency ratios to the
# baseline, whether they agree within +-3%, and whether every delta latency whose 95% interval excludes zero
# has the same sign in both runs. Goal: every line agrees and no sign flips.
# Usage: bench/latency-repeatability.sh [STUDY] [PROFILE]   (defaults: studies/depthwise-replacement.yaml quick)
#        extra `pflab bench` options in BENCH_ARGS, e.g. BENCH_ARGS="--max-seconds 0.2 --throughput-batch 0" for a smoke run
source "$(dirname "$0")/common.sh"
STUDY="${1:-studies/depthwise-replacement.yaml}"
PROFILE="${2:-quick}"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
for run in 1 2; do
  # shellcheck disable=SC2086
  "$PFLAB" bench "$STUDY" --profile "$PROFILE" --results "$dir/results" --format csv ${BENCH_ARGS:-} | tr -d '\r' > "$dir/run$run.csv"
  echo "# run $run: $(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "other_cpu_busy") c = i } NR == 2 { print "other processes busy on " $c " cores" }' "$dir/run$run.csv")"
done
python3 - "$dir/run1.csv" "$dir/run2.csv" <<'PY'
import csv, sys
runs = [{r["model"]: r for r in csv.DictReader(open(p))} for p in sys.argv[1:3]]
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
print(f"ratios within +-3%: {'PASS' if agree else 'FAIL'}; significant deltas keep their sign: {'PASS' if signs else 'FAIL'}")
PY
