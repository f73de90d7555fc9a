"""The decision log and the record of disagreements (the only code that writes them).

Recording a decision about a provider copies the current declarations of interest of the
people taking part that relate to that provider (``members.services.related_interests``) into
the decision, and asks how each was handled: a decision with a declared conflict cannot be
recorded without it. Removing a leaver's details removes those copies
(``members.services.ON_ERASE``), keeping the fact that an interest was declared.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from linkhub.platform import audit, clock
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.directory.models import Provider
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.members import services as members
from linkhub.tenants.members.models import Person
from linkhub.tenants.priorities.models import PriorityCriterion
from linkhub.tenants.reports.models import Report
from linkhub.tenants.workprogramme.models import WorkItem

from ..models import (
    BodyMember,
    DISAGREEMENT_STAGES,
    HANDLING,
    LINK_KINDS,
    NEEDS_RATIFYING,
    ROUTES,
    Decision,
    DecisionLink,
    DecisionParticipant,
    Disagreement,
    Meeting,
)
from . import a_date, limit  # noqa: I001

TARGETS = {"issue": Issue, "work_item": WorkItem, "priority_criterion": PriorityCriterion, "report": Report}
REMOVED = "An interest was declared (the details were removed when the person left)"


class ConflictsToHandle(ServiceError):
    """Some people taking part declared an interest in the provider: say how each was handled."""

    def __init__(self, conflicts: list):
        names = ", ".join(sorted({i.person.name for i in conflicts}))
        super().__init__(f"Say how the declared conflict of interest was handled for {names}", field="participants")
        self.conflicts = conflicts


def _label(target) -> str:
    return getattr(target, "title", None) or getattr(target, "name", "")


def _links(links) -> list[tuple[str, int, str]]:
    out, seen = [], set()
    for link in links or []:
        kind, target_id = link.get("kind"), link.get("target_id")
        if kind not in LINK_KINDS:
            raise ServiceError("Choose what the decision is linked to", field="links")
        target = db.session.get(TARGETS[kind], target_id) if isinstance(target_id, int) else None
        if target is None:
            raise ServiceError(f"Choose a {LINK_KINDS[kind].lower()} of this network", field="links")
        if (kind, target_id) not in seen:
            seen.add((kind, target_id))
            out.append((kind, target_id, _label(target)[:300]))
    return out


def conflicts_for(person_ids: list[int], provider_id: int | None) -> list:
    """The current declarations of these people that relate to the provider (shown on the form)."""
    provider = db.session.get(Provider, provider_id) if provider_id else None
    return members.related_interests(person_ids, provider)


def _next_reference(on: date) -> str:
    prefix = f"D{on.year}-"
    count = db.session.scalar(select(func.count()).select_from(Decision).where(Decision.reference.like(prefix + "%")))
    return f"{prefix}{count + 1:03d}"


def record_decision(
    *,
    title: str,
    details: str = "",
    decided_on: date | None = None,
    route: str,
    meeting_id: int | None = None,
    decided_by_id: int | None = None,
    provider_id: int | None = None,
    participants: list[dict] | None = None,
    links: list[dict] | None = None,
) -> Decision:
    """``participants``: [{"person_id": 3, "handling": "withdrew"}, ...]; ``handling`` is needed
    for each person with a declared interest in the provider (else :class:`ConflictsToHandle`)."""
    title = limit(title, "title", 200, "Enter what was decided")
    details = limit(details, "details", 20000)
    if route not in ROUTES:
        raise ServiceError("Choose how the decision was made", field="route")
    meeting = db.session.get(Meeting, meeting_id) if meeting_id else None
    if meeting_id and meeting is None:
        raise ServiceError("Choose a meeting of this network", field="meeting_id")
    if route == "meeting" and meeting is None:
        raise ServiceError("Choose the meeting where it was decided", field="meeting_id")
    if decided_on is None and meeting is not None:
        decided_on = meeting.held_on
    decided_on = a_date(decided_on, "decided_on", "Enter the date of the decision", future=False)
    decided_by = None
    if route in NEEDS_RATIFYING:
        decided_by = members.find_person(decided_by_id, "decided_by_id")
    elif decided_by_id:
        decided_by = members.find_person(decided_by_id, "decided_by_id")
    if provider_id and db.session.get(Provider, provider_id) is None:
        raise ServiceError("Choose a provider from this network's directory", field="provider_id")
    taking_part: dict[int, str] = {}
    for row in participants or []:
        person = members.find_person(row.get("person_id"), "participants")
        taking_part[person.id] = row.get("handling") or ""
    if decided_by is not None:
        taking_part.setdefault(decided_by.id, "")
    checked_links = _links(links)

    related = conflicts_for(list(taking_part), provider_id)
    unhandled = [i for i in related if taking_part[i.person_id] not in HANDLING]
    if unhandled:
        raise ConflictsToHandle(unhandled)

    decision = Decision(
        reference=_next_reference(decided_on),
        title=title,
        details=details,
        decided_on=decided_on,
        route=route,
        meeting_id=meeting.id if meeting else None,
        decided_by_id=decided_by.id if decided_by else None,
        provider_id=provider_id or None,
    )
    db.session.add(decision)
    db.session.flush()
    by_person: dict[int, list] = {}
    for interest in related:
        by_person.setdefault(interest.person_id, []).append(interest)
    for person_id, handling in taking_part.items():
        declared = by_person.get(person_id, [])
        db.session.add(
            DecisionParticipant(
                decision_id=decision.id,
                person_id=person_id,
                interest_id=declared[0].id if declared else None,
                declared="; ".join(i.summary() for i in declared),
                handling=handling if declared and handling in HANDLING else "",
            )
        )
    for kind, target_id, label in checked_links:
        db.session.add(DecisionLink(decision_id=decision.id, kind=kind, target_id=target_id, label=label))
    db.session.flush()
    audit.record(
        "decision.recorded",
        "decision",
        decision.id,
        reference=decision.reference,
        route=route,
        conflicts_declared=len(by_person),
        participants=len(taking_part),
    )
    db.session.expire(decision, ["participants", "links"])
    return decision


def ratify(decision: Decision, *, ratified_on: date, meeting_id: int | None = None) -> Decision:
    if decision.route not in NEEDS_RATIFYING:
        raise ServiceError("Only delegated and urgent decisions are ratified", status=409)
    if decision.ratified_on is not None:
        raise ServiceError("This decision has already been ratified", status=409)
    ratified_on = a_date(ratified_on, "ratified_on", "Enter the date it was ratified", future=False)
    if ratified_on < decision.decided_on:
        raise ServiceError("It cannot be ratified before it was decided", field="ratified_on")
    meeting = db.session.get(Meeting, meeting_id) if meeting_id else None
    if meeting_id and meeting is None:
        raise ServiceError("Choose a meeting of this network", field="meeting_id")
    decision.ratified_on, decision.ratified_meeting_id = ratified_on, meeting.id if meeting else None
    audit.record("decision.ratified", "decision", decision.id, ratified_on=ratified_on.isoformat())
    return decision


def link(decision: Decision, *, kind: str, target_id: int) -> DecisionLink:
    ((kind, target_id, label),) = _links([{"kind": kind, "target_id": target_id}])
    if db.session.scalar(
        select(DecisionLink.id).where(
            DecisionLink.decision_id == decision.id, DecisionLink.kind == kind, DecisionLink.target_id == target_id
        )
    ):
        raise ServiceError("The decision is already linked to it", status=409, field="target_id")
    row = DecisionLink(decision_id=decision.id, kind=kind, target_id=target_id, label=label)
    db.session.add(row)
    db.session.flush()
    audit.record("decision.linked", "decision", decision.id, kind=kind, target_id=target_id)
    db.session.expire(decision, ["links"])
    return row


def _erase(person: Person) -> None:
    """A leaver's details go: the copies of their declarations in decisions too."""
    for row in db.session.scalars(
        select(DecisionParticipant).where(
            DecisionParticipant.person_id == person.id, DecisionParticipant.declared != ""
        )
    ):
        row.declared = REMOVED


