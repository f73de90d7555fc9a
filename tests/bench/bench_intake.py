"""Feedback intake benchmark on PostgreSQL (issue 4).

1. Service layer: ``record_feedback_many`` for N items in batches of 500, each a transaction
   (feedback row, contact found or stored once, audit row and outbox row per item), against bare psycopg inserts of the same feedback and outbox rows in the
   same run (``executemany``). Prints items/s for both and the ratio.
2. CSV import: a generated 100,000-row file (written to a temp dir, deleted after) through
   ``import_feedback``, with the growth of the process's peak RSS during the import, to show it
   streams (tracemalloc would halve the speed it measures).

Run: ``python tests/bench/bench_intake.py [--count 5000] [--csv-rows 100000]``. The benchmark
DROPS and recreates its own database: ``LINKHUB_BENCH_DATABASE_URL`` if set, else the server of
``LINKHUB_TEST_DATABASE_URL`` with ``_bench`` added to its database name (so a test database is
never the one dropped), else postgresql://root@127.0.0.1:5432/linkhub_bench.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from linkhub.platform.config import normalise_db_url  # noqa: E402

DEFAULT = "postgresql://root@127.0.0.1:5432/linkhub_bench"


def bench_database_url() -> str:
    """The database a benchmark may drop: its own, never the test database itself."""
    explicit = os.environ.get("LINKHUB_BENCH_DATABASE_URL")
    if explicit:
        return normalise_db_url(explicit)
    test = os.environ.get("LINKHUB_TEST_DATABASE_URL")
    if test:
        base, _, name = test.rpartition("/")
        return normalise_db_url(f"{base}/{name.split('?')[0]}_bench")
    return normalise_db_url(DEFAULT)


def fresh_database(url: str) -> None:
    admin = create_engine(normalise_db_url(url.rsplit("/", 1)[0] + "/postgres"), isolation_level="AUTOCOMMIT")
    name = url.rsplit("/", 1)[1]
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def make_app(url: str, tmp: Path):
    os.environ.update(LINKHUB_DATABASE_URL=url, LINKHUB_INSTANCE_PATH=str(tmp), LINKHUB_SECRET_KEY="bench")
    from linkhub.app import create_app
    import linkhub.app  # noqa: F401  registers the layers that migrations discover
    from linkhub.platform import migrate
    from linkhub.platform.config import Config

    config = Config(TESTING=True)
    migrate.upgrade(config)
    return create_app(config, start_worker=False)


def seed(app):
    from linkhub.platform import services
    from linkhub.platform.db import db
    from linkhub.platform.tenancy import network_scope
    from linkhub.tenants.directory import services as directory

    with app.app_context():
        network = services.create_network(
            slug="bench", name="Bench LINk", local_authority="Bench", region="London", host_organisation="Bench CVS"
        )
        db.session.commit()
        with network_scope(network.id):
            provider = directory.add_provider(name="Bench Hospital", kind="nhs_trust")
            service = directory.add_service(provider_id=provider.id, name="A&E", service_type="emergency")
            db.session.commit()
            return network.id, service.id, provider.id


def bench_service_layer(app, network_id: int, service_id: int, count: int) -> float:
    from linkhub.platform.db import db
    from linkhub.platform.tenancy import network_scope
    from linkhub.tenants.feedback.services import record_feedback_many

    with app.app_context(), network_scope(network_id):
        start = time.perf_counter()
        for chunk in range(0, count, 500):
            record_feedback_many(
                [
                    dict(
                        channel="phone",
                        what_happened=f"Waited a long time, item {i}.",
                        theme="access",
                        service_id=service_id,
                        rating=2,
                        email=f"p{i % 997}@example.org",
                    )
                    for i in range(chunk, min(chunk + 500, count))
                ]
            )
            db.session.commit()
        return time.perf_counter() - start


def bench_bare_psycopg(url: str, network_id: int, service_id: int, provider_id: int, count: int) -> float:
    """The floor: the same feedback and outbox rows inserted with psycopg executemany, no ORM."""
    import secrets

    with psycopg.connect(url.replace("+psycopg", "")) as conn, conn.cursor() as cur:
        start = time.perf_counter()
        for chunk in range(0, count, 500):
            rows = [
                (
                    network_id,
                    secrets.token_hex(5).upper(),
                    "phone",
                    service_id,
                    provider_id,
                    "",
                    "access",
                    f"Waited a long time, item {i}.",
                    2,
                    False,
                    "{}",
                )
                for i in range(chunk, min(chunk + 500, count))
            ]
            cur.executemany(
                "INSERT INTO feedback (network_id, reference, channel, service_id, provider_id, service_text, theme,"
                " what_happened, rating, consent_to_contact, equality, received_at) VALUES"
                " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now())",
                rows,
            )
            cur.executemany(
                "INSERT INTO outbox_events (event_type, network_id, payload, status, created_at, deliveries)"
                " VALUES ('feedback.received', %s, %s, 'pending', now(), 0)",
                [(network_id, json.dumps({"feedback_id": i})) for i in range(len(rows))],
            )
            conn.commit()
        return time.perf_counter() - start


def bench_csv(app, network_id: int, rows: int, tmp: Path) -> tuple[float, int, int]:
    from linkhub.platform.db import db
    from linkhub.platform.tenancy import network_scope
    from linkhub.tenants.feedback.services.importer import import_feedback

    path = tmp / "feedback.csv"
    with path.open("w") as f:
        f.write(
            "received_on,channel,service,theme,rating,what_happened,happened_month,contact_name,email,phone,consent\n"
        )
        for i in range(rows):
            f.write(
                f"2026-0{1 + i % 9}-{1 + i % 28:02d},phone,A&E,access,{1 + i % 5},"
                f'"Waited hours in A&E, visit {i}, and nobody explained the delay.",2026-01,'
                f"Caller {i % 5000},caller{i % 5000}@example.org,,yes\n"
            )
    with app.app_context(), network_scope(network_id), path.open("rb") as stream:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        result = import_feedback(stream, dry_run=False)
        db.session.commit()
        elapsed = time.perf_counter() - start
        peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    assert result.ok, result.errors[:3]
    return elapsed, peak, path.stat().st_size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    args = parser.parse_args()
    url = bench_database_url()
    fresh_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(url, Path(tmp))
        network_id, service_id, provider_id = seed(app)
        bare = bench_bare_psycopg(url, network_id, service_id, provider_id, args.count)
        service = bench_service_layer(app, network_id, service_id, args.count)
        print(f"intake, {args.count} items on PostgreSQL:")
        print(f"  bare psycopg executemany (feedback + outbox rows): {args.count / bare:8.0f} items/s")
        print(f"  service layer record_feedback_many (+ contact, audit, outbox): {args.count / service:8.0f} items/s")
        print(f"  ratio: the service layer takes {service / bare:.1f}x the time of bare inserts")
        elapsed, peak, size = bench_csv(app, network_id, args.csv_rows, Path(tmp))
        print(
            f"CSV import, {args.csv_rows:,} rows ({size / 1e6:.1f} MB): {elapsed:.1f} s = "
            f"{args.csv_rows / elapsed:,.0f} rows/s; peak RSS grew by {peak / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
