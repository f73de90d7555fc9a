"""Password reset by e-mail.

- Asking gives the same answer whether or not the address has an account (no way to learn who
  has one); the e-mail goes out through the outbox (``email.send``) in the same transaction.
- A link carries a random secret (32 bytes); only its SHA-256 is stored. It works once, for one
  hour; using it (or a newer one) ends every other link of that person, and signs them out
  everywhere (the session token rotates).
- At most ``PER_HOUR`` links per person per hour (further requests are answered the same and send
  nothing), besides the per-address rate limit on the page.
- Single use holds under concurrency: the link is spent by one conditional UPDATE, so of two
  requests racing with the same link exactly one changes the password.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select, update

from linkhub.platform import audit
from linkhub.platform.auth import hash_password
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import User
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError

from .models import PasswordReset

LIFETIME = timedelta(hours=1)
PER_HOUR = 3
MIN_LENGTH = 12


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def request_reset(email: str, link_for) -> None:
    """Send a reset link if ``email`` belongs to an active account; do the same visible nothing
    otherwise. ``link_for(secret)`` makes the absolute link to put in the message."""
    email = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None or not user.is_active:
        return
    since = utcnow() - timedelta(hours=1)
    recent = (
        db.session.scalar(
            select(func.count())
            .select_from(PasswordReset)
            .where(PasswordReset.user_id == user.id, PasswordReset.created_at > since)
        )
        or 0
    )
    if recent >= PER_HOUR:
        audit.record("password.reset_limited", "user", user.id, network_id=None, actor=user)
        return
    secret = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=_digest(secret), expires_at=utcnow() + LIFETIME))
    emit(
        "email.send",
        {
            "to": [user.email],
            "subject": "Reset your LINkHub password",
            "body": (
                f"Someone asked to reset the password of the LINkHub account for {user.email}.\n\n"
                f"To choose a new password, open this link within one hour:\n{link_for(secret)}\n\n"
                "The link works once. If you did not ask for this, ignore this message: your password has not changed."
            ),
        },
        network_id=None,
    )
    audit.record("password.reset_requested", "user", user.id, network_id=None, actor=user)


def find(secret: str) -> PasswordReset | None:
    """The live reset for ``secret`` (not used, not expired), or None."""
    if not secret or len(secret) > 100:
        return None
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _digest(secret)))
    if reset is None or reset.used_at is not None:
        return None
    expires = reset.expires_at if reset.expires_at.tzinfo else reset.expires_at.replace(tzinfo=utcnow().tzinfo)
    return reset if expires > utcnow() else None


def reset_password(secret: str, password: str) -> User:
    """Spend the link and set the password. ServiceError when the link is no good or the password short."""
    if len(password or "") < MIN_LENGTH:
        raise ServiceError(f"Passwords must be at least {MIN_LENGTH} characters", field="password")
    reset = find(secret)
    if reset is None:
        raise ServiceError("This link has expired or has been used. Ask for a new one.", status=410, field="token")
    now = utcnow()
    spend = (
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    spent = db.session.execute(spend).rowcount  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
    if spent != 1:  # another request used it a moment ago
        raise ServiceError("This link has expired or has been used. Ask for a new one.", status=410, field="token")
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    user = db.session.get_one(User, reset.user_id)
    user.password_hash = hash_password(password)
    user.session_token = secrets.token_hex(16)  # every signed-in session ends
    audit.record("password.reset", "user", user.id, network_id=None, actor=user)
    return user
