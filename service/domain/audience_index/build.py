"""Building the audience index from Neo4j in one streaming pass, and refreshing it in part.

`build_index`: one read transaction: the stamp first (`service.graph.version`), then the creators,
then each creator's memberships (`audience_index.stream_creator_memberships`, one row per
creator, consumed record by record), then every member as one row of columns
(`audience_index.stream_members`): 2,000 and 1 records at 2.1M rows, where one record per member
meant 300,000 and about 30 us of the driver's time each. Neo4j reads are read-committed, so a
write that commits during the stream may or may not be seen; every such write also bumps the
version, so the index, labelled with the stamp read BEFORE the stream, is stale for the next
reader and is rebuilt. An unfinished journaled load refuses the build (`IndexUnavailable`).

`refresh_index`: when the only changes since an index's stamp are assessments and analysis
publications (same audience: no load, same counts), only the creators' properties (clusters,
scores, flags: a few thousand rows) and, after an assessment, the suspicious members' node ids are
read again; the bitmaps of the audience are reused. Seconds instead of a full stream.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from neo4j import ManagedTransaction

from service.domain.audience_index.index import (
    EMPTY,
    AudienceIndex,
    Bitmap,
    CreatorInfo,
    DayArray,
    FloatArray,
    bitmap_of,
    cleaned_of,
)
from service.graph.db import Graph, run_read
from service.graph.queries import get_query
from service.graph.version import DataStamp, read_stamp_in

# Exposure weights are stored only for memberships with a weight other than this.
UNIT_WEIGHT = 1.0
# A FOLLOWS edge without `since`, or an ENGAGED_WITH-only membership, as streamed (yyyymmdd).
NO_SINCE = -1


class IndexUnavailable(Exception):
    """The index cannot be built now (a journaled load is unfinished); use the Cypher path."""


def build_index(graph: Graph, fetch_size: int = 10_000) -> AudienceIndex:
    """Stream the audience out of Neo4j and build the index (see the module docs)."""
    started = time.perf_counter()
    index = graph.read_transaction(_build, fetch_size)
    index.build_seconds = time.perf_counter() - started
    return index


def refresh_index(graph: Graph, index: AudienceIndex) -> AudienceIndex | None:
    """A new index at the current stamp reusing `index`'s audience, or None when the audience
    itself changed (then only a full build will do)."""
    started = time.perf_counter()
    refreshed = graph.read_transaction(lambda tx: _refresh(tx, index))
    if refreshed is not None:
        refreshed.build_seconds = time.perf_counter() - started
    return refreshed


def _creators(tx: ManagedTransaction) -> list[CreatorInfo]:
    return [CreatorInfo.from_row(r.data()) for r in tx.run(get_query("audience_index.stream_creators").text)]


def _assessed(tx: ManagedTransaction) -> bool:
    rows = run_read(tx, "authenticity.get_assessed", {})
    return bool(rows and rows[0]["assessed"])


def _build(tx: ManagedTransaction) -> AudienceIndex:
    stamp, loading = read_stamp_in(tx)
    if loading:
        raise IndexUnavailable("a journaled load is unfinished")
    creators = _creators(tx)
    position = {creator.id: n for n, creator in enumerate(creators)}
    empty = Memberships(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros(0, np.int32))
    reached = [empty] * len(creators)
    for record in tx.run(get_query("audience_index.stream_creator_memberships").text):
        creator, nodes, weights, days = record.values()
        if creator in position:  # a creator added since _creators: the stamp is stale anyway
            reached[position[creator]] = Memberships(
                np.asarray(nodes, dtype=np.int64),
                np.asarray(weights, dtype=np.float64),
                np.asarray(days, dtype=np.int32),
            )
    # The members after the memberships: a member added in between has no membership here (the
    # stamp is stale then, and the index rebuilt by the next reader); one deleted in between is
    # dropped from its creators' memberships below.
    record = tx.run(get_query("audience_index.stream_members").text).single(strict=True)
    nodes, marks, follows = record.values()
    members = Members(np.asarray(nodes, dtype=np.int64))
    suspicious = np.flatnonzero(np.asarray(marks, dtype=np.bool_)).astype(np.uint32)
    return _assemble(
        stamp,
        creators,
        [members.numbered(memberships) for memberships in reached],
        np.asarray(follows, dtype=np.uint32),
        members.nodes,
        suspicious,
        _assessed(tx),
    )


@dataclass(frozen=True)
class Memberships:
    """One creator's edges as streamed: member node ids, exposure weights, days (yyyymmdd)."""

    nodes: npt.NDArray[np.int64]
    weights: FloatArray
    days: npt.NDArray[np.int32]


class Members:
    """Member numbers: a member's number is its place in `nodes` (the stream's order)."""

    def __init__(self, nodes: npt.NDArray[np.int64]) -> None:
        self.nodes = nodes
        self._order = np.argsort(nodes, kind="stable")
        self._sorted = nodes[self._order]

    def numbered(
        self, memberships: Memberships
    ) -> tuple[npt.NDArray[np.uint32], FloatArray, npt.NDArray[np.int32]]:
        """(numbers, weights, days) of a creator's distinct members in member-number order (bitmap
        order): a member with two edges keeps the larger weight and day (the FOLLOWS day: an
        ENGAGED_WITH edge has NO_SINCE). Nodes that are not members (deleted since the
        memberships' read) are left out."""
        at = np.searchsorted(self._sorted, memberships.nodes)
        last = max(len(self._sorted) - 1, 0)
        known = (at < len(self._sorted)) & (self._sorted[np.minimum(at, last)] == memberships.nodes)
        numbers = self._order[at[known]]
        ordered = np.argsort(numbers, kind="stable")
        numbers = numbers[ordered]
        weights = memberships.weights[known][ordered]
        days = memberships.days[known][ordered]
        if len(numbers) and bool((numbers[1:] == numbers[:-1]).any()):
            first = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
            numbers = numbers[first]
            weights = np.maximum.reduceat(weights, first)
            days = np.maximum.reduceat(days, first)
        return numbers.astype(np.uint32), weights, days


