"""How a LINk governs itself: its structure, its governing document (versioned text),
meetings with agenda, papers and minutes, the decision log with declared conflicts of
interest, and a record of disagreements.

Decisions:
- **Structure** follows the three models of the DH guidance quoted in the seeds: a *hub*
  (members elect or appoint a hub that runs governance), a *flexible* structure (host
  co-ordinates, task groups that end with their task) and a *steering group*. One row per
  network; the people in the hub or steering group are rows of the register (``network_people``),
  not typed names.
- The **governing document** is text with versions: a change is a new version (never an edit
  of an old one), optionally adopted by a decision.
- A **decision** says what was decided, when and how: at a *meeting*, by the *hub*,
  *delegated* to a named person, or *urgent* (outside the usual cycle). Delegated and urgent
  decisions name who decided and wait for ratification at a later meeting.
  A decision can be about a provider in the directory; then the current declarations of
  interest of the people taking part that relate to that provider are copied into the
  decision (``decision_participants.declared``) when it is recorded, with how each conflict
  was handled. The copy is what the decision record shows later even if the register
  changes; removing a leaver's details removes it too (``members.services.ON_ERASE``).
- Links from a decision to issues, work items, priority criteria and reports are
  ``(kind, id)`` rows checked when written (those domains have their own tables).
- **Files** (meeting papers, correspondence attachments) are kept in the database
  (``stored_files``): PDF, images, Word/ODF documents and plain text, at most 10 MB, the type
  checked from the content's first bytes as well as the name.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

STRUCTURES = {
    "hub": "Hub – members elect or appoint a hub that runs the LINk's governance",
    "flexible": "Flexible – the host co-ordinates; task groups form around each task and end with it",
    "steering_group": "Steering group – a cyclical work programme developed with voluntary and community groups",
}
BODIES = {"hub": "Hub", "steering_group": "Steering group"}
BODY_ROLES = {"chair": "Chair", "vice_chair": "Vice-chair", "member": "Member"}
MEETING_KINDS = {
    "hub": "Hub meeting",
    "steering_group": "Steering group meeting",
    "task_group": "Task group meeting",
    "citizens": "Citizens' meeting",
    "annual": "Annual meeting",
    "other": "Other meeting",
}
ROUTES = {
    "meeting": "At a meeting",
    "hub": "By the hub",
    "delegated": "Delegated to a named person",
    "urgent": "Urgent, outside the usual cycle",
}
NEEDS_RATIFYING = ("delegated", "urgent")
LINK_KINDS = {
    "issue": "Issue",
    "work_item": "Work item",
    "priority_criterion": "Priority criterion",
    "report": "Report",
}
HANDLING = {
    "took_part": "Took part after declaring it",
    "no_vote": "Took part in the discussion but not the decision",
    "withdrew": "Left the meeting for this item",
}
DISAGREEMENT_STAGES = {
    "informal": "Informal discussion",
    "chair": "Referred to the chair",
    "mediation": "Mediation",
    "panel": "Hub or steering group panel",
    "independent": "Independent review",
}
DISAGREEMENT_STATUSES = {"open": "Open", "resolved": "Resolved", "withdrawn": "Withdrawn"}


class Structure(TenantMixin, db.Model):
    __tablename__ = "governance_structures"
    __table_args__ = (UniqueConstraint("network_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    decision_procedure: Mapped[str] = mapped_column(Text, default="")
    disagreement_procedure: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def model_label(self) -> str:
        return STRUCTURES.get(self.model, self.model).split(" –")[0]


class BodyMember(TenantMixin, db.Model):
    """A person's seat in the hub or steering group."""

    __tablename__ = "governance_body_members"
    __table_args__ = (UniqueConstraint("network_id", "id"), network_fk("person_id", "network_people"))
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20), default="member")
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    person = in_network("BodyMember", "Person", "person_id")


