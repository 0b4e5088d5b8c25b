"""Shared audience, clusters, hubs and bridging creators: one analysis run, recorded and atomic.

The computing is Cypher and GDS (`cypher/analysis/*.cypher`); this module only sequences the
queries and holds the little logic that is not Cypher: stable cluster ids (matching a run's
clusters to the previous run's by members) and the combination of the bridge components into
`bridge_score`.

A run stages everything under its id -- per-creator results on
`(:AnalysisRun)-[:SCORED]->(:Creator)`, pair results on `(:Creator)-[:ANALYSIS_LINK {run_id}]->
(:Creator)` -- and publishes in ONE write transaction at the end (Creator properties,
SHARES_AUDIENCE, `current: true`). A run that fails or is interrupted leaves the previous results
served; the next run cleans its leftovers up.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from neo4j import ManagedTransaction

from service.authenticity import AUDIENCES, require_assessment
from service.db import Graph, Row, run_read, run_write
from service.errors import ServiceError

Say = Callable[[str], None]

ALGORITHMS = ("leiden", "louvain")

# How the bridge components enter bridge_score: each is turned into the share of creators this
# one beats on it (a percentile in 0..1, ties beat nobody), then weighted. Percentiles keep one
# heavy-tailed component (betweenness) from drowning the others and make the score explainable
# ("better than 97% of creators on participation").
BRIDGE_WEIGHTS: dict[str, float] = {
    "bridge_clusters_audience": 0.20,
    "bridge_clusters_mentions": 0.10,
    "participation": 0.25,
    "betweenness": 0.25,
    "constraint": 0.20,
}
# Succeeded runs that keep their per-creator results (SCORED), the current one included, so
# `influence-map changes --since RUN` can compare any of them with the current run.
KEPT_RUNS = 20

# get_cluster_summaries' limit when a run stores every cluster's summary.
ALL_CLUSTERS = 1_000_000_000

# Lower constraint = a better bridge (Burt: fewer redundant contacts).
LOWER_IS_BETTER = frozenset({"constraint"})


@dataclass(frozen=True)
class AnalysisParams:
    """Parameters of one run; the defaults are the documented ones (README, "Analysis")."""

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
    # merge_communities); GDS Leiden can stop where such a merge still pays.
    merge_pass: bool = True
    # Leiden starts, as multiples of the resolution; the best partition by quality at the
    # requested resolution is kept (see _community_starts).
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


@dataclass(frozen=True)
class AnalysisSummary:
    """What a run did: its record, as stored on (:AnalysisRun)."""

    run_id: str
    status: str
    seed: int
    modularity: float
    counts: dict[str, Any]
    params: AnalysisParams


def run_analysis(
    graph: Graph, params: AnalysisParams | None = None, say: Say | None = None, run_id: str | None = None
) -> AnalysisSummary:
    """Run the whole analysis and make it current; on any failure the previous run stays served.

    `run_id` names the run (the HTTP API hands one out before the run starts); a new one by default.
    """
    params = params or AnalysisParams()
    check_can_run(graph, params)
    say = say or (lambda _message: None)
    run_id = run_id or uuid.uuid4().hex
    graph.write("analysis.create_run", run_id=run_id, params=params.to_json(), seed=params.seed)
    names = projection_names(run_id)
    try:
        summary = _run_steps(graph, params, run_id, names, say)
    except BaseException as error:  # also KeyboardInterrupt: never leave a half-run behind
        _fail(graph, run_id, error)
        raise
    finally:
        for name in names.values():
            _drop_quietly(graph, name)
    return summary


def check_can_run(graph: Graph, params: AnalysisParams) -> None:
    """A 400 for bad parameters, a 409 when there is nothing to analyse or cleaned audiences have
    no assessment yet: checked before a run is recorded (and before the API starts one)."""
    params.validate()
    if not (graph.read_one("analysis.get_has_creators") or {}).get("found"):
        raise ServiceError(409, "nothing_to_analyse", "the graph holds no creators; load data first")
    if params.cleaned:
        require_assessment(graph)


def projection_names(run_id: str) -> dict[str, str]:
    """In-memory graph names of one run (unique, so two runs never share a projection)."""
    return {part: f"analysis-{run_id}-{part}" for part in ("audience", "links", "mentions")}


def _run_steps(
    graph: Graph, params: AnalysisParams, run_id: str, names: Mapping[str, str], say: Say
) -> AnalysisSummary:
    counts: dict[str, Any] = {}
    graph.write("analysis.abandon_stale_runs", run_id=run_id)
    graph.write("analysis.delete_stale_links", run_id=run_id)
    size = graph.read_one("analysis.count_audience", cleaned=params.cleaned) or {}
    counts["creators"], counts["members"] = size.get("creators", 0), size.get("members", 0)
    counts["audience"] = params.audience
    graph.write("analysis.score_audience_sizes", run_id=run_id, cleaned=params.cleaned)
    counts["shared_audience_pairs"] = _shared_audience(
        graph, params, run_id, names["audience"], counts["members"]
    )
    say(f"shared audience: {counts['shared_audience_pairs']} pairs")
    clusters, modularity, next_id = _clusters(graph, params, run_id, names["links"], counts)
    counts["clusters"] = len(set(clusters.values()))
    say(f"clusters: {counts['clusters']} (modularity {modularity:.4f})")
    counts["hubs"] = _hubs(graph, params, run_id, names["mentions"])
    counts["betweenness_mode"] = _bridges(graph, params, run_id, names["links"], counts["creators"])
    say(f"hubs: {counts['hubs']}; betweenness: {counts['betweenness_mode']}")
    graph.transaction(lambda tx: _publish(tx, run_id, modularity, counts, next_id, params.cleaned))
    graph.write("analysis.prune_old_scores", run_id=run_id, keep_runs=KEPT_RUNS)
    say(f"run {run_id} is current")
    return AnalysisSummary(run_id, "succeeded", params.seed, modularity, counts, params)


def _shared_audience(graph: Graph, params: AnalysisParams, run_id: str, name: str, members: int) -> int:
    """GDS nodeSimilarity on the pruned audience graph, staged as ANALYSIS_LINKs; returns pairs.
    `members` is N for lift: the members of the run's audience (count_audience)."""
    graph.write("analysis.project_audience", graph=name, cleaned=params.cleaned)
    if not graph.read_one("analysis.count_projection_nodes", graph=name):
        return 0  # no member reaches two creators: no overlap anywhere
    graph.write("analysis.mutate_audience_degree", graph=name, concurrency=params.concurrency)
    graph.write(
        "analysis.write_shared_audience_links",
        graph=name,
        run_id=run_id,
        top_k=params.top_k,
        min_shared=params.min_shared,
        min_jaccard=params.min_jaccard,
        members=members,
        concurrency=params.concurrency,
    )
    _drop_quietly(graph, name)
    row = graph.read_one("analysis.count_run_links", run_id=run_id) or {}
    return int(row.get("shared_audience", 0))


