"""Issue 12, finding 5: database defence in depth on PostgreSQL, proved as the application role.

- every table with a ``network_id`` column (read from the catalog, not from the models) has
  row-level security enabled and forced;
- the application role sees none of their rows without a network, and no statement of its own
  lifts that: ``app.platform`` is gone, ``platform_grants`` is out of its reach and it is not a
  member of the platform role; a platform scope is a grant the platform role writes for one
  transaction (linkhub.platform.tenancy);
- the look-ups made before a network is known read only what they need (a token, calendar key or
  invitation by its digest; a person's own memberships and roles);
- ``audit_events`` is append-only for the application role.
"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from tests.conftest import PG_URL

pytestmark = pytest.mark.parametrize("db_kind", ["postgresql"])

NAMED_IN_THE_ISSUE = {
    "agreement_acceptances",
    "api_tokens",
    "audit_events",
    "calendar_feeds",
    "federation_log",
    "joint_report_approvals",
    "memberships",
    "working_group_members",
    "outbox_events",
}
# Federation store tables: reading is open to the application role (which network is in which
# group, who accepted and approved), writing only for its own network (migrations/security.py).
OPEN_TO_READ = {"agreement_acceptances", "federation_log", "joint_report_approvals", "working_group_members"}


def _network_tables(conn) -> dict[str, tuple[bool, bool]]:
    rows = conn.execute(
        text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.attname = 'network_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') "
            "AND n.nspname = current_schema()"
        )
    ).all()
    return {name: (enabled, forced) for name, enabled, forced in rows}


def test_every_table_with_a_network_id_has_forced_row_level_security(app, db_kind):
    with db.engine.connect() as conn:
        tables = _network_tables(conn)
    assert NAMED_IN_THE_ISSUE <= set(tables), NAMED_IN_THE_ISSUE - set(tables)
    unforced = sorted(t for t, (enabled, forced) in tables.items() if not (enabled and forced))
    assert unforced == [], unforced


def test_the_app_role_sees_no_network_rows_without_a_network(app, world, db_kind):
    with platform_scope():  # the world wrote rows in most of them
        audit.record("test.written", "test", 1, network_id=world.a.id)
        db.session.commit()
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT current_user")) == "linkhub_app"
        seen = {
            table: conn.scalar(text(f'SELECT count(*) FROM "{table}"'))
            for table in _network_tables(conn)
            if table not in OPEN_TO_READ
        }
    assert seen and set(seen.values()) == {0}, {t: n for t, n in seen.items() if n}


def test_no_statement_of_the_app_role_lifts_row_level_security(app, world, db_kind):
    """What an injected statement could try: the old setting, any setting, the grants table,
    the platform role, the grant function."""
    with db.engine.connect() as conn:
        conn.execute(text("SELECT set_config('app.platform', 'on', false), set_config('app.network_id', '', false)"))
        assert conn.scalar(text("SELECT count(*) FROM memberships")) == 0
        assert conn.scalar(text("SELECT count(*) FROM api_tokens")) == 0
        assert conn.scalar(text("SELECT count(*) FROM audit_events")) == 0
        assert conn.scalar(text("SELECT linkhub_platform_granted()")) is False
        conn.rollback()
        for statement in (
            "SELECT count(*) FROM platform_grants",
            "INSERT INTO platform_grants (xid, pid) VALUES (pg_current_xact_id(), pg_backend_pid())",
            "SET ROLE linkhub_platform",
            "SET ROLE postgres",
            "ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE memberships DISABLE ROW LEVEL SECURITY",
            "DROP POLICY tenant_isolation ON providers",
            "CREATE POLICY mine ON memberships TO linkhub_app USING (true)",
        ):
            with pytest.raises(DBAPIError):
                conn.execute(text(statement))
            conn.rollback()
        role = conn.execute(
            text("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert not any(role)
        member_of = conn.scalars(
            text(
                "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = current_user"
            )
        ).all()
        assert member_of == []


def test_a_platform_scope_is_a_grant_of_the_platform_role_for_one_transaction(app, world, db_kind):
    from linkhub.platform.models import Membership

    with platform_scope():
        everyone = set(db.session.scalars(select(Membership.network_id)))
        xid = db.session.scalar(text("SELECT pg_current_xact_id()::text"))
        assert db.session.scalar(text("SELECT linkhub_platform_granted()")) is True
    assert everyone == {world.a.id, world.b.id}
    # Left inside the same transaction: the grant is gone at once.
    assert db.session.scalar(text("SELECT linkhub_platform_granted()")) is False
    assert db.session.scalars(select(Membership.network_id)).all() == []
    db.session.rollback()
    owner = create_engine(PG_URL)
    try:
        with owner.connect() as conn:
            assert (
                conn.scalar(text("SELECT count(*) FROM platform_grants WHERE xid = CAST(:x AS xid8)"), {"x": xid}) == 0
            )
            grants = conn.execute(
                text(
                    "SELECT grantee, string_agg(privilege_type, ',' ORDER BY privilege_type) FROM "
                    "information_schema.role_table_grants WHERE grantee = 'linkhub_platform' GROUP BY grantee"
                )
            ).all()
    finally:
        owner.dispose()
    # The platform role can write grants and nothing else.
    assert grants == [("linkhub_platform", "DELETE,INSERT,SELECT")]


def test_look_ups_before_a_network_read_only_what_they_need(app, world, db_kind):
    digest = hashlib.sha256(world.tokens["admin_a"].encode()).hexdigest()
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM api_tokens")) == 0
        found = conn.execute(text("SELECT user_id, network_id FROM linkhub_lookup_api_tokens(:d)"), {"d": digest}).all()
        assert found == [(world.users["admin_a"].id, world.a.id)]
        assert conn.execute(text("SELECT * FROM linkhub_lookup_api_tokens(:d)"), {"d": "0" * 64}).all() == []
        assert conn.execute(text("SELECT * FROM linkhub_lookup_api_tokens(NULL)")).all() == []
        both = world.users["both"].id
        mine = conn.execute(
            text("SELECT DISTINCT user_id, network_id FROM linkhub_memberships_of(:u) ORDER BY 2"), {"u": both}
        ).all()
        assert mine == [(both, world.a.id), (both, world.b.id)]
        assert (
            conn.scalar(text("SELECT linkhub_roles_of(:u, :n, CURRENT_DATE)"), {"u": both, "n": world.b.id}) == "staff"
        )


def test_audit_events_are_append_only_for_the_app_role(app, world, db_kind):
    with network_scope(world.a.id):
        event = audit.record("test.appended", "test", 1)
        db.session.flush()
        event_id = event.id
        db.session.commit()
    with db.engine.connect() as conn:
        conn.execute(text("SELECT set_config('app.network_id', :n, false)"), {"n": str(world.a.id)})
        assert conn.scalar(text("SELECT count(*) FROM audit_events WHERE id = :i"), {"i": event_id}) == 1
        for statement in (
            "UPDATE audit_events SET action = 'rewritten' WHERE id = :i",
            "DELETE FROM audit_events WHERE id = :i",
            "TRUNCATE audit_events",
        ):
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text(statement), {"i": event_id})
            conn.rollback()
        conn.execute(text("SELECT set_config('app.network_id', '', false)"))
    with network_scope(world.a.id):
        assert db.session.get(AuditEvent, event_id).action == "test.appended"
        db.session.rollback()


def test_audit_events_refuse_changes_by_anyone_but_the_owner(app, world, db_kind):
    """The trigger: a role given UPDATE and DELETE by mistake (here a temporary one, with a
    policy that shows it every row) is still refused."""
    with network_scope(world.a.id):
        audit.record("test.appended", "test", 1)
        db.session.commit()
    owner = create_engine(PG_URL)
    try:
        with owner.connect() as conn:
            conn.execute(text("DROP ROLE IF EXISTS linkhub_test_mistake"))
            conn.execute(text("CREATE ROLE linkhub_test_mistake NOLOGIN"))
            conn.execute(text("GRANT USAGE ON SCHEMA public TO linkhub_test_mistake"))
            conn.execute(text("GRANT SELECT, UPDATE, DELETE ON audit_events TO linkhub_test_mistake"))
            conn.execute(text("CREATE POLICY mistake ON audit_events TO linkhub_test_mistake USING (true)"))
            conn.execute(text("SET LOCAL ROLE linkhub_test_mistake"))
            assert conn.scalar(text("SELECT count(*) FROM audit_events")) > 0
            for statement in ("UPDATE audit_events SET action = 'rewritten'", "DELETE FROM audit_events"):
                conn.execute(text("SAVEPOINT s"))
                with pytest.raises(DBAPIError, match="append-only"):
                    conn.execute(text(statement))
                conn.execute(text("ROLLBACK TO SAVEPOINT s"))
            conn.rollback()
    finally:
        owner.dispose()
