#!/usr/bin/python3
"""Pillow's bilinear resize of random RGB images, for PfLab's bit-exact resampler test (PilBilinear).

    /usr/bin/python3 tests/python/pil_resize_ref.py --out DIR [--seed 0]

For each case i, with (w, h) -> (W, H) from CASES (down- and up-scales, strong and mild factors, one-pixel
sides, one axis only), writes DIR/in{i}.png (uniform noise, lossless) and DIR/out{i}.bin: the bytes of
Image.resize((W, H), Image.BILINEAR) (what torchvision's Resize does to a PIL image), interleaved RGB,
row-major, H*W*3 bytes. DIR/cases.json lists [w, h, W, H] per case.
"""
import argparse
import json
import os

import numpy as np
from PIL import Image

CASES = [(300, 240, 320, 256), (411, 233, 451, 256), (512, 384, 341, 256), (100, 80, 320, 256),
         (1000, 17, 97, 5), (7, 3, 1, 1), (1, 40, 9, 13), (256, 256, 224, 256), (64, 99, 64, 33),
         (333, 200, 256, 256)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for i, (w, h, ow, oh) in enumerate(CASES):
        img = Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), "RGB")
        img.save(os.path.join(args.out, f"in{i}.png"))
        out = np.asarray(Image.open(os.path.join(args.out, f"in{i}.png")).convert("RGB").resize((ow, oh), Image.BILINEAR))
        out.astype(np.uint8).tofile(os.path.join(args.out, f"out{i}.bin"))
    with open(os.path.join(args.out, "cases.json"), "w") as f:
        json.dump([list(c) for c in CASES], f)


if __name__ == "__main__":
    main()