def _clusters(
    graph: Graph, params: AnalysisParams, run_id: str, name: str, counts: dict[str, Any]
) -> tuple[dict[str, int], float, int]:
    """Cluster the weighted link graph; store stable ids. Returns ids, modularity, next free id."""
    graph.write("analysis.write_mention_links", run_id=run_id, mention_weight=params.mention_weight)
    graph.write("analysis.set_link_weights", run_id=run_id, mention_weight=params.mention_weight)
    counts["links"] = int((graph.read_one("analysis.count_run_links", run_id=run_id) or {}).get("links", 0))
    graph.write("analysis.project_links", graph=name, run_id=run_id)
    links = [
        (row["a"], row["b"], float(row["weight"]))
        for row in _rows(graph, "analysis.stream_link_weights", run_id=run_id)
    ]
    gamma = params.resolution if params.algorithm == "leiden" else 1.0
    best: tuple[float, dict[str, int]] | None = None
    for start in _community_starts(graph, params, name):
        merged = merge_communities(start, links, gamma) if params.merge_pass else start
        quality = partition_modularity(merged, links, gamma)
        if best is None or quality > best[0] + 1e-12:
            best = (quality, merged)
    assert best is not None
    chosen = best[1]
    counts["resolution_quality"] = best[0]
    modularity = partition_modularity(chosen, links)
    previous = {row["id"]: int(row["cluster"]) for row in _rows(graph, "analysis.stream_current_clusters")}
    next_free = int((graph.read_one("analysis.get_next_cluster_id") or {}).get("next_cluster_id", 0))
    stable, next_free = match_cluster_ids(chosen, previous, next_free)
    rows = [{"id": creator, "cluster": cluster} for creator, cluster in sorted(stable.items())]
    graph.write("analysis.write_clusters", run_id=run_id, rows=rows)
    return stable, modularity, next_free


