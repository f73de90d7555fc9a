"""Run a search for a page or the API and shape what it shows: facets with labels and
(for shared issues) suppressed counts, highlighted snippets made safe, page links."""

from __future__ import annotations

import html
import logging
import math
import re
from dataclasses import dataclass

from flask import abort
from markupsafe import Markup, escape
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network

from . import service
from .documents import SearchResult
from .params import SCOPES, Search
from .vocabulary import label

log = logging.getLogger(__name__)
_MARK = re.compile(r"(</?mark>)")


def safe_snippet(snippet: str | None) -> Markup:
    """Only the backend's <mark> tags survive: every other piece is text, escaped again."""
    pieces = _MARK.split(snippet or "")
    return Markup("".join(p if p in ("<mark>", "</mark>") else str(escape(html.unescape(p))) for p in pieces))  # nosec B704 # parts escaped first


@dataclass
class Outcome:
    search: Search
    result: SearchResult
    facets: dict  # parameter -> [{"value", "label", "count", "count_text", "selected"}]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.result.total / self.search.per_page))


def network_names(slugs) -> dict[str, str]:
    slugs = list(slugs)
    if not slugs:
        return {}
    return dict(db.session.execute(select(Network.slug, Network.name).where(Network.slug.in_(slugs))).all())


def run(search: Search, working_group_ids=None, suppress_below: int | None = None) -> Outcome:
    """Search, facets included. A backend failure is a 503, never a stack trace."""
    scope = SCOPES[search.kind]
    try:
        result = service.backend().search(search.query(scope.values(), working_group_ids))
    except Exception:
        log.exception("search backend failed")
        abort(503, "Search is not available at the moment. Try again in a few minutes.")
    return Outcome(search, result, _facets(search, result, suppress_below))


def _facets(search: Search, result: SearchResult, suppress_below: int | None) -> dict:
    scope = SCOPES[search.kind]
    names = network_names(set(v for v, _ in result.facets.get("network", [])) | set(search.selected.get("network", [])))
    out: dict = {}
    for param, facet in scope.items():
        counts = dict(result.facets.get(facet, []))
        chosen = search.selected.get(param, [])
        values = list(counts) + [v for v in chosen if v not in counts]
        if facet == "year":
            values.sort(reverse=True)
        items = []
        for value in values:
            count = counts.get(value, 0)
            if suppress_below is not None:
                shown, text = service.suppressed(count, suppress_below)
            else:
                shown, text = count, f"{count:,}"
            items.append(
                {
                    "value": value,
                    "count": shown,
                    "count_text": text,
                    "selected": value in chosen,
                    "label": names.get(value, value) if facet == "network" else label(facet, value),
                }
            )
        out[param] = items
    return out


def page_numbers(page: int, pages: int) -> list[int | None]:
    """1 … 4 5 6 … 20 (None = ellipsis), as the GOV.UK pagination pattern shows."""
    wanted = {1, pages, page - 1, page, page + 1}
    shown = sorted(n for n in wanted if 1 <= n <= pages)
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out
