"""A synthetic market with known answers, in the loaders' folder convention.

The generator plants what the analysis should find, and writes it to `truth.json`:

- topical communities (fitness, nutrition, ...): every creator belongs to one, and ordinary
  audience members follow mostly creators of their own community (`home_share`);
- heavy-tailed follower counts in the industry's tiers (nano < 5K, micro 5K-100K, mid
  100K-500K, macro 500K-1M, mega > 1M); bigger creators draw more of the sampled audience;
- a few bridge creators whose audience is drawn from two or three communities;
- mentions mostly within a community (`mention_home_share`), bridges mentioning across theirs;
- bot-like members who follow implausibly many creators at random and arrive in bursts (every bot
  of a burst has the same `since` date);
- a finished campaign (`plant_campaign`: campaigns.csv, posts.csv, outcomes.csv) with known
  orders, revenue and user-generated content;
- fake engagement (`plant_fraud`, drawn from its own random stream so the rest of the market is
  unchanged): engagement pods (rings of creators who all mention each other many times), creators
  who bought followers from one bot farm (farm accounts following exactly those creators, all on
  one day) and creators whose engagement rate is far above their tier's.

The audience is a sample of each creator's followers (the `followers` column is the reported
total). The same arguments and seed give byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.adapters import AdaptedDataset, join_topics, write_dataset
from loaders.demo_planted import plant_campaign, plant_fraud
from loaders.demo_spec import (
    COMMUNITIES,
    COUNTRIES,
    DAYS,
    FIRST_DAY,
    LANGUAGE_OF,
    MENTION_KIND_SHARES,
    MENTION_KINDS,
    PLATFORMS,
    TIERS,
    DemoSpec,
)


def generate_demo_data(out_dir: Path, spec: DemoSpec) -> AdaptedDataset:
    """Write creators.csv, audience.csv, mentions.csv and truth.json for `spec` into `out_dir`."""
    spec.check()
    rng = np.random.default_rng(spec.seed)
    names = list(COMMUNITIES)[: spec.communities]
    creators, home, spans = make_creators(rng, spec, names)
    members, bots, bot_since = make_member_ids(rng, spec)
    audience = make_audience(rng, spec, creators, home, spans, members, bots, bot_since)
    mentions = make_mentions(rng, spec, creators, home, spans)
    creators, audience, mentions, fraud = plant_fraud(spec, creators, home, spans, audience, mentions)
    audience = with_demographics(spec, audience, members, bots)
    written = write_dataset(out_dir, creators.drop(columns="tier"), audience, mentions)
    planted = {
        creator
        for group in (*fraud["pods"], fraud["bought_followers"], fraud["engagement_outliers"])
        for creator in group
    }
    campaign_truth = plant_campaign(
        out_dir, spec, creators, audience, members[bots], planted | set(creators["id"][list(spans)])
    )
    truth = {
        "spec": asdict(spec),
        "communities": names,
        "community_of": dict(zip(creators["id"], (names[k] for k in home), strict=True)),
        "tier_of": dict(zip(creators["id"], creators["tier"], strict=True)),
        "bridges": {creators["id"][i]: [names[k] for k in spans[i]] for i in sorted(spans)},
        "bots": sorted(members[bots].tolist()),
        **fraud,
        "campaign": campaign_truth,
    }
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")
    return written


# Audience make-up of people (bots and farm accounts have none): country, age band and gender.
MEMBER_COUNTRY_SHARES = [0.28, 0.12, 0.1, 0.1, 0.14, 0.12, 0.07, 0.07]
AGE_BANDS = ["13-17", "18-24", "25-34", "35-44", "45-54", "55+"]
AGE_BAND_SHARES = [0.07, 0.3, 0.3, 0.17, 0.1, 0.06]
GENDERS = ["female", "male", "non-binary"]
GENDER_SHARES = [0.52, 0.46, 0.02]


def with_demographics(
    spec: DemoSpec, audience: pd.DataFrame, members: np.ndarray, bots: np.ndarray
) -> pd.DataFrame:
    """Add `country`, `age_band` and `gender` to every audience row of a person (empty for bots and
    farm accounts), drawn from their own random stream so the rest of the market is unchanged."""
    rng = np.random.default_rng([spec.seed, 31])
    people = np.delete(members, bots)
    drawn = pd.DataFrame(
        {
            "member_id": people,
            "country": rng.choice(COUNTRIES, size=len(people), p=MEMBER_COUNTRY_SHARES),
            "age_band": rng.choice(AGE_BANDS, size=len(people), p=AGE_BAND_SHARES),
            "gender": rng.choice(GENDERS, size=len(people), p=GENDER_SHARES),
        }
    )
    return audience.merge(drawn, on="member_id", how="left", validate="many_to_one")


def make_creators(
    rng: np.random.Generator, spec: DemoSpec, names: list[str]
) -> tuple[pd.DataFrame, np.ndarray, dict[int, list[int]]]:
    """Creators with a home community and tier; bridges get the extra communities they span."""
    n = spec.creators
    home = np.arange(n) % spec.communities  # balanced communities, then shuffled
    rng.shuffle(home)
    tier_index = rng.choice(len(TIERS), size=n, p=[share for *_, share in TIERS])
    low = np.array([TIERS[t][1] for t in tier_index], dtype=float)
    high = np.array([TIERS[t][2] for t in tier_index], dtype=float)
    # Log-uniform inside the tier: the tiers' shares give the heavy tail, this spreads each tier.
    followers = np.exp(rng.uniform(np.log(low), np.log(high))).astype(np.int64)
    bridge_ids = rng.choice(n, size=spec.bridges, replace=False)
    spans: dict[int, list[int]] = {}
    for i in bridge_ids:
        others = [k for k in range(spec.communities) if k != home[i]]
        extra = rng.choice(others, size=min(len(others), int(rng.integers(1, 3))), replace=False)
        spans[int(i)] = [int(home[i]), *sorted(int(k) for k in extra)]
    country = rng.choice(COUNTRIES, size=n)
    subtopics = [
        join_topics([names[k], *rng.choice(COMMUNITIES[names[k]], size=2, replace=False)]) for k in home
    ]
    for i, communities in spans.items():
        subtopics[i] = join_topics(names[k] for k in communities)
    tier = np.array([TIERS[t][0] for t in tier_index])
    creators = pd.DataFrame(
        {
            "id": [f"demo-c{i:05d}" for i in range(n)],
            "handle": [f"@{names[home[i]]}_{i:05d}" for i in range(n)],
            "name": [f"{names[home[i]].title()} Creator {i}" for i in range(n)],
            "platform": rng.choice(PLATFORMS, size=n),
            "followers": followers,
            "following": rng.integers(50, 2_000, size=n),
            "posts": rng.integers(20, 5_000, size=n),
            # Smaller accounts engage their audience more, as in the industry benchmarks.
            "engagement_rate": np.round(np.clip(rng.normal(0.09, 0.02, n) - 0.012 * tier_index, 0.002, 1), 4),
            "country": country,
            "language": [LANGUAGE_OF[c] for c in country],
            "verified": np.where(
                followers >= 500_000, "true", np.where(rng.random(n) < 0.1, "true", "false")
            ),
            "topics": subtopics,
            "tier": tier,
        }
    )
    return creators, home, spans


def make_member_ids(rng: np.random.Generator, spec: DemoSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Member ids, the positions of the bots among them (shuffled in) and each bot's burst date."""
    members = np.array([f"demo-m{i:07d}" for i in range(spec.members)])
    bots = np.sort(rng.choice(spec.members, size=spec.bots, replace=False))
    burst_days = rng.integers(0, DAYS, size=max(spec.bot_bursts, 1))
    bot_since = burst_days[rng.integers(0, len(burst_days), size=spec.bots)]
    return members, bots, bot_since


