"""Changes to the LINk's finances (the only code that writes them).

Every function checks everything before writing, records an audit row and leaves the commit to
the caller, so a refusal (a :class:`ServiceError` on its field) leaves nothing half-written.
A change to anything of a closed financial year is a 409 with the reason.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.tenants.workprogramme.models import WorkItem

from ..models import (
    CATEGORIES,
    INCOME_SOURCES,
    KINDS,
    BudgetLine,
    ExpenseClaim,
    FinanceEntry,
    FinancialYear,
    Receipt,
    mileage_pence,
    year_label,
    year_starting,
)
from ..money import MoneyError, parse_money

MAX_RECEIPT_BYTES = 10 * 1024 * 1024
# What a receipt may be, told by its first bytes (never by its name or the browser's word).
RECEIPT_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


# --- years -------------------------------------------------------------------------------------


def year_for(day: date, *, create: bool = True) -> FinancialYear | None:
    """The financial year holding ``day`` (set up, open, when it does not exist yet)."""
    start = year_starting(day)
    year = db.session.scalar(select(FinancialYear).where(FinancialYear.start_year == start))
    if year is None and create:
        year = FinancialYear(start_year=start)
        db.session.add(year)
        db.session.flush()
        audit.record("financial_year.opened", "financial_year", year.id, year=year.label)
    return year


def open_year(start_year: int) -> FinancialYear:
    if not isinstance(start_year, int) or not 2000 <= start_year <= 2100:
        raise ServiceError("Enter the year the financial year starts in, like 2026", field="start_year")
    if db.session.scalar(select(FinancialYear.id).where(FinancialYear.start_year == start_year)):
        raise ServiceError(f"The financial year {year_label(start_year)} is already set up", 409, "start_year")
    return year_for(date(start_year, 4, 1))


def locked(year: FinancialYear) -> None:
    """409 when ``year`` is closed: its records are kept as they were when it was closed."""
    if year.is_closed:
        closed = year.closed_at.strftime("%-d %B %Y") if year.closed_at else "earlier"
        raise ServiceError(
            f"The financial year {year.label} was closed on {closed}, so its records cannot change. "
            "Record a dated adjusting entry in an open year instead.",
            409,
        )


def close_year(year: FinancialYear) -> FinancialYear:
    locked(year)
    open_claims = db.session.scalar(
        select(ExpenseClaim.id).where(
            ExpenseClaim.status.in_(("submitted", "approved")),
            ExpenseClaim.spent_on.between(year.starts_on, year.ends_on),
        )
    )
    if open_claims:
        raise ServiceError("Pay or reject the expense claims of this year before closing it", 409)
    from linkhub.platform.auth import current_user_id

    year.status, year.closed_at, year.closed_by_id = "closed", utcnow(), _user_id(current_user_id)
    audit.record("financial_year.closed", "financial_year", year.id, year=year.label)
    emit("financial_year.closed", {"year_id": year.id, "year": year.label})
    return year


def set_mileage_rate(year: FinancialYear, rate) -> FinancialYear:
    locked(year)
    try:
        pence = parse_money(rate, label="the rate a mile")
    except MoneyError as exc:
        raise ServiceError(str(exc), field="mileage_rate") from None
    if pence > 1000:
        raise ServiceError("Enter a rate a mile of £10.00 or less", field="mileage_rate")
    if pence != year.mileage_rate_pence:
        audit.record(
            "financial_year.mileage_rate_set", "financial_year", year.id, old=year.mileage_rate_pence, new=pence
        )
        year.mileage_rate_pence = pence
    return year


def set_budget(year: FinancialYear, category: str, amount) -> BudgetLine:
    locked(year)
    if category not in CATEGORIES:
        raise ServiceError("Choose a budget line", field="category")
    pence = _money(amount, "amount")
    line = db.session.scalar(select(BudgetLine).where(BudgetLine.year_id == year.id, BudgetLine.category == category))
    if line is None:
        line = BudgetLine(year_id=year.id, category=category, amount_pence=pence)
        db.session.add(line)
        db.session.flush()
    elif line.amount_pence == pence:
        return line
    old, line.amount_pence = line.amount_pence, pence
    audit.record("budget_line.set", "budget_line", line.id, year=year.label, category=category, old=old, new=pence)
    return line


def set_budget_lines(year: FinancialYear, amounts: dict) -> list[BudgetLine]:
    """Every budget line of a year at once (the budget form): checked before any is written."""
    locked(year)
    checked = {}
    for category, value in amounts.items():
        if category not in CATEGORIES:
            raise ServiceError("Choose a budget line", field="category")
        checked[category] = _money(value if value not in (None, "") else "0", category)
    return [set_budget(year, category, pence_text(p)) for category, p in checked.items()]


def pence_text(pence: int) -> str:
    from ..money import plain

    return plain(pence)


# --- entries -----------------------------------------------------------------------------------


def _money(value, field: str, *, allow_negative: bool = False, allow_zero: bool = True) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and field.endswith("_pence"):
        return value
    try:
        return parse_money(value, allow_negative=allow_negative, allow_zero=allow_zero)
    except MoneyError as exc:
        raise ServiceError(str(exc), field=field) from None


def _text(value, field: str, message: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message, field=field)
    if len(value) > limit:
        raise ServiceError(f"This must be {limit:,} characters or fewer", field=field)
    return value


def _checked_entry(data: dict, kind: str) -> dict:
    out = {}
    if "entry_on" in data:
        if not isinstance(data["entry_on"], date):
            raise ServiceError("Enter the date as a real date", field="entry_on")
        out["entry_on"] = data["entry_on"]
    if "category" in data:
        allowed = CATEGORIES if kind == "spending" else INCOME_SOURCES
        if data["category"] not in allowed:
            raise ServiceError(
                "Choose a budget line" if kind == "spending" else "Choose where the money came from", field="category"
            )
        out["category"] = data["category"]
    if "counterparty" in data:
        who = "supplier" if kind == "spending" else "payer"
        out["counterparty"] = _text(data["counterparty"], "counterparty", f"Enter the {who}", 200)
    if "description" in data:
        out["description"] = _text(data["description"], "description", "", 2000, required=False)
    if "amount" in data:
        out["amount_pence"] = _money(data["amount"], "amount", allow_zero=False)
    if "work_item_id" in data:
        work_item_id = data["work_item_id"] or None
        if work_item_id is not None and (kind != "spending" or db.session.get(WorkItem, work_item_id) is None):
            raise ServiceError("Choose a work item of this network", field="work_item_id")
        out["work_item_id"] = work_item_id
    return out


def add_entry(
    *,
    kind: str,
    entry_on: date,
    category: str,
    counterparty: str,
    amount,
    description: str = "",
    work_item_id: int | None = None,
    source: str = "manual",
) -> FinanceEntry:
    """Money spent or received. Its year is the one its date falls in (set up when new); a
    closed year refuses it (409): record an adjusting entry instead."""
    if kind not in KINDS:
        raise ServiceError("Choose spending or income", field="kind")
    data = _checked_entry(
        dict(
            entry_on=entry_on,
            category=category,
            counterparty=counterparty,
            amount=amount,
            description=description,
            work_item_id=work_item_id,
        ),
        kind,
    )
    year = year_for(data["entry_on"])
    locked(year)
    from linkhub.platform.auth import current_user_id

    entry = FinanceEntry(kind=kind, year_id=year.id, source=source, created_by_id=_user_id(current_user_id), **data)
    db.session.add(entry)
    db.session.flush()
    audit.record("finance_entry.recorded", "finance_entry", entry.id, kind=kind, amount_pence=entry.amount_pence)
    return entry


def _user_id(getter):
    from flask import has_request_context

    return getter() if has_request_context() else None


def update_entry(entry: FinanceEntry, **changes) -> FinanceEntry:
    """Change an entry of an open year; a closed year's entry is a 409 with the reason. Its
    date may not move it into another year (record it again there)."""
    locked(entry.year)
    if entry.is_adjustment and "amount" in changes:
        changes["amount_pence_signed"] = changes.pop("amount")
    data = _checked_entry({k: v for k, v in changes.items() if k != "amount_pence_signed"}, entry.kind)
    if "amount_pence_signed" in changes:
        data["amount_pence"] = _money(changes["amount_pence_signed"], "amount", allow_negative=True, allow_zero=False)
    if "entry_on" in data and year_starting(data["entry_on"]) != entry.year.start_year:
        raise ServiceError(f"Choose a date in the financial year {entry.year.label}", field="entry_on")
    altered = {k: v for k, v in data.items() if getattr(entry, k) != v}
    if altered:
        audit.record(
            "finance_entry.updated",
            "finance_entry",
            entry.id,
            old={k: _plain(getattr(entry, k)) for k in altered},
            new={k: _plain(v) for k, v in altered.items()},
        )
        for key, value in altered.items():
            setattr(entry, key, value)
    return entry


def adjust_entry(original: FinanceEntry, *, amount, reason: str, entry_on: date | None = None) -> FinanceEntry:
    """A correction of ``original`` as a new entry dated ``entry_on`` (today by default), in the
    open year that date falls in; ``amount`` is the change (negative to take money off)."""
    reason = _text(reason, "reason", "Enter why the entry is corrected", 2000)
    pence = _money(amount, "amount", allow_negative=True, allow_zero=False)
    day = entry_on or clock.today()
    year = year_for(day)
    if year.is_closed:
        raise ServiceError(
            f"The financial year {year.label} is closed: date the adjusting entry in an open year", 409, "entry_on"
        )
    from linkhub.platform.auth import current_user_id

    entry = FinanceEntry(
        kind=original.kind,
        year_id=year.id,
        entry_on=day,
        category=original.category,
        counterparty=original.counterparty,
        description=f"Adjustment to entry {original.id}: {reason}",
        amount_pence=pence,
        adjusts_id=original.id,
        source="manual",
        created_by_id=_user_id(current_user_id),
    )
    db.session.add(entry)
    db.session.flush()
    audit.record("finance_entry.adjusted", "finance_entry", entry.id, adjusts=original.id, amount_pence=pence)
    return entry


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


# --- receipts ----------------------------------------------------------------------------------


def receipt_type(content: bytes) -> str | None:
    """The receipt's type from its first bytes (PDF, PNG, JPEG, GIF or WebP), else None."""
    for magic, kind in RECEIPT_TYPES:
        if content.startswith(magic):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def attach_receipt(entry: FinanceEntry, *, filename: str, content: bytes) -> Receipt:
    """A receipt for an entry: at most 10 MB, a PDF or an image by its content; otherwise a
    field error and nothing is stored."""
    locked(entry.year)
    if not content:
        raise ServiceError("Choose a receipt file", field="file")
    if len(content) > MAX_RECEIPT_BYTES:
        raise ServiceError("The receipt must be smaller than 10 MB", field="file")
    kind = receipt_type(content)
    if kind is None:
        raise ServiceError("The receipt must be a PDF, JPG, PNG, GIF or WebP file", field="file")
    from linkhub.platform.auth import current_user_id

    name = (filename or "receipt").replace("\\", "/").rsplit("/", 1)[-1][:255] or "receipt"
    receipt = Receipt(
        entry_id=entry.id,
        filename=name,
        content_type=kind,
        size_bytes=len(content),
        content=content,
        uploaded_by_id=_user_id(current_user_id),
    )
    db.session.add(receipt)
    db.session.flush()
    audit.record("receipt.attached", "finance_entry", entry.id, receipt=receipt.id, filename=name)
    return receipt


