"""The API describing itself: /openapi.json and a docs page at /docs."""

from __future__ import annotations

from flask import Blueprint, Response, current_app
from flask.typing import ResponseReturnValue

from service.web.endpoints import openapi_document

bp = Blueprint("meta", __name__)

DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>influence-map API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{background:#f2f2f2;padding:0 .25rem}li{margin:.4rem 0}</style></head>
<body><h1>influence-map API</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<ul id="endpoints"></ul>
<script>
fetch('/openapi.json').then(r => r.json()).then(doc => {
  const list = document.getElementById('endpoints');
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const item = document.createElement('li');
    const params = op.parameters.map(p => p.name).join(', ');
    item.innerHTML = '<code></code> ';
    item.firstChild.textContent = method.toUpperCase() + ' ' + path;
    item.append(op.summary + (params ? ' (' + params + ')' : ''));
    list.append(item);
  }
});
</script></body></html>"""


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    # The declarations do not change while the process runs: the document is rendered once per
    # app (rendering it per request made it the slowest read under load).
    body = current_app.extensions.get("openapi_json")
    if body is None:
        body = current_app.extensions["openapi_json"] = current_app.json.dumps(openapi_document()) + "\n"
    return Response(body, mimetype="application/json")


@bp.get("/docs")
def docs() -> ResponseReturnValue:
    return Response(DOCS_PAGE, mimetype="text/html")
