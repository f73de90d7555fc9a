"""Changes on the network's side of sharing (the only code that writes share requests and
pathway tags): start a share as a scrubbed draft, approve it after a person's review (layer 3 of
the anonymisation), withdraw it, and place issues on a pathway. Federation is reached through
``linkhub.federation.public`` and the ``federation.share``/``federation.withdraw`` events it
handles in its own lane; it answers a refusal with ``federation.share_refused`` (handlers.py).
"""

from __future__ import annotations

from sqlalchemy import select

from linkhub.federation import public as federation
from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.tenants.directory.models import Service
from linkhub.tenants.feedback.models import THEMES
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.issues.services import breakdown

from .models import IssuePathwayTag, ShareRequest
from .queries import tag_of

IdentifiersFound = federation.IdentifiersFound


def _structured_fields(issue) -> dict:
    """Layer 1: generalised fields only: month (not date), counts, theme, provider, service type."""
    counts = breakdown(issue.id)
    service = db.session.get(Service, issue.service_id) if issue.service_id else None
    return {
        "theme": THEMES.get(issue.theme, issue.theme),
        "provider": issue.provider.name if issue.provider is not None else None,
        "service_type": service.service_type if service is not None else None,
        "month": issue.created_at.strftime("%Y-%m"),
        "feedback_count": counts.feedback,
        "people_count": counts.people,
    }


def start_share(issue, group: federation.WorkingGroup, stage: str, user=None) -> ShareRequest:
    """A draft with the scrubbed text, for a person at the network to review (layer 3)."""
    federation.require_accepted(group, issue.network_id)
    if stage not in {s.slug for s in group.pathway.stages}:
        raise ServiceError("Choose a stage of the working group's pathway", field="stage")
    existing = db.session.scalar(
        select(ShareRequest).where(
            ShareRequest.issue_id == issue.id,
            ShareRequest.working_group_id == group.id,
            ShareRequest.status != "withdrawn",
        )
    )
    if existing is not None:
        return existing
    share = ShareRequest(
        issue_id=issue.id,
        working_group_id=group.id,
        stage=stage,
        original_title=issue.title,
        original_text=issue.summary or "",
        title=federation.scrub(issue.title)[:200],
        text=federation.scrub(issue.summary or ""),
        fields=_structured_fields(issue),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(share)
    db.session.flush()
    audit.record("share_request.created", "share_request", share.id, issue_id=issue.id, working_group_id=group.id)
    return share


def approve_share(
    share: ShareRequest, *, title: str, text: str, user, confirm_identifiers: bool = False
) -> ShareRequest:
    """Approve (or correct: approving again shares a new version) and send the copy out."""
    if share.status == "withdrawn":
        raise ServiceError("This share has been withdrawn", status=409)
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise ServiceError("Enter a title", field="title")
    group = share.working_group
    agreement = federation.require_accepted(group, share.network_id)
    findings = federation.find_identifiers(title + "\n" + text)
    if findings and not confirm_identifiers:
        raise federation.IdentifiersFound(findings)
    share.title, share.text = title[:200], text
    share.status, share.version = "approved", share.version + 1
    share.approved_by_id, share.approved_at = user.id, utcnow()
    stage = next(s for s in group.pathway.stages if s.slug == share.stage)
    confirmed = sorted({f.type for f in findings})
    audit.record(
        "share_request.approved", "share_request", share.id, version=share.version, identifiers_confirmed=confirmed
    )
    emit(
        "federation.share",
        {
            "share_ref": share.share_ref,
            "version": share.version,
            "working_group_id": group.id,
            "agreement_version": agreement.version,
            "title": share.title,
            "summary": share.text,
            "pathway": group.pathway.name,
            "stage": stage.name,
            **share.fields,
            "approved_by": user.email,
            "approved_at": share.approved_at.isoformat(),
            "identifiers_confirmed": confirmed,
        },
    )
    return share


def withdraw_share(share: ShareRequest, user) -> ShareRequest:
    if share.status == "withdrawn":
        return share
    was_shared = share.status == "approved"
    share.status, share.withdrawn_at = "withdrawn", utcnow()
    audit.record("share_request.withdrawn", "share_request", share.id)
    if was_shared:
        emit("federation.withdraw", {"share_ref": share.share_ref, "withdrawn_by": user.email})
    return share


# --- pathway tags ----------------------------------------------------------------------------


def tag_issue(issue: Issue, *, pathway: str, stage: str, user=None) -> IssuePathwayTag:
    """Tag the issue, or move its tag to another pathway or stage (one tag an issue)."""
    found, step = federation.resolve(pathway, stage)
    tag = tag_of(issue.id)
    before = (tag.pathway.slug, tag.stage.slug) if tag is not None else None
    if before == (found.slug, step.slug):
        return tag  # nothing changed: no audit row
    if tag is None:
        tag = IssuePathwayTag(issue_id=issue.id)
        db.session.add(tag)
    tag.pathway_id, tag.stage_id = found.id, step.id
    tag.tagged_by_id, tag.tagged_by_label = getattr(user, "id", None), getattr(user, "email", "") or ""
    tag.tagged_at = utcnow()
    db.session.flush()
    db.session.expire(tag, ["pathway", "stage"])  # read-only relationships: reload from the new ids
    audit.record(
        "issue.pathway_tagged" if before is None else "issue.pathway_changed",
        "issue",
        issue.id,
        actor=user,
        pathway=found.slug,
        stage=step.slug,
        **({"was": {"pathway": before[0], "stage": before[1]}} if before else {}),
    )
    return tag


def clear_tag(issue: Issue, user=None) -> bool:
    """Take the issue off its pathway; False when it had no tag (nothing to do, nothing audited)."""
    tag = tag_of(issue.id)
    if tag is None:
        return False
    audit.record("issue.pathway_cleared", "issue", issue.id, actor=user, pathway=tag.pathway.slug, stage=tag.stage.slug)
    db.session.delete(tag)
    db.session.flush()
    return True
