"""The parameters of an analysis run, with their documented defaults and their checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Literal

from service.domain.analysis.bridges import BRIDGE_WEIGHTS
from service.domain.analysis.overlap import LINK_FILTERS, PAIR_SCORES
from service.domain.audience import AUDIENCES
from service.graph.errors import ServiceError

ALGORITHMS = ("leiden", "louvain")
# Who counts shared audience: "sparse" reads every audience once and counts co-memberships in
# memory (overlap.py, sparse_engine.py); "gds" is GDS nodeSimilarity on a projection (links.py).
ENGINES = ("sparse", "gds")


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
    engine: Literal["sparse", "gds"] = "sparse"
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
                self.pair_score in PAIR_SCORES and (self.pair_score == "jaccard" or self.engine == "sparse"),
                f"must be one of {', '.join(PAIR_SCORES)} ('affinity' needs engine 'sparse'; "
                "with engine 'gds' pass pair_score 'jaccard')",
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

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, default=dict)
