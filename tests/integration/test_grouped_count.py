"""An issue's grouped count (kept by add_feedback, read by the issues list) always equals the
feedback grouped into it, however feedback moves between issues (hypothesis), and when two
requests regroup the same feedback at once (PostgreSQL)."""

from __future__ import annotations

import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.feedback.models import Feedback
from linkhub.tenants.issues import services as issues
from linkhub.tenants.issues.models import Issue


def _counts_agree():
    db.session.expire_all()
    kept = {i.id: i.grouped_count for i in db.session.scalars(select(Issue))}
    actual = dict(
        db.session.execute(
            select(Feedback.issue_id, func.count()).where(Feedback.issue_id.is_not(None)).group_by(Feedback.issue_id)
        ).all()
    )
    assert kept == {i: actual.get(i, 0) for i in kept}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moves=st.lists(
        st.tuples(st.integers(0, 2), st.lists(st.integers(0, 7), min_size=1, max_size=5, unique=True)),
        min_size=1,
        max_size=8,
    )
)
def test_the_grouped_count_follows_feedback_between_issues(app, world, db_kind, moves):
    with network_scope(world.a.id):
        made = feedback.record_feedback_many(
            [dict(channel="phone", what_happened=f"m{k}", theme="access", service_text="x") for k in range(8)]
        )
        db.session.flush()
        targets = [issues.create_issue(title=f"Group {k}", theme="access") for k in range(3)]
        db.session.commit()
        for target, picks in moves:
            issues.add_feedback(targets[target], [made[k].id for k in picks], move=True, other_provider=True)
            db.session.commit()
            _counts_agree()


def test_two_regroupings_of_the_same_feedback_at_once_keep_the_counts(app, world, db_kind):
    if db_kind != "postgresql":
        return  # SQLite writes one transaction at a time: nothing races
    network_id = world.a.id
    with network_scope(network_id):
        made = feedback.record_feedback_many(
            [dict(channel="phone", what_happened=f"r{k}", theme="access", service_text="x") for k in range(6)]
        )
        db.session.flush()
        ids = [f.id for f in made]
        first, second = (issues.create_issue(title=f"Race {k}", theme="access").id for k in range(2))
        db.session.commit()
    barrier, errors = threading.Barrier(2), []

    def regroup(issue_id):
        try:
            with app.app_context(), network_scope(network_id):
                issue = db.session.get(Issue, issue_id)
                barrier.wait()
                issues.add_feedback(issue, ids, move=True, other_provider=True)
                db.session.commit()
        except Exception as exc:  # noqa: BLE001  reported below
            errors.append(exc)

    threads = [threading.Thread(target=regroup, args=(i,)) for i in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    with network_scope(network_id):
        _counts_agree()
        assert sorted(db.session.get(Issue, i).grouped_count for i in (first, second)) == [0, 6]