# --- volunteer expense claims ------------------------------------------------------------------


def _miles(value) -> int:
    """Tenths of a mile from text such as ``12`` or ``12.5``."""
    text = str(value if value is not None else "").strip() or "0"
    whole, _, tenth = text.partition(".")
    if not whole.isdigit() or (tenth and not (tenth.isdigit() and len(tenth) == 1)):
        raise ServiceError("Enter the miles as a number, like 12.5", field="miles")
    miles = int(whole) * 10 + int(tenth or 0)
    if miles > 100_000:
        raise ServiceError("Enter 10,000 miles or fewer", field="miles")
    return miles


def submit_claim(*, claimant, spent_on: date, description: str, expenses="0", miles="0") -> ExpenseClaim:
    """A member claims their own out-of-pocket expenses and mileage."""
    if claimant is None:
        raise ServiceError("Sign in to claim expenses", 401)
    if not isinstance(spent_on, date):
        raise ServiceError("Enter the date of the expense as a real date", field="spent_on")
    if spent_on > clock.today():
        raise ServiceError("The date of the expense must be today or in the past", field="spent_on")
    description = _text(description, "description", "Enter what the expense was for", 2000)
    expenses_pence = _money(expenses if expenses not in (None, "") else "0", "expenses")
    miles_tenths = _miles(miles)
    year = year_for(spent_on)
    if year.is_closed:
        raise ServiceError(
            f"The financial year {year.label} is closed: ask host staff about a late claim", 409, "spent_on"
        )
    total = expenses_pence + mileage_pence(miles_tenths, year.mileage_rate_pence)
    if total <= 0:
        raise ServiceError("Enter an amount or the miles travelled", field="expenses")
    claim = ExpenseClaim(
        claimant_id=claimant.id,
        spent_on=spent_on,
        description=description,
        expenses_pence=expenses_pence,
        miles_tenths=miles_tenths,
        mileage_rate_pence=year.mileage_rate_pence,
        total_pence=total,
    )
    db.session.add(claim)
    db.session.flush()
    audit.record("expense_claim.submitted", "expense_claim", claim.id, total_pence=total)
    emit("expense_claim.submitted", {"claim_id": claim.id, "total_pence": total})
    return claim


