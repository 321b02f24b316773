#!/usr/bin/python3
"""torchvision's ImageNet eval transform on a folder of generated images, for PfLab's image-pipeline parity test.

    /usr/bin/python3 tests/python/eval_transform_ref.py --out DIR [--count 4] [--seed 0]

Writes DIR/images/img{i}.png (lossless PNG, so decoding is exact on both sides; sizes vary and are not
square: 300x240, 240x320, 256x256, 411x233, ...), each a smooth colour pattern (bilinearly upsampled
8x8 noise plus a gradient) so that resampling differences stay small against the content, then
    transforms.Compose([Resize(256), CenterCrop(224), ToTensor(),
                        Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
applied to the PIL image (PIL's antialiased bilinear resize), as DIR/input.bin (raw float32 little-endian,
C order [N, 3, 224, 224]) and DIR/meta.json {"input_shape": [...], "files": [...]}.
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torchvision import transforms

SIZES = [(300, 240), (240, 320), (256, 256), (411, 233), (233, 300), (512, 384)]


def pattern(width, height, rng):
    coarse = torch.tensor(rng.uniform(0, 1, size=(1, 3, 8, 8)), dtype=torch.float32)
    smooth = F.interpolate(coarse, size=(height, width), mode="bilinear", align_corners=False)[0]
    ramp = torch.linspace(0, 0.3, width)[None, None, :]
    img = (smooth * 0.7 + ramp).clamp(0, 1)
    return (img.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                             transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    files, batch = [], []
    for i in range(args.count):
        w, h = SIZES[i % len(SIZES)]
        name = f"img{i}.png"
        Image.fromarray(pattern(w, h, rng), "RGB").save(os.path.join(args.out, "images", name))
        files.append(name)
        batch.append(tf(Image.open(os.path.join(args.out, "images", name)).convert("RGB")))
    x = torch.stack(batch)
    x.contiguous().numpy().astype("<f4").tofile(os.path.join(args.out, "input.bin"))
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump({"input_shape": list(x.shape), "files": files}, f)


if __name__ == "__main__":
    main()
