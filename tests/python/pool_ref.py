#!/usr/bin/python3
"""PyTorch's own pooling under PfLab's pool rules, for the bit-identity test of the fast pools.

    /usr/bin/python3 tests/python/pool_ref.py --input x.bin --shape 2,16,7,7 --out DIR

Reads float32 NCHW raw bytes, and for op in (maxpool, avgpool), kernel 1..7, stride 1..3 writes
DIR/{op}-k{K}-s{S}.out.bin (forward) and .grad.bin (gradient of the input for the upstream gradient
g = ((i mod 7) - 3) / 4 over the output's flat index i, exact in float32 on both sides).
Rules: odd k pads (k-1)//2 and rounds down; even k pads k//2-1 and rounds up at stride >= 2, and at
stride 1 is padded k//2-1 before and k//2 after (-inf for max, 0 for avg) and pooled without padding.
Average pools count the padding (count_include_pad=True). Geometries PyTorch rejects are skipped.
"""
import argparse
import os

import numpy as np
import torch
import torch.nn.functional as F


def pool(op, x, k, s):
    if k % 2 == 0 and s == 1:
        before, after = k // 2 - 1, k // 2
        x = F.pad(x, (before, after, before, after), value=float("-inf") if op == "maxpool" else 0.0)
        k_pad, ceil = 0, False
    else:
        k_pad, ceil = (k - 1) // 2, k % 2 == 0
    if op == "maxpool":
        return F.max_pool2d(x, k, s, k_pad, ceil_mode=ceil)
    return F.avg_pool2d(x, k, s, k_pad, ceil_mode=ceil, count_include_pad=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--shape", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    shape = [int(v) for v in a.shape.split(",")]
    data = np.fromfile(a.input, dtype=np.float32).reshape(shape)
    for op in ("maxpool", "avgpool"):
        for k in range(1, 8):
            for s in range(1, 4):
                x = torch.from_numpy(data.copy()).requires_grad_(True)
                try:
                    y = pool(op, x, k, s)
                except RuntimeError:
                    continue
                g = ((torch.arange(y.numel()) % 7 - 3).float() / 4).reshape(y.shape)
                y.backward(g)
                stem = os.path.join(a.out, f"{op}-k{k}-s{s}")
                y.detach().numpy().astype(np.float32).tofile(stem + ".out.bin")
                x.grad.numpy().astype(np.float32).tofile(stem + ".grad.bin")


if __name__ == "__main__":
    main()
