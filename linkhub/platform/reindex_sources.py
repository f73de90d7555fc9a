"""Where a rebuild of the search index finds the truth, declared by the domains that own it.

The owner of each kind of indexed item (network reports: ``linkhub/tenants/reports``;
enter-and-view reports: ``linkhub/tenants/visits``; joint reports and shared issues:
``linkhub/federation``) knows which items are live; the search layer knows how an event's
payload becomes a document. They meet here, in the platform, which both import (tenants never
import search, search never imports tenants): in its ``search_sources.py`` (found by discovery)
the owner registers a function yielding, for every live item, the payload its event carries::

    from linkhub.platform.reindex_sources import register

    @register("network_report", event_type="report.published", count=count_published)
    def network_reports():
        for report in ...:           # runs in platform scope, in a stable order
            yield publishing.document(report)

``count`` (optional) is a cheap count for ``linkhub search status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class PayloadSource:
    name: str
    kind: str  # what is indexed, e.g. "network_report", "shared_issue"
    event_type: str  # the event whose payload each item yields, e.g. "report.published"
    payloads: Callable[[], Iterable[dict]]
    count: Callable[[], int] | None = None


_sources: dict[str, PayloadSource] = {}


def register(kind: str, *, event_type: str, name: str | None = None, count: Callable[[], int] | None = None):
    def decorate(func):
        key = name or f"{func.__module__}.{func.__qualname__}"
        _sources[key] = PayloadSource(key, kind, event_type, func, count)
        return func

    return decorate


def unregister(name: str) -> None:
    _sources.pop(name, None)


def registered() -> list[PayloadSource]:
    return sorted(_sources.values(), key=lambda s: s.name)