def _community_starts(graph: Graph, params: AnalysisParams, name: str) -> Iterable[dict[str, int]]:
    """Candidate partitions from GDS. Leiden runs from several starts -- the resolution itself and
    the coarser ones in `leiden_starts` -- because GDS Leiden can stop in a local optimum (on
    congress-twitter at 0.5 it keeps three parts where leidenalg finds the better two); the caller
    keeps the candidate with the best quality AT THE REQUESTED RESOLUTION, so a coarse start only
    wins when it is better by the same measure. Louvain runs once. Without any link every
    creator is its own cluster (GDS Leiden fails on a graph without relationships)."""
    linked = graph.read_one("analysis.count_projection_relationships", graph=name) or {}
    if not linked.get("relationships"):
        yield {row["id"]: n for n, row in enumerate(_rows(graph, "analysis.list_creator_ids"))}
        return
    if params.algorithm == "louvain":
        rows = _rows(
            graph,
            "analysis.stream_louvain",
            graph=name,
            max_levels=params.max_levels,
            concurrency=params.concurrency,
        )
        yield {row["id"]: int(row["community"]) for row in rows}
        return
    for factor in params.leiden_starts:
        rows = _rows(
            graph,
            "analysis.stream_leiden",
            graph=name,
            resolution=params.resolution * factor,
            seed=params.seed,
            max_levels=params.max_levels,
            concurrency=params.concurrency,
        )
        yield {row["id"]: int(row["community"]) for row in rows}


def _rows(db: Graph, name: str, /, **params: Any) -> list[Row]:
    """A read of the analysis in a transaction without the API's read timeout (analysis queries
    over a whole market can take longer than an HTTP read should)."""
    return db.transaction(lambda tx: run_read(tx, name, params))


def merge_communities(
    communities: Mapping[str, int], links: Iterable[tuple[str, str, float]], resolution: float
) -> dict[str, int]:
    """Greedily merge whole communities while that raises the resolution-gamma modularity
    Q = sum_c [ in_c / m - gamma * (vol_c / 2m)^2 ] (what Leiden optimises; gamma 1 = modularity).

    GDS Leiden's aggregate phase only moves refined sub-communities, so it can stop where merging
    two whole communities still improves Q (on congress-twitter at gamma 0.5 it keeps 3 parts
    where 2 score higher); leidenalg's repeated passes get there. Merging c and d changes Q by
    e_cd / m - gamma * vol_c * vol_d / (2 m^2); we merge the best pair while that is positive,
    ties by the smaller ids. Only linked pairs (e_cd > 0) can gain, so merged communities stay
    connected. Deterministic; works on community aggregates (a few hundred nodes at most)."""
    between: dict[int, dict[int, float]] = defaultdict(dict)
    volume: dict[int, float] = defaultdict(float)
    total = 0.0
    for a, b, weight in links:
        ca, cb = communities[a], communities[b]
        total += weight
        volume[ca] += weight
        volume[cb] += weight
        if ca != cb:
            between[ca][cb] = between[ca].get(cb, 0.0) + weight
            between[cb][ca] = between[cb].get(ca, 0.0) + weight
    if total <= 0:
        return dict(communities)
    target = {community: community for community in set(communities.values())}
    while True:
        best: tuple[float, int, int] | None = None
        for c, neighbours in between.items():
            for d, weight in neighbours.items():
                if c < d:
                    gain = weight / total - resolution * volume[c] * volume[d] / (2 * total * total)
                    if gain > 1e-12 and (best is None or (gain, -c, -d) > (best[0], -best[1], -best[2])):
                        best = (gain, c, d)
        if best is None:
            break
        _, keep, gone = best
        for other, weight in between.pop(gone).items():
            between[other].pop(gone, None)
            if other != keep:
                between[keep][other] = between[keep].get(other, 0.0) + weight
                between[other][keep] = between[other].get(keep, 0.0) + weight
        between[keep].pop(keep, None)
        volume[keep] += volume.pop(gone)
        for community, current in target.items():
            if current == gone:
                target[community] = keep
    return {creator: target[community] for creator, community in communities.items()}


