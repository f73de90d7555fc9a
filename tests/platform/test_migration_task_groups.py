"""Migration 0141: the names typed into a task group become people of the register (a person
of that name already there is used), members of the group; the text column goes."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import create_engine, text

from linkhub.platform import migrate
from tests.conftest import make_config


def test_typed_names_become_people_of_the_register(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    config = make_config(tmp_path, url)
    migrate.upgrade(config, "0140")
    engine = create_engine(url)
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO networks (id, slug, name, local_authority, region, host_organisation, status, created_at) "
                "VALUES (1, 'alpha', 'Alpha', 'LA', 'London', 'Host', 'active', :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO network_people (network_id, reference, kind, involvement, name, email, phone, address, "
                "contact_method, consent_to_contact, interests_text, notes, status, source, applied_at, decline_reason) "
                "VALUES (1, 'REF1', 'individual', 'member', 'Pat Smith', 'pat@example.org', '', '', 'email', 1, '', '', "
                "'active', 'staff', :now, '')"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO task_groups (network_id, name, purpose, members, started_on, created_at) "
                "VALUES (1, 'Waits', '', :members, :today, :now)"
            ),
            {"members": "pat smith\nSam Jones\n\nSam Jones\n", "today": now.date(), "now": now},
        )
    migrate.upgrade(config)
    with engine.begin() as conn:
        rows = conn.execute(
            text(
                "SELECT p.name, p.source, p.contact_method FROM task_group_members m "
                "JOIN network_people p ON p.id = m.person_id ORDER BY p.id"
            )
        ).all()
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(task_groups)")).all()]
    assert [tuple(r) for r in rows] == [("Pat Smith", "staff", "email"), ("Sam Jones", "import", "none")]
    assert "members" not in columns
    engine.dispose()
