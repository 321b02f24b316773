#!/usr/bin/env bash
# Cost of PfLab's pools against a 3x3 depthwise conv of the same shape and stride, forward+backward, at the
# pooled maps of the committed studies (batch 64), kernels 2..7, strides 1 and 2, max and avg; the channels-last
# path they replaced and libtorch's own NCHW pools beside them for contrast. All candidates interleaved in one
# process (bench/PfLab.Bench pool-cost). OVERHEAD=1 adds batch-1 rows at 4x4 and 7x7 (per-call cost).
# Goal: pflab_ratio <= 1.0 in every row, with THREADS=1 and THREADS=2.
# Usage: bench/pool-cost.sh            (THREADS=1 ROUNDS=5 REPS=10; KERNELS=2,3,4,5,6,7 STRIDES=1,2 SHAPES=6 OVERHEAD=0)
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/bench-program.sh"
"$BENCH" pool-cost --threads "${THREADS:-1}" --rounds "${ROUNDS:-5}" --reps "${REPS:-10}" \
  --kernels "${KERNELS:-2,3,4,5,6,7}" --strides "${STRIDES:-1,2}" --shapes "${SHAPES:-6}" --overhead "${OVERHEAD:-0}"
