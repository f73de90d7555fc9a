"""Governance pages: the overview, the structure and its seats, the governing document and its
versions, meetings (agenda, papers, minutes), the decision log with declared conflicts of
interest, and disagreements. Members read; staff record. Public meetings, their papers and
approved minutes, the structure and the current governing document are on a public page."""

from __future__ import annotations

import difflib

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.pages import button, form_page
from linkhub.tenants.directory.models import Provider
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.members.models import Person
from linkhub.tenants.priorities.models import PriorityCriterion
from linkhub.tenants.reports.models import Report
from linkhub.tenants.workprogramme.models import WorkItem

from . import services
from .forms import (
    CloseForm,
    DecisionForm,
    DisagreementForm,
    DocumentForm,
    HandleForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    RatifyForm,
    SeatForm,
    StructureForm,
)
from .models import (
    BODIES,
    BODY_ROLES,
    HANDLING,
    BodyMember,
    Decision,
    Disagreement,
    DocumentVersion,
    Meeting,
    MeetingPaper,
    StoredFile,
)
from .services import decisions

bp = routing.network_blueprint("governance", __name__, "/governance", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("governance.index", network_slug=network.slug), "text": "Governance"}]


shell.nav_providers.append(_nav)


def _public_links(network):
    return [{"href": url_for("governance.public", network_slug=network.slug), "text": "How we are run"}]


shell.public_link_providers.append(_public_links)


def _is_staff() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _people(blank: str | None = None) -> list[tuple[int, str]]:
    rows = [
        (p.id, p.name)
        for p in db.session.scalars(select(Person).where(Person.status == "active").order_by(Person.name))
    ]
    return ([(0, blank)] if blank else []) + rows


def _meetings(blank: str) -> list[tuple[int, str]]:
    rows = db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc()).limit(200))
    return [(0, blank)] + [(m.id, f"{m.title} ({m.held_on:%-d %B %Y})") for m in rows]


def _decision_choices(blank: str) -> list[tuple[int, str]]:
    rows = db.session.scalars(select(Decision).order_by(Decision.decided_on.desc()).limit(200))
    return [(0, blank)] + [(d.id, f"{d.reference}: {d.title}") for d in rows]


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    seats = db.session.scalars(select(BodyMember).where(BodyMember.ended_on.is_(None)).order_by(BodyMember.body)).all()
    recent = db.session.scalars(
        select(Decision).order_by(Decision.decided_on.desc(), Decision.id.desc()).limit(10)
    ).all()
    waiting = [
        d for d in db.session.scalars(select(Decision).where(Decision.ratified_on.is_(None))) if d.awaiting_ratification
    ]
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc()).limit(10)).all()
    open_disagreements = db.session.scalars(select(Disagreement).where(Disagreement.status == "open")).all()
    return render_template(
        "governance/index.html",
        structure=services.current_structure(),
        document=services.current_document(),
        seats=seats,
        bodies=BODIES,
        roles=BODY_ROLES,
        recent=recent,
        waiting=waiting,
        meetings=meetings,
        disagreements=open_disagreements,
        is_staff=_is_staff(),
    )


