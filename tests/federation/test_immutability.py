"""Shared issues are immutable in the database itself (migration 0031's trigger), not only in the
ORM: raw SQL may set the withdrawal and supersession marks, one way, and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from linkhub.federation.models import SharedIssue
from linkhub.platform.db import db
from linkhub.platform.tenancy import platform_scope

pytestmark = pytest.mark.usefixtures("db_kind")


def _refused(sql: str, params: dict, match: str) -> None:
    with platform_scope():
        with pytest.raises(DBAPIError, match=match):
            db.session.execute(text(sql), params)
        db.session.rollback()


def _allowed(sql: str, params: dict) -> None:
    with platform_scope():
        db.session.execute(text(sql), params)
        db.session.commit()


@pytest.fixture
def copies(world):
    """The world's shared issue of network A, and a second version to supersede it with."""
    with platform_scope():
        first = db.session.scalar(db.select(SharedIssue).where(SharedIssue.share_ref == "world-alpha"))
        second = SharedIssue(
            working_group_id=first.working_group_id,
            source_network_id=first.source_network_id,
            share_ref=first.share_ref,
            version=2,
            agreement_version=1,
            title="Handover waits (v2)",
            pathway="Ambulance",
            stage="On scene",
            theme="Access and waiting times",
            month="2010-03",
            region=first.region,
        )
        db.session.add(second)
        db.session.commit()
        ids = {"first": first.id, "second": second.id}
        db.session.rollback()
    return ids


@pytest.mark.parametrize(
    "column, value",
    [
        ("title", "Rewritten"),
        ("summary", "Rewritten"),
        ("feedback_count", 1),
        ("source_network_id", None),
        ("share_ref", "other"),
        ("version", 9),
        ("month", "2011-01"),
        ("shared_at", None),
    ],
)
def test_raw_updates_of_the_content_are_refused(app, copies, column, value):
    if column == "source_network_id":
        value = db.session.execute(text("SELECT max(id) FROM networks")).scalar()
        db.session.rollback()
    if column == "shared_at":
        _refused(
            "UPDATE shared_issues SET shared_at = shared_at + interval '1 day' WHERE id = :i"
            if db.engine.dialect.name == "postgresql"
            else "UPDATE shared_issues SET shared_at = '2001-01-01' WHERE id = :i",
            {"i": copies["first"]},
            "immutable",
        )
        return
    _refused(f"UPDATE shared_issues SET {column} = :v WHERE id = :i", {"v": value, "i": copies["first"]}, "immutable")


def test_the_marks_may_be_set_once_and_never_undone(app, copies):
    _allowed(
        "UPDATE shared_issues SET superseded_by_id = :s WHERE id = :i", {"s": copies["second"], "i": copies["first"]}
    )
    _refused("UPDATE shared_issues SET superseded_by_id = NULL WHERE id = :i", {"i": copies["first"]}, "never undone")
    _allowed(
        "UPDATE shared_issues SET withdrawn = :t, withdrawn_at = CURRENT_TIMESTAMP WHERE id = :i",
        {"t": True, "i": copies["second"]},
    )
    _refused(
        "UPDATE shared_issues SET withdrawn = :f WHERE id = :i", {"f": False, "i": copies["second"]}, "never undone"
    )
    _allowed("UPDATE shared_issues SET title = title WHERE id = :i", {"i": copies["first"]})  # no change: no refusal


def test_raw_delete_is_refused(app, copies):
    _refused("DELETE FROM shared_issues WHERE id = :i", {"i": copies["second"]}, "never deleted")
    _refused("DELETE FROM shared_issues", {}, "never deleted")
    with platform_scope():
        assert db.session.execute(text("SELECT count(*) FROM shared_issues")).scalar() >= 3
        db.session.rollback()
