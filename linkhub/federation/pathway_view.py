"""The pathway view of a working group: shared issues and people by stage, theme, network and
month, under the one disclosure-control method (``linkhub.platform.disclosure``: threshold
suppression, every count and total rounded to the base, secondary suppression in each table).

Besides that method, a filtered view is compared with every view made by dropping any of its
filters (theme, network, from, to); a cell whose difference from the less filtered cell is below
the threshold (and not 0) is suppressed too. Withdrawn and superseded copies are never counted.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import select

from linkhub.platform import disclosure
from linkhub.platform.db import db
from linkhub.platform.spreadsheet import safe_cell

from .models import DEFAULT_THRESHOLD, MIN_THRESHOLD, SharedIssue, WorkingGroup

FILTERS = ("theme", "network", "month_from", "month_to")
MEASURES = ("issues", "people")


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    text: str


@dataclass
class Table:
    name: str
    title: str
    rows: list[tuple[str, Cell, Cell]] = field(default_factory=list)  # label, issues, people


@dataclass
class View:
    threshold: int
    filters: dict
    total: tuple[Cell, Cell]
    tables: list[Table]
    rounded: bool
    rounding_base: int = disclosure.ROUND_TO


def live_issues(group: WorkingGroup) -> list[SharedIssue]:
    return list(
        db.session.scalars(
            select(SharedIssue)
            .where(
                SharedIssue.working_group_id == group.id,
                SharedIssue.withdrawn.is_(False),
                SharedIssue.superseded_by_id.is_(None),
            )
            .order_by(SharedIssue.month, SharedIssue.id)
        )
    )


def threshold_of(group: WorkingGroup) -> int:
    agreement = group.current_agreement
    return max(MIN_THRESHOLD, agreement.suppression_threshold if agreement else DEFAULT_THRESHOLD)


def _keep(issue: SharedIssue, filters: dict) -> bool:
    return (
        (not filters.get("theme") or issue.theme == filters["theme"])
        and (not filters.get("network") or issue.source_network.slug == filters["network"])
        and (not filters.get("month_from") or issue.month >= filters["month_from"])
        and (not filters.get("month_to") or issue.month <= filters["month_to"])
    )


def _counts(issues: list[SharedIssue], filters: dict) -> Counter:
    """(table, key, measure) -> count, for the issues the filters keep."""
    out: Counter = Counter()
    for issue in issues:
        if not _keep(issue, filters):
            continue
        keys = {
            "total": "all",
            "stage": issue.stage,
            "theme": issue.theme,
            "network": issue.source_network.name,
            "month": issue.month,
        }
        for table, key in keys.items():
            out[(table, key, "issues")] += 1
            out[(table, key, "people")] += issue.people_count
    return out


def _suppressed_cells(issues, filters: dict, cells: list, threshold: int) -> set:
    active = [f for f in FILTERS if filters.get(f)]
    mine = _counts(issues, filters)
    parents = [
        _counts(issues, {f: filters[f] for f in keep}) for n in range(len(active)) for keep in combinations(active, n)
    ]
    hidden = set()
    for cell in cells:
        value = mine[cell]
        if 0 < value < threshold or any(0 < parent[cell] - value < threshold for parent in parents):
            hidden.add(cell)
    for table in {c[0] for c in cells} - {"total"}:  # secondary suppression
        for measure in MEASURES:
            group = {c: mine[c] for c in cells if c[0] == table and c[2] == measure}
            hidden |= disclosure.secondary(group, hidden, threshold)
    return hidden


def _cell(value: int, hidden: bool, threshold: int) -> Cell:
    figure = disclosure.publish(value, threshold, hidden)
    return Cell(figure.value, figure.text)


def build(group: WorkingGroup, filters: dict | None = None) -> View:
    filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
    threshold, issues = threshold_of(group), live_issues(group)
    mine = _counts(issues, filters)
    order = {
        "stage": [s.name for s in group.pathway.stages],
        "theme": sorted({i.theme for i in issues}),
        "network": sorted({m.network.name for m in group.members}),
        "month": sorted({i.month for i in issues if _keep(i, filters)}),
    }
    cells = [("total", "all", m) for m in MEASURES] + [
        (t, k, m) for t, keys in order.items() for k in keys for m in MEASURES
    ]
    hidden = _suppressed_cells(issues, filters, cells, threshold)
    rounded = True  # every figure, filtered or not (disclosure rule 2)

    def cell(t, k, m):
        return _cell(mine[(t, k, m)], (t, k, m) in hidden, threshold)

    titles = {"stage": "Stage of the pathway", "theme": "Theme", "network": "Network", "month": "Month shared"}
    tables = [
        Table(t, titles[t], [(k, cell(t, k, "issues"), cell(t, k, "people")) for k in keys])
        for t, keys in order.items()
    ]
    return View(
        threshold,
        filters,
        (cell("total", "all", "issues"), cell("total", "all", "people")),
        tables,
        rounded,
        disclosure.base(threshold),
    )


def chart_rows(table: Table) -> list[tuple[str, int | None, str]]:
    """One chart row per table row: a bar for a shown count, and for a suppressed one no bar,
    only the table's words ("fewer than 5"), so the chart never looks empty beside a full table."""
    return [(label, issues.value, issues.text) for label, issues, _ in table.rows]


def to_csv(group: WorkingGroup, view: View) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["working_group", "table", "row", "shared_issues", "people"])
    writer.writerow([safe_cell(group.name), "total", "all", view.total[0].text, view.total[1].text])
    for table in view.tables:
        for label, issues, people in table.rows:
            writer.writerow([safe_cell(group.name), table.name, safe_cell(label), issues.text, people.text])
    return out.getvalue()
