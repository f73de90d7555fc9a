"""Demo federation: a Yorkshire ambulance pathway group (Sheffield convenes, Leeds joins) and a
North West mental health group (Manchester, Salford), agreements accepted by each network admin,
and demo issues shared along the pathways through the real services. The outbox events are
processed here, so the demo is complete without a worker. Skips what exists."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.models import Network, OutboxEvent, User
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.issues.models import Issue

from . import services
from .models import WorkingGroup

AGREEMENT = ("Member networks share anonymised issues about this pathway: structured fields, month not "
             "date, and text a person at the network has reviewed. Counts below the threshold are never "
             "shown. A network may withdraw what it shared at any time.")
GROUPS = [  # name, region, pathway, convenor, members, stages to share along
    ("Yorkshire ambulance pathway", "Yorkshire and the Humber", "ambulance", "sheffield", ["leeds"],
     ["999-call", "response", "on-scene", "conveyance-handover", "discharge"]),
    ("North West mental health pathway", "North West", "mental-health", "manchester", ["salford"],
     ["referral", "assessment", "crisis-care", "discharge-aftercare"]),
]


def _network(slug: str) -> Network | None:
    return db.session.scalar(select(Network).where(Network.slug == slug))


def _admin(network: Network) -> User | None:
    return db.session.scalar(select(User).where(User.email == f"admin@{network.slug}.example"))


def _share_issues(group: WorkingGroup, network: Network, stages: list[str], admin: User) -> int:
    shared = 0
    with network_scope(network.id):
        for i, issue in enumerate(db.session.scalars(select(Issue).order_by(Issue.id).limit(len(stages)))):
            draft = services.start_share(issue, group, stages[i % len(stages)], admin)
            try:
                services.approve_share(draft, title=draft.title, text=draft.text, user=admin)
                shared += 1
            except services.IdentifiersFound:
                pass  # left as a draft for a person to review: the demo shows that step too
        db.session.commit()
    return shared


def _process_outbox() -> None:
    for _ in range(5):  # shares emit search events; run those too
        with platform_scope():
            ids = db.session.scalars(select(OutboxEvent.id).where(
                OutboxEvent.status == "pending",
                OutboxEvent.event_type.in_(("federation.share", "shared_issue.shared", "shared_issue.withdrawn")))
                .order_by(OutboxEvent.id)).all()
            db.session.rollback()
        if not ids:
            return
        for event_id in ids:
            outbox.process(event_id, 5)


def load_federation() -> Iterator[str]:
    with platform_scope():
        services.ensure_default_pathways()
        db.session.commit()
    for name, region, pathway, convenor_slug, member_slugs, stages in GROUPS:
        with platform_scope():
            if db.session.scalar(select(WorkingGroup.id).where(WorkingGroup.name == name)):
                continue
            networks = [n for n in map(_network, [convenor_slug, *member_slugs]) if n is not None]
            if len(networks) < 2:
                continue  # the platform demo has not run
            group = services.create_working_group(
                name=name, region=region, pathway=services.pathway_by_slug(pathway), convenor=networks[0],
                members=networks[1:], agreement_text=AGREEMENT)
            admins = {n.id: _admin(n) for n in networks}
            for network in networks:
                if admins[network.id] is not None:
                    services.accept_agreement(group, network, admins[network.id])
            db.session.commit()
            yield f"working group {name}"
        count = sum(_share_issues(group, network, stages, admins[network.id])
                    for network in networks if admins[network.id] is not None)
        _process_outbox()
        yield f"{count} shared issues in {name}"
