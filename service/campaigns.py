"""Campaign simulation and planning: the Python API behind `influence-map simulate` and `plan`.

`simulate(graph, creator_ids)` measures a set of creators exactly, in Cypher, over the audience
edges: a member is reached by a creator it FOLLOWS or ENGAGED_WITH (both edges count as one
exposure). `plan(graph, PlanRequest(...))` fetches a filtered candidate pool and its audiences once,
runs the greedy loop of `service.planner` and then simulates the chosen set.

Bad input raises `ServiceError(400, "invalid_input", "<field>: ...", {"field": ...})`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from service.authenticity import AUDIENCES, raw_and_cleaned_reach, require_assessment
from service.db import Graph
from service.errors import ServiceError
from service.planner import GOALS, Candidate, Objective, Step, greedy_plan
from service.tiers import DEFAULT_TIER_BOUNDS, tier_range

# The frequency distribution groups everyone reached this many times or more in one bucket.
TOP_BUCKET = 7
DEFAULT_POOL_SIZE = 1000
_PROPERTY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def invalid(field_name: str, message: str, **details: Any) -> ServiceError:
    """A 400 error naming the request field at fault."""
    return ServiceError(400, "invalid_input", f"{field_name}: {message}", {"field": field_name, **details})


@dataclass(frozen=True)
class ClusterReach:
    """How far a campaign reaches into one cluster's audience."""

    cluster: int
    reach: int
    audience: int
    share: float
    creators: list[str]


@dataclass(frozen=True)
class CreatorReach:
    """One chosen creator's audience, and the part of it no other chosen creator reaches."""

    id: str
    audience: int
    exclusive: int


@dataclass(frozen=True)
class Simulation:
    """The exact reach and frequency of a set of creators. `frequency` maps exposures to people."""

    creator_ids: list[str]
    unique_reach: int
    impressions: float
    average_frequency: float
    frequency: dict[str, int]
    effective_frequency: int
    effective_reach: int
    weighted: bool
    audience: str
    clusters: list[ClusterReach]
    creators: list[CreatorReach]
    # The set's reach on raw and on cleaned audiences whichever audience the rest measures.
    side_by_side: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def unique_ids(values: Sequence[str], field_name: str) -> list[str]:
    """The ids in order without repeats; each must be a non-empty string."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise invalid(field_name, "must be a list of creator ids")
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise invalid(field_name, f"{value!r} is not a creator id")
    return list(dict.fromkeys(v.strip() for v in values))


def known_creators(graph: Graph, ids: Sequence[str], field_name: str) -> dict[str, dict[str, Any]]:
    """The creators' rows by id; a 400 naming `field_name` and the unknown ids if any is missing."""
    rows = {row["id"]: row for row in graph.read("campaigns.get_creators", creator_ids=list(ids))}
    unknown = [i for i in ids if i not in rows]
    if unknown:
        raise invalid(field_name, f"unknown creator id(s): {', '.join(unknown)}", unknown=unknown)
    return rows


def simulate(
    graph: Graph,
    creator_ids: Sequence[str],
    frequency: int = 3,
    weighted: bool = False,
    audience: str = "raw",
) -> Simulation:
    """Reach, impressions, frequency distribution, effective reach, clusters and exclusives of a set.

    Unweighted, every exposure counts 1. `weighted` makes each exposure count its edge weight in
    `impressions`, `average_frequency` and `effective_reach` (a member is effectively reached when
    its summed weights reach `frequency`); the distribution always counts exposures.
    `audience="cleaned"` measures without the members marked suspicious (409 before any assessment).
    """
    ids = unique_ids(creator_ids, "creator_ids")
    if not ids:
        raise invalid("creator_ids", "name at least one creator")
    if isinstance(frequency, bool) or not isinstance(frequency, int) or frequency < 1:
        raise invalid("frequency", f"must be an integer >= 1, got {frequency!r}")
    if not isinstance(weighted, bool):
        raise invalid("weighted", f"must be true or false, got {weighted!r}")
    cleaned = audience_is_cleaned(graph, audience)
    known_creators(graph, ids, "creator_ids")
    rows = graph.read(
        "campaigns.get_frequency_distribution", creator_ids=ids, frequency=float(frequency), cleaned=cleaned
    )
    reach = sum(r["people"] for r in rows)
    if weighted:
        impressions: float = sum(r["weighted_impressions"] for r in rows)
        effective = sum(r["weighted_effective"] for r in rows)
    else:
        impressions = sum(r["exposures"] * r["people"] for r in rows)
        effective = sum(r["people"] for r in rows if r["exposures"] >= frequency)
    return Simulation(
        creator_ids=ids,
        unique_reach=reach,
        impressions=impressions,
        average_frequency=round(impressions / reach, 4) if reach else 0.0,
        frequency=frequency_buckets(rows),
        effective_frequency=frequency,
        effective_reach=effective,
        weighted=weighted,
        audience=audience,
        clusters=[
            ClusterReach(
                r["cluster"], r["reach"], r["audience"], round(r["reach"] / r["audience"], 4), r["creators"]
            )
            for r in graph.read("campaigns.get_cluster_reach", creator_ids=ids, cleaned=cleaned)
        ],
        creators=[
            CreatorReach(**r)
            for r in graph.read("campaigns.get_exclusive_audience", creator_ids=ids, cleaned=cleaned)
        ],
        side_by_side=raw_and_cleaned_reach(graph, ids),
    )


