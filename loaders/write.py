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
The price is that the server holds the whole file's changes until commit (about 250,000
audience rows per GB of heap); bigger audience and mention files go through `loaders.journal`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
from neo4j import ManagedTransaction

from service.graph.db import Graph, run_read, run_write
from service.graph.version import bump

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
    """One named query, the rows it is run with (batch by batch) and what its counters mean."""

    query: str
    rows: list[Any]
    params: dict[str, Any] = field(default_factory=dict)
    # "creators": the query returns `created`; "edges": relationships created are new edges;
    # "members" / "stubs": nodes created are new members / stub creators.
    counts: str = "edges"


@dataclass
class WriteCounts:
    created: int = 0
    members_created: int = 0
    stubs_created: int = 0

    def add(self, counts: str, counters: Mapping[str, int]) -> None:
        """Add one write's server counters to the total its plan counts (`WritePlan.counts`)."""
        if counts == "edges":
            self.created += counters.get("relationships_created", 0)
        elif counts == "members":
            self.members_created += counters.get("nodes_created", 0)
        else:
            self.stubs_created += counters.get("nodes_created", 0)


def creator_plans(values: pd.DataFrame, loaded_at: datetime) -> list[WritePlan]:
    """Creator rows, one per id (later rows win column by column)."""
    merged: dict[str, Record] = {}
    for record in values.to_dict("records"):
        props = {key: record[key] for key in CREATOR_PROPERTIES if _present(record[key])}
        merged.setdefault(record["id"], {}).update(props)
    rows = [
        {"id": creator_id, "props": props, "topics": props.get("topics")}
        for creator_id, props in merged.items()
    ]
    return [WritePlan("loaders.merge_creators", rows, {"loaded_at": loaded_at}, "creators")] if rows else []


def stub_plans(stub_ids: set[str]) -> list[WritePlan]:
    """Stub creators for the ids --create-missing lets through (merged before the edges)."""
    return [WritePlan("loaders.merge_stub_creators", sorted(stub_ids), counts="stubs")] if stub_ids else []


# The audience edge kinds: (kind value, write query, time property, how duplicates pick the time).
EDGE_KINDS = (
    ("follows", "loaders.merge_follows", "since", "min"),
    ("engaged", "loaders.merge_engaged_with", "last_at", "max"),
)


@dataclass
class EdgeFrame:
    """One audience edge kind's rows, one per (member, creator): weight summed, time picked."""

    kind: str
    query: str
    prop: str
    frame: pd.DataFrame  # member_id, creator_id, weight (float), time (UTC timestamps)


def audience_edge_frames(values: pd.DataFrame) -> list[EdgeFrame]:
    """FOLLOWS and ENGAGED_WITH rows, duplicates aggregated (shared by the online and bulk paths)."""
    frames = []
    for kind, query, prop, pick in EDGE_KINDS:
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
            }
        )
        if frame.duplicated(["member_id", "creator_id"]).any():
            frame = (
                frame.groupby(["member_id", "creator_id"], sort=False)
                .agg(weight=("weight", "sum"), time=("time", pick))
                .reset_index()
            )
        frames.append(EdgeFrame(kind, query, prop, frame))
    return frames


def audience_plans(values: pd.DataFrame) -> list[WritePlan]:
    """Members first, then FOLLOWS rows and ENGAGED_WITH rows, one per (member, creator) each."""
    if values.empty:
        return []
    plans = [WritePlan("loaders.merge_audience_members", _member_rows(values), counts="members")]
    for edges in audience_edge_frames(values):
        frame = edges.frame
        rows = [
            {"member_id": member_id, "creator_id": creator_id, "weight": weight, edges.prop: when}
            for member_id, creator_id, weight, when in zip(
                frame["member_id"].tolist(),
                frame["creator_id"].tolist(),
                frame["weight"].tolist(),
                _python_times(frame["time"], as_date=edges.kind == "follows"),
                strict=True,
            )
        ]
        plans.append(WritePlan(edges.query, rows))
    return plans


