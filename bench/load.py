"""Loading a market: the bare importer (anchor), the bulk path, both online writers, a naive loop.

    .venv/bin/python bench/load.py [--market DIR] [--online-rows N] [--second-rows 200000]
                                   [--naive-sample 20000] [--scale-market DIR]
                                   [--bulk-only] [--pairs N]

On one market (generated with the issue's options unless --market names a dataset folder), in one
run, on the bench's own server (`<home>-bench`, ports + 30000; WIPED):

1. anchor: `neo4j-admin database import full` alone on the same rows written as importer files
   (JVM start included, file writing not), with its peak RSS;
2. bulk: `influence-map load dataset DIR --bulk --replace` end to end (validation to a served,
   indexed database), with the client's peak RSS (importer included: it is a child);
3. online into an EMPTY database (creators only): the audience and mentions files with the
   classic writer, then the fast one (each after a fresh creators-only database);
4. online into a NON-EMPTY database (the whole market): `--second-rows` audience rows of new
   members, twice per writer, alternating (fresh ids each, so both do the same work); then a
   second mention file, twice per writer: every mention updated plus as many new pairs; then a
   re-export, twice per writer: `--reexport-rows` audience rows the graph holds, new weights;
5. naive: one auto-commit MERGE per row on `--naive-sample` rows;
6. ceilings, for the positions whose target the writers miss: the least the server can do for
   their rows, one transaction of a bench-only statement with no validation and no checks
   (`cypher/bench/create_mentions.cypher` right after a fresh database's audience, as in 3;
   `cypher/bench/set_follow_weights.cypher` on the re-export's rows, twice); and the bulk path's
   floor, its import + stop + start + schema phases (no validation, no files).

`--scale-market` adds the anchor and the bulk path on a second (20M-row) market (`--scale-only`:
only that). `--bulk-only` stops after 1 and 2; `--pairs N` runs them N times, alternating (the
anchor's time varies by a quarter between runs on this machine), and compares their medians.
Ratios: bulk / anchor seconds (target <= 1.5), fast / classic audience rows/s (target >= 3),
fast / naive rows/s, fast / classic second-mention and re-export rows/s, and each ceiling over
the classic writer (the most any writer could reach there). The last line printed is one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings, bulk_load  # noqa: E402
from bench.memory import PeakMemory  # noqa: E402
from loaders.bulk import ImporterFiles  # noqa: E402
from loaders.demo_data import generate_demo_data  # noqa: E402
from loaders.demo_spec import DemoSpec  # noqa: E402
from loaders.ingest import mention_batches  # noqa: E402
from loaders.load import LoadSummary, check_tables, load_dataset, timed_read  # noqa: E402
from loaders.read import dataset_files  # noqa: E402
from service.graph.db import Graph  # noqa: E402
from service.graph.queries import get_query  # noqa: E402
from service.graph.settings import Settings  # noqa: E402
from service.ops.admin_import import run_import  # noqa: E402
from service.ops.local_neo4j import LocalNeo4j  # noqa: E402
from service.ops.store_swap import STAGING, store_folders  # noqa: E402

ISSUE_MARKET = DemoSpec(creators=2000, members=300_000, mean_follows=6, bots=1000, seed=7)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def anchor(settings: Settings, market: Path, work: Path) -> dict[str, Any]:
    """The bare importer on the market's rows (files written first, untimed); server restarted."""
    local = LocalNeo4j(settings)
    tables = [timed_read(kind, path, None) for kind, path in dataset_files(market)]
    checks, stubs = check_tables(
        tables, LoadSummary([]), time.perf_counter(), absent=set, create_missing=True, skip_invalid=False
    )
    files = ImporterFiles(work / "anchor")
    files.folder.mkdir(parents=True)
    sources = files.write(checks, stubs, pd.Timestamp.now(tz="UTC").to_pydatetime())
    del checks, tables
    local.stop()
    # The importer is this process's only child while it runs: its peak alone, sampled from /proc
    # (getrusage's children peak would also hold the bulk client's, run before).
    with PeakMemory({"importer": os.getpid()}, descendants_only=True) as peak:
        report = run_import(
            local,
            sources,
            heap="2g",
            off_heap="2g",
            array_delimiter="U+001F",
            multiline=files.multiline,
            workdir=files.folder,
        )
    for folder in store_folders(local.home, STAGING):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(files.folder, ignore_errors=True)
    local.start()
    return {
        "seconds": round(report.seconds, 2),
        "nodes": report.nodes,
        "relationships": report.relationships,
        "peak_rss_mb": peak.mb["importer"],
        "importer_peak_memory": report.peak_memory,
    }


