"""API framework: flask-smorest under /api/v1, one error shape, pagination on every list.

Error shape (every 4xx/5xx from the API)::

    {"error": {"status": 422, "code": "validation_error", "message": "...",
               "fields": {"name": ["Missing data for required field."]}}}
"""
from __future__ import annotations

import math
from urllib.parse import urlencode

import marshmallow as ma
from flask import request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

ERROR_CODES = {
    400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 410: "gone", 413: "too_large", 415: "unsupported_media_type", 422: "validation_error",
    429: "rate_limited", 500: "server_error", 503: "unavailable",
}


def raise_field_error(status: int, field: str, message: str):
    """Abort with field messages in the error shape (as webargs does for schema errors)."""
    from werkzeug.exceptions import default_exceptions

    error = default_exceptions[status](message)
    error.data = {"messages": {"json": {field: [message]}}}  # type: ignore[attr-defined]  # webargs' place
    raise error


def error_body(status: int, message: str, fields: dict | None = None, code: str | None = None) -> dict:
    body = {"status": status, "code": code or ERROR_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _field_messages(exc: HTTPException) -> dict | None:
    """webargs puts {location: {field: [messages]}} in exc.data['messages']; flatten locations."""
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not messages:
        return None
    fields: dict = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            fields.update(location_messages)
    return fields or None


class LinkhubApi(Api):
    def handle_http_exception(self, error: HTTPException):
        status = error.code or 500
        fields = _field_messages(error)
        message = error.description or ""
        if status == 422 and message == type(error).description:  # webargs' generic text
            message = "The data sent is not valid."
        if status == 400 and "JSON" in (error.description or ""):
            message = "The request body is not valid JSON."
        headers = {}
        if status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="linkhub"'
        return error_body(status, message, fields), status, headers


api = LinkhubApi()


class ErrorSchema(ma.Schema):
    error = ma.fields.Dict(required=True, metadata={"description": "status, code, message and field messages"})


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=25, validate=ma.validate.Range(min=1, max=100))


def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The response schema of a list: items plus page, per_page, total, pages."""
    name = item_schema.__name__.replace("Schema", "") + "PageSchema"
    return type(name, (ma.Schema,), {
        "items": ma.fields.List(ma.fields.Nested(item_schema)),
        "page": ma.fields.Integer(), "per_page": ma.fields.Integer(),
        "total": ma.fields.Integer(), "pages": ma.fields.Integer(),
    })


def page_link(page: int, per_page: int) -> str:
    """This request's own path with its query string, page and per_page replaced.

    Built from the path and the raw arguments rather than ``url_for(**request.args)``, so an
    argument named like a ``url_for`` option (``_external``, ``endpoint``) or a URL variable
    (``network_slug``) stays a query argument, and repeated arguments are all kept.
    """
    query = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "per_page")]
    query += [("page", str(page)), ("per_page", str(per_page))]
    return f"{request.script_root}{request.path}?{urlencode(query)}"


def paginate(session, select_stmt, args: dict):
    """Run a select for one page; returns (body, headers) with an RFC 8288 Link header."""
    from sqlalchemy import func, select

    page, per_page = args.get("page", 1), args.get("per_page", 25)
    total = session.scalar(select(func.count()).select_from(select_stmt.order_by(None).subquery()))
    items = session.scalars(select_stmt.limit(per_page).offset((page - 1) * per_page)).all()
    pages = max(1, math.ceil(total / per_page))
    links = []
    for rel, number in (("first", 1), ("prev", page - 1), ("next", page + 1), ("last", pages)):
        if 1 <= number <= pages and not (rel in ("prev", "next") and number == page):
            links.append(f'<{page_link(number, per_page)}>; rel="{rel}"')
    headers = {"Link": ", ".join(links)} if links else {}
    return {"items": items, "page": page, "per_page": per_page, "total": total, "pages": pages}, headers
