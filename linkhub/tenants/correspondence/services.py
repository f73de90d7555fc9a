"""Changes to the correspondence log (the only code that writes it). Each function checks
everything first (attachments too), adds an audit row and leaves the commit to the caller: a
refusal writes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from linkhub.platform import audit, clock
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.services import find_organisation
from linkhub.tenants.governance.services import files, limit
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.powers.models import InformationRequest, OscReferral
from linkhub.tenants.reports.models import Report

from .models import CHANNELS, DIRECTIONS, LINK_KINDS, Correspondence, CorrespondenceAttachment, CorrespondenceLink

TARGETS = {"issue": Issue, "information_request": InformationRequest, "report": Report, "osc_referral": OscReferral}
FIELDS = ("direction", "channel", "dated_on", "organisation_id", "person", "subject", "summary")


def _label(target) -> str:
    return (getattr(target, "title", None) or getattr(target, "subject", None) or getattr(target, "matter", ""))[:300]


def _links(links) -> list[tuple[str, int, str]]:
    out, seen = [], set()
    for link in links or []:
        kind, target_id = link.get("kind"), link.get("target_id")
        if kind not in LINK_KINDS:
            raise ServiceError("Choose what the correspondence is linked to", field="links")
        target = db.session.get(TARGETS[kind], target_id) if isinstance(target_id, int) else None
        if target is None:
            raise ServiceError(f"Choose a {LINK_KINDS[kind].lower()} of this network", field="links")
        if (kind, target_id) not in seen:
            seen.add((kind, target_id))
            out.append((kind, target_id, _label(target)))
    return out


def _values(data: dict, current: Correspondence | None = None) -> dict:
    get = lambda key, default=None: data[key] if key in data else getattr(current, key, default)  # noqa: E731
    if get("direction") not in DIRECTIONS:
        raise ServiceError("Choose whether it was received or sent", field="direction")
    if get("channel") not in CHANNELS:
        raise ServiceError("Choose a letter, email, call or meeting", field="channel")
    dated_on = get("dated_on")
    if not isinstance(dated_on, date):
        raise ServiceError("Enter the date", field="dated_on")
    if dated_on > clock.today():
        raise ServiceError("The date cannot be in the future", field="dated_on")
    return dict(
        direction=get("direction"),
        channel=get("channel"),
        dated_on=dated_on,
        organisation_id=find_organisation(get("organisation_id")).id,
        person=limit(get("person", ""), "person", 200),
        subject=limit(get("subject"), "subject", 200, "Enter the subject"),
        summary=limit(get("summary", ""), "summary", 20000),
    )


def record(*, links=None, attachments=None, by=None, **data) -> Correspondence:
    """``attachments``: [(filename, bytes), ...], each checked before anything is written."""
    values = _values(data)
    checked_links = _links(links)
    for filename, content in attachments or []:
        files.check(filename, content, "attachment")
    row = Correspondence(recorded_by_id=getattr(by, "id", None), **values)
    db.session.add(row)
    db.session.flush()
    for kind, target_id, label in checked_links:
        db.session.add(CorrespondenceLink(correspondence_id=row.id, kind=kind, target_id=target_id, label=label))
    for filename, content in attachments or []:
        stored = files.store(filename, content, field="attachment", by=by)
        db.session.add(CorrespondenceAttachment(correspondence_id=row.id, file_id=stored.id))
    db.session.flush()
    audit.record(
        "correspondence.recorded",
        "correspondence",
        row.id,
        direction=row.direction,
        channel=row.channel,
        organisation_id=row.organisation_id,
        links=len(checked_links),
        attachments=len(attachments or []),
    )
    db.session.expire(row, ["links", "attachments"])
    return row


def update(row: Correspondence, **changes) -> Correspondence:
    values = _values({k: v for k, v in changes.items() if k in FIELDS}, row)
    altered = sorted(k for k, v in values.items() if getattr(row, k) != v)
    for key in altered:
        setattr(row, key, values[key])
    if altered:
        audit.record("correspondence.updated", "correspondence", row.id, fields=altered)
    return row


def attach(row: Correspondence, *, filename: str, content: bytes, by=None) -> CorrespondenceAttachment:
    stored = files.store(filename, content, field="attachment", by=by)
    attachment = CorrespondenceAttachment(correspondence_id=row.id, file_id=stored.id)
    db.session.add(attachment)
    db.session.flush()
    audit.record("correspondence.attached", "correspondence", row.id, filename=stored.filename)
    db.session.expire(row, ["attachments"])
    return attachment


def link(row: Correspondence, *, kind: str, target_id: int) -> CorrespondenceLink:
    ((kind, target_id, label),) = _links([{"kind": kind, "target_id": target_id}])
    if db.session.scalar(
        select(CorrespondenceLink.id).where(
            CorrespondenceLink.correspondence_id == row.id,
            CorrespondenceLink.kind == kind,
            CorrespondenceLink.target_id == target_id,
        )
    ):
        raise ServiceError("It is already linked", status=409, field="target_id")
    made = CorrespondenceLink(correspondence_id=row.id, kind=kind, target_id=target_id, label=label)
    db.session.add(made)
    db.session.flush()
    audit.record("correspondence.linked", "correspondence", row.id, kind=kind, target_id=target_id)
    db.session.expire(row, ["links"])
    return made
