"""Pages of requests for work: the public intake form (no account, rate limited, honeypot) and
the staff pages to decide."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.extensions import limiter
from linkhub.platform.routing import loads
from linkhub.tenants.common.pages import form_page

from . import forms, services
from .models import WorkRequest

bp = routing.network_blueprint("workrequests", __name__, "/work-requests", template_folder="templates")


def _nav(network, roles):
    if not roles & STAFF_ROLES:
        return []
    return [{"href": url_for("workrequests.index", network_slug=network.slug), "text": "Requests for work"}]


def _public_links(network):
    return [
        {
            "href": url_for("workrequests.new", network_slug=network.slug),
            "text": "Commissioners, providers and scrutiny committees: ask us to look into something",
        }
    ]


shell.nav_providers.append(_nav)
shell.public_link_providers.append(_public_links)


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@routing.public
def new():
    form = forms.RequestForm()
    if form.is_submitted() and request.form.get("website"):  # a bot filled the honeypot: store nothing
        return redirect(url_for("workrequests.thanks"))

    def save():
        made = services.submit_request(
            requester_kind=form.requester_kind.data,
            organisation=form.organisation.data,
            contact_name=form.contact_name.data,
            email=form.email.data,
            title=form.title.data,
            description=form.description.data,
            wanted_by=form.wanted_by.data,
        )
        session["work_request_ref"] = made.reference
        return made

    return form_page(
        form,
        save,
        success="Your request has been sent.",
        then=lambda r: url_for("workrequests.thanks"),
        title="Ask the LINk to do a piece of work",
        back=url_for("network.home"),
        template="workrequests/new.html",
        intro="The LINk decides which work to take on against its own priorities. We will tell you our decision "
        "and our reasons by email.",
    )


@bp.route("/thanks")
@routing.public
def thanks():
    return render_template("workrequests/thanks.html", reference=session.pop("work_request_ref", None))


@bp.route("/")
@routing.require_roles(STAFF_ROLES)
def index():
    rows = db.session.scalars(select(WorkRequest).order_by(WorkRequest.received_at.desc())).all()
    return render_template("workrequests/index.html", requests=rows)


@bp.route("/<int:work_request_id>", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(WorkRequest, "work_request_id")
def show(work_request):
    form = forms.DecisionForm()
    back = url_for("workrequests.index")
    return form_page(
        form,
        lambda: services.decide(
            work_request,
            decision=form.decision.data,
            reasons=form.reasons.data,
            owner=form.owner.data or "",
            outcome=form.outcome.data or "",
            target_on=form.target_on.data,
            decided_by=current_user,
        ),
        success="Decision recorded. The requester has been told by email.",
        then=lambda r: url_for("workrequests.show", work_request_id=r.id),
        title=work_request.title,
        caption=f"Request for work {work_request.reference}",
        back=back,
        template="workrequests/show.html",
        work_request=work_request,
    )
