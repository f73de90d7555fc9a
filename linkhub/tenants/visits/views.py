"""Pages of enter and view: the representatives' register, visit planning and records."""

from __future__ import annotations

from flask import render_template, request, url_for
from sqlalchemy import select

from linkhub.platform import clock, routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
from linkhub.platform.db import db
from linkhub.platform.routing import loads
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.pages import button, form_page
from linkhub.tenants.directory.models import Provider, Service
from linkhub.tenants.reports.forms import ReasonForm

from . import forms, services
from .models import AuthorisedRepresentative, Visit

bp = routing.network_blueprint("visits", __name__, "/visits", template_folder="templates")
RECORDERS = STAFF_ROLES | {"authorised_representative"}


def _nav(network, roles):
    return [{"href": url_for("visits.index", network_slug=network.slug), "text": "Enter and view"}]


shell.nav_providers.append(_nav)


def _can_edit() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _today_unless_posted(field: str) -> dict | None:
    return None if request.method == "POST" else {field: clock.today()}


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    rows = db.session.scalars(select(Visit).order_by(Visit.planned_on.desc())).all()
    return render_template("visits/index.html", visits=rows, can_edit=_can_edit())


@bp.route("/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_visit():
    form = forms.VisitForm()
    form.provider_id.choices = [(0, "Choose the provider")] + [
        (p.id, p.name) for p in db.session.scalars(select(Provider).order_by(Provider.name))
    ]
    form.service_id.choices = [(0, "No particular service")] + [
        (s.id, f"{s.provider.name}: {s.name}") for s in db.session.scalars(select(Service).order_by(Service.name))
    ]
    return form_page(
        form,
        lambda: services.plan_visit(
            provider_id=form.provider_id.data,
            service_id=form.service_id.data or None,
            premises=form.premises.data,
            purpose=form.purpose.data or "",
            planned_on=form.planned_on.data,
            visit_type=form.visit_type.data,
            unannounced_reason=form.unannounced_reason.data or "",
            notice_sent_on=form.notice_sent_on.data,
            regulator_activity_checked=form.regulator_activity_checked.data,
            regulator_activity_notes=form.regulator_activity_notes.data or "",
        ),
        success="Visit planned.",
        then=lambda v: url_for("visits.visit", visit_id=v.id),
        title="Plan an enter and view visit",
        back=url_for("visits.index"),
    )


@bp.route("/<int:visit_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Visit, "visit_id")
def visit(visit):
    return render_template(
        "visits/visit.html",
        visit=visit,
        can_edit=_can_edit(),
        confirm=ConfirmForm(),
        can_record=bool(routing.roles() & RECORDERS),
    )


@bp.route("/<int:visit_id>/team", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Visit, "visit_id")
def team(visit):
    form = forms.TeamForm()
    form.representative_id.choices = [(0, "Choose a representative")] + [
        (r.id, r.name)
        for r in db.session.scalars(select(AuthorisedRepresentative).order_by(AuthorisedRepresentative.name))
    ]
    back = url_for("visits.visit", visit_id=visit.id)
    return form_page(
        form,
        lambda: services.assign(visit, representative_id=form.representative_id.data, is_lead=form.is_lead.data),
        success="Representative assigned.",
        then=lambda m: back,
        title="Assign a representative",
        caption=visit.premises,
        back=back,
    )


@bp.route("/<int:visit_id>/record", methods=["GET", "POST"])
@routing.require_roles(RECORDERS)
@loads(Visit, "visit_id")
def record(visit):
    form = forms.RecordForm()
    back = url_for("visits.visit", visit_id=visit.id)
    return form_page(
        form,
        lambda: services.record_visit(
            visit,
            carried_out_on=form.carried_out_on.data,
            findings=form.findings.data,
            observations=form.observations.data or "",
            spoke_with_people_using=form.spoke_with_people_using.data or 0,
            spoke_with_relatives=form.spoke_with_relatives.data or 0,
            spoke_with_staff=form.spoke_with_staff.data or 0,
        ),
        success="Visit record saved.",
        then=lambda v: back,
        title="Record the visit",
        caption=visit.premises,
        back=back,
        intro="Record what you found and how many people you spoke to. Do not write anyone's name.",
    )


@bp.route("/<int:visit_id>/refusal", methods=["GET", "POST"])
@routing.require_roles(RECORDERS)
@loads(Visit, "visit_id")
def refusal(visit):
    form = ReasonForm()
    back = url_for("visits.visit", visit_id=visit.id)
    return form_page(
        form,
        lambda: services.record_refusal(visit, reason=form.reason.data),
        success="Refusal recorded.",
        then=lambda v: back,
        title="Record that entry was refused",
        caption=visit.premises,
        back=back,
    )


@bp.route("/<int:visit_id>/report", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Visit, "visit_id")
def start_report(visit):
    return button(
        lambda: services.create_visit_report(visit, author_id=current_user_id()),
        success="Visit report started as a draft.",
        then=url_for("visits.visit", visit_id=visit.id),
    )


@bp.route("/<int:visit_id>/accuracy-check", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Visit, "visit_id")
def accuracy_check(visit):
    form = forms.AccuracySentForm(data=_today_unless_posted("sent_on"))
    back = url_for("visits.visit", visit_id=visit.id)
    return form_page(
        form,
        lambda: services.send_for_accuracy_check(visit, sent_on=form.sent_on.data),
        success="Factual accuracy check started.",
        then=lambda v: back,
        title="Send the draft for a factual accuracy check",
        caption=visit.premises,
        back=back,
    )


@bp.route("/<int:visit_id>/accuracy-response", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Visit, "visit_id")
def accuracy_response(visit):
    form = forms.AccuracyResponseForm()
    back = url_for("visits.visit", visit_id=visit.id)
    return form_page(
        form,
        lambda: services.record_accuracy_response(
            visit, responded_on=form.responded_on.data, response=form.response.data or ""
        ),
        success="Response recorded.",
        then=lambda v: back,
        title="Provider's factual accuracy response",
        caption=visit.premises,
        back=back,
    )


@bp.route("/representatives")
@routing.require_roles(MEMBER_ROLES)
def representatives():
    rows = db.session.scalars(select(AuthorisedRepresentative).order_by(AuthorisedRepresentative.name)).all()
    return render_template(
        "visits/representatives.html", representatives=rows, today=clock.today(), can_edit=_can_edit()
    )


@bp.route("/representatives/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_representative():
    form = forms.RepresentativeForm()
    return form_page(
        form,
        lambda: services.add_representative(
            name=form.name.data,
            authorised_on=form.authorised_on.data,
            authorisation_expires_on=form.authorisation_expires_on.data,
            dbs_checked_on=form.dbs_checked_on.data,
            dbs_expires_on=form.dbs_expires_on.data,
            training_completed_on=form.training_completed_on.data,
            training_notes=form.training_notes.data or "",
        ),
        success="Added to the register.",
        then=lambda r: url_for("visits.representatives"),
        title="Add an authorised representative",
        back=url_for("visits.representatives"),
    )


@bp.route("/representatives/<int:representative_id>/renewal", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(AuthorisedRepresentative, "representative_id")
def renewal(representative):
    form = forms.RenewalForm()
    back = url_for("visits.representatives")
    return form_page(
        form,
        lambda: services.renew_representative(
            representative,
            dbs_checked_on=form.dbs_checked_on.data,
            dbs_expires_on=form.dbs_expires_on.data,
            authorisation_expires_on=form.authorisation_expires_on.data,
        ),
        success="DBS check and authorisation updated.",
        then=lambda r: back,
        title="Renew DBS check or authorisation",
        caption=representative.name,
        back=back,
    )
