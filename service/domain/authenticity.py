"""Authenticity flags: which creators' audiences or engagement look bought, and why.

Four signals, each a reason code on the creator when it fires (`AuthenticityParams` holds the
thresholds; docs/authenticity.md explains the defaults):

- `mass_followers`: a large share of the audience follows implausibly many creators;
- `burst_followers`: a large share arrived in bursts (many new followers on one day) without being
  mass followers -- bought followers delivered at once;
- `engagement_outlier`: engagement rate far from its tier's in this graph (robust z-score);
- `engagement_pod`: in a reciprocal mention ring (every two creators mention each other often);
- `shared_bot_farm`: shares an audience with another creator that is mostly the same burst arrivals.

The counting is done on the audience index when a fresh one is at hand (`index`), else in Cypher
(`cypher/authenticity/`, the reference); Python computes the robust z-scores, joins pod triangles
and writes one assessment per creator (`Creator.flagged`, `flags`, `authenticity`) and the members'
`suspicious` marks: on the index path only the marks that change, by node id, in the same one
transaction, after checking that the data is still the version the index was built at.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from service.domain.audience_index import signals
from service.domain.audience_index.index import AudienceIndex, member_numbers
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.tiers import DEFAULT_TIER_BOUNDS, tier_of
from service.graph.db import Graph, Row, run_write
from service.graph.errors import ServiceError
from service.graph.version import bump, read_stamp_in

REASONS = ("mass_followers", "burst_followers", "engagement_outlier", "engagement_pod", "shared_bot_farm")
# 0.6745 makes the MAD-based z-score comparable to a standard z-score on normal data
# (Iglewicz and Hoaglin); 3.5 is their cut-off for outliers.
MAD_SCALE = 0.6745
WRITE_BATCH = 1000
# Members marked per statement when the marks are written from the audience index.
MARK_BATCH = 10_000


@dataclass(frozen=True)
class AuthenticityParams:
    """Thresholds of the flags; the defaults are documented in docs/authenticity.md."""

    # A member following this many creators or more is a mass follower.
    mass_follows: int = 50
    # This many new followers of one creator on one day make that day a burst.
    burst_size: int = 10
    # Flag when at least this share of the audience are mass followers / burst arrivals.
    mass_share: float = 0.8
    burst_share: float = 0.25
    # Flag when the engagement rate's robust z-score within its tier is at least this (either way),
    # in tiers with at least min_tier_size rated creators.
    engagement_z: float = 3.5
    min_tier_size: int = 5
    # Pods: every two creators of a ring mention each other at least this often each way.
    pod_mentions: int = 10
    # Farms: two creators sharing at least farm_min_shared burst arrivals that are at least
    # farm_share of everyone they share.
    farm_min_shared: int = 20
    farm_share: float = 0.5

    def validate(self) -> None:
        """Raise a 400 naming the first bad threshold."""
        checks = [
            ("mass_follows", self.mass_follows >= 2),
            ("burst_size", self.burst_size >= 2),
            ("mass_share", 0 < self.mass_share <= 1),
            ("burst_share", 0 < self.burst_share <= 1),
            ("engagement_z", self.engagement_z > 0),
            ("min_tier_size", self.min_tier_size >= 3),
            ("pod_mentions", self.pod_mentions >= 1),
            ("farm_min_shared", self.farm_min_shared >= 1),
            ("farm_share", 0 < self.farm_share <= 1),
        ]
        for name, ok in checks:
            if not ok:
                value = getattr(self, name)
                raise ServiceError(
                    400, "invalid_input", f"{name}: {value!r} is out of range", {"field": name}
                )


@dataclass
class Assessment:
    """One creator's signals and the reasons it is flagged (empty: not flagged)."""

    id: str
    tier: str | None
    audience: int
    mass_followers: int
    burst_followers: int
    suspicious: int
    mass_share: float
    burst_share: float
    engagement_rate: float | None
    engagement_z: float | None
    pods: list[list[str]] = field(default_factory=list)
    farm_partners: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[dict[str, str]] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        return sorted({reason["code"] for reason in self.reasons})

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "flagged": bool(self.reasons), "flags": self.flags}


