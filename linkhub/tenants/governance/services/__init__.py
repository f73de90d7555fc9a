"""Changes to a LINk's governance (the only code that writes it): structure and seats in the
hub or steering group, the governing document's versions, meetings and their papers.
Decisions and disagreements are in ``decisions``. Each function checks everything first, adds
an audit row and leaves the commit to the caller; a refusal writes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.services import require_text
from linkhub.tenants.members.services import find_person

from ..models import (
    BODIES,
    BODY_ROLES,
    MEETING_KINDS,
    STRUCTURES,
    BodyMember,
    DocumentVersion,
    Meeting,
    MeetingPaper,
    Structure,
)
from . import files


def limit(value, field: str, size: int, message: str | None = None) -> str:
    value = require_text(value, message, field) if message else (value or "").strip()
    if len(value) > size:
        raise ServiceError(f"This must be {size:,} characters or fewer", field=field)
    return value


def a_date(value, field: str, message: str, *, future: bool = True) -> date:
    if not isinstance(value, date):
        raise ServiceError(message, field=field)
    if not future and value > clock.today():
        raise ServiceError("The date cannot be in the future", field=field)
    return value


# --- structure ---------------------------------------------------------------------------------


def current_structure() -> Structure | None:
    return db.session.scalar(select(Structure))


def set_structure(
    *, model: str, description: str = "", decision_procedure: str = "", disagreement_procedure: str = ""
) -> Structure:
    if model not in STRUCTURES:
        raise ServiceError("Choose how the LINk is structured", field="model")
    values = dict(
        model=model,
        description=limit(description, "description", 10000),
        decision_procedure=limit(decision_procedure, "decision_procedure", 10000),
        disagreement_procedure=limit(disagreement_procedure, "disagreement_procedure", 10000),
    )
    row = current_structure()
    if row is None:
        row = Structure(**values)
        db.session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
    db.session.flush()
    audit.record("governance.structure_set", "governance_structure", row.id, model=model)
    return row


def add_body_member(*, body: str, person_id: int, role: str = "member", started_on: date | None = None) -> BodyMember:
    if body not in BODIES:
        raise ServiceError("Choose the hub or the steering group", field="body")
    if role not in BODY_ROLES:
        raise ServiceError("Choose their role", field="role")
    person = find_person(person_id)
    if db.session.scalar(
        select(BodyMember.id).where(
            BodyMember.body == body, BodyMember.person_id == person.id, BodyMember.ended_on.is_(None)
        )
    ):
        raise ServiceError(f"{person.name} already has a seat on the {BODIES[body].lower()}", field="person_id")
    seat = BodyMember(body=body, person_id=person.id, role=role, started_on=started_on or clock.today())
    db.session.add(seat)
    db.session.flush()
    audit.record("governance.seat_added", "governance_body_member", seat.id, body=body, person_id=person.id)
    return seat


def end_body_member(seat: BodyMember) -> BodyMember:
    if seat.ended_on is not None:
        raise ServiceError("This seat has already ended", status=409)
    seat.ended_on = clock.today()
    audit.record("governance.seat_ended", "governance_body_member", seat.id)
    return seat


# --- the governing document --------------------------------------------------------------------


def current_document() -> DocumentVersion | None:
    return db.session.scalar(select(DocumentVersion).order_by(DocumentVersion.version.desc()).limit(1))


def add_version(
    *,
    title: str,
    text: str,
    change_note: str = "",
    adopted_on: date | None = None,
    decision_id: int | None = None,
    by=None,
) -> DocumentVersion:
    """A new version of the governing document (old versions are never changed)."""
    from ..models import Decision

    values = dict(
        title=limit(title, "title", 200, "Enter the document's title"),
        text=limit(text, "text", 200000, "Enter the text of the governing document"),
        change_note=limit(change_note, "change_note", 5000),
    )
    if adopted_on is not None:
        a_date(adopted_on, "adopted_on", "Enter the date it was adopted", future=False)
    if decision_id is not None and db.session.get(Decision, decision_id) is None:
        raise ServiceError("Choose a decision of this network", field="decision_id")
    number = (db.session.scalar(select(func.max(DocumentVersion.version))) or 0) + 1
    row = DocumentVersion(
        version=number, adopted_on=adopted_on, decision_id=decision_id, created_by_id=getattr(by, "id", None), **values
    )
    db.session.add(row)
    db.session.flush()
    audit.record("governance.document_version_added", "governing_document_version", row.id, version=number)
    return row


# --- meetings ----------------------------------------------------------------------------------

MEETING_FIELDS = ("title", "kind", "held_on", "start_time", "location", "is_public", "closed_reason", "agenda")


def _meeting_values(data: dict, current: Meeting | None = None) -> dict:
    get = lambda key, default=None: data[key] if key in data else getattr(current, key, default)  # noqa: E731
    if get("kind") not in MEETING_KINDS:
        raise ServiceError("Choose the kind of meeting", field="kind")
    start = (get("start_time", "") or "").strip()
    if start and not (
        len(start) == 5
        and start[2] == ":"
        and start[:2].isdigit()
        and start[3:].isdigit()
        and int(start[:2]) < 24
        and int(start[3:]) < 60
    ):
        raise ServiceError("Enter the start time as hours and minutes, like 18:30", field="start_time")
    is_public = bool(get("is_public", True))
    reason = limit(get("closed_reason", ""), "closed_reason", 2000)
    if not is_public and not reason:
        raise ServiceError("Say why the meeting is closed to the public", field="closed_reason")
    return dict(
        title=limit(get("title"), "title", 200, "Enter the meeting's title"),
        kind=get("kind"),
        held_on=a_date(get("held_on"), "held_on", "Enter the date of the meeting"),
        start_time=start,
        location=limit(get("location", ""), "location", 300),
        is_public=is_public,
        closed_reason=reason if not is_public else "",
        agenda=limit(get("agenda", ""), "agenda", 20000),
    )


def add_meeting(**data) -> Meeting:
    meeting = Meeting(**_meeting_values(data))
    db.session.add(meeting)
    db.session.flush()
    audit.record("meeting.added", "meeting", meeting.id, title=meeting.title, public=meeting.is_public)
    return meeting


def update_meeting(meeting: Meeting, **changes) -> Meeting:
    values = _meeting_values({k: v for k, v in changes.items() if k in MEETING_FIELDS}, meeting)
    altered = sorted(k for k, v in values.items() if getattr(meeting, k) != v)
    for key in altered:
        setattr(meeting, key, values[key])
    if altered:
        audit.record("meeting.updated", "meeting", meeting.id, fields=altered)
    return meeting


def record_minutes(meeting: Meeting, *, minutes: str, approved_on: date | None = None) -> Meeting:
    if meeting.held_on > clock.today():
        raise ServiceError("Minutes can be recorded once the meeting has taken place", status=409, field="minutes")
    meeting.minutes = limit(minutes, "minutes", 50000, "Enter the minutes")
    if approved_on is not None:
        a_date(approved_on, "approved_on", "Enter the date the minutes were approved", future=False)
        if approved_on < meeting.held_on:
            raise ServiceError("Minutes cannot be approved before the meeting", field="approved_on")
    meeting.minutes_approved_on = approved_on
    audit.record("meeting.minutes_recorded", "meeting", meeting.id, approved=approved_on is not None)
    return meeting


def add_paper(meeting: Meeting, *, title: str, filename: str, content: bytes, by=None) -> MeetingPaper:
    title = limit(title, "title", 200, "Enter the paper's title")
    stored = files.store(filename, content, by=by)
    paper = MeetingPaper(meeting_id=meeting.id, title=title, file_id=stored.id)
    db.session.add(paper)
    db.session.flush()
    audit.record("meeting.paper_added", "meeting", meeting.id, paper_id=paper.id, filename=stored.filename)
    return paper
