"""Equality and reach: consented answers stored apart from feedback, totals only through the
disclosure method, the reach page naming the most under-heard groups, issue classification with
its balance, and children's social care flagged."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import inspect, select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory import services as directory
from linkhub.tenants.equality import queries, services
from linkhub.tenants.equality.models import EqualityResponse
from linkhub.tenants.feedback.models import Feedback
from linkhub.tenants.issues import services as issues
from tests.helpers import bearer, sign_in

FORM = {
    "what_happened": "The ward was noisy at night.",
    "theme": "other",
    "service_text": "Ward 4",
}


def test_equality_answers_are_stored_apart_and_only_with_consent(client, world):
    # Answers without consent: a field error, nothing written (neither feedback nor answers).
    page = client.post("/networks/alpha/feedback/new", data={**FORM, "eq_age_band": "75_84"})
    assert page.status_code == 200 and "tick the box to agree" in page.get_data(as_text=True)
    with network_scope(world.a.id):
        before = db.session.scalar(select(db.func.count()).select_from(EqualityResponse))
        feedback_before = db.session.scalar(select(db.func.count()).select_from(Feedback))
    response = client.post(
        "/networks/alpha/feedback/new",
        data={**FORM, "eq_age_band": "75_84", "eq_main_language": "other", "equality_consent": "y"},
    )
    assert response.status_code == 302
    with network_scope(world.a.id):
        stored = db.session.scalars(select(EqualityResponse).order_by(EqualityResponse.id.desc())).first()
        assert stored.answers == {"age_band": "75_84", "main_language": "other"}
        assert stored.given_month == clock.today().replace(day=1)
        assert db.session.scalar(select(db.func.count()).select_from(EqualityResponse)) == before + 1
        feedback = db.session.scalars(select(Feedback).order_by(Feedback.id.desc())).first()
        assert feedback.equality == {}  # nothing on the feedback row
        assert db.session.scalar(select(db.func.count()).select_from(Feedback)) == feedback_before + 1
    # Nothing in the response can link it to the feedback or the person.
    columns = {c.key for c in inspect(EqualityResponse).columns}
    assert columns == {"id", "network_id", "given_month", "source", "answers", "consented_at"}
    with pytest.raises(Exception):
        with network_scope(world.a.id):
            services.record_response({"age_band": "not-an-answer"}, consent=True)


def _responses(network_id, counts: dict[str, int]):
    with network_scope(network_id):
        for answer, n in counts.items():
            for _ in range(n):
                services.record_response({"ethnicity": answer}, consent=True)
        db.session.commit()


def test_reach_names_the_most_under_heard_and_never_reveals_a_small_count(client, world):
    # The world already holds one age answer; ethnicity: 40 white, 8 asian, 2 black, 1 mixed.
    _responses(world.a.id, {"white": 40, "asian": 8, "black": 2, "mixed": 1})
    with network_scope(world.a.id):
        services.set_population(
            "ethnicity",
            {"white": 70.0, "asian": 15.0, "black": 10.0, "mixed": 3.0, "other": 2.0},
            "Census 2021, ONS, TS021",
        )
        db.session.commit()
        tables = {t.question: t for t in queries.reach(clock.today().year)}
        eth = tables["ethnicity"]
        rows = {r.answer: r for r in eth.rows}
        # Oracle: the disclosure method by hand. 51 answered -> 50; 40 -> 40; 8 -> 10; 2 and 1 suppressed
        # (two small cells, so no secondary suppression is needed); 0 is shown.
        assert eth.total.value == 50
        assert (rows["white"].figure.value, rows["asian"].figure.value, rows["other"].figure.value) == (40, 10, 0)
        assert rows["black"].figure.value is None and rows["black"].figure.text == "fewer than 5"
        # Shares from published figures only: 40/50 = 80%, 10/50 = 20%; black and mixed at most 4/50 = 8%.
        assert (rows["white"].share, rows["asian"].share, rows["black"].share_at_most) == (80.0, 20.0, 8.0)
        assert (rows["white"].gap, rows["asian"].gap, rows["black"].gap, rows["mixed"].gap, rows["other"].gap) == (
            -10.0,
            -5.0,
            2.0,
            -5.0,
            2.0,
        )
        named = [(t.question, r.answer) for t, r in queries.under_heard(list(tables.values()))]
        assert named == [("ethnicity", "black"), ("ethnicity", "other")]
    sign_in(client, "member-a@example.org")
    page = client.get("/networks/alpha/reach/").get_data(as_text=True)
    assert "Heard least" in page and "Black, Black British" in page and "fewer than 5" in page
    assert ">2<" not in page and ">1<" not in page  # the exact small counts are never shown
    api = client.get("/api/v1/networks/alpha/reach/", headers=bearer(world.tokens["admin_a"])).get_json()
    eth_api = next(t for t in api["tables"] if t["question"] == "ethnicity")
    assert {r["answer"]: r["figure"]["value"] for r in eth_api["rows"]}["black"] is None


def test_no_difference_of_published_reach_figures_reveals_a_suppressed_one(world):
    """The attack: every sum and difference of the published figures of a table, against every
    suppressed true count."""
    _responses(world.a.id, {"white": 23, "asian": 3, "black": 7, "mixed": 1, "other": 12})
    with network_scope(world.a.id):
        table = queries.table("ethnicity", queries.counts(*queries.period(clock.today().year))["ethnicity"], {})
    true = {"white": 23, "asian": 3, "black": 7, "mixed": 1, "other": 12}
    published = [r.figure.value for r in table.rows if r.figure.value is not None] + [table.total.value]
    hidden = [true[r.answer] for r in table.rows if r.figure.value is None]
    assert hidden  # something was suppressed
    derived = {sum(c) for n in range(1, len(published) + 1) for c in itertools.combinations(published, n)}
    derived |= {a - b for a in derived for b in derived}
    assert not (set(hidden) & derived), (hidden, published)


def test_population_profile_form_and_bad_input(client, world):
    sign_in(client, "staff-a@example.org")
    url = "/networks/alpha/reach/population?question=carer"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"yes": "80", "no": "40", "source": "x"})
    assert bad.status_code == 200 and "must not exceed 100%" in bad.get_data(as_text=True)
    no_source = client.post(url, data={"yes": "10"})
    assert "Say where the figures come from" in no_source.get_data(as_text=True)
    assert client.post(url, data={"yes": "10", "no": "90", "source": "Census 2021"}).status_code == 302
    assert client.get("/networks/alpha/reach/population?question=nope").status_code == 404
    member = client.application.test_client()
    sign_in(member, "member-a@example.org")
    assert member.get(url).status_code == 403


def test_issue_classification_and_its_balance_on_the_dashboard(client, world):
    with network_scope(world.a.id):
        issue = issues.create_issue(title="Ambulance waits", theme="access")
        db.session.commit()
        issue_id = issue.id
    headers = bearer(world.tokens["admin_a"])
    body = client.patch(
        f"/api/v1/networks/alpha/issues/{issue_id}",
        json={"scope": "specialist", "care_sector": "health"},
        headers=headers,
    )
    assert body.status_code == 200 and body.get_json()["scope"] == "specialist"
    assert (
        client.patch(
            f"/api/v1/networks/alpha/issues/{issue_id}", json={"scope": "galactic"}, headers=headers
        ).status_code
        == 422
    )
    sign_in(client, "staff-a@example.org")
    assert (
        client.post(
            f"/networks/alpha/issues/{issue_id}/classify", data={"scope": "local", "care_sector": "both"}
        ).status_code
        == 302
    )
    page = client.get("/networks/alpha/").get_data(as_text=True)
    assert "Balance of issues" in page and "Open issues by reach" in page and "Who we hear from" in page


def test_childrens_social_care_is_marked_and_its_feedback_flagged(client, world):
    with network_scope(world.a.id):
        provider = directory.add_provider(name="Alpha Children's Services", kind="council")
        service = directory.add_service(
            provider_id=provider.id, name="Children's social work", service_type="childrens_social_care"
        )
        db.session.commit()
        service_id, provider_id = service.id, provider.id
    assert client.post("/networks/alpha/feedback/new", data={**FORM, "service_id": service_id}).status_code == 302
    sign_in(client, "staff-a@example.org")
    assert "Outside remit" in client.get(f"/networks/alpha/directory/providers/{provider_id}").get_data(as_text=True)
    assert "Outside remit: children" in client.get("/networks/alpha/feedback/").get_data(as_text=True)
    items = client.get("/api/v1/networks/alpha/feedback", headers=bearer(world.tokens["admin_a"])).get_json()["items"]
    assert any(i["outside_remit"] for i in items) and not all(i["outside_remit"] for i in items)
