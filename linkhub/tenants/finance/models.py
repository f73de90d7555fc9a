"""The LINk's money, held by the host: financial years (April to March), the LA grant and other
income, budget lines, spending, receipts and volunteer expense claims.

Decisions:
- Amounts are integer pence everywhere (``amount_pence``), parsed by :mod:`.money`; never floats.
- Income and spending are one table, ``finance_entries``, told apart by ``kind``: both are dated
  lines of one ledger, both lock with their year, both come in from a bank export. ``category``
  is a budget line for spending (``CATEGORIES``) and a source for income (``INCOME_SOURCES``).
- An entry belongs to the financial year its date falls in (1 April to 31 March).
  A closed year locks its entries, budget lines and receipts: a change is refused with 409 and the
  reason. A correction is a new **adjusting entry**, dated when it is made (so in an open year),
  that names the entry it corrects (``adjusts_id``) and may be negative.
- Receipts are kept in the database (like checked CSV files), so any web process can serve them.
- A volunteer expense claim is submitted by a member for themselves, approved or rejected by
  host staff who are not the claimant, and paid; paying it records the spending entry (category
  ``volunteer_expenses``). Mileage is paid at the year's rate (pence a mile, set by staff),
  copied onto the claim when it is submitted so a later change of rate does not alter it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

CATEGORIES = {
    "staffing": "Staffing",
    "volunteer_expenses": "Volunteer expenses",
    "events": "Events",
    "communications": "Communications",
    "enter_and_view": "Enter and view",
    "other": "Other",
}
INCOME_SOURCES = {"la_grant": "Local authority grant", "other_income": "Other income"}
KINDS = {"spending": "Spending", "income": "Income"}
YEAR_STATUSES = {"open": "Open", "closed": "Closed"}
CLAIM_STATUSES = {"submitted": "Waiting for approval", "approved": "Approved", "rejected": "Rejected", "paid": "Paid"}
QUARTERS = ("Q1 (April to June)", "Q2 (July to September)", "Q3 (October to December)", "Q4 (January to March)")
DEFAULT_MILEAGE_PENCE = 45  # HMRC's approved rate for the first 10,000 miles


def year_starting(day: date) -> int:
    """The calendar year in which the financial year holding ``day`` began (April to March)."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: date) -> int:
    """0 for April-June ... 3 for January-March."""
    return ((day.month - 4) % 12) // 3


def year_label(start_year: int) -> str:
    return f"{start_year}-{str(start_year + 1)[-2:]}"


class FinancialYear(TenantMixin, db.Model):
    __tablename__ = "financial_years"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "start_year"),
        CheckConstraint("mileage_rate_pence >= 0", name="mileage_rate_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    start_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")
    mileage_rate_pence: Mapped[int] = mapped_column(Integer, default=DEFAULT_MILEAGE_PENCE)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_by = relationship("User", foreign_keys=[closed_by_id], viewonly=True)

    @property
    def label(self) -> str:
        return year_label(self.start_year)

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


class BudgetLine(TenantMixin, db.Model):
    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "year_id", "category"),
        network_fk("year_id", "financial_years"),
        CheckConstraint("amount_pence >= 0", name="amount_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(30))
    amount_pence: Mapped[int] = mapped_column(Integer)
    year = in_network("BudgetLine", "FinancialYear", "year_id")

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


class FinanceEntry(TenantMixin, db.Model):
    """One dated line of the ledger: money in (``income``) or out (``spending``)."""

    __tablename__ = "finance_entries"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("year_id", "financial_years"),
        network_fk("work_item_id", "work_items"),
        network_fk("adjusts_id", "finance_entries"),
        Index("ix_finance_entries_network_year_kind", "network_id", "year_id", "kind", "entry_on"),
        Index("ix_finance_entries_network_on", "network_id", "entry_on", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    entry_on: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(30))
    counterparty: Mapped[str] = mapped_column(String(200))  # supplier (spending) or payer (income)
    description: Mapped[str] = mapped_column(Text, default="")
    amount_pence: Mapped[int] = mapped_column(Integer)
    work_item_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    adjusts_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(10), default="manual")  # manual | import | claim
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    year = in_network("FinanceEntry", "FinancialYear", "year_id")
    work_item = in_network("FinanceEntry", "WorkItem", "work_item_id")
    adjusts = relationship(
        "FinanceEntry",
        viewonly=True,
        lazy="selectin",
        remote_side="[FinanceEntry.id, FinanceEntry.network_id]",
        foreign_keys="[FinanceEntry.adjusts_id, FinanceEntry.network_id]",
        primaryjoin="and_(FinanceEntry.adjusts_id == remote(FinanceEntry.id), "
        "FinanceEntry.network_id == remote(FinanceEntry.network_id))",
    )
    receipts: Mapped[list["Receipt"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="Receipt.id",
        foreign_keys="[Receipt.entry_id, Receipt.network_id]",
        primaryjoin="and_(Receipt.entry_id == FinanceEntry.id, Receipt.network_id == FinanceEntry.network_id)",
    )

    @property
    def category_label(self) -> str:
        return {**CATEGORIES, **INCOME_SOURCES}.get(self.category, self.category)

    @property
    def is_adjustment(self) -> bool:
        return self.adjusts_id is not None


class Receipt(TenantMixin, db.Model):
    __tablename__ = "finance_receipts"
    __table_args__ = (UniqueConstraint("network_id", "id"), network_fk("entry_id", "finance_entries"))
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExpenseClaim(TenantMixin, db.Model):
    __tablename__ = "expense_claims"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("entry_id", "finance_entries"),
        Index("ix_expense_claims_network_status", "network_id", "status"),
        CheckConstraint("expenses_pence >= 0 AND miles_tenths >= 0", name="amounts_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    spent_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    expenses_pence: Mapped[int] = mapped_column(Integer, default=0)
    miles_tenths: Mapped[int] = mapped_column(Integer, default=0)  # 12.5 miles = 125
    mileage_rate_pence: Mapped[int] = mapped_column(Integer)
    total_pence: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    entry_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimant = relationship("User", foreign_keys=[claimant_id], viewonly=True, lazy="selectin")
    decided_by = relationship("User", foreign_keys=[decided_by_id], viewonly=True, lazy="selectin")

    @property
    def status_label(self) -> str:
        return CLAIM_STATUSES.get(self.status, self.status)

    @property
    def mileage_pence(self) -> int:
        return mileage_pence(self.miles_tenths, self.mileage_rate_pence)

    @property
    def miles(self) -> str:
        whole, tenth = divmod(self.miles_tenths, 10)
        return f"{whole}.{tenth}" if tenth else str(whole)


def mileage_pence(miles_tenths: int, rate_pence: int) -> int:
    """Miles (in tenths) at a rate in pence a mile, rounded half up to the penny."""
    return (miles_tenths * rate_pence + 5) // 10
