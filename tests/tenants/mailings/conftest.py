from __future__ import annotations

import pytest

from .smtp import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def admin(world):
    from tests.helpers import bearer

    return bearer(world.tokens["admin_a"])
