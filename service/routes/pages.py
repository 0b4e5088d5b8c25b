"""Pages for people: the creator map at /map (assets built from web/ into service/static/map)."""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory
from flask.typing import ResponseReturnValue

bp = Blueprint("pages", __name__)


@bp.get("/map")
def creator_map() -> ResponseReturnValue:
    return send_from_directory(current_app.static_folder + "/map", "index.html")  # type: ignore[operator]
