"""The Flask app: settings, the process's one Neo4j driver, blueprints, request logs and errors."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from neo4j.time import Date, DateTime, Duration, Time
from werkzeug.exceptions import HTTPException

from service.domain.audience_index.store import IndexStore
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from service.web.answer_cache import AnswerCache
from service.web.context import graph
from service.web.endpoints import MAX_BODY_BYTES
from service.web.routes import (
    analysis_runs,
    authenticity,
    bridges,
    campaigns,
    clusters,
    creators,
    export,
    health,
    meta,
    pages,
    segments,
)

BLUEPRINTS = (
    health.bp,
    creators.bp,
    clusters.bp,
    bridges.bp,
    analysis_runs.bp,
    campaigns.bp,
    segments.bp,
    authenticity.bp,
    export.bp,
    meta.bp,
    pages.bp,
)
__all__ = ["create_app", "graph"]


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, the process's one Neo4j driver, routes and the error handler."""
    settings = config if isinstance(config, Settings) else Settings.from_mapping(config or {})
    app = Flask(__name__)
    app.json = GraphJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["settings"] = settings
    app.extensions["graph"] = Graph.connect(settings)
    # Built in a background thread on first use and shared by the workers through a snapshot file.
    app.extensions["audience_index"] = IndexStore.from_settings(settings, background=True)
    # Answers of the served run and data version, by ETag (service.web.answer_cache).
    app.extensions["answer_cache"] = AnswerCache()

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


class GraphJSONProvider(DefaultJSONProvider):
    """JSON that also writes Neo4j's temporal values (ISO 8601), in the order queries return keys."""

    sort_keys = False

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, Date | DateTime | Time):
            return o.iso_format()
        if isinstance(o, Duration):
            return str(o)
        return DefaultJSONProvider.default(o)


ACCESS_LOG = logging.getLogger("influence_map.access")


def configure_logging() -> None:
    """Send the service's log records (the access log at INFO, failures) to stderr, one per line.

    For the server processes only (gunicorn workers, `wsgi.py`): without a handler Python drops
    INFO records, so the access log would never appear. Idempotent; tests do not call it.
    """
    logger = logging.getLogger("influence_map")
    if any(getattr(handler, "_influence_map", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._influence_map = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _start_request() -> None:
    """Take the caller's X-Request-Id when it is sane, else make one; start the clock."""
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    """Echo the request id and write one structured access-log line."""
    response.headers["X-Request-Id"] = g.get("request_id", "")
    elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    ACCESS_LOG.info(
        json.dumps(
            {
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round(elapsed_ms, 1),
            }
        )
    )
    return response


def _service_error(error: ServiceError) -> ResponseReturnValue:
    return jsonify(error.to_dict()), error.status


def _http_error(error: HTTPException) -> ResponseReturnValue:
    code = (error.name or "error").lower().replace(" ", "_")
    status = error.code or 500
    return _service_error(ServiceError(status, code, error.description or error.name))


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    current_app.logger.exception("unhandled error")
    return _service_error(ServiceError(500, "internal_error", "unexpected server error; see the service log"))