def assess_authenticity(
    graph: Graph,
    params: AuthenticityParams | None = None,
    tier_bounds: Sequence[int] = DEFAULT_TIER_BOUNDS,
    index: IndexSource = None,
) -> list[Assessment]:
    """Every creator's assessment, by id (reads only)."""
    params = params or AuthenticityParams()
    params.validate()
    found = resolve(graph, index)
    if found is not None:
        rows = signals.audience_signals(found, params.mass_follows, params.burst_size)
    else:
        rows = graph.read_batch(
            "authenticity.list_audience_signals",
            mass_follows=params.mass_follows,
            burst_size=params.burst_size,
        )
    assessments = {row["id"]: _audience_assessment(row, params, tier_bounds) for row in rows}
    _engagement_outliers(assessments.values(), params)
    triangles = graph.read_batch("authenticity.list_pod_triangles", pod_mentions=params.pod_mentions)
    for pod in pods_from_triangles([row["members"] for row in triangles]):
        for creator in pod:
            assessments[creator].pods.append(pod)
            others = ", ".join(c for c in pod if c != creator)
            _flag(assessments[creator], "engagement_pod", f"in a reciprocal mention ring with {others}")
    if found is not None:
        pairs = signals.farm_pairs(found, params.burst_size, params.mass_follows, params.farm_min_shared)
    else:
        pairs = graph.read_batch(
            "authenticity.list_farm_pairs",
            burst_size=params.burst_size,
            mass_follows=params.mass_follows,
            farm_min_shared=params.farm_min_shared,
        )
    for pair in pairs:
        if pair["farm_share"] >= params.farm_share:
            _farm_pair(assessments, pair)
    return [assessments[key] for key in sorted(assessments)]


def _audience_assessment(row: Row, params: AuthenticityParams, tier_bounds: Sequence[int]) -> Assessment:
    """Audience shares and their flags for one signals row."""
    audience = row["audience"]
    burst_only = row["suspicious"] - row["mass"]  # burst arrivals that are not mass followers
    assessment = Assessment(
        id=row["id"],
        tier=tier_of(row["followers"], tier_bounds),
        audience=audience,
        mass_followers=row["mass"],
        burst_followers=row["burst"],
        suspicious=row["suspicious"],
        mass_share=round(row["mass"] / audience, 4) if audience else 0.0,
        burst_share=round(burst_only / audience, 4) if audience else 0.0,
        engagement_rate=row["engagement_rate"],
        engagement_z=None,
    )
    if audience and assessment.mass_share >= params.mass_share:
        _flag(
            assessment,
            "mass_followers",
            f"{assessment.mass_share:.0%} of the audience follow {params.mass_follows}+ creators",
        )
    if audience and assessment.burst_share >= params.burst_share:
        _flag(
            assessment,
            "burst_followers",
            f"{assessment.burst_share:.0%} of the audience arrived in bursts of {params.burst_size}+ a day",
        )
    return assessment


def robust_z_scores(values: Sequence[float]) -> list[float]:
    """(x - median) * 0.6745 / MAD for each value; 0 for all when the MAD is 0 and x is the median.

    With MAD 0 (over half the values equal) any other value is infinitely far: it gets +-inf."""
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return [0.0 if v == median else float("inf") if v > median else float("-inf") for v in values]
    return [MAD_SCALE * (v - median) / mad for v in values]


def _engagement_outliers(assessments: Iterable[Assessment], params: AuthenticityParams) -> None:
    """Flag engagement rates far from their tier's, tier by tier."""
    by_tier: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        if assessment.engagement_rate is not None and assessment.tier is not None:
            by_tier[assessment.tier].append(assessment)
    for tier, members in by_tier.items():
        if len(members) < params.min_tier_size:
            continue  # too few to know the tier's range
        scores = robust_z_scores([float(m.engagement_rate or 0.0) for m in members])
        for member, score in zip(members, scores, strict=True):
            member.engagement_z = score if abs(score) != float("inf") else None
            if abs(score) >= params.engagement_z:
                shown = "far" if abs(score) == float("inf") else f"{score:+.1f} robust z"
                direction = "above" if score > 0 else "below"
                _flag(
                    member,
                    "engagement_outlier",
                    f"engagement rate {member.engagement_rate} is {shown} {direction} the {tier} tier's",
                )


