#!/usr/bin/env bash
# R50 batch-1 forward (224x224) against the float32 GEMM bound and against PyTorch, for each thread count in THREADS.
# Per round: one PfLab process per layout (NCHW, channels-last) alternates the GEMM peak and the forward in rounds
# (bench/PfLab.Bench gemm: bound = 2 x MACs / peak), then PyTorch 1.13's forward (bench/python/train_step.py --mode
# infer, OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for that command only). OUTER rounds; medians over them.
# Prints the goal ratios of issue 15: forward / GEMM bound (<= 1.6 with 2 threads) and PyTorch forward / PfLab
# forward (> 1 = PfLab ahead, with 1 and 2 threads), for each layout.
# Usage: bench/r50-gemm-bound.sh       (THREADS="1 2" OUTER=3 ROUNDS=3 REPS=10 SIZE=2048 HEAP=default|retain)
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/bench-program.sh"
OUTER="${OUTER:-3}"; HEAP="${HEAP:-default}"
last_json() { grep '^{' | tail -1; }
field() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }
median() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for t in ${THREADS:-1 2}; do
  declare -A fwd=() ratio=(); torch_ms=""; peaks=""
  for ((r = 0; r < OUTER; r++)); do
    for layout in nchw channels-last; do
      j=$("$BENCH" gemm --threads "$t" --rounds "${ROUNDS:-3}" --reps "${REPS:-10}" --size "${SIZE:-2048}" --layout "$layout" --heap "$HEAP" | last_json)
      fwd[$layout]+="$(field forward_ms <<< "$j") "; ratio[$layout]+="$(field forward_over_bound <<< "$j") "
      peaks+="$(field gemm_gflops <<< "$j") "
    done
    y=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/python/train_step.py --model r50 --mode infer \
          --threads "$t" --steps "${REPS:-10}" --warmup 3 | last_json)
    torch_ms+="$(field median_ms <<< "$y") "
  done
  ym=$(echo $torch_ms | median)
  echo "## $t thread(s): PfLab GEMM peak $(echo $peaks | median | xargs printf '%.1f') GFLOP/s (median of $OUTER x 2 processes); PyTorch 1.13 r50 forward $(printf '%.2f' "$ym") ms (rounds: $torch_ms)"
  for layout in nchw channels-last; do
    fm=$(echo ${fwd[$layout]} | median); rb=$(echo ${ratio[$layout]} | median)
    awk -v l="$layout" -v t="$t" -v f="$fm" -v rb="$rb" -v y="$ym" 'BEGIN {
      ahead = y / f
      printf "  %-13s forward %.2f ms: forward / GEMM bound = %.2f (goal <= 1.6 with 2 threads)%s; PyTorch / PfLab forward = %.3f (goal > 1) %s\n",
        l, f, rb, (t == 2 ? (rb <= 1.6 ? " PASS" : " FAIL") : ""), ahead, (ahead > 1 ? "PASS" : "FAIL") }'
  done
done
