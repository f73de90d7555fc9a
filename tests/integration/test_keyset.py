"""API lists page by keyset: following the cursors gives every row once, in the list's order
(checked against a sort in Python), whatever the ties, directions and page size; a deep page
costs the statements of the first; a cursor that does not fit is a 422, never a 500."""

from __future__ import annotations

import base64
import itertools
import json
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkhub.platform import services
from linkhub.platform.db import db
from linkhub.platform.models import User
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.feedback.models import Feedback
from linkhub.tenants.workprogramme.models import WorkItem
from tests.helpers import bearer
from tests.statements import statements_of

_networks = itertools.count(1)
DAYS = [date(2026, 1, 1) + timedelta(days=d) for d in range(4)]  # few values: many ties
MOMENTS = [datetime(2026, 3, 1, 9, tzinfo=timezone.utc) + timedelta(minutes=m) for m in range(3)]
SETTINGS = dict(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fresh_network():
    """A network of its own for one example, with an admin token."""
    n = next(_networks)
    network = services.create_network(
        slug=f"keyset-{n}", name=f"Keyset {n}", local_authority="x", region="London", host_organisation="y"
    )
    admin = db.session.get(User, 1) or services.create_user(email="k@example.org", name="K", password="x" * 12)
    services.add_membership(admin, network, "network_admin")
    _, secret = services.create_token(admin, name="t", role="network_admin", network=network)
    db.session.commit()
    return network, bearer(secret)


def _walk(client, url: str, headers: dict, per_page: int) -> tuple[list[dict], list[int]]:
    items, counts, cursor = [], [], None
    while True:
        page = f"{url}?per_page={per_page}" + (f"&cursor={cursor}" if cursor else "")
        seen, response = statements_of(client, "GET", page, headers=headers)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        items += body["items"]
        counts.append(len(seen))
        cursor = body["next_cursor"]
        if cursor is None:
            return items, counts
        assert len(body["items"]) == per_page


@settings(**SETTINGS)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["not_started", "in_progress", "done"]), st.sampled_from(DAYS)), max_size=14
    ),
    per_page=st.integers(1, 5),
)
def test_work_items_by_expression_and_date_every_row_once_in_order(app, client, db_kind, rows, per_page):
    network, headers = _fresh_network()
    with network_scope(network.id):
        for k, (status, target) in enumerate(rows):
            db.session.add(WorkItem(title=f"w{k}", owner="o", outcome="x", target_on=target, status=status))
        db.session.commit()
        oracle = sorted(db.session.query(WorkItem).all(), key=lambda w: (w.status == "done", w.target_on, w.id))
        expected = [w.id for w in oracle]
    items, counts = _walk(client, f"/api/v1/networks/{network.slug}/work-programme/items", headers, per_page)
    assert [i["id"] for i in items] == expected


@settings(**SETTINGS)
@given(moments=st.lists(st.sampled_from(MOMENTS), max_size=14), per_page=st.integers(1, 5))
def test_feedback_newest_first_every_row_once_in_order(app, client, db_kind, moments, per_page):
    network, headers = _fresh_network()
    with network_scope(network.id):
        for k, moment in enumerate(moments):
            db.session.add(Feedback(channel="phone", what_happened=f"f{k}", theme="access", received_at=moment))
        db.session.commit()
        expected = [
            f.id
            for f in sorted(
                db.session.query(Feedback).all(), key=lambda f: (-f.received_at.replace(tzinfo=None).timestamp(), -f.id)
            )
        ]
    items, counts = _walk(client, f"/api/v1/networks/{network.slug}/feedback", headers, per_page)
    assert [i["id"] for i in items] == expected
    if len(counts) > 2:  # the first page also counts the rows; every later page costs the same
        assert len(set(counts[1:])) == 1, counts


