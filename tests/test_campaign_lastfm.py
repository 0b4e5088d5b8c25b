"""Simulation numbers on the real Last.fm data equal an independent Python set computation (issue 5).

The graph is loaded the way a user would: `adapt_lastfm(..., min_listeners=10)` into a scratch
folder, then `load_dataset`. The expected numbers come from `user_artists.dat` read with the csv
module (not through the adapter or pandas): one audience set per artist, kept when it has at least
10 listeners, and each campaign's reach, impressions, frequency distribution and exclusive audiences
computed with Python sets and counters.
"""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict

import pytest

from loaders import load_dataset
from loaders.adapters import adapt_lastfm
from service.domain.campaigns.simulate import TOP_BUCKET, simulate
from service.graph.db import Graph
from tests.conftest import DATA

LASTFM = DATA / "lastfm-hetrec2011"
MIN_LISTENERS = 10
CAMPAIGN_SIZES = (1, 2, 5, 12, 30)


def raw_listens() -> tuple[dict[str, set[str]], dict[tuple[str, str], float]]:
    """Artist id -> its listeners (artists with >= MIN_LISTENERS), and play counts per (user, artist),
    read straight from the raw file, with the ids the adapter documents."""
    listeners: dict[str, set[str]] = defaultdict(set)
    plays: dict[tuple[str, str], float] = defaultdict(float)
    with (LASTFM / "user_artists.dat").open(newline="") as raw:
        for row in csv.DictReader(raw, delimiter="\t"):
            user, artist = f"lastfm-user-{row['userID']}", f"lastfm-artist-{row['artistID']}"
            listeners[artist].add(user)
            plays[(user, artist)] += float(row["weight"])
    kept = {a: users for a, users in listeners.items() if len(users) >= MIN_LISTENERS}
    return kept, {key: w for key, w in plays.items() if key[1] in kept}


@pytest.fixture(scope="module")
def audiences(db: Graph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    folder = tmp_path_factory.mktemp("lastfm")
    adapt_lastfm(LASTFM, folder, min_listeners=MIN_LISTENERS)
    load_dataset(db, folder)
    return raw_listens()[0]


def campaigns(audiences: dict[str, set[str]]) -> list[list[str]]:
    """Creator sets of several sizes drawn with a fixed seed, plus the five biggest artists (whose
    audiences overlap most)."""
    rng = random.Random(1123)
    artists = sorted(audiences)
    biggest = sorted(artists, key=lambda a: (-len(audiences[a]), a))[:5]
    return [rng.sample(artists, size) for size in CAMPAIGN_SIZES] + [biggest]


def expected_frequency(exposures: Counter[str]) -> dict[str, int]:
    """People by times reached: '1'..'6' and '7+'."""
    buckets = {str(n): 0 for n in range(1, TOP_BUCKET)} | {f"{TOP_BUCKET}+": 0}
    for times in exposures.values():
        buckets[str(times) if times < TOP_BUCKET else f"{TOP_BUCKET}+"] += 1
    return buckets


def test_the_loaded_core_is_the_raw_files_core(db: Graph, audiences: dict[str, set[str]]) -> None:
    row = db.read_one("bench.count_follows")
    assert row is not None
    assert len(audiences) == 1530
    assert row["follows"] == sum(len(users) for users in audiences.values()) == 63009


def test_simulation_equals_python_sets_on_lastfm(db: Graph, audiences: dict[str, set[str]]) -> None:
    for chosen in campaigns(audiences):
        exposures = Counter(user for artist in chosen for user in audiences[artist])
        result = simulate(db, chosen)
        assert result.unique_reach == len(set().union(*(audiences[a] for a in chosen)))
        assert result.unique_reach == len(exposures)
        assert result.impressions == sum(len(audiences[a]) for a in chosen)
        assert result.frequency == expected_frequency(exposures)
        assert result.effective_reach == sum(1 for times in exposures.values() if times >= 3)
        exclusive = {
            a: len(audiences[a] - set().union(*(audiences[o] for o in chosen if o != a))) for a in chosen
        }
        assert {c.id: (c.audience, c.exclusive) for c in result.creators} == {
            a: (len(audiences[a]), exclusive[a]) for a in chosen
        }
    # the draws include campaigns where overlap matters
    assert any(max(Counter(u for a in c for u in audiences[a]).values()) >= 3 for c in campaigns(audiences))


def test_weighted_impressions_are_the_play_counts(db: Graph, audiences: dict[str, set[str]]) -> None:
    plays = raw_listens()[1]
    for chosen in campaigns(audiences)[:3]:
        result = simulate(db, chosen, weighted=True)
        assert result.impressions == pytest.approx(sum(w for (_, a), w in plays.items() if a in chosen))
        assert result.unique_reach == len(set().union(*(audiences[a] for a in chosen)))
