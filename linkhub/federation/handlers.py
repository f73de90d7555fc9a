"""Outbox handlers that write the federation store from a network's share and withdrawal events.

``share`` and ``withdraw`` run in the *federation lane*: their actor connects as the federation
role, which has no grant on any tenant table (linkhub/platform/lanes.py, migrations/security.py),
so reading one would fail, not leak. They run in platform scope and read only the payload, the
event's network (``event.network_id``, set by the emitting transaction, so a payload cannot claim
another network) and federation tables. Each is idempotent (a redelivery finds its row and
stops) and then tells search through ``shared_issue.shared`` / ``shared_issue.withdrawn``.

A share the group no longer takes (the agreement changed after approval, the network left) is
refused, not dead-lettered: ``federation.share_refused`` goes back to the network's lane, where
``mark_share_refused`` marks the network's share request so its staff can act.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Network, OutboxEvent
from linkhub.platform.outbox import DeadLetter, emit, on_event

from .models import FederationLog, JointSurvey, SharedIssue, WorkingGroup
from .services import joint_surveys

REQUIRED = ("title", "pathway", "stage", "theme", "month")
SEARCH_FIELDS = (
    "title",
    "summary",
    "pathway",
    "stage",
    "theme",
    "service_type",
    "provider",
    "month",
    "feedback_count",
    "people_count",
    "region",
)


def search_payload(issue: SharedIssue) -> dict:
    """``shared_issue.shared`` per linkhub/search/events.py (also used by the reindex source)."""
    payload = {key: getattr(issue, key) for key in SEARCH_FIELDS}
    payload.update(
        shared_issue_id=issue.id,
        working_group_ids=[issue.working_group_id],
        network=issue.source_network.slug,
        network_name=issue.source_network.name,
        url=f"/federation/shared-issues/{issue.id}",
    )
    return payload


def _withdrawn_later(event: OutboxEvent, share_ref: str) -> bool:
    """A withdrawal emitted after this share decides, whatever order deliveries arrive in."""
    ref = sa.cast(OutboxEvent.payload["share_ref"].as_string(), sa.String)
    return (
        db.session.scalar(
            select(OutboxEvent.id)
            .where(
                OutboxEvent.id > event.id,
                OutboxEvent.event_type == "federation.withdraw",
                OutboxEvent.network_id == event.network_id,
                ref == share_ref,
            )
            .limit(1)
        )
        is not None
    )


@on_event("federation.share", platform=True, lane="federation")
def share(event: OutboxEvent) -> None:
    p = event.payload or {}
    try:
        ref, version, group_id = str(p["share_ref"]), int(p["version"]), int(p["working_group_id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise DeadLetter(f"federation.share payload is incomplete: {exc!r}") from None
    if missing := [k for k in REQUIRED if not p.get(k)]:
        raise DeadLetter(f"federation.share payload is missing {missing}")
    network = db.session.get(Network, event.network_id) if event.network_id else None
    if network is None:
        raise DeadLetter("federation.share names no sharing network")
    if db.session.scalar(
        select(SharedIssue.id).where(
            SharedIssue.source_network_id == network.id, SharedIssue.share_ref == ref, SharedIssue.version == version
        )
    ):
        return
    if _withdrawn_later(event, ref):
        return
    group = db.session.get(WorkingGroup, group_id)
    if reason := _refusal(group, network.id, p.get("agreement_version")):
        _refuse(event, group_id if group else None, ref, version, reason)
        return
    agreement = group.current_agreement
    previous = db.session.scalars(
        select(SharedIssue).where(
            SharedIssue.source_network_id == network.id,
            SharedIssue.share_ref == ref,
            SharedIssue.superseded_by_id.is_(None),
            SharedIssue.withdrawn.is_(False),
        )
    ).all()
    copy = SharedIssue(
        working_group_id=group.id,
        source_network_id=network.id,
        share_ref=ref,
        version=version,
        agreement_version=agreement.version,
        region=network.region,
        **{k: p.get(k) for k in SEARCH_FIELDS if k != "region"},
    )
    copy.feedback_count, copy.people_count = int(p.get("feedback_count") or 0), int(p.get("people_count") or 0)
    copy.summary = copy.summary or ""
    db.session.add(copy)
    db.session.flush()
    for old in previous:  # a correction: the old version leaves every index
        old.superseded_by_id = copy.id
        emit("shared_issue.withdrawn", {"shared_issue_id": old.id}, network_id=None)
    db.session.add(
        FederationLog(
            action="shared_issue.shared" if not previous else "shared_issue.corrected",
            working_group_id=group.id,
            network_id=network.id,
            shared_issue_id=copy.id,
            actor_label=str(p.get("approved_by") or "unknown"),
            details={
                "version": version,
                "approved_at": p.get("approved_at"),
                "identifiers_confirmed": p.get("identifiers_confirmed") or [],
            },
        )
    )
    emit("shared_issue.shared", search_payload(copy), network_id=None)


def _refusal(group: WorkingGroup | None, network_id: int, agreement_version) -> str | None:
    """Why the group no longer takes this share (something changed after the approval), or None."""
    if group is None or network_id not in group.member_network_ids:
        return "Your network is no longer a member of this working group, so the issue was not shared."
    agreement = group.current_agreement
    if agreement is None:
        return "The working group no longer has a sharing agreement, so the issue was not shared."
    if agreement.version != agreement_version:
        return (
            f"The working group's sharing agreement changed to version {agreement.version} after you approved "
            "this share, so it was not shared. A network admin must accept the new version; then approve "
            "the share again."
        )
    if not agreement.accepted_by(network_id):
        return (
            f"Your network has not accepted version {agreement.version} of the sharing agreement, so the issue "
            "was not shared. A network admin must accept it; then approve the share again."
        )
    return None


def _refuse(event: OutboxEvent, group_id: int | None, ref: str, version: int, reason: str) -> None:
    """Not a dead letter: the network can act on it. The federation side cannot write the network's
    share request (no grant on tenant tables), so it says so with an event the network's lane
    handles (``linkhub.tenants.sharing.handlers``), in the same transaction as the log entry."""
    db.session.add(
        FederationLog(
            action="share.refused",
            working_group_id=group_id,
            network_id=event.network_id,
            actor_label=str((event.payload or {}).get("approved_by") or "unknown"),
            details={"share_ref": ref, "version": version, "reason": reason},
        )
    )
    emit(
        "federation.share_refused",
        {"share_ref": ref, "version": version, "reason": reason},
        network_id=event.network_id,
    )


@on_event("federation.withdraw", platform=True, lane="federation")
def withdraw(event: OutboxEvent) -> None:
    ref = str((event.payload or {}).get("share_ref") or "")
    if not ref or event.network_id is None:
        raise DeadLetter("federation.withdraw needs a share_ref and the sharing network")
    now, withdrawn = utcnow(), []
    for issue in db.session.scalars(
        select(SharedIssue).where(
            SharedIssue.source_network_id == event.network_id,
            SharedIssue.share_ref == ref,
            SharedIssue.withdrawn.is_(False),
        )
    ).all():
        issue.withdrawn, issue.withdrawn_at = True, now
        withdrawn.append(issue)
        db.session.add(
            FederationLog(
                action="shared_issue.withdrawn",
                working_group_id=issue.working_group_id,
                network_id=event.network_id,
                shared_issue_id=issue.id,
                actor_label=str(event.payload.get("withdrawn_by") or "unknown"),
                details={"version": issue.version},
            )
        )
        emit("shared_issue.withdrawn", {"shared_issue_id": issue.id}, network_id=None)
    from .services.joint_reports import republish_including  # their search entries lose the withdrawn issues

    republish_including(withdrawn)


@on_event("federation.joint_survey_response", platform=True, lane="federation")
def count_joint_survey_response(event: OutboxEvent) -> None:
    """A network's response to its copy of a joint survey adds to that network's tallies (only
    the chosen values travel; text, dates and the equality section never leave the network).
    The network is the event's own, so a payload cannot count for another; one that is no
    longer a member of the group is not counted."""
    p = event.payload or {}
    joint = db.session.scalar(select(JointSurvey).where(JointSurvey.ref == str(p.get("joint_ref") or "")))
    if joint is None:
        raise DeadLetter(f"no joint survey {p.get('joint_ref')!r}")
    if event.network_id not in joint.working_group.member_network_ids:
        return
    joint_surveys.add_tallies(joint, event.network_id, p.get("answers") or {})
