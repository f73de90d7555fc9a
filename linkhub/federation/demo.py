"""Demo federation: a Yorkshire ambulance pathway group (Sheffield convenes, Leeds joins) and a
North West mental health group (Manchester, Salford), agreements accepted by each network admin
(``load_federation``); after the networks have shared issues (``linkhub.tenants.sharing.demo``), a
joint report in each group: published in Yorkshire (both networks approved), awaiting Salford's
approval in the North West (``load_joint_reports``). The outbox events are processed here, so the
demo is complete without a worker. Skips what exists."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network, User
from linkhub.platform.tenancy import platform_scope

from . import services

from .services import joint_recommendations, joint_reports
from .public import run_pending_events
from .models import JointReport, SharedIssue, WorkingGroup

AGREEMENT = (
    "Member networks share anonymised issues about this pathway: structured fields, month not "
    "date, and text a person at the network has reviewed. Counts below the threshold are never "
    "shown. A network may withdraw what it shared at any time."
)
REPORTS = {  # group name: (title, summary, body, approved by every member network, so published)
    "Yorkshire ambulance pathway": (
        "Waiting at every stage: the ambulance pathway in South and West Yorkshire",
        "What people told two networks about the journey from the 999 call to discharge.",
        "People told both networks about long waits for a response and at hospital handover, and about being "
        "discharged without a plan. We ask the ambulance trust and the acute trusts to publish handover times "
        "by hospital each month and to agree a discharge checklist with patients' representatives.",
        True,
    ),
    "North West mental health pathway": (
        "Crisis care in Greater Manchester: what two networks heard",
        "Access to assessment and crisis care, from people who used mental health services.",
        "People described waits for assessment and difficulty reaching the crisis team out of hours. We ask the "
        "mental health trust to publish waiting times for assessment and to review out-of-hours access.",
        False,
    ),
}
GROUPS = [  # name, region, pathway, convenor, members, stages to share along
    (
        "Yorkshire ambulance pathway",
        "Yorkshire and the Humber",
        "ambulance",
        "sheffield",
        ["leeds"],
        ["999-call", "response", "on-scene", "conveyance-handover", "discharge"],
    ),
    (
        "North West mental health pathway",
        "North West",
        "mental-health",
        "manchester",
        ["salford"],
        ["referral", "assessment", "crisis-care", "discharge-aftercare"],
    ),
]


def _network(slug: str) -> Network | None:
    return db.session.scalar(select(Network).where(Network.slug == slug))


def _admin(network: Network) -> User | None:
    return db.session.scalar(select(User).where(User.email == f"admin@{network.slug}.example"))


# Each group's joint report recommends to the ambulance trust and each acute trust.
RECOMMENDATIONS = {
    "Yorkshire ambulance pathway": [
        (
            "Yorkshire Ambulance Service NHS Trust",
            "enquiries@yas.nhs.example",
            "Publish ambulance handover times by hospital every month.",
        ),
        (
            "Sheffield Teaching Hospitals NHS Foundation Trust",
            "pals@sheffield-trust.example",
            "Agree a discharge checklist with patients' representatives.",
        ),
        (
            "Leeds Teaching Hospitals NHS Trust",
            "pals@leeds-trust.example",
            "Agree a discharge checklist with patients' representatives.",
        ),
    ],
    "North West mental health pathway": [
        (
            "Greater Manchester Mental Health NHS Foundation Trust",
            "",
            "Publish waiting times for assessment and review out-of-hours access to the crisis team.",
        ),
    ],
}


def _joint_report(name: str, networks: list[Network], admins: dict) -> str | None:
    """Drafted by the convenor from the group's live shared issues; approved by every network
    (published) or by the convenor only (awaiting the others)."""
    with platform_scope():
        group = db.session.scalar(select(WorkingGroup).where(WorkingGroup.name == name))
        ids = db.session.scalars(
            select(SharedIssue.id).where(
                SharedIssue.working_group_id == group.id,
                SharedIssue.withdrawn.is_(False),
                SharedIssue.superseded_by_id.is_(None),
            )
        ).all()
        if not ids or not networks or name not in REPORTS:
            return None
        title, summary, body, publish = REPORTS[name]
        try:
            report = joint_reports.draft(
                group, title=title, summary=summary, body=body, shared_issue_ids=ids, user=admins[networks[0].id]
            )
        except services.ServiceError:
            db.session.rollback()
            return None
        for organisation, email, text in RECOMMENDATIONS.get(name, ()):
            joint_recommendations.add(
                report, organisation=organisation, organisation_email=email, text=text, user=admins[networks[0].id]
            )
        for network in networks if publish else networks[:1]:
            joint_reports.approve(report, network, admins[network.id])
        if report.status == "published" and report.recommendations:  # the first trust has answered
            joint_recommendations.record_response(
                report.recommendations[0],
                response_status="partly_accepted",
                responded_on=report.recommendations[0].sent_on,
                response="Handover times will be published monthly from April.",
                user=admins[networks[0].id],
            )
        db.session.commit()
        return report.status


def load_federation() -> Iterator[str]:
    """Pathways, the two working groups and their agreements, accepted by each network admin."""
    with platform_scope():
        services.ensure_default_pathways()
        db.session.commit()
    for name, region, pathway, convenor_slug, member_slugs, _stages in GROUPS:
        with platform_scope():
            if db.session.scalar(select(WorkingGroup.id).where(WorkingGroup.name == name)):
                continue
            networks = [n for n in map(_network, [convenor_slug, *member_slugs]) if n is not None]
            if len(networks) < 2:
                continue  # the platform demo has not run
            group = services.create_working_group(
                name=name,
                region=region,
                pathway=services.pathway_by_slug(pathway),
                convenor=networks[0],
                members=networks[1:],
                agreement_text=AGREEMENT,
            )
            for network in networks:
                if (admin := _admin(network)) is not None:
                    services.accept_agreement(group, network, admin)
            db.session.commit()
            yield f"working group {name}"


def load_joint_reports() -> Iterator[str]:
    """A joint report in each group from what its networks shared (after the sharing demo)."""
    for name, _region, _pathway, convenor_slug, member_slugs, _stages in GROUPS:
        with platform_scope():
            group = db.session.scalar(select(WorkingGroup).where(WorkingGroup.name == name))
            exists = group is not None and db.session.scalar(
                select(JointReport.id).where(JointReport.working_group_id == group.id).limit(1)
            )
            db.session.rollback()
        if group is None or exists:
            continue
        networks = [n for n in map(_network, [convenor_slug, *member_slugs]) if n is not None]
        admins = {n.id: _admin(n) for n in networks}
        if status := _joint_report(name, [n for n in networks if admins[n.id] is not None], admins):
            run_pending_events()
            yield f"joint report in {name}: {status}"
