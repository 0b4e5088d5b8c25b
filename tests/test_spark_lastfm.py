"""The Spark engine's exact mode against the default engine (sparse) on Last.fm (issue 16's
acceptance), as `influence-map adapt lastfm --min-listeners 10` writes it (the dense core: 1,530
artists, 63,009 listens; every artist, 17,632, makes the default run's one-transaction publish
exceed the 1 GB test server's transaction memory). Where several partners' scores are equal up to
rounding at a creator's k-th place the engines may differ, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from loaders import load_dataset
from loaders.adapters import adapt_lastfm
from service.domain.analysis import AnalysisParams, run_analysis
from service.graph.db import Graph
from tests.datasets import LASTFM
from tests.spark_support import assert_same_links, audience_index, boundary_ties, served, staged


@pytest.fixture(scope="module")
def lastfm_folder(db: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lastfm")
    adapt_lastfm(LASTFM, folder, min_listeners=10)
    load_dataset(db, folder)
    return folder


def test_a_spark_run_serves_the_default_engines_links_on_lastfm(
    db: Graph, spark: SparkSession, lastfm_folder: Path
) -> None:
    default = run_analysis(db, AnalysisParams())
    default_links = served(db)
    ours = run_analysis(db, AnalysisParams(engine="spark"))
    spark_links = served(db)
    assert_same_links(spark_links, default_links, boundary_ties(audience_index(lastfm_folder), "affinity"))
    assert ours.counts["shared_audience_pairs"] == len(spark_links)
    assert ours.counts["spark"]["links"] == len(spark_links) and ours.counts["estimate"] is False
    assert ours.counts["members"] == default.counts["members"] == ours.counts["spark"]["members"]
    assert staged(db, ours.run_id) == {}  # published: staged links become SHARES_AUDIENCE
