"""No N+1 anywhere: every list page and API list sends as many SQL statements with many rows as
with few. Routes are found from the URL map (every GET route whose only argument is the network,
or that has none), so a new list joins the check by existing."""

from __future__ import annotations

import pytest

from tests.grow import grow
from tests.helpers import sign_in
from tests.statements import statements_of

SKIP_PREFIXES = ("/static", "/assets", "/sign-out")
# Not lists of a network's rows: exports whose size is the point, the OpenAPI document, or pages
# that redirect (nothing to render).
SKIP = {"/switch-network", "/api/v1/openapi.json"}


def _list_urls(app, slug: str) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIP_PREFIXES) or rule.rule in SKIP:
            continue
        if set(rule.arguments) == {"network_slug"}:
            urls.append(rule.rule.replace("<network_slug>", slug))
        elif not rule.arguments and not rule.rule.startswith("/operator"):
            urls.append(rule.rule)
    return sorted(set(urls))


def _counts(client, urls):
    counts, statuses = {}, {}
    for url in urls:
        seen, response = statements_of(client, "GET", url)
        counts[url], statuses[url] = len(seen), response.status_code
    return counts, statuses


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"], indirect=False)
def test_no_list_sends_more_statements_when_it_shows_more_rows(app, client, world, db_kind):
    sign_in(client, "both@example.org")  # staff in alpha: every member page opens
    urls = _list_urls(app, "alpha")
    assert len(urls) > 30  # the discovery found the lists
    grow("alpha", 2, seed=1)
    few, statuses = _counts(client, urls)
    grow("alpha", 6, seed=2)
    many, statuses_after = _counts(client, urls)
    assert statuses == statuses_after
    opened = [u for u, s in statuses.items() if s == 200]
    assert len(opened) > 25, statuses
    grown = {u: (few[u], many[u]) for u in opened if many[u] > few[u]}  # (caches may make it fewer)
    assert not grown, f"statements grow with rows (few, many): {grown}"
