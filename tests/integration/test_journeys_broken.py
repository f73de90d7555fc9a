"""Issue 16, "Broken" 1-8: each journey finishes as a user expects (pages through the test
client, on SQLite and PostgreSQL; the browser journey with axe is in tests/browser/test_people_and_broken_journeys.py)."""

from __future__ import annotations

import io
import re

import pytest

from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from tests.helpers import page_text, sign_in


def test_1_work_item_links_are_links_not_text(client, world, db_kind):
    sign_in(client, "member-a@example.org")
    body = client.get(f"/networks/alpha/work-programme/items/{world.records['alpha']['work_item_id']}").get_data(
        as_text=True
    )
    assert "&lt;a" not in body
    issue_id, group_id = world.records["alpha"]["issue_id"], world.records["alpha"]["task_group_id"]
    assert re.search(rf'<a class="govuk-link" href="/networks/alpha/issues/{issue_id}">Long waits in A&amp;E</a>', body)
    assert f'href="/networks/alpha/work-programme/groups/{group_id}">A&amp;E waits group</a>' in body


def test_1_titles_stay_escaped_inside_the_links(client, world):
    from linkhub.tenants.workprogramme import services as programme
    from linkhub.tenants.workprogramme.models import TaskGroup

    with network_scope(world.a.id):
        group = db.session.get(TaskGroup, world.records["alpha"]["task_group_id"])
        programme.update_task_group(group, name="<script>alert(1)</script>", purpose="", member_ids=[])
        db.session.commit()
    sign_in(client, "member-a@example.org")
    body = client.get(f"/networks/alpha/work-programme/items/{world.records['alpha']['work_item_id']}").get_data(
        as_text=True
    )
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;</a>" in body


def test_2_pathway_charts_have_a_row_for_every_table_row():
    from linkhub.federation.pathway_view import Cell, Table, chart_rows
    from linkhub.platform.charts import bar_chart

    table = Table(
        "stage",
        "Stage",
        [
            ("999 call", Cell(None, "fewer than 5"), Cell(None, "fewer than 5")),
            ("Response", Cell(12, "12"), Cell(30, "30")),
            ("Discharge", Cell(0, "0"), Cell(0, "0")),
        ],
    )
    svg = str(bar_chart("Shared issues by stage", chart_rows(table)))
    assert svg.count("<rect") == 2  # 12 and 0 are drawn; the suppressed count is not
    assert "fewer than 5" in svg and ">12<" in svg and "no data" not in svg
    assert 'aria-label="Shared issues by stage: 999 call: fewer than 5; Response: 12; Discharge: 0"' in svg


def test_2_pathway_page_charts_every_stage(client, world):
    from linkhub.federation import services
    from linkhub.federation.models import SharedIssue
    from linkhub.platform.tenancy import platform_scope

    with platform_scope():
        group = services.create_working_group(
            name="Chart group",
            region="North West",
            pathway=services.pathway_by_slug("ambulance"),
            convenor=world.a,
            members=[world.b],
            agreement_text="Version one.",
        )
        for n in range(10):  # a multiple of 5: the disclosed figure is the count itself
            db.session.add(
                SharedIssue(
                    working_group_id=group.id,
                    source_network_id=world.a.id,
                    share_ref=f"c{n}",
                    agreement_version=1,
                    title="Handover",
                    pathway="Ambulance",
                    stage="Response",
                    theme="Access and waiting times",
                    month="2026-10",
                    region="North West",
                    people_count=2,
                )
            )
        db.session.commit()
        group_id = group.id
    sign_in(client, "reader@example.org")
    body = client.get(f"/federation/groups/{group_id}").get_data(as_text=True)
    stage_chart = re.search(
        r'<svg[^>]*aria-label="Shared issues by stage of the pathway[^"]*".*?</svg>', body, re.S
    ).group(0)
    assert "Response: 10" in stage_chart and stage_chart.count("<rect") >= 1
    assert ">10<" in stage_chart