def partition_modularity(
    communities: Mapping[str, int], links: Iterable[tuple[str, str, float]], resolution: float = 1.0
) -> float:
    """Weighted modularity of a partition of the undirected link graph, at `resolution` (gamma;
    1 = standard modularity): sum over clusters of in_c / m - gamma * (vol_c / 2m)^2."""
    inside: dict[int, float] = defaultdict(float)
    volume: dict[int, float] = defaultdict(float)
    total = 0.0
    for a, b, weight in links:
        ca, cb = communities[a], communities[b]
        total += weight
        volume[ca] += weight
        volume[cb] += weight
        if ca == cb:
            inside[ca] += weight
    if total <= 0:
        return 0.0
    return sum(inside[c] / total - resolution * (volume[c] / (2 * total)) ** 2 for c in volume)


def match_cluster_ids(
    communities: Mapping[str, int], previous: Mapping[str, int], next_free: int
) -> tuple[dict[str, int], int]:
    """Give this run's communities stable ids: a community keeps the id of the previous cluster it
    overlaps most, one to one, greedily by overlap (largest first); a match needs a majority of the
    new community or of the old cluster, so a cluster that merely shares a few members with an old
    one does not inherit its id. Unmatched communities get fresh ids (never reused: `next_free`),
    largest first, then by smallest member id, so the first run is deterministic too.
    Returns {creator id: stable id} and the new next free id."""
    members: dict[int, set[str]] = defaultdict(set)
    for creator, community in communities.items():
        members[community].add(creator)
    old_members: dict[int, set[str]] = defaultdict(set)
    for creator, cluster in previous.items():
        old_members[cluster].add(creator)
    overlaps = Counter(
        (community, previous[creator]) for creator, community in communities.items() if creator in previous
    )
    candidates = sorted(
        overlaps.items(),
        key=lambda item: (-item[1], item[0][1], min(members[item[0][0]])),
    )
    assigned: dict[int, int] = {}
    taken: set[int] = set()
    for (community, old), shared in candidates:
        if community in assigned or old in taken:
            continue
        if 2 * shared > len(members[community]) or 2 * shared > len(old_members[old]):
            assigned[community] = old
            taken.add(old)
    next_free = max([next_free, *(cluster + 1 for cluster in previous.values())])
    fresh = sorted(
        (community for community in members if community not in assigned),
        key=lambda community: (-len(members[community]), min(members[community])),
    )
    for community in fresh:
        assigned[community] = next_free
        next_free += 1
    return {creator: assigned[community] for creator, community in communities.items()}, next_free


def _hubs(graph: Graph, params: AnalysisParams, run_id: str, name: str) -> int:
    """PageRank on mentions inside each cluster + weighted shared-audience degree; returns hubs."""
    graph.write("analysis.project_cluster_mentions", graph=name, run_id=run_id)
    graph.write("analysis.write_hub_pagerank", graph=name, run_id=run_id, concurrency=params.concurrency)
    _drop_quietly(graph, name)
    row = graph.write(
        "analysis.write_hub_scores",
        run_id=run_id,
        pagerank_weight=params.hub_pagerank_weight,
        hubs_per_cluster=params.hubs_per_cluster,
    )
    del row  # counters only; the hub count is read back below
    return int((graph.read_one("analysis.count_run_hubs", run_id=run_id) or {}).get("hubs", 0))


