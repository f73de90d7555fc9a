"""Error pages in GOV.UK style, and the API's one error shape for every status."""

from __future__ import annotations

import logging

from flask import Response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from .api import error_body
from .db import db
from .routing import NetworkSuspended
from .validation import ControlCharacters

log = logging.getLogger(__name__)

TITLES = {
    400: "There is a problem with your request",
    401: "You need to sign in",
    403: "You cannot see this page",
    404: "Page not found",
    405: "This action is not allowed",
    409: "This cannot be done now",
    410: "This page has gone",
    413: "The file is too large",
    422: "There is a problem with the information",
    429: "Too many requests",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(status: int, message: str):
    db.session.rollback()  # never half-write: an error ends the unit of work
    if _wants_json():
        return error_body(status, message), status
    return render_template(
        "errors/error.html", status=status, title=TITLES.get(status, "Error"), message=message
    ), status


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _render(
            400,
            "Your form could not be sent because it had expired or was not sent from this "
            "service. Go back, refresh the page and try again.",
        )

    @app.errorhandler(NetworkSuspended)
    def suspended(exc):
        network = exc.args[0]
        return _render(
            503, f"{network.name} is suspended on LINkHub. Contact your host organisation or the platform operator."
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(exc):
        # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page template either.
        db.session.rollback()
        return Response("Bad Request: this service does not answer to that host name.\n", 400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if _wants_json():
            db.session.rollback()
            from .api import api

            return api.handle_http_exception(exc)
        if exc.code == 401:
            return app.login_manager.unauthorized()
        return _render(exc.code or 500, exc.description or TITLES.get(exc.code, ""))

    @app.errorhandler(ControlCharacters)
    def control_characters(exc):
        # A path that wrote request text without a form or schema: still a 422, never a 500.
        db.session.rollback()
        if _wants_json():
            return error_body(422, "The data sent is not valid.", {exc.field or "_body": [exc.message]}), 422
        return _render(422, exc.message)

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render(500, "Try again later. If the problem continues, contact the platform operator.")
