"""Creator tiers by follower count, with bounds from the `tier_bounds` setting.

nano < 5K <= micro < 100K <= mid < 500K <= macro < 1M <= mega by default; tiers are [low, high).
"""

from __future__ import annotations

from collections.abc import Sequence

from service.graph.errors import ServiceError
from service.graph.settings import Settings, parse_tier_bounds

TIERS = ("nano", "micro", "mid", "macro", "mega")
# Upper follower bounds of nano, micro, mid and macro (mega is everything above): the default of
# the `tier_bounds` setting (INFLUENCE_MAP_TIER_BOUNDS), parsed by the settings.
DEFAULT_TIER_BOUNDS: tuple[int, ...] = parse_tier_bounds(Settings.tier_bounds)


def tier_range(tier: str, bounds: Sequence[int] = DEFAULT_TIER_BOUNDS) -> tuple[int | None, int | None]:
    """The follower range [low, high) of a tier; None means unbounded."""
    if tier not in TIERS:
        raise ServiceError(
            400,
            "invalid_input",
            f"tier: unknown tier {tier!r}; use one of {', '.join(TIERS)}",
            {"field": "tier"},
        )
    index = TIERS.index(tier)
    low = bounds[index - 1] if index > 0 else None
    high = bounds[index] if index < len(bounds) else None
    return low, high


def tier_of(followers: int | None, bounds: Sequence[int] = DEFAULT_TIER_BOUNDS) -> str | None:
    """The tier a follower count falls in (None when unknown)."""
    if followers is None:
        return None
    return next((TIERS[i] for i, high in enumerate(bounds) if followers < high), TIERS[-1])