def make_audience(
    rng: np.random.Generator,
    spec: DemoSpec,
    creators: pd.DataFrame,
    home: np.ndarray,
    spans: dict[int, list[int]],
    members: np.ndarray,
    bots: np.ndarray,
    bot_since: np.ndarray,
) -> pd.DataFrame:
    """FOLLOWS rows for people (mostly in their community) and bots, plus some ENGAGED rows."""
    n = spec.creators
    popularity = creators["followers"].to_numpy(dtype=float) ** spec.popularity_exponent
    pools = community_pools(spec.communities, home, spans)
    is_bot = np.zeros(spec.members, dtype=bool)
    is_bot[bots] = True
    people = np.flatnonzero(~is_bot)
    member_home = rng.integers(0, spec.communities, size=spec.members)
    follows = 1 + rng.poisson(spec.mean_follows - 1, size=len(people))
    member_of_edge = np.repeat(people, follows)
    community_of_edge = member_home[member_of_edge]
    at_home = rng.random(len(member_of_edge)) < spec.home_share
    creator_of_edge = np.empty(len(member_of_edge), dtype=np.int64)
    for k, pool in enumerate(pools):
        slots = np.flatnonzero(at_home & (community_of_edge == k))
        creator_of_edge[slots] = rng.choice(pool, size=len(slots), p=normalised(popularity[pool]))
    away = np.flatnonzero(~at_home)
    creator_of_edge[away] = rng.choice(n, size=len(away), p=normalised(popularity))
    days = rng.integers(0, DAYS, size=len(member_of_edge))
    # Bots: many creators each, uniformly at random, all on their burst's day.
    bot_follow_counts = np.minimum(
        n, rng.integers(spec.bot_follows // 2, spec.bot_follows * 3 // 2 + 1, len(bots))
    )
    bot_creators = [rng.choice(n, size=count, replace=False) for count in bot_follow_counts]
    member_of_edge = np.concatenate([member_of_edge, np.repeat(bots, bot_follow_counts)])
    creator_of_edge = np.concatenate([creator_of_edge, *bot_creators]) if bot_creators else creator_of_edge
    days = np.concatenate([days, np.repeat(bot_since, bot_follow_counts)])
    pairs = pd.DataFrame({"member": member_of_edge, "creator": creator_of_edge, "day": days})
    pairs = pairs.drop_duplicates(["member", "creator"]).sort_values(["member", "creator"], kind="stable")
    follows_rows = pd.DataFrame(
        {
            "member_id": members[pairs["member"]],
            "creator_id": creators["id"].to_numpy()[pairs["creator"]],
            "kind": "follows",
            "weight": 1.0,
            "since": [(FIRST_DAY + timedelta(days=int(d))).isoformat() for d in pairs["day"]],
            "last_at": "",
        }
    )
    human = ~is_bot[pairs["member"].to_numpy()]
    engaged_rows = follows_rows[human & (rng.random(len(pairs)) < spec.engaged_share)].copy()
    engaged_rows["kind"] = "engaged"
    engaged_rows["weight"] = rng.geometric(0.3, size=len(engaged_rows)).astype(float)
    engaged_rows["since"] = ""
    # The last interaction: some time after the follow, never after the market's last day.
    followed = pairs["day"].to_numpy()[engaged_rows.index]
    last_day = np.minimum(DAYS, followed + rng.integers(0, 365, size=len(engaged_rows)))
    engaged_rows["last_at"] = [(FIRST_DAY + timedelta(days=int(d))).isoformat() for d in last_day]
    audience: pd.DataFrame = pd.concat([follows_rows, engaged_rows], ignore_index=True)
    return audience


def community_pools(communities: int, home: np.ndarray, spans: dict[int, list[int]]) -> list[np.ndarray]:
    """Creator positions each community's members draw from: its own creators and its bridges."""
    pools = []
    for k in range(communities):
        members = set(np.flatnonzero(home == k).tolist())
        members |= {i for i, spanned in spans.items() if k in spanned}
        pools.append(np.array(sorted(members), dtype=np.int64))
    return pools


def normalised(weights: np.ndarray) -> np.ndarray:
    """Weights as probabilities."""
    shares: np.ndarray = weights / weights.sum()
    return shares


def make_mentions(
    rng: np.random.Generator,
    spec: DemoSpec,
    creators: pd.DataFrame,
    home: np.ndarray,
    spans: dict[int, list[int]],
) -> pd.DataFrame:
    """Creator -> creator mentions, mostly inside the source's community (bridges: any of theirs)."""
    n = spec.creators
    pools = community_pools(spec.communities, home, spans)
    popularity = creators["followers"].to_numpy(dtype=float) ** spec.popularity_exponent
    sources = np.repeat(np.arange(n), rng.poisson(spec.mentions_per_creator, size=n))
    targets = np.empty(len(sources), dtype=np.int64)
    at_home = rng.random(len(sources)) < spec.mention_home_share
    for slot, source in enumerate(sources.tolist()):
        if at_home[slot]:
            community = rng.choice(spans[source]) if source in spans else home[source]
            pool = pools[community]
        else:
            pool = np.arange(n)
        targets[slot] = rng.choice(pool, p=normalised(popularity[pool]))
    kinds = rng.choice(MENTION_KINDS, size=len(sources), p=MENTION_KIND_SHARES)
    first = rng.integers(0, DAYS, size=len(sources))
    last = np.minimum(DAYS, first + rng.integers(0, 180, size=len(sources)))
    rows = pd.DataFrame({"source": sources, "target": targets, "kind": kinds, "first": first, "last": last})
    rows = rows[rows["source"] != rows["target"]].drop_duplicates(["source", "target", "kind"])
    ids = creators["id"].to_numpy()
    return pd.DataFrame(
        {
            "source_id": ids[rows["source"]],
            "target_id": ids[rows["target"]],
            "count": rng.geometric(0.4, size=len(rows)),
            "kind": rows["kind"].to_numpy(),
            "first_at": [(FIRST_DAY + timedelta(days=int(d))).isoformat() for d in rows["first"]],
            "last_at": [(FIRST_DAY + timedelta(days=int(d))).isoformat() for d in rows["last"]],
        }
    )
