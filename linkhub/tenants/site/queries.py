"""What the public site shows, read-only, for the network in scope."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db, utcnow
from linkhub.tenants.reports.models import Recommendation, Report
from linkhub.tenants.workprogramme.models import STATUSES, WorkItem

from .models import NewsPost, SiteEvent


def published_news(limit: int | None = None) -> list[NewsPost]:
    query = (
        select(NewsPost)
        .where(NewsPost.status == "published")
        .order_by(NewsPost.published_at.desc(), NewsPost.id.desc())
    )
    return db.session.scalars(query.limit(limit) if limit else query).all()


def upcoming_events(limit: int | None = None) -> list[SiteEvent]:
    query = (
        select(SiteEvent)
        .where(SiteEvent.is_public.is_(True), SiteEvent.starts_at >= utcnow())
        .order_by(SiteEvent.starts_at, SiteEvent.id)
    )
    return db.session.scalars(query.limit(limit) if limit else query).all()


def published_reports(limit: int | None = None) -> list[Report]:
    query = select(Report).where(Report.published_at.is_not(None)).order_by(Report.published_at.desc(), Report.id)
    return db.session.scalars(query.limit(limit) if limit else query).all()


def work_programme() -> dict[str, list[WorkItem]]:
    """Current work (not completed) and what was completed, each soonest first."""
    items = db.session.scalars(select(WorkItem).order_by(WorkItem.target_on, WorkItem.id)).all()
    return {
        "current": [i for i in items if i.status != "done"],
        "done": sorted(
            (i for i in items if i.status == "done"), key=lambda i: i.completed_on or i.target_on, reverse=True
        ),
    }


STATUS_LABELS = STATUSES


def you_said_we_did() -> list[Recommendation]:
    """Impact recorded on recommendations of *published* reports only (a draft report's
    recommendations stay private)."""
    return db.session.scalars(
        select(Recommendation)
        .join(Report, (Report.id == Recommendation.report_id) & (Report.network_id == Recommendation.network_id))
        .where(Recommendation.impact != "", Report.published_at.is_not(None))
        .order_by(Recommendation.impact_recorded_on.desc(), Recommendation.id)
    ).all()
