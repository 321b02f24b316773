#!/usr/bin/env bash
# What a training step of the default study's baseline (mbv2-small-s2, batch 64) does, in counts that hold on a busy
# machine, for both memory layouts (NCHW, channels-last) and both heap settings (glibc default, NativeHeap retaining):
#   1. minor page faults per step and the step time (a hint: layouts alternated in one process, per-round ratio);
#   2. the oneDNN primitives run per step (ONEDNN_VERBOSE=1): count, implementation, layouts, oneDNN's own times;
#   3. PyTorch 1.13's profile of the twin network (bench/python/train_step.py --profile): time by op type.
# Usage: bench/train-profile.sh   (STUDY=studies/depthwise-replacement.yaml THREADS=1 STEPS=10 ROUNDS=3)
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/bench-program.sh"
STUDY="${STUDY:-studies/depthwise-replacement.yaml}"; T="${THREADS:-1}"; S="${STEPS:-10}"; R="${ROUNDS:-3}"
echo "## 1. page faults and step time per layout ($STUDY baseline, $T thread(s))"
for heap in default retain; do
  "$BENCH" train-profile --study "$STUDY" --threads "$T" --steps "$S" --warmup 3 --rounds "$R" --heap "$heap"
done
echo "## 2. oneDNN primitives per training step (ONEDNN_VERBOSE=1; 2 warm-up + 3 timed steps = 5 steps per layout)"
for layout in nchw channels-last; do
  echo "# $layout"
  ONEDNN_VERBOSE=1 "$BENCH" train-profile --study "$STUDY" --threads "$T" --steps 3 --warmup 2 --rounds 1 --layouts "$layout" \
    | /usr/bin/python3 bench/python/onednn_summary.py --per 5
done
echo "## 3. PyTorch 1.13 profile of the twin (mbv2-small-s2, batch 64, NCHW), time by op"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/python/train_step.py --model mbv2-small-s2 --batch 64 \
  --threads "$T" --steps "$S" --warmup 3 --profile 15
