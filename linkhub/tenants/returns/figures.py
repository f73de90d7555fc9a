"""The figures of a return, drawn from the records of one period (read only).

Every figure is one grouped count or sum in the database (a dozen queries whatever the volume):
feedback by channel and theme and the distinct people behind it; issues opened and trigger
points fired; requests for information sent, answered, on time (answered by the due date,
extensions included) and overdue; reports published, their recommendations and the responses
and impact recorded; enter-and-view visits; OSC referrals; involvement; and the finances
(income by source and spending by budget line). ``draw`` returns plain JSON, with the moment
the figures were drawn, so a submitted return keeps exactly what was sent.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import case, distinct, func, select

from linkhub.platform import clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Membership
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.feedback.models import CHANNELS, THEMES, Feedback
from linkhub.tenants.finance.models import CATEGORIES, INCOME_SOURCES
from linkhub.tenants.finance.queries import period_totals
from linkhub.tenants.issues.models import ISSUE_STATUSES, Issue, TriggerFiring
from linkhub.tenants.powers.models import InformationRequest, OscReferral
from linkhub.tenants.reports.models import RESPONSE_STATUSES, Recommendation, Report
from linkhub.tenants.visits.models import Visit
from linkhub.tenants.workprogramme.models import TaskGroup, WorkItem

SECTIONS = {
    "feedback": "Feedback received",
    "issues": "Issues and trigger points",
    "requests": "Requests for information",
    "reports": "Reports and recommendations",
    "visits": "Enter and view visits",
    "referrals": "Referrals to the Overview and Scrutiny Committee",
    "involvement": "Involvement",
    "finances": "Finances",
}


def _moments(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=timezone.utc),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc),
    )


def _grouped(column, *where) -> dict:
    return {key: int(n) for key, n in db.session.execute(select(column, func.count()).where(*where).group_by(column))}


def feedback(start: date, end: date) -> dict:
    lo, hi = _moments(start, end)
    period = (Feedback.received_at >= lo, Feedback.received_at < hi)
    by_channel = _grouped(Feedback.channel, *period)
    by_theme = _grouped(Feedback.theme, *period)
    anonymous, people = db.session.execute(
        select(
            func.count().filter(Feedback.contact_id.is_(None)),
            func.count(distinct(Feedback.contact_id)),
        ).where(*period)
    ).one()
    return {
        "total": sum(by_channel.values()),
        "by_channel": {k: by_channel.get(k, 0) for k in CHANNELS} | _extra(by_channel, CHANNELS),
        "by_theme": {k: by_theme.get(k, 0) for k in THEMES} | _extra(by_theme, THEMES),
        # each anonymous item counts as one person: an upper bound, said so on the page
        "distinct_people": int(people or 0) + int(anonymous or 0),
        "anonymous": int(anonymous or 0),
    }


def _extra(found: dict, known: dict) -> dict:
    return {k: v for k, v in found.items() if k not in known}


def issues(start: date, end: date) -> dict:
    lo, hi = _moments(start, end)
    opened = _grouped(Issue.status, Issue.created_at >= lo, Issue.created_at < hi)
    firings = db.session.scalar(
        select(func.count()).select_from(TriggerFiring).where(TriggerFiring.fired_at >= lo, TriggerFiring.fired_at < hi)
    )
    return {
        "opened": sum(opened.values()),
        "opened_by_status": {k: opened.get(k, 0) for k in ISSUE_STATUSES},
        "trigger_points_fired": int(firings or 0),
    }


def requests(start: date, end: date, drawn_on: date) -> dict:
    r = InformationRequest
    row = db.session.execute(
        select(
            func.count(),
            func.count().filter(r.responded_on.is_not(None)),
            func.count().filter(r.responded_on.is_not(None), r.responded_on <= r.due_on),
            func.count().filter(r.responded_on.is_(None), r.due_on < drawn_on),
            func.count().filter(r.due_on != r.original_due_on),
        ).where(r.sent_on >= start, r.sent_on <= end)
    ).one()
    sent, answered, on_time, overdue, extended = (int(v or 0) for v in row)
    return {
        "sent": sent,
        "answered": answered,
        "answered_on_time": on_time,
        "answered_late": answered - on_time,
        "overdue_unanswered": overdue,
        "waiting": sent - answered - overdue,
        "extended": extended,
    }


def reports(start: date, end: date) -> dict:
    lo, hi = _moments(start, end)
    published = (Report.first_published_at >= lo, Report.first_published_at < hi)
    by_type = _grouped(Report.report_type, *published)
    rec = Recommendation
    in_period = select(Report.id).where(*published)
    responses = _grouped(rec.response_status, rec.report_id.in_(in_period))
    impact = db.session.scalar(
        select(func.count()).select_from(rec).where(rec.report_id.in_(in_period), rec.impact_recorded_on.is_not(None))
    )
    responded_in_period = db.session.scalar(
        select(func.count()).select_from(rec).where(rec.responded_on >= start, rec.responded_on <= end)
    )
    return {
        "published": sum(by_type.values()),
        "published_by_type": by_type,
        "recommendations": sum(responses.values()),
        "responses": {k: responses.get(k, 0) for k in RESPONSE_STATUSES},
        "impact_recorded": int(impact or 0),
        "responses_received_in_period": int(responded_in_period or 0),
    }


def visits(start: date, end: date) -> dict:
    v = Visit
    row = db.session.execute(
        select(
            func.count().filter(v.status == "carried_out"),
            func.count().filter(v.status == "refused"),
            func.coalesce(func.sum(case((v.status == "carried_out", v.spoke_with_people_using), else_=0)), 0),
            func.count().filter(v.report_id.is_not(None)),
        ).where(
            func.coalesce(v.carried_out_on, v.planned_on) >= start, func.coalesce(v.carried_out_on, v.planned_on) <= end
        )
    ).one()
    carried, refused, spoke, reported = (int(x or 0) for x in row)
    return {"carried_out": carried, "refused": refused, "people_spoken_with": spoke, "with_report": reported}


def referrals(start: date, end: date) -> dict:
    o = OscReferral
    row = db.session.execute(
        select(func.count(), func.count().filter(o.responded_on.is_not(None))).where(
            o.referred_on >= start, o.referred_on <= end
        )
    ).one()
    return {"referred": int(row[0] or 0), "answered": int(row[1] or 0)}


def involvement(start: date, end: date) -> dict:
    lo, hi = _moments(start, end)
    roles = {
        role: int(n)
        for role, n in db.session.execute(
            select(Membership.role, func.count(distinct(Membership.user_id)))
            .where(Membership.network_id == current_network_id(), Membership.created_at < hi)
            .group_by(Membership.role)
        )
    }
    groups = db.session.scalar(
        select(func.count())
        .select_from(TaskGroup)
        .where(TaskGroup.started_on <= end, (TaskGroup.ended_on.is_(None)) | (TaskGroup.ended_on >= start))
    )
    completed = db.session.scalar(
        select(func.count()).select_from(WorkItem).where(WorkItem.completed_on >= start, WorkItem.completed_on <= end)
    )
    events = db.session.scalar(
        select(func.count())
        .select_from(Feedback)
        .where(Feedback.channel == "event", Feedback.received_at >= lo, Feedback.received_at < hi)
    )
    return {
        "members": roles.get("member", 0),
        "authorised_representatives": roles.get("authorised_representative", 0),
        "host_staff": roles.get("staff", 0) + roles.get("network_admin", 0),
        "task_groups_active": int(groups or 0),
        "work_items_completed": int(completed or 0),
        "feedback_from_events": int(events or 0),
    }


def finances(start: date, end: date) -> dict:
    totals = period_totals(start, end)
    return {
        "income": {k: totals["income"].get(k, 0) for k in INCOME_SOURCES},
        "spending": {k: totals["spending"].get(k, 0) for k in CATEGORIES},
        "income_total": sum(totals["income"].values()),
        "spending_total": sum(totals["spending"].values()),
        "entries": totals["entries"],
    }


def draw(start: date, end: date) -> dict:
    """Every figure of the period, as plain JSON, with when it was drawn."""
    drawn_at = utcnow()
    drawn_on = clock.today()
    figures = {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "drawn_at": drawn_at.isoformat(timespec="seconds"),
        "feedback": feedback(start, end),
        "issues": issues(start, end),
        "requests": requests(start, end, drawn_on),
        "reports": reports(start, end),
        "visits": visits(start, end),
        "referrals": referrals(start, end),
        "involvement": involvement(start, end),
        "finances": finances(start, end),
    }
    figures["has_activity"] = has_activity(figures)
    return figures


def has_activity(figures: dict) -> bool:
    """False when nothing happened in the period (the return still renders, and says so)."""
    return any(
        (
            figures["feedback"]["total"],
            figures["issues"]["opened"],
            figures["issues"]["trigger_points_fired"],
            figures["requests"]["sent"],
            figures["reports"]["published"],
            figures["visits"]["carried_out"] + figures["visits"]["refused"],
            figures["referrals"]["referred"],
            figures["finances"]["entries"],
        )
    )


def rows(figures: dict) -> list[tuple[str, str, str, int]]:
    """The figures flattened for CSV and ODS: (section, measure, item, value)."""
    out: list[tuple[str, str, str, int]] = []

    def walk(section: str, data: dict, prefix: str = ""):
        for key, value in data.items():
            if isinstance(value, dict):
                walk(section, value, f"{prefix}{key}.")
            elif isinstance(value, int) and not isinstance(value, bool):
                measure, _, item = (prefix + key).partition(".")
                out.append((section, measure, item, value))

    for section in SECTIONS:
        walk(section, figures.get(section, {}))
    return out
