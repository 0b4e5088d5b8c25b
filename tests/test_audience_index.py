"""The audience index on small stated graphs: equal answers, never stale, partial refreshes, one
snapshot for all workers, a memory guard, and assessment marks written from it (issue 14).

The graph joins three stated ones:
- the simulation graph of test_campaign_simulate: A, B (cluster 1), C, D (2), E (3), S1..S8 (4),
  with edge weights (m1->A 2.0; m6->C FOLLOWS 0.5 and ENGAGED_WITH 3.0) and an engaged-only m7;
- the cleaned-audiences market of test_cleaned_audiences: A1..A3 (cluster 5), B1..B3 (6), bots
  x1..x6 following A3, B1, B2, B3 (mass followers at mass_follows = 4, as s1 is);
- a bot farm: z1..z25 follow F1 and F2 (cluster 7) on 2025-01-05 (a burst of 25 >= 10 for both,
  a shared farm of 25 >= 20), y1..y5 follow F1 on five other days.
Every creator costs followers / 1000 (budget plans).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from loaders import load_frame
from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.audience_index.index import AudienceIndex
from service.domain.audience_index.snapshot import snapshot_path
from service.domain.audience_index.store import IndexStore
from service.domain.authenticity import AuthenticityParams, flag_creators
from service.domain.campaigns.plan import PlanRequest
from service.domain.campaigns.simulate import simulate
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.version import read_stamp
from tests.audience_index_checks import BIG_BUDGET, check_all, fresh_index, patient, same
from tests.campaign_graph import creator, members, seed

PARAMS = AuthenticityParams(mass_follows=4, burst_size=10, farm_min_shared=20)
FOLLOWERS = {"B1": 90_000, "B2": 80_000, "B3": 70_000, "A1": 60_000, "A2": 50_000, "A3": 40_000}
# Test-only Cypher: constants, never built from input.
SET_SINCE = """
MATCH (m:AudienceMember)-[f:FOLLOWS]->(c:Creator)
WHERE m.id STARTS WITH 'z' OR m.id STARTS WITH 'y'
SET f.since = CASE WHEN m.id STARTS WITH 'z' THEN date('2025-01-05')
                   ELSE date('2025-02-0' + substring(m.id, 1)) END
