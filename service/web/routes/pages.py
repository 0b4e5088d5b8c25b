"""Pages for people: the creator map at /map and the printable cluster report at /report."""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory
from flask.typing import ResponseReturnValue

from service.web.answer_cache import run_scoped

bp = Blueprint("pages", __name__)


@bp.get("/map")
def creator_map() -> ResponseReturnValue:
    return send_from_directory(current_app.static_folder + "/map", "index.html")  # type: ignore[operator]


@bp.get("/report")
@run_scoped
def cluster_report() -> ResponseReturnValue:
    return send_from_directory(current_app.static_folder + "/map", "report.html")  # type: ignore[operator]
