"""One visibility rule for the library, its pages, open data and API: what is listed can be
opened. A suspended network's reports (network and enter-and-view reports: the pages under
``/reports/<ref>`` answer 404 for them, linkhub/tenants/reports/public/lookup.py) are neither
listed nor counted, from the moment of suspension (read at query time, not waiting for an
event), and come back when the network is reactivated. Joint reports belong to their working
group and shared issues to federation: a convenor's suspension hides neither.
"""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network


def hidden_networks() -> tuple[str, ...]:
    """Slugs of the networks whose reports are hidden (suspended ones)."""
    return tuple(db.session.scalars(select(Network.slug).where(Network.status == "suspended").order_by(Network.slug)))
