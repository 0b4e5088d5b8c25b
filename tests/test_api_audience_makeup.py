"""GET /creators/{id}/audience (who a creator's loaded audience is) and GET /analysis/runs (which
runs the page can show and compare).

Graph: creator a followed by m1..m10: six from FR, three from DE, one with no country; age bands
18-24 (4) and 25-34 (5), one without; genders f (7) and m (3). m1 and m2 follow 60 other
creators, so the assessment marks them suspicious (mass followers): 20% of a's audience.
Creator b has no audience at all."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.authenticity import flag_creators
from service.graph.db import Graph
from tests.seed import forget_assessment, load_rows, seed

COUNTRIES = ["FR"] * 6 + ["DE"] * 3 + [None]
AGES = ["18-24"] * 4 + ["25-34"] * 5 + [None]
GENDERS = ["f"] * 7 + ["m"] * 3


@pytest.fixture(scope="module")
def market(db: Graph) -> Graph:
    others = [f"o{i}" for i in range(60)]
    seed(db, ["a", "b", *others], follows=[(m, o) for m in ("m1", "m2") for o in others])
    load_rows(
        db,
        "audience",
        [
            {
                "member_id": f"m{i + 1}",
                "creator_id": "a",
                "kind": "follows",
                "platform": "test",
                "country": COUNTRIES[i],
                "age_band": AGES[i],
                "gender": GENDERS[i],
            }
            for i in range(10)
        ],
    )
    return db


def test_makeup_before_an_assessment(client: FlaskClient, market: Graph) -> None:
    forget_assessment(market)  # the tests share the market and run in any order
    body = client.get("/creators/a/audience").get_json()
    assert body["members"] == 10
    assert body["country"] == {
        "known": 9,
        "unknown": 1,
        "values": [
            {"value": "FR", "members": 6, "share": 0.6667},
            {"value": "DE", "members": 3, "share": 0.3333},
        ],
    }
    assert [(v["value"], v["members"]) for v in body["age_band"]["values"]] == [("25-34", 5), ("18-24", 4)]
    assert body["gender"]["values"][0] == {"value": "f", "members": 7, "share": 0.7}
    assert body["suspicious"] == {"assessed": False, "members": None, "share": None}


def test_makeup_after_an_assessment_and_of_an_empty_audience(client: FlaskClient, market: Graph) -> None:
    flag_creators(market, None, (5_000, 100_000, 500_000, 1_000_000))
    body = client.get("/creators/a/audience").get_json()
    assert body["suspicious"] == {"assessed": True, "members": 2, "share": 0.2}
    empty = client.get("/creators/b/audience").get_json()
    assert empty["members"] == 0 and empty["country"] == {"known": 0, "unknown": 0, "values": []}
    assert client.get("/creators/ghost/audience").status_code == 404


def test_runs_newest_first_with_their_audience(client: FlaskClient, market: Graph) -> None:
    assert client.get("/analysis/runs").get_json()["items"] == []
    flag_creators(market, None, (5_000, 100_000, 500_000, 1_000_000))  # cleaned runs need one
    first = run_analysis(market, AnalysisParams(min_shared=1)).run_id
    second = run_analysis(market, AnalysisParams(min_shared=1, audience="cleaned")).run_id
    items = client.get("/analysis/runs").get_json()["items"]
    assert [(r["id"], r["current"], r["audience"], r["kept"]) for r in items] == [
        (second, True, "cleaned", True),
        (first, False, "raw", True),
    ]
    assert items[0]["finished_at"] >= items[1]["finished_at"]
    page = client.get("/analysis/runs?limit=1").get_json()
    assert page["truncated"] and page["next_offset"] == 1
