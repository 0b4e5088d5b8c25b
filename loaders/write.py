"""Turning checked rows into query parameters, and writing one file in one transaction.

Duplicate rows (same key inside one file) are aggregated first:
- creators, key `id`: later rows win, column by column (an empty cell never erases a value);
- audience, key (`member_id`, `creator_id`, `kind`): weights summed, the earliest `since` and the
  latest `last_at` kept, demographics from the last row that has them;
- mentions, key (`source_id`, `target_id`, `kind`): counts summed, the earliest `first_at` and the
  latest `last_at` kept.

A file is written as ONE write transaction holding several `UNWIND $rows ... MERGE` batches: the
batches keep each statement's parameters small, the single transaction makes the file all or
nothing (a failure in any batch, or the connection dropping, rolls back every batch before it).
The price is that the server holds the whole file's changes until commit; with the default heap
that is comfortable up to a few million edges per file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from neo4j import ManagedTransaction

from service.db import Graph, run_read, run_write

Progress = Callable[[str, int, int], None]  # (source, rows written so far, rows to write)
Record = dict[str, Any]

CREATOR_PROPERTIES = (
    "handle",
    "name",
    "platform",
    "followers",
    "following",
    "posts",
    "engagement_rate",
    "country",
    "language",
    "verified",
    "topics",
)
DEMOGRAPHICS = ("country", "age_band", "gender")


@dataclass
class WritePlan:
    """One named query and the rows it is run with, batch by batch."""

    query: str
    rows: list[Record]
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class WriteCounts:
    created: int = 0
    nodes_created: int = 0
    relationships_created: int = 0


def creator_plans(values: pd.DataFrame, loaded_at: datetime) -> list[WritePlan]:
    """Creator rows, one per id (later rows win column by column)."""
    merged: dict[str, Record] = {}
    for record in values.to_dict("records"):
        props = {key: record[key] for key in CREATOR_PROPERTIES if _present(record[key])}
        merged.setdefault(record["id"], {}).update(props)
    rows = [
        {"id": creator_id, "props": props, "topics": props.get("topics")} for creator_id, props in merged.items()
    ]
    return [WritePlan("loaders.merge_creators", rows, {"loaded_at": loaded_at})] if rows else []


def audience_plans(values: pd.DataFrame) -> list[WritePlan]:
    """FOLLOWS rows and ENGAGED_WITH rows, one per (member, creator) each."""
    plans = []
    for kind, query, prop, pick in (
        ("follows", "loaders.merge_follows", "since", "min"),
        ("engaged", "loaders.merge_engaged_with", "last_at", "max"),
    ):
        part = values[values["kind"] == kind]
        if part.empty:
            continue
        since = _as_timestamps(part["since"])
        time = since if kind == "follows" else _as_timestamps(part["last_at"]).fillna(since)
        frame = pd.DataFrame(
            {
                "member_id": part["member_id"],
                "creator_id": part["creator_id"],
                "weight": part["weight"].astype(float),
                "time": time,
                **{name: part[name] for name in ("platform", *DEMOGRAPHICS)},
            }
        )
        if frame.duplicated(["member_id", "creator_id"]).any():
            frame = (
                frame.groupby(["member_id", "creator_id"], sort=False)
                .agg(
                    weight=("weight", "sum"),
                    time=("time", pick),
                    **{name: (name, "last") for name in ("platform", *DEMOGRAPHICS)},
                )
                .reset_index()
            )
        times = _python_times(frame["time"], as_date=kind == "follows")
        members = _demographics(frame)
        rows = [
            {
                "member_id": member_id,
                "creator_id": creator_id,
                "platform": platform,
                "member": member,
                "props": {"weight": weight, prop: when} if when is not None else {"weight": weight},
            }
            for member_id, creator_id, platform, member, weight, when in zip(
                frame["member_id"].tolist(),
                frame["creator_id"].tolist(),
                frame["platform"].tolist(),
                members,
                frame["weight"].tolist(),
                times,
                strict=True,
            )
        ]
        plans.append(WritePlan(query, rows))
    return plans


def mention_plans(values: pd.DataFrame) -> list[WritePlan]:
    """MENTIONED rows, one per (source, target, kind)."""
    if values.empty:
        return []
    frame = pd.DataFrame(
        {
            "source_id": values["source_id"],
            "target_id": values["target_id"],
            "kind": values["kind"],
            "count": values["count"].astype("int64"),
            "first_at": _as_timestamps(values["first_at"]),
            "last_at": _as_timestamps(values["last_at"]),
        }
    )
    keys = ["source_id", "target_id", "kind"]
    if frame.duplicated(keys).any():
        frame = (
            frame.groupby(keys, sort=False)
            .agg(count=("count", "sum"), first_at=("first_at", "min"), last_at=("last_at", "max"))
            .reset_index()
        )
    rows = []
    for source_id, target_id, kind, count, first_at, last_at in zip(
        frame["source_id"].tolist(),
        frame["target_id"].tolist(),
        frame["kind"].tolist(),
        frame["count"].tolist(),
        _python_times(frame["first_at"], as_date=False),
        _python_times(frame["last_at"], as_date=False),
        strict=True,
    ):
        props = {"count": count, "first_at": first_at, "last_at": last_at}
        rows.append(
            {
                "source_id": source_id,
                "target_id": target_id,
                "kind": kind,
                "props": {key: value for key, value in props.items() if value is not None},
            }
        )
    return [WritePlan("loaders.merge_mentions", rows)]


def write_plans(
    graph: Graph, plans: list[WritePlan], batch_size: int, source: str, progress: Progress | None = None
) -> WriteCounts:
    """Run every plan, `batch_size` rows per statement, all in one write transaction."""
    total = sum(len(plan.rows) for plan in plans)

    def work(tx: ManagedTransaction) -> WriteCounts:
        # Counted afresh on every attempt: the driver re-runs this function on transient errors.
        counts = WriteCounts()
        done = 0
        for plan in plans:
            for start in range(0, len(plan.rows), batch_size):
                batch = plan.rows[start : start + batch_size]
                if plan.query == "loaders.merge_creators":
                    counts.created += run_read(tx, plan.query, {"rows": batch, **plan.params})[0]["created"]
                else:
                    counters = run_write(tx, plan.query, {"rows": batch, **plan.params})
                    counts.nodes_created += counters.get("nodes_created", 0)
                    counts.relationships_created += counters.get("relationships_created", 0)
                    counts.created += counters.get("relationships_created", 0)
                done += len(batch)
                if progress is not None:
                    progress(source, done, total)
        return counts

    return graph.transaction(work)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and value != value)


def _as_timestamps(column: pd.Series) -> pd.Series:
    """UTC timestamps (NaT when missing), whatever the column held."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return column
    return pd.to_datetime(column.astype(object).where(column.notna(), None), utc=True)


def _python_times(column: pd.Series, *, as_date: bool) -> list[date | datetime | None]:
    """Python dates or datetimes for the driver, None for NaT; fast when the column is empty."""
    if not column.notna().any():
        return [None] * len(column)
    return [
        None if pd.isna(stamp) else (stamp.date() if as_date else stamp.to_pydatetime()) for stamp in column
    ]


def _demographics(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row's member properties that are present (an empty map when the file has none)."""
    present = [name for name in DEMOGRAPHICS if frame[name].notna().any()]
    if not present:
        return [{}] * len(frame)
    columns = [frame[name].tolist() for name in present]
    return [
        {name: value for name, value in zip(present, row, strict=True) if value is not None}
        for row in zip(*columns, strict=True)
    ]
