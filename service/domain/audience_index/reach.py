"""Reach of a creator set on the audience index, in the row shapes of the Cypher queries it stands in for.

Exposures per member are a `bincount` over the chosen creators' member numbers; weighted exposures
the same counts plus the (sparse) weights other than 1.0; cluster reach an intersection count with
each cluster's audience bitmap; exclusives the members counted once. Each function names the
query whose rows it returns; the callers (`service.domain.campaigns.simulate`,
`service.domain.audience`) validate first, so every id here is a creator of the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from service.domain.audience_index.index import AudienceIndex, member_numbers
from service.graph.db import Row


def _counts(index: AudienceIndex, creators: list[int], cleaned: bool) -> tuple[Any, list[Any]]:
    arrays = [member_numbers(index.audience(n, cleaned)) for n in creators]
    everyone = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.uint32)
    counts = np.bincount(everyone) if len(everyone) else np.zeros(0, dtype=np.int64)
    return counts, arrays


def frequency_distribution(
    index: AudienceIndex, creator_ids: Sequence[str], frequency: float, cleaned: bool
) -> list[Row]:
    """campaigns.get_frequency_distribution: one row per exposure count (`exposures`, `people`,
    `weighted_impressions`, `weighted_effective`), by exposures."""
    creators = index.numbers(creator_ids)
    counts, _ = _counts(index, creators, cleaned)
    weighted = counts.astype(np.float64)
    for n in creators:
        numbers, more = index.extra_weights(n, cleaned)
        if len(numbers):
            np.add.at(weighted, numbers, more)
    reached = counts > 0
    exposures, weights = counts[reached], weighted[reached]
    rows = []
    for times in np.unique(exposures).tolist():
        at = exposures == times
        rows.append(
            {
                "exposures": int(times),
                "people": int(at.sum()),
                "weighted_impressions": float(weights[at].sum()),
                "weighted_effective": int((weights[at] >= frequency).sum()),
            }
        )
    return rows


def cluster_reach(index: AudienceIndex, creator_ids: Sequence[str], cleaned: bool) -> list[Row]:
    """campaigns.get_cluster_reach: per cluster touched `cluster`, `reach`, `audience`, `creators`
    (the chosen ones in it, by id), largest reach first."""
    creators = index.numbers(creator_ids)
    reached = index.union(creators, cleaned)
    chosen_by_cluster: dict[Any, list[str]] = {}
    for n in creators:
        chosen_by_cluster.setdefault(index.creators[n].cluster, []).append(index.creators[n].id)
    rows = []
    for cluster in index.cluster_creators():
        # Reached members are already clean: the raw cluster audience gives the same count.
        reach = reached.intersection_cardinality(index.cluster_audience(cluster, False))
        if reach == 0:
            continue
        chosen = sorted(chosen_by_cluster.get(cluster, []))
        audience = len(index.cluster_audience(cluster, cleaned))
        rows.append({"cluster": cluster, "reach": reach, "audience": audience, "creators": chosen})
    rows.sort(key=lambda r: (-r["reach"], r["cluster"]))
    return rows


def exclusive_audience(index: AudienceIndex, creator_ids: Sequence[str], cleaned: bool) -> list[Row]:
    """campaigns.get_exclusive_audience: per chosen creator `id`, `audience`, `exclusive`, by id."""
    creators = index.numbers(creator_ids)
    counts, arrays = _counts(index, creators, cleaned)
    rows = [
        {
            "id": index.creators[n].id,
            "audience": len(members),
            "exclusive": int((counts[members] == 1).sum()) if len(members) else 0,
        }
        for n, members in zip(creators, arrays, strict=True)
    ]
    return sorted(rows, key=lambda r: r["id"])


def raw_and_cleaned_reach(index: AudienceIndex, creator_ids: Sequence[str]) -> Row:
    """authenticity.get_raw_and_cleaned_reach: `unique_reach`, `impressions`, `cleaned_reach`,
    `cleaned_impressions`, per creator {id, audience, cleaned_audience}, by id, and `assessed`."""
    creators = index.numbers(creator_ids)
    per_creator = sorted(
        (
            {
                "id": index.creators[n].id,
                "audience": len(index.raw[n]),
                "cleaned_audience": len(index.cleaned[n]),
            }
            for n in creators
        ),
        key=lambda row: str(row["id"]),
    )
    return {
        "unique_reach": len(index.union(creators, False)),
        "impressions": sum(r["audience"] for r in per_creator),
        "cleaned_reach": len(index.union(creators, True)),
        "cleaned_impressions": sum(r["cleaned_audience"] for r in per_creator),
        "creators": per_creator,
        "assessed": index.assessed,
    }


def target_size(index: AudienceIndex, creator_ids: Sequence[str], cleaned: bool) -> int:
    """The size of campaigns.get_target_audience's `members`: the creators' audiences' union."""
    return len(index.union(index.numbers(creator_ids), cleaned))
