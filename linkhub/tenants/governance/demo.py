"""Demo members and governance for every demo network: members and participants (individuals
and organisations, one request to join waiting, one leaver shown as "a former member"),
declarations of interest (one due for its yearly review), the structure the network chose,
two versions of its governing document, meetings (public and closed, papers, minutes),
decisions with declared conflicts of interest, a delegated decision waiting to be ratified,
and disagreements (one resolved, one open)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory.models import Provider
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.members import services as members
from linkhub.tenants.members.models import Person  # noqa: F401

from . import services
from .services import decisions

STRUCTURES = {"sheffield": "hub", "leeds": "steering_group", "manchester": "flexible", "salford": "hub"}
PEOPLE = [  # name, kind, involvement, organisation type, contact
    ("Margaret Holt", "individual", "member", None, "email"),
    ("Daniel Okafor", "individual", "member", None, "phone"),
    ("Aisha Rahman", "individual", "member", None, "email"),
    ("Tom Birch", "individual", "participant", None, "post"),
    ("Carers Voice", "organisation", "member", "user_led", "email"),
    ("Age Concern Local", "organisation", "participant", "voluntary", "email"),
    ("Deaf Community Group", "organisation", "participant", "community", "email"),
]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DOCUMENT = """1. Name
The LINk is called {name}.

2. Aims
To give local people a say in how health and social care services are planned, run and checked.

3. Who can take part
Anyone living or working in the area, and voluntary and community organisations. NHS trusts,
NHS foundation trusts, Primary Care Trusts and Strategic Health Authorities cannot be members.

4. How decisions are made
{how}

5. Conflicts of interest
Everyone taking part in a decision declares any interest in the services or providers concerned.
Declarations are reviewed every year.

