"""Privacy notice, cookies page and accessibility statement: complete, and true to the service."""

from __future__ import annotations

import re

from tests.helpers import PASSWORD


def _cookie_names(response) -> set[str]:
    return {header.split("=", 1)[0] for header in response.headers.getlist("Set-Cookie")}


def test_the_cookies_page_names_every_cookie_the_service_sets(client, world):
    seen = set()
    seen |= _cookie_names(client.get("/sign-in"))
    seen |= _cookie_names(client.post("/sign-in", data={"email": "staff-a@example.org", "password": PASSWORD}))
    seen |= _cookie_names(client.get("/networks/alpha/"))
    seen |= _cookie_names(
        client.post(
            "/networks/alpha/feedback/new",
            data={"service_id": "0", "service_text": "GP", "what_happened": "Kind staff.", "theme": "dignity"},
        )
    )
    assert seen  # signing in sets the session cookie
    page = client.get("/cookies").data.decode()
    for name in seen:
        assert f"<code>{name}</code>" in page
    assert len(re.findall(r"<tr class=\"govuk-table__row\">\s*<td", page)) == len(seen)  # no more, no fewer
    assert "/cookies" in client.get("/").data.decode()  # linked from every page's footer


def test_the_privacy_notice_covers_basis_rights_retention_and_the_ico(client):
    page = client.get("/privacy").data.decode()
    for needed in (
        "controller",
        "processor",
        "Article 6(1)(e)",
        "Article 9(2)(g)",
        "Schedule 1",
        "How long we keep it",
        "get a copy",
        "erased",
        "object",
        "withdraw your consent",
        "ico.org.uk",
        "0303 123 1113",
    ):
        assert needed in page, needed


def test_the_accessibility_statement_has_status_known_issues_results_and_dates(client):
    import json
    from pathlib import Path

    page = client.get("/accessibility").data.decode()
    for needed in (
        "Compliance status",
        "partially compliant",
        "Known issues",
        "How we tested",
        "Preparation of this statement",
        "Enforcement procedure",
    ):
        assert needed in page, needed
    assert re.search(r"prepared on \d{1,2} [A-Z][a-z]+ 20\d\d", page)
    # The results quoted are those of the axe-core the tests run: upgrading axe means testing again.
    axe = json.loads((Path(__file__).resolve().parents[2] / "node_modules/axe-core/package.json").read_text())
    assert f"axe-core {axe['version']} checked" in page
