"""Joint surveys: one survey in every network of a working group, each network's own link and
exact results, and the group's combined results with the disclosure control on every figure."""

from __future__ import annotations

from itertools import combinations
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from linkhub.federation.models import JointSurveyTally
from linkhub.federation.services import joint_surveys
from linkhub.platform import disclosure
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.surveys.models import Survey
from tests.federation.conftest import drain, make_group
from tests.helpers import bearer, sign_in

API = "/api/v1/networks"
QUESTIONS = [
    {"kind": "radios", "title": "How did you hear about us?", "options": ["Leaflet", "Friend", "Online"]},
    {"kind": "scale", "title": "How was the ambulance response?", "scale_max": 5},
    {"kind": "text", "title": "Anything else?"},
]


@pytest.mark.usefixtures("db_kind")
def test_a_joint_survey_runs_in_each_network_with_combined_results_suppressed(app, client, world):
    drain()
    group_id = make_group(world, members=[world.b], name="Two-network survey group")
    admin_a, admin_b = bearer(world.tokens["admin_a"]), bearer(world.tokens["admin_b"])
    survey = client.post(
        f"{API}/alpha/surveys/", json={"title": "Ambulance survey", "questions": QUESTIONS}, headers=admin_a
    )
    survey = survey.get_json()
    client.post(f"{API}/alpha/surveys/{survey['id']}/open", headers=admin_a)
    joint = client.post(
        f"{API}/alpha/surveys/{survey['id']}/joint", json={"working_group_id": group_id}, headers=admin_a
    )
    assert joint.status_code == 200, joint.get_json()
    ref = joint.get_json()["joint_ref"]
    drain()  # beta receives its copy
    with network_scope(world.b.id):
        copy = db.session.scalar(select(Survey).where(Survey.joint_ref == ref))
        assert copy is not None and copy.status == "open" and copy.token != survey["token"]
        beta = SimpleNamespace(id=copy.id, token=copy.token, fields=[q.field for q in copy.questions])
        db.session.rollback()
    alpha_fields = [q["field"] for q in survey["questions"]]

    def answer(slug, token, fields, choice, scale):
        body = {"answers": {fields[0]: choice, fields[1]: scale, fields[2]: "Private words"}}
        response = client.post(f"{API}/{slug}/surveys/public/{token}/responses", json=body)
        assert response.status_code == 201, response.get_json()

    for _ in range(7):
        answer("alpha", survey["token"], alpha_fields, "Leaflet", 4)
    for _ in range(12):
        answer("beta", beta.token, beta.fields, "Online", 4)
    answer("beta", beta.token, beta.fields, "Friend", 2)
    drain()  # the federation lane counts each response

    with platform_scope():
        tallies = db.session.scalars(select(JointSurveyTally)).all()
        assert sum(t.count for t in tallies if t.question_key == "_responses") == 20
        db.session.rollback()
    # Each network's own results are exact and its own.
    own_b = client.get(f"{API}/beta/surveys/{beta.id}/results", headers=admin_b).get_json()
    assert own_b["responses"] == 13
    assert {a["answer"]: a["count"] for a in own_b["questions"][0]["answers"]} == {
        "Leaflet": 0,
        "Friend": 1,
        "Online": 12,
    }
    # The group's combined results: 0 shown as 0, small counts suppressed, the rest rounded to 5.
    combined = client.get(f"{API}/alpha/surveys/{survey['id']}/joint-results", headers=admin_a)
    assert combined.status_code == 200, combined.get_json()
    body = combined.get_json()
    networks = {row["label"]: row["text"] for row in body["responses"]["rows"]}
    assert networks == {"Alpha LINk": "5", "Beta LINk": "15"} and body["responses"]["total"]["text"] == "20"
    heard = {row["label"]: row["text"] for row in body["questions"][0]["rows"]}
    # Friend (1) is suppressed, and with it the next smallest (Leaflet, 7): no subtraction finds it.
    assert heard == {"Leaflet": "suppressed", "Friend": "fewer than 5", "Online": "10"}
    assert body["questions"][0]["total"]["text"] == "20"
    scale = {row["label"]: row["text"] for row in body["questions"][1]["rows"]}
    assert scale == {"1": "0", "2": "fewer than 5", "3": "0", "4": "suppressed", "5": "0"}
    assert len(body["questions"]) == 2  # text never leaves the network
    assert b"Private words" not in combined.data
    # Beta, a member, sees the same combined figures from its copy.
    from_b = client.get(f"{API}/beta/surveys/{beta.id}/joint-results", headers=admin_b).get_json()
    assert from_b["questions"] == body["questions"]
    # The pages: chart, table and CSV, all with the published figures only.
    sign_in(client, world.users["admin_a"].email)
    page = client.get(f"/networks/alpha/surveys/{survey['id']}/joint-results")
    assert page.status_code == 200 and b"fewer than 5" in page.data and b"<svg" in page.data
    csv = client.get(f"/networks/alpha/surveys/{survey['id']}/joint-results.csv").data.decode()
    assert "How did you hear about us?,Friend,fewer than 5" in csv and ",7" not in csv


