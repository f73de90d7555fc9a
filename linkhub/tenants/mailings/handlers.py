"""The weekly digest as a periodic job (imported by every process through discovery).

``periodic.mailings.weekly_digest`` runs hourly; each network's digest goes out once per ISO week
(its ``digest_runs`` row commits with the e-mails), at the first run of the week: early on Monday,
or as soon as a worker is up that week. Each network is its own transaction and scope, so one
network's failure does not stop the others' digests (the job is retried by the outbox).
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.periodic import periodic
from linkhub.platform.tenancy import network_scope, platform_scope

from .services import send_weekly_digest

log = logging.getLogger(__name__)


def run_digests() -> int:
    with platform_scope():
        networks = db.session.scalars(select(Network.id).where(Network.status == "active").order_by(Network.id)).all()
        db.session.rollback()
    sent = 0
    for network_id in networks:
        with network_scope(network_id):
            network = db.session.get(Network, network_id)
            try:
                sent += send_weekly_digest(network)
                db.session.commit()
            except IntegrityError:  # another worker sent this week's digest a moment ago
                db.session.rollback()
    return sent


@periodic("mailings.weekly_digest", every_seconds=3600)
def weekly_digest(event) -> None:
    log.info("weekly digests: %s e-mails", run_digests())
