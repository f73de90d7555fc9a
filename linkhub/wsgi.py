"""WSGI entry point for gunicorn: ``linkhub.wsgi:app``."""

from linkhub.app import create_app

app = create_app()
