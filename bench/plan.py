"""Campaign planning on Last.fm (HetRec 2011) and on a generated 1M-edge audience.

    .venv/bin/python bench/plan.py [--generated-edges 1000000] [--chunk-rows 100000]

Two baselines, measured in the same run on the same data:

- quality: the greedy reach plan vs the top k by followers (Last.fm, k = 5, 10, 20), both counted by
  the same exact Cypher simulation, and the greedy frequency pack vs the top k in the largest genre;
- speed: `plan(...)` (k = 5 and 20, every creator a candidate) vs a straightforward Python greedy:
  every creator's member set pulled from Neo4j with one query (`bench.get_creator_members`), then
  max coverage with Python sets, recomputing the union with every candidate each round. Both must
  reach the same number of people (asserted; ties go to the larger creator in both).

Last.fm: artists with >= 10 listeners become creators (followers = listeners, topic
`bench-lastfm`), users audience members, listens FOLLOWS with weight = play count. Generated:
`loaders.demo_data` (bench/load.py's spec: 2,000 creators) trimmed to `--generated-edges` FOLLOWS
rows, loaded with `load_dataset` in files of `--chunk-rows`.

The database is WIPED. Without NEO4J_URI the bench runs its own local server beside
INFLUENCE_MAP_HOME (folder `<home>-bench`, ports + 30000) and stops it afterwards; with NEO4J_URI
it uses (and wipes) that database. The last line printed is one JSON object of figures.

`--existing [--assess] [--cluster N] [--repeat N] [--cypher-repeat N]` instead measures the
configured database as it is (the 2.1M-row market, loaded and analysed): simulate, plans,
segments, overlap/cleaned and the assessment on the audience index against plain Python sets
(bench/market_answers.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings  # noqa: E402
from bench.market_answers import measure  # noqa: E402
from loaders import load_dataset, load_frame  # noqa: E402
from loaders.demo_data import generate_demo_data  # noqa: E402
from loaders.demo_spec import DemoSpec  # noqa: E402
from service.domain.campaigns.plan import MemberNumbers, PlanRequest, plan  # noqa: E402
from service.domain.campaigns.planner import Objective  # noqa: E402
from service.domain.campaigns.simulate import simulate  # noqa: E402
from service.graph.db import Graph  # noqa: E402
from service.graph.settings import Settings  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "lastfm-hetrec2011"
TOPIC = "bench-lastfm"
MIN_LISTENERS = 10
KS = (5, 10, 20)
SPEED_KS = (5, 20)
# Larger than any creator count here: every creator is a candidate.
ALL_CREATORS = 1_000_000
GENRES = 8
PACK_K = 5
PACK_FREQUENCY = 3


def load(graph: Graph) -> tuple[pd.DataFrame, int]:
    """Write the Last.fm core into Neo4j; returns the creators (by followers) and the edge count."""
    artists = pd.read_csv(DATA / "derived_artist_summary.csv")
    artists = artists[artists["listeners"] >= MIN_LISTENERS].copy()
    artists["id"] = "bench-lastfm:" + artists["artistID"].astype(str)
    # Stand-in clusters until the analysis runs here: the GENRES most common top tags, the rest one more.
    genres = list(artists["top_tag"].value_counts().index[:GENRES])
    artists["cluster"] = [genres.index(t) if t in genres else GENRES for t in artists["top_tag"]]
    listens = pd.read_csv(DATA / "user_artists.dat", sep="\t")
    listens = listens[listens["artistID"].isin(artists["artistID"])]
    creators = pd.DataFrame(
        {
            "id": artists["id"],
            "handle": artists["name"].astype(str),
            "name": artists["name"].astype(str),
            "followers": artists["listeners"].astype(int),
            "platform": TOPIC,
            "topics": TOPIC,
        }
    )
    audience = pd.DataFrame(
        {
            "member_id": "bench-lastfm:" + listens["userID"].astype(str),
            "creator_id": "bench-lastfm:" + listens["artistID"].astype(str),
            "weight": listens["weight"].astype(float),
            "platform": TOPIC,
        }
    )
    load_frame(graph, "creators", creators, source="lastfm artists")
    load_frame(graph, "audience", audience, source="lastfm listens")
    clusters = [{"id": r.id, "cluster": int(r.cluster)} for r in artists.itertuples()]
    graph.write("bench.set_stand_in_clusters", rows=clusters)
    return artists.sort_values(["listeners", "id"], ascending=[False, True]), len(listens)


def frequency_pack(graph: Graph, artists: pd.DataFrame) -> dict[str, object]:
    """Greedy frequency pack vs the top k by followers inside the largest genre, both counted as
    the genre's listeners reached PACK_FREQUENCY times or more."""
    in_genre = artists[artists["cluster"] == 0]
    greedy = plan(
        graph,
        PlanRequest(
            goal="frequency", k=PACK_K, cluster=0, frequency=PACK_FREQUENCY, topics=(TOPIC,), pool_size=5000
        ),
    )
    top_ids = list(in_genre["id"].head(PACK_K))
    numbers = MemberNumbers()
    target_row = graph.read_one(
        "campaigns.get_target_audience", creator_ids=list(in_genre["id"]), cleaned=False
    )
    target = numbers.of(target_row["members"] if target_row else [])
    baseline = Objective("frequency", target, PACK_FREQUENCY)
    for row in graph.read("campaigns.get_candidate_audiences", creator_ids=top_ids, cleaned=False):
        baseline.add(numbers.of(row["members"]))
    return {
        "k": PACK_K,
        "frequency": PACK_FREQUENCY,
        "genre_audience": len(target),
        "greedy_effective_reach": greedy.objective,
        "top_followers_effective_reach": baseline.value(),
    }


