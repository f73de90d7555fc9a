"""Recommendations of a working group's joint report (the only code that writes them).

Added while the report is a draft; when it is published each is sent (an e-mail through the
outbox when the organisation has an address) and its clock starts: the answer is due within 20
working days (the platform's working-day calendar, England and Wales bank holidays excluded),
as for a network report. The convenor network's admins record the response and the impact.
"""

from __future__ import annotations

import re
from datetime import date

from linkhub.platform import audit, clock
from linkhub.platform.db import db
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError

from ..models import RECOMMENDATION_RESPONSES, FederationLog, JointRecommendation, JointReport

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _text(value: str | None, message: str, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    if len(value) > limit:
        raise ServiceError(f"Enter {limit:,} characters or fewer", field=field)
    return value


def add(
    report: JointReport, *, organisation: str, text: str, organisation_email: str = "", user
) -> JointRecommendation:
    if report.status != "draft":
        raise ServiceError("Recommendations are added while the joint report is a draft", status=409)
    email = (organisation_email or "").strip().lower()
    if email and not EMAIL.match(email):
        raise ServiceError(
            "Enter an email address in the correct format, like name@example.com", field="organisation_email"
        )
    recommendation = JointRecommendation(
        organisation=_text(organisation, "Enter the organisation the recommendation is to", "organisation", 200),
        text=_text(text, "Enter the recommendation", "text", 5000),
        organisation_email=email,
    )
    report.recommendations.append(recommendation)
    if report.approvals:  # the networks approved a report without it: each approves again
        report.approvals.clear()
        db.session.add(
            FederationLog(
                action="joint_report.approvals_reset",
                working_group_id=report.working_group_id,
                actor_label=user.email,
                details={"report": report.public_ref},
            )
        )
    db.session.flush()
    audit.record(
        "joint_recommendation.added",
        "joint_report",
        report.id,
        network_id=None,
        actor=user,
        organisation=recommendation.organisation,
    )
    return recommendation


def start_clocks(report: JointReport, sent_on: date | None = None) -> None:
    """On publication: each recommendation is sent and its 20-working-day clock starts."""
    sent_on = sent_on or clock.today()
    group = report.working_group
    for recommendation in report.recommendations:
        if recommendation.sent_on is not None:
            continue
        recommendation.sent_on, recommendation.due_on = sent_on, clock.statutory_due_date(sent_on)
        if recommendation.organisation_email:
            emit(
                "email.send",
                {
                    "to": [recommendation.organisation_email],
                    "subject": f"Recommendation from {group.name}: {report.title}",
                    "body": (
                        f"{group.name} has published the joint report ‘{report.title}’ with a recommendation to "
                        f"{recommendation.organisation}:\n\n{recommendation.text}\n\nPlease respond by "
                        f"{recommendation.due_on:%-d %B %Y} (20 working days)."
                    ),
                },
                network_id=group.convenor_network_id,
            )


def _published(recommendation: JointRecommendation) -> JointReport:
    report = db.session.get(JointReport, recommendation.report_id)
    if report.status != "published" or recommendation.sent_on is None:
        raise ServiceError("The joint report has not been published, so nothing has been sent yet", status=409)
    return report


def _date(value: date | None, sent_on: date, field: str, what: str) -> date:
    if value is None:
        raise ServiceError(f"Enter the date of the {what}", field=field)
    if value < sent_on:
        raise ServiceError(f"The date must be on or after the date sent ({sent_on:%-d %B %Y})", field=field)
    if value > clock.today():
        raise ServiceError("The date cannot be in the future", field=field)
    return value


def record_response(
    recommendation: JointRecommendation, *, response_status: str, responded_on: date | None, response: str = "", user
) -> JointRecommendation:
    report = _published(recommendation)
    if response_status not in RECOMMENDATION_RESPONSES or response_status == "awaiting":
        raise ServiceError("Choose whether the organisation accepted the recommendation", field="response_status")
    recommendation.responded_on = _date(responded_on, recommendation.sent_on, "responded_on", "response")
    recommendation.response_status, recommendation.response = response_status, (response or "").strip()[:20000]
    audit.record(
        "joint_recommendation.response_recorded",
        "joint_report",
        report.id,
        network_id=None,
        actor=user,
        organisation=recommendation.organisation,
        status=response_status,
    )
    db.session.add(
        FederationLog(
            action="joint_recommendation.response",
            working_group_id=report.working_group_id,
            actor_label=user.email,
            details={"report": report.public_ref, "status": response_status},
        )
    )
    return recommendation


def record_impact(
    recommendation: JointRecommendation, *, impact: str, recorded_on: date | None, user
) -> JointRecommendation:
    report = _published(recommendation)
    recommendation.impact = _text(impact, "Enter what changed because of the recommendation", "impact", 20000)
    recommendation.impact_recorded_on = _date(
        recorded_on or clock.today(), recommendation.sent_on, "recorded_on", "impact"
    )
    audit.record(
        "joint_recommendation.impact_recorded",
        "joint_report",
        report.id,
        network_id=None,
        actor=user,
        organisation=recommendation.organisation,
    )
    return recommendation
