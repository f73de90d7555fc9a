"""Where a search reindex finds enter-and-view reports: the published reports of the visits
this domain carries out (report type ``enter_and_view``), as the payload their
``report.published`` event carries."""

from __future__ import annotations

from linkhub.platform.reindex_sources import register
from linkhub.tenants.reports.search_sources import count_published, published_payloads


@register("enter_and_view", event_type="report.published", count=lambda: count_published("enter_and_view"))
def enter_and_view_reports():
    yield from published_payloads("enter_and_view")
