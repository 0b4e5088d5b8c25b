"""The audience index against the Cypher reference on the demo market and on Last.fm (issue 14).

Each market is loaded the way a user would (the demo generator's default market; Last.fm through
`adapt_lastfm` with its 10-listener core), analysed with the default parameters, checked on raw
audiences, assessed, and checked again on raw and cleaned audiences: simulations, plans (every
goal, a cluster target, required and excluded creators), segments and white space, rankings,
cleaned overlaps, the authenticity signals, farm pairs and the whole assessment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import load_dataset
from loaders.adapters import adapt_lastfm
from loaders.demo_data import DemoSpec, generate_demo_data
from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.authenticity import AuthenticityParams, flag_creators
from service.graph.db import Graph
from tests.audience_index_checks import check_all, fresh_index, patient
from tests.conftest import DATA

LASTFM = DATA / "lastfm-hetrec2011"
# Last.fm users list up to 50 artists: at the default 50 every listener would be a mass follower.
LASTFM_PARAMS = AuthenticityParams(mass_follows=40)


def loaded(db: Graph, folder: Path) -> Graph:
    load_dataset(db, folder)
    run_analysis(db, AnalysisParams())
    return patient(db)


@pytest.fixture(scope="module")
def demo(db: Graph, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    folder = tmp_path_factory.mktemp("demo")
    generate_demo_data(folder, DemoSpec())
    return loaded(db, folder)


def test_the_demo_market_answers_equal_the_cypher_reference(demo: Graph) -> None:
    check_all(demo, fresh_index(demo), AuthenticityParams(), sizes=(1, 5, 12))
    flag_creators(demo, AuthenticityParams())
    index = fresh_index(demo)
    assert index.assessed and len(index.suspicious) > 0
    check_all(demo, index, AuthenticityParams(), sizes=(1, 5, 12))


def test_lastfm_answers_equal_the_cypher_reference(
    graph: Graph, tmp_path_factory: pytest.TempPathFactory
) -> None:
    graph.wipe()
    folder = tmp_path_factory.mktemp("lastfm")
    adapt_lastfm(LASTFM, folder, min_listeners=10)
    lastfm = loaded(graph, folder)
    check_all(lastfm, fresh_index(lastfm), LASTFM_PARAMS, sizes=(1, 5, 30))
    flag_creators(lastfm, LASTFM_PARAMS)
    index = fresh_index(lastfm)
    assert index.assessed and len(index.suspicious) > 0
    check_all(lastfm, index, LASTFM_PARAMS, sizes=(1, 5, 30))