6. Disagreements
Disagreements are first talked through informally, then referred to the chair, then to mediation.
"""


def _people(slug: str) -> list[Person]:
    out = []
    for name, kind, involvement, org_type, contact in PEOPLE:
        email = f"{name.split()[0].lower()}@{slug}-members.example"
        out.append(
            members.add_person(
                kind=kind,
                involvement=involvement,
                name=name,
                organisation_type=org_type,
                email=email,
                phone="0114 496 0000" if contact == "phone" else "",
                address="1 High Street" if contact == "post" else "",
                contact_method=contact,
                consent_to_contact=True,
            )
        )
    return out


def _load_network(network: Network) -> str:
    today = clock.today()
    people = _people(network.slug)
    chair, nurse, gp_manager, participant = people[0], people[1], people[2], people[3]
    providers = list(db.session.scalars(select(Provider).order_by(Provider.id).limit(2)))
    hospital = providers[0] if providers else None
    members.declare_interest(
        nurse,
        employer=hospital.name if hospital else "Local hospital trust",
        role="Staff nurse",
        interest="Employed by the trust",
        provider_id=hospital.id if hospital else None,
        declared_on=today - timedelta(days=360),  # due for review within the week
    )
    if len(providers) > 1:
        members.declare_interest(
            gp_manager,
            employer=providers[1].name,
            role="Practice manager",
            interest="Manages services at this provider",
            provider_id=providers[1].id,
            declared_on=today - timedelta(days=100),
        )
    members.declare_interest(
        chair,
        employer="Carers Voice",
        role="Trustee",
        interest="Trustee of a member organisation",
        declared_on=today - timedelta(days=200),
    )
    members.apply_to_join(
        consent=True,
        kind="individual",
        involvement="participant",
        name="Jo Newcomer",
        email=f"jo@{network.slug}-members.example",
        contact_method="email",
        works_for_nhs=True,
        employer="Community health trust",
        job_role="Receptionist",
    )
    leaver = members.add_person(
        kind="individual",
        involvement="member",
        name="Pat Leaver",
        email=f"pat@{network.slug}-members.example",
        contact_method="email",
        consent_to_contact=True,
    )

    model = STRUCTURES.get(network.slug, "hub")
    how = {
        "hub": "The hub, elected by members each year, decides; urgent decisions by the chair are ratified at the next hub meeting.",
        "steering_group": "The steering group decides at its monthly meeting, on a work programme agreed with local groups.",
        "flexible": "Citizens' meetings decide the work; task groups do it and end when the task ends.",
    }[model]
    services.set_structure(
        model=model,
        description=f"{network.name} follows the {model.replace('_', ' ')} model.",
        decision_procedure=how,
        disagreement_procedure="Talk it through; then the chair; then mediation by the host; then an independent review.",
    )
    if model in ("hub", "steering_group"):
        services.add_body_member(body=model, person_id=chair.id, role="chair", started_on=today - timedelta(days=300))
        services.add_body_member(body=model, person_id=nurse.id, role="member", started_on=today - timedelta(days=300))
        services.add_body_member(body=model, person_id=leaver.id, role="member", started_on=today - timedelta(days=300))
    services.add_version(
        title=f"{network.name} governing document",
        text=DOCUMENT.format(name=network.name, how="The members decide at an annual meeting."),
        adopted_on=today - timedelta(days=330),
    )
    meetings = [
        services.add_meeting(
            title=f"{'Hub' if model == 'hub' else 'Steering group' if model == 'steering_group' else 'Citizens'} meeting",
            kind=model if model != "flexible" else "citizens",
            held_on=today - timedelta(days=days),
            start_time="18:30",
            location="Community centre, main hall",
            is_public=True,
            agenda="Welcome and apologies\nDeclarations of interest\nMinutes of the last meeting\nPriorities for the year\nAny other business",
        )
        for days in (60, 14)
    ]
    closed = services.add_meeting(
        title="Closed session: complaint about a provider",
        kind="hub" if model != "steering_group" else "steering_group",
        held_on=today - timedelta(days=30),
        is_public=False,
        closed_reason="Discusses a named person's care.",
        agenda="Declarations of interest\nThe complaint",
    )
    for m in meetings + [closed]:
        services.add_paper(m, title="Agenda pack", filename="agenda-pack.pdf", content=PDF)
    services.record_minutes(
        meetings[0],
        minutes="Present: the chair and six members. Declarations: a staff nurse at the hospital trust.\n"
        "Agreed the priorities for the year.",
        approved_on=meetings[1].held_on,
    )
    services.record_minutes(meetings[1], minutes="Draft minutes: agreed to visit the A&E department.")
    adopting = decisions.record_decision(
        title="Adopt the revised governing document",
        route="meeting",
        meeting_id=meetings[0].id,
        participants=[{"person_id": p.id} for p in (chair, nurse, gp_manager)],
    )
    services.add_version(
        title=f"{network.name} governing document",
        text=DOCUMENT.format(name=network.name, how=how),
        change_note="Section 4 now says how decisions are made, including urgent ones.",
        adopted_on=meetings[0].held_on,
        decision_id=adopting.id,
    )
    issue = db.session.scalars(select(Issue).order_by(Issue.id)).first()
    if hospital is not None:
        decisions.record_decision(
            title=f"Carry out an enter and view visit to {hospital.name}",
            details="Following repeated feedback about waits, the LINk will visit the A&E department.",
            route="meeting",
            meeting_id=meetings[1].id,
            provider_id=hospital.id,
            participants=[
                {"person_id": chair.id},
                {"person_id": nurse.id, "handling": "withdrew"},  # the declared conflict, recorded
                {"person_id": gp_manager.id},
                {"person_id": leaver.id},
            ],
            links=[{"kind": "issue", "target_id": issue.id}] if issue else [],
        )
    if len(providers) > 1:
        decisions.record_decision(
            title=f"Ask {providers[1].name} for information about appointment waits",
            route="urgent",
            decided_by_id=chair.id,
            decided_on=today - timedelta(days=3),
            provider_id=providers[1].id,
            participants=[{"person_id": chair.id}, {"person_id": gp_manager.id, "handling": "no_vote"}],
        )
    decisions.record_decision(
        title="Host staff to answer routine press enquiries",
        route="delegated",
        decided_by_id=chair.id,
        decided_on=today - timedelta(days=40),
    )
    resolved = decisions.raise_disagreement(
        subject="Which service to visit first",
        description="Some members wanted to visit care homes before the hospital.",
        raised_on=today - timedelta(days=50),
        raised_by_id=participant.id,
    )
    decisions.handle_disagreement(
        resolved, stage="chair", handling="The chair met both sides and set out the evidence."
    )
    decisions.close_disagreement(
        resolved,
        status="resolved",
        outcome="Agreed to visit the hospital first and care homes next quarter.",
        closed_on=today - timedelta(days=40),
    )
    decisions.raise_disagreement(
        subject="Use of the events budget",
        description="A member organisation disagrees with spending on a large public event.",
        raised_on=today - timedelta(days=5),
        raised_by_id=people[4].id,
    )
    members.leave(leaver)  # shown as "A former member" on the decision and the seat
    return f"governance {network.slug}: {len(people) + 2} people, 3 meetings, 4 decisions with declared conflicts"


def load_governance() -> Iterator[str]:
    for slug in ("sheffield", "leeds", "manchester", "salford"):
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            continue
        with network_scope(network.id):
            if services.current_structure() is not None:
                db.session.rollback()
                continue
            line = _load_network(network)
            db.session.commit()
        yield line
