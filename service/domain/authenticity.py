"""Authenticity flags: which creators' audiences or engagement look bought, and why.

Five signals, each a reason code on the creator when it fires, each judged against the market in
front of it (`AuthenticityParams` holds the settings; docs/authenticity.md explains the defaults):

- `mass_followers`: a large share of the audience follows far more creators than this market's
  members do, a share few of the market's creators reach;
- `burst_followers`: a large share arrived on days its own arrival history makes rare, without
  being mass followers -- bought followers delivered at once;
- `engagement_outlier`: engagement rate far from its tier's in this graph (robust z-score);
- `engagement_pod`: in a reciprocal mention ring stronger than the market's reciprocity explains;
- `shared_bot_farm`: shares an audience with another creator that is mostly the same burst
  arrivals, more than chance overlap explains.

Each reason carries its evidence and an estimated false-alarm rate (`authenticity_params`). The
counting is done on the audience index when a fresh one is at hand (`index`), else in Cypher
(`cypher/authenticity/`, the reference); the yardsticks are `authenticity_calibration` and
`authenticity_rings`. `flag_creators` writes one assessment per creator (`Creator.flagged`,
`flags`, `authenticity`) and the members' `suspicious` marks: on the index path only the marks
that change, by node id, in the same one transaction, after checking that the data is still the
version the index was built at.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from service.domain.audience_index import signals
from service.domain.audience_index.index import AudienceIndex, member_numbers
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.authenticity_calibration import (
    ArrivalBaseline,
    MassThreshold,
    arrival_baseline,
    chance_pairs,
    mass_threshold,
    normal_tail,
    poisson_tail,
    rarity,
    robust_z_scores,
)
from service.domain.authenticity_params import REASONS, Assessment, AuthenticityParams
from service.domain.authenticity_rings import find_pods, pods_from_triangles
from service.domain.tiers import DEFAULT_TIER_BOUNDS, tier_of
from service.graph.db import Graph, Row, run_write
from service.graph.errors import ServiceError
from service.graph.version import bump, read_stamp_in

__all__ = [
    "REASONS",
    "Assessment",
    "AuthenticityParams",
    "assess_authenticity",
    "creator_authenticity",
    "flag_creators",
    "pods_from_triangles",
    "robust_z_scores",
    "yardsticks",
]

WRITE_BATCH = 1000
# Members marked per statement when the marks are written from the audience index.
MARK_BATCH = 10_000


@dataclass(frozen=True)
class Yardsticks:
    """The thresholds one assessment used: calibrated from the market, or pinned by the settings."""

    mass: MassThreshold
    arrivals: dict[str, ArrivalBaseline]
    members: int

    @property
    def burst_sizes(self) -> dict[str, int]:
        return {key: baseline.burst_size for key, baseline in self.arrivals.items() if baseline.days}


def yardsticks(graph: Graph, params: AuthenticityParams, found: AudienceIndex | None) -> Yardsticks:
    """The mass-follower threshold and every creator's burst size, from the market's data."""
    if found is not None:
        degrees, history = signals.member_degrees(found), signals.arrival_history(found)
    else:
        degrees = graph.read_batch("authenticity.list_member_degrees")
        history = graph.read_batch("authenticity.list_arrival_history")
    mass = mass_threshold(degrees, params.member_z, params.member_ratio, params.mass_follows)
    market_days = max((row["days"] or 0 for row in history), default=1)
    arrivals = {
        row["id"]: arrival_baseline(row, params.burst_alpha, params.burst_size, market_days)
        for row in history
    }
    return Yardsticks(mass, arrivals, mass.members)


def assess_authenticity(
    graph: Graph,
    params: AuthenticityParams | None = None,
    tier_bounds: Sequence[int] = DEFAULT_TIER_BOUNDS,
    index: IndexSource = None,
    sticks: Yardsticks | None = None,
) -> list[Assessment]:
    """Every creator's assessment, by id (reads only)."""
    params = params or AuthenticityParams()
    params.validate()
    found = resolve(graph, index)
    sticks = sticks or yardsticks(graph, params, found)
    sizes = sticks.burst_sizes
    if found is not None:
        rows = signals.audience_signals(found, sticks.mass.follows, sizes)
    else:
        rows = graph.read_batch(
            "authenticity.list_audience_signals", mass_follows=sticks.mass.follows, burst_sizes=sizes
        )
    assessments = {row["id"]: _audience_assessment(row, tier_bounds, sticks) for row in rows}
    _mass_followers(assessments.values(), params, sticks.mass)
    _burst_followers(assessments.values(), params, sticks)
    _engagement_outliers(assessments.values(), params)
    _pods(graph, assessments, params)
    if found is not None:
        pairs = signals.farm_pairs(found, sizes, sticks.mass.follows, params.farm_min_shared)
    else:
        pairs = graph.read_batch(
            "authenticity.list_farm_pairs",
            burst_sizes=sizes,
            mass_follows=sticks.mass.follows,
            farm_min_shared=params.farm_min_shared,
        )
    farm = {key: a.suspicious - a.mass_followers for key, a in assessments.items()}
    tested = chance_pairs(farm, sticks.members)
    for pair in pairs:
        expected = farm.get(pair["a"], 0) * farm.get(pair["b"], 0) / max(sticks.members, 1)
        rate = min(1.0, tested * poisson_tail(pair["farm_shared"], expected))
        if pair["farm_share"] >= params.farm_share and rate <= params.farm_alpha:
            _farm_pair(assessments, pair, rate, expected)
    return [assessments[key] for key in sorted(assessments)]


