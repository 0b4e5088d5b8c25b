"""The Spark engine of the shared-audience step (issue 16), on a real Neo4j and a local Spark, on the
demo market (Last.fm: test_spark_lastfm.py).

- Exact mode stages the same pairs, with the same shared counts and scores, as the default engine
  (sparse: overlap.select_links, by affinity or by Jaccard), reading the audience through the
  Neo4j Connector for Apache Spark or from the dataset folder.
- Sketch mode is within 3 of its own standard errors for at least 99% of the pairs that share at
  least two members (checked against the pure-Cypher count), and exact when audiences fit in k.
- Links carry the run id, are only staged for a running run, are written alike by one writer
  and by concurrent deadlock-free rounds; a run whose Spark job fails part-way leaves the previous
  run served.
- `analyze --engine spark` and POST /analysis/runs run it; the run record carries the dropped
  members and `estimate`, and sketched links carry their standard errors up to the API.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from flask import Flask
from pyspark.sql import SparkSession

from loaders import load_dataset
from loaders.demo_data import generate_demo_data
from loaders.demo_spec import DemoSpec
from service.cli.main import main
from service.domain.analysis import AnalysisParams, current_run, get_run, run_analysis
from service.domain.analysis.overlap import AudienceIndex
from service.domain.analysis.spark import exact, neo4j_io, sketch
from service.domain.analysis.spark.job import SparkOptions, run_shared_audience, write_parquet
from service.graph.db import Graph, run_read
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from tests.conftest import WRITE_TOKEN
from tests.spark_support import (
    Pairs,
    assert_same_links,
    audience_index,
    boundary_ties,
    new_run,
    selected,
    served,
    staged,
)


@pytest.fixture(scope="module")
def demo(db: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    generate_demo_data(folder, DemoSpec())
    load_dataset(db, folder)
    return folder


@pytest.fixture(scope="module")
def demo_default(db: Graph, demo: Path) -> Pairs:
    run_analysis(db, AnalysisParams())
    return served(db)


@pytest.fixture(scope="module")
def demo_index(demo: Path) -> AudienceIndex:
    return audience_index(demo)


@pytest.fixture(scope="module")
def demo_ties(demo_index: AudienceIndex) -> set[tuple[str, str]]:
    return boundary_ties(demo_index, "affinity")


def test_exact_mode_stages_the_default_engines_links_on_the_demo_market(
    db: Graph, test_settings: Settings, spark: SparkSession, demo_default: Pairs, demo_ties: set[Any]
) -> None:
    run_id = new_run(db)
    result = run_shared_audience(test_settings, SparkOptions(), run_id, spark=spark)
    ours = staged(db, run_id)
    assert_same_links(ours, demo_default, demo_ties)
    assert result.links == result.links_written == len(ours)
    assert all(link["run_id"] == run_id and link["estimate"] is False for link in ours.values())
    assert result.source == "neo4j" and result.dropped_members == 0


def test_reading_the_dataset_folder_gives_the_same_links_by_jaccard(
    test_settings: Settings, spark: SparkSession, demo: Path, demo_index: AudienceIndex, tmp_path: Path
) -> None:
    options = SparkOptions(source=str(demo), pair_score="jaccard", min_jaccard=0.01)
    result = write_parquet(test_settings, options, tmp_path / "links", spark=spark)
    links = pd.read_parquet(tmp_path / "links")
    ours = {(row["a"], row["b"]): row for row in links.to_dict("records")}
    # Jaccards are computed alike to the bit and both engines break ties by id: no difference.
    assert_same_links(ours, selected(demo_index, "jaccard", min_jaccard=0.01), set())
    counted = pd.read_csv(demo / "audience.csv", usecols=["member_id", "creator_id"]).drop_duplicates()
    assert result.audience_rows == len(counted)
    assert result.members == counted["member_id"].nunique()


def test_links_are_staged_only_for_a_running_run(
    db: Graph, test_settings: Settings, spark: SparkSession, demo: Path
) -> None:
    result = run_shared_audience(test_settings, SparkOptions(source=str(demo)), "no-such-run", spark=spark)
    assert result.links > 0 and result.links_written == 0
    assert staged(db, "no-such-run") == {}


def test_concurrent_writer_rounds_stage_the_same_links(
    db: Graph, test_settings: Settings, spark: SparkSession, demo: Path
) -> None:
    run_id = new_run(db)
    options = SparkOptions(source=str(demo), writers=3, batch_size=200)
    result = run_shared_audience(test_settings, options, run_id, spark=spark)
    assert result.write_rounds == 5  # 2 * 3 - 1 buckets, one round each
    one_writer = new_run(db)
    run_shared_audience(test_settings, SparkOptions(source=str(demo)), one_writer, spark=spark)
    rounds, single = staged(db, run_id), staged(db, one_writer)
    assert len(rounds) == result.links > 1000
    assert {pair: link["shared"] for pair, link in rounds.items()} == {
        pair: link["shared"] for pair, link in single.items()
    }


def test_a_run_whose_spark_job_fails_part_way_leaves_the_previous_run_served(
    db: Graph, spark: SparkSession, demo: Path, demo_default: Pairs, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, previous = served(db), current_run(db)
    assert before and previous
    real_write = neo4j_io.write_links
    written: list[int] = []

    def write_then_fail(*args: Any, **kwargs: Any) -> int:
        real_write(*args, **kwargs)
        written.append(len(staged(db, failing["id"])))
        raise RuntimeError("the job died after writing")

    failing: dict[str, str] = {}
    real_record = neo4j_io.link_rows

    def remember_run(links: Any, run_id: str, estimate: bool) -> Any:
        failing["id"] = run_id
        return real_record(links, run_id, estimate)

    monkeypatch.setattr(neo4j_io, "write_links", write_then_fail)
    monkeypatch.setattr(neo4j_io, "link_rows", remember_run)
    with pytest.raises(RuntimeError, match="died"):
        run_analysis(db, AnalysisParams(engine="spark", spark_from=str(demo)))
    assert written and written[0] > 1000, "the links were written before the failure"
    assert get_run(db, failing["id"])["status"] == "failed"
    assert staged(db, failing["id"]) == {}
    assert served(db) == before
    assert current_run(db)["id"] == previous["id"]  # type: ignore[index]


def test_the_member_degree_cap_drops_whole_members_and_counts_them(
    spark: SparkSession, demo: Path, tmp_path: Path
) -> None:
    rows = pd.read_csv(demo / "audience.csv", usecols=["member_id", "creator_id"]).drop_duplicates()
    degree = rows.groupby("member_id").size()
    cap = 50  # above every person's follows, below every bot's
    over = degree[degree > cap]
    assert 0 < len(over) < len(degree)
    kept = rows[~rows["member_id"].isin(over.index)]
    (tmp_path / "kept").mkdir()
    kept.to_csv(tmp_path / "kept" / "audience.csv", index=False)
    capped = exact.prepare_audience(
        neo4j_io.read_audience_from_folder(spark, demo, None, cleaned=False), max_member_degree=cap
    )
    assert (capped.dropped_members, capped.dropped_rows) == (len(over), int(over.sum()))
    assert capped.members == kept["member_id"].nunique()
    without = exact.prepare_audience(
        neo4j_io.read_audience_from_folder(spark, tmp_path / "kept", None, cleaned=False)
    )
    filters = exact.LinkFilters()  # the default rule: affinity, top 20
    assert collect(exact.exact_links(capped, filters)) == collect(exact.exact_links(without, filters))


def collect(links: Any) -> dict[tuple[str, str], int]:
    return {(row["a"], row["b"]): int(row["shared"]) for row in links.collect()}


def test_sketch_estimates_are_within_three_standard_errors_for_99_percent_of_pairs(
    db: Graph, spark: SparkSession, demo: Path
) -> None:
    reference = db.transaction(  # no read timeout: the pure-Cypher count is slow by design
        lambda tx: run_read(tx, "analysis.stream_shared_audience_cypher", {"min_shared": 2, "cleaned": False})
    )
    truth = {(row["a"], row["b"]): int(row["shared"]) for row in reference}
    assert len(truth) > 10_000
    audience = exact.prepare_audience(neo4j_io.read_audience_from_folder(spark, demo, None, cleaned=False))
    # k = 64 puts almost every demo audience (89..2,554 members) into estimation mode.
    sketches = sketch.creator_sketches(audience, sketch.lg_k_of(64)).persist()
    theta = {row["creator"]: row["theta"] for row in sketches.select("creator", "theta").collect()}
    assert sum(t < 1.0 for t in theta.values()) > 0.9 * len(theta)
    seen = {
        (row["a"], row["b"]): (row["shared_hat"], row["shared_se"])
        for row in sketch.pair_estimates(sketches, audience).collect()
    }
    sketches.unpersist()
    inside = 0
    for (a, b), shared in truth.items():
        pair_theta = min(theta[a], theta[b])
        estimate, se = seen.get((a, b), (0.0, math.sqrt(1.0 - pair_theta) / pair_theta))
        inside += abs(estimate - shared) <= 3 * se
    print(f"sketch k=64: {inside / len(truth):.4f} of {len(truth)} pairs within 3 SE")
    assert inside >= 0.99 * len(truth)


def test_sketch_mode_is_exact_when_audiences_fit_in_k(
    test_settings: Settings, spark: SparkSession, demo: Path, demo_index: AudienceIndex, tmp_path: Path
) -> None:
    options = SparkOptions(source=str(demo), mode="sketch", k=4096, pair_score="jaccard")
    result = write_parquet(test_settings, options, tmp_path / "links", spark=spark)
    links = pd.read_parquet(tmp_path / "links")
    assert result.estimate and result.k == 4096
    assert (links["theta"] == 1.0).all() and (links["shared_se"] == 0.0).all()
    assert result.shared_rse_median == result.shared_rse_max == 0.0
    ours = {(row["a"], row["b"]): row for row in links.to_dict("records")}
    expected = selected(demo_index, "jaccard")
    assert set(ours) == set(expected) and len(ours) > 1000
    for pair, link in expected.items():
        assert ours[pair]["shared"] == link["shared"], pair
        assert ours[pair]["jaccard"] == pytest.approx(link["jaccard"], rel=1e-12), pair


def test_the_error_table_of_the_docs() -> None:
    table = {(j, k): round(sketch.shared_rse(j, k), 3) for j in (0.01, 0.05, 0.2) for k in (1024, 4096)}
    assert table == {
        (0.01, 1024): 0.222,
        (0.01, 4096): 0.111,
        (0.05, 1024): 0.101,
        (0.05, 4096): 0.051,
        (0.2, 1024): 0.054,
        (0.2, 4096): 0.027,
    }
    assert sketch.jaccard_rse(0.2, 4096) == pytest.approx(1.2 * sketch.shared_rse(0.2, 4096))
    table_in_docs = (Path(__file__).resolve().parents[1] / "docs" / "spark.md").read_text()
    for (j, k), rse in table.items():
        assert f"| {j} | {k} | {100 * rse:.1f}% |" in table_in_docs, (j, k)


def test_bad_spark_parameters_are_400s(tmp_path: Path) -> None:
    for bad in (
        AnalysisParams(engine="spark", sketch_k=1000, pair_score="jaccard"),
        AnalysisParams(engine="spark", sketch_k=4096),  # affinity needs exact per-member weights
        AnalysisParams(engine="spark", link_filter="significant"),
        AnalysisParams(engine="spark", sketch_k=8),
        AnalysisParams(engine="spark", max_member_degree=1),
        AnalysisParams(engine="spark", spark_master=" "),
        AnalysisParams(engine="spark", spark_from=str(tmp_path / "missing")),
        AnalysisParams(engine="nope"),  # type: ignore[arg-type]
        AnalysisParams(sketch_k=4096),  # a Spark parameter without the Spark engine
        AnalysisParams(spark_from=str(tmp_path)),
    ):
        with pytest.raises(ServiceError) as raised:
            bad.validate()
        assert raised.value.status == 400
    AnalysisParams(
        engine="spark", sketch_k=4096, pair_score="jaccard", max_member_degree=2, spark_from=str(tmp_path)
    ).validate()
    AnalysisParams(engine="spark", spark_from="s3a://bucket/market").validate()
    for options in (
        SparkOptions(mode="sketch", k=1000, pair_score="jaccard"),
        SparkOptions(mode="sketch", k=1024),  # affinity
        SparkOptions(writers=0),
        SparkOptions(top_k=0),
    ):
        with pytest.raises(ServiceError):
            options.validate()


def test_analyze_engine_spark_runs_and_records_the_cap(
    db: Graph, test_settings: Settings, spark: SparkSession, demo: Path
) -> None:
    rows = pd.read_csv(demo / "audience.csv", usecols=["member_id", "creator_id"]).drop_duplicates()
    bots = int((rows.groupby("member_id").size() > 50).sum())
    done = CliRunner().invoke(
        main,
        ["analyze", "--engine", "spark", "--spark-master", "local[2]", "--max-member-degree", "50", "--json"],
        obj=test_settings,
    )
    assert done.exit_code == 0, done.output
    record = json.loads(done.output.strip().splitlines()[-1])
    counts = record["counts"]
    assert counts["dropped_members"] == bots > 0 and counts["estimate"] is False
    assert counts["spark"]["mode"] == "exact" and counts["spark"]["source"] == "neo4j"
    assert counts["shared_audience_pairs"] == counts["spark"]["links_written"] > 1000
    assert current_run(db)["id"] == record["run_id"]  # type: ignore[index]
    assert get_run(db, record["run_id"])["params"]["max_member_degree"] == 50
    assert all(link["estimate"] is False and link.get("shared_se") is None for link in served(db).values())
    without_spark = ["analyze", "--sketch-k", "64", "--pair-score", "jaccard"]
    bad = CliRunner().invoke(main, without_spark, obj=test_settings)
    assert bad.exit_code != 0 and "engine" in bad.output


def test_a_sketched_run_from_the_api_says_estimate_and_carries_error_bars(
    db: Graph, writer: Flask, spark: SparkSession, demo: Path
) -> None:
    client = writer.test_client()
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    for body in (
        {"engine": "spark", "sketch_k": 1000, "pair_score": "jaccard"},
        {"engine": "spark", "sketch_k": 64},  # affinity
        {"sketch_k": 64, "pair_score": "jaccard"},  # not the Spark engine
        {"engine": "flink"},
    ):
        assert client.post("/analysis/runs", json=body, headers=auth).status_code == 400, body
    body = {
        "engine": "spark",
        "sketch_k": 64,
        "pair_score": "jaccard",
        "spark_from": str(demo),
        "spark_master": "local[2]",
    }
    started = client.post("/analysis/runs", json=body, headers=auth)
    assert started.status_code == 202, started.get_json()
    run = wait_for_run(client, started.get_json()["id"])
    assert run["status"] == "succeeded", run
    counts = run["counts"]
    assert counts["estimate"] is True and counts["spark"]["k"] == 64
    assert 0 < counts["spark"]["shared_rse_median"] <= counts["spark"]["shared_rse_max"]
    links = served(db)
    assert len(links) > 1000
    assert all(link["estimate"] is True and link["shared_se"] >= 0 for link in links.values())
    creator = next(iter(links))[0]
    overlaps = client.get(f"/creators/{creator}/overlap").get_json()["items"]
    assert overlaps and all(o["estimate"] is True and o["shared_se"] is not None for o in overlaps)
    assert any(o["shared_se"] > 0 and o["jaccard_se"] > 0 and o["lift_se"] > 0 for o in overlaps)


def wait_for_run(client: Any, run_id: str) -> dict[str, Any]:
    import time

    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        run: dict[str, Any] = client.get(f"/analysis/runs/{run_id}").get_json()
        if run["status"] != "running":
            return run
        time.sleep(1.0)
    raise AssertionError(f"run {run_id} still running after 600 s")
