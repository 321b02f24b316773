#!/usr/bin/python3
"""PyTorch's evaluation of weights on an image folder, for PfLab's `pflab eval` parity test.

    /usr/bin/python3 tests/python/eval_ref.py --model resnet50-tv --out DIR \
        [--classes 100] [--count 6] [--seed 0] [--threads 1]

1. Generates --count smooth non-square PNGs (eval_transform_ref.pattern) and their batch through
   torchvision's eval transform (Resize(256) with PIL, CenterCrop(224), ToTensor, Normalize).
2. Builds the model with --classes outputs from torch.manual_seed(seed) and write_parity_case.randomize,
   sets every BatchNorm's running statistics to that batch's (one train-mode forward, momentum None) and
   scales the classifier so the logits spread by about 3 (random weights otherwise predict one class for
   every image with near-uniform probabilities), and saves DIR/weights.pth (torch.save of the state dict).
   Names the classes "c000", "c001", ... in DIR/class_names.txt, one per line in index order.
3. Files image i under DIR/folder/<class>/img{i}.png, where <class> is the predicted class for even i and
   the class after it (mod K) for odd i, so top-1 is about one half and a label scored against the wrong
   class space (folder positions instead of names) gives another number.
4. Evaluates DIR/folder with torchvision.datasets.ImageFolder and the same transform, each folder class
   matched to the weights' class of that name, and writes DIR/probs.bin (softmax [N, K], raw float32
   little-endian, C order, in ImageFolder's sample order) and DIR/result.json: files (paths relative to
   the folder), labels (the weights' class indices), top1 and top5 (percent), loss (mean cross-entropy).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torchvision import datasets, transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_transform_ref import SIZES, pattern  # noqa: E402
from write_parity_case import BUILDERS, randomize  # noqa: E402

EVAL = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                           transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])


@torch.no_grad()
def calibrate(model, batch):
    """Running statistics = the statistics of this batch, so that activations depend on the input."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    model(batch)
    model.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, choices=["resnet18-tv", "resnet50-tv"])
    ap.add_argument("--classes", type=int, default=100)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    rng = np.random.default_rng(args.seed)
    images = [Image.fromarray(pattern(*SIZES[i % len(SIZES)], rng), "RGB") for i in range(args.count)]
    batch = torch.stack([EVAL(img) for img in images])

    k = args.classes
    torch.manual_seed(args.seed)
    model = BUILDERS[args.model](k)
    randomize(model)
    calibrate(model, batch)
    with torch.no_grad():
        spread = model(batch).std()
        model.fc.weight.mul_(3.0 / spread)
        model.fc.bias.mul_(3.0 / spread)
    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.out, "weights.pth"))
    names = [f"c{i:03d}" for i in range(k)]
    with open(os.path.join(args.out, "class_names.txt"), "w") as f:
        f.write("\n".join(names) + "\n")

    root = os.path.join(args.out, "folder")
    with torch.no_grad():
        predicted = model(batch).argmax(1).tolist()
    for i, img in enumerate(images):
        cls = names[predicted[i] if i % 2 == 0 else (predicted[i] + 1) % k]
        os.makedirs(os.path.join(root, cls), exist_ok=True)
        img.save(os.path.join(root, cls, f"img{i}.png"))

    folder = datasets.ImageFolder(root, transform=EVAL)
    to_weights = torch.tensor([names.index(c) for c in folder.classes])
    x = torch.stack([folder[i][0] for i in range(len(folder))])
    labels = to_weights[torch.tensor(folder.targets)]
    with torch.no_grad():
        logits = model(x)
    probs = F.softmax(logits, dim=1)
    top5 = logits.topk(min(5, k), dim=1).indices
    hits = top5.eq(labels[:, None])
    probs.contiguous().numpy().astype("<f4").tofile(os.path.join(args.out, "probs.bin"))
    result = {
        "files": [os.path.relpath(p, root) for p, _ in folder.samples],
        "labels": labels.tolist(), "classes": k,
        "top1": 100.0 * hits[:, 0].float().mean().item(),
        "top5": 100.0 * hits.any(1).float().mean().item(),
        "loss": F.cross_entropy(logits, labels).item(),
    }
    with open(os.path.join(args.out, "result.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps({key: result[key] for key in ("top1", "top5", "loss")}))


if __name__ == "__main__":
    main()
