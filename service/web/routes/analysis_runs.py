"""Analysis runs: start one, follow it; and what changed between two runs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain.analysis import AnalysisParams, get_run
from service.domain.analysis.background import start_background_run
from service.domain.audience import AUDIENCES
from service.domain.changes import changes_since
from service.web.context import graph
from service.web.endpoints import Param, endpoint

bp = Blueprint("analysis_runs", __name__)
RUN_BODY = {
    "type": "object",
    "properties": {
        "resolution": {"type": "number", "minimum": 0.01, "maximum": 100},
        "algorithm": {"type": "string", "enum": ["leiden", "louvain"]},
        "min_shared": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
        "top_k": {"type": "integer", "minimum": 1, "maximum": 1000},
        "mention_weight": {"type": "number", "minimum": 0, "maximum": 100},
        "min_placement": {"type": "number", "minimum": 0, "maximum": 1},
        "seed": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
        "audience": {"type": "string", "enum": list(AUDIENCES)},
    },
}


@endpoint(
    bp,
    "POST",
    "/analysis/runs",
    "Start an analysis run (202 with its id)",
    body=RUN_BODY,
    write=True,
    status=202,
)
def start_run(args: dict[str, Any]) -> ResponseReturnValue:
    run_id = start_background_run(graph(), AnalysisParams(**args["body"]))
    return jsonify({"id": run_id, "status": "running", "href": f"/analysis/runs/{run_id}"}), 202


@endpoint(
    bp,
    "GET",
    "/analysis/runs/{id}",
    "One analysis run: status, parameters, counts",
    [Param("id", str, "the run id", required=True, location="path")],
)
def get_analysis_run(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(get_run(graph(), args["id"]))


@endpoint(
    bp,
    "GET",
    "/changes",
    "Emerging and waning creators, new bridges and cluster changes since an analysis run",
    [
        Param("since", str, "run id to compare with, or `previous`", required=True),
        Param("until", str, "later run id (default: the current run)"),
    ],
)
def get_changes(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(changes_since(graph(), args["since"], args["until"]))
