"""Where a search reindex finds shared issues (the live copies in the federation store, never
withdrawn or superseded ones) and published joint reports (never drafts or unpublished ones), as
the payloads their ``shared_issue.shared`` and ``report.published`` events carry (registered with
the platform's reindex sources, as the tenant domains register theirs)."""

from __future__ import annotations

from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.reindex_sources import register

from .handlers import search_payload
from .services.joint_reports import report_payload
from .models import JointReport, SharedIssue

LIVE = (SharedIssue.withdrawn.is_(False), SharedIssue.superseded_by_id.is_(None))


def count_live() -> int:
    return db.session.scalar(select(func.count()).select_from(SharedIssue).where(*LIVE)) or 0


@register("shared_issue", event_type="shared_issue.shared", count=count_live)
def live_shared_issues():
    for issue in db.session.scalars(select(SharedIssue).where(*LIVE).order_by(SharedIssue.id)):
        yield search_payload(issue)


PUBLISHED = JointReport.status == "published"


def count_published() -> int:
    return db.session.scalar(select(func.count()).select_from(JointReport).where(PUBLISHED)) or 0


@register("joint_report", event_type="report.published", count=count_published)
def published_joint_reports():
    for report in db.session.scalars(select(JointReport).where(PUBLISHED).order_by(JointReport.id)):
        yield report_payload(report)
