"""The reports library and shared-issue pages, bad input included."""

from __future__ import annotations

import re

import pytest

from tests.helpers import sign_in
from tests.search.pipeline import issue_payload, publish, report_payload


@pytest.fixture
def library(app, world):
    publish("report.published", report_payload("R1"))
    publish(
        "report.published",
        report_payload(
            "R2",
            network="beta",
            network_name="Beta LINk",
            region="London",
            title="Dignity on wards",
            summary="Dignity <b>matters</b>",
            body="Patients described dignity at mealtimes & night.",
            published_on="2011-03-04",
            report_type="enter_and_view",
            powers=["enter_and_view"],
            providers=["Royal Free"],
            service_types=["hospital"],
            pathway=None,
            response_status="responded",
            url="/networks/beta/reports/R2",
        ),
    )
    publish("report.published", report_payload("R3", title="Unpublished later", published_on="2010-01-01"))
    publish("report.unpublished", {"public_ref": "R3"})
    return world


def titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]*">([^<]*)</a>',
        response.get_data(as_text=True),
    )


def test_empty_query_browses_by_date(client, library):
    response = client.get("/reports")
    assert response.status_code == 200
    assert titles(response) == ["Dignity on wards", "Report R1 on ambulance handover"]
    assert "2 reports" in response.get_data(as_text=True)


def test_words_find_and_highlight_safely(client, library):
    html = client.get("/reports?q=dignity").get_data(as_text=True)
    assert titles(client.get("/reports?q=dignity")) == ["Dignity on wards"]
    assert "<mark>dignity</mark>" in html.lower()
    assert "<b>" not in html and "&amp; night" in html  # indexed text is escaped


def test_filters_facet_counts_and_links(client, library):
    response = client.get("/reports?network=beta&power=enter_and_view")
    html = response.get_data(as_text=True)
    assert titles(response) == ["Dignity on wards"]
    assert "Alpha LINk <span" in client.get("/reports?network=beta").get_data(as_text=True)
    assert 'name="network" type="checkbox" value="beta" checked' in html
    assert "Enter and view visit" in html  # power label
    assert 'href="/networks/beta/reports/R2"' in html
    assert "/reports.csv?network=beta&amp;power=enter_and_view" in html


def test_dates_sort_and_region_slugs(client, library):
    assert titles(client.get("/reports?from=2011")) == ["Dignity on wards"]
    assert titles(client.get("/reports?to=31/12/2010")) == ["Report R1 on ambulance handover"]
    assert titles(client.get("/reports?region=north_west")) == ["Report R1 on ambulance handover"]
    assert titles(client.get("/reports?sort=date&q=handover OR dignity")) == [
        "Dignity on wards",
        "Report R1 on ambulance handover",
    ]


def test_unpublished_never_shows(client, library):
    for url in ("/reports", "/reports?q=unpublished", "/reports.csv", "/reports.json", "/reports.atom"):
        assert "Unpublished later" not in client.get(url).get_data(as_text=True), url


@pytest.mark.parametrize(
    "url, message",
    [
        ("/reports?network=nowhere", "There is no network called ‘nowhere’"),
        ("/reports?power=magic", "There is no power used called ‘magic’"),
        ("/reports?from=yesterday", "published from"),
        ("/reports?from=2012&to=2010", "must be the same as or after"),
        ("/reports?sort=sideways", "Sort by relevance or by date"),
        ("/reports?page=0", "page"),
        ("/reports?q=" + "a" * 600, "500 characters or fewer"),
    ],
)
def test_bad_input_is_ignored_with_a_message(client, library, url, message):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "Some of your search could not be used" in html


@pytest.mark.parametrize("q", ['"unclosed', "a OR", "NEAR(x y)", "*", "-", "((", "title:x^2", "\x00", "' OR 1=1 --"])
def test_query_syntax_never_fails(client, library, q):
    assert client.get("/reports", query_string={"q": q}).status_code == 200


def test_page_beyond_the_end_is_an_empty_page(client, library):
    response = client.get("/reports?page=999")
    assert response.status_code == 200
    assert titles(response) == [] and "There are no more results" in response.get_data(as_text=True)


def test_no_results_help(client, library):
    html = client.get("/reports?q=zebra").get_data(as_text=True)
    assert "There are no matching reports" in html and "removing filters" in html


def test_pagination_links(client, app, world):
    for i in range(25):
        publish("report.published", report_payload(f"P{i:02d}", published_on=f"2009-01-{i + 1:02d}"))
    html = client.get("/reports?network=alpha").get_data(as_text=True)
    assert "govuk-pagination" in html and "/reports?network=alpha&amp;page=2" in html
    assert len(titles(client.get("/reports?network=alpha&page=2"))) == 5


def test_shared_issues_need_sign_in_and_follow_visibility(client, library):
    publish("shared_issue.shared", issue_payload(1, people_count=3, feedback_count=40))
    publish("shared_issue.shared", issue_payload(2, title="Withdrawn one"))
    publish("shared_issue.withdrawn", {"shared_issue_id": 2})
    assert client.get("/shared-issues").status_code == 302  # to sign in
    from linkhub.platform import services
    from linkhub.platform.db import db

    services.create_user(email="lonely@example.org", name="No Network", password="correct-horse-battery")
    db.session.commit()
    sign_in(client, "lonely@example.org")  # in no network, so in no working group
    html = client.get("/shared-issues").get_data(as_text=True)
    assert "not a member of a working group" in html and "Shared issue 1" not in html
    client.post("/sign-out")
    sign_in(client, library.users["reader"].email)
    html = client.get("/shared-issues").get_data(as_text=True)
    assert "Shared issue 1" in html and "Withdrawn one" not in html
    assert "fewer than 5 people" in html and "40 pieces of feedback" in html
    assert "(fewer than 5)" in html  # one issue: every facet count is suppressed
    assert "Report R1" not in html  # reports are not shared issues


def test_reports_page_never_lists_shared_issues(client, library):
    publish("shared_issue.shared", issue_payload(1))
    assert "Shared issue 1" not in client.get("/reports?q=handover").get_data(as_text=True)
