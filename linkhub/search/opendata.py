"""Open data: published reports as CSV, JSON and Atom, for any search (same parameters as
/reports), streamed so the whole platform's reports never sit in memory.

Column and key names are a published contract (linkhub/search/README.md): add, never rename.
Exports walk the results newest first by publication date, whatever ``sort`` says, through
date windows rather than deep page offsets, so the cost per row stays flat.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Iterator
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from linkhub.platform.spreadsheet import safe_cell

from . import service
from .documents import SearchHit, render_snippet
from .params import Search
from .query_text import parse

COLUMNS = (
    "public_ref",
    "title",
    "summary",
    "published_on",
    "network",
    "network_name",
    "region",
    "report_type",
    "providers",
    "service_types",
    "pathway",
    "powers",
    "response_status",
    "ods_codes",
    "cqc_location_ids",
    "url",
    "snippet",
)
LIST_COLUMNS = ("providers", "service_types", "powers", "ods_codes", "cqc_location_ids")
BATCH = 100
FEED_ENTRIES = 50
_TAGS = re.compile(r"</?mark>")


def all_hits(search: Search) -> Iterator[SearchHit]:
    """Every matching report, newest first. Each round takes the next BATCH by date, keeps
    those newer than the last day seen, then reads that whole day (a day holds few reports)."""
    backend, cursor = service.backend(), search.date_to
    while True:
        first = backend.search(search.query(sort="date", page=1, per_page=BATCH, date_to=cursor, want_total=False))
        if not first.hits:
            return
        day = first.hits[-1].published_on
        yield from (h for h in first.hits if h.published_on > day)
        page = 1
        while True:
            same_day = backend.search(
                search.query(sort="date", page=page, per_page=BATCH, date_from=day, date_to=day, want_total=False)
            )
            yield from same_day.hits
            if len(same_day.hits) < BATCH:
                break
            page += 1
        if len(first.hits) < BATCH or day == date.min:
            return
        cursor = day - timedelta(days=1)
        if search.date_from and cursor < search.date_from:
            return


def _plain(snippet: str) -> str:
    return html.unescape(_TAGS.sub("", snippet or ""))


def row(hit: SearchHit, base_url: str, matched: bool = False) -> dict:
    """One report's columns. `summary` is always the report's own summary (its first 300
    characters), whatever the query; `snippet` is the passage that matched the words (empty
    without words)."""
    f = hit.fields
    return {
        "public_ref": hit.doc_id.split(":", 1)[1],
        "title": hit.title,
        "summary": _plain(render_snippet(hit.summary)),
        "snippet": _plain(hit.snippet) if matched else "",
        "published_on": hit.published_on.isoformat(),
        "network": f.get("network") or "",
        "network_name": f.get("network_name") or "",
        "region": f.get("region") or "",
        "report_type": f.get("report_type") or "",
        "providers": list(f.get("providers") or []),
        "service_types": list(f.get("service_types") or []),
        "pathway": f.get("pathway") or "",
        "powers": list(f.get("powers") or []),
        "response_status": f.get("response_status") or "",
        "ods_codes": list(f.get("ods_codes") or []),
        "cqc_location_ids": list(f.get("cqc_location_ids") or []),
        "url": absolute(hit.url, base_url),
    }


def absolute(url: str, base_url: str) -> str:
    return url if re.match(r"https?://", url or "") else base_url.rstrip("/") + "/" + (url or "").lstrip("/")


def csv_lines(search: Search, base_url: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield flush()
    matched = parse(search.text).has_positive
    for hit in all_hits(search):
        data = row(hit, base_url, matched)
        writer.writerow([safe_cell("; ".join(data[c]) if c in LIST_COLUMNS else str(data[c])) for c in COLUMNS])
        yield flush()


def json_chunks(search: Search, base_url: str, query_args: dict) -> Iterator[str]:
    generated = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    yield (
        '{"generated_at": '
        + json.dumps(generated)
        + ', "query": '
        + json.dumps(query_args)
        + ', "columns": '
        + json.dumps(list(COLUMNS))
        + ', "reports": ['
    )
    count, matched = 0, parse(search.text).has_positive
    for hit in all_hits(search):
        yield ("," if count else "") + "\n" + json.dumps(row(hit, base_url, matched), ensure_ascii=False)
        count += 1
    yield f'\n], "count": {count}}}\n'


def atom(search: Search, base_url: str, self_url: str, html_url: str) -> str:
    result = service.backend().search(search.query(sort="date", page=1, per_page=FEED_ENTRIES))
    rows = [row(h, base_url, parse(search.text).has_positive) for h in result.hits]
    updated = max((r["published_on"] for r in rows), default="2008-01-01") + "T00:00:00Z"
    title = "LINkHub published reports" + (f": {search.text}" if search.text else "")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{xml_escape(title)}</title>",
        f"<id>{xml_escape(self_url)}</id>",
        f"<updated>{updated}</updated>",
        "<author><name>LINkHub</name></author>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(html_url)}/>',
    ]
    for r in rows:
        out += [
            "<entry>",
            f"<title>{xml_escape(r['title'])}</title>",
            f"<id>{xml_escape(r['url'])}</id>",
            f"<updated>{r['published_on']}T00:00:00Z</updated>",
            f"<published>{r['published_on']}T00:00:00Z</published>",
            f'<link rel="alternate" type="text/html" href={quoteattr(r["url"])}/>',
            f"<author><name>{xml_escape(r['network_name'] or r['network'] or 'LINkHub')}</name></author>",
            f"<summary>{xml_escape(r['summary'])}</summary>",
        ]
        out += [f"<category term={quoteattr(term)}/>" for term in [r["report_type"]] + r["powers"] if term]
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"
