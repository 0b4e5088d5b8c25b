"""A run's links in memory: the shared-audience links an engine found, joined with mentions.

Runs used to stage these as `(:Creator)-[:ANALYSIS_LINK {run_id}]->(:Creator)` relationships and
read them back in about ten queries (mention links, weights, counts, projection, hub degree,
publish). Writing 33,000 staged relationships and deleting them at publish took about 4 s of a
21 s run at 2.1M audience rows, for data the process already held. Now:

- `AudienceLinks` holds the shared-audience links as columns. The sparse engine makes them from
  its count (`of_pairs`); the gds and spark engines still stage through the database (their
  counting happens there) and the run takes their links back once (`take_staged`, which deletes
  the staged relationships);
- `RunLinks.combine` adds the mention links and weighs every link as set_link_weights did
  (pair score + mention_weight x mentions);
- the clustering graph is projected from `projection_rows` (project_link_rows.cypher), hub
  degrees come from `hub_degrees`, and publish changes the served SHARES_AUDIENCE to the run's
  links (`diff_shares`: only the pairs that differ are written).

Links go from the smaller creator id to the larger (Python's order), once per pair, sorted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.domain.analysis.overlap import AudienceIndex, Pairs
from service.graph.db import Graph, run_read_columns

# What a shared-audience link carries, as SHARES_AUDIENCE publishes it. The last four are the
# spark engine's sketch mode (an estimate and its standard errors); None for exact counts.
AUDIENCE_COLUMNS = (
    "a",
    "b",
    "shared",
    "jaccard",
    "overlap",
    "share_a",
    "share_b",
    "lift",
    "affinity",
    "estimate",
    "shared_se",
    "jaccard_se",
    "lift_se",
)
EXACT_COLUMNS = AUDIENCE_COLUMNS[:9]


@dataclass(frozen=True)
class AudienceLinks:
    """Shared-audience links, one list per AUDIENCE_COLUMNS name, sorted by (a, b), a < b."""

    columns: Mapping[str, Sequence[Any]]

    def __len__(self) -> int:
        return len(self.columns["a"])

    @classmethod
    def empty(cls) -> AudienceLinks:
        return cls({name: [] for name in AUDIENCE_COLUMNS})

    @classmethod
    def of_pairs(cls, index: AudienceIndex, pairs: Pairs) -> AudienceLinks:
        """The sparse engine's selected pairs (row indices, sorted a < b by id) as links."""
        ids = index.creators
        columns: dict[str, Sequence[Any]] = {
            "a": [ids[a] for a in pairs.a.tolist()],
            "b": [ids[b] for b in pairs.b.tolist()],
            "shared": [int(shared) for shared in pairs.shared.tolist()],
        }
        for name in EXACT_COLUMNS[3:]:
            columns[name] = [float(value) for value in getattr(pairs, name).tolist()]
        for name in AUDIENCE_COLUMNS[9:]:
            columns[name] = [None] * len(pairs)
        return cls(columns)

    @classmethod
    def of_lists(cls, links: Sequence[Sequence[Any]]) -> AudienceLinks:
        """Links read as one list of AUDIENCE_COLUMNS values each (stream_run_links), put in
        (a, b) order by Python's string order."""
        ordered = sorted(links, key=lambda link: (link[0], link[1]))
        return cls({name: [link[n] for link in ordered] for n, name in enumerate(AUDIENCE_COLUMNS)})


# What a served SHARES_AUDIENCE carries besides its pair (AUDIENCE_COLUMNS after a and b).
VALUE_COLUMNS = AUDIENCE_COLUMNS[2:]


@dataclass(frozen=True)
class SharesChange:
    """What publish changes in the served SHARES_AUDIENCE (diff_shares)."""

    # Element ids of relationships to delete: pairs no longer linked, or a pair's extra copies.
    gone: list[str]
    # update_shares_audience's parameters: `ids` and one list per VALUE_COLUMNS name.
    changed: dict[str, list[Any]]
    # publish_shares_audience's parameters: the links no relationship holds yet.
    new: dict[str, list[Any]]


def diff_shares(links: AudienceLinks, served: Sequence[Sequence[Any]]) -> SharesChange:
    """Compare the run's links with the served relationships (stream_shares_audience rows:
    [element id, a, b, *VALUE_COLUMNS]). A pair served with exactly the same values is left
    alone: a rerun on unchanged data writes nothing (values are compared as stored, with a
    missing `estimate` as false, as publish stores it)."""
    held: dict[tuple[str, str], tuple[str, tuple[Any, ...]]] = {}
    gone: list[str] = []
    for row in served:
        key = (row[1], row[2])
        if key in held:
            gone.append(row[0])
        else:
            held[key] = (row[0], _stored(row[3:]))
    columns = links.columns
    changed: dict[str, list[Any]] = {"ids": [], **{name: [] for name in VALUE_COLUMNS}}
    new: dict[str, list[Any]] = {name: [] for name in AUDIENCE_COLUMNS}
    linked = set()
    for i, key in enumerate(zip(columns["a"], columns["b"], strict=True)):
        linked.add(key)
        values = [columns[name][i] for name in VALUE_COLUMNS]
        if key not in held:
            for name, value in zip(AUDIENCE_COLUMNS, (*key, *values), strict=True):
                new[name].append(value)
            continue
        element_id, stored = held[key]
        if stored != _stored(values):
            changed["ids"].append(element_id)
            for name, value in zip(VALUE_COLUMNS, values, strict=True):
                changed[name].append(value)
    gone.extend(element_id for key, (element_id, _) in held.items() if key not in linked)
    return SharesChange(gone, changed, new)


