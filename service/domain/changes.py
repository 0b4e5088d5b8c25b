"""Change over time: what moved between two analysis runs.

Every succeeded run keeps its per-creator results on `(:AnalysisRun)-[:SCORED]->(:Creator)` (the
`analysis.KEPT_RUNS` most recent ones), and cluster ids are stable across runs (a cluster keeps its
id while most of it persists), so two runs can be compared creator by creator and cluster by
cluster. The comparison itself is plain Python over the two runs' rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.graph.db import Graph, Row
from service.graph.errors import ServiceError

PREVIOUS = "previous"


@dataclass(frozen=True)
class ChangeParams:
    """What counts as a change; the defaults are documented in docs/authenticity.md."""

    # A hub or bridge score (both 0..1) moving by this much is rising or falling.
    score_change: float = 0.1
    # A cluster whose size moves by this share of its old size grew or shrank.
    size_change: float = 0.2
    # A cluster split when 2+ new clusters each took this share of its members (that are in both
    # runs); merged when it took this share from each of 2+ old clusters.
    split_share: float = 0.25
    # The strongest bridges: bridge_rank up to this (1 = the strongest).
    top_bridges: int = 10


def resolve_runs(graph: Graph, since: str, until: str | None) -> tuple[Row, Row]:
    """The two runs to compare; `since` may be "previous" (the run before `until`/the current one)."""
    runs = graph.read("changes.list_runs", limit=1000)
    by_id = {run["id"]: run for run in runs}
    current = next((run for run in runs if run["current"]), None)
    if current is None:
        raise ServiceError(409, "no_analysis", "no analysis run yet; run `influence-map analyze`", {})
    later = current if until is None else _kept(by_id, until, "until")
    if since == PREVIOUS:
        older = [run for run in runs if run["finished_at"] < later["finished_at"] and run["scored"]]
        if not older:
            raise ServiceError(409, "no_previous_run", "no earlier run with kept results to compare with", {})
        return older[0], later
    return _kept(by_id, since, "since"), later


def _kept(by_id: Mapping[str, Row], run_id: str, field_name: str) -> Row:
    run = by_id.get(run_id)
    if run is None:
        raise ServiceError(
            404, "not_found", f"{field_name}: no succeeded analysis run {run_id!r}", {"field": field_name}
        )
    if not run["scored"]:
        raise ServiceError(
            409,
            "run_pruned",
            f"{field_name}: run {run_id!r} no longer keeps its results (only the most recent runs do)",
            {"field": field_name},
        )
    return run


def changes_since(
    graph: Graph, since: str, until: str | None = None, params: ChangeParams | None = None
) -> dict[str, Any]:
    """Emerging and waning creators, new bridges and cluster changes from `since` to `until`
    (default: the current run)."""
    params = params or ChangeParams()
    older, later = resolve_runs(graph, since, until)
    before = _one_based({row["id"]: row for row in graph.read("changes.list_run_scores", run_id=older["id"])})
    after = _one_based({row["id"]: row for row in graph.read("changes.list_run_scores", run_id=later["id"])})
    emerging, waning = creator_changes(before, after, params)
    return {
        "since": {"id": older["id"], "finished_at": older["finished_at"]},
        "until": {"id": later["id"], "finished_at": later["finished_at"]},
        "emerging": emerging,
        "waning": waning,
        "new_bridges": new_bridges(before, after, params),
        "clusters": cluster_changes(_clusters_of(before), _clusters_of(after), params),
    }


def _one_based(rows: dict[str, Row]) -> dict[str, Row]:
    """Runs analysed before ranks were stored from 1 have a rank 0: shift them so two runs compare."""
    if any(row["bridge_rank"] == 0 for row in rows.values()):
        for row in rows.values():
            if row["bridge_rank"] is not None:
                row["bridge_rank"] += 1
    return rows


def _clusters_of(rows: Mapping[str, Row]) -> dict[str, int]:
    return {key: row["cluster"] for key, row in rows.items() if row["cluster"] is not None}


def creator_changes(
    before: Mapping[str, Row], after: Mapping[str, Row], params: ChangeParams
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(emerging, waning): creators with the reasons they rise or fade, by id."""
    emerging, waning = [], []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        up: list[str] = []
        down: list[str] = []
        if old is None:
            up.append("new")
        if new is None:
            down.append("gone")
        if old is not None and new is not None:
            for score in ("bridge_score", "hub_score"):
                delta = (new[score] or 0.0) - (old[score] or 0.0)
                name = score.removesuffix("_score")
                if delta >= params.score_change:
                    up.append(f"{name}_rising")
                elif delta <= -params.score_change:
                    down.append(f"{name}_falling")
            if new["is_hub"] and not old["is_hub"]:
                up.append("became_hub")
            if old["is_hub"] and not new["is_hub"]:
                down.append("lost_hub")
        if (
            new is not None
            and new["cluster"] is not None
            and (old is None or old["cluster"] != new["cluster"])
        ):
            up.append("joined_cluster")
        entry = {"id": key, "before": _scores(old), "after": _scores(new)}
        if up:
            emerging.append({**entry, "reasons": up})
        if down:
            waning.append({**entry, "reasons": down})
    return emerging, waning


