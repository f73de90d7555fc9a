"""The ranking of issues by the network's weighted criteria, and its CSV export.

For each issue, over the *active* criteria that at least one person scored for it::

    adjusted(c) = mean(c)            for a positive criterion
    adjusted(c) = 5 − mean(c)        for a negative one ("others already acting": 5 means
                                     someone else has it in hand, so it adds nothing)
    priority    = Σ weight(c) × adjusted(c) / Σ weight(c)          (0 to 5)

``mean(c)`` is the mean of everyone's latest score for that criterion. Criteria nobody has
scored for an issue are left out of both sums (a partly scored issue is neither helped nor
hurt by the gap; ``criteria_scored`` shows how complete it is). Each row carries the number
of distinct scorers; with fewer than :data:`FEW_SCORERS` the page warns that the figure rests
on too few views — the seed's worry that one person or group can dominate. Ties sort by more
scorers, then the older issue. Closed issues are not ranked; open issues nobody has scored
follow the ranked ones, unranked.

CSV columns (stable; new columns are only ever added at the end)::

    rank, issue_id, issue_title, issue_status, priority_score, scorers, criteria_scored,
    criteria_total, few_scorers, in_work_programme

``rank`` and ``priority_score`` are empty for an issue nobody has scored; ``priority_score``
has two decimals; ``few_scorers`` and ``in_work_programme`` are ``yes``/``no``. A text cell starting with
``= + - @`` gets a leading apostrophe so a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.spreadsheet import safe_cell
from linkhub.tenants.issues.models import Issue

from .models import MAX_SCORE, PriorityCriterion, PriorityScore

FEW_SCORERS = 3
CSV_COLUMNS = [
    "rank",
    "issue_id",
    "issue_title",
    "issue_status",
    "priority_score",
    "scorers",
    "criteria_scored",
    "criteria_total",
    "few_scorers",
    "in_work_programme",
]


@dataclass
class RankedIssue:
    issue: Issue
    score: float | None
    scorers: int
    criteria_scored: int
    criteria_total: int
    means: dict[int, float] = field(default_factory=dict)  # criterion id -> mean score
    rank: int | None = None
    in_work_programme: bool = False

    @property
    def few_scorers(self) -> bool:
        return self.scorers < FEW_SCORERS


def priority_score(means: dict[int, float], criteria: dict[int, PriorityCriterion]) -> float | None:
    """The weighted mean of one issue's per-criterion means (None when nothing is scored)."""
    used = [(criteria[c], mean) for c, mean in means.items() if c in criteria]
    total_weight = sum(criterion.weight for criterion, _ in used)
    if not total_weight:
        return None
    return sum(c.weight * (MAX_SCORE - mean if c.is_negative else mean) for c, mean in used) / total_weight


def rank_issues(include_unscored: bool = True) -> list[RankedIssue]:
    """The current network's open issues, highest priority first."""
    criteria = {
        c.id: c for c in db.session.scalars(select(PriorityCriterion).where(PriorityCriterion.active.is_(True)))
    }
    means: dict[int, dict[int, float]] = {}
    for issue_id, criterion_id, mean in db.session.execute(
        select(PriorityScore.issue_id, PriorityScore.criterion_id, func.avg(PriorityScore.score)).group_by(
            PriorityScore.issue_id, PriorityScore.criterion_id
        )
    ):
        if criterion_id in criteria:
            means.setdefault(issue_id, {})[criterion_id] = float(mean)
    scorers = dict(
        db.session.execute(
            select(PriorityScore.issue_id, func.count(func.distinct(PriorityScore.user_id)))
            .where(PriorityScore.criterion_id.in_(list(criteria) or [0]))
            .group_by(PriorityScore.issue_id)
        ).all()
    )
    planned = _issues_in_work_programme()
    rows = []
    for issue in db.session.scalars(select(Issue).where(Issue.status != "closed").order_by(Issue.id)):
        issue_means = means.get(issue.id, {})
        score = priority_score(issue_means, criteria)
        if score is None and not include_unscored:
            continue
        rows.append(
            RankedIssue(
                issue,
                score,
                scorers.get(issue.id, 0),
                len(issue_means),
                len(criteria),
                issue_means,
                in_work_programme=issue.id in planned,
            )
        )
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), -r.scorers, r.issue.id))
    for position, row in enumerate((r for r in rows if r.score is not None), start=1):
        row.rank = position
    return rows


def _issues_in_work_programme() -> set[int]:
    # Imported here: the work programme builds on the ranking, not the other way round.
    from linkhub.tenants.workprogramme.models import WorkItem

    return set(db.session.scalars(select(WorkItem.issue_id).where(WorkItem.issue_id.is_not(None))))


def ranking_csv(rows: list[RankedIssue]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.rank or "",
                r.issue.id,
                safe_cell(r.issue.title),
                r.issue.status,
                "" if r.score is None else f"{r.score:.2f}",
                r.scorers,
                r.criteria_scored,
                r.criteria_total,
                "yes" if r.few_scorers else "no",
                "yes" if r.in_work_programme else "no",
            ]
        )
    return buffer.getvalue()
