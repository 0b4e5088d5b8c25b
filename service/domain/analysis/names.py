"""Cluster names: from a cluster's most distinctive topics, or from its hubs; renamed by people.

A run names every cluster it publishes (`name_clusters`, plain Python over per-cluster facts read
in the publishing transaction) and stores the name on `(:Cluster {id})`, the node of the stable
cluster id. A person's name (`rename_cluster`, `PUT /clusters/{id}/name`, `influence-map
rename-cluster`) is stored beside it as `custom_name` and wins; runs never touch it, so it stays
while the cluster keeps its id (ids are never reused, see `partition.match_cluster_ids`).

Distinctive means lift against the whole market, not raw frequency: a topic every cluster posts
about names none of them. For cluster c and topic t, `share` = the share of c's creators posting
about t and `lift` = share / (the share of all creators posting about t). A topic is a candidate
when lift >= MIN_LIFT and share >= MIN_SHARE; candidates are ranked by share * log2(lift) (common
in the cluster AND concentrated there), and the name is the best two ("Fitness & Nutrition").
A cluster with no candidate (no topics, or topics spread evenly over the market) is named after
its hubs: "@hub1, @hub2 & co.".

Stable across runs: a cluster keeps its previous topic name while those topics are still among
its KEEP_WITHIN best candidates, so small shifts in its topics do not rename it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from neo4j import ManagedTransaction

from service.graph.db import Graph, Row, run_read
from service.graph.errors import ServiceError
from service.graph.version import bump

MIN_LIFT = 1.5
MIN_SHARE = 0.2
TOPICS_IN_NAME = 2
KEEP_WITHIN = 4
HUBS_IN_NAME = 2
MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class ClusterFacts:
    """What naming reads about one cluster."""

    cluster: int
    size: int
    # creators of the cluster posting about each topic
    topics: Mapping[str, int]
    # hub handles (or ids), best first; the most followed creators when the cluster has no hub
    hubs: Sequence[str]
    # the topics of its previous automatic name, if that name came from topics
    previous_topics: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class ClusterName:
    cluster: int
    name: str
    # "topics" or "hubs"
    source: str
    topics: tuple[str, ...]


def distinctive_topics(
    facts: ClusterFacts, market: Mapping[str, int], creators: int
) -> list[tuple[str, float, float]]:
    """(topic, share, lift) of the cluster's candidate topics, best first (see the module doc)."""
    found = []
    for topic, posting in facts.topics.items():
        share = posting / facts.size if facts.size else 0.0
        everywhere = market.get(topic, 0) / creators if creators else 0.0
        lift = share / everywhere if everywhere else 0.0
        if lift >= MIN_LIFT and share >= MIN_SHARE:
            found.append((topic, share, lift))
    return sorted(found, key=lambda t: (-t[1] * math.log2(t[2]), -t[1], t[0]))


def name_clusters(facts: Sequence[ClusterFacts]) -> list[ClusterName]:
    """Automatic names for every cluster of a run, unique within the run (see the module doc)."""
    market: Counter[str] = Counter()
    for cluster in facts:
        market.update(cluster.topics)
    creators = sum(cluster.size for cluster in facts)
    names = [_name_one(cluster, market, creators) for cluster in facts]
    return _unique(names, {f.cluster: f for f in facts})


def _name_one(facts: ClusterFacts, market: Mapping[str, int], creators: int) -> ClusterName:
    ranked = [topic for topic, _, _ in distinctive_topics(facts, market, creators)]
    previous = tuple(facts.previous_topics)
    if previous and all(topic in ranked[:KEEP_WITHIN] for topic in previous):
        chosen = previous
    else:
        chosen = tuple(ranked[:TOPICS_IN_NAME])
    if chosen:
        return ClusterName(facts.cluster, " & ".join(_capitalised(t) for t in chosen), "topics", chosen)
    return ClusterName(facts.cluster, hubs_name(facts.hubs, facts.size, facts.cluster), "hubs", ())


def hubs_name(hubs: Sequence[str], size: int, cluster: int) -> str:
    """ "@a, @b & co.", "@a & @b" or "@a"; "Cluster N" when nobody has a handle."""
    shown = [_handle(h) for h in hubs[:HUBS_IN_NAME] if h]
    if not shown:
        return f"Cluster {cluster}"
    if size > len(shown):
        return ", ".join(shown) + " & co."
    return " & ".join(shown)


def _handle(text: str) -> str:
    return text if text.startswith("@") else f"@{text}"


def _capitalised(topic: str) -> str:
    """fitness -> Fitness, city guides -> City guides; two letters read as an acronym: ai -> AI."""
    if len(topic) <= 2 and topic.isalpha():
        return topic.upper()
    return topic[:1].upper() + topic[1:]


def _unique(names: list[ClusterName], facts: Mapping[int, ClusterFacts]) -> list[ClusterName]:
    """Two clusters with the same name: the larger keeps it, the others add their top hub (or
    their id), so a legend never shows one name twice."""
    by_name: dict[str, list[ClusterName]] = {}
    for name in names:
        by_name.setdefault(name.name.lower(), []).append(name)
    result = {name.cluster: name for name in names}
    for same in by_name.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda n: (-facts[n.cluster].size, n.cluster))
        for name in same[1:]:
            hubs = facts[name.cluster].hubs
            suffix = _handle(hubs[0]) if hubs else f"cluster {name.cluster}"
            result[name.cluster] = ClusterName(
                name.cluster, f"{name.name} ({suffix})", name.source, name.topics
            )
    return [result[name.cluster] for name in names]


def facts_from_rows(rows: Sequence[Row]) -> list[ClusterFacts]:
    """ClusterFacts from analysis.list_cluster_naming_facts rows."""
    return [
        ClusterFacts(
            cluster=int(row["cluster"]),
            size=int(row["size"]),
            topics={t["topic"]: int(t["creators"]) for t in row["topics"]},
            hubs=[h for h in row["hubs"] if h],
            previous_topics=tuple(row["previous_topics"] or ()),
        )
        for row in rows
    ]


def name_rows(names: Sequence[ClusterName]) -> list[dict[str, object]]:
    """Rows for analysis.write_cluster_names."""
    return [
        {"cluster": n.cluster, "name": n.name, "source": n.source, "topics": list(n.topics)} for n in names
    ]


def cluster_names(graph: Graph) -> dict[int, Row]:
    """The served name of every named cluster: {id: {name, name_source, auto_name}}."""
    return {int(row["cluster"]): row for row in graph.read("clusters.list_cluster_names")}


def rename_cluster(graph: Graph, cluster: int, name: str | None) -> Row:
    """Give a current cluster a person's name (None or blank: back to the automatic name); a 404
    for a cluster the current run does not have, a 400 for a name that is too long."""
    cleaned = " ".join(name.split()) if name else ""
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ServiceError(
            400,
            "bad_request",
            f"name: at most {MAX_NAME_LENGTH} characters",
            [{"field": "name", "reason": f"longer than {MAX_NAME_LENGTH} characters"}],
        )

    def work(tx: ManagedTransaction) -> list[Row]:
        rows = run_read(tx, "clusters.set_cluster_name", {"cluster": cluster, "name": cleaned or None})
        if rows:
            # Names are part of run-scoped answers (/clusters, /report, exports): cached ones go.
            bump(tx, "analyses")
        return rows

    rows = graph.transaction(work)
    row = rows[0] if rows else None
    if row is None:
        raise ServiceError(404, "not_found", f"no cluster with id {cluster!r}", {"id": cluster})
    return row
