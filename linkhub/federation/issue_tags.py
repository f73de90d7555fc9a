"""Tagging a network's issues with a pathway and a stage: the only code that changes the tags.

A tag lives inside the network's walls (``issue_pathway_tags``, a tenant table): it is the
network's own view of where an issue sits on a pathway, whether or not it is ever shared. The
share form offers the tagged stage first (``share_target``). Callers commit once.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue

from .models import IssuePathwayTag, Pathway, PathwayStage, WorkingGroup


def pathways() -> list[Pathway]:
    return list(db.session.scalars(select(Pathway).order_by(Pathway.name)))


def resolve(pathway: str, stage: str) -> tuple[Pathway, PathwayStage]:
    """Slugs -> the pathway and its stage; 422 on the field that is wrong. Matched in Python
    (there are a handful of pathways): any string is safe, even one PostgreSQL refuses (NUL)."""
    found = next((p for p in pathways() if p.slug == (pathway or "").strip()), None)
    if found is None:
        raise ServiceError("Choose a pathway", field="pathway")
    step = next((s for s in found.stages if s.slug == (stage or "").strip()), None)
    if step is None:
        raise ServiceError(f"Choose a stage of the {found.name} pathway", field="stage")
    return found, step


def tag_of(issue_id: int) -> IssuePathwayTag | None:
    return db.session.scalar(select(IssuePathwayTag).where(IssuePathwayTag.issue_id == issue_id))


def tag_issue(issue: Issue, *, pathway: str, stage: str, user=None) -> IssuePathwayTag:
    """Tag the issue, or move its tag to another pathway or stage (one tag an issue)."""
    found, step = resolve(pathway, stage)
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
    audit.record("issue.pathway_tagged" if before is None else "issue.pathway_changed", "issue", issue.id,
                 actor=user, pathway=found.slug, stage=step.slug,
                 **({"was": {"pathway": before[0], "stage": before[1]}} if before else {}))
    return tag


def clear_tag(issue: Issue, user=None) -> bool:
    """Take the issue off its pathway; False when it had no tag (nothing to do, nothing audited)."""
    tag = tag_of(issue.id)
    if tag is None:
        return False
    audit.record("issue.pathway_cleared", "issue", issue.id, actor=user,
                 pathway=tag.pathway.slug, stage=tag.stage.slug)
    db.session.delete(tag)
    db.session.flush()
    return True


def issues_query(pathway: Pathway | None = None, stage_slug: str | None = None) -> Select:
    """The network's issues, open ones first. A pathway or a stage filter keeps the issues tagged
    with it; a stage without a pathway matches that stage on any pathway (``referral`` is on two)."""
    query = (select(Issue).outerjoin(IssuePathwayTag, IssuePathwayTag.issue_id == Issue.id)
             .order_by((Issue.status == "closed").asc(), Issue.title, Issue.id))
    if pathway is not None:
        query = query.where(IssuePathwayTag.pathway_id == pathway.id)
    if stage_slug:
        stages = select(PathwayStage.id).where(PathwayStage.slug == stage_slug)
        query = query.where(IssuePathwayTag.stage_id.in_(stages))
    return query


@dataclass(frozen=True)
class TaggedIssue:
    """An issue and its tag (None when untagged). Not a tuple: the API would read a returned
    tuple as (body, status)."""

    issue: Issue
    tag: IssuePathwayTag | None


def with_tags(issues: list[Issue]) -> list[TaggedIssue]:
    """Each issue with its tag, in one query for the page of issues."""
    tags = {t.issue_id: t for t in db.session.scalars(
        select(IssuePathwayTag).where(IssuePathwayTag.issue_id.in_([i.id for i in issues]))
        .options(selectinload(IssuePathwayTag.pathway), selectinload(IssuePathwayTag.stage)))}
    return [TaggedIssue(issue, tags.get(issue.id)) for issue in issues]


def share_target(issue_id: int, groups: list[WorkingGroup]) -> str | None:
    """The share form's first choice, ``"<group id>:<stage slug>"``: the tagged stage in the first
    of the network's groups that follows the tagged pathway. Staff may still choose another."""
    tag = tag_of(issue_id)
    if tag is None:
        return None
    group = next((grp for grp in groups if grp.pathway_id == tag.pathway_id), None)
    return f"{group.id}:{tag.stage.slug}" if group is not None else None