def _bridges(graph: Graph, params: AnalysisParams, run_id: str, links_graph: str, creators: int) -> str:
    """Every bridge component, then bridge_score. Returns the betweenness mode used."""
    graph.write("analysis.write_bridge_reach", run_id=run_id)
    graph.write("analysis.write_participation", run_id=run_id)
    graph.write("analysis.write_link_shares", run_id=run_id)
    graph.write("analysis.write_constraint", run_id=run_id)
    if creators <= params.betweenness_exact_max:
        mode = "exact"
        graph.write(
            "analysis.write_betweenness_exact",
            graph=links_graph,
            run_id=run_id,
            concurrency=params.concurrency,
        )
    else:
        mode = f"sampled({params.betweenness_sampling_size})"
        graph.write(
            "analysis.write_betweenness_sampled",
            graph=links_graph,
            run_id=run_id,
            sampling_size=params.betweenness_sampling_size,
            seed=params.seed,
            concurrency=params.concurrency,
        )
    components = _rows(graph, "analysis.stream_bridge_components", run_id=run_id)
    scored = bridge_scores(components, params.bridge_weights)
    rows = [
        {"id": row["id"], "bridge_score": row["bridge_score"], "bridge_rank": row["bridge_rank"]}
        for row in scored
    ]
    graph.write("analysis.write_bridge_scores", run_id=run_id, rows=rows)
    return mode


def bridge_scores(components: Sequence[Mapping[str, Any]], weights: Mapping[str, float]) -> list[Row]:
    """Combine the bridge components of every creator into bridge_score and bridge_rank.

    For each component, a creator's percentile is the share of the OTHER creators it strictly
    beats (more clusters reached, higher participation and betweenness, lower constraint; a
    missing constraint -- no links -- beats nobody and is beaten by all). bridge_score is the
    weighted mean of the percentiles, in 0..1; bridge_rank orders by score, then id.
    Each row also carries `percentiles` and `contributions` for `influence-map explain`."""
    total_weight = sum(weights.values())
    n = len(components)
    percentiles: dict[str, list[float]] = {}
    for name in weights:
        values = [_comparable(name, row.get(name)) for row in components]
        percentiles[name] = _beaten_shares(values) if n > 1 else [0.0] * n
    rows: list[Row] = []
    for index, row in enumerate(components):
        parts = {name: percentiles[name][index] for name in weights}
        contributions = {name: weights[name] * parts[name] / total_weight for name in weights}
        rows.append(
            {
                **row,
                "percentiles": parts,
                "contributions": contributions,
                "bridge_score": sum(contributions.values()),
            }
        )
    rows.sort(key=lambda row: (-row["bridge_score"], str(row["id"])))
    for rank, row in enumerate(rows):
        row["bridge_rank"] = rank
    return rows


def _comparable(name: str, value: Any) -> float:
    """Map a component to 'higher is a better bridge', missing values to the worst."""
    if value is None:
        return float("-inf")
    return -float(value) if name in LOWER_IS_BETTER else float(value)


def _beaten_shares(values: Sequence[float]) -> list[float]:
    """For each value, the share of the other values strictly below it (ties beat nobody)."""
    ordered = sorted(values)
    below: dict[float, int] = {}
    for position, value in enumerate(ordered):
        below.setdefault(value, position)
    others = len(values) - 1
    return [below[value] / others for value in values]