def _assemble(
    stamp: DataStamp,
    creators: list[CreatorInfo],
    memberships: list[tuple[npt.NDArray[np.uint32], FloatArray, npt.NDArray[np.int32]]],
    follows: npt.NDArray[np.uint32],
    nodes: npt.NDArray[np.int64],
    suspicious_numbers: npt.NDArray[np.uint32],
    assessed: bool,
) -> AudienceIndex:
    """Turn each creator's numbered memberships into frozen bitmaps and compact side arrays
    (exposure weights are kept only where they differ from UNIT_WEIGHT)."""
    suspicious = bitmap_of(suspicious_numbers) if len(suspicious_numbers) else EMPTY
    raw: list[Bitmap] = [bitmap_of(numbers) if len(numbers) else EMPTY for numbers, _, _ in memberships]
    weighted: list[Bitmap] = []
    weight_values: list[FloatArray | None] = []
    for numbers, weights, _ in memberships:
        other = weights != UNIT_WEIGHT
        weighted.append(bitmap_of(numbers[other]) if other.any() else EMPTY)
        weight_values.append(weights[other].copy() if other.any() else None)
    day_numbers = [_day_numbers(days) if len(days) else None for _, _, days in memberships]
    base, narrowed = _narrow_days(day_numbers)
    return AudienceIndex(
        stamp=stamp,
        creators=creators,
        members=len(follows),
        node_ids=nodes.copy(),
        raw=raw,
        cleaned=cleaned_of(raw, suspicious),
        suspicious=suspicious,
        assessed=assessed,
        weighted=weighted,
        weight_values=weight_values,
        days=narrowed,
        day_base=base,
        follows=follows.copy(),
    )


def _day_numbers(ymd: npt.NDArray[np.int32]) -> npt.NDArray[np.int64] | None:
    """yyyymmdd -> days since 1970-01-01 (proleptic Gregorian), NO_SINCE kept; None when no
    membership of the creator has a day."""
    valid = ymd != NO_SINCE
    if not valid.any():
        return None
    value = ymd.astype(np.int64)
    year, month, day = value // 10000, (value // 100) % 100, value % 100
    year = year - (month <= 2)
    era = np.floor_divide(year, 400)
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    numbers = era * 146097 + day_of_era - 719468
    return np.where(valid, numbers, np.iinfo(np.int64).min)


def _narrow_days(day_numbers: list[npt.NDArray[np.int64] | None]) -> tuple[int, list[DayArray | None]]:
    """Day numbers relative to the market's first day: 2 bytes each while the days span less than
    65535 (179 years; 0xFFFF = no day), else 4 (-1 = no day)."""
    missing = np.iinfo(np.int64).min
    lows = [int(d[d != missing].min()) for d in day_numbers if d is not None]
    highs = [int(d.max()) for d in day_numbers if d is not None]
    if not lows:
        return 0, [None] * len(day_numbers)
    base, span = min(lows), max(highs) - min(lows)
    narrow = span < 0xFFFF
    out: list[DayArray | None] = []
    for d in day_numbers:
        if d is None:
            out.append(None)
            continue
        relative = np.where(d == missing, 0xFFFF if narrow else -1, d - base)
        out.append(relative.astype(np.uint16) if narrow else relative.astype(np.int32))
    return base, out


def _refresh(tx: ManagedTransaction, index: AudienceIndex) -> AudienceIndex | None:
    stamp, loading = read_stamp_in(tx)
    if loading or not stamp.only_marks_or_clusters_changed_since(index.stamp):
        return None
    creators = _creators(tx)
    if [c.id for c in creators] != index.creator_ids:
        return None
    changes: dict[str, Any] = {"stamp": stamp, "creators": creators, "how": "refreshed"}
    if stamp.assessments != index.stamp.assessments:
        nodes = np.array(
            [r["node"] for r in tx.run(get_query("audience_index.stream_suspicious_members").text)],
            dtype=np.int64,
        )
        numbers = member_numbers_of_nodes(index, nodes)
        if numbers is None:
            return None
        suspicious = bitmap_of(numbers) if len(numbers) else EMPTY
        changes |= {
            "suspicious": suspicious,
            "cleaned": cleaned_of(index.raw, suspicious),
            "assessed": _assessed(tx),
        }
    return replace(index, **changes, _cluster_cache={}, _memo={})


def member_numbers_of_nodes(
    index: AudienceIndex, nodes: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint32] | None:
    """The member numbers of these node ids (None if one is not a member the index holds)."""
    if not len(nodes):
        return np.zeros(0, dtype=np.uint32)
    order = np.argsort(index.node_ids, kind="stable")
    ordered = index.node_ids[order]
    at = np.searchsorted(ordered, nodes)
    if bool((at >= len(ordered)).any()) or not bool(
        (ordered[np.minimum(at, len(ordered) - 1)] == nodes).all()
    ):
        return None
    return np.sort(order[at].astype(np.uint32))
