"""The contract every search backend keeps (tests/search/test_contract.py checks it)."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import Callable, Iterable

from ..documents import SearchDocument, SearchQuery, SearchResult

Progress = Callable[[int], None]  # called with the number of documents written so far


class SearchBackend(ABC):
    """Writes are idempotent: indexing a doc twice leaves one doc; deleting a missing doc is fine.

    Visibility: reports are public; a shared issue is visible when the query's
    ``working_group_ids`` is None (national bodies, operators) or overlaps the issue's.
    """

    name: str = "abstract"

    @abstractmethod
    def install(self) -> None:
        """Create tables / indexes / templates. Safe to call again."""

    @abstractmethod
    def index(self, doc: SearchDocument) -> None: ...

    @abstractmethod
    def delete(self, doc_id: str) -> None: ...

    @abstractmethod
    def bulk(self, docs: Iterable[SearchDocument]) -> int:
        """Index many documents; returns how many were written."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    def facets(self, query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        """Facet counts only (no hits wanted)."""
        from dataclasses import replace

        return self.search(replace(query, per_page=1)).facets

    @abstractmethod
    def suggest(self, prefix: str, kind: str | None = None, limit: int = 10) -> list[str]:
        """Titles starting with (or containing a word starting with) the prefix."""

    @abstractmethod
    def health(self) -> dict:
        """{"status": "ok"|..., "backend": name, "documents": {kind: count}, ...}"""

    @abstractmethod
    def reindex(self, docs: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        """Replace the whole index with `docs`; searches keep working meanwhile."""


class QueryCache:
    """A small thread-safe LRU for popular queries.

    Keys include the index generation, which every write bumps, so an index event
    invalidates all cached answers at once and no entry can outlive the data it came from
    (also across processes, since the generation lives in the database).
    """

    def __init__(self, size: int = 256):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        if self.size <= 0:
            return None
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
