"""Issue 16: the reports library credits every member network of a joint report, not only
the convenor (the network facet stays the convenor's)."""

from __future__ import annotations

from flask import g

from tests.federation.conftest import drain
from tests.federation.test_operator_journey import _publish_a_joint_report


def test_library_credits_every_member_network(app, client, world, db_kind):
    from linkhub.federation import services

    from linkhub.platform.db import db
    from linkhub.platform.tenancy import platform_scope

    with platform_scope():
        services.ensure_default_pathways()
        db.session.commit()
    ref = _publish_a_joint_report(app)
    drain()
    g.pop("_login_user", None)
    page = client.get("/reports?q=ambulance").get_data(as_text=True)
    assert f"/federation/reports/{ref}" in page
    assert "Alpha LINk and Beta LINk" in page
    opendata = client.get("/reports.csv").get_data(as_text=True)
    assert "Alpha LINk and Beta LINk" in opendata
