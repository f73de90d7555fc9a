"""Shared fixtures.

Two databases: SQLite (the embedded default, always) and PostgreSQL when
``LINKHUB_TEST_DATABASE_URL`` is set (owner URL; the app connects as the ``linkhub_app`` role the
migrations create). ``LINKHUB_TEST_BROKER_URL`` enables RabbitMQ tests. With
``LINKHUB_REQUIRE_SERVICES=1`` a missing service fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import linkhub.app  # noqa: F401  the composition root: it tells discovery (and migrations) the layers

from linkhub.platform.config import Config, normalise_db_url

from linkhub.platform.auth import use_cheap_hashing_for_tests
from tests.fast_apps import install as install_fast_apps

use_cheap_hashing_for_tests()
install_fast_apps()
PG_URL = normalise_db_url(os.environ.get("LINKHUB_TEST_DATABASE_URL", "")) or None
BROKER_URL = os.environ.get("LINKHUB_TEST_BROKER_URL") or None
REQUIRE = os.environ.get("LINKHUB_REQUIRE_SERVICES") == "1"
TEST_SECRET = "test-secret-key-not-for-production"


def need(service: str, available: bool) -> None:
    """Skip a test whose service is not configured, unless the run requires services."""
    if available:
        return
    if REQUIRE:
        pytest.fail(f"{service} is required (LINKHUB_REQUIRE_SERVICES=1) but not configured")
    pytest.skip(f"{service} not configured")


def make_config(tmp_path: Path, database_url: str, **extra) -> Config:
    os.environ["LINKHUB_INSTANCE_PATH"] = str(tmp_path)
    os.environ["LINKHUB_DATABASE_URL"] = database_url
    os.environ.setdefault("LINKHUB_INSECURE_COOKIES", "1")
    settings = dict(
        TESTING=True,
        SECRET_KEY=TEST_SECRET,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
        SERVER_NAME=None,
        BROKER_URL="",
        EMBEDDED_WORKER=False,
    )
    settings.update(extra)
    return Config(**settings)


# --- SQLite: migrate once into a template file, copy it per test ------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    from linkhub.platform import migrate

    folder = tmp_path_factory.mktemp("sqlite-template")
    url = f"sqlite:///{folder / 'template.sqlite3'}"
    migrate.upgrade(make_config(folder, url))
    return folder / "template.sqlite3"


# --- PostgreSQL: migrate once, truncate between tests ------------------------------------------


@pytest.fixture(scope="session")
def pg_owner_engine():
    need("PostgreSQL (LINKHUB_TEST_DATABASE_URL)", PG_URL is not None)
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    from linkhub.platform import migrate

    migrate.upgrade(make_config(Path("/tmp"), PG_URL))
    yield engine
    engine.dispose()


def _build_world_into(config) -> tuple:
    """Build the test world once with an app of its own; its rows stay in the database."""
    from linkhub.app import create_app
    from linkhub.platform.db import db
    from linkhub.platform.lanes import dispose
    from linkhub.platform.tenancy import dispose_platform_engine
    from tests.helpers import build_world
    from tests.snapshot import freeze

    application = create_app(config, start_worker=False)
    with application.app_context():
        layout = freeze(build_world())
        db.session.remove()
        db.engine.dispose()
    dispose(application)
    dispose_platform_engine(application)
    return layout


@pytest.fixture(scope="session")
def sqlite_world(sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-world")
    shutil.copy(sqlite_template, folder / "linkhub.sqlite3")
    layout = _build_world_into(make_config(folder, f"sqlite:///{folder / 'linkhub.sqlite3'}"))
    return folder / "linkhub.sqlite3", layout


@pytest.fixture(scope="session")
def pg_world(pg_owner_engine, tmp_path_factory):
    from tests.snapshot import take_pg_snapshot

    truncate_all(pg_owner_engine)
    layout = _build_world_into(make_config(tmp_path_factory.mktemp("pg-world"), PG_URL))
    return take_pg_snapshot(pg_owner_engine), layout


def truncate_all(engine) -> None:
    """An empty database: no rows, every sequence at its start (tests/snapshot.py)."""
    from tests.snapshot import PgSnapshot, restore_pg

    restore_pg(engine, PgSnapshot())


@pytest.fixture(params=["sqlite", "postgresql"])
def db_kind(request):
    return request.param


@pytest.fixture
def app(request, tmp_path, sqlite_template):
    """An app on SQLite, or on PostgreSQL when the test is parametrized with db_kind=postgresql."""
    from linkhub.app import create_app
    from linkhub.platform.db import db

    from tests.snapshot import PgSnapshot, restore_pg

    kind = request.getfixturevalue("db_kind") if "db_kind" in request.fixturenames else "sqlite"
    extra = getattr(request, "param", {}) or {}
    # A test with its own settings builds its world under them (see the world fixture).
    snapshot = "world" in request.fixturenames and not extra
    layout = None
    if kind == "postgresql":
        engine = request.getfixturevalue("pg_owner_engine")
        rows, layout = request.getfixturevalue("pg_world") if snapshot else (PgSnapshot(), None)
        restore_pg(engine, rows)
        config = make_config(tmp_path, PG_URL, **extra)
    else:
        source, layout = request.getfixturevalue("sqlite_world") if snapshot else (sqlite_template, None)
        shutil.copy(source, tmp_path / "linkhub.sqlite3")
        config = make_config(tmp_path, f"sqlite:///{tmp_path / 'linkhub.sqlite3'}", **extra)
    application = create_app(config, start_worker=False)
    application.extensions["test_world_layout"] = layout
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()
    from linkhub.platform.lanes import dispose

    dispose(application)  # the federation lane's connections (linkhub.platform.lanes)
    from linkhub.platform.tenancy import dispose_platform_engine

    dispose_platform_engine(application)  # the platform role's grant connections


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app):
    """Two networks in two regions, people with each role, directory records in both (and each
    domain's records from tests/worlds), restored from a snapshot (tests/snapshot.py)."""
    from tests.helpers import build_world
    from tests.snapshot import thaw

    layout = app.extensions.get("test_world_layout")
    return build_world() if layout is None else thaw(layout)


# Live server and Chromium for every package's browser journeys: defined once here, so the
# whole run shares one Chromium (two Playwright instances in one thread clash).
from tests.browser.fixtures import browser, live_server, new_page, page  # noqa: E402,F401
