"""Greedy reach plan vs the naive top k by followers, on Last.fm (HetRec 2011).

Run: `.venv/bin/python bench/plan.py` (uses the configured Neo4j: NEO4J_URI or the local server).
Artists with >= 10 listeners become creators (followers = listeners, topic `bench-lastfm`, so the
plan's topic filter keeps other data out), users become audience members, listens become FOLLOWS
with weight = play count. Both plans are measured by the same exact Cypher simulation. The bench
deletes what it wrote when done. Ends with one JSON line of figures.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from service.campaigns import MemberNumbers, PlanRequest, plan, simulate
from service.db import Graph
from service.planner import Objective
from service.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "lastfm-hetrec2011"
TOPIC = "bench-lastfm"
MIN_LISTENERS = 10
KS = (5, 10, 20)
BATCH = 5000
USERS_PER_BATCH = 200
GENRES = 8
PACK_K = 5
PACK_FREQUENCY = 3

# Bench-only Cypher: constants, never built from input.
WRITE_CREATORS = """
UNWIND $rows AS row
MERGE (c:Creator {id: row.id})
SET c.platform = 'lastfm', c.handle = row.handle, c.name = row.name, c.followers = row.followers,
    c.topics = [$topic], c.cluster = row.cluster
"""
# Members are created per user with all their listens, looking creators up in a map built once per
# batch, so the bench needs no index (the schema belongs to the loaders) and stays fast.
WRITE_LISTENS = """
MATCH (c:Creator)
WHERE $topic IN coalesce(c.topics, [])
WITH apoc.map.fromPairs(collect([c.id, c])) AS by_id
UNWIND $rows AS row
CREATE (m:AudienceMember {id: row.member, platform: $topic})
WITH by_id, m, row
UNWIND row.listens AS listen
WITH m, by_id[listen.creator] AS c, listen
CREATE (m)-[:FOLLOWS {weight: listen.weight}]->(c)
"""
DELETE_BENCH = """
MATCH (n)
WHERE (n:Creator AND $topic IN coalesce(n.topics, [])) OR (n:AudienceMember AND n.platform = $topic)
DETACH DELETE n
"""


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
    creators = [
        {
            "id": r.id,
            "handle": str(r.name),
            "name": str(r.name),
            "followers": int(r.listeners),
            "cluster": int(r.cluster),
        }
        for r in artists.itertuples()
    ]
    users = [
        {
            "member": f"bench-lastfm:{user}",
            "listens": [
                {"creator": f"bench-lastfm:{a}", "weight": float(w)}
                for a, w in group[["artistID", "weight"]].itertuples(index=False)
            ],
        }
        for user, group in listens.groupby("userID")
    ]
    with graph.driver.session(database=graph.database) as session:
        session.execute_write(lambda tx: tx.run(DELETE_BENCH, topic=TOPIC).consume())
        for start in range(0, len(creators), BATCH):
            rows = creators[start : start + BATCH]
            session.execute_write(
                lambda tx, rows=rows: tx.run(WRITE_CREATORS, rows=rows, topic=TOPIC).consume()
            )
        for start in range(0, len(users), USERS_PER_BATCH):
            rows = users[start : start + USERS_PER_BATCH]
            session.execute_write(
                lambda tx, rows=rows: tx.run(WRITE_LISTENS, rows=rows, topic=TOPIC).consume()
            )
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
    target_row = graph.read_one("campaigns.get_target_audience", creator_ids=list(in_genre["id"]))
    target = numbers.of(target_row["members"] if target_row else [])
    baseline = Objective("frequency", target, PACK_FREQUENCY)
    for row in graph.read("campaigns.get_candidate_audiences", creator_ids=top_ids):
        baseline.add(numbers.of(row["members"]))
    return {
        "k": PACK_K,
        "frequency": PACK_FREQUENCY,
        "genre_audience": len(target),
        "greedy_effective_reach": greedy.objective,
        "top_followers_effective_reach": baseline.value(),
    }


def main() -> None:
    settings = Settings.from_env().with_overrides(query_timeout=60.0)
    graph = Graph.connect(settings)
    try:
        started = time.perf_counter()
        artists, edges = load(graph)
        load_seconds = time.perf_counter() - started
        figures: dict[str, object] = {
            "bench": "plan",
            "dataset": "lastfm-hetrec2011",
            "creators": len(artists),
            "audience_edges": edges,
            "load_seconds": round(load_seconds, 1),
            "baseline": "top k by followers",
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
    finally:
        with graph.driver.session(database=graph.database) as session:
            session.execute_write(lambda tx: tx.run(DELETE_BENCH, topic=TOPIC).consume())
        graph.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
