"""RabbitMQ + PostgreSQL: a worker killed with SIGKILL mid-task, then restarted, still carries
out every task exactly once in effect."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope
from tests.conftest import BROKER_URL, PG_URL, TEST_SECRET, need

ROOT = Path(__file__).resolve().parents[2]
TASKS = 30


def purge_queues(url: str) -> None:
    """Empty every lane's queue (and its delay and dead-letter queues) of earlier runs' messages."""
    import pika

    from linkhub.workers.actors import LANE_ACTORS

    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    for queue in [q + suffix for _, q in LANE_ACTORS.values() for suffix in ("", ".DQ", ".XQ")]:
        try:
            channel.queue_purge(queue)
        except Exception:
            channel = connection.channel()  # the queue does not exist yet: nothing to purge
    connection.close()


def start_worker(tmp_path: Path, threads: int = 2) -> subprocess.Popen:
    env = dict(
        os.environ,
        LINKHUB_DATABASE_URL=PG_URL,
        LINKHUB_BROKER_URL=BROKER_URL,
        LINKHUB_WORKER_IMPORTS="tests.integration.outbox_handlers",
        LINKHUB_SECRET_KEY=TEST_SECRET,
        LINKHUB_INSTANCE_PATH=str(tmp_path),
        PYTHONPATH=str(ROOT),
        LINKHUB_OUTBOX_POLL_SECONDS="0.1",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "linkhub.cli", "worker", "--threads", str(threads)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def effects_table(pg_owner_engine) -> None:
    with pg_owner_engine.connect() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS test_effects (outbox_id INTEGER NOT NULL)"))
        conn.execute(text("GRANT SELECT, INSERT ON test_effects TO linkhub_app"))


def effects() -> list[int]:
    rows = db.session.execute(text("SELECT outbox_id FROM test_effects ORDER BY outbox_id")).scalars().all()
    db.session.rollback()
    return rows


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.rabbitmq
@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_sigkill_mid_task_then_restart_completes_every_task_exactly_once(app, db_kind, pg_owner_engine, tmp_path):
    need("RabbitMQ (LINKHUB_TEST_BROKER_URL)", BROKER_URL is not None)
    purge_queues(BROKER_URL)
    effects_table(pg_owner_engine)
    with platform_scope():
        created = [outbox.emit("test.effect", {"pause": 0.3}, network_id=None) for _ in range(TASKS)]
        db.session.flush()
        ids = [e.id for e in created]  # read before the commit ends the platform scope's grant
        db.session.commit()

    worker = start_worker(tmp_path)
    try:
        assert wait_for(lambda: len(effects()) >= 4, 60), "the first worker never made progress"
        os.killpg(worker.pid, signal.SIGKILL)  # mid-task: two threads are always inside a 0.3 s handler
        worker.wait(10)
        done_at_kill = len(effects())
        assert done_at_kill < TASKS, "the kill came too late to test anything"
        worker = start_worker(tmp_path)
        assert wait_for(lambda: len(effects()) >= TASKS, 90), f"only {len(effects())} of {TASKS} done after restart"
        time.sleep(1.0)  # any duplicate would show up now
    finally:
        stop(worker)
    assert effects() == ids, "every task carried out exactly once"
    with platform_scope():
        # plain rows: the objects would expire, and reload outside the scope, on rollback
        rows = db.session.execute(
            select(OutboxEvent.status, OutboxEvent.deliveries).where(OutboxEvent.id.in_(ids))
        ).all()
        db.session.rollback()
    assert {r.status for r in rows} == {"done"}
    assert sum(r.deliveries for r in rows) > TASKS, "some task was redelivered after the kill"


@pytest.mark.rabbitmq
@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_a_message_that_kills_its_worker_dead_letters_itself_and_no_neighbour(app, db_kind, pg_owner_engine, tmp_path):
    """The culprit SIGKILLs every worker that runs it; the events in flight beside it finish."""
    need("RabbitMQ (LINKHUB_TEST_BROKER_URL)", BROKER_URL is not None)
    purge_queues(BROKER_URL)
    effects_table(pg_owner_engine)
    with platform_scope():
        culprit = outbox.emit("test.kill_worker", {"pause": 0.4}, network_id=None)
        innocents = [outbox.emit("test.effect", {"pause": 1.5}, network_id=None) for _ in range(5)]
        db.session.flush()
        culprit_id, innocent_ids = culprit.id, [e.id for e in innocents]  # before the grant ends
        db.session.commit()

    def settled() -> bool:
        with platform_scope():
            rows = db.session.execute(
                select(OutboxEvent.id, OutboxEvent.status).where(OutboxEvent.id.in_([culprit_id, *innocent_ids]))
            ).all()
            db.session.rollback()
        return all(status in ("done", "dead") for _, status in rows)

    deaths, worker = 0, start_worker(tmp_path, threads=4)
    deadline = time.monotonic() + 150
    try:
        while time.monotonic() < deadline and not settled():
            if worker.poll() is not None:  # the culprit killed it: restart, as systemd would
                deaths += 1
                worker = start_worker(tmp_path, threads=4)
            time.sleep(0.2)
    finally:
        stop(worker)
    with platform_scope():
        rows = {
            r.id: r
            for r in db.session.execute(
                select(OutboxEvent.id, OutboxEvent.status, OutboxEvent.last_error, OutboxEvent.deliveries).where(
                    OutboxEvent.id.in_([culprit_id, *innocent_ids])
                )
            )
        }
        db.session.rollback()
    assert deaths >= 3
    assert {i: rows[i].status for i in innocent_ids} == {i: "done" for i in innocent_ids}, {
        i: rows[i].last_error for i in innocent_ids
    }
    assert effects() == innocent_ids, "each innocent event carried out exactly once"
    assert rows[culprit_id].status == "dead" and outbox.WORKER_DIED.lower() in rows[culprit_id].last_error.lower()
    assert not any(rows[i].last_error for i in innocent_ids)
