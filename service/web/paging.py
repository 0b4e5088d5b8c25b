"""One shape for every paginated list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.graph.errors import ServiceError


def page(fetch: Callable[[int, int], list[Any]], limit: int, offset: int) -> dict[str, Any]:
    """Fetch one row more than asked to learn whether the list goes on."""
    rows = fetch(offset, limit + 1)
    truncated = len(rows) > limit
    return {
        "items": rows[:limit],
        "limit": limit,
        "offset": offset,
        "truncated": truncated,
        "next_offset": offset + limit if truncated else None,
    }


def not_found(kind: str, key: Any) -> ServiceError:
    return ServiceError(404, "not_found", f"no {kind} with id {key!r}", {"id": key})