def test_a_deep_page_sends_what_the_second_page_sends(client, world, db_kind):
    with network_scope(world.a.id):
        for k in range(60):
            db.session.add(
                Feedback(
                    channel="phone",
                    what_happened=f"d{k}",
                    theme="access",  # as the world's
                    service_id=world.records["alpha"]["service_id"],
                )
            )
        db.session.commit()
    headers = bearer(world.tokens["admin_a"])
    items, counts = _walk(client, "/api/v1/networks/alpha/feedback", headers, 5)
    assert len(items) >= 60 and len(counts) >= 12
    assert len(set(counts[1:])) == 1, counts
    if db_kind == "postgresql":  # (SQLite's compiler writes "OFFSET ?" with every LIMIT, as 0)
        assert not any(
            "OFFSET" in s.upper()
            for s in statements_of(client, "GET", "/api/v1/networks/alpha/feedback?per_page=5", headers=headers)[0]
        )


def test_the_first_page_counts_no_further_than_the_cap(client, world, db_kind, monkeypatch):
    from linkhub.platform import api

    monkeypatch.setattr(api, "TOTAL_CAP", 3)
    with network_scope(world.a.id):
        for k in range(6):
            db.session.add(Feedback(channel="phone", what_happened=f"c{k}", theme="access"))
        db.session.commit()
    body = client.get("/api/v1/networks/alpha/feedback?per_page=2", headers=bearer(world.tokens["admin_a"])).get_json()
    assert body["total"] is None and body["total_at_least"] == 4
    small = client.get(
        "/api/v1/networks/alpha/feedback?theme=dignity", headers=bearer(world.tokens["admin_a"])
    ).get_json()
    assert small["total"] == small["total_at_least"] == 0 and small["next_cursor"] is None


def _b64(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cursor=st.one_of(
        st.text(max_size=40),
        st.builds(
            _b64,
            st.lists(
                st.one_of(
                    st.none(),
                    st.integers(),
                    st.text(max_size=5),
                    st.booleans(),
                    st.floats(allow_nan=False),
                    st.dictionaries(st.text(max_size=2), st.text(max_size=30)),
                ),
                max_size=4,
            ),
        ),
        st.just(_b64([{"t": "2026-13-45T00:00:00"}, 1])),
        st.just(_b64([{"t": "2026-01-01T00:00:00+00:00"}, 2**40])),
    )
)
def test_a_cursor_that_does_not_fit_is_422_never_500(app, client, world, db_kind, cursor):
    response = client.get(
        "/api/v1/networks/alpha/feedback", query_string={"cursor": cursor}, headers=bearer(world.tokens["admin_a"])
    )
    assert response.status_code in (200, 422), response.get_json()
    if response.status_code == 422:
        assert "cursor" in response.get_json()["error"]["fields"]


def _hrefs(html: str, rel: str) -> str | None:
    import html as htmllib
    import re

    found = re.search(
        rf'govuk-pagination__{rel}">\s*<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="{rel}"', html
    )
    return htmllib.unescape(found.group(1)) if found else None


def test_the_feedback_page_walks_forwards_and_back_by_keyset(client, world, db_kind, monkeypatch):
    import re

    from linkhub.platform import api
    from tests.helpers import sign_in

    monkeypatch.setattr(api, "TOTAL_CAP", 30)
    with network_scope(world.a.id):
        for k in range(57):
            db.session.add(Feedback(channel="phone", what_happened=f"h{k}", theme="access", received_at=MOMENTS[k % 3]))
        db.session.commit()
        expected = [
            f.id
            for f in sorted(
                db.session.query(Feedback).all(), key=lambda f: (-f.received_at.replace(tzinfo=None).timestamp(), -f.id)
            )
        ]
    sign_in(client, "staff-a@example.org")
    pages, url = [], "/networks/alpha/feedback/"
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append([int(i) for i in re.findall(r'/networks/alpha/feedback/(\d+)"', html)])
        url = _hrefs(html, "next")
    assert [i for page in pages for i in page] == expected and len(pages) == 3
    assert "More than 30 pieces of feedback" in html or "About " in html
    back = []
    while True:  # from the last page back to the first by the "previous" links
        url = _hrefs(html, "prev")
        if not url:
            break
        html = client.get(url).get_data(as_text=True)
        back.append([int(i) for i in re.findall(r'/networks/alpha/feedback/(\d+)"', html)])
    assert back == pages[-2::-1]
    assert client.get("/networks/alpha/feedback/?after=garbage").status_code == 200  # the first page
