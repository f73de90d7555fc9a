"""Search API: ``/api/v1/search/reports`` (public, rate limited) and
``/api/v1/search/shared-issues`` (national bodies, operators, working-group members).

Same parameters as the pages (linkhub.search.params), checked by the same rules; here a bad
value is a 422 with field messages instead of a message on the page. Lists are paged by
``page`` and ``per_page`` with ``total`` and an RFC 8288 ``Link`` header.
"""

from __future__ import annotations


import marshmallow as ma
from flask import abort, current_app, request, url_for
from flask_smorest import Blueprint

from linkhub.platform.auth import principal
from linkhub.platform.extensions import limiter

from . import results, service
from .params import ISSUE_FILTERS, MAX_PER_PAGE, MAX_Q, REPORT_FILTERS, link_args, read

blp = Blueprint(
    "search_api", __name__, url_prefix="/search", description="National search of published reports and shared issues"
)


def search_rate_limit() -> str:
    return current_app.config["SEARCH_API_RATE_LIMIT"]


def _args_schema(name: str, kind: str, filters: dict) -> type[ma.Schema]:
    fields = {
        p: ma.fields.List(ma.fields.String(), metadata={"description": f"filter by {p} (repeat for OR)"})
        for p in filters
    }
    fields |= {
        "q": ma.fields.String(
            metadata={"description": f'words, "phrases", -word, word*, a OR b (≤ {MAX_Q} characters)'}
        ),
        "date_from": ma.fields.String(data_key="from", metadata={"description": "2009, 2009-03-27 or 27/3/2009"}),
        "date_to": ma.fields.String(data_key="to", metadata={"description": "2009, 2009-12-31 or 31/12/2009"}),
        "sort": ma.fields.String(validate=ma.validate.OneOf(["relevance", "date"])),
        "page": ma.fields.Integer(validate=ma.validate.Range(min=1, max=100_000)),
        "per_page": ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_PER_PAGE)),
    }

    @ma.validates_schema
    def same_rules_as_the_pages(self, data, **kwargs):
        errors = _read(kind).errors
        if errors:
            raise ma.ValidationError(errors)

    fields["same_rules_as_the_pages"] = same_rules_as_the_pages
    return type(name, (ma.Schema,), fields)


ReportArgs = _args_schema("ReportSearchArgs", "report", REPORT_FILTERS)
IssueArgs = _args_schema("SharedIssueSearchArgs", "shared_issue", ISSUE_FILTERS)


class FacetValueSchema(ma.Schema):
    value = ma.fields.String()
    label = ma.fields.String()
    count = ma.fields.Integer(allow_none=True, metadata={"description": "null when suppressed"})
    count_text = ma.fields.String()
    selected = ma.fields.Boolean()


class HitSchema(ma.Schema):
    id = ma.fields.String(attribute="doc_id")
    kind = ma.fields.String()
    title = ma.fields.String()
    url = ma.fields.String()
    published_on = ma.fields.Date()
    snippet = ma.fields.String(metadata={"description": "HTML: escaped text, matches in <mark>"})
    score = ma.fields.Float(allow_none=True)
    network = ma.fields.String(allow_none=True)
    network_name = ma.fields.String(allow_none=True)
    region = ma.fields.String(allow_none=True)
    report_type = ma.fields.String(allow_none=True)
    providers = ma.fields.List(ma.fields.String())
    service_types = ma.fields.List(ma.fields.String())
    pathway = ma.fields.String(allow_none=True)
    stage = ma.fields.String(allow_none=True)
    theme = ma.fields.String(allow_none=True)
    powers = ma.fields.List(ma.fields.String())
    response_status = ma.fields.String(allow_none=True)
    feedback_count = ma.fields.Integer(allow_none=True)
    people_count = ma.fields.Integer(allow_none=True)


class SearchPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(HitSchema))
    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    total = ma.fields.Integer()
    pages = ma.fields.Integer()
    total_is_estimate = ma.fields.Boolean()
    facets_are_estimates = ma.fields.Boolean()
    facets = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.Nested(FacetValueSchema)))
    suppression_threshold = ma.fields.Integer(allow_none=True)


def _item(hit, threshold: int | None) -> dict:
    item = {
        "doc_id": hit.doc_id,
        "kind": hit.kind,
        "title": hit.title,
        "url": hit.url,
        "published_on": hit.published_on,
        "snippet": str(results.safe_snippet(hit.snippet)),
        "score": hit.score,
        **{k: v for k, v in hit.fields.items() if k not in ("counts", "working_group_ids")},
    }
    if hit.kind == "shared_issue":
        for key in ("feedback_count", "people_count"):
            count = int((hit.fields.get("counts") or {}).get(key, 0))
            item[key] = service.suppressed(count, threshold)[0] if threshold else count
    return item


def _read(kind: str):
    """The request's search parameters, read once per request (the schema's check and the
    search itself share them)."""
    cache = request.environ.setdefault("linkhub.search_params", {})
    if kind not in cache:
        cache[kind] = read({k: request.args.getlist(k) for k in request.args}, kind)
    return cache[kind]


def _respond(kind: str, endpoint: str, working_group_ids=None, threshold: int | None = None):
    search = _read(kind)
    outcome = results.run(search, working_group_ids, threshold)
    result, pages = outcome.result, outcome.pages
    links = [
        f'<{url_for(endpoint, **link_args(search, page=n))}>; rel="{rel}"'
        for rel, n in (("first", 1), ("prev", search.page - 1), ("next", search.page + 1), ("last", pages))
        if 1 <= n <= pages and not (rel in ("prev", "next") and n == search.page)
    ]
    body = {
        "items": [_item(h, threshold) for h in result.hits],
        "page": search.page,
        "per_page": search.per_page,
        "total": result.total,
        "pages": pages,
        "total_is_estimate": result.total_is_estimate,
        "facets_are_estimates": result.facets_are_estimates,
        "facets": outcome.facets,
        "suppression_threshold": threshold,
    }
    return body, 200, {"Link": ", ".join(links)} if links else {}


@blp.route("/reports")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, SearchPageSchema)
@limiter.limit(search_rate_limit)
def search_reports(args):
    """Search published reports (public; rate limited per address)."""
    return _respond("report", "search_api.search_reports")


@blp.route("/shared-issues")
@blp.arguments(IssueArgs, location="query")
@blp.response(200, SearchPageSchema)
def search_shared_issues(args):
    """Search shared issues: national bodies see all, working-group members their groups'.
    Facet and per-issue counts below the suppression threshold are null."""
    who = principal()
    if not who.is_authenticated:
        abort(401)
    groups = service.visible_working_group_ids(who)
    if groups == []:
        abort(403, "Only national bodies and working-group members can search shared issues.")
    return _respond("shared_issue", "search_api.search_shared_issues", groups, service.suppression_threshold())
