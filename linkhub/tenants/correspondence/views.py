"""Pages of the correspondence log: search within the network, record an entry (with an
attachment and links), an entry's page with its attachments and links."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.models import Organisation
from linkhub.tenants.common.pages import form_page
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.powers.models import InformationRequest, OscReferral
from linkhub.tenants.reports.models import Report

from . import queries, services
from .forms import AttachForm, CorrespondenceForm
from .models import CHANNELS, DIRECTIONS, LINK_KINDS, Correspondence, CorrespondenceAttachment

bp = routing.network_blueprint("correspondence", __name__, "/correspondence", template_folder="templates")
PER_PAGE = 50


def _nav(network, roles):
    return [{"href": url_for("correspondence.index", network_slug=network.slug), "text": "Correspondence"}]


shell.nav_providers.append(_nav)


def _is_staff() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _organisations() -> list[tuple[int, str]]:
    rows = db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name)))
    return [(o.id, f"{o.name} ({o.kind_label})") for o in rows]


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    args = request.args
    filters = dict(
        q=args.get("q", "")[:200],
        direction=args.get("direction") if args.get("direction") in DIRECTIONS else None,
        channel=args.get("channel") if args.get("channel") in CHANNELS else None,
        organisation_id=args.get("organisation_id", type=int),
        kind=args.get("kind") if args.get("kind") in LINK_KINDS else None,
        since=_date("since"),
        until=_date("until"),
    )
    rows = db.session.scalars(queries.search(**filters).limit(PER_PAGE + 1)).all()
    return render_template(
        "correspondence/index.html",
        rows=rows[:PER_PAGE],
        more=len(rows) > PER_PAGE,
        filters=filters,
        organisations=_organisations(),
        directions=DIRECTIONS,
        channels=CHANNELS,
        kinds=LINK_KINDS,
        is_staff=_is_staff(),
    )


def _form() -> CorrespondenceForm:
    form = CorrespondenceForm()
    form.organisation_id.choices = [(0, "Choose an organisation")] + _organisations()
    form.issue_ids.choices = [
        (i.id, i.title) for i in db.session.scalars(select(Issue).order_by(Issue.id.desc()).limit(50))
    ]
    form.information_request_ids.choices = [
        (r.id, r.subject)
        for r in db.session.scalars(select(InformationRequest).order_by(InformationRequest.id.desc()).limit(50))
    ]
    form.report_ids.choices = [
        (r.id, r.title) for r in db.session.scalars(select(Report).order_by(Report.id.desc()).limit(50))
    ]
    form.osc_referral_ids.choices = [
        (r.id, r.matter) for r in db.session.scalars(select(OscReferral).order_by(OscReferral.id.desc()).limit(50))
    ]
    return form


@bp.route("/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new():
    form = _form()

    def save():
        upload = form.attachment.data
        attachments = (
            [(upload.filename, upload.read())] if upload is not None and getattr(upload, "filename", "") else []
        )
        links = [
            {"kind": kind, "target_id": target}
            for kind, field in (
                ("issue", form.issue_ids),
                ("information_request", form.information_request_ids),
                ("report", form.report_ids),
                ("osc_referral", form.osc_referral_ids),
            )
            for target in field.data or []
        ]
        return services.record(
            direction=form.direction.data,
            channel=form.channel.data,
            dated_on=form.dated_on.data,
            organisation_id=form.organisation_id.data or None,
            person=form.person.data or "",
            subject=form.subject.data,
            summary=form.summary.data or "",
            links=links,
            attachments=attachments,
            by=current_user,
        )

    return form_page(
        form,
        save,
        success="The correspondence has been recorded.",
        then=lambda c: url_for("correspondence.entry", correspondence_id=c.id),
        title="Record correspondence",
        back=url_for("correspondence.index"),
        template="shell/form.html",
    )


@bp.route("/<int:correspondence_id>")
@routing.require_roles(MEMBER_ROLES)
def entry(correspondence_id: int):
    row = routing.get_or_404(Correspondence, correspondence_id)
    return render_template("correspondence/entry.html", row=row, is_staff=_is_staff())


@bp.route("/<int:correspondence_id>/attach", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def attach(correspondence_id: int):
    row = routing.get_or_404(Correspondence, correspondence_id)
    form = AttachForm()

    def save():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ServiceError("Choose a file", field="file")
        try:
            return services.attach(row, filename=upload.filename, content=upload.read(), by=current_user)
        except ServiceError as exc:
            raise ServiceError(exc.message, exc.status, "file") from None

    return form_page(
        form,
        save,
        success="The file has been attached.",
        then=lambda a: url_for("correspondence.entry", correspondence_id=row.id),
        title=f"Attach a file to ‘{row.subject}’",
        back=url_for("correspondence.entry", correspondence_id=row.id),
        template="shell/form.html",
    )


@bp.route("/attachments/<int:correspondence_attachment_id>")
@routing.require_roles(MEMBER_ROLES)
def attachment(correspondence_attachment_id: int):
    stored = routing.get_or_404(CorrespondenceAttachment, correspondence_attachment_id).file
    response = Response(stored.content, mimetype=stored.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{stored.filename.replace(chr(34), "")}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
