"""Pages for people: the creator map at /map and the printable cluster report at /report."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory
from flask.typing import ResponseReturnValue

from service.web.answer_cache import run_scoped

bp = Blueprint("pages", __name__)

# The map's script is bundled from web/ by `make web`; a source checkout without it would serve a
# blank page (index.html asking for a map.js that is not there).
BUNDLE = "map.js"
NO_BUNDLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>influence-map: the map is not built</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
code{background:#f2f2f2;padding:0 .25rem}</style></head>
<body><h1>The map page is not built yet</h1>
<p>This install has no <code>service/web/static/map/map.js</code>, the map's JavaScript bundle.
Build it from the project folder with <code>make web</code> (it needs Node.js and npm; the bundle
is made from <code>web/package-lock.json</code>), then reload this page.</p>
<p>The JSON API works without it: <a href="/docs">/docs</a>.</p>
</body></html>"""


def _map_folder() -> Path:
    return Path(current_app.static_folder or "") / "map"


@bp.get("/map")
def creator_map() -> ResponseReturnValue:
    folder = _map_folder()
    if not (folder / BUNDLE).is_file():
        return Response(NO_BUNDLE_PAGE, status=503, mimetype="text/html")
    return send_from_directory(folder, "index.html")


@bp.get("/report")
@run_scoped
def cluster_report() -> ResponseReturnValue:
    return send_from_directory(_map_folder(), "report.html")