def _end_seats(person: Person) -> None:
    """Someone who leaves the LINk leaves the hub or steering group too."""
    for seat in db.session.scalars(
        select(BodyMember).where(BodyMember.person_id == person.id, BodyMember.ended_on.is_(None))
    ):
        seat.ended_on = clock.today()
        audit.record("governance.seat_ended", "governance_body_member", seat.id, reason="left the LINk")


if _erase not in members.ON_ERASE:
    members.ON_ERASE.append(_erase)
if _end_seats not in members.ON_LEAVE:
    members.ON_LEAVE.append(_end_seats)


# --- disagreements -----------------------------------------------------------------------------


def raise_disagreement(
    *, subject: str, description: str, raised_on: date | None = None, raised_by_id: int | None = None, stage="informal"
) -> Disagreement:
    if stage not in DISAGREEMENT_STAGES:
        raise ServiceError("Choose the stage of the procedure", field="stage")
    raised_by = members.find_person(raised_by_id, "raised_by_id") if raised_by_id else None
    row = Disagreement(
        subject=limit(subject, "subject", 200, "Enter what the disagreement is about"),
        description=limit(description, "description", 10000, "Describe the disagreement"),
        raised_on=a_date(raised_on or clock.today(), "raised_on", "Enter the date it was raised", future=False),
        raised_by_id=raised_by.id if raised_by else None,
        stage=stage,
    )
    db.session.add(row)
    db.session.flush()
    audit.record("disagreement.raised", "disagreement", row.id, stage=stage)
    return row


def handle_disagreement(row: Disagreement, *, stage: str, handling: str) -> Disagreement:
    if row.status != "open":
        raise ServiceError("This disagreement is closed", status=409)
    if stage not in DISAGREEMENT_STAGES:
        raise ServiceError("Choose the stage of the procedure", field="stage")
    row.handling = limit(handling, "handling", 10000, "Say how it is being handled")
    old, row.stage = row.stage, stage
    audit.record("disagreement.handled", "disagreement", row.id, old_stage=old, stage=stage)
    return row


def close_disagreement(
    row: Disagreement, *, status: str, outcome: str, decision_id: int | None = None, closed_on: date | None = None
) -> Disagreement:
    if row.status != "open":
        raise ServiceError("This disagreement is already closed", status=409)
    if status not in ("resolved", "withdrawn"):
        raise ServiceError("Choose resolved or withdrawn", field="status")
    outcome = limit(outcome, "outcome", 10000, "Enter the outcome")
    if decision_id and db.session.get(Decision, decision_id) is None:
        raise ServiceError("Choose a decision of this network", field="decision_id")
    closed_on = a_date(closed_on or clock.today(), "closed_on", "Enter the date it closed", future=False)
    if closed_on < row.raised_on:
        raise ServiceError("It cannot close before it was raised", field="closed_on")
    row.status, row.outcome, row.decision_id, row.closed_on = status, outcome, decision_id or None, closed_on
    audit.record("disagreement.closed", "disagreement", row.id, status=status)
    return row
