"""The audit log: services call :func:`record` inside the transaction of the change."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from sqlalchemy import insert

from .db import db, utcnow
from .models import AuditEvent
from .tenancy import current_network_id


def actor() -> tuple[int | None, str]:
    """(id, label) of who is acting: the signed-in person, else "system"."""
    return _actor()


def _actor():
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user.id, current_user.email
    return None, "system"


def record(action: str, entity_type: str, entity_id=None, *, network_id=None, actor=None, **details) -> AuditEvent:
    """Add an audit row to the current session; it commits or rolls back with the change."""
    actor_id, label = (actor.id, actor.email) if actor is not None else _actor()
    event = AuditEvent(
        network_id=network_id if network_id is not None else current_network_id(),
        actor_id=actor_id,
        actor_label=label,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=details,
    )
    db.session.add(event)
    return event


def record_many(action: str, entity_type: str, entity_ids: list, **details) -> None:
    """Audit rows for a batch of like changes, in one statement (bulk intake)."""
    if not entity_ids:
        return
    actor_id, label = _actor()
    now = utcnow()
    db.session.execute(
        insert(AuditEvent),
        [
            {
                "network_id": current_network_id(),
                "actor_id": actor_id,
                "actor_label": label,
                "action": action,
                "entity_type": entity_type,
                "entity_id": str(entity_id),
                "details": details,
                "created_at": now,
            }
            for entity_id in entity_ids
        ],
    )


def record_view(action: str, entity_type: str, entity_id=None, **details) -> None:
    """Record that someone looked at personal data (a contact's details), committed at once, so
    "who saw what" can be answered. Only for GET pages that show such data."""
    record(action, entity_type, entity_id, **details)
    db.session.commit()