def pods_from_triangles(triangles: Sequence[Sequence[str]]) -> list[list[str]]:
    """Join mention-ring triangles that share a creator into pods (sorted lists, sorted)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for triangle in triangles:
        for other in triangle[1:]:
            parent[root(other)] = root(triangle[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        groups[root(node)].append(node)
    return sorted(sorted(group) for group in groups.values())


def _farm_pair(assessments: Mapping[str, Assessment], pair: Row) -> None:
    for me, other in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
        if me not in assessments:
            continue
        assessments[me].farm_partners.append(
            {"id": other, "farm_shared": pair["farm_shared"], "shared": pair["shared"]}
        )
        _flag(
            assessments[me],
            "shared_bot_farm",
            f"{pair['farm_shared']} of the {pair['shared']} members shared with {other} "
            "arrived in the same bursts",
        )


def _flag(assessment: Assessment, code: str, message: str) -> None:
    assessment.reasons.append({"code": code, "message": message})


def flag_creators(
    graph: Graph,
    params: AuthenticityParams | None = None,
    tier_bounds: Sequence[int] = DEFAULT_TIER_BOUNDS,
    index: IndexSource = None,
) -> list[Assessment]:
    """Assess every creator and store the results on it, and `suspicious` on the audience members
    (a mass follower or a burst arrival), in one write transaction."""
    params = params or AuthenticityParams()
    found = resolve(graph, index)
    assessments = assess_authenticity(graph, params, tier_bounds, found)
    rows = [
        {"id": a.id, "flagged": bool(a.reasons), "flags": a.flags, "details": json.dumps(a.to_dict())}
        for a in assessments
    ]

    def write(tx: ManagedTransaction) -> None:
        # The version first: it locks the version node, so the check below sees what commits with us.
        bump(tx, "assessments")
        if found is not None:
            _check_unchanged(tx, found)
        for start in range(0, len(rows), WRITE_BATCH):
            run_write(tx, "authenticity.write_flags", {"rows": rows[start : start + WRITE_BATCH]})
        # Members too, so reach can be shown on cleaned audiences (raw_and_cleaned_reach).
        if found is None:
            run_write(tx, "authenticity.mark_mass_followers", {"mass_follows": params.mass_follows})
            run_write(tx, "authenticity.mark_burst_arrivals", {"burst_size": params.burst_size})
            return
        marked = signals.suspicious_members(found, params.mass_follows, params.burst_size)
        for members, mark in ((marked - found.suspicious, True), (found.suspicious - marked, False)):
            nodes = found.node_ids[member_numbers(members)].tolist()
            for start in range(0, len(nodes), MARK_BATCH):
                batch = nodes[start : start + MARK_BATCH]
                run_write(tx, "authenticity.set_member_marks", {"nodes": batch, "suspicious": mark})

    graph.transaction(write)
    return assessments


def _check_unchanged(tx: ManagedTransaction, index: AudienceIndex) -> None:
    """A 409 unless the data is the version the index was built at (plus this transaction's bump):
    the node ids the marks are written by must be the members the assessment counted."""
    now, loading = read_stamp_in(tx)
    before = index.stamp
    # Before the first change there was no version node: the bump just created it (a new epoch).
    same_epoch = before.epoch is None or now.epoch == before.epoch
    versions = (now.version, now.loads, now.assessments, now.analyses)
    counts = (now.creators, now.members, now.follows, now.engaged)
    if (
        loading
        or not same_epoch
        or versions != (before.version + 1, before.loads, before.assessments + 1, before.analyses)
        or counts != (before.creators, before.members, before.follows, before.engaged)
    ):
        raise ServiceError(
            409,
            "data_changed",
            "the audience changed while the assessment ran; nothing was written, run it again",
        )


def creator_authenticity(graph: Graph, creator_id: str) -> dict[str, Any]:
    """The stored assessment of one creator; 404 for an unknown creator, 409 before any assessment."""
    row = graph.read_one("authenticity.get_authenticity", id=creator_id)
    if row is None:
        raise ServiceError(404, "not_found", f"creator {creator_id!r} not found", {"id": creator_id})
    if row["details"] is None:
        raise ServiceError(
            409,
            "not_assessed",
            "authenticity has not been assessed yet; run `influence-map authenticity`",
            {"id": creator_id},
        )
    return {**json.loads(row["details"]), "assessed_at": row["assessed_at"]}
