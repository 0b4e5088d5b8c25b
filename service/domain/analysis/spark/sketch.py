"""Sketch mode: shared audience estimated from theta sketches (Apache DataSketches), with errors.

Each creator's audience becomes a theta sketch of k = 2^lg_k hashed member ids: the k smallest
hashes, and theta, the (k+1)-th smallest (as a share of the hash range; 1 when the audience has at
most k members and the sketch is exact). A member is in the sketch exactly when its hash is below
theta, so for a pair with theta = min(theta_A, theta_B) every shared member with a hash below theta
is in both sketches, and only those are:
    c = |hashes(A) n hashes(B)|,  shared^ = c / theta,
    Var(shared^) = shared (1 - theta) / theta   (c ~ Binomial(shared, theta)),
    SE(shared^) = sqrt(max(c, 1) (1 - theta)) / theta   (plug-in; one kept member at least, so a
                  pair seen by chance or not at all still carries an honest error bar).
Audience sizes |A|, |B| and N are counted exactly (linear work), so the other scores follow:
    jaccard^ = shared^ / (|A| + |B| - shared^),  SE = SE(shared^) (|A| + |B|) / (|A| + |B| - shared^)^2
    lift^ = shared^ N / (|A| |B|),               SE = SE(shared^) N / (|A| |B|)
For two audiences of n >> k members and Jaccard J, theta ~ k / n and shared = 2nJ / (1 + J), so the
relative standard error is about sqrt((1 + J) / (2 k J)) for shared (`shared_rse`) and (1 + J)
times that for the Jaccard. Pairs are found by intersecting the kept hashes (at most k per creator),
so the work no longer grows with the audiences, only with creators and k; a pair with no shared
hash is not seen (its estimate is 0). In sketch mode the top_k rank by the estimated Jaccard on
full audiences (the exact mode ranks by the Jaccard on pruned audiences, as GDS does).
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from pyspark import cloudpickle
from pyspark.sql import functions as F

from service.domain.analysis.spark import kernels
from service.domain.analysis.spark.exact import (
    Audience,
    LinkFilters,
    attach_sizes,
    shared_counts,
    top_k_pairs,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# Ship the worker code by value: a cluster's workers need pandas and datasketches, not our package.
cloudpickle.register_pickle_by_value(kernels)  # type: ignore[no-untyped-call]

DEFAULT_LG_K = 12  # k = 4096


def lg_k_of(k: int) -> int:
    """log2 of k; k must be a power of two between 16 and 2^26 (DataSketches' range)."""
    lg = k.bit_length() - 1
    if k < 16 or k > 1 << 26 or 1 << lg != k:
        raise ValueError(f"k={k} must be a power of two from 16 to 67108864")
    return lg


def creator_sketches(audience: Audience, lg_k: int) -> DataFrame:
    """(creator, theta, hashes, sketch) per creator, built partition by partition and merged."""
    partials = audience.rows.select("member", "creator").mapInPandas(
        functools.partial(kernels.partial_sketches, lg_k=lg_k), kernels.PARTIAL_SCHEMA
    )
    return partials.groupBy("creator").applyInPandas(
        functools.partial(kernels.merge_sketches, lg_k=lg_k), kernels.MERGED_SCHEMA
    )


def estimated_pairs(sketches: DataFrame) -> DataFrame:
    """(a, b, kept, theta) for every pair whose sketches share a hash: kept = c above."""
    hashed = sketches.select(F.explode("hashes").alias("member"), "creator")
    thetas = sketches.select("creator", "theta")
    ta = thetas.select(F.col("creator").alias("a"), F.col("theta").alias("theta_a"))
    tb = thetas.select(F.col("creator").alias("b"), F.col("theta").alias("theta_b"))
    return (
        shared_counts(hashed)
        .withColumnRenamed("shared", "kept")
        .join(ta, "a")
        .join(tb, "b")
        .select("a", "b", "kept", F.least("theta_a", "theta_b").alias("theta"))
    )


def pair_estimates(sketches: DataFrame, audience: Audience) -> DataFrame:
    """Every pair the sketches see: a, b, size_a, size_b, kept, theta, shared_hat, shared_se."""
    pairs = attach_sizes(estimated_pairs(sketches), audience.sizes)
    theta, kept = F.col("theta"), F.col("kept").cast("double")
    return pairs.select(
        "*",
        F.least(kept / theta, F.col("size_a"), F.col("size_b")).alias("shared_hat"),
        (F.sqrt(F.greatest(kept, F.lit(1.0)) * (1.0 - theta)) / theta).alias("shared_se"),
    )


def sketch_links(audience: Audience, filters: LinkFilters, lg_k: int = DEFAULT_LG_K) -> DataFrame:
    """The run's links, estimated: the exact mode's columns plus the standard errors shared_se,
    jaccard_se and lift_se; `shared` is the estimate rounded, the ratios use it unrounded."""
    sketches = creator_sketches(audience, lg_k).persist()
    s, sum_sizes = F.col("shared_hat"), F.col("size_a") + F.col("size_b")
    n = float(audience.members)
    scored = (
        pair_estimates(sketches, audience)
        .withColumn("jaccard", s / (sum_sizes - s))
        .where((s >= filters.min_shared) & (F.col("jaccard") >= filters.min_jaccard))
        .persist()
    )
    kept_pairs = top_k_pairs(scored, "jaccard", filters.top_k)
    return scored.join(kept_pairs, ["a", "b"], "left_semi").select(
        "a",
        "b",
        F.round(s).cast("long").alias("shared"),
        "size_a",
        "size_b",
        "jaccard",
        (s / F.least("size_a", "size_b")).alias("overlap"),
        (s / F.col("size_a")).alias("share_a"),
        (s / F.col("size_b")).alias("share_b"),
        (s * F.lit(n) / (F.col("size_a") * F.col("size_b"))).alias("lift"),
        "shared_hat",
        "theta",
        "kept",
        "shared_se",
        (F.col("shared_se") * sum_sizes / ((sum_sizes - s) * (sum_sizes - s))).alias("jaccard_se"),
        (F.col("shared_se") * F.lit(n) / (F.col("size_a") * F.col("size_b"))).alias("lift_se"),
    )


def error_summary(links: DataFrame) -> tuple[float, float]:
    """The median and the largest relative standard error of shared^ over estimated links."""
    rse = F.col("shared_se") / F.greatest(F.col("shared_hat"), F.lit(1.0))
    row = links.agg(F.percentile_approx(rse, 0.5).alias("median"), F.max(rse).alias("max")).first()
    if row is None or row["median"] is None:
        return 0.0, 0.0
    return round(float(row["median"]), 6), round(float(row["max"]), 6)


def shared_rse(jaccard: float, k: int) -> float:
    """Relative standard error of shared^ for two audiences of equal size n >> k and Jaccard J."""
    return math.sqrt((1.0 + jaccard) / (2.0 * k * jaccard))


def jaccard_rse(jaccard: float, k: int) -> float:
    """Relative standard error of jaccard^ in the same setting: (1 + J) times shared's."""
    return (1.0 + jaccard) * shared_rse(jaccard, k)
