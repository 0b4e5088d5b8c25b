"""WSGI entry point for gunicorn: `gunicorn service.web.wsgi:app` (settings from the environment)."""

from service.web.app import create_app

app = create_app()
