#!/usr/bin/python3
"""PyTorch reference timing of one training step (or batch-1 inference) on CPU.

    /usr/bin/python3 bench/python/train_step.py --model fmnist-resnet --batch 128 \
        --threads 2 --steps 20 --warmup 5 [--mode train|infer] [--input-size 28] [--seed 0]

Prints ONE JSON line, e.g.
  {"model": "fmnist-resnet", "mode": "train", "batch": 128, "threads": 2,
   "median_ms": 40.1, "p90_ms": 45.3, "samples_per_s": 3192.0, "torch_version": "1.13.0a0",
   ...extra fields: steps, warmup, input_size, params, blas, openblas_env}

Protocol
  * Threads: OPENBLAS_NUM_THREADS and OMP_NUM_THREADS are set to --threads before torch
    is imported (Debian's torch calls the system OpenBLAS, whose pool is not governed by
    torch.set_num_threads), then torch.set_num_threads(T), torch.set_num_interop_threads(1).
  * Data: one fixed batch x ~ N(0, 1) [B, C, S, S] and labels ~ U{0..classes-1} from
    --seed, created once (data loading is not timed). float32, NCHW, contiguous.
  * train: model.train(); per step, timed with time.perf_counter():
        optimizer.zero_grad(set_to_none=True); loss = cross_entropy(model(x), y);
        loss.backward(); optimizer.step()
    optimizer = SGD(lr=0.01, momentum=0.9, weight_decay=0) over all parameters.
    loss.item() is read inside the timed region (forces completion, as the C# side's
    ToSingle() would).
  * infer: model.eval(), torch.no_grad(), forward only; --batch defaults to 1.
  * --profile ROWS: the timed steps run under torch.profiler (which slows them a little) and its
    table of the ROWS ops with the most self CPU time is printed before the JSON line.
  * --warmup W untimed steps, then --steps S timed steps. median_ms = median of the S
    step times; p90_ms = numpy.percentile(times, 90) (linear interpolation);
    samples_per_s = batch / (median_ms / 1000).

Models (PyTorch default initialisation everywhere; BatchNorm eps 1e-5, momentum 0.1;
every conv has bias=False and is followed by BatchNorm2d; "same" padding = k // 2)

  fmnist-resnet   input [B, 1, 28, 28], 10 classes, 696,042 params, 92 state_dict entries
    stem     conv3x3(1 -> 32, stride 1, pad 1) + BN + ReLU          -> [B, 32, 28, 28]
             (no max-pool)
    layer1   BasicBlock(32 -> 32, s1), BasicBlock(32 -> 32, s1)      -> [B, 32, 28, 28]
    layer2   BasicBlock(32 -> 64, s2, downsample), BasicBlock(64, s1) -> [B, 64, 14, 14]
    layer3   BasicBlock(64 -> 128, s2, downsample), BasicBlock(128)  -> [B, 128, 7, 7]
    head     AdaptiveAvgPool2d(1), flatten, Linear(128 -> 10, bias)
    BasicBlock(in -> out, s): conv3x3(in -> out, stride s, pad 1) + BN + ReLU,
             conv3x3(out -> out, stride 1, pad 1) + BN, plus shortcut, then ReLU.
             shortcut = identity, or (only when s != 1 or in != out)
             downsample = conv1x1(in -> out, stride s, pad 0) + BN.
    state_dict keys (torchvision-style): stem.0 (conv), stem.1 (BN),
             layerL.B.{conv1,bn1,conv2,bn2}, layerL.0.downsample.{0,1}, fc.

  mbv2-small      input [B, 1, 28, 28], 10 classes, 98,810 params, 140 state_dict entries
    stem     conv3x3(1 -> 16, stride 1, pad 1) + BN + ReLU6          -> [B, 16, 28, 28]
    blocks   InvertedResidual, expansion t = 4 in every block, settings (c, n, s):
             (16, 1, 1), (24, 2, 2), (32, 2, 2), (64, 2, 2); the first block of a
             setting has stride s, the others stride 1. Spatial 28 -> 28 -> 14 -> 7 -> 4.
             blocks.0 16->16 s1 (res) | blocks.1 16->24 s2 | blocks.2 24->24 s1 (res)
             blocks.3 24->32 s2 | blocks.4 32->32 s1 (res) | blocks.5 32->64 s2
             blocks.6 64->64 s1 (res)
    head     conv1x1(64 -> 256) + BN + ReLU6, AdaptiveAvgPool2d(1), flatten,
             Linear(256 -> 10, bias) (no dropout)
    InvertedResidual(in -> out, s, t=4), hidden = 4*in, key blocks.i.conv.{0..7}:
             conv.0 conv1x1(in -> hidden) , conv.1 BN, conv.2 ReLU6,
             conv.3 conv3x3 depthwise(hidden -> hidden, stride s, pad 1, groups=hidden),
             conv.4 BN, conv.5 ReLU6, conv.6 conv1x1(hidden -> out), conv.7 BN (linear:
             no activation); output = x + conv(x) iff s == 1 and in == out, else conv(x).
    state_dict keys: stem.0/stem.1, blocks.i.conv.{0,1,3,4,6,7}, head.0/head.1, fc.

  mbv2-small-s2   mbv2-small with a stride-2 stem (PfLab's mbv2-small with small_input: false, the
                  depthwise-replacement study's quick profile): 28 -> 14 -> 14 -> 7 -> 4 -> 2.
                  Same 98,810 params.

  r50-narrow      the bottleneck ResNet of the hybrid-placement and kernel-stride quick profiles
                  (PfLab r50 with width_mult 0.25, stem_width 16, depths [2, 2, 2, 2],
                  small_input: true), input [B, 1, 28, 28], 10 classes:
    stem     conv3x3(1 -> 16, s1) + BN + ReLU (no max-pool)
    layerL   Bottleneck x 2, planes 16/32/64/128 (stride 1/2/2/2 in the first block):
             conv1x1(in -> p) + BN + ReLU, conv3x3(p -> p, stride s) + BN + ReLU,
             conv1x1(p -> 4p) + BN, shortcut = identity or conv1x1(in -> 4p, stride s) + BN
             (when s != 1 or in != 4p), then ReLU(out + shortcut)
    head     AdaptiveAvgPool2d(1), flatten, Linear(512 -> 10, bias)

  r50             torchvision.models.resnet50(weights=None), input [B, 3, S, S]
                  (default S = 224), 1000 classes.
  r50-max, r50-hybrid   the PfLayer variants of tests/python/pflayer_ref.py, 1000 classes.
"""
import argparse
import json
import os
import sys
import time

