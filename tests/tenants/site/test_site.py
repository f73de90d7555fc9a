"""Each LINk's public site: what the public sees (and does not), staff editing with a preview,
Markdown made inert whatever is typed, the API, and the national "Find your LINk"."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkhub.platform.db import db
from linkhub.platform.markdown import render
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.site import findlink, services
from tests.helpers import sign_in

SITE = "/networks/alpha/site"


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_the_public_sees_the_site_at_the_network_address(client, world, db_kind):
    page = client.get("/networks/alpha/").get_data(as_text=True)
    assert "About Alpha LINk." in page
    assert "Alpha LINk news" in page and "Alpha LINk public meeting" in page
    assert "hello@alpha.example" in page  # the other formats section names the real contact
    assert "Beta LINk news" not in page
    for path in ("/", "/news", "/events", "/work-programme", "/reports", "/you-said-we-did", "/contact"):
        response = client.get(SITE + path)
        assert response.status_code == 200, path
        assert "Other formats" in response.get_data(as_text=True)
    # Members still get their dashboard at the network address, with a link to the public site.
    sign_in(client, "member-a@example.org")
    page = client.get("/networks/alpha/").get_data(as_text=True)
    assert "Your role" in page and f"{SITE}/" in page


def test_drafts_are_not_public_and_publishing_shows_them(client, world):
    with network_scope(world.a.id):
        post = services.add_news(title="Secret draft", body="Not yet")
        db.session.commit()
        post_id = post.id
    assert client.get(f"{SITE}/news/{post_id}").status_code == 404
    assert "Secret draft" not in client.get(f"{SITE}/news").get_data(as_text=True)
    assert client.get(f"/api/v1/networks/alpha/site/news/{post_id}").status_code == 404
    staff = client.application.test_client()
    sign_in(staff, "staff-a@example.org")
    assert staff.post(f"{SITE}/manage/news/{post_id}/publish").status_code == 302
    assert "Secret draft" in client.get(f"{SITE}/news").get_data(as_text=True)


def test_staff_edit_the_profile_with_a_preview(client, world):
    sign_in(client, "staff-a@example.org")
    data = {"about": "We are **Alpha**.\n\n<img src=x onerror=alert(1)>", "contact_phone": "0114 000 0000"}
    page = client.post(f"{SITE}/manage/profile", data={**data, "preview": "y"}).get_data(as_text=True)
    preview = page.split('lh-preview">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Alpha</strong>" in preview and "<img" not in preview
    assert client.post(f"{SITE}/manage/profile", data={**data, "submit": "y"}).status_code == 302
    page = client.get(f"{SITE}/contact").get_data(as_text=True)
    assert 'href="tel:01140000000"' in page
    # Bad input: a field error, nothing written.
    page = client.post(f"{SITE}/manage/profile", data={"contact_email": "not-an-email", "submit": "y"})
    assert page.status_code == 200 and "Enter an email address in the correct format" in page.get_data(as_text=True)
    # Members who are not staff cannot edit.
    member = client.application.test_client()
    sign_in(member, "member-a@example.org")
    assert member.get(f"{SITE}/manage").status_code == 403


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[c](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil>",
    '<div style="background:url(javascript:alert(1))">',
    '![x](x" onerror="alert(1))',
    "<details open ontoggle=alert(1)>",
]
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


class Inspector(HTMLParser):
    """The oracle: parse the output as a browser would and list anything that could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc", "formaction"):
                self.problems.append(f"attribute {name}")
            if name == "href" and not re.match(r"^(https?:|mailto:|tel:|[^:]*$)", (value or "").strip(), re.I):
                self.problems.append(f"href {value}")

    handle_startendtag = handle_starttag


def inert(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@given(st.lists(st.sampled_from(HOSTILE) | st.text(max_size=40), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_markdown_is_rendered_inert_whatever_is_typed(parts):
    html = str(render("\n".join(parts)))
    assert inert(html) == [], html


def test_the_oracle_sees_what_could_run():
    assert inert('<p onclick="x">') == ["attribute onclick"]
    assert inert('<a href="javascript:alert(1)">') == ["href javascript:alert(1)"]
    assert inert("<script>") == ["tag script"]


def test_news_api_and_events_api(client, world, admin):
    api = "/api/v1/networks/alpha/site"
    created = client.post(f"{api}/news", json={"title": "T", "body": "<script>x</script> **b**"}, headers=admin)
    assert created.status_code == 201
    news_id = created.get_json()["id"]
    published = client.post(f"{api}/news/{news_id}/publish", headers=admin).get_json()
    assert published["status"] == "published" and "<script>" not in published["body_html"]
    assert client.post(f"{api}/news/{news_id}/publish", headers=admin).status_code == 409
    titles = [p["title"] for p in client.get(f"{api}/news").get_json()["items"]]
    assert "T" in titles and "Beta LINk news" not in titles
    assert (
        client.post(f"{api}/events", json={"title": "M", "starts_at": "2030-01-01T18:00:00"}, headers=admin).status_code
        == 422
    )
    ok = client.post(f"{api}/events", json={"title": "M", "starts_at": "2030-01-01T18:00:00+00:00"}, headers=admin)
    assert ok.status_code == 201
    assert client.put(f"{api}/profile", json={"contact_email": "bad"}, headers=admin).status_code == 422
    assert client.get(f"{api}/profile").get_json()["contact_email"] == "hello@alpha.example"


@pytest.mark.parametrize(
    "typed, district",
    [("S10 2TN", "S10"), ("s102tn", "S10"), ("LS6", "LS6"), ("m30 0ab", "M30"), ("SW1A 1AA", "SW1A"), ("hello", None)],
)
def test_outward_codes(typed, district):
    assert findlink.outward_code(typed) == district


def test_find_your_link(client, world):
    from linkhub.platform import services as platform

    platform.create_network(
        slug="sheffield",
        name="Sheffield LINk",
        local_authority="Sheffield City Council",
        region="Yorkshire and the Humber",
        host_organisation="Voluntary Action Sheffield",
    )
    platform.create_network(
        slug="salford",
        name="Salford LINk",
        local_authority="Salford City Council",
        region="North West",
        host_organisation="Salford CVS",
    )
    db.session.commit()
    for typed, expected in [
        ("S10 2TN", ["Sheffield LINk"]),
        ("Eccles", ["Salford LINk"]),
        ("M30", ["Salford LINk"]),
        ("sheffield city council", ["Sheffield LINk"]),
        ("Alpha", ["Alpha LINk"]),
        ("LS6 1AA", []),  # Leeds has no LINk in this world
        ("M3", []),  # a district that straddles two authorities is not in the table
    ]:
        found, _ = findlink.search(typed)
        assert [f.network.name for f in found] == expected, typed
    page = client.get("/find-your-link?q=S10+2TN").get_data(as_text=True)
    assert "Sheffield LINk" in page and "S10 is a postcode district of Sheffield" in page
    assert "Enter a postcode" in client.get("/find-your-link?q=").get_data(as_text=True)
    body = client.get("/api/v1/find-your-link/?q=Eccles").get_json()
    assert body["authority"] == "Salford" and [n["slug"] for n in body["networks"]] == ["salford"]
    assert client.get("/api/v1/find-your-link/").status_code == 422


def test_the_shipped_table_is_well_formed():
    table = findlink.districts()
    assert len(table) >= 150
    for district, (authority, town) in table.items():
        assert findlink.outward_code(district) == district and authority and town
