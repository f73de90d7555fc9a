"""The federation lane connects as a role that cannot read tenant tables (PostgreSQL).

Grants are derived from the models (migrations/security.py): the federation store (every
non-tenant model of linkhub.federation) and three platform tables, nothing else.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import ProgrammingError

from linkhub.federation.models import FederationLog, SharedIssue
from linkhub.platform import lanes, outbox
from linkhub.platform.db import db
from linkhub.platform.migrations.security import federation_grants, federation_tables, tenant_tables
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from tests.federation.conftest import drain
from tests.tenants.sharing.test_sharing import share_and_approve

pytestmark = pytest.mark.parametrize("db_kind", ["postgresql"])


@outbox.on_event("federation.test_probe", platform=True, lane="federation")
def _probe_a_tenant_table(event):
    """A federation handler that (wrongly) reads a network's share requests: the role refuses."""
    db.session.execute(text("SELECT count(*) FROM share_requests")).scalar()


@pytest.fixture
def federation_engine(app):
    engine = create_engine(app.config["LANE_DATABASE_URIS"]["federation"])
    yield engine
    engine.dispose()


def test_the_role_is_separate_and_without_powers(app, db_kind, federation_engine):
    with federation_engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT current_user, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb "
                "FROM pg_roles WHERE rolname = current_user"
            )
        ).one()
        member_of = conn.execute(
            text(
                "SELECT count(*) FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member "
                "WHERE u.rolname = current_user"
            )
        ).scalar()
    assert row.current_user == "linkhub_federation"
    assert not (row.rolsuper or row.rolbypassrls or row.rolcreaterole or row.rolcreatedb)
    assert member_of == 0, "a membership would carry another role's grants"


def test_select_on_every_tenant_table_is_denied(app, world, db_kind, federation_engine):
    assert "share_requests" in tenant_tables() and len(tenant_tables()) >= 10
    with federation_engine.connect() as conn:
        for table in tenant_tables():
            with pytest.raises(ProgrammingError, match="permission denied"):
                conn.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1'))
            conn.rollback()


def test_grants_are_exactly_the_federation_store_and_its_platform_tables(app, world, db_kind, federation_engine):
    expected = {
        "pathways",
        "pathway_stages",
        "working_groups",
        "working_group_members",
        "sharing_agreements",
        "agreement_acceptances",
        "shared_issues",
        "federation_log",
        "joint_reports",
        "joint_report_approvals",
    }
    assert expected <= set(federation_tables()) and "share_requests" not in federation_tables()
    with federation_engine.connect() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars().all()
        )
        readable = {
            t
            for t in tables
            if conn.execute(text("SELECT has_table_privilege(current_user, :t, 'SELECT')"), {"t": f'"{t}"'}).scalar()
        }
        deletable = {
            t
            for t in tables
            if conn.execute(
                text(
                    "SELECT has_table_privilege(current_user, :t, 'DELETE') OR "
                    "has_table_privilege(current_user, :t, 'TRUNCATE')"
                ),
                {"t": f'"{t}"'},
            ).scalar()
        }
        for table in federation_tables():  # the store is readable (the seeded pathways, the world's groups)
            conn.execute(text(f'SELECT count(*) FROM "{table}"'))
        assert conn.execute(text("SELECT count(*) FROM pathways")).scalar() >= 3
    assert readable == set(federation_grants()), "users, memberships, tokens, audit, search: none of them"
    assert not deletable, "nothing is ever deleted from the federation side"


def test_outbox_rows_of_tenant_events_are_invisible_to_the_role(app, world, db_kind, federation_engine):
    with network_scope(world.a.id):
        outbox.emit("email.send", {"to": ["pat@example.org"], "body": "Private"})
        outbox.emit("federation.withdraw", {"share_ref": "x"})
        db.session.commit()
    with federation_engine.connect() as conn:
        seen = (
            conn.execute(text("SELECT event_type FROM outbox_events WHERE network_id = :n"), {"n": world.a.id})
            .scalars()
            .all()
        )
    assert "federation.withdraw" in seen and "email.send" not in seen


def test_the_lane_app_connects_as_the_role_and_a_tenant_read_fails(app, world, db_kind):
    with lanes.lane_app(app, "federation").app_context():
        assert db.session.execute(text("SELECT current_user")).scalar() == "linkhub_federation"
        db.session.remove()
    with platform_scope():
        event = outbox.emit("federation.test_probe", {}, network_id=world.a.id)
        db.session.commit()
        event_id = event.id
    with pytest.raises(ProgrammingError, match="permission denied for table share_requests"):
        lanes.run_event(app, event_id)
    db.session.rollback()  # forget the row as this session last loaded it
    with platform_scope():
        assert "permission denied" in db.session.get(OutboxEvent, event_id).last_error
        db.session.rollback()


def test_share_and_withdraw_run_as_the_role(app, fed, db_kind):
    from tests.federation.conftest import person

    client = person(app, "staff-a@example.org")
    draft_id = share_and_approve(client, fed)
    assert "done" in drain()
    with platform_scope():
        copy = db.session.scalar(select(SharedIssue).where(SharedIssue.working_group_id == fed.group_id))
        shared_id = copy.id
        db.session.rollback()
    assert client.get(f"/federation/shared-issues/{shared_id}").status_code == 200
    assert client.post(f"/networks/alpha/federation/shares/{draft_id}/withdraw").status_code == 302
    drain()
    assert client.get(f"/federation/shared-issues/{shared_id}").status_code == 410
    with platform_scope():
        actions = db.session.scalars(select(FederationLog.action)).all()
        statuses = db.session.scalars(select(OutboxEvent.status)).all()
        db.session.rollback()
    assert {"shared_issue.shared", "shared_issue.withdrawn"} <= set(actions)
    assert set(statuses) == {"done"}
