"""The isolation matrix: every tenant route and every tenant table, network A against B.

Routes are discovered from the URL map, so a new tenant route joins the matrix by existing.
Each ``<..._id>`` argument must map to a model (see ``ID_MODELS``); an unknown one fails the
test so that nobody adds an id route without the matrix covering it.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from linkhub.platform.db import db
from linkhub.platform.migrations.security import tenant_tables
from linkhub.platform.tenancy import network_scope
from tests.helpers import bearer, sign_in

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Data of network B that only its members may see (tests/worlds/*.py put it there).
PRIVATE_MARKERS = (b"pat@beta.example", b"Waited six hours at Beta", b"Pat Caller")


def tenant_rules(app):
    return [r for r in app.url_map.iter_rules() if "<network_slug>" in r.rule]


def id_arguments(rule) -> list[str]:
    return [a for a in rule.arguments if a != "network_slug"]


def url_for_rule(rule, slug: str, ids: dict) -> str:
    url = rule.rule.replace("<network_slug>", slug)
    for name in id_arguments(rule):
        if name not in ids:
            pytest.fail(f"{rule.rule}: no record for <{name}> in the isolation matrix; add one to tests/helpers.py")
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(ids[name]), url)
    return url


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"], indirect=False)
def test_every_tenant_route_answers_404_for_another_networks_ids(app, client, world, db_kind):
    rules = tenant_rules(app)
    assert len(rules) >= 10, "the matrix should see the tenant routes"
    checked = 0
    api_headers = bearer(world.tokens["admin_a"])
    sign_in(client, world.users["admin_a"].email)
    for rule in rules:
        if not id_arguments(rule):
            continue
        url = url_for_rule(rule, "alpha", world.records["beta"])  # A's URL, B's ids
        for method in sorted(rule.methods & set(METHODS)):
            headers = api_headers if rule.rule.startswith("/api/") else {}
            response = client.open(url, method=method, headers=headers, json={} if method != "GET" else None)
            assert response.status_code == 404, f"{method} {url} -> {response.status_code}"
            assert b"Beta LINk" not in response.data
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"], indirect=False)
def test_network_b_routes_are_closed_to_network_a(app, client, world, db_kind):
    """A's token gets 404 everywhere under B; A's signed-in admin never sees B's data."""
    sign_in(client, world.users["admin_a"].email)
    for rule in tenant_rules(app):
        url = url_for_rule(rule, "beta", world.records["beta"])
        for method in sorted(rule.methods & set(METHODS)):
            if rule.rule.startswith("/api/"):
                response = client.open(
                    url, method=method, headers=bearer(world.tokens["admin_a"]), json={} if method != "GET" else None
                )
                assert response.status_code == 404, f"token of A: {method} {url} -> {response.status_code}"
            elif getattr(app.view_functions[rule.endpoint], "linkhub_public", False):
                response = client.open(url, method=method)
                assert response.status_code < 500
                for private in PRIVATE_MARKERS:
                    assert private not in response.data, f"{method} {url} shows {private!r}"
            else:
                response = client.open(url, method=method)
                assert response.status_code in (403, 404), f"admin of A: {method} {url} -> {response.status_code}"
                assert b"Beta LINk General Hospital" not in response.data


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"], indirect=False)
def test_unknown_network_is_404(client, world, db_kind):
    assert client.get("/networks/nowhere/").status_code == 404
    assert client.get("/api/v1/networks/nowhere/directory/providers").status_code == 404


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"], indirect=False)
def test_every_tenant_table_filters_by_network(app, world, db_kind):
    from linkhub.platform.db import db as database

    models = {m.class_.__tablename__: m.class_ for m in database.Model.registry.mappers}
    assert tenant_tables(), "there are tenant tables"
    for table in tenant_tables():
        model = models[table]
        with network_scope(world.a.id):
            rows = db.session.scalars(select(model)).all()
            assert rows, f"{table}: network A sees its own rows"
            assert {r.network_id for r in rows} == {world.a.id}, f"{table} leaks other networks' rows"
            db.session.rollback()
        # no scope at all: nothing
        assert db.session.scalars(select(model)).all() == [], f"{table}: rows visible without a network"
        db.session.rollback()


