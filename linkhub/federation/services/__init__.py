"""Federation services: the only code that changes pathways, groups, agreements and share requests.

The federation store itself (shared issues, the approval log) is written only by the outbox
handlers in ``handlers.py``, from the event payload: a network's share travels as plain JSON,
so nothing on the federation side ever reads a tenant table. Callers commit once.
"""

from __future__ import annotations

import re

from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db, find_by_id
from linkhub.platform.models import REGIONS, Network
from linkhub.platform.services import ServiceError

from ..models import (
    DEFAULT_THRESHOLD,
    MIN_THRESHOLD,
    AgreementAcceptance,
    FederationLog,
    Pathway,
    PathwayStage,
    SharingAgreement,
    WorkingGroup,
    WorkingGroupMember,
)

# The pathways every region starts with (migration 0030 seeds the same; see ensure_default_pathways).
DEFAULT_PATHWAYS = [
    (
        "Ambulance",
        "ambulance",
        "From the 999 call to discharge.",
        ["999 call", "Call handling", "Response", "On scene", "Conveyance and handover", "Discharge"],
    ),
    (
        "Mental health",
        "mental-health",
        "From referral to discharge and aftercare.",
        ["Referral", "Assessment", "Treatment", "Crisis care", "Discharge and aftercare"],
    ),
    (
        "Specialist services",
        "specialist-services",
        "From referral to follow-up.",
        ["Referral", "Diagnosis", "Treatment", "Follow-up"],
    ),
]
STAGE_SLUGS = {"Conveyance and handover": "conveyance-handover", "Discharge and aftercare": "discharge-aftercare"}


def slugify(name: str) -> str:
    return STAGE_SLUGS.get(name) or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class IdentifiersFound(ServiceError):
    """The approved text still looks like it names someone: the reviewer must confirm."""

    def __init__(self, findings):
        kinds = sorted({f.type.lower() for f in findings})
        super().__init__(
            "The text still contains what looks like "
            + ", ".join(kinds)
            + ". Edit it, or confirm that it identifies nobody.",
            status=422,
            field="text",
        )
        self.findings = findings


# --- pathways, groups and agreements (operator and convenor) ---------------------------------


def create_pathway(*, name: str, stages: list[str], description: str = "", slug: str | None = None) -> Pathway:
    slug = (slug or slugify(name))[:60].strip("-")
    stages = [s.strip() for s in stages if s and s.strip()]
    if not name.strip() or not slug:
        raise ServiceError("Enter a name for the pathway, with letters or numbers", field="name")
    if len(stages) < 2:
        raise ServiceError("A pathway needs at least two stages", field="stages")
    if any(len(s) > 120 for s in stages):
        raise ServiceError("Keep each stage's name to 120 characters", field="stages")
    if len({slugify(s)[:60] for s in stages}) < len(stages) or not all(slugify(s) for s in stages):
        raise ServiceError("Give each stage a different name, with letters or numbers", field="stages")
    if db.session.scalar(select(Pathway.id).where(Pathway.slug == slug)):
        raise ServiceError("A pathway with that name already exists", status=409, field="name")
    pathway = Pathway(
        slug=slug,
        name=name.strip(),
        description=description.strip(),
        stages=[PathwayStage(position=i, slug=slugify(s)[:60], name=s) for i, s in enumerate(stages, 1)],
    )
    db.session.add(pathway)
    db.session.flush()
    audit.record("pathway.created", "pathway", pathway.id, network_id=None, slug=slug)
    return pathway


def ensure_default_pathways() -> None:
    """The migration seeds these; put back any missing (a TRUNCATE between tests, a restore)."""
    for name, slug, description, stages in DEFAULT_PATHWAYS:
        if db.session.scalar(select(Pathway.id).where(Pathway.slug == slug)) is None:
            create_pathway(name=name, slug=slug, description=description, stages=stages)


def pathway_by_slug(slug: str) -> Pathway:
    pathway = db.session.scalar(select(Pathway).where(Pathway.slug == slug))
    if pathway is None:
        raise ServiceError(f"No pathway {slug!r}", status=404, field="pathway")
    return pathway


def create_working_group(
    *,
    name: str,
    region: str,
    pathway: Pathway,
    convenor: Network,
    members: list[Network] = (),
    agreement_text: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    single_network: bool = False,
) -> WorkingGroup:
    """A group is set up with its convenor and at least one other network (it follows a pathway
    across boundaries). It may later shrink to one when members leave; ``single_network=True``
    builds that state directly (test and benchmark fixtures), never from a page or the API."""
    if not name.strip():
        raise ServiceError("Enter the working group's name", field="name")
    if region not in REGIONS:
        raise ServiceError("Choose an English region", field="region")
    if db.session.scalar(select(WorkingGroup.id).where(WorkingGroup.name == name.strip())):
        raise ServiceError("A working group with that name already exists", status=409, field="name")
    if not single_network and not {n.id for n in members} - {convenor.id}:
        # A working group follows a pathway across network boundaries: one network alone is not one.
        raise ServiceError("Choose at least one member network besides the convenor", field="networks")
    group = WorkingGroup(name=name.strip(), region=region, pathway=pathway, convenor_network_id=convenor.id)
    db.session.add(group)
    db.session.flush()
    for network in {convenor.id: convenor, **{n.id: n for n in members}}.values():
        group.members.append(WorkingGroupMember(network_id=network.id))
    audit.record("working_group.created", "working_group", group.id, network_id=None, name=group.name)
    if agreement_text:
        publish_agreement(group, agreement_text, threshold)
    db.session.flush()
    return group


