"""Creator tiers by follower count: [minimum, maximum) followers. Documented in the README."""

from __future__ import annotations

TIERS: dict[str, tuple[int, int | None]] = {
    "nano": (0, 5_000),
    "micro": (5_000, 100_000),
    "mid": (100_000, 500_000),
    "macro": (500_000, 1_000_000),
    "mega": (1_000_000, None),
}


def tier_of(followers: int | None) -> str | None:
    """The tier a follower count falls in (None when unknown)."""
    if followers is None:
        return None
    for name, (low, high) in TIERS.items():
        if followers >= low and (high is None or followers < high):
            return name
    return None
