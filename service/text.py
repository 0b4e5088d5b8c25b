"""Text renderings of domain results for the terminal (the API returns the same results as JSON)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from service.domain.campaigns.plan import Plan
from service.domain.campaigns.simulate import Simulation


def explain_lines(explained: Mapping[str, Any]) -> Iterable[str]:
    """The explanation as text lines, for the CLI."""
    name = explained.get("name") or explained["id"]
    yield (
        f"{name} ({explained['id']}), cluster {explained['cluster']}: bridge_score "
        f"{explained['bridge_score']:.3f}, rank {explained['bridge_rank']} of {explained['creators']}"
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
    line = f"raw audiences: reach {raw['unique_reach']}, impressions {raw['impressions']}   "
    if cleaned is None:
        return line + "cleaned: no authenticity assessment yet (`influence-map authenticity`)"
    return line + f"cleaned: reach {cleaned['unique_reach']}, impressions {cleaned['impressions']}"
