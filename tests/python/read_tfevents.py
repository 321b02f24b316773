"""An independent reader of TensorBoard event files (no tensorboard, no protobuf package needed).

Usage: read_tfevents.py DIR  -> JSON on stdout:
  {"files": N, "file_version": "...", "scalars": {tag: [[step, value], ...]},
   "hparams": {name: value}, "session_status": int, "wall_times": [...]}
Checks the TFRecord framing and both masked CRC32Cs of every record, and fails on any mismatch.
"""
import glob
import json
import os
import struct
import sys

CRC32C_POLY = 0x82F63B78  # reflected Castagnoli polynomial


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (CRC32C_POLY if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def records(path):
    with open(path, "rb") as f:
        blob = f.read()
    pos = 0
    while pos < len(blob):
        header = blob[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", blob[pos + 8:pos + 12])
        if length_crc != masked(header):
            raise SystemExit(f"{path}: bad length CRC at offset {pos}")
        data = blob[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack("<I", blob[pos + 12 + length:pos + 16 + length])
        if len(data) != length or data_crc != masked(data):
            raise SystemExit(f"{path}: bad data CRC at offset {pos}")
        yield data
        pos += 16 + length


def varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def fields(buf):
    """Yields (field number, wire type, value) of one protobuf message."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = varint(buf, pos)
            value, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise SystemExit(f"unexpected wire type {wire}")
        yield number, wire, value


def proto_value(buf):
    """google.protobuf.Value."""
    for number, _, v in fields(buf):
        if number == 2:
            return struct.unpack("<d", v)[0]
        if number == 3:
            return v.decode()
        if number == 4:
            return bool(v)
    return None


def main(directory):
    out = {"files": 0, "file_version": None, "scalars": {}, "hparams": {}, "session_status": None, "wall_times": []}
    for path in sorted(glob.glob(os.path.join(directory, "events.out.tfevents.*"))):
        out["files"] += 1
        for data in records(path):
            step, summary = 0, None
            for number, _, v in fields(data):
                if number == 1:
                    out["wall_times"].append(struct.unpack("<d", v)[0])
                elif number == 2:
                    step = v
                elif number == 3:
                    out["file_version"] = v.decode()
                elif number == 5:
                    summary = v
            if summary is None:
                continue
            for number, _, value in fields(summary):
                if number != 1:
                    continue
                tag, simple, plugin, content = None, None, None, None
                for n, _, v in fields(value):
                    if n == 1:
                        tag = v.decode()
                    elif n == 2:
                        simple = struct.unpack("<f", v)[0]
                    elif n == 9:
                        for mn, _, mv in fields(v):
                            if mn == 1:
                                for pn, _, pv in fields(mv):
                                    if pn == 1:
                                        plugin = pv.decode()
                                    elif pn == 2:
                                        content = pv
                if simple is not None:
                    out["scalars"].setdefault(tag, []).append([step, simple])
                elif plugin == "hparams":
                    read_hparams(content, out)
    json.dump(out, sys.stdout)


def read_hparams(content, out):
    for number, _, v in fields(content):
        if number == 3:  # session_start_info
            for n, _, entry in fields(v):
                if n == 1:
                    key = value = None
                    for en, _, ev in fields(entry):
                        if en == 1:
                            key = ev.decode()
                        elif en == 2:
                            value = proto_value(ev)
                    out["hparams"][key] = value
        elif number == 4:  # session_end_info
            for n, _, ev in fields(v):
                if n == 1:
                    out["session_status"] = ev


if __name__ == "__main__":
    main(sys.argv[1])
