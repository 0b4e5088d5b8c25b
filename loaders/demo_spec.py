"""The demo market's knobs (`DemoSpec`) and the fixed vocabulary of its communities and tiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.graph.errors import ServiceError

COMMUNITIES: dict[str, list[str]] = {
    "fitness": ["workout", "running", "yoga", "strength"],
    "nutrition": ["recipes", "vegan", "meal prep", "supplements"],
    "gaming": ["esports", "streaming", "rpg", "speedrun"],
    "beauty": ["makeup", "skincare", "hair", "nails"],
    "travel": ["backpacking", "luxury travel", "van life", "city guides"],
    "tech": ["gadgets", "programming", "ai", "reviews"],
}
# name, lowest and highest follower count, share of creators.
TIERS: list[tuple[str, int, int, float]] = [
    ("nano", 1_000, 4_999, 0.40),
    ("micro", 5_000, 99_999, 0.35),
    ("mid", 100_000, 499_999, 0.14),
    ("macro", 500_000, 999_999, 0.07),
    ("mega", 1_000_000, 20_000_000, 0.04),
]
PLATFORMS = ["instagram", "tiktok", "youtube"]
COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN", "ES", "CA"]
LANGUAGE_OF = {"US": "en", "GB": "en", "DE": "de", "FR": "fr", "BR": "pt", "IN": "en", "ES": "es", "CA": "en"}
MENTION_KINDS = ["mention", "repost", "reply", "collab"]
MENTION_KIND_SHARES = [0.6, 0.2, 0.15, 0.05]
FIRST_DAY = date(2023, 1, 1)
DAYS = 3 * 365


@dataclass(frozen=True)
class DemoSpec:
    """The knobs of the generator; the defaults make the `make demo` market."""

    creators: int = 300
    members: int = 20_000
    seed: int = 7
    communities: int = 6
    mean_follows: float = 4.0
    home_share: float = 0.85
    bridges: int = 6
    bots: int = 200
    bot_bursts: int = 3
    bot_follows: int = 120
    engaged_share: float = 0.15
    mentions_per_creator: float = 6.0
    mention_home_share: float = 0.85
    # Audience draw grows as followers ** popularity_exponent (1 would let megas take everything).
    popularity_exponent: float = 0.5
    # Fake engagement (see plant_fraud): pods of pod_size creators, bought_followers creators
    # sharing one farm of farm_members accounts, engagement_outliers creators with an inflated rate.
    pods: int = 2
    pod_size: int = 4
    bought_followers: int = 3
    farm_members: int = 300
    engagement_outliers: int = 2

    def check(self) -> None:
        """Reject specs that cannot produce the planted structure, naming the option."""
        problems = []
        if not 2 <= self.communities <= len(COMMUNITIES):
            problems.append(f"--communities must be 2..{len(COMMUNITIES)}")
        if self.creators < 2 * self.communities + self.bridges:
            problems.append("--creators must be at least 2 per community plus the bridges")
        if self.members <= self.bots:
            problems.append("--members must be more than --bots")
        if self.mean_follows < 1:
            problems.append("--mean-follows must be at least 1")
        for name in ("home_share", "engaged_share", "mention_home_share"):
            if not 0 <= getattr(self, name) <= 1:
                problems.append(f"--{name.replace('_', '-')} must be between 0 and 1")
        if self.bots and self.bot_bursts < 1:
            problems.append("--bot-bursts must be at least 1 when there are bots")
        if self.pods and self.pod_size < 3:
            problems.append("--pod-size must be at least 3")
        if min(self.bridges, self.bots, self.bot_follows, self.farm_members) < 0:
            problems.append("counts cannot be negative")
        if problems:
            raise ServiceError(400, "bad_option", "; ".join(problems), {"problems": problems})
