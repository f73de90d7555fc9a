"""Demo federation: a Yorkshire ambulance pathway group (Sheffield convenes, Leeds joins) and a
North West mental health group (Manchester, Salford), agreements accepted by each network admin,
demo issues tagged with a stage of the group's pathway, the first few shared at that stage through
the real services, and a joint report in each group: published in Yorkshire (both networks
approved), awaiting Salford's approval in the North West. The outbox events are processed here,
so the demo is complete without a worker. Skips what exists."""
from __future__ import annotations

from collections.abc import Iterator

from flask import current_app
from sqlalchemy import select

from linkhub.platform import lanes
from linkhub.platform.db import db
from linkhub.platform.models import Network, OutboxEvent, User
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.issues.models import Issue

from . import issue_tags, joint_reports, services
from .models import SharedIssue, WorkingGroup

AGREEMENT = ("Member networks share anonymised issues about this pathway: structured fields, month not "
             "date, and text a person at the network has reviewed. Counts below the threshold are never "
             "shown. A network may withdraw what it shared at any time.")
REPORTS = {  # group name: (title, summary, body, approved by every member network, so published)
    "Yorkshire ambulance pathway": (
        "Waiting at every stage: the ambulance pathway in South and West Yorkshire",
        "What people told two networks about the journey from the 999 call to discharge.",
        "People told both networks about long waits for a response and at hospital handover, and about being "
        "discharged without a plan. We ask the ambulance trust and the acute trusts to publish handover times "
        "by hospital each month and to agree a discharge checklist with patients' representatives.", True),
    "North West mental health pathway": (
        "Crisis care in Greater Manchester: what two networks heard",
        "Access to assessment and crisis care, from people who used mental health services.",
        "People described waits for assessment and difficulty reaching the crisis team out of hours. We ask the "
        "mental health trust to publish waiting times for assessment and to review out-of-hours access.", False),
}
SHARED_PER_NETWORK = 2  # the rest of a network's issues are tagged, not shared
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


def _share_issues(group: WorkingGroup, network: Network, stages: list[str], admin: User, first: int = 0) -> int:
    """Tag the network's issues along the group's pathway and share the first ones at their
    tagged stage (as staff would: the share form offers the tag first). The others stay tagged
    only, so "Issues by pathway" shows both and their share form shows the stage chosen."""
    shared = 0
    with network_scope(network.id):
        for i, issue in enumerate(db.session.scalars(select(Issue).order_by(Issue.id)).all()):
            stage = stages[(first + i) % len(stages)]  # networks start along the pathway, not all at its start
            issue_tags.tag_issue(issue, pathway=group.pathway.slug, stage=stage, user=admin)
            if i >= SHARED_PER_NETWORK:
                continue
            draft = services.start_share(issue, group, stage, admin)
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
                OutboxEvent.event_type.in_(("federation.share", "shared_issue.shared", "shared_issue.withdrawn",
                                            "report.published")))
                .order_by(OutboxEvent.id)).all()
            db.session.rollback()
        if not ids:
            return
        for event_id in ids:
            lanes.run_event(current_app._get_current_object(), event_id)  # as its lane's actor would


def _joint_report(name: str, networks: list[Network], admins: dict) -> str | None:
    """Drafted by the convenor from the group's live shared issues; approved by every network
    (published) or by the convenor only (awaiting the others)."""
    with platform_scope():
        group = db.session.scalar(select(WorkingGroup).where(WorkingGroup.name == name))
        ids = db.session.scalars(select(SharedIssue.id).where(
            SharedIssue.working_group_id == group.id, SharedIssue.withdrawn.is_(False),
            SharedIssue.superseded_by_id.is_(None))).all()
        if not ids or not networks or name not in REPORTS:
            return None
        title, summary, body, publish = REPORTS[name]
        try:
            report = joint_reports.draft(group, title=title, summary=summary, body=body, shared_issue_ids=ids,
                                         user=admins[networks[0].id])
        except services.ServiceError:
            db.session.rollback()
            return None
        for network in networks if publish else networks[:1]:
            joint_reports.approve(report, network, admins[network.id])
        db.session.commit()
        return report.status


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
        count = sum(_share_issues(group, network, stages, admins[network.id], first=k * SHARED_PER_NETWORK)
                    for k, network in enumerate(networks) if admins[network.id] is not None)
        _process_outbox()
        yield f"{count} shared issues in {name}"
        if status := _joint_report(name, [n for n in networks if admins[n.id] is not None], admins):
            _process_outbox()
            yield f"joint report {status} in {name}"