def _stored(values: Sequence[Any]) -> tuple[Any, ...]:
    """Values as a SHARES_AUDIENCE holds them: `estimate` (VALUE_COLUMNS[7]) is never null."""
    as_list = list(values)
    as_list[7] = bool(as_list[7])
    return tuple(as_list)


def mention_reach(mentions: Mapping[str, Sequence[Any]], clusters: Mapping[str, int]) -> dict[str, int]:
    """The bridge component `bridge_clusters_mentions`: for each creator, the number of distinct
    OTHER clusters among the creators it mentioned or was mentioned by (stream_mention_pairs'
    columns, whatever mention_weight)."""
    reached: dict[str, set[int]] = defaultdict(set)
    for one, two in zip(mentions.get("one", []), mentions.get("two", []), strict=True):
        mine, theirs = clusters.get(one), clusters.get(two)
        if mine is not None and theirs is not None and mine != theirs:
            reached[one].add(theirs)
            reached[two].add(mine)
    return {creator: len(others) for creator, others in reached.items()}


def take_staged(graph: Graph, run_id: str) -> AudienceLinks:
    """The run's staged ANALYSIS_LINKs (gds and spark engines) as links; the staged relationships
    are deleted, so the rest of the run works from memory as with the sparse engine."""
    row = graph.transaction(lambda tx: run_read_columns(tx, "analysis.stream_run_links", {"run_id": run_id}))
    graph.write("analysis.delete_run_links", run_id=run_id)
    return AudienceLinks.of_lists(row.get("links") or [])


@dataclass(frozen=True)
class RunLinks:
    """The clustering graph's links: shared audience and mentions joined, weighted; sorted by
    (a, b). `jaccard` is None for a link of mentions alone."""

    a: list[str]
    b: list[str]
    weight: list[float]
    jaccard: list[float | None]

    def __len__(self) -> int:
        return len(self.a)

    @property
    def audience(self) -> list[bool]:
        """Per link, whether its creators share audience (a link of mentions alone does not)."""
        return [jaccard is not None for jaccard in self.jaccard]

    @classmethod
    def combine(
        cls,
        audience: AudienceLinks,
        mentions: Mapping[str, Sequence[Any]],
        pair_score: str,
        mention_weight: float,
    ) -> RunLinks:
        """Join the mention pairs (columns one, two, mentions, from stream_mention_pairs) to the
        shared-audience links. A link weighs its pair score (affinity, else Jaccard, when
        `pair_score` is 'affinity'; Jaccard otherwise) + mention_weight x its mentions."""
        counted: dict[tuple[str, str], int] = defaultdict(int)
        if mention_weight > 0:
            for one, two, count in zip(
                mentions.get("one", []), mentions.get("two", []), mentions.get("mentions", []), strict=True
            ):
                if one != two:
                    counted[(one, two) if one < two else (two, one)] += int(count)
        scores: dict[tuple[str, str], tuple[float, float]] = {}
        columns = audience.columns
        for a, b, jaccard, affinity in zip(
            columns["a"], columns["b"], columns["jaccard"], columns["affinity"], strict=True
        ):
            jaccard = 0.0 if jaccard is None else float(jaccard)
            score = (affinity if affinity is not None else jaccard) if pair_score == "affinity" else jaccard
            scores[(a, b)] = (float(score), jaccard)
        pairs = sorted(set(scores) | set(counted))
        links = cls([], [], [], [])
        for pair in pairs:
            score, jaccard = scores.get(pair, (0.0, 0.0))
            links.a.append(pair[0])
            links.b.append(pair[1])
            links.weight.append(score + mention_weight * counted.get(pair, 0))
            links.jaccard.append(jaccard if pair in scores else None)
        return links

    def triples(self) -> list[tuple[str, str, float]]:
        return list(zip(self.a, self.b, self.weight, strict=True))

    def projection_rows(self) -> dict[str, dict[str, list[Any]]]:
        """project_link_rows' $links: per creator id, the larger ids it links to (`b`, in order)
        and the weights (`w`)."""
        rows: dict[str, dict[str, list[Any]]] = {}
        for a, b, weight in zip(self.a, self.b, self.weight, strict=True):
            mine = rows.setdefault(a, {"b": [], "w": []})
            mine["b"].append(b)
            mine["w"].append(weight)
        return rows

    def hub_degrees(self, clusters: Mapping[str, int]) -> dict[str, float]:
        """Each creator's weighted shared-audience degree inside its own cluster: the sum of the
        Jaccards of its audience links to creators of its cluster, added smallest first (as
        write_hub_scores did in Cypher, so the sums are the same to the last bit)."""
        inside: dict[str, list[float]] = defaultdict(list)
        for a, b, jaccard in zip(self.a, self.b, self.jaccard, strict=True):
            if jaccard is not None and clusters.get(a) is not None and clusters.get(a) == clusters.get(b):
                inside[a].append(jaccard)
                inside[b].append(jaccard)
        degrees: dict[str, float] = {}
        for creator in clusters:
            total = 0.0
            for jaccard in sorted(inside.get(creator, ())):
                total += jaccard
            degrees[creator] = total
        return degrees
