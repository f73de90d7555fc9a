"""Outbox handler of the network's side of sharing (default lane, in the network's scope):
federation refused an approved share (its agreement changed in flight) and says so with an
event, because its own role cannot write a tenant table."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.outbox import on_event

from .models import ShareRequest


# Registered under its first name: handled events are keyed by it.
@on_event("federation.share_refused", name="linkhub.federation.handlers.mark_share_refused")
def mark_share_refused(event: OutboxEvent) -> None:
    """Default lane, in the sharing network's scope: the network's own share request says the
    approved version was refused and why, until someone approves it again (a new version)."""
    p = event.payload or {}
    share = db.session.scalar(
        select(ShareRequest).where(
            ShareRequest.network_id == event.network_id, ShareRequest.share_ref == str(p.get("share_ref") or "")
        )
    )
    if share is None or share.status != "approved" or share.version != p.get("version"):
        return  # withdrawn, or approved again since: the newer version decides
    share.refused_version, share.refused_at = share.version, utcnow()
    share.refused_reason = str(p.get("reason") or "The working group refused the share.")[:1000]
    audit.record("share_request.refused", "share_request", share.id, version=share.version, reason=share.refused_reason)
