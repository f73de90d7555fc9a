"""Issue references on requests for information and OSC referrals: the numbers of issues in this
network, checked when written (another network's number, or none at all, is refused) and shown
as links to the issues."""

from __future__ import annotations

import re

from sqlalchemy import select

from linkhub.platform.db import MAX_ID, db
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue


def _numbers(text: str | None) -> list[str]:
    return [n for n in re.split(r"[\s,;]+", (text or "").replace("#", " ").strip()) if n]


def check(text: str | None, field: str, *, many: bool = True) -> str:
    """The references normalised ("7, 12"), each the number of an issue in this network."""
    numbers = list(dict.fromkeys(_numbers(text)))
    if not numbers:
        return ""
    if not many and len(numbers) > 1:
        raise ServiceError("Enter the number of one issue, for example 12", field=field)
    wrong = [n for n in numbers if not n.isdigit() or not 0 < int(n) <= MAX_ID]
    if wrong:
        raise ServiceError(f"Enter issue numbers only, for example 12 (not {wrong[0]})", field=field)
    found = set(db.session.scalars(select(Issue.id).where(Issue.id.in_([int(n) for n in numbers]))))
    missing = [n for n in numbers if int(n) not in found]  # another network's issue is not found either
    if missing:
        which = f"issue {missing[0]}" if len(missing) == 1 else "issues " + ", ".join(missing)
        raise ServiceError(f"This network has no {which}: check the number on the issue's page", field=field)
    return ", ".join(numbers)


def linked(text: str | None) -> list[tuple[str, Issue | None]]:
    """Each reference with its issue (None for an old free-text reference that names none)."""
    numbers = _numbers(text)
    ids = [int(n) for n in numbers if n.isdigit() and 0 < int(n) <= MAX_ID]
    issues = {i.id: i for i in db.session.scalars(select(Issue).where(Issue.id.in_(ids)))} if ids else {}
    return [(n, issues.get(int(n)) if n.isdigit() else None) for n in numbers]
