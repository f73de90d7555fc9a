"""Clocks of reports: each organisation's 20 working days to respond, and follow-up dates of
recommendations (shown on the deadlines page, without statutory reminders)."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.tenants.common.deadlines import Deadline, source

from .models import Recommendation, ReportRecipient


@source
def report_responses() -> list[Deadline]:
    rows = db.session.scalars(select(ReportRecipient).where(ReportRecipient.responded_on.is_(None)))
    return [
        Deadline(
            key=f"report_recipient/{r.id}",
            kind="Response to report",
            title=r.report.title,
            organisation=r.organisation.name,
            due_on=r.due_on,
            started_on=r.sent_on,
            endpoint="reports.report",
            endpoint_args=(("report_id", r.report_id),),
        )
        for r in rows
    ]


@source
def recommendation_follow_ups() -> list[Deadline]:
    rows = db.session.scalars(
        select(Recommendation).where(Recommendation.follow_up_on.is_not(None), Recommendation.impact == "")
    )
    return [
        Deadline(
            key=f"recommendation/{r.id}",
            kind="Recommendation follow-up",
            title=f"{r.report.title}: recommendation {r.number}",
            organisation=r.organisation.name if r.organisation else "",
            due_on=r.follow_up_on,
            started_on=r.responded_on,
            endpoint="reports.recommendation",
            endpoint_args=(("recommendation_id", r.id),),
            statutory=False,
        )
        for r in rows
    ]
