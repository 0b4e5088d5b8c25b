"""influence-map's HTTP service: a thin Flask layer over named Cypher queries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from service.db import Graph
from service.errors import ServiceError
from service.settings import Settings


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, the process's one Neo4j driver, routes and the error handler."""
    settings = config if isinstance(config, Settings) else Settings.from_mapping(config or {})
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["settings"] = settings
    app.extensions["graph"] = Graph.connect(settings)

    from service.routes import health

    app.register_blueprint(health.bp)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def graph() -> Graph:
    """The app's Graph (and so its one driver)."""
    return current_app.extensions["graph"]  # type: ignore[no-any-return]


def _service_error(error: ServiceError) -> ResponseReturnValue:
    return jsonify(error.to_dict()), error.status


def _http_error(error: HTTPException) -> ResponseReturnValue:
    code = (error.name or "error").lower().replace(" ", "_")
    status = error.code or 500
    return _service_error(ServiceError(status, code, error.description or error.name))


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    current_app.logger.exception("unhandled error")
    return _service_error(ServiceError(500, "internal_error", "unexpected server error; see the service log"))