def creators_only(settings: Settings, market: Path, work: Path) -> None:
    """A database holding just the market's creators (built by the bulk path: seconds)."""
    folder = work / "creators-only"
    folder.mkdir(exist_ok=True)
    shutil.copy(market / "creators.csv", folder / "creators.csv")
    from loaders.bulk import BulkOptions, bulk_load_dataset

    bulk_load_dataset(settings, folder, BulkOptions(replace=True))


def online_empty(
    settings: Settings, market: Path, work: Path, writer: str, rows: int | None
) -> dict[str, Any]:
    """Audience + mentions (first `rows` audience rows) into a creators-only database."""
    folder = work / "online"
    if not folder.exists():
        folder.mkdir()
        audience = pd.read_csv(market / "audience.csv", dtype=str, keep_default_na=False, nrows=rows)
        audience.to_csv(folder / "audience.csv", index=False)
        shutil.copy(market / "mentions.csv", folder / "mentions.csv")
    creators_only(settings, market, work)
    with Graph.connect(settings) as graph:
        return _timed_load(graph, folder, writer)


def online_second_file(
    settings: Settings, market: Path, work: Path, writer: str, rows: int
) -> dict[str, Any]:
    """`rows` audience rows of members new to the (full) graph, under fresh ids."""
    folder = work / f"second-{writer}"
    folder.mkdir(exist_ok=True)
    audience = pd.read_csv(market / "audience.csv", dtype=str, keep_default_na=False)
    sample = audience.sample(n=min(rows, len(audience)), random_state=1).sort_index()
    sample["member_id"] = f"{writer}-{uuid.uuid4().hex[:6]}-" + sample["member_id"]
    sample.to_csv(folder / "audience.csv", index=False)
    with Graph.connect(settings) as graph:
        return _timed_load(graph, folder, writer)


# Second mention files: two runs per writer, alternating; each run creates its own new pairs.
SECOND_MENTION_RUNS = 4


def online_second_mentions(
    settings: Settings, market: Path, work: Path, writer: str, run: int
) -> dict[str, Any]:
    """A second mention file into the full graph: every existing mention again with a higher count
    and a later last_at (updates), plus about as many pairs that neither the market nor another
    run holds (new edges), so every run does the same work."""
    folder = work / f"second-mentions-{run}"
    folder.mkdir(exist_ok=True)
    mentions = pd.read_csv(market / "mentions.csv", dtype=str, keep_default_na=False)
    updates = mentions.copy()
    updates["count"] = (updates["count"].astype(int) + 1).astype(str)
    updates["last_at"] = "2026-06-30"
    creators = pd.read_csv(market / "creators.csv", usecols=["id"], dtype=str)["id"].to_numpy()
    new = _moved_mentions(mentions, creators, run)
    # Pairs the market or any other run holds are left out: each run creates only its own edges.
    taken = _keys(mentions)
    for other in range(SECOND_MENTION_RUNS):
        if other != run:
            taken |= _keys(_moved_mentions(mentions, creators, other))
    new = new[[key not in taken for key in zip(new["source_id"], new["target_id"], new["kind"], strict=True)]]
    pd.concat([updates, new]).to_csv(folder / "mentions.csv", index=False)
    with Graph.connect(settings) as graph:
        started = time.perf_counter()
        summary = load_dataset(graph, folder, writer=writer)
        seconds = time.perf_counter() - started
    (item,) = summary.files
    return {
        "seconds": round(seconds, 2),
        "rows": item.rows,
        "created": item.created,
        "updated": item.updated,
        "mentions_rows_per_s": round(item.rows / item.elapsed),
    }


def online_reexport(
    settings: Settings, market: Path, work: Path, writer: str, run: int, rows: int
) -> dict[str, Any]:
    """`rows` audience rows of members and edges the graph already holds, with a new weight each
    run (a re-export: every row an update), into the full graph."""
    folder = work / f"reexport-{run}"
    folder.mkdir(exist_ok=True)
    audience = pd.read_csv(market / "audience.csv", dtype=str, keep_default_na=False)
    sample = audience.sample(n=min(rows, len(audience)), random_state=3).sort_index()
    sample["weight"] = str(run + 2)
    sample.to_csv(folder / "audience.csv", index=False)
    with Graph.connect(settings) as graph:
        return _timed_load(graph, folder, writer)


