"""An index in one file that every gunicorn worker loads: written once, loaded in a fraction of a build.

Layout: 8 bytes (header length, little endian), a JSON header (stamp, creators, counts, and per
section a list of [offset, length]), then the sections, each 64-byte aligned: bitmaps in the
portable Roaring format, numpy arrays raw. Loading maps the file read-only: numpy arrays are views
of the mapping (page cache, shared by every process that maps the file); pyroaring's
`FrozenBitMap.deserialize` copies each bitmap into the process (measured), so the bitmaps are per
process either way and only the side arrays are shared.

The file is written under a temporary name and renamed into place, so a reader sees a whole file
or none.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from pyroaring import FrozenBitMap

from service.domain.audience_index.index import EMPTY, AudienceIndex, Bitmap, CreatorInfo
from service.graph.version import DataStamp

ALIGN = 64
FORMAT = 2
SUFFIX = ".idx"


def snapshot_path(folder: Path, stamp: DataStamp) -> Path:
    """Where the snapshot of the index at `stamp` lives in `folder`."""
    return folder / f"{stamp.key}{SUFFIX}"


def write_snapshot(index: AudienceIndex, path: Path) -> int:
    """Write the index to `path` (atomically: a temporary file renamed); returns its size."""
    blobs: list[bytes] = []
    offset = 0

    def put(data: bytes) -> list[int]:
        nonlocal offset
        pad = (-offset) % ALIGN
        if pad:
            blobs.append(b"\0" * pad)
            offset += pad
        blobs.append(data)
        start, offset = offset, offset + len(data)
        return [start, len(data)]

    def bitmaps(values: list[Bitmap]) -> list[list[int] | None]:
        return [put(b.serialize()) if len(b) else None for b in values]

    def arrays(values: list[Any]) -> list[list[int] | None]:
        return [None if a is None else put(a.tobytes()) for a in values]

    raw = bitmaps(index.raw)
    sections: dict[str, Any] = {
        "raw": raw,
        # A cleaned bitmap that is the raw one is stored once (same spot).
        "cleaned": [
            spot if c is r else put(c.serialize()) if len(c) else None
            for r, c, spot in zip(index.raw, index.cleaned, raw, strict=True)
        ],
        "weighted": bitmaps(index.weighted),
        "weight_values": arrays(index.weight_values),
        "days": arrays(index.days),
    }
    day_types = {str(d.dtype) for d in index.days if d is not None}
    header = {
        "format": FORMAT,
        "stamp": asdict(index.stamp),
        "creators": [c.to_row() for c in index.creators],
        "members": index.members,
        "assessed": index.assessed,
        "day_base": index.day_base,
        "day_type": day_types.pop() if day_types else "uint16",
        "suspicious": put(index.suspicious.serialize()),
        "follows": put(index.follows.tobytes()),
        "node_ids": put(index.node_ids.tobytes()),
        "sections": sections,
    }
    head = json.dumps(header).encode()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as out:
        out.write(struct.pack("<Q", len(head)))
        out.write(head)
        out.write(b"\0" * ((-(8 + len(head))) % ALIGN))
        for blob in blobs:
            out.write(blob)
    temporary.replace(path)
    return path.stat().st_size


def load_snapshot(path: Path) -> AudienceIndex:
    """Map the file and rebuild the index over it (see the module docs)."""
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    (length,) = struct.unpack_from("<Q", mapped, 0)
    header: dict[str, Any] = json.loads(mapped[8 : 8 + length])
    if header.get("format") != FORMAT:
        raise ValueError(f"{path}: snapshot format {header.get('format')}, expected {FORMAT}")
    base = 8 + length + ((-(8 + length)) % ALIGN)
    view = memoryview(mapped)
    sections = header["sections"]

    def bitmap(spot: list[int] | None) -> Bitmap:
        if spot is None:
            return EMPTY
        return FrozenBitMap.deserialize(view[base + spot[0] : base + spot[0] + spot[1]])  # type: ignore[arg-type]

    def array(spot: list[int] | None, dtype: Any) -> Any:
        if spot is None:
            return None
        size = np.dtype(dtype).itemsize
        return np.frombuffer(mapped, dtype=dtype, count=spot[1] // size, offset=base + spot[0])

    raw = [bitmap(s) for s in sections["raw"]]
    day_type = np.dtype(header["day_type"])
    return AudienceIndex(
        stamp=DataStamp(**header["stamp"]),
        creators=[CreatorInfo.from_row(row) for row in header["creators"]],
        members=header["members"],
        node_ids=array(header["node_ids"], np.int64),
        raw=raw,
        # A cleaned bitmap stored at the raw one's spot is the raw object, as after a build.
        cleaned=[
            r if s is not None and s == rs else bitmap(s)
            for r, s, rs in zip(raw, sections["cleaned"], sections["raw"], strict=True)
        ],
        suspicious=bitmap(header["suspicious"]),
        assessed=header["assessed"],
        weighted=[bitmap(s) for s in sections["weighted"]],
        weight_values=[array(s, np.float64) for s in sections["weight_values"]],
        days=[array(s, day_type) for s in sections["days"]],
        day_base=header["day_base"],
        follows=array(header["follows"], np.uint32),
        how="loaded",
    )
