"""Values of performance indicators taken from the data (read only): each measure is one of the
figures a return draws, for the indicator's period."""

from __future__ import annotations

from datetime import date

from linkhub.tenants.finance.models import BudgetLine, FinancialYear, year_starting

from . import figures


def _percent(part: int, whole: int) -> int | None:
    return None if whole == 0 else round(100 * part / whole)


def measure_value(measure: str, start: date, end: date) -> int | None:
    """The value of ``measure`` for the period, or None when the data cannot give one (no
    requests sent, say, for a percentage of requests answered on time)."""
    from sqlalchemy import func, select

    from linkhub.platform.db import db

    if measure == "feedback_received":
        return figures.feedback(start, end)["total"]
    if measure == "distinct_people":
        return figures.feedback(start, end)["distinct_people"]
    if measure == "requests_on_time_percent":
        r = figures.requests(start, end, end)
        return _percent(r["answered_on_time"], r["sent"])
    if measure == "recommendations_answered_percent":
        r = figures.reports(start, end)
        return _percent(r["recommendations"] - r["responses"].get("awaiting", 0), r["recommendations"])
    if measure == "reports_published":
        return figures.reports(start, end)["published"]
    if measure == "visits_carried_out":
        return figures.visits(start, end)["carried_out"]
    if measure == "osc_referrals":
        return figures.referrals(start, end)["referred"]
    if measure == "members":
        return figures.involvement(start, end)["members"]
    if measure == "spending_within_budget_percent":
        spent = figures.finances(start, end)["spending_total"]
        budget = db.session.scalar(
            select(func.coalesce(func.sum(BudgetLine.amount_pence), 0))
            .join(FinancialYear, FinancialYear.id == BudgetLine.year_id)
            .where(FinancialYear.start_year == year_starting(start))
        )
        return _percent(spent, int(budget or 0))
    return None
