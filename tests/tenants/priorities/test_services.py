"""Priority criteria, scoring and the ranking; work items and task groups (service layer)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.issues import services as issues
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.priorities import ranking, services
from linkhub.tenants.priorities.models import PriorityCriterion, PriorityScore
from linkhub.tenants.workprogramme import services as programme
from linkhub.tenants.workprogramme.models import TaskGroup, WorkItem

pytestmark = pytest.mark.usefixtures("db_kind")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def criteria():
    return {c.name: c for c in db.session.scalars(select(PriorityCriterion))}


def row_for(issue_id):
    return next(r for r in ranking.rank_issues() if r.issue.id == issue_id)


def test_weighted_mean_reverses_a_negative_criterion(world):
    with network_scope(world.a.id):
        row = row_for(world.records["alpha"]["issue_id"])
        assert row.score == pytest.approx(4.25)  # (3 × 4.5 + 1 × (5 − 1.5)) / 4
        assert (row.rank, row.scorers, row.few_scorers) == (1, 2, True)
        assert row.criteria_scored == row.criteria_total == 2 and row.in_work_programme


def test_others_already_acting_lowers_priority(world):
    with network_scope(world.a.id):
        c = criteria()
        acted_on = issues.create_issue(title="Regulator already inspecting", theme="access")
        neglected = issues.create_issue(title="Nobody looking at this", theme="access")
        for user in (world.users["member_a"], world.users["staff_a"], world.users["admin_a"]):
            services.score_issue(acted_on, user, {c["Severity"].id: 3, c["Others already acting"].id: 5})
            services.score_issue(neglected, user, {c["Severity"].id: 3, c["Others already acting"].id: 0})
        db.session.commit()
        assert row_for(acted_on.id).score == pytest.approx((3 * 3 + 0) / 4)
        assert row_for(neglected.id).score == pytest.approx((3 * 3 + 5) / 4)
        ranked = [r.issue.id for r in ranking.rank_issues()]
        assert ranked.index(neglected.id) < ranked.index(acted_on.id)
        assert not row_for(neglected.id).few_scorers  # three people scored it


def test_unscored_criteria_and_retired_criteria_are_left_out(world):
    with network_scope(world.a.id):
        c = criteria()
        partial = issues.create_issue(title="Half scored", theme="access")
        services.score_issue(partial, world.users["member_a"], {c["Severity"].id: 2})
        unscored = issues.create_issue(title="Not scored", theme="access")
        db.session.commit()
        assert row_for(partial.id).score == pytest.approx(2.0) and row_for(partial.id).criteria_scored == 1
        assert row_for(unscored.id).score is None and row_for(unscored.id).rank is None
        assert ranking.rank_issues()[-1].issue.id in (unscored.id, partial.id)
        services.update_criterion(c["Others already acting"], active=False)
        db.session.commit()
        assert row_for(world.records["alpha"]["issue_id"]).score == pytest.approx(4.5)
        assert unscored.id not in [r.issue.id for r in ranking.rank_issues(include_unscored=False)]


def test_scoring_again_updates_instead_of_duplicating(world):
    with network_scope(world.a.id):
        issue = db.session.get(Issue, world.records["alpha"]["issue_id"])
        severity = criteria()["Severity"]
        before = count(PriorityScore)
        services.score_issue(issue, world.users["admin_a"], {severity.id: 0})
        db.session.commit()
        services.score_issue(issue, world.users["admin_a"], {severity.id: 1})
        db.session.commit()
        assert count(PriorityScore) == before
        mine = services.my_scores(issue.id, world.users["admin_a"].id)
        assert {s.criterion_id: s.score for s in mine}[severity.id] == 1
        assert row_for(issue.id).scorers == 2
        assert (
            db.session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "priority_scores.recorded")
            )
            >= 4
        )


@pytest.mark.parametrize("bad", [6, -1, "3", 2.5, True, None])
def test_scores_outside_0_to_5_are_refused_and_nothing_is_written(world, bad):
    with network_scope(world.a.id):
        issue = db.session.get(Issue, world.records["alpha"]["issue_id"])
        c = criteria()
        before = {(s.criterion_id, s.user_id): s.score for s in db.session.scalars(select(PriorityScore))}
        with pytest.raises(ServiceError) as refused:
            # the good score comes first: it must not be written either
            services.score_issue(
                issue, world.users["admin_a"], {c["Severity"].id: 0, c["Others already acting"].id: bad}
            )
        assert "0 to 5" in refused.value.message
        db.session.rollback()
        after = {(s.criterion_id, s.user_id): s.score for s in db.session.scalars(select(PriorityScore))}
        assert after == before


def test_another_networks_criterion_cannot_be_scored(world):
    with network_scope(world.b.id):
        beta_criterion = criteria()["Severity"].id
        db.session.rollback()
    with network_scope(world.a.id):
        issue = db.session.get(Issue, world.records["alpha"]["issue_id"])
        with pytest.raises(ServiceError, match="this network"):
            services.score_issue(issue, world.users["admin_a"], {beta_criterion: 3})
        with pytest.raises(ServiceError):
            services.score_issue(issue, world.users["admin_a"], {})
        db.session.rollback()


def test_the_database_refuses_a_second_row_for_the_same_scorer(world):
    with network_scope(world.a.id):
        issue_id = world.records["alpha"]["issue_id"]
        db.session.add(
            PriorityScore(
                issue_id=issue_id, criterion_id=criteria()["Severity"].id, user_id=world.users["admin_a"].id, score=3
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("weight", [0, -2, 101, 1.5, "3", None])
def test_weights_must_be_positive_whole_numbers(world, weight):
    with network_scope(world.a.id):
        before = count(PriorityCriterion)
        with pytest.raises(ServiceError) as refused:
            services.add_criterion(name="Inequality", weight=weight)
        assert refused.value.field == "weight"
        severity = criteria()["Severity"]
        if weight is not None:  # None in an update means "leave the weight as it is"
            with pytest.raises(ServiceError):
                services.update_criterion(severity, name="Renamed", weight=weight)
        assert severity.name == "Severity"  # checked before anything changed
        db.session.rollback()
        assert count(PriorityCriterion) == before


def test_criterion_names_and_directions(world):
    with network_scope(world.a.id):
        with pytest.raises(ServiceError) as duplicate:
            services.add_criterion(name="severity", weight=2)
        assert duplicate.value.status == 409
        with pytest.raises(ServiceError):
            services.add_criterion(name="Cost", weight=2, direction="sideways")
        made = services.add_criterion(name="Inequality", weight=2, description=" Does it widen gaps? ")
        assert made.position == 3 and made.description == "Does it widen gaps?" and made.direction == "positive"
        db.session.rollback()


def _item(**extra):
    values = dict(
        title="Discharge letters",
        owner="Jo",
        outcome="90% of letters sent within a day",
        target_on=date.today() + timedelta(days=30),
    )
    values.update(extra)
    return programme.add_item(**values)


def test_a_task_group_ends_when_all_its_items_are_done_and_reopens(world):
    with network_scope(world.a.id):
        group = db.session.get(TaskGroup, world.records["alpha"]["task_group_id"])
        first = db.session.get(WorkItem, world.records["alpha"]["work_item_id"])
        second = _item(task_group_id=group.id)
        programme.set_status(first, "done")
        assert group.ended_on is None  # one item still open
        programme.set_status(second, "done")
        assert group.ended_on == date.today() and second.completed_on == date.today()
        programme.set_status(first, "in_progress")
        assert group.ended_on is None and first.completed_on is None
        programme.update_item(first, status="done")
        assert group.ended_on == date.today()
        db.session.commit()
        actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "task_group")))
        assert {"task_group.added", "task_group.ended", "task_group.reopened"} <= actions


def test_moving_the_last_open_item_out_of_a_group_ends_it(world):
    with network_scope(world.a.id):
        group = db.session.get(TaskGroup, world.records["alpha"]["task_group_id"])
        done = _item(task_group_id=group.id, status="done")
        assert group.ended_on is None
        programme.update_item(db.session.get(WorkItem, world.records["alpha"]["work_item_id"]), task_group_id=None)
        assert group.ended_on == date.today() and done.status == "done"
        db.session.rollback()


@pytest.mark.parametrize(
    "bad, field",
    [
        (dict(title="  "), "title"),
        (dict(owner=""), "owner"),
        (dict(outcome=""), "outcome"),
        (dict(target_on=None), "target_on"),
        (dict(status="finished"), "status"),
        (dict(issue_id=999_999), "issue_id"),
        (dict(task_group_id=999_999), "task_group_id"),
        (dict(linked_kind="report"), "linked_id"),
        (dict(linked_kind="letter", linked_id=3), "linked_kind"),
    ],
)
def test_work_item_validation(world, bad, field):
    with network_scope(world.a.id):
        before = count(WorkItem)
        with pytest.raises(ServiceError) as refused:
            _item(**bad)
        assert refused.value.field == field
        db.session.rollback()
        assert count(WorkItem) == before


def test_work_items_cannot_point_at_another_networks_issue_or_group(world):
    with network_scope(world.a.id):
        for bad in (
            dict(issue_id=world.records["beta"]["issue_id"]),
            dict(task_group_id=world.records["beta"]["task_group_id"]),
        ):
            with pytest.raises(ServiceError):
                _item(**bad)
        db.session.rollback()


@pytest.mark.parametrize(
    "kind, record",
    [
        ("information_request", "request_id"),
        ("osc_referral", "referral_id"),
        ("visit", "visit_id"),
        ("report", "report_id"),
    ],
)
def test_linked_id_must_be_a_record_of_this_network(world, kind, record):
    """Issue 12, finding 9: a work item links only to this network's power or report."""
    with network_scope(world.a.id):
        before = count(WorkItem)
        for bad in (world.records["beta"][record], 999_999, 2**31, 0, -1):
            with pytest.raises(ServiceError) as refused:
                _item(linked_kind=kind, linked_id=bad)
            assert refused.value.field == "linked_id"
        db.session.rollback()
        assert count(WorkItem) == before
        made = _item(linked_kind=kind, linked_id=world.records["alpha"][record])
        assert (made.linked_kind, made.linked_id) == (kind, world.records["alpha"][record])
        db.session.rollback()