def _decide(claim: ExpenseClaim, decider, status: str, note: str) -> ExpenseClaim:
    if claim.status != "submitted":
        raise ServiceError(f"This claim is already {claim.status_label.lower()}", 409)
    if decider is None or decider.id == claim.claimant_id:
        raise ServiceError("Someone other than the claimant must approve or reject a claim", 403)
    claim.status, claim.decided_by_id, claim.decided_at = status, decider.id, utcnow()
    claim.decision_note = (note or "").strip()[:2000]
    if status == "approved":
        audit.record("expense_claim.approved", "expense_claim", claim.id, total_pence=claim.total_pence)
    else:
        audit.record("expense_claim.rejected", "expense_claim", claim.id, total_pence=claim.total_pence)
    return claim


def approve_claim(claim: ExpenseClaim, *, approver, note: str = "") -> ExpenseClaim:
    return _decide(claim, approver, "approved", note)


def reject_claim(claim: ExpenseClaim, *, approver, note: str = "") -> ExpenseClaim:
    if not (note or "").strip():
        raise ServiceError("Enter why the claim is rejected", field="note")
    return _decide(claim, approver, "rejected", note)


def pay_claim(claim: ExpenseClaim, *, paid_on: date | None = None) -> ExpenseClaim:
    """Pay an approved claim: records the spending entry (volunteer expenses) on the day paid."""
    if claim.status != "approved":
        raise ServiceError("Only an approved claim can be paid", 409)
    day = paid_on or clock.today()
    name = claim.claimant.name if claim.claimant is not None else "A former volunteer"
    entry = add_entry(
        kind="spending",
        entry_on=day,
        category="volunteer_expenses",
        counterparty=name,
        amount=pence_text(claim.total_pence),
        description=f"Expense claim {claim.id}: {claim.description}"[:2000],
        source="claim",
    )
    claim.status, claim.paid_on, claim.entry_id = "paid", day, entry.id
    audit.record("expense_claim.paid", "expense_claim", claim.id, total_pence=claim.total_pence, entry=entry.id)
    return claim
