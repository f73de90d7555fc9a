"""Where a search reindex finds published annual reports (report type ``annual_report``): the
payload their ``report.published`` event carries."""

from __future__ import annotations

from typing import Iterator

from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.reindex_sources import register
from linkhub.platform.tenancy import network_scope

from .models import Return
from .services import document


def count_published() -> int:
    return db.session.scalar(select(func.count()).select_from(Return).where(Return.status == "published")) or 0


@register("annual_report", event_type="report.published", count=count_published)
def annual_reports() -> Iterator[dict]:
    rows = db.session.execute(
        select(Return.network_id, Return.id).where(Return.status == "published").order_by(Return.id)
    ).all()
    for network_id, return_id in rows:
        with network_scope(network_id):
            yield document(db.session.get(Return, return_id))
