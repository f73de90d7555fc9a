"""The restored test world is the world: same rows, same ids, same next ids (tests/snapshot.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from linkhub.platform import services
from linkhub.platform.db import db
from tests.snapshot import SNAPSHOT_SCHEMA, _used_sequences, freeze, restore_pg


def _rows(conn, schema: str, table: str) -> list:
    return sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM {schema}."{table}"'))), key=repr)


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_a_restore_after_writes_and_deletes_gives_back_every_row_and_sequence(
    app, world, db_kind, pg_owner_engine, pg_world
):
    snapshot, _ = pg_world
    services.create_network(
        slug="gamma", name="Gamma LINk", local_authority="Gamma Council", region="London", host_organisation="Gamma CVS"
    )
    db.session.commit()
    db.session.remove()
    with pg_owner_engine.connect() as conn:  # behind the app's back, past its triggers
        conn.exec_driver_sql("SET session_replication_role = replica")
        conn.exec_driver_sql("DELETE FROM public.memberships")
        conn.exec_driver_sql("UPDATE public.networks SET name = 'Renamed'")
        conn.exec_driver_sql("RESET session_replication_role")

    restore_pg(pg_owner_engine, snapshot)

    with pg_owner_engine.connect() as conn:
        assert "memberships" in snapshot.columns and "networks" in snapshot.columns
        for table in snapshot.columns:
            assert _rows(conn, "public", table) == _rows(conn, SNAPSHOT_SCHEMA, table), table
        assert _used_sequences(conn) == snapshot.sequences
        # The next network gets the id a fresh build's next network would get.
        assert conn.scalar(text("SELECT nextval(pg_get_serial_sequence('public.networks', 'id'))")) == 3


def test_the_restored_world_is_the_world_a_fresh_build_gives(app, sqlite_world):
    from tests.helpers import build_world

    _, layout = sqlite_world
    # Secrets and public references are random per build; every id and every other value agree.
    fresh = freeze(build_world())
    random = {"tokens", "token", "public_ref"}
    differ = [d for d in _diff(fresh, layout) if not random & set(re.findall(r"\.(\w+)", d[0]))]
    assert not differ and len(fresh[1]["records"][1]["alpha"][1]) > 10, differ


def _diff(a, b, path=""):
    if a == b:
        return []
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _diff(x, y, f"{path}[{i}]")]
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in a.keys() | b.keys() for d in _diff(a.get(k), b.get(k), f"{path}.{k}")]
    return [(path, a, b)]
