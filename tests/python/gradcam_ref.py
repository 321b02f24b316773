#!/usr/bin/python3
"""Reference Grad-CAM / Grad-CAM++ / LayerCAM for PfLab's C# Explain code.

    /usr/bin/python3 tests/python/gradcam_ref.py --model r50-hybrid \
        --weights DIR/weights.pth --input DIR/input.bin --layer layer4 --target 281 \
        --out cam.bin [--method gradcam|gradcam++|layercam] [--out-up cam_up.bin]
        [--input-shape N,3,H,W] [--threads 1]

Inputs
  --model     a name of write_parity_case.py (resnet50-tv, resnet18-tv, r50, r50-max,
              r50-hybrid, vit-s-max, pit-s-max); num_classes is read from the weights.
  --weights   weights.pth (torch.save of a state_dict) or weights.safetensors.
  --input     raw float32 little-endian NCHW; shape from --input-shape or, if absent,
              from meta.json (input_shape) in the same directory.
  --layer     dotted module name (as in named_modules(), e.g. layer4, layer4.2,
              layer3.0.conv_block, transformers.2 for PiT). Its forward output must be
              4-D [N, K, h, w] (ViT token outputs are rejected).
  --target    class index used for every sample; -1 = each sample's own argmax.

Exact definitions (the C# side must match these; model in eval mode, float32):
  A[n,k,i,j]  output of --layer for sample n (the tensor the module returns).
  y[n]        pre-softmax logit of the target class of sample n.
  G[n,k,i,j]  dy[n] / dA[n,k,i,j]. Computed as the gradient of sum_n y[n] with respect
              to A (eval mode, so samples do not interact). Only the part of the network
              after --layer is differentiated (A is detached and made a leaf), which is
              exactly the same gradient as through the full graph.
  Grad-CAM    w[n,k]   = mean_{i,j} G[n,k,i,j]                   (mean over h*w)
              cam[n,i,j] = relu( sum_k w[n,k] * A[n,k,i,j] )
  Grad-CAM++  (Chattopadhay et al. 2018, with the exponential-score closed form
              used by pytorch-grad-cam: 2nd/3rd derivatives are G^2 and G^3)
              S[n,k]   = sum_{i,j} A[n,k,i,j]
              alpha    = G^2 / (2*G^2 + S[n,k]*G^3 + 1e-7),  and alpha = 0 where G == 0
              w[n,k]   = sum_{i,j} alpha * relu(G)
              cam[n,i,j] = relu( sum_k w[n,k] * A[n,k,i,j] )
  LayerCAM    cam[n,i,j] = relu( sum_k relu(G[n,k,i,j]) * A[n,k,i,j] )
              (the final relu is a no-op when A >= 0; kept for signed activations)
  cam_up      F.interpolate(cam[:,None], size=(H, W), mode='bilinear',
              align_corners=False)[:,0]  -- i.e. half-pixel centres, no antialias,
              applied to the un-normalised cam.
  No normalisation is applied to either output (pytorch-grad-cam would additionally
  min-max scale each map: (c - min) / (max - min + 1e-7) after resizing with OpenCV).

Outputs
  --out       cam [N, h, w]    raw float32 little-endian, C order
  --out-up    cam_up [N, H, W] raw float32 little-endian (default: <out stem>_up.bin)
  <out stem>.json  shapes, layer, method, targets, target logits, A/G shapes.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402
from write_parity_case import BUILDERS  # noqa: E402

EPS_PP = 1e-7


def load_state_dict(path):
    if path.endswith(".safetensors"):
        return safetensors_io.load_file(path)
    return torch.load(path, map_location="cpu")


def num_classes_of(sd):
    for key in ("fc.weight", "head.weight"):
        if key in sd:
            return sd[key].shape[0]
    raise SystemExit("cannot find fc.weight or head.weight in the weights")


def activations_and_grads(model, x, layer, target):
    """Run the model, capture A at `layer` as a leaf, return (A, G, targets, scores)."""
    modules = dict(model.named_modules())
    if layer not in modules:
        near = [n for n in modules if n and layer.split(".")[0] in n][:10]
        raise SystemExit(f"no module named {layer!r}; e.g. {near}")
    store = {}

    def hook(_module, _inputs, output):
        a = output.detach().requires_grad_(True)
        store["A"] = a
        return a.clone()   # later in-place ops (ReLU(inplace)) must not touch the leaf

    handle = modules[layer].register_forward_hook(hook)
    try:
        with torch.enable_grad():
            logits = model(x)
            if target < 0:
                targets = logits.argmax(dim=1)
            else:
                targets = torch.full((x.shape[0],), target, dtype=torch.long)
            scores = logits.gather(1, targets[:, None])[:, 0]
            (grad,) = torch.autograd.grad(scores.sum(), store["A"])
    finally:
        handle.remove()
    A = store["A"].detach()
    if A.ndim != 4:
        raise SystemExit(f"layer {layer!r} outputs shape {tuple(A.shape)}; need [N,K,h,w]")
    return A, grad, targets, scores.detach()


def cam_from(A, G, method):
    if method == "gradcam":
        w = G.mean(dim=(2, 3))
        return F.relu((w[:, :, None, None] * A).sum(dim=1))
    if method == "gradcam++":
        g2, g3 = G.pow(2), G.pow(3)
        s = A.sum(dim=(2, 3))[:, :, None, None]
        alpha = g2 / (2 * g2 + s * g3 + EPS_PP)
        alpha = torch.where(G != 0, alpha, torch.zeros_like(alpha))
        w = (alpha * F.relu(G)).sum(dim=(2, 3))
        return F.relu((w[:, :, None, None] * A).sum(dim=1))
    if method == "layercam":
        return F.relu((F.relu(G) * A).sum(dim=1))
    raise ValueError(method)


def upsample(cam, size):
    return F.interpolate(cam[:, None], size=size, mode="bilinear", align_corners=False)[:, 0]


def compute(model, x, layer, target, method):
    """Public entry for other scripts/tests: returns dict of tensors."""
    A, G, targets, scores = activations_and_grads(model, x, layer, target)
    cam = cam_from(A, G, method)
    return {"A": A, "G": G, "targets": targets, "scores": scores, "cam": cam,
            "cam_up": upsample(cam, x.shape[-2:])}


def read_input(path, shape_arg):
    if shape_arg:
        shape = [int(v) for v in shape_arg.split(",")]
    else:
        meta = os.path.join(os.path.dirname(os.path.abspath(path)), "meta.json")
        if not os.path.exists(meta):
            raise SystemExit("give --input-shape N,C,H,W (no meta.json beside the input)")
        shape = json.load(open(meta))["input_shape"]
    arr = np.fromfile(path, dtype="<f4")
    if arr.size != int(np.prod(shape)):
        raise SystemExit(f"{path}: {arr.size} floats, shape {shape} needs {int(np.prod(shape))}")
    return torch.from_numpy(arr.reshape(shape).copy())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, choices=sorted(BUILDERS))
    ap.add_argument("--weights", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--input-shape", default=None, help="N,C,H,W (else meta.json)")
    ap.add_argument("--layer", required=True)
    ap.add_argument("--target", type=int, required=True, help="class index, -1 = argmax")
    ap.add_argument("--method", default="gradcam", choices=["gradcam", "gradcam++", "layercam"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--out-up", default=None)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    sd = load_state_dict(args.weights)
    model = BUILDERS[args.model](num_classes_of(sd))
    model.load_state_dict(sd, strict=True)
    model.eval()
    x = read_input(args.input, args.input_shape)
    r = compute(model, x, args.layer, args.target, args.method)

    stem = os.path.splitext(args.out)[0]
    out_up = args.out_up or stem + "_up.bin"
    r["cam"].numpy().astype("<f4").tofile(args.out)
    r["cam_up"].numpy().astype("<f4").tofile(out_up)
    info = {
        "model": args.model, "layer": args.layer, "method": args.method,
        "targets": r["targets"].tolist(), "target_logits": r["scores"].tolist(),
        "activation_shape": list(r["A"].shape), "cam_shape": list(r["cam"].shape),
        "cam_up_shape": list(r["cam_up"].shape), "cam_file": os.path.basename(args.out),
        "cam_up_file": os.path.basename(out_up), "dtype": "float32", "byte_order": "little",
        "cam_max": r["cam"].amax(dim=(1, 2)).tolist(), "torch_version": torch.__version__,
    }
    with open(stem + ".json", "w") as f:
        json.dump(info, f, indent=2)
    print(json.dumps({k: info[k] for k in ("layer", "method", "targets", "cam_shape",
                                           "cam_up_shape", "cam_max")}))


if __name__ == "__main__":
    main()
