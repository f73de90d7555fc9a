"""Where a search reindex finds network reports: every published report of type
``network_report``, as the payload its ``report.published`` event carries
(``publishing.document``), registered with the platform's reindex sources (tenants never import
search). Enter-and-view reports are the visits domain's (linkhub/tenants/visits/search_sources.py);
joint reports are federation's."""

from __future__ import annotations

from typing import Iterator

from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.reindex_sources import register
from linkhub.platform.tenancy import network_scope

from .models import Report
from .services import publishing


def _published(report_type: str):
    return (Report.published_at.is_not(None), Report.report_type == report_type)


def count_published(report_type: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Report).where(*_published(report_type))) or 0


def published_payloads(report_type: str) -> Iterator[dict]:
    """Published reports of one type, by id (a stable order: an interrupted reindex resumes),
    each read in its own network's scope."""
    rows = db.session.execute(
        select(Report.network_id, Report.id).where(*_published(report_type)).order_by(Report.id)
    ).all()
    for network_id, report_id in rows:
        with network_scope(network_id):
            yield publishing.document(db.session.get(Report, report_id))


@register("network_report", event_type="report.published", count=lambda: count_published("network_report"))
def network_reports():
    yield from published_payloads("network_report")
