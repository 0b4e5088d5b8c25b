"""How far sketch mode's shared-audience estimates fall from the truth, against the formula.

For each Jaccard J in (0.01, 0.05, 0.2) and k in (1024, 4096): two audiences of --size members
each with shared = 2 n J / (1 + J) members in common, hashed into theta sketches exactly as
sketch mode does (service/domain/analysis/spark/kernels.py: one sketch per audience, merged with a
theta union trimmed to k), `--trials` times with fresh member ids. Reported per cell: the formula's
relative standard error of shared^ (sketch.shared_rse, for n >> k), the observed one (standard
deviation of shared^ / shared over the trials), the mean of the plug-in standard error the job
reports, and the share of trials within 3 reported standard errors.
Run: .venv/bin/python bench/sketch_error.py [--size 100000 --trials 40]. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.domain.analysis.spark import kernels  # noqa: E402
from service.domain.analysis.spark.sketch import jaccard_rse, lg_k_of, shared_rse  # noqa: E402


def one_trial(size: int, shared: int, lg_k: int, trial: int) -> tuple[float, float]:
    """shared^ and its reported standard error for one pair of audiences."""
    common = [f"t{trial}-s{i}" for i in range(shared)]
    only = size - shared
    rows = pd.DataFrame(
        {
            "member": common
            + [f"t{trial}-a{i}" for i in range(only)]
            + common
            + [f"t{trial}-b{i}" for i in range(only)],
            "creator": ["a"] * size + ["b"] * size,
        }
    )
    partial = next(kernels.partial_sketches(iter([rows]), lg_k))
    merged = {
        row.creator: row
        for _, group in partial.groupby("creator")
        for row in kernels.merge_sketches(group, lg_k).itertuples()
    }
    a, b = merged["a"], merged["b"]
    theta = min(a.theta, b.theta)
    kept = len(set(a.hashes) & set(b.hashes))
    return kept / theta, math.sqrt(max(kept, 1) * (1 - theta)) / theta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=40)
    args = parser.parse_args()
    started = time.perf_counter()
    cells: list[dict[str, Any]] = []
    for jaccard in (0.01, 0.05, 0.2):
        for k in (1024, 4096):
            shared = round(2 * args.size * jaccard / (1 + jaccard))
            results = [one_trial(args.size, shared, lg_k_of(k), t) for t in range(args.trials)]
            estimates = [estimate for estimate, _ in results]
            mean = sum(estimates) / len(estimates)
            observed = math.sqrt(sum((e - mean) ** 2 for e in estimates) / (len(estimates) - 1)) / shared
            cell = {
                "jaccard": jaccard,
                "k": k,
                "shared": shared,
                "formula_shared_rse": round(shared_rse(jaccard, k), 4),
                "formula_jaccard_rse": round(jaccard_rse(jaccard, k), 4),
                "observed_shared_rse": round(observed, 4),
                "mean_bias": round(mean / shared - 1, 4),
                "reported_rse": round(sum(se for _, se in results) / len(results) / shared, 4),
                "within_3se": sum(abs(e - shared) <= 3 * se for e, se in results) / len(results),
            }
            cells.append(cell)
            print(json.dumps(cell), file=sys.stderr)
    print(
        json.dumps(
            {
                "bench": "sketch_error",
                "size": args.size,
                "trials": args.trials,
                "cells": cells,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