@bp.route("/structure", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def structure():
    current = services.current_structure()
    form = StructureForm(obj=current)
    return form_page(
        form,
        lambda: services.set_structure(
            model=form.model.data,
            description=form.description.data or "",
            decision_procedure=form.decision_procedure.data or "",
            disagreement_procedure=form.disagreement_procedure.data or "",
        ),
        success="The LINk's structure has been saved.",
        then=lambda s: url_for("governance.index"),
        title="The LINk's structure",
        back=url_for("governance.index"),
    )


@bp.route("/seats/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_seat():
    form = SeatForm()
    form.person_id.choices = _people("Choose a person")
    return form_page(
        form,
        lambda: services.add_body_member(
            body=form.body.data,
            person_id=form.person_id.data or None,
            role=form.role.data,
            started_on=form.started_on.data,
        ),
        success="The seat has been added.",
        then=lambda s: url_for("governance.index"),
        title="Add someone to the hub or steering group",
        back=url_for("governance.index"),
    )


@bp.route("/seats/<int:body_member_id>/end", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def end_seat(body_member_id: int):
    seat = routing.get_or_404(BodyMember, body_member_id)
    return button(
        lambda: services.end_body_member(seat), success="The seat has ended.", then=url_for("governance.index")
    )


# --- the governing document --------------------------------------------------------------------


@bp.route("/document")
@routing.require_roles(MEMBER_ROLES)
def document():
    versions = db.session.scalars(select(DocumentVersion).order_by(DocumentVersion.version.desc())).all()
    return render_template(
        "governance/document.html", version=versions[0] if versions else None, versions=versions, is_staff=_is_staff()
    )


@bp.route("/document/versions/<int:document_version_id>")
@routing.require_roles(MEMBER_ROLES)
def version(document_version_id: int):
    row = routing.get_or_404(DocumentVersion, document_version_id)
    before = db.session.scalar(
        select(DocumentVersion)
        .where(DocumentVersion.version < row.version)
        .order_by(DocumentVersion.version.desc())
        .limit(1)
    )
    diff = None
    if before is not None:
        diff = list(
            difflib.unified_diff(
                before.text.splitlines(),
                row.text.splitlines(),
                f"Version {before.version}",
                f"Version {row.version}",
                lineterm="",
            )
        )
    return render_template("governance/version.html", version=row, before=before, diff=diff)


@bp.route("/document/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_version():
    current = services.current_document()
    form = DocumentForm(obj=current if request.method == "GET" else None)
    if request.method == "GET" and current is not None:
        form.change_note.data, form.adopted_on.data = "", None
    form.decision_id.choices = _decision_choices("Not adopted by a recorded decision")
    return form_page(
        form,
        lambda: services.add_version(
            title=form.title.data,
            text=form.text.data,
            change_note=form.change_note.data or "",
            adopted_on=form.adopted_on.data,
            decision_id=form.decision_id.data or None,
            by=current_user,
        ),
        success="The new version of the governing document has been saved.",
        then=lambda v: url_for("governance.document"),
        title="Change the governing document",
        caption="Saving makes a new version; earlier versions are kept.",
        back=url_for("governance.document"),
    )


# --- meetings ----------------------------------------------------------------------------------


@bp.route("/meetings")
@routing.require_roles(MEMBER_ROLES)
def meetings():
    rows = db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())).all()
    return render_template("governance/meetings.html", meetings=rows, is_staff=_is_staff())


def _meeting_values(form) -> dict:
    return dict(
        title=form.title.data,
        kind=form.kind.data,
        held_on=form.held_on.data,
        start_time=form.start_time.data or "",
        location=form.location.data or "",
        is_public=form.is_public.data == "yes",
        closed_reason=form.closed_reason.data or "",
        agenda=form.agenda.data or "",
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_meeting():
    form = MeetingForm()
    return form_page(
        form,
        lambda: services.add_meeting(**_meeting_values(form)),
        success="The meeting has been added.",
        then=lambda m: url_for("governance.meeting", meeting_id=m.id),
        title="Add a meeting",
        back=url_for("governance.meetings"),
    )


@bp.route("/meetings/<int:meeting_id>")
@routing.require_roles(MEMBER_ROLES)
def meeting(meeting_id: int):
    row = routing.get_or_404(Meeting, meeting_id)
    taken = db.session.scalars(select(Decision).where(Decision.meeting_id == row.id).order_by(Decision.id)).all()
    return render_template("governance/meeting.html", meeting=row, decisions=taken, is_staff=_is_staff())


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit_meeting(meeting_id: int):
    row = routing.get_or_404(Meeting, meeting_id)
    form = MeetingForm(obj=row)
    if request.method == "GET":
        form.is_public.data = "yes" if row.is_public else "no"
    return form_page(
        form,
        lambda: services.update_meeting(row, **_meeting_values(form)),
        success="The meeting has been updated.",
        then=lambda m: url_for("governance.meeting", meeting_id=m.id),
        title=f"Change {row.title}",
        back=url_for("governance.meeting", meeting_id=row.id),
    )


@bp.route("/meetings/<int:meeting_id>/minutes", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def minutes(meeting_id: int):
    row = routing.get_or_404(Meeting, meeting_id)
    form = MinutesForm(
        data=None if request.method == "POST" else {"minutes": row.minutes, "approved_on": row.minutes_approved_on}
    )
    return form_page(
        form,
        lambda: services.record_minutes(row, minutes=form.minutes.data, approved_on=form.approved_on.data),
        success="The minutes have been saved.",
        then=lambda m: url_for("governance.meeting", meeting_id=m.id),
        title=f"Minutes of {row.title}",
        back=url_for("governance.meeting", meeting_id=row.id),
    )


@bp.route("/meetings/<int:meeting_id>/papers/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_paper(meeting_id: int):
    row = routing.get_or_404(Meeting, meeting_id)
    form = PaperForm()

    def upload():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ServiceError("Choose a file", field="file")
        return services.add_paper(
            row, title=form.title.data, filename=upload.filename, content=upload.read(), by=current_user
        )

    return form_page(
        form,
        upload,
        success="The paper has been uploaded.",
        then=lambda p: url_for("governance.meeting", meeting_id=row.id),
        title=f"Add a paper to {row.title}",
        back=url_for("governance.meeting", meeting_id=row.id),
        template="governance/upload.html",
    )


def _download(stored: StoredFile) -> Response:
    response = Response(stored.content, mimetype=stored.content_type)
    safe = stored.filename.replace('"', "")
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/papers/<int:meeting_paper_id>")
@routing.require_roles(MEMBER_ROLES)
def paper(meeting_paper_id: int):
    return _download(routing.get_or_404(MeetingPaper, meeting_paper_id).file)


# --- decisions ---------------------------------------------------------------------------------


@bp.route("/decisions")
@routing.require_roles(MEMBER_ROLES)
def decision_log():
    show = request.args.get("show", "")
    rows = db.session.scalars(select(Decision).order_by(Decision.decided_on.desc(), Decision.id.desc())).all()
    if show == "awaiting":
        rows = [d for d in rows if d.awaiting_ratification]
    elif show == "conflicts":
        rows = [d for d in rows if d.conflicts]
    return render_template("governance/decisions.html", decisions=rows, show=show, is_staff=_is_staff())


def _decision_form() -> DecisionForm:
    form = DecisionForm()
    form.meeting_id.choices = _meetings("Not at a meeting")
    form.decided_by_id.choices = _people("Nobody named")
    form.provider_id.choices = [(0, "Not about one provider")] + [
        (p.id, p.name) for p in db.session.scalars(select(Provider).order_by(Provider.name))
    ]
    form.participants.choices = _people()
    form.issue_ids.choices = [
        (i.id, i.title) for i in db.session.scalars(select(Issue).order_by(Issue.title).limit(100))
    ]
    form.work_item_ids.choices = [
        (i.id, i.title) for i in db.session.scalars(select(WorkItem).order_by(WorkItem.title).limit(100))
    ]
    form.priority_criterion_ids.choices = [
        (c.id, c.name) for c in db.session.scalars(select(PriorityCriterion).order_by(PriorityCriterion.name))
    ]
    form.report_ids.choices = [
        (r.id, r.title) for r in db.session.scalars(select(Report).order_by(Report.title).limit(100))
    ]
    return form


@bp.route("/decisions/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_decision():
    """Record a decision. When people taking part declared an interest in the decision's provider,
    the form comes back showing each declaration and asks how it was handled."""
    form = _decision_form()
    conflicts, problem = [], None
    if form.validate_on_submit():
        participants = [
            {"person_id": pid, "handling": request.form.get(f"handling-{pid}", "")}
            for pid in form.participants.data or []
        ]
        links = [
            {"kind": kind, "target_id": target}
            for kind, field in (
                ("issue", form.issue_ids),
                ("work_item", form.work_item_ids),
                ("priority_criterion", form.priority_criterion_ids),
                ("report", form.report_ids),
            )
            for target in field.data or []
        ]
        try:
            decision = decisions.record_decision(
                title=form.title.data,
                details=form.details.data or "",
                decided_on=form.decided_on.data,
                route=form.route.data,
                meeting_id=form.meeting_id.data or None,
                decided_by_id=form.decided_by_id.data or None,
                provider_id=form.provider_id.data or None,
                participants=participants,
                links=links,
            )
            reference = decision.reference
            target = url_for("governance.decision", decision_id=decision.id)
            db.session.commit()
            flash(f"Decision {reference} has been recorded.", "success")
            return redirect(target)
        except decisions.ConflictsToHandle as exc:
            db.session.rollback()
            conflicts = decisions.conflicts_for(list(form.participants.data or []), form.provider_id.data or None)
            form.participants.errors = list(form.participants.errors) + [exc.message]
        except ServiceError as exc:
            db.session.rollback()
            field = getattr(form, exc.field, None) if exc.field else None
            if field is None and exc.field == "links":
                field = form.issue_ids
            if field is not None:
                field.errors = list(field.errors) + [exc.message]
            else:
                problem = exc.message
    elif request.method == "POST":
        conflicts = decisions.conflicts_for(list(form.participants.data or []), form.provider_id.data or None)
    return render_template(
        "governance/decision_form.html",
        form=form,
        conflicts=conflicts,
        handling=HANDLING,
        problem=problem,
        chosen={pid: request.form.get(f"handling-{pid}", "") for pid in (form.participants.data or [])},
    )


@bp.route("/decisions/<int:decision_id>")
@routing.require_roles(MEMBER_ROLES)
def decision(decision_id: int):
    row = routing.get_or_404(Decision, decision_id)
    return render_template("governance/decision.html", decision=row, is_staff=_is_staff())


@bp.route("/decisions/<int:decision_id>/ratify", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def ratify(decision_id: int):
    row = routing.get_or_404(Decision, decision_id)
    form = RatifyForm()
    form.meeting_id.choices = _meetings("Not at a meeting")
    return form_page(
        form,
        lambda: decisions.ratify(row, ratified_on=form.ratified_on.data, meeting_id=form.meeting_id.data or None),
        success=f"Decision {row.reference} has been ratified.",
        then=lambda d: url_for("governance.decision", decision_id=d.id),
        title=f"Ratify decision {row.reference}",
        caption=row.title,
        back=url_for("governance.decision", decision_id=row.id),
    )


# --- disagreements -----------------------------------------------------------------------------


@bp.route("/disagreements")
@routing.require_roles(MEMBER_ROLES)
def disagreements():
    rows = db.session.scalars(
        select(Disagreement).order_by(Disagreement.raised_on.desc(), Disagreement.id.desc())
    ).all()
    return render_template(
        "governance/disagreements.html", rows=rows, structure=services.current_structure(), is_staff=_is_staff()
    )


@bp.route("/disagreements/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_disagreement():
    form = DisagreementForm()
    form.raised_by_id.choices = _people("Not recorded")
    return form_page(
        form,
        lambda: decisions.raise_disagreement(
            subject=form.subject.data,
            description=form.description.data,
            raised_on=form.raised_on.data,
            raised_by_id=form.raised_by_id.data or None,
            stage=form.stage.data,
        ),
        success="The disagreement has been recorded.",
        then=lambda d: url_for("governance.disagreement", disagreement_id=d.id),
        title="Record a disagreement",
        back=url_for("governance.disagreements"),
    )


@bp.route("/disagreements/<int:disagreement_id>")
@routing.require_roles(MEMBER_ROLES)
def disagreement(disagreement_id: int):
    row = routing.get_or_404(Disagreement, disagreement_id)
    return render_template("governance/disagreement.html", row=row, is_staff=_is_staff())


@bp.route("/disagreements/<int:disagreement_id>/handling", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def handle_disagreement(disagreement_id: int):
    row = routing.get_or_404(Disagreement, disagreement_id)
    form = HandleForm(data=None if request.method == "POST" else {"stage": row.stage, "handling": row.handling})
    return form_page(
        form,
        lambda: decisions.handle_disagreement(row, stage=form.stage.data, handling=form.handling.data),
        success="How the disagreement is handled has been saved.",
        then=lambda d: url_for("governance.disagreement", disagreement_id=d.id),
        title="How is the disagreement being handled?",
        caption=row.subject,
        back=url_for("governance.disagreement", disagreement_id=row.id),
    )


@bp.route("/disagreements/<int:disagreement_id>/close", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def close_disagreement(disagreement_id: int):
    row = routing.get_or_404(Disagreement, disagreement_id)
    form = CloseForm()
    form.decision_id.choices = _decision_choices("No decision")
    return form_page(
        form,
        lambda: decisions.close_disagreement(
            row, status=form.status.data, outcome=form.outcome.data, decision_id=form.decision_id.data or None
        ),
        success="The disagreement has been closed.",
        then=lambda d: url_for("governance.disagreement", disagreement_id=d.id),
        title="Close the disagreement",
        caption=row.subject,
        back=url_for("governance.disagreement", disagreement_id=row.id),
    )


# --- public ------------------------------------------------------------------------------------


@bp.route("/public")
@routing.public  # structure, governing document, public meetings: no closed meetings, no people's details
def public():
    rows = db.session.scalars(
        select(Meeting).where(Meeting.is_public.is_(True)).order_by(Meeting.held_on.desc()).limit(50)
    ).all()
    return render_template(
        "governance/public.html",
        structure=services.current_structure(),
        document=services.current_document(),
        meetings=rows,
    )


@bp.route("/public/papers/<int:meeting_paper_id>")
@routing.public  # only the papers of public meetings
def public_paper(meeting_paper_id: int):
    row = routing.get_or_404(MeetingPaper, meeting_paper_id)
    owner = db.session.get(Meeting, row.meeting_id)
    if owner is None or not owner.is_public:
        abort(404)
    return _download(row.file)
