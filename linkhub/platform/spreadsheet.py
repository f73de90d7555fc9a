"""CSV cells that a spreadsheet would run as a formula get a leading apostrophe (one rule for
every CSV the service writes: rankings, pathway views, open data)."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value
