"""schemathesis against /openapi.json: generated requests never get a 5xx or break the schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from service.graph.db import Graph
from service.graph.settings import Settings
from service.web.app import create_app
from tests.seed import seed


@pytest.fixture(scope="module")
def seeded_app(db: Graph, test_settings: Settings) -> Iterator[Flask]:
    seed(
        db,
        [
            {"id": "a", "handle": "ana", "followers": 12_000, "cluster": 0, "bridge_score": 0.5},
            {"id": "b", "handle": "ben", "followers": 900, "cluster": 1, "bridge_score": 0.2},
        ],
        mentions=[("a", "b", 2, "mention")],
        shares=[{"a": "a", "b": "b", "shared": 3, "lift": 1.2}],
    )
    app = create_app(test_settings.with_overrides(api_tokens="tok"))
    yield app
    app.extensions["graph"].close()


def test_no_server_errors_and_responses_match_the_schema(seeded_app: Flask) -> None:
    schema = schemathesis.openapi.from_wsgi("/openapi.json", seeded_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(
                checks=[not_a_server_error, response_schema_conformance, status_code_conformance]
            )

        call()
