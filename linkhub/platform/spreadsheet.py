"""Text for CSV cells that people open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-`` or ``@`` is run as a formula by Excel, LibreOffice and
Google Sheets, and one starting with a tab or carriage return is too once the spreadsheet strips
the whitespace (OWASP "CSV injection"). Such a cell gets a leading apostrophe so it stays text.
Every CSV the service writes uses this one function.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value
