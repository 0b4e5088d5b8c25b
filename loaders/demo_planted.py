"""What the demo market plants for the authenticity flags and the campaign report to find.

Fake engagement (`plant_fraud`, drawn from its own random stream so the rest of the market is
unchanged): engagement pods, creators sharing one bot farm, inflated engagement rates; and a
finished campaign (`plant_campaign`: campaigns.csv, posts.csv, outcomes.csv) with known orders,
revenue and user-generated content. `loaders.demo_data` calls both.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from loaders.demo_spec import DAYS, FIRST_DAY, DemoSpec
from service.graph.errors import ServiceError


def plant_fraud(
    spec: DemoSpec,
    creators: pd.DataFrame,
    home: np.ndarray,
    spans: dict[int, list[int]],
    audience: pd.DataFrame,
    mentions: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Pods, a bot farm and inflated engagement rates; returns the changed frames and their truth.

    Each pod and the farm's creators come from one community (so the community structure stays as
    planted), drawn from a random stream of their own (so the organic market is the same with or
    without fraud). Planted creators are never bridges, and each gets one kind of fraud only.
    """
    rng = np.random.default_rng([spec.seed, 8])
    ids = creators["id"].to_numpy()
    used: set[int] = set(spans)
    first = int(rng.integers(0, spec.communities))
    groups = [*([spec.pod_size] * spec.pods), spec.bought_followers]
    picked = [
        pick_planted(rng, home, used, (first + g) % spec.communities, size) for g, size in enumerate(groups)
    ]
    pods = [sorted(ids[group].tolist()) for group in picked[: spec.pods]]
    bought = sorted(ids[picked[-1]].tolist())
    free = [i for i in range(spec.creators) if i not in used]
    outliers = sorted(
        ids[rng.choice(free, size=min(len(free), spec.engagement_outliers), replace=False)].tolist()
    )
    # Pods: every member mentions every other one often (12-20 times), which organic pairs rarely do.
    ring = pd.DataFrame(
        [
            {
                "source_id": a,
                "target_id": b,
                "count": int(rng.integers(12, 21)),
                "kind": "mention",
                "first_at": "2025-01-01",
                "last_at": "2025-03-01",
            }
            for pod in pods
            for a in pod
            for b in pod
            if a != b
        ],
        columns=list(mentions.columns),
    )
    key = ["source_id", "target_id", "kind"]
    organic = mentions.merge(ring[key], on=key, how="left", indicator=True)
    mentions = pd.concat(
        [organic[organic["_merge"] == "left_only"][mentions.columns], ring], ignore_index=True
    )
    # The farm: accounts that follow exactly the bought creators, all on one day.
    farm_day = (FIRST_DAY + timedelta(days=int(rng.integers(0, DAYS)))).isoformat()
    farm = pd.DataFrame(
        [
            {
                "member_id": f"demo-farm{m:05d}",
                "creator_id": c,
                "kind": "follows",
                "weight": 1.0,
                "since": farm_day,
                "last_at": "",
            }
            for m in range(spec.farm_members)
            for c in bought
        ],
        columns=list(audience.columns),
    )
    audience = pd.concat([audience, farm], ignore_index=True)
    creators = creators.copy()
    creators.loc[creators["id"].isin(outliers), "engagement_rate"] = 0.45
    truth = {
        "pods": pods,
        "bought_followers": bought,
        "farm_members": sorted(farm["member_id"].unique().tolist()),
        "farm_day": farm_day,
        "engagement_outliers": outliers,
    }
    return creators, audience, mentions, truth


def pick_planted(
    rng: np.random.Generator, home: np.ndarray, used: set[int], community: int, size: int
) -> np.ndarray:
    """`size` creators of `community` not used yet (marked used now); too few is a bad spec."""
    pool = [i for i in np.flatnonzero(home == community).tolist() if i not in used]
    if len(pool) < size:
        raise ServiceError(
            400, "bad_option", "--creators are too few for --pods, --pod-size and --bought-followers", {}
        )
    chosen = rng.choice(pool, size=size, replace=False)
    used.update(int(i) for i in chosen)
    return chosen


