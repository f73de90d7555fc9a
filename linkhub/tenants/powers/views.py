"""Pages of the statutory powers: organisations, requests for information, OSC referrals, the
deadlines list and its calendar feed, and the messages sent. Members read; staff change.
The feed also opens to a person's secret calendar address (see ``calendar_feeds``)."""

from __future__ import annotations

from flask import render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linkhub.platform import clock, routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
from linkhub.platform.db import db
from linkhub.platform.extensions import limiter
from linkhub.platform.routing import loads
from linkhub.tenants.common import deadlines
from linkhub.tenants.common import forms as common_forms
from linkhub.tenants.common import services as org_services
from linkhub.tenants.common.models import Organisation, OutgoingMessage
from linkhub.tenants.common.pages import form_page

from . import calendar_views, forms, issue_refs, services
from .models import InformationRequest, OscReferral

bp = routing.network_blueprint("powers", __name__, "/powers", template_folder="templates")
bp.add_app_template_global(issue_refs.linked, "linked_issues")


def _nav(network, roles):
    return [{"href": url_for("powers.index", network_slug=network.slug), "text": "Statutory powers"}]


shell.nav_providers.append(_nav)


@shell.dashboard_panel
def _panel(network):
    counts = deadlines.counts(deadlines.open_deadlines())
    return {"title": "Deadlines", "template": "powers/_panel.html", "deadline_counts": counts}


def _can_edit() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _organisation_choices(kind: str | None = None):
    query = select(Organisation).order_by(Organisation.name)
    if kind:
        query = query.where(Organisation.kind == kind)
    return [(0, "Choose an organisation")] + [(o.id, o.name) for o in db.session.scalars(query)]


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    return render_template(
        "powers/index.html", counts=deadlines.counts(deadlines.open_deadlines()), can_edit=_can_edit()
    )


# --- deadlines ------------------------------------------------------------------------------


@bp.route("/deadlines")
@routing.require_roles(MEMBER_ROLES)
def deadlines_page():
    show = request.args.get("show", "all")
    show = show if show in ("all", "overdue", "this_week") else "all"
    order = "desc" if request.args.get("order") == "desc" else "asc"
    items = deadlines.filtered(deadlines.open_deadlines(), show)
    if order == "desc":
        items = list(reversed(items))
    return render_template(
        "powers/deadlines.html",
        items=items,
        show=show,
        order=order,
        today=clock.today(),
        tags=deadlines.STATE_TAGS,
        address=calendar_views.my_address(),
    )


@bp.route("/deadlines.ics")
@limiter.limit(
    calendar_views.key_rate_limit, exempt_when=calendar_views.without_key, deduct_when=calendar_views.refused
)
def deadlines_calendar():
    """Signed in (or a bearer token) as before; or ``?key=`` of a calendar address, with no session."""
    if "key" in request.args:
        return calendar_views.subscribed_calendar(request.args.get("key", ""))
    return _signed_in_calendar()


def _signed_in_calendar():
    return routing.check_roles(MEMBER_ROLES) or calendar_views.calendar_response()


@bp.route("/deadlines/calendar-address", methods=["POST"])
@routing.require_roles(MEMBER_ROLES)
def new_calendar_address():
    return calendar_views.create()


@bp.route("/deadlines/calendar-address/stop", methods=["POST"])
@routing.require_roles(MEMBER_ROLES)
def stop_calendar_address():
    return calendar_views.stop()


# --- organisations --------------------------------------------------------------------------


@bp.route("/organisations")
@routing.require_roles(MEMBER_ROLES)
def organisations():
    rows = db.session.scalars(
        select(Organisation).options(selectinload(Organisation.contacts)).order_by(Organisation.name)
    ).all()
    return render_template("powers/organisations.html", organisations=rows, can_edit=_can_edit())


