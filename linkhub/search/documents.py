"""What the search layer stores and answers, independent of any backend.

A `SearchDocument` is a flat, already-public (or already-anonymised) record: the indexing
code in reports/federation builds it; backends never look at tenant tables.

Facet keys are the document's field names (``providers``, ``service_types``, ...), so a
filter ``{"providers": ["North Trust"], "year": [2009, 2010]}`` needs no translation table.
Filters are AND across facets and OR within one facet.

Highlights: backends mark matches with the private sentinels `MARK_START`/`MARK_END`;
`render_snippet` HTML-escapes the document text and only then turns the sentinels into
``<mark>`` tags, so indexed text can never inject markup into a results page.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

KINDS = ("report", "shared_issue")
REPORT_TYPES = ("network_report", "enter_and_view", "joint_report", "annual_report")
SORTS = ("relevance", "date")

# Facets that hold one value per document vs. a list of values.
SCALAR_FACETS = ("kind", "network", "region", "report_type", "pathway", "stage", "theme", "response_status", "year")
LIST_FACETS = ("providers", "service_types", "powers")
FACETS = SCALAR_FACETS + LIST_FACETS
DEFAULT_FACETS = (
    "network",
    "region",
    "pathway",
    "service_types",
    "providers",
    "theme",
    "powers",
    "response_status",
    "year",
)

MAX_PER_PAGE = 100
FACET_SIZE = 50  # values returned per facet group, most frequent first

MARK_START, MARK_END = "\x02", "\x03"


@dataclass
class SearchDocument:
    doc_id: str
    kind: str
    title: str
    url: str
    published_on: date
    summary: str = ""
    body: str = ""
    network: str | None = None
    network_name: str | None = None
    region: str | None = None
    report_type: str | None = None
    providers: list[str] = field(default_factory=list)
    service_types: list[str] = field(default_factory=list)
    pathway: str | None = None
    stage: str | None = None
    theme: str | None = None
    powers: list[str] = field(default_factory=list)
    response_status: str | None = None
    working_group_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # feedback_count, people_count
    # Identifiers of the services a report is about, so open data joins with NHS and CQC data.
    ods_codes: list[str] = field(default_factory=list)
    cqc_location_ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if not self.doc_id:
            raise ValueError("doc_id is required")

    @property
    def year(self) -> int:
        return self.published_on.year

    def facet_values(self) -> dict[str, list[str]]:
        """Every facet as a list of strings (scalars become one-element lists)."""
        out: dict[str, list[str]] = {}
        for name in SCALAR_FACETS:
            value = getattr(self, name)
            out[name] = [] if value in (None, "") else [str(value)]
        for name in LIST_FACETS:
            out[name] = sorted({str(v) for v in getattr(self, name) if v not in (None, "")})
        return out

    def facet_keys(self) -> list[str]:
        """``facet:value`` tokens: one indexed array answers every facet filter and count."""
        return [f"{name}:{v}" for name, values in self.facet_values().items() for v in values]

    def fields(self) -> dict[str, Any]:
        """Display fields returned with a hit (everything except the long texts)."""
        data = asdict(self)
        for name in ("doc_id", "kind", "title", "url", "published_on", "summary", "body"):
            data.pop(name)
        return data

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published_on"] = self.published_on.isoformat()
        data["year"] = self.year
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SearchDocument":
        data = dict(data)
        data.pop("year", None)
        if isinstance(data.get("published_on"), str):
            data["published_on"] = date.fromisoformat(data["published_on"])
        return cls(**data)


@dataclass
class SearchQuery:
    text: str = ""
    kind: str | None = None
    filters: dict[str, list[Any]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: tuple[str, ...] = ()
    working_group_ids: list[int] | None = None  # None = may see every shared issue
    # Suspended networks: their own reports (not joint reports, not shared issues) are left out
    # (linkhub/search/visibility.py decides; every backend applies it the same way).
    hidden_networks: tuple[str, ...] = ()
    # False: the caller reads the hits only (open data's walk by date); with no facets either, a
    # backend may then skip counting every match and return total -1.
    want_total: bool = True

    def __post_init__(self) -> None:
        # Bad text is the user's and is sanitised later; bad structure is a caller's bug.
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}")
        unknown = (set(self.filters) | set(self.facets)) - set(FACETS)
        if unknown:
            raise ValueError(f"unknown facets {sorted(unknown)}")
        self.text = self.text or ""
        self.page = max(1, int(self.page))
        self.per_page = min(MAX_PER_PAGE, max(1, int(self.per_page)))
        self.facets = tuple(self.facets)
        self.hidden_networks = tuple(sorted(set(self.hidden_networks)))
        self.filters = {k: [str(v) for v in vs] for k, vs in self.filters.items() if vs}

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def cache_key(self) -> tuple:
        return (
            self.text,
            self.kind,
            tuple(sorted((k, tuple(sorted(v))) for k, v in self.filters.items())),
            self.date_from,
            self.date_to,
            self.sort,
            self.page,
            self.per_page,
            self.facets,
            None if self.working_group_ids is None else tuple(sorted(self.working_group_ids)),
            self.hidden_networks,
            self.want_total,
        )


@dataclass
class SearchHit:
    doc_id: str
    kind: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> highlights
    published_on: date
    score: float | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    summary: str = ""  # the document's own summary, whatever the query (open data's column)


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    total_is_estimate: bool = False
    facets_are_estimates: bool = False
    page: int = 1
    per_page: int = 20


def render_snippet(raw: str | None, limit: int = 300) -> str:
    """Escape text and turn backend sentinels into <mark> tags (never trust indexed text)."""
    raw = raw or ""
    if MARK_START not in raw and len(raw) > limit:
        raw = raw[:limit].rsplit(" ", 1)[0] + " …"
    escaped = html.escape(raw, quote=False)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def sort_facet_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Most frequent first, then by value, capped at FACET_SIZE."""
    ranked = sorted(((v, c) for v, c in counts.items() if c > 0), key=lambda vc: (-vc[1], vc[0]))
    return ranked[:FACET_SIZE]
