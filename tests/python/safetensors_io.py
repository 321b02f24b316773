"""Minimal safetensors writer/reader (the safetensors package is not packaged for Debian 12).

File layout (https://github.com/huggingface/safetensors format, written from its spec):
  bytes 0..7   N = header length, unsigned 64-bit little-endian
  bytes 8..8+N UTF-8 JSON object: {"<name>": {"dtype": "F32", "shape": [..],
               "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}}
               offsets are relative to the start of the data section; the header is
               padded with spaces so the data section starts on an 8-byte boundary.
  then         raw little-endian C-contiguous tensor bytes, in the order written here
               (state_dict order), with no gaps.
"""
import json
import struct

import numpy as np
import torch

_DTYPES = {
    torch.float32: ("F32", np.dtype("<f4")),
    torch.float64: ("F64", np.dtype("<f8")),
    torch.float16: ("F16", np.dtype("<f2")),
    torch.int64: ("I64", np.dtype("<i8")),
    torch.int32: ("I32", np.dtype("<i4")),
    torch.int16: ("I16", np.dtype("<i2")),
    torch.int8: ("I8", np.dtype("i1")),
    torch.uint8: ("U8", np.dtype("u1")),
    torch.bool: ("BOOL", np.dtype("?")),
}
_BY_NAME = {name: np_dtype for name, np_dtype in _DTYPES.values()}


def save_file(tensors, path, metadata=None):
    """Write an ordered mapping name -> tensor (e.g. a state_dict) as safetensors."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        if t.dtype not in _DTYPES:
            raise ValueError(f"{name}: dtype {t.dtype} not supported")
        code, np_dtype = _DTYPES[t.dtype]
        data = t.detach().cpu().contiguous().numpy().astype(np_dtype, copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def load_file(path):
    """Read a safetensors file into a dict name -> torch.Tensor (header order kept)."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        arr = np.frombuffer(data[begin:end], dtype=_BY_NAME[info["dtype"]])
        out[name] = torch.from_numpy(arr.reshape(info["shape"]).copy())
    return out
