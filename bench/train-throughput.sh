#!/usr/bin/env bash
# PfLab training-step throughput against PyTorch (bench/python/train_step.py with /usr/bin/python3), same model,
# batch and threads, alternating the two sides ROUNDS times in this run. Ratio = PfLab samples/s / PyTorch samples/s
# (goal >= 1.0), from the median of each side's per-run medians.
#   (a) fmnist-resnet = PfLab resnet-small (1x28x28, 10 classes, 696,042 params) at batch 128
#   (b) r50 at 224x224, batch 16 (slow: ~5 s per step; R50=0 skips it)
# Usage: bench/train-throughput.sh   (ROUNDS=2 THREADS=2 R50=1)
source "$(dirname "$0")/common.sh"
ROUNDS="${ROUNDS:-2}"; THREADS="${THREADS:-2}"
field() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.readlines()[-1])[sys.argv[1]])' "$1"; }
median() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

compare() {  # label pflab-model python-model batch steps warmup
  local label=$1 pm=$2 ym=$3 batch=$4 steps=$5 warmup=$6 ours=() theirs=() pp="" yp=""
  for ((r = 0; r < ROUNDS; r++)); do
    local o y
    o=$("$PFLAB" bench --train "$pm" --batch "$batch" --threads "$THREADS" --steps "$steps" --warmup-steps "$warmup" --format json)
    # OpenBLAS 0.3.21 runs slower with these machine-wide settings; unset both, only for this benchmark process.
    y=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/python/train_step.py --model "$ym" --batch "$batch" \
          --threads "$THREADS" --steps "$steps" --warmup "$warmup")
    ours+=("$(field median_ms <<< "$o")"); theirs+=("$(field median_ms <<< "$y")")
    pp=$(field params <<< "$o"); yp=$(field params <<< "$y")
  done
  local om ym_
  om=$(echo "${ours[@]}" | median); ym_=$(echo "${theirs[@]}" | median)
  echo "$label: batch $batch, $THREADS threads, params PfLab $pp / PyTorch $yp"
  echo "  PfLab   step medians (ms): ${ours[*]}  -> $(awk -v m="$om" -v b="$batch" 'BEGIN{printf "%.1f samples/s", b/(m/1000)}')"
  echo "  PyTorch step medians (ms): ${theirs[*]}  -> $(awk -v m="$ym_" -v b="$batch" 'BEGIN{printf "%.1f samples/s", b/(m/1000)}')"
  awk -v o="$om" -v y="$ym_" 'BEGIN { r = y / o; printf "  throughput ratio PfLab/PyTorch = %.3f (goal >= 1.0) %s\n", r, (r >= 1.0 ? "PASS" : "FAIL") }'
}

echo "# PyTorch side: /usr/bin/python3 bench/python/train_step.py, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that process only"
compare "(a) fmnist-resnet" resnet-small fmnist-resnet 128 "${STEPS_SMALL:-20}" 5
if [[ "${R50:-1}" == 1 ]]; then compare "(b) r50" r50 r50 16 "${STEPS_R50:-5}" 2; fi
