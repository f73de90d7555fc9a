"""Demo statutory powers for each demo network: organisations, requests with running and overdue
clocks, a published report with recommendations and responses, an OSC referral, and in
Sheffield an enter and view visit. Runs after the directory demo; skips a network already loaded."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Membership, Network, User
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.common import services as org_services
from linkhub.tenants.common.models import Organisation
from linkhub.tenants.directory.models import Provider
from linkhub.tenants.issues.models import Issue

from . import services
from .models import InformationRequest

ORGANISATIONS = {
    "sheffield": ("NHS Sheffield", "Sheffield City Council Healthier Communities Scrutiny Committee"),
    "leeds": ("NHS Leeds", "Leeds Scrutiny Board (Health)"),
    "manchester": ("NHS Manchester", "Manchester Health Scrutiny Committee"),
    "salford": ("NHS Salford", "Salford Health and Social Care Scrutiny Panel"),
}


def _people(network_id: int) -> tuple[int | None, int | None]:
    """An author and a different approver among the network's staff (two-person approval)."""
    ids = list(
        dict.fromkeys(
            db.session.scalars(
                select(User.id)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.network_id == network_id, Membership.role.in_(("network_admin", "staff")))
                .order_by(Membership.role.desc(), User.id)
            )
        )
    )
    return (ids[0], ids[1]) if len(ids) > 1 else (None, ids[0] if ids else None)


def _load_network(network: Network) -> None:
    from linkhub.tenants.reports.services import publishing
    from linkhub.tenants.reports import services as reports

    today = clock.today()
    commissioner_name, osc_name = ORGANISATIONS[network.slug]
    commissioner = org_services.add_organisation(
        name=commissioner_name, kind="commissioner", email=f"enquiries@{network.slug}.nhs.example"
    )
    org_services.add_contact(
        organisation_id=commissioner.id,
        name="Alex Commissioner",
        job_title="Head of engagement",
        email=f"alex@{network.slug}.nhs.example",
    )
    osc = org_services.add_organisation(name=osc_name, kind="osc", email=f"scrutiny@{network.slug}.gov.example")
    org_services.add_organisation(name="Care Quality Commission", kind="regulator", email="enquiries@cqc.example")
    provider_row = db.session.scalars(select(Provider).order_by(Provider.id)).first()
    # A provider is an organisation too (one list): the directory made it when the provider was added.
    trust = db.session.get(Organisation, provider_row.organisation_id) if provider_row.organisation_id else None
    if trust is None:
        trust = org_services.add_organisation(name=provider_row.name, kind="provider")
    trust.email = trust.email or f"pals@{network.slug}-trust.example"

    # The issue this network's discharge request and referral cite: one of its own issues.
    issue = (
        db.session.scalars(select(Issue).where(Issue.theme == "discharge").order_by(Issue.id)).first()
        or db.session.scalars(select(Issue).order_by(Issue.id)).first()
    )
    issue_ref = str(issue.id) if issue else None
    running = services.create_request(
        organisation_id=commissioner.id,
        subject="Waiting times for memory assessment",
        question="Average and longest waits for a memory assessment in the last 12 months.",
    )
    services.send_request(running, sent_on=clock.subtract_working_days(today, 5))
    overdue = services.create_request(
        organisation_id=trust.id,
        subject="Hospital discharge delays",
        question="Number of discharges delayed over 24 hours, by ward, last quarter.",
        issue_ref=issue_ref,
    )
    services.send_request(overdue, sent_on=clock.subtract_working_days(today, 24))
    services.mark_overdue(overdue)
    answered = services.create_request(
        organisation_id=commissioner.id,
        subject="Interpreting services contract",
        question="Who holds the contract and what does it cover?",
    )
    services.send_request(answered, sent_on=clock.subtract_working_days(today, 30))
    services.record_request_response(
        answered,
        outcome="answered",
        responded_on=clock.subtract_working_days(today, 14),
        response="The contract is held by the council until March.",
    )

    author, approver = _people(network.id)
    report = reports.create_report(
        title=f"Getting home from hospital in {network.local_authority.replace(' City Council', '')}",
        summary="People told us about long waits for medicines and transport on the day they left hospital.",
        body="Over three months we heard from 84 people about leaving hospital.\n\n"
        "Most waited more than four hours for medicines to take home. Transport was often booked late.",
        author_id=author,
    )
    reports.add_subject(
        report, provider_id=provider_row.id, service_id=provider_row.services[0].id if provider_row.services else None
    )
    first = reports.add_recommendation(
        report, text="Prepare medicines to take home the day before discharge.", organisation_id=trust.id
    )
    second = reports.add_recommendation(
        report, text="Book patient transport when the discharge date is set.", organisation_id=trust.id
    )
    reports.submit_for_review(report)
    reports.approve(report, approver_id=approver)
    sent_on = clock.subtract_working_days(today, 22)
    reports.send_report(report, organisation_ids=[trust.id, commissioner.id], sent_on=sent_on)
    reports.record_recommendation_response(
        first,
        response_status="accepted",
        responded_on=sent_on + timedelta(days=14),
        response="Pharmacy will prepare medicines the day before.",
        action_promised="New pharmacy rota",
        follow_up_on=today + timedelta(days=30),
    )
    reports.record_recommendation_response(
        second,
        response_status="partly_accepted",
        responded_on=sent_on + timedelta(days=14),
        response="Transport will be booked 24 hours ahead where possible.",
    )
    reports.record_impact(
        first,
        impact="Medicines are now ready before 11am on the day of discharge.",
        evidence="Trust audit of 200 discharges",
        recorded_on=today - timedelta(days=3),
    )
    publishing.publish(report, actor_id=approver)

    evidence = db.session.scalars(select(Issue.id).order_by(Issue.id).limit(2)).all()
    referral = services.create_referral(
        organisation_id=osc.id,
        matter="Hospital discharge delays",
        details="The trust has not answered our request for information.",
        issue_refs=", ".join(str(i) for i in evidence),
        report_id=report.id,
    )
    services.refer(referral, referred_on=clock.subtract_working_days(today, 3))
    # A referral the committee has answered twice: both answers stay on its page.
    answered = services.create_referral(
        organisation_id=osc.id,
        matter="Waiting times for wheelchair assessments",
        details="Families wait over a year for an assessment.",
    )
    services.refer(answered, referred_on=today - timedelta(days=60))
    services.record_referral_response(
        answered,
        status="acknowledged",
        responded_on=today - timedelta(days=50),
        response="The committee will take evidence at its next meeting.",
    )
    services.record_referral_response(
        answered,
        status="responded",
        responded_on=today - timedelta(days=20),
        response="The committee asked the trust for a recovery plan by the spring.",
        outcome="Item on the committee's work programme",
    )
    if network.slug == "sheffield":
        _load_visit(trust, author, today)


