"""The Python code Spark's workers run in sketch mode: theta sketches per creator.

This module is shipped to the workers by value (cloudpickle), so it imports nothing of ours and
only what a worker with `pip install pyspark[sql] datasketches` has: pandas and datasketches.
Sketches are built in two steps so no creator's members ever gather in one place: each partition
of the audience rows builds a partial sketch per creator (`partial_sketches`, for mapInPandas), and
the partials of a creator are merged with a theta union trimmed to k entries (`merge_sketches`,
for groupBy().applyInPandas). The hash seed is DataSketches' default, the same on every worker.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

PARTIAL_SCHEMA = "creator string, sketch binary"
MERGED_SCHEMA = "creator string, theta double, hashes array<long>, sketch binary"


def partial_sketches(frames: Iterator[pd.DataFrame], lg_k: int) -> Iterator[pd.DataFrame]:
    """One serialized compact theta sketch per creator seen in this partition's (member, creator)."""
    from datasketches import update_theta_sketch

    sketches: dict[str, update_theta_sketch] = {}
    for frame in frames:
        for member, creator in zip(frame["member"], frame["creator"], strict=True):
            sketch = sketches.get(creator)
            if sketch is None:
                sketch = sketches[creator] = update_theta_sketch(lg_k)
            sketch.update(member)
    yield pd.DataFrame(
        {
            "creator": list(sketches),
            "sketch": [bytes(sketch.compact().serialize()) for sketch in sketches.values()],
        }
    )


def merge_sketches(frame: pd.DataFrame, lg_k: int) -> pd.DataFrame:
    """A creator's partial sketches merged into one of at most k = 2^lg_k hashes: its theta (the
    sampling rate: every member whose hash is below it is kept), the kept hashes, the sketch."""
    from datasketches import compact_theta_sketch, theta_union

    union = theta_union(lg_k)
    for blob in frame["sketch"]:
        union.update(compact_theta_sketch.deserialize(bytes(blob)))
    merged = union.get_result()
    return pd.DataFrame(
        {
            "creator": [frame["creator"].iloc[0]],
            "theta": [merged.theta],
            "hashes": [[int(h) for h in merged]],
            "sketch": [bytes(merged.serialize())],
        }
    )
