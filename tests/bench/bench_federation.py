"""Federation figures: share-to-visible latency through RabbitMQ and a real `linkhub worker`,
against a no-op event's round trip through the same broker and worker in the same run.

    python tests/bench/bench_federation.py [--shares 200]

Needs PostgreSQL (the server of LINKHUB_TEST_DATABASE_URL, default postgresql://root@127.0.0.1:5432/)
and RabbitMQ (LINKHUB_TEST_BROKER_URL, default amqp://guest:guest@127.0.0.1:5672/, no special vhost).
The worker declares the lanes' queues; they are purged first, so do not run this beside the
test suite on the same vhost. Uses its own database, `linkhub_fed_bench`, rebuilt each run and
dropped at the end.

Share-to-visible: a person's approval is committed (``federation.share`` in the outbox), then the
clock runs until the shared issue is in the working group (the store the group's pages and API
read: one hop, relay -> federation actor as the federation role) and until search finds it (a
second hop: ``shared_issue.shared`` -> relay -> indexing actor). Polled every 5 ms; shares are
approved one at a time with a short gap, so the figure is the pipeline's, not a backlog's.
Baseline: an event nobody handles, committed, until its outbox row is done (relay + broker +
actor + database, nothing else), interleaved with the shares. Goal from the issue: p95 <= 1 s.
Scrubber throughput (records/s) is bench_anonymise.py's figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PG = os.environ.get("LINKHUB_TEST_DATABASE_URL", "postgresql://root@127.0.0.1:5432/postgres")
BROKER = os.environ.get("LINKHUB_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/")
DATABASE = "linkhub_fed_bench"
WARM_UP = 5  # first rounds warm connections and caches: not counted
POLL, GAP, TIMEOUT = 0.005, 0.05, 30.0


def _admin_engine():
    url = sa.engine.make_url(PG.replace("postgresql://", "postgresql+psycopg://", 1))
    return url, sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def fresh_database() -> str:
    url, admin = _admin_engine()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{DATABASE}"')
    admin.dispose()
    return url.set(database=DATABASE).render_as_string(hide_password=False)


def drop_database() -> None:
    _, admin = _admin_engine()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    admin.dispose()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values) -> str:
    return (
        f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {percentile(values, 95) * 1000:.0f} ms, "
        f"max {max(values) * 1000:.0f} ms"
    )


def set_up(count: int):
    """Two networks, a working group with an accepted agreement, and ``count`` draft shares."""
    from linkhub.federation import services
    from linkhub.platform.db import db
    from linkhub.platform.tenancy import network_scope, platform_scope
    from linkhub.tenants.issues import services as issues
    from linkhub.tenants.sharing import services as sharing
    from tests.helpers import build_world

    world = build_world()
    with platform_scope():
        group = services.create_working_group(
            name="Bench ambulance pathway",
            region="North West",
            pathway=services.pathway_by_slug("ambulance"),
            convenor=world.a,
            members=[world.b],
            agreement_text="Bench agreement.",
        )
        services.accept_agreement(group, world.a, world.users["admin_a"])
        db.session.commit()
        group_id = group.id
    drafts = []
    with network_scope(world.a.id):
        group = services.member_group(group_id, world.a.id)
        for i in range(count + WARM_UP):
            issue = issues.create_issue(
                title=f"Handover delays {i}",
                theme="access",
                provider_id=world.records["alpha"]["provider_id"],
                summary="Crews waited outside A&E before handover.",
            )
            db.session.flush()
            drafts.append(sharing.start_share(issue, group, "on-scene", world.users["staff_a"]).id)
        db.session.commit()
    return world, group_id, drafts


def wait(condition) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit("not visible after 30 s: is the worker running? (see the worker log)")
        time.sleep(POLL)
    return time.perf_counter()


def measure(app, world, group_id: int, drafts: list[int]) -> dict[str, list[float]]:
    from linkhub.federation.models import SharedIssue
    from linkhub.tenants.sharing import services as sharing
    from linkhub.tenants.sharing.models import ShareRequest
    from linkhub.platform import outbox
    from linkhub.platform.db import db
    from linkhub.platform.models import OutboxEvent
    from linkhub.platform.tenancy import network_scope, platform_scope
    from linkhub.search import service
    from linkhub.search.documents import SearchQuery

    backend, staff = service.backend(app), world.users["staff_a"]
    figures = {"visible": [], "searchable": [], "noop": []}

    def in_group(ref: str) -> bool:
        with platform_scope():
            found = db.session.scalar(
                sa.select(SharedIssue.id).where(
                    SharedIssue.working_group_id == group_id,
                    SharedIssue.share_ref == ref,
                    SharedIssue.withdrawn.is_(False),
                    SharedIssue.superseded_by_id.is_(None),
                )
            )
            db.session.rollback()
        return found is not None

    def searchable(word: str) -> bool:
        return bool(backend.search(SearchQuery(text=word, kind="shared_issue", working_group_ids=[group_id])).hits)

    def done(event_id: int) -> bool:
        with platform_scope():
            status = db.session.scalar(sa.select(OutboxEvent.status).where(OutboxEvent.id == event_id))
            db.session.rollback()
        return status == "done"

    for i, draft_id in enumerate(drafts):
        word = f"zq{i:05d}marker"
        with network_scope(world.a.id):
            share = db.session.get(ShareRequest, draft_id)
            sharing.approve_share(
                share,
                title=f"Handover delays {word}",
                text=f"Crews waited at handover ({word}).",
                user=db.session.merge(staff),
            )
            ref = share.share_ref
            db.session.commit()
        start = time.perf_counter()
        visible_at = wait(lambda: in_group(ref))
        searchable_at = wait(lambda: searchable(word))
        time.sleep(GAP)
        with platform_scope():
            event = outbox.emit("bench.noop", {"round": i}, network_id=None)  # nobody handles it
            db.session.commit()
            event_id = event.id
        noop_start = time.perf_counter()
        noop_at = wait(lambda: done(event_id))
        if i >= WARM_UP:
            figures["visible"].append(visible_at - start)
            figures["searchable"].append(searchable_at - start)
            figures["noop"].append(noop_at - noop_start)
        time.sleep(GAP)
    return figures


def start_worker(owner_url: str, tmp: Path) -> subprocess.Popen:
    from tests.integration.test_worker_kill import purge_queues

    purge_queues(BROKER)
    env = dict(
        os.environ,
        LINKHUB_DATABASE_URL=owner_url,
        LINKHUB_BROKER_URL=BROKER,
        LINKHUB_INSTANCE_PATH=str(tmp),
        PYTHONPATH=str(ROOT),
        LINKHUB_SECRET_KEY="bench",
        LINKHUB_LOG_LEVEL="WARNING",
    )
    with open(tmp / "worker.log", "wb") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "linkhub.cli", "worker", "--threads", "4"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shares", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    owner = fresh_database()
    os.environ.update(LINKHUB_DATABASE_URL=owner, LINKHUB_INSTANCE_PATH=str(tmp), LINKHUB_SECRET_KEY="bench")
    from linkhub.app import create_app
    import linkhub.app  # noqa: F401  registers the layers that migrations discover
    from linkhub.platform import migrate
    from linkhub.platform.auth import use_cheap_hashing_for_tests
    from linkhub.platform.config import Config
    from linkhub.platform.db import db

    use_cheap_hashing_for_tests()
    migrate.upgrade(Config())
    app = create_app(Config(BROKER_URL=BROKER, EMBEDDED_WORKER=False), start_worker=False)
    worker = None
    try:
        with app.app_context():
            world, group_id, drafts = set_up(args.shares)
            worker = start_worker(owner, tmp)
            time.sleep(3)  # worker start-up is not part of the figure
            try:
                figures = measure(app, world, group_id, drafts)
            except SystemExit:
                print((tmp / "worker.log").read_text()[-3000:], file=sys.stderr)
                raise
            db.session.remove()
            db.engine.dispose()
        visible, searchable, noop = figures["visible"], figures["searchable"], figures["noop"]
        poll = app.config["OUTBOX_POLL_SECONDS"]
        print(
            f"{len(visible)} shares approved one at a time (RabbitMQ + `linkhub worker --threads 4`, PostgreSQL, "
            f"relay poll {poll} s; federation actor as the federation role)"
        )
        print(
            f"  share-to-visible in the working group: {summary(visible)}  (goal p95 <= 1000 ms: "
            f"{'met' if percentile(visible, 95) <= 1.0 else 'NOT met'})"
        )
        print(f"  share-to-searchable (two hops):         {summary(searchable)}")
        print(f"  baseline, no-op event round trip:       {summary(noop)}")
        print(
            f"  ratio share-to-visible / no-op: p50 {statistics.median(visible) / statistics.median(noop):.2f}x, "
            f"p95 {percentile(visible, 95) / percentile(noop, 95):.2f}x; share-to-searchable / no-op: "
            f"p50 {statistics.median(searchable) / statistics.median(noop):.2f}x, "
            f"p95 {percentile(searchable, 95) / percentile(noop, 95):.2f}x"
        )
        print("  scrubber throughput: see bench_anonymise.py")
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(15)
        drop_database()


if __name__ == "__main__":
    main()