def python_greedy(graph: Graph, k: int) -> tuple[list[str], int, float]:
    """The straightforward baseline: pull every creator's members in one query, then k rounds that
    each try the union of the covered set with every remaining creator. (picks, reach, pull seconds)"""
    started = time.perf_counter()
    audiences = {row["id"]: set(row["members"]) for row in graph.read("bench.get_creator_members")}
    pull_seconds = time.perf_counter() - started
    covered: set[str] = set()
    picks: list[str] = []
    for _ in range(k):
        best, best_reach = None, len(covered)
        for creator_id, members in audiences.items():
            if creator_id not in picks and len(covered | members) > best_reach:
                best, best_reach = creator_id, len(covered | members)
        if best is None:
            break
        picks.append(best)
        covered |= audiences[best]
    return picks, len(covered), pull_seconds


def versus_python(graph: Graph, k: int, topics: tuple[str, ...] = ()) -> dict[str, Any]:
    """`plan` (goal reach, every creator a candidate) against `python_greedy`, timed one after the other."""
    started = time.perf_counter()
    ours = plan(graph, PlanRequest(goal="reach", k=k, topics=topics, pool_size=ALL_CREATORS))
    plan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    picks, reach, pull_seconds = python_greedy(graph, k)
    python_seconds = time.perf_counter() - started
    # plan ends with an exact Cypher simulation of its picks, which the baseline does not do:
    # timed again on its own so the figures show how much of plan_seconds it is.
    started = time.perf_counter()
    simulate(graph, ours.creator_ids)
    simulate_seconds = time.perf_counter() - started
    simulated = ours.simulation.unique_reach if ours.simulation else 0
    if not ours.objective == simulated == reach:
        raise SystemExit(f"k={k}: plan reached {ours.objective} (simulated {simulated}), Python {reach}")
    return {
        "plan_seconds": round(plan_seconds, 2),
        "python_seconds": round(python_seconds, 2),
        "python_pull_seconds": round(pull_seconds, 2),
        "python_over_plan": round(python_seconds / plan_seconds, 2),
        "simulate_seconds": round(simulate_seconds, 2),
        "plan_reach": ours.objective,
        "python_reach": reach,
        "reach_equal": True,
        "same_picks": ours.creator_ids == picks,
    }


def lastfm_figures(graph: Graph) -> dict[str, Any]:
    """Greedy vs top k by followers, the frequency pack, and plan vs Python greedy on Last.fm."""
    started = time.perf_counter()
    artists, edges = load(graph)
    figures: dict[str, Any] = {
        "creators": len(artists),
        "audience_edges": edges,
        "load_seconds": round(time.perf_counter() - started, 1),
    }
    for k in KS:
        started = time.perf_counter()
        greedy = plan(graph, PlanRequest(goal="reach", k=k, topics=(TOPIC,), pool_size=5000))
        plan_seconds = time.perf_counter() - started
        top = simulate(graph, list(artists["id"].head(k)))
        reach = greedy.simulation.unique_reach if greedy.simulation else 0
        figures[f"k{k}"] = {
            "greedy_reach": reach,
            "top_followers_reach": top.unique_reach,
            "gain_pct": round(100.0 * (reach - top.unique_reach) / max(top.unique_reach, 1), 1),
            "greedy_impressions": greedy.simulation.impressions if greedy.simulation else 0,
            "top_followers_impressions": top.impressions,
            "plan_seconds": round(plan_seconds, 2),
        }
    figures["frequency_pack"] = frequency_pack(graph, artists)
    figures["vs_python"] = {f"k{k}": versus_python(graph, k, (TOPIC,)) for k in SPEED_KS}
    return figures