def audience_is_cleaned(graph: Graph, audience: Any) -> bool:
    """True for "cleaned" (after checking an assessment exists), False for "raw"; else a 400."""
    if audience not in AUDIENCES:
        raise invalid("audience", f"must be one of {', '.join(AUDIENCES)}, got {audience!r}")
    if audience == "cleaned":
        require_assessment(graph)
    return bool(audience == "cleaned")


def simulate_from_mapping(graph: Graph, data: Mapping[str, Any]) -> Simulation:
    """`simulate` from a JSON body {"creator_ids": [...], "frequency": 3, "weighted": false}."""
    if not isinstance(data, Mapping):
        raise invalid("body", "must be a JSON object")
    unknown = sorted(set(data) - {"creator_ids", "frequency", "weighted", "audience"})
    if unknown:
        raise invalid(unknown[0], "unknown field", unknown=unknown)
    if "creator_ids" not in data:
        raise invalid("creator_ids", "is required")
    return simulate(
        graph,
        data["creator_ids"],
        data.get("frequency", 3),
        data.get("weighted", False),
        data.get("audience", "raw"),
    )


def frequency_buckets(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """People reached exactly 1..6 times, and `7+`; every bucket present, zero when empty."""
    buckets = {str(n): 0 for n in range(1, TOP_BUCKET)} | {f"{TOP_BUCKET}+": 0}
    for row in rows:
        key = str(row["exposures"]) if row["exposures"] < TOP_BUCKET else f"{TOP_BUCKET}+"
        buckets[key] += row["people"]
    return buckets


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: the goal, how many creators (or a budget) and the constraints on candidates.

    `cluster` makes the cluster's audience the target (only its members count towards any goal).
    `frequency` is the threshold of the frequency goal, `min_cluster_reach` the bridge goal's
    minimum reach per cluster. A budget needs `cost_property`, the Creator property with the cost.
    `audience="cleaned"` plans on audiences without the members marked suspicious.
    """

    goal: str = "reach"
    k: int | None = 4
    cluster: int | None = None
    frequency: int = 3
    min_cluster_reach: int = 1
    tier: str | None = None
    topics: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_engagement: float | None = None
    budget: float | None = None
    cost_property: str | None = None
    pool_size: int = DEFAULT_POOL_SIZE
    # Creators with authenticity flags (service/authenticity.py) are left out unless this is true;
    # required ones are always in.
    include_flagged: bool = False
    audience: str = "raw"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PlanRequest:
        """Build a request from a JSON body, naming the field of any bad value."""
        if not isinstance(data, Mapping):
            raise invalid("body", "must be a JSON object")
        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:
            raise invalid(unknown[0], "unknown field", unknown=unknown)
        values = dict(data)
        for name in ("topics", "countries", "require", "exclude"):
            if name in values:
                values[name] = tuple(_strings(values[name], name))
        request = cls(**values)
        request.validate()
        return request

    def validate(self) -> None:
        """Check every field's type and range; raises a 400 naming the first bad field."""
        if self.goal not in GOALS:
            raise invalid("goal", f"unknown goal {self.goal!r}; use one of {', '.join(GOALS)}")
        _check_int("k", self.k, 1, optional=True)
        _check_int("cluster", self.cluster, None, optional=True)
        _check_int("frequency", self.frequency, 1)
        _check_int("min_cluster_reach", self.min_cluster_reach, 1)
        _check_int("pool_size", self.pool_size, 1)
        if not isinstance(self.include_flagged, bool):
            raise invalid("include_flagged", "must be true or false")
        if self.audience not in AUDIENCES:
            raise invalid("audience", f"must be one of {', '.join(AUDIENCES)}, got {self.audience!r}")
        if self.k is None and self.budget is None:
            raise invalid("k", "give k, a budget, or both")
        if self.tier is not None:
            tier_range(self.tier)
        _check_number("min_engagement", self.min_engagement)
        _check_number("budget", self.budget)
        if self.budget is not None and self.cost_property is None:
            raise invalid("cost_property", "a budget needs the Creator property that holds each cost")
        if self.cost_property is not None and not (
            isinstance(self.cost_property, str) and _PROPERTY_NAME.match(self.cost_property)
        ):
            raise invalid("cost_property", f"{self.cost_property!r} is not a property name")
        both = set(self.require) & set(self.exclude)
        if both:
            raise invalid("require", f"required and excluded at once: {', '.join(sorted(both))}")
        if self.k is not None and len(set(self.require)) > self.k:
            raise invalid("require", f"{len(set(self.require))} required creators but k is {self.k}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _strings(value: Any, name: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise invalid(name, "must be a list of strings")
    return [v for v in value if v.strip()]


def _check_int(name: str, value: Any, minimum: int | None, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, f"must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise invalid(name, f"must be >= {minimum}, got {value}")


def _check_number(name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise invalid(name, f"must be a number >= 0, got {value!r}")


@dataclass(frozen=True)
class PlanPick:
    """One chosen creator and why: its marginal `gain` on the goal when it was picked, `progress`
    towards the goal, `new_reach` (target members no earlier pick reached) and the goal's `total`
    after it."""

    id: str
    handle: str | None
    followers: int | None
    cluster: int | None
    cost: float | None
    required: bool
    gain: int
    progress: int
    new_reach: int
    total: int


@dataclass(frozen=True)
class Plan:
    """A plan: the picks in order, the goal's value, what was spent and the simulation of the set."""

    goal: str
    request: PlanRequest
    picks: list[PlanPick]
    objective: int
    target_size: int | None
    pool_size: int
    spent: float | None
    simulation: Simulation | None
    notes: list[str] = field(default_factory=list)

    @property
    def creator_ids(self) -> list[str]:
        return [pick.id for pick in self.picks]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def plan(graph: Graph, request: PlanRequest, tier_bounds: Sequence[int] = DEFAULT_TIER_BOUNDS) -> Plan:
    """Choose creators for the request's goal with the greedy loop; then simulate the chosen set."""
    request.validate()
    cleaned = audience_is_cleaned(graph, request.audience)
    require = unique_ids(request.require, "require")
    known_creators(graph, require, "require")
    known_creators(graph, unique_ids(request.exclude, "exclude"), "exclude")
    target_ids = _target_creator_ids(graph, request.cluster)
    rows = _candidate_rows(graph, request, require, target_ids, tier_bounds, cleaned)
    # Required creators lead the pool in the order the request names them (a stable sort).
    rows.sort(key=lambda row: require.index(row["id"]) if row["required"] else len(require))
    notes: list[str] = []
    if request.budget is not None:
        rows, unpriced = _priced(rows, request)
        if unpriced:
            notes.append(
                f"{len(unpriced)} candidate(s) without a numeric {request.cost_property} were left out"
            )
    numbers = MemberNumbers()
    audiences = {
        row["id"]: numbers.of(row["members"])
        for row in graph.read(
            "campaigns.get_candidate_audiences", creator_ids=[r["id"] for r in rows], cleaned=cleaned
        )
    }
    target = _target_members(graph, target_ids, numbers, cleaned)
    objective = Objective(
        request.goal,
        target,
        request.frequency,
        request.min_cluster_reach,
        _member_clusters(graph, request, rows, numbers, cleaned),
    )
    candidates = [
        Candidate(r["id"], audiences.get(r["id"], frozenset()), float(r["cost"] or 0.0), r["required"])
        for r in rows
    ]
    steps = greedy_plan(candidates, objective, request.k, request.budget)
    if request.k is not None and len(steps) < request.k:
        notes.append(f"stopped after {len(steps)} pick(s): no other candidate adds to the goal or fits")
    picks = [_pick(step, rows) for step in steps]
    spent = sum(p.cost or 0.0 for p in picks) if request.budget is not None else None
    return Plan(
        goal=request.goal,
        request=request,
        picks=picks,
        objective=objective.value(),
        target_size=None if target is None else len(target),
        pool_size=len(rows),
        spent=spent,
        simulation=(
            simulate(graph, [p.id for p in picks], request.frequency, audience=request.audience)
            if picks
            else None
        ),
        notes=notes,
    )


class MemberNumbers:
    """Maps member keys (elementIds) to small integers, so audiences are compact int sets."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def of(self, keys: Sequence[str]) -> frozenset[int]:
        return frozenset(self.numbers.setdefault(key, len(self.numbers)) for key in keys)


def _target_creator_ids(graph: Graph, cluster: int | None) -> list[str] | None:
    if cluster is None:
        return None
    ids = [row["id"] for row in graph.read("campaigns.get_cluster_creators", cluster=cluster)]
    if not ids:
        raise invalid("cluster", f"no creators in cluster {cluster}", cluster=cluster)
    return ids


def _target_members(
    graph: Graph, creator_ids: list[str] | None, numbers: MemberNumbers, cleaned: bool
) -> frozenset[int] | None:
    if creator_ids is None:
        return None
    row = graph.read_one("campaigns.get_target_audience", creator_ids=creator_ids, cleaned=cleaned)
    return numbers.of(row["members"] if row else [])


def _candidate_rows(
    graph: Graph,
    request: PlanRequest,
    require: list[str],
    target_ids: list[str] | None,
    tier_bounds: Sequence[int],
    cleaned: bool,
) -> list[dict[str, Any]]:
    """The filtered pool, best first: by followers, or with a target by the target members reached
    (so a bounded pool keeps the creators that matter for that audience, whatever their size)."""
    low, high = tier_range(request.tier, tier_bounds) if request.tier else (None, None)
    by_target = {} if target_ids is None else {"target_ids": target_ids, "cleaned": cleaned}
    return graph.read(
        "campaigns.get_candidates" if target_ids is None else "campaigns.get_target_candidates",
        **by_target,
        require_ids=require,
        exclude_ids=list(request.exclude),
        min_followers=low,
        max_followers=high,
        min_engagement=request.min_engagement,
        countries=list(request.countries),
        topics=[t.lower() for t in request.topics],
        cost_property=request.cost_property,
        pool_size=max(request.pool_size, len(require)),
        include_flagged=bool(request.include_flagged),
    )


def _priced(rows: list[dict[str, Any]], request: PlanRequest) -> tuple[list[dict[str, Any]], list[str]]:
    """Candidates with a usable cost; a required creator without one is an error."""

    def usable(cost: Any) -> bool:
        return isinstance(cost, int | float) and not isinstance(cost, bool) and cost >= 0

    for row in rows:
        if row["required"] and not usable(row["cost"]):
            raise invalid("require", f"creator {row['id']} has no numeric {request.cost_property}")
    required_cost = sum(float(r["cost"]) for r in rows if r["required"])
    if request.budget is not None and required_cost > request.budget:
        raise invalid("budget", f"the required creators alone cost {required_cost:g} > {request.budget:g}")
    return [r for r in rows if usable(r["cost"])], [r["id"] for r in rows if not usable(r["cost"])]


def _member_clusters(
    graph: Graph, request: PlanRequest, rows: list[dict[str, Any]], numbers: MemberNumbers, cleaned: bool
) -> dict[int, list[int]]:
    """Member number -> clusters whose audience it is in (only the bridge goal needs it)."""
    if request.goal != "bridge":
        return {}
    found = graph.read("campaigns.get_member_clusters", creator_ids=[r["id"] for r in rows], cleaned=cleaned)
    return {numbers.numbers[r["member"]]: r["clusters"] for r in found if r["member"] in numbers.numbers}


def _pick(step: Step, rows: list[dict[str, Any]]) -> PlanPick:
    row = next(r for r in rows if r["id"] == step.id)
    return PlanPick(
        id=step.id,
        handle=row["handle"],
        followers=row["followers"],
        cluster=row["cluster"],
        cost=row["cost"],
        required=step.required,
        gain=step.gain,
        progress=step.progress,
        new_reach=step.new_reach,
        total=step.total,
    )


def plan_lines(result: Plan) -> Iterable[str]:
    """A plan as text: the goal, each pick with its marginal gain, and the picked set's reach."""
    yield (
        f"goal: {result.goal}   audience: {result.request.audience}   candidates: {result.pool_size}   "
        f"target: {result.target_size or 'everyone'}"
    )
    for n, p in enumerate(result.picks, 1):
        why = "required" if p.required else "greedy"
        yield (
            f"{n}. {p.id} ({why}) gain {p.gain}  progress {p.progress}  "
            f"new reach {p.new_reach}  total {p.total}"
        )
    yield f"objective: {result.objective}" + (
        f"   spent: {result.spent:g}" if result.spent is not None else ""
    )
    if result.simulation:
        s = result.simulation
        yield (
            f"unique reach {s.unique_reach}, impressions {s.impressions:g}, "
            f"effective reach {s.effective_reach}"
        )
        yield side_by_side_line(s)
    for note in result.notes:
        yield f"note: {note}"


def side_by_side_line(simulation: Simulation) -> str:
    """The set's unique reach on raw and on cleaned audiences, as one line of text."""
    raw, cleaned = simulation.side_by_side["raw"], simulation.side_by_side["cleaned"]
    return (
        f"raw audiences: reach {raw['unique_reach']}, impressions {raw['impressions']}   "
        f"cleaned: reach {cleaned['unique_reach']}, impressions {cleaned['impressions']}"
    )
