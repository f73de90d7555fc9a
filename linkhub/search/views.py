"""Pages: the national reports library (public), shared-issue search (working groups and
national bodies), open data downloads, and the operator's view of the index."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context, url_for

from linkhub.platform.security import external_base, external_url_for
from linkhub.platform import routing
from linkhub.platform.auth import principal

from . import opendata, results, service, status
from .params import SCOPES, link_args, read

bp = Blueprint("search", __name__, template_folder="templates")
operator_bp = Blueprint("search_operator", __name__, url_prefix="/operator/search", template_folder="templates")


def _args() -> dict:
    return {k: request.args.getlist(k) for k in request.args}


def _page(kind: str, template: str, endpoint: str, working_group_ids=None, suppress_below=None, **context):
    search = read(_args(), kind)
    outcome = results.run(search, working_group_ids, suppress_below)

    def page_url(number: int) -> str:
        return url_for(endpoint, **link_args(search, page=number if number > 1 else None))

    def without(param: str, value: str | None = None) -> str:
        """This search without one filter value (or, for "dates", without the date range)."""
        args = link_args(search)
        if param == "dates":
            args.pop("from", None)
            args.pop("to", None)
        else:
            args[param] = [v for v in args.get(param, []) if value is not None and v != value]
        return url_for(endpoint, **{k: v for k, v in args.items() if v not in (None, "", [])})

    return render_template(
        template,
        search=search,
        outcome=outcome,
        result=outcome.result,
        facets=outcome.facets,
        scope=SCOPES[kind],
        page_url=page_url,
        without=without,
        pages=results.page_numbers(search.page, outcome.pages),
        snippet=results.safe_snippet,
        **context,
    )


@bp.route("/reports")
def reports():
    search = read(_args(), "report")
    feeds = {fmt: url_for(f"search.reports_{fmt}", **link_args(search)) for fmt in ("csv", "json", "atom")}
    return _page("report", "search/reports.html", "search.reports", feeds=feeds)


@bp.route("/shared-issues")
def shared_issues():
    who = principal()
    if not who.is_authenticated:
        return current_app.login_manager.unauthorized()
    groups, threshold = service.visible_working_group_ids(who), service.suppression_threshold()

    def counts(hit, key: str) -> str:
        return service.suppressed(int((hit.fields.get("counts") or {}).get(key, 0)), threshold)[1]

    return _page(
        "shared_issue",
        "search/shared_issues.html",
        "search.shared_issues",
        working_group_ids=groups,
        suppress_below=threshold,
        no_groups=groups == [],
        threshold=threshold,
        counts=counts,
    )


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(stream_with_context(body) if not isinstance(body, str) else body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@bp.route("/reports.csv")
def reports_csv():
    search = read(_args(), "report")
    return _download(opendata.csv_lines(search, external_base()), "text/csv", "reports.csv")


@bp.route("/reports.json")
def reports_json():
    search = read(_args(), "report")
    return _download(
        opendata.json_chunks(search, external_base(), link_args(search)), "application/json", "reports.json"
    )


@bp.route("/reports.atom")
def reports_atom():
    search = read(_args(), "report")
    # Absolute links from the configured public URL, never from the Host header.
    html_url = external_url_for("search.reports", **link_args(search))
    self_url = external_base().rstrip("/") + request.full_path.rstrip("?")
    body = opendata.atom(search, external_base(), self_url, html_url)
    return _download(body, "application/atom+xml", "reports.atom")


operator_bp.before_request(routing.operators_only)


@operator_bp.route("/")
def index():
    return render_template("search/operator.html", status=status.collect())
