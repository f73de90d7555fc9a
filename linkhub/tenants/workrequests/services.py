"""Changes to requests for work (the only code that writes them). Callers commit once; every
e-mail goes through the outbox (``send_email``) in the same transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from linkhub.platform import audit, clock
from linkhub.platform.services import ServiceError
from linkhub.platform.db import db
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.common.services import people_with_roles, require_text, send_email
from linkhub.tenants.feedback.services import EMAIL
from linkhub.tenants.workprogramme import services as programme
from linkhub.tenants.workprogramme.models import STATUSES as ITEM_STATUSES

from .models import REQUESTER_KINDS, WorkRequest


def _limit(value: str, field: str, limit: int) -> str:
    if len(value) > limit:
        raise ServiceError(f"This must be {limit:,} characters or fewer", field=field)
    return value


def submit_request(
    *,
    requester_kind: str,
    organisation: str,
    contact_name: str,
    email: str,
    title: str,
    description: str,
    wanted_by: date | None = None,
) -> WorkRequest:
    """A request arrives (the public form or the API): acknowledged to the requester, and the
    network's staff are told there is one to decide."""
    if requester_kind not in REQUESTER_KINDS:
        raise ServiceError("Choose who is asking", field="requester_kind")
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise ServiceError("Enter an email address in the correct format, like name@example.org", field="email")
    if wanted_by is not None and wanted_by < clock.today():
        raise ServiceError("The date must be today or later", field="wanted_by")
    request = WorkRequest(
        requester_kind=requester_kind,
        organisation=_limit(
            require_text(organisation, "Enter the organisation's name", "organisation"), "organisation", 200
        ),
        contact_name=_limit(require_text(contact_name, "Enter your name", "contact_name"), "contact_name", 200),
        email=email,
        title=_limit(require_text(title, "Enter what you would like the LINk to look into", "title"), "title", 200),
        description=_limit(
            require_text(description, "Describe the work and why it is needed", "description"), "description", 10_000
        ),
        wanted_by=wanted_by,
        status="received",
    )
    db.session.add(request)
    db.session.flush()
    audit.record("work_request.received", "work_request", request.id, reference=request.reference, kind=requester_kind)
    send_email(
        request.email,
        f"We have received your request: {request.title}",
        f"Thank you. Your request for work has reference {request.reference}. The LINk decides which work "
        "to take on against its priorities and will tell you its decision, with its reasons, by email.",
    )
    staff = people_with_roles(current_network_id(), ("network_admin", "staff"))
    if staff:
        send_email(
            staff,
            f"A request for work to decide: {request.title}",
            f"{request.organisation} ({request.kind_label}) asks: {request.title}. Reference {request.reference}.",
        )
    return request


def decide(
    request: WorkRequest,
    *,
    decision: str,
    reasons: str,
    owner: str = "",
    outcome: str = "",
    target_on: date | None = None,
    decided_by=None,
) -> WorkRequest:
    """Accept (a work item is added to the programme) or decline, always with reasons, which the
    requester receives by e-mail."""
    if request.status != "received":
        raise ServiceError("This request has already been decided", status=409)
    if decision not in ("accept", "decline"):
        raise ServiceError("Choose accept or decline", field="decision")
    reasons = _limit(require_text(reasons, "Give the reasons for the decision", "reasons"), "reasons", 5000)
    if decision == "accept":
        item = programme.add_item(
            title=request.title,
            owner=owner,
            outcome=outcome,
            target_on=target_on,
            linked_kind="work_request",
            linked_id=request.id,
        )
        request.work_item_id = item.id
        body = (
            f"We have accepted your request {request.reference} and added it to our work programme. "
            f"Our reasons: {reasons}\n\nWhat we aim to achieve: {item.outcome}\nTarget date: {item.target_on:%-d %B %Y}\n\n"
            "We will tell you when the work moves on."
        )
    else:
        body = f"We have decided not to take on your request {request.reference} at this time. Our reasons: {reasons}"
    request.status = "accepted" if decision == "accept" else "declined"
    request.reasons, request.decided_on = reasons, clock.today()
    request.decided_by_id = getattr(decided_by, "id", None)
    audit.record(
        f"work_request.{request.status}", "work_request", request.id, reference=request.reference, reasons=reasons
    )
    send_email(request.email, f"Your request for work: {request.status}", body)
    return request


def tell_requester_of_progress(work_item_id: int, status: str | None, achieved: bool) -> None:
    """The handler's work: the work item of an accepted request moved on; its requester hears."""
    request = db.session.scalar(select(WorkRequest).where(WorkRequest.work_item_id == work_item_id))
    if request is None or request.work_item is None:
        return
    item = request.work_item
    if achieved:
        news = f"What the work achieved: {item.achieved}"
    else:
        news = f"The work is now: {ITEM_STATUSES.get(status, status).lower()}."
    send_email(request.email, f"Progress on your request: {request.title}", f"Reference {request.reference}. {news}")
    audit.record("work_request.requester_informed", "work_request", request.id, status=status or "achieved")
