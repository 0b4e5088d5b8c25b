"""The sparse shared-audience engine, link filters, pair scores, step timings and the progress line.

The arithmetic (service/domain/analysis/overlap.py) is checked against hand counts and against an
independent brute-force count in plain Python; the engine in a real run against the gds engine
on the hand-checkable graph of test_analysis.py (same pairs, same numbers).
"""

from __future__ import annotations

import io
import json
import random
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from service.cli.main import main
from service.cli.progress import TerminalProgress
from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.analysis.overlap import (
    AudienceIndex,
    overlap_p_values,
    score_pairs,
    select_links,
    shared_counts,
)
from service.domain.analysis.steps import STEPS, StepClock, StepEvent, seconds_left
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from tests.test_analysis import A, B, seed_two_groups, shares


def index_of(pairs: list[tuple[str, str]]) -> AudienceIndex:
    """An index from (member, creator) pairs, creators in id order."""
    creators = sorted({creator for _, creator in pairs})
    row = {creator: n for n, creator in enumerate(creators)}
    members = {member: n for n, member in enumerate(sorted({member for member, _ in pairs}))}
    return AudienceIndex.from_pairs(
        creators,
        np.array([row[c] for _, c in pairs], dtype=np.int64),
        np.array([members[m] for m, _ in pairs], dtype=np.int64),
    )


def brute_force(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, float]]:
    """Shared members and the degree-weighted sum of every pair, member by member, in plain Python."""
    reach: dict[str, set[str]] = defaultdict(set)
    for member, creator in pairs:
        reach[member].add(creator)
    found: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for creators in reach.values():
        for a, b in combinations(sorted(creators), 2):
            found[(a, b)][0] += 1
            found[(a, b)][1] += 1.0 / (len(creators) - 1)
    return {pair: (int(count), weight) for pair, (count, weight) in found.items()}


