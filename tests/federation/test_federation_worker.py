"""End to end with RabbitMQ, PostgreSQL and a real ``linkhub worker`` process: share -> approve ->
visible in the working group -> withdraw -> gone from the shared issue page (410), the pathway
aggregate and search. The federation actor runs in the worker as the federation role."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from linkhub.federation.models import SharedIssue
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope
from tests.conftest import BROKER_URL, PG_URL, TEST_SECRET, need
from tests.federation.conftest import person
from tests.tenants.sharing.test_sharing import share_and_approve, shared_ids_in_search
from tests.integration.test_worker_kill import purge_queues, wait_for

ROOT = Path(__file__).resolve().parents[2]


def start_worker(tmp_path: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        LINKHUB_DATABASE_URL=PG_URL,
        LINKHUB_BROKER_URL=BROKER_URL,
        LINKHUB_SECRET_KEY=TEST_SECRET,
        LINKHUB_INSTANCE_PATH=str(tmp_path),
        PYTHONPATH=str(ROOT),
        LINKHUB_OUTBOX_POLL_SECONDS="0.1",
    )
    with open(tmp_path / "worker.log", "wb") as log:  # a file, not a pipe nobody reads (it would fill and block)
        return subprocess.Popen(
            [sys.executable, "-m", "linkhub.cli", "worker", "--threads", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def eventually(condition, timeout: float) -> bool:
    """Poll with a fresh view of the database: requests here share the test's session, whose
    identity map would otherwise keep serving the rows as first loaded."""

    def fresh():
        db.session.rollback()
        return condition()

    return wait_for(fresh, timeout)


def _copy_id(group_id: int) -> int | None:
    with platform_scope():
        found = db.session.scalar(select(SharedIssue.id).where(SharedIssue.working_group_id == group_id))
        db.session.rollback()
    return found


@pytest.mark.rabbitmq
@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_share_to_withdraw_through_rabbitmq_and_a_worker_process(app, fed, db_kind, pg_owner_engine, tmp_path):
    need("RabbitMQ (LINKHUB_TEST_BROKER_URL)", BROKER_URL is not None)
    purge_queues(BROKER_URL)
    worker = start_worker(tmp_path)
    try:
        staff = person(app, "staff-a@example.org")
        reader = person(app, "reader@example.org")
        listing = f"/api/v1/federation/shared-issues?working_group_id={fed.group_id}"
        draft_id = share_and_approve(staff, fed)
        assert eventually(lambda: reader.get(listing).json["total"] == 1, 60), (tmp_path / "worker.log").read_text()[
            -3000:
        ]
        shared_id = _copy_id(fed.group_id)
        assert staff.get(f"/federation/shared-issues/{shared_id}").status_code == 200
        assert b"Handover delays" in staff.get(f"/federation/groups/{fed.group_id}").data
        aggregates = f"/api/v1/federation/working-groups/{fed.group_id}/aggregates"
        assert reader.get(aggregates).json["total"]["issues"] != 0  # None: "fewer than 5", suppressed
        assert eventually(lambda: f"shared_issue:{shared_id}" in shared_ids_in_search([fed.group_id]), 30)
        with pg_owner_engine.connect() as conn:  # the worker's federation lane holds a pooled connection
            roles = (
                conn.execute(
                    text(
                        "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database()"
                        " AND usename LIKE 'linkhub_%'"
                    )
                )
                .scalars()
                .all()
            )
        assert {"linkhub_app", "linkhub_federation"} <= set(roles)

        assert staff.post(f"/networks/alpha/federation/shares/{draft_id}/withdraw").status_code == 302
        assert eventually(lambda: staff.get(f"/federation/shared-issues/{shared_id}").status_code == 410, 60)
        assert reader.get(listing).json["total"] == 0
        assert reader.get(aggregates).json["total"]["issues"] == 0
        assert eventually(lambda: f"shared_issue:{shared_id}" not in shared_ids_in_search(), 30)

        def settled():
            with platform_scope():
                statuses = set(db.session.scalars(select(OutboxEvent.status)))
                db.session.rollback()
            return statuses == {"done"}

        assert eventually(settled, 30), "every event carried out, none dead"
    finally:
        stop_worker(worker)
