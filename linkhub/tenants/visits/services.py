"""Changes to the representatives' register and to visits (the only code that writes them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from linkhub.platform import audit, clock
from linkhub.platform.db import MAX_ID, db, find_by_id
from linkhub.platform.models import Membership
from linkhub.platform.tenancy import current_network_id
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.models import Organisation
from linkhub.tenants.common.services import (
    add_organisation,
    check_response_date,
    find_organisation,
    require_text,
    send_email,
)
from linkhub.tenants.directory.models import Provider, Service
from linkhub.tenants.reports import services as reports

from .models import (
    ACCURACY_WORKING_DAYS,
    VISIT_TYPES,
    AuthorisedRepresentative,
    Visit,
    VisitTeamMember,
)


def _dates(authorised_on, authorisation_expires_on, dbs_checked_on, dbs_expires_on) -> None:
    if authorised_on is None:
        raise ServiceError("Enter the date of authorisation", field="authorised_on")
    if dbs_checked_on is None:
        raise ServiceError("Enter the date of the DBS check", field="dbs_checked_on")
    if dbs_expires_on is None or dbs_expires_on <= dbs_checked_on:
        raise ServiceError("The DBS expiry date must be after the date of the check", field="dbs_expires_on")
    if authorisation_expires_on is not None and authorisation_expires_on <= authorised_on:
        raise ServiceError("The authorisation must end after it starts", field="authorisation_expires_on")


def _member(user_id) -> bool:
    """The account is a member of the network in scope (not merely any account: no id of
    another network's person is accepted, and none is a foreign-key 500)."""
    if isinstance(user_id, bool) or not isinstance(user_id, int) or not 0 < user_id <= MAX_ID:
        return False
    found = select(Membership.id).where(Membership.user_id == user_id, Membership.network_id == current_network_id())
    return db.session.execute(found.limit(1)).first() is not None


def add_representative(
    *,
    name: str,
    authorised_on: date,
    dbs_checked_on: date,
    dbs_expires_on: date,
    authorisation_expires_on: date | None = None,
    training_completed_on: date | None = None,
    training_notes: str = "",
    user_id: int | None = None,
) -> AuthorisedRepresentative:
    name = require_text(name, "Enter the representative's name", "name")
    if user_id is not None and not _member(user_id):
        raise ServiceError("Choose a person who belongs to this network", field="user_id")
    _dates(authorised_on, authorisation_expires_on, dbs_checked_on, dbs_expires_on)
    rep = AuthorisedRepresentative(
        name=name,
        user_id=user_id,
        authorised_on=authorised_on,
        authorisation_expires_on=authorisation_expires_on,
        dbs_checked_on=dbs_checked_on,
        dbs_expires_on=dbs_expires_on,
        training_completed_on=training_completed_on,
        training_notes=(training_notes or "").strip(),
    )
    db.session.add(rep)
    db.session.flush()
    audit.record("representative.authorised", "authorised_representative", rep.id, name=name)
    return rep


def renew_representative(
    rep: AuthorisedRepresentative,
    *,
    dbs_checked_on: date,
    dbs_expires_on: date,
    authorisation_expires_on: date | None = None,
) -> AuthorisedRepresentative:
    _dates(rep.authorised_on, authorisation_expires_on, dbs_checked_on, dbs_expires_on)
    rep.dbs_checked_on, rep.dbs_expires_on = dbs_checked_on, dbs_expires_on
    rep.authorisation_expires_on = authorisation_expires_on
    audit.record(
        "representative.renewed", "authorised_representative", rep.id, dbs_expires_on=dbs_expires_on.isoformat()
    )
    return rep


def provider_organisation(provider_id: int | None) -> Organisation:
    """The directory's provider as the organisation told of a visit (and asked to check the
    draft report): the network's organisation of that name, added as a provider the first time."""
    provider = find_by_id(Provider, provider_id) if provider_id else None
    if provider is None:
        raise ServiceError("Choose the provider from this network's service directory", field="provider_id")
    organisation = db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == provider.name.lower()))
    if organisation is None:
        return add_organisation(name=provider.name, kind="provider")
    if organisation.kind != "provider":
        raise ServiceError(
            f"{provider.name} is listed as a {organisation.kind_label.lower()}, not a provider", field="provider_id"
        )
    return organisation


