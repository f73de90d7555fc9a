"""Where a search reindex finds enter-and-view reports: the published reports of the visits
this domain carries out (report type ``enter_and_view``), as the same document their
``report.published`` event carries."""
from __future__ import annotations

from linkhub.search.sources import register_source
from linkhub.tenants.reports.search_sources import count_published, published_documents


@register_source("enter_and_view", count=lambda: count_published("enter_and_view"))
def enter_and_view_reports():
    yield from published_documents("enter_and_view")
