"""Demo correspondence for every demo network: letters, e-mails, calls and meetings, both ways,
with the commissioner, a provider, the OSC and the regulator, linked to the network's request
for information, report and referral, one with a PDF attached."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.common import services as org_services
from linkhub.tenants.common.models import Organisation
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.powers.models import InformationRequest, OscReferral
from linkhub.tenants.reports.models import Report

from . import services
from .models import Correspondence

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _org(kind: str) -> Organisation | None:
    return db.session.scalars(select(Organisation).where(Organisation.kind == kind).order_by(Organisation.id)).first()


def _load_network(network: Network) -> str:
    today = clock.today()
    names = {
        "commissioner": f"NHS {network.local_authority.replace(' Council', '').replace(' City', '')} (PCT)",
        "provider": f"{network.local_authority.replace(' Council', '')} Community Health",
        "osc": f"{network.local_authority} Health Scrutiny Committee",
        "regulator": "Care Quality Commission",
    }
    commissioner, provider, osc, regulator = (
        _org(kind) or org_services.add_organisation(name=name, kind=kind) for kind, name in names.items()
    )
    other_link = org_services.add_organisation(name="Neighbouring LINk", kind="link", email="hello@neighbour.example")
    request = db.session.scalars(select(InformationRequest).order_by(InformationRequest.id)).first()
    report = db.session.scalars(select(Report).order_by(Report.id)).first()
    referral = db.session.scalars(select(OscReferral).order_by(OscReferral.id)).first()
    issue = db.session.scalars(select(Issue).order_by(Issue.id)).first()
    plan = [
        (
            "out",
            "letter",
            commissioner,
            "Request for information about memory assessment waits",
            40,
            [{"kind": "information_request", "target_id": request.id}] if request else [],
            True,
        ),
        (
            "in",
            "email",
            commissioner,
            "Acknowledgement of our request",
            38,
            [{"kind": "information_request", "target_id": request.id}] if request else [],
            False,
        ),
        (
            "in",
            "call",
            provider,
            "Patient experience lead called about A&E feedback",
            20,
            [{"kind": "issue", "target_id": issue.id}] if issue else [],
            False,
        ),
        (
            "out",
            "email",
            provider,
            "Draft report sent for factual accuracy",
            15,
            [{"kind": "report", "target_id": report.id}] if report else [],
            False,
        ),
        (
            "out",
            "meeting",
            osc,
            "Met the scrutiny officer about our referral",
            10,
            [{"kind": "osc_referral", "target_id": referral.id}] if referral else [],
            False,
        ),
        ("in", "letter", regulator, "Regulator's reply to our concerns", 5, [], False),
        ("in", "email", other_link, "Joint work on ambulance handovers", 2, [], False),
    ]
    made = 0
    for direction, channel, organisation, subject, days, links, attach in plan:
        if organisation is None:
            continue
        services.record(
            direction=direction,
            channel=channel,
            dated_on=today - timedelta(days=days),
            organisation_id=organisation.id,
            person="",
            subject=subject,
            summary=f"{subject}. Noted on the log by host staff.",
            links=links,
            attachments=[("letter.pdf", PDF)] if attach else [],
        )
        made += 1
    return f"correspondence {network.slug}: {made} entries"


def load_correspondence() -> Iterator[str]:
    for slug in ("sheffield", "leeds", "manchester", "salford"):
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            continue
        with network_scope(network.id):
            if db.session.scalar(select(Correspondence.id).limit(1)) is not None:
                db.session.rollback()
                continue
            line = _load_network(network)
            db.session.commit()
        yield line
