#!/usr/bin/python3
"""Self-check of the PyTorch reference side (CI-friendly, ~10 s on 1 CPU thread).

    /usr/bin/python3 tests/python/selfcheck.py [--keys-dir DIR] [-v]

The keys_*.txt files are vendored in tests/python/reference_keys/ (copies of
shared/reference/keys_*.txt) so the check does not depend on shared/ being present.

Asserts, for resnet50 / resnet50_max / resnet50_hybrid / vit_s_max / pit_s_max of
pflayer_ref.py:
  * state_dict keys, their order and shapes equal keys_*.txt exactly
    (skipped, and reported as skipped, when the keys directory is missing);
  * parameter counts 25,557,032 / 14,232,232 / 17,330,600 / 23,819,368 / 25,119,784,
    and the state_dict entry counts 320 / 224 / 242 / 151 / 155;
  * the small-scale counts of pflayer.md (100 classes): 23,712,932 / 12,388,132 /
    15,486,500, plus a 32x32 forward;
  * every model runs a 224x224 forward to [1, 1000];
and, for the other scripts:
  * safetensors_io round-trips a state_dict bit-exactly (incl. int64 scalars);
  * Grad-CAM at layer4 equals the analytic CAM: relu(sum_k fc.w[c,k] A_k) / (h*w),
    and the detached-leaf gradient equals the full-graph gradient.
Ends with the line 'N passed, M failed, K skipped'; exit code 1 if anything failed.
"""
import argparse
import os
import sys
import tempfile
import traceback

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gradcam_ref  # noqa: E402
import pflayer_ref as P  # noqa: E402
import safetensors_io  # noqa: E402

FACTS = {  # model: (keys file, params, state_dict entries, params with 100 classes)
    "resnet50": ("keys_resnet_std.txt", 25_557_032, 320, 23_712_932),
    "resnet50_max": ("keys_resnet_max.txt", 14_232_232, 224, 12_388_132),
    "resnet50_hybrid": ("keys_resnet_hybrid.txt", 17_330_600, 242, 15_486_500),
    "vit_s_max": ("keys_vit_s_max.txt", 23_819_368, 151, None),
    "pit_s_max": ("keys_pit_s_max.txt", 25_119_784, 155, None),
}


class Skip(Exception):
    pass


def check_keys(name, keys_dir):
    path = os.path.join(keys_dir, FACTS[name][0])
    if not os.path.exists(path):
        raise Skip(f"{path} not found")
    want = [line.strip() for line in open(path) if line.strip()]
    got = P.key_lines(P.build(name))
    assert len(got) == len(want), f"{len(got)} entries, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"entry {i}: got '{g}', expected '{w}'"
    return f"{len(got)} keys identical"


def check_counts(name):
    _, params, entries, _ = FACTS[name]
    m = P.build(name)
    n, e = P.param_count(m), len(m.state_dict())
    assert n == params, f"{n:,} params, expected {params:,}"
    assert e == entries, f"{e} entries, expected {entries}"
    with torch.no_grad():
        y = m.eval()(torch.randn(1, 3, 224, 224))
    assert tuple(y.shape) == (1, 1000) and torch.isfinite(y).all(), f"bad output {tuple(y.shape)}"
    return f"{n:,} params, {e} entries, forward [1, 1000]"


def check_small(name):
    m = P.build(name, num_classes=100)
    n = P.param_count(m)
    assert n == FACTS[name][3], f"{n:,} params, expected {FACTS[name][3]:,}"
    with torch.no_grad():
        y = m.eval()(torch.randn(2, 3, 32, 32))
    assert tuple(y.shape) == (2, 100)
    return f"{n:,} params (100 classes), forward 32x32 ok"


def check_safetensors():
    torch.manual_seed(0)
    sd = P.resnet50_hybrid(width_mult=0.25, layer_setting=[1, 1, 1, 1]).state_dict()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "w.safetensors")
        safetensors_io.save_file(sd, path, metadata={"k": "v"})
        with open(path, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
        assert (8 + n) % 8 == 0, "data section not 8-byte aligned"
        back = safetensors_io.load_file(path)
    assert list(back) == list(sd), "key order changed"
    for k in sd:
        assert back[k].dtype == sd[k].dtype and torch.equal(back[k], sd[k]), k
    return f"{len(sd)} tensors round-trip exactly"


def check_gradcam():
    torch.manual_seed(0)
    m = P.resnet50_hybrid(width_mult=0.25, layer_setting=[1, 1, 1, 1], num_classes=10).eval()
    x = torch.randn(2, 3, 64, 64)
    r = gradcam_ref.compute(m, x, "layer4", 3, "gradcam")
    A = r["A"]
    hw = A.shape[2] * A.shape[3]
    analytic = torch.relu(torch.einsum("k,nkij->nij", m.fc.weight[3].detach(), A)) / hw
    assert torch.allclose(r["cam"], analytic, atol=1e-6, rtol=1e-5), "Grad-CAM != analytic CAM"
    # gradient through the full graph (retain_grad), not via the detached leaf
    store = {}
    h = m.layer3.register_forward_hook(lambda mod, i, o: store.setdefault("A", o))
    x2 = x.clone().requires_grad_(True)
    logits = m(x2)
    h.remove()
    a3 = store["A"]
    a3.retain_grad()
    logits[:, 3].sum().backward()
    r3 = gradcam_ref.compute(m, x, "layer3", 3, "gradcam")
    assert torch.allclose(r3["G"], a3.grad, atol=1e-7, rtol=1e-5), "leaf grad != full-graph grad"
    for method in ("gradcam++", "layercam"):
        c = gradcam_ref.compute(m, x, "layer3", 3, method)["cam"]
        assert torch.isfinite(c).all() and (c >= 0).all(), method
    assert tuple(r["cam_up"].shape) == (2, 64, 64)
    return "layer4 CAM analytic, layer3 gradient matches full graph"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keys-dir", default=os.path.join(HERE, "reference_keys"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)

    checks = []
    for name in FACTS:
        checks.append((f"keys {name}", lambda n=name: check_keys(n, args.keys_dir)))
        checks.append((f"counts {name}", lambda n=name: check_counts(n)))
        if FACTS[name][3]:
            checks.append((f"small {name}", lambda n=name: check_small(n)))
    checks.append(("safetensors round trip", check_safetensors))
    checks.append(("grad-cam", check_gradcam))

    passed = failed = skipped = 0
    for title, fn in checks:
        try:
            msg = fn()
            passed += 1
            print(f"PASS {title}: {msg}")
        except Skip as s:
            skipped += 1
            print(f"SKIP {title}: {s}")
        except Exception as e:  # report every failure, not just the first
            failed += 1
            print(f"FAIL {title}: {e}")
            if args.verbose:
                traceback.print_exc()
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