@bp.route("/organisations/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_organisation():
    form = common_forms.OrganisationForm()
    return form_page(
        form,
        lambda: org_services.add_organisation(
            name=form.name.data, kind=form.kind.data, email=form.email.data or "", address=form.address.data or ""
        ),
        success="Organisation added.",
        then=lambda o: url_for("powers.organisation", organisation_id=o.id),
        title="Add an organisation",
        back=url_for("powers.organisations"),
    )


@bp.route("/organisations/<int:organisation_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Organisation, "organisation_id")
def organisation(organisation):
    requests = db.session.scalars(
        select(InformationRequest)
        .where(InformationRequest.organisation_id == organisation.id)
        .order_by(InformationRequest.id.desc())
    ).all()
    return render_template(
        "powers/organisation.html", organisation=organisation, requests=requests, can_edit=_can_edit()
    )


@bp.route("/organisations/<int:organisation_id>/contacts/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Organisation, "organisation_id")
def new_contact(organisation):
    form = common_forms.ContactForm()
    return form_page(
        form,
        lambda: org_services.add_contact(
            organisation_id=organisation.id,
            name=form.name.data,
            job_title=form.job_title.data or "",
            email=form.email.data or "",
            phone=form.phone.data or "",
        ),
        success="Contact added.",
        then=lambda c: url_for("powers.organisation", organisation_id=organisation.id),
        title="Add a contact",
        caption=organisation.name,
        back=url_for("powers.organisation", organisation_id=organisation.id),
    )


# --- requests for information ---------------------------------------------------------------


@bp.route("/requests")
@routing.require_roles(MEMBER_ROLES)
def requests():
    rows = db.session.scalars(select(InformationRequest).order_by(InformationRequest.id.desc())).all()
    return render_template("powers/requests.html", requests=rows, can_edit=_can_edit())


@bp.route("/requests/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_request():
    form = forms.RequestForm()
    form.organisation_id.choices = _organisation_choices()
    return form_page(
        form,
        lambda: services.create_request(
            organisation_id=form.organisation_id.data,
            subject=form.subject.data,
            question=form.question.data,
            issue_ref=form.issue_ref.data or None,
            created_by_id=current_user_id(),
        ),
        success="Request saved as a draft.",
        then=lambda r: url_for("powers.request", request_id=r.id),
        title="New request for information",
        back=url_for("powers.requests"),
    )


@bp.route("/requests/<int:request_id>", endpoint="request")
@routing.require_roles(MEMBER_ROLES)
@loads(InformationRequest, "request_id")
def request_detail(request):
    return render_template("powers/request.html", item=request, can_edit=_can_edit(), today=clock.today())


@bp.route("/requests/<int:request_id>/send", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(InformationRequest, "request_id")
def send_request(request):
    form = forms.SentForm(data={"sent_on": clock.today()} if not _posted() else None)
    back = url_for("powers.request", request_id=request.id)
    return form_page(
        form,
        lambda: services.send_request(request, sent_on=form.sent_on.data),
        success="Request sent. The response is due in 20 working days.",
        then=lambda r: back,
        title="Send the request",
        caption=request.subject,
        back=back,
    )


@bp.route("/requests/<int:request_id>/response", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(InformationRequest, "request_id")
def request_response(request):
    form = forms.RequestResponseForm()
    back = url_for("powers.request", request_id=request.id)
    return form_page(
        form,
        lambda: services.record_request_response(
            request, outcome=form.outcome.data, responded_on=form.responded_on.data, response=form.response.data or ""
        ),
        success="Response recorded.",
        then=lambda r: back,
        title="Record the response",
        caption=request.subject,
        back=back,
    )


@bp.route("/requests/<int:request_id>/extension", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(InformationRequest, "request_id")
def request_extension(request):
    form = common_forms.ExtensionForm()
    back = url_for("powers.request", request_id=request.id)
    return form_page(
        form,
        lambda: services.extend_request(request, due_on=form.due_on.data, reason=form.reason.data),
        success="Extension recorded.",
        then=lambda r: back,
        title="Record an extension",
        caption=request.subject,
        back=back,
    )


def _posted() -> bool:
    from flask import request as http

    return http.method == "POST"


# --- referrals to the Overview and Scrutiny Committee ---------------------------------------


@bp.route("/referrals")
@routing.require_roles(MEMBER_ROLES)
def referrals():
    rows = db.session.scalars(select(OscReferral).order_by(OscReferral.id.desc())).all()
    return render_template("powers/referrals.html", referrals=rows, can_edit=_can_edit())


@bp.route("/referrals/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_referral():
    from linkhub.tenants.reports.models import Report

    form = forms.ReferralForm()
    form.organisation_id.choices = _organisation_choices("osc")
    form.report_id.choices = [(0, "No report")] + [
        (r.id, r.title) for r in db.session.scalars(select(Report).order_by(Report.title))
    ]
    return form_page(
        form,
        lambda: services.create_referral(
            organisation_id=form.organisation_id.data,
            matter=form.matter.data,
            details=form.details.data or "",
            issue_refs=form.issue_refs.data or "",
            report_id=form.report_id.data or None,
        ),
        success="Referral saved as a draft.",
        then=lambda r: url_for("powers.referral", referral_id=r.id),
        title="New referral to the Overview and Scrutiny Committee",
        back=url_for("powers.referrals"),
    )


@bp.route("/referrals/<int:referral_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(OscReferral, "referral_id")
def referral(referral):
    from linkhub.tenants.reports.models import Report

    from linkhub.tenants.issues.models import Issue

    report = db.session.get(Report, referral.report_id) if referral.report_id else None
    found = {i.id: i for i in db.session.scalars(select(Issue).where(Issue.id.in_(referral.issue_ids)))}
    evidence = [(number, found.get(number)) for number in referral.issue_ids]  # (number, issue or None)
    return render_template(
        "powers/referral.html",
        item=referral,
        report=report,
        can_edit=_can_edit(),
        confirm=common_forms.ConfirmForm(),
        evidence=evidence,
        answers=services.referral_answers(referral),
    )


@bp.route("/referrals/<int:referral_id>/refer", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(OscReferral, "referral_id")
def refer(referral):
    form = forms.ReferForm(data={"referred_on": clock.today()} if not _posted() else None)
    back = url_for("powers.referral", referral_id=referral.id)
    return form_page(
        form,
        lambda: services.refer(referral, referred_on=form.referred_on.data),
        success="Matter referred.",
        then=lambda r: back,
        title="Refer the matter",
        caption=referral.matter,
        back=back,
    )


@bp.route("/referrals/<int:referral_id>/response", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(OscReferral, "referral_id")
def referral_response(referral):
    form = forms.ReferralResponseForm()
    back = url_for("powers.referral", referral_id=referral.id)
    return form_page(
        form,
        lambda: services.record_referral_response(
            referral,
            status=form.status.data,
            responded_on=form.responded_on.data,
            response=form.response.data or "",
            outcome=form.outcome.data or "",
        ),
        success="The committee's answer is recorded.",
        then=lambda r: back,
        title="Record the committee's answer",
        caption=referral.matter,
        back=back,
    )


# --- messages sent --------------------------------------------------------------------------


@bp.route("/messages")
@routing.require_roles(STAFF_ROLES)
def messages():
    page = max(1, request.args.get("page", 1, type=int))
    rows = db.session.scalars(
        select(OutgoingMessage).order_by(OutgoingMessage.id.desc()).limit(51).offset((page - 1) * 50)
    ).all()
    return render_template("powers/messages.html", messages=rows[:50], page=page, more=len(rows) > 50)


@bp.route("/messages/<int:message_id>")
@routing.require_roles(STAFF_ROLES)
@loads(OutgoingMessage, "message_id")
def message(message):
    return render_template("powers/message.html", message=message)
