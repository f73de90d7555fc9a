"""Secret calendar addresses: subscribing to a network's deadlines from a calendar app.

Calendar apps (Outlook, Google Calendar, Apple Calendar) fetch a subscribed URL on their own
schedule, with no cookie and no header we could ask for, so the secret travels in the URL
(``deadlines.ics?key=...``), as in other products' "secret address in iCal format". The
address belongs to one person in one network, and gives no more than that person may read
signed in: it works only while it is live and the person holds a member role in that network
(checked on every fetch, so removing someone from the network closes their address).

Only a SHA-256 of the secret is stored (a 256-bit random secret needs no slow hash); it is
shown once. One live address per person per network: making a new one stops the old. These
functions are the only code that writes ``calendar_feeds``; the caller commits once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError

from ..models import CalendarFeed

SECRET_PREFIX = "lhcal_"  # nosec B105 # not a secret
MAX_SECRET_LENGTH = 100  # ours are 49 characters; anything much longer is not worth hashing
# Apps poll every few minutes to every day: remembering each use would be a write per poll.
TOUCH_EVERY = timedelta(minutes=15)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite returns naive UTC


def live_address(user_id: int, network_id: int) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.user_id == user_id, CalendarFeed.network_id == network_id, CalendarFeed.revoked_at.is_(None)
        )
    )


def create_address(user_id: int, network_id: int) -> tuple[CalendarFeed, str]:
    """Make a new address, stopping the person's previous one in this network; returns the
    row and the secret (to show once, never stored)."""
    previous = live_address(user_id, network_id)
    if previous is not None:
        _revoke(previous, reason="replaced")
        db.session.flush()  # the partial unique index allows one live row at a time
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user_id, network_id=network_id, prefix=secret[:12], token_hash=_digest(secret))
    db.session.add(feed)
    db.session.flush()
    audit.record("calendar_feed.created", "calendar_feed", feed.id, network_id=network_id, user_id=user_id)
    return feed, secret


def revoke_address(user_id: int, network_id: int) -> CalendarFeed:
    feed = live_address(user_id, network_id)
    if feed is None:
        raise ServiceError("You have no calendar address for this network", status=409)
    return _revoke(feed, reason="stopped")


def _revoke(feed: CalendarFeed, *, reason: str) -> CalendarFeed:
    feed.revoked_at = utcnow()
    audit.record(
        "calendar_feed.revoked",
        "calendar_feed",
        feed.id,
        network_id=feed.network_id,
        user_id=feed.user_id,
        reason=reason,
    )
    return feed


def find_live(secret: str, network_id: int) -> CalendarFeed | None:
    """The live address of this network for a secret, else None: unknown, stopped, of another
    network or of a disabled person all look the same to the caller (a 404)."""
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _digest(secret)))
    if feed is None or feed.revoked_at is not None or feed.network_id != network_id or feed.user.is_disabled:
        return None
    return feed


def record_use(feed: CalendarFeed) -> bool:
    """Note that the address was used, at most once every ``TOUCH_EVERY``; True if it wrote."""
    now = utcnow()
    if feed.last_used_at is not None and now - _aware(feed.last_used_at) < TOUCH_EVERY:
        return False
    feed.last_used_at = now
    return True
