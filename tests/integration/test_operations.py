"""Operations: /healthz, /readyz, request ids into outbox events and worker logs, JSON logs,
Prometheus metrics, status commands' exit codes, --version, passwords never as arguments,
validated roles, gunicorn's control socket."""

from __future__ import annotations

import importlib
import json
import logging
import re
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select, text, update

from linkhub.platform import health, outbox
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.observability import JsonFormatter, RequestIdFilter, configure_logging
from linkhub.platform.tenancy import platform_scope
from tests.integration.test_cli import run  # noqa: F401  (the CLI fixture)


def samples(client, **headers) -> dict[tuple, float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    out = {}
    for family in text_string_to_metric_families(response.data.decode()):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def make_events(n_default: int, n_federation: int, *, dead: int = 0, age_seconds: float = 0) -> None:
    with platform_scope():
        for i in range(n_default):
            outbox.emit("test.ops", {"i": i}, network_id=None)
        for i in range(n_federation):
            outbox.emit("federation.ops-test", {"i": i}, network_id=None)
        db.session.flush()
        if age_seconds:
            db.session.execute(update(OutboxEvent).values(created_at=utcnow() - timedelta(seconds=age_seconds)))
        if dead:
            ids = db.session.scalars(select(OutboxEvent.id).order_by(OutboxEvent.id).limit(dead)).all()
            db.session.execute(update(OutboxEvent).where(OutboxEvent.id.in_(ids)).values(status="dead"))
        db.session.commit()


@pytest.fixture
def federation_test_lane():
    """A federation-lane event type, so per-lane figures have two lanes to tell apart."""
    outbox.on_event("federation.ops-test", name="ops-test", platform=True, lane="federation")(lambda event: None)


@pytest.mark.usefixtures("db_kind")
def test_healthz_answers_without_touching_anything(client, monkeypatch):
    monkeypatch.setattr(health, "_checks", {})  # nothing to run: the answer is the process's own
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


@pytest.mark.usefixtures("db_kind")
def test_readyz_shows_each_dependency(client):
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok", body
    assert set(body["checks"]) >= {"database", "broker", "outbox", "search"}
    assert body["checks"]["database"]["critical"] and not body["checks"]["outbox"]["critical"]
    assert set(body["checks"]["outbox"]["lanes"]) == {"default", "federation"}


@pytest.mark.usefixtures("db_kind", "federation_test_lane")
def test_readyz_is_degraded_by_lag_and_dead_letters_and_strict_makes_it_503(client, monkeypatch):
    make_events(3, 1, dead=1)
    body = client.get("/readyz").get_json()
    assert body["status"] == "degraded" and not body["checks"]["outbox"]["ok"]
    assert any("dead letter" in p for p in body["checks"]["outbox"]["problems"])
    assert client.get("/readyz").status_code == 200  # still serving pages
    assert client.get("/readyz?strict=1").status_code == 503
    monkeypatch.setenv("LINKHUB_READY_MAX_LAG_SECONDS", "0")
    with platform_scope():
        db.session.execute(update(OutboxEvent).values(created_at=utcnow() - timedelta(seconds=30)))
        db.session.commit()
    problems = client.get("/readyz").get_json()["checks"]["outbox"]["problems"]
    assert any("lane default waiting" in p for p in problems)


@pytest.mark.usefixtures("db_kind")
def test_readyz_is_503_when_the_database_is_gone(client, monkeypatch):
    def broken():
        raise ConnectionError("database went away at host secret-host")

    monkeypatch.setitem(health._checks, "database", health.Check("database", broken, True))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["status"] == "unavailable"
    assert response.get_json()["checks"]["database"]["error"] == "ConnectionError"
    assert "secret-host" not in response.data.decode()


def test_readyz_reports_an_unreachable_rabbitmq(client, app):
    app.config["BROKER_URL"] = "amqp://guest:guest@127.0.0.1:1/none"  # nothing listens on port 1
    body = client.get("/readyz").get_json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"] == {
        "ok": False,
        "kind": "rabbitmq",
        "error": body["checks"]["broker"]["error"],
        "critical": False,
    }
    assert "guest" not in json.dumps(body)


@pytest.mark.rabbitmq
def test_readyz_reaches_the_real_rabbitmq(client, app):
    from tests.conftest import BROKER_URL, need

    need("RabbitMQ (LINKHUB_TEST_BROKER_URL)", BROKER_URL is not None)
    app.config["BROKER_URL"] = BROKER_URL
    assert client.get("/readyz").get_json()["checks"]["broker"] == {"ok": True, "kind": "rabbitmq", "critical": False}