MODELS = ("fmnist-resnet", "mbv2-small", "mbv2-small-s2", "r50-narrow", "r50", "r50-max", "r50-hybrid")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, choices=MODELS)
    ap.add_argument("--mode", default="train", choices=["train", "infer"])
    ap.add_argument("--batch", type=int, default=None,
                    help="default: 1 in infer mode; 128 (28x28 models) or 16 (r50*) in train")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--input-size", type=int, default=None, help="default 28, or 224 for r50*")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", type=int, default=0, metavar="ROWS",
                    help="also profile the timed steps (torch.profiler) and print the ROWS ops with the most self CPU time first")
    args = ap.parse_args()
    small = args.model in ("fmnist-resnet", "mbv2-small", "mbv2-small-s2", "r50-narrow")
    if args.batch is None:
        args.batch = 1 if args.mode == "infer" else (128 if small else 16)
    if args.input_size is None:
        args.input_size = 28 if small else 224
    if args.steps < 1 or args.warmup < 0 or args.batch < 1 or args.threads < 1:
        ap.error("--steps, --batch and --threads must be >= 1, --warmup >= 0")
    return args


ARGS = parse_args()
# Must happen before torch (and so OpenBLAS / OpenMP) is loaded.
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def conv_bn(cin, cout, k, stride=1, groups=1):
    return [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, groups=groups, bias=False),
            nn.BatchNorm2d(cout)]


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(*conv_bn(cin, cout, 1, stride))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + identity)


class FmnistResNet(nn.Module):
    """See the module docstring (fmnist-resnet)."""

    def __init__(self, widths=(32, 64, 128), depths=(2, 2, 2), num_classes=10, in_chans=1):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(in_chans, widths[0], 3), nn.ReLU(inplace=True))
        cin = widths[0]
        for i, (w, d) in enumerate(zip(widths, depths)):
            blocks = []
            for b in range(d):
                blocks.append(BasicBlock(cin, w, stride=(1 if i == 0 or b > 0 else 2)))
                cin = w
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
        self.num_stages = len(widths)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.stem(x)
        for i in range(self.num_stages):
            x = getattr(self, f"layer{i + 1}")(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expansion=4):
        super().__init__()
        hidden = cin * expansion
        self.use_res = stride == 1 and cin == cout
        self.conv = nn.Sequential(
            *conv_bn(cin, hidden, 1), nn.ReLU6(inplace=True),
            *conv_bn(hidden, hidden, 3, stride, groups=hidden), nn.ReLU6(inplace=True),
            *conv_bn(hidden, cout, 1))

    def forward(self, x):
        return x + self.conv(x) if self.use_res else self.conv(x)


