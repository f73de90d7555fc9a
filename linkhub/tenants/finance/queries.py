"""Read-only figures of the finances: budget against actual per line and per quarter, totals
for a period (the returns read these). Sums are done by the database, in integer pence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from linkhub.platform.db import db

from .models import CATEGORIES, INCOME_SOURCES, QUARTERS, BudgetLine, FinanceEntry, FinancialYear, quarter_of


@dataclass
class LineFigures:
    category: str
    label: str
    budget_pence: int
    actual_pence: int
    quarters: list[int]

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.actual_pence

    @property
    def over(self) -> bool:
        return self.actual_pence > self.budget_pence


@dataclass
class YearFigures:
    year: FinancialYear
    lines: list[LineFigures]
    income: dict[str, int]
    income_quarters: list[int]

    @property
    def budget_pence(self) -> int:
        return sum(line.budget_pence for line in self.lines)

    @property
    def spent_pence(self) -> int:
        return sum(line.actual_pence for line in self.lines)

    @property
    def income_pence(self) -> int:
        return sum(self.income.values())

    @property
    def quarter_totals(self) -> list[int]:
        return [sum(line.quarters[q] for line in self.lines) for q in range(4)]

    @property
    def balance_pence(self) -> int:
        return self.income_pence - self.spent_pence


def year_figures(year: FinancialYear) -> YearFigures:
    """Budget, actual (adjustments included) and each quarter's spending per budget line, and
    income by source, for one year: two grouped queries."""
    budgets = dict(
        db.session.execute(
            select(BudgetLine.category, BudgetLine.amount_pence).where(BudgetLine.year_id == year.id)
        ).all()
    )
    quarters: dict[tuple[str, str], list[int]] = {}
    rows = db.session.execute(
        select(FinanceEntry.kind, FinanceEntry.category, FinanceEntry.entry_on, func.sum(FinanceEntry.amount_pence))
        .where(FinanceEntry.year_id == year.id)
        .group_by(FinanceEntry.kind, FinanceEntry.category, FinanceEntry.entry_on)
    ).all()
    for kind, category, day, total in rows:
        quarters.setdefault((kind, category), [0, 0, 0, 0])[quarter_of(day)] += int(total)
    lines = [
        LineFigures(
            key,
            label,
            budgets.get(key, 0),
            sum(quarters.get(("spending", key), [0])),
            quarters.get(("spending", key), [0, 0, 0, 0]),
        )
        for key, label in CATEGORIES.items()
    ]
    income = {key: sum(quarters.get(("income", key), [0])) for key in INCOME_SOURCES}
    income_quarters = [sum(quarters.get(("income", key), [0, 0, 0, 0])[q] for key in INCOME_SOURCES) for q in range(4)]
    return YearFigures(year, lines, income, income_quarters)


def period_totals(start: date, end: date) -> dict:
    """Spending by budget line and income by source between two dates (inclusive)."""
    rows = db.session.execute(
        select(FinanceEntry.kind, FinanceEntry.category, func.sum(FinanceEntry.amount_pence), func.count())
        .where(FinanceEntry.entry_on >= start, FinanceEntry.entry_on <= end)
        .group_by(FinanceEntry.kind, FinanceEntry.category)
    ).all()
    spending = {key: 0 for key in CATEGORIES}
    income = {key: 0 for key in INCOME_SOURCES}
    count = 0
    for kind, category, total, n in rows:
        (spending if kind == "spending" else income)[category] = int(total or 0)
        count += n
    return {"spending": spending, "income": income, "entries": count}


def years() -> list[FinancialYear]:
    return db.session.scalars(select(FinancialYear).order_by(FinancialYear.start_year.desc())).all()


__all__ = ["QUARTERS", "year_figures", "period_totals", "years"]
