"""Changes to reports and recommendations (the only code that writes them). Publishing is in
``publishing.py``. Each function audits and adds to the session; the caller commits once."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.services import (
    check_response_date,
    find_organisation,
    require_text,
    send_email,
)
from linkhub.tenants.directory.models import Provider, Service

from . import publishing
from ..models import (
    REPORT_TYPES,
    RESPONSE_STATUSES,
    Recommendation,
    Report,
    ReportRecipient,
    ReportSubject,
)

# No 0/O, 1/I/L: a reference people can read out over the phone.
REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_public_ref() -> str:
    """60 random bits: public URLs reveal nothing about how many reports a network writes."""
    return "".join(secrets.choice(REF_ALPHABET) for _ in range(12))


def create_report(
    *, title: str, summary: str = "", body: str = "", report_type: str = "network_report", author_id: int | None = None
) -> Report:
    if report_type not in REPORT_TYPES:
        raise ServiceError("Choose the type of report", field="report_type")
    report = Report(
        title=require_text(title, "Enter the report's title", "title"),
        summary=(summary or "").strip(),
        body=(body or "").strip(),
        report_type=report_type,
        author_id=author_id,
        status="draft",
        public_ref=new_public_ref(),
        version=0,
    )
    db.session.add(report)
    db.session.flush()
    audit.record("report.created", "report", report.id, title=report.title, report_type=report_type)
    return report


def _draft_only(report: Report) -> None:
    if report.status != "draft":
        raise ServiceError("Only a draft can be changed; an approved report is changed by a correction", status=409)


def update_draft(
    report: Report, *, title: str | None = None, summary: str | None = None, body: str | None = None
) -> Report:
    _draft_only(report)
    if title is not None:
        report.title = require_text(title, "Enter the report's title", "title")
    if summary is not None:
        report.summary = summary.strip()
    if body is not None:
        report.body = body.strip()
    audit.record("report.updated", "report", report.id)
    return report


def add_recommendation(report: Report, *, text: str, organisation_id: int | None = None) -> Recommendation:
    _draft_only(report)
    organisation = find_organisation(organisation_id) if organisation_id else None
    number = 1 + max((r.number for r in report.recommendations), default=0)
    recommendation = Recommendation(
        report_id=report.id,
        number=number,
        organisation_id=organisation.id if organisation else None,
        text=require_text(text, "Enter the recommendation", "text"),
        response_status="awaiting",
    )
    db.session.add(recommendation)
    db.session.flush()
    db.session.expire(report, ["recommendations"])
    audit.record("recommendation.added", "recommendation", recommendation.id, report_id=report.id, number=number)
    return recommendation


def add_subject(report: Report, *, provider_id: int, service_id: int | None = None) -> ReportSubject:
    provider = db.session.get(Provider, provider_id) if provider_id else None
    if provider is None:
        raise ServiceError("Choose a provider from this network's directory", field="provider_id")
    service = db.session.get(Service, service_id) if service_id else None
    if service_id and (service is None or service.provider_id != provider.id):
        raise ServiceError("Choose one of the provider's services", field="service_id")
    subject = ReportSubject(report_id=report.id, provider_id=provider.id, service_id=service.id if service else None)
    db.session.add(subject)
    db.session.flush()
    db.session.expire(report, ["subjects"])
    audit.record("report.subject_added", "report", report.id, provider=provider.name)
    return subject


# --- review: two people ---------------------------------------------------------------------


def submit_for_review(report: Report) -> Report:
    _draft_only(report)
    report.status = "in_review"
    audit.record("report.submitted", "report", report.id)
    return report


def approve(report: Report, *, approver_id: int | None) -> Report:
    if report.status != "in_review":
        raise ServiceError("Only a report waiting for approval can be approved", status=409)
    if approver_id is None or approver_id == report.author_id:
        raise ServiceError(
            "A report needs a second person to approve it: the author cannot approve their own report", status=409
        )
    report.status, report.approved_by_id, report.approved_at = "approved", approver_id, utcnow()
    audit.record("report.approved", "report", report.id)
    return report


def return_to_draft(report: Report, *, reason: str) -> Report:
    if report.status != "in_review":
        raise ServiceError("Only a report waiting for approval can be returned", status=409)
    report.status = "draft"
    audit.record(
        "report.returned", "report", report.id, reason=require_text(reason, "Enter what needs changing", "reason")
    )
    return report


# --- sending and responses: the 20-working-day clock ----------------------------------------


def send_report(report: Report, *, organisation_ids: list[int], sent_on: date | None = None) -> list[ReportRecipient]:
    if report.status != "approved":
        raise ServiceError("Only an approved report can be sent", status=409)
    if not organisation_ids:
        raise ServiceError("Choose at least one organisation", field="organisation_ids")
    sent_on = sent_on or clock.today()
    if sent_on > clock.today():
        raise ServiceError("The date sent cannot be in the future", field="sent_on")
    already = {r.organisation_id for r in report.recipients}
    created = []
    for organisation_id in dict.fromkeys(organisation_ids):
        organisation = find_organisation(organisation_id, field="organisation_ids")
        if organisation.id in already:
            raise ServiceError(
                f"The report has already been sent to {organisation.name}", status=409, field="organisation_ids"
            )
        due = clock.statutory_due_date(sent_on)
        recipient = ReportRecipient(
            report_id=report.id, organisation_id=organisation.id, sent_on=sent_on, due_on=due, original_due_on=due
        )
        db.session.add(recipient)
        created.append(recipient)
        if organisation.email:
            send_email(
                organisation.email,
                f"Report: {report.title}",
                f"{report.summary}\n\nPlease respond to the report and its recommendations by {due:%-d %B %Y} "
                f"(20 working days from {sent_on:%-d %B %Y}).",
            )
    db.session.flush()
    db.session.expire(report, ["recipients"])
    audit.record(
        "report.sent",
        "report",
        report.id,
        organisation_ids=[r.organisation_id for r in created],
        sent_on=sent_on.isoformat(),
    )
    return created


def extend_recipient(recipient: ReportRecipient, *, due_on: date | None, reason: str) -> ReportRecipient:
    if recipient.responded_on is not None:
        raise ServiceError("This organisation has already responded", status=409)
    reason = require_text(reason, "Enter the reason for the extension", "reason")
    if due_on is None or due_on <= recipient.due_on:
        raise ServiceError(f"The new due date must be after {recipient.due_on:%-d %B %Y}", field="due_on")
    previous, recipient.due_on, recipient.extension_reason = recipient.due_on, due_on, reason
    audit.record(
        "report_recipient.extended",
        "report_recipient",
        recipient.id,
        previous=previous.isoformat(),
        due_on=due_on.isoformat(),
        reason=reason,
    )
    return recipient


def record_recipient_response(
    recipient: ReportRecipient, *, responded_on: date | None, response: str = ""
) -> ReportRecipient:
    recipient.responded_on = check_response_date(responded_on, recipient.sent_on)
    recipient.response = (response or "").strip()
    audit.record(
        "report_recipient.response_recorded",
        "report_recipient",
        recipient.id,
        responded_on=recipient.responded_on.isoformat(),
    )
    publishing.refresh_if_published(recipient.report)
    return recipient


def record_recommendation_response(
    recommendation: Recommendation,
    *,
    response_status: str,
    responded_on: date | None,
    response: str = "",
    action_promised: str = "",
    follow_up_on: date | None = None,
) -> Recommendation:
    if response_status not in RESPONSE_STATUSES or response_status == "awaiting":
        raise ServiceError("Choose accepted, partly accepted or rejected", field="response_status")
    recipients = recommendation.report.recipients
    if recommendation.organisation_id:
        recipients = [r for r in recipients if r.organisation_id == recommendation.organisation_id]
    if not recipients:
        raise ServiceError("Send the report to the organisation before recording its response", status=409)
    recipient = min(recipients, key=lambda r: r.sent_on)
    responded_on = check_response_date(responded_on, recipient.sent_on)
    if follow_up_on is not None and follow_up_on < responded_on:
        raise ServiceError("The follow-up date must be on or after the response date", field="follow_up_on")
    recommendation.response_status, recommendation.responded_on = response_status, responded_on
    recommendation.response = (response or "").strip()
    recommendation.action_promised = (action_promised or "").strip()
    recommendation.follow_up_on = follow_up_on
    if recipient.responded_on is None:  # a response to any recommendation stops that body's clock
        recipient.responded_on = responded_on
    audit.record(
        "recommendation.response_recorded", "recommendation", recommendation.id, response_status=response_status
    )
    publishing.refresh_if_published(recommendation.report)
    return recommendation


def record_impact(
    recommendation: Recommendation, *, impact: str, evidence: str = "", recorded_on: date | None = None
) -> Recommendation:
    if recommendation.response_status == "awaiting":
        raise ServiceError("Record the response before the impact", status=409)
    recommendation.impact = require_text(impact, "Describe what changed", "impact")
    recommendation.impact_evidence = (evidence or "").strip()
    recommendation.impact_recorded_on = recorded_on or clock.today()
    audit.record("recommendation.impact_recorded", "recommendation", recommendation.id)
    return recommendation


def you_said_we_did():
    """Recommendations with an impact recorded: the network's "you said, we did" list."""
    return db.session.scalars(
        select(Recommendation)
        .where(Recommendation.impact != "")
        .order_by(Recommendation.impact_recorded_on.desc(), Recommendation.id)
    ).all()
