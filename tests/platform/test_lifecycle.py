"""One request lifecycle for every page and API endpoint, in this order: network -> role (401/403)
-> load with parent-owns-child (404) -> body (422) -> service -> commit.

Walks every write endpoint the app has (API and pages) rather than a list, so a new endpoint is
checked by existing: anonymous with an invalid body is 401 (API) or a sign-in redirect (pages),
never 422; signed in with another network's id and an invalid body is 404, never 422.
"""

from __future__ import annotations

import re


from tests.helpers import bearer

WRITE = {"POST", "PUT", "PATCH", "DELETE"}
# Endpoints that anyone may call: signing in, and the public feedback form and its API.
OPEN = {"accounts_api.issue_token", "shell.sign_in", "shell.sign_out"}
INVALID_BODIES = [
    {"json": {"title": 12345, "organisation_id": "not a number", "\u0000": [None]}},
    {"data": "\u0000 not json", "content_type": "application/json"},
    {"data": {"title": "", "csrf_token": "x"}},
]


def _is_public(app, endpoint: str) -> bool:
    view = app.view_functions[endpoint]
    return endpoint in OPEN or getattr(view, "linkhub_public", False)


def _url(rule, network_slug: str, object_id: int = 1) -> str:
    values = {}
    for arg in rule.arguments:
        if arg == "network_slug":
            values[arg] = network_slug
        elif rule._converters[arg].__class__.__name__ in ("BoundedInt", "IntegerConverter"):
            values[arg] = object_id
        else:
            values[arg] = "x"
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{arg}>", str(value), path)
    return path


def _write_rules(app, prefix: str):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = (rule.methods or set()) & WRITE
        if methods and rule.rule.startswith(prefix) and not _is_public(app, rule.endpoint):
            for method in sorted(methods):
                yield rule, method


def test_every_api_write_checks_the_caller_before_the_body(app, client, world):
    checked, wrong = 0, []
    for rule, method in _write_rules(app, "/api/"):
        url = _url(rule, world.a.slug)
        for body in INVALID_BODIES[:2]:
            response = client.open(url, method=method, **body)
            checked += 1
            if response.status_code != 401:
                wrong.append((method, rule.rule, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    assert checked > 60  # every write endpoint, walked from the URL map


def test_every_page_write_checks_the_caller_before_the_form(app, client, world):
    checked, wrong = 0, []
    for rule, method in _write_rules(app, "/"):
        if rule.rule.startswith("/api/") or rule.rule.startswith("/static"):
            continue
        response = client.open(_url(rule, world.a.slug), method=method, **INVALID_BODIES[2])
        checked += 1
        if response.status_code != 302 or "/sign-in" not in response.headers["Location"]:
            wrong.append((method, rule.rule, response.status_code, response.headers.get("Location")))
    assert not wrong, "\n".join(map(str, wrong))
    assert checked > 60


def test_another_networks_id_is_404_before_the_body_is_read(app, client, world):
    """Signed in as network A's admin, a write to an object id that exists only in network B
    (or nowhere) is 404 whatever the body: a 422 would confirm the id exists elsewhere."""
    token = world.tokens["admin_a"]
    missing_id = 2_000_000_000  # in range for the database, in no network
    checked, wrong = 0, []
    for rule, method in _write_rules(app, "/api/v1/networks/"):
        if not any(a != "network_slug" for a in rule.arguments):
            continue
        url = _url(rule, world.a.slug, missing_id)
        response = client.open(url, method=method, headers=bearer(token), **INVALID_BODIES[0])
        checked += 1
        if response.status_code not in (403, 404):
            wrong.append((method, rule.rule, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    assert checked > 30
