"""The audience index: every creator's audience as a Roaring bitmap of dense member numbers.

A member is in a creator's audience when it FOLLOWS or ENGAGED_WITH the creator (both edges are
one membership). Members are numbered 0..members-1 in the order the build streamed them; only
`node_ids` (each member's Neo4j node id, for writing the assessment's marks) leads back to the
graph. Besides the bitmaps the index keeps what simulations, plans, segments, rankings and the
authenticity signals need, and nothing else:

- `creators`: per creator (in id order) the properties plans filter on and answers show: handle,
  followers, engagement rate, country, topics (lower-cased, `topics` and POSTS_ABOUT together),
  flagged, cluster, bridge and hub scores;
- `suspicious`: the members the last assessment marked, and per creator the `cleaned` bitmap
  (raw minus suspicious; the raw object itself when the two are the same); `assessed`;
- `weighted` / `weight_values`: per creator, the members whose exposure weight is not 1.0 and
  their weights in bitmap order (sparse: 10% of memberships on the demo market);
- `days`: per creator, each member's FOLLOWS `since` as a day number (days since `day_base`,
  2 bytes while the market's days span less than 179 years; `NO_DAY` for none), in bitmap order;
- `follows`: per member, its FOLLOWS edges (mass followers).

An index is immutable once built and is only ever served for the `DataStamp` it was built at;
cluster audiences are unions computed on first use and cached in it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from pyroaring import AbstractBitMap, BitMap, FrozenBitMap

from service.graph.version import DataStamp

Bitmap = AbstractBitMap
FloatArray = npt.NDArray[np.float64]
Numbers = npt.NDArray[np.uint32]
DayArray = npt.NDArray[np.uint16] | npt.NDArray[np.int32]
EMPTY = FrozenBitMap()
T = TypeVar("T")


def no_day(days: DayArray) -> int:
    """The value standing for "no FOLLOWS `since`" in a day array of this dtype."""
    return 0xFFFF if days.dtype == np.uint16 else -1


@dataclass(frozen=True)
class CreatorInfo:
    """One creator's properties as the Cypher answers read them (values unconverted)."""

    id: str
    handle: Any
    followers: Any
    engagement_rate: Any
    country: Any
    topics: frozenset[str]
    flagged: bool
    cluster: Any
    bridge_score: Any
    hub_score: Any

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CreatorInfo:
        return cls(
            id=row["id"],
            handle=row.get("handle"),
            followers=row.get("followers"),
            engagement_rate=row.get("engagement_rate"),
            country=row.get("country"),
            topics=frozenset(row.get("topics") or ()),
            flagged=bool(row.get("flagged")),
            cluster=row.get("cluster"),
            bridge_score=row.get("bridge_score"),
            hub_score=row.get("hub_score"),
        )

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "handle": self.handle,
            "followers": self.followers,
            "engagement_rate": self.engagement_rate,
            "country": self.country,
            "topics": sorted(self.topics),
            "flagged": self.flagged,
            "cluster": self.cluster,
            "bridge_score": self.bridge_score,
            "hub_score": self.hub_score,
        }


