#!/usr/bin/env bash
# Goal 1: the harness adds at most 2% to a bare Stopwatch loop around the same forward pass (alternating blocks,
# same process). Goal 2: five repeated measurements of one model differ by at most 3% coefficient of variation.
# Usage: bench/harness-overhead.sh [MODEL] [BATCH]     (defaults: resnet-small at 28x28, batch 16)
source "$(dirname "$0")/common.sh"
MODEL="${1:-resnet-small}"
BATCH="${2:-16}"
"$PFLAB" bench --selfcheck "$MODEL" --batch "$BATCH" --threads 2 --min-iterations 20 --max-iterations 200 \
  --max-seconds "${MAX_SECONDS:-10}" --repeats 5 --blocks "${BLOCKS:-20}"
