"""Demo requests for work: Sheffield's PCT asks for a survey of out-of-hours care (accepted, now
a work item), a care home provider asks for a visit (waiting for a decision), and Manchester
declines a request outside its remit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope

from . import services
from .models import WorkRequest

REQUESTS = [
    (
        "sheffield",
        dict(
            requester_kind="commissioner",
            organisation="NHS Sheffield Primary Care Trust",
            contact_name="Helen Commissioning",
            email="engagement@sheffieldpct.example",
            title="What people think of out-of-hours GP care",
            description="We are re-tendering the out-of-hours service and would value the LINk asking local "
            "people about their experience, especially people who rarely give their views.",
        ),
        ("accept", "It matches our priority on access to GPs and we are already surveying GP access."),
    ),
    (
        "sheffield",
        dict(
            requester_kind="provider",
            organisation="Oakwood Care Homes",
            contact_name="Dev Manager",
            email="manager@oakwood.example",
            title="Visit our new dementia unit",
            description="We would welcome an enter and view visit to our new dementia unit and your findings.",
        ),
        None,
    ),
    (
        "manchester",
        dict(
            requester_kind="osc",
            organisation="Manchester Health Scrutiny Committee",
            contact_name="Cllr Ahmed",
            email="scrutiny@manchester.example",
            title="Review of children's social care placements",
            description="The committee asks the LINk to gather views on children's social care placements.",
        ),
        ("decline", "Children's social care is outside a LINk's remit; we suggest the children's rights service."),
    ),
]


def load_work_requests() -> Iterator[str]:
    for slug, fields, decision in REQUESTS:
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            continue
        with network_scope(network.id):
            if db.session.scalar(select(WorkRequest.id).where(WorkRequest.title == fields["title"])):
                continue
            request = services.submit_request(**fields)
            if decision is not None:
                services.decide(
                    request,
                    decision=decision[0],
                    reasons=decision[1],
                    owner="Priya Staff",
                    outcome="A report to the PCT with recommendations before the re-tender",
                    target_on=clock.today() + timedelta(days=75),
                )
            db.session.commit()
            yield f"request for work {fields['title']!r} in {slug}"
