"""The parameters of an analysis run, with their documented defaults and their checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Literal

from service.domain.analysis.bridges import BRIDGE_WEIGHTS
from service.domain.audience import AUDIENCES
from service.graph.errors import ServiceError

ALGORITHMS = ("leiden", "louvain")


@dataclass(frozen=True)
class AnalysisParams:
    """Parameters of one run; the defaults are the documented ones (docs/analysis.md)."""

    # Pairs need this many shared members (2: one shared fan is noise, not an overlap).
    min_shared: int = 2
    # Similar creators kept per creator (by Jaccard); 20 keeps the clustering graph sparse while
    # every creator keeps its strongest overlaps.
    top_k: int = 20
    # Pairs below this Jaccard (on full audiences) are dropped; 0.01 removes accidental overlaps
    # between very large audiences.
    min_jaccard: float = 0.01
    # Weight of one mention in the clustering graph (added to the pair's Jaccard); 0 clusters on
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

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, default=dict)