def publish_agreement(group: WorkingGroup, text: str, threshold: int = DEFAULT_THRESHOLD) -> SharingAgreement:
    """A new version: every member network must accept it before it shares again."""
    if not text.strip():
        raise ServiceError("Enter the text of the agreement", field="text")
    if threshold < MIN_THRESHOLD:
        raise ServiceError(f"The suppression threshold cannot be below {MIN_THRESHOLD}", field="suppression_threshold")
    version = (group.current_agreement.version + 1) if group.current_agreement else 1
    agreement = SharingAgreement(version=version, text=text.strip(), suppression_threshold=threshold)
    group.agreements.append(agreement)
    db.session.flush()
    audit.record("sharing_agreement.published", "working_group", group.id, network_id=None, version=version)
    return agreement


def add_member(group: WorkingGroup, network: Network, user) -> WorkingGroupMember:
    """The network joins; it shares once its admin has accepted the current agreement."""
    if network.id in group.member_network_ids:
        raise ServiceError(f"{network.name} is already a member of this working group", status=409, field="network")
    member = WorkingGroupMember(network_id=network.id)
    group.members.append(member)
    db.session.flush()
    audit.record(
        "working_group.member_added", "working_group", group.id, network_id=None, actor=user, network=network.slug
    )
    db.session.add(
        FederationLog(
            action="member.added", working_group_id=group.id, network_id=network.id, actor_label=user.email, details={}
        )
    )
    return member


def remove_member(group: WorkingGroup, network: Network, user) -> None:
    """The network leaves: it no longer sees the group, shares into it or approves its reports.
    What it shared stays (under the agreement it accepted) until the network withdraws it; a
    draft joint report every remaining member has approved is published."""
    member = next((m for m in group.members if m.network_id == network.id), None)
    if member is None:
        raise ServiceError(f"{network.name} is not a member of this working group", status=404)
    if network.id == group.convenor_network_id:
        raise ServiceError("The convenor network cannot leave its working group", status=409, field="network")
    group.members.remove(member)
    db.session.flush()
    audit.record(
        "working_group.member_removed", "working_group", group.id, network_id=None, actor=user, network=network.slug
    )
    db.session.add(
        FederationLog(
            action="member.removed",
            working_group_id=group.id,
            network_id=network.id,
            actor_label=user.email,
            details={},
        )
    )
    from .joint_reports import publish_fully_approved  # joint_reports imports this module

    publish_fully_approved(group)


def member_group(group_id: int, network_id: int) -> WorkingGroup:
    """The group if the network is a member; anything else is a 404 (as another network's id)."""
    group = find_by_id(WorkingGroup, group_id)
    if group is None or network_id not in group.member_network_ids:
        raise ServiceError("Not found", status=404)
    return group


def accept_agreement(group: WorkingGroup, network: Network, user) -> AgreementAcceptance:
    agreement = group.current_agreement
    if agreement is None:
        raise ServiceError("The working group has no sharing agreement yet", status=409)
    found = agreement.accepted_by(network.id)
    if found:
        return found
    acceptance = AgreementAcceptance(network_id=network.id, accepted_by_id=user.id, accepted_by_label=user.email)
    agreement.acceptances.append(acceptance)
    db.session.flush()
    audit.record(
        "sharing_agreement.accepted", "working_group", group.id, network_id=network.id, version=agreement.version
    )
    db.session.add(
        FederationLog(
            action="agreement.accepted",
            working_group_id=group.id,
            network_id=network.id,
            actor_label=user.email,
            details={"version": agreement.version},
        )
    )
    return acceptance


def require_accepted(group: WorkingGroup, network_id: int) -> SharingAgreement:
    agreement = group.current_agreement
    if agreement is None:
        raise ServiceError("The working group has no sharing agreement, so nothing can be shared yet.", status=409)
    if agreement.accepted_by(network_id) is None:
        raise ServiceError(
            f"Your network has not accepted version {agreement.version} of this working group's "
            "sharing agreement. A network admin must accept it before you share.",
            status=409,
        )
    return agreement


def acting_user():
    return current_user if getattr(current_user, "is_authenticated", False) else None