def _audience_assessment(row: Row, tier_bounds: Sequence[int], sticks: Yardsticks) -> Assessment:
    """Audience shares for one signals row (the flags come after, against the market)."""
    audience = row["audience"]
    burst_only = row["suspicious"] - row["mass"]  # burst arrivals that are not mass followers
    baseline = sticks.arrivals.get(row["id"])
    return Assessment(
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
        burst_size=baseline.burst_size if baseline is not None and baseline.days else None,
    )


def _mass_followers(
    assessments: Iterable[Assessment], params: AuthenticityParams, mass: MassThreshold
) -> None:
    """Flag audiences made of mass followers, when few of the market's creators have such a share."""
    every = list(assessments)
    if not every:
        return
    rare = rarity([a.mass_share for a in every])
    for assessment, rate in zip(every, rare, strict=True):
        if assessment.audience and assessment.mass_share >= params.mass_share and rate <= params.mass_rarity:
            assessment.flag(
                "mass_followers",
                f"{assessment.mass_share:.0%} of the audience follow {mass.follows}+ creators "
                f"(this market's median member follows {mass.median:g})",
                rate,
                {**mass.evidence(), "mass_share": assessment.mass_share, "creators_with_this_share": rate},
            )


def _burst_followers(
    assessments: Iterable[Assessment], params: AuthenticityParams, sticks: Yardsticks
) -> None:
    """Flag audiences that largely arrived on days the creator's own history makes rare."""
    for assessment in assessments:
        baseline = sticks.arrivals.get(assessment.id)
        if baseline is None or not assessment.audience or assessment.burst_share < params.burst_share:
            continue
        rate = baseline.chance_days(baseline.top_day)
        assessment.flag(
            "burst_followers",
            f"{assessment.burst_share:.0%} of the audience arrived on days of {baseline.burst_size}+ new "
            f"followers; its own rate is {baseline.rate:.2g} a day",
            rate,
            {
                "burst_size": baseline.burst_size,
                "daily_rate": round(baseline.rate, 4),
                "history_days": baseline.days,
                "top_day": baseline.top_day,
                "burst_share": assessment.burst_share,
            },
        )


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
            rate = normal_tail(abs(score))
            member.engagement_z = score if abs(score) != float("inf") else None
            if abs(score) >= params.engagement_z:
                shown = "far" if abs(score) == float("inf") else f"{score:+.1f} robust z"
                direction = "above" if score > 0 else "below"
                member.flag(
                    "engagement_outlier",
                    f"engagement rate {member.engagement_rate} is {shown} {direction} the {tier} tier's",
                    rate,
                    {"tier": tier, "tier_creators": len(members), "robust_z": member.engagement_z},
                )


def _pods(graph: Graph, assessments: Mapping[str, Assessment], params: AuthenticityParams) -> None:
    """Flag the creators of reciprocal mention rings stronger than the market's reciprocity."""
    pairs = graph.read_batch("authenticity.list_mention_pairs")
    pods, baseline = find_pods(
        pairs,
        len(assessments),
        alpha=params.pod_alpha,
        share=params.pod_share,
        permutations=params.pod_permutations,
        fixed=params.pod_mentions,
    )
    for pod in pods:
        for creator in pod.members:
            if creator not in assessments:
                continue
            assessments[creator].pods.append(pod.members)
            others = ", ".join(c for c in pod.members if c != creator)
            assessments[creator].flag(
                "engagement_pod",
                f"in a reciprocal mention ring with {others}: {pod.strength}+ mentions each way, "
                f"{pod.shares[creator]:.0%} of its mentions",
                pod.false_alarm_rate,
                {**baseline.evidence(), "strength": pod.strength, "share_to_ring": pod.shares[creator]},
            )


def _farm_pair(assessments: Mapping[str, Assessment], pair: Row, rate: float, expected: float) -> None:
    for me, other in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
        if me not in assessments:
            continue
        assessments[me].farm_partners.append(
            {"id": other, "farm_shared": pair["farm_shared"], "shared": pair["shared"]}
        )
        assessments[me].flag(
            "shared_bot_farm",
            f"{pair['farm_shared']} of the {pair['shared']} members shared with {other} "
            f"arrived in the same bursts (chance would share {expected:.2g})",
            rate,
            {
                "partner": other,
                "farm_shared": pair["farm_shared"],
                "shared": pair["shared"],
                "chance_shared": round(expected, 4),
            },
        )


def flag_creators(
    graph: Graph,
    params: AuthenticityParams | None = None,
    tier_bounds: Sequence[int] = DEFAULT_TIER_BOUNDS,
    index: IndexSource = None,
) -> list[Assessment]:
    """Assess every creator and store the results on it, and `suspicious` on the audience members
    (a mass follower or a burst arrival), in one write transaction."""
    params = params or AuthenticityParams()
    params.validate()
    found = resolve(graph, index)
    sticks = yardsticks(graph, params, found)
    assessments = assess_authenticity(graph, params, tier_bounds, found, sticks)
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
            run_write(tx, "authenticity.mark_mass_followers", {"mass_follows": sticks.mass.follows})
            run_write(tx, "authenticity.mark_burst_arrivals", {"burst_sizes": sticks.burst_sizes})
            return
        marked = signals.suspicious_members(found, sticks.mass.follows, sticks.burst_sizes)
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
