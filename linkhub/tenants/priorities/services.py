"""Changes to priority criteria and scores (the only code that writes them).

Every function validates everything before it writes anything, adds an audit row, and leaves
the commit to its caller (one commit per request), so a refusal leaves nothing half-written.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.issues.models import Issue

from .models import DIRECTIONS, MAX_SCORE, MAX_WEIGHT, MIN_SCORE, PriorityCriterion, PriorityScore


def _check_weight(weight) -> int:
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
        raise ServiceError(f"The weight must be a whole number from 1 to {MAX_WEIGHT}", field="weight")
    return weight


def _check_name(name: str, exclude_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ServiceError("Enter a name for the criterion", field="name")
    if len(name) > 120:
        raise ServiceError("The name must be 120 characters or fewer", field="name")
    query = select(PriorityCriterion.id).where(func.lower(PriorityCriterion.name) == name.lower())
    if exclude_id is not None:
        query = query.where(PriorityCriterion.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise ServiceError("This network already has a criterion with that name", status=409, field="name")
    return name


def _check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ServiceError("Choose whether a high score raises or lowers priority", field="direction")
    return direction


def add_criterion(*, name: str, weight: int, direction: str = "positive", description: str = "") -> PriorityCriterion:
    name, weight, direction = _check_name(name), _check_weight(weight), _check_direction(direction)
    position = (db.session.scalar(select(func.max(PriorityCriterion.position))) or 0) + 1
    criterion = PriorityCriterion(
        name=name, weight=weight, direction=direction, description=(description or "").strip(), position=position
    )
    db.session.add(criterion)
    db.session.flush()
    audit.record(
        "priority_criterion.added", "priority_criterion", criterion.id, name=name, weight=weight, direction=direction
    )
    return criterion


def update_criterion(criterion: PriorityCriterion, **changes) -> PriorityCriterion:
    """Change name, description, weight, direction or active; checks all before changing any."""
    checked = {}
    if changes.get("name") is not None:
        checked["name"] = _check_name(changes["name"], exclude_id=criterion.id)
    if changes.get("weight") is not None:
        checked["weight"] = _check_weight(changes["weight"])
    if changes.get("direction") is not None:
        checked["direction"] = _check_direction(changes["direction"])
    if changes.get("description") is not None:
        checked["description"] = changes["description"].strip()
    if changes.get("active") is not None:
        checked["active"] = bool(changes["active"])
    altered = {k: v for k, v in checked.items() if getattr(criterion, k) != v}
    if altered:
        old = {k: getattr(criterion, k) for k in altered}
        for key, value in altered.items():
            setattr(criterion, key, value)
        audit.record("priority_criterion.updated", "priority_criterion", criterion.id, old=old, new=altered)
    return criterion


def score_issue(issue: Issue, user, scores: dict[int, int]) -> list[PriorityScore]:
    """Record one person's scores for one issue: {criterion_id: 0..5}.

    Scoring again updates the person's earlier score (an upsert on the unique key, atomic even
    when two requests race), so a scorer is never counted twice. All scores are checked first:
    one bad score refuses the lot.
    """
    if not scores:
        raise ServiceError("Score the issue against at least one criterion", field="scores")
    criteria = {
        c.id: c
        for c in db.session.scalars(
            select(PriorityCriterion).where(PriorityCriterion.id.in_(list(scores)), PriorityCriterion.active.is_(True))
        )
    }
    for criterion_id, score in scores.items():
        if criterion_id not in criteria:
            raise ServiceError("Score only this network's current criteria", field="scores")
        if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
            raise ServiceError(
                f"Each score must be a whole number from {MIN_SCORE} to {MAX_SCORE}", field=f"criterion_{criterion_id}"
            )
    network_id, now = current_network_id(), utcnow()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [
        {
            "network_id": network_id,
            "issue_id": issue.id,
            "criterion_id": criterion_id,
            "user_id": user.id,
            "score": score,
            "created_at": now,
            "updated_at": now,
        }
        for criterion_id, score in scores.items()
    ]
    statement = insert(PriorityScore).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["network_id", "issue_id", "criterion_id", "user_id"],
        set_={"score": statement.excluded.score, "updated_at": statement.excluded.updated_at},
    )
    db.session.execute(statement)
    audit.record("priority_scores.recorded", "issue", issue.id, scores={str(k): v for k, v in scores.items()})
    return my_scores(issue.id, user.id)


def my_scores(issue_id: int, user_id: int) -> list[PriorityScore]:
    return list(
        db.session.scalars(
            select(PriorityScore)
            .where(PriorityScore.issue_id == issue_id, PriorityScore.user_id == user_id)
            .order_by(PriorityScore.criterion_id)
            .execution_options(populate_existing=True)
        )
    )
