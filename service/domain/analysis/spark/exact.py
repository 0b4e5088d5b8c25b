"""Exact shared audience on Spark DataFrames, with the sparse engine's link rule and scores.

The default engine (overlap.select_links) counts co-memberships member by member; so does this:
1. `audience`: distinct (member, creator) rows; `sizes`: |A| per creator; N: distinct members.
2. `shared_counts`: every creator pair with a member in common, its count and its weighted count
   (each shared member adds 1 / (creators it reaches - 1), for affinity). Each member with d >= 2
   creators adds d(d-1)/2 pairs: the cost is the sum of d^2, which --max-member-degree caps.
3. `select_links`: the LinkRule of the run: shared >= min_shared and Jaccard >= min_jaccard (on
   full audiences), then each creator keeps its top_k partners by pair_score (jaccard or
   affinity; ties by the partner's id, as the sparse engine breaks them), and a pair is a link
   when either creator keeps it.
4. `score_links`: jaccard, overlap, share_a, share_b, lift and affinity from the full sizes, as
   overlap.score_pairs defines them.
Pure DataFrame code (no Python UDF), so a cluster runs it without our Python code on its workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyspark.sql import functions as F
from pyspark.sql.window import Window

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame


@dataclass(frozen=True)
class LinkFilters:
    """The run's link rule (sparse_engine.LinkRule without the significant filter)."""

    min_shared: int = 2
    min_jaccard: float = 0.0
    top_k: int = 20
    pair_score: str = "affinity"  # or "jaccard"


@dataclass
class Audience:
    """The audience a run counts on: distinct rows, per-creator sizes, N, and what the cap dropped."""

    rows: DataFrame  # member, creator (distinct; cleaned and capped)
    sizes: DataFrame  # creator, size
    members: int  # N: distinct members with at least one row
    dropped_members: int  # members over --max-member-degree (0 when off)
    dropped_rows: int


def distinct_rows(rows: DataFrame) -> DataFrame:
    """(member, creator) rows without nulls or repeats (follows + engaged count once)."""
    return (
        rows.select(F.col("member").cast("string"), F.col("creator").cast("string"))
        .where(F.col("member").isNotNull() & F.col("creator").isNotNull())
        .distinct()
    )


def prepare_audience(rows: DataFrame, max_member_degree: int | None = None) -> Audience:
    """Distinct rows, minus the members who reach more than `max_member_degree` creators.

    Capped members leave the run entirely (pair counts, sizes and N), so a capped run is the exact
    run over the audience without them, and its Jaccards stay true Jaccards of what was counted."""
    # Read the source ONCE, into the cache: the connector's 5.0.3 readers share a driver per
    # job, and two scans of it in one Spark job (the cap's anti-join of the rows with themselves)
    # left a reader waiting forever on a driver the other had closed.
    read = distinct_rows(rows).persist()
    read.count()
    rows, dropped_members, dropped_rows = read, 0, 0
    if max_member_degree is not None:
        degree = read.groupBy("member").agg(F.count("*").alias("degree"))
        over = degree.where(F.col("degree") > max_member_degree)
        totals = over.agg(F.count("*").alias("members"), F.sum("degree").alias("rows")).first()
        dropped_members = int(totals["members"] or 0) if totals else 0
        dropped_rows = int(totals["rows"] or 0) if totals else 0
        if dropped_members:
            rows = read.join(over.select("member"), "member", "left_anti").persist()
            rows.count()
            read.unpersist()
    sizes = rows.groupBy("creator").agg(F.count("*").alias("size")).persist()
    members = rows.select("member").distinct().count()
    return Audience(rows, sizes, members, dropped_members, dropped_rows)