CAMPAIGN_ID = "demo-spring"
CAMPAIGN_START, CAMPAIGN_END = "2025-03-01", "2025-03-31"
POST_TIMES = ("2025-03-03T12:00:00Z", "2025-03-15T12:00:00Z")
UGC_AFTER, UGC_BEFORE = "2025-03-20T12:00:00Z", "2025-02-20T12:00:00Z"


def plant_campaign(
    out_dir: Path,
    spec: DemoSpec,
    creators: pd.DataFrame,
    audience: pd.DataFrame,
    bot_ids: np.ndarray,
    avoid: set[str],
) -> dict[str, Any]:
    """A finished campaign of 4 honest creators (no fraud, no bridge): 2 posts each, results, and
    UGC: 5 of each creator's followers posting after both its posts (sparked), 3 more of them
    posting before the campaign's first post (not sparked) and 5 people following none of the 4
    (not sparked). Writes the three files; returns the truth (figures a report must show)."""
    rng = np.random.default_rng([spec.seed, 9])
    honest = sorted(set(creators["id"]) - avoid)
    chosen = sorted(rng.choice(honest, size=4, replace=False).tolist())
    follows = audience[(audience["kind"] == "follows") & ~audience["member_id"].isin(set(bot_ids.tolist()))]
    followers_of = {c: sorted(set(follows[follows["creator_id"] == c]["member_id"])) for c in chosen}
    campaign_people = set().union(*followers_of.values())
    posts, outcomes, sparked, early = [], [], set(), set()
    for n, creator in enumerate(chosen):
        for k, posted_at in enumerate(POST_TIMES):
            views = int(rng.integers(5_000, 50_000))
            posts.append(
                {
                    "id": f"{CAMPAIGN_ID}-p{n}{k}",
                    "campaign_id": CAMPAIGN_ID,
                    "creator_id": creator,
                    "url": f"https://example.com/{creator}/{k}",
                    "posted_at": posted_at,
                    "likes": views // 20,
                    "comments": views // 200,
                    "shares": views // 500,
                    "views": views,
                    "cost": 250.0 * (n + 1),
                }
            )
        outcomes.append(
            {
                "campaign_id": CAMPAIGN_ID,
                "creator_id": creator,
                "clicks": 100 * (n + 1),
                "orders": 10 * (n + 1),
                "revenue": 400.0 * (n + 1),
                "currency": "EUR",
            }
        )
        picks = rng.choice(
            followers_of[creator], size=min(8, len(followers_of[creator])), replace=False
        ).tolist()
        sparked.update(picks[:5])
        early.update(picks[5:])
    early -= sparked
    outsiders = sorted(set(follows["member_id"]) - campaign_people)[:5]
    ugc_rows = [(m, UGC_AFTER) for m in sorted(sparked)] + [(m, UGC_BEFORE) for m in sorted(early)]
    ugc_rows += [(m, UGC_AFTER) for m in outsiders]
    outcomes += [{"campaign_id": CAMPAIGN_ID, "member_id": m, "posted_at": t} for m, t in ugc_rows]
    pd.DataFrame(
        [
            {
                "id": CAMPAIGN_ID,
                "name": "Spring launch",
                "brand": "DemoBrand",
                "start": CAMPAIGN_START,
                "end": CAMPAIGN_END,
            }
        ]
    ).to_csv(out_dir / "campaigns.csv", index=False)
    pd.DataFrame(posts).to_csv(out_dir / "posts.csv", index=False)
    columns = [
        "campaign_id",
        "creator_id",
        "post_id",
        "clicks",
        "orders",
        "revenue",
        "currency",
        "member_id",
        "posted_at",
    ]
    frame = pd.DataFrame(outcomes).reindex(columns=columns)
    for name in ("clicks", "orders"):
        frame[name] = frame[name].astype("Int64")
    frame.to_csv(out_dir / "outcomes.csv", index=False)
    return {
        "id": CAMPAIGN_ID,
        "creators": chosen,
        "orders": sum(o.get("orders", 0) for o in outcomes),
        "revenue": sum(o.get("revenue", 0.0) for o in outcomes),
        "cost": sum(p["cost"] for p in posts),
        "views": sum(p["views"] for p in posts),
        "ugc_sparked": sorted(sparked),
        "ugc_not_sparked": sorted(early) + outsiders,
    }