def generated_figures(graph: Graph, edges: int, chunk_rows: int) -> dict[str, Any]:
    """Load the generated audience (creators, then FOLLOWS in chunks); plan vs Python greedy on it."""
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as scratch:
        work = Path(scratch)
        started = time.perf_counter()
        generated_market(work / "source", edges)
        generate_seconds = time.perf_counter() - started
        creators_dir, audience_dirs, audience = split_dataset(work / "source", work / "split", chunk_rows)
        started = time.perf_counter()
        load_dataset(graph, creators_dir)
        for audience_dir in audience_dirs:
            load_dataset(graph, audience_dir)
        load_seconds = time.perf_counter() - started
    figures: dict[str, Any] = {
        "creators": audience["creator_id"].nunique(),
        "audience_edges": len(audience),
        "members": audience["member_id"].nunique(),
        "generate_seconds": round(generate_seconds, 1),
        "load_seconds": round(load_seconds, 1),
    }
    figures["vs_python"] = {f"k{k}": versus_python(graph, k) for k in SPEED_KS}
    return figures


def generated_market(out: Path, edges: int) -> Path:
    """A demo market with at least `edges` FOLLOWS rows, trimmed to exactly that many."""
    members = int(edges / 3.6)  # people follow ~3.7 creators each after de-duplication
    spec = DemoSpec(
        creators=2000, members=members, bots=members // 200, engaged_share=0.0, seed=2026, bridges=20
    )
    generate_demo_data(out, spec)
    audience = pd.read_csv(out / "audience.csv", keep_default_na=False)
    if len(audience) < edges:
        raise SystemExit(f"the generated market has only {len(audience)} audience rows")
    audience.head(edges).to_csv(out / "audience.csv", index=False)
    return out


def split_dataset(source: Path, work: Path, chunk_rows: int) -> tuple[Path, list[Path], pd.DataFrame]:
    """A creators-only folder, audience-only folders of at most `chunk_rows` FOLLOWS rows (0: one
    folder), and all those rows."""
    creators_dir = work / "creators"
    creators_dir.mkdir(parents=True)
    (creators_dir / "creators.csv").write_bytes((source / "creators.csv").read_bytes())
    audience = pd.read_csv(source / "audience.csv", keep_default_na=False)
    audience = audience[audience["kind"] == "follows"]
    size = chunk_rows or len(audience)
    audience_dirs = []
    for part, start in enumerate(range(0, len(audience), size)):
        folder = work / f"audience-{part}"
        folder.mkdir()
        audience.iloc[start : start + size].to_csv(folder / "audience.csv", index=False)
        audience_dirs.append(folder)
    return creators_dir, audience_dirs, audience


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--generated-edges", type=int, default=1_000_000)
    parser.add_argument("--chunk-rows", type=int, default=100_000)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the configured database as loaded (no wipe): bench/market_answers.py",
    )
    parser.add_argument("--repeat", type=int, default=20, help="--existing: index calls per answer")
    parser.add_argument("--cypher-repeat", type=int, default=0, help="--existing: Cypher reference calls")
    parser.add_argument("--cluster", type=int, default=2, help="--existing: the target cluster")
    parser.add_argument("--assess", action="store_true", help="--existing: run (and write) the assessment")
    args = parser.parse_args()
    if args.existing:
        answers = measure(Settings.from_env(), args.repeat, args.cypher_repeat, args.cluster, args.assess)
        print(json.dumps(answers))
        return
    figures: dict[str, Any] = {
        "bench": "plan",
        "baseline": "quality: top k by followers; speed: Python greedy over sets pulled from Neo4j",
    }
    with bench_settings() as settings:
        graph = Graph.connect(settings.with_overrides(query_timeout=300.0))
        try:
            graph.wipe()
            figures["lastfm"] = lastfm_figures(graph)
            print(json.dumps(figures["lastfm"]), file=sys.stderr)
            graph.wipe()
            figures["generated"] = generated_figures(graph, args.generated_edges, args.chunk_rows)
            graph.wipe()
        finally:
            graph.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
