"""Reach: who gave views in a period (equality responses), against the local population, as
totals only, through the platform's one disclosure method (suppression, rounding, secondary
suppression). Under-heard groups are ranked by a *lower bound* of their gap: for a suppressed
group the largest share it could have is used, so a suppressed figure is never revealed by
its gap and a group is never called under-heard on a guess."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from linkhub.platform import disclosure
from linkhub.platform.db import db

from .categories import PREFER_NOT, QUESTIONS, answers
from .models import EqualityResponse, PopulationShare

THRESHOLD = 5  # the smallest count shown; 1 to 4 people read "fewer than 5"
MIN_TO_COMPARE = 20  # fewer published answers than this: too few to compare with the population


@dataclass
class Row:
    answer: str
    label: str
    figure: disclosure.Figure
    share: float | None  # of those who answered (published figures), None when suppressed
    share_at_most: float | None  # for a suppressed figure: the largest share it could be
    population: float | None
    gap: float | None  # population minus respondents, percentage points (a lower bound)


@dataclass
class Table:
    question: str
    label: str
    rows: list[Row]
    total: disclosure.Figure
    prefer_not: disclosure.Figure
    comparable: bool
    source: str = ""
    missing_population: bool = False
    notes: list[str] = field(default_factory=list)


def period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def counts(start: date, end: date) -> dict[str, Counter]:
    found: dict[str, Counter] = {q: Counter() for q in QUESTIONS}
    for (given,) in db.session.execute(
        select(EqualityResponse.answers).where(EqualityResponse.given_month.between(start, end))
    ):
        for question, answer in (given or {}).items():
            if question in found:
                found[question][answer] += 1
    return found


def population() -> dict[str, dict[str, tuple[float, str]]]:
    found: dict[str, dict[str, tuple[float, str]]] = {}
    for row in db.session.scalars(select(PopulationShare)):
        found.setdefault(row.question, {})[row.answer] = (row.percent, row.source)
    return found


def table(question: str, counted: Counter, profile: dict[str, tuple[float, str]]) -> Table:
    codes = [code for code, _ in QUESTIONS[question]["answers"]]
    cells = {code: counted.get(code, 0) for code in codes}
    hidden = disclosure.secondary(cells, set(), THRESHOLD)
    figures = {code: disclosure.publish(cells[code], THRESHOLD, hidden=code in hidden) for code in codes}
    total = disclosure.publish(sum(cells.values()), THRESHOLD)
    prefer_not = disclosure.publish(counted.get(PREFER_NOT[0], 0), THRESHOLD)
    comparable = bool(total.value and total.value >= MIN_TO_COMPARE)
    rows = []
    labels = dict(answers(question))
    for code in codes:
        fig = figures[code]
        pop = profile.get(code, (None, ""))[0]
        share = at_most = gap = None
        if comparable:
            if fig.value is not None:
                share = round(100 * fig.value / total.value, 1)
            elif code not in hidden:  # below the threshold: at most threshold - 1 people
                at_most = round(100 * (THRESHOLD - 1) / total.value, 1)
            # A secondary suppression has no bound to give: no gap, so nothing is revealed.
            basis = share if share is not None else at_most
            if pop is not None and basis is not None:
                gap = round(pop - basis, 1)
        rows.append(Row(code, labels[code], fig, share, at_most, pop, gap))
    sources = {src for _, src in profile.values() if src}
    return Table(
        question=question,
        label=QUESTIONS[question]["short"],
        rows=rows,
        total=total,
        prefer_not=prefer_not,
        comparable=comparable,
        source="; ".join(sorted(sources)),
        missing_population=not profile,
    )


def reach(year: int) -> list[Table]:
    start, end = period(year)
    counted = counts(start, end)
    profile = population()
    return [table(q, counted[q], profile.get(q, {})) for q in QUESTIONS]


def under_heard(tables: list[Table], limit: int = 3) -> list[tuple[Table, Row]]:
    """The groups heard least compared with their share of the population (gap > 0)."""
    found = [(t, r) for t in tables if t.comparable for r in t.rows if r.gap is not None and r.gap > 0]
    return sorted(found, key=lambda tr: (-tr[1].gap, tr[0].question, tr[1].answer))[:limit]