def _publish(
    tx: ManagedTransaction,
    run_id: str,
    modularity: float,
    counts: Mapping[str, Any],
    next_id: int,
    cleaned: bool,
) -> None:
    """Make the run's results the served ones: all of it in this one transaction, or none."""
    run_write(tx, "analysis.publish_creator_results", {"run_id": run_id})
    run_write(tx, "analysis.clear_unscored_creators", {"run_id": run_id})
    run_write(tx, "analysis.delete_shares_audience", {})
    run_write(tx, "analysis.publish_shares_audience", {"run_id": run_id})
    # Summarised once here, on what this transaction just published, so that serving a cluster
    # reads one property instead of walking every member's audience on each request.
    summaries = run_read(
        tx, "analysis.get_cluster_summaries", {"cluster": None, "limit": ALL_CLUSTERS, "cleaned": cleaned}
    )
    run_write(
        tx,
        "analysis.finish_run",
        {
            "run_id": run_id,
            "modularity": modularity,
            "counts": json.dumps(dict(counts), sort_keys=True),
            "next_cluster_id": next_id,
            "cluster_summaries": json.dumps(summaries),
        },
    )


def _fail(graph: Graph, run_id: str, error: BaseException) -> None:
    """Record the failure and remove the run's staged links; never hides the original error."""
    message = str(error) or type(error).__name__
    for name, params in (
        ("analysis.delete_run_links", {"run_id": run_id}),
        ("analysis.fail_run", {"run_id": run_id, "error": message}),
    ):
        # The database may be the thing that failed; the next run cleans up what is left.
        with suppress(ServiceError):
            graph.write(name, **params)


def _drop_quietly(graph: Graph, name: str) -> None:
    with suppress(ServiceError):
        graph.write("analysis.drop_projection", graph=name)


def current_run(graph: Graph) -> Row | None:
    """The current run's record (params and counts decoded), or None before the first run."""
    row = graph.read_one("analysis.get_current_run")
    if row is None:
        return None
    return {**row, "params": json.loads(row["params"]), "counts": json.loads(row["counts"] or "{}")}


def cluster_summaries(graph: Graph, limit: int = 20, cluster: int | None = None) -> list[Row]:
    """The current clusters (or one), largest first (cypher/analysis/get_cluster_summaries.cypher):
    as stored by the current run, or computed now for a run that stored none."""
    stored = (graph.read_one("analysis.get_stored_cluster_summaries") or {}).get("summaries")
    if stored is None:
        return graph.read("analysis.get_cluster_summaries", limit=limit, cluster=cluster, cleaned=False)
    rows: list[Row] = json.loads(stored)
    return [row for row in rows if cluster is None or row["cluster"] == cluster][:limit]


def explain_bridge(graph: Graph, creator_id: str) -> Row:
    """Why a creator ranks where it does as a bridge: each component, its percentile among all
    creators, its weight and its contribution to bridge_score (recomputed from the served
    components with the current run's weights, so it always adds up)."""
    run = current_run(graph)
    if run is None:
        raise ServiceError(404, "no_analysis", "no analysis has run yet: run `influence-map analyze` first")
    components = _rows(graph, "analysis.stream_current_bridge_components")
    weights = run["params"].get("bridge_weights") or BRIDGE_WEIGHTS
    scored = bridge_scores(components, weights)
    for row in scored:
        if row["id"] == creator_id:
            return {**row, "creators": len(scored), "weights": weights, "run_id": run["id"]}
    raise ServiceError(
        404, "unknown_creator", f"creator {creator_id!r} has no analysis results", {"id": creator_id}
    )


def explain_lines(explained: Mapping[str, Any]) -> Iterable[str]:
    """The explanation as text lines, for the CLI."""
    name = explained.get("name") or explained["id"]
    yield (
        f"{name} ({explained['id']}), cluster {explained['cluster']}: bridge_score "
        f"{explained['bridge_score']:.3f}, rank {explained['bridge_rank'] + 1} of {explained['creators']}"
    )
    yield "component                   value        beats  weight  contribution"
    for component, weight in explained["weights"].items():
        value = explained.get(component)
        shown = "none" if value is None else f"{value:.4g}"
        beats = explained["percentiles"][component]
        contribution = explained["contributions"][component]
        yield f"{component:<26} {shown:>10} {beats:>10.0%} {weight:>7.2f} {contribution:>13.3f}"
    yield "beats = share of the other creators this one is a better bridge than on that component"
    yield "(more clusters reached, higher participation and betweenness, lower constraint)."