def _load_visit(trust: Organisation, author: int | None, today: date) -> None:
    from linkhub.tenants.visits import services as visits

    rep_user = db.session.scalar(select(User.id).where(User.email == "rep@sheffield.example"))
    rita = visits.add_representative(
        name="Rita Representative",
        user_id=rep_user,
        authorised_on=date(2025, 4, 1),
        dbs_checked_on=today - timedelta(days=200),
        dbs_expires_on=today + timedelta(days=900),
        training_completed_on=date(2025, 4, 20),
    )
    visits.add_representative(
        name="Derek Lapsed",
        authorised_on=date(2022, 1, 10),
        dbs_checked_on=date(2022, 1, 3),
        dbs_expires_on=today - timedelta(days=30),
        training_completed_on=date(2022, 2, 1),
    )
    visit = visits.plan_visit(
        organisation_id=trust.id,
        premises="Ward 5, Northern General Hospital",
        planned_on=today,
        notice_sent_on=today - timedelta(days=21),
        purpose="Mealtimes and help with eating",
        regulator_activity_checked=True,
        regulator_activity_notes="No inspection planned this quarter.",
    )
    visits.assign(visit, representative_id=rita.id, is_lead=True)
    visits.record_visit(
        visit,
        carried_out_on=today,
        findings="Protected mealtimes were kept; two people waited for help.",
        observations="Menus were not available in large print.",
        spoke_with_people_using=9,
        spoke_with_relatives=3,
        spoke_with_staff=4,
    )
    visits.create_visit_report(visit, author_id=author)
    visits.send_for_accuracy_check(visit, sent_on=today)
    _load_published_visit(trust, rita, author, today)


def _load_published_visit(trust: Organisation, rep, author: int | None, today: date) -> None:
    """An earlier visit whose report went through the factual accuracy check and is published:
    an enter-and-view report in the national library (and in its reindex source)."""
    from linkhub.tenants.reports.services import publishing
    from linkhub.tenants.reports import services as reports
    from linkhub.tenants.reports.models import Report
    from linkhub.tenants.visits import services as visits

    earlier = today - timedelta(days=60)
    visit = visits.plan_visit(
        organisation_id=trust.id,
        premises="Discharge lounge, Royal Hallamshire Hospital",
        planned_on=earlier,
        notice_sent_on=earlier - timedelta(days=21),
        purpose="Waiting for medicines and transport home",
        regulator_activity_checked=True,
        regulator_activity_notes="No inspection planned this quarter.",
    )
    visits.assign(visit, representative_id=rep.id, is_lead=True)
    visits.record_visit(
        visit,
        carried_out_on=earlier,
        findings="People waited up to five hours for medicines to take home; the lounge had no hot food after 2pm.",
        observations="Seating was comfortable.",
        spoke_with_people_using=12,
        spoke_with_relatives=5,
        spoke_with_staff=3,
    )
    visits.create_visit_report(visit, author_id=author)
    visits.send_for_accuracy_check(visit, sent_on=earlier + timedelta(days=3))
    visits.record_accuracy_response(
        visit, responded_on=earlier + timedelta(days=10), response="The trust confirmed the findings."
    )
    report = db.session.get(Report, visit.report_id)
    reports.submit_for_review(report)
    approver = _people(report.network_id)[1]
    reports.approve(report, approver_id=approver)
    publishing.publish(report, actor_id=approver)


def load_powers():
    for slug in ORGANISATIONS:
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            continue
        with network_scope(network.id):
            # Not "any organisation": the directory's providers are organisations too (one list).
            if db.session.scalar(select(InformationRequest.id).limit(1)) is not None:
                continue
            _load_network(network)
            db.session.commit()
            yield f"powers {slug}: requests, a published report, an OSC referral"
