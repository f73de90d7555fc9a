"""The work programme: work items taken from the ranked issues, and the task groups doing them.

Decisions:
- A **work item** has an owner (free text: the person leading it need not have an account),
  a measurable outcome and a target date (both required: the seed asks for "a short list of
  key concerns, ideally with measurable outcomes"), a status, optionally the issue it came
  from and a task group. ``linked_kind``/``linked_id`` point at the power used or report
  written for it (``information_request``, ``osc_referral``, ``visit``, ``report``); they
  carry no foreign key, because those domains migrate on their own and may not exist yet.
- A **task group** is the people working on one task (name, purpose, and its members: people of
  the register of members and participants, ``task_group_members``, not typed names).
  It ends by itself: when every one of its work items is completed, ``ended_on`` is set to the
  day of the last completion; reopening an item reopens the group.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.platform import clock

# GOV.UK task list wording: "Not yet started" (blue tag), "In progress" (light blue), "Completed" (plain text).
STATUSES = {"not_started": "Not yet started", "in_progress": "In progress", "on_hold": "On hold", "done": "Completed"}
STATUS_TAGS = {"not_started": "govuk-tag--blue", "in_progress": "govuk-tag--light-blue", "on_hold": "govuk-tag--grey"}
LINK_KINDS = {
    "information_request": "Request for information",
    "osc_referral": "Referral to the OSC",
    "visit": "Enter and view visit",
    "report": "Report with recommendations",
    "work_request": "Request for work (from a commissioner, provider or OSC)",
}
# The table of each kind: a linked id must name a row of the network's own (checked by the
# service through the shared metadata, so this domain imports none of those it links to).
LINK_TABLES = {
    "information_request": "information_requests",
    "osc_referral": "osc_referrals",
    "visit": "visits",
    "report": "reports",
    "work_request": "work_requests",
}


class TaskGroup(TenantMixin, db.Model):
    __tablename__ = "task_groups"
    __table_args__ = (UniqueConstraint("network_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date] = mapped_column(Date, default=clock.today)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    items: Mapped[list["WorkItem"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="WorkItem.target_on",
        primaryjoin="and_(WorkItem.task_group_id == TaskGroup.id, WorkItem.network_id == TaskGroup.network_id)",
        foreign_keys="[WorkItem.task_group_id, WorkItem.network_id]",
    )

    memberships: Mapped[list["TaskGroupMember"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="TaskGroupMember.id",
        primaryjoin="and_(TaskGroupMember.task_group_id == TaskGroup.id, "
        "TaskGroupMember.network_id == TaskGroup.network_id)",
        foreign_keys="[TaskGroupMember.task_group_id, TaskGroupMember.network_id]",
    )

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def member_ids(self) -> list[int]:
        return [m.person_id for m in self.memberships]

    @property
    def members(self) -> list[dict]:
        return [{"person_id": m.person_id, "name": m.person.display_name} for m in self.memberships]


class TaskGroupMember(TenantMixin, db.Model):
    """A person of the register in a task group."""

    __tablename__ = "task_group_members"
    __table_args__ = (
        UniqueConstraint("network_id", "task_group_id", "person_id"),
        ForeignKeyConstraint(["network_id", "task_group_id"], ["task_groups.network_id", "task_groups.id"]),
        ForeignKeyConstraint(["network_id", "person_id"], ["network_people.network_id", "network_people.id"]),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_group_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)
    person = relationship(
        "Person",
        viewonly=True,
        lazy="selectin",
        primaryjoin="and_(TaskGroupMember.person_id == Person.id, TaskGroupMember.network_id == Person.network_id)",
        foreign_keys="[TaskGroupMember.person_id, TaskGroupMember.network_id]",
    )


class WorkItem(TenantMixin, db.Model):
    __tablename__ = "work_items"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        ForeignKeyConstraint(["network_id", "issue_id"], ["issues.network_id", "issues.id"]),
        ForeignKeyConstraint(["network_id", "task_group_id"], ["task_groups.network_id", "task_groups.id"]),
        Index("ix_work_items_network_status", "network_id", "status"),
        Index("ix_work_items_network_group", "network_id", "task_group_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    issue_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    task_group_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    owner: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(Text)
    target_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # What the work actually achieved (beside the outcome it aimed for); shown on the public programme.
    achieved: Mapped[str] = mapped_column(Text, default="", server_default="")
    linked_kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    linked_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    issue = relationship(
        "Issue",
        viewonly=True,
        lazy="selectin",
        primaryjoin="and_(WorkItem.issue_id == Issue.id, WorkItem.network_id == Issue.network_id)",
        foreign_keys="[WorkItem.issue_id, WorkItem.network_id]",
    )
    task_group = relationship(
        TaskGroup,
        viewonly=True,
        lazy="selectin",
        primaryjoin="and_(WorkItem.task_group_id == TaskGroup.id, WorkItem.network_id == TaskGroup.network_id)",
        foreign_keys="[WorkItem.task_group_id, WorkItem.network_id]",
    )

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def is_overdue(self) -> bool:
        return self.status != "done" and self.target_on < clock.today()
