"""Reading the work programme: ordered items, progress figures and the CSV export.

CSV columns (stable; new columns are only ever added at the end)::

    work_item_id, title, status, owner, outcome, target_date, completed_date, overdue,
    issue_id, issue_title, task_group, task_group_ended, linked_kind, linked_id

Dates are ISO 8601 (``2026-03-31``); ``overdue`` and ``task_group_ended`` are ``yes``/``no``;
empty cells mean "none". Text cells a spreadsheet would run as a formula get a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import case, func, select

from linkhub.platform.db import db
from linkhub.platform.spreadsheet import safe_cell
from linkhub.platform import clock

from .models import STATUSES, WorkItem

CSV_COLUMNS = [
    "work_item_id",
    "title",
    "status",
    "owner",
    "outcome",
    "target_date",
    "completed_date",
    "overdue",
    "issue_id",
    "issue_title",
    "task_group",
    "task_group_ended",
    "linked_kind",
    "linked_id",
]
# Unfinished work first, soonest target first; completed work at the end.
ORDER = (case((WorkItem.status == "done", 1), else_=0), WorkItem.target_on, WorkItem.id)


def items(status: str | None = None) -> list[WorkItem]:
    query = select(WorkItem).order_by(*ORDER)
    if status:
        query = query.where(WorkItem.status == status)
    return list(db.session.scalars(query))


@dataclass
class Progress:
    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get("done", 0)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress() -> Progress:
    counts = {status: 0 for status in STATUSES}
    counts.update(dict(db.session.execute(select(WorkItem.status, func.count()).group_by(WorkItem.status)).all()))
    overdue = db.session.scalar(
        select(func.count()).select_from(WorkItem).where(WorkItem.status != "done", WorkItem.target_on < clock.today())
    )
    return Progress(counts, overdue)


def items_csv(rows: list[WorkItem]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for i in rows:
        group = i.task_group
        writer.writerow(
            [
                i.id,
                safe_cell(i.title),
                i.status,
                safe_cell(i.owner),
                safe_cell(i.outcome),
                i.target_on.isoformat(),
                i.completed_on.isoformat() if i.completed_on else "",
                "yes" if i.is_overdue else "no",
                i.issue_id or "",
                safe_cell(i.issue.title) if i.issue else "",
                safe_cell(group.name) if group else "",
                ("yes" if group.ended_on else "no") if group else "",
                i.linked_kind or "",
                i.linked_id or "",
            ]
        )
    return buffer.getvalue()
