#!/usr/bin/env bash
# PfLab training-step throughput against PyTorch (bench/python/train_step.py with /usr/bin/python3), same network,
# batch and threads, alternating the two sides ROUNDS times in this run, for each thread count in THREADS.
# Ratio = PfLab samples/s / PyTorch samples/s from the median of each side's per-run medians (issue 15's goal >= 1.3).
#   (a) fmnist-resnet = PfLab resnet-small (1x28x28, 10 classes, 696,042 params) at batch 128
#   (c) mbv2-small-s2 = the depthwise-replacement study's quick-profile baseline (stride-2 stem, 98,810 params), batch 64
#   (d) r50-narrow    = the hybrid-placement / kernel-stride quick-profile baseline (882,106 params), batch 64
#   (b) r50 at 224x224, batch 16 (slow: ~5 s per step; R50=0 skips it)
# The PfLab side of (c) and (d) builds the network from the study file itself (bench/PfLab.Bench study-train).
# Usage: bench/train-throughput.sh   (ROUNDS=2 THREADS="1 2" R50=1 STEPS_SMALL=20 STEPS_R50=5 LAYOUT=study|nchw|channels-last)
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/bench-program.sh"
ROUNDS="${ROUNDS:-2}"; THREAD_LIST="${THREADS:-1 2}"
field() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.readlines()[-1])[sys.argv[1]])' "$1"; }
median() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

compare() {  # label threads python-model batch steps warmup pflab-command...
  local label=$1 threads=$2 ym=$3 batch=$4 steps=$5 warmup=$6 ours=() theirs=() pp="" yp=""
  shift 6
  for ((r = 0; r < ROUNDS; r++)); do
    local o y
    o=$("$@")
    # OpenBLAS 0.3.21 runs slower with these machine-wide settings; unset both, only for this benchmark process.
    y=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/python/train_step.py --model "$ym" --batch "$batch" \
          --threads "$threads" --steps "$steps" --warmup "$warmup")
    ours+=("$(field median_ms <<< "$o")"); theirs+=("$(field median_ms <<< "$y")")
    pp=$(field params <<< "$o"); yp=$(field params <<< "$y")
  done
  local om ym_
  om=$(echo "${ours[@]}" | median); ym_=$(echo "${theirs[@]}" | median)
  echo "$label: batch $batch, $threads thread(s), params PfLab $pp / PyTorch $yp$([[ "$pp" == "$yp" ]] || echo '  PARAMETER COUNTS DIFFER: not the same network')"
  echo "  PfLab   step medians (ms): ${ours[*]}  -> $(awk -v m="$om" -v b="$batch" 'BEGIN{printf "%.1f samples/s", b/(m/1000)}')"
  echo "  PyTorch step medians (ms): ${theirs[*]}  -> $(awk -v m="$ym_" -v b="$batch" 'BEGIN{printf "%.1f samples/s", b/(m/1000)}')"
  local line
  line=$(awk -v o="$om" -v y="$ym_" 'BEGIN { r = y / o; printf "throughput ratio PfLab/PyTorch = %.3f (goal >= 1.3) %s", r, (r >= 1.3 ? "PASS" : "FAIL") }')
  echo "  $line"
  SUMMARY+=("$label, $threads thread(s), $LAYOUT_NAME: $line")
}

echo "# PyTorch side: /usr/bin/python3 bench/python/train_step.py, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that process only"
S="${STEPS_SMALL:-20}"; SUMMARY=()
# LAYOUT=study: (c) and (d) in the layout their study files train in (training.channels_last), (a) and (b) NCHW;
# LAYOUT=channels-last or nchw: every PfLab side in that layout. PyTorch's side is always NCHW (train_step.py).
LAYOUT="${LAYOUT:-study}"; LAYOUT_NAME="layout $LAYOUT"
ZOO_LAYOUT=(); [[ "$LAYOUT" == channels-last ]] && ZOO_LAYOUT=(--channels-last)
for t in $THREAD_LIST; do
  compare "(a) fmnist-resnet" "$t" fmnist-resnet 128 "$S" 5 \
    "$PFLAB" bench --train resnet-small --batch 128 --threads "$t" --steps "$S" --warmup-steps 5 --format json "${ZOO_LAYOUT[@]}"
  compare "(c) mbv2-small-s2 (depthwise-replacement)" "$t" mbv2-small-s2 64 "$S" 5 \
    "$BENCH" study-train --study studies/depthwise-replacement.yaml --threads "$t" --steps "$S" --warmup 5 --layout "$LAYOUT"
  compare "(d) r50-narrow (hybrid-placement, kernel-stride)" "$t" r50-narrow 64 "$S" 5 \
    "$BENCH" study-train --study studies/kernel-stride.yaml --threads "$t" --steps "$S" --warmup 5 --layout "$LAYOUT"
  if [[ "${R50:-1}" == 1 ]]; then
    compare "(b) r50" "$t" r50 16 "${STEPS_R50:-5}" 2 \
      "$PFLAB" bench --train r50 --batch 16 --threads "$t" --steps "${STEPS_R50:-5}" --warmup-steps 2 --format json "${ZOO_LAYOUT[@]}"
  fi
done
echo "## goal ratios (issue 15: PfLab training throughput >= 1.3x PyTorch's)"
printf '%s\n' "${SUMMARY[@]}"