def _scores(row: Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {k: row[k] for k in ("cluster", "hub_score", "is_hub", "bridge_score", "bridge_rank")}


def new_bridges(
    before: Mapping[str, Row], after: Mapping[str, Row], params: ChangeParams
) -> list[dict[str, Any]]:
    """Creators now among the top bridges that were not before, strongest first."""

    def is_top(row: Row | None) -> bool:
        return row is not None and row["bridge_rank"] is not None and row["bridge_rank"] <= params.top_bridges

    found = [
        {
            "id": key,
            "bridge_rank": row["bridge_rank"],
            "bridge_score": row["bridge_score"],
            "bridge_rank_before": None if before.get(key) is None else before[key]["bridge_rank"],
        }
        for key, row in after.items()
        if is_top(row) and not is_top(before.get(key))
    ]
    return sorted(found, key=lambda item: item["bridge_rank"])


def cluster_changes(
    before: Mapping[str, int], after: Mapping[str, int], params: ChangeParams
) -> list[dict[str, Any]]:
    """Per stable cluster id that changed: sizes and `changes` (new, dissolved, grew, shrank,
    split with `into`, merged with `from`), by cluster id."""
    old_members, new_members = _members(before), _members(after)
    both = set(before) & set(after)
    moved_to = {c: Counter(after[m] for m in members if m in both) for c, members in old_members.items()}
    came_from = {c: Counter(before[m] for m in members if m in both) for c, members in new_members.items()}
    result = []
    for cluster in sorted(set(old_members) | set(new_members)):
        size_before, size_after = len(old_members.get(cluster, ())), len(new_members.get(cluster, ()))
        entry: dict[str, Any] = {"cluster": cluster, "size_before": size_before, "size_after": size_after}
        changes: list[str] = []
        if not size_before:
            changes.append("new")
        elif not size_after:
            changes.append("dissolved")
        elif size_after - size_before >= params.size_change * size_before:
            changes.append("grew")
        elif size_before - size_after >= params.size_change * size_before:
            changes.append("shrank")
        into = _big_parts(moved_to.get(cluster, Counter()), params.split_share)
        if len(into) >= 2:
            changes.append("split")
            entry["into"] = into
        sources = _big_parts(came_from.get(cluster, Counter()), params.split_share)
        if len(sources) >= 2:
            changes.append("merged")
            entry["from"] = sources
        if changes:
            result.append({**entry, "changes": changes})
    return result


def _members(clusters: Mapping[str, int]) -> dict[int, set[str]]:
    members: dict[int, set[str]] = defaultdict(set)
    for creator, cluster in clusters.items():
        members[cluster].add(creator)
    return members


def _big_parts(parts: Counter[int], share: float) -> list[int]:
    """The clusters holding at least `share` of the counted members, by id."""
    total = sum(parts.values())
    return sorted(c for c, n in parts.items() if total and n >= share * total)
