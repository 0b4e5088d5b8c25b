"""Shared audiences on raw and cleaned audiences, side by side, on the audience index."""

from __future__ import annotations

from service.domain.audience_index.index import AudienceIndex
from service.graph.db import Row


def cleaned_overlaps(index: AudienceIndex, creator_id: str, offset: int, limit: int) -> list[Row]:
    """creators.list_cleaned_overlaps: every creator sharing a member with this one, `id`, `handle`,
    `cluster`, `shared`, `cleaned_shared`, `suspicious_shared`, `jaccard`, `cleaned_jaccard`; most
    cleaned shared members first, then raw, then id; one page."""
    me = index.position[creator_id]
    mine, mine_clean = index.raw[me], index.cleaned[me]
    found = []
    for n, theirs in enumerate(index.raw):
        if n == me:
            continue
        shared = mine.intersection_cardinality(theirs)
        if shared:
            found.append((n, shared, mine_clean.intersection_cardinality(theirs)))
    found.sort(key=lambda r: (-r[2], -r[1], index.creators[r[0]].id))
    rows = []
    for n, shared, cleaned_shared in found[offset : offset + limit]:
        union = len(mine) + len(index.raw[n]) - shared
        cleaned_union = len(mine_clean) + len(index.cleaned[n]) - cleaned_shared
        creator = index.creators[n]
        rows.append(
            {
                "id": creator.id,
                "handle": creator.handle,
                "cluster": creator.cluster,
                "shared": shared,
                "cleaned_shared": cleaned_shared,
                "suspicious_shared": shared - cleaned_shared,
                "jaccard": float(shared) / union if union > 0 else 0.0,
                "cleaned_jaccard": float(cleaned_shared) / cleaned_union if cleaned_union > 0 else 0.0,
            }
        )
    return rows
