"""The authenticity settings and one creator's assessment (docs/authenticity.md explains the defaults).

Every signal is judged against the market in front of it: a fixed threshold left at None is
calibrated from the market's own distribution (member follow counts, each creator's own arrival
history, the strength of the market's reciprocal mentions). Setting one (e.g. `mass_follows=50`)
pins it, as before the calibration existed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from service.graph.errors import ServiceError

# The largest "1 in N" shown; rarer is "fewer than 1 in 1,000,000,000".
ONE_IN_MAX = 1_000_000_000
REASONS = ("mass_followers", "burst_followers", "engagement_outlier", "engagement_pod", "shared_bot_farm")


@dataclass(frozen=True)
class AuthenticityParams:
    """Thresholds of the flags; None = calibrated from the market (docs/authenticity.md)."""

    # A member following this many creators or more is a mass follower. None: its follow count's
    # robust z-score (log scale) in this market is at least member_z and it follows at least
    # member_ratio times as many creators as the market's median member.
    mass_follows: int | None = None
    member_z: float = 3.5
    member_ratio: float = 4.0
    # Flag when at least mass_share of the audience are mass followers and at most mass_rarity of
    # the market's creators have a share that high.
    mass_share: float = 0.8
    mass_rarity: float = 0.01
    # This many new followers of one creator on one day make a burst. None: per creator, the least
    # count its own arrival rate makes rarer than burst_alpha expected days in its history.
    burst_size: int | None = None
    burst_alpha: float = 0.001
    # Flag when at least this share of the audience are burst arrivals that are not mass followers.
    burst_share: float = 0.25
    # Flag when the engagement rate's robust z-score within its tier is at least this (either way),
    # in tiers with at least min_tier_size rated creators.
    engagement_z: float = 3.5
    min_tier_size: int = 5
    # Rings: every two creators of a ring mention each other at least pod_mentions times each way.
    # None: the least strength that fewer than pod_alpha of the market's creators reach when the
    # market's reciprocal mention counts are shuffled (pod_permutations times). Each creator of a
    # ring sends at least pod_share of its mentions to the ring.
    pod_mentions: int | None = None
    pod_alpha: float = 0.001
    pod_share: float = 0.3
    pod_permutations: int = 200
    # Farms: two creators sharing at least farm_min_shared burst arrivals that are at least
    # farm_share of everyone they share, more than chance overlap explains (farm_alpha).
    farm_min_shared: int = 20
    farm_share: float = 0.5
    farm_alpha: float = 0.001

    def validate(self) -> None:
        """Raise a 400 naming the first bad threshold."""
        checks = [
            ("mass_follows", self.mass_follows is None or self.mass_follows >= 2),
            ("member_z", self.member_z > 0),
            ("member_ratio", self.member_ratio >= 1),
            ("mass_share", 0 < self.mass_share <= 1),
            ("mass_rarity", 0 < self.mass_rarity <= 1),
            ("burst_size", self.burst_size is None or self.burst_size >= 2),
            ("burst_alpha", 0 < self.burst_alpha < 1),
            ("burst_share", 0 < self.burst_share <= 1),
            ("engagement_z", self.engagement_z > 0),
            ("min_tier_size", self.min_tier_size >= 3),
            ("pod_mentions", self.pod_mentions is None or self.pod_mentions >= 1),
            ("pod_alpha", 0 < self.pod_alpha < 1),
            ("pod_share", 0 <= self.pod_share <= 1),
            ("pod_permutations", 10 <= self.pod_permutations <= 10_000),
            ("farm_min_shared", self.farm_min_shared >= 1),
            ("farm_share", 0 < self.farm_share <= 1),
            ("farm_alpha", 0 < self.farm_alpha <= 1),
        ]
        for name, ok in checks:
            if not ok:
                value = getattr(self, name)
                raise ServiceError(
                    400, "invalid_input", f"{name}: {value!r} is out of range", {"field": name}
                )


@dataclass
class Assessment:
    """One creator's signals and the reasons it is flagged (empty: not flagged).

    Each reason is {code, message, evidence, false_alarm_rate, one_in}: `false_alarm_rate` is the
    estimated share of ordinary creators of this market that would look like this (`one_in` its
    inverse, rounded: "about 1 in N")."""

    id: str
    tier: str | None
    audience: int
    mass_followers: int
    burst_followers: int
    suspicious: int
    mass_share: float
    burst_share: float
    engagement_rate: float | None
    engagement_z: float | None
    burst_size: int | None = None
    pods: list[list[str]] = field(default_factory=list)
    farm_partners: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        return sorted({reason["code"] for reason in self.reasons})

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "flagged": bool(self.reasons), "flags": self.flags}

    def flag(self, code: str, message: str, rate: float, evidence: dict[str, Any]) -> None:
        """Add a reason; the message ends with the false-alarm estimate."""
        rate = min(max(rate, 0.0), 1.0)
        one_in = one_in_of(rate)
        about = "fewer than" if one_in >= ONE_IN_MAX else "about"
        self.reasons.append(
            {
                "code": code,
                "message": f"{message} ({about} 1 in {one_in:,} ordinary creators of this market "
                "look like this)",
                "evidence": evidence,
                "false_alarm_rate": float(f"{rate:.3g}"),
                "one_in": one_in,
            }
        )


def one_in_of(rate: float) -> int:
    """1/rate rounded to 2 significant digits, at most 10^9 (a rate of 0 is "below 1 in 10^9")."""
    if rate <= 1 / ONE_IN_MAX:
        return ONE_IN_MAX
    inverse = 1.0 / rate
    return int(float(f"{inverse:.2g}"))
