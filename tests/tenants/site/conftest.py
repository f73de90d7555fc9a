from __future__ import annotations

import pytest

from tests.helpers import bearer


@pytest.fixture
def admin(world):
    return bearer(world.tokens["admin_a"])
