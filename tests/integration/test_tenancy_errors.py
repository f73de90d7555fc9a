"""Leaving a tenancy scope never hides the error that ended it: the original database error is
what the caller catches, what the log says and what the outbox records as ``last_error``."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, PendingRollbackError

from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.models import Network, OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from tests.integration import outbox_handlers  # noqa: F401  registers the test handlers


@pytest.mark.parametrize("db_kind", ["postgresql"])
@pytest.mark.parametrize("scope", ["network", "platform"])
def test_a_failed_statement_is_the_error_raised(app, world, db_kind, scope):
    with pytest.raises(DBAPIError) as caught:
        with network_scope(world.a.id) if scope == "network" else platform_scope():
            db.session.execute(text("SELECT 1/0"))
    assert "division by zero" in str(caught.value)
    assert "InFailedSqlTransaction" not in repr(caught.value.orig)
    db.session.rollback()
    with network_scope(world.a.id):  # and the session works again after the rollback
        assert db.session.execute(text("SELECT current_setting('app.network_id', true)")).scalar() == str(world.a.id)
        db.session.rollback()


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_a_dropped_connection_is_the_error_raised(app, world, db_kind, pg_owner_engine):
    with pytest.raises(OperationalError) as caught:
        with network_scope(world.a.id):
            pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
            with pg_owner_engine.connect() as owner:
                owner.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            db.session.execute(text("SELECT 1"))
    assert not isinstance(caught.value, PendingRollbackError)
    assert "terminat" in str(caught.value) or "closed" in str(caught.value)
    db.session.rollback()


@pytest.mark.usefixtures("db_kind")
def test_a_failed_flush_is_the_error_raised(app, world):
    with pytest.raises(IntegrityError):
        with platform_scope():
            db.session.add(
                Network(slug=world.a.slug, name="Copy", local_authority="x", region="London", host_organisation="y")
            )
            db.session.flush()
    db.session.rollback()


@pytest.mark.usefixtures("db_kind")
def test_the_outbox_records_and_logs_the_original_error(app, world, caplog):
    how = "divide" if db.engine.dialect.name == "postgresql" else "duplicate"  # SQLite's 1/0 is NULL
    with platform_scope():
        event = outbox.emit("test.nested_db_error", {"network_id": world.a.id, "how": how}, network_id=None)
        db.session.commit()
        event_id = event.id
    with caplog.at_level(logging.WARNING, logger="linkhub.platform.outbox"), pytest.raises(DBAPIError) as caught:
        outbox.process(event_id, max_deliveries=5)
    expected = "division by zero" if how == "divide" else "UNIQUE constraint failed"
    assert expected in str(caught.value)
    with platform_scope():
        last_error = db.session.scalar(select(OutboxEvent.last_error).where(OutboxEvent.id == event_id))
        db.session.rollback()
    assert expected in last_error and "InFailedSqlTransaction" not in last_error
    assert expected in caplog.text and "PendingRollbackError" not in caplog.text
