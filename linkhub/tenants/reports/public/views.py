"""Public pages of published reports: an accessible HTML page per report (print stylesheet
from base.html), under its random public reference, and a network's list of them."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request, url_for
from sqlalchemy import select

from linkhub.platform import markdown, shell
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope

from ..models import Report
from . import lookup

bp = Blueprint("reports_public", __name__, template_folder="templates")


def _public_link(network):
    return [
        {"href": url_for("reports_public.network_reports", slug=network.slug), "text": "Read our published reports"}
    ]


shell.public_link_providers.append(_public_link)

# How to ask for other formats: functions (network) -> {"email", "phone", "text_phone"} | None,
# called in the network's scope. The public site registers the network's real contact details
# (reports cannot import it: it sits above reports); without one the host is named.
OTHER_FORMATS: list = []


def other_formats(network) -> dict | None:
    for provider in OTHER_FORMATS:
        found = provider(network)
        if found:
            return found
    return None


def _render(public_ref: str, template: str, **context):
    found = lookup.find(public_ref)
    if found is None:
        abort(404)
    with network_scope(found.network_id):
        item = db.session.get(Report, found.id)
        network = db.session.get(Network, found.network_id)
        if context.pop("need_easy_read", False) and not item.easy_read:
            abort(404)
        return render_template(template, report=item, network=network, formats=other_formats(network), **context)


@bp.route("/reports/<public_ref>")
def report(public_ref: str):
    return _render(public_ref, "reports_public/report.html")


@bp.route("/reports/<public_ref>/large-print")
def large_print(public_ref: str):
    """The report in large print (at least 18 point on paper, the RNIB's guidance): the same words,
    one column, bigger type and spacing. Printing it (or "Save as PDF") keeps the large type."""
    return _render(public_ref, "reports_public/large_print.html")


@bp.route("/reports/<public_ref>/large-print.pdf")
def large_print_pdf(public_ref: str):
    """The large-print version as a tagged PDF (PDF/UA, 18 point body text, A4), made by WeasyPrint
    from the same words; 503 where WeasyPrint's Pango is missing."""
    html = _render(public_ref, "reports_public/large_print_pdf.html")
    try:
        import weasyprint
    except (ImportError, OSError):  # pragma: no cover - Pango missing on this machine
        abort(503, "PDF is not available on this server; use the large print page and print it instead.")
    pdf = weasyprint.HTML(string=html, base_url=request.url_root).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{public_ref}-large-print.pdf"'
    return response


@bp.route("/reports/<public_ref>/easy-read")
def easy_read(public_ref: str):
    return _render(public_ref, "reports_public/easy_read.html", need_easy_read=True, render=markdown.render)


@bp.route("/reports/by-network/<slug>")
def network_reports(slug: str):
    network = db.session.scalar(select(Network).where(Network.slug == slug, Network.status == "active"))
    if network is None:
        abort(404)
    documents, _, total = lookup.published_page(slug, None, 100)
    for document in documents:  # a date people read ("3 March 2026"), not the ISO form in the document
        document["published_on_text"] = f"{date.fromisoformat(document['published_on'][:10]):%-d %B %Y}"
    return render_template("reports_public/network.html", network=network, documents=documents, total=total)
