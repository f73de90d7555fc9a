"""Changes to requests for information and OSC referrals (the only code that
writes them). Each function audits and adds to the session; the caller commits once."""

from __future__ import annotations

from datetime import date

from flask import has_request_context
from sqlalchemy import select

from linkhub.platform import audit, clock
from linkhub.platform.auth import current_user_id
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.services import (
    check_response_date,
    find_organisation,
    require_text,
    send_email,
)

from ..issue_refs import check as check_issue_refs
from ..models import REQUEST_OUTCOMES, InformationRequest, OscReferral, OscReferralAnswer

# --- requests for information ---------------------------------------------------------------


def create_request(
    *, organisation_id: int, subject: str, question: str, issue_ref: str | None = None, created_by_id: int | None = None
) -> InformationRequest:
    organisation = find_organisation(organisation_id)
    request = InformationRequest(
        organisation_id=organisation.id,
        subject=require_text(subject, "Enter a subject", "subject"),
        question=require_text(question, "Enter the information you are asking for", "question"),
        issue_ref=check_issue_refs(issue_ref, "issue_ref", many=False) or None,
        status="draft",
        created_by_id=created_by_id,
    )
    db.session.add(request)
    db.session.flush()
    audit.record("information_request.created", "information_request", request.id, organisation=organisation.name)
    return request


def send_request(request: InformationRequest, *, sent_on: date | None = None) -> InformationRequest:
    if request.status != "draft":
        raise ServiceError("Only a draft request can be sent", status=409)
    sent_on = sent_on or clock.today()
    if sent_on > clock.today():
        raise ServiceError("The date sent cannot be in the future", field="sent_on")
    request.status, request.sent_on = "sent", sent_on
    request.due_on = request.original_due_on = clock.statutory_due_date(sent_on)
    audit.record(
        "information_request.sent",
        "information_request",
        request.id,
        sent_on=sent_on.isoformat(),
        due_on=request.due_on.isoformat(),
    )
    if request.organisation.email:
        send_email(
            request.organisation.email,
            f"Request for information: {request.subject}",
            f"{request.question}\n\nPlease respond by {request.due_on:%-d %B %Y} "
            f"(20 working days from {sent_on:%-d %B %Y}).",
        )
    return request


def record_request_response(
    request: InformationRequest, *, outcome: str, responded_on: date | None, response: str = ""
) -> InformationRequest:
    if not request.is_open:
        raise ServiceError("A response can only be recorded for a request that has been sent", status=409)
    if outcome not in REQUEST_OUTCOMES:
        raise ServiceError("Choose whether the request was answered, partly answered or refused", field="outcome")
    request.responded_on = check_response_date(responded_on, request.sent_on)
    request.status, request.response = outcome, (response or "").strip()
    audit.record(
        "information_request.response_recorded",
        "information_request",
        request.id,
        outcome=outcome,
        responded_on=request.responded_on.isoformat(),
    )
    return request


def extend_request(request: InformationRequest, *, due_on: date | None, reason: str) -> InformationRequest:
    if not request.is_open:
        raise ServiceError("Only a request waiting for a response can be extended", status=409)
    reason = require_text(reason, "Enter the reason for the extension", "reason")
    if due_on is None or due_on <= request.due_on:
        raise ServiceError(f"The new due date must be after {request.due_on:%-d %B %Y}", field="due_on")
    previous = request.due_on
    request.due_on, request.extension_reason, request.status = due_on, reason, "sent"
    audit.record(
        "information_request.extended",
        "information_request",
        request.id,
        previous=previous.isoformat(),
        due_on=due_on.isoformat(),
        reason=reason,
    )
    return request


def mark_overdue(request: InformationRequest) -> None:
    if request.status == "sent":
        request.status = "overdue"
        audit.record(
            "information_request.overdue", "information_request", request.id, due_on=request.due_on.isoformat()
        )


# --- referrals to the Overview and Scrutiny Committee ---------------------------------------


def create_referral(
    *, organisation_id: int, matter: str, details: str = "", issue_refs: str = "", report_id: int | None = None
) -> OscReferral:
    organisation = find_organisation(organisation_id)
    if organisation.kind != "osc":
        raise ServiceError("Choose an Overview and Scrutiny Committee", field="organisation_id")
    if report_id:
        from linkhub.tenants.reports.models import (
            Report,  # evidence only; reports build on powers
        )

        if db.session.get(Report, report_id) is None:
            raise ServiceError("Choose one of this network's reports", field="report_id")
    referral = OscReferral(
        organisation_id=organisation.id,
        matter=require_text(matter, "Enter the matter referred", "matter"),
        details=(details or "").strip(),
        issue_refs=check_issue_refs(issue_refs, "issue_refs"),
        report_id=report_id or None,
    )
    db.session.add(referral)
    db.session.flush()
    audit.record("osc_referral.created", "osc_referral", referral.id, organisation=organisation.name)
    return referral


def refer(referral: OscReferral, *, referred_on: date | None = None) -> OscReferral:
    if referral.status != "draft":
        raise ServiceError("This matter has already been referred", status=409)
    referred_on = referred_on or clock.today()
    if referred_on > clock.today():
        raise ServiceError("The referral date cannot be in the future", field="referred_on")
    referral.status, referral.referred_on = "referred", referred_on
    referral.due_on = clock.statutory_due_date(referred_on)
    audit.record("osc_referral.referred", "osc_referral", referral.id, referred_on=referred_on.isoformat())
    if referral.organisation.email:
        send_email(
            referral.organisation.email,
            f"Referral to the Overview and Scrutiny Committee: {referral.matter}",
            f"{referral.details}\n\nPlease acknowledge this referral by {referral.due_on:%-d %B %Y}.",
        )
    return referral


def record_referral_response(
    referral: OscReferral,
    *,
    status: str,
    responded_on: date | None,
    response: str = "",
    outcome: str = "",
    recorded_by_id: int | None = None,
) -> OscReferral:
    if referral.status == "draft":
        raise ServiceError("Refer the matter before recording the committee's response", status=409)
    if status not in ("acknowledged", "responded", "closed"):
        raise ServiceError("Choose acknowledged, responded or closed", field="status")
    answered_on = check_response_date(responded_on, referral.referred_on)
    referral.responded_on = referral.responded_on or answered_on  # the clock stops at the first answer
    referral.status = status
    referral.response = (response or referral.response or "").strip()  # the latest, for lists
    referral.outcome = (outcome or referral.outcome or "").strip()
    answer = OscReferralAnswer(
        referral_id=referral.id,
        status=status,
        answered_on=answered_on,
        response=(response or "").strip(),
        outcome=(outcome or "").strip(),
        recorded_by_id=recorded_by_id if recorded_by_id is not None else _person(),
    )
    db.session.add(answer)  # every answer is kept: the history of the referral
    db.session.flush()
    audit.record("osc_referral.response_recorded", "osc_referral", referral.id, status=status, answer=answer.id)
    return referral


def _person() -> int | None:
    """Who is recording (a request's person; none for the demo or a script)."""
    return current_user_id() if has_request_context() else None


def referral_answers(referral: OscReferral) -> list[OscReferralAnswer]:
    return db.session.scalars(
        select(OscReferralAnswer)
        .where(OscReferralAnswer.referral_id == referral.id)
        .order_by(OscReferralAnswer.answered_on, OscReferralAnswer.id)
    ).all()