@pytest.mark.usefixtures("db_kind")
def test_only_a_member_that_accepted_the_agreement_can_run_a_joint_survey(app, client, world):
    drain()
    not_accepted = make_group(world, members=[world.b], name="Unaccepted group", accepted=False)
    admin_a, admin_b = bearer(world.tokens["admin_a"]), bearer(world.tokens["admin_b"])
    survey = client.post(
        f"{API}/alpha/surveys/", json={"title": "S", "questions": QUESTIONS}, headers=admin_a
    ).get_json()
    refused = client.post(
        f"{API}/alpha/surveys/{survey['id']}/joint", json={"working_group_id": not_accepted}, headers=admin_a
    )
    assert refused.status_code == 409
    beta_group = world.records["beta"]["group_id"]  # alpha is not a member: 404, as another's id
    assert (
        client.post(
            f"{API}/alpha/surveys/{survey['id']}/joint", json={"working_group_id": beta_group}, headers=admin_a
        ).status_code
        == 404
    )
    # A survey that is not joint has no combined results.
    assert client.get(f"{API}/alpha/surveys/{survey['id']}/joint-results", headers=admin_a).status_code == 404
    assert client.get(f"{API}/beta/surveys/{survey['id']}/joint-results", headers=admin_b).status_code == 404


# --- the disclosure property, with made-up tallies -----------------------------------------------


def _published(results) -> list[disclosure.Figure]:
    figures = []
    for table in [results.responses, *results.questions]:
        figures += [f for _, f in table.rows] + ([table.total] if table.total else [])
    return figures


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    threshold=st.integers(3, 11),
    tallies=st.lists(
        st.tuples(st.lists(st.integers(0, 25), min_size=3, max_size=3), st.integers(0, 6)), min_size=1, max_size=4
    ),
)
def test_no_suppressed_figure_is_derivable_by_subtraction(threshold, tallies):
    """Every figure of the combined results is 0 or a multiple of the base; suppressed counts lie
    in 1 .. t-1 < base; so no sum or difference of any two published figures (or of a table's
    total and its other cells) equals a suppressed count, and no table has one suppressed cell alone."""
    joint = SimpleNamespace(
        questions=[{"key": "q1", "kind": "radios", "title": "Q", "options": ["a", "b", "c"], "scale_max": 5}]
    )
    counts, names = {}, {}
    for nid, (options, unanswered) in enumerate(tallies, start=1):
        names[nid] = f"Network {nid}"
        counts[(nid, "_responses", 0)] = sum(options) + unanswered
        counts[(nid, "q1", -1)] = sum(options)
        for value, n in enumerate(options):
            counts[(nid, "q1", value)] = n
    results = joint_surveys.combine(joint, counts, names, threshold)
    base = disclosure.base(threshold)
    figures = _published(results)
    shown = [f.value for f in figures if f.value is not None]
    assert all(v % base == 0 for v in shown)
    assert not any(1 <= v < threshold for v in shown)
    true_hidden = []
    for table, cells in [
        (results.responses, [counts[(n, "_responses", 0)] for n in sorted(names)]),
        (results.questions[0], [sum(counts[(n, "q1", v)] for n in names) for v in range(3)]),
    ]:
        hidden = [cell for (_, figure), cell in zip(table.rows, cells) if figure.value is None]
        assert len([h for h in hidden if h > 0]) != 1 or len([c for c in cells if c > 0]) == 1
        true_hidden += hidden
        if table.total is not None and table.total.value is not None:
            rest = table.total.value - sum(f.value for _, f in table.rows if f.value is not None)
            assert len(hidden) != 1 or rest != hidden[0] or hidden[0] == 0
    for a, b in combinations(shown + [0], 2):
        for derived in (abs(a - b), a + b):
            # the small counts are what suppression protects (a cell hidden only to guard one is
            # not small; its rounded size is no secret)
            assert derived not in {h for h in true_hidden if 0 < h < threshold}
