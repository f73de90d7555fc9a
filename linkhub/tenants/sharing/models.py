"""The network's side of sharing, inside its walls: share requests (the scrubbed draft a person
reviews, approves and may withdraw) and where the network places its issues on a pathway.

Tenant tables with forced row-level security; the federation lane's role is never granted them.
They point at the federation store (working groups, pathways) by foreign key only.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.types import JSON
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin

if TYPE_CHECKING:
    from linkhub.federation.public import Pathway, PathwayStage, WorkingGroup

SHARE_STATUSES = {"draft": "Draft", "approved": "Shared", "withdrawn": "Withdrawn"}


def new_share_ref() -> str:
    return secrets.token_hex(8)


class ShareRequest(TenantMixin, db.Model):
    """A network's request to share one issue into one group: the scrubbed draft that a person
    reviews beside the original, then approves (or later withdraws)."""

    __tablename__ = "share_requests"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "share_ref"),
        ForeignKeyConstraint(["network_id", "issue_id"], ["issues.network_id", "issues.id"]),
        Index("ix_share_requests_network_issue", "network_id", "issue_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(Integer)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="RESTRICT"))
    share_ref: Mapped[str] = mapped_column(String(32), default=new_share_ref)
    stage: Mapped[str] = mapped_column(String(60))  # stage slug of the group's pathway
    original_title: Mapped[str] = mapped_column(String(200))
    original_text: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(String(200))  # scrubbed, then as the reviewer approved it
    text: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # the generalised structured fields
    status: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=0)  # versions approved so far
    created_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Set when the working group refused an approved version (its agreement changed in flight):
    # written by the network's own lane from ``federation.share_refused``. Approving again makes
    # a new version, which the refusal no longer concerns.
    refused_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    refused_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    refused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    working_group: Mapped[WorkingGroup] = relationship()

    @property
    def is_refused(self) -> bool:
        return self.status == "approved" and self.refused_version is not None and self.refused_version == self.version

    @property
    def status_label(self) -> str:
        if self.is_refused:
            return "Not shared: approve again"
        return SHARE_STATUSES.get(self.status, self.status)


class IssuePathwayTag(TenantMixin, db.Model):
    """Where a network places one of its issues on a pathway: the pathway and the stage. At most
    one tag an issue; it stays inside the network (the federation side is never granted it) and
    is what the share form offers first."""

    __tablename__ = "issue_pathway_tags"
    __table_args__ = (
        UniqueConstraint("network_id", "issue_id"),
        ForeignKeyConstraint(["network_id", "issue_id"], ["issues.network_id", "issues.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(
            ["pathway_id", "stage_id"], ["pathway_stages.pathway_id", "pathway_stages.id"], ondelete="RESTRICT"
        ),
        Index("ix_issue_pathway_tags_network_stage", "network_id", "pathway_id", "stage_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(Integer)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id", ondelete="RESTRICT"))
    stage_id: Mapped[int] = mapped_column(Integer)
    tagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    tagged_by_label: Mapped[str] = mapped_column(String(200), default="")
    tagged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Read-only: the service sets the ids (the composite key would otherwise be written twice).
    pathway: Mapped[Pathway] = relationship(viewonly=True)
    stage: Mapped[PathwayStage] = relationship(
        viewonly=True, foreign_keys=[stage_id], primaryjoin="IssuePathwayTag.stage_id == PathwayStage.id"
    )
