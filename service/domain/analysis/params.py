"""The parameters of an analysis run, with their documented defaults and their checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Literal

from service.domain.analysis.bridges import BRIDGE_WEIGHTS
from service.domain.analysis.overlap import LINK_FILTERS, PAIR_SCORES
from service.domain.audience import AUDIENCES
from service.graph.errors import ServiceError

ALGORITHMS = ("leiden", "louvain")
# Who counts shared audience: "sparse" reads every audience once and counts co-memberships in
# memory (overlap.py, sparse_engine.py); "gds" is GDS nodeSimilarity on a projection (links.py);
# "spark" counts on Apache Spark, embedded or on a cluster (spark/, docs/spark.md).
ENGINES = ("sparse", "gds", "spark")
# Engines that apply the whole LinkRule (pair_score affinity; spark: not the significant filter).
AFFINITY_ENGINES = ("sparse", "spark")
# Sketch sizes DataSketches accepts: powers of two from 2^4 to 2^26.
SKETCH_K_RANGE = (16, 1 << 26)


@dataclass(frozen=True)
class AnalysisParams:
    """Parameters of one run; the defaults are the documented ones (docs/analysis.md)."""

    # Pairs need this many shared members (2: one shared fan is noise, not an overlap).
    min_shared: int = 2
    # Partners kept per creator (ranked by pair_score); 20 keeps the clustering graph sparse while
    # every creator keeps its strongest overlaps. A pair is a link when either creator keeps it.
    top_k: int = 20
    # Pairs below this Jaccard (on full audiences) are dropped. 0 (the default): top_k alone
    # bounds the links; an absolute floor leaves most creators of a large market without any link
    # (typical Jaccards there are 0.001-0.01). 0.01 with pair_score "jaccard" is the old default.
    min_jaccard: float = 0.0
    # How pairs become links (overlap.LINK_FILTERS): "jaccard" keeps pairs with Jaccard >=
    # min_jaccard; "significant" (sparse engine) also needs an overlap that independent audiences
    # reach with probability <= max_p_value (binomial tail).
    link_filter: Literal["jaccard", "significant"] = "jaccard"
    max_p_value: float = 1e-6
    # What ranks each creator's partners for top_k and weighs the clustering graph:
    # "affinity" (default, sparse engine: Jaccard where each shared member counts
    # 1 / (creators it reaches - 1), so bots and mass followers stop gluing small creators into one
    # catch-all cluster) or "jaccard" (the old default; the only score of engine "gds").
    pair_score: Literal["jaccard", "affinity"] = "affinity"
    # Shared-audience engine (ENGINES): same counts, "sparse" is the fast one.
    engine: Literal["sparse", "gds", "spark"] = "sparse"
    # Weight of one mention in the clustering graph (added to the pair's score); 0 clusters on
    # audience only. Mentions always count for hubs and bridge_clusters_mentions.
    mention_weight: float = 0.0
    # "leiden" (default: its communities are guaranteed connected) or "louvain".
    algorithm: Literal["leiden", "louvain"] = "leiden"
    # Leiden's gamma (Louvain in GDS has none): 1.0 is standard modularity.
    resolution: float = 1.0
    max_levels: int = 10
    # After GDS: merge whole communities while that raises the same quality function (see
    # partition.merge_communities); GDS Leiden can stop where such a merge still pays.
    merge_pass: bool = True
    # Leiden starts, as multiples of the resolution; the best partition by quality at the
    # requested resolution is kept (see run._community_starts).
    leiden_starts: tuple[float, ...] = (1.0, 0.5, 0.25)
    # One fixed seed for Leiden and sampled betweenness: same data + params = same results.
    seed: int = 42
    # GDS threads; 1 makes every algorithm deterministic (Community GDS allows up to 4).
    concurrency: int = 1
    # Hubs: share of PageRank (mentions) against weighted shared-audience degree in hub_score.
    hub_pagerank_weight: float = 0.5
    hubs_per_cluster: int = 3
    # Betweenness is exact up to this many creators and sampled above (cost is O(n * m)).
    betweenness_exact_max: int = 5000
    betweenness_sampling_size: int = 1000
    bridge_weights: Mapping[str, float] = field(default_factory=lambda: dict(BRIDGE_WEIGHTS))
    # "cleaned" leaves out the audience members the last authenticity assessment marked suspicious
    # (mass followers, burst arrivals): bots otherwise add overlap between unrelated creators.
    audience: Literal["raw", "cleaned"] = "raw"
    # The Spark engine only (docs/spark.md). Its master: local[*] runs embedded, spark://HOST:7077
    # (or any Spark master URL) on a cluster with this process as the driver.
    spark_master: str = "local[*]"
    # A dataset folder whose audience.parquet or audience.csv Spark reads instead of the graph.
    spark_from: str | None = None
    # Members reaching more than this many creators leave the run (their count goes to the run
    # record); None: off. They dominate the cost: each adds d(d-1)/2 pairs.
    max_member_degree: int | None = None
    # Theta sketches of this many members per creator: estimates with standard errors instead of
    # exact counts (a power of two; 4096 is typical; needs pair_score "jaccard"). None: exact.
    sketch_k: int | None = None
    # A creator whose share of clustering-link weight inside its cluster is below this is
    # `unplaced` (placement.py): most of its links lead to other clusters, or it has none.
    min_placement: float = 0.5

    @property
    def cleaned(self) -> bool:
        return self.audience == "cleaned"

    def validate(self) -> None:
        """Raise a ServiceError naming the first bad parameter."""
        problems = [
            ("min_shared", self.min_shared >= 1, "must be at least 1"),
            ("top_k", self.top_k >= 1, "must be at least 1"),
            ("min_jaccard", 0.0 <= self.min_jaccard <= 1.0, "must be between 0 and 1"),
            ("mention_weight", self.mention_weight >= 0.0, "must not be negative"),
            ("algorithm", self.algorithm in ALGORITHMS, f"must be one of {', '.join(ALGORITHMS)}"),
            ("resolution", self.resolution > 0.0, "must be positive"),
            ("max_levels", self.max_levels >= 1, "must be at least 1"),
            (
                "leiden_starts",
                len(self.leiden_starts) >= 1 and min(self.leiden_starts) > 0,
                "needs positive factors",
            ),
            ("concurrency", 1 <= self.concurrency <= 4, "must be 1..4 (GDS Community)"),
            ("hub_pagerank_weight", 0.0 <= self.hub_pagerank_weight <= 1.0, "must be between 0 and 1"),
            ("hubs_per_cluster", self.hubs_per_cluster >= 0, "must not be negative"),
            ("betweenness_exact_max", self.betweenness_exact_max >= 0, "must not be negative"),
            ("betweenness_sampling_size", self.betweenness_sampling_size >= 1, "must be at least 1"),
            ("min_placement", 0.0 <= self.min_placement <= 1.0, "must be between 0 and 1"),
            ("audience", self.audience in AUDIENCES, f"must be one of {', '.join(AUDIENCES)}"),
            ("engine", self.engine in ENGINES, f"must be one of {', '.join(ENGINES)}"),
            (
                "link_filter",
                self.link_filter in LINK_FILTERS
                and (self.link_filter == "jaccard" or self.engine == "sparse"),
                f"must be one of {', '.join(LINK_FILTERS)} ('significant' needs engine 'sparse')",
            ),
            ("max_p_value", 0.0 < self.max_p_value <= 1.0, "must be in (0, 1]"),
            (
                "pair_score",
                self.pair_score in PAIR_SCORES
                and (self.pair_score == "jaccard" or self.engine in AFFINITY_ENGINES),
                f"must be one of {', '.join(PAIR_SCORES)} ('affinity' needs engine 'sparse' or 'spark'; "
                "with engine 'gds' pass pair_score 'jaccard')",
            ),
            ("spark_master", bool(self.spark_master.strip()), "must name a Spark master"),
            (
                "spark_from",
                self.spark_from is None or "://" in self.spark_from or Path(self.spark_from).is_dir(),
                "must be a folder (or a URL Spark reads, such as s3a://...)",
            ),
            (
                "max_member_degree",
                self.max_member_degree is None or self.max_member_degree >= 2,
                "must be at least 2 (or off)",
            ),
            (
                "sketch_k",
                self.sketch_k is None
                or (
                    SKETCH_K_RANGE[0] <= self.sketch_k <= SKETCH_K_RANGE[1]
                    and self.sketch_k & (self.sketch_k - 1) == 0
                    and self.pair_score == "jaccard"
                ),
                "must be a power of two from 16 to 67108864, with pair_score 'jaccard' (affinity "
                "weighs each shared member, which a sketch does not keep)",
            ),
            (
                "bridge_weights",
                set(self.bridge_weights) == set(BRIDGE_WEIGHTS)
                and all(w >= 0 for w in self.bridge_weights.values())
                and sum(self.bridge_weights.values()) > 0,
                f"needs non-negative weights for exactly {', '.join(BRIDGE_WEIGHTS)}",
            ),
        ]
        for name, ok, why in problems:
            if not ok:
                value = getattr(self, name)
                raise ServiceError(400, "bad_parameter", f"{name}={value!r}: {why}", {"parameter": name})
        spark_only = [name for name in SPARK_ONLY if getattr(self, name) != _DEFAULT_OF[name]]
        if spark_only and self.engine != "spark":
            name = spark_only[0]
            raise ServiceError(400, "bad_parameter", f"{name} needs engine='spark'", {"parameter": name})

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, default=dict)


# Parameters only the Spark engine reads: another engine given one of them is a 400, not ignored.
SPARK_ONLY = ("spark_master", "spark_from", "max_member_degree", "sketch_k")
_DEFAULT_OF = {spec.name: spec.default for spec in fields(AnalysisParams) if spec.name in SPARK_ONLY}
