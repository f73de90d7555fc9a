"""Searching the correspondence log within the network (read only)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, or_, select

from linkhub.tenants.common.models import Organisation

from .models import Correspondence, CorrespondenceLink


def search(
    *,
    q: str = "",
    direction: str | None = None,
    channel: str | None = None,
    organisation_id: int | None = None,
    kind: str | None = None,
    target_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Select:
    """Entries matching every word of ``q`` (in the subject, summary, person, organisation or a
    linked record's title) and the filters; newest first."""
    query = select(Correspondence).order_by(Correspondence.dated_on.desc(), Correspondence.id.desc())
    for word in (q or "").split()[:10]:
        escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        linked = select(CorrespondenceLink.correspondence_id).where(
            func.lower(CorrespondenceLink.label).like(pattern, escape="\\")
        )
        named = select(Organisation.id).where(func.lower(Organisation.name).like(pattern, escape="\\"))
        query = query.where(
            or_(
                func.lower(Correspondence.subject).like(pattern, escape="\\"),
                func.lower(Correspondence.summary).like(pattern, escape="\\"),
                func.lower(Correspondence.person).like(pattern, escape="\\"),
                Correspondence.organisation_id.in_(named),
                Correspondence.id.in_(linked),
            )
        )
    for column, value in (
        (Correspondence.direction, direction),
        (Correspondence.channel, channel),
        (Correspondence.organisation_id, organisation_id),
    ):
        if value:
            query = query.where(column == value)
    if kind:
        links = select(CorrespondenceLink.correspondence_id).where(CorrespondenceLink.kind == kind)
        if target_id:
            links = links.where(CorrespondenceLink.target_id == target_id)
        query = query.where(Correspondence.id.in_(links))
    if since:
        query = query.where(Correspondence.dated_on >= since)
    if until:
        query = query.where(Correspondence.dated_on <= until)
    return query
