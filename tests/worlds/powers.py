"""Statutory powers records in each network: organisations, a request for information, an OSC
referral, a published report with a recommendation and its response, a representative, a
visit with its team, a reminder and a stored message (every powers table gets rows)."""

from __future__ import annotations

from datetime import date, timedelta

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.tenants.common.models import OutgoingMessage
from linkhub.tenants.common import services as org_services
from linkhub.tenants.powers import services as powers
from linkhub.tenants.powers.models import ReminderSent
from linkhub.tenants.reports.services import publishing
from linkhub.tenants.reports import services as reports
from linkhub.tenants.visits import services as visits


def build(w, network):
    today = clock.today()
    author = w.users["both"]  # staff in both networks; the admin approves (two people)
    approver = w.users["admin_a" if network.slug == "alpha" else "admin_b"]
    trust = org_services.add_organisation(
        name=f"{network.name} Health Trust", kind="provider", email="pals@trust.example"
    )
    osc = org_services.add_organisation(name=f"{network.local_authority} Health Scrutiny", kind="osc")
    org_services.add_contact(organisation_id=trust.id, name="Jo Liaison", job_title="Head of patient experience")
    request = powers.create_request(
        organisation_id=trust.id,
        subject="Discharge delays",
        question="How many discharges were delayed last quarter?",
        issue_ref=str(w.records[network.slug]["issue_id"]),
    )
    powers.send_request(request, sent_on=today - timedelta(days=3))

    report = reports.create_report(
        title=f"{network.name} discharge report",
        summary="What people told us.",
        body="People waited too long to go home.",
        author_id=author.id,
    )
    reports.add_subject(
        report, provider_id=w.records[network.slug]["provider_id"], service_id=w.records[network.slug]["service_id"]
    )
    recommendation = reports.add_recommendation(report, text="Plan discharge from admission", organisation_id=trust.id)
    reports.submit_for_review(report)
    reports.approve(report, approver_id=approver.id)
    recipient = reports.send_report(report, organisation_ids=[trust.id], sent_on=today - timedelta(days=2))[0]
    reports.record_recommendation_response(
        recommendation,
        response_status="accepted",
        responded_on=today,
        response="Agreed",
        action_promised="New discharge checklist",
        follow_up_on=today + timedelta(days=60),
    )
    publishing.publish(report, actor_id=approver.id)

    referral = powers.create_referral(
        organisation_id=osc.id,
        matter="Discharge delays",
        issue_refs=str(w.records[network.slug]["issue_id"]),
        report_id=report.id,
    )
    powers.refer(referral, referred_on=today)
    answered = powers.create_referral(organisation_id=osc.id, matter="Ambulance handovers")
    powers.refer(answered, referred_on=today - timedelta(days=10))
    powers.record_referral_response(answered, status="acknowledged", responded_on=today - timedelta(days=8))

    rep = visits.add_representative(
        name="Rita Representative",
        authorised_on=date(2020, 1, 1),
        dbs_checked_on=today - timedelta(days=100),
        dbs_expires_on=today + timedelta(days=900),
        training_completed_on=date(2020, 1, 10),
    )
    visit = visits.plan_visit(
        organisation_id=trust.id,
        premises="Ward 4",
        planned_on=today + timedelta(days=14),
        notice_sent_on=today,
        service_id=w.records[network.slug]["service_id"],
    )
    visits.assign(visit, representative_id=rep.id, is_lead=True)

    db.session.add(ReminderSent(subject=f"information_request/{request.id}@{request.due_on}", kind="due_soon"))
    message = OutgoingMessage(to="staff@example.org", subject="Due soon", body="A reminder")
    db.session.add(message)
    db.session.flush()
    return {
        "organisation_id": trust.id,
        "request_id": request.id,
        "referral_id": referral.id,
        "report_id": report.id,
        "recommendation_id": recommendation.id,
        "recipient_id": recipient.id,
        "representative_id": rep.id,
        "visit_id": visit.id,
        "message_id": message.id,
    }