# The writers' statement size (load_dataset's default batch_size).
CEILING_BATCH_ROWS = 1000


def _one_transaction(graph: Graph, query: str, batches: list[list[dict[str, Any]]]) -> float:
    """Seconds to run `query` over every batch and commit, in one write transaction."""
    text = get_query(query).text

    def work(tx: Any) -> int:
        return sum(tx.run(text, rows=rows).single(strict=True)["rows"] for rows in batches)

    started = time.perf_counter()
    graph.transaction(work)
    return time.perf_counter() - started


def mentions_ceiling(settings: Settings, market: Path, work: Path) -> dict[str, Any]:
    """As online_empty with the fast writer, but the mentions go in as bench.create_mentions: the
    cheapest write of those rows on a server that has just loaded the audience (fresh JVM)."""
    folder = work / "ceiling-audience"
    if not folder.exists():
        folder.mkdir()
        shutil.copy(work / "online" / "audience.csv", folder / "audience.csv")
    creators_only(settings, market, work)
    values = pd.read_csv(market / "mentions.csv", dtype=str, keep_default_na=False)
    plan = mention_batches(values, CEILING_BATCH_ROWS)
    batches = [statement.params["rows"] for statement in plan.statements]
    with Graph.connect(settings) as graph:
        load_dataset(graph, folder, writer="fast")
        seconds = _one_transaction(graph, "bench.create_mentions", batches)
    rows = sum(len(rows) for rows in batches)
    return {"rows": rows, "seconds": round(seconds, 3), "mentions_rows_per_s": round(rows / seconds)}


def reexport_ceiling(settings: Settings, work: Path, run: int, weight: float) -> dict[str, Any]:
    """Re-export run `run`'s FOLLOWS rows again with `weight` (new to them) as
    bench.set_follow_weights."""
    audience = pd.read_csv(work / f"reexport-{run}" / "audience.csv", dtype=str, keep_default_na=False)
    follows = audience[audience["kind"] == "follows"]
    rows = [
        {"m": m, "c": c, "w": weight, "t": t or None}
        for m, c, t in zip(follows["member_id"], follows["creator_id"], follows["since"], strict=True)
    ]
    batches = [rows[start : start + CEILING_BATCH_ROWS] for start in range(0, len(rows), CEILING_BATCH_ROWS)]
    with Graph.connect(settings) as graph:
        seconds = _one_transaction(graph, "bench.set_follow_weights", batches)
    return {"rows": len(rows), "seconds": round(seconds, 3), "rows_per_s": round(len(rows) / seconds)}


def _moved_mentions(mentions: pd.DataFrame, creators: Any, run: int) -> pd.DataFrame:
    """Run `run`'s candidate new pairs: each source mentions the creator (run + 1) * 7 + 1 places
    after its old target (mod the creators)."""
    index = pd.Series(range(len(creators)), index=creators)
    shifted = (index[mentions["target_id"]].to_numpy() + (run + 1) * 7 + 1) % len(creators)
    moved = mentions.copy()
    moved["target_id"] = creators[shifted]
    moved = moved[moved["source_id"] != moved["target_id"]]
    return moved.drop_duplicates(["source_id", "target_id", "kind"])


def _keys(mentions: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(mentions["source_id"], mentions["target_id"], mentions["kind"], strict=True))


def _timed_load(graph: Graph, folder: Path, writer: str) -> dict[str, Any]:
    started = time.perf_counter()
    summary = load_dataset(graph, folder, writer=writer)
    seconds = time.perf_counter() - started
    files = {item.kind: item for item in summary.files}
    audience = files["audience"]
    out: dict[str, Any] = {
        "seconds": round(seconds, 2),
        "audience_rows": audience.rows,
        "audience_rows_per_s": round(audience.rows / audience.elapsed),
        "audience_journaled": audience.journaled,
        # Validation is the difference: reading, checking and planning the file.
        "audience_seconds": round(audience.elapsed, 3),
        "audience_write_seconds": round(audience.write_elapsed, 3),
    }
    if "mentions" in files:
        mentions = files["mentions"]
        out["mentions_rows_per_s"] = round(mentions.rows / mentions.elapsed)
    return out


