"""Trigger points: evaluate a network's rules and fire each window once.

A rule counts qualifying feedback per group (provider + theme for "distinct people", provider
for "very poor") received in the last ``window_days``. A group's window starts no earlier than
its previous firing, so the same feedback never fires the same rule twice.

Two workers evaluating the same group at once (a burst of feedback about one provider, the
15-minute sweep meeting a new-feedback event) fire it once: each takes a database lock on the
natural key (network, rule, group) and only then reads the group's last firing and counts, so
the second one waits, then sees the first one's firing and finds nothing new. Opening the issue
is locked the same way (one open issue per provider and theme), and a firing puts the feedback
that made it fire into the issue (feedback already in another issue stays where it is).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, func, literal, select, update
from sqlalchemy.exc import IntegrityError

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.locks import xact_lock
from linkhub.platform.models import Membership, User
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.feedback.models import Feedback

from ..models import TRIGGER_KINDS, TriggerFiring, TriggerRule
from . import issue_for_group


def add_rule(*, name: str, kind: str, threshold: int, window_days: int) -> TriggerRule:
    if not (name or "").strip():
        raise ServiceError("Enter a name for the trigger point", field="name")
    if kind not in TRIGGER_KINDS:
        raise ServiceError("Choose what the trigger point counts", field="kind")
    if not 1 <= int(threshold) <= 10_000:
        raise ServiceError("The number must be between 1 and 10,000", field="threshold")
    if not 1 <= int(window_days) <= 366:
        raise ServiceError("The number of days must be between 1 and 366", field="window_days")
    if db.session.scalar(select(TriggerRule.id).where(TriggerRule.name == name.strip())):
        raise ServiceError("There is already a trigger point with that name", status=409, field="name")
    rule = TriggerRule(name=name.strip(), kind=kind, threshold=int(threshold), window_days=int(window_days))
    db.session.add(rule)
    db.session.flush()
    audit.record("trigger_rule.added", "trigger_rule", rule.id, name=rule.name)
    return rule


def _aware(moment: datetime) -> datetime:
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _last_firing(rule: TriggerRule, key: str) -> datetime | None:
    last = db.session.scalar(
        select(func.max(TriggerFiring.fired_at)).where(TriggerFiring.rule_id == rule.id, TriggerFiring.group_key == key)
    )
    return _aware(last) if last is not None else None


def _candidates(rule: TriggerRule, since: datetime, until: datetime, provider_id=None, theme=None):
    """(provider_id, theme, count) per group with at least ``threshold`` qualifying items in [since, until]."""
    # Distinct known contacts, plus each anonymous item as one person (they cannot be told apart).
    people = func.count(func.distinct(Feedback.contact_id)) + func.sum(
        case((Feedback.contact_id.is_(None), 1), else_=0)
    )
    if rule.kind == "distinct_people":
        group = (Feedback.provider_id, Feedback.theme)
        measure = people
        query = select(Feedback.provider_id, Feedback.theme, measure)
    else:
        group = (Feedback.provider_id,)
        measure = func.count()
        query = select(Feedback.provider_id, literal(None), measure).where(Feedback.rating == 1)
    query = query.where(Feedback.received_at >= since, Feedback.received_at <= until, Feedback.provider_id.is_not(None))
    if provider_id is not None:
        query = query.where(Feedback.provider_id == provider_id)
    if theme is not None and rule.kind == "distinct_people":
        query = query.where(Feedback.theme == theme)
    return db.session.execute(query.group_by(*group).having(measure >= rule.threshold)).all()


def _count_since(rule: TriggerRule, since: datetime, until: datetime, provider_id: int, theme: str | None) -> int:
    rows = _candidates(rule, since, until, provider_id, theme)
    return rows[0][2] if rows else 0


def _qualifying(rule: TriggerRule, since: datetime, until: datetime, provider_id: int, theme: str | None):
    """The feedback a group's count is made of (what a firing puts into its issue)."""
    query = select(Feedback.id).where(
        Feedback.provider_id == provider_id, Feedback.received_at >= since, Feedback.received_at <= until
    )
    if rule.kind == "distinct_people":
        query = query.where(Feedback.theme == theme)
    else:
        query = query.where(Feedback.rating == 1)
    return query


def evaluate(
    now: datetime | None = None, provider_id: int | None = None, theme: str | None = None
) -> list[TriggerFiring]:
    """Evaluate the network's active rules (all groups, or one group) and fire what is due.

    Locks are taken in one order (rule id, then group key) so concurrent evaluations never
    deadlock; each is held until the caller's transaction ends.
    """
    now = now or utcnow()
    fired = []
    for rule in db.session.scalars(
        select(TriggerRule).where(TriggerRule.active.is_(True)).order_by(TriggerRule.id)
    ).all():
        window_start = now - timedelta(days=rule.window_days)
        candidates = sorted(
            _candidates(rule, window_start, now, provider_id, theme), key=lambda row: (row[0], row[1] or "")
        )
        for group_provider, group_theme, _ in candidates:
            key = f"{group_provider}:{group_theme or '*'}"
            xact_lock("trigger", current_network_id(), rule.id, key)
            # Read after the lock: a firing committed by another worker meanwhile is seen here.
            last = _last_firing(rule, key)
            start = max(window_start, last) if last is not None else window_start
            count = _count_since(rule, start, now, group_provider, group_theme)
            if count < rule.threshold:
                continue
            firing = _fire(rule, key, group_provider, group_theme, start, now, count)
            if firing is not None:
                fired.append(firing)
    return fired


def _fire(rule, key, provider_id, theme, start, now, count) -> TriggerFiring | None:
    try:
        with db.session.begin_nested():  # the issue and the firing together, or neither
            issue = issue_for_group(provider_id, theme or "safety")
            firing = TriggerFiring(
                rule_id=rule.id,
                group_key=key,
                provider_id=provider_id,
                theme=theme,
                issue_id=issue.id,
                window_start=start,
                window_end=now,
                count=count,
                fired_at=now,
            )
            db.session.add(firing)
            db.session.flush()
    except IntegrityError:  # the same window fired already (the lock makes this a last resort)
        return None
    issue.flagged_at = now
    added = db.session.execute(
        update(Feedback)
        .where(Feedback.id.in_(_qualifying(rule, start, now, provider_id, theme)), Feedback.issue_id.is_(None))
        .values(issue_id=issue.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    audit.record(
        "trigger.fired", "trigger_firing", firing.id, rule=rule.name, issue=issue.id, count=count, feedback_added=added
    )
    emit(
        "email.send",
        {
            "to": staff_emails(),
            "subject": f"Trigger point reached: {rule.name}",
            "body": f"{rule.description}. {count} reached for the issue '{issue.title}'. "
            f"See the issue page for the feedback behind it.",
        },
    )
    emit("trigger.fired", {"firing_id": firing.id, "issue_id": issue.id, "rule_id": rule.id})
    return firing


def staff_emails() -> list[str]:
    return sorted(
        db.session.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.network_id == current_network_id(), Membership.role.in_(("network_admin", "staff")))
            .distinct()
        )
    )
