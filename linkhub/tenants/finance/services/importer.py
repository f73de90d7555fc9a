"""CSV import of a bank or ledger export into the finances: all or nothing.

Columns (header row required, order free, names fixed): ``date`` (YYYY-MM-DD or DD/MM/YYYY),
``counterparty`` (the supplier paid or the payer), ``amount`` (pounds: negative is money out,
spending; positive is money in, income), and optionally ``category`` (spending: a budget line,
key or name, default ``other``; income: ``la_grant`` or ``other_income``, default
``other_income``) and ``description``.

Every line is checked; errors name the line number (the header is line 1). Lines dated in a
closed financial year are errors (correct a closed year with an adjusting entry). If any line is
wrong, or on a dry run, the transaction is rolled back and nothing is stored. This module is
part of the domain's services: it writes only through :func:`services.add_entry`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError

from .. import services
from ..models import CATEGORIES, INCOME_SOURCES, FinancialYear, year_starting
from ..money import MoneyError, parse_money, plain

REQUIRED = ("date", "counterparty", "amount")
COLUMNS = REQUIRED + ("category", "description")
MAX_ERRORS = 200
MAX_ROWS = 20_000


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    spending_pence: int = 0
    income_pence: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _category(text: str, kind: str) -> str | None:
    allowed = CATEGORIES if kind == "spending" else INCOME_SOURCES
    text = (text or "").strip()
    if not text:
        return "other" if kind == "spending" else "other_income"
    for key, label in allowed.items():
        if text.lower() in (key, label.lower()):
            return key
    return None


def _date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime((text or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


def _parse(row: dict, closed: set[int]) -> tuple[dict | None, str | None]:
    day = _date(row.get("date") or "")
    if day is None:
        return None, "the date must be a real date like 2026-04-30 or 30/04/2026"
    if year_starting(day) in closed:
        return None, "the date falls in a closed financial year (record an adjusting entry instead)"
    try:
        pence = parse_money(row.get("amount"), allow_negative=True, allow_zero=False, label="the amount")
    except MoneyError as exc:
        return None, str(exc).replace("Enter the amount", "the amount must be given").lower()
    kind = "spending" if pence < 0 else "income"
    category = _category(row.get("category") or "", kind)
    if category is None:
        names = ", ".join(CATEGORIES if kind == "spending" else INCOME_SOURCES)
        return None, f"the category is not one of: {names}"
    counterparty = (row.get("counterparty") or "").strip()
    if not counterparty:
        return None, "the counterparty (supplier or payer) is empty"
    if len(counterparty) > 200 or len(row.get("description") or "") > 2000:
        return None, "the counterparty must be 200 characters or fewer and the description 2,000"
    return {
        "kind": kind,
        "entry_on": day,
        "category": category,
        "counterparty": counterparty,
        "amount": plain(abs(pence)),
        "description": (row.get("description") or "").strip(),
    }, None


def import_entries(stream, *, dry_run: bool) -> ImportResult:
    """Check (and unless ``dry_run`` record) every line. The caller commits when ``result.ok``
    and not ``dry_run``; this function rolls back itself otherwise."""
    result = ImportResult()
    closed = set(db.session.scalars(select(FinancialYear.start_year).where(FinancialYear.status == "closed")))
    line = 1
    try:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text)
        names = [n.strip().lower() for n in (reader.fieldnames or [])]
        reader.fieldnames = names
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise _LineError(1, f"the header row is missing: {', '.join(missing)} (columns: {', '.join(COLUMNS)})")
        unknown = [c for c in names if c not in COLUMNS]
        if unknown:
            raise _LineError(1, f"unknown columns: {', '.join(unknown)} (columns: {', '.join(COLUMNS)})")
        for row in reader:
            line = reader.line_num
            if None in row:
                result.errors.append((line, "this line has more values than the header has columns"))
                continue
            result.rows += 1
            if result.rows > MAX_ROWS:
                raise _LineError(line, f"the file has more than {MAX_ROWS:,} rows: split it")
            values, error = _parse(row, closed)
            if error:
                if len(result.errors) < MAX_ERRORS:
                    result.errors.append((line, error))
                continue
            pence = parse_money(values["amount"])
            if values["kind"] == "spending":
                result.spending_pence += pence
            else:
                result.income_pence += pence
            if len(result.preview) < 10:
                result.preview.append(dict(values))
            if result.errors or dry_run:
                continue
            try:
                services.add_entry(source="import", **values)
            except ServiceError as exc:
                result.errors.append((line, exc.message))
    except _LineError as exc:
        result.errors.append((exc.line, exc.message))
    except UnicodeDecodeError:
        result.errors.append((line + 1, "the file is not UTF-8 text: save it as 'CSV UTF-8' and try again"))
    except csv.Error as exc:
        result.errors.append((line + 1, f"this line is not valid CSV: {exc}"))
    if result.rows == 0 and not result.errors:
        result.errors.append((1, "the file has no rows under the header"))
    if result.errors or dry_run:
        db.session.rollback()
        return result
    audit.record("finance_entry.imported", "finance_entry", None, rows=result.rows)
    emit("finance.imported", {"rows": result.rows})
    return result


class _LineError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message
