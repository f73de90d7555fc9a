"""Trigger points: evaluate a network's rules and fire each window once.

A rule counts qualifying feedback per group (provider + theme for "distinct people", provider
for "very poor") received in the last ``window_days``. A group's window starts no earlier than
its previous firing, so the same feedback never fires the same rule twice; the unique key on
(rule, group, window start) stops two workers firing the same window at once.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, func, literal, select
from sqlalchemy.exc import IntegrityError

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
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


def _last_firings(rule: TriggerRule) -> dict[str, datetime]:
    rows = db.session.execute(select(TriggerFiring.group_key, func.max(TriggerFiring.fired_at))
                              .where(TriggerFiring.rule_id == rule.id).group_by(TriggerFiring.group_key)).all()
    return {key: _aware(at) for key, at in rows}


def _candidates(rule: TriggerRule, since: datetime, until: datetime, provider_id=None, theme=None):
    """(provider_id, theme, count) per group with at least ``threshold`` qualifying items in [since, until]."""
    # Distinct known contacts, plus each anonymous item as one person (they cannot be told apart).
    people = func.count(func.distinct(Feedback.contact_id)) + func.sum(case((Feedback.contact_id.is_(None), 1), else_=0))
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


def evaluate(now: datetime | None = None, provider_id: int | None = None, theme: str | None = None) -> list[TriggerFiring]:
    """Evaluate the network's active rules (all groups, or one group) and fire what is due."""
    now = now or utcnow()
    fired = []
    for rule in db.session.scalars(select(TriggerRule).where(TriggerRule.active.is_(True))).all():
        window_start = now - timedelta(days=rule.window_days)
        last = _last_firings(rule)
        for group_provider, group_theme, count in _candidates(rule, window_start, now, provider_id, theme):
            key = f"{group_provider}:{group_theme or '*'}"
            start = max(window_start, last.get(key, window_start))
            if start > window_start:  # fired before in this window: count only what came after
                count = _count_since(rule, start, now, group_provider, group_theme)
            if count < rule.threshold:
                continue
            firing = _fire(rule, key, group_provider, group_theme, start, now, count)
            if firing is not None:
                fired.append(firing)
    return fired


def _fire(rule, key, provider_id, theme, start, now, count) -> TriggerFiring | None:
    issue = issue_for_group(provider_id, theme or "safety")
    firing = TriggerFiring(rule_id=rule.id, group_key=key, provider_id=provider_id, theme=theme, issue_id=issue.id,
                           window_start=start, window_end=now, count=count, fired_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(firing)
            db.session.flush()
    except IntegrityError:  # another worker fired this window a moment ago
        return None
    issue.flagged_at = now
    audit.record("trigger.fired", "trigger_firing", firing.id, rule=rule.name, issue=issue.id, count=count)
    emit("email.send", {"to": staff_emails(), "subject": f"Trigger point reached: {rule.name}",
                        "body": f"{rule.description}. {count} reached for the issue '{issue.title}'. "
                                f"See the issue page for the feedback behind it."})
    emit("trigger.fired", {"firing_id": firing.id, "issue_id": issue.id, "rule_id": rule.id})
    return firing


def staff_emails() -> list[str]:
    return sorted(db.session.scalars(
        select(User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == current_network_id(), Membership.role.in_(("network_admin", "staff")))
        .distinct()))