class MobileNetV2Small(nn.Module):
    """See the module docstring (mbv2-small)."""

    SETTINGS = ((16, 1, 1), (24, 2, 2), (32, 2, 2), (64, 2, 2))   # (c, n, s), t = 4

    def __init__(self, num_classes=10, in_chans=1, stem=16, head=256, expansion=4, stem_stride=1):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(in_chans, stem, 3, stem_stride), nn.ReLU6(inplace=True))
        blocks, cin = [], stem
        for c, n, s in self.SETTINGS:
            for i in range(n):
                blocks.append(InvertedResidual(cin, c, s if i == 0 else 1, expansion))
                cin = c
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Sequential(*conv_bn(cin, head, 1), nn.ReLU6(inplace=True))
        self.fc = nn.Linear(head, num_classes)

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class Bottleneck(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        self.body = nn.Sequential(
            *conv_bn(cin, planes, 1), nn.ReLU(inplace=True),
            *conv_bn(planes, planes, 3, stride), nn.ReLU(inplace=True),
            *conv_bn(planes, planes * 4, 1))
        self.downsample = None
        if stride != 1 or cin != planes * 4:
            self.downsample = nn.Sequential(*conv_bn(cin, planes * 4, 1, stride))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(self.body(x) + identity)


class NarrowResNet(nn.Module):
    """See the module docstring (r50-narrow)."""

    def __init__(self, planes=(16, 32, 64, 128), depths=(2, 2, 2, 2), stem=16, num_classes=10, in_chans=1):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(in_chans, stem, 3), nn.ReLU(inplace=True))
        blocks, cin = [], stem
        for i, (p, d) in enumerate(zip(planes, depths)):
            for b in range(d):
                blocks.append(Bottleneck(cin, p, 2 if i > 0 and b == 0 else 1))
                cin = p * 4
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def build(name):
    """Returns (model, input channels, classes)."""
    if name == "fmnist-resnet":
        return FmnistResNet(), 1, 10
    if name == "mbv2-small":
        return MobileNetV2Small(), 1, 10
    if name == "mbv2-small-s2":
        return MobileNetV2Small(stem_stride=2), 1, 10
    if name == "r50-narrow":
        return NarrowResNet(), 1, 10
    if name == "r50":
        import torchvision
        return torchvision.models.resnet50(weights=None), 3, 1000
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "tests", "python"))
    import pflayer_ref
    fn = {"r50-max": pflayer_ref.resnet50_max, "r50-hybrid": pflayer_ref.resnet50_hybrid}[name]
    return fn(), 3, 1000


def blas_in_use():
    """Which BLAS shared object the process actually mapped (after a matmul)."""
    a = torch.randn(64, 64)
    _ = a @ a
    try:
        libs = {line.split()[-1] for line in open("/proc/self/maps") if "blas" in line}
    except OSError:
        return "unknown"
    names = sorted(os.path.basename(p) for p in libs if "/" in p)
    return ",".join(names) if names else "none-mapped"


def main():
    args = ARGS
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    model, chans, classes = build(args.model)
    gen = torch.Generator().manual_seed(args.seed)
    x = torch.randn(args.batch, chans, args.input_size, args.input_size, generator=gen)
    y = torch.randint(0, classes, (args.batch,), generator=gen)

    if args.mode == "train":
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=0.0)

        def step():
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()
    else:
        model.eval()

        def step():
            with torch.no_grad():
                return float(model(x)[0, 0])

    for _ in range(args.warmup):
        step()
    times = []
    profiler = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) if args.profile else None
    if profiler:
        profiler.start()
    for _ in range(args.steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000.0)
    if profiler:
        profiler.stop()
        print(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=args.profile))

    median = float(np.median(times))
    out = {
        "model": args.model,
        "batch": args.batch,
        "threads": args.threads,
        "median_ms": round(median, 3),
        "p90_ms": round(float(np.percentile(times, 90)), 3),
        "samples_per_s": round(args.batch / (median / 1000.0), 2),
        "torch_version": torch.__version__,
        "mode": args.mode,
        "steps": args.steps,
        "warmup": args.warmup,
        "input_size": args.input_size,
        "params": sum(p.numel() for p in model.parameters()),
        "interop_threads": torch.get_num_interop_threads(),
        "blas": blas_in_use(),
        "openblas_env": {k: os.environ.get(k) for k in
                         ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
