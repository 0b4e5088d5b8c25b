"""Campaign planning: choose creators for a goal, then simulate the chosen set.

`plan(graph, PlanRequest(...))` fetches a filtered candidate pool and its audiences once, runs the
greedy loop of `service.domain.campaigns.planner` and then simulates the chosen set. With a fresh
audience index the pool is filtered on the creators' properties it holds, the audiences are its
bitmaps and the loop is the lazy one of `bitmap_planner` (the same picks).
`PlanRequest.SCHEMA` declares a request once: the API validates bodies against it, and
`PlanRequest.from_mapping` checks the same schema for the CLI and Python callers; the rules one
field cannot express (k or a budget, a budget's cost property...) are checked when the request
is made. Bad input raises `ServiceError(400, "invalid_input", "<field>: ...", {"field": ...})`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from service.domain.audience import AUDIENCES, cluster_creator_ids, is_cleaned, require_known
from service.domain.audience_index import pool
from service.domain.audience_index.index import AudienceIndex, Bitmap
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.campaigns.bitmap_planner import BitmapCandidate, BitmapObjective, lazy_greedy_plan
from service.domain.campaigns.planner import GOALS, Candidate, Objective, Step, greedy_plan
from service.domain.campaigns.simulate import Simulation, simulate
from service.domain.creators import unique_ids
from service.domain.requests import check_fields, nullable
from service.domain.tiers import DEFAULT_TIER_BOUNDS, TIERS, tier_range
from service.graph.db import Graph
from service.graph.errors import invalid_input

DEFAULT_POOL_SIZE = 1000
# The most creators one plan holds: the cap on k, and where a budget-only plan (k null) stops.
MAX_PICKS = 50
_IDS = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 200}, "maxItems": 100}
_COUNT = {"type": "integer", "minimum": 1, "maximum": 1_000_000}


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: the goal, how many creators (or a budget) and the constraints on candidates.

    `cluster` makes the cluster's audience the target (only its members count towards any goal).
    `frequency` is the threshold of the frequency goal, `min_cluster_reach` the bridge goal's
    minimum reach per cluster. A budget needs `cost_property`, the Creator property with the cost.
    `audience="cleaned"` plans on audiences without the members marked suspicious.
    JSON null is accepted exactly for the fields whose default is None (k too: null means no count,
    the budget decides, up to MAX_PICKS creators) and means that default.
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

    SCHEMA: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {
            "goal": {"type": "string", "enum": list(GOALS)},
            "k": nullable({"type": "integer", "minimum": 1, "maximum": MAX_PICKS}),
            "cluster": nullable({"type": "integer", "minimum": 0, "maximum": 1_000_000}),
            "frequency": {**_COUNT, "maximum": 100},
            "min_cluster_reach": _COUNT,
            "tier": nullable({"type": "string", "enum": list(TIERS)}),
            "topics": _IDS,
            "countries": _IDS,
            "require": _IDS,
            "exclude": _IDS,
            "min_engagement": nullable({"type": "number", "minimum": 0, "maximum": 1}),
            "budget": nullable({"type": "number", "minimum": 0, "maximum": 1e15}),
            "cost_property": nullable(
                {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
            ),
            "pool_size": {"type": "integer", "minimum": 1, "maximum": 5000},
            "include_flagged": {"type": "boolean"},
            "audience": {"type": "string", "enum": list(AUDIENCES)},
        },
    }

    def __post_init__(self) -> None:
        """The rules across fields (types and ranges are the schema's)."""
        if self.k is None and self.budget is None:
            raise invalid_input("k", "give k, a budget, or both")
        if self.budget is not None and self.cost_property is None:
            raise invalid_input("cost_property", "a budget needs the Creator property that holds each cost")
        both = set(self.require) & set(self.exclude)
        if both:
            raise invalid_input("require", f"required and excluded at once: {', '.join(sorted(both))}")
        most = MAX_PICKS if self.k is None else self.k
        if len(set(self.require)) > most:
            raise invalid_input("require", f"{len(set(self.require))} required creators but k is {most}")

    @classmethod
    def from_mapping(cls, data: Any) -> PlanRequest:
        """A request from a JSON body or CLI options, checked against SCHEMA (a 400 naming the field)."""
        check_fields(data, cls.SCHEMA)
        return cls.from_valid(data)

    @classmethod
    def from_valid(cls, data: Mapping[str, Any]) -> PlanRequest:
        """A request from a body already checked against SCHEMA (the API's)."""
        values = dict(data)
        for name in ("topics", "countries", "require", "exclude"):
            if name in values:
                values[name] = tuple(v for v in values[name] if v.strip())
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def plan(
    graph: Graph,
    request: PlanRequest,
    tier_bounds: Sequence[int] = DEFAULT_TIER_BOUNDS,
    index: IndexSource = None,
) -> Plan:
    """Choose creators for the request's goal with the greedy loop; then simulate the chosen set."""
    found = resolve(graph, index)
    cleaned = is_cleaned(graph, request.audience, found)
    require = unique_ids(request.require, "require")
    require_known(graph, require, "require", found)
    require_known(graph, unique_ids(request.exclude, "exclude"), "exclude", found)
    target_ids = _target_creator_ids(graph, request.cluster, found)
    target = None if found is None or target_ids is None else found.union(found.numbers(target_ids), cleaned)
    if found is not None:
        rows = pool.candidates(graph, found, _filters(request, require, tier_bounds), target)
    else:
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
    if found is not None:
        return _plan_on_index(graph, found, request, rows, target, cleaned, notes)
    numbers = MemberNumbers()
    audiences = {
        row["id"]: numbers.of(row["members"])
        for row in graph.read(
            "campaigns.get_candidate_audiences", creator_ids=[r["id"] for r in rows], cleaned=cleaned
        )
    }
    members = _target_members(graph, target_ids, numbers, cleaned)
    objective = Objective(
        request.goal,
        members,
        request.frequency,
        request.min_cluster_reach,
        _member_clusters(graph, request, rows, numbers, cleaned),
    )
    candidates = [
        Candidate(r["id"], audiences.get(r["id"], frozenset()), float(r["cost"] or 0.0), r["required"])
        for r in rows
    ]
    steps = greedy_plan(candidates, objective, _most_picks(request), request.budget)
    target_size = None if members is None else len(members)
    return _plan_of(graph, request, steps, rows, objective.value(), target_size, notes)


def _plan_on_index(
    graph: Graph,
    index: AudienceIndex,
    request: PlanRequest,
    rows: list[dict[str, Any]],
    target: Bitmap | None,
    cleaned: bool,
    notes: list[str],
) -> Plan:
    """The greedy loop on the index's bitmaps (lazy: see bitmap_planner), then the simulation."""
    clusters = (
        {}
        if request.goal != "bridge"
        else {c: index.cluster_audience(c, False) for c in index.cluster_creators()}
    )
    objective = BitmapObjective(request.goal, target, request.frequency, request.min_cluster_reach, clusters)
    choices = [
        BitmapCandidate(
            r["id"], index.audience(index.position[r["id"]], cleaned), float(r["cost"] or 0.0), r["required"]
        )
        for r in rows
    ]
    steps = lazy_greedy_plan(choices, objective, _most_picks(request), request.budget)
    target_size = None if target is None else len(target)
    return _plan_of(graph, request, steps, rows, objective.value(), target_size, notes, index)


def _most_picks(request: PlanRequest) -> int:
    """k, or for a budget-only plan the most picks one plan holds."""
    return request.k if request.k is not None else MAX_PICKS


def _plan_of(
    graph: Graph,
    request: PlanRequest,
    steps: Sequence[Step],
    rows: list[dict[str, Any]],
    objective: int,
    target_size: int | None,
    notes: list[str],
    index: AudienceIndex | None = None,
) -> Plan:
    """The plan of a greedy run (Cypher or index: the same notes, picks and simulation)."""
    if len(steps) < _most_picks(request):
        notes.append(f"stopped after {len(steps)} pick(s): no other candidate adds to the goal or fits")
    elif request.k is None:
        notes.append(f"stopped at {MAX_PICKS} picks, the most one plan holds")
    picks = [_pick(step, rows) for step in steps]
    spent = sum(p.cost or 0.0 for p in picks) if request.budget is not None else None
    return Plan(
        goal=request.goal,
        request=request,
        picks=picks,
        objective=objective,
        target_size=target_size,
        pool_size=len(rows),
        spent=spent,
        simulation=(
            simulate(graph, [p.id for p in picks], request.frequency, audience=request.audience, index=index)
            if picks
            else None
        ),
        notes=notes,
    )


def _filters(request: PlanRequest, require: list[str], tier_bounds: Sequence[int]) -> pool.PoolFilters:
    low, high = tier_range(request.tier, tier_bounds) if request.tier else (None, None)
    return pool.PoolFilters(
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


class MemberNumbers:
    """Maps member keys (elementIds) to small integers, so audiences are compact int sets."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def of(self, keys: Sequence[str]) -> frozenset[int]:
        return frozenset(self.numbers.setdefault(key, len(self.numbers)) for key in keys)


def _target_creator_ids(graph: Graph, cluster: int | None, index: AudienceIndex | None) -> list[str] | None:
    if cluster is None:
        return None
    ids = cluster_creator_ids(graph, cluster, index)
    if not ids:
        raise invalid_input("cluster", f"no creators in cluster {cluster}", cluster=cluster)
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
            raise invalid_input("require", f"creator {row['id']} has no numeric {request.cost_property}")
    required_cost = sum(float(r["cost"]) for r in rows if r["required"])
    if request.budget is not None and required_cost > request.budget:
        raise invalid_input(
            "budget", f"the required creators alone cost {required_cost:g} > {request.budget:g}"
        )
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
