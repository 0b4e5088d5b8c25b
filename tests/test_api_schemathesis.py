"""schemathesis against /openapi.json: no generated request gets a 5xx or a response that breaks the
declared schema, one operation at a time and in sequences that follow the declared links (start a
run, then read it; list creators, then open one).

`make test` runs a short pass; `make fuzz` (`--fuzz-examples 500`) the long one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from service.domain.analysis import AnalysisParams, run_analysis
from service.graph.db import Graph
from service.graph.settings import Settings
from service.web.app import create_app
from service.web.endpoints import ENDPOINTS
from tests.seed import seed

TOKEN = "tok"
# schemathesis's WSGI client asks for gzip but does not inflate it; compressed answers have their
# own test (test_answer_cache.py).
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Accept-Encoding": "identity"}
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
SHORT_EXAMPLES = 20
SHORT_SCENARIOS = 15


@pytest.fixture(scope="module")
def seeded_app(db: Graph, test_settings: Settings) -> Iterator[Flask]:
    # Two groups of creators sharing audiences, mentions across, one analysis run (clusters,
    # bridges, a run id to read): enough for every operation to find something.
    creators = [{"id": f"c{n}", "handle": f"h{n}", "followers": 1000 * n, "cost": 10} for n in range(8)]
    follows = [(f"m{g}-{i}", f"c{g * 4 + n}") for g in range(2) for i in range(6) for n in range(4)]
    follows += [(f"m0-{i}", "c4") for i in range(3)]
    seed(db, creators, follows=follows, mentions=[("c1", "c2", 2), ("c2", "c5", 1), ("c6", "c0", 3)])
    run_analysis(db, AnalysisParams(min_shared=1, top_k=50, min_jaccard=0.0))
    app = create_app(test_settings.with_overrides(api_tokens=TOKEN))
    yield app
    wait_for_runs(db)
    app.extensions["graph"].close()


def wait_for_runs(db: Graph) -> None:
    """Runs started by generated POSTs finish before the next module empties the database."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        rows, _, _ = db.driver.execute_query("MATCH (r:AnalysisRun {status: 'running'}) RETURN count(r) AS n")
        if rows[0]["n"] == 0:
            return
        time.sleep(0.5)
    raise AssertionError("analysis runs started by the fuzzer still running after 300 s")


@pytest.fixture(scope="module")
def schema(seeded_app: Flask) -> OpenApiSchema:
    loaded = schemathesis.openapi.from_wsgi("/openapi.json", seeded_app)
    assert isinstance(loaded, OpenApiSchema)
    return loaded


def test_every_operation_answers_within_its_schema(schema: OpenApiSchema, fuzz_examples: int) -> None:
    operations = [result.ok() for result in schema.get_all_operations()]
    declared = {op.method.upper() + " " + op.path for op in operations}
    # Every declared endpoint is in the schema, so each gets fuzzed.
    assert declared == {f"{e.method} {e.rule}" for e in ENDPOINTS}, sorted(declared)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=fuzz_examples or SHORT_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=HEADERS, checks=CHECKS)

        call()


def test_sequences_along_the_declared_links(schema: OpenApiSchema, fuzz_examples: int) -> None:
    links = [
        link
        for path in schema.raw_schema["paths"].values()
        for operation in path.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(links) >= 15

    class Scenario(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": HEADERS}

        def validate_response(self, response: Any, case: schemathesis.Case, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Scenario.run(
        settings=settings(
            max_examples=fuzz_examples or SHORT_SCENARIOS,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
    )