def test_3_visit_providers_come_from_the_directory(client, world, db_kind):
    from linkhub.tenants.directory import services as directory

    with network_scope(world.a.id):
        directory.add_provider(name="Abbeyfield Care Home", kind="care_home")
        db.session.commit()
    sign_in(client, "staff-a@example.org")
    form = client.get("/networks/alpha/visits/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="provider_id".*?</select>', form, re.S).group(0)
    assert "Abbeyfield Care Home" in select
    assert "Health Scrutiny" not in select and "Care Quality Commission" not in select


def test_3_a_visit_is_planned_for_a_provider_never_a_regulator(client, world, db_kind):
    from linkhub.platform.services import ServiceError
    from linkhub.tenants.directory.models import Provider
    from linkhub.tenants.common import services as org_services
    from linkhub.platform.clock import today
    from linkhub.tenants.visits import services as visits

    with network_scope(world.a.id):
        regulator = org_services.add_organisation(name="Care Quality Commission", kind="regulator")
        with pytest.raises(ServiceError, match="Choose a provider"):
            visits.plan_visit(organisation_id=regulator.id, premises="Head office", planned_on=today())
        provider = db.session.get(Provider, world.records["alpha"]["provider_id"])
        visit = visits.plan_visit(provider_id=provider.id, premises="A&E", planned_on=today())
        assert visit.organisation.name == provider.name and visit.organisation.kind == "provider"
        again = visits.plan_visit(provider_id=provider.id, premises="Ward 2", planned_on=today())
        assert again.organisation_id == visit.organisation_id  # the same organisation, not a second one
        db.session.rollback()


def test_3_recorded_visit_shows_the_day_it_was_carried_out(client, world, db_kind):
    from linkhub.platform.clock import today
    from linkhub.tenants.visits import services as visits
    from linkhub.tenants.visits.models import Visit

    visit_id = world.records["alpha"]["visit_id"]
    with network_scope(world.a.id):
        visit = db.session.get(Visit, visit_id)
        planned = visit.planned_on
        visits.record_visit(visit, carried_out_on=today(), findings="Calm ward.")
        db.session.commit()
    sign_in(client, "staff-a@example.org")
    text = page_text(client.get(f"/networks/alpha/visits/{visit_id}").get_data(as_text=True))
    assert f"Carried out on {today():%A %-d %B %Y}" in text
    assert f"Planned for {planned:%A %-d %B %Y}" in text
    assert f"Date {planned:%A %-d %B %Y}" not in text


def test_4_one_bad_reference_keeps_the_field_and_names_it(client, world, db_kind):
    from linkhub.tenants.feedback.models import Feedback

    with network_scope(world.a.id):
        good = db.session.get(Feedback, world.records["alpha"]["feedback_id"]).reference
    with network_scope(world.b.id):
        other = db.session.get(Feedback, world.records["beta"]["feedback_id"]).reference
    sign_in(client, "staff-a@example.org")
    issue_id = world.records["alpha"]["issue_id"]
    typed = f"{good.lower()}, ZZZZZZZZZZ {other}"
    response = client.post(f"/networks/alpha/issues/{issue_id}/feedback", data={"references": typed})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "govuk-error-summary" in body and 'href="#references"' in body
    assert "ZZZZZZZZZZ" in page_text(body).split("There is a problem")[1][:300]
    assert other in body and f'value="{typed}"' in body  # what was typed is kept
    assert good not in page_text(body).split("There is a problem")[1][:300]  # the good one is not blamed
    ok = client.post(
        f"/networks/alpha/issues/{issue_id}/feedback", data={"references": good.lower()}, follow_redirects=True
    )
    assert "1 piece of feedback has been added to this issue." in ok.get_data(as_text=True)


CSV = (
    "received_on,channel,service,theme,rating,what_happened,happened_month,contact_name,email,phone,consent\n"
    "2026-01-05,phone,A&E,access,2,Waited hours,2026-01,Ann,ann@example.org,,yes\n"
    "2026-01-06,event,A&E,access,,Nobody explained,,,,,\n"
)


def test_5_import_after_the_dry_run_without_choosing_the_file_again(client, world, db_kind):
    from sqlalchemy import func, select

    from linkhub.tenants.feedback.models import Feedback, PendingImport

    sign_in(client, "staff-a@example.org")
    preview = client.post(
        "/networks/alpha/feedback/import",
        data={"file": (io.BytesIO(CSV.encode()), "f.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Import 2 rows" in preview and 'type="file"' not in preview
    kept = re.search(r'name="confirm" value="([^"]+)"', preview).group(1)
    with network_scope(world.a.id):
        before = db.session.scalar(select(func.count()).select_from(Feedback))
        pending = db.session.scalar(select(func.count()).select_from(PendingImport))
    # Another member of staff cannot import a file someone else checked.
    other = client.application.test_client()
    sign_in(other, "both@example.org")
    refused = other.post("/networks/alpha/feedback/import", data={"confirm": kept})
    assert refused.status_code == 200 and "choose the file again" in refused.get_data(as_text=True)
    from flask import g

    g.pop("_login_user", None)  # the fixture's app context (and g) outlives each request: forget that person
    done = client.post("/networks/alpha/feedback/import", data={"confirm": kept}, follow_redirects=True)
    assert "2 pieces of feedback have been imported." in done.get_data(as_text=True)
    again = client.post("/networks/alpha/feedback/import", data={"confirm": kept})
    assert "choose the file again" in again.get_data(as_text=True)
    with network_scope(world.a.id):
        assert db.session.scalar(select(func.count()).select_from(Feedback)) == before + 2
        assert db.session.scalar(select(func.count()).select_from(PendingImport)) == pending - 1  # taken once


def test_5_kept_file_is_not_visible_to_another_network(client, world):
    sign_in(client, "both@example.org")
    preview = client.post(
        "/networks/alpha/feedback/import",
        data={"file": (io.BytesIO(CSV.encode()), "f.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    kept = re.search(r'name="confirm" value="([^"]+)"', preview).group(1)
    beta = client.post("/networks/beta/feedback/import", data={"confirm": kept})
    assert "choose the file again" in beta.get_data(as_text=True)


def test_6_issue_references_are_this_networks_issues_and_links(client, world, db_kind):
    from linkhub.platform.services import ServiceError
    from linkhub.tenants.common import services as org_services
    from linkhub.tenants.powers import services as powers

    beta_issue = world.records["beta"]["issue_id"]
    alpha_issue = world.records["alpha"]["issue_id"]
    with network_scope(world.a.id):
        org = org_services.add_organisation(name="Trust for refs", kind="provider")
        if beta_issue != alpha_issue:
            with pytest.raises(ServiceError, match=f"no issue {beta_issue}"):
                powers.create_request(organisation_id=org.id, subject="s", question="q", issue_ref=str(beta_issue))
        with pytest.raises(ServiceError, match="no issue 999999"):
            powers.create_request(organisation_id=org.id, subject="s", question="q", issue_ref="999999")
        with pytest.raises(ServiceError, match="issue numbers only"):
            powers.create_request(organisation_id=org.id, subject="s", question="q", issue_ref="seven")
        db.session.rollback()
    sign_in(client, "staff-a@example.org")
    body = client.get(f"/networks/alpha/powers/requests/{world.records['alpha']['request_id']}").get_data(as_text=True)
    assert (
        f'<a class="govuk-link" href="/networks/alpha/issues/{alpha_issue}">Issue {alpha_issue}: Long waits in A&amp;E</a>'
        in body
    )
    body = client.get(f"/networks/alpha/powers/referrals/{world.records['alpha']['referral_id']}").get_data(
        as_text=True
    )
    assert f'href="/networks/alpha/issues/{alpha_issue}"' in body


def test_6_demo_cites_only_each_networks_own_issues(app):
    from sqlalchemy import select

    from linkhub.demo import load_demo
    from linkhub.platform.models import Network
    from linkhub.tenants.issues.models import Issue
    from linkhub.tenants.powers.models import InformationRequest, OscReferral

    for _ in load_demo():
        pass
    for network in db.session.scalars(select(Network)).all():
        with network_scope(network.id):
            own = {str(i) for i in db.session.scalars(select(Issue.id))}
            cited = [r.issue_ref for r in db.session.scalars(select(InformationRequest)) if r.issue_ref]
            cited += [
                n.strip() for r in db.session.scalars(select(OscReferral)) for n in r.issue_refs.split(",") if n.strip()
            ]
            assert cited and set(cited) <= own, (network.slug, cited, own)
            db.session.rollback()


def test_7_deadline_kind_and_title_are_separate_words(client, world, db_kind):
    sign_in(client, "staff-a@example.org")
    text = page_text(client.get("/networks/alpha/powers/deadlines").get_data(as_text=True))
    assert "Request for information: Discharge delays" in text
    assert "informationDischarge" not in text


def test_8_a_working_group_needs_two_networks(client, world, db_kind):
    sign_in(client, "op@example.org")
    form = {
        "name": "Lonely group",
        "region": "North West",
        "pathway": "ambulance",
        "convenor": "alpha",
        "suppression_threshold": "5",
    }
    from linkhub.federation import services
    from linkhub.platform.tenancy import platform_scope

    with platform_scope():
        services.ensure_default_pathways()
        db.session.commit()
    page = client.post("/operator/federation/working-groups/new", data=form)
    assert page.status_code == 200 and "Choose at least one member network besides the convenor" in page.get_data(
        as_text=True
    )
    same = client.post("/operator/federation/working-groups/new", data=form | {"networks": ["alpha"]})
    assert "Choose at least one member network besides the convenor" in same.get_data(as_text=True)
    api = client.post(
        "/api/v1/federation/working-groups",
        json={"name": "Lonely", "region": "North West", "pathway": "ambulance", "convenor": "alpha", "networks": []},
        headers={"Authorization": f"Bearer {world.tokens['operator']}"},
    )
    assert api.status_code == 422 and "networks" in api.get_json()["error"]["fields"]
    ok = client.post("/operator/federation/working-groups/new", data=form | {"networks": ["beta"]})
    assert ok.status_code == 302