"""
MARKED = "MATCH (m:AudienceMember) WHERE m.suspicious = true RETURN m.id AS id ORDER BY id"
UNMARK = "MATCH (m:AudienceMember) REMOVE m.suspicious"
BUMP = "MATCH (v:DataVersion) SET v.version = v.version + 1, v.loads = v.loads + 1"


def priced(row: dict[str, object]) -> dict[str, object]:
    followers = row["followers"]
    assert isinstance(followers, int)
    return row | {"cost": followers / 1000}


def seed_stated(db: Graph) -> None:
    creators = [creator("A", 1), creator("B", 1), creator("C", 2), creator("D", 2), creator("E", 3)]
    creators += [creator(f"S{n}", 4, followers=500 * n) for n in range(1, 9)]
    creators += [creator(c, 5 if c.startswith("A") else 6, followers=n) for c, n in FOLLOWERS.items()]
    creators += [creator("F1", 7, followers=3000, topics=["travel"]), creator("F2", 7, followers=2000)]
    follows: dict[str, list[str]] = {
        "A": ["m1", "m2", "m3", "m4"],
        "B": ["m3", "m4", "m5"],
        "C": ["m4", "m5", "m6"],
        "D": ["m8", "m9"],
        "S1": ["s1", "s2"],
    } | {f"S{n}": ["s1"] for n in range(2, 9)}
    bots = members("x", 1, 6)
    follows |= {
        "A1": members("fa", 1, 8),
        "A2": members("fa", 1, 6),
        "A3": members("fa", 6, 8) + bots,
    } | {b: members("gb", 1, 5) + bots for b in ("B1", "B2", "B3")}
    follows |= {"F1": members("z", 1, 25) + members("y", 1, 5), "F2": members("z", 1, 25)}
    seed(
        db,
        [priced(c) for c in creators],
        follows=follows,
        engaged=[("m6", "C", 3.0), ("m7", "C"), ("fa1", "A3", 2.5)],
        weights={("m1", "A"): 2.0, ("m6", "C"): 0.5},
    )
    # Test-only writes bypass our writers: count them as a load, as a writer would.
    db.driver.execute_query(SET_SINCE, database_=db.database)
    db.driver.execute_query(BUMP, database_=db.database)


@pytest.fixture
def stated(db: Graph) -> Graph:
    """The stated graph, freshly seeded (the tests here assess, analyse and load)."""
    db.wipe()
    seed_stated(db)
    return patient(db)


def store(**options: object) -> IndexStore:
    return IndexStore(BIG_BUDGET, background=False, **options)  # type: ignore[arg-type]


EXTRA_PLANS = [
    PlanRequest(goal="reach", k=None, budget=95.0, cost_property="cost"),
    PlanRequest(goal="reach", k=3, budget=120.0, cost_property="cost", require=("A",)),
    PlanRequest(goal="frequency", k=3, frequency=2, topics=("travel",), include_flagged=True),
    PlanRequest(goal="bridge", k=5, tier="nano", include_flagged=True),
    PlanRequest(goal="reach", k=4, cluster=6, include_flagged=True),
    PlanRequest(goal="reach", k=4, countries=("US",), min_engagement=0.02),
]


def test_answers_equal_the_cypher_reference_before_and_after_an_assessment(stated: Graph) -> None:
    index = fresh_index(stated)
    assert not index.assessed
    # Cleaned answers before an assessment: the same 409 on both paths (check_all asks for them).
    check_all(stated, index, PARAMS, extra_plans=EXTRA_PLANS)
    flag_creators(stated, PARAMS)
    index = fresh_index(stated)
    assert index.assessed
    # Bots x1..x6 and s1 follow 4+ creators; z1..z25 and y? arrived in F1's / F2's bursts.
    assert len(index.suspicious) == 6 + 1 + 25
    check_all(stated, index, PARAMS, extra_plans=[replace(p, audience="cleaned") for p in EXTRA_PLANS])


def test_the_assessment_on_the_index_writes_the_same_marks_and_flags(stated: Graph) -> None:
    flag_creators(stated, PARAMS)  # the Cypher reference
    reference_flags = _flags(stated)
    marked = _marked(stated)
    stated.driver.execute_query(UNMARK, database_=stated.database)
    stated.driver.execute_query(BUMP, database_=stated.database)
    on_index = store()
    index = on_index.fresh(stated)
    assert index is not None and index.assessed and not len(index.suspicious)
    flag_creators(stated, PARAMS, index=on_index)
    assert _marked(stated) == marked and len(marked) == 32
    assert _flags(stated) == reference_flags
    # Re-assessed with a stricter mass threshold: the index path unmarks those no longer suspicious.
    flag_creators(stated, replace(PARAMS, mass_follows=5), index=on_index)
    assert set(_marked(stated)) == set(marked) - {f"x{n}" for n in range(1, 7)}, "x1..x6 follow 4 creators"


def _marked(graph: Graph) -> list[str]:
    return [r["id"] for r in graph.driver.execute_query(MARKED, database_=graph.database).records]


def _flags(graph: Graph) -> list[tuple[str, bool, list[str]]]:
    text = "MATCH (c:Creator) RETURN c.id AS id, c.flagged AS flagged, c.flags AS flags ORDER BY id"
    return [
        (r["id"], r["flagged"], r["flags"])
        for r in graph.driver.execute_query(text, database_=graph.database).records
    ]


def test_an_assessment_refuses_to_write_when_the_data_changed_under_it(stated: Graph) -> None:
    index = fresh_index(stated)
    load_frame(
        stated, "audience", pd.DataFrame({"member_id": ["n1"], "creator_id": ["A"], "kind": "follows"})
    )
    with pytest.raises(ServiceError) as raised:
        flag_creators(stated, PARAMS, index=index)
    assert raised.value.status == 409 and raised.value.code == "data_changed"
    assert not _marked(stated)


def test_load_assess_analyse_then_answer_never_stale(stated: Graph) -> None:
    one = store()
    before = simulate(stated, ["A", "B"], index=one)
    built = one.index
    assert built is not None
    rows = pd.DataFrame({"member_id": ["n1", "n2", "m1"], "creator_id": ["A", "B", "B"], "kind": "follows"})
    load_frame(stated, "audience", rows)
    after = simulate(stated, ["A", "B"], index=one)
    assert one.index is not built and one.index is not None and one.index.how == "built"
    assert one.index.stamp.loads == built.stamp.loads + 1
    assert after.unique_reach == before.unique_reach + 2
    same(after.to_dict(), simulate(stated, ["A", "B"]).to_dict(), "after load")
    # An assessment: a partial refresh (marks and flags), the same answers as a full build.
    flag_creators(stated, PARAMS, index=one)
    cleaned = simulate(stated, ["A3", "B1", "F1"], audience="cleaned", index=one)
    assert one.index.how == "refreshed" and one.index.stamp.assessments == built.stamp.assessments + 1
    same(cleaned.to_dict(), simulate(stated, ["A3", "B1", "F1"], audience="cleaned").to_dict(), "assessed")
    _same_index(one.index, fresh_index(stated))
    # An analysis renumbers the clusters: a partial refresh (clusters and scores).
    run_analysis(stated, AnalysisParams(min_shared=1))
    third = one.fresh(stated)
    assert third is not None and third.how == "refreshed"
    assert third.stamp.analyses == built.stamp.analyses + 1
    clusters = {r["id"]: r["cluster"] for r in stated.read("audience_index.stream_creators")}
    assert {c.id: c.cluster for c in third.creators} == clusters
    _same_index(third, fresh_index(stated))
    check_all(stated, third, PARAMS, sizes=(2, 4))


def _same_index(ours: AudienceIndex, built: AudienceIndex) -> None:
    """A refreshed index holds what a full build at the same stamp holds."""
    assert ours.stamp == built.stamp and ours.creators == built.creators and ours.assessed == built.assessed
    assert list(ours.suspicious) == list(built.suspicious)
    assert [list(c) for c in ours.cleaned] == [list(c) for c in built.cleaned]


def test_writes_that_bypass_the_loaders_but_add_edges_are_noticed(stated: Graph) -> None:
    one = store()
    first = one.fresh(stated)
    stated.driver.execute_query(
        "MATCH (c:Creator {id: 'A'}) MERGE (m:AudienceMember {id: 'w1'}) MERGE (m)-[:FOLLOWS]->(c)",
        database_=stated.database,
    )
    second = one.fresh(stated)
    assert first is not None and second is not None and second is not first
    same(simulate(stated, ["A"], index=one).to_dict(), simulate(stated, ["A"]).to_dict())


def test_no_index_is_built_or_served_while_a_journaled_load_is_unfinished(stated: Graph) -> None:
    one = store()
    assert one.fresh(stated) is not None
    stated.write("journal.start_load_run", load="index-test", source="test", kind="audience", owner="test:1")
    try:
        assert read_stamp(stated)[1] is True
        assert one.fresh(stated) is None
        same(simulate(stated, ["A"], index=one).to_dict(), simulate(stated, ["A"]).to_dict())
    finally:
        stated.write("journal.set_load_run_status", load="index-test", status="done")
    assert one.fresh(stated) is not None


def test_an_index_over_the_memory_budget_falls_back_to_cypher_with_a_log_line(
    stated: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    small = IndexStore(1000, background=False)
    with caplog.at_level(logging.WARNING, logger="service.domain.audience_index.store"):
        answer = simulate(stated, ["A", "B", "C"], index=small)
        simulate(stated, ["A"], index=small)
    assert small.index is None
    lines = [r.getMessage() for r in caplog.records if "audience index not built" in r.getMessage()]
    assert len(lines) == 1, "one log line per data version, not one per request"
    assert "answering from Cypher" in lines[0]
    same(answer.to_dict(), simulate(stated, ["A", "B", "C"]).to_dict())


def test_a_background_build_answers_from_cypher_until_the_index_is_ready(stated: Graph) -> None:
    release = threading.Event()

    def gated(graph: Graph) -> AudienceIndex:
        release.wait(30)
        return fresh_index(graph)

    later = IndexStore(BIG_BUDGET, background=True, builder=gated)
    first = simulate(stated, ["A", "C"], index=later)
    assert later.index is None, "the build is still running: the answer came from Cypher"
    release.set()
    later.wait()
    assert later.index is not None
    same(simulate(stated, ["A", "C"], index=later).to_dict(), first.to_dict())


def test_workers_share_one_snapshot_and_only_one_builds(stated: Graph, tmp_path: Path) -> None:
    builds: list[int] = []

    def counted(graph: Graph) -> AudienceIndex:
        builds.append(1)
        return fresh_index(graph)

    workers = [store(folder=tmp_path, builder=counted) for _ in range(3)]
    answers = [simulate(stated, ["A", "B"], index=w) for w in workers]
    assert len(builds) == 1, "one builder; the other workers load its snapshot"
    assert [w.index.how for w in workers if w.index] == ["built", "loaded", "loaded"]
    assert snapshot_path(tmp_path, workers[0].index.stamp).exists()  # type: ignore[union-attr]
    assert all(a == answers[0] for a in answers)
    # After an assessment the first worker to ask refreshes and writes; the others load again.
    for mass_follows in (4, 5):
        flag_creators(stated, replace(PARAMS, mass_follows=mass_follows), index=workers[1])
        for w in workers:
            assert w.fresh(stated) is not None
        assert [w.index.how for w in workers if w.index] == ["refreshed", "loaded", "loaded"]
    assert len(builds) == 1
    assert len(list(tmp_path.glob("*.idx"))) == 2, "three snapshots written, the oldest pruned"
    # A new process (a CLI command) after another assessment starts from the newest snapshot.
    flag_creators(stated, PARAMS)
    command = store(folder=tmp_path, builder=counted)
    assert command.fresh(stated) is not None and command.index is not None
    assert command.index.how == "refreshed" and len(builds) == 1


def test_a_worker_that_finds_the_build_lock_taken_answers_from_cypher(stated: Graph, tmp_path: Path) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(graph: Graph) -> AudienceIndex:
        entered.set()
        release.wait(30)
        return fresh_index(graph)

    builder = IndexStore(BIG_BUDGET, background=True, folder=tmp_path, builder=slow)
    other = IndexStore(BIG_BUDGET, background=True, folder=tmp_path)
    simulate(stated, ["A"], index=builder)
    assert entered.wait(30)
    same(simulate(stated, ["A"], index=other).to_dict(), simulate(stated, ["A"]).to_dict())
    other.wait()
    assert other.index is None, "the lock was taken: no second build"
    release.set()
    builder.wait()
    assert other.fresh(stated) is None  # starts loading the snapshot in the background
    other.wait()
    assert other.fresh(stated) is not None and other.index is not None and other.index.how == "loaded"