def random_market(seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    creators = [f"c{n:02d}" for n in range(40)]
    pairs = []
    for member in range(600):
        follows = rng.sample(creators, rng.choice([1, 2, 3, 5, 8, 30]))
        pairs += [(f"m{member}", creator) for creator in follows]
    return pairs + pairs[:50]  # a member who follows and engages counts once


def test_counts_equal_hand_counts_and_a_double_link_counts_once() -> None:
    follows = [(m, c) for m in [f"fa{i}" for i in range(10)] for c in ("a1", "a2")]
    follows += [("solo", "a1"), ("fa0", "a2"), ("fa0", "x"), ("fa1", "x")]
    index = index_of(follows)
    assert index.creators == ("a1", "a2", "x")
    assert list(index.sizes) == [11, 10, 2] and index.members == 11
    a, b, shared, weighted = shared_counts(index)
    got = {
        (index.creators[i], index.creators[j]): (s, w)
        for i, j, s, w in zip(a, b, shared, weighted, strict=True)
    }
    # fa0 and fa1 reach 3 creators (weight 1/2 each), fa2..fa9 reach 2 (weight 1)
    assert got == {("a1", "a2"): (10, 9.0), ("a1", "x"): (2, 1.0), ("a2", "x"): (2, 1.0)}
    pairs = score_pairs(index, a, b, shared, weighted)
    assert pairs.jaccard[0] == pytest.approx(10 / 11) and pairs.lift[0] == pytest.approx(10 * 11 / 110)
    assert pairs.affinity[0] == pytest.approx(9 / 11)
    assert pairs.share_a[0] == pytest.approx(10 / 11) and pairs.share_b[0] == pytest.approx(1.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_equal_an_independent_member_by_member_count(seed: int) -> None:
    follows = random_market(seed)
    index = index_of(follows)
    a, b, shared, weighted = shared_counts(index)
    got = {
        (index.creators[i], index.creators[j]): (int(s), w)
        for i, j, s, w in zip(a, b, shared, weighted, strict=True)
    }
    expected = brute_force(follows)
    assert set(got) == set(expected)
    for pair, (count, weight) in expected.items():
        assert got[pair][0] == count and got[pair][1] == pytest.approx(weight), pair


def test_each_creator_keeps_its_top_k_partners_and_a_pair_kept_by_either_end_is_a_link() -> None:
    follows = random_market(4)
    index = index_of(follows)
    links = select_links(index, min_shared=2, min_jaccard=0.0, top_k=3)
    a, b, shared, weighted = shared_counts(index, 2)
    pairs = score_pairs(index, a, b, shared, weighted)
    # Independent top 3 of each creator: Jaccard descending, ties by the partner's id.
    partners: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for x, y, jaccard in zip(pairs.a.tolist(), pairs.b.tolist(), pairs.jaccard.tolist(), strict=True):
        partners[x].append((-jaccard, y))
        partners[y].append((-jaccard, x))
    expected = {
        (min(me, other), max(me, other)) for me, ranked in partners.items() for _, other in sorted(ranked)[:3]
    }
    assert set(zip(links.a.tolist(), links.b.tolist(), strict=True)) == expected
    assert max(Counter(links.a.tolist() + links.b.tolist()).values()) >= 3


def test_the_significant_filter_drops_chance_overlap_and_keeps_real_overlap() -> None:
    # 1000 members; c1 and c2 share 40 of their 50 (far above chance: 50 * 50 / 1000 = 2.5);
    # c3 and c4 share 3 of their 50 (about what independent audiences share).
    follows = [(f"m{i}", "c1") for i in range(50)] + [(f"m{i}", "c2") for i in range(10, 60)]
    follows += [(f"m{i}", "c3") for i in range(100, 150)] + [(f"m{i}", "c4") for i in range(147, 197)]
    follows += [(f"m{i}", "c5") for i in range(200, 1000)]
    index = index_of(follows)
    a, b, shared, weighted = shared_counts(index, 2)
    pairs = score_pairs(index, a, b, shared, weighted)
    p_values = dict(
        zip(zip(a.tolist(), b.tolist(), strict=True), overlap_p_values(index, pairs).tolist(), strict=True)
    )
    assert p_values[(0, 1)] < 1e-30 and p_values[(2, 3)] > 0.1
    links = select_links(
        index, min_shared=2, min_jaccard=0.0, top_k=20, link_filter="significant", max_p_value=1e-6
    )
    assert list(zip(links.a.tolist(), links.b.tolist(), strict=True)) == [(0, 1)]


def test_affinity_discounts_members_who_follow_many_creators() -> None:
    # g1 and g2 share 6 fans who follow just them; h1 and h2 share 6 "mass followers" who also
    # follow 20 other creators: the same count and Jaccard, but not the same evidence.
    follows = [(f"f{i}", c) for i in range(6) for c in ("g1", "g2")]
    follows += [(f"b{i}", c) for i in range(6) for c in ["h1", "h2", *(f"z{k:02d}" for k in range(20))]]
    index = index_of(follows)
    links = select_links(index, min_shared=2, min_jaccard=0.0, top_k=50, pair_score="affinity")
    by_pair = {
        (index.creators[x], index.creators[y]): (j, f)
        for x, y, j, f in zip(links.a, links.b, links.jaccard, links.affinity, strict=True)
    }
    assert by_pair[("g1", "g2")][0] == by_pair[("h1", "h2")][0] == pytest.approx(1.0)
    assert by_pair[("g1", "g2")][1] == pytest.approx(1.0)
    assert by_pair[("h1", "h2")][1] == pytest.approx(1 / 21)


def test_nested_steps_are_not_counted_twice_and_the_watcher_hears_each_step() -> None:
    now = [0.0]
    heard: list[StepEvent] = []
    clock = StepClock(heard.append, {"publish": 4.0}, clock=lambda: now[0])
    with clock.step("publish"):
        now[0] += 1.0
        with clock.step("summaries"):
            now[0] += 2.0
        now[0] += 0.5
    assert clock.timings == {"summaries": 2.0, "publish": 1.5}
    assert [(e.name, e.seconds) for e in heard] == [
        ("publish", None),
        ("summaries", None),
        ("summaries", 2.0),
        ("publish", 1.5),
    ]
    assert heard[0].expected == 4.0 and heard[0].position == STEPS.index("publish") + 1
    # publish ran at the expected pace... until it ended 1.5 s in (of 4): nothing is left
    assert heard[0].left == pytest.approx(4.0) and heard[-1].left == pytest.approx(0.0)


def test_time_left_scales_the_previous_run_by_this_runs_pace() -> None:
    previous = {"prepare": 2.0, "projection": 10.0, "clustering": 4.0}
    assert seconds_left({}, {}, None) is None
    assert seconds_left(previous, {}, "prepare") == pytest.approx(16.0)
    # prepare took twice as long as last time: the rest is expected to as well
    assert seconds_left(previous, {"prepare": 4.0}, None) == pytest.approx(28.0)


def test_the_progress_line_shows_the_step_its_time_and_the_time_left() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream, clock=lambda: 0.0, tick=60.0)
    total = len(STEPS)
    progress(StepEvent("prepare", 1, total, None, 2.0, 12.0))
    progress(StepEvent("prepare", 1, total, 1.0, 2.0, 5.0))
    progress(StepEvent("projection", 2, total, None, 10.0, 5.0))
    progress.close()
    text = stream.getvalue()
    assert f"[1/{total}] prepare" in text and "1.0 s" in text
    assert f"[2/{total}] projection ..." in text and "~ 5 s left" in text


@pytest.fixture
def two_groups(db: Graph) -> Graph:
    db.wipe()
    seed_two_groups(db)
    return db


def test_sparse_and_gds_engines_stage_the_same_pairs_and_numbers(two_groups: Graph) -> None:
    db = two_groups
    every_pair = {"top_k": 100, "min_jaccard": 0.0, "min_shared": 1, "pair_score": "jaccard"}
    gds = run_analysis(db, AnalysisParams(engine="gds", **every_pair))  # type: ignore[arg-type]
    by_gds = shares(db)
    sparse = run_analysis(db, AnalysisParams(engine="sparse", **every_pair))  # type: ignore[arg-type]
    by_sparse = shares(db)
    assert set(by_sparse) == set(by_gds) and len(by_sparse) == 20
    for pair, props in by_gds.items():
        for key in ("shared", "jaccard", "overlap", "share_a", "share_b", "lift"):
            assert by_sparse[pair][key] == pytest.approx(props[key]), (pair, key)
    # fa0 follows a1 and a2 and x, and engages a2: one member, reaching 3 creators (weight 1/2)
    # fa0..fa4 reach a1..a4 and x (weight 1/4 each), fa5..fa9 a1..a4 (1/3); fa0's engagement
    # with a2 adds no creator
    assert by_sparse[("a1", "a2")]["affinity"] == pytest.approx((5 / 4 + 5 / 3) / 11)
    assert gds.counts["members"] == sparse.counts["members"] == 21
    assert gds.modularity == pytest.approx(sparse.modularity)


@pytest.mark.parametrize(
    "query", ["analysis.stream_creator_audiences", "analysis.stream_creator_audiences_cleaned"]
)
def test_the_audience_read_in_parts_gives_every_creator_once_as_one_read_does(
    two_groups: Graph, query: str
) -> None:
    db = two_groups
    # A suspicious member, so the cleaned read has something to leave out.
    db.driver.execute_query("MATCH (m:AudienceMember {id: 'fa0'}) SET m.suspicious = true")
    seen: dict[int, list[tuple[str, list[int]]]] = {}
    for parts in (1, 3):
        rows: list[tuple[str, list[int]]] = []
        db.read_each(
            query, lambda row, rows=rows: rows.append((row["id"], sorted(row["members"]))), parts=parts
        )
        seen[parts] = sorted(rows)
    assert [creator for creator, _ in seen[3]] == sorted([*A, *B, "x"])
    assert seen[3] == seen[1]
    a1 = dict(seen[1])["a1"]
    assert len(a1) == (10 if query.endswith("cleaned") else 11)  # fa0..fa9 and solo


def test_every_run_records_its_step_timings(two_groups: Graph, test_settings: Settings) -> None:
    db = two_groups
    summary = run_analysis(db, AnalysisParams(top_k=100, min_jaccard=0.0))
    assert set(summary.timings) >= set(STEPS) - {"summaries"} and all(
        seconds >= 0 for seconds in summary.timings.values()
    )
    stored = db.read_one("analysis.get_run", run_id=summary.run_id)
    assert stored is not None and json.loads(stored["timings"]) == summary.timings
    result = CliRunner().invoke(main, ["analyze", "--json"], obj=test_settings)
    assert result.exit_code == 0, result.output
    record: dict[str, Any] = json.loads(result.output.strip().splitlines()[-1])
    assert set(record["timings"]) >= {"prepare", "projection", "clustering", "publish"}


def test_options_the_gds_engine_cannot_honour_are_refused() -> None:
    with pytest.raises(ServiceError, match="'affinity' needs engine 'sparse'"):
        AnalysisParams(engine="gds", pair_score="affinity").validate()
    with pytest.raises(ServiceError, match="'significant' needs engine 'sparse'"):
        AnalysisParams(engine="gds", link_filter="significant", pair_score="jaccard").validate()
    with pytest.raises(ServiceError, match="max_p_value=0"):
        AnalysisParams(max_p_value=0).validate()
