"""The public API of published reports: no sign-in, only what is published, 404 otherwise."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint

from linkhub.platform import keyset
from linkhub.platform.api import PageArgs, page_body, page_schema, raise_field_error

from ..schemas import PublicListArgs, PublicReportSchema
from . import lookup

blp = Blueprint(
    "published_reports_api",
    __name__,
    url_prefix="/published-reports",
    description="Published reports of every network (public, no authentication)",
)


@blp.route("/")
@blp.arguments(PublicListArgs, location="query", as_kwargs=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(PublicReportSchema))
def list_published(args, network=None):
    """Published reports, newest first, optionally of one network (by slug)."""
    try:
        items, next_cursor, total = lookup.published_page(network, args.get("cursor"), args["per_page"])
    except keyset.BadCursor as exc:
        raise_field_error(422, "cursor", str(exc).capitalize() + ".")
    body, headers = page_body(items, args["per_page"], next_cursor, total)
    return body, 200, headers


@blp.route("/<public_ref>")
@blp.response(200, PublicReportSchema)
def get_published(public_ref):
    document = lookup.published_document(public_ref)
    if document is None:
        abort(404)
    return document
