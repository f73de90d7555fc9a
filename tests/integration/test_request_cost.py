"""The fixed cost of a request: who and where in one query, the tenant context in one statement,
and a token's ``last_used_at`` written at most once a minute, outside the request, never waited for."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import ApiToken, Network
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.feedback.models import Feedback
from tests.helpers import bearer, sign_in
from tests.statements import statements_of

ACCESS_TABLES = ("networks", "api_tokens", "users", "memberships")


def _reads_of_access_tables(statements):
    return [
        s
        for s in statements
        if s.lstrip().upper().startswith("SELECT")
        and any(f"FROM {t}" in s or f"JOIN {t}" in s for t in ACCESS_TABLES)
        and "DISTINCT networks" not in s
    ]


def _token(world, slug="alpha") -> ApiToken:
    network = db.session.scalar(select(Network.id).where(Network.slug == slug))
    with network_scope(network):  # row-level security: the tokens of the network in scope
        return db.session.get(ApiToken, world.records[slug]["token_id"])


@pytest.mark.parametrize(
    "url", ["/api/v1/networks/alpha/feedback", "/api/v1/networks/alpha/directory/providers", "/api/v1/me"]
)
def test_a_token_request_finds_network_token_person_and_roles_in_one_query(client, world, db_kind, url):
    seen, response = statements_of(client, "GET", url, headers=bearer(world.tokens["admin_a"]))
    assert response.status_code == 200
    who_and_where = _reads_of_access_tables(seen)
    if url.endswith("/me"):  # its data is the person and their memberships: one more query
        who_and_where = who_and_where[:-1]
    assert len(who_and_where) == 1, seen
    # The network's setting rides on the who-and-where query: no statement of its own.
    settings = [s for s in seen if "set_config" in s]
    assert settings == ([] if db_kind == "sqlite" else [who_and_where[0]]), settings


def test_a_signed_in_page_finds_who_and_where_in_one_query_and_the_switcher_once(client, world, db_kind):
    sign_in(client, "both@example.org")  # two networks: the switcher is shown
    for url in ("/networks/alpha/", "/networks/alpha/feedback/", "/networks/alpha/issues/"):
        seen, response = statements_of(client, "GET", url)
        assert response.status_code == 200, url
        assert len(_reads_of_access_tables(seen)) == 1, (url, seen)
        assert sum("DISTINCT networks" in s for s in seen) == 1, url  # networks_of, once
        settings = [s for s in seen if "set_config" in s]
        assert settings == ([] if db_kind == "sqlite" else _reads_of_access_tables(seen)), url
        assert b"Beta LINk" in response.data  # the switcher still lists the other network


def test_the_roles_read_with_the_network_are_the_ones_that_decide(client, world, db_kind):
    sign_in(client, "member-a@example.org")
    assert client.get("/networks/alpha/feedback/").status_code == 200
    assert client.get("/networks/alpha/feedback/record").status_code == 403  # staff only
    assert client.get("/networks/beta/feedback/").status_code == 403
    assert client.get("/api/v1/networks/beta/feedback", headers=bearer(world.tokens["admin_a"])).status_code == 404
    assert client.get("/api/v1/networks/nowhere/feedback", headers=bearer(world.tokens["admin_a"])).status_code == 404
    assert client.get("/api/v1/networks/nowhere/feedback", headers=bearer("lh_not-a-token")).status_code == 401


def test_last_used_at_is_saved_after_a_get_and_written_at_most_once_a_minute(client, world, db_kind):
    headers = bearer(world.tokens["admin_a"])
    updates = []
    for _ in range(3):
        seen, response = statements_of(client, "GET", "/api/v1/networks/alpha/feedback", headers=headers)
        assert response.status_code == 200
        updates += [s for s in seen if s.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1, updates
    db.session.remove()
    first = _token(world).last_used_at
    assert first is not None  # saved, not rolled back with the GET
    # A minute later the next use is written again.
    with network_scope(db.session.scalar(select(Network.id).where(Network.slug == "alpha"))):
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.id == world.records["alpha"]["token_id"])
            .values(last_used_at=utcnow() - timedelta(minutes=2))
        )
        db.session.commit()
    seen, _ = statements_of(client, "GET", "/api/v1/networks/alpha/feedback", headers=headers)
    assert sum(s.lstrip().upper().startswith("UPDATE") for s in seen) == 1
    db.session.remove()
    assert utcnow() - _token(world).last_used_at.replace(tzinfo=utcnow().tzinfo) < timedelta(seconds=30)


def test_a_locked_token_row_never_makes_a_request_wait(app, world, pg_owner_engine):
    """Another transaction holds the token's row (a revocation being typed, or a slow touch):
    requests with that token still run, concurrently, and none waits for the lock."""
    token_id = world.records["alpha"]["token_id"]
    secret = world.tokens["admin_a"]
    with pg_owner_engine.connect() as conn:
        conn.execute(text("UPDATE api_tokens SET last_used_at = NULL WHERE id = :i"), {"i": token_id})
    results: list = []

    def call():
        with app.test_client() as c:
            started = time.monotonic()
            r = c.get("/api/v1/networks/alpha/feedback", headers=bearer(secret))
            results.append((r.status_code, time.monotonic() - started))

    locker = pg_owner_engine.connect().execution_options(isolation_level="READ COMMITTED")
    tx = locker.begin()
    locker.exec_driver_sql("SET LOCAL statement_timeout = '20s'")
    locker.execute(text("SELECT id FROM api_tokens WHERE id = :i FOR UPDATE"), {"i": token_id})
    try:
        threads = [threading.Thread(target=call) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=15)
        assert not any(t.is_alive() for t in threads), "a request waited for the token's row lock"
        # The lock was really held: the touch could not write while it was.
        with pg_owner_engine.connect() as conn:
            assert conn.scalar(text("SELECT last_used_at FROM api_tokens WHERE id = :i"), {"i": token_id}) is None
    finally:
        tx.rollback()
        locker.close()
    assert [status for status, _ in results] == [200] * 4
    assert max(seconds for _, seconds in results) < 10


def _public_post(client, **fields):
    data = {"what_happened": "The wait was long.", "theme": "access"} | fields
    return statements_of(client, "POST", "/networks/alpha/feedback/new", data=data)


def test_a_public_feedback_post_sends_at_most_five_statements(client, world, db_kind):
    service_id, network_id = world.records["alpha"]["service_id"], world.a.id
    for fields in ({"service_id": service_id}, {"service_id": 0, "service_text": "The corner surgery"}):
        seen, response = _public_post(client, **fields)
        assert response.status_code == 302, response.data[:300]
        assert len(seen) <= 5, seen
    # A person who leaves an e-mail is looked up once, and stored once if new.
    seen, response = _public_post(client, service_id=service_id, email="new.person@example.org")
    assert response.status_code == 302 and len(seen) <= 7, seen
    seen, response = _public_post(client, service_id=service_id, email="new.person@example.org")
    assert response.status_code == 302 and len(seen) <= 6, seen
    db.session.remove()
    with network_scope(network_id):
        people = {
            f.contact_id for f in db.session.query(Feedback).filter(Feedback.what_happened == "The wait was long.")
        }
    assert len(people) == 2  # anonymous (None) and the one person, stored once


def test_a_public_post_naming_another_networks_service_stores_nothing(client, world, db_kind):
    network_id = world.a.id
    for bad in (world.records["beta"]["service_id"], 2**31 - 1, -5):
        response = client.post(
            "/networks/alpha/feedback/new",
            data={"what_happened": "Somewhere else.", "theme": "access", "service_id": bad},
        )
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Choose a service from this network" in page or "Choose one of the options in the list" in page
        assert "could not coerce" not in page and "Not a valid" not in page  # GOV.UK words, not WTForms'
    db.session.remove()
    with network_scope(network_id):
        assert db.session.query(Feedback).filter(Feedback.what_happened == "Somewhere else.").count() == 0
