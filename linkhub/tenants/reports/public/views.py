"""Public pages of published reports: an accessible HTML page per report (print stylesheet
from base.html), under its random public reference, and a network's list of them."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, url_for
from sqlalchemy import select

from linkhub.platform import shell
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


@bp.route("/reports/<public_ref>")
def report(public_ref: str):
    found = lookup.find(public_ref)
    if found is None:
        abort(404)
    with network_scope(found.network_id):
        item = db.session.get(Report, found.id)
        network = db.session.get(Network, found.network_id)
        return render_template("reports_public/report.html", report=item, network=network)


@bp.route("/reports/by-network/<slug>")
def network_reports(slug: str):
    network = db.session.scalar(select(Network).where(Network.slug == slug, Network.status == "active"))
    if network is None:
        abort(404)
    documents, _, total = lookup.published_page(slug, None, 100)
    for document in documents:  # a date people read ("3 March 2026"), not the ISO form in the document
        document["published_on_text"] = f"{date.fromisoformat(document['published_on'][:10]):%-d %B %Y}"
    return render_template("reports_public/network.html", network=network, documents=documents, total=total)