@pytest.mark.usefixtures("db_kind", "federation_test_lane")
def test_outbox_gauges_per_lane_match_a_count_of_the_rows(client):
    make_events(4, 2, dead=1, age_seconds=90)
    got = samples(client)
    with platform_scope():  # oracle: count the rows one by one
        rows = db.session.execute(select(OutboxEvent.event_type, OutboxEvent.status)).all()
        db.session.rollback()
    expected = {"default": [0, 0], "federation": [0, 0]}
    for event_type, status in rows:
        lane = "federation" if event_type.startswith("federation.") else "default"
        expected[lane][0 if status in ("pending", "published") else 1] += status in ("pending", "published", "dead")
    for lane, (waiting, dead) in expected.items():
        assert got[("linkhub_outbox_backlog", (("lane", lane),))] == waiting
        assert got[("linkhub_outbox_dead_letters", (("lane", lane),))] == dead
    assert 89 <= got[("linkhub_outbox_oldest_age_seconds", (("lane", "default"),))] < 200
    assert ("linkhub_search_lag_seconds", ()) in got


@pytest.mark.usefixtures("db_kind")
def test_requests_are_counted_by_route_template_and_status(client, world):
    before = samples(client)
    key = ("linkhub_http_requests_total", (("method", "GET"), ("route", "/api/v1/networks/<slug>"), ("status", "200")))
    missing = (
        "linkhub_http_requests_total",
        (("method", "GET"), ("route", "/api/v1/networks/<slug>"), ("status", "404")),
    )
    for slug in ("alpha", "beta", "alpha"):
        assert client.get(f"/api/v1/networks/{slug}").status_code == 200
    assert client.get("/api/v1/networks/nowhere").status_code == 404
    after = samples(client)
    assert after[key] - before.get(key, 0) == 3 and after[missing] - before.get(missing, 0) == 1
    assert not any("alpha" in str(labels) for _, labels in after)  # no slugs in label values
    client.open("/api/v1/networks", method="BREW")  # a made-up method is "other", not a new series
    assert not any("BREW" in str(labels) for _, labels in samples(client))


@pytest.mark.usefixtures("db_kind")
def test_worker_deliveries_are_counted_by_lane_and_outcome(app, client, monkeypatch):
    from linkhub.workers import actors, broker

    monkeypatch.setitem(broker._state, "app", app)
    outbox.on_event("test.ops-count", name="ops-count")(lambda event: None)
    with platform_scope():
        ids = [outbox.emit("test.ops-count", {}, network_id=None) for _ in range(3)]
        db.session.commit()
        ids = [e.id for e in ids]
    key = ("linkhub_worker_deliveries_total", (("lane", "default"), ("outcome", "done")))
    before = samples(client).get(key, 0)
    for outbox_id in ids + ids[:1]:  # the repeat finds the event done already
        actors._run("default", outbox_id)
    assert samples(client)[key] - before == 4


def test_metrics_are_not_served_to_the_world(client, monkeypatch):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    monkeypatch.setenv("LINKHUB_METRICS_TOKEN", "scrape-token-123")
    assert (
        client.get(
            "/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}, headers={"Authorization": "Metrics wrong"}
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/metrics",
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
            headers={"Authorization": "Metrics scrape-token-123"},
        ).status_code
        == 200
    )


@pytest.mark.usefixtures("db_kind")
def test_a_request_id_reaches_the_outbox_event_and_the_worker_log(client, world, caplog):
    from tests.helpers import bearer

    response = client.post(
        "/api/v1/networks",
        json={
            "slug": "gamma",
            "name": "Gamma LINk",
            "local_authority": "G",
            "region": "London",
            "host_organisation": "G CVS",
        },
        headers=bearer(world.tokens["operator"]) | {"X-Request-Id": "proxy-id-0001"},
    )
    assert response.status_code == 201 and response.headers["X-Request-Id"] == "proxy-id-0001"
    with platform_scope():
        event = db.session.scalar(
            select(OutboxEvent).where(OutboxEvent.event_type == "network.created").order_by(OutboxEvent.id.desc())
        )
        db.session.expunge(event)  # kept as read (row-level security hides it outside the scope)
        db.session.rollback()
    assert event.request_id == "proxy-id-0001"
    outbox.on_event("network.created", name="ops-log-test")(lambda e: logging.getLogger("ops.test").info("handled"))
    caplog.set_level(logging.INFO, logger="ops.test")
    caplog.handler.addFilter(RequestIdFilter())
    assert outbox.process(event.id, max_deliveries=5) == "done"
    (record,) = [r for r in caplog.records if r.name == "ops.test"]
    assert record.request_id == "proxy-id-0001"
    # A malformed or missing header gets a fresh id instead.
    fresh = client.get("/healthz", headers={"X-Request-Id": "bad id <script>"}).headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)


