"""Requests for work: a commissioner, provider or Overview and Scrutiny Committee asks the LINk
to look into something. The LINk decides at its discretion (accept or decline, with reasons);
an accepted request becomes an item of the work programme, and the requester is told by e-mail
of the decision and of the item's progress."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk
from linkhub.tenants.feedback.models import new_reference

REQUESTER_KINDS = {
    "commissioner": "Commissioner (for example a PCT or the council)",
    "provider": "Provider of a care service",
    "osc": "Overview and Scrutiny Committee",
    "other": "Another organisation",
}
STATUSES = {"received": "Waiting for a decision", "accepted": "Accepted", "declined": "Declined"}


class WorkRequest(TenantMixin, db.Model):
    __tablename__ = "work_requests"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "reference"),
        network_fk("work_item_id", "work_items"),
        Index("ix_work_requests_network_status", "network_id", "status", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), default=new_reference)
    requester_kind: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    wanted_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="received")
    reasons: Mapped[str] = mapped_column(Text, default="")  # the decision's reasons, sent to the requester
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    work_item_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    work_item = in_network("WorkRequest", "WorkItem", "work_item_id")

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return REQUESTER_KINDS.get(self.requester_kind, self.requester_kind)
