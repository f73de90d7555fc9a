"""Browser fixtures: the real app served over HTTP on 127.0.0.1, and headless Chromium.

Chromium is Debian's ``/usr/bin/chromium`` driven by Python Playwright (no browser download).
Without it the browser tests are skipped, or fail when ``LINKHUB_REQUIRE_SERVICES=1``.

Each test gets its own server on a fresh copy of the migrated SQLite template, with the shared
test world (``tests.helpers.build_world``) loaded and CSRF switched on, as in production. One
Chromium process serves every browser test of the run; each test
gets fresh browser contexts, so no cookies leak between tests.

Imported once, by tests/conftest.py, so every package's browser tests share one Chromium: two
Playwright instances in one thread clash.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import REQUIRE, make_config

from tests.browser.axe import AXE_JS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def _require(what: str, present: bool) -> None:
    """Skip when a browser-test tool is missing, or fail with LINKHUB_REQUIRE_SERVICES=1."""
    if present:
        return
    if REQUIRE:
        pytest.fail(f"{what} is missing and LINKHUB_REQUIRE_SERVICES=1")
    pytest.skip(f"{what} is missing, so the browser tests cannot run")


@pytest.fixture(scope="session")
def browser():
    _require(f"Chromium at {CHROMIUM} (`make chromium` installs Debian's package)", CHROMIUM.exists())
    _require(f"axe-core at {AXE_JS} (`npm ci` installs it)", AXE_JS.exists())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(tmp_path, sqlite_template):
    """The composition-root app on its own SQLite file, served by werkzeug in a thread.

    Yields ``url`` (no trailing slash), ``app``, and plain data about the world (``networks``:
    slug -> name, ``emails``: key -> address, ``password``) — plain values, because the ORM
    objects are detached once the loading context ends.
    """
    from werkzeug.serving import make_server

    from linkhub.app import create_app
    from linkhub.platform.db import db
    from tests.helpers import PASSWORD, build_world

    shutil.copy(sqlite_template, tmp_path / "linkhub.sqlite3")
    config = make_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'linkhub.sqlite3'}",
        WTF_CSRF_ENABLED=True,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
    )
    app = create_app(config, start_worker=False)
    with app.app_context():
        world = build_world()
        networks = {n.slug: n.name for n in (world.a, world.b)}
        emails = {key: user.email for key, user in world.users.items()}
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="linkhub-live-server", daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(
            url=f"http://127.0.0.1:{server.server_port}", app=app, networks=networks, emails=emails, password=PASSWORD
        )
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def new_page(browser, live_server):
    """A factory of pages, each in its own browser context (its own cookies), on the live server."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
