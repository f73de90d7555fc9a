"""Pages: the ranking, scoring an issue, criteria, the work programme task list, CSV exports."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.priorities import ranking
from linkhub.tenants.priorities.models import PriorityCriterion, PriorityScore
from linkhub.tenants.workprogramme import reporting
from linkhub.tenants.workprogramme.models import TaskGroup, WorkItem
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def criterion_ids(network_id):
    with network_scope(network_id):
        found = {c.name: c.id for c in db.session.scalars(select(PriorityCriterion))}
        db.session.rollback()
    return found


def score_rows(network_id):
    with network_scope(network_id):
        rows = {(s.criterion_id, s.user_id): s.score for s in db.session.scalars(select(PriorityScore))}
        db.session.rollback()
    return rows


def test_ranking_page_shows_score_scorers_and_the_caution_note(client, world):
    sign_in(client, world.users["member_a"].email)
    page = client.get("/networks/alpha/priorities/")
    assert page.status_code == 200
    assert b"Long waits in A&amp;E" in page.data and b"4.25" in page.data
    assert b"Fewer than 3 people" in page.data and b"In the work programme" in page.data
    assert b"Add to work programme" not in page.data  # members do not manage the work programme
    assert b"Priorities" in client.get("/networks/alpha/").data  # nav item


def test_member_scores_an_issue_and_scoring_again_updates(client, world):
    ids, issue_id = criterion_ids(world.a.id), world.records["alpha"]["issue_id"]
    member = world.users["member_a"].id
    sign_in(client, world.users["member_a"].email)
    url = f"/networks/alpha/priorities/issues/{issue_id}/score"
    assert b"Others already acting (weight 1)" in client.get(url).data
    response = client.post(
        url,
        data={f"criterion_{ids['Severity']}": "5", f"criterion_{ids['Others already acting']}": "0"},
        follow_redirects=True,
    )
    assert b"Your scores for" in response.data
    client.post(url, data={f"criterion_{ids['Severity']}": "2", f"criterion_{ids['Others already acting']}": "0"})
    mine = {k: v for k, v in score_rows(world.a.id).items() if k[1] == member}
    assert mine == {(ids["Severity"], member): 2, (ids["Others already acting"], member): 0}
    again = client.get(url)
    assert b"saving replaces your earlier scores" in again.data
    assert b'value="2" checked' in again.data


@pytest.mark.parametrize("bad", ["9", "-1", "", "three"])
def test_scores_outside_0_to_5_show_the_error_summary_and_store_nothing(client, world, bad):
    ids, issue_id = criterion_ids(world.a.id), world.records["alpha"]["issue_id"]
    before = score_rows(world.a.id)
    sign_in(client, world.users["member_a"].email)
    response = client.post(
        f"/networks/alpha/priorities/issues/{issue_id}/score",
        data={f"criterion_{ids['Severity']}": "3", f"criterion_{ids['Others already acting']}": bad},
    )
    assert response.status_code == 200
    assert (
        b"govuk-error-summary" in response.data
        and b"Choose a score from 0 to 5 for others already acting" in response.data
    )
    assert response.data.startswith(b"<!DOCTYPE html>") and b"<title>Error:" in response.data
    assert score_rows(world.a.id) == before


def test_only_staff_manage_criteria(client, world):
    sign_in(client, world.users["member_a"].email)
    assert client.get("/networks/alpha/priorities/criteria").status_code == 200
    assert client.get("/networks/alpha/priorities/criteria/new").status_code == 403
    client.post("/sign-out")
    sign_in(client, world.users["staff_a"].email)
    form = {"name": "Inequality", "weight": "0", "direction": "positive", "description": ""}
    refused = client.post("/networks/alpha/priorities/criteria/new", data=form)
    assert b"govuk-error-summary" in refused.data and b"from 1 to 100" in refused.data
    assert client.post("/networks/alpha/priorities/criteria/new", data=form | {"weight": "2"}).status_code == 302
    ids = criterion_ids(world.a.id)
    assert "Inequality" in ids
    retire = client.post(
        f"/networks/alpha/priorities/criteria/{ids['Inequality']}", data=form | {"weight": "2", "direction": "negative"}
    )  # unticked box: retired
    assert retire.status_code == 302
    with network_scope(world.a.id):
        changed = db.session.get(PriorityCriterion, ids["Inequality"])
        assert (changed.direction, changed.active) == ("negative", False)
        db.session.rollback()


def test_ranking_csv_has_stable_columns(client, world):
    sign_in(client, world.users["member_a"].email)
    response = client.get("/networks/alpha/priorities/ranking.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ranking.CSV_COLUMNS
    first = rows[0]
    assert (first["rank"], first["issue_title"], first["priority_score"], first["scorers"]) == (
        "1",
        "Long waits in A&E",
        "4.25",
        "2",
    )
    assert (first["few_scorers"], first["in_work_programme"], first["criteria_scored"]) == ("yes", "yes", "2")


def test_work_programme_task_list_and_dashboard_panel(client, world):
    sign_in(client, world.users["member_a"].email)
    page = client.get("/networks/alpha/work-programme/")
    assert b"govuk-task-list" in page.data and b"Long waits in A&amp;E" in page.data
    assert b"govuk-tag--light-blue" in page.data and b"In progress" in page.data
    assert b"A&amp;E waits group" in page.data and b"Add a work item" not in page.data
    home = client.get("/networks/alpha/")
    assert b"Work programme progress" in home.data and b"0 of 1 work items completed" in home.data
    item = world.records["alpha"]["work_item_id"]
    assert client.post(f"/networks/alpha/work-programme/items/{item}", data={"status": "done"}).status_code == 403
    assert client.get(f"/networks/alpha/work-programme/items/{item}").status_code == 200
    assert (
        client.get(f"/networks/alpha/work-programme/groups/{world.records['alpha']['task_group_id']}").status_code
        == 200
    )


def test_staff_add_a_work_item_from_the_ranking_and_complete_it(client, world):
    sign_in(client, world.users["staff_a"].email)
    issue_id = world.records["alpha"]["issue_id"]
    form_page = client.get(f"/networks/alpha/work-programme/items/new?issue_id={issue_id}")
    assert b'value="Long waits in A&amp;E"' in form_page.data
    target = date.today() + timedelta(days=60)
    data = {
        "title": "Ask the trust for handover data",
        "issue_id": str(issue_id),
        "owner": "Priya",
        "outcome": "Data for 12 months",
        "target_on": [str(target.day), str(target.month), str(target.year)],
        "task_group_id": str(world.records["alpha"]["task_group_id"]),
        "status": "not_started",
        "linked_kind": "information_request",
        "linked_id": "12",
    }
    bad = client.post(
        "/networks/alpha/work-programme/items/new", data=data | {"outcome": "", "target_on": ["31", "2", "2027"]}
    )
    assert b"govuk-error-summary" in bad.data and b"Enter a measurable outcome" in bad.data
    assert client.post("/networks/alpha/work-programme/items/new", data=data).status_code == 302
    with network_scope(world.a.id):
        made = db.session.scalar(select(WorkItem).where(WorkItem.title == "Ask the trust for handover data"))
        assert (made.issue_id, made.target_on, made.linked_kind, made.linked_id) == (
            issue_id,
            target,
            "information_request",
            12,
        )
        made_id, first = made.id, world.records["alpha"]["work_item_id"]
        db.session.rollback()
    listing = client.get("/networks/alpha/work-programme/")
    assert b"Ask the trust for handover data" in listing.data and b"Not yet started" in listing.data
    for item in (made_id, first):
        assert client.post(f"/networks/alpha/work-programme/items/{item}", data={"status": "done"}).status_code == 302
    with network_scope(world.a.id):
        assert db.session.get(TaskGroup, world.records["alpha"]["task_group_id"]).ended_on == date.today()
        db.session.rollback()
    assert b"Ended " in client.get("/networks/alpha/work-programme/").data
    edit = client.get(f"/networks/alpha/work-programme/items/{made_id}/edit")
    assert edit.status_code == 200 and b"Ask the trust for handover data" in edit.data


def test_task_groups_are_set_up_and_changed_by_staff(client, world):
    sign_in(client, world.users["staff_a"].email)
    assert b"govuk-error-summary" in client.post("/networks/alpha/work-programme/groups/new", data={"name": ""}).data
    made = client.post(
        "/networks/alpha/work-programme/groups/new",
        data={
            "name": "Discharge group",
            "purpose": "Discharge letters",
            "member_ids": [world.records["alpha"]["person_id"]],
        },
    )
    assert made.status_code == 302
    shown = client.get(made.headers["Location"])
    assert b"Discharge group" in shown.data and b"<li>Chris Chair</li>" in shown.data
    edit_url = made.headers["Location"] + "/edit"
    assert client.post(edit_url, data={"name": "Discharge task group", "purpose": ""}).status_code == 302
    assert b"Chris Chair" not in client.get(made.headers["Location"]).data  # no box ticked: nobody


def test_work_programme_csv_has_stable_columns(client, world):
    sign_in(client, world.users["member_a"].email)
    response = client.get("/networks/alpha/work-programme/work-programme.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == reporting.CSV_COLUMNS and len(rows) == 1
    row = rows[0]
    assert (row["title"], row["status"], row["task_group"], row["task_group_ended"], row["overdue"]) == (
        "Long waits in A&E",
        "in_progress",
        "A&E waits group",
        "no",
        "no",
    )
    assert row["target_date"] == (date.today() + timedelta(days=90)).isoformat()


def test_csv_cells_that_look_like_formulas_are_defused(client, world):
    with network_scope(world.a.id):
        from linkhub.tenants.issues import services as issues

        issues.create_issue(title='=HYPERLINK("http://evil.example")', theme="access")
        db.session.commit()
    sign_in(client, world.users["member_a"].email)
    text = client.get("/networks/alpha/priorities/ranking.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    with network_scope(world.a.id):
        assert db.session.scalar(select(func.count()).select_from(WorkItem)) == 1
        db.session.rollback()
