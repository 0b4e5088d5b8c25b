"""WSGI entry point for gunicorn: `gunicorn service.web.wsgi:app` (settings from the environment)."""

from service.web.app import configure_logging, create_app

configure_logging()
app = create_app()
