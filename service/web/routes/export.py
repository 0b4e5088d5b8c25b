"""GET /export/graph: the creator map as a file for Gephi, Kumu and other tools."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from flask.typing import ResponseReturnValue

from service.domain.analysis.reads import creator_graph
from service.web.context import graph
from service.web.endpoints import Param, endpoint
from service.web.export_formats import MIMETYPES, render

bp = Blueprint("export", __name__)


@endpoint(
    bp,
    "GET",
    "/export/graph",
    "The creator map as GEXF, GraphML or JSON",
    [
        Param("format", str, "file format", default="json", choices=tuple(MIMETYPES)),
        Param("cluster", int, "only this cluster", minimum=0),
        Param(
            "max_nodes",
            int,
            "at most this many creators (most followed first)",
            default=5000,
            minimum=1,
            maximum=20000,
        ),
        Param(
            "top_edges",
            int,
            "strongest shared-audience links kept per creator",
            default=10,
            minimum=1,
            maximum=100,
        ),
    ],
    run_scoped=True,
)
def export_graph(args: dict[str, Any]) -> ResponseReturnValue:
    fmt = args.pop("format")
    data = creator_graph(graph(), **args)
    filename = f"influence-map.{fmt}"
    return Response(
        render(data, fmt),
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
