"""The demo loader: criteria, scores, a ranking and a work programme in every demo network; twice is once."""

from __future__ import annotations

from sqlalchemy import func, select

from linkhub.demo import load_platform
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.priorities import ranking
from linkhub.tenants.priorities.demo import load_priorities
from linkhub.tenants.workprogramme import reporting
from linkhub.tenants.workprogramme.models import TaskGroup


def test_demo_priorities_load_once_with_every_status(app):
    list(load_platform())
    first = list(load_priorities())
    assert len(first) == 4 and list(load_priorities()) == []
    network_id = db.session.scalar(select(Network.id).where(Network.slug == "sheffield"))
    with network_scope(network_id):
        rows = ranking.rank_issues()
        assert rows[0].rank == 1 and rows[0].scorers == 4 and not rows[0].few_scorers
        progress = reporting.progress()
        assert all(progress.counts.values()) and progress.overdue == 1
        assert (
            db.session.scalar(select(func.count()).select_from(TaskGroup).where(TaskGroup.ended_on.is_not(None))) == 1
        )
        db.session.rollback()