def test_log_lines_are_json_with_the_request_id(capsys):
    configure_logging()
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_linkhub", False))
    assert isinstance(handler.formatter, JsonFormatter)
    record = logging.LogRecord("linkhub.test", logging.WARNING, __file__, 1, "queue %s is late", ("default",), None)
    record.request_id = "abc12345"
    line = json.loads(handler.formatter.format(record))
    assert line["message"] == "queue default is late" and line["level"] == "WARNING"
    assert line["request_id"] == "abc12345" and line["logger"] == "linkhub.test" and "time" in line


# --- the command line ---------------------------------------------------------------------------


def test_version(run):  # noqa: F811
    from importlib.metadata import version

    assert run("--version").output.strip() == f"linkhub, version {version('linkhub')}"


def test_a_password_is_never_an_argument(run):  # noqa: F811
    run(
        "network",
        "create",
        "gamma",
        "--name",
        "Gamma LINk",
        "--local-authority",
        "G",
        "--region",
        "London",
        "--host",
        "G CVS",
    )
    refused = run("user", "create", "a@gamma.example", "--name", "A", "--password", "long-enough-password", check=False)
    assert refused.exit_code == 2 and "No such option" in refused.output
    run(
        "user",
        "create",
        "a@gamma.example",
        "--name",
        "A",
        "--password-stdin",
        "--role",
        "gamma:staff",
        input="long-enough-password\n",
    )
    prompted = run("user", "create", "b@gamma.example", "--name", "B", input="long-enough-pass\nlong-enough-pass\n")
    assert "long-enough-pass" not in prompted.output and "Created user b@gamma.example" in prompted.output
    short = run("user", "create", "c@gamma.example", "--name", "C", "--password-stdin", input="short\n", check=False)
    assert short.exit_code != 0 and "12 characters" in short.output


def test_roles_are_validated_before_anything_is_written(run):  # noqa: F811
    run(
        "network",
        "create",
        "gamma",
        "--name",
        "Gamma LINk",
        "--local-authority",
        "G",
        "--region",
        "London",
        "--host",
        "G CVS",
    )
    bad = run(
        "user",
        "create",
        "a@gamma.example",
        "--name",
        "A",
        "--password-stdin",
        "--role",
        "gamma:boss",
        input="long-enough-password\n",
        check=False,
    )
    assert bad.exit_code == 2 and "gamma:boss" in bad.output
    run(
        "user",
        "create",
        "a@gamma.example",
        "--name",
        "A",
        "--password-stdin",
        "--role",
        "gamma:staff",
        input="long-enough-password\n",
    )  # nothing was written by the refused one: the address is free
    token = run(
        "token", "create", "a@gamma.example", "--name", "t", "--role", "superuser", "--network", "gamma", check=False
    )
    assert token.exit_code == 2 and "superuser" in token.output


def test_outbox_status_exits_1_with_dead_letters(run):  # noqa: F811
    run(
        "network",
        "create",
        "gamma",
        "--name",
        "Gamma LINk",
        "--local-authority",
        "G",
        "--region",
        "London",
        "--host",
        "G CVS",
    )
    assert run("outbox", "status").exit_code == 0
    from linkhub.platform.app import create_app
    from linkhub.platform.config import Config

    with create_app(Config()).app_context():
        with platform_scope():
            db.session.execute(text("UPDATE outbox_events SET status = 'dead'"))
            db.session.commit()
    failed = run("outbox", "status", "--json", check=False)
    assert failed.exit_code == 1 and json.loads(failed.output)["healthy"] is False
    assert "queued again" in run("outbox", "retry").output
    assert run("outbox", "status").exit_code == 0


def test_search_status_exits_1_when_the_backend_is_down(run, monkeypatch):  # noqa: F811
    assert run("search", "status").exit_code == 0
    from linkhub.search.backends.sql import SqlBackend

    monkeypatch.setattr(SqlBackend, "health", lambda self: {"status": "error", "backend": "sql", "error": "down"})
    down = run("search", "status", check=False)
    assert down.exit_code == 1 and "error" in down.output


def test_gunicorn_control_socket_is_in_the_instance_folder_or_off(monkeypatch, tmp_path):
    monkeypatch.setenv("LINKHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("LINKHUB_CONTROL_SOCKET", raising=False)
    conf = importlib.reload(importlib.import_module("linkhub.gunicorn_conf"))
    assert conf.control_socket == str(tmp_path / "gunicorn.ctl") and not conf.control_socket_disable
    monkeypatch.setenv("LINKHUB_CONTROL_SOCKET", "off")
    assert importlib.reload(conf).control_socket_disable is True
    monkeypatch.delenv("LINKHUB_CONTROL_SOCKET")
    importlib.reload(conf)
