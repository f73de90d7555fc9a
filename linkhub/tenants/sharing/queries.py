"""Reading a network's pathway tags (the changes are in ``services``).

A tag lives inside the network's walls (``issue_pathway_tags``, a tenant table): it is the
network's own view of where an issue sits on a pathway, whether or not it is ever shared. The
share form offers the tagged stage first (``share_target``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from linkhub.federation.public import Pathway, PathwayStage, WorkingGroup
from linkhub.platform.db import db
from linkhub.tenants.issues.models import Issue

from .models import IssuePathwayTag


def tag_of(issue_id: int) -> IssuePathwayTag | None:
    return db.session.scalar(select(IssuePathwayTag).where(IssuePathwayTag.issue_id == issue_id))


def issues_query(pathway: Pathway | None = None, stage_slug: str | None = None) -> Select:
    """The network's issues, open ones first. A pathway or a stage filter keeps the issues tagged
    with it; a stage without a pathway matches that stage on any pathway (``referral`` is on two)."""
    query = (
        select(Issue)
        .outerjoin(IssuePathwayTag, IssuePathwayTag.issue_id == Issue.id)
        .order_by((Issue.status == "closed").asc(), Issue.title, Issue.id)
    )
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
    tags = {
        t.issue_id: t
        for t in db.session.scalars(
            select(IssuePathwayTag)
            .where(IssuePathwayTag.issue_id.in_([i.id for i in issues]))
            .options(selectinload(IssuePathwayTag.pathway), selectinload(IssuePathwayTag.stage))
        )
    }
    return [TaggedIssue(issue, tags.get(issue.id)) for issue in issues]


def share_target(issue_id: int, groups: list[WorkingGroup]) -> str | None:
    """The share form's first choice, ``"<group id>:<stage slug>"``: the tagged stage in the first
    of the network's groups that follows the tagged pathway. Staff may still choose another."""
    tag = tag_of(issue_id)
    if tag is None:
        return None
    group = next((grp for grp in groups if grp.pathway_id == tag.pathway_id), None)
    return f"{group.id}:{tag.stage.slug}" if group is not None else None
