"""Money as integer pence, never floats: one parser for forms, the API and CSV imports, and one
way to show an amount.

``parse_money("£1,234.50") == 123450``. Refused, with a message for the field: no digits, anything
but an optional ``£``, digits, thousands commas and one point; more than 2 decimal places;
a minus sign where it is not allowed; more than a billion pounds.
"""

from __future__ import annotations

import re

MAX_PENCE = 100_000_000_000  # a billion pounds: beyond it the input is a mistake
_SHAPE = re.compile(r"^(?P<sign>[-−])?\s*£?\s*(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<frac>\d*))?$")


class MoneyError(ValueError):
    """Input that is not an amount of money; ``str()`` is the message for the field."""


def parse_money(value, *, allow_negative: bool = False, allow_zero: bool = True, label: str = "the amount") -> int:
    """Pence from text such as ``12``, ``12.5``, ``£1,234.56`` or ``-3.00`` (when allowed)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError(f"Enter {label} in pounds and pence as text, like 12.50")
    if isinstance(value, int):  # a whole number of pounds
        value = str(value)
    text = (value or "").strip().replace(" ", "") if isinstance(value, str) else None
    if not text:
        raise MoneyError(f"Enter {label}")
    match = _SHAPE.match(text)
    if match is None or (match["whole"] is None and not match["frac"]):
        raise MoneyError(f"Enter {label} as a number of pounds, like 12.50")
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise MoneyError(f"Enter {label} with no more than 2 decimal places, like 12.50")
    pence = int((match["whole"] or "0").replace(",", "")) * 100 + int(frac.ljust(2, "0") or "0")
    if match["sign"]:
        if not allow_negative:
            raise MoneyError(f"Enter {label} as a positive amount")
        pence = -pence
    if abs(pence) > MAX_PENCE:
        raise MoneyError(f"Enter {label} of less than £1,000,000,000")
    if pence == 0 and not allow_zero:
        raise MoneyError(f"Enter {label} greater than zero")
    return pence


def pounds(pence: int | None) -> str:
    """``123450`` -> ``£1,234.50``; ``-500`` -> ``-£5.00``."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(int(pence)), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def plain(pence: int) -> str:
    """``123450`` -> ``1234.50`` (CSV, API, form fields)."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(int(pence)), 100)
    return f"{sign}{whole}.{part:02d}"
