"""Query parameters of the search pages, the API and the open data, read by one set of rules.

The same URL means the same search everywhere (``/reports?q=..`` shares with
``/api/v1/search/reports?q=..`` and ``/reports.csv?q=..``):

  q              words, "a phrase", -exclude, word*, a OR b (500 characters at most)
  network, region, provider, service_type, pathway, power, response_status, report_type,
  stage, theme, year     filters; repeat a parameter for OR, different parameters AND
  from, to       published from / to: 2009, 2009-03-27 or 27/3/2009 (a year means its
                 first or last day)
  sort           relevance (default with words) or date (newest first; default without)
  page, per_page page number from 1; 1 to 100 results a page (default 20)

`read` returns the search and, for each bad parameter, a message. Pages ignore a bad
parameter and show the message; the API refuses the request with 422 and the messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network

from .documents import SearchQuery
from .vocabulary import POWERS, REPORT_TYPES, RESPONSE_STATUSES, region_name

MAX_Q = 500
MAX_VALUE = 200
MAX_PAGE = 100_000
PER_PAGE, MAX_PER_PAGE = 20, 100

# query parameter -> facet (field of SearchDocument)
REPORT_FILTERS = {
    "network": "network",
    "region": "region",
    "provider": "providers",
    "service_type": "service_types",
    "pathway": "pathway",
    "power": "powers",
    "response_status": "response_status",
    "report_type": "report_type",
    "year": "year",
}
ISSUE_FILTERS = {
    "network": "network",
    "region": "region",
    "provider": "providers",
    "service_type": "service_types",
    "pathway": "pathway",
    "stage": "stage",
    "theme": "theme",
    "year": "year",
}
SCOPES = {"report": REPORT_FILTERS, "shared_issue": ISSUE_FILTERS}
NAMES = {
    "network": "network",
    "region": "region",
    "provider": "provider",
    "service_type": "service type",
    "pathway": "pathway",
    "power": "power used",
    "response_status": "response status",
    "report_type": "report type",
    "stage": "stage",
    "theme": "theme",
    "year": "year",
}
CLOSED = {"power": POWERS, "response_status": RESPONSE_STATUSES, "report_type": REPORT_TYPES}


@dataclass
class Search:
    kind: str
    text: str = ""
    selected: dict[str, list[str]] = field(default_factory=dict)  # parameter -> values
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "date"
    sort_asked: str = ""  # what the URL asked for ("" = the default for the words given)
    page: int = 1
    per_page: int = PER_PAGE
    errors: dict[str, list[str]] = field(default_factory=dict)  # parameter -> messages

    def query(self, facets=(), working_group_ids=None, **changes) -> SearchQuery:
        """The backend query, with the one visibility rule (visibility.py) applied."""
        from .visibility import hidden_networks

        filters = {SCOPES[self.kind][p]: v for p, v in self.selected.items()}
        values = dict(
            text=self.text,
            kind=self.kind,
            filters=filters,
            date_from=self.date_from,
            date_to=self.date_to,
            sort=self.sort,
            page=self.page,
            per_page=self.per_page,
            facets=tuple(facets),
            working_group_ids=working_group_ids,
            hidden_networks=hidden_networks(),
        )
        values.update(changes)
        return SearchQuery(**values)

    def messages(self) -> list[str]:
        return [m for ms in self.errors.values() for m in ms]


def _values(args, name: str) -> list[str]:
    raw = args.getlist(name) if hasattr(args, "getlist") else args.get(name, [])
    raw = raw if isinstance(raw, (list, tuple)) else [raw]
    seen: list[str] = []
    for value in raw:
        value = str(value).strip() if value is not None else ""
        if value and value not in seen:
            seen.append(value)
    return seen


def _one(args, name: str) -> str:
    values = _values(args, name)
    return values[0] if values else ""


def parse_date(text: str, end: bool) -> date | None:
    """2009 / 2009-03-27 / 27/3/2009 -> a date (a year is its first or last day); None if bad."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _network_slugs(values: list[str]) -> set[str]:
    return set(db.session.scalars(select(Network.slug).where(Network.slug.in_(values))))


def _check_filter(param: str, values: list[str]) -> tuple[list[str], list[str]]:
    """(accepted values, messages for the rest)."""
    name, bad, good = NAMES[param], [], []
    known_networks = _network_slugs(values) if param == "network" else set()
    for value in values:
        if len(value) > MAX_VALUE:
            bad.append(f"A {name} must be {MAX_VALUE} characters or fewer")
            continue
        if param == "region":
            value = region_name(value) or value
            ok = region_name(value) is not None
        elif param == "year":
            ok = bool(re.fullmatch(r"(19|20)\d\d", value))
        elif param == "network":
            ok = value in known_networks
        else:
            ok = param not in CLOSED or value in CLOSED[param]
        if ok:
            good.append(value)
        else:
            bad.append(f"There is no {name} called ‘{value[:60]}’")
    return good, bad


def read(args, kind: str) -> Search:
    """Read the parameters of a search of ``kind`` ("report" or "shared_issue")."""
    s = Search(kind=kind)
    text = " ".join(_one(args, "q").split())
    if len(text) > MAX_Q:
        s.errors["q"] = [f"Search words must be {MAX_Q} characters or fewer: the first {MAX_Q} were used"]
        text = text[:MAX_Q]
    s.text = text
    for param in SCOPES[kind]:
        good, bad = _check_filter(param, _values(args, param))
        if good:
            s.selected[param] = good
        if bad:
            s.errors[param] = bad
    for param, end in (("from", False), ("to", True)):
        raw = _one(args, param)
        if raw:
            parsed = parse_date(raw, end)
            if parsed is None:
                s.errors[param] = [f"Enter the ‘published {param}’ date like 2009, 2009-03-27 or 27/3/2009"]
            setattr(s, "date_from" if param == "from" else "date_to", parsed)
    if s.date_from and s.date_to and s.date_from > s.date_to:
        s.errors["to"] = ["The ‘published to’ date must be the same as or after the ‘published from’ date"]
        s.date_to = None
    sort = _one(args, "sort")
    if sort and sort not in ("relevance", "date"):
        s.errors["sort"] = ["Sort by relevance or by date"]
        sort = ""
    s.sort_asked = sort
    s.sort = sort or ("relevance" if text else "date")
    s.page = _number(args, "page", 1, 1, MAX_PAGE, s.errors)
    s.per_page = _number(args, "per_page", PER_PAGE, 1, MAX_PER_PAGE, s.errors)
    return s


def _number(args, name: str, default: int, low: int, high: int, errors: dict) -> int:
    raw = _one(args, name)
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors[name] = [f"‘{name.replace('_', ' ')}’ must be a whole number from {low} to {high}"]
        return default
    return int(raw)


def link_args(search: Search, **changes) -> dict:
    """The query string of ``search`` as url_for arguments (lists repeat the parameter)."""
    args: dict = {
        "q": search.text or None,
        **{p: list(v) for p, v in search.selected.items()},
        "from": search.date_from.isoformat() if search.date_from else None,
        "to": search.date_to.isoformat() if search.date_to else None,
        "sort": search.sort_asked or None,
        "per_page": search.per_page if search.per_page != PER_PAGE else None,
    }
    args.update(changes)
    return {k: v for k, v in args.items() if v not in (None, "", [])}
