"""Fixtures every tenant domain's API tests use: bearer headers for network A's admin and staff."""

from __future__ import annotations

import pytest

from linkhub.platform import services as platform
from linkhub.platform.db import db
from tests.helpers import bearer


@pytest.fixture
def admin(world):
    return bearer(world.tokens["admin_a"])


@pytest.fixture
def staff(world):
    _, secret = platform.create_token(world.users["staff_a"], name="t", role="staff", network=world.a)
    db.session.commit()
    return bearer(secret)
