"""Issues (concerns that group feedback) and trigger points (rules that flag issues for action)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin

ISSUE_STATUSES = {"open": "Open", "in_progress": "Being worked on", "closed": "Closed"}
TRIGGER_KINDS = {
    "distinct_people": "Distinct people about one provider and theme",
    "very_poor": "Feedback rated very poor about one provider",
}


ISSUE_SCOPES = {
    "national": "National (the same across England)",
    "local": "Local (this area's services)",
    "individual": "Individual (one person's case)",
    "specialist": "Specialist (a specialist or regional service)",
}
CARE_SECTORS = {"health": "Health", "social_care": "Social care", "both": "Health and social care"}


class Issue(TenantMixin, db.Model):
    __tablename__ = "issues"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        ForeignKeyConstraint(["network_id", "provider_id"], ["providers.network_id", "providers.id"]),
        Index("ix_issues_network_status", "network_id", "status"),
        Index("ix_issues_network_provider_theme", "network_id", "provider_id", "theme"),
        Index("ix_issues_network_created_id", "network_id", "created_at", "id"),  # the API list's sort
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    provider_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    theme: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    flagged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # a trigger fired
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # How many pieces of feedback are grouped into it, kept by services.add_feedback (the only
    # code that groups feedback) so the issues list needs no count over the feedback table.
    grouped_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Classification (set by staff; empty until classified): how far the issue reaches, and
    # whether it is about health or social care. The dashboard shows the balance.
    scope: Mapped[str | None] = mapped_column(String(20), nullable=True)
    care_sector: Mapped[str | None] = mapped_column(String(20), nullable=True)

    @property
    def scope_label(self) -> str:
        return (
            ISSUE_SCOPES.get(self.scope, "Reach not classified").split(" (")[0]
            if self.scope
            else "Reach not classified"
        )

    @property
    def care_sector_label(self) -> str:
        return CARE_SECTORS.get(self.care_sector, "Care not classified") if self.care_sector else "Care not classified"

    provider = relationship(
        "Provider",
        viewonly=True,
        lazy="selectin",
        primaryjoin="and_(Issue.provider_id == Provider.id, Issue.network_id == Provider.network_id)",
        foreign_keys="[Issue.provider_id, Issue.network_id]",
    )

    @property
    def status_label(self) -> str:
        return ISSUE_STATUSES.get(self.status, self.status)


class TriggerRule(TenantMixin, db.Model):
    """A network's rule, e.g. at least 10 distinct people about one provider and theme in 30 days."""

    __tablename__ = "trigger_rules"
    __table_args__ = (UniqueConstraint("network_id", "id"), UniqueConstraint("network_id", "name"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    threshold: Mapped[int] = mapped_column(Integer)
    window_days: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def description(self) -> str:
        what = "distinct people" if self.kind == "distinct_people" else "feedback items rated very poor"
        per = "one provider and theme" if self.kind == "distinct_people" else "one provider"
        return f"At least {self.threshold} {what} about {per} within {self.window_days} days"


class TriggerFiring(TenantMixin, db.Model):
    """One firing of a rule for one group (provider + theme). A group's next window starts after
    its last firing, so the same window never fires twice; the unique key guards concurrent runs."""

    __tablename__ = "trigger_firings"
    __table_args__ = (
        UniqueConstraint("network_id", "rule_id", "group_key", "window_start"),
        ForeignKeyConstraint(["network_id", "rule_id"], ["trigger_rules.network_id", "trigger_rules.id"]),
        Index("ix_trigger_firings_network_fired", "network_id", "fired_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(Integer)
    group_key: Mapped[str] = mapped_column(String(80))
    provider_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    theme: Mapped[str | None] = mapped_column(String(20), nullable=True)
    issue_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    window_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    count: Mapped[int] = mapped_column(Integer)
    fired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    rule = relationship(
        TriggerRule,
        viewonly=True,
        lazy="selectin",
        primaryjoin="and_(TriggerFiring.rule_id == TriggerRule.id, TriggerFiring.network_id == TriggerRule.network_id)",
        foreign_keys="[TriggerFiring.rule_id, TriggerFiring.network_id]",
    )
