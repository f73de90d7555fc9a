"""The search API: parameters as the pages, 422 for bad input, pages and Link headers,
authorisation of shared issues, suppression, rate limit, the OpenAPI document."""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD, bearer, sign_in
from tests.search.pipeline import issue_payload, publish, report_payload


@pytest.fixture
def indexed(app, world):
    for i in range(30):
        publish(
            "report.published",
            report_payload(f"R{i:02d}", published_on=f"2009-02-{i % 28 + 1:02d}", network="alpha" if i % 3 else "beta"),
        )
    publish("report.unpublished", {"public_ref": "R00"})
    publish("shared_issue.shared", issue_payload(1, people_count=2))
    publish("shared_issue.shared", issue_payload(2, people_count=7))
    publish("shared_issue.shared", issue_payload(3, title="Withdrawn"))
    publish("shared_issue.withdrawn", {"shared_issue_id": 3})
    return world


def test_reports_search_pages_with_total_facets_and_links(client, indexed):
    response = client.get("/api/v1/search/reports?q=handover&network=alpha&per_page=5&page=2")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (20, 2, 5, 4)
    assert len(body["items"]) == 5 and all(i["network"] == "alpha" for i in body["items"])
    assert {f["value"]: f["count"] for f in body["facets"]["network"]} == {"alpha": 20, "beta": 9}
    assert body["items"][0]["kind"] == "report" and body["items"][0]["url"].startswith("/networks/")
    link = response.headers["Link"]
    assert 'rel="next"' in link and 'rel="prev"' in link and "page=3" in link and "network=alpha" in link


def test_unpublished_and_shared_issues_never_in_report_results(client, indexed):
    body = client.get("/api/v1/search/reports?per_page=100").get_json()
    ids = {i["id"] for i in body["items"]}
    assert "report:R00" not in ids and len(ids) == 29 and all(i.startswith("report:") for i in ids)


@pytest.mark.parametrize(
    "query, field",
    [
        ("power=magic", "power"),
        ("network=nowhere", "network"),
        ("region=Atlantis", "region"),
        ("year=999", "year"),
        ("from=tomorrow", "from"),
        ("sort=best", "sort"),
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("q=" + "x" * 501, "q"),
    ],
)
def test_bad_input_is_422_with_field_messages(client, indexed, query, field):
    response = client.get(f"/api/v1/search/reports?{query}")
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"]


@pytest.mark.parametrize("q", ['"open', "OR", "a AND (", "NEAR/3", "^*:", "x" * 500])
def test_query_syntax_never_fails(client, indexed, q):
    assert client.get("/api/v1/search/reports", query_string={"q": q}).status_code == 200


def test_page_beyond_the_end_is_empty(client, indexed):
    body = client.get("/api/v1/search/reports?page=500").get_json()
    assert body["items"] == [] and body["total"] == 29


def test_shared_issues_need_a_working_group_a_national_reader_or_operator(client, indexed):
    from linkhub.platform import services
    from linkhub.platform.db import db

    assert client.get("/api/v1/search/shared-issues").status_code == 401
    # A member of a network in a working group (tests/worlds/federation.py) may search its groups.
    assert client.get("/api/v1/search/shared-issues", headers=bearer(indexed.tokens["admin_a"])).status_code == 200
    services.create_user(email="lonely@example.org", name="No Network", password=PASSWORD)
    db.session.commit()
    sign_in(client, "lonely@example.org")
    assert client.get("/api/v1/search/shared-issues").status_code == 403
    client.post("/sign-out")
    response = client.get("/api/v1/search/shared-issues", headers=bearer(indexed.tokens["operator"]))
    assert response.status_code == 200
    body = response.get_json()
    assert sorted(i["id"] for i in body["items"]) == ["shared_issue:1", "shared_issue:2"]
    people = {i["id"]: i["people_count"] for i in body["items"]}
    assert people == {"shared_issue:1": None, "shared_issue:2": 5}  # 2 below 5: suppressed; 7 rounded
    assert body["suppression_threshold"] == 5
    assert all(
        f["count"] is None and f["count_text"] == "fewer than 5" for f in body["facets"]["theme"]
    )  # two issues: every count is suppressed


def test_shared_issues_by_session_of_a_national_reader(client, indexed):
    sign_in(client, indexed.users["reader"].email)
    assert client.get("/api/v1/search/shared-issues?q=handover").get_json()["total"] == 2


@pytest.mark.parametrize(
    "app", [{"SEARCH_SUPPRESSION_THRESHOLD": 1}, {"SEARCH_SUPPRESSION_THRESHOLD": 2}], indirect=True
)
def test_threshold_is_never_below_three(client, indexed):
    body = client.get("/api/v1/search/shared-issues", headers=bearer(indexed.tokens["operator"])).get_json()
    assert body["suppression_threshold"] == 3
    assert {i["id"]: i["people_count"] for i in body["items"]} == {"shared_issue:1": None, "shared_issue:2": 5}


@pytest.mark.parametrize("app", [{"RATELIMIT_ENABLED": True, "SEARCH_API_RATE_LIMIT": "3 per minute"}], indirect=True)
def test_public_search_is_rate_limited(client, app):
    codes = [client.get("/api/v1/search/reports").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/search/reports").get_json()["error"]["code"] == "rate_limited"


def test_openapi_documents_the_search_endpoints(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/search/reports", "/api/v1/search/shared-issues"} <= set(spec["paths"])
    parameters = {p["name"] for p in spec["paths"]["/api/v1/search/reports"]["get"]["parameters"]}
    assert {"q", "network", "power", "from", "to", "sort", "page", "per_page"} <= parameters