def shared_counts(rows: DataFrame) -> DataFrame:
    """(a, b, shared, weighted) for every creator pair a < b with at least one member in common;
    `weighted` sums 1 / (d - 1) over the shared members, d = the creators each reaches.

    Each member's creators are collected once and expanded into their pairs in place (no self-join),
    then counted; a one-creator member has no pair and costs nothing past the grouping."""
    creators = (
        rows.groupBy("member")
        .agg(F.array_sort(F.collect_list("creator")).alias("cs"))
        .where(F.size("cs") >= 2)
        .withColumn("w", F.lit(1.0) / (F.size("cs") - 1).cast("double"))
    )
    pairs = creators.select(
        "w",
        F.inline(
            F.flatten(
                F.transform(
                    F.sequence(F.lit(0), F.size("cs") - 2),
                    lambda i: F.transform(
                        F.slice("cs", i + 2, F.size("cs")),
                        lambda b: F.struct(F.element_at("cs", i + 1).alias("a"), b.alias("b")),
                    ),
                )
            )
        ),
    )
    return pairs.groupBy("a", "b").agg(F.count("*").alias("shared"), F.sum("w").alias("weighted"))


def select_links(pairs: DataFrame, sizes: DataFrame, filters: LinkFilters) -> DataFrame:
    """The pairs the run's LinkRule keeps: (a, b, shared, weighted, size_a, size_b, jaccard)."""
    candidates = (
        attach_sizes(pairs, sizes)
        .withColumn("jaccard", full_jaccard(F.col("shared").cast("double")))
        .where((F.col("shared") >= filters.min_shared) & (F.col("jaccard") >= filters.min_jaccard))
        .withColumn("affinity", F.col("weighted") / (F.col("size_a") + F.col("size_b") - F.col("shared")))
        .persist()  # read twice: ranked, then joined with the kept pairs
    )
    kept = top_k_pairs(candidates, filters.pair_score, filters.top_k)
    return candidates.join(kept, ["a", "b"], "left_semi").drop("affinity")


def top_k_pairs(candidates: DataFrame, score: str, top_k: int) -> DataFrame:
    """(a, b) of the pairs that either creator ranks among its top_k by `score` (ties: smaller id)."""
    both = candidates.select(
        F.col("a").alias("creator"), F.col("b").alias("other"), F.col(score).alias("score")
    ).unionByName(
        candidates.select(F.col("b").alias("creator"), F.col("a").alias("other"), F.col(score).alias("score"))
    )
    rank = Window.partitionBy("creator").orderBy(F.col("score").desc(), F.col("other").asc())
    top = both.withColumn("rank", F.row_number().over(rank)).where(F.col("rank") <= top_k)
    return top.select(
        F.least("creator", "other").alias("a"), F.greatest("creator", "other").alias("b")
    ).distinct()


def attach_sizes(pairs: DataFrame, sizes: DataFrame) -> DataFrame:
    """Add size_a and size_b (as doubles) to rows with a and b."""
    sa = sizes.select(F.col("creator").alias("a"), F.col("size").cast("double").alias("size_a"))
    sb = sizes.select(F.col("creator").alias("b"), F.col("size").cast("double").alias("size_b"))
    return pairs.join(sa, "a").join(sb, "b")


def full_jaccard(shared: Column) -> Column:
    return shared / (F.col("size_a") + F.col("size_b") - shared)


def score_links(links: DataFrame, members: int, shared: Column | None = None) -> DataFrame:
    """jaccard, overlap, share_a, share_b, lift and affinity from `shared` (a column; default
    `shared`) and the full sizes, as overlap.score_pairs (lift = shared * N / (|A| |B|))."""
    s = F.col("shared").cast("double") if shared is None else shared
    return links.select(
        "*",
        full_jaccard(s).alias("jaccard"),
        (s / F.least("size_a", "size_b")).alias("overlap"),
        (s / F.col("size_a")).alias("share_a"),
        (s / F.col("size_b")).alias("share_b"),
        (s * F.lit(float(members)) / (F.col("size_a") * F.col("size_b"))).alias("lift"),
        (F.col("weighted") / (F.col("size_a") + F.col("size_b") - s)).alias("affinity"),
    )


def exact_links(audience: Audience, filters: LinkFilters) -> DataFrame:
    """The run's links, exact: a, b, shared, size_a, size_b and the scores of score_links."""
    links = select_links(shared_counts(audience.rows), audience.sizes, filters)
    return score_links(links.select("a", "b", "shared", "weighted", "size_a", "size_b"), audience.members)
