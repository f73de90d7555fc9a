"""The local authority role (contract officers, OSC members): reads the returns once sent, the
indicators, joint reviews and published work; never feedback, contacts, the ledger, drafts or
anything else not published. (The isolation matrix walks every route as this role too:
tests/integration/test_isolation.py.)"""

from __future__ import annotations

import pytest

from linkhub.federation.access import visible_working_group_ids
from linkhub.platform import services
from linkhub.platform.auth import Principal
from linkhub.platform.db import db
from tests.helpers import bearer

pytestmark = pytest.mark.usefixtures("db_kind")
PASSWORD = "la-password-123"


@pytest.fixture
def officer(world):
    user = services.create_user(email="officer@alpha-council.example", name="Olive Officer", password=PASSWORD)
    services.add_membership(user, world.a, "local_authority")
    _, secret = services.create_token(user, name="la", role="local_authority", network=world.a)
    db.session.commit()
    return user, bearer(secret)


def test_the_local_authority_reads_sent_returns_indicators_and_reviews(client, world, officer):
    user, token = officer
    ids = world.records["alpha"]
    assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    home = client.get("/networks/alpha/").get_data(as_text=True)
    assert "Returns to the local authority" in home
    for member_panel in ("Feedback in ", "Issues and trigger points", "Work programme progress", "Deadlines"):
        assert member_panel not in home
    returns = client.get("/networks/alpha/returns/").get_data(as_text=True)
    assert f"/returns/{ids['return_id']}" in returns and f"/returns/{ids['draft_return_id']}" not in returns
    assert client.get(f"/networks/alpha/returns/{ids['return_id']}").status_code == 200
    assert client.get(f"/networks/alpha/returns/{ids['return_id']}/figures.csv").status_code == 200
    assert client.get(f"/networks/alpha/returns/indicators/{ids['indicator_id']}").status_code == 200
    assert client.get(f"/networks/alpha/returns/reviews/{ids['review_id']}").status_code == 200
    assert (
        client.get(f"/api/v1/networks/alpha/returns/indicators/{ids['indicator_id']}/values", headers=token).status_code
        == 200
    )
    assert client.get("/api/v1/networks/alpha/returns/reviews", headers=token).status_code == 200


def test_the_local_authority_is_refused_everything_private(client, world, officer):
    user, token = officer
    ids = world.records["alpha"]
    assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    for url in (
        "/networks/alpha/feedback/",
        f"/networks/alpha/feedback/{ids['feedback_id']}",
        "/networks/alpha/feedback/contacts",
        f"/networks/alpha/feedback/contacts/{ids['contact_id']}",
        "/networks/alpha/issues/",
        "/networks/alpha/reports/",
        "/networks/alpha/work-programme/",
        "/networks/alpha/finance/",
        f"/networks/alpha/finance/entries/{ids['entry_id']}",
        f"/networks/alpha/finance/receipts/{ids['receipt_id']}",
        "/networks/alpha/finance/claims/",
        "/networks/alpha/returns/new",
        "/networks/alpha/people/",
    ):
        response = client.get(url)
        assert response.status_code == 403, f"{url} -> {response.status_code}"
        assert b"Pat Caller" not in response.data and b"Waited six hours" not in response.data
    for url in (
        f"/networks/alpha/returns/{ids['draft_return_id']}",
        f"/networks/alpha/returns/{ids['draft_return_id']}/figures.csv",
    ):
        assert client.get(url).status_code == 404  # a draft is not there for it
    assert client.post(f"/networks/alpha/returns/{ids['return_id']}/publish").status_code == 403
    api = "/api/v1/networks/alpha"
    for url in ("/feedback/", "/feedback/contacts", "/issues/", "/finance/entries", "/finance/claims", "/reports/"):
        response = client.get(api + url, headers=token)
        assert response.status_code in (403, 404), f"{url} -> {response.status_code}"
    write = client.post(f"{api}/returns", headers=token, json={"kind": "annual", "period_start": "2026-04-01"})
    assert write.status_code == 403
    # federation: holding this role does not put a person in the network's working groups
    assert visible_working_group_ids(Principal(user)) == []
