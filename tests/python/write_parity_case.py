#!/usr/bin/python3
"""Write one PyTorch parity case (weights, input, logits) for a C# test to replay.

    /usr/bin/python3 tests/python/write_parity_case.py --model r50-hybrid --out DIR \
        [--input-size 224] [--seed 0] [--batch 2] [--num-classes 1000] [--threads 1]

Models: resnet50-tv, resnet18-tv (torchvision, weights=None), r50, r50-max, r50-hybrid,
vit-s-max, pit-s-max (tests/python/pflayer_ref.py).

Output files in DIR:
  weights.pth          torch.save(model.state_dict())  (zip pickle, an OrderedDict)
  weights.safetensors  the same tensors, state_dict order (see safetensors_io.py);
                       float32 parameters/buffers, num_batches_tracked as I64 scalars
  input.bin            raw float32 little-endian, C order, shape meta.input_shape [N,3,S,S]
  logits.bin           raw float32 little-endian, C order, shape meta.logits_shape [N,K]
  meta.json            shapes, seed, model names, counts, logits statistics, torch version

Randomisation (all from --seed, so reruns are bit-identical on the same machine):
  torch.manual_seed(seed), then the model is built with its own default init. Then,
  so that no layer is an identity in eval mode:
    BatchNorm2d  weight ~ U(0.5, 1.5), bias ~ N(0, 0.1)
    LayerNorm    weight ~ U(0.5, 1.5), bias ~ N(0, 0.1)
    every other parameter that is exactly all-zero (e.g. Linear biases zeroed by the
    ViT init) ~ N(0, 0.02)
  BN running statistics are then calibrated: one train-mode forward (momentum=None,
  i.e. the running stats become exactly that batch's mean and unbiased variance) on a
  separate batch of 4 N(0, 1) images from a Generator seeded with seed + 2; after that
  running_mean += N(0, 0.05) * sqrt(running_var) and running_var *= U(0.8, 1.25), and
  num_batches_tracked = 1. Without calibration PyTorch's default init shrinks the
  signal so much in the PfLayer ResNets that the logits are almost input-independent
  (input-dependent part ~0.2% of the logit spread), which would make a weak parity test.
  input = N(0, 1) from a torch.Generator seeded with seed + 1.
The model is run in eval mode under torch.no_grad(). Before exiting, the script reloads
both weight files into a fresh model and checks that they reproduce the logits exactly.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflayer_ref  # noqa: E402
import safetensors_io  # noqa: E402

BUILDERS = {
    "resnet50-tv": lambda nc: torchvision.models.resnet50(weights=None, num_classes=nc),
    "resnet18-tv": lambda nc: torchvision.models.resnet18(weights=None, num_classes=nc),
    "r50": lambda nc: pflayer_ref.resnet50(num_classes=nc),
    "r50-max": lambda nc: pflayer_ref.resnet50_max(num_classes=nc),
    "r50-hybrid": lambda nc: pflayer_ref.resnet50_hybrid(num_classes=nc),
    "vit-s-max": lambda nc: pflayer_ref.vit_s_max(num_classes=nc),
    "pit-s-max": lambda nc: pflayer_ref.pit_s_max(num_classes=nc),
}
REF_NAMES = {"resnet50-tv": "torchvision.models.resnet50", "resnet18-tv":
             "torchvision.models.resnet18", "r50": "resnet50", "r50-max": "resnet50_max",
             "r50-hybrid": "resnet50_hybrid", "vit-s-max": "vit_s_max", "pit-s-max": "pit_s_max"}


@torch.no_grad()
def randomize(model):
    """Make BN/LN non-trivial and give all-zero parameters small random values."""
    touched = set()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.uniform_(0.5, 1.5)
            m.bias.normal_(0.0, 0.1)
            touched.update({id(m.weight), id(m.bias)})
        elif isinstance(m, nn.LayerNorm):
            m.weight.uniform_(0.5, 1.5)
            m.bias.normal_(0.0, 0.1)
            touched.update({id(m.weight), id(m.bias)})
    for p in model.parameters():
        if id(p) not in touched and not p.any():
            p.normal_(0.0, 0.02)


@torch.no_grad()
def calibrate_bn(model, input_size, seed, batch=4):
    """Set BN running stats from real activations, then perturb them a little."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    if not bns:
        return
    for m in bns:
        m.reset_running_stats()
        m.momentum = None                       # cumulative average = this batch's stats
    gen = torch.Generator().manual_seed(seed + 2)
    model.train()
    model(torch.randn(batch, 3, input_size, input_size, generator=gen))
    model.eval()
    for m in bns:
        m.momentum = 0.1
        std = m.running_var.sqrt()
        m.running_mean.add_(torch.randn(m.running_mean.shape, generator=gen) * 0.05 * std)
        m.running_var.mul_(torch.empty(m.running_var.shape).uniform_(0.8, 1.25, generator=gen))
        m.num_batches_tracked.fill_(1)


