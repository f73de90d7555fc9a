"""E-mail as an outbox event: ``email.send`` with a plain payload {to, subject, body}.

Nothing here talks to a mail server; the handler in ``handlers.py`` decides where the message
goes (in the embedded default, the ``outgoing_messages`` table staff read on a page)."""
from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Membership, User
from linkhub.platform.outbox import emit
from linkhub.platform.tenancy import current_network_id


def send_email(to: list[str] | str, subject: str, body: str, *, network_id: int | None = None):
    recipients = [to] if isinstance(to, str) else sorted({t for t in to if t})
    return emit("email.send", {"to": recipients, "subject": subject, "body": body},
                network_id=network_id if network_id is not None else current_network_id())


def people_with_roles(network_id: int, roles: tuple[str, ...]) -> list[str]:
    """E-mail addresses of active people holding any of ``roles`` (memberships are platform rows,
    filtered here explicitly by network)."""
    rows = db.session.scalars(
        select(User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == network_id, Membership.role.in_(roles), User.is_disabled.is_(False)))
    return sorted(set(rows))
