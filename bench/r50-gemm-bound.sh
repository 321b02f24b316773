#!/usr/bin/env bash
# R50 batch-1 forward against the float32 GEMM bound, both measured in one process, alternating rounds:
# bound = 2 x MACs / GEMM peak; prints forward / bound (goal <= 1.6 with 2 threads), for THREADS (default "1 2").
# Then PyTorch's side for contrast: its GEMM peak (OpenBLAS, OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for that
# command only) and its R50 batch-1 forward (bench/python/train_step.py --mode infer).
# Usage: bench/r50-gemm-bound.sh       (THREADS="1 2" ROUNDS=5 REPS=10 SIZE=2048)
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/bench-program.sh"
for t in ${THREADS:-1 2}; do
  echo "## PfLab (libtorch 2.10), $t thread(s)"
  "$BENCH" gemm --threads "$t" --rounds "${ROUNDS:-5}" --reps "${REPS:-10}" --size "${SIZE:-2048}"
  echo "## PyTorch 1.13, $t thread(s)"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" /usr/bin/python3 - "$t" "${SIZE:-2048}" <<'PY'
import sys, time, torch
t, n = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(t)
a, b = torch.randn(n, n), torch.randn(n, n)
a @ b
times = []
for _ in range(5):
    t0 = time.perf_counter(); a @ b; times.append(time.perf_counter() - t0)
times.sort()
print(f"PyTorch GEMM {n}x{n} float32 peak {2 * n ** 3 / times[len(times) // 2] / 1e9:.1f} GFLOP/s")
PY
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/python/train_step.py --model r50 --mode infer \
    --threads "$t" --steps "${REPS:-10}" --warmup 3 | /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.stdin.readlines()[-1]); print("PyTorch r50 batch-1 forward:", d["median_ms"], "ms median")'
done
