"""The HTTP layer: a thin Flask app over the domain, and the map page.

`create_app(settings)` builds it; `service.web.wsgi:app` is gunicorn's entry point.
"""

from service.web.app import create_app

__all__ = ["create_app"]
