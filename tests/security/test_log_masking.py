"""Issue 12, finding 10: the worker printed the broker URL with its password at start-up; no log
line (nor the worker's start-up line) carries a URL password, a bearer or invitation token, or a
secret query parameter."""

from __future__ import annotations

import io
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

SECRET = "s3cr3t-Pa55word"
LINES = [
    (f"connecting to amqp://linkhub:{SECRET}@rabbitmq:5672/linkhub", "amqp://linkhub:***@rabbitmq:5672/linkhub"),
    (
        f"db postgresql+psycopg://linkhub_app:{SECRET}@db/linkhub failed",
        "postgresql+psycopg://linkhub_app:***@db/linkhub",
    ),
    (f"Authorization: Bearer lh_{SECRET}abcdefgh", "Bearer ***"),
    (f"token lh_{SECRET}abcdefgh used", "lh_***"),
    (f"GET /powers/deadlines.ics?key={SECRET}&x=1", "?key=***&x=1"),
    (f"link https://linkhub.example/invitations/lhinv_{SECRET}abcdefghij", "/invitations/lhinv_***"),
    (f"reset https://linkhub.example/reset/{SECRET}abcdefghij", "/reset/***"),
]


@pytest.mark.parametrize("line,shown", LINES)
def test_mask_secrets(line, shown):
    from linkhub.platform.observability import mask_secrets

    masked = mask_secrets(line)
    assert SECRET not in masked and shown in masked


@settings(deadline=None)
@given(
    user=st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
    password=st.from_regex(r"[A-Za-z0-9._~!$&'()*+,;=%-]{1,30}", fullmatch=True),
    host=st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5})?", fullmatch=True),
    scheme=st.sampled_from(["amqp", "amqps", "redis", "postgresql", "postgresql+psycopg", "https"]),
)
def test_no_url_password_survives(user, password, host, scheme):
    from linkhub.platform.observability import mask_secrets

    masked = mask_secrets(f"broker {scheme}://{user}:{password}@{host}:5672/vhost up")
    assert f":{password}@" not in masked and f"{scheme}://{user}:***@{host}:5672/vhost" in masked


def _handler_output(record_args, exc: BaseException | None = None) -> str:
    from linkhub.platform.observability import SecretMaskingFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretMaskingFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger(f"linkhub.test.mask.{id(stream)}")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        if exc is None:
            logger.warning(*record_args)
        else:
            try:
                raise exc
            except type(exc):
                logger.exception(*record_args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_log_lines_are_masked_in_arguments_and_tracebacks():
    out = _handler_output(("broker %s is down", f"amqp://guest:{SECRET}@127.0.0.1:5672/x"))
    assert SECRET not in out and "amqp://guest:***@127.0.0.1" in out
    out = _handler_output(("could not connect",), RuntimeError(f"postgresql://app:{SECRET}@db/x refused"))
    assert SECRET not in out and "postgresql://app:***@db/x" in out


def test_the_apps_log_handler_masks(app):
    root = logging.getLogger()
    from linkhub.platform.observability import SecretMaskingFilter

    ours = [h for h in root.handlers if getattr(h, "_linkhub", False)]
    assert ours and all(any(isinstance(f, SecretMaskingFilter) for f in h.filters) for h in ours)


def test_worker_start_up_line_masks_the_broker_password(monkeypatch, tmp_path, sqlite_template):
    import shutil
    import threading

    from click.testing import CliRunner

    import linkhub.cli as cli

    shutil.copy(sqlite_template, tmp_path / "linkhub.sqlite3")
    monkeypatch.setenv("LINKHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("LINKHUB_DATABASE_URL", f"sqlite:///{tmp_path / 'linkhub.sqlite3'}")
    monkeypatch.setenv("LINKHUB_BROKER_URL", f"amqp://guest:{SECRET}@127.0.0.1:1/none")
    monkeypatch.setenv("LINKHUB_SECRET_KEY", "x" * 32)

    class _Runtime:
        def __init__(self, *a, **k):
            pass

        def start(self):
            return self

        def stop(self):
            pass

    import linkhub.workers.runtime as runtime

    monkeypatch.setattr(runtime, "WorkerRuntime", _Runtime)
    monkeypatch.setattr(threading.Event, "wait", lambda self, timeout=None: True)
    result = CliRunner().invoke(cli.main, ["worker"], catch_exceptions=False)
    assert "Worker running on amqp://guest:***@127.0.0.1:1/none" in result.output
    assert SECRET not in result.output
