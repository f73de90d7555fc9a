"""Returns to the local authority and performance indicators.

Decisions:
- A **return** is the six-monthly report to the local authority (activities and finances for a
  half-year: April-September or October-March) or the annual report (a financial year). Its
  figures are drawn from the records; host staff write the narrative sections. While it is a
  draft the figures are drawn afresh on every view (and say when); when it is sent to the
  local authority they are frozen into ``figures`` with ``figures_drawn_at``, so the LA reads
  exactly what was sent. An annual report may then be published: it gets a random public
  reference, a public page, and joins the national reports library as ``annual_report``.
- Who reads: the LINk's people read every return; the local authority role reads returns once
  sent (``submitted`` or ``published``), never drafts.
- A **performance indicator** is agreed between the LA and the LINk: name, definition, target
  (a number, at least or at most), frequency. Its ``measure`` names a figure the platform can
  take from the data (``MEASURES``), or ``manual``: then values are entered by hand. One value
  per indicator per period; a value taken from data can be replaced by hand with a note.
- A **joint review** is the record of the LA and the LINk reviewing the indicators for one
  period: when, who took part, what was found and agreed.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

RETURN_KINDS = {"six_monthly": "Six-monthly return to the local authority", "annual": "Annual report"}
RETURN_STATUSES = {"draft": "Draft", "submitted": "Sent to the local authority", "published": "Published"}
NARRATIVE = {
    "summary": "Summary",
    "activities": "What the LINk did",
    "impact": "What changed as a result",
    "finances": "How the money was spent",
    "plans": "Plans for the next period",
}
FREQUENCIES = {"quarterly": "Every quarter", "six_monthly": "Every six months", "annual": "Every year"}
DIRECTIONS = {"at_least": "At least", "at_most": "At most"}
MEASURES = {
    "manual": "Entered by hand",
    "feedback_received": "Feedback received (items)",
    "distinct_people": "People who gave feedback",
    "requests_on_time_percent": "Requests for information answered on time (%)",
    "recommendations_answered_percent": "Recommendations with a response (%)",
    "reports_published": "Reports published",
    "visits_carried_out": "Enter and view visits carried out",
    "osc_referrals": "Referrals to the OSC",
    "members": "Members",
    "spending_within_budget_percent": "Spending as a share of the budget (%)",
}


def new_public_ref() -> str:
    return "AR-" + secrets.token_hex(5).upper()


class Return(TenantMixin, db.Model):
    __tablename__ = "returns"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "kind", "period_start"),
        UniqueConstraint("network_id", "public_ref"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    narrative: Mapped[dict] = mapped_column(JSON, default=dict)
    figures: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # frozen when sent
    figures_drawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    public_ref: Mapped[str | None] = mapped_column(String(16), nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_by = relationship("User", foreign_keys=[submitted_by_id], viewonly=True)

    @property
    def kind_label(self) -> str:
        return RETURN_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return RETURN_STATUSES.get(self.status, self.status)

    @property
    def period_label(self) -> str:
        return f"{self.period_start.strftime('%-d %B %Y')} to {self.period_end.strftime('%-d %B %Y')}"

    @property
    def title(self) -> str:
        if self.kind == "annual":
            return f"Annual report {self.period_start.year}-{str(self.period_end.year)[-2:]}"
        return f"Six-monthly return, {self.period_start.strftime('%B %Y')} to {self.period_end.strftime('%B %Y')}"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


class Indicator(TenantMixin, db.Model):
    __tablename__ = "performance_indicators"
    __table_args__ = (UniqueConstraint("network_id", "id"), UniqueConstraint("network_id", "name"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)
    target: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(10), default="at_least")
    frequency: Mapped[str] = mapped_column(String(12))
    measure: Mapped[str] = mapped_column(String(40), default="manual")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    values: Mapped[list["IndicatorValue"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="IndicatorValue.period_start.desc()",
        foreign_keys="[IndicatorValue.indicator_id, IndicatorValue.network_id]",
        primaryjoin="and_(IndicatorValue.indicator_id == Indicator.id, IndicatorValue.network_id == Indicator.network_id)",
    )

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES.get(self.frequency, self.frequency)

    @property
    def measure_label(self) -> str:
        return MEASURES.get(self.measure, self.measure)

    @property
    def target_label(self) -> str:
        return f"{DIRECTIONS.get(self.direction, '')} {self.target:,}".strip()

    def met(self, value: int | None) -> bool | None:
        if value is None:
            return None
        return value >= self.target if self.direction == "at_least" else value <= self.target


class IndicatorValue(TenantMixin, db.Model):
    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "indicator_id", "period_start"),
        network_fk("indicator_id", "performance_indicators"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10))  # data | manual
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    indicator = in_network("IndicatorValue", "Indicator", "indicator_id")


class JointReview(TenantMixin, db.Model):
    __tablename__ = "indicator_reviews"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "period_start", "period_end"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(Text)
    findings: Mapped[str] = mapped_column(Text)
    agreed_actions: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