@dataclass
class AudienceIndex:
    """Bitmaps and side arrays of one data version (see the module docs)."""

    stamp: DataStamp
    creators: list[CreatorInfo]
    members: int
    node_ids: npt.NDArray[np.int64]
    raw: list[Bitmap]
    cleaned: list[Bitmap]
    suspicious: Bitmap
    assessed: bool
    weighted: list[Bitmap]
    weight_values: list[FloatArray | None]
    days: list[DayArray | None]
    day_base: int
    follows: npt.NDArray[np.uint32]
    build_seconds: float = 0.0
    how: str = "built"
    position: dict[str, int] = field(default_factory=dict)
    _cluster_cache: dict[tuple[int, bool], Bitmap] = field(default_factory=dict, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if not self.position:
            self.position = {c.id: n for n, c in enumerate(self.creators)}

    # --- lookups ---------------------------------------------------------------------------

    @property
    def creator_ids(self) -> list[str]:
        return [c.id for c in self.creators]

    @property
    def clusters(self) -> list[Any]:
        return [c.cluster for c in self.creators]

    def numbers(self, creator_ids: Iterable[str]) -> list[int]:
        """Creator numbers of the ids the index knows, in the given order (unknown ids dropped)."""
        return [self.position[c] for c in creator_ids if c in self.position]

    def unknown(self, creator_ids: Iterable[str]) -> list[str]:
        """The ids no creator of the index has, in the given order."""
        return [c for c in creator_ids if c not in self.position]

    def audience(self, creator: int, cleaned: bool) -> Bitmap:
        return self.cleaned[creator] if cleaned else self.raw[creator]

    def union(self, creators: Sequence[int], cleaned: bool) -> Bitmap:
        """The union of some creators' audiences (a new bitmap)."""
        if not creators:
            return BitMap()
        return BitMap.union(*(self.audience(n, cleaned) for n in creators))

    def member_count(self, cleaned: bool) -> int:
        """All audience members (edges or not), without the suspicious ones when `cleaned`."""
        return self.members - (len(self.suspicious) if cleaned else 0)

    def cluster_creators(self) -> dict[Any, list[int]]:
        """Creator numbers by cluster, clusters in ascending order (unclustered creators left out);
        computed once per index: callers must not change it."""

        def group() -> dict[Any, list[int]]:
            found: dict[Any, list[int]] = {}
            for n, creator in enumerate(self.creators):
                if creator.cluster is not None:
                    found.setdefault(creator.cluster, []).append(n)
            return dict(sorted(found.items()))

        return self.memo("cluster_creators", group)

    def cluster_audience(self, cluster: Any, cleaned: bool) -> Bitmap:
        """The union of one cluster's creators' audiences, computed once per index."""
        key = (cluster, cleaned)
        cached = self._cluster_cache.get(key)
        if cached is None:
            members = [n for n, c in enumerate(self.creators) if c.cluster == cluster]
            cached = FrozenBitMap(self.union(members, cleaned))
            with self._lock:
                self._cluster_cache[key] = cached
        return cached

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """A value derived from this index, computed once (mass followers, burst arrivals)."""
        if key not in self._memo:
            value = compute()
            with self._lock:
                self._memo[key] = value
        return self._memo[key]  # type: ignore[no-any-return]

    def extra_weights(self, creator: int, cleaned: bool) -> tuple[Numbers, FloatArray]:
        """The creator's members with a weight other than 1.0 and their weight - 1.0 (cleaned: the
        suspicious ones left out)."""
        values = self.weight_values[creator]
        weighted = self.weighted[creator]
        if values is None:
            return np.zeros(0, dtype=np.uint32), np.zeros(0)
        numbers = member_numbers(weighted)
        if cleaned and weighted.intersect(self.suspicious):
            keep = ~np.isin(numbers, member_numbers(self.suspicious))
            return numbers[keep], values[keep] - 1.0
        return numbers, values - 1.0

    # --- size ------------------------------------------------------------------------------

    def memberships(self) -> int:
        return sum(len(b) for b in self.raw)

    def bitmap_bytes(self, cleaned: bool = False) -> int:
        """Serialized (portable format) size of the raw or the distinct cleaned bitmaps."""
        if not cleaned:
            return sum(len(b.serialize()) for b in self.raw)
        pairs = zip(self.raw, self.cleaned, strict=True)
        return sum(len(c.serialize()) for r, c in pairs if c is not r)

    def side_bytes(self) -> dict[str, int]:
        """Bytes of the side arrays, by name."""
        return {
            "weighted": sum(len(w.serialize()) for w in self.weighted if len(w)),
            "weight_values": sum(w.nbytes for w in self.weight_values if w is not None),
            "days": sum(d.nbytes for d in self.days if d is not None),
            "follows": int(self.follows.nbytes),
            "node_ids": int(self.node_ids.nbytes),
            "suspicious": len(self.suspicious.serialize()),
        }


def bitmap_of(values: Numbers | Sequence[int]) -> FrozenBitMap:
    """An immutable bitmap of the values, run-optimised."""
    return optimized(BitMap(values))


def member_numbers(bitmap: Bitmap) -> Numbers:
    """A bitmap's members as a sorted uint32 array."""
    return np.frombuffer(bitmap.to_array(), dtype=np.uint32)


def cleaned_of(raw: Sequence[Bitmap], suspicious: Bitmap) -> list[Bitmap]:
    """Each raw audience without the suspicious members (the raw object when none is)."""
    return [optimized(b - suspicious) if b.intersect(suspicious) else b for b in raw]


def optimized(bitmap: Bitmap) -> FrozenBitMap:
    """An immutable, run-optimised copy of a bitmap."""
    copy = BitMap(bitmap)
    copy.run_optimize()
    copy.shrink_to_fit()
    return FrozenBitMap(copy)