def write_f32(path, t):
    t.detach().cpu().contiguous().numpy().astype("<f4").tofile(path)


def build(name, num_classes, input_size):
    if name == "vit-s-max" and input_size != 224:
        raise SystemExit("vit-s-max has a fixed 196-token pos_embed: use --input-size 224")
    if name.startswith("r") and input_size < 32:
        raise SystemExit("ResNets need --input-size >= 32")
    return BUILDERS[name](num_classes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, choices=sorted(BUILDERS))
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--input-size", type=int, default=224)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--num-classes", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    torch.manual_seed(args.seed)
    model = build(args.model, args.num_classes, args.input_size)
    randomize(model)
    calibrate_bn(model, args.input_size, args.seed)
    model.eval()
    gen = torch.Generator().manual_seed(args.seed + 1)
    x = torch.randn(args.batch, 3, args.input_size, args.input_size, generator=gen)
    with torch.no_grad():
        logits = model(x)

    os.makedirs(args.out, exist_ok=True)
    sd = model.state_dict()
    torch.save(sd, os.path.join(args.out, "weights.pth"))
    safetensors_io.save_file(sd, os.path.join(args.out, "weights.safetensors"),
                             metadata={"format": "pt", "model": args.model})
    write_f32(os.path.join(args.out, "input.bin"), x)
    write_f32(os.path.join(args.out, "logits.bin"), logits)

    # Both weight files must reproduce the logits in a fresh model.
    for fname, loader in (("weights.pth", torch.load),
                          ("weights.safetensors", safetensors_io.load_file)):
        fresh = build(args.model, args.num_classes, args.input_size)
        fresh.load_state_dict(loader(os.path.join(args.out, fname)), strict=True)
        with torch.no_grad():
            again = fresh.eval()(x)
        if not torch.equal(again, logits):
            raise SystemExit(f"{fname} does not reproduce the logits")

    meta = {
        "model": args.model,
        "reference": REF_NAMES[args.model],
        "seed": args.seed,
        "input_size": args.input_size,
        "num_classes": args.num_classes,
        "input_shape": list(x.shape),
        "logits_shape": list(logits.shape),
        "dtype": "float32",
        "byte_order": "little",
        "layout": "C-contiguous (NCHW for input)",
        "files": ["weights.pth", "weights.safetensors", "input.bin", "logits.bin"],
        "param_count": sum(p.numel() for p in model.parameters()),
        "state_dict_entries": len(sd),
        "logits_abs_max": float(logits.abs().max()),
        "logits_std": float(logits.std()),
        # spread of the input-dependent part: logits minus their mean over the batch
        "logits_input_dependent_std": float((logits - logits.mean(0)).std()),
        "argmax": logits.argmax(dim=1).tolist(),
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
    print(json.dumps({k: meta[k] for k in ("model", "input_shape", "logits_shape",
                                           "param_count", "logits_abs_max", "argmax")}))


if __name__ == "__main__":
    main()
