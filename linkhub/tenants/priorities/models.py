"""Priority criteria and members' scores.

A network agrees weighted **priority criteria** (e.g. number of people affected, severity,
inequality, the LINk can make a difference, others already acting). Members score each issue
0–5 against each criterion; :mod:`.ranking` turns the scores into the ranking that feeds the
work programme.

Decisions:
- ``weight`` is a whole number from 1 to 100 (a committee agrees "severity counts three times"
  more easily than 0.375); it must be positive, so no criterion can silently count for nothing.
- ``direction`` is ``positive`` (a high score raises priority) or ``negative`` (a high score
  lowers it: "others already acting" — if the regulator is on it, the LINk's time is better
  spent elsewhere).
- A criterion is retired (``active = False``), never deleted: past scores stay explainable,
  but retired criteria take no part in the ranking.
- One score per (network, issue, criterion, person): scoring again updates it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin

DIRECTIONS = {"positive": "Higher score, higher priority", "negative": "Higher score, lower priority"}
MIN_SCORE, MAX_SCORE = 0, 5
MAX_WEIGHT = 100


class PriorityCriterion(TenantMixin, db.Model):
    __tablename__ = "priority_criteria"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "name"),
        CheckConstraint(f"weight >= 1 AND weight <= {MAX_WEIGHT}", name="weight_positive"),
        CheckConstraint("direction IN ('positive', 'negative')", name="direction_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(10), default="positive")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_negative(self) -> bool:
        return self.direction == "negative"

    @property
    def direction_label(self) -> str:
        return DIRECTIONS.get(self.direction, self.direction)


class PriorityScore(TenantMixin, db.Model):
    __tablename__ = "priority_scores"
    __table_args__ = (
        # The upsert key: a person's second score for the same issue and criterion replaces the first.
        UniqueConstraint("network_id", "issue_id", "criterion_id", "user_id"),
        ForeignKeyConstraint(["network_id", "issue_id"], ["issues.network_id", "issues.id"]),
        ForeignKeyConstraint(["network_id", "criterion_id"], ["priority_criteria.network_id", "priority_criteria.id"]),
        CheckConstraint(f"score >= {MIN_SCORE} AND score <= {MAX_SCORE}", name="score_range"),
        Index("ix_priority_scores_network_criterion", "network_id", "criterion_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(Integer)
    criterion_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    criterion = relationship(
        PriorityCriterion,
        viewonly=True,
        lazy="selectin",
        primaryjoin="and_(PriorityScore.criterion_id == PriorityCriterion.id, "
        "PriorityScore.network_id == PriorityCriterion.network_id)",
        foreign_keys="[PriorityScore.criterion_id, PriorityScore.network_id]",
    )
