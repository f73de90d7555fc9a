"""Members, declarations of interest and governance records in each test network (for the
isolation matrix and the governance tests): two active members (one declaring an interest in
the network's hospital), a request to join, a hub seat, a governing document, a public meeting
with a paper, a decision at it about the hospital with the declared conflict recorded, and an
open disagreement."""

from datetime import date, timedelta

from linkhub.tenants.governance import services as governance
from linkhub.tenants.governance.services import decisions
from linkhub.tenants.members import services as members

PDF = b"%PDF-1.4\n% a tiny test paper\n"


def build(w, network):
    provider_id = w.records[network.slug]["provider_id"]
    chair = members.add_person(
        kind="individual",
        involvement="member",
        name="Chris Chair",
        email=f"chris@{network.slug}.example",
        contact_method="email",
        consent_to_contact=True,
    )
    nurse = members.add_person(
        kind="individual",
        involvement="member",
        name="Nina Nurse",
        email=f"nina@{network.slug}.example",
        contact_method="email",
        consent_to_contact=True,
    )
    interest = members.declare_interest(
        nurse,
        employer=f"{network.name} General Hospital",
        role="Staff nurse",
        interest="Employed by the trust",
        provider_id=provider_id,
        declared_on=date.today() - timedelta(days=30),
    )
    applicant = members.apply_to_join(
        consent=True,
        kind="organisation",
        involvement="participant",
        name="Carers Together",
        organisation_type="voluntary",
        email=f"carers@{network.slug}.example",
        contact_method="email",
    )
    seat = governance.add_body_member(body="hub", person_id=chair.id, role="chair")
    governance.set_structure(model="hub", description="A hub of eight elected members.")
    version = governance.add_version(title="Governing document", text="1. Name\n2. Aims\n")
    meeting = governance.add_meeting(
        title="Hub meeting", kind="hub", held_on=date.today() - timedelta(days=7), is_public=True, agenda="Welcome"
    )
    paper = governance.add_paper(meeting, title="Agenda pack", filename="pack.pdf", content=PDF)
    decision = decisions.record_decision(
        title="Visit the hospital's A&E",
        route="meeting",
        meeting_id=meeting.id,
        provider_id=provider_id,
        participants=[{"person_id": chair.id}, {"person_id": nurse.id, "handling": "withdrew"}],
        links=[{"kind": "issue", "target_id": w.records[network.slug]["issue_id"]}],
    )
    disagreement = decisions.raise_disagreement(subject="Which visit first", description="Two views on priority")
    return {
        "person_id": chair.id,
        "applicant_id": applicant.id,
        "interest_id": interest.id,
        "body_member_id": seat.id,
        "document_version_id": version.id,
        "meeting_id": meeting.id,
        "meeting_paper_id": paper.id,
        "decision_id": decision.id,
        "disagreement_id": disagreement.id,
    }