def plan_visit(
    *,
    premises: str,
    planned_on: date | None,
    organisation_id: int | None = None,
    provider_id: int | None = None,
    visit_type: str = "announced",
    purpose: str = "",
    unannounced_reason: str = "",
    notice_sent_on: date | None = None,
    service_id: int | None = None,
    regulator_activity_checked: bool = False,
    regulator_activity_notes: str = "",
) -> Visit:
    """A visit is to a provider's premises: from the directory (``provider_id``, the pages) or an
    organisation of kind provider (``organisation_id``, the API); never a regulator or committee."""
    if provider_id is not None:
        organisation = provider_organisation(provider_id)
    else:
        organisation = find_organisation(organisation_id)
        if organisation.kind != "provider":
            raise ServiceError(
                "Choose a provider: enter and view visits are to the places where care is given",
                field="organisation_id",
            )
    if visit_type not in VISIT_TYPES:
        raise ServiceError("Choose announced or unannounced", field="visit_type")
    if planned_on is None:
        raise ServiceError("Enter the date of the visit", field="planned_on")
    if visit_type == "unannounced" and not (unannounced_reason or "").strip():
        # The Code of Conduct expects notice; an unannounced visit needs a recorded reason.
        raise ServiceError("Say why the visit cannot be announced", field="unannounced_reason")
    if notice_sent_on is not None and notice_sent_on > planned_on:
        raise ServiceError("The notice letter must be sent before the visit", field="notice_sent_on")
    service = find_by_id(Service, service_id) if service_id else None
    if service_id and service is None:
        raise ServiceError("Choose a service from this network's directory", field="service_id")
    if service is not None and provider_id is not None and service.provider_id != provider_id:
        raise ServiceError(f"{service.name} is not run by the provider you chose", field="service_id")
    visit = Visit(
        organisation_id=organisation.id,
        premises=require_text(premises, "Enter the premises", "premises"),
        planned_on=planned_on,
        visit_type=visit_type,
        purpose=(purpose or "").strip(),
        unannounced_reason=(unannounced_reason or "").strip(),
        notice_sent_on=notice_sent_on,
        service_id=service_id or None,
        regulator_activity_checked=bool(regulator_activity_checked),
        regulator_activity_notes=(regulator_activity_notes or "").strip(),
        status="planned",
    )
    db.session.add(visit)
    db.session.flush()
    audit.record("visit.planned", "visit", visit.id, premises=visit.premises, planned_on=planned_on.isoformat())
    return visit


def assign(visit: Visit, *, representative_id: int, is_lead: bool = False) -> VisitTeamMember:
    if visit.status != "planned":
        raise ServiceError("The team can only change while the visit is planned", status=409)
    rep = db.session.get(AuthorisedRepresentative, representative_id) if representative_id else None
    if rep is None:
        raise ServiceError("Choose an authorised representative of this network", field="representative_id")
    for day in sorted({clock.today(), visit.planned_on}):
        reason = rep.blocker(day)
        if reason:
            raise ServiceError(f"{reason}, so they cannot be assigned to this visit", field="representative_id")
    if any(m.representative_id == rep.id for m in visit.team):
        raise ServiceError(f"{rep.name} is already in the team", status=409, field="representative_id")
    if is_lead:
        for member in visit.team:
            member.is_lead = False
    member = VisitTeamMember(visit_id=visit.id, representative_id=rep.id, is_lead=bool(is_lead))
    db.session.add(member)
    db.session.flush()
    db.session.expire(visit, ["team"])
    audit.record("visit.assigned", "visit", visit.id, representative=rep.name, lead=bool(is_lead))
    return member