# --- PostgreSQL row-level security -----------------------------------------------------------


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_app_role_is_neither_superuser_nor_bypassrls(app, db_kind):
    with db.engine.connect() as conn:
        row = conn.execute(
            text("SELECT rolsuper, rolbypassrls, current_user FROM pg_roles WHERE rolname = current_user")
        ).one()
    assert row.current_user == "linkhub_app"
    assert not row.rolsuper and not row.rolbypassrls


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_rls_is_forced_on_every_tenant_table(app, db_kind):
    with db.engine.connect() as conn:
        rows = dict(
            conn.execute(
                text(
                    "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class "
                    "WHERE relname = ANY(:t) AND relnamespace = CAST(current_schema() AS regnamespace)"
                ),
                {"t": tenant_tables()},
            ).all()
        )
    assert rows and all(rows.values()), rows
    assert set(rows) == set(tenant_tables())


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_raw_sql_as_app_role_sees_nothing_without_a_network(app, world, db_kind):
    with db.engine.connect() as conn:
        for table in tenant_tables():
            assert conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() == 0, table
        conn.rollback()
        # Only inside a transaction that set the network do its rows appear, and only its rows.
        with conn.begin():
            conn.execute(text("SELECT set_config('app.network_id', :n, true)"), {"n": str(world.a.id)})
            networks = conn.execute(text("SELECT DISTINCT network_id FROM providers")).scalars().all()
            assert networks == [world.a.id]
        # The local setting ended with the transaction: a pooled connection carries nothing over.
        assert conn.execute(text("SELECT count(*) FROM providers")).scalar() == 0


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_rls_refuses_insert_into_another_network(app, world, db_kind):
    from sqlalchemy.exc import ProgrammingError

    with db.engine.connect() as conn:
        with pytest.raises(ProgrammingError, match="row-level security"):
            with conn.begin():
                conn.execute(text("SELECT set_config('app.network_id', :n, true)"), {"n": str(world.a.id)})
                conn.execute(
                    text(
                        "INSERT INTO providers (network_id, name, kind, created_at) "
                        "VALUES (:b, 'Smuggled', 'council', now())"
                    ),
                    {"b": world.b.id},
                )


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_app_role_cannot_truncate(app, db_kind):
    from sqlalchemy.exc import ProgrammingError

    with db.engine.connect() as conn:
        with pytest.raises(ProgrammingError, match="permission denied"):
            conn.execute(text("TRUNCATE providers"))


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_session_level_set_is_not_what_the_app_relies_on(app, world, db_kind):
    """Even a stray session-level SET is overridden: the app sets the network per transaction."""
    from linkhub.tenants.directory.models import Provider

    with network_scope(world.b.id):
        names = db.session.scalars(select(Provider.name)).all()
        db.session.rollback()
    assert names == ["Beta LINk General Hospital"]


def test_application_filter_refuses_cross_network_writes(app, world):
    from linkhub.platform.tenancy import TenantViolation
    from linkhub.tenants.directory.models import Provider

    with network_scope(world.a.id):
        db.session.add(Provider(network_id=world.b.id, name="Smuggled", kind="council"))
        with pytest.raises(TenantViolation):
            db.session.flush()
        db.session.rollback()


# --- the local authority role (issue 18) -----------------------------------------------------

# What a local authority reader (contract officer, OSC member) may open in its own network:
# returns once sent, indicators, joint reviews, and what is public anyway. Everything else of
# the network (feedback, contacts, issues, drafts, the ledger...) is refused.
LA_ENDPOINTS = {
    "network.home",
    "returns.index",
    "returns.show",
    "returns.figures_csv",
    "returns.figures_ods",
    "returns.pdf",
    "returns.indicator",
    "returns.review",
}
LA_API_PREFIX = "returns_api."
ALPHA_PRIVATE = (b"pat@alpha.example", b"Waited six hours at Alpha", b"Pat Caller")


def _local_authority_reader(world):
    from linkhub.platform import services

    user = services.create_user(email="officer@alpha-council.example", name="Olive Officer", password="x" * 12)
    services.add_membership(user, world.a, "local_authority")
    _, secret = services.create_token(user, name="la", role="local_authority", network=world.a)
    db.session.commit()
    return user, secret


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"], indirect=False)
def test_local_authority_reads_returns_and_indicators_and_nothing_private(app, client, world, db_kind):
    user, secret = _local_authority_reader(world)
    from tests.helpers import PASSWORD  # noqa: F401  (the reader has its own password)

    response = client.post("/sign-in", data={"email": user.email, "password": "x" * 12})
    assert response.status_code == 302
    ids = dict(world.records["alpha"])
    allowed, refused = 0, 0
    for rule in tenant_rules(app):
        url = url_for_rule(rule, "alpha", ids)
        public = getattr(app.view_functions[rule.endpoint], "linkhub_public", False)
        api = rule.rule.startswith("/api/")
        for method in sorted(rule.methods & set(METHODS)):
            headers = bearer(secret) if api else {}
            response = client.open(url, method=method, headers=headers, json={} if method != "GET" else None)
            for private in ALPHA_PRIVATE:
                assert private not in response.data, f"{method} {url} shows {private!r} to the local authority"
            if public:
                continue
            reads = method == "GET" and (rule.endpoint in LA_ENDPOINTS or rule.endpoint.startswith(LA_API_PREFIX))
            if reads:
                assert response.status_code in (200, 503), f"LA: {method} {url} -> {response.status_code}"
                allowed += 1
            else:
                assert response.status_code in (403, 404, 405), f"LA: {method} {url} -> {response.status_code}"
                refused += 1
    assert allowed >= 10 and refused >= 100
    # a draft return is not there for it; the sent one is
    assert client.get(f"/networks/alpha/returns/{ids['draft_return_id']}").status_code == 404
    assert (
        client.get(f"/api/v1/networks/alpha/returns/{ids['draft_return_id']}", headers=bearer(secret)).status_code
        == 404
    )
    listed = client.get("/api/v1/networks/alpha/returns", headers=bearer(secret)).get_json()
    assert {r["status"] for r in listed["items"]} <= {"submitted", "published"}
    # and another network's returns are not its business
    assert client.get(f"/networks/beta/returns/{world.records['beta']['return_id']}").status_code == 403
