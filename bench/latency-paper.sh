#!/usr/bin/env bash
# CPU inference latency of the paper's ResNet-50 variants, interleaved in one run at 224x224 batch 1, as ratios to
# R50 beside the paper's GPU figures (Table: R50 8.7 ms, R50-max 6.8 ms, R50-hybrid 7.3 ms per batch on a V100).
# Usage: bench/latency-paper.sh   (MAX_SECONDS=60 THREADS=2 to change the budget / threads)
source "$(dirname "$0")/common.sh"
out=$(mktemp); trap 'rm -f "$out"' EXIT
"$PFLAB" bench r50 r50-max r50-hybrid --input 224 --batch 1 --threads "${THREADS:-2}" --max-seconds "${MAX_SECONDS:-60}" \
  --max-iterations 400 --format csv > "$out"
column -s, -t < <(cut -d, -f1,2,8-16 "$out")
echo
awk -F, 'NR > 1 && $1 != "r50" {
  paper = ($1 == "r50-max") ? 6.8 / 8.7 : 7.3 / 8.7
  printf "%-11s / r50  CPU ratio %.3f [95%% CI %.3f, %.3f]   paper (GPU) %.3f   %s\n", $1, $13, $14, $15, paper,
         ($13 < 1 ? "faster than r50, as in the paper" : "NOT faster than r50")
}' "$out"