def member_frame(values: pd.DataFrame) -> pd.DataFrame:
    """One row per member (`member_id`, then the platform and demographic columns given at all):
    the last non-empty value given for it."""
    columns = [name for name in ("platform", *DEMOGRAPHICS) if values[name].notna().any()]
    if not columns:
        return pd.DataFrame({"member_id": values["member_id"].unique()})
    members = values.groupby("member_id", sort=False)[columns].last().reset_index()
    return members.astype(object).where(members.notna(), None)


def _member_rows(values: pd.DataFrame) -> list[Record]:
    """One row per member: the last non-empty platform and demographics given for it."""
    members = member_frame(values)
    columns = [name for name in members.columns if name != "member_id"]
    if not columns:
        return [{"id": member_id} for member_id in members["member_id"].tolist()]
    return [
        {"id": record["member_id"], **{name: record[name] for name in columns}}
        for record in members.to_dict("records")
    ]


def mention_frame(values: pd.DataFrame) -> pd.DataFrame:
    """MENTIONED rows, one per (source, target, kind): counts summed, first/last times kept."""
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
    return frame


def mention_plans(values: pd.DataFrame) -> list[WritePlan]:
    """MENTIONED rows, one per (source, target, kind)."""
    if values.empty:
        return []
    frame = mention_frame(values)
    rows = [
        {
            "source_id": source_id,
            "target_id": target_id,
            "kind": kind,
            "count": count,
            "first_at": first,
            "last_at": last,
        }
        for source_id, target_id, kind, count, first, last in zip(
            frame["source_id"].tolist(),
            frame["target_id"].tolist(),
            frame["kind"].tolist(),
            frame["count"].tolist(),
            _python_times(frame["first_at"], as_date=False),
            _python_times(frame["last_at"], as_date=False),
            strict=True,
        )
    ]
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
                params = {"rows": batch, **plan.params}
                if plan.counts == "creators":
                    counts.created += run_read(tx, plan.query, params)[0]["created"]
                else:
                    counts.add(plan.counts, run_write(tx, plan.query, params))
                done += len(batch)
                if progress is not None:
                    progress(source, done, total)
        record_change(tx)
        return counts

    return graph.transaction(work)


def record_change(tx: ManagedTransaction) -> None:
    """Count a load in the data version, inside the transaction that commits it (a file's one
    transaction; a journaled load's start and end): derived views built before it are stale."""
    bump(tx, "loads")


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


def date_text(stamps: pd.Series) -> pd.Series:
    """UTC timestamps as ISO dates (what `stamp.date()` gives), None when missing; for the bulk files
    and the fast writer, which send times as text. Formatted by numpy (strftime is per element)."""
    return _stamp_text(stamps, "D")


def datetime_text(stamps: pd.Series) -> pd.Series:
    """UTC timestamps as ISO date-times to the microsecond with `Z` (as the driver sends them)."""
    return _stamp_text(stamps, "us")


def _stamp_text(stamps: pd.Series, unit: Literal["D", "us"]) -> pd.Series:
    if not stamps.notna().any():
        return pd.Series([None] * len(stamps), index=stamps.index, dtype=object)
    utc: pd.Series = (
        stamps.dt.tz_convert("UTC")
        if isinstance(stamps.dtype, pd.DatetimeTZDtype)
        else pd.to_datetime(stamps, utc=True)
    )
    naive = utc.dt.tz_localize(None).to_numpy().astype(f"datetime64[{unit}]")
    # Formatted once per distinct time (an audience file's millions of rows hold a few thousand
    # dates): numpy's formatting costs ~0.6 us a value, hashing the int64 ticks far less.
    codes, ticks = pd.factorize(naive.view(np.int64))
    distinct = np.datetime_as_string(ticks.astype(f"datetime64[{unit}]"), unit=unit).astype(object)
    if unit != "D":
        distinct = distinct + "Z"
    text = distinct[codes]
    return pd.Series(text, index=stamps.index, dtype=object).where(utc.notna(), None)