def record_visit(
    visit: Visit,
    *,
    carried_out_on: date | None,
    findings: str,
    observations: str = "",
    spoke_with_people_using: int = 0,
    spoke_with_relatives: int = 0,
    spoke_with_staff: int = 0,
) -> Visit:
    if visit.status not in ("planned", "carried_out"):
        raise ServiceError("This visit did not take place", status=409)
    if not visit.team:
        raise ServiceError("Assign the visiting team before recording the visit", status=409)
    if carried_out_on is None or carried_out_on > clock.today():
        raise ServiceError("Enter the date of the visit (not in the future)", field="carried_out_on")
    counts = (spoke_with_people_using, spoke_with_relatives, spoke_with_staff)
    if any((c or 0) < 0 for c in counts):
        raise ServiceError("Numbers of people cannot be negative", field="spoke_with_people_using")
    visit.status, visit.carried_out_on = "carried_out", carried_out_on
    visit.findings = require_text(findings, "Enter what the visit found", "findings")
    visit.observations = (observations or "").strip()
    visit.spoke_with_people_using, visit.spoke_with_relatives, visit.spoke_with_staff = (int(c or 0) for c in counts)
    audit.record("visit.recorded", "visit", visit.id, carried_out_on=carried_out_on.isoformat())
    return visit


def record_refusal(visit: Visit, *, reason: str) -> Visit:
    if visit.status != "planned":
        raise ServiceError("Only a planned visit can be refused", status=409)
    visit.status, visit.refusal_reason = (
        "refused",
        require_text(reason, "Enter the reason given for refusing entry", "reason"),
    )
    audit.record("visit.refused", "visit", visit.id)
    return visit


def create_visit_report(visit: Visit, *, author_id: int | None) -> Visit:
    """Start the enter-and-view report from the visit record; it is then reviewed, sent and
    published like any report."""
    if visit.status != "carried_out":
        raise ServiceError("Record the visit before writing its report", status=409)
    if visit.report_id is not None:
        raise ServiceError("This visit already has a report", status=409)
    people = (
        f"We spoke with {visit.spoke_with_people_using} people using the service, {visit.spoke_with_relatives} "
        f"relatives or carers and {visit.spoke_with_staff} staff."
    )
    report = reports.create_report(
        title=f"Enter and view visit: {visit.premises}",
        report_type="enter_and_view",
        summary=f"Visit on {visit.carried_out_on:%-d %B %Y}. {people}",
        body=f"{visit.findings}\n\n{visit.observations}".strip(),
        author_id=author_id,
    )
    if visit.service is not None:
        reports.add_subject(report, provider_id=visit.service.provider_id, service_id=visit.service_id)
    visit.report_id = report.id
    audit.record("visit.report_started", "visit", visit.id, report_id=report.id)
    return visit


def send_for_accuracy_check(visit: Visit, *, sent_on: date | None = None) -> Visit:
    if visit.report_id is None:
        raise ServiceError("Write the visit report before the factual accuracy check", status=409)
    if visit.accuracy_sent_on is not None:
        raise ServiceError("The draft has already been sent for a factual accuracy check", status=409)
    sent_on = sent_on or clock.today()
    if sent_on > clock.today():
        raise ServiceError("The date sent cannot be in the future", field="sent_on")
    visit.accuracy_sent_on, visit.accuracy_due_on = sent_on, clock.add_working_days(sent_on, ACCURACY_WORKING_DAYS)
    audit.record("visit.accuracy_check_sent", "visit", visit.id, due_on=visit.accuracy_due_on.isoformat())
    if visit.organisation.email:
        send_email(
            visit.organisation.email,
            f"Factual accuracy check: {visit.premises}",
            f"Please check the draft report of our visit for factual accuracy and reply by "
            f"{visit.accuracy_due_on:%-d %B %Y} ({ACCURACY_WORKING_DAYS} working days).",
        )
    return visit


def record_accuracy_response(visit: Visit, *, responded_on: date | None, response: str = "") -> Visit:
    if visit.accuracy_sent_on is None:
        raise ServiceError("The draft has not been sent for a factual accuracy check", status=409)
    visit.accuracy_responded_on = check_response_date(responded_on, visit.accuracy_sent_on)
    visit.accuracy_response = (response or "").strip()
    audit.record("visit.accuracy_response_recorded", "visit", visit.id)
    return visit
