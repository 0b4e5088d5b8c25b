"""The demo market follows the loaders' convention and really contains what truth.json claims."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from service.cli.main import main

TIER_BOUNDS = {
    "nano": (0, 5_000),
    "micro": (5_000, 100_000),
    "mid": (100_000, 500_000),
    "macro": (500_000, 1_000_000),
    "mega": (1_000_000, float("inf")),
}


def generate(out: Path, *options: str) -> None:
    result = CliRunner().invoke(main, ["demo-data", str(out), *options])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default market, as `make demo` would load it."""
    out = tmp_path_factory.mktemp("demo")
    generate(out)
    return out


def frames(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    read = {"keep_default_na": False}
    return (
        pd.read_csv(folder / "creators.csv", dtype={"verified": str}, **read),
        pd.read_csv(folder / "audience.csv", **read),
        pd.read_csv(folder / "mentions.csv", **read),
        json.loads((folder / "truth.json").read_text()),
    )


def test_the_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    small = ["--creators", "40", "--members", "800", "--bots", "10", "--bridges", "2"]
    generate(tmp_path / "a", *small, "--seed", "11")
    generate(tmp_path / "b", *small, "--seed", "11")
    generate(tmp_path / "c", *small, "--seed", "12")
    for name in ("creators.csv", "audience.csv", "mentions.csv", "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "audience.csv").read_bytes() != (tmp_path / "c" / "audience.csv").read_bytes()


def test_files_follow_the_loaders_convention(market: Path) -> None:
    creators, audience, mentions, _ = frames(market)
    assert list(creators.columns) == [
        "id", "handle", "name", "platform", "followers", "following", "posts",
        "engagement_rate", "country", "language", "verified", "topics",
    ]  # fmt: skip
    assert creators["id"].is_unique and (creators["followers"] >= 0).all()
    assert creators["engagement_rate"].between(0, 1).all()
    assert set(creators["verified"]) <= {"true", "false"}
    ids = set(creators["id"])

    assert list(audience.columns) == [
        "member_id", "creator_id", "kind", "weight", "since", "last_at", "country", "age_band", "gender",
    ]  # fmt: skip
    # People carry an audience make-up, one per member; bots and farm accounts none.
    truth = json.loads((market / "truth.json").read_text())
    bots = audience["member_id"].isin(set(truth["bots"]) | set(truth["farm_members"]))
    assert audience.loc[bots, ["country", "age_band", "gender"]].eq("").all().all()
    assert audience.loc[~bots, ["country", "age_band", "gender"]].ne("").all().all()
    assert (audience[~bots].groupby("member_id")["country"].nunique() == 1).all()
    assert set(audience["kind"]) == {"follows", "engaged"}
    assert (audience["weight"] > 0).all()
    assert set(audience["creator_id"]) <= ids
    assert not audience.duplicated(["member_id", "creator_id", "kind"]).any()
    follows = audience[audience["kind"] == "follows"]
    assert all(date.fromisoformat(day) for day in follows["since"])
    engaged = audience[audience["kind"] == "engaged"]
    assert all(date.fromisoformat(day) for day in engaged["last_at"])

    assert list(mentions.columns) == ["source_id", "target_id", "count", "kind", "first_at", "last_at"]
    assert set(mentions["source_id"]) | set(mentions["target_id"]) <= ids
    assert (mentions["source_id"] != mentions["target_id"]).all()
    assert (mentions["count"] >= 1).all()
    assert set(mentions["kind"]) <= {"mention", "repost", "reply", "collab"}
    assert not mentions.duplicated(["source_id", "target_id", "kind"]).any()
    assert (mentions["first_at"] <= mentions["last_at"]).all()


def test_default_size_suits_the_demo(market: Path) -> None:
    creators, audience, _, truth = frames(market)
    assert len(creators) == 300
    # --members people and bots, plus the bot farm's accounts (truth.json farm_members, 300).
    assert audience["member_id"].nunique() <= 20_000 + len(truth["farm_members"]) == 20_300
    assert 80_000 <= len(audience) <= 130_000
    assert len(truth["communities"]) == 6


def test_followers_are_heavy_tailed_across_all_five_tiers(market: Path) -> None:
    creators, _, _, truth = frames(market)
    followers = dict(zip(creators["id"], creators["followers"], strict=True))
    for creator, tier in truth["tier_of"].items():
        low, high = TIER_BOUNDS[tier]
        assert low <= followers[creator] < high, (creator, tier)
    tiers = Counter(truth["tier_of"].values())
    assert set(tiers) == set(TIER_BOUNDS)
    assert tiers["nano"] > tiers["micro"] > tiers["mid"] > tiers["macro"] > tiers["mega"]
    assert creators["followers"].max() > 100 * creators["followers"].median()


def member_communities(follows: pd.DataFrame, truth: dict[str, Any]) -> dict[str, str]:
    """Each person's community: the most common one among the non-bridge creators they follow."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for member, creator in zip(follows["member_id"], follows["creator_id"], strict=True):
        if creator not in truth["bridges"]:
            seen[member][truth["community_of"][creator]] += 1
    return {member: counts.most_common(1)[0][0] for member, counts in seen.items()}


def test_audiences_cluster_by_community_and_bridges_span_theirs(market: Path) -> None:
    _, audience, _, truth = frames(market)
    follows = audience[(audience["kind"] == "follows") & ~audience["member_id"].isin(truth["bots"])]
    community_of_member = member_communities(follows, truth)
    shares: dict[str, Counter[str]] = defaultdict(Counter)
    for member, creator in zip(follows["member_id"], follows["creator_id"], strict=True):
        if member in community_of_member:
            shares[creator][community_of_member[member]] += 1

    assert len(truth["bridges"]) == 6
    for creator, community in truth["community_of"].items():
        total = sum(shares[creator].values())
        if creator in truth["bridges"]:
            spanned = {c for c, n in shares[creator].items() if n / total >= 0.2}
            assert len(spanned) >= 2, (creator, shares[creator])
            assert spanned <= set(truth["bridges"][creator])
        else:
            top, n = shares[creator].most_common(1)[0]
            assert top == community and n / total >= 0.6, (creator, shares[creator])


def test_bots_follow_implausibly_many_creators_in_bursts(market: Path) -> None:
    _, audience, _, truth = frames(market)
    follows = audience[audience["kind"] == "follows"]
    per_member = follows.groupby("member_id").size()
    bots = set(truth["bots"])
    assert len(bots) == 200
    people = per_member[~per_member.index.isin(bots)]
    assert per_member[list(bots)].min() > 3 * people.max()
    bot_days = set(follows[follows["member_id"].isin(bots)]["since"])
    assert len(bot_days) <= 3
    for bot in truth["bots"][:20]:
        assert follows[follows["member_id"] == bot]["since"].nunique() == 1, bot


def test_mentions_stay_mostly_inside_communities(market: Path) -> None:
    _, _, mentions, truth = frames(market)

    def communities(creator: str) -> set[str]:
        return set(truth["bridges"].get(creator, [truth["community_of"][creator]]))

    inside = sum(
        bool(communities(s) & communities(t))
        for s, t in zip(mentions["source_id"], mentions["target_id"], strict=True)
    )
    assert inside / len(mentions) >= 0.75


def test_an_impossible_spec_is_refused_with_the_option_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo-data", str(tmp_path / "x"), "--creators", "5"])
    assert result.exit_code != 0
    assert "--creators must be at least" in result.output
    assert not (tmp_path / "x").exists()
