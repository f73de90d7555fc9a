"""Outbox handlers that write the federation store from a network's share and withdrawal events.

They run in platform scope and read only the payload, the event's network (``event.network_id``,
set by the emitting transaction, so a payload cannot claim another network) and federation
tables: never a tenant table. Each is idempotent (a redelivery finds its row and stops) and
then tells search through ``shared_issue.shared`` / ``shared_issue.withdrawn``.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Network, OutboxEvent
from linkhub.platform.outbox import DeadLetter, emit, on_event

from .models import FederationLog, SharedIssue, WorkingGroup

REQUIRED = ("title", "pathway", "stage", "theme", "month")
SEARCH_FIELDS = ("title", "summary", "pathway", "stage", "theme", "service_type", "provider", "month",
                 "feedback_count", "people_count", "region")


def search_payload(issue: SharedIssue) -> dict:
    """``shared_issue.shared`` per linkhub/search/events.py (also used by the reindex source)."""
    payload = {key: getattr(issue, key) for key in SEARCH_FIELDS}
    payload.update(shared_issue_id=issue.id, working_group_ids=[issue.working_group_id],
                   network=issue.source_network.slug, network_name=issue.source_network.name,
                   url=f"/federation/shared-issues/{issue.id}")
    return payload


def _withdrawn_later(event: OutboxEvent, share_ref: str) -> bool:
    """A withdrawal emitted after this share decides, whatever order deliveries arrive in."""
    ref = sa.cast(OutboxEvent.payload["share_ref"].as_string(), sa.String)
    return db.session.scalar(select(OutboxEvent.id).where(
        OutboxEvent.id > event.id, OutboxEvent.event_type == "federation.withdraw",
        OutboxEvent.network_id == event.network_id, ref == share_ref).limit(1)) is not None


@on_event("federation.share", platform=True)
def share(event: OutboxEvent) -> None:
    p = event.payload or {}
    try:
        ref, version, group_id = str(p["share_ref"]), int(p["version"]), int(p["working_group_id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise DeadLetter(f"federation.share payload is incomplete: {exc!r}") from None
    if missing := [k for k in REQUIRED if not p.get(k)]:
        raise DeadLetter(f"federation.share payload is missing {missing}")
    network = db.session.get(Network, event.network_id) if event.network_id else None
    group = db.session.get(WorkingGroup, group_id)
    if network is None or group is None or network.id not in group.member_network_ids:
        raise DeadLetter("the sharing network is not a member of the working group")
    agreement = group.current_agreement
    if agreement is None or agreement.version != p.get("agreement_version") or not agreement.accepted_by(network.id):
        raise DeadLetter("the agreement changed after approval; the network must accept it and approve again")
    if db.session.scalar(select(SharedIssue.id).where(SharedIssue.source_network_id == network.id,
                                                      SharedIssue.share_ref == ref, SharedIssue.version == version)):
        return
    if _withdrawn_later(event, ref):
        return
    previous = db.session.scalars(select(SharedIssue).where(
        SharedIssue.source_network_id == network.id, SharedIssue.share_ref == ref,
        SharedIssue.superseded_by_id.is_(None), SharedIssue.withdrawn.is_(False))).all()
    copy = SharedIssue(
        working_group_id=group.id, source_network_id=network.id, share_ref=ref, version=version,
        agreement_version=agreement.version, region=network.region,
        **{k: p.get(k) for k in SEARCH_FIELDS if k != "region"})
    copy.feedback_count, copy.people_count = int(p.get("feedback_count") or 0), int(p.get("people_count") or 0)
    copy.summary = copy.summary or ""
    db.session.add(copy)
    db.session.flush()
    for old in previous:  # a correction: the old version leaves every index
        old.superseded_by_id = copy.id
        emit("shared_issue.withdrawn", {"shared_issue_id": old.id}, network_id=None)
    db.session.add(FederationLog(
        action="shared_issue.shared" if not previous else "shared_issue.corrected", working_group_id=group.id,
        network_id=network.id, shared_issue_id=copy.id, actor_label=str(p.get("approved_by") or "unknown"),
        details={"version": version, "approved_at": p.get("approved_at"),
                 "identifiers_confirmed": p.get("identifiers_confirmed") or []}))
    emit("shared_issue.shared", search_payload(copy), network_id=None)


@on_event("federation.withdraw", platform=True)
def withdraw(event: OutboxEvent) -> None:
    ref = str((event.payload or {}).get("share_ref") or "")
    if not ref or event.network_id is None:
        raise DeadLetter("federation.withdraw needs a share_ref and the sharing network")
    now = utcnow()
    for issue in db.session.scalars(select(SharedIssue).where(
            SharedIssue.source_network_id == event.network_id, SharedIssue.share_ref == ref,
            SharedIssue.withdrawn.is_(False))):
        issue.withdrawn, issue.withdrawn_at = True, now
        db.session.add(FederationLog(action="shared_issue.withdrawn", working_group_id=issue.working_group_id,
                                     network_id=event.network_id, shared_issue_id=issue.id,
                                     actor_label=str(event.payload.get("withdrawn_by") or "unknown"),
                                     details={"version": issue.version}))
        emit("shared_issue.withdrawn", {"shared_issue_id": issue.id}, network_id=None)