def naive(settings: Settings, market: Path, sample_rows: int) -> dict[str, Any]:
    """One auto-commit MERGE per row (cypher/bench/merge_follow_row.cypher), fresh member ids."""
    audience = pd.read_csv(market / "audience.csv", dtype=str, keep_default_na=False)
    sample = audience[audience["kind"] == "follows"].sample(n=sample_rows, random_state=2)
    prefix = f"naive-{uuid.uuid4().hex[:6]}-"
    with Graph.connect(settings) as graph:
        started = time.perf_counter()
        for member_id, creator_id, weight, since in zip(
            sample["member_id"], sample["creator_id"], sample["weight"], sample["since"], strict=True
        ):
            graph.autocommit(
                "bench.merge_follow_row",
                member_id=prefix + member_id,
                creator_id=creator_id,
                weight=float(weight),
                since=since or None,
            )
        seconds = time.perf_counter() - started
    return {"rows": sample_rows, "seconds": round(seconds, 2), "rows_per_s": round(sample_rows / seconds)}


def market_runs(settings: Settings, work: Path, args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Everything on the issue's market: anchor, bulk, online writers, naive loop."""
    market = args.market
    if market is None:
        market = work / "market"
        say("generating the market ...")
        generate_demo_data(market, ISSUE_MARKET)
    for pair in range(args.pairs):
        say(f"anchor: the bare importer ({pair + 1}/{args.pairs}) ...")
        results.setdefault("importer_runs", []).append(anchor(settings, market, work))
        say(f"  {results['importer_runs'][-1]}")
        say(f"bulk path end to end ({pair + 1}/{args.pairs}) ...")
        results.setdefault("bulk_runs", []).append(bulk_load(settings, market))
        say(f"  {results['bulk_runs'][-1]}")
    # The median run of each (the faster of two) is the one reported and compared.
    results["importer"] = median_run(results["importer_runs"])
    results["bulk"] = median_run(results["bulk_runs"])
    if args.bulk_only:
        return
    if not args.skip_online_empty:
        for writer in ("classic", "fast"):
            say(f"online into an empty database, {writer} writer ...")
            results[f"online_empty_{writer}"] = online_empty(settings, market, work, writer, args.online_rows)
            say(f"  {results[f'online_empty_{writer}']}")
        say("ceiling: the mentions as bare CREATEs right after a fresh database's audience ...")
        results["ceiling_mentions"] = mentions_ceiling(settings, market, work)
        say(f"  {results['ceiling_mentions']}")
    say("the whole market again (bulk), then second files ...")
    bulk_load(settings, market)
    for writer in ("classic", "fast", "classic", "fast"):
        key = f"online_second_{writer}"
        run = online_second_file(settings, market, work, writer, args.second_rows)
        results.setdefault(key, []).append(run)
        say(f"  {writer}: {run}")
    say("second mention files into the full graph ...")
    for number, writer in enumerate(("classic", "fast") * (SECOND_MENTION_RUNS // 2)):
        mention_run = online_second_mentions(settings, market, work, writer, number)
        results.setdefault(f"online_second_mentions_{writer}", []).append(mention_run)
        say(f"  {writer}: {mention_run}")
    say("re-exports (existing members and edges) into the full graph ...")
    for number, writer in enumerate(("classic", "fast") * 2):
        reexport = online_reexport(settings, market, work, writer, number, args.reexport_rows)
        results.setdefault(f"online_reexport_{writer}", []).append(reexport)
        say(f"  {writer}: {reexport}")
    say("ceiling: the re-exports' FOLLOWS rows as bare SETs ...")
    # The last two re-exports' rows (one per writer), each with a weight no run has written.
    for number in (2, 3):
        ceiling = reexport_ceiling(settings, work, number, weight=float(number + 10))
        results.setdefault("ceiling_reexport", []).append(ceiling)
        say(f"  {results['ceiling_reexport'][-1]}")
    say("naive loop ...")
    results["naive"] = naive(settings, market, args.naive_sample)


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return sorted(runs, key=lambda run: float(run["seconds"]))[(len(runs) - 1) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--market", type=Path, help="dataset folder (default: generate the issue's market)")
    parser.add_argument("--online-rows", type=int, help="audience rows for the empty-database runs (all)")
    parser.add_argument("--second-rows", type=int, default=200_000)
    parser.add_argument("--naive-sample", type=int, default=20_000)
    parser.add_argument("--reexport-rows", type=int, default=100_000)
    parser.add_argument("--scale-market", type=Path, help="a ~20M-row market for the scale point")
    parser.add_argument("--skip-online-empty", action="store_true")
    parser.add_argument(
        "--bulk-only", action="store_true", help="only the anchor and the bulk path on the market"
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="anchor + bulk runs, alternating (their medians are compared)",
    )
    parser.add_argument(
        "--scale-only", action="store_true", help="only the scale point (bulk and anchor on --scale-market)"
    )
    args = parser.parse_args()
    if args.scale_only and not args.scale_market:
        parser.error("--scale-only needs --scale-market")

    results: dict[str, Any] = {"bench": "load", "anchor": "neo4j-admin database import full"}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch, bench_settings() as settings:
        work = Path(scratch)
        if not args.scale_only:
            market_runs(settings, work, args, results)
        if args.scale_market:
            # The bulk path first: the anchor validates in this process, whose freed frames
            # may stay resident, and the bulk path's own client holds ~15 GB at 20M rows.
            say("scale point: bulk and anchor ...")
            scale_bulk = bulk_load(settings, args.scale_market)
            say(f"  {scale_bulk}")
            results["scale"] = {"bulk": scale_bulk, "importer": anchor(settings, args.scale_market, work)}
            say(f"  {results['scale']['importer']}")
        results["ratios"] = ratios(results)
        print(json.dumps(results), flush=True)
        LocalNeo4j(settings).start()
        if args.scale_market:
            # Deleting 21M relationships in transactions takes longer than the whole scale point;
            # the bench's own server keeps that store until the next bench replaces or wipes it.
            say("the bench server keeps the scale market's store (the next bench wipes it)")
        else:
            with Graph.connect(settings) as graph:
                graph.wipe()


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "bulk" in results:
        out["bulk_over_importer_seconds"] = round(
            results["bulk"]["seconds"] / results["importer"]["seconds"], 2
        )
        phases = results["bulk"]["phases"]
        floor = sum(phases[name] for name in ("import", "stop", "start", "schema"))
        out["bulk_floor_over_importer_seconds"] = round(floor / results["importer"]["seconds"], 2)
    if "online_empty_fast" in results:
        fast, classic = results["online_empty_fast"], results["online_empty_classic"]
        out["empty_audience_fast_over_classic"] = round(
            fast["audience_rows_per_s"] / classic["audience_rows_per_s"], 2
        )
        if "mentions_rows_per_s" in fast:
            out["empty_mentions_fast_over_classic"] = round(
                fast["mentions_rows_per_s"] / classic["mentions_rows_per_s"], 2
            )
            out["empty_mentions_ceiling_over_classic"] = round(
                results["ceiling_mentions"]["mentions_rows_per_s"] / classic["mentions_rows_per_s"], 2
            )
    if "naive" in results:
        best = {
            w: max(r["audience_rows_per_s"] for r in results[f"online_second_{w}"])
            for w in ("fast", "classic")
        }
        out["second_file_fast_over_classic"] = round(best["fast"] / best["classic"], 2)
        mention_best = {
            w: max(r["mentions_rows_per_s"] for r in results[f"online_second_mentions_{w}"])
            for w in ("fast", "classic")
        }
        out["second_mentions_fast_over_classic"] = round(mention_best["fast"] / mention_best["classic"], 2)
        reexport_best = {
            w: max(r["audience_rows_per_s"] for r in results[f"online_reexport_{w}"])
            for w in ("fast", "classic")
        }
        out["reexport_fast_over_classic"] = round(reexport_best["fast"] / reexport_best["classic"], 2)
        ceiling = max(results["ceiling_reexport"], key=lambda run: float(run["rows_per_s"]))
        out["reexport_ceiling_over_classic"] = round(ceiling["rows_per_s"] / reexport_best["classic"], 2)
        # The ceiling plus the fast writer's own validation of such a file (its best run).
        fast_run = max(results["online_reexport_fast"], key=lambda run: float(run["audience_rows_per_s"]))
        validation = fast_run["audience_seconds"] - fast_run["audience_write_seconds"]
        with_validation = ceiling["rows"] / (validation + ceiling["seconds"])
        out["reexport_ceiling_with_validation_over_classic"] = round(
            with_validation / reexport_best["classic"], 2
        )
        out["second_file_fast_over_naive"] = round(best["fast"] / results["naive"]["rows_per_s"], 1)
    if "scale" in results:
        scale = results["scale"]
        out["scale_bulk_over_importer_seconds"] = round(
            scale["bulk"]["seconds"] / scale["importer"]["seconds"], 2
        )
    return out


if __name__ == "__main__":
    main()
