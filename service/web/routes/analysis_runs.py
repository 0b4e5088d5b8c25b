"""Analysis runs: start one, follow it; and what changed between two runs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain.analysis import ENGINES, LINK_FILTERS, PAIR_SCORES, AnalysisParams, get_run
from service.domain.analysis.background import start_background_run
from service.domain.analysis.params import SKETCH_K_RANGE
from service.domain.analysis.reads import list_runs
from service.domain.audience import AUDIENCES
from service.domain.changes import changes_since
from service.web.context import graph
from service.web.endpoints import OFFSET, Param, endpoint, limit_param
from service.web.paging import page

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
        "min_jaccard": {"type": "number", "minimum": 0, "maximum": 1},
        "engine": {"type": "string", "enum": list(ENGINES)},
        "link_filter": {"type": "string", "enum": list(LINK_FILTERS)},
        "max_p_value": {"type": "number", "minimum": 1e-300, "maximum": 1},
        "pair_score": {"type": "string", "enum": list(PAIR_SCORES)},
        # The Spark engine (docs/spark.md); the four below need "engine": "spark".
        "spark_master": {"type": "string", "minLength": 1, "maxLength": 500},
        "spark_from": {"type": "string", "minLength": 1, "maxLength": 4096},
        "max_member_degree": {"type": "integer", "minimum": 2, "maximum": 1_000_000_000},
        "sketch_k": {"type": "integer", "minimum": SKETCH_K_RANGE[0], "maximum": SKETCH_K_RANGE[1]},
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
    links={
        "GetRun": ("get_analysis_runs_id", {"id": "$response.body#/id"}),
        "ChangesSince": ("get_changes", {"since": "$response.body#/id"}),
    },
)
def start_run(args: dict[str, Any]) -> ResponseReturnValue:
    run_id = start_background_run(graph(), AnalysisParams(**args["body"]))
    return jsonify({"id": run_id, "status": "running", "href": f"/analysis/runs/{run_id}"}), 202


@endpoint(
    bp,
    "GET",
    "/analysis/runs",
    "Succeeded analysis runs, newest first: when, which audience, whether results are kept",
    [limit_param(20), OFFSET],
)
def list_analysis_runs(args: dict[str, Any]) -> ResponseReturnValue:
    db = graph()
    return jsonify(page(lambda o, n: list_runs(db, o, n), args["limit"], args["offset"]))


@endpoint(
    bp,
    "GET",
    "/analysis/runs/{id}",
    "One analysis run: status, parameters, counts, step timings",
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