class DocumentVersion(TenantMixin, db.Model):
    __tablename__ = "governing_document_versions"
    __table_args__ = (UniqueConstraint("network_id", "version"), UniqueConstraint("network_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    change_note: Mapped[str] = mapped_column(Text, default="")
    adopted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoredFile(TenantMixin, db.Model):
    __tablename__ = "stored_files"
    __table_args__ = (UniqueConstraint("network_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Meeting(TenantMixin, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        Index("ix_meetings_network_held", "network_id", "held_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_reason: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    minutes_approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    papers: Mapped[list["MeetingPaper"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="MeetingPaper.id",
        primaryjoin="and_(MeetingPaper.meeting_id == Meeting.id, MeetingPaper.network_id == Meeting.network_id)",
        foreign_keys="[MeetingPaper.meeting_id, MeetingPaper.network_id]",
    )

    @property
    def kind_label(self) -> str:
        return MEETING_KINDS.get(self.kind, self.kind)


class MeetingPaper(TenantMixin, db.Model):
    __tablename__ = "meeting_papers"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("meeting_id", "meetings"),
        network_fk("file_id", "stored_files"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    file_id: Mapped[int] = mapped_column(Integer)
    file = in_network("MeetingPaper", "StoredFile", "file_id")


class Decision(TenantMixin, db.Model):
    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "reference"),
        network_fk("meeting_id", "meetings"),
        network_fk("decided_by_id", "network_people"),
        ForeignKeyConstraint(
            ["network_id", "ratified_meeting_id"],
            ["meetings.network_id", "meetings.id"],
            name="fk_decisions_ratified_meeting",
        ),
        network_fk("provider_id", "providers"),
        Index("ix_decisions_network_decided", "network_id", "decided_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date] = mapped_column(Date)
    route: Mapped[str] = mapped_column(String(20))
    meeting_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    provider_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ratified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ratified_meeting_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    meeting = in_network("Decision", "Meeting", "meeting_id")
    ratified_meeting = in_network("Decision", "Meeting", "ratified_meeting_id")
    decided_by = in_network("Decision", "Person", "decided_by_id")
    provider = in_network("Decision", "Provider", "provider_id")
    participants: Mapped[list["DecisionParticipant"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="DecisionParticipant.id",
        primaryjoin="and_(DecisionParticipant.decision_id == Decision.id, "
        "DecisionParticipant.network_id == Decision.network_id)",
        foreign_keys="[DecisionParticipant.decision_id, DecisionParticipant.network_id]",
    )
    links: Mapped[list["DecisionLink"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="DecisionLink.id",
        primaryjoin="and_(DecisionLink.decision_id == Decision.id, DecisionLink.network_id == Decision.network_id)",
        foreign_keys="[DecisionLink.decision_id, DecisionLink.network_id]",
    )

    @property
    def route_label(self) -> str:
        return ROUTES.get(self.route, self.route)

    @property
    def awaiting_ratification(self) -> bool:
        return self.route in NEEDS_RATIFYING and self.ratified_on is None

    @property
    def conflicts(self) -> list["DecisionParticipant"]:
        return [p for p in self.participants if p.declared]


class DecisionParticipant(TenantMixin, db.Model):
    """A person who took part in a decision, with any declared interest copied in."""

    __tablename__ = "decision_participants"
    __table_args__ = (
        UniqueConstraint("network_id", "decision_id", "person_id"),
        network_fk("decision_id", "decisions"),
        network_fk("person_id", "network_people"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)
    interest_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no key: the register may change
    declared: Mapped[str] = mapped_column(Text, default="")
    handling: Mapped[str] = mapped_column(String(20), default="")
    person = in_network("DecisionParticipant", "Person", "person_id")

    @property
    def handling_label(self) -> str:
        return HANDLING.get(self.handling, "")


class DecisionLink(TenantMixin, db.Model):
    __tablename__ = "decision_links"
    __table_args__ = (
        UniqueConstraint("network_id", "decision_id", "kind", "target_id"),
        network_fk("decision_id", "decisions"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300), default="")

    @property
    def kind_label(self) -> str:
        return LINK_KINDS.get(self.kind, self.kind)


class Disagreement(TenantMixin, db.Model):
    __tablename__ = "disagreements"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("raised_by_id", "network_people"),
        network_fk("decision_id", "decisions"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    raised_on: Mapped[date] = mapped_column(Date)
    raised_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stage: Mapped[str] = mapped_column(String(20), default="informal")
    handling: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    raised_by = in_network("Disagreement", "Person", "raised_by_id")
    decision = in_network("Disagreement", "Decision", "decision_id")

    @property
    def stage_label(self) -> str:
        return DISAGREEMENT_STAGES.get(self.stage, self.stage)

    @property
    def status_label(self) -> str:
        return DISAGREEMENT_STATUSES.get(self.status, self.status)
